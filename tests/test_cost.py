"""A cell's cost: the parameter-count formula the page shows equals torch.nn's own count, and the
measured time per step is a real, positive measurement for each cell."""

import pytest

from s2s_core.cells import CELLS, make_rnn
from s2s_core.cost import IMPLEMENTATIONS, compare, multiply_adds, parameter_count


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("layers", [1, 2, 4])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_the_formula_counts_what_torch_allocates(cell, layers, bidirectional):
    rnn = make_rnn(cell, 32, 64, layers, bidirectional)
    assert parameter_count(cell, 32, 64, layers, bidirectional) == sum(p.numel() for p in rnn.parameters())


def test_gru_is_three_quarters_of_an_lstm_and_three_times_an_rnn():
    """The seed's "GRU is simpler than LSTM", in numbers: 3 gate blocks against 4 (and the RNN's 1)."""
    lstm, gru, rnn = (parameter_count(c, 32, 64) for c in ("lstm", "gru", "rnn"))
    assert gru * 4 == lstm * 3 and gru == 3 * rnn


def test_multiply_adds_follow_the_gate_blocks():
    assert [multiply_adds(c, 32, 64) for c in ("rnn", "lstm", "gru")] == [64 * 96, 4 * 64 * 96, 3 * 64 * 96]


def test_compare_measures_every_cell_in_both_implementations():
    out = compare(16, 32, batch=4, rounds=1, steps=5, repeats=2)
    assert set(out) == set(CELLS)
    for cell, v in out.items():
        assert v["params"] == parameter_count(cell, 16, 32) and v["multiply_adds"] == multiply_adds(
            cell, 16, 32
        )
        assert all(0 < v[impl] < 0.1 for impl in IMPLEMENTATIONS)
