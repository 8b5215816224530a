"""The maths the app shows is the maths the code computes (issue 12, "correctness of the maths shown").

Each displayed attention formula is evaluated by hand on a Trace's own numbers (the decoder state s_t
after reading the previous output, the encoder memory m_s) and must give the Trace's scores; each gate
of an LSTM and a GRU is recomputed from the cell's weights and inputs (so a swapped gate label fails),
and the LSTM's cell state c is checked as well as h.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from s2s_core.cells import make_rnn, run_stack
from tests.conftest import tiny_model
from viz.attention import FORMULAS


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().double().numpy()


# The displayed LaTeX, read as the computation it states. Keyed by the exact string on screen: a formula
# changed on the page without its maths (or the other way round) fails here.
def _evaluate(formula: str, att, s_t: np.ndarray, memory: np.ndarray) -> np.ndarray:
    """Scores e_{t,s} (S,) of one query s_t (H,) against every m_s (S, H), as the formula says."""
    if formula == r"e_{t,s} = v^{\top} \tanh\left(W_q\, s_t + W_m\, m_s + b\right)":
        w_q, w_m, b, v = (
            _np(att.w_query.weight),
            _np(att.w_memory.weight),
            _np(att.w_memory.bias),
            _np(att.v.weight),
        )
        return (np.tanh(s_t @ w_q.T + memory @ w_m.T + b) @ v.T)[:, 0]
    if formula == r"e_{t,s} = s_t^{\top}\, m_s":
        return memory @ s_t
    if formula == r"e_{t,s} = s_t^{\top}\, W\, m_s":
        return (memory @ _np(att.w.weight).T) @ s_t
    raise AssertionError(f"a displayed formula nobody evaluates: {formula}")


@pytest.mark.parametrize("kind", sorted(FORMULAS))
@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_each_displayed_attention_formula_gives_the_traces_scores(kind, cell):
    model = tiny_model(cell=cell, attention=kind, layers=2)
    tr = model.trace("i love you")
    memory = tr.encoder.memory.astype(np.float64)  # (S, H)
    for t in range(len(tr.decoder.output_tokens)):
        s_t = tr.decoder.states[t, -1].astype(np.float64)  # top layer, after reading the previous output
        got = _evaluate(FORMULAS[kind], model.decoder.attention, s_t, memory)
        np.testing.assert_allclose(got, tr.decoder.attention_scores[t], rtol=1e-4, atol=1e-5)
        if t > 0:  # the state before the step (s_{t-1}) is not what the code queries with
            before = _evaluate(FORMULAS[kind], model.decoder.attention, tr.decoder.states[t - 1, -1], memory)
            err_now = np.abs(got - tr.decoder.attention_scores[t]).max()
            assert np.abs(before - tr.decoder.attention_scores[t]).max() > 10 * err_now


def test_formulas_name_the_query_the_code_uses():
    for formula in FORMULAS.values():
        assert "s_t" in formula and "s_{t-1}" not in formula


# --- gates, recomputed from the weights --------------------------------------------------------------------


def _one_layer(cell: str, seed: int = 0):
    torch.manual_seed(seed)
    rnn = make_rnn(cell, 5, 4, 1, False)
    x = torch.randn(1, 6, 5)
    h0 = torch.randn(1, 1, 4)
    c0 = torch.randn(1, 1, 4) if cell == "lstm" else None
    return rnn, x, h0, c0


def test_lstm_gates_recomputed_from_the_weights_and_cell_state_c():
    rnn, x, h0, c0 = _one_layer("lstm")
    _, h_n, c_n, (run,) = run_stack(rnn, "lstm", x, h0, c0)
    w_ih, w_hh, b_ih, b_hh = (
        _np(p) for p in (rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0)
    )
    rows = {name: slice(k * 4, (k + 1) * 4) for k, name in enumerate("ifgo")}  # torch's gate order
    h, c = _np(h0[0, 0]), _np(c0[0, 0])
    for t in range(x.shape[1]):
        xt = _np(x[0, t])

        pre = {name: w_ih[r] @ xt + b_ih[r] + w_hh[r] @ h + b_hh[r] for name, r in rows.items()}
        i, f, g, o = sigmoid(pre["i"]), sigmoid(pre["f"]), np.tanh(pre["g"]), sigmoid(pre["o"])
        for name, value in zip("ifgo", (i, f, g, o)):
            np.testing.assert_allclose(_np(run.gates[name][0, t]), value, rtol=1e-5, atol=1e-6, err_msg=name)
        c = f * c + i * g
        h = o * np.tanh(c)
        np.testing.assert_allclose(_np(run.cells[0, t]), c, rtol=1e-5, atol=1e-6)  # c, not only h
        np.testing.assert_allclose(_np(run.states[0, t]), h, rtol=1e-5, atol=1e-6)
    # and the sequence's end against torch.nn.LSTM itself, c included
    _, (ref_h, ref_c) = rnn(x, (h0, c0))
    torch.testing.assert_close(c_n, ref_c, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(h_n, ref_h, atol=1e-5, rtol=1e-5)


def test_a_swapped_gate_label_would_be_caught():
    """The check above is not vacuous: with the input and forget gates' names swapped it fails."""
    rnn, x, h0, c0 = _one_layer("lstm", seed=3)
    _, _, _, (run,) = run_stack(rnn, "lstm", x, h0, c0)
    w_ih, w_hh, b_ih, b_hh = (
        _np(p) for p in (rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0)
    )
    xt, h = _np(x[0, 0]), _np(h0[0, 0])
    forget = sigmoid(w_ih[4:8] @ xt + b_ih[4:8] + w_hh[4:8] @ h + b_hh[4:8])
    assert np.allclose(_np(run.gates["f"][0, 0]), forget, atol=1e-6)
    assert not np.allclose(_np(run.gates["i"][0, 0]), forget, atol=1e-3)


def test_gru_gates_recomputed_from_the_weights():
    rnn, x, h0, _ = _one_layer("gru", seed=1)
    _, h_n, _, (run,) = run_stack(rnn, "gru", x, h0)
    w_ih, w_hh, b_ih, b_hh = (
        _np(p) for p in (rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0)
    )
    r_, z_, n_ = slice(0, 4), slice(4, 8), slice(8, 12)  # torch's order: reset, update, new
    h = _np(h0[0, 0])
    for t in range(x.shape[1]):
        xt = _np(x[0, t])
        r = sigmoid(w_ih[r_] @ xt + b_ih[r_] + w_hh[r_] @ h + b_hh[r_])
        z = sigmoid(w_ih[z_] @ xt + b_ih[z_] + w_hh[z_] @ h + b_hh[z_])
        n = np.tanh(w_ih[n_] @ xt + b_ih[n_] + r * (w_hh[n_] @ h + b_hh[n_]))
        h = (1 - z) * n + z * h
        for name, value in (("r", r), ("z", z), ("n", n)):
            np.testing.assert_allclose(_np(run.gates[name][0, t]), value, rtol=1e-5, atol=1e-6, err_msg=name)
        np.testing.assert_allclose(_np(run.states[0, t]), h, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(h_n, rnn(x, h0)[1], atol=1e-5, rtol=1e-5)


def test_traced_decoder_lstm_carries_its_cell_state():
    """In a real trace the decoder's c_t follows c_t = f*c_{t-1} + i*g from the recorded gates."""
    tr = tiny_model(cell="lstm", layers=1).trace("i love you")
    dec = tr.decoder
    c_prev = tr.context.cell[0]  # (H,) the decoder's initial cell state (layer 0)
    for t in range(len(dec.output_tokens)):
        i, f, g = (dec.gates[k][t, 0] for k in "ifg")
        np.testing.assert_allclose(dec.cells[t, 0], f * c_prev + i * g, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(
            dec.states[t, 0], dec.gates["o"][t, 0] * np.tanh(dec.cells[t, 0]), rtol=1e-4, atol=1e-5
        )
        c_prev = dec.cells[t, 0]
