"""Our SVG heatmaps and bar charts (viz/heatmap.py, viz/bars.py): what a reader sees and hovers is the data."""

from __future__ import annotations

import base64
import json
import struct
import xml.etree.ElementTree as ET
import zlib

import numpy as np
import pytest
from plotly.colors import sample_colorscale

from ui.i18n import labels
from viz import attention as A
from viz import theme
from viz.bars import bars_svg
from viz.diagram import FONT
from viz.heatmap import Colours, Panel, heatmap_svg, rgb

NS = {"s": "http://www.w3.org/2000/svg"}
WEIGHTS = Colours(theme.SEQUENTIAL, 0.0, 1.0, "weight")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def pixels(uri: str) -> np.ndarray:
    """The (h, w, 3) pixels of one of our PNGs (truecolour, filter 0 on every line)."""
    data = base64.b64decode(uri.split(",", 1)[1])
    w, h = struct.unpack(">II", data[16:24])
    raw = zlib.decompress(data[data.index(b"IDAT") + 4 : data.index(b"IEND") - 8])
    rows = [raw[i * (3 * w + 1) + 1 : (i + 1) * (3 * w + 1)] for i in range(h)]
    return np.frombuffer(b"".join(rows), np.uint8).reshape(h, w, 3)


def rgb_of(colour: str) -> tuple[int, ...]:
    return tuple(round(float(v)) for v in colour[colour.index("(") + 1 : -1].split(","))


@pytest.mark.parametrize(
    "scale,lo,hi", [(theme.SEQUENTIAL, 0, 1), (theme.DIVERGING, -1, 1), (theme.SEQUENTIAL_ALT, 0, 1)]
)
def test_cell_colours_are_plotlys_for_the_same_value(scale, lo, hi):
    values = np.linspace(lo, hi, 23)
    ours = rgb(values, Colours(scale, lo, hi, ""))
    theirs = sample_colorscale(theme.colorscale(scale), list((values - lo) / (hi - lo)))
    assert np.abs(ours.astype(int) - np.array([rgb_of(c) for c in theirs])).max() <= 1


def test_each_cell_is_drawn_in_its_colour_and_its_value_is_there_to_hover():
    z = np.array([[0.0, 0.25, 1.0], [0.5, 0.75, 0.1]])  # (2 rows, 3 columns)
    root = parse(heatmap_svg("t", [Panel(z, ["a", "b"], ["x", "y", "<b>"])], WEIGHTS, "input", "output"))
    (image,) = root.findall(".//s:image[@class='cells']", NS)
    assert np.array_equal(pixels(image.get("href")), rgb(z, WEIGHTS))  # one pixel per cell, row by row
    assert (image.get("data-nrows"), image.get("data-ncols")) == ("2", "3")
    assert [float(v) for v in image.get("data-z").split(",")] == z.ravel().tolist()
    assert json.loads(image.get("data-rows")) == ["a", "b"] and json.loads(image.get("data-cols"))[2] == "<b>"
    assert json.loads(image.get("data-tip"))[:3] == ["output", "input", "weight"]
    assert image.get("data-click") is None  # not clickable unless asked


def test_a_token_is_text_never_markup():
    svg = heatmap_svg("<i>t</i>", [Panel(np.eye(2), ["<b>", "a&b"], ["<script>", "y"])], WEIGHTS)
    root = parse(svg)  # (well-formed XML: nothing of the tokens became an element)
    texts = [t.text for t in root.iter(f"{{{NS['s']}}}text")]
    assert "<b>" in texts and "a&b" in texts and "<script>" in texts and "<i>t</i>" in texts
    assert not root.findall(".//s:script", NS) and not root.findall(".//s:b", NS)


def test_numbers_are_printed_where_they_fit_in_readable_ink():
    z = np.array([[0.05, 0.95]])
    root = parse(heatmap_svg("t", [Panel(z, ["a"], ["x", "y"])], WEIGHTS, numbers=".2f"))
    numbers = {t.text: t.get("fill") for t in root.findall(".//s:text[@class='number']", NS)}
    assert numbers == {"0.05": "#ffffff", "0.95": "#000000"}  # white on viridis' purple, black on its yellow
    wide = np.zeros((3, 96))  # 96 hidden units: no room in a cell for a number
    assert not parse(
        heatmap_svg("t", [Panel(wide, "abc", list(map(str, range(96))))], WEIGHTS, numbers=".2f")
    ).findall(".//s:text[@class='number']", NS)


def test_no_text_is_smaller_than_the_readable_size_and_unit_labels_thin_out():
    z = np.zeros((4, 96))
    root = parse(
        heatmap_svg(
            "states", [Panel(z, "abcd", [str(u) for u in range(96)], "forward")], WEIGHTS, "unit", "step"
        )
    )
    sizes = [float(t.get("font-size")) for t in root.iter(f"{{{NS['s']}}}text")]
    assert min(sizes) >= FONT
    ticks = [
        t.text
        for t in root.iter(f"{{{NS['s']}}}text")
        if t.text and t.text.isdigit() and t.text not in ("0", "1")
    ]
    assert 3 <= len(ticks) < 96 and "16" in [t.text for t in root.iter(f"{{{NS['s']}}}text")]


def test_the_selected_row_rings_and_legend_and_clicks():
    z = np.full((3, 3), 0.3)
    panel = Panel(z, "abc", "xyz", selected=1, rings=((0, 2, "square"), (2, 1, "circle")))
    root = parse(
        heatmap_svg("t", [panel], WEIGHTS, clickable=True, legend=(("square", "sure"), ("circle", "maybe")))
    )
    image = root.find(".//s:image[@class='cells']", NS)
    (sel,) = root.findall(".//s:rect[@class='selected']", NS)
    assert float(sel.get("y")) == float(image.get("y")) + float(sel.get("height"))  # the second row
    assert (
        len(root.findall(".//*[@class='ring square']", NS)) == 1
        and len(root.findall(".//*[@class='ring circle']", NS)) == 1
    )
    assert "sure" in [t.text for t in root.iter(f"{{{NS['s']}}}text")] and image.get("data-click") == "1"


def test_panels_side_by_side_share_the_row_labels_and_keep_their_own_data():
    a, b = np.zeros((2, 4)), np.ones((2, 4))
    root = parse(
        heatmap_svg("t", [Panel(a, ["p", "q"], "wxyz", "A"), Panel(b, ["p", "q"], "wxyz", "B")], WEIGHTS)
    )
    images = root.findall(".//s:image[@class='cells']", NS)
    assert [i.get("data-panel") for i in images] == ["0", "1"] and float(images[1].get("x")) > float(
        images[0].get("x")
    )
    assert [t.text for t in root.iter(f"{{{NS['s']}}}text")].count("p") == 1  # written once, left of A


def test_attention_heatmap_figure_marks_gold_links_where_they_are():
    z = np.full((2, 3), 0.2)
    svg = A.heatmap_figure(z, ["나는", "<eos>"], ["i", "you", "<eos>"], labels("en", "attention.viz"), "t",
                           gold=({(0, 0)}, {(0, 0), (2, 1)}))  # fmt: skip
    root = parse(svg)
    image = root.find(".//s:image[@class='cells']", NS)
    x0, y0 = float(image.get("x")), float(image.get("y"))
    cw, rh = float(image.get("width")) / 3, float(image.get("height")) / 2
    (square,) = root.findall(".//*[@class='ring square']", NS)
    assert (float(square.get("x")) - x0) // cw == 0 and (
        float(square.get("y")) - y0
    ) // rh == 0  # src 0, step 0
    (circle,) = root.findall(".//*[@class='ring circle']", NS)
    assert (float(circle.get("cx")) - x0) // cw == 2 and (
        float(circle.get("cy")) - y0
    ) // rh == 1  # src 2, step 1
    assert not root.findall(".//s:text[@class='number']", NS)  # (rings would cover them)


def test_bars_one_per_name_the_strongest_hatched_and_its_value_on_hover():
    svg = bars_svg("t", ["i", "<b>", "you"], [0.1, 0.7, 0.2], ["10%", "70%", "20%"], ["i: 10%", "<b>: 70%", "you: 20%"],
                   "weight", "input", top=1, y_max=1.15)  # fmt: skip
    root = parse(svg)
    bars = root.findall(".//s:rect[@class='bar']", NS)
    assert [b.find("s:title", NS).text for b in bars] == ["i: 10%", "<b>: 70%", "you: 20%"]
    assert bars[1].get("fill") == "url(#s2s-hatch)" and bars[0].get("fill") == theme.ENCODER
    heights = [float(b.get("height")) for b in bars]
    assert heights[1] == pytest.approx(7 * heights[0], abs=0.5) and heights[1] > heights[2] > heights[0]
