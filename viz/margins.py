"""Margins that fit a figure's labels, estimated on the server so that plotly.js lays a chart out once.

Why: our figures leave their margins to plotly's `automargin` (plotly_white turns it on for every axis).
When the labels do not fit, plotly measures them, grows the margin and draws the whole chart again, which
is half of a chart's drawing time: measured in Chromium, the Attention heatmap 68 -> 19 ms, the Cells
gates 61 -> 35 ms, the Transformer grid 125 -> 65 ms. Streamlit draws a changed chart from scratch on
every rerun, so that second pass was paid on every interaction. Here each margin is estimated from what
will stand in it (tick labels, axis titles, colour bars, legends), a little on the generous side;
`automargin` stays on, so a label we under-estimate still fits (at the old cost), and nothing is clipped.
tests/e2e/test_charts_e2e.py checks in Chromium that plotly grows no margin on the main pages.
"""

from __future__ import annotations

import html
import math
import re

PLOT_WIDTH = 700.0  # px of a chart's plot area in the main column (820 px wide, less its margins)
TAG = re.compile(r"<[^>]+>")
PAD = 8  # px between a label and the edge, and a little air
X_GAP = 20  # px plotly leaves between an x axis and its labels' far edge (measured: 13 px labels need 40)
SAFETY = 1.1  # estimates are widened by this much: too wide costs a few px, too narrow a second layout


def char_em(ch: str) -> float:
    """Width of one character in em of NanumGothic/Source Sans, rounded up (Hangul is square)."""
    if ord(ch) >= 0x1100:
        return 1.0
    if ch in " .,:;'|!il":
        return 0.32
    if ch in "%@mwMW":
        return 1.0
    if ch.isupper():
        return 0.72
    return 0.64


def text_px(text, size: float) -> tuple[float, int]:
    """(width of the longest line, number of lines) of a plotly label at `size` px."""
    lines = [html.unescape(TAG.sub("", part)) for part in str(text).split("<br>")]
    return max((sum(map(char_em, line)) for line in lines), default=0.0) * size, len(lines)


def _axes(layout: dict, letter: str) -> dict[str, dict]:
    return {k: v for k, v in layout.items() if k.startswith(letter + "axis") and isinstance(v, dict)}


def _ref(name: str) -> str:
    """ "xaxis2" -> "x2", "yaxis" -> "y": how traces and anchors name an axis."""
    return name[0] + name[5:]


def _labels(name: str, axis: dict, traces: list[dict]) -> list[str]:
    """The tick labels an axis will show: its ticktext, its categories, or a guess at its numbers."""
    if axis.get("showticklabels") is False or axis.get("visible") is False:
        return []
    if axis.get("ticktext") is not None:
        return [str(t) for t in axis["ticktext"]]
    letter, ref = name[0], _ref(name)
    values: list = []
    for tr in traces:
        if tr.get(f"{letter}axis", letter) != ref:
            continue
        data = tr.get(letter)
        if data is None and tr.get("type") == "heatmap" and tr.get("z") is not None:
            z = tr["z"]
            n = len(z[0]) if letter == "x" and len(z) else len(z)
            data = range(n)  # a heatmap without x/y is drawn at positions 0..n-1
        if data is not None:
            values.extend(list(data)[:500])
    if any(isinstance(v, str) for v in values):
        return list(dict.fromkeys(str(v) for v in values))
    numbers = [float(v) for v in values if isinstance(v, (int, float)) and math.isfinite(float(v))]
    if axis.get("range") and len(axis["range"]) == 2 and axis.get("type") != "log":
        numbers += [float(v) for v in axis["range"] if v is not None]
    fmt = axis.get("tickformat") or ""
    if axis.get("type") == "log":
        return ["0.0001"]  # plotly writes decades as 0.001, 100μ, 1e-10...
    if not numbers:
        return ["0.00"]
    if "%" in fmt:
        return ["100%"]
    big = max(abs(v) for v in numbers)
    sample = f"{big:,.0f}" if big >= 1000 and "," in fmt else f"{big:.3g}"
    if big < 10 and not float(big).is_integer():
        sample = "0.25"
    return [("−" if min(numbers) < 0 else "") + sample]


def _title(owner: dict) -> dict:
    """A title as a dict: plain-dict figures may spell it as a bare string."""
    title = owner.get("title") or {}
    return title if isinstance(title, dict) else {"text": str(title)}


def _size(layout: dict, axis: dict, part: str) -> float:
    font = (axis.get(part) or {}) if part == "tickfont" else (_title(axis).get("font") or {})
    return float(font.get("size") or (layout.get("font") or {}).get("size") or 12)


def _title_px(layout: dict, axis: dict) -> float:
    title = _title(axis)
    text = title.get("text")
    if not text:
        return 0.0
    _, lines = text_px(text, 1)
    return lines * _size(layout, axis, "title") * 1.3 + float(title.get("standoff") or 0)


def _tick_extent(layout: dict, name: str, axis: dict, labels: list[str], across: float) -> float:
    """px the tick `labels` take away from the plot: widths for a y axis; heights (rotated if they would
    overlap, as plotly does) for an x axis `across` px long."""
    if not labels:
        return 0.0
    size = _size(layout, axis, "tickfont")
    sizes = [text_px(t, size) for t in labels]
    widest = max(w for w, _ in sizes)
    lines = max(n for _, n in sizes)
    ticks = float(axis.get("ticklen") or 5) if axis.get("ticks") in ("outside",) else 0.0
    if name[0] == "y":
        return widest + ticks + PAD
    angle = axis.get("tickangle")
    tall = lines * size * 1.25
    if angle in (None, "auto"):  # plotly tries 0, 30 and 90 degrees, the first where labels do not overlap
        step = across / max(len(labels), 1)
        angle = 0 if widest + 6 < step else (30 if widest * 0.87 + tall * 0.5 < step else 90)
    rad = math.radians(abs(float(angle)))
    return widest * math.sin(rad) + tall * math.cos(rad) + ticks + X_GAP


def _domain(layout: dict, ref: str, default=(0.0, 1.0)) -> tuple[float, float]:
    axis = layout.get(("xaxis" if ref[0] == "x" else "yaxis") + ref[1:]) or {}
    d = axis.get("domain") or default
    return float(d[0]), float(d[1])


def _axis_needs(layout: dict, traces: list[dict]) -> dict[str, float]:
    need = dict(l=0.0, r=0.0, t=0.0, b=0.0)
    for letter in "xy":
        axes = _axes(layout, letter)
        for name, axis in axes.items():
            if axis.get("visible") is False:
                continue
            anchor = axis.get("anchor") or ("y" if letter == "x" else "x")
            if anchor == "free":
                continue
            across_domain = _domain(layout, anchor)  # where the axis sits, in the other direction
            own = axis.get("domain") or (0.0, 1.0)
            labels = _labels(name, axis, traces)
            extent = _tick_extent(layout, name, axis, labels, PLOT_WIDTH * (own[1] - own[0]))
            extent += _title_px(layout, axis)
            side = axis.get("side") or ("bottom" if letter == "x" else "left")
            edge = {"bottom": across_domain[0] < 0.05, "top": across_domain[1] > 0.95,
                    "left": across_domain[0] < 0.05, "right": across_domain[1] > 0.95}[side]  # fmt: skip
            if edge:
                key = side[0]
                need[key] = max(need[key], extent)
            if (
                letter == "x" and edge and own[1] > 0.95 and labels
            ):  # the last label is centred on the right end
                half = text_px(labels[-1], _size(layout, axis, "tickfont"))[0] / 2
                need["r"] = max(need["r"], half + PAD)
    return need


def _colorbar_right(layout: dict, traces: list[dict]) -> float:
    """px right of the plot taken by colour bars placed there (plotly's default place, x = 1.02)."""
    font = float((layout.get("font") or {}).get("size") or 12)
    need = 0.0
    for tr in traces:
        bar_owner = tr if tr.get("type") == "heatmap" else (tr.get("marker") or {})
        shown = bar_owner.get("showscale")
        if shown is False or (shown is None and tr.get("type") != "heatmap"):
            continue
        if tr.get("type") == "heatmap" and tr.get("coloraxis"):
            continue
        bar = bar_owner.get("colorbar") or {}
        x = float(bar.get("x", 1.02))
        if x < 1.0:
            continue  # a bar between two subplots
        title = _title(bar)
        title_w = text_px(title.get("text") or "", font)[0]
        labels_w = text_px("−0.25" if bar.get("tickformat") != ".0%" else "100%", font)[0]
        body = float(bar.get("thickness", 30)) + 10 + labels_w
        if title.get("side") == "right":
            body += font * 1.4
        else:
            body = max(body, title_w + 6)
        need = max(need, (x - 1.0) * PLOT_WIDTH + body + PAD)
    return need


def _plot_height(layout: dict) -> float:
    margin = layout.get("margin") or {}
    return max(
        100.0, float(layout.get("height") or 450) - float(margin.get("t", 100)) - float(margin.get("b", 80))
    )


def _legend(layout: dict, traces: list[dict]) -> dict[str, float]:
    """(side, px) of a legend outside the plot: plotly's default is a column on the right. A legend
    below the plot is placed from the plot's bottom edge, so its px include the axis' labels."""
    shown = [tr for tr in traces if tr.get("showlegend") is not False and tr.get("name")]
    if (
        layout.get("showlegend") is False
        or not shown
        or (len(shown) < 2 and layout.get("showlegend") is not True)
    ):
        return {}
    legend = layout.get("legend") or {}
    font = float((legend.get("font") or {}).get("size") or (layout.get("font") or {}).get("size") or 12)
    names = list(dict.fromkeys(str(tr["name"]) for tr in shown))
    widths = [text_px(n, font)[0] + 46 for n in names]
    row = font * 1.6
    if legend.get("orientation") == "h":
        y = float(legend.get("y", -0.1))
        rows = max(1, math.ceil(sum(widths) / PLOT_WIDTH))
        if y >= 0:
            return {}  # above or inside the plot: the figure's own top margin covers it
        need = {"b": -y * _plot_height(layout) + rows * row + PAD}
        overhang = float(legend.get("x", 0)) * PLOT_WIDTH + sum(widths) - PLOT_WIDTH
        if rows == 1 and overhang > 0:  # a one-row legend starting mid-plot runs past its right end
            need["r"] = overhang + PAD
        return need
    x, y = float(legend.get("x", 1.02)), float(legend.get("y", 1.0))
    if y < 0 and legend.get("yanchor", "top") == "top":
        return {"b": -y * _plot_height(layout) + len(names) * row + PAD}
    if x >= 1.0:
        return {"r": (x - 1.0) * PLOT_WIDTH + max(widths) + PAD}
    return {}


def fitted(layout: dict, traces: list[dict]) -> dict:
    """The margin (l, r, t, b in px) the labels need, never less than the layout's own."""
    margin = dict(layout.get("margin") or {})
    have = {k: float(margin.get(k, 80 if k in "lr" else 100 if k == "t" else 80)) for k in "lrtb"}
    need = _axis_needs(layout, traces)
    need["r"] = max(need["r"], _colorbar_right(layout, traces))
    for side, px in _legend(layout, traces).items():
        need[side] = max(need[side], px)
    out = dict(have)
    for k in "lrb":
        out[k] = max(have[k], math.ceil(need[k] * SAFETY + 2))
    out["t"] = have["t"] + math.ceil(need["t"] * SAFETY)  # above the plot, under the title made room for
    return {k: int(v) for k, v in out.items()}


def fit_margins(fig):
    """`fig` with margins that fit its labels (in place; returns it)."""
    layout = fig.layout.to_plotly_json()
    traces = [tr.to_plotly_json() for tr in fig.data]
    fig.update_layout(margin=fitted(layout, traces))
    return fig
