"""Our explicit cells against torch.nn's fused RNN/LSTM/GRU: same outputs, same gradients."""

import pytest
import torch

from s2s_core.cells import make_rnn, run_stack, stack_step

CASES = [
    (cell, layers, bi) for cell in ("rnn", "lstm", "gru") for layers in (1, 2, 3, 4) for bi in (False, True)
]


def _setup(cell, layers, bi, seed=0):
    torch.manual_seed(seed)
    rnn = make_rnn(cell, 5, 7, layers, bi)
    d = 2 if bi else 1
    x = torch.randn(3, 6, 5, requires_grad=True)
    h0 = torch.randn(layers * d, 3, 7)
    c0 = torch.randn(layers * d, 3, 7) if cell == "lstm" else None
    return rnn, x, h0, c0


@pytest.mark.parametrize("cell,layers,bi", CASES)
def test_forward_matches_torch(cell, layers, bi):
    rnn, x, h0, c0 = _setup(cell, layers, bi)
    ref_out, ref_state = rnn(x, (h0, c0) if cell == "lstm" else h0)
    out, h_n, c_n, runs = run_stack(rnn, cell, x, h0, c0)
    torch.testing.assert_close(out, ref_out, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(h_n, ref_state[0] if cell == "lstm" else ref_state, atol=1e-5, rtol=1e-5)
    if cell == "lstm":
        torch.testing.assert_close(c_n, ref_state[1], atol=1e-5, rtol=1e-5)
    assert len(runs) == layers * (2 if bi else 1)


@pytest.mark.parametrize("cell,layers,bi", CASES)
def test_gradients_match_torch(cell, layers, bi):
    rnn, x, h0, c0 = _setup(cell, layers, bi, seed=1)
    target = torch.randn(3, 6, 7 * (2 if bi else 1))
    ref_out, _ = rnn(x, (h0, c0) if cell == "lstm" else h0)
    ref_grads = torch.autograd.grad(((ref_out - target) ** 2).sum(), [x, *rnn.parameters()])
    out, *_ = run_stack(rnn, cell, x, h0, c0)
    grads = torch.autograd.grad(((out - target) ** 2).sum(), [x, *rnn.parameters()])
    for g, r in zip(grads, ref_grads):
        torch.testing.assert_close(g, r, atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_gates_are_recorded_and_in_range(cell):
    rnn, x, h0, c0 = _setup(cell, 1, False)
    _, _, _, runs = run_stack(rnn, cell, x, h0, c0)
    gates = runs[0].gates
    assert set(gates) == {"rnn": set(), "lstm": {"i", "f", "g", "o"}, "gru": {"r", "z", "n"}}[cell]
    for name, g in gates.items():
        assert g.shape == (3, 6, 7)
        lo = -1 if name in ("g", "n") else 0  # tanh gates vs sigmoid gates
        assert float(g.detach().min()) >= lo and float(g.detach().max()) <= 1


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_single_step_stack_matches_torch(cell):
    """The decoder's one-step path equals torch running a length-1 sequence."""
    rnn, x, h0, c0 = _setup(cell, 3, False)
    ref_out, ref_state = rnn(x[:, :1], (h0, c0) if cell == "lstm" else h0)
    h, c, gates = stack_step(rnn, cell, x[:, 0], h0, c0)
    torch.testing.assert_close(h, ref_state[0] if cell == "lstm" else ref_state, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(h[-1], ref_out[:, 0], atol=1e-5, rtol=1e-5)
