"""The Transformer's figures, built from a real trace of a tiny model (no Streamlit)."""

import numpy as np
import plotly.graph_objects as go

from s2s_core.transformer import positions
from ui.i18n import labels
from viz import transformer as V
from viz.common import escs

from .test_transformer import tiny_transformer

L = labels("en", "transformer.viz")


def test_head_grid_has_one_panel_per_layer_and_head_and_a_click_picks_it():
    tr = tiny_transformer().trace("i love you")
    for kind in V.KINDS:
        fig = V.head_grid(tr, kind, L, selected=(1, 0))
        go.Figure(fig.to_dict())  # valid plotly
        (heat,) = fig.data  # one heatmap, the panels tiled in it
        z, rows, cols = V.maps(tr, kind)  # (L, H, R, C)
        R, C = len(rows), len(cols)
        for layer in range(2):
            for head in range(2):
                x0, y0 = V.grid_origin(layer, head, R, C)
                panel = [row[x0 : x0 + C] for row in heat.z[y0 : y0 + R]]
                assert np.allclose(panel, z[layer, head])  # every panel in its place, layer 1 on top
                assert tuple(heat.customdata[y0][x0][:2]) == (layer + 1, head + 1)
        gap = V.grid_origin(0, 1, R, C)[0] - 1  # the column between head 1 and head 2: empty
        assert all(row[gap] is None for row in heat.z)
        assert list(fig.layout.xaxis.ticktext) == escs(cols) * 2  # (escaped: tokens are user text)
        assert list(fig.layout.yaxis.ticktext) == escs(rows) * 2
    x0, y0 = V.grid_origin(1, 1, R, C)
    selection = {"points": [{"customdata": list(heat.customdata[y0][x0])}]}
    assert V.clicked(selection) == (1, 1)
    assert V.clicked({"points": []}) is None and V.clicked(None) is None
    (outline,) = fig.layout.shapes  # the selected panel (layer 2, head 1) is outlined
    x0, y0 = V.grid_origin(1, 0, R, C)
    assert (outline.x0, outline.y0, outline.x1, outline.y1) == (
        x0 - 0.5,
        y0 - 0.5,
        x0 + C - 0.5,
        y0 + R - 0.5,
    )
    assert not V.head_grid(tr, "cross", L).layout.shapes  # nothing selected: no outline


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
