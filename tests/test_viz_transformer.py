"""The Transformer's figures, built from a real trace of a tiny model (no Streamlit)."""

import numpy as np
import plotly.graph_objects as go

from s2s_core.transformer import positions
from ui.i18n import labels
from viz import transformer as V

from .test_transformer import tiny_transformer

L = labels("en", "transformer.viz")


def test_head_grid_has_one_panel_per_layer_and_head_and_a_click_picks_it():
    tr = tiny_transformer().trace("i love you")
    for kind in V.KINDS:
        fig = V.head_grid(tr, kind, L, selected=(1, 0))
        go.Figure(fig.to_dict())  # valid plotly
        heat = [d for d in fig.data if d.type == "heatmap"]
        assert len(heat) == 2 * 2
        z, rows, cols = V.maps(tr, kind)
        assert np.allclose(heat[2].z, z[1, 0])  # row-major: layer 2, head 1 is the third panel
        points = [d for d in fig.data if d.type == "scatter"]
        assert len(points[3].x) == len(rows) * len(cols)
    selection = {"points": [{"customdata": list(points[3].customdata[0])}]}
    assert V.clicked(selection) == (1, 1)
    assert V.clicked({"points": []}) is None and V.clicked(None) is None
    assert fig.layout.xaxis3.showline and not fig.layout.xaxis.showline  # the selected panel is outlined


def test_tokens_are_escaped_in_every_figure():
    tr = tiny_transformer().trace("i love zebras")
    fig = V.head_figure(tr, "cross", 0, 1, L)
    assert "&lt;unk&gt;" in fig.layout.xaxis.ticktext
    assert fig.layout.title.text.startswith("cross-attention: layer 1, head 2")


def test_positions_waves_timing_and_metrics():
    pe = positions(30, 16).numpy()
    fig = V.positions_figure(pe, 3, L)
    go.Figure(fig.to_dict())
    assert fig.layout.shapes[0].y1 == 2.5
    waves = V.waves_figure(pe, (0, 2), L)
    assert np.allclose(waves.data[1].y, pe[:, 2])
    rows = [{"model": m, "length": n, "ms": n / 10} for m in ("Transformer", "GRU <b>") for n in (5, 10)]
    timing = V.timing_figure(rows, L)
    assert [d.name for d in timing.data] == ["Transformer", "GRU &lt;b&gt;"]
    table = V.metrics_markdown([("A|B", {"exact_match": 0.991, "params": 1234, "aer": None})], L)
    assert "99.1%" in table and "1,234" in table and "A\\|B" in table and "—" in table
