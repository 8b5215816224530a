"""Transformer views: every layer's and head's attention as a grid of small heatmaps (one enlarged),
the sinusoidal positions as a picture, its cross-attention next to an RNN's, and the encoder's time
against input length (parallel positions vs recurrent steps).

Pure functions: a TransformerTrace (s2s_core.trace) plus a `labels` dict (ui.i18n.labels(lang,
"transformer.viz")) -> plotly figure or markdown. The grid is one figure with plain-dict traces: the
browser re-creates a plotly chart on every update, so one chart of L x h panels is far cheaper than L x h
charts (benchmarks/bench_interaction.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from viz import theme
from viz.common import base_layout, esc, escs, md_escape
from viz.compare import pair_figure

Labels = Mapping[str, str]
KINDS = ("encoder", "decoder", "cross")  # self-attention of the encoder, masked of the decoder, cross
GAP = 0.04  # space between panels, as a fraction of the figure
ROW_GAP = 0.14  # between layers: room for the next layer's heading
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


def _domains(n: int, gap: float = GAP) -> list[tuple[float, float]]:
    width = (1 - gap * (n - 1)) / n
    return [(i * (width + gap), i * (width + gap) + width) for i in range(n)]


def head_grid(trace, kind: str, labels: Labels, selected: tuple[int, int] | None = None):
    """All L x h maps of one kind: row = layer (first at the top), column = head. Every cell carries an
    invisible point whose customdata is (layer, head), so a click on a panel picks it (`clicked`)."""
    z, rows, cols = maps(trace, kind)
    L, H = z.shape[:2]
    xs, ys = _domains(H), _domains(L, ROW_GAP)[::-1]  # layer 1 on top
    data, layout = [], {}
    scale = theme.colorscale(theme.SEQUENTIAL)
    tt, ss = np.meshgrid(np.arange(len(rows)), np.arange(len(cols)), indexing="ij")
    for layer in range(L):
        for head in range(H):
            n = layer * H + head + 1
            suffix = "" if n == 1 else str(n)
            data.append(dict(type="heatmap", z=z[layer, head].tolist(), xaxis=f"x{suffix}", yaxis=f"y{suffix}",
                             colorscale=scale, zmin=0, zmax=1, showscale=n == 1, hoverinfo="skip",
                             colorbar=dict(title=dict(text=labels["weight"]), thickness=12)))  # fmt: skip
            data.append(dict(type="scatter", mode="markers", x=ss.ravel().tolist(), y=tt.ravel().tolist(),
                             xaxis=f"x{suffix}", yaxis=f"y{suffix}", showlegend=False, name="cells",
                             marker=dict(symbol="square", size=14, color="rgba(0,0,0,0)"),
                             customdata=[[layer + 1, head + 1, esc(rows[r]), esc(cols[c]), float(z[layer, head, r, c])]
                                         for r, c in zip(tt.ravel(), ss.ravel())],
                             hovertemplate=labels["hover_head"] + "<extra></extra>",
                             selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0))))  # fmt: skip
            on = selected == (layer, head)
            # tokens: inputs under the bottom row's panels, rows left of the first column's
            layout[f"xaxis{suffix}"] = dict(domain=xs[head], anchor=f"y{suffix}", showticklabels=layer == L - 1,
                                            tickmode="array", tickvals=list(range(len(cols))), ticktext=escs(cols),
                                            tickfont=TICK_FONT, showgrid=False, zeroline=False, fixedrange=True,
                                            automargin=True, range=[-0.5, len(cols) - 0.5], showline=on, linewidth=4,
                                            linecolor=theme.DECODER, mirror=True)  # fmt: skip
            layout[f"yaxis{suffix}"] = dict(domain=ys[layer], anchor=f"x{suffix}", showticklabels=head == 0,
                                            tickmode="array", tickvals=list(range(len(rows))), ticktext=escs(rows),
                                            tickfont=TICK_FONT, showgrid=False, zeroline=False, fixedrange=True,
                                            automargin=True, range=[len(rows) - 0.5, -0.5], showline=on, linewidth=4,
                                            linecolor=theme.DECODER, mirror=True)  # fmt: skip
    notes = [dict(text=esc(labels["head"].format(n=h + 1)), x=(xs[h][0] + xs[h][1]) / 2, y=1.0, xref="paper",
                  yref="paper", yanchor="bottom", showarrow=False, font=dict(size=14)) for h in range(H)]  # fmt: skip
    notes += [dict(text=f"<b>{esc(labels['layer'].format(n=lay + 1))}</b>", x=0, y=ys[lay][1], xref="paper",
                   yref="paper", xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=14))
              for lay in range(L)]  # fmt: skip
    title = labels[f"grid_{kind}"]
    base = base_layout(title, wrap=70, height=150 + 170 * L, clickmode="event+select", dragmode=False,
                       hoverdistance=-1, margin=dict(l=70, r=10, t=90, b=10))  # fmt: skip
    return theme.figure(data, theme.plain_layout(**base, **layout, annotations=notes))


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
