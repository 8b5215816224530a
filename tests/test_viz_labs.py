"""The lab figures as pure functions: valid plotly figures, the right panels and lines, escaped text."""

import plotly.graph_objects as go
import pytest

from s2s_core.gates import step_maths
from tests.conftest import tiny_model
from ui.i18n import labels
from viz import bottleneck as B
from viz import cells as C
from viz import compare as K

L = labels("en", "cells.viz")


@pytest.mark.parametrize("cell,panels", [("lstm", 6), ("gru", 4), ("rnn", 1)])
def test_gate_lines_have_one_panel_per_series_and_one_line_per_unit(cell, panels):
    tr = tiny_model(cell=cell).trace("i love you")
    fig = C.gate_lines_figure(tr, 0, "forward", [0, 3], L)
    go.Figure(fig.to_dict())  # plotly's own validation
    layout = fig.to_dict()["layout"]
    axes = [k for k in layout if k.startswith("yaxis")]
    assert len(axes) == panels and len(fig.data) == 2 * panels
    ranges = {a: layout[a].get("range") for a in axes}
    if cell == "lstm":  # i f g o c h: gates in [0, 1], g and h in [-1, 1], c unbounded
        assert (
            ranges["yaxis"] == [-0.05, 1.05]
            and ranges["yaxis3"] == [-1.05, 1.05]
            and ranges["yaxis5"] is None
        )


def test_the_cell_diagram_shows_each_gate_value_and_escapes_labels():
    model = tiny_model(cell="lstm")
    tr = model.trace("i love you")
    m = step_maths(model, tr, 0, "forward", 1, 2)
    svg = C.cell_svg(m, dict(L, diagram_alt="<b>cell</b>"))
    assert "<b>cell</b>" not in svg and "&lt;b&gt;cell&lt;/b&gt;" in svg
    for term in m.terms:
        assert f"{term.value:.2f}" in svg
    assert len(C.gate_latex(m)) == 6 and C.matches(m)


def test_token_rows_mark_each_position_and_fit_korean_words():
    svg = B.token_rows_svg(["나는", "너를", "사랑해"], {"B": ["나는", "그를", "사랑해", "<eos>"]}, dict(
        labels("en", "bottleneck.viz"), reference="A"))  # fmt: skip
    assert svg.count("✓") == 2 and svg.count("✗") == 2 and "&lt;eos&gt;" in svg
    assert K.differences(("a", "b"), ("a", "c", "d")) == 2


def test_metric_rows_say_which_model_is_better():
    rows = {r["key"]: r for r in K.metric_rows({"exact_match": 0.9, "aer": 0.1, "params": 10},
                                             {"exact_match": 0.95, "aer": 0.2, "params": 5})}  # fmt: skip
    assert rows["exact_match"]["better"] is True and rows["aer"]["better"] is False
    assert rows["params"]["better"] is None and rows["token_accuracy"]["delta"] is None
