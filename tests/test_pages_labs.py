"""AppTest of the three lab pages of issue 12 (Cells & gradients, Bottleneck lab, Compare): every control,
both languages, the URL that restores them, and bad input. Runs the real app on the shipped models."""

from __future__ import annotations

import json

import pytest

from tests.test_pages import charts, ok, spec, svgs, texts
from ui import i18n


def latex(at) -> list[str]:
    return [e.value for e in at.get("latex")]


def md(at) -> str:
    return texts(at.markdown)


# ---- Cells & gradients -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_cells_gates_tab_both_languages(lang, open_page):
    at = open_page("pages/cells.py", lang=lang)
    assert at.title[0].value == i18n.pure_t(lang, "cells.title")
    views = at.segmented_control(key="ctab_view")
    assert views.value == "gates" and i18n.pure_t(lang, "cells.tab_gates") in views.options
    figs = [spec(c) for c in charts(at)]
    assert list(svgs(at)) == ["cells_heat"] and len(figs) == 1  # the gate heatmaps, the chosen units' lines
    assert i18n.pure_t(lang, "encoder.viz.gate_z") in svgs(at)["cells_heat"]
    assert (
        i18n.pure_t(lang, "cells.viz.series_z") in figs[0]
        and i18n.pure_t(lang, "cells.viz.series_h") in figs[0]
    )


def test_cells_layer_direction_and_units(open_page):
    at = open_page("pages/cells.py")
    at = ok(at.segmented_control(key="cells_gates_layer_2").set_value(1))
    assert "layer 2" in json.loads(charts(at)[0].proto.spec)["layout"]["title"]["text"]
    assert "layer 2" in svgs(at)["cells_heat"]
    at = ok(at.radio(key="cells_gates_dir").set_value("backward"))
    assert "backward" in json.loads(charts(at)[0].proto.spec)["layout"]["title"]["text"]
    at = ok(at.multiselect(key="cells_units_96").set_value([4, 9]))
    names = {tr.get("name") for tr in json.loads(charts(at)[0].proto.spec)["data"]}
    assert names == {"unit 5", "unit 10"}
    at = ok(at.multiselect(key="cells_units_96").set_value([]))
    assert not charts(at) and list(svgs(at)) == ["cells_heat"]  # no unit, no lines: only the heatmaps


def test_cells_plain_rnn_offers_a_gated_cell(open_page):
    at = open_page("pages/cells.py", cell="rnn")
    assert i18n.pure_t("en", "cells.rnn_no_gates") in texts(at.info) and not charts(at) and not svgs(at)
    at = ok(at.button(key="cells_to_lstm").click())
    assert at.radio(key="cell").value == "lstm" and at.query_params["cell"] == "lstm"
    assert len(charts(at)) == 1 and "forget" in svgs(at)["cells_heat"]


@pytest.mark.parametrize("cell,lines", [("gru", 4), ("lstm", 6), ("rnn", 1)])
def test_cells_maths_tab_shows_each_equation_with_numbers(cell, lines, open_page):
    at = open_page("pages/cells.py", ctab="maths", cell=cell)
    eqs = latex(at)
    assert len(eqs) == lines and all("=" in e and any(ch.isdigit() for ch in e) for e in eqs)
    assert i18n.pure_t("en", "cells.matches") in texts(at.success)
    assert 'data-key="cells_diagram"' in md(at)
    before = eqs
    at = ok(at.selectbox(key="cells_step_3").set_value(2))
    assert latex(at) != before
    after_step = latex(at)
    hidden = 96 if cell == "gru" else 64
    at = ok(at.number_input(key=f"cells_unit_{hidden}").set_value(7))
    assert latex(at) != after_step and i18n.pure_t("en", "cells.matches") in texts(at.success)


def test_cells_cost_tab_formula_chart_and_measure_again(open_page):
    at = open_page("pages/cells.py", ctab="cost")
    eqs = latex(at)
    assert len(eqs) == 3 and "37{,}440" in eqs[2]  # GRU, input 32, hidden 96: 3 (96·32 + 96² + 2·96)
    assert len(charts(at)) == 1 and "75%" in md(at)
    at = ok(at.segmented_control(key="cells_batch").set_value(64))
    assert len(charts(at)) == 1
    at = ok(at.button(key="cells_remeasure").click())
    assert at.session_state["cells_cost_run"] == 1 and len(charts(at)) == 1


def test_cells_gradients_trained_and_fresh_with_an_honest_summary(open_page):
    at = open_page("pages/cells.py", ctab="gradients", lang="en")
    fig = json.loads(charts(at)[0].proto.spec)
    panels = {a["text"] for a in fig["layout"]["annotations"]}
    assert {"trained", "freshly initialised"} <= panels
    assert fig["layout"]["yaxis"]["type"] == "log"
    lines = [tr for tr in fig["data"] if tr["type"] == "scatter"]
    assert len(lines) == 6 and all(len(tr["y"]) == 30 for tr in lines)  # 3 cells x 2 panels, length 30
    verdicts = (i18n.pure_t("en", "cells.verdict_note"), i18n.pure_t("en", "cells.verdict_mixed"))
    summary = next(m.value for m in at.markdown if "the first input receives" in m.value)
    assert summary.count("the first input receives") == 2 and sum(summary.count(v) for v in verdicts) == 2
    # freshly initialised, the plain RNN loses the most: the note's claim, measured (length 30, seed 0)
    assert summary.split("\n")[1].endswith(i18n.pure_t("en", "cells.verdict_note"))


def test_cells_gradient_controls_and_url(open_page):
    at = open_page("pages/cells.py", ctab="gradients", glen="12", gdepth="2")
    assert at.slider(key="cells_length").value == 12 and at.radio(key="cells_depth").value == 2
    layers = json.loads(charts(at)[1].proto.spec)
    assert [tr["name"] for tr in layers["data"]] == ["input of layer 1", "input of layer 2"]
    at = ok(at.slider(key="cells_length").set_value(45))
    assert at.query_params["glen"] == "45" and len(json.loads(charts(at)[0].proto.spec)["data"][0]["y"]) == 45
    at = ok(at.segmented_control(key="cells_depth_cell").set_value("lstm"))
    assert "LSTM" in json.loads(charts(at)[1].proto.spec)["layout"]["title"]["text"]
    seeded = charts(at)[0].proto.spec
    at = ok(at.number_input(key="cells_seed").set_value(3))
    assert charts(at)[0].proto.spec != seeded and at.query_params["gseed"] == "3"


@pytest.mark.parametrize("bad", [{"glen": "999"}, {"glen": "x"}, {"gdepth": "9"}])
def test_cells_bad_url_values_fall_back(bad, open_page):
    at = open_page("pages/cells.py", ctab="gradients", **bad)
    assert at.slider(key="cells_length").value == 30 and at.radio(key="cells_depth").value == 1


def test_cells_bad_sentence_keeps_the_page(open_page):
    at = open_page("pages/cells.py", ctab="maths", text="   ")
    assert at.error and not latex(at)


# ---- Bottleneck lab ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_bottleneck_curve_context_and_outputs(lang, open_page):
    at = open_page("pages/bottleneck.py", lang=lang)
    assert at.title[0].value == i18n.pure_t(lang, "bottleneck.title")
    curve, context = (json.loads(c.proto.spec) for c in charts(at))
    assert len(curve["data"]) == 2 and all(len(tr["x"]) == 30 for tr in curve["data"])
    none, att = (dict(zip(tr["x"], tr["y"])) for tr in curve["data"])
    assert att[30] > none[30] + 0.5  # the bottleneck, on the build's held-out test
    assert len(context["data"][0]["z"]) == 2 and len(context["data"][0]["z"][0]) == 128
    assert 'data-key="bn_rows"' in md(at)


def test_bottleneck_run_now_adds_points(open_page):
    at = open_page("pages/bottleneck.py", blen="35")
    assert at.slider(key="bn_run_length").value == 35
    at = ok(at.radio(key="bn_run_n").set_value(20))
    at = ok(at.button(key="bn_run").click())
    curve = json.loads(charts(at)[0].proto.spec)
    runs = [tr for tr in curve["data"] if tr["x"] == [35]]
    assert len(runs) == 2 and "20 new sequences of length 35" in md(at)
    assert curve["layout"]["shapes"]  # beyond the training lengths: shaded
    at = ok(at.slider(key="bn_run_length").set_value(8))
    assert at.query_params["blen"] == "8"


def test_bottleneck_inputs_and_bad_input(open_page):
    at = open_page("pages/bottleneck.py")
    at = ok(at.text_input(key="bn_short").input("1 2"))
    assert json.loads(charts(at)[1].proto.spec)["layout"]["yaxis"]["ticktext"][0] == "2 symbols"
    at = ok(at.text_input(key="bn_input").input("1 2 3 4 5"))
    assert "5 of 5 positions right. (exact)" in md(at) and at.query_params["binput"] == "1 2 3 4 5"
    at = ok(at.text_input(key="bn_input").input("1 2 z 4"))
    assert i18n.pure_t("en", "bottleneck.unknown") in texts(at.warning)
    at = ok(at.text_input(key="bn_long").input(""))
    assert at.error  # an empty input is a message, the page stays


def test_the_sentence_survives_a_visit_to_the_bottleneck_lab(open_page):
    at = open_page("pages/overview.py")
    at = ok(at.text_input(key="text").input("we drink coffee"))
    at.switch_page("pages/bottleneck.py").run()
    at.switch_page("pages/encoder.py").run()
    assert ok(at).text_input(key="text").value == "we drink coffee"


# ---- Compare -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_compare_two_models_with_differences(lang, open_page):
    at = open_page("pages/compare.py", lang=lang)
    assert at.title[0].value == i18n.pure_t(lang, "compare.title")
    assert at.selectbox(key="cmp_b").value == "en-ko/gru-uni-2l-additive"  # A with the direction flipped
    table = next(m.value for m in at.markdown if m.value.startswith("| | A | B |"))
    assert table.count("나는 너를 사랑해") == 2  # both outputs
    assert "▲" in table or "▼" in table  # B - A, marked better or worse
    assert "en-ko/gru-uni-2l-additive" in table.replace("\\", "")  # names escaped as markdown
    figures = svgs(at)
    assert (
        figures["cmp_attention"].count('class="cells"') == 2
        and figures["cmp_states"].count('class="cells"') == 2
    )
    assert i18n.pure_t(lang, "compare.same") in md(at)


def test_compare_with_a_model_without_attention_says_so_in_its_panel(open_page):
    at = open_page("pages/compare.py", b="en-ko/gru-bi-2l-none")
    attention = svgs(at)["cmp_attention"]
    assert attention.count('class="cells"') == 1 and "no attention" in attention


@pytest.mark.parametrize(
    "preset,expected",
    [
        ("direction", "en-ko/gru-uni-2l-additive"),
        ("cell", "en-ko/lstm-bi-2l-additive"),
        ("attention", "en-ko/gru-bi-2l-none"),
    ],
)
def test_compare_presets_change_one_setting(preset, expected, open_page):
    at = open_page("pages/compare.py")
    at = ok(at.button(key=f"cmp_preset_{preset}").click())
    assert at.selectbox(key="cmp_b").value == expected and at.query_params["b"] == expected


def test_compare_misaligned_preset_and_its_note(open_page):
    from ui import state

    at = ok(open_page("pages/compare.py").button(key="cmp_preset_misaligned").click())
    b = at.selectbox(key="cmp_b").value
    m = state.metrics(b)
    assert m["exact_match"] >= 0.95
    if m["aer"] > 0.3:
        assert "aligns badly" in texts(at.info)


def test_compare_another_task_gets_its_own_input(open_page):
    at = open_page("pages/compare.py", b="dates/gru-bi-1l-additive")
    assert at.selectbox(key="cmp_b").value == "dates/gru-bi-1l-additive"
    plain = lambda: md(at).replace("\\", "")  # noqa: E731 (the table escapes markdown characters)
    assert at.text_input(key="cmp_text_b").value and "2021-03-05" in plain()
    at = ok(at.text_input(key="cmp_text_b").input("7 Apr 19"))
    assert "2019-04-07" in plain() and i18n.pure_t("en", "compare.diff_other_task") in texts(at.caption)


def test_compare_differences_are_counted(open_page):
    """A sentence the weak plain-RNN model gets wrong: the positions where B differs are counted and shown."""
    from viz.compare import differences

    at = open_page("pages/compare.py", b="en-ko/rnn-uni-1l-none")
    for text in ("the doctors will help my father tomorrow", "did the singers write a letter yesterday?"):
        at = ok(at.text_input(key="text").input(text))
        if i18n.pure_t("en", "compare.same") not in md(at):
            break
    assert "differ at" in md(at) and 'data-key="cmp_diff"' in md(at)
    assert differences(("a", "b"), ("a", "c", "d")) == 2


@pytest.mark.parametrize("bad", ["nope", "en-ko/gru-bi-9l-additive", "x" * 300])
def test_compare_bad_b_in_url_falls_back(bad, open_page):
    at = open_page("pages/compare.py", b=bad)
    assert at.selectbox(key="cmp_b").value == "en-ko/gru-uni-2l-additive"


def test_compare_bad_sentence(open_page):
    at = open_page("pages/compare.py", text="\u200b\u200b")
    assert at.error and not charts(at)
