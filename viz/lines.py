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
from viz.bars import y_grid
from viz.common import svg_document
from viz.diagram import FONT, PAD, W
from viz.heatmap import svg_text, title_lines, turned_text
from viz.overview import fit, text_width

PLOT_H = 220  # viewBox units of a panel's plot area, top to bottom
GAP = 40  # between two panels
PERCENT = tuple((v / 4, f"{v * 25}%") for v in range(5))  # y ticks of a probability: 0%, 25% ... 100%


@dataclass(frozen=True)
class Series:
    """One line: points (x, y) in order of x, a tooltip per point (raw). Per point, optionally: its colour
    and shape ("circle" or "square", so the two sides of a guide differ without colour too) and a text
    written above it."""

    xs: Sequence[float]
    ys: Sequence[float]
    tips: Sequence[str]
    colour: str = theme.ENCODER
    dots: int = 3  # the radius of its points' dots (they carry the tooltips)
    colours: Sequence[str] | None = None
    shapes: Sequence[str] | None = None
    texts: Sequence[str] | None = None


@dataclass(frozen=True)
class Guide:
    """A dashed horizontal line at `y`, with a text (raw) above and below its right end, each in a colour."""

    y: float
    above: str = ""
    below: str = ""
    above_colour: str = theme.NEUTRAL
    below_colour: str = theme.NEUTRAL


@dataclass(frozen=True)
class LinePanel:
    """A plot: its title and y title (raw), x from 0 to `x_max`, y from 0 to `y_max`; `y_ticks` as (value,
    label); `note` (raw) is written in the middle while it has no point. With `x_labels` (raw), x is a
    category: point x = i sits in the middle of the i-th of len(x_labels) slots, under its label."""

    title: str
    y_title: str
    series: Sequence[Series]
    x_max: float
    y_max: float
    y_ticks: Sequence[tuple[float, str]]
    note: str = ""
    x_labels: Sequence[str] = ()
    guides: Sequence[Guide] = ()


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
    parts, bottom = [], top + PLOT_H
    for i, (panel, titles) in enumerate(zip(panels, rows)):
        x0 = PAD + i * (pw + GAP)
        parts.append(
            f'<g transform="translate({round(x0 - PAD, 1)} 0)">{"".join(titles)}</g>'
        )  # (at x = PAD)
        drawn, low = _panel(panel, x0, top, pw, x_title)
        parts += drawn
        bottom = max(bottom, low)
    return svg_document(round(width), round(bottom + PAD), alt, parts, ' class="lines"')


def _panel(p: LinePanel, x0: float, top: float, pw: float, x_title: str) -> tuple[list[str], float]:
    """One panel: the y title above its axis, gridlines and their labels, the x axis, guides, the lines.
    Also returns how low it reaches (its x labels may be turned)."""
    left = x0 + max(text_width(label, FONT) for _, label in p.y_ticks) + 12
    right = x0 + pw - 12  # (the last x label is centred on the right end)
    base = top + PLOT_H
    sy = PLOT_H / (p.y_max or 1)
    if p.x_labels:
        slot = (right - left) / len(p.x_labels)
        at = lambda x: left + slot * (x + 0.5)  # noqa: E731
    else:
        at = lambda x: left + (right - left) * x / (p.x_max or 1)  # noqa: E731
    same = p.y_title.casefold() == p.title.casefold()  # the title says it already
    out = [] if same else [svg_text(x0, top - 20, p.y_title, colour=theme.NEUTRAL, anchor="start")]
    out += y_grid(p.y_ticks, left, right, base, PLOT_H, p.y_max or 1)
    if p.x_labels:
        labels_drawn, low = _category_labels(p.x_labels, at, slot, base)
        out += labels_drawn
    else:
        out += [svg_text(at(v), base + FONT / 2 + 6, f"{v:g}", colour=theme.NEUTRAL)
                for v in nice_ticks(p.x_max, 4) if v <= p.x_max]  # fmt: skip
        low = base + FONT + 6
    out.append(svg_text((left + right) / 2, low + FONT / 2 + 12, x_title, colour=theme.NEUTRAL))
    out.append(
        f'<line x1="{round(left, 1)}" y1="{base}" x2="{round(right, 1)}" y2="{base}" stroke="{theme.NEUTRAL}"/>'
    )
    for g in p.guides:
        y = round(base - sy * g.y, 1)
        out.append(f'<line class="guide" x1="{round(left, 1)}" y1="{y}" x2="{round(right, 1)}" y2="{y}"'
                   f' stroke="{theme.NEUTRAL}" stroke-dasharray="6 4"/>')  # fmt: skip
        out.append(svg_text(right, y - 12, g.above, colour=g.above_colour, anchor="end"))
        out.append(svg_text(right, y + 12, g.below, colour=g.below_colour, anchor="end"))
    if not any(len(s.xs) for s in p.series) and p.note:
        out.append(
            svg_text((left + right) / 2, top + PLOT_H / 2, fit(p.note, right - left), colour=theme.NEUTRAL)
        )
    for s in p.series:
        out += _series(
            s,
            [(round(at(x), 1), round(base - sy * min(max(y, 0.0), p.y_max), 1)) for x, y in zip(s.xs, s.ys)],
        )
    return out, low + FONT + 24


def _category_labels(labels: Sequence[str], at, slot: float, base: float) -> tuple[list[str], float]:
    """Each category's label under its slot, turned 45 degrees when the widest does not fit a slot."""
    shown = [fit(str(label), 180) for label in labels]
    widest = max(text_width(label, FONT) for label in shown)
    if widest + 8 <= slot:
        return [svg_text(at(i), base + FONT / 2 + 6, label) for i, label in enumerate(shown)], base + FONT + 6
    out = []
    for i, label in enumerate(shown):
        cx = round(at(i), 1)
        out.append(turned_text(cx, base + 10, label))
    return out, base + 10 + widest * 0.71 + FONT / 2


def _series(s: Series, points: list[tuple[float, float]]) -> list[str]:
    """A line through the points, then each point's mark (its tooltip in it) and its text above it."""
    out = []
    if len(points) > 1:
        line = " ".join(f"{x},{y}" for x, y in points)
        out.append(
            f'<polyline points="{line}" fill="none" stroke="{s.colour}" stroke-width="2.5" stroke-linejoin="round"/>'
        )
    r = s.dots
    for i, ((x, y), tip) in enumerate(zip(points, s.tips)):
        colour = s.colours[i] if s.colours else s.colour
        title = f"<title>{html.escape(tip)}</title>"
        if s.shapes and s.shapes[i] == "square":
            out.append(f'<rect class="point" x="{round(x - r, 1)}" y="{round(y - r, 1)}" width="{2 * r}" height="{2 * r}"'
                       f' fill="{colour}">{title}</rect>')  # fmt: skip
        else:
            out.append(f'<circle class="point" cx="{x}" cy="{y}" r="{r}" fill="{colour}">{title}</circle>')
        if s.texts:
            out.append(svg_text(x, y - r - 12, s.texts[i]))
    return out
