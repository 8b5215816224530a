"""Downloads hold the trace's real numbers: JSON round-trips, CSV matrices match the arrays, cells that a
spreadsheet would execute are defused, and a figure is built once per input."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import numpy as np
import pytest

from ui import export


def read_csv(text: str) -> tuple[list[str], list[str], np.ndarray]:
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    return header[1:], [r[0] for r in body], np.array([[float(x) for x in r[1:]] for r in body])


def test_json_holds_the_whole_trace(tiny):
    tr = tiny().trace("I love you")
    data = json.loads(export.trace_json(tr))
    assert data["source"]["tokens"] == ["i", "love", "you"]
    np.testing.assert_allclose(data["decoder"]["attention_weights"], tr.decoder.attention_weights, atol=1e-6)
    assert data["output_text"] == tr.output_text


@pytest.mark.parametrize("arch", [dict(cell="lstm", bidirectional=True), dict(cell="rnn", attention="none")])
def test_csv_tables_match_the_arrays(tiny, arch):
    tr = tiny(**arch).trace("I love you")
    tables = export.trace_tables(tr)
    cols, rows, m = read_csv(tables["encoder_layer0_forward_states.csv"])
    assert rows == ["i", "love", "you"] and cols[0] == "d0"
    np.testing.assert_allclose(m, tr.encoder.layer(0, "forward").states, rtol=1e-5, atol=1e-6)
    _, rows, m = read_csv(tables["context_vectors.csv"])
    np.testing.assert_allclose(m, tr.context.vectors, rtol=1e-5, atol=1e-6)
    if tr.decoder.attention_weights is not None:
        cols, rows, m = read_csv(tables["attention_weights.csv"])
        assert cols == ["i", "love", "you"] and rows == list(tr.decoder.output_tokens)
        np.testing.assert_allclose(m.sum(1), 1, atol=1e-4)
    else:
        assert "attention_weights.csv" not in tables
    if arch["cell"] == "lstm":
        assert {"encoder_layer0_backward_cells.csv", "encoder_layer0_forward_gate_f.csv"} <= set(tables)
    with zipfile.ZipFile(io.BytesIO(export.trace_zip(tr))) as z:
        assert set(z.namelist()) == set(tables) | {"README.txt"}


def test_formula_like_cells_are_defused():
    assert export._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert export._cell("+1+2") == "'+1+2"  # not a number: a formula
    assert export._cell("+5") == "+5"  # a number stays a number
    assert export._cell("@cmd") == "'@cmd"
    assert export._cell("-0.5") == "-0.5"
    assert export._cell("사랑해") == "사랑해"


def test_plotly_config_names_the_file():
    cfg = export.plotly_config("seq2seq-pipeline")
    assert cfg["displayModeBar"] is False  # its English tooltips would show in Korean mode (issue 10)
    assert cfg["toImageButtonOptions"]["filename"] == "seq2seq-pipeline"
    assert cfg["displaylogo"] is False


# ---- figure specs cached per input ------------------------------------------------------------------
def test_a_cached_figure_is_the_figure_it_names(tiny):
    from ui.i18n import labels
    from viz import attention as A

    tr, L = tiny().trace("I love you"), labels("en", "attention.viz")
    fresh = export.figure_spec(A.scores_and_weights_figure(tr, L, selected=1))
    assert export.figure_spec(export.cached(A.scores_and_weights_figure, tr, L, selected=1)) == fresh
    assert (
        export.figure_spec(export.cached(A.scores_and_weights_figure, tr, L, selected=1)) == fresh
    )  # from the cache
    assert export.figure_spec(export.cached(A.scores_and_weights_figure, tr, L, selected=0)) != fresh


def test_a_figure_is_built_once_per_input():
    import plotly.graph_objects as go

    export._cached_spec.clear()
    calls = []

    def build(values, title=""):
        calls.append((tuple(values), title))
        return go.Figure(go.Bar(y=list(values)), layout=dict(title=title))

    first = export.figure_spec(export.cached(build, np.array([1.0, 2.0]), title="a"))
    assert export.figure_spec(export.cached(build, np.array([1.0, 2.0]), title="a")) == first
    other = export.figure_spec(export.cached(build, np.array([1.0, 2.5]), title="a"))
    export.figure_spec(export.cached(build, np.array([1.0, 2.0]), title="b"))
    assert calls == [((1.0, 2.0), "a"), ((1.0, 2.5), "a"), ((1.0, 2.0), "b")]
    assert json.loads(other)["data"][0]["y"] != json.loads(first)["data"][0]["y"]


def test_two_sentences_never_share_a_cached_figure(tiny):
    """The cache key is the pickled input: a trace of another sentence (or another model) is another key,
    the same sentence traced again is the same one."""
    from ui.i18n import labels
    from viz import attention as A

    L = labels("en", "attention.viz")
    m = tiny()
    a, b, again = m.trace("I love you"), m.trace("you love i"), m.trace("I love you")
    spec = {n: export.figure_spec(export.cached(A.scores_and_weights_figure, tr, L)) for n, tr in
            (("a", a), ("b", b), ("again", again))}  # fmt: skip
    assert spec["a"] == spec["again"] != spec["b"]
    assert '"ticktext":["you","love","i"]' in spec["b"]  # b's own tokens on its axis, in b's order
    assert '"ticktext":["i","love","you"]' in spec["a"]
    assert (
        export.figure_spec(export.cached(A.scores_and_weights_figure, tiny(seed=1).trace("I love you"), L))
        != spec["a"]
    )


def test_a_figure_with_an_argument_pickle_cannot_take_is_built_every_time(caplog):
    import plotly.graph_objects as go

    calls = []

    def build(f):
        calls.append(1)
        return go.Figure(go.Bar(y=[f(1), f(2)]))

    specs = [export.figure_spec(export.cached(build, lambda x: x * 3)) for _ in range(2)]
    assert len(calls) == 2 and specs[0] == specs[1] and json.loads(specs[0])["data"][0]["y"] == [3, 6]
    assert "not cached" in caplog.text


def test_clicked_cell_reads_the_last_click_on_an_svg_heatmap_or_nothing(monkeypatch):
    """A click on a cell of our SVG heatmap reaches Python as its bar's trigger value (ui/export.py)."""
    state = {"att_heatmap-export": {"click": {"panel": 0, "row": 2, "col": 1}}}
    monkeypatch.setattr(export.st, "session_state", state)
    assert export.clicked_cell("att_heatmap") == {"panel": 0, "row": 2, "col": 1}
    assert export.clicked_cell("tf_grid") is None
    state["tf_grid-export"] = {"click": None}
    assert export.clicked_cell("tf_grid") is None


def test_an_svg_figure_is_built_once_per_input(monkeypatch):
    """Our SVGs go through the same cache as the plotly specs (`show_svg(cached(...))`): a rerun with the
    same input costs a digest, not a build."""
    export._cached_svg.clear()
    calls, shown = [], []

    def build(values, title=""):
        calls.append((tuple(values), title))
        return f'<svg role="img"><title>{title}</title></svg>'

    monkeypatch.setattr(export.st, "markdown", lambda body, **kw: shown.append(body))
    monkeypatch.setattr(export, "_bar", lambda *args: None)
    for values in ([1.0, 2.0], [1.0, 2.0], [1.0, 2.5]):
        export.show_svg(export.cached(build, np.array(values), title="svg-cache-test"), "k", "f")
    assert calls == [((1.0, 2.0), "svg-cache-test"), ((1.0, 2.5), "svg-cache-test")]
    assert (
        shown[0] == shown[1] == '<div><svg data-key="k" role="img"><title>svg-cache-test</title></svg></div>'
    )
