"""Figures of the Bottleneck lab: the fixed-length context vector against inputs of growing length.

The seed: without attention the whole input must pass through one fixed-size vector, and information is
lost as inputs grow; attention lets the decoder look back at every input. Bahdanau et al. (2015, Fig. 2)
showed it as exact match (BLEU there) falling with sentence length for the plain encoder-decoder and staying
up with attention; `curve_figure` draws our models' version of that plot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from viz import theme
from viz.common import base_layout, esc
from viz.overview import esc as xml
from viz.overview import text_width

Labels = Mapping[str, str]
# without attention: vermillion, dashed; with: blue, solid (two cues, not only hue)
STYLE = {"none": (theme.DECODER, "dash"), "additive": (theme.ENCODER, "solid")}
RIGHT, WRONG = "#0072B2", "#D55E00"  # Okabe-Ito blue / vermillion, plus ✓ / ✗ marks: not colour alone


def curve_figure(curves: Mapping[str, Mapping[int, float]], labels: Labels, trained_max: int,
                 runs: Mapping[str, tuple[int, float, int]] | None = None):  # fmt: skip
    """Exact match (0..1) against input length per model kind ("none" | "additive"), from the build's
    held-out test; `runs`: kind -> (length, exact, n) measured just now, drawn as large markers."""
    data = []
    for kind, by_len in curves.items():
        colour, dash = STYLE[kind]
        xs = sorted(by_len)
        data.append(dict(type="scatter", x=xs, y=[by_len[x] for x in xs], mode="lines+markers",
                         name=labels[f"kind_{kind}"], line=dict(color=colour, width=3, dash=dash),
                         marker=dict(size=6), hovertemplate=labels["hover_curve"]))  # fmt: skip
    for kind, (length, exact, n) in (runs or {}).items():
        colour, _ = STYLE[kind]
        data.append(dict(type="scatter", x=[length], y=[exact], mode="markers", name=labels["run_point"].format(
            kind=labels[f"kind_{kind}"], n=n), marker=dict(size=16, color=colour, symbol="diamond",
            line=dict(color="#000000", width=2)), hovertemplate=labels["hover_curve"]))  # fmt: skip
    top = max([trained_max, *[length for length, _, _ in (runs or {}).values()]])
    layout = theme.plain_layout(**base_layout(labels["curve_title"], wrap=50, height=420))
    layout["xaxis"] = dict(layout["xaxis"], title=dict(text=labels["length"]), range=[0.5, top + 0.5])
    layout["yaxis"] = dict(
        layout["yaxis"], title=dict(text=labels["exact"]), range=[-0.03, 1.05], tickformat=".0%"
    )
    layout["legend"] = dict(orientation="h", y=-0.2)
    if top > trained_max:  # what lies beyond the training lengths is shaded and named
        layout["shapes"] = [dict(type="rect", xref="x", yref="paper", x0=trained_max + 0.5, x1=top + 0.5, y0=0,
                                 y1=1, fillcolor="#E5E8EF", opacity=0.5, line=dict(width=0), layer="below")]  # fmt: skip
        layout["annotations"] = [dict(x=top + 0.5, y=1.0, xref="x", yref="paper", xanchor="right", yanchor="bottom",
                                      text=esc(labels["beyond"]), showarrow=False, font=dict(size=13, color=theme.NEUTRAL))]  # fmt: skip
    return theme.figure(data, layout)


def context_figure(rows: Sequence[tuple[str, np.ndarray]], labels: Labels):
    """The context vectors of a short and a long input: one row each, the same number of columns."""
    z = np.stack([vec for _, vec in rows])  # (R, H)
    m = float(np.abs(z).max()) or 1.0
    names = [esc(name) for name, _ in rows]
    data = [dict(type="heatmap", z=z.tolist(), y=list(range(len(rows))), colorscale=theme.colorscale(theme.DIVERGING),
                 zmin=-m, zmax=m, colorbar=dict(title=dict(text=labels["value"]), thickness=12),
                 hovertemplate=labels["hover_context"], text=[[n] * z.shape[1] for n in names])]  # fmt: skip
    layout = theme.plain_layout(**base_layout(labels["context_title"].format(h=z.shape[1]), wrap=50,
                                              height=120 + 60 * len(rows)))  # fmt: skip
    layout["yaxis"] = dict(layout["yaxis"], tickmode="array", tickvals=list(range(len(rows))), ticktext=names,
                           autorange="reversed", showgrid=False)  # fmt: skip
    layout["xaxis"] = dict(layout["xaxis"], title=dict(text=labels["unit"]), showgrid=False)
    return theme.figure(data, layout)


ROW_WIDTH = 810  # px of one line of boxes with the row names: fits a 1280-px window without scaling text down


def token_rows_svg(reference: Sequence[str], outputs: Mapping[str, Sequence[str]], labels: Labels) -> str:
    """The reference and each model's output as rows of token boxes, as many positions per block as fit
    ROW_WIDTH (16 symbols, fewer Korean words); a box is blue with ✓ where the output has the reference's
    token at that position, vermillion with ✗ where not."""
    gap, left, row_h = 4, 170, 46
    rows = [(labels["reference"], list(reference), None)]
    for name, out in outputs.items():
        rows.append(
            (name, list(out), [i < len(reference) and tok == reference[i] for i, tok in enumerate(out)])
        )
    longest = max(len(tokens) for _, tokens, _ in rows) or 1
    cell = max([36, *[round(text_width(tok, 17)) + 14 for _, tokens, _ in rows for tok in tokens]])
    chunk = max(1, (ROW_WIDTH - left) // (cell + gap))
    blocks = (longest + chunk - 1) // chunk
    block_h = row_h * len(rows) + 26
    w = left + min(chunk, longest) * (cell + gap)
    h = blocks * block_h
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
             f'aria-label="{xml(labels["rows_alt"])}" style="width:100%;max-width:{w}px;font-family:{xml(theme.FONT_FAMILY)}">',
             f"<title>{xml(labels['rows_alt'])}</title>"]  # fmt: skip
    for b in range(blocks):
        y0 = b * block_h
        parts.append(f'<text x="{left}" y="{y0 + 15}" font-size="13" fill="{theme.NEUTRAL}">'
                     f'{xml(labels["positions"].format(start=b * chunk + 1, end=min(longest, (b + 1) * chunk)))}</text>')  # fmt: skip
        for r, (name, tokens, marks) in enumerate(rows):
            y = y0 + 22 + r * row_h
            parts.append(f'<text x="0" y="{y + 24}" font-size="16" fill="#262730">{xml(name)}</text>')
            for i in range(b * chunk, min(len(tokens), (b + 1) * chunk)):
                x = left + (i - b * chunk) * (cell + gap)
                fill, ink, mark = "#F0F2F6", "#262730", ""
                if marks is not None:
                    fill, mark = (RIGHT, "✓") if marks[i] else (WRONG, "✗")
                    ink = (
                        "#ffffff"
                        if theme.contrast(fill, "#ffffff") >= theme.contrast(fill, "#000000")
                        else "#000000"
                    )
                parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell + 4}" rx="5" fill="{fill}" stroke="#262730"/>'
                             f'<text x="{x + cell / 2}" y="{y + 19}" text-anchor="middle" font-size="17" fill="{ink}">{xml(tokens[i])}</text>'
                             f'<text x="{x + cell / 2}" y="{y + 36}" text-anchor="middle" font-size="13" fill="{ink}">{mark}</text>')  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)
