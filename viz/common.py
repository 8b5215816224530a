"""Small helpers the Encoder, Decoder and Attention figures share.

Why token axes are numeric: a sentence can repeat a word ("the ... the"), and a categorical plotly axis
would merge the two rows. So rows/columns are positions 0..n-1 and the tokens are only their tick text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

import numpy as np

from . import theme


def esc(text) -> str:
    """Plotly reads labels as a small HTML dialect, so "<eos>" or "<unk>" would vanish as unknown tags
    (and user text must never become markup): escape every token and user string put into a figure."""
    return html.escape(str(text), quote=False)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def svg_document(width, height, alt: str, parts: Sequence[str], attrs: str = "") -> str:
    """One of our inline SVG figures: a viewBox `width` x `height` drawn at the column's width (at most its
    own), `alt` (raw) as its text alternative and tooltip, our font; `attrs` (escaped) added to the root."""
    alt = html.escape(alt)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img"'
        f' aria-label="{alt}" font-family="{html.escape(theme.FONT_FAMILY)}"{attrs}'
        f' style="max-width:{width}px;height:auto;background:white"><title>{alt}</title>'
        + "".join(parts)
        + "</svg>"
    )


def table(columns: Mapping[str, Sequence]) -> dict[str, list]:
    """A small table as column name -> values, in order: what `markdown_table` draws and tests read."""
    return {name: list(values) for name, values in columns.items()}


def rows_table(rows: Sequence[Mapping], names: Sequence[str]) -> dict[str, list]:
    """`table` from one dict per row (keys = `names`); an empty list gives the columns with no rows."""
    return table({name: [row[name] for row in rows] for name in names})


def markdown_table(columns: Mapping[str, Sequence]) -> str:
    """The table as markdown, which Streamlit draws as an HTML <table> with header cells: every cell
    escaped (tokens such as <sos> and user words are shown literally), numbers right-aligned.

    Why not st.dataframe: Streamlit converts any table to Arrow, and pyarrow imports pandas to do so. For
    tables of a few rows that cost every server process ~68 MB (benchmarks/bench_cold.py)."""
    names = list(columns)
    values = [list(columns[name]) for name in names]
    numeric = [bool(col) and all(isinstance(v, (int, float)) for v in col) for col in values]
    lines = ["| " + " | ".join(_cell(name) for name in names) + " |"]
    lines.append("|" + "|".join("---:" if right else ":---" for right in numeric) + "|")
    for row in zip(*values):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join(lines)


def _cell(value) -> str:
    """One markdown table cell: a number as it is, text escaped and on one line (a line break would end
    the row; an empty text is a blank cell)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return " ".join(md_escape(value).replace("\r", "\n").split("\n")) or " "


def md_escape(text) -> str:
    """User text inside a Streamlit markdown string (st.success, st.info...): every markdown, HTML and
    LaTeX ($) character backslash-escaped, so a typed word is shown literally and never becomes markup."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def escs(tokens: Sequence[str]) -> list[str]:
    return [esc(t) for t in tokens]


def token_axis(tokens: Sequence[str], title: str, **extra) -> dict:
    """Axis settings that label positions 0..n-1 with `tokens` (duplicates stay separate)."""
    return dict(
        title=dict(text=title),
        tickmode="array",
        tickvals=list(range(len(tokens))),
        ticktext=escs(tokens),
        showgrid=False,
        zeroline=False,
        **extra,
    )


def hover_grid(rows: Sequence[str], cols: Sequence[str]) -> np.ndarray:
    """(R, C, 2) customdata: [row token, column token] per cell, for hover templates."""
    grid = np.empty((len(rows), len(cols), 2), dtype=object)
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            grid[i, j] = (esc(r), esc(c))
    return grid


def rgba(hex_colour: str, alpha: float) -> str:
    """ "#0072B2", 0.3 -> "rgba(0,114,178,0.3)" (faded nodes and lines keep their hue)."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha:g})"


TITLE_CHARS = 34  # a title line longer than this ran past narrow charts at 150% zoom (issue 10)


def wrap_title(title: str, width: int = TITLE_CHARS) -> str:
    """Break a plotly title into lines of about `width` visible characters at spaces ("<br>" already in
    it stays a break; entities such as &lt; count as one character, Hangul as two halves of a wide one)."""

    def visible(word: str) -> float:
        return sum(1.6 if ord(ch) >= 0x1100 else 1 for ch in html.unescape(re.sub(r"<[^>]+>", "", word)))

    lines = []
    for part in title.split("<br>"):
        line, length = [], 0.0
        for word in part.split(" "):
            if line and length + 1 + visible(word) > width:
                lines.append(" ".join(line))
                line, length = [], 0.0
            line.append(word)
            length += visible(word) + (1 if len(line) > 1 else 0)
        lines.append(" ".join(line))
    return "<br>".join(lines)


def base_layout(title: str, wrap: int = TITLE_CHARS, **overrides) -> dict:
    """The shared theme plus a title: every figure has one (exported files keep it). Long titles wrap,
    and the top margin grows by a line for each extra line."""
    text = wrap_title(title, wrap)
    extra = 28 * text.count("<br>")  # a title line and a little air
    layout = theme.layout(title=dict(text=text, x=0.0, xanchor="left"), **overrides)
    layout["margin"] = dict(layout["margin"], t=layout["margin"].get("t", 40) + extra)
    return layout


def subplot_row(n: int, titles: Sequence[str] = (), spacing: float = 0.2, shared_y: bool = False) -> dict:
    """The axes (and subplot titles) of `make_subplots(rows=1, cols=n, ...)`, as a plain layout dict.

    Why not make_subplots: a figure built through plotly.py's setters costs 10-25 ms, one built from dicts
    (`theme.figure`) under 1 ms, on every rerun with a new input. Trace k (1-based) goes on axes
    `subplot_axes(k)`. tests/test_viz_encoder.py checks this against make_subplots."""
    width = (1.0 - spacing * (n - 1)) / n
    layout: dict = {}
    for k in range(1, n + 1):
        x0 = (k - 1) * (width + spacing)
        x, y = subplot_axes(k)
        layout["xaxis" + x[1:]] = {"anchor": y, "domain": [x0, x0 + width]}
        layout["yaxis" + y[1:]] = {"anchor": x, "domain": [0.0, 1.0]}
        if shared_y and k > 1:
            layout["yaxis" + y[1:]].update(matches="y", showticklabels=False)
    layout["annotations"] = [
        dict(font=dict(size=16), showarrow=False, text=text, x=sum(layout["xaxis" + subplot_axes(k)[0][1:]]["domain"]) / 2,
             xanchor="center", xref="paper", y=1.0, yanchor="bottom", yref="paper")
        for k, text in enumerate(titles, start=1)
    ]  # fmt: skip
    return layout


def subplot_axes(k: int) -> tuple[str, str]:
    """The axis references ("x2", "y2") of the k-th (1-based) subplot; the first is ("x", "y")."""
    return ("x", "y") if k == 1 else (f"x{k}", f"y{k}")


def step_label(step: int, token: str) -> str:
    """Step numbers are 1-based for people: "3 · 사랑해"."""
    return f"{step + 1} · {esc(token)}"


SUBPLOT_TITLE_PX = 24  # px of one line of a subplot title (plotly's 16 px font and its gap)
# px more above an axis title moved over its axis, per line of the figure's title past the first
TITLE_LINE_PX = 24


def _on_top(annotation: dict, x0: float, x1: float, y1: float) -> bool:
    """Is this annotation a title standing on the top edge (y1) of the subplot spanning x0..x1?"""
    x, y = annotation.get("x"), annotation.get("y")
    return (annotation.get("yref") == "paper" and annotation.get("yanchor") == "bottom" and y is not None
            and x is not None and abs(y - y1) < 0.02 and x0 <= x <= x1)  # fmt: skip


def _title_text(axis: dict):
    title = axis.get("title")
    return title.get("text") if isinstance(title, dict) else title


def move_y_titles(layout: dict) -> dict:
    """`horizontal_y_titles` on a plain layout dict (in place; returns it): each y-axis title becomes an
    annotation above its axis, and the top margin grows to make room."""
    moved = 0  # px the top margin grows by
    existing = list(layout.get("annotations") or [])
    added = []
    for name in [k for k in layout if k.startswith("yaxis")]:
        axis = layout[name]
        text = _title_text(axis)
        if not text:
            continue
        anchor = axis.get("anchor") or "x"
        anchor = "x" if anchor == "free" else anchor
        x_axis = layout.get("xaxis" + anchor[1:]) if anchor.startswith("x") else layout.get("xaxis")
        x0, x1 = (x_axis or {}).get("domain") or (0, 1)
        y1 = (axis.get("domain") or (0, 1))[1]
        # a subplot's title sits on the same line (make_subplots puts it at the domain's top): go above it
        titled = any(_on_top(a, x0, x1, y1) for a in existing)
        shift = 6 + (SUBPLOT_TITLE_PX if titled else 0)
        added.append(dict(text=text, xref="paper", yref="paper", x=x0, y=y1, xanchor="left", yanchor="bottom",
                          yshift=shift, showarrow=False, font=dict(size=13, color=theme.NEUTRAL)))  # fmt: skip
        title = axis.get("title")
        if isinstance(title, dict):
            axis["title"] = {k: v for k, v in title.items() if k != "text"}
        else:
            del axis["title"]
        moved = max(moved, shift + 18)
    if added:
        layout["annotations"] = existing + added
    if moved:  # plotly centres the title in the top margin: each line more of it needs room on both sides
        title = (layout.get("title") or {}).get("text") or ""
        moved += TITLE_LINE_PX * title.count("<br>")
        margin = layout.get("margin") or {}
        layout["margin"] = {**margin, "t": (margin.get("t") if margin.get("t") is not None else 40) + moved}
    return layout


def horizontal_y_titles(fig):
    """Every y-axis title written horizontally above its axis instead of turned 90°: rotated Hangul is hard
    to read (issue 10). Returns `fig`, changed in place; the top margin grows to make room.

    A plotly figure is read as a dict and changed with one update (plotly.py's add_annotation and title
    setters were 2-8 ms a figure, on every rerun)."""
    layout = fig.layout.to_plotly_json()
    titled = [k for k in layout if k.startswith("yaxis") and _title_text(layout[k])]
    if not titled:
        return fig
    move_y_titles(layout)
    fig.update_layout(annotations=layout["annotations"], margin_t=layout["margin"]["t"],
                      **{f"{k}_title_text": None for k in titled})  # fmt: skip
    return fig
