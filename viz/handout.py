"""The lesson's handout: one self-contained HTML file (no script, no external font, image or stylesheet),
printable on A4, that opens offline.

Why our own SVGs and not the pages' plotly charts: a plotly chart needs plotly.js (a 4 MB script) to draw,
and rendering it to an image on the server needs a browser (kaleido). The handout's figures are the same
numbers drawn as small inline SVGs: heatmaps (`heatmap_svg`) and bars (`bars_svg`), in the pages' colour
scales. Every user-derived string is escaped (`esc`); the note's markdown becomes HTML through `markdown`,
which knows the few constructs the note uses (paragraphs, bold, code, quotes, lists, tables, code blocks).
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from plotly.colors import sample_colorscale

from viz import theme
from viz.common import esc

CELL_W, CELL_H = 34, 26  # px of one heatmap cell (or one bar's row)
LEFT, TOP = 110, 34  # px of the row labels' column and of the title above the grid


def _colour(scale: str, x: float) -> str:
    rgb = sample_colorscale(theme.colorscale(scale), [min(max(x, 0.0), 1.0)], colortype="tuple")[0]
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)  # the tuple's channels are 0..1


def _ink(fill: str) -> str:
    return "#ffffff" if theme.contrast(fill, "#ffffff") >= theme.contrast(fill, "#000000") else "#000000"


def heatmap_svg(z: np.ndarray, rows: Sequence[str], cols: Sequence[str], title: str, signed: bool = False,
                numbers: bool = True) -> str:  # fmt: skip
    """z (R, C) as a grid of coloured cells with its row and column labels; values written in the cells
    when `numbers` (and the grid is small enough to read them). Viridis for [0, 1], RdBu when `signed`."""
    z = np.asarray(z, dtype=float)
    r, c = z.shape
    cw = CELL_W if c <= 16 else max(6, 560 // c)
    lo, hi = (-1.0, 1.0) if signed else (0.0, 1.0)
    if signed:
        m = float(np.abs(z).max()) or 1.0
        z = z / m
    w, h = LEFT + cw * c + 10, TOP + CELL_H * r + 70
    scale = theme.DIVERGING if signed else theme.SEQUENTIAL
    parts = [_open(w, h, title), f'<text x="0" y="18" font-size="15" font-weight="bold">{esc(title)}</text>']
    for i in range(r):
        y = TOP + i * CELL_H
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 18}" font-size="13" text-anchor="end">{esc(rows[i])}</text>'
        )
        for j in range(c):
            fill = _colour(scale, (z[i, j] - lo) / (hi - lo))
            parts.append(f'<rect x="{LEFT + j * cw}" y="{y}" width="{cw}" height="{CELL_H}" fill="{fill}"/>')
            if numbers and cw >= 30:
                parts.append(f'<text x="{LEFT + j * cw + cw / 2}" y="{y + 17}" font-size="11" text-anchor="middle" '
                             f'fill="{_ink(fill)}">{z[i, j]:.2f}</text>')  # fmt: skip
    if len(cols) == c and cw >= 20:
        for j, name in enumerate(cols):
            x, y = LEFT + j * cw + cw / 2, TOP + r * CELL_H + 10
            parts.append(
                f'<text x="{x}" y="{y}" font-size="13" transform="rotate(45 {x} {y})">{esc(name)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def bars_svg(names: Sequence[str], values: Sequence[float], title: str, fmt: str = "{:.3f}") -> str:
    """Horizontal bars, one per name, longest = the largest value, each with its value written."""
    values = [float(v) for v in values]
    top = max(values, default=0.0) or 1.0
    width = 360
    w, h = LEFT + width + 90, TOP + CELL_H * len(names) + 8
    parts = [_open(w, h, title), f'<text x="0" y="18" font-size="15" font-weight="bold">{esc(title)}</text>']
    for i, (name, v) in enumerate(zip(names, values, strict=True)):
        y = TOP + i * CELL_H
        length = max(1.0, width * max(v, 0.0) / top)
        parts.append(f'<text x="{LEFT - 6}" y="{y + 17}" font-size="13" text-anchor="end">{esc(name)}</text>'
                     f'<rect x="{LEFT}" y="{y + 3}" width="{length:.1f}" height="{CELL_H - 6}" fill="{theme.ENCODER}"/>'
                     f'<text x="{LEFT + length + 6}" y="{y + 17}" font-size="13">{esc(fmt.format(v))}</text>')  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def _open(w: float, h: float, title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
            f'aria-label="{_html.escape(title)}" style="max-width:100%;height:auto;font-family:{_html.escape(theme.FONT_FAMILY)}">')  # fmt: skip


_INLINE = (
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])"), r"<em>\1</em>"),
)


def inline(text: str) -> str:
    """One line of markdown: escaped, then `code`, **bold** and *italic*."""
    out = esc(text)
    for pattern, repl in _INLINE:
        out = pattern.sub(repl, out)
    return out


def _table(lines: list[str]) -> str:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    head, body = rows[0], [r for r in rows[1:] if not all(set(c) <= set("-: ") for c in r)]
    th = "".join(f"<th>{inline(c)}</th>" for c in head)
    trs = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in body)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>"


def markdown(text: str) -> str:
    """The note's markdown as HTML: blocks separated by blank lines; a block is a table, a list, a quote, a
    fenced code block or a paragraph."""
    html, blocks = [], re.split(r"\n\s*\n", text.strip())
    for block in blocks:
        lines = block.split("\n")
        if lines[0].startswith("```"):
            body = "\n".join(line for line in lines[1:] if not line.startswith("```"))
            html.append(f"<pre>{esc(body)}</pre>")
        elif lines[0].lstrip().startswith("|"):
            html.append(_table(lines))
        elif lines[0].startswith(("* ", "- ")):
            items, current = [], []
            for line in lines:
                if line.startswith(("* ", "- ")) and current:
                    items.append(" ".join(current))
                    current = []
                current.append(line[2:].strip() if line.startswith(("* ", "- ")) else line.strip())
            items.append(" ".join(current))
            html.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
        elif lines[0].startswith(">"):
            html.append(
                "<blockquote>" + inline(" ".join(line.lstrip("> ") for line in lines)) + "</blockquote>"
            )
        else:
            html.append("<p>" + inline(" ".join(line.strip() for line in lines)) + "</p>")
    return "".join(html)


@dataclass(frozen=True)
class Section:
    """One lesson step in the handout: already-translated texts (markdown) and its figures (SVG strings)."""

    title: str
    note: str
    question: str
    options: tuple[str, ...]
    answer: str  # the line that gives the answer
    why: str
    figures: tuple[str, ...] = ()
    yours: str = ""  # the line with the student's answer, if given


CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: NanumGothic, 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif;
  color: #262730; max-width: 180mm; margin: 0 auto; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 14pt; margin: 14pt 0 4pt; }
section { break-inside: avoid; page-break-inside: avoid; border-top: 1px solid #c9ced9; padding-top: 6pt; }
table { border-collapse: collapse; margin: 6pt 0; } th, td { border: 1px solid #c9ced9; padding: 2pt 6pt; }
th { background: #f0f2f6; } code, pre { font-family: monospace; background: #f0f2f6; }
pre { padding: 4pt 8pt; white-space: pre-wrap; } blockquote { margin: 6pt 0; padding-left: 8pt;
  border-left: 3px solid #0072B2; } .q { background: #f7f8fa; padding: 4pt 8pt; border-radius: 4pt; }
.answer { font-weight: bold; } figure { margin: 6pt 0; } svg { display: block; }
.meta { color: #595959; }
"""


def document(lang: str, title: str, meta: Sequence[str], sections: Sequence[Section]) -> str:
    """The whole handout as one HTML string (everything inline; nothing to load)."""
    parts = [f'<!DOCTYPE html><html lang="{_html.escape(lang)}"><head><meta charset="utf-8">',
             f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
             f"<h1>{esc(title)}</h1>", *(f'<p class="meta">{inline(m)}</p>' for m in meta)]  # fmt: skip
    for n, sec in enumerate(sections, start=1):
        options = "".join(f"<li>{inline(o)}</li>" for o in sec.options)
        figures = "".join(f"<figure>{svg}</figure>" for svg in sec.figures)
        yours = f"<p>{inline(sec.yours)}</p>" if sec.yours else ""
        parts.append(f"<section><h2>{n}. {esc(sec.title)}</h2>{markdown(sec.note)}"
                     f'<div class="q"><p>{inline(sec.question)}</p><ol type="a">{options}</ol>{yours}'
                     f'<p class="answer">{inline(sec.answer)}</p><p>{inline(sec.why)}</p></div>{figures}</section>')  # fmt: skip
    parts.append("</body></html>")
    return "".join(parts)
