"""The gate maths the Cells & gradients page shows: recomputed from the weights, equal to the forward pass.

Each gate value, the LSTM's c and every cell's h are recomputed by s2s_core.gates from the model's weights
and the Trace's inputs; they must equal what the explicit cells recorded, for every layer, direction, step
and unit. A gate read from the wrong block of rows (a swapped label) must not match.
"""

from dataclasses import replace

import numpy as np
import pytest

from s2s_core.gates import SIGMOID, layer_input, step_maths
from tests.conftest import tiny_model


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_every_recomputed_value_equals_the_trace(cell, bidirectional):
    model = tiny_model(cell=cell, bidirectional=bidirectional, layers=2)
    tr = model.trace("i love you")
    dirs = ("forward", "backward") if bidirectional else ("forward",)
    for layer in (0, 1):
        for direction in dirs:
            for step in range(3):
                for unit in (0, 5, 11):
                    m = step_maths(model, tr, layer, direction, step, unit)
                    for term in m.terms:
                        assert term.value == pytest.approx(term.traced, abs=1e-5), (
                            layer,
                            direction,
                            step,
                            term,
                        )
                        assert term.act == ("sigmoid" if term.name in SIGMOID else "tanh")
                        bias = term.b_x + (term.reset * (term.uh + term.b_h) if term.reset is not None
                                           else term.uh + term.b_h)  # fmt: skip
                        assert term.pre == pytest.approx(term.wx + bias)
                    assert m.h == pytest.approx(m.h_traced, abs=1e-5)
                    if cell == "lstm":
                        assert m.c == pytest.approx(m.c_traced, abs=1e-5)
                    else:
                        assert m.c is None and m.c_traced is None


def test_the_first_step_of_each_direction_starts_from_zero():
    model = tiny_model(cell="lstm", bidirectional=True, layers=1)
    tr = model.trace("i love you")
    assert step_maths(model, tr, 0, "forward", 0, 3).h_prev == 0.0
    assert step_maths(model, tr, 0, "forward", 0, 3).c_prev == 0.0
    assert step_maths(model, tr, 0, "backward", 2, 3).h_prev == 0.0  # the backward pass starts at the end
    assert step_maths(model, tr, 0, "backward", 1, 3).h_prev == pytest.approx(
        float(tr.encoder.layer(0, "backward").states[2, 3])
    )


def test_a_swapped_gate_label_does_not_match():
    """Read f's rows as if they were i's: the recomputed 'i' then differs from the traced i."""
    model = tiny_model(cell="lstm", bidirectional=False, layers=1)
    tr = model.trace("i love you")
    lt = tr.encoder.layer(0)
    swapped = dict(lt.gates, i=lt.gates["f"], f=lt.gates["i"])
    bad_layer = replace(lt, gates=swapped)
    bad = replace(tr, encoder=replace(tr.encoder, layers=(bad_layer,)))
    terms = {t.name: t for t in step_maths(model, bad, 0, "forward", 1, 2).terms}
    assert (
        abs(terms["i"].value - terms["i"].traced) > 1e-3 or abs(terms["f"].value - terms["f"].traced) > 1e-3
    )


def test_layer_input_is_what_the_layer_reads():
    model = tiny_model(cell="gru", bidirectional=True, layers=2)
    tr = model.trace("i love you")
    assert layer_input(tr, 0).shape == (3, 8)  # the embeddings
    below = np.concatenate(
        [tr.encoder.layer(0, "forward").states, tr.encoder.layer(0, "backward").states], -1
    )
    np.testing.assert_allclose(layer_input(tr, 1), below)


def test_out_of_range_step_or_unit_is_a_clear_error():
    model = tiny_model()
    tr = model.trace("i love you")
    for step, unit in ((3, 0), (-1, 0), (0, 12)):
        with pytest.raises(ValueError, match="step must be"):
            step_maths(model, tr, 0, "forward", step, unit)
