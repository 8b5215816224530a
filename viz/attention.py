"""Attention views: the heatmap (input x output), raw scores vs weights, gold alignment and AER, the
bipartite (Seq2Seq-Vis style) view, variants side by side, and what-if comparisons.

Pure functions: Trace(s) plus a `labels` dict (ui.i18n.labels(lang, "attention.viz")) -> our own SVG (the
heatmap, a step's bars, the bipartite view: viz/heatmap.py, viz/bars.py), a plotly figure (scores vs
weights, variants, the fixed context) or a table (column -> values, drawn by viz.common.markdown_table). Rows are decoder steps (the output token
written at that step, <eos> included), columns are input tokens as the model saw them (<unk> for unknown
words).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from s2s_core.text import detokenize, tokenize

from . import theme
from .bars import bars_svg
from .common import base_layout, hover_grid, svg_document, table, token_axis
from .diagram import PAD, W
from .heatmap import Panel, heatmap_svg, svg_text, title_lines, weight_colours
from .overview import fit

Labels = Mapping[str, str]
MAX_CELL_NUMBERS = 150  # heatmaps up to this many cells print each weight in its cell

# Scores e_{t,s} of query s_t (decoder state at step t, after reading the previous output) against memory m_s.
FORMULAS = MappingProxyType(
    {
        "additive": r"e_{t,s} = v^{\top} \tanh\left(W_q\, s_t + W_m\, m_s + b\right)",
        "dot": r"e_{t,s} = s_t^{\top}\, m_s",
        "general": r"e_{t,s} = s_t^{\top}\, W\, m_s",
    }
)
SOFTMAX = (
    r"\alpha_{t,s} = \frac{\exp(e_{t,s})}{\sum_{s'} \exp(e_{t,s'})}, \qquad c_t = \sum_{s} \alpha_{t,s}\, m_s"
)


def matrix(trace, raw: bool = False) -> tuple[np.ndarray, tuple[str, ...], tuple[str, ...]]:
    """(T, S) weights (or raw scores) with their row (output) and column (input) tokens."""
    dec = trace.decoder
    z = dec.attention_scores if raw else dec.attention_weights
    if z is None:
        raise ValueError("this model has no attention")
    return z, tuple(dec.output_tokens), trace.source.shown


def heatmap_figure(
    z: np.ndarray,
    rows: Sequence[str],
    cols: Sequence[str],
    labels: Labels,
    title: str,
    selected: int | None = None,
    gold: tuple[Iterable, Iterable] | None = None,
    clickable: bool = True,
    width: float = 1100,
) -> str:
    """Attention weights (T, S) as our own SVG (viz/heatmap.py): each weight in its cell when there is room,
    the selected step outlined, gold links (src, tgt) as rings (squares sure, circles possible), and a
    click on a cell reported with its row, the decoder step (read by `clicked_cell`)."""
    rings, legend = [], []
    if gold is not None:
        sure = sorted(set(gold[0]))
        maybe = sorted(set(gold[1]) - set(sure))
        for links, shape, key in ((sure, "square", "gold_sure"), (maybe, "circle", "gold_possible")):
            rings += [(t, s, shape) for s, t in links]
            if links:
                legend.append((shape, labels[key]))
    panel = Panel(z, [str(r) for r in rows], [str(c) for c in cols], selected=selected, rings=tuple(rings))
    numbers = ".2f" if z.size <= MAX_CELL_NUMBERS and gold is None else None
    return heatmap_svg(title, [panel], weight_colours(labels["weight"]), labels["input"],
                       labels["output"], width=width, numbers=numbers, clickable=clickable, legend=legend)  # fmt: skip


def scores_and_weights_figure(trace, labels: Labels, selected: int | None = None) -> go.Figure:
    """Raw scores e_{t,s} (signed, any scale) next to softmax weights alpha_{t,s} (rows sum to 1)."""
    scores, rows, cols = matrix(trace, raw=True)
    weights = trace.decoder.attention_weights
    fig = make_subplots(rows=1, cols=2, subplot_titles=[labels["raw_scores"], labels["weights"]],
                        shared_yaxes=True, horizontal_spacing=0.08)  # fmt: skip
    lo, hi = theme.heat_range(scores)
    grid = hover_grid(rows, cols)
    fig.add_trace(
        go.Heatmap(z=scores, customdata=grid, colorscale=theme.DIVERGING, zmin=lo, zmax=hi,
                   colorbar=dict(x=0.45, len=0.9, title=dict(text="e")),
                   hovertemplate=labels["hover_score"] + "<extra></extra>"),
        1, 1,
    )  # fmt: skip
    fig.add_trace(
        go.Heatmap(z=weights, customdata=grid, colorscale=theme.SEQUENTIAL, zmin=0, zmax=1,
                   colorbar=dict(x=1.0, len=0.9, title=dict(text="α")),
                   hovertemplate=labels["hover_weight"] + "<extra></extra>"),
        1, 2,
    )  # fmt: skip
    for col in (1, 2):
        fig.update_xaxes(token_axis(cols, labels["input"]), row=1, col=col)
        if selected is not None:
            fig.add_shape(type="rect", x0=-0.5, x1=len(cols) - 0.5, y0=selected - 0.5, y1=selected + 0.5,
                          line=dict(color=theme.DECODER, width=3), row=1, col=col)  # fmt: skip
    fig.update_yaxes(token_axis(rows, labels["output"], autorange="reversed"), row=1, col=1)
    fig.update_layout(
        base_layout(labels["scores_title"], height=200 + 34 * len(rows), margin=dict(l=10, r=10, t=80, b=10))
    )
    return fig


def step_weights_svg(trace, step: int, labels: Labels, width: float = 440) -> str:
    """Where step `step` looks: its weights over the input tokens as our own SVG (viz/bars.py), the
    strongest one hatched, each weight above its bar and in its tooltip."""
    z, rows, cols = matrix(trace)
    w = z[step]  # (S,)
    tips = [labels["tip_bar"].format(token=c, weight=float(v)) for c, v in zip(cols, w)]
    title = labels["step_title"].format(step=step + 1, token=rows[step])
    return bars_svg(title, [str(c) for c in cols], [float(v) for v in w], [f"{v:.0%}" for v in w], tips,
                    labels["weight"], labels["input"], top=int(w.argmax()), width=width, y_max=1.15)  # fmt: skip


MIN_LINK = 0.02  # weights below this draw no line in the bipartite view (it would be noise)
NODE_GAP = 34  # viewBox units between two tokens of a side of the bipartite view


def bipartite_svg(trace, labels: Labels, selected: int | None = None, width: float = W) -> str:
    """Seq2Seq-Vis style, as our own SVG: input tokens left, output tokens right, one line per link whose
    width and darkness grow with its weight (weights below MIN_LINK are left out). When a step is selected,
    its lines are drawn on top in the decoder's colour, its token in bold, and the other lines fade.
    Each token's <title> says what it received (an input) or where it looks most (an output).

    Why SVG: as a plotly chart this view started just below the fold of a laptop's screen, so each rerun
    drew it again after the run (benchmarks/bench_interaction.py; viz/heatmap.py says why that is slow).
    """
    z, rows, cols = matrix(trace)
    T, S = z.shape
    parts = title_lines(labels["bipartite_title"], width)
    head = PAD + 30 * len(parts) + 24  # the sides' names
    top = head + 34
    span = NODE_GAP * (max(S, T) - 1)
    ys = top + (np.linspace(0, span, S) if S > 1 else np.array([span / 2]))  # (S,)
    yt = top + (np.linspace(0, span, T) if T > 1 else np.array([span / 2]))  # (T,)
    x0, x1 = round(width * 0.35, 1), round(width * 0.65, 1)
    parts.append(svg_text(x0, head, labels["input"], colour=theme.NEUTRAL, anchor="end"))
    parts.append(svg_text(x1, head, labels["output"], colour=theme.NEUTRAL, anchor="start"))
    fade = 0.3 if selected is not None else 1.0
    links = list(zip(*np.nonzero(z >= MIN_LINK)))  # (step, input) pairs
    for t, s in sorted(links, key=lambda ts: (ts[0] == selected, z[ts])):  # the selected step's lines on top
        w, chosen = float(z[t, s]), t == selected
        colour, alpha = (theme.DECODER, 1.0) if chosen else (theme.ENCODER, (0.25 + 0.7 * w) * fade)
        parts.append(
            f'<line class="{"link chosen" if chosen else "link"}" x1="{x0}" y1="{round(ys[s], 1)}" x2="{x1}"'
            f' y2="{round(yt[t], 1)}" stroke="{colour}" stroke-opacity="{alpha:.2f}"'
            f' stroke-width="{1 + 10 * w:.1f}" stroke-linecap="round"/>'
        )
    room = width * 0.35 - PAD - 18  # a token's room beside its node
    received = z.sum(axis=0)  # (S,)
    for s, token in enumerate(cols):
        tip = labels["tip_src_node"].format(token=token, total=float(received[s]))
        parts.append(_node(x0, ys[s], fit(str(token), room), tip, theme.ENCODER, "end", -14))
    best = z.argmax(axis=1)  # (T,)
    for t, token in enumerate(rows):
        tip = labels["tip_out_node"].format(token=token, best=cols[best[t]], weight=float(z[t, best[t]]))
        bold = ' font-weight="bold"' if t == selected else ""
        parts.append(_node(x1, yt[t], fit(str(token), room), tip, theme.DECODER, "start", 14, bold))
    height = round(top + span + 24 + PAD)
    return svg_document(round(width), height, labels["bipartite_title"], parts, ' class="bipartite"')


def _node(x, y, token: str, tip: str, colour: str, anchor: str, dx: float, extra: str = "") -> str:
    """A token of the bipartite view: its dot and its name, which share a tooltip (raw texts)."""
    return (
        f'<g class="node"><title>{html.escape(tip)}</title>'
        f'<circle cx="{x}" cy="{round(y, 1)}" r="6" fill="{colour}"/>'
        + svg_text(x + dx, y, token, anchor=anchor, extra=extra)
        + "</g>"
    )


def variants_figure(traces: Mapping[str, object], labels: Labels) -> go.Figure:
    """The same sentence under each attention type (one model each), heatmaps side by side."""
    kinds = list(traces)
    fig = make_subplots(rows=1, cols=len(kinds), subplot_titles=[labels["kind_" + k] for k in kinds],
                        horizontal_spacing=0.12)  # fmt: skip
    height = 0
    for col, kind in enumerate(kinds, start=1):
        z, rows, cols = matrix(traces[kind])
        fig.add_trace(
            go.Heatmap(z=z, customdata=hover_grid(rows, cols), colorscale=theme.SEQUENTIAL, zmin=0, zmax=1,
                       showscale=col == len(kinds), colorbar=dict(title=dict(text=labels["weight"])),
                       hovertemplate=labels["hover_weight"] + f"<extra>{kind}</extra>"),
            1, col,
        )  # fmt: skip
        fig.update_xaxes(token_axis(cols, ""), row=1, col=col)
        fig.update_yaxes(
            token_axis(rows, labels["output"] if col == 1 else "", autorange="reversed"), row=1, col=col
        )
        height = max(height, len(rows))
    fig.update_layout(
        base_layout(labels["variants_title"], height=220 + 34 * height, margin=dict(l=10, r=10, t=80, b=10))
    )
    return fig


def fixed_context_figure(trace, labels: Labels) -> go.Figure:
    """Without attention: the context each decoder step receives, one row per step. Every row is the same
    vector (the encoder's context vector), which is the point: there is nothing per step to weigh."""
    z = trace.decoder.contexts  # (T, H)
    rows = trace.decoder.output_tokens
    units = [str(u) for u in range(z.shape[1])]
    fig = go.Figure(
        go.Heatmap(z=z, customdata=hover_grid(rows, units), colorscale=theme.DIVERGING, zmin=-1, zmax=1,
                   colorbar=dict(title=dict(text="c")), hovertemplate=labels["hover_context"] + "<extra></extra>")
    )  # fmt: skip
    fig.update_yaxes(token_axis(rows, labels["output"], autorange="reversed"))
    fig.update_xaxes(title_text=labels["unit"])
    fig.update_layout(base_layout(labels["fixed_context_title"], height=max(260, 160 + 30 * len(rows))))
    return fig


# ---- gold alignment ------------------------------------------------------------------------------------
def pair_index(pairs: Iterable, tokenizer: str) -> Mapping[tuple[str, ...], object]:
    """Source tokens -> Pair, for looking up whether a typed sentence is in the task's data (first wins)."""
    index: dict[tuple[str, ...], object] = {}
    for p in pairs:
        index.setdefault(tuple(tokenize(p.src, tokenizer)), p)
    return MappingProxyType(index)


def find_pair(index: Mapping, text: str, tokenizer: str):
    """The task's Pair whose source tokenizes like `text`, or None (then there is no gold alignment)."""
    return index.get(tuple(tokenize(text, tokenizer)))


def model_links(weights: np.ndarray) -> set[tuple[int, int]]:
    """The attention's strongest input position per output token: {(src, tgt)} (as train.py's AER)."""
    return {(int(weights[t].argmax()), t) for t in range(weights.shape[0])}


def aer(links: set, sure: Iterable, possible: Iterable) -> float:
    """Alignment error rate (Och & Ney 2003): 1 - (|A∩S| + |A∩P|) / (|A| + |S|); P includes S. 0 is perfect."""
    sure = set(sure)
    possible = set(possible) | sure
    total = len(links) + len(sure)
    return 1.0 - (len(links & sure) + len(links & possible)) / total if total else 0.0


def gold_report(forced_trace, pair) -> dict:
    """AER of a teacher-forced trace (rows = the pair's reference tokens) against the pair's gold links."""
    n = len(forced_trace.decoder.output_tokens) - 1  # reference tokens; the last step writes <eos>
    weights = forced_trace.decoder.attention_weights[:n]  # (n, S)
    links = model_links(weights)
    sure, possible = set(pair.sure), set(pair.possible) | set(pair.sure)
    return {"aer": aer(links, sure, possible), "links": links, "sure": sure, "possible": possible,
            "hits_sure": len(links & sure), "n_links": len(links), "n_sure": len(sure)}  # fmt: skip


# ---- what-if ---------------------------------------------------------------------------------------------
def compare_table(before: Sequence[str], after: Sequence[str], labels: Labels) -> dict[str, list]:
    """Position by position, the output before and after a what-if change; changed positions marked."""
    n = max(len(before), len(after))
    pad = lambda seq: list(seq) + [""] * (n - len(seq))  # noqa: E731
    b, a = pad(before), pad(after)
    return table(
        {
            labels["col_pos"]: list(range(1, n + 1)),
            labels["col_before"]: b,
            labels["col_after"]: a,
            labels["col_changed"]: ["◆" if x != y else "" for x, y in zip(b, a)],
        }
    )


def one_hot(size: int, index: int) -> tuple[float, ...]:
    """Pinned attention that puts all weight on input position `index` (hashable, for caching)."""
    if not 0 <= index < size:
        raise ValueError(f"index {index} outside 0..{size - 1}")
    return tuple(1.0 if i == index else 0.0 for i in range(size))


def replace_word(tokens: Sequence[str], index: int, word: str, tokenizer: str) -> str:
    """The input text with token `index` replaced by `word` (the what-if edit), joined back the way the
    tokenizer splits it (characters without spaces, punctuation attached)."""
    out = list(tokens)
    out[index] = word
    return detokenize(out, tokenizer)
