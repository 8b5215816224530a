"""Figures of the RNN input/output types page (pure: numbers and labels in, plotly figures and SVG diagrams out).

A type's diagram is one row of boxes, the recurrence's time steps (h1 ... hT, joined by arrows: the state
passed on), with an input box under every step that takes one and an output box over every step that
gives one. `type_diagram` draws it for an actual input (its tokens in the boxes); `all_types_svg` draws
the note's five types side by side at a small size, as in the classic picture. Both are SVG drawings
(viz/diagram.py), drawn by the browser itself, not plotly charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from s2s_core.io_types import TYPES, TagsByWord, WordByWord, shape
from viz import diagram as D
from viz import theme
from viz.common import base_layout, esc
from viz.lines import PERCENT, Guide, LinePanel, Series, lines_svg
from viz.overview import text_width

INPUT, STATE, OUTPUT = theme.ENCODER, theme.CONTEXT, theme.DECODER
MAX_SHOWN = 12  # steps drawn for a long input: the first ones, an ellipsis, the last


def _steps(kind: str, inputs: Sequence[str], outputs: Sequence[str]) -> list[tuple[str | None, str | None]]:
    """(input text or None, output text or None) per time step of the recurrence."""
    takes, gives = shape(kind, len(inputs), len(outputs))
    ins, outs = iter(inputs), iter(outputs)
    return [(next(ins) if t else None, next(outs) if g else None) for t, g in zip(takes, gives)]


def _shorten(steps: list) -> list:
    """At most MAX_SHOWN steps: the first and last ones with an ellipsis step between."""
    if len(steps) <= MAX_SHOWN:
        return steps
    half = MAX_SHOWN // 2
    return steps[:half] + [("…", "…")] + steps[-(MAX_SHOWN - half - 1) :]


class Parts(NamedTuple):
    """What a diagram is drawn from (viz/diagram.py): boxes, arrows and free-standing labels."""

    boxes: list
    arrows: list
    labels: list


def _draw(steps: list, x0: float, parts: Parts, state_label: str) -> None:
    """One type's row of states, with its inputs under and its outputs over them, from x = x0 on. A lone
    output (many-to-one: the review's label) has the room of two steps for its text."""
    lone = sum(out is not None for _, out in steps) == 1
    for i, (inp, out) in enumerate(steps):
        x = x0 + i
        ellipsis = inp == "…"  # the steps left out of a long input (_shorten)
        if ellipsis:
            parts.labels.append(D.Label(x, 0, "…", size=24, colour=theme.NEUTRAL))
        else:
            name = f"{state_label}{i + 1}" if len(steps) <= MAX_SHOWN else state_label
            parts.boxes.append(D.Box(x, 0, name, STATE))
        if i:
            parts.arrows.append(D.Arrow(x - 0.6, 0, x - 0.4, 0, theme.NEUTRAL))  # the state passed on
        if inp is not None and not ellipsis:
            parts.boxes.append(D.Box(x, -1.1, inp, INPUT))
            parts.arrows.append(D.Arrow(x, -0.8, x, -0.3, INPUT))
        if out is not None and not ellipsis:
            parts.boxes.append(D.Box(x, 1.1, out, OUTPUT, w=0.9 if lone and len(steps) > 1 else 0.4))
            parts.arrows.append(D.Arrow(x, 0.3, x, 0.8, OUTPUT))


def type_diagram(
    kind: str, inputs: Sequence[str], outputs: Sequence[str], title: str, state_label: str = "h"
) -> str:
    """The recurrence of one type, unrolled for an actual input: `inputs` and `outputs` are the tokens
    written in the boxes (for a type with one input or one output, a one-element list). An SVG string."""
    steps = _shorten(_steps(kind, list(inputs), list(outputs)))
    parts = Parts([], [], [])
    _draw(steps, 0.0, parts, state_label)
    frame = D.Frame(x=(-1.3, max(len(steps), 3) + 0.3), y=(-1.6, 1.9), height=350)
    return D.svg(title, frame, *parts)


CANONICAL = {  # the five panels of the classic picture: (inputs, outputs)
    "one_to_one": (["x"], ["y"]),
    "one_to_many": (["x"], ["y1", "y2", "y3"]),
    "many_to_one": (["x1", "x2", "x3"], ["y"]),
    "many_to_many": (["x1", "x2", "x3"], ["y1", "y2", "y3"]),
    "synchronized": (["x1", "x2", "x3"], ["y1", "y2", "y3"]),
}


def all_types_svg(labels: dict, title: str) -> str:
    """The five types side by side; `labels[kind]` is the panel's name, `labels[kind + "_example"]` its
    example (the note's table). An SVG string. A panel is as wide as its steps or its texts, whichever is
    wider (a one-step panel named "image classification"), so no text runs into the next panel."""
    panels = [(kind, _steps(kind, *CANONICAL[kind])) for kind in TYPES]
    texts = [
        max(text_width(labels[k], D.FONT) * 1.1, text_width(labels[k + "_example"], D.FONT))
        for k, _ in panels
    ]
    gap, unit = 0.5, 60.0  # between panels, in steps; viewBox units per step (a first guess, refined)
    for _ in range(3):
        spans = [max(len(steps), width / unit + 0.3) for (_, steps), width in zip(panels, texts)]
        unit = (D.W - 2 * D.PAD) / (sum(spans) + gap * (len(spans) - 1))
    parts = Parts([], [], [])
    x0 = 0.0
    for (kind, steps), span in zip(panels, spans):
        start = x0 + (span - len(steps)) / 2  # the steps in the middle of their panel
        _draw(steps, start, parts, "h")
        middle = start + (len(steps) - 1) / 2
        parts.labels.append(D.Label(middle, 1.75, labels[kind], bold=True))
        parts.labels.append(D.Label(middle, -1.6, labels[kind + "_example"], colour=theme.NEUTRAL))
        x0 += span + gap
    frame = D.Frame(x=(-0.5, x0 - gap - 0.5), y=(-1.9, 2.0), height=400)
    return D.svg(title, frame, *parts)


def word_by_word_svg(wbw: WordByWord, labels: dict, title: str) -> str:
    """Many-to-one, word by word: the probability of the first label after each word (a line), 50% marked
    by a dashed line; a point above it is a circle in the first label's colour, below it a square in the
    second's, each with its percentage above it and in its tooltip. Our own SVG (viz/lines.py): as a
    plotly chart, a review typed in its box spent ~40 ms more drawing it (benchmarks/bench_interaction.py)."""
    shown = ["<unk>" if u else t for t, u in zip(wbw.tokens, wbw.unknown)]
    words = [f"{i + 1} · {tok}" for i, tok in enumerate(shown)]
    p = [float(v) for v in wbw.probs[:, 0]]
    first, second = labels[wbw.labels[0]], labels[wbw.labels[1]]
    prob = labels["prob_axis"].format(label=first)
    above = [v >= 0.5 for v in p]
    line = Series(
        list(range(len(p))), p, [f"{w}\n{prob} = {v:.1%}" for w, v in zip(words, p)], theme.NEUTRAL, 6,
        colours=[theme.ENCODER if a else theme.DECODER for a in above],
        shapes=["circle" if a else "square" for a in above], texts=[f"{100 * v:.0f}%" for v in p],
    )  # fmt: skip
    panel = LinePanel(
        title, prob, [line], len(p) - 1, 1.0, PERCENT, x_labels=words,
        guides=[Guide(0.5, f"↑ {first}", f"↓ {second}", theme.ENCODER, theme.DECODER)],
    )  # fmt: skip
    return lines_svg([panel], labels["word_axis"], title)


def tags_figure(tbw: TagsByWord, labels: dict, title: str):
    """Synchronized many-to-many: each word's distribution over the tags (a heatmap), the chosen tag marked."""
    words = [f"{i + 1} · {esc(w)}" for i, w in enumerate(tbw.words)]
    z = np.round(tbw.probs.T, 3)  # (C, S): tags down, words across
    text = [[("●" if tbw.tags[j] == tag else "") for j in range(len(tbw.words))] for tag in tbw.tag_set]
    data = [dict(type="heatmap", z=z.tolist(), x=words, y=list(tbw.tag_set), zmin=0, zmax=1,
                 colorscale=theme.colorscale(theme.SEQUENTIAL), text=text, texttemplate="%{text}",
                 textfont=dict(color="#000000", size=14), colorbar=dict(title=dict(text="p"), tickformat=".0%"),
                 hovertemplate="%{x}<br>%{y}: %{z:.1%}<extra></extra>", xgap=1, ygap=1)]  # fmt: skip
    layout = base_layout(
        title,
        height=120 + 26 * len(tbw.tag_set),
        xaxis=dict(title=labels["word_axis"], side="bottom", tickangle=0, automargin=True),
        yaxis=dict(title=labels["tag_axis"], autorange="reversed", automargin=True),
    )
    return theme.figure(data, layout)


def image_figure(img: np.ndarray, title: str):
    """An 8x8 input image as the model reads it: ink 0..16, dark on light (a grey scale reads the same for
    every colour vision), one cell per pixel."""
    z = np.asarray(img, dtype=float).reshape(8, 8)
    data = [dict(type="heatmap", z=z.tolist(), zmin=0, zmax=16, colorscale=[[0, "#ffffff"], [1, "#111111"]],
                 showscale=False, xgap=1, ygap=1, hovertemplate="row %{y}, column %{x}: %{z:.0f}<extra></extra>",
                 x=list(range(1, 9)), y=list(range(1, 9)))]  # fmt: skip
    layout = base_layout(
        title,
        wrap=14,  # a third of the page wide, on a projector too
        height=320,
        xaxis=dict(visible=False, constrain="domain"),
        yaxis=dict(visible=False, autorange="reversed", scaleanchor="x"),
        plot_bgcolor="#dddddd",
    )
    return theme.figure(data, layout)
