"""Small helpers the Encoder, Decoder and Attention figures share.

Why token axes are numeric: a sentence can repeat a word ("the ... the"), and a categorical plotly axis
would merge the two rows. So rows/columns are positions 0..n-1 and the tokens are only their tick text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import numpy as np

from . import theme


def esc(text) -> str:
    """Plotly reads labels as a small HTML dialect, so "<eos>" or "<unk>" would vanish as unknown tags
    (and user text must never become markup): escape every token and user string put into a figure."""
    return html.escape(str(text), quote=False)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


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


def base_layout(title: str, **overrides) -> dict:
    """The shared theme plus a title: every figure has one (exported files keep it)."""
    return theme.layout(title=dict(text=title, x=0.0, xanchor="left"), **overrides)


def step_label(step: int, token: str) -> str:
    """Step numbers are 1-based for people: "3 · 사랑해"."""
    return f"{step + 1} · {esc(token)}"


def horizontal_y_titles(fig):
    """Every y-axis title written horizontally above its axis instead of turned 90°: rotated Hangul is hard
    to read (issue 10). Returns `fig`, changed in place; the top margin grows to make room."""
    layout = fig.layout
    moved = False
    for name in [k for k in layout.to_plotly_json() if k.startswith("yaxis")]:
        axis = layout[name]
        text = axis.title.text if axis.title else None
        if not text:
            continue
        anchor = axis.anchor if axis.anchor and axis.anchor != "free" else "x"
        x_axis = layout["xaxis" + anchor[1:]] if anchor.startswith("x") else layout.xaxis
        x0 = (x_axis.domain or (0, 1))[0]
        y1 = (axis.domain or (0, 1))[1]
        fig.add_annotation(text=text, xref="paper", yref="paper", x=x0, y=y1, xanchor="left", yanchor="bottom",
                           yshift=6, showarrow=False, font=dict(size=13, color=theme.NEUTRAL))  # fmt: skip
        axis.title.text = None
        moved = True
    if moved:
        top = (layout.margin.t if layout.margin and layout.margin.t is not None else 40) + 24
        fig.update_layout(margin=dict(t=top))
    return fig
