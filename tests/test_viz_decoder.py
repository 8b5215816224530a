"""viz.decoder: step-through, top-k, teacher forcing, beam tree and temperature, from Traces."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import tiny_model
from ui.i18n import labels
from viz import decoder as V
from viz import diagram as D

NS = "{http://www.w3.org/2000/svg}"


def L(lang="en"):
    return labels(lang, "decoder.viz")


@pytest.fixture(scope="module")
def model():
    return tiny_model()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_topk_figure_lists_candidates_and_marks_the_output(model, lang):
    trace = model.trace("i love you")
    fig = V.topk_figure(trace, 0, L(lang))
    bar = fig.data[0]
    assert list(bar.x) == pytest.approx(list(trace.decoder.topk_probs[0]))
    assert fig.layout.yaxis.ticktext[0] == trace.decoder.topk_tokens[0][0].replace("<", "&lt;").replace(
        ">", "&gt;"
    )
    assert bar.marker.pattern.shape[0] == "/"  # greedy output = most probable, hatched
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_topk_figure_adds_a_sampled_token_outside_the_top_k(model):
    for seed in range(200):
        trace = model.trace("i love you", decode="sample", temperature=5.0, seed=seed, topk=2)
        rows = [t for t in range(len(trace.decoder.output_tokens))
                if trace.decoder.output_tokens[t] not in trace.decoder.topk_tokens[t]]  # fmt: skip
        if rows:
            fig = V.topk_figure(trace, rows[0], L())
            assert len(fig.data[0].y) == 3 and fig.data[0].marker.pattern.shape[-1] == "/"
            return
    pytest.fail("no sample outside the top 2 in 200 seeds")


def test_steps_table_input_is_previous_output(model):
    trace = model.trace("he likes her")
    df = V.steps_table(trace, L())
    assert len(df[L()["col_step"]]) == len(trace.decoder.output_tokens)
    assert set(df[L()["col_fed_back"]]) == {"✓"}
    assert df[L()["col_input"]][0] == "<sos>"


def test_unrolled_svg_outlines_the_step_and_fades_the_steps_not_generated_yet(model):
    trace = model.trace("i love you")
    dec = trace.decoder
    T = len(dec.output_tokens)
    root = ET.fromstring(V.unrolled_svg(trace, 1, L("ko")))
    boxes = root.findall(f".//{NS}rect[@class='box']")
    assert len(boxes) == 1 + 3 * T  # the context + (input, cell, output) per step
    bold = [
        b for b in boxes if b.get("stroke-width") == "4"
    ]  # the selected step: its three boxes, one column
    assert len(bold) == 3 and len({b.get("x") for b in bold}) == 1
    texts = [el.text for el in root.iter(f"{NS}text")]
    assert texts[-3:] == [dec.input_tokens[-1], L("ko")["cell"].format(step=T), dec.output_tokens[-1]]
    assert len(root.findall(f".//{NS}polygon")) == 3 * T + (T - 1)  # every arrow has its head
    (later,) = root.findall(f".//{NS}rect[@class='fade']")  # steps 3.. are not generated yet: a pale veil
    assert float(later.get("x")) > float(bold[0].get("x")) + float(bold[0].get("width"))
    tips = [el.find(f"{NS}title").text for el in root.findall(f".//{NS}rect[@class='tip']")]
    assert tips[1] == L("ko")["tip_unrolled"].format(input=dec.input_tokens[1], output=dec.output_tokens[1])
    assert (
        "2" in texts[0] and root.get("aria-label") == texts[0]
    )  # the title names the step, for a reader too
    last = ET.fromstring(V.unrolled_svg(trace, T - 1, L("ko")))
    assert not last.findall(f".//{NS}rect[@class='fade']")  # at the last step nothing is faded


def test_forcing_table_marks_where_inputs_differ(model):
    free = model.trace("i love you")
    same = model.trace("i love you", reference=free.output_text or "나는")
    df = V.forcing_table(same, free, L())
    if free.output_text:
        assert set(df[L()["col_differs"]]) == {""}
    other = model.trace("i love you", reference="우리는 사과를 먹어 . 나는")
    df = V.forcing_table(other, free, L())
    assert df[L()["col_reference"]][:6] == ["우리는", "사과를", "먹어", ".", "나는", "<eos>"]
    assert "◆" in df[L()["col_differs"]]


def test_forcing_figure_probabilities_are_the_reference_tokens(model):
    forced = model.trace("i love you", reference="나는 너를 사랑해")
    fig = V.forcing_figure(forced, L())
    np.testing.assert_allclose(fig.data[0].y, forced.decoder.chosen_probs)
    probs = np.exp(forced.decoder.logits - forced.decoder.logits.max(-1, keepdims=True))
    probs /= probs.sum(-1, keepdims=True)
    ref = forced.decoder.output_ids
    np.testing.assert_allclose(fig.data[0].y, probs[np.arange(len(ref)), ref], rtol=1e-5)


def test_beam_tree_layout_and_figure(model):
    trace = model.trace("i love you", decode="beam", beam=3)
    tree = trace.beam
    y = V.tree_layout(tree)
    assert set(y) == {n.node for n in tree.nodes}
    for n in tree.nodes:
        kids = [k for k in tree.nodes if k.parent == n.node]
        if kids:
            assert min(y[k.node] for k in kids) <= y[n.node] <= max(y[k.node] for k in kids)
    fig = V.beam_tree_figure(tree, L())
    by_name = {tr.name: tr for tr in fig.data}
    assert len(by_name[L()["best"]].x) == len(tree.best)
    assert len(by_name[L()["pruned"]].x) == sum(n.pruned for n in tree.nodes)
    assert "3" in fig.layout.title.text
    # nothing clipped on the right, pruned labels readable (issue 10)
    last = max(n.step for n in tree.nodes)
    assert fig.layout.xaxis.range[1] >= last + 0.5
    from viz import theme

    assert theme.contrast(by_name[L()["pruned"]].textfont.color, "#ffffff") >= 4.5


@settings(max_examples=40)
@given(st.lists(st.floats(-20, 20), min_size=2, max_size=12), st.floats(0.1, 2.0), st.floats(1.01, 3.0))
def test_higher_temperature_never_sharpens(logits, t_low, factor):
    z = np.asarray(logits)
    p_lo, p_hi = V.softmax_t(z, t_low), V.softmax_t(z, t_low * factor)
    assert p_lo.sum() == pytest.approx(1) and p_hi.sum() == pytest.approx(1)
    assert V.entropy_bits(p_hi) >= V.entropy_bits(p_lo) - 1e-9


def test_temperature_figure_one_series_per_temperature(model):
    trace = model.trace("i love you")
    fig = V.temperature_figure(trace.decoder.logits[0], model.tgt_vocab.itos, (0.5, 1.0, 2.0, 1.0), L())
    assert len(fig.data) == 3  # duplicates merged
    assert fig.data[0].y.max() >= fig.data[-1].y.max()  # T = 0.5 is the sharpest
    assert all(tr.name.startswith("T = ") for tr in fig.data)


def test_samples_table_and_logprob(model):
    traces = [model.trace("i love you", decode="sample", seed=s) for s in (0, 1, 2)]
    df = V.samples_table(traces, [0, 1, 2], L("ko"))
    assert df[L("ko")["col_seed"]] == [0, 1, 2]
    for tr, lp in zip(traces, df[L("ko")["col_logprob"]]):
        assert lp == pytest.approx(np.log(tr.decoder.chosen_probs).sum(), abs=1e-3) and lp <= 0


def test_a_box_too_narrow_for_its_text_says_its_short_form_and_the_rest_on_hover():
    """A long output's unrolled view: its cells say their step number, "decoder 12" in full on hover."""
    boxes = [D.Box(t, 0, f"decoder {t + 1}", "#595959", short=str(t + 1)) for t in range(20)]
    root = ET.fromstring(D.svg("t", D.Frame(x=(-0.5, 19.5), y=(-0.5, 0.5), height=120), boxes))
    texts = list(root.iter(f"{NS}text"))[1:]  # (after the title)
    assert [el.text for el in texts] == [str(t + 1) for t in range(20)]
    assert texts[11].find(f"{NS}title").text == "decoder 12"
    wide = ET.fromstring(D.svg("t", D.Frame(x=(-0.5, 1.5), y=(-0.5, 0.5), height=120, step=220), boxes[:2]))
    assert [el.text for el in wide.iter(f"{NS}text")][1:] == ["decoder 1", "decoder 2"]
