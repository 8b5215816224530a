"""Transformer views: every layer's and head's attention as a grid of small heatmaps (one enlarged),
the sinusoidal positions as a picture, its cross-attention next to an RNN's, and the encoder's time
against input length (parallel positions vs recurrent steps).

Pure functions: a TransformerTrace (s2s_core.trace) plus a `labels` dict (ui.i18n.labels(lang,
"transformer.viz")) -> plotly figure or markdown. The grid is one chart with one heatmap, its L x h
panels tiled in it: far cheaper to update than L x h charts or subplots (benchmarks/bench_interaction.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from viz import theme
from viz.common import base_layout, esc, md_escape
from viz.heatmap import Panel, heatmap_svg, weight_colours

Labels = Mapping[str, str]
KINDS = ("encoder", "decoder", "cross")  # self-attention of the encoder, masked of the decoder, cross


def maps(trace, kind: str) -> tuple[np.ndarray, tuple[str, ...], tuple[str, ...]]:
    """(L, h, rows, cols) weights of one kind with their row and column tokens.

    encoder: rows and columns are the input tokens; decoder: the tokens fed to the decoder (<sos> and the
    outputs so far), each row seeing only itself and earlier ones; cross: rows are the output tokens
    written (<eos> included), columns the input tokens."""
    if kind == "encoder":
        return trace.encoder_self, trace.source.shown, trace.source.shown
    if kind == "decoder":
        return trace.decoder_self, trace.input_tokens, trace.input_tokens
    if kind == "cross":
        return trace.cross, trace.step_tokens, trace.source.shown
    raise ValueError(kind)


def head_grid(trace, kind: str, labels: Labels, selected: tuple[int, int] | None = None) -> str:
    """All L x h maps of one kind as one SVG (viz/heatmap.py): row = layer (first at the top), column =
    head; `selected` (layer, head), shown enlarged below, is outlined. A click on a panel is reported as
    its index (`picked`)."""
    z, rows, cols = maps(trace, kind)  # (L, H, R, C)
    L, H = z.shape[:2]
    panels = [
        Panel(z[layer, head], list(rows), list(cols), labels["panel"].format(layer=layer + 1, head=head + 1),
              outlined=(layer, head) == selected)
        for layer in range(L) for head in range(H)
    ]  # fmt: skip
    colours = weight_colours(labels["weight"], ".2f")
    return heatmap_svg(labels[f"grid_{kind}"], panels, colours, labels[f"cols_{kind}"], labels[f"rows_{kind}"],
                       columns=H, clickable=True)  # fmt: skip


def picked(cell: Mapping | None, heads: int) -> tuple[int, int] | None:
    """(layer, head), 0-based, of the grid's panel a click landed on (ui.export.clicked_cell's report)."""
    if not cell:
        return None
    return divmod(int(cell["panel"]), heads)


def head_figure(trace, kind: str, layer: int, head: int, labels: Labels) -> str:
    """One head's map, large, with every weight printed in its cell."""
    from viz import attention

    z, rows, cols = maps(trace, kind)
    axis = dict(labels, input=labels[f"cols_{kind}"], output=labels[f"rows_{kind}"])
    title = labels["enlarged"].format(kind=labels[f"kind_{kind}"], layer=layer + 1, head=head + 1)
    return attention.heatmap_figure(z[layer, head], rows, cols, axis, title, clickable=False)


def positions_figure(pe: np.ndarray, used: int, labels: Labels):
    """The sinusoidal encoding (positions x dimensions) as a heatmap; the first `used` positions (the
    sentence's) are outlined."""
    n, d = pe.shape
    data = [dict(type="heatmap", z=pe.tolist(), colorscale=theme.colorscale(theme.DIVERGING), zmin=-1, zmax=1,
                 colorbar=dict(title=dict(text=labels["pe_value"]), thickness=12),
                 hovertemplate=labels["hover_pe"] + "<extra></extra>")]  # fmt: skip
    shapes = [dict(type="rect", x0=-0.5, x1=d - 0.5, y0=-0.5, y1=used - 0.5,
                   line=dict(color=theme.DECODER, width=3))]  # fmt: skip
    layout = theme.plain_layout(**base_layout(labels["pe_title"].format(n=used), wrap=70, height=420),
                                shapes=shapes)  # fmt: skip
    layout["xaxis"] = dict(layout["xaxis"], title=dict(text=labels["pe_dim"]))
    layout["yaxis"] = dict(layout["yaxis"], title=dict(text=labels["pe_position"]), autorange="reversed")
    return theme.figure(data, layout)


def waves_figure(pe: np.ndarray, dims: Sequence[int], labels: Labels):
    """A few dimensions of the encoding against position: each a wave of its own frequency."""
    data = [dict(type="scatter", mode="lines+markers", x=list(range(len(pe))), y=pe[:, k].tolist(),
                 name=labels["pe_dim_n"].format(k=k), line=dict(color=theme.LINES[i % len(theme.LINES)], width=2),
                 marker=dict(size=5)) for i, k in enumerate(dims)]  # fmt: skip
    layout = theme.plain_layout(**base_layout(labels["waves_title"], wrap=70, height=320))
    layout["xaxis"] = dict(layout["xaxis"], title=dict(text=labels["pe_position"]))
    layout["yaxis"] = dict(layout["yaxis"], title=dict(text=labels["pe_value"]), range=[-1.1, 1.1])
    return theme.figure(data, layout)


def versus_rnn(tf_trace, rnn_trace, rnn_words: str, labels: Labels) -> str:
    """The Transformer's cross-attention (last layer, heads averaged) and the RNN's attention, same
    sentence, one figure."""
    tf = Panel(tf_trace.cross[-1].mean(axis=0), list(tf_trace.step_tokens), list(tf_trace.source.shown),
               labels["tf_panel"])  # fmt: skip
    z = rnn_trace.decoder.attention_weights
    rnn = Panel(z, list(rnn_trace.decoder.output_tokens), list(rnn_trace.source.shown), rnn_words)
    colours = weight_colours(labels["weight"], ".2f")
    return heatmap_svg(labels["versus_title"], [tf, rnn], colours, labels["cols_cross"], labels["rows_cross"])


def timing_figure(rows: Sequence[Mapping], labels: Labels):
    """Encoder time (ms) against input length, one line per model. rows: {"model", "length", "ms"}."""
    data = []
    models = list(dict.fromkeys(r["model"] for r in rows))
    for i, m in enumerate(models):
        pts = [r for r in rows if r["model"] == m]
        data.append(dict(type="scatter", mode="lines+markers", name=esc(m), x=[r["length"] for r in pts],
                         y=[r["ms"] for r in pts], line=dict(color=theme.LINES[i], width=3),
                         marker=dict(size=8, symbol=("circle", "square")[i % 2]),
                         hovertemplate=labels["hover_time"] + "<extra></extra>"))  # fmt: skip
    layout = theme.plain_layout(**base_layout(labels["time_title"], wrap=70, height=380),
                                legend=dict(orientation="h", y=-0.25))  # fmt: skip
    lengths = sorted({r["length"] for r in rows})
    layout["xaxis"] = dict(layout["xaxis"], title=dict(text=labels["time_length"]), type="log", tickmode="array",
                           tickvals=lengths, ticktext=[str(n) for n in lengths])  # fmt: skip
    layout["yaxis"] = dict(layout["yaxis"], title=dict(text=labels["time_ms"]), rangemode="tozero")
    return theme.figure(data, layout)


def metrics_markdown(models: Sequence[tuple[str, Mapping]], labels: Labels) -> str:
    """Held-out metrics of several models on the same test split, one column each."""
    head = "| | " + " | ".join(md_escape(name) for name, _ in models) + " |"
    lines = [head, "|---|" + "---:|" * len(models)]

    def pct(v):
        return "—" if v is None else f"{v:.1%}"

    for key, fmt in (("exact_match", pct), ("token_accuracy", pct), ("aer", pct),
                     ("params", lambda v: f"{v:,}"), ("train_seconds", lambda v: f"{v:,.0f} s")):  # fmt: skip
        cells = [fmt(m.get(key)) if m.get(key) is not None else "—" for _, m in models]
        lines.append(f"| {labels[f'metric_{key}']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
