"""viz.decoder: step-through, top-k, teacher forcing, beam tree and temperature, from Traces."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import tiny_model
from ui.i18n import labels
from viz import decoder as V
from viz.common import esc


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


def test_unrolled_figure_fades_future_steps(model):
    trace = model.trace("i love you")
    T = len(trace.decoder.output_tokens)
    fig = V.unrolled_figure(trace, 1, L("ko"))
    boxes = [tr for tr in fig.data if tr.fill == "toself"]
    assert (
        sum(list(tr.x).count(None) for tr in boxes) == 1 + 3 * T
    )  # context box + (input, cell, output) per step
    bold = [tr for tr in boxes if tr.line.width == 4]  # the selected step is outlined: its three boxes
    assert len(bold) == 3 and all(min(x for x in tr.x if x is not None) == 1 - 0.42 for tr in bold)
    (text,) = [tr for tr in fig.data if tr.mode == "text"]
    assert list(text.text[-3:]) == [esc(trace.decoder.input_tokens[-1]), L("ko")["cell"].format(step=T),
                                    esc(trace.decoder.output_tokens[-1])]  # fmt: skip
    heads = [tr for tr in fig.data if tr.mode == "lines+markers"]
    assert sum(list(tr.marker.size).count(9) for tr in heads) == 3 * T + (T - 1)  # every arrow has its head
    (later,) = fig.layout.shapes  # steps 3.. are not generated yet: covered by a pale veil
    assert later.x0 == 1.5 and later.layer == "above"
    assert not V.unrolled_figure(trace, T - 1, L("ko")).layout.shapes  # at the last step nothing is faded
    assert "2" in fig.layout.title.text
    go.Figure(fig.to_dict())  # valid plotly


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
