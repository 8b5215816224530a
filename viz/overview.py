"""The seed's pipeline, drawn from a real Trace:

    입력 시퀀스 ─► [Encoder RNN] ─► Context Vector ─► [Decoder RNN] ─► 출력 시퀀스

One plotly figure on one coordinate system (x: the five blocks left to right; y: time steps, top to
bottom). Encoder and decoder states are heat strips, one row per token and one column per hidden unit,
so a reader sees that every token becomes a vector and that the context vector is one more of them.
The selected decoder step is outlined; with attention, lines show how much it looked at each input.

Token text is HTML-escaped: plotly renders a subset of HTML, and user text must appear literally.
Figures are plain dicts handed to `theme.figure` (no plotly.py validation): this page redraws on every
sidebar change, and validation cost more than the forward pass. tests/test_viz_overview.py validates them.
"""

from __future__ import annotations

import html

import numpy as np

from s2s_core.trace import Trace
from viz import theme

# x extents of the five blocks, in data units
INPUT, ENCODER, CONTEXT, DECODER, OUTPUT = (0.0, 2.2), (3.0, 7.0), (7.9, 10.6), (11.5, 15.5), (16.4, 18.6)
ROW_PX = 30  # height of one token row
SIGNED = theme.colorscale(theme.DIVERGING)


def esc(token: str) -> str:
    """Show a token literally in plotly text (which would otherwise interpret tags like <b>)."""
    return html.escape(str(token), quote=False)


def _strip(values: np.ndarray, span, top: float, labels: list[str], label_dim: str) -> dict:
    """A heat strip: rows = time steps (centred on top, top+1, ...), columns = hidden units."""
    values = np.atleast_2d(values)  # (rows, dims)
    rows, dims = values.shape
    dx = (span[1] - span[0]) / dims
    return dict(
        type="heatmap", z=values, x0=span[0] + dx / 2, dx=dx, y0=top, dy=1, coloraxis="coloraxis",
        text=[[esc(lab)] * dims for lab in labels], customdata=np.tile(np.arange(dims), (rows, 1)),
        hovertemplate=f"%{{text}}<br>{label_dim} %{{customdata}}: %{{z:.3f}}<extra></extra>", ygap=3,
    )  # fmt: skip


def _token_boxes(texts: list[str], top: float, span, flags=None, muted=None) -> tuple[list[dict], dict]:
    """One column of token boxes: a shape per box (SVG rects are cheap) and one text trace on top.
    `texts` are already escaped; `flags` marks unknown words (yellow, dashed), `muted` the <eos>."""
    flags = flags or [False] * len(texts)
    muted = muted or [False] * len(texts)
    shapes = [
        dict(
            type="rect",
            x0=span[0],
            x1=span[1],
            y0=top + i - 0.4,
            y1=top + i + 0.4,
            layer="below",
            fillcolor="#FFE3A1" if flag else "#F0F2F6",
            line=dict(
                color="#8A6D00" if flag else ("#BFC5D3" if mute else theme.NEUTRAL),
                width=1,
                dash="dash" if flag else "solid",
            ),
        )  # fmt: skip
        for i, (flag, mute) in enumerate(zip(flags, muted))
    ]
    text = dict(
        type="scatter", mode="text", x=[(span[0] + span[1]) / 2] * len(texts), y=[top + i for i in range(len(texts))],
        text=texts, textfont=dict(size=[_font_size(t) for t in texts], color=["#6B6F7B" if m else "#262730" for m in muted]),
        hoverinfo="skip",
    )  # fmt: skip
    return shapes, text


def _font_size(text: str) -> int:
    """Shrink long tokens (e.g. "<unk> (zebras)") so they stay inside their box; Hangul counts double."""
    width = sum(2 if ord(ch) >= 0x1100 else 1 for ch in html.unescape(text))
    return 15 if width <= 14 else max(9, int(15 * 14 / width))


def _arrows(pairs, y: float) -> dict:
    """The four ─► between blocks as one line trace with arrow markers (cheaper than annotations)."""
    xs, ys, sizes = [], [], []
    for left, right in pairs:
        xs += [left[1] + 0.1, right[0] - 0.18, None]
        ys += [y, y, None]
        sizes += [0, 13, 0]
    return dict(
        type="scatter", mode="lines+markers", x=xs, y=ys, line=dict(color=theme.NEUTRAL, width=2), hoverinfo="skip",
        marker=dict(symbol="arrow", angleref="previous", size=sizes, color=theme.NEUTRAL),
    )  # fmt: skip


def _labels(items) -> dict:
    """Block titles (and the fwd|bwd note) as one text trace: one annotation each cost the browser ~10 ms."""
    xs, ys, texts, colours, sizes, positions = zip(*items)
    return dict(
        type="scatter", mode="text", x=xs, y=ys, text=texts, textposition=list(positions), cliponaxis=False,
        textfont=dict(size=list(sizes), color=list(colours)), hoverinfo="skip",
    )  # fmt: skip


def _title(x: float, text: str, colour: str, sub: str) -> tuple:
    body = f"<b>{text}</b><br><span style='font-size:12px'>{sub}</span>"
    return (x, -0.55, body, colour, 15, "top center")


def pipeline_figure(trace: Trace, labels: dict[str, str], step: int | None = None):
    """The pipeline with the trace's tokens, states and context vector; `step` outlines one decoder step."""
    raw, unknown = list(trace.source.tokens), list(trace.source.unknown)
    src = list(trace.source.shown)
    out = list(trace.decoder.output_tokens)  # includes <eos> when the model produced it
    S, T = len(src), len(out)
    n = max(S, T)
    src_top, dec_top, mid = (n - S) / 2, (n - T) / 2, (n - 1) / 2
    cfg = trace.config
    weights = trace.decoder.attention_weights  # (T, S) or None
    shapes: list[dict] = []

    # attention of the selected step: lines from each input state to that decoder state, under the strips
    if step is not None and 0 <= step < T:
        if weights is not None:
            for i, w in enumerate(weights[step].tolist()):
                if w >= 0.02:
                    shapes.append(dict(
                        type="line", x0=ENCODER[1], y0=src_top + i, x1=DECODER[0], y1=dec_top + step, layer="below",
                        line=dict(color=theme.DECODER, width=1 + 7 * w), opacity=0.25 + 0.75 * w,
                    ))  # fmt: skip
        for x0, x1 in (DECODER, OUTPUT):
            shapes.append(dict(type="rect", x0=x0 - 0.08, x1=x1 + 0.08, y0=dec_top + step - 0.5,
                               y1=dec_top + step + 0.5, line=dict(color=theme.DECODER, width=3)))  # fmt: skip

    shown_src = [f"&lt;unk&gt; ({esc(w)})" if u else esc(w) for w, u in zip(raw, unknown)]
    src_boxes, src_text = _token_boxes(shown_src, src_top, INPUT, unknown)
    out_boxes, out_text = _token_boxes(
        [esc(t) for t in out], dec_top, OUTPUT, muted=[t == "<eos>" for t in out]
    )
    shapes += src_boxes + out_boxes
    data = [
        src_text,
        out_text,
        _strip(trace.encoder.outputs, ENCODER, src_top, src, labels["dim"]),  # (S, D*H): fwd | bwd halves
        _strip(trace.context.vector[None, :], CONTEXT, mid, [labels["context"]], labels["dim"]),  # (1, H)
        _strip(trace.decoder.states[:, -1, :], DECODER, dec_top, out, labels["dim"]),  # (T, H) top layer
    ]
    bidirectional = bool(cfg.get("bidirectional"))
    if bidirectional:
        half = sum(ENCODER) / 2
        shapes.append(dict(type="line", x0=half, x1=half, y0=src_top - 0.5, y1=src_top + S - 0.5,
                           line=dict(color="white", width=2)))  # fmt: skip

    direction = labels["bi"] if bidirectional else labels["uni"]
    arch = (
        f"{str(cfg.get('cell', '')).upper()} · {direction} · {labels['layers'].format(n=cfg.get('layers'))}"
    )
    attention = labels["attention_on" if weights is not None else "attention_off"]
    blocks = ((INPUT, ENCODER), (ENCODER, CONTEXT), (CONTEXT, DECODER), (DECODER, OUTPUT))
    texts = [
        _title(sum(INPUT) / 2, labels["input"], theme.NEUTRAL, labels["tokens"].format(n=S)),
        _title(sum(ENCODER) / 2, labels["encoder"], theme.ENCODER, arch),
        _title(sum(CONTEXT) / 2, labels["context"], theme.CONTEXT, labels["dims"].format(n=trace.context.vector.shape[0])),
        _title(sum(DECODER) / 2, labels["decoder"], theme.DECODER, attention),
        _title(sum(OUTPUT) / 2, labels["output"], theme.NEUTRAL, labels["tokens"].format(n=len(trace.output_tokens))),
    ]  # fmt: skip
    if bidirectional:
        texts.append(
            (sum(ENCODER) / 2, src_top + S - 0.45, labels["fwd_bwd"], theme.NEUTRAL, 12, "bottom center")
        )
    data += [_arrows(blocks, mid), _labels(texts)]

    # The right margin is reserved for the colour bar up front (autoexpand off): letting plotly.js grow it
    # made every draw lay the figure out twice (~5 ms of the ~20 ms a draw costs in the browser).
    layout = theme.plain_layout(
        margin=dict(l=10, r=95, t=70, b=30, autoexpand=False), height=150 + ROW_PX * n, shapes=shapes,
        showlegend=False,
        coloraxis=dict(colorscale=SIGNED, cmin=-1, cmax=1, cmid=0,
                       colorbar=dict(title=dict(text=labels["value"]), thickness=12, len=0.6, tickvals=[-1, 0, 1])),
        xaxis=dict(visible=False, range=[INPUT[0] - 0.2, OUTPUT[1] + 0.2], fixedrange=True),
        yaxis=dict(visible=False, range=[n - 0.2, -1.6], fixedrange=True),
    )  # fmt: skip
    return theme.figure(data, layout)
