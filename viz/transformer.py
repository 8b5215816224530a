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
from viz.common import base_layout, esc, escs, md_escape
from viz.compare import pair_figure

Labels = Mapping[str, str]
KINDS = ("encoder", "decoder", "cross")  # self-attention of the encoder, masked of the decoder, cross
COL_GAP = 1  # empty cells between the grid's panels side by side
ROW_GAP = 2  # and between layers: room for the next layer's heading
TICK_FONT = dict(size=13)


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


def grid_origin(layer: int, head: int, rows: int, cols: int) -> tuple[int, int]:
    """(x, y) of the top-left cell of panel (layer, head) in the grid's one heatmap."""
    return head * (cols + COL_GAP), layer * (rows + ROW_GAP)


def head_grid(trace, kind: str, labels: Labels, selected: tuple[int, int] | None = None):
    """All L x h maps of one kind: row = layer (first at the top), column = head.

    One heatmap on one pair of axes, the panels tiled in it with empty cells between them (gaps), not
    L x h subplots: plotly lays out every subplot's axes on each update, and the 2 x 4 grid took ~65 ms
    of every Transformer-page rerun in Chromium as subplots, ~10 ms as one map (benchmarks/). Every cell
    carries (layer, head, row, column, weight) as customdata, so a click on a panel picks it (`clicked`)."""
    z, rows, cols = maps(trace, kind)  # (L, H, R, C)
    L, H, R, C = z.shape
    width, height = H * C + (H - 1) * COL_GAP, L * R + (L - 1) * ROW_GAP
    tiled = [[None] * width for _ in range(height)]  # None: a gap, drawn as nothing
    custom = [[None] * width for _ in range(height)]
    shown_rows, shown_cols = escs(rows), escs(cols)
    for layer in range(L):
        for head in range(H):
            x0, y0 = grid_origin(layer, head, R, C)
            for r in range(R):
                for c in range(C):
                    w = float(z[layer, head, r, c])
                    tiled[y0 + r][x0 + c] = w
                    custom[y0 + r][x0 + c] = [layer + 1, head + 1, shown_rows[r], shown_cols[c], w]
    data = [dict(type="heatmap", z=tiled, customdata=custom, colorscale=theme.colorscale(theme.SEQUENTIAL),
                 zmin=0, zmax=1, hoverongaps=False, hovertemplate=labels["hover_head"] + "<extra></extra>",
                 colorbar=dict(title=dict(text=labels["weight"]), thickness=12))]  # fmt: skip
    # tokens: the inputs under every column of panels, the rows left of every layer's panels
    xticks = [grid_origin(0, h, R, C)[0] + c for h in range(H) for c in range(C)]
    yticks = [grid_origin(lay, 0, R, C)[1] + r for lay in range(L) for r in range(R)]
    axis = dict(
        tickmode="array", tickfont=TICK_FONT, showgrid=False, zeroline=False, fixedrange=True, automargin=True
    )
    notes = [dict(text=esc(labels["head"].format(n=h + 1)), x=grid_origin(0, h, R, C)[0] + (C - 1) / 2, y=-0.5,
                  xref="x", yref="y", yanchor="bottom", showarrow=False, font=dict(size=14)) for h in range(H)]  # fmt: skip
    notes += [dict(text=f"<b>{esc(labels['layer'].format(n=lay + 1))}</b>", x=0, xref="paper", xanchor="left",
                   y=grid_origin(lay, 0, R, C)[1] - 0.5, yref="y", yanchor="bottom", showarrow=False,
                   font=dict(size=14)) for lay in range(L)]  # fmt: skip
    shapes = []
    if selected is not None:  # the enlarged panel, outlined
        x0, y0 = grid_origin(*selected, R, C)
        shapes.append(dict(type="rect", xref="x", yref="y", x0=x0 - 0.5, x1=x0 + C - 0.5, y0=y0 - 0.5,
                           y1=y0 + R - 0.5, line=dict(color=theme.DECODER, width=4)))  # fmt: skip
    title = labels[f"grid_{kind}"]
    base = base_layout(
        title, wrap=70, height=150 + 170 * L, dragmode=False, margin=dict(l=10, r=10, t=90, b=10)
    )
    layout = theme.plain_layout(**base, annotations=notes, shapes=shapes)
    layout["xaxis"] = dict(axis, tickvals=xticks, ticktext=shown_cols * H, range=[-0.5, width - 0.5])
    layout["yaxis"] = dict(axis, tickvals=yticks, ticktext=shown_rows * L, range=[height - 0.5, -0.5])
    return theme.figure(data, layout)


def clicked(selection) -> tuple[int, int] | None:
    """(layer, head), 0-based, of the panel a click landed on, from st.plotly_chart's selection state
    (the points carry them 1-based, as people count)."""
    points = (selection or {}).get("points") or []
    for p in points:
        custom = p.get("customdata")
        if custom and len(custom) >= 2:
            return int(custom[0]) - 1, int(custom[1]) - 1
    return None


def head_figure(trace, kind: str, layer: int, head: int, labels: Labels):
    """One head's map, large, with every weight printed in its cell."""
    from viz import attention

    z, rows, cols = maps(trace, kind)
    axis = dict(labels, input=labels[f"cols_{kind}"], output=labels[f"rows_{kind}"])
    title = labels["enlarged"].format(kind=labels[f"kind_{kind}"], layer=layer + 1, head=head + 1)
    return attention.heatmap(z[layer, head], rows, cols, axis, title, clickable=False)


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


def versus_rnn(tf_trace, rnn_trace, rnn_words: str, labels: Labels):
    """The Transformer's cross-attention (last layer, heads averaged) and the RNN's attention, same
    sentence, one figure."""
    tf = (labels["tf_panel"], tf_trace.cross[-1].mean(axis=0), tf_trace.step_tokens, tf_trace.source.shown)
    z = rnn_trace.decoder.attention_weights
    rnn = (rnn_words, z, rnn_trace.decoder.output_tokens, rnn_trace.source.shown)
    return pair_figure([tf, rnn], labels, labels["versus_title"], theme.SEQUENTIAL, (0, 1), labels["weight"],
                       labels["hover_pair"])  # fmt: skip


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
