"""The seed's pipeline, drawn from a real Trace:

    입력 시퀀스 ─► [Encoder RNN] ─► Context Vector ─► [Decoder RNN] ─► 출력 시퀀스

One SVG on one coordinate system (x: the five blocks left to right; y: time steps, top to bottom).
Encoder and decoder states are heat strips, one row per token and one column per hidden unit, so a
reader sees that every token becomes a vector and that the context vector is one more of them. The
selected decoder step is outlined; with attention, lines show how much it looked at each input.

Why SVG and not plotly: this figure redraws on every sidebar change, and the browser re-creates a plotly
chart from scratch for each new spec (20-40 ms with the page around it); an inline SVG is drawn natively
in a few. Heat strips are tiny PNG images scaled up without smoothing, so the SVG stays ~10 KB whatever
the hidden size; each strip row's <title> gives its token and value range on hover.

Every user-derived string is XML-escaped (`esc`): the SVG is inserted as HTML (ui.export.show_svg).
"""

from __future__ import annotations

import base64
import functools
import html
import struct
import zlib

import numpy as np

from s2s_core.trace import Trace
from viz import theme
from viz.common import svg_document

# x extents of the five blocks, in data units
INPUT, ENCODER, CONTEXT, DECODER, OUTPUT = (0.0, 2.2), (3.0, 7.0), (7.9, 10.6), (11.5, 15.5), (16.4, 18.6)
ROW_PX = 32  # height of one token row, px
W = 1100  # viewBox width, px; the SVG scales to the page's width
TOP = 78  # px above the first row: block titles
# The smallest text, in viewBox px. A 1280-px window leaves the page ~820 px, so the SVG is drawn at ~0.75
# of its size; 17 renders as 12.7 px there (at 12 labels were 8.9 px: issue 10, tests/e2e/test_readability).
FONT = 17
SIGNED = theme.colorscale(theme.DIVERGING)
_STOPS = tuple(p for p, _ in SIGNED)  # the scale's positions in [0, 1] and their (r, g, b), parsed once
_STOP_RGB = tuple(tuple(int(c) for c in colour[4:-1].split(",")) for _, colour in SIGNED)


def esc(token: str) -> str:
    """Show a token literally in the SVG (a token like "<b>" must be text, never markup)."""
    return html.escape(str(token))


def text_width(text: str, size: float) -> float:
    """Approximate drawn width: a Hangul syllable is about one em, a Latin letter or digit about 0.56."""
    return sum(1.0 if ord(ch) >= 0x1100 else 0.56 for ch in text) * size


def fit(text: str, room: float, size: float = FONT) -> str:
    """A (raw, unescaped) token cut to fit `room` px at `size`, ending in "…" when cut: the text is
    never shrunk below FONT (it would be unreadable); the full token is in the box's <title>."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


PX = (W - 10 - 95) / (OUTPUT[1] + 0.2 - (INPUT[0] - 0.2))  # px per data unit of x; 95 px for the colour bar


def _x(v: float) -> float:
    return round(10 + (v - (INPUT[0] - 0.2)) * PX, 1)


def _y(row: float) -> float:
    """Centre of a (possibly fractional) row index."""
    return round(TOP + ROW_PX * (row + 0.5), 1)


def _rgb(values: np.ndarray) -> np.ndarray:
    """Signed values (clipped to [-1, 1]) -> RGB bytes on the diverging scale, interpolated as plotly does."""
    colours = np.array(_STOP_RGB, dtype=float)  # (K, 3)
    pos = (np.clip(np.asarray(values, dtype=float), -1, 1) + 1) / 2
    rgb = np.stack([np.interp(pos, _STOPS, colours[:, k]) for k in range(3)], axis=-1)
    return np.rint(rgb).astype(np.uint8)


def png(rgb: np.ndarray) -> bytes:
    """A minimal truecolour PNG of an (h, w, 3) uint8 array (no imaging library needed)."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[i].tobytes() for i in range(h))  # filter type 0 per scanline

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def png_uri(rgb: np.ndarray) -> str:
    """An (h, w, 3) uint8 array as a PNG data URI, the href of an SVG <image>."""
    return "data:image/png;base64," + base64.b64encode(png(rgb)).decode()


@functools.cache
def _ramp_uri() -> str:
    """The colour bar's image: the same on every figure, so encoded once."""
    return png_uri(_rgb(np.linspace(1, -1, 64))[:, None, :])  # (64, 1, 3): +1 at the top


def _image(uri: str, x: float, y: float, w: float, h: float, cls: str, title: str = "", **data) -> str:
    attrs = "".join(f' data-{k}="{v}"' for k, v in data.items())
    inner = f"<title>{title}</title>" if title else ""
    return (
        f'<image class="{cls}" x="{x}" y="{y}" width="{w}" height="{h}" href="{uri}" preserveAspectRatio="none"'
        f' style="image-rendering:pixelated"{attrs}>{inner}</image>'
    )


def _strip_svg(values, span, top: float, tokens: list[str], cls: str, lab: dict) -> list[str]:
    """One image per time step (row) of a (rows, dims) state matrix, rows 3 px apart."""
    values = np.atleast_2d(values)  # (rows, dims)
    rgb = _rgb(values)  # (rows, dims, 3)
    x, w = _x(span[0]), round((span[1] - span[0]) * PX, 1)
    out = []
    for i, (row, tok) in enumerate(zip(values, tokens)):
        title = lab["state_title"].format(token=tok, n=row.size, lo=float(row.min()), hi=float(row.max()))
        y = _y(top + i) - ROW_PX / 2 + 1.5  # 1.5 px above and below: rows 3 px apart
        out.append(_image(png_uri(rgb[i : i + 1]), x, y, w, ROW_PX - 3, cls, title, cols=row.size))
    return out


def _text(
    x, y, body: str, size=FONT, colour="#262730", cls="", weight="normal", anchor="middle", title=""
) -> str:
    c = f' class="{cls}"' if cls else ""
    tip = f"<title>{title}</title>" if title else ""
    return (
        f'<text{c} x="{x}" y="{y}" font-size="{size}" fill="{colour}" font-weight="{weight}"'
        f' text-anchor="{anchor}" dominant-baseline="central">{body}{tip}</text>'
    )


def _boxes_svg(texts: list[str], top: float, span, cls: str, flags=None, muted=None) -> list[str]:
    """Token boxes with their (raw) text, escaped here; unknown words yellow and dashed, <eos> muted."""
    flags = flags or [False] * len(texts)
    muted = muted or [False] * len(texts)
    x0, x1 = _x(span[0]), _x(span[1])
    out = []
    for i, (body, flag, mute) in enumerate(zip(texts, flags, muted)):
        fill = "#FFE3A1" if flag else "#F0F2F6"
        stroke = "#8A6D00" if flag else ("#BFC5D3" if mute else theme.NEUTRAL)
        dash = ' stroke-dasharray="4 3"' if flag else ""
        y = _y(top + i)
        out.append(
            f'<rect class="box{" unknown" if flag else ""}" x="{x0}" y="{y - 0.4 * ROW_PX}" width="{round(x1 - x0, 1)}"'
            f' height="{0.8 * ROW_PX}" fill="{fill}" stroke="{stroke}" stroke-width="1"{dash}/>'
        )
        shown = fit(body, x1 - x0 - 8)
        tip = esc(body) if shown != body else ""
        out.append(
            _text((x0 + x1) / 2, y, esc(shown), FONT, "#595959" if mute else "#262730", cls, title=tip)
        )
    return out


def _arrow_svg(x0: float, x1: float, y: float) -> str:
    """One ─► of the seed's diagram: a line and a triangular head."""
    a, b = _x(x0), _x(x1)
    return (
        f'<line x1="{a}" y1="{y}" x2="{b - 8}" y2="{y}" stroke="{theme.NEUTRAL}" stroke-width="2"/>'
        f'<polygon points="{b},{y} {b - 10},{y - 5} {b - 10},{y + 5}" fill="{theme.NEUTRAL}"/>'
    )


def _colour_bar(lab: dict, top: float, height: float) -> list[str]:
    x = W - 80
    out = [_text(x + 6, top - 16, esc(lab["value"]))]
    out.append(_image(_ramp_uri(), x, top, 12, height, "colour-bar"))
    for v, label in ((1, "1"), (0, "0"), (-1, "−1")):
        out.append(_text(x + 18, top + height * (1 - v) / 2, label, anchor="start"))
    return out


def pipeline_svg(trace: Trace, labels: dict[str, str], step: int | None = None, alt: str = "") -> str:
    """The pipeline as one SVG string; `step` outlines one decoder step and draws its attention lines."""
    raw, unknown = list(trace.source.tokens), list(trace.source.unknown)
    src = list(trace.source.shown)
    out = list(trace.decoder.output_tokens)  # includes <eos> when the model produced it
    S, T = len(src), len(out)
    n = max(S, T)
    src_top, dec_top, mid = (n - S) / 2, (n - T) / 2, (n - 1) / 2
    cfg = trace.config
    weights = trace.decoder.attention_weights  # (T, S) or None
    height = TOP + ROW_PX * n + 44  # 44: the forward | backward note under the rows
    parts: list[str] = []

    if step is not None and 0 <= step < T and weights is not None:  # attention of the selected step
        for i, w in enumerate(weights[step].tolist()):
            if w >= 0.02:
                parts.append(
                    f'<line class="attention" x1="{_x(ENCODER[1])}" y1="{_y(src_top + i)}" x2="{_x(DECODER[0])}"'
                    f' y2="{_y(dec_top + step)}" stroke="{theme.DECODER}" stroke-width="{1 + 7 * w:.2f}"'
                    f' stroke-opacity="{0.25 + 0.75 * w:.2f}" data-weight="{w:.4f}"/>'
                )

    shown_src = [f"<unk> ({w})" if u else w for w, u in zip(raw, unknown)]
    parts += _boxes_svg(shown_src, src_top, INPUT, "tok-in", unknown)
    parts += _boxes_svg(out, dec_top, OUTPUT, "tok-out", muted=[t == "<eos>" for t in out])
    esc_src, esc_out = [esc(t) for t in src], [esc(t) for t in out]
    parts += _strip_svg(trace.encoder.outputs, ENCODER, src_top, esc_src, "strip-enc", labels)  # (S, D*H)
    parts += _strip_svg(
        trace.context.vector[None, :], CONTEXT, mid, [esc(labels["context"])], "strip-ctx", labels
    )
    parts += _strip_svg(
        trace.decoder.states[:, -1, :], DECODER, dec_top, esc_out, "strip-dec", labels
    )  # (T, H)

    bidirectional = bool(cfg.get("bidirectional"))
    if bidirectional:  # the forward | backward halves of each encoder state
        half = _x(sum(ENCODER) / 2)
        y0, y1 = _y(src_top) - ROW_PX / 2, _y(src_top + S - 1) + ROW_PX / 2
        parts.append(f'<line x1="{half}" y1="{y0}" x2="{half}" y2="{y1}" stroke="white" stroke-width="2"/>')
        parts.append(_text(_x(sum(ENCODER) / 2), y1 + 14, esc(labels["fwd_bwd"]), colour=theme.NEUTRAL))
    if step is not None and 0 <= step < T:  # outline of the selected decoder step and its output token
        for x0, x1 in (DECODER, OUTPUT):
            parts.append(
                f'<rect class="selected" x="{_x(x0 - 0.08)}" y="{_y(dec_top + step) - ROW_PX / 2}"'
                f' width="{round((x1 - x0 + 0.16) * PX, 1)}" height="{ROW_PX}" fill="none"'
                f' stroke="{theme.DECODER}" stroke-width="3"/>'
            )

    for left, right in ((INPUT, ENCODER), (ENCODER, CONTEXT), (CONTEXT, DECODER), (DECODER, OUTPUT)):
        parts.append(_arrow_svg(left[1] + 0.1, right[0] - 0.1, _y(mid)))

    direction = labels["bi"] if bidirectional else labels["uni"]
    arch = (
        f"{str(cfg.get('cell', '')).upper()} · {direction} · {labels['layers'].format(n=cfg.get('layers'))}"
    )
    attention = labels["attention_on" if weights is not None else "attention_off"]
    titles = [
        (INPUT, labels["input"], theme.NEUTRAL, labels["tokens"].format(n=S)),
        (ENCODER, labels["encoder"], theme.ENCODER, arch),
        (CONTEXT, labels["context"], theme.CONTEXT, labels["dims"].format(n=trace.context.vector.shape[0])),
        (DECODER, labels["decoder"], theme.DECODER, attention),
        (OUTPUT, labels["output"], theme.NEUTRAL, labels["tokens"].format(n=len(trace.output_tokens))),
    ]
    for span, title, colour, sub in titles:
        parts.append(_text(_x(sum(span) / 2), 24, esc(title), FONT + 2, colour, "title", "bold"))
        parts.append(_text(_x(sum(span) / 2), 50, esc(sub), FONT, colour, "subtitle"))
    parts += _colour_bar(labels, TOP + 10, min(160, ROW_PX * n * 0.6 + 40))

    return svg_document(W, height, alt, parts, f' data-model="{html.escape(trace.model)}"')
