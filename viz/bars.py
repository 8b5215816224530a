"""A bar chart of a few values (e.g. where one decoder step looks: a weight per input token) as one SVG.

Why not plotly: see viz/heatmap.py; a page whose every figure on the screen is our own SVG is drawn in the
run's own update, while one plotly chart left on it waits for the chart component's script. Each bar's
value is written above it and given whole in its <title> (the browser's tooltip). Texts are given raw and
escaped here, once (the SVG is inserted as HTML).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from viz import theme
from viz.common import svg_document
from viz.diagram import FONT, PAD
from viz.heatmap import svg_text, title_lines, turned_text
from viz.overview import fit, text_width

PLOT_H = 190  # viewBox units from 0 to the top of the value axis
HATCH = (
    '<pattern id="s2s-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="8" height="8" fill="{colour}"/><line x1="0" y1="0" x2="0" y2="8" stroke="white" stroke-width="3"/>'
    "</pattern>"
)


def y_grid(
    ticks: Sequence[tuple[float, str]], left, right, base: float, height: float, top: float
) -> list[str]:
    """A y axis from 0 at `base` to `top` at `height` units above it: per (value, label) tick a pale line
    from `left` to `right` and its label left of it (bars here, lines in viz/lines.py)."""
    out = []
    for v, label in ticks:
        y = round(base - height * v / top, 1)
        out.append(f'<line x1="{round(left, 1)}" y1="{y}" x2="{round(right, 1)}" y2="{y}" stroke="#E5E8EF"/>')
        out.append(svg_text(left - 6, y, label, colour=theme.NEUTRAL, anchor="end"))
    return out


def bars_svg(
    title: str,
    names: Sequence[str],
    values: Sequence[float],
    texts: Sequence[str],
    tips: Sequence[str],
    y_title: str,
    x_title: str,
    top: int | None = None,
    width: float = 440,
    y_max: float = 1.0,
    y_ticks: Sequence[tuple[float, str]] = ((0, "0%"), (0.5, "50%"), (1, "100%")),
    alt: str = "",
) -> str:
    """One bar per name (raw), its text above it; bar `top` (the strongest) in the decoder's colour and
    hatched (seen without colour), the others in the encoder's."""
    parts = title_lines(title, width)
    axis_top = PAD + 30 * len(parts) + 34  # the y title's line, then the 100% tick
    parts.append(svg_text(PAD, axis_top - 20, y_title, colour=theme.NEUTRAL, anchor="start"))
    left = PAD + max(text_width(label, FONT) for _, label in y_ticks) + 10
    base = axis_top + PLOT_H
    slot = (width - PAD - left) / max(len(names), 1)
    parts += y_grid(y_ticks, left, width - PAD, base, PLOT_H, y_max)
    parts.insert(0, "<defs>" + HATCH.format(colour=theme.DECODER) + "</defs>")
    turned = max((text_width(str(n), FONT) for n in names), default=0) + 6 > slot
    widest = 0.0
    for i, (name, v, text, tip) in enumerate(zip(names, values, texts, tips)):
        x = left + slot * i
        h = round(PLOT_H * max(0.0, min(float(v), y_max)) / y_max, 1)
        fill = "url(#s2s-hatch)" if i == top else theme.ENCODER
        parts.append(
            f'<rect class="bar" x="{round(x + slot * 0.15, 1)}" y="{round(base - h, 1)}" width="{round(slot * 0.7, 1)}"'
            f' height="{h}" fill="{fill}" stroke="{theme.DECODER if i == top else theme.ENCODER}">'
            f"<title>{html.escape(tip)}</title></rect>"
        )
        parts.append(svg_text(x + slot / 2, base - h - 12, text))
        cx = round(x + slot / 2, 1)
        label = fit(str(name), 150)
        widest = max(widest, text_width(label, FONT))
        if turned:
            parts.append(turned_text(cx, base + 10, label))
        else:
            parts.append(svg_text(cx, base + FONT / 2 + 6, label))
    y = base + (widest * 0.71 + FONT + 10 if turned else FONT + 16)
    parts.append(svg_text(left + (width - PAD - left) / 2, y + 8, x_title, colour=theme.NEUTRAL))
    height = round(y + FONT + 10 + PAD)
    return svg_document(round(width), height, alt or title, parts, ' class="bars"')
