"""Boxes and arrows (the Decoder's unrolled view, the RNN input/output types) drawn as one SVG.

Why SVG and not plotly: these are drawings, not data plots (no axes, no zoom), and the unrolled decoder is
drawn again at every step a reader takes. As a plotly chart, `Plotly.react` of "I love you" unrolled took
43-59 ms of each step in the page (benchmarks/bench_interaction.py's page, timed in Chromium); an inline
SVG is drawn by the browser itself, like the Overview's pipeline (viz/overview.py), whose conventions it
follows: one viewBox (at most W units wide) that scales to the column (at most to its own width in px),
text never under FONT units (12.7 px at the ~0.75 scale of a 1280-px window, tests/e2e/test_readability_e2e.py),
a text too long for its box cut with "…" and given whole in the box's <title> (the browser's tooltip).
A diagram goes where its width fits (a long one across the page): a narrow column would scale its text down.

Positions are in data units (a diagram's own grid: a step per unit of x, a row per unit of y, up is up);
`svg` maps them onto the viewBox. Texts are given raw and escaped here, once: the SVG is inserted as HTML
(ui.export.show_svg), so a token such as "<b>" must stay text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from viz import theme
from viz.common import svg_document, wrap_title
from viz.overview import fit, text_width

TEXT = "#262730"  # labels in the boxes: the theme's text colour
W = 1100  # the widest viewBox
FONT = 17  # the smallest text, in viewBox units (see the module's docstring)
TITLE_FONT = 22
PAD = 10  # viewBox units around the drawing


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    text: str  # raw: escaped when drawn
    colour: str  # "#rrggbb"
    line: float = 1.5  # outline width (thicker: the selected step)
    w: float = 0.4  # half width and half height, in data units
    h: float = 0.3
    short: str = ""  # raw; what the box says when its text does not fit (the step number of "decoder 12")


@dataclass(frozen=True)
class Label:
    """Text standing on its own (a panel's name, an ellipsis)."""

    x: float
    y: float
    text: str  # raw
    size: int = FONT
    colour: str = TEXT
    bold: bool = False


@dataclass(frozen=True)
class Arrow:
    x0: float
    y0: float
    x1: float  # the head is here
    y1: float
    colour: str


@dataclass(frozen=True)
class Region:
    """A rectangle of the drawing, in data units: faded (not generated yet) or telling what is there."""

    x0: float
    x1: float
    y0: float
    y1: float
    tip: str = ""  # raw; the browser's tooltip over the region


@dataclass(frozen=True)
class Frame:
    """The data units shown (x and y ranges), the viewBox's height and the names of rows at the left."""

    x: tuple[float, float]
    y: tuple[float, float]
    height: int
    rows: tuple[tuple[float, str], ...] = ()  # (y, raw name)
    # viewBox units per unit of x, at most: a diagram of few steps is narrower, not stretched
    step: float = 110


def _extent(frame: Frame) -> tuple[float, int]:
    """Where the drawing starts (right of the row names) and the viewBox's width, in viewBox units."""
    names = [text_width(name, FONT) for _, name in frame.rows]
    left = PAD + (max(names) + 14 if names else 0)
    return left, round(min(W, left + frame.step * (frame.x[1] - frame.x[0]) + PAD))


class _Scale:
    """Data units -> viewBox units, under a title of `top` units and right of the row names."""

    def __init__(self, frame: Frame, top: float):
        self.left, self.width = _extent(frame)
        self.top = top
        self.kx = (self.width - PAD - self.left) / (frame.x[1] - frame.x[0])
        self.ky = (frame.height - PAD - top) / (frame.y[1] - frame.y[0])
        self.x0, self.y1 = frame.x[0], frame.y[1]

    def x(self, v: float) -> float:
        return round(self.left + (v - self.x0) * self.kx, 1)

    def y(self, v: float) -> float:
        return round(self.top + (self.y1 - v) * self.ky, 1)


def _text(x, y, raw: str, size=FONT, colour=TEXT, anchor="middle", bold=False, tip="") -> str:
    weight = ' font-weight="bold"' if bold else ""
    title = f"<title>{html.escape(tip)}</title>" if tip else ""
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" fill="{colour}" text-anchor="{anchor}"'
        f' dominant-baseline="central"{weight}>{html.escape(raw)}{title}</text>'
    )


def _box(b: Box, s: _Scale) -> str:
    x0, x1, y0 = s.x(b.x - b.w), s.x(b.x + b.w), s.y(b.y + b.h)
    width, height = round(x1 - x0, 1), round(s.y(b.y - b.h) - y0, 1)
    room = width - 8
    shown = b.short if b.short and text_width(b.text, FONT) > room else b.text
    shown = fit(shown, room, FONT)
    return (
        f'<rect class="box" x="{x0}" y="{y0}" width="{width}" height="{height}" rx="3" fill="{b.colour}"'
        f' fill-opacity="0.12" stroke="{b.colour}" stroke-width="{b.line}"/>'
        + _text(round((x0 + x1) / 2, 1), s.y(b.y), shown, tip=b.text if shown != b.text else "")
    )


def _arrow(a: Arrow, s: _Scale) -> str:
    """A shaft and a triangular head at (x1, y1), turned along the shaft."""
    x0, y0, x1, y1 = s.x(a.x0), s.y(a.y0), s.x(a.x1), s.y(a.y1)
    length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1e-6)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length  # along the shaft
    bx, by = x1 - 11 * ux, y1 - 11 * uy  # the head's base
    head = f"{x1},{y1} {bx - 5 * uy:.1f},{by + 5 * ux:.1f} {bx + 5 * uy:.1f},{by - 5 * ux:.1f}"
    return (
        f'<line class="arrow" x1="{x0}" y1="{y0}" x2="{bx:.1f}" y2="{by:.1f}" stroke="{a.colour}"'
        f' stroke-width="1.5"/><polygon points="{head}" fill="{a.colour}"/>'
    )


def _region(r: Region, s: _Scale, cls: str, fill: str) -> str:
    x0, x1, y0, y1 = s.x(r.x0), s.x(r.x1), s.y(r.y1), s.y(r.y0)
    tip = f"<title>{html.escape(r.tip)}</title>" if r.tip else ""
    return f'<rect class="{cls}" x="{x0}" y="{y0}" width="{round(x1 - x0, 1)}" height="{round(y1 - y0, 1)}" {fill}>{tip}</rect>'


def svg(
    title: str,
    frame: Frame,
    boxes: Sequence[Box],
    arrows: Sequence[Arrow] = (),
    labels: Sequence[Label] = (),
    fades: Sequence[Region] = (),
    tips: Sequence[Region] = (),
    alt: str = "",
) -> str:
    """The diagram as one SVG string: title, row names, arrows under boxes, labels, then the veils over
    what is faded and the regions that explain themselves on hover (on top, so the pointer finds them)."""
    width = _extent(frame)[1]
    chars = int((width - 2 * PAD) / (0.6 * TITLE_FONT))  # a title line's room, in Latin letters
    # (escaped first: wrap_title counts an entity as one character)
    lines = wrap_title(html.escape(title), chars).split("<br>")
    s = _Scale(frame, PAD + 34 * len(lines) + 6)
    parts = [
        f'<text x="{PAD}" y="{PAD + 24 + 34 * i}" font-size="{TITLE_FONT}" fill="{TEXT}">{line}</text>'
        for i, line in enumerate(lines)
    ]
    parts += [_text(s.left - 12, s.y(y), name, colour=theme.NEUTRAL, anchor="end") for y, name in frame.rows]
    parts += [_arrow(a, s) for a in arrows]
    parts += [_box(b, s) for b in boxes]
    parts += [_text(s.x(a.x), s.y(a.y), a.text, max(a.size, FONT), a.colour, bold=a.bold) for a in labels]
    parts += [_region(r, s, "fade", 'fill="#ffffff" fill-opacity="0.75"') for r in fades]
    parts += [_region(r, s, "tip", 'fill="#ffffff" fill-opacity="0"') for r in tips]
    return svg_document(width, frame.height, alt or title, parts)
