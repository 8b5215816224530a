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
from .common import base_layout, esc, escs, hover_grid, subplot_axes, subplot_row, token_axis

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


def _state_heatmap(
    z: np.ndarray, tokens, name: str, labels: Labels, zrange, scale=theme.DIVERGING, **kw
) -> dict:
    """One (S, H) heatmap with token rows and hover values (a plain trace dict: see `states_figure`)."""
    units = [str(u) for u in range(z.shape[1])]
    return dict(
        type="heatmap",
        z=z,
        x=list(range(z.shape[1])),
        y=list(range(z.shape[0])),
        customdata=hover_grid(tokens, units),
        colorscale=theme.colorscale(scale),
        zmin=zrange[0],
        zmax=zrange[1],
        name=name,
        hovertemplate=labels["hover_state"] + "<extra>" + name + "</extra>",
        **kw,
    )


def states_figure(trace, layer: int, labels: Labels) -> go.Figure:
    """Hidden states h_t of one layer: (S steps x H units), forward and backward side by side.

    Built from plain dicts (theme.figure): it is the Encoder page's first chart, drawn anew for every
    sentence a class types (plotly.py's make_subplots and setters took 25 ms of it, measured)."""
    dirs = directions(trace)
    tokens = trace.source.shown
    layout = subplot_row(len(dirs), [labels[d] for d in dirs], spacing=0.04, shared_y=True)
    data = []
    for col, d in enumerate(dirs, start=1):
        z = trace.encoder.layer(layer, d).states  # (S, H)
        x, y = subplot_axes(col)
        data.append(_state_heatmap(z, tokens, labels[d], labels, (-1, 1), showscale=col == 1, xaxis=x, yaxis=y,
                                   colorbar=dict(title=dict(text="h"))))  # fmt: skip
        layout["xaxis" + x[1:]]["title"] = dict(text=labels["unit"])
    layout["yaxis"].update(token_axis(tokens, labels["step"], autorange="reversed"))
    layout.update(base_layout(labels["states_title"].format(layer=layer + 1), height=max(300, 150 + 34 * len(tokens)),
                              margin=dict(l=10, r=10, t=80, b=10)))  # fmt: skip
    return theme.figure(data, layout)


def gates_figure(trace, layer: int, direction: str, labels: Labels) -> go.Figure:
    """One compact heatmap per gate (LSTM i f g o, GRU r z n) for one layer and direction: (S x H) each.
    Plain dicts, as `states_figure` (the Cells page's first chart)."""
    gates = trace.encoder.layer(layer, direction).gates
    if not gates:
        raise ValueError("a plain RNN has no gates")
    tokens = trace.source.shown
    names = list(gates)
    layout = subplot_row(len(names), [labels[f"gate_{g}"] for g in names], spacing=0.02, shared_y=True)
    data = []
    for col, g in enumerate(names, start=1):
        sig = g in SIGMOID_GATES
        rng, scale = ((0, 1), theme.SEQUENTIAL) if sig else ((-1, 1), theme.DIVERGING)
        bar = dict(x=1.02 if sig else 1.11, len=1.0, y=0.5, thickness=12,
                   title=dict(text=labels["sigmoid" if sig else "tanh"], side="top"))  # fmt: skip
        show = col == next(i for i, n in enumerate(names, 1) if (n in SIGMOID_GATES) == sig)
        x, y = subplot_axes(col)
        data.append(
            _state_heatmap(
                gates[g], tokens, g, labels, rng, scale, showscale=show, colorbar=bar, xaxis=x, yaxis=y
            )
        )
        layout["xaxis" + x[1:]]["title"] = dict(text=labels["unit"])
    layout["yaxis"].update(token_axis(tokens, labels["step"], autorange="reversed"))
    title = labels["gates_title"].format(layer=layer + 1, direction=labels[direction])
    layout.update(
        base_layout(title, height=max(300, 160 + 30 * len(tokens)), margin=dict(l=10, r=10, t=80, b=10))
    )
    return theme.figure(data, layout)


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


def context_figure(trace, labels: Labels) -> go.Figure:
    """The context vector per layer, with the states it is made from right above it (plain dicts, as
    `states_figure`: the Encoder page's second chart)."""
    z, names = context_rows(trace, labels)
    units = [str(u) for u in range(z.shape[1])]
    heat = dict(
        type="heatmap",
        z=z,
        x=list(range(z.shape[1])),
        y=list(range(len(names))),
        customdata=hover_grid(names, units),
        colorscale=theme.colorscale(theme.DIVERGING),
        zmin=-1,
        zmax=1,
        colorbar=dict(title=dict(text="h")),
        hovertemplate=labels["hover_vector"] + "<extra></extra>",
        ygap=2,
    )
    title = labels["context_title_" + trace.context.recipe]
    layout = base_layout(title, height=max(260, 130 + 32 * len(names)))
    layout.update(
        yaxis=token_axis(names, "", autorange="reversed"), xaxis=dict(title=dict(text=labels["unit"]))
    )
    return theme.figure([heat], layout)


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
