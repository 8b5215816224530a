"""Figures of the Cells & gradients page: gates over time, the cell's diagram lit by one step's values,
the gate equations with that step's numbers, the cost of each cell, and the gradient reaching each input.

Everything is a pure function of a Trace, a `gates.StepMaths` or measured numbers, so it is tested
without Streamlit. Colours: sigmoid gates (0..1) on viridis, tanh values (-1..1) on the diverging scale,
cells as the Okabe-Ito lines of `theme.LINES` (RNN, LSTM, GRU always in the same colours).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from plotly.colors import sample_colorscale

from s2s_core.cells import CELLS, GATES, N_CHUNKS
from s2s_core.gates import StepMaths
from viz import theme
from viz.common import base_layout, esc, token_axis
from viz.overview import esc as xml

Labels = Mapping[str, str]
CELL_COLOURS = dict(zip(CELLS, theme.LINES[:3]))  # rnn blue, lstm vermillion, gru green
GATE_SYMBOL = {"i": "i_t", "f": "f_t", "g": "g_t", "o": "o_t", "r": "r_t", "z": "z_t", "n": "n_t", "h": "h_t"}


# ---- gates over time ---------------------------------------------------------------------------
def series(trace, layer: int, direction: str) -> dict[str, np.ndarray]:
    """name -> (S, H): the gates in torch's order, then the LSTM's cell state c and the state h."""
    lt = trace.encoder.layer(layer, direction)
    out = {g: lt.gates[g] for g in GATES[trace.config["cell"]]}
    if lt.cells is not None:
        out["c"] = lt.cells
    out["h"] = lt.states
    return out


def gate_lines_figure(trace, layer: int, direction: str, units: Sequence[int], labels: Labels):
    """One small panel per gate (and c, h), one line per chosen unit, time steps along x (shared).

    Built from plain dicts (theme.figure, no plotly validation): every interaction on the Cells page
    rebuilds it, and make_subplots with validation cost ~60 ms per rebuild (measured), this ~5."""
    data = series(trace, layer, direction)
    names = list(data)
    tokens = trace.source.shown
    rows, gap = len(names), 0.045
    height = (1 - gap * (rows - 1)) / rows
    traces, layout = [], theme.plain_layout(**base_layout(
        labels["lines_title"].format(layer=layer + 1, direction=labels[direction]), wrap=50,
        height=110 * rows + 110, legend=dict(orientation="h", y=-0.08), margin=dict(l=10, r=10, t=70, b=10)))  # fmt: skip
    annotations, base_y = [], dict(layout["yaxis"])  # the theme's axis, before row 1 replaces "yaxis"
    for row, name in enumerate(names):
        axis = "" if row == 0 else str(row + 1)
        top = 1 - row * (height + gap)
        lo = 0 if name in ("i", "f", "o", "r", "z") else -1
        layout[f"yaxis{axis}"] = dict(base_y, domain=[max(0.0, round(top - height, 6)), round(top, 6)], nticks=3, anchor="x",
                                      **({} if name == "c" else {"range": [lo - 0.05, 1.05]}))  # fmt: skip
        annotations.append(dict(text=esc(labels[f"series_{name}"]), x=0.5, y=top, xref="paper", yref="paper",
                                xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=14)))  # fmt: skip
        for k, unit in enumerate(units):
            traces.append(dict(type="scatter", x=list(range(len(tokens))), y=data[name][:, unit].tolist(),
                               xaxis="x", yaxis=f"y{axis}", mode="lines+markers",
                               name=labels["unit_n"].format(unit=unit + 1), legendgroup=str(unit), showlegend=row == 0,
                               line=dict(color=theme.LINES[k % len(theme.LINES)], width=2),
                               hovertemplate=labels["hover_line"], text=[esc(t) for t in tokens]))  # fmt: skip
    layout["xaxis"] = dict(
        layout["xaxis"], **token_axis(tokens, labels["step"]), anchor=f"y{rows if rows > 1 else ''}"
    )
    layout["annotations"] = annotations
    return theme.figure(traces, layout)


# ---- the maths with the step's numbers ---------------------------------------------------------
def num(x: float) -> str:
    """A number inside a formula: 3 decimals, negative ones in parentheses so "+ (-0.12)" reads right."""
    s = f"{x:.3f}"
    return f"({s})" if x < 0 else s


def gate_latex(m: StepMaths) -> list[str]:
    """One LaTeX line per equation of the step, from the symbols to the numbers to the value."""
    lines = []
    for term in m.terms:
        act = r"\sigma" if term.act == "sigmoid" else r"\tanh"
        sub = "" if term.name == "h" else f"_{term.name}"  # W_f, U_f, b_f; a plain RNN's W, U, b
        if term.reset is not None:  # GRU candidate: the reset gate scales the recurrent part
            symbolic = rf"{act}\left(W_n x_t + b_{{in}} + r_t \odot (U_n h_{{t-1}} + b_{{hn}})\right)"
            numbers = rf"{act}\left({num(term.wx)} + {num(term.b_x)} + {num(term.reset)} \cdot ({num(term.uh)} + {num(term.b_h)})\right)"  # noqa: E501
        else:
            symbolic = rf"{act}\left(W{sub} x_t + U{sub} h_{{t-1}} + b{sub}\right)"
            numbers = rf"{act}\left({num(term.wx)} + {num(term.uh)} + {num(term.b_x + term.b_h)}\right)"
        lines.append(  # two lines (symbols, then numbers): one line overflowed a laptop's width
            rf"\begin{{aligned}} {GATE_SYMBOL[term.name]} &= {symbolic} \\ &= {numbers} = {act}({term.pre:.3f}) = "
            rf"{term.value:.3f} \end{{aligned}}"
        )
    v = {term.name: term.value for term in m.terms}
    if m.cell == "lstm":
        lines.append(
            rf"\begin{{aligned}} c_t &= f_t \odot c_{{t-1}} + i_t \odot g_t \\ &= {num(v['f'])} \cdot {num(m.c_prev)} + "
            rf"{num(v['i'])} \cdot {num(v['g'])} = {m.c:.3f} \end{{aligned}}"
        )
        lines.append(rf"h_t = o_t \odot \tanh(c_t) = {num(v['o'])} \cdot \tanh({m.c:.3f}) = {m.h:.3f}")
    elif m.cell == "gru":
        lines.append(
            rf"\begin{{aligned}} h_t &= (1 - z_t) \odot n_t + z_t \odot h_{{t-1}} \\ &= (1 - {num(v['z'])}) \cdot {num(v['n'])} + "
            rf"{num(v['z'])} \cdot {num(m.h_prev)} = {m.h:.3f} \end{{aligned}}"
        )
    return lines


def matches(m: StepMaths, tol: float = 1e-4) -> bool:
    """True when every recomputed value equals the forward pass's (the page says so, with a check mark)."""
    ok = all(abs(t.value - t.traced) <= tol for t in m.terms) and abs(m.h - m.h_traced) <= tol
    return ok and (m.c is None or abs(m.c - m.c_traced) <= tol)


# ---- the cell's diagram, lit by the step's values ----------------------------------------------
_VIRIDIS = theme.colorscale(theme.SEQUENTIAL)
_SIGNED = theme.colorscale(theme.DIVERGING)
# (x, y) of each box's centre in the viewBox; operators are circles. One layout per cell.
_BOXES = {
    "lstm": {"f": (170, 200), "i": (290, 200), "g": (410, 200), "o": (560, 200)},
    "gru": {"r": (170, 200), "z": (330, 200), "n": (480, 200)},
    "rnn": {"h": (330, 200)},
}
W, H, BOX_W, BOX_H, FONT = 840, 330, 104, 58, 17


def _fill(act: str, value: float) -> str:
    if act == "sigmoid":
        return sample_colorscale(_VIRIDIS, [min(1.0, max(0.0, value))])[0]
    return sample_colorscale(_SIGNED, [min(1.0, max(0.0, (value + 1) / 2))])[0]


def _ink(fill: str) -> str:
    return "#000000" if theme.contrast(fill, "#000000") >= theme.contrast(fill, "#ffffff") else "#ffffff"


def _arrow(x1, y1, x2, y2) -> str:
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{theme.NEUTRAL}" stroke-width="2" marker-end="url(#arr)"/>'


def _op(x, y, sign: str) -> str:
    return (f'<circle cx="{x}" cy="{y}" r="15" fill="white" stroke="{theme.NEUTRAL}" stroke-width="2"/>'
            f'<text x="{x}" y="{y + 6}" text-anchor="middle" font-size="{FONT + 1}">{sign}</text>')  # fmt: skip


def _label(x, y, text: str, anchor: str = "start", weight: str = "normal") -> str:
    return (f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="{FONT}" font-weight="{weight}" '
            f'fill="#262730">{xml(text)}</text>')  # fmt: skip


def cell_svg(m: StepMaths, labels: Labels) -> str:
    """The cell drawn as boxes and arrows, each gate box filled with its value's colour and showing the
    number (hover: the gate's name). Left: what comes in (x_t, h_{t-1}, c_{t-1}); right: what goes out."""
    boxes = _BOXES[m.cell]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="{xml(labels["diagram_alt"])}" style="width:100%;max-width:{W}px;font-family:{xml(theme.FONT_FAMILY)}">',
        '<defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{theme.NEUTRAL}"/></marker></defs>',
        f"<title>{xml(labels['diagram_alt'])}</title>",
    ]
    bottom = H - 30  # the input bus [x_t ; h_{t-1}] every gate reads
    parts.append(f'<line x1="60" y1="{bottom}" x2="{max(x for x, _ in boxes.values())}" y2="{bottom}" '
                 f'stroke="{theme.NEUTRAL}" stroke-width="2"/>')  # fmt: skip
    parts.append(_label(10, bottom + 22, labels["diagram_inputs"].format(h=f"{m.h_prev:.2f}")))
    for x, y in boxes.values():
        parts.append(_arrow(x, bottom, x, y + BOX_H / 2 + 2))
    top = 60  # the state line running through the cell (c for an LSTM, h for a GRU)
    if m.cell == "lstm":
        fx, ix, gx, ox = (boxes[k][0] for k in "figo")
        plus_x, tanh_x = (ix + gx) / 2, ox + 70
        parts += [_label(10, top - 14, f"c_(t-1) = {m.c_prev:.2f}"), _arrow(40, top, fx - 17, top),
                  _op(fx, top, "×"), _arrow(fx + 17, top, plus_x - 17, top), _op(plus_x, top, "+"),
                  _arrow(plus_x + 17, top, W - 130, top), _label(W - 125, top + 6, f"c_t = {m.c:.2f}"),
                  _arrow(fx, 200 - BOX_H / 2, fx, top + 17), _op(plus_x, 120, "×"),
                  _arrow(ix, 200 - BOX_H / 2, plus_x - 11, 131), _arrow(gx, 200 - BOX_H / 2, plus_x + 11, 131),
                  _arrow(plus_x, 105, plus_x, top + 17), _arrow(tanh_x, top, tanh_x, 105),
                  f'<rect x="{tanh_x - 30}" y="105" width="60" height="30" rx="6" fill="white" stroke="{theme.NEUTRAL}"/>',
                  _label(tanh_x, 126, "tanh", "middle"), _arrow(tanh_x, 135, tanh_x, 185), _op(tanh_x, 200, "×"),
                  _arrow(ox + BOX_W / 2, 200, tanh_x - 17, 200), _arrow(tanh_x + 17, 200, W - 130, 200),
                  _label(W - 125, 206, f"h_t = {m.h:.2f}", weight="bold")]  # fmt: skip
    elif m.cell == "gru":
        rx, zx, nx = (boxes[k][0] for k in "rzn")
        mix_x = nx + 110
        parts += [_label(10, top - 14, f"h_(t-1) = {m.h_prev:.2f}"), _arrow(40, top, mix_x - 17, top),
                  _op(mix_x, top, "⊕"), _arrow(rx, 200 - BOX_H / 2, nx - BOX_W / 2, 200 - 10),
                  _arrow(zx, 200 - BOX_H / 2, mix_x - 12, top + 10), _arrow(nx, 200 - BOX_H / 2, mix_x, top + 17),
                  _label(mix_x + 22, top + 40, labels["diagram_mix"]),
                  _arrow(mix_x + 17, top, W - 130, top), _label(W - 125, top + 6, f"h_t = {m.h:.2f}", weight="bold")]  # fmt: skip
    else:
        x = boxes["h"][0]
        parts += [_label(10, top - 14, f"h_(t-1) = {m.h_prev:.2f}"), _arrow(40, top, x - 40, top),
                  _arrow(x - 40, top, x - 40, 200 - BOX_H / 2), _arrow(x + BOX_W / 2, 200, W - 130, 200),
                  _label(W - 125, 206, f"h_t = {m.h:.2f}", weight="bold")]  # fmt: skip
    for term in m.terms:
        x, y = boxes[term.name]
        fill = _fill(term.act, term.value)
        act = "σ" if term.act == "sigmoid" else "tanh"
        parts.append(
            f"<g><title>{xml(labels[f'series_{term.name}'])}: {term.value:.3f}</title>"
            f'<rect x="{x - BOX_W / 2}" y="{y - BOX_H / 2}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="{fill}" '
            f'stroke="#262730" stroke-width="1.5"/>'
            f'<text x="{x}" y="{y - 4}" text-anchor="middle" font-size="{FONT}" fill="{_ink(fill)}">{term.name} ({act})</text>'
            f'<text x="{x}" y="{y + 18}" text-anchor="middle" font-size="{FONT}" font-weight="bold" fill="{_ink(fill)}">'
            f"{term.value:.2f}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


# ---- cost --------------------------------------------------------------------------------------
def count_latex(cell: str, input_size: int, hidden: int) -> str:
    """The parameter count of one layer, as the formula and with the current sizes plugged in."""
    g = N_CHUNKS[cell]
    total = f"{g * (hidden * input_size + hidden * hidden + 2 * hidden):,}".replace(",", "{,}")
    return (rf"\text{{{cell.upper()}}}:\; G\,(H I + H^2 + 2H) = {g} \cdot ({hidden} \cdot {input_size} + "
            rf"{hidden}^2 + 2 \cdot {hidden}) = {total}")  # fmt: skip


def cost_figure(costs: Mapping[str, Mapping[str, float]], labels: Labels):
    """Left: parameters of one layer per cell. Right: measured microseconds per step, torch's fused
    kernel and the written-out cells side by side (bars of one cell share its colour; hatched = ours)."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, subplot_titles=[labels["cost_params"], labels["cost_time"]],
                        horizontal_spacing=0.12)  # fmt: skip
    cells = list(costs)
    names = [c.upper() for c in cells]
    colours = [CELL_COLOURS[c] for c in cells]
    params = [costs[c]["params"] for c in cells]
    fig.add_bar(x=names, y=params, marker_color=colours, text=[f"{p:,}" for p in params], textposition="outside",
                hovertemplate="%{x}: %{y:,}<extra></extra>", showlegend=False, row=1, col=1)  # fmt: skip
    top = 0.0
    for impl, pattern in (("fused", ""), ("explicit", "/")):
        micros = [costs[c][impl] * 1e6 for c in cells]
        top = max(top, *micros)
        fig.add_bar(x=names, y=micros, name=labels[f"impl_{impl}"], marker=dict(color=colours, pattern_shape=pattern,
                    pattern_fgcolor="white", line=dict(color="#262730", width=1)), text=[f"{u:.0f}" for u in micros],
                    textposition="outside", hovertemplate="%{x}: %{y:.1f} µs<extra>" + esc(labels[f"impl_{impl}"]) + "</extra>",
                    row=1, col=2)  # fmt: skip
    fig.update_yaxes(row=1, col=1, range=[0, max(params) * 1.25])
    fig.update_yaxes(row=1, col=2, range=[0, top * 1.25])
    fig.update_layout(base_layout(labels["cost_title"], wrap=50, height=380, barmode="group", margin=dict(l=10, r=10, t=80, b=10),
                                  legend=dict(orientation="h", y=-0.15, x=0.56)))  # fmt: skip
    return fig


# ---- vanishing gradients -----------------------------------------------------------------------
def typical(norms: np.ndarray) -> np.ndarray:
    """(N, ..., S) norms of N sentences -> their geometric mean per position: the curves span many
    orders of magnitude, and on a log scale the geometric mean is the middle of the samples."""
    return np.exp(np.log(np.maximum(norms, 1e-300)).mean(axis=0))


def gradient_figure(curves: Mapping[str, Mapping[str, np.ndarray]], labels: Labels):
    """Panels "trained" and "fresh", one line per cell: ||dL/dx_s|| against input position s (earliest
    on the left), on a log scale, so a gradient that vanishes reads as a line falling to the left."""
    from plotly.subplots import make_subplots

    kinds = [k for k in ("trained", "fresh") if k in curves]
    fig = make_subplots(rows=1, cols=len(kinds), shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[labels[f"grad_{k}"] for k in kinds])  # fmt: skip
    for col, kind in enumerate(kinds, start=1):
        for cell, norm in curves[kind].items():
            fig.add_scatter(x=list(range(1, len(norm) + 1)), y=[float(v) for v in norm], mode="lines+markers",
                            name=cell.upper(), legendgroup=cell, showlegend=col == 1,
                            line=dict(color=CELL_COLOURS[cell], width=3, dash=("solid", "dash", "dot")[CELLS.index(cell)]),
                            marker=dict(size=5), hovertemplate=labels["hover_grad"], row=1, col=col)  # fmt: skip
        fig.update_xaxes(title_text=labels["grad_position"], row=1, col=col)
    fig.update_yaxes(type="log", exponentformat="power")  # both panels, one scale: fresh and trained compare
    fig.update_yaxes(title_text=labels["grad_norm"], row=1, col=1)
    fig.update_layout(base_layout(labels["grad_title"], wrap=50, height=420, legend=dict(orientation="h", y=-0.2),
                                  margin=dict(l=10, r=10, t=80, b=10)))  # fmt: skip
    return fig


def layer_figure(norms: np.ndarray, cell: str, labels: Labels):
    """(L, S) norms of one model, one line per layer's input: how the gradient fares on its way down."""
    fig_data = []
    for k, row in enumerate(norms):
        fig_data.append(dict(type="scatter", x=list(range(1, len(row) + 1)), y=[float(v) for v in row],
                             mode="lines", name=labels["layer_n"].format(layer=k + 1),
                             line=dict(color=theme.LINES[k % len(theme.LINES)], width=3),
                             hovertemplate=labels["hover_grad"]))  # fmt: skip
    layout = theme.plain_layout(
        **base_layout(labels["depth_title"].format(cell=cell.upper()), wrap=50, height=380)
    )
    layout["xaxis"] = dict(layout["xaxis"], title=dict(text=labels["grad_position"]))
    layout["yaxis"] = dict(
        layout["yaxis"], type="log", exponentformat="power", title=dict(text=labels["grad_norm"])
    )
    layout["legend"] = dict(orientation="h", y=-0.2)
    return theme.figure(fig_data, layout)


def first_to_last(curve: np.ndarray) -> float:
    """How much of the gradient the earliest input gets, relative to the last: < 1 means it shrank."""
    return float(curve[0] / curve[-1]) if curve[-1] > 0 else float("inf")


def orders(ratio: float) -> float:
    """A ratio in orders of magnitude (log10), for "10^-3.2" in a sentence."""
    return float(np.log10(ratio)) if ratio > 0 else float("-inf")
