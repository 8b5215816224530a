"""viz.attention: heatmap, scores vs weights, bipartite, variants, gold alignment (AER) and what-if."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from s2s_core.attention import ATTENTIONS
from s2s_core.tasks import Pair
from tests.conftest import tiny_model
from tests.test_pages import panels
from ui.i18n import labels
from viz import attention as A
from viz.diagram import FONT

NS = {"s": "http://www.w3.org/2000/svg"}


def L(lang="en"):
    return labels(lang, "attention.viz")


@pytest.fixture(scope="module")
def trace():
    return tiny_model().trace("i love you zebra")


def test_matrix_and_no_attention():
    tr = tiny_model().trace("i love you")
    z, rows, cols = A.matrix(tr)
    assert z.shape == (len(rows), 3) and cols == ("i", "love", "you")
    with pytest.raises(ValueError):
        A.matrix(tiny_model(attention="none").trace("i love you"))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_heatmap_values_labels_selection_and_clicks(trace, lang):
    z, rows, cols = A.matrix(trace)
    svg = A.heatmap_figure(z, rows, cols, L(lang), "title", selected=1)
    (panel,) = panels(svg)
    np.testing.assert_allclose(panel["z"], z, atol=5e-4)  # what the tooltip says of each cell
    assert panel["cols"] == ["i", "love", "you", "<unk>"] and panel["rows"] == list(rows)
    assert panel["tip"][:3] == [L(lang)["output"], L(lang)["input"], L(lang)["weight"]]
    root = ET.fromstring(svg)
    assert root.get("aria-label") == "title" and 'data-click="1"' in svg  # a click on a cell picks its step
    image = root.find(".//s:image[@class='cells']", NS)
    (rect,) = root.findall(".//s:rect[@class='selected']", NS)
    assert float(rect.get("y")) - float(image.get("y")) == float(rect.get("height"))  # row 1, from the top
    assert "data-click" not in A.heatmap_figure(z, rows, cols, L(lang), "t", clickable=False)


def test_heatmap_gold_overlay(trace):
    z, rows, cols = A.matrix(trace)
    svg = A.heatmap_figure(z, rows, cols, L(), "t", gold=({(0, 0)}, {(0, 0), (1, 2)}), clickable=False)
    assert svg.count('class="ring square"') == 1 and svg.count('class="ring circle"') == 1  # (0, 0) is sure
    assert L()["gold_sure"] in svg and L()["gold_possible"] in svg  # the legend
    assert 'class="number"' not in svg  # numbers would sit under the rings


def test_scores_and_weights_recompute_softmax(trace):
    fig = A.scores_and_weights_figure(trace, L("ko"), selected=0)
    scores, weights = fig.data[0].z, fig.data[1].z
    e = np.exp(scores - scores.max(1, keepdims=True))
    np.testing.assert_allclose(weights, e / e.sum(1, keepdims=True), rtol=1e-5, atol=1e-6)
    assert fig.data[0].zmin == -fig.data[0].zmax  # signed scores centred on 0
    assert len(fig.layout.shapes) == 2


def test_step_weights_bars(trace):
    svg = A.step_weights_svg(trace, 2, L())
    bars = ET.fromstring(svg).findall(".//s:rect[@class='bar']", NS)
    weights = trace.decoder.attention_weights[2]
    assert [b.find("s:title", NS).text for b in bars] == [
        f"{c}: {w:.2%}" for c, w in zip(A.matrix(trace)[2], weights)
    ]
    assert [b.get("fill") == "url(#s2s-hatch)" for b in bars] == [
        i == weights.argmax() for i in range(len(bars))
    ]
    assert ET.fromstring(svg).get("aria-label").startswith("Step 3")


def test_bipartite_lines_follow_the_weights(trace):
    """One line per weight of at least 2%, wider for a larger weight; a selected step's lines are drawn in
    the decoder's colour, on top, and its token in bold; every token says in its tooltip what it does."""
    z, rows, cols = A.matrix(trace)
    root = ET.fromstring(A.bipartite_svg(trace, L()))
    lines = root.findall("s:line", NS)
    assert len(lines) == int((z >= A.MIN_LINK).sum())
    widths = sorted(float(line.get("stroke-width")) for line in lines)
    assert widths[0] == pytest.approx(1 + 10 * z[z >= A.MIN_LINK].min(), abs=0.06)
    assert widths[-1] == pytest.approx(1 + 10 * z.max(), abs=0.06)
    nodes = root.findall("s:g", NS)
    names = [g.find("s:text", NS).text for g in nodes]
    assert names == [*cols, *rows] and "<unk>" in names  # raw tokens, escaped once by the SVG
    best = z[0].argmax()
    assert (
        nodes[len(cols)].find("s:title", NS).text
        == f"{rows[0]}\nlooks most at: {cols[best]} ({z[0, best]:.0%})"
    )
    assert root.get("aria-label") == L()["bipartite_title"]

    sel = ET.fromstring(A.bipartite_svg(trace, L(), selected=1)).findall("s:line", NS)
    chosen = [line for line in sel if "chosen" in line.get("class")]
    assert len(chosen) == int((z[1] >= A.MIN_LINK).sum()) and sel[-len(chosen) :] == chosen  # drawn last
    assert {line.get("stroke") for line in chosen} == {"#D55E00"}
    faded = [float(line.get("stroke-opacity")) for line in sel if line not in chosen]
    assert max(faded) < 0.3 < min(float(line.get("stroke-opacity")) for line in lines)


def test_variants_one_panel_per_kind():
    traces = {k: tiny_model(attention=k).trace("i love you") for k in A.FORMULAS}
    fig = A.variants_figure(traces, L())
    assert len(fig.data) == 3 and fig.layout.title.text
    assert set(A.FORMULAS) == set(ATTENTIONS) - {"none"}


def test_aer_formula():
    sure, possible = {(0, 0), (1, 2)}, {(0, 0), (1, 2), (2, 1)}
    assert A.aer({(0, 0), (1, 2)}, sure, possible) == 0.0
    assert A.aer({(2, 2), (1, 1)}, sure, possible) == 1.0
    # one sure hit, one possible-only hit: 1 - (1 + 2) / (2 + 2)
    assert A.aer({(0, 0), (2, 1)}, sure, possible) == pytest.approx(0.25)
    assert A.aer(set(), set(), set()) == 0.0


def test_model_links_and_gold_report():
    model = tiny_model()
    pair = Pair("i love you", "나는 너를 사랑해", ((0, 0), (1, 2), (2, 1)), ((0, 0), (1, 2), (2, 1)))
    forced = model.trace(pair.src, reference=pair.tgt)
    report = A.gold_report(forced, pair)
    w = forced.decoder.attention_weights[:3]
    assert report["links"] == {(int(w[t].argmax()), t) for t in range(3)}
    assert report["aer"] == pytest.approx(A.aer(report["links"], pair.sure, pair.possible))
    assert report["n_links"] == 3 and report["n_sure"] == 3


def test_pair_lookup_uses_the_tokenizer():
    pairs = [Pair("i love you", "나는 너를 사랑해"), Pair("he likes her", "그는 그녀를 좋아해")]
    index = A.pair_index(pairs, "en")
    assert A.find_pair(index, "  I LOVE you ", "en") is pairs[0]
    assert A.find_pair(index, "i love her", "en") is None


def test_what_if_helpers():
    assert A.one_hot(3, 1) == (0.0, 1.0, 0.0)
    with pytest.raises(ValueError):
        A.one_hot(3, 3)
    assert A.replace_word(["i", "love", "you"], 2, "her", "en") == "i love her"
    assert A.replace_word(["3", "▁", "M"], 2, "J", "char") == "3 J"
    df = A.compare_table(["나는", "너를"], ["나는", "그녀를", "사랑해"], L())
    assert df[L()["col_changed"]] == ["", "◆", "◆"]


def test_pinned_attention_changes_the_trace():
    model = tiny_model()
    before = model.trace("i love you")
    pin = dict([(0, A.one_hot(3, 2))])
    after = model.trace("i love you", pin=pin)
    np.testing.assert_array_equal(after.decoder.attention_weights[0], [0, 0, 1])
    assert before.decoder.attention_weights[0][2] != 1.0


def test_fixed_context_without_attention_is_the_same_every_step():
    trace = tiny_model(attention="none").trace("i love you")
    fig = A.fixed_context_figure(trace, L("ko"))
    z = np.asarray(fig.data[0].z)
    assert z.shape[0] == len(trace.decoder.output_tokens)
    np.testing.assert_array_equal(z, np.repeat(trace.context.vector[None], z.shape[0], axis=0))
    assert fig.layout.title.text and fig.layout.xaxis.title.text


def test_small_heatmaps_print_their_weights_readably():
    """Every weight in its cell, black or white by the cell (contrast >= 4.5:1, issue 10), at the figure's
    smallest text size (viz/heatmap.py: >= 12 px on the screen)."""
    from plotly.colors import sample_colorscale

    from viz import theme

    tr = tiny_model().trace("i love you")
    z, rows, cols = A.matrix(tr)
    root = ET.fromstring(A.heatmap_figure(z, rows, cols, L(), "t"))
    cells = root.findall(".//s:text[@class='number']", NS)
    assert [c.text for c in cells] == [f"{v:.2f}" for v in z.ravel()] and min(
        float(c.get("font-size")) for c in cells
    ) >= FONT
    ramp = np.linspace(0, 1, 21)
    colours = theme.text_colours(ramp)
    for value, text, cell in zip(ramp, colours, sample_colorscale(theme.colorscale(theme.SEQUENTIAL), ramp)):
        assert theme.contrast(text, cell) >= 4.5, (value, text, cell)
    assert colours[0] == "#ffffff" and colours[-1] == "#000000"  # white on dark purple, black on yellow
    big = np.full((20, 10), 0.1)
    assert 'class="number"' not in A.heatmap_figure(big, ["x"] * 20, ["y"] * 10, L(), "t")


def test_y_axis_titles_are_written_horizontally_above_their_axis(trace):
    """Rotated Hangul is hard to read (issue 10): every y title becomes an annotation above its axis."""
    from plotly.subplots import make_subplots

    from viz.common import horizontal_y_titles

    fig = A.scores_and_weights_figure(trace, L("ko"))
    title = fig.layout.yaxis.title.text
    horizontal_y_titles(fig)
    assert not fig.layout.yaxis.title.text
    (note,) = [a for a in fig.layout.annotations if a.text == title]
    assert (note.xref, note.yref, note.yanchor, note.textangle) == ("paper", "paper", "bottom", None)
    two = make_subplots(rows=1, cols=2)
    two.update_yaxes(title_text="왼쪽", row=1, col=1)
    two.update_yaxes(title_text="오른쪽", row=1, col=2)
    horizontal_y_titles(horizontal_y_titles(two))  # idempotent
    xs = {a.text: a.x for a in two.layout.annotations}
    assert len(two.layout.annotations) == 2 and xs["오른쪽"] == two.layout.xaxis2.domain[0] > xs["왼쪽"]


def test_long_titles_wrap_at_spaces():
    from viz.common import base_layout, wrap_title

    assert wrap_title("short title") == "short title"
    wrapped = wrap_title("Beam search tree (k = 4): squares end in &lt;eos&gt;, faded nodes were dropped")
    assert (
        wrapped.replace("<br>", " ")
        == "Beam search tree (k = 4): squares end in &lt;eos&gt;, faded nodes were dropped"
    )
    assert all(len(line) <= 40 for line in wrapped.replace("&lt;", "<").replace("&gt;", ">").split("<br>"))
    assert wrap_title("a<br>b") == "a<br>b"
    two = base_layout("word " * 12)
    assert two["title"]["text"].count("<br>") == 1 and two["margin"]["t"] == 40 + 28


def test_a_y_title_goes_above_its_subplots_title_not_onto_it():
    """make_subplots puts a subplot's title on its top edge, where the y title went: the lesson's
    bidirectional figure drew one over the other. The y title now stands a line higher."""
    from plotly.subplots import make_subplots

    from viz.common import SUBPLOT_TITLE_PX, horizontal_y_titles

    titled = make_subplots(rows=1, cols=2, subplot_titles=("단방향", "양방향"))
    titled.update_yaxes(title_text="비율", row=1, col=1)
    plain = make_subplots(rows=1, cols=2)
    plain.update_yaxes(title_text="비율", row=1, col=1)
    (up,) = [a for a in horizontal_y_titles(titled).layout.annotations if a.text == "비율"]
    (flat,) = [a for a in horizontal_y_titles(plain).layout.annotations if a.text == "비율"]
    assert up.yshift == flat.yshift + SUBPLOT_TITLE_PX
    assert titled.layout.margin.t == plain.layout.margin.t + SUBPLOT_TITLE_PX  # room for the extra line
