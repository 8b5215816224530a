"""The Transformer's figures, built from a real trace of a tiny model (no Streamlit)."""

import xml.etree.ElementTree as ET

import numpy as np
import plotly.graph_objects as go

from s2s_core.transformer import positions
from tests.conftest import tiny_model
from tests.test_pages import panels
from ui.i18n import labels
from viz import transformer as V

from .test_transformer import tiny_transformer

L = labels("en", "transformer.viz")
NS = {"s": "http://www.w3.org/2000/svg"}


def test_head_grid_has_one_panel_per_layer_and_head_and_a_click_picks_it():
    tr = tiny_transformer().trace("i love you")
    for kind in V.KINDS:
        svg = V.head_grid(tr, kind, L, selected=(1, 0))
        z, rows, cols = V.maps(tr, kind)  # (L, H, R, C)
        found = panels(svg)  # layer by layer, head by head: layer 1 first
        assert [p["tip"][3] for p in found] == [
            L["panel"].format(layer=a, head=b) for a in (1, 2) for b in (1, 2)
        ]
        for k, p in enumerate(found):
            np.testing.assert_allclose(p["z"], z[k // 2, k % 2], atol=5e-3)  # every panel its own map
            assert p["rows"] == list(rows) and p["cols"] == list(cols)
        outlined = ET.fromstring(svg).findall(".//s:rect[@class='outlined']", NS)
        images = ET.fromstring(svg).findall(".//s:image[@class='cells']", NS)
        assert len(outlined) == 1 and float(outlined[0].get("x")) + 3 == float(
            images[2].get("x")
        )  # layer 2, head 1
    assert V.picked({"panel": 3, "row": 0, "col": 1}, heads=2) == (1, 1)  # the 4th panel: layer 2, head 2
    assert V.picked(None, heads=2) is None
    assert 'class="outlined"' not in V.head_grid(tr, "cross", L)  # nothing selected: no outline


def test_tokens_are_text_in_every_figure():
    tr = tiny_transformer().trace("i love zebras")
    svg = V.head_figure(tr, "cross", 0, 1, L)
    assert "<unk>" in panels(svg)[0]["cols"] and "&lt;unk&gt;" in svg  # escaped once: shown as typed
    assert ET.fromstring(svg).get("aria-label").startswith("cross-attention: layer 1, head 2")
    versus = V.versus_rnn(tr, tiny_model().trace("i love zebras"), "GRU <b>", L)
    assert "GRU &lt;b&gt;" in versus and len(panels(versus)) == 2


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
