"""Decoder views: one step at a time, top-k candidates, teacher forcing, beam tree, temperature.

Pure functions: Trace(s) plus a `labels` dict (ui.i18n.labels(lang, "decoder.viz")) -> plotly figure or
table (column -> values, drawn by viz.common.markdown_table). Step t is 0-based in code and shown 1-based;
step t is fed `input_tokens[t]` (<sos>, then the output of step t-1) and writes `output_tokens[t]`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from . import diagram as D
from . import theme
from .common import base_layout, esc, escs, rgba, rows_table, table, token_axis

Labels = Mapping[str, str]
MAX_PRUNED_LABELS = 60  # leaves of a beam tree up to which pruned tokens are written next to their node


def topk_figure(trace, step: int, labels: Labels) -> go.Figure:
    """The K most probable next tokens at `step` (bars, most probable on top); the emitted one is hatched.

    If the emitted token is not among the K (sampling can pick a rare one), it is added as an extra bar.
    Plain dicts (theme.figure): redrawn at every step of every sentence.
    """
    dec = trace.decoder
    tokens, probs = list(dec.topk_tokens[step]), [float(p) for p in dec.topk_probs[step]]
    chosen = dec.output_tokens[step]
    if chosen not in tokens:
        tokens.append(chosen)
        probs.append(float(dec.chosen_probs[step]))
    hit = [t == chosen for t in tokens]
    bar = dict(
        type="bar",
        x=probs,
        y=list(range(len(tokens))),
        orientation="h",
        marker=dict(
            color=[theme.DECODER if h else theme.ENCODER for h in hit],
            pattern=dict(shape=["/" if h else "" for h in hit]),
        ),
        text=[f"{p:.1%}" for p in probs],
        textposition="outside",
        customdata=escs(tokens),
        hovertemplate=labels["hover_prob"] + "<extra></extra>",
    )
    title = labels["topk_title"].format(step=step + 1, token=esc(chosen))
    layout = base_layout(title, height=110 + 36 * len(tokens), showlegend=False)
    layout["yaxis"] = token_axis(tokens, labels["candidate"], autorange="reversed")
    layout["xaxis"] = dict(title=dict(text=labels["probability"]), range=[0, 1.15], tickformat=".0%")
    return theme.figure([bar], layout)


def steps_table(trace, labels: Labels) -> dict[str, list]:
    """One row per step: what went in, what came out, and that the input is the previous output."""
    dec = trace.decoder
    rows = []
    for t in range(len(dec.output_tokens)):
        fed_back = t == 0 or dec.input_tokens[t] == dec.output_tokens[t - 1]
        rows.append(
            {
                labels["col_step"]: t + 1,
                labels["col_input"]: dec.input_tokens[t],
                labels["col_output"]: dec.output_tokens[t],
                labels["col_prob"]: round(float(dec.chosen_probs[t]), 4),
                labels["col_fed_back"]: "✓" if fed_back else "✗",
            }
        )
    return rows_table(
        rows, [labels[k] for k in ("col_step", "col_input", "col_output", "col_prob", "col_fed_back")]
    )


def unrolled_svg(trace, step: int, labels: Labels) -> str:
    """The decoder unrolled in time, generated up to `step`: input below, cell, output above (one SVG,
    viz/diagram.py: it is drawn again at every step a reader takes).

    Arrows show the two things each step receives: the hidden state from the left (s_0 = context vector)
    and, from below-left, the token it produced one step earlier. Steps after `step` are faded (not yet
    generated); the current step is outlined. Each step tells its input and output on hover.
    """
    dec = trace.decoder
    T = len(dec.output_tokens)
    boxes = [D.Box(-1, 1, labels["context"], theme.CONTEXT, w=0.45, h=0.26)]
    arrows, tips = [], []
    for t in range(T):
        for y, text, colour in ((0, dec.input_tokens[t], theme.ENCODER),
                                (1, labels["cell"].format(step=t + 1), theme.NEUTRAL),
                                (2, dec.output_tokens[t], theme.DECODER)):  # fmt: skip
            short = str(t + 1) if y == 1 else ""  # a long output's narrow cells: their step number
            boxes.append(D.Box(t, y, text, colour, line=4 if t == step else 1.5, w=0.42, h=0.26, short=short))
        left = theme.CONTEXT if t == 0 else theme.NEUTRAL  # the state from the left (s_0: the context)
        arrows += [D.Arrow(t, 0.26, t, 0.74, theme.NEUTRAL), D.Arrow(t, 1.26, t, 1.74, theme.NEUTRAL),
                   D.Arrow(t - 0.55, 1, t - 0.42, 1, left)]  # fmt: skip
        if t:  # output t-1 -> input t
            arrows.append(D.Arrow(t - 0.7, 1.74, t - 0.3, 0.26, theme.DECODER))
        tip = labels["tip_unrolled"].format(input=dec.input_tokens[t], output=dec.output_tokens[t])
        tips.append(D.Region(t - 0.5, t + 0.5, -0.5, 2.5, tip))
    later = [D.Region(step + 0.5, T - 0.4, -0.5, 2.5)] if step < T - 1 else []  # not generated yet
    rows = ((0, labels["row_input"]), (1, labels["row_cell"]), (2, labels["row_output"]))
    frame = D.Frame(x=(-1.6, T - 0.4), y=(-0.5, 2.5), height=400, rows=rows, step=220)
    title = labels["unrolled_title"].format(step=step + 1, total=T)
    return D.svg(title, frame, boxes, arrows, fades=later, tips=tips)


def forcing_table(forced, free, labels: Labels) -> dict[str, list]:
    """Step by step: teacher forcing (input = reference) next to free running (input = own output).

    `differs` marks the steps where the two regimes were fed different tokens: from there on the free
    run continues from its own words, which is what forcing hides during training (exposure bias).
    """
    f, g = forced.decoder, free.decoder
    rows = []
    for t in range(max(len(f.output_tokens), len(g.output_tokens))):
        f_in = f.input_tokens[t] if t < len(f.input_tokens) else ""
        g_in = g.input_tokens[t] if t < len(g.input_tokens) else ""
        pred = f.topk_tokens[t][0] if t < len(f.topk_tokens) else ""
        ref = f.output_tokens[t] if t < len(f.output_tokens) else ""
        rows.append(
            {
                labels["col_step"]: t + 1,
                labels["col_reference"]: ref,
                labels["col_forced_input"]: f_in,
                labels["col_forced_pred"]: pred + ("" if pred == ref or not ref else " ✗"),
                labels["col_free_input"]: g_in,
                labels["col_free_output"]: g.output_tokens[t] if t < len(g.output_tokens) else "",
                labels["col_differs"]: "◆" if f_in != g_in else "",
            }
        )
    names = (
        "col_step",
        "col_reference",
        "col_forced_input",
        "col_forced_pred",
        "col_free_input",
        "col_free_output",
        "col_differs",
    )
    return rows_table(rows, [labels[k] for k in names])


def forcing_figure(forced, labels: Labels) -> go.Figure:
    """p(reference token | reference prefix) per step under teacher forcing; misses marked with their top-1."""
    dec = forced.decoder
    ref = list(dec.output_tokens)
    probs = dec.chosen_probs  # (T,) probability of the reference token
    top = [row[0] for row in dec.topk_tokens]
    miss = [p != r for p, r in zip(top, ref)]
    fig = go.Figure(
        go.Bar(
            x=list(range(len(ref))),
            y=probs,
            marker=dict(
                color=[theme.DECODER if m else theme.ENCODER for m in miss],
                pattern=dict(shape=["x" if m else "" for m in miss]),
            ),
            text=[
                f"{q:.0%}" + (" " + labels["miss"].format(token=esc(p)) if m else "")
                for q, p, m in zip(probs, top, miss)
            ],
            textposition="outside",
            customdata=np.stack([np.asarray(escs(ref), object), np.asarray(escs(top), object)], -1),
            hovertemplate=labels["hover_forced"] + "<extra></extra>",
        )
    )
    fig.update_xaxes(token_axis(ref, labels["reference_token"]))
    fig.update_yaxes(title_text=labels["prob_reference"], range=[0, 1.15], tickformat=".0%")
    fig.update_layout(base_layout(labels["forcing_title"], height=360, showlegend=False))
    return fig


def tree_layout(tree) -> dict[int, float]:
    """y position per node: leaves in depth-first order, each parent centred over its children."""
    children: dict[int, list[int]] = {}
    for n in tree.nodes:
        if n.parent >= 0:
            children.setdefault(n.parent, []).append(n.node)
    for kids in children.values():
        kids.sort(key=lambda i: -tree.nodes[i].score)  # best child on top
    y: dict[int, float] = {}
    next_leaf = [0.0]

    def place(i: int) -> float:  # iterative enough: depth <= max_output (<= 200)
        kids = children.get(i, [])
        if not kids:
            y[i] = next_leaf[0]
            next_leaf[0] += 1
        else:
            y[i] = float(np.mean([place(k) for k in kids]))
        return y[i]

    place(0)
    return y


def beam_tree_figure(tree, labels: Labels) -> go.Figure:
    """The beam search tree: nodes = tokens with cumulative log-probability, best path highlighted,
    pruned candidates faded, finished hypotheses (<eos>) drawn as squares."""
    y = tree_layout(tree)
    best = set(tree.best)
    edges_x, edges_y, best_x, best_y = [], [], [], []
    for n in tree.nodes:
        if n.parent < 0:
            continue
        xs, ys = [n.step - 1, n.step, None], [y[n.parent], y[n.node], None]
        (best_x if n.node in best and n.parent in best else edges_x).extend(xs)
        (best_y if n.node in best and n.parent in best else edges_y).extend(ys)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=edges_x, y=edges_y, mode="lines", line=dict(color=rgba(theme.NEUTRAL, 0.35), width=1),
                             hoverinfo="skip", showlegend=False))  # fmt: skip
    fig.add_trace(go.Scatter(x=best_x, y=best_y, mode="lines", line=dict(color=theme.DECODER, width=4),
                             hoverinfo="skip", showlegend=False))  # fmt: skip
    groups = (
        ("kept", lambda n: not n.pruned and n.node not in best, theme.ENCODER, 1.0),
        ("pruned", lambda n: n.pruned, theme.NEUTRAL, 0.3),
        ("best", lambda n: n.node in best, theme.DECODER, 1.0),
    )
    leaves = max(y.values()) + 1 if y else 1
    for key, keep, colour, alpha in groups:
        nodes = [n for n in tree.nodes if keep(n)]
        named = key != "pruned" or leaves <= MAX_PRUNED_LABELS  # beyond that, pruned tokens only on hover
        fig.add_trace(
            go.Scatter(
                x=[n.step for n in nodes],
                y=[y[n.node] for n in nodes],
                mode="markers+text" if named else "markers",
                text=[esc(n.token) for n in nodes],
                textposition="middle right",
                # pruned labels smaller but dark enough to read (#595959: 7:1 on white), not faded grey
                textfont=dict(
                    color=theme.NEUTRAL if key == "pruned" else "#262730", size=12 if key == "pruned" else 14
                ),
                marker=dict(
                    size=12,
                    color=rgba(colour, alpha),
                    symbol=["square" if n.finished else "circle" for n in nodes],
                    line=dict(color="white", width=1),
                ),
                customdata=[[esc(n.token), n.log_prob, n.score, n.step] for n in nodes],
                hovertemplate=labels["hover_beam"] + "<extra>" + labels[key] + "</extra>",
                name=labels[key],
            )
        )
    last = max((n.step for n in tree.nodes), default=0)
    longest = max((len(n.token) for n in tree.nodes if n.step == last), default=1)
    # room on the right for the last step's labels ("<eos>", "사랑해"), which were clipped (issue 10)
    fig.update_xaxes(
        title_text=labels["step"], dtick=1, zeroline=False, range=[-0.3, last + 0.4 + 0.12 * longest]
    )
    fig.update_yaxes(visible=False, autorange="reversed")
    title = labels["beam_title"].format(width=tree.width)
    fig.update_layout(
        base_layout(title, height=int(min(1400, 160 + 26 * leaves)), legend=dict(orientation="h"))
    )
    return fig


def softmax_t(logits: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(logits / T) along the last axis, numerically stable. (V,) -> (V,)"""
    z = logits / max(float(temperature), 1e-3)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def entropy_bits(p: np.ndarray) -> float:
    """Entropy in bits: how flat a distribution is (log2 V for uniform, 0 for a sure pick)."""
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def temperature_figure(logits: np.ndarray, itos: Sequence[str], temperatures: Sequence[float], labels: Labels,
                       top: int = 10) -> go.Figure:  # fmt: skip
    """The same step's next-token distribution at several temperatures: low T sharpens, high T flattens.

    Shows the `top` tokens most probable at T = 1 (tokens that can never be output have logit -1e4 and
    vanish at every temperature).
    """
    order = np.argsort(-logits)[:top]  # (top,)
    names = [itos[i] for i in order]
    temps = sorted({float(t) for t in temperatures})
    fig = go.Figure()
    colours = _viridis(len(temps))
    for temp, colour in zip(temps, colours):
        p = softmax_t(logits, temp)  # (V,)
        name = labels["temp_legend"].format(t=temp, h=entropy_bits(p))
        fig.add_trace(
            go.Bar(
                x=list(range(len(order))),
                y=p[order],
                name=name,
                marker=dict(color=colour),
                customdata=escs(names),
                hovertemplate=labels["hover_temp"] + f"<extra>T = {temp:g}</extra>",
            )
        )
    fig.update_xaxes(token_axis(names, labels["candidate"]))
    fig.update_yaxes(title_text=labels["probability"], range=[0, 1], tickformat=".0%")
    fig.update_layout(base_layout(labels["temperature_title"], height=400, barmode="group"))
    return fig


def _viridis(n: int) -> list[str]:
    """n colours evenly spaced on viridis (dark to light), ordered like the temperatures."""
    from plotly.colors import sample_colorscale

    return sample_colorscale("Viridis", [0.1 + 0.75 * i / max(n - 1, 1) for i in range(n)])


def sequence_logprob(trace) -> float:
    """Sum of log-probabilities of the emitted tokens (incl. <eos>): the score beam search maximizes."""
    return float(np.log(np.clip(trace.decoder.chosen_probs, 1e-12, None)).sum())


def samples_table(traces: Sequence, seeds: Sequence[int], labels: Labels) -> dict[str, list]:
    """One row per sample: its seed, output and log-probability under the model (at T = 1, whatever
    temperature drew it), so samples are comparable with the greedy and beam outputs."""
    return table(
        {
            labels["col_seed"]: list(seeds),
            labels["col_output"]: [tr.output_text for tr in traces],
            labels["col_logprob"]: [round(sequence_logprob(tr), 3) for tr in traces],
        }
    )
