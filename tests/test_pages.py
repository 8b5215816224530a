"""AppTest of the Encoder, Decoder and Attention pages: every control, both languages, and bad input.

Runs the real app (app.py, shared sidebar, st.navigation) on the shipped models (or the folder named by
S2S_PRETRAINED_DIR). Each test opens a page through its URL parameters, as a shared link would.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from s2s_core import pretrained
from tests.conftest import ROOT
from ui import i18n, plotly_chart, state

APP = str(ROOT / "app.py")
NEEDED = (
    "en-ko/gru-bi-2l-additive",
    "en-ko/gru-bi-2l-none",
    "ko-en/gru-uni-2l-additive",
    "ko-en/gru-bi-2l-additive",
)
shipped = pretrained.names(folder=state.PRETRAINED_DIR)


def test_the_models_these_pages_use_are_shipped():
    assert set(NEEDED) <= set(shipped)


def texts(elements) -> str:
    return " | ".join(str(e.value) for e in elements)


def ok(widget) -> AppTest:
    """Run after an interaction (a widget's set_value/click) and insist nothing raised."""
    at = widget.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


class Chart:
    """A drawn plotly chart as AppTest holds it: our component's element (ui/plotly_chart.py), read the
    way st.plotly_chart's was (`chart.proto.spec` is the figure's JSON)."""

    def __init__(self, element):
        data = json.loads(element.proto.json)
        self.proto = SimpleNamespace(spec=data["spec"], alt=data["alt"], config=json.loads(data["config"]))
        self.clickable = data["click"]
        self.bar = json.loads(data["bar"]) if data["bar"] else None  # the export buttons drawn under it


def charts(at: AppTest) -> list[Chart]:
    return [Chart(e) for e in at.get("bidi_component") if e.proto.component_name == plotly_chart.NAME]


def titles(at: AppTest) -> list[str]:
    """Every plotly chart's title, one line each."""
    return [json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for c in charts(at)]


def svgs(at: AppTest) -> dict[str, str]:
    """Our own SVG figures on the page (ui.export.show_svg), by key."""
    found = (re.search(r'<svg data-key="([^"]+)"', m.value) for m in at.markdown)
    return {f.group(1): m.value for f, m in zip(found, at.markdown) if f}


def panels(svg: str) -> list[dict]:
    """The heatmap panels of one of our SVGs (viz/heatmap.py), each as its data: z (rows x columns), row
    and column labels, and the tooltip's names [rows, columns, values, panel]."""
    found = []
    for image in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}image"):
        if image.get("class") == "cells":
            z = np.array([float(v) for v in image.get("data-z").split(",")])
            found.append(dict(z=z.reshape(int(image.get("data-nrows")), -1), rows=json.loads(image.get("data-rows")),
                              cols=json.loads(image.get("data-cols")), tip=json.loads(image.get("data-tip"))))  # fmt: skip
    return found


def svg_bars(at: AppTest) -> dict[str, dict]:
    """The export bar of each of our own SVG figures (ui.export.show_svg), by the figure's key."""
    found = [
        json.loads(e.proto.json)
        for e in at.get("bidi_component")
        if e.proto.component_name == "s2s_export_bar"
    ]
    return {d["key"]: d for d in found}


def tables(at: AppTest) -> list[list[str]]:
    """Every table drawn on the page (viz.common.markdown_table), each as its lines: header, then rows."""
    found = [[x for x in m.value.splitlines() if x.startswith("|")] for m in at.markdown]  # (under a heading)
    return [[lines[0], *lines[2:]] for lines in found if lines]


def spec(chart) -> str:
    """A plotly chart's figure as readable JSON text (Hangul not escaped)."""
    return json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)


# ---- Encoder -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang,title", [("en", "Encoder"), ("ko", "인코더 (Encoder)")])
def test_encoder_states_both_languages(lang, title, open_page):
    at = open_page("pages/encoder.py", lang=lang)
    assert at.title[0].value == title
    assert "i · love · you" in texts(at.code)
    views = at.segmented_control(key="etab_view")
    assert list(svgs(at)) == ["enc_states"] and not charts(at) and views.value == "states"
    assert i18n.pure_t(lang, "encoder.viz.states_title", layer=2) in svgs(at)["enc_states"]
    assert views.options[0] == i18n.pure_t(lang, "encoder.tab_states")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_chart_has_its_export_buttons_in_the_pages_language(lang, open_page):
    at = open_page("pages/attention.py", lang=lang)
    bars = [c.bar for c in charts(at)] + list(svg_bars(at).values())  # plotly's and our SVGs' (heatmap, bars)
    assert (
        len(bars) == 3
        and all(bars)
        and set(svg_bars(at)) == set(svgs(at)) == {"att_heatmap", "att_step", "att_bipartite"}
    )
    assert {b["png"] for b in bars} == {i18n.pure_t(lang, "export.png")}
    assert {b["fullscreen"] for b in bars} == {i18n.pure_t(lang, "export.fullscreen")}
    assert len({b["filename"] for b in bars}) == 3  # each figure saves under its own name
    plotly_keys = {
        str(c.key) for c in at.get("bidi_component") if c.proto.component_name == plotly_chart.NAME
    }
    assert not [k for k in plotly_keys if k.endswith("-export")]  # a plotly chart's bar is its own element


def test_a_view_chosen_with_the_control_is_drawn_alone_and_goes_into_the_url(open_page):
    # (in Korean: AppTest sends a choice as its label formatted in the test's process, whose language is Korean)
    at = open_page("pages/encoder.py", lang="ko")
    assert not at.latex and at.query_params.get("etab") in (None, "states", ["states"])
    ok(at.segmented_control(key="etab_view").set_value("context"))
    assert at.latex and "tanh" in at.latex[0].value  # the context view's recipe
    assert list(svgs(at)) == ["enc_context"]  # the states view is not drawn
    assert at.query_params["etab"] in ("context", ["context"])  # a shared link opens the same view


def test_encoder_layer_picker_changes_the_figure(open_page):
    at = open_page("pages/encoder.py")
    picker = at.segmented_control(key="enc_layer_2")
    assert picker.value == 1  # the top layer first
    before = svgs(at)["enc_states"]
    ok(picker.set_value(0))
    assert svgs(at)["enc_states"] != before and "layer 1" in svgs(at)["enc_states"]


def test_encoder_context_tab_shows_the_recipe(open_page):
    at = open_page("pages/encoder.py", etab="context")
    assert at.latex and "tanh" in at.latex[0].value  # bidirectional: the bridge
    uni = open_page("pages/encoder.py", etab="context", bi="0", att="additive")
    assert "h^{(l)}_{S}" in uni.latex[0].value or uni.warning  # the nearest model if uni is not shipped


def test_encoder_context_tab_without_attention_says_so(open_page):
    at = open_page("pages/encoder.py", etab="context", att="none")
    assert "no attention" in texts(at.info)


def test_encoder_trajectories_sentence_picker(open_page):
    at = open_page("pages/encoder.py", etab="trajectories")
    pick = at.multiselect[0]
    assert len(pick.value) >= 2 and len(charts(at)) == 1
    ok(pick.set_value(pick.options[:1]))
    assert len(charts(at)) == 1


def test_encoder_bidirectional_seed_example(open_page):
    at = open_page("pages/encoder.py", etab="bidirectional")
    assert at.text_input(key="enc_bi_text").value == "나는 학교에 갔다"
    assert "exactly 0" in texts(at.success)
    pos = next(w for w in at.selectbox if w.key != "example")  # (the first is the sentence box's examples)
    assert pos.value == 1  # 학교에
    ok(at.radio(key="enc_bi_method").set_value("occlusion"))
    assert "exactly 0" in texts(at.success) and len(charts(at)) == 1
    ok(pos.set_value(2))  # the last word: nothing comes after it
    assert not at.success and at.caption


def test_encoder_bidirectional_bad_and_unknown_input(open_page):
    at = open_page("pages/encoder.py", etab="bidirectional")
    ok(at.text_input(key="enc_bi_text").set_value("   "))
    assert "empty" in texts(at.error)
    ok(at.text_input(key="enc_bi_text").set_value("나는 화성에 갔다"))
    assert not at.error and len(charts(at)) == 1  # 화성에 is unknown: shown as <unk>, still explained


def test_encoder_gates_tab_direction_and_plain_rnn(open_page):
    at = open_page("pages/encoder.py", etab="gates")
    assert at.latex and list(svgs(at)) == ["enc_gates"]
    ok(at.radio(key="enc_gate_dir").set_value("backward"))
    assert "backward" in svgs(at)["enc_gates"]
    rnn = open_page("pages/encoder.py", etab="gates", cell="rnn")
    assert "no gates" in texts(rnn.info)


def test_encoder_unknown_tab_in_url_falls_back(open_page):
    at = open_page("pages/encoder.py", etab="<script>")
    assert list(svgs(at)) == ["enc_states"]


# ---- Decoder -----------------------------------------------------------------------------------------
def test_decoder_prev_next_slider_and_url(open_page):
    at = open_page("pages/decoder.py")
    assert "Step 1" in texts(at.info)
    ok(at.button(key="dec_next").click())
    assert at.session_state["step"] == 1 and at.query_params["step"] in ("1", ["1"])
    assert "Input at step 2 = output of step 1" in texts(at.info)
    ok(at.select_slider(key="step").set_value(2))
    assert "output of step 2" in texts(at.info)
    ok(at.button(key="dec_prev").click())
    assert at.session_state["step"] == 1
    assert len(tables(at)) == 1 and len(charts(at)) == 1  # the steps table, the top-k chart...
    assert "step 2 of" in svgs(at)["dec_unrolled"]  # ...and the unrolled decoder (an SVG) at that step
    assert tables(at)[0][1].startswith("| 1 | \\<sos\\> |")  # step 1 is fed <sos>


@pytest.mark.parametrize("raw,expected", [("2", 2), ("999", 3), ("-4", 0), ("abc", 0)])
def test_decoder_step_from_url_is_clamped(raw, expected, open_page):
    at = open_page("pages/decoder.py", step=raw)  # "I love you" -> 나는 너를 사랑해 <eos>: 4 steps
    assert at.select_slider(key="step").value == expected
    assert at.button(key="dec_next").disabled == (expected == 3)


def test_decoder_teacher_forcing_reference_editing(open_page):
    at = open_page("pages/decoder.py", dtab="forcing")
    reference = lambda: next(w for w in at.text_input if w.key.startswith("dec_ref_"))  # noqa: E731
    ref = reference()
    assert ref.value == "나는 너를 사랑해"  # the task's reference for "I love you"
    assert at.success and len(charts(at)) == 1
    prefilled = "Prefilled with the reference from the task's data."
    assert prefilled in texts(at.caption)
    ok(ref.set_value("나는 그녀를 사랑해"))
    assert "first differ at step 3" in texts(at.warning)
    assert prefilled not in texts(at.caption)  # edited: the notice is gone
    ok(reference().set_value("나는 화성을 사랑해"))
    assert "<unk>" in texts(at.warning) and "화성을" in texts(at.code)
    ok(reference().set_value(" \u200b "))
    assert "empty" in texts(at.error)


def test_decoder_greedy_vs_beam(open_page):
    at = open_page("pages/decoder.py", dtab="search")
    assert len(at.metric) == 2 and "나는 너를 사랑해" in texts(at.code)
    ok(at.slider(key="dec_beam").set_value(5))
    assert "k = 5" in spec(charts(at)[0])
    # one setting, one value: the tab's width is labelled as this comparison's own, apart from the sidebar's
    assert at.slider(key="dec_beam").label == "Beam width k for this comparison"
    assert "sidebar" in at.slider(key="dec_beam").help


def test_decoder_sampling_controls(open_page):
    at = open_page("pages/decoder.py", dtab="sampling")
    assert len(tables(at)[0]) == 1 + 5  # header + five samples
    ok(at.number_input(key="dec_n").set_value(3))
    assert len(tables(at)[0]) == 1 + 3
    ok(at.slider(key="dec_temp").set_value(3.0))
    assert "T = 3" in spec(charts(at)[0])
    assert at.slider(key="dec_temp").label == "Temperature T for this comparison"
    assert "sidebar" in at.slider(key="dec_temp").help


@pytest.mark.parametrize("text,message", [("", "empty"), ("a " * 60, "too long"), ("\u200b\u2060", "empty")])
def test_decoder_bad_sidebar_input(text, message, open_page):
    at = open_page("pages/decoder.py", text=text)
    assert message in texts(at.error) and not charts(at)


def test_decoder_one_long_unknown_word(open_page):
    at = open_page("pages/decoder.py", text="x" * 500)  # cut to 400 characters: one unknown token
    assert "<unk>" in texts(at.code) and len(charts(at)) == 1 and "dec_unrolled" in svgs(at)


# ---- Attention ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_attention_heatmap_and_step_selector(lang, open_page):
    at = open_page("pages/attention.py", lang=lang)
    assert not charts(at) and set(svgs(at)) == {"att_heatmap", "att_step", "att_bipartite"}
    assert 'class="selected" x="73.0" y="74"' in svgs(at)["att_heatmap"]  # step 1's row outlined
    ok(at.selectbox(key="step").set_value(2))
    assert at.query_params["step"] in ("2", ["2"])
    assert "Step 3" in svgs(at)["att_step"] or "3단계" in svgs(at)["att_step"]
    assert 'class="selected" x="73.0" y="142"' in svgs(at)["att_heatmap"]  # two rows (34 units each) down
    bold = re.findall(r'font-weight="bold">([^<]*)<', svgs(at)["att_bipartite"])  # the step's token
    assert len(bold) == 1 and "link chosen" in svgs(at)["att_bipartite"]


def test_attention_scores_and_types(open_page):
    at = open_page("pages/attention.py", atab="scores")
    assert len(charts(at)) == 1
    types = open_page("pages/attention.py", atab="types")
    assert len(types.latex) == 4 and "current model" in texts(types.markdown)


def test_attention_gold_alignment_for_a_sentence_in_the_data(open_page):
    at = open_page("pages/attention.py", atab="gold")
    assert at.metric and 0.0 <= float(at.metric[0].value) <= 1.0 and list(svgs(at)) == ["att_gold"]
    assert 'class="ring square"' in svgs(at)["att_gold"]  # the gold links, over the weights
    other = open_page("pages/attention.py", atab="gold", text="you love i")
    assert "No gold alignment" in texts(other.info)
    ok(other.button(key="att_gold_try").click())
    assert other.session_state["text"] == "I love you" and other.metric


def test_attention_what_if_word_and_pin(open_page):
    at = open_page("pages/attention.py", atab="whatif")

    def box(prefix):
        return next(b for b in at.selectbox if str(b.key).startswith(prefix))

    ok(box("att_wi_pos_").set_value(2))  # "you" ...
    ok(box("att_wi_word_").set_value("her"))  # ... becomes "her": i love her
    assert "changed" in texts(at.warning) and "그녀를" in texts(at.code)
    pin_src = at.selectbox(key="att_pin_src")
    ok(pin_src.set_value(0))
    assert len(tables(at)) == 2 and len(svgs(at)) == 4  # before/after for both what-ifs
    assert "| 2 | 너를 | 그녀를 | ◆ |" in tables(at)[0]  # the changed position is marked


def test_attention_model_without_attention_offers_additive(open_page):
    at = open_page("pages/attention.py", att="none")
    assert "no attention" in texts(at.info) and len(charts(at)) == 1  # the one fixed context vector
    ok(at.button(key="att_use_additive").click())
    assert at.session_state["att"] == "additive" and "att_heatmap" in svgs(at)


@pytest.mark.parametrize("text", ["", "\u200b\u200b"])
def test_attention_bad_sidebar_input(text, open_page):
    at = open_page("pages/attention.py", text=text)
    assert at.error and not charts(at)


@pytest.mark.parametrize(
    "value,expected",
    [(2, 2), ("3 · 사랑해", 2), ("1 · 그는", 0), ("9 · x", 4), ("garbage", 0), (None, 0), (-3, 0)],
)
def test_a_steps_stale_label_reads_as_its_number(value, expected):
    """A new sentence while the browser still shows the old step options: Streamlit hands the old label
    back as the step's value ("1 · 그는", from "he ..."); int() of it raised on every later run. The page
    reads its number, kept inside the steps there are (tests/e2e/test_shell_e2e.py types fast to check)."""
    assert state.step_index(value, last=4) == expected
