"""Line charts (e.g. a training run's loss over its steps) as one SVG: panels side by side, one or more
lines per panel, each point's value in its dot's <title> (the browser's tooltip).

Why not altair or plotly: the Train page redraws its curves twice a second while a run goes on, and the
first curve is what a click on Start waits for. As an altair chart each redraw cost the server ~22 ms
(the spec, its validation, the table through pandas and Arrow) and the browser a vega view; an inline SVG
costs ~1 ms and is drawn within the run's own update (benchmarks/bench_interaction.py). Texts are given
raw and escaped here, once (the SVG is inserted as HTML). Sizes follow viz/diagram.py (no text under FONT
viewBox units).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from viz import theme
from viz.common import svg_document
from viz.diagram import FONT, PAD, W
from viz.heatmap import svg_text, title_lines
from viz.overview import fit, text_width

PLOT_H = 220  # viewBox units of a panel's plot area, top to bottom
GAP = 40  # between two panels


@dataclass(frozen=True)
class Series:
    """One line: points (x, y) in order of x, a tooltip per point (raw)."""

    xs: Sequence[float]
    ys: Sequence[float]
    tips: Sequence[str]
    colour: str = theme.ENCODER
    dots: int = 3  # the radius of its points' dots (they carry the tooltips)


@dataclass(frozen=True)
class LinePanel:
    """A plot: its title and y title (raw), x from 0 to `x_max`, y from 0 to `y_max`; `y_ticks` as (value,
    label); `note` (raw) is written in the middle while it has no point."""

    title: str
    y_title: str
    series: Sequence[Series]
    x_max: float
    y_max: float
    y_ticks: Sequence[tuple[float, str]]
    note: str = ""


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """0, step, 2 step... up to at least `top`: at most `most` + 1 ticks, steps of 1, 2, 2.5 or 5 x 10^k."""
    top = max(float(top), 1e-9)
    base = 10 ** math.floor(math.log10(top / most))
    step = next(k * base for k in (1, 2, 2.5, 5, 10) if top / (k * base) <= most)
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def lines_svg(panels: Sequence[LinePanel], x_title: str, alt: str, width: float = W) -> str:
    """The panels side by side, sharing `x_title` (raw) under each."""
    pw = (width - 2 * PAD - GAP * (len(panels) - 1)) / max(len(panels), 1)
    rows = [title_lines(p.title, pw + PAD) for p in panels]
    top = PAD + 30 * max((len(r) for r in rows), default=0) + 34  # room for the y title's line
    parts = []
    for i, (panel, titles) in enumerate(zip(panels, rows)):
        x0 = PAD + i * (pw + GAP)
        parts.append(
            f'<g transform="translate({round(x0 - PAD, 1)} 0)">{"".join(titles)}</g>'
        )  # (at x = PAD)
        parts += _panel(panel, x0, top, pw, x_title)
    height = round(top + PLOT_H + FONT * 2 + 30 + PAD)
    return svg_document(round(width), height, alt, parts, ' class="lines"')


def _panel(p: LinePanel, x0: float, top: float, pw: float, x_title: str) -> list[str]:
    """One panel: the y title above its axis, gridlines and their labels, the x axis, the lines."""
    left = x0 + max(text_width(label, FONT) for _, label in p.y_ticks) + 12
    right = x0 + pw - 12  # (the last x label is centred on the right end)
    base = top + PLOT_H
    sx = (right - left) / (p.x_max or 1)
    sy = PLOT_H / (p.y_max or 1)
    same = p.y_title.casefold() == p.title.casefold()  # the title says it already
    out = [] if same else [svg_text(x0, top - 20, p.y_title, colour=theme.NEUTRAL, anchor="start")]
    for v, label in p.y_ticks:
        y = round(base - sy * v, 1)
        out.append(f'<line x1="{round(left, 1)}" y1="{y}" x2="{round(right, 1)}" y2="{y}" stroke="#E5E8EF"/>')
        out.append(svg_text(left - 6, y, label, colour=theme.NEUTRAL, anchor="end"))
    for v in nice_ticks(p.x_max, 4):
        if v <= p.x_max:
            out.append(svg_text(left + sx * v, base + FONT / 2 + 6, f"{v:g}", colour=theme.NEUTRAL))
    out.append(svg_text((left + right) / 2, base + FONT * 1.5 + 20, x_title, colour=theme.NEUTRAL))
    out.append(
        f'<line x1="{round(left, 1)}" y1="{base}" x2="{round(right, 1)}" y2="{base}" stroke="{theme.NEUTRAL}"/>'
    )
    if not any(len(s.xs) for s in p.series) and p.note:
        out.append(
            svg_text((left + right) / 2, top + PLOT_H / 2, fit(p.note, right - left), colour=theme.NEUTRAL)
        )
    for s in p.series:
        points = [
            (round(left + sx * x, 1), round(base - sy * min(max(y, 0.0), p.y_max), 1))
            for x, y in zip(s.xs, s.ys)
        ]
        if len(points) > 1:
            line = " ".join(f"{x},{y}" for x, y in points)
            out.append(
                f'<polyline points="{line}" fill="none" stroke="{s.colour}" stroke-width="2.5" stroke-linejoin="round"/>'
            )
        for (x, y), tip in zip(points, s.tips):
            out.append(
                f'<circle class="point" cx="{x}" cy="{y}" r="{s.dots}" fill="{s.colour}"><title>{html.escape(tip)}</title></circle>'
            )
    return out
