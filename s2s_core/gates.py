"""The gate equations of one encoder step, with the step's own numbers plugged in.

The Cells & gradients page shows, for a step t and a unit u the user picks, e.g.

    f_t = σ(W_f x_t + U_f h_{t-1} + b_f) = σ(0.83 + (-0.12) + 0.05) = σ(0.76) = 0.68

Every number here is recomputed from the model's weights and the Trace's inputs (x_t: the embedding, or
the layer below's states; h_{t-1}, c_{t-1}: the Trace's previous step), not copied from the Trace's gate
values, so the page can show that the recomputed value equals what the forward pass produced. The gate
order is torch's (LSTM i f g o, GRU r z n; see cells.py): a swapped label would not match and tests fail.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cells import GATES, layer_params

SIGMOID = frozenset({"i", "f", "o", "r", "z"})  # the other gates (g, n) and the RNN use tanh


@dataclass(frozen=True)
class GateTerm:
    """One gate of one unit: value = act(wx + uh + b_x + b_h); GRU's n: tanh(wx + b_x + r (uh + b_h))."""

    name: str  # "i" | "f" | "g" | "o" | "r" | "z" | "n" | "h" (a plain RNN's only equation)
    act: str  # "sigmoid" | "tanh"
    wx: float  # W x_t: this unit's row of weight_ih times the input
    uh: float  # U h_{t-1}: its row of weight_hh times the previous state
    b_x: float  # b_ih of the row
    b_h: float  # b_hh of the row
    reset: float | None  # GRU's n only: the reset gate r_t that scales (U h + b_h)
    pre: float  # the argument of the activation
    value: float  # act(pre)
    traced: float  # the value the forward pass recorded (equal to `value` up to float32 rounding)


@dataclass(frozen=True)
class StepMaths:
    """Everything the maths panel shows for one layer, direction, step and unit."""

    cell: str
    step: int  # 0-based source position
    unit: int
    terms: tuple[GateTerm, ...]
    h_prev: float  # h_{t-1} of this unit (0 at the first step the direction reads)
    c_prev: float | None  # LSTM c_{t-1}
    c: float | None  # LSTM c_t, recomputed: f c_{t-1} + i g
    h: float  # h_t, recomputed from the terms
    h_traced: float  # h_t as the forward pass recorded it
    c_traced: float | None


def _act(name: str, x: float) -> float:
    return float(1 / (1 + np.exp(-x))) if name == "sigmoid" else float(np.tanh(x))


def layer_input(trace, layer: int) -> np.ndarray:
    """(S, I) what layer `layer` of the encoder reads: the embeddings, or the layer below's states
    (both directions concatenated, forward first, as torch stacks them)."""
    if layer == 0:
        return trace.encoder.embeddings.astype(np.float64)
    below = [lt.states for lt in trace.encoder.layers if lt.layer == layer - 1]
    return np.concatenate(below, axis=-1).astype(np.float64)


def step_maths(model, trace, layer: int, direction: str, step: int, unit: int) -> StepMaths:
    """Recompute one encoder cell step for one unit from the weights and the Trace's inputs."""
    cell = model.cfg.cell
    lt = trace.encoder.layer(layer, direction)
    n_steps, hidden = lt.states.shape
    if not (0 <= step < n_steps and 0 <= unit < hidden):
        raise ValueError(f"step must be in 0..{n_steps - 1} and unit in 0..{hidden - 1}")
    params = layer_params(model.encoder.rnn, layer, reverse=direction == "backward")
    w_ih, w_hh, b_ih, b_hh = (p.detach().double().numpy() for p in params)  # (G*H, I) (G*H, H) (G*H,) (G*H,)
    x = layer_input(trace, layer)[step]  # (I,)
    prev = step + 1 if direction == "backward" else step - 1  # the step this direction read before
    first = not 0 <= prev < n_steps
    h_prev_vec = np.zeros(hidden) if first else lt.states[prev].astype(np.float64)  # (H,)
    c_prev = None
    if cell == "lstm":
        c_prev = 0.0 if first else float(lt.cells[prev, unit])

    terms: list[GateTerm] = []
    names = GATES[cell] or ("h",)  # a plain RNN has one equation, for h itself
    for j, name in enumerate(names):
        r = j * hidden + unit  # this unit's row of gate j (torch stacks the gates' rows)
        wx, uh, b_x, b_h = float(w_ih[r] @ x), float(w_hh[r] @ h_prev_vec), float(b_ih[r]), float(b_hh[r])
        reset = next(t.value for t in terms if t.name == "r") if (cell, name) == ("gru", "n") else None
        pre = wx + b_x + (reset * (uh + b_h) if reset is not None else uh + b_h)
        act = "sigmoid" if name in SIGMOID else "tanh"
        traced = lt.states[step, unit] if name == "h" else lt.gates[name][step, unit]
        terms.append(GateTerm(name, act, wx, uh, b_x, b_h, reset, pre, _act(act, pre), float(traced)))
    v = {term.name: term.value for term in terms}
    c = None
    if cell == "lstm":
        c = v["f"] * c_prev + v["i"] * v["g"]
        h = v["o"] * float(np.tanh(c))
    elif cell == "gru":
        h = (1 - v["z"]) * v["n"] + v["z"] * float(h_prev_vec[unit])
    else:
        h = v["h"]
    c_traced = float(lt.cells[step, unit]) if cell == "lstm" else None
    return StepMaths(cell, step, unit, tuple(terms), float(h_prev_vec[unit]), c_prev, c, h,
                     float(lt.states[step, unit]), c_traced)  # fmt: skip
