"""RNN, LSTM and GRU cells written out by hand, so every gate can be looked at.

The parameters are *the same tensors* that torch.nn.RNN / LSTM / GRU own (same names, same layout:
weight_ih_l{k}[_reverse] of shape (G*H, in), weight_hh_l{k}[_reverse] of shape (G*H, H), and the two
biases), so a model trains with torch's fused kernels and is explained with these cells, and tests check
that both give the same numbers and the same gradients.

Equations (x: input, h: previous hidden state, c: previous cell state; gate order as in torch):
  RNN   h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
  LSTM  i, f, g, o = σ, σ, tanh, σ of (W_ih x + b_ih + W_hh h + b_hh);  c' = f*c + i*g;  h' = o*tanh(c')
  GRU   r, z = σ(W_ir x + b_ir + W_hr h + b_hr), σ(W_iz x + b_iz + W_hz h + b_hz)
        n = tanh(W_in x + b_in + r * (W_hn h + b_hn));  h' = (1 - z) * n + z * h
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

CELLS = ("rnn", "lstm", "gru")
GATES = {"rnn": (), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
N_CHUNKS = {"rnn": 1, "lstm": 4, "gru": 3}  # G: rows of W_ih / W_hh per hidden unit


def make_rnn(cell: str, input_size: int, hidden: int, layers: int, bidirectional: bool) -> nn.RNNBase:
    """The torch.nn module whose parameters our cells read (and which trains with fused kernels)."""
    cls = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell]
    return cls(input_size, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True)


def layer_params(rnn: nn.RNNBase, layer: int, reverse: bool = False):
    """(w_ih, w_hh, b_ih, b_hh) of one layer and direction, exactly as torch names them."""
    sfx = f"l{layer}" + ("_reverse" if reverse else "")
    return tuple(getattr(rnn, f"{name}_{sfx}") for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))


def cell_step(cell: str, xw: torch.Tensor, h: torch.Tensor, c: torch.Tensor | None, w_hh, b_hh):
    """One time step. `xw` = W_ih x + b_ih, precomputed for the whole sequence (one matmul, not S).

    Returns (h', c', gates) with gates a dict name -> (B, H) activation.
    """
    hw = torch.addmm(b_hh, h, w_hh.t())  # (B, G*H)
    if cell == "rnn":
        h = torch.tanh(xw + hw)  # (B, H)
        return h, None, {}
    if cell == "lstm":
        i, f, g, o = (xw + hw).chunk(4, dim=-1)  # each (B, H)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = f * c + i * g  # (B, H)
        h = o * torch.tanh(c)  # (B, H)
        return h, c, {"i": i, "f": f, "g": g, "o": o}
    # gru
    xr, xz, xn = xw.chunk(3, dim=-1)  # each (B, H)
    hr, hz, hn = hw.chunk(3, dim=-1)
    r = torch.sigmoid(xr + hr)
    z = torch.sigmoid(xz + hz)
    n = torch.tanh(xn + r * hn)
    h = (1 - z) * n + z * h  # (B, H)
    return h, None, {"r": r, "z": z, "n": n}


@dataclass
class LayerRun:
    """What one layer in one direction computed, time in source order."""

    layer: int
    direction: str
    states: torch.Tensor  # (B, S, H)
    cells: torch.Tensor | None  # (B, S, H)
    gates: dict  # name -> (B, S, H)


def run_direction(cell, x, h, c, params, reverse: bool, record: bool = True):
    """Run one layer over x (B, S, I) in one direction. Returns (states (B,S,H), h, c, cells, gates)."""
    w_ih, w_hh, b_ih, b_hh = params
    xw = torch.addmm(b_ih, x.reshape(-1, x.shape[-1]), w_ih.t()).view(x.shape[0], x.shape[1], -1)  # (B,S,G*H)
    order = range(x.shape[1] - 1, -1, -1) if reverse else range(x.shape[1])
    states, cells, gates = [None] * x.shape[1], [None] * x.shape[1], [None] * x.shape[1]
    for t in order:
        h, c, g = cell_step(cell, xw[:, t], h, c, w_hh, b_hh)
        states[t], cells[t], gates[t] = h, c, g
    states_t = torch.stack(states, dim=1)  # (B, S, H)
    cells_t = torch.stack(cells, dim=1) if c is not None else None
    gates_t = {k: torch.stack([g[k] for g in gates], dim=1) for k in GATES[cell]} if record else {}
    return states_t, h, c, cells_t, gates_t


def run_stack(rnn: nn.RNNBase, cell: str, x: torch.Tensor, h0=None, c0=None, record: bool = True,
              layer_inputs: list | None = None):  # fmt: skip
    """Our cells over a whole stack, equal to `rnn(x, h0)` (batch_first, no padding).

    x: (B, S, I); h0, c0: (L*D, B, H) or None (zeros). `layer_inputs`, when given, receives what each
    layer reads (L tensors (B, S, I_k)), so a gradient can be taken with respect to every layer's input.
    Returns outputs (B, S, D*H), h_n (L*D, B, H), c_n or None, and a list of LayerRun (L*D entries).
    """
    layers, dirs, hidden = rnn.num_layers, 2 if rnn.bidirectional else 1, rnn.hidden_size
    zeros = x.new_zeros(layers * dirs, x.shape[0], hidden)
    h0 = zeros if h0 is None else h0
    c0 = (zeros if c0 is None else c0) if cell == "lstm" else None
    h_n, c_n, runs = [], [], []
    inp = x
    for k in range(layers):
        if layer_inputs is not None:
            layer_inputs.append(inp)
        outs = []
        for d in range(dirs):
            idx = k * dirs + d
            c_init = c0[idx] if c0 is not None else None
            params = layer_params(rnn, k, reverse=d == 1)
            states, h, c, cells, gates = run_direction(cell, inp, h0[idx], c_init, params, d == 1, record)
            outs.append(states)
            h_n.append(h)
            c_n.append(c)
            runs.append(LayerRun(k, "backward" if d else "forward", states, cells, gates))
        inp = torch.cat(outs, dim=-1) if dirs == 2 else outs[0]  # (B, S, D*H)
    c_stack = torch.stack(c_n) if cell == "lstm" else None
    return inp, torch.stack(h_n), c_stack, runs


def stack_step(rnn: nn.RNNBase, cell: str, x: torch.Tensor, h: torch.Tensor, c: torch.Tensor | None):
    """One time step through a unidirectional stack (the decoder). x: (B, I); h, c: (L, B, H).

    Returns h' (L, B, H), c' or None, gates: dict name -> (L, B, H).
    """
    hs, cs, gs = [], [], []
    inp = x
    for k in range(rnn.num_layers):
        w_ih, w_hh, b_ih, b_hh = layer_params(rnn, k)
        xw = torch.addmm(b_ih, inp, w_ih.t())  # (B, G*H)
        hk, ck, g = cell_step(cell, xw, h[k], c[k] if c is not None else None, w_hh, b_hh)
        hs.append(hk)
        cs.append(ck)
        gs.append(g)
        inp = hk
    gates = {name: torch.stack([g[name] for g in gs]) for name in GATES[cell]}
    return torch.stack(hs), torch.stack(cs) if c is not None else None, gates
