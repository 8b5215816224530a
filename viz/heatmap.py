"""Heatmaps (rows x columns of values, e.g. attention: output step x input token) drawn as one SVG.

Why not plotly: a heatmap is most of what the Attention, Encoder and Compare pages redraw for every sentence
a class types. As a plotly chart each one costs its `Plotly.react` (14-29 ms in an idle page, 25-60 ms in
the page as it updates), and it starts only after Streamlit has run the chart component's script, after the
run's elements are painted (20-35 ms later); an inline SVG is drawn by the browser within the run's own
update (benchmarks/bench_interaction.py). The cells of a panel are one tiny PNG image scaled up without
smoothing (as viz/overview.py's strips), so the SVG stays small whatever the number of cells; the tokens,
the numbers in the cells, the colour bar and the titles are text.

Hover and click: each panel's image carries its values and labels as data attributes; the figure's export
bar (ui/export.py) shows the cell under the pointer in a tooltip and reports a click on a clickable panel
as {"panel", "row", "col"}. Texts are given raw and escaped here, once: the SVG is inserted as HTML
(ui.export.show_svg), so a token such as "<b>" stays text. Sizes follow viz/diagram.py: no text under
FONT viewBox units; `width` is the viewBox's width, chosen for the column the figure is drawn in (W for the
page's width) so that its text keeps that size on the screen.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from viz import theme
from viz.common import svg_document, wrap_title
from viz.diagram import FONT, PAD, TEXT, TITLE_FONT, W
from viz.overview import fit, png_uri, text_width

ROW = 34  # viewBox units per row of cells (plotly's heatmaps had 34-38 px per token)
GAP = 28  # between two panels side by side
BAR = 80  # the colour bar and its numbers, right of the panels
NICE_STEPS = (1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100, 10**9)  # every k-th unit labelled
NUMBER_CHARS = 4  # "0.53": a cell needs room for this many digits to print its value


@dataclass(frozen=True)
class Panel:
    """One heatmap: z[r, c] is drawn at row r (top to bottom) and column c (left to right)."""

    z: np.ndarray | None  # (R, C); None: no matrix, `note` says why in its place
    rows: Sequence[str]  # R raw labels
    cols: Sequence[str]  # C raw labels
    title: str = ""  # raw; above the panel
    selected: int | None = None  # a row outlined (the decoder step shown elsewhere on the page)
    # (row, col, "square" | "circle"): marks over cells (gold links)
    rings: Sequence[tuple[int, int, str]] = ()
    # its own scale (an LSTM's tanh gate next to its sigmoid gates); None: the figure's
    colours: Colours | None = None
    note: str = ""  # raw; what a panel without a matrix says
    outlined: bool = False  # the whole panel outlined (the one shown enlarged elsewhere)


@dataclass(frozen=True)
class Colours:
    """The colour scale shared by the panels: `scale` (a theme name) from `lo` to `hi`, named `title`."""

    scale: str
    lo: float
    hi: float
    title: str  # raw
    fmt: str = ".3f"  # a value as the tooltip prints it


STATES = Colours(theme.DIVERGING, -1.0, 1.0, "h")  # hidden states (tanh): -1 to 1, diverging


def weight_colours(title: str, fmt: str = ".3f") -> Colours:
    """Attention weights' scale, named `title` (raw): sequential from 0 to 1."""
    return Colours(theme.SEQUENTIAL, 0.0, 1.0, title, fmt)


def rgb(values: np.ndarray, colours: Colours) -> np.ndarray:
    """Values -> (..., 3) uint8 on the scale, clipped to [lo, hi] and interpolated between its stops as
    plotly.js does."""
    stops = theme.colorscale(colours.scale)
    at = [p for p, _ in stops]
    table = np.array([theme.channels(c) for _, c in stops], dtype=float)  # (K, 3)
    span = (colours.hi - colours.lo) or 1.0
    pos = np.clip((np.asarray(values, dtype=float) - colours.lo) / span, 0, 1)
    out = np.stack([np.interp(pos, at, table[:, k]) for k in range(3)], axis=-1)
    return np.rint(out).astype(np.uint8)


def svg_text(x, y, raw: str, size=FONT, colour=TEXT, anchor="middle", extra="") -> str:
    """A text (raw, escaped here) centred on its line at (x, y); `extra`: attributes added (escaped)."""
    return (
        f'<text x="{round(x, 1)}" y="{round(y, 1)}" font-size="{size}" fill="{colour}" text-anchor="{anchor}"'
        f' dominant-baseline="central"{extra}>{html.escape(raw)}</text>'
    )


def turned_text(x, y, raw: str) -> str:
    """A label (raw) turned 45 degrees, ending at (x, y): under a column or slot too narrow for it upright.
    It reaches about 0.71 of its width below y."""
    return svg_text(x, y, raw, anchor="end", extra=f' transform="rotate(-45 {x} {y})"')


def title_lines(title: str, width: float) -> list[str]:
    """A figure's title (raw) wrapped to a viewBox `width` units wide: one <text> per line, 30 units apart."""
    chars = int((width - 2 * PAD) / (0.6 * TITLE_FONT))  # a line's room, in Latin letters
    lines = wrap_title(html.escape(title), chars).split("<br>") if title else []
    return [
        f'<text x="{PAD}" y="{PAD + 22 + 30 * i}" font-size="{TITLE_FONT}" fill="{TEXT}">{line}</text>'
        for i, line in enumerate(lines)
    ]


def _numeric(labels: Sequence[str]) -> bool:
    return all(str(s).lstrip("-").isdigit() for s in labels)


class _Layout:
    """Where everything goes, in viewBox units: the title's lines, then per row of panels their titles, the
    cells, the column labels; the row labels left of each panel whose rows differ from its left neighbour's."""

    def __init__(self, title, panels, columns, width, above: bool):
        self.grid = [panels[i : i + columns] for i in range(0, len(panels), columns)]
        self.title = title_lines(title, width)
        names = [max((text_width(str(s), FONT) for s in p.rows), default=-12) + 12 for p in panels]
        name_room = [
            names[i] if i % columns == 0 or list(p.rows) != list(panels[i - 1].rows) else 0
            for i, p in enumerate(panels)
        ]
        self.name_room = name_room
        room = (
            width
            - 2 * PAD
            - BAR
            - GAP * (columns - 1)
            - max(sum(name_room[r * columns : (r + 1) * columns]) for r in range(len(self.grid)))
        )
        widest = max((p.z.shape[1] for p in panels if p.z is not None), default=1)
        self.ncols = [
            p.z.shape[1] if p.z is not None else widest for p in panels
        ]  # (a note takes a panel's room)
        self.cell = room / max(
            sum(self.ncols[r * columns : (r + 1) * columns]) for r in range(len(self.grid))
        )
        # where the cells start: under the title and the line above them (the y title, the legend)
        self.top = PAD + 30 * len(self.title) + (8 if self.title else 0) + (26 if above else 0)

    def tick_room(self, panel: Panel) -> tuple[list[int], bool, float]:
        """Which column labels to write, whether turned 45 degrees, and the height they take."""
        widths = [text_width(str(s), FONT) for s in panel.cols]
        widest = max(widths, default=0)
        if widest + 6 <= self.cell:
            return list(range(len(panel.cols))), False, FONT + 10
        if _numeric(panel.cols):  # units: every k-th, upright
            k = next(k for k in NICE_STEPS if k * self.cell >= widest + 10)
            return list(range(0, len(panel.cols), k)), False, FONT + 10
        return list(range(len(panel.cols))), True, widest * 0.71 + FONT


def _panel(
    p: Panel, x0: float, y0: float, cell: float, number_fmt: str | None, colours: Colours, data: dict
) -> list[str]:
    """A panel's cells (one image), the numbers in them, the outlined row and the rings."""
    R, C = p.z.shape
    w, h = round(cell * C, 1), ROW * R
    attrs = "".join(f' data-{k}="{html.escape(str(v))}"' for k, v in data.items())
    pointer = ";cursor:pointer" if "click" in data else ""
    out = [
        f'<image class="cells" x="{round(x0, 1)}" y="{round(y0, 1)}" width="{w}" height="{h}"'
        f' href="{png_uri(rgb(p.z, colours))}" preserveAspectRatio="none"'
        f' style="image-rendering:pixelated{pointer}"{attrs}/>'
    ]
    if number_fmt is not None:
        inks = theme.text_colours(p.z.ravel(), colours.scale, colours.lo, colours.hi)
        for k, v in enumerate(p.z.ravel()):
            r, c = divmod(k, C)
            out.append(svg_text(x0 + (c + 0.5) * cell, y0 + (r + 0.5) * ROW, format(float(v), number_fmt), colour=inks[k],
                             extra=' class="number" pointer-events="none"'))  # fmt: skip
    for r, c, shape in p.rings:
        cx, cy = x0 + (c + 0.5) * cell, y0 + (r + 0.5) * ROW
        s = min(cell, ROW) * 0.36
        mark = (
            f'<rect x="{round(cx - s, 1)}" y="{round(cy - s, 1)}" width="{round(2 * s, 1)}" height="{round(2 * s, 1)}"'
            if shape == "square"
            else f'<circle cx="{round(cx, 1)}" cy="{round(cy, 1)}" r="{round(s, 1)}"'
        )
        out.append(
            f'{mark} class="ring {shape}" fill="none" stroke="white" stroke-width="5" pointer-events="none"/>'
        )
        out.append(f'{mark} fill="none" stroke="black" stroke-width="2" pointer-events="none"/>')
    if p.outlined:
        out.append(
            f'<rect class="outlined" x="{round(x0 - 3, 1)}" y="{y0 - 3}" width="{round(w + 6, 1)}" height="{h + 6}"'
            f' fill="none" stroke="{theme.DECODER}" stroke-width="4" pointer-events="none"/>'
        )
    if p.selected is not None and 0 <= p.selected < R:
        out.append(
            f'<rect class="selected" x="{round(x0, 1)}" y="{y0 + ROW * p.selected}" width="{w}" height="{ROW}"'
            f' fill="none" stroke="{theme.DECODER}" stroke-width="4" pointer-events="none"/>'
        )
    return out


def _colour_bar(colours: Colours, x: float, top: float, height: float) -> list[str]:
    ramp = rgb(np.linspace(colours.hi, colours.lo, 64), colours)[:, None, :]  # (64, 1, 3): hi at the top
    out = [svg_text(x, top - 22, colours.title, anchor="start")]
    out.append(
        f'<image class="colour-bar" x="{x}" y="{top}" width="14" height="{height}" href="{png_uri(ramp)}"'
        f' preserveAspectRatio="none"/>'
    )
    for frac, v in ((0, colours.hi), (0.5, (colours.lo + colours.hi) / 2), (1, colours.lo)):
        out.append(svg_text(x + 20, top + frac * height, f"{v:g}".replace("-", "−"), anchor="start"))
    return out


def _legend(legend: Sequence[tuple[str, str]], right: float, y: float) -> list[str]:
    """The rings' shapes and names, right-aligned to `right`."""
    out = []
    for shape, text in reversed(legend):
        right -= text_width(text, FONT) + 4
        out.append(svg_text(right, y, text, anchor="start"))
        mark = (
            f'<rect x="{round(right - 22, 1)}" y="{y - 7}" width="14" height="14"'
            if shape == "square"
            else f'<circle cx="{round(right - 15, 1)}" cy="{y}" r="7"'
        )
        out.append(f'{mark} fill="none" stroke="black" stroke-width="2"/>')
        right -= 40
    return out


def _column_labels(p: Panel, lay: _Layout, x: float, y: float) -> tuple[list[str], float]:
    """A panel's column labels under its cells (from `y`), upright or turned 45 degrees, and their height."""
    shown, turned, height = lay.tick_room(p)
    out = []
    for c in shown:
        cx = round(x + (c + 0.5) * lay.cell, 1)
        if turned:
            out.append(turned_text(cx, y + 4, fit(str(p.cols[c]), 160)))
        else:
            out.append(svg_text(cx, y + FONT / 2 + 2, str(p.cols[c])))
    return out, height


def heatmap_svg(
    title: str,
    panels: Sequence[Panel],
    colours: Colours,
    x_title: str = "",
    y_title: str = "",
    alt: str = "",
    width: float = W,
    columns: int | None = None,
    numbers: str | None = None,
    clickable: bool = False,
    legend: Sequence[tuple[str, str]] = (),
) -> str:
    """The panels side by side (`columns` per row; all of them by default) under `title`, with a colour bar
    per scale (the figure's `colours`, and any panel's own).

    numbers: a format (".2f") to print each value in its cell, where every cell has room for it.
    clickable: a click on a cell is reported (ui/export.py's bar). legend: (shape, raw text) of the rings."""
    columns = columns or len(panels)
    lay = _Layout(title, panels, columns, width, above=bool(y_title or legend))
    parts = list(lay.title)
    title_y = lay.top - 16
    if y_title:
        parts.append(svg_text(PAD, title_y, y_title, colour=theme.NEUTRAL, anchor="start"))
    parts += _legend(legend, width - PAD - BAR, title_y)
    y = lay.top
    fits = numbers is not None and lay.cell >= text_width("0" * NUMBER_CHARS, FONT) + 6
    for r, row in enumerate(lay.grid):
        has_titles = any(p.title for p in row)
        y_cells = y + (FONT + 14 if has_titles else 0)
        x = PAD
        bottom = y_cells
        for i, p in enumerate(row):
            k = r * columns + i
            x += lay.name_room[k]
            pw = lay.cell * lay.ncols[k]
            if p.title:
                parts.append(svg_text(x + pw / 2, y + FONT / 2 + 2, fit(p.title, pw + GAP), colour=TEXT))
            if p.z is None:
                parts.append(svg_text(x + pw / 2, y_cells + ROW, fit(p.note, pw), colour=theme.NEUTRAL))
                bottom, x = max(bottom, y_cells + 2 * ROW), x + pw + GAP
                continue
            R, C = p.z.shape
            if lay.name_room[k]:
                for j, name in enumerate(p.rows):
                    shown = fit(str(name), lay.name_room[k] - 8)
                    parts.append(svg_text(x - 8, y_cells + (j + 0.5) * ROW, shown, anchor="end"))
            scale = p.colours or colours
            data = {
                "panel": k, "rows": json.dumps([str(s) for s in p.rows], ensure_ascii=False),
                "cols": json.dumps([str(s) for s in p.cols], ensure_ascii=False),
                "z": ",".join(format(float(v), scale.fmt) for v in p.z.ravel()), "nrows": R, "ncols": C,
                "tip": json.dumps([y_title, x_title, scale.title, p.title], ensure_ascii=False),
            }  # fmt: skip
            if clickable:
                data["click"] = 1  # (and the pointer says so: style below)
            parts += _panel(p, x, y_cells, lay.cell, numbers if fits else None, scale, data)
            labels, tick_h = _column_labels(p, lay, x, y_cells + ROW * R + 6)
            parts += labels
            bottom = max(bottom, y_cells + ROW * R + 6 + tick_h)
            x += pw + GAP
        y = bottom + 10
    if x_title:
        parts.append(svg_text(PAD + (width - BAR) / 2, y + 6, x_title, colour=theme.NEUTRAL))
        y += FONT + 16
    scales = list(dict.fromkeys(p.colours or colours for p in panels))  # each scale in use, once, in order
    bar_h = min(200.0, max(80.0, (y - lay.top) / len(scales) - 60))
    bar_y = lay.top + 30
    for scale in scales:  # one colour bar per scale, one under the other
        parts += _colour_bar(scale, width - PAD - BAR + 16, bar_y, bar_h)
        bar_y += bar_h + 56
    height = round(max(y, bar_y) + PAD)
    return svg_document(round(width), height, alt or title, parts, ' class="heatmap"')
