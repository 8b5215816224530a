"""Boxes and arrows (the Decoder's unrolled view, the RNN input/output types) drawn as a few plotly traces.

Why not layout shapes and annotations, the obvious way: plotly.js lays out and draws every annotation
on its own (its text measured, its arrow placed) on each update. The unrolled view of "I love you" (13
boxes, 28 labels and arrows) cost `Plotly.react` 35 ms of every Decoder rerun in Chromium that way, 22 ms
as traces: one per colour and outline of box, one per colour of arrow, one for all the labels.

A box is a closed path filled with its colour at low opacity (scatter `fill="toself"`); the boxes of one
look (colour, outline) share a trace, separated by gaps (None). An arrow is a line whose end carries an
arrow-head marker turned along it (`angleref="previous"`). All the texts are one text trace. Every trace
costs plotly.js about a millisecond per update, so what is faded (steps not generated yet) is not drawn
in paler colours, which would need traces of their own, but covered by one translucent shape (`fade`).
"""

from __future__ import annotations

from dataclasses import dataclass

from viz.common import rgba

TEXT = "#262730"  # labels in the boxes: the theme's text colour


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    text: str  # already escaped (plotly renders its HTML subset)
    colour: str  # "#rrggbb"
    line: float = 1.5  # outline width in px (thicker: the selected step)
    w: float = 0.4  # half width and half height, in data units
    h: float = 0.3
    size: int = 13  # font size of the text


@dataclass(frozen=True)
class Label:
    """Text standing on its own (a panel's name, an ellipsis), drawn with the boxes' labels."""

    x: float
    y: float
    text: str  # already escaped
    size: int = 13
    colour: str = TEXT


@dataclass(frozen=True)
class Arrow:
    x0: float
    y0: float
    x1: float  # the head is here
    y1: float
    colour: str


def _groups(items, key) -> dict:
    out: dict = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return out


def box_traces(boxes: list[Box], labels: list[Label] = ()) -> list[dict]:
    """One filled path per look (colour, outline width), then one text trace for every box's text and
    every free-standing label."""
    traces = []
    for (colour, width), group in _groups(boxes, lambda b: (b.colour, b.line)).items():
        xs: list = []
        ys: list = []
        for b in group:  # corners, closed, then a gap before the next box
            xs += [b.x - b.w, b.x + b.w, b.x + b.w, b.x - b.w, b.x - b.w, None]
            ys += [b.y - b.h, b.y - b.h, b.y + b.h, b.y + b.h, b.y - b.h, None]
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", fill="toself", hoverinfo="skip",
                           line=dict(color=colour, width=width), fillcolor=rgba(colour, 0.12),
                           showlegend=False))  # fmt: skip
    texts = [Label(b.x, b.y, b.text, b.size) for b in boxes if b.text] + list(labels)
    traces.append(dict(type="scatter", mode="text", x=[a.x for a in texts], y=[a.y for a in texts],
                       text=[a.text for a in texts], hoverinfo="skip", showlegend=False, cliponaxis=False,
                       textfont=dict(size=[a.size for a in texts], color=[a.colour for a in texts])))  # fmt: skip
    return traces


def arrow_traces(arrows: list[Arrow]) -> list[dict]:
    """One trace per colour: the shafts as lines, a head at each end."""
    traces = []
    for colour, group in _groups(arrows, lambda a: a.colour).items():
        xs: list = []
        ys: list = []
        for a in group:
            xs += [a.x0, a.x1, None]
            ys += [a.y0, a.y1, None]
        sizes = [0, 9, 0] * len(group)  # a head at the end only
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines+markers", hoverinfo="skip", showlegend=False,
                           line=dict(color=colour, width=1.5),
                           marker=dict(symbol="arrow", angleref="previous", size=sizes, color=colour,
                                       line=dict(width=0))))  # fmt: skip
    return traces


def traces(boxes: list[Box], arrows: list[Arrow], labels: list[Label] = ()) -> list[dict]:
    """The diagram's traces: arrows under boxes, texts on top."""
    return arrow_traces(arrows) + box_traces(boxes, labels)


def fade(x0: float, x1: float, y0: float, y1: float) -> dict:
    """A layout shape that pales everything drawn under it (to a quarter of its contrast, as on white)."""
    return dict(type="rect", layer="above", x0=x0, x1=x1, y0=y0, y1=y1, line=dict(width=0),
                fillcolor="rgba(255,255,255,0.75)")  # fmt: skip
