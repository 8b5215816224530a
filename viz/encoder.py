"""Encoder views: hidden states per step and unit, gates, the context vector, trajectories, influence.

Pure functions: a Trace (or an Influence) plus a `labels` dict (ui.i18n.labels(lang, "encoder.viz"))
-> plotly figure. Rows are source positions in reading order (top = first word); the backward direction is
shown in the same order, although it computes from the last word to the first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import theme
from .common import base_layout, esc, escs, token_axis
from .diagram import W
from .heatmap import STATES, Colours, Panel, heatmap_svg

Labels = Mapping[str, str]
SIGMOID_GATES = {"i", "f", "o", "r", "z"}  # in [0, 1]; "g" and "n" are tanh candidates in [-1, 1]
CONTEXT_LATEX = MappingProxyType(  # how ContextTrace.recipe forms the context vector c of layer l (S = last word)
    {
        "final": r"c^{(l)} = h^{(l)}_{S}",
        "bridge": r"c^{(l)} = \tanh\left(W\,[\overrightarrow{h}^{(l)}_{S};\ \overleftarrow{h}^{(l)}_{1}] + b\right)",
    }
)


def layer_states(trace, layer: int) -> np.ndarray:
    """(S, D*H) one layer's states, directions concatenated (forward first)."""
    mine = [lt.states for lt in trace.encoder.layers if lt.layer == layer]
    return np.concatenate(mine, axis=-1)


def directions(trace) -> tuple[str, ...]:
    return ("forward", "backward") if trace.config["bidirectional"] else ("forward",)


def _units(z: np.ndarray) -> list[str]:
    return [str(u) for u in range(z.shape[1])]


GATE_SCALES = {True: (theme.SEQUENTIAL, 0.0, 1.0, "sigmoid"), False: (theme.DIVERGING, -1.0, 1.0, "tanh")}


def states_svg(trace, layer: int, labels: Labels, width: float = W) -> str:
    """Hidden states h_t of one layer: (S steps x H units), forward and backward side by side, as our own
    SVG heatmap (viz/heatmap.py): it is the Encoder page's first figure, drawn anew for every sentence."""
    tokens = list(trace.source.shown)
    panels = [
        Panel(
            trace.encoder.layer(layer, d).states,
            tokens,
            _units(trace.encoder.layer(layer, d).states),
            labels[d],
        )
        for d in directions(trace)
    ]  # (S, H) each
    title = labels["states_title"].format(layer=layer + 1)
    return heatmap_svg(title, panels, STATES, labels["unit"], labels["step"], width=width)


def gates_svg(trace, layer: int, direction: str, labels: Labels, width: float = W) -> str:
    """One compact heatmap per gate (LSTM i f g o, GRU r z n) for one layer and direction: (S x H) each,
    sigmoid gates on [0, 1] (viridis), tanh candidates on [-1, 1] (diverging), each scale with its bar."""
    gates = trace.encoder.layer(layer, direction).gates
    if not gates:
        raise ValueError("a plain RNN has no gates")
    tokens = list(trace.source.shown)
    scales = {sig: Colours(name, lo, hi, labels[title]) for sig, (name, lo, hi, title) in GATE_SCALES.items()}
    panels = [
        Panel(z, tokens, _units(z), labels[f"gate_{g}"], colours=scales[g in SIGMOID_GATES])
        for g, z in gates.items()
    ]
    title = labels["gates_title"].format(layer=layer + 1, direction=labels[direction])
    return heatmap_svg(title, panels, scales[True], labels["unit"], labels["step"], width=width)


def context_rows(trace, labels: Labels) -> tuple[np.ndarray, list[str]]:
    """The vectors that form the context, one row each: (R, H) and row names.

    bridge: per layer h_fwd(last word), h_bwd(first word), then c = tanh(W[h_fwd; h_bwd] + b)
    final:  per layer the last state, which *is* the context vector
    """
    ctx = trace.context
    rows, names = [], []
    for k in range(ctx.vectors.shape[0]):
        if ctx.recipe == "bridge":
            rows += [ctx.final_forward[k], ctx.final_backward[k]]
            names += [labels["ctx_fwd"].format(layer=k + 1), labels["ctx_bwd"].format(layer=k + 1)]
        rows.append(ctx.vectors[k])
        names.append(labels["ctx_vector"].format(layer=k + 1))
    return np.stack(rows), names  # (R, H)


def context_svg(trace, labels: Labels, width: float = W) -> str:
    """The context vector per layer, with the states it is made from right above it (the Encoder page's
    context view)."""
    z, names = context_rows(trace, labels)  # (R, H)
    panel = Panel(z, names, _units(z))
    title = labels["context_title_" + trace.context.recipe]
    return heatmap_svg(title, [panel], STATES, labels["unit"], "", width=width)


def pca_2d(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project rows of x (N, F) onto their two principal components with numpy's SVD.

    Returns coords (N, 2) and the fraction of variance each component explains (2,). The sign of a
    component is fixed (largest |loading| positive) so the picture does not flip between reruns.
    """
    centred = x - x.mean(axis=0, keepdims=True)  # (N, F)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)  # vt (k, F)
    vt = vt[:2]
    if vt.shape[0] < 2:  # a single point or a rank-1 cloud: pad a zero axis
        vt = np.vstack([vt, np.zeros((2 - vt.shape[0], x.shape[1]))])
    signs = np.sign(vt[np.arange(2), np.abs(vt).argmax(axis=1)])
    vt = vt * np.where(signs == 0, 1, signs)[:, None]
    var = s**2
    explained = var[:2] / var.sum() if var.sum() > 0 else np.zeros(2)
    explained = np.pad(explained, (0, 2 - explained.shape[0]))
    return centred @ vt.T, explained  # (N, 2), (2,)


def trajectories_figure(traces: Sequence, labels: Labels, layer: int = -1, highlight: int = 0) -> go.Figure:
    """Hidden-state trajectories of several sentences in one 2-D PCA plane (fitted on all their states).

    Each sentence is a path through state space, one point per word; `highlight` (the typed sentence) is
    drawn thicker. Sentences that share a beginning share the start of their path (unidirectional).
    """
    layer = layer + traces[0].config["layers"] if layer < 0 else layer
    states = [layer_states(tr, layer) for tr in traces]  # each (S_i, D*H)
    coords, explained = pca_2d(np.concatenate(states))  # (sum S_i, 2)
    fig = go.Figure()
    start = 0
    for i, (tr, st) in enumerate(zip(traces, states)):
        xy = coords[start : start + len(st)]
        start += len(st)
        colour = theme.LINES[i % len(theme.LINES)]
        mine = i == highlight  # only the typed sentence's words are written on the plot: labels of several
        # paths collided (issue 10); the others name their word on hover, with the whole sentence
        fig.add_trace(
            go.Scatter(
                x=xy[:, 0],
                y=xy[:, 1],
                mode="lines+markers+text" if mine else "lines+markers",
                text=escs(tr.source.shown),
                textposition="top center",
                name=labels["typed"].format(text=esc(tr.text)) if mine else esc(tr.text),
                line=dict(color=colour, width=4 if mine else 2),
                marker=dict(size=[12] + [8] * (len(st) - 1), symbol=["diamond"] + ["circle"] * (len(st) - 1)),
                customdata=np.arange(1, len(st) + 1),
                hovertemplate=labels["hover_pca"] + f"<extra>{esc(tr.text)}</extra>",
            )
        )
    pct = [f"{100 * e:.0f}%" for e in explained]
    fig.update_xaxes(title_text=labels["pc"].format(k=1, pct=pct[0]), zeroline=False)
    fig.update_yaxes(title_text=labels["pc"].format(k=2, pct=pct[1]), zeroline=False)
    title = labels["trajectories_title"].format(layer=layer + 1)
    # one legend line per sentence, under the plot: a horizontal legend cut the long ones short
    fig.update_layout(
        base_layout(
            title,
            height=520 + 22 * len(traces),
            legend=dict(orientation="v", x=0, xanchor="left", y=-0.18, yanchor="top"),
        )
    )
    return fig


def influence_figure(results: Sequence, titles: Sequence[str], method: str, labels: Labels) -> go.Figure:
    """Share of influence of each word on the state at the chosen position, one panel per model.

    Shares (value / sum) make a uni- and a bidirectional encoder comparable; a word the state cannot depend
    on gets exactly 0 and is labelled so. The explained position has a hatched bar (not colour alone).
    """
    fig = make_subplots(rows=1, cols=len(results), subplot_titles=list(titles), shared_yaxes=True)
    for col, res in enumerate(results, start=1):
        share, raw = res.share(method), getattr(res, method)  # (S,), (S,)
        at = np.arange(len(share)) == res.position
        fig.add_trace(
            go.Bar(
                x=list(range(len(share))),
                y=share,
                marker=dict(
                    color=[theme.DECODER if a else theme.ENCODER for a in at],
                    pattern=dict(shape=["/" if a else "" for a in at]),
                ),
                text=[labels["zero"] if v == 0 else f"{v:.0%}" for v in share],
                textposition="outside",
                customdata=np.stack([np.asarray(escs(res.shown), dtype=object), raw.astype(object)], axis=-1),
                hovertemplate=labels["hover_influence"] + "<extra></extra>",
                showlegend=False,
            ),
            1,
            col,
        )
        fig.update_xaxes(token_axis(res.shown, labels["input_word"]), row=1, col=col)
    fig.update_yaxes(title_text=labels["share_" + method], range=[0, 1.15], tickformat=".0%", row=1, col=1)
    word = results[0].shown[results[0].position]
    title = labels["influence_title_" + method].format(word=esc(word))
    fig.update_layout(base_layout(title, height=400, margin=dict(l=10, r=10, t=90, b=10)))
    return fig
