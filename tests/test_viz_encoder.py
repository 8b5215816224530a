"""viz.encoder: figures built from a Trace (tiny random models are fine: these check numbers and labels)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from s2s_core.influence import influence
from tests.conftest import tiny_model
from ui.i18n import labels
from viz import encoder as V

LANGS = ("en", "ko")
NS = {"s": "http://www.w3.org/2000/svg"}


def L(lang="en"):
    return labels(lang, "encoder.viz")


def heatmaps(fig: go.Figure):
    return [tr for tr in fig.data if tr.type == "heatmap"]


def assert_titled(fig: go.Figure):
    assert fig.layout.title.text, "every figure has a title"
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        if axis.visible is not False:
            assert axis.title.text is not None


def panels(svg: str) -> list[ET.Element]:
    """The heatmap panels of one of our SVGs (viz/heatmap.py): one image of cells each, its data attached."""
    return ET.fromstring(svg).findall(".//s:image[@class='cells']", NS)


def values(panel: ET.Element) -> np.ndarray:
    return np.array([float(v) for v in panel.get("data-z").split(",")]).reshape(
        int(panel.get("data-nrows")), int(panel.get("data-ncols"))
    )


def svg_texts(svg: str) -> list[str]:
    return [t.text for t in ET.fromstring(svg).iter(f"{{{NS['s']}}}text")]


@pytest.mark.parametrize("lang", LANGS)
def test_states_bidirectional_shows_both_directions_in_source_order(lang):
    trace = tiny_model().trace("i love you")
    svg = V.states_svg(trace, 1, L(lang))
    forward, backward = panels(svg)
    np.testing.assert_allclose(values(forward), trace.encoder.layer(1, "forward").states, atol=5e-4)
    np.testing.assert_allclose(values(backward), trace.encoder.layer(1, "backward").states, atol=5e-4)
    assert json.loads(forward.get("data-rows")) == ["i", "love", "you"]  # the tooltip's, and written once
    assert json.loads(forward.get("data-tip"))[:3] == [L(lang)["step"], L(lang)["unit"], "h"]
    texts = svg_texts(svg)
    assert L(lang)["forward"] in texts and L(lang)["backward"] in texts and texts.count("love") == 1
    assert L(lang)["states_title"].format(layer=2) in " ".join(texts)  # layer numbers are 1-based for people


def test_states_unidirectional_and_repeated_and_unknown_tokens():
    trace = tiny_model(bidirectional=False, layers=1).trace("you love you zebra")
    svg = V.states_svg(trace, 0, L())
    (panel,) = panels(svg)
    # repeated words keep their own rows; unknown words show as <unk>, as text
    assert json.loads(panel.get("data-rows")) == ["you", "love", "you", "<unk>"]
    assert values(panel).shape == (4, 12) and "<unk>" in svg_texts(svg)


@pytest.mark.parametrize("cell,gates", [("gru", "rzn"), ("lstm", "ifgo")])
def test_gates_one_panel_per_gate_each_on_its_scale(cell, gates):
    trace = tiny_model(cell=cell).trace("i love you")
    svg = V.gates_svg(trace, 0, "backward", L("ko"))
    found = panels(svg)
    assert [json.loads(p.get("data-tip"))[3] for p in found] == [L("ko")[f"gate_{g}"] for g in gates]
    for g, panel in zip(gates, found):
        np.testing.assert_allclose(values(panel), trace.encoder.layer(0, "backward").gates[g], atol=5e-4)
        scale = json.loads(panel.get("data-tip"))[2]
        assert scale == L("ko")["sigmoid" if g in V.SIGMOID_GATES else "tanh"]
    bars = ET.fromstring(svg).findall(".//s:image[@class='colour-bar']", NS)
    assert len(bars) == 2  # one per scale: sigmoid [0, 1] and tanh [-1, 1]
    assert "−1" in svg_texts(svg)


def test_gates_refuses_plain_rnn():
    with pytest.raises(ValueError):
        V.gates_svg(tiny_model(cell="rnn").trace("i love you"), 0, "forward", L())


def test_context_rows_bridge_and_final():
    bi = tiny_model(layers=2).trace("i love you")
    z, names = V.context_rows(bi, L())
    assert len(names) == 6  # per layer: forward last, backward first, the context vector
    np.testing.assert_array_equal(z[0], bi.encoder.layer(0, "forward").states[-1])
    np.testing.assert_array_equal(z[1], bi.encoder.layer(0, "backward").states[0])
    np.testing.assert_array_equal(z[5], bi.context.vector)
    uni = tiny_model(bidirectional=False, layers=2).trace("i love you")
    z, names = V.context_rows(uni, L())
    assert len(names) == 2
    np.testing.assert_allclose(z[1], uni.encoder.layer(1, "forward").states[-1], atol=1e-6)  # c = h_S
    assert L("ko")["context_title_final"] in " ".join(svg_texts(V.context_svg(uni, L("ko"))))
    (panel,) = panels(V.context_svg(bi, L()))
    np.testing.assert_allclose(values(panel), V.context_rows(bi, L())[0], atol=5e-4)
    assert json.loads(panel.get("data-rows")) == V.context_rows(bi, L())[1]


def test_pca_2d_matches_numpy_and_is_deterministic():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 5)) * np.array([5.0, 2.0, 0.1, 0.1, 0.1])
    coords, explained = V.pca_2d(x)
    assert coords.shape == (20, 2) and explained[0] > explained[1] > 0 and explained.sum() <= 1
    cov = np.cov((x - x.mean(0)).T)
    top = np.linalg.eigh(cov)[1][:, ::-1][:, :2]
    np.testing.assert_allclose(np.abs(coords), np.abs((x - x.mean(0)) @ top), atol=1e-8)
    np.testing.assert_array_equal(coords, V.pca_2d(x.copy())[0])


def test_pca_2d_degenerate_inputs():
    coords, explained = V.pca_2d(np.ones((3, 4)))
    assert coords.shape == (3, 2) and np.all(explained == 0)
    coords, _ = V.pca_2d(np.arange(4.0).reshape(1, 4))
    assert coords.shape == (1, 2)


def test_trajectories_one_path_per_sentence_typed_one_highlighted():
    model = tiny_model()
    traces = [model.trace(x) for x in ("i love you", "he likes her", "we eat apples .")]
    fig = V.trajectories_figure(traces, L(), layer=-1)
    paths = [tr for tr in fig.data if tr.type == "scatter"]
    assert [len(p.x) for p in paths] == [3, 3, 4]
    assert paths[0].line.width > paths[1].line.width
    assert "i love you" in paths[0].name
    assert "%" in fig.layout.xaxis.title.text  # explained variance is named on the axes
    assert_titled(fig)
    # readable (issue 10): only the typed sentence writes its words, every colour reads on white (3:1),
    # full sentences in the legend and on hover
    assert "text" in paths[0].mode and "text" not in paths[1].mode
    from viz import theme

    assert all(theme.contrast(p.line.color, "#ffffff") >= 3 for p in paths)
    assert all(theme.contrast(c, "#ffffff") >= 3 for c in theme.LINES)
    assert paths[2].name == "we eat apples ." and "we eat apples ." in paths[2].hovertemplate
    assert fig.layout.legend.orientation == "v"


@pytest.mark.parametrize("method", ["gradient", "occlusion"])
def test_influence_figure_shows_exact_zero_for_unidirectional(method):
    uni = influence(tiny_model(bidirectional=False), "i love you", 1)
    bi = influence(tiny_model(), "i love you", 1)
    fig = V.influence_figure([uni, bi], ["uni", "bi"], method, L())
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert len(bars) == 2
    assert bars[0].text[2] == L()["zero"] and bars[1].text[2] != L()["zero"]
    np.testing.assert_allclose(bars[1].y, bi.share(method))
    assert "love" in fig.layout.title.text
    assert_titled(fig)


def test_markdown_escape_keeps_user_words_literal():
    from viz.common import esc, md_escape

    assert md_escape("![x](javascript:a)") == r"\!\[x\]\(javascript:a\)"
    assert md_escape("<b>$x$</b> 학교에") == r"\<b\>\$x\$\</b\> 학교에"
    assert esc("<unk>") == "&lt;unk&gt;"


def test_markdown_table_escapes_cells_and_aligns_numbers():
    from viz.common import markdown_table

    md = markdown_table({"step": [1, 2], "input": ["<sos>", "a|b"], "p": [0.5, 1.0], "mark": ["", "◆"]})
    assert md.splitlines() == [
        "| step | input | p | mark |",
        "|---:|:---|---:|:---|",  # numbers right-aligned, text left
        r"| 1 | \<sos\> | 0.5 |   |",  # <sos> shown literally; an empty cell stays a cell
        r"| 2 | a\|b | 1.0 | ◆ |",  # a typed | does not split the row
    ]
    assert markdown_table({"a": [], "b": []}).count("\n") == 1  # the header and its rule, no rows


@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
def test_markdown_table_rows_keep_their_cells_whatever_the_text(words):
    """Any user text in a cell (pipes, backslashes, newlines, markup) leaves every row with its columns."""
    import re

    from viz.common import markdown_table

    md = markdown_table({f"c{k}": [w] for k, w in enumerate(words)})
    lines = md.split("\n")
    assert len(lines) == 3 and "\r" not in md
    unescaped_pipe = re.compile(r"(?<!\\)(?:\\\\)*\|")
    assert all(len(unescaped_pipe.findall(line)) == len(words) + 1 for line in lines)


@pytest.mark.parametrize(
    "n,spacing,shared", [(1, 0.02, True), (2, 0.04, True), (3, 0.02, True), (4, 0.05, False)]
)
def test_subplot_row_lays_out_axes_as_make_subplots_does(n, spacing, shared):
    """The dict-built figures (states, gates) put their panels exactly where make_subplots would."""
    from plotly.subplots import make_subplots

    from viz.common import subplot_row

    titles = [f"panel {k}" for k in range(n)]
    want = make_subplots(
        rows=1, cols=n, subplot_titles=titles, shared_yaxes=shared, horizontal_spacing=spacing
    )
    got = subplot_row(n, titles, spacing, shared)
    assert json.loads(json.dumps(got), parse_float=lambda f: round(float(f), 9)) == json.loads(
        json.dumps(want.layout.to_plotly_json()), parse_float=lambda f: round(float(f), 9)
    )
