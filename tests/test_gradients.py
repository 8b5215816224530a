"""||dL/dx_s|| per input position: the real gradient (finite differences agree), no side effects on a
shared model, and the CLI contract of issue 12."""

import json

import numpy as np
import pytest
import torch

from s2s_core.gradients import (
    fresh_like,
    gradient_profile,
    input_gradient_norms,
    layer_gradient_norms,
    layer_profile,
    sample,
)
from s2s_core.text import EOS_ID, SOS_ID
from tests.conftest import tiny_model
from tests.test_cli import run


def _loss(model, emb, src, tgt) -> float:
    return float(_loss_tensor(model, emb, src, tgt))


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_norms_are_the_gradient_finite_differences_agree(cell):
    model = tiny_model(cell=cell, bidirectional=False, layers=2).double()
    src_ids, tgt_ids = [4, 5, 6, 7], [4, 5, 6]
    norms = input_gradient_norms(model, src_ids, tgt_ids)
    assert norms.shape == (4,) and (norms > 0).all()
    src = torch.tensor([src_ids])
    base = model.encoder.embedding.weight[src].detach().clone()  # (1, S, E)
    with torch.no_grad():
        for s in (0, 3):
            # the directional derivative along the gradient's own direction equals its norm
            emb = base.clone().requires_grad_(True)
            with torch.enable_grad():
                value = _loss_tensor(model, emb, src, tgt_ids)
                (grad,) = torch.autograd.grad(value, emb)
            direction = grad[0, s] / grad[0, s].norm()
            eps = 1e-5
            plus, minus = base.clone(), base.clone()
            plus[0, s] += eps * direction
            minus[0, s] -= eps * direction
            numeric = (_loss(model, plus, src, tgt_ids) - _loss(model, minus, src, tgt_ids)) / (2 * eps)
            assert numeric == pytest.approx(norms[s], rel=1e-4)


def _loss_tensor(model, emb, src, tgt):
    from s2s_core.cells import run_stack

    outputs, h_n, c_n, _ = run_stack(model.encoder.rnn, model.cfg.cell, emb, record=False)
    enc = model.encoder._finish(outputs, h_n, c_n, src != 0)
    logits = model.decoder(torch.tensor([[SOS_ID, *tgt]]), enc)
    return torch.nn.functional.cross_entropy(logits[0], torch.tensor([*tgt, EOS_ID]))


def test_a_shared_model_is_only_read():
    model = tiny_model(cell="gru")
    for p in model.parameters():
        p.requires_grad_(False)  # as the app's cached models are
    before = [p.clone() for p in model.parameters()]
    input_gradient_norms(model, [4, 5, 6], [4, 5])
    assert all(p.grad is None for p in model.parameters())
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))


def test_unidirectional_first_output_cannot_depend_on_nothing():
    """Every input position gets a gradient (the loss covers the whole output), earliest first."""
    model = tiny_model(cell="rnn", bidirectional=False, layers=1)
    norms = input_gradient_norms(model, [4, 5, 6, 7, 8, 9], [4, 5, 6])
    assert len(norms) == 6 and np.isfinite(norms).all()


def test_sample_and_profile_on_a_shipped_model():
    from s2s_core import pretrained

    model = pretrained.load("reverse/gru-bi-1l-none")
    pair = sample(model, 12, seed=3)
    assert len(pair.src.split()) == 12 and pair.tgt.split() == pair.src.split()[::-1]
    assert sample(model, 12, seed=3) == pair and len({sample(model, 12, seed=k).src for k in range(8)}) > 1
    out = gradient_profile(model, 12, seed=3)
    assert set(out) == {"model", "length", "norms", "source", "target"} and len(out["norms"]) == 12
    long = sample(model, 45, seed=2)  # past the data's 30: a new sequence of the task, same rule
    assert len(long.src.split()) == 45 and long.tgt.split() == long.src.split()[::-1]
    assert sample(model, 45, seed=2) == long
    with pytest.raises(ValueError, match="1..50"):
        sample(model, 51)


def test_gradients_cli_contract():
    r = run("gradients", "--model", "reverse/gru-bi-1l-none", "--length", "8", "--seed", "1", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["model"] == "reverse/gru-bi-1l-none" and out["length"] == 8 and len(out["norms"]) == 8
    assert all(isinstance(x, float) and x > 0 for x in out["norms"])
    for bad in (("--length", "0"), ("--length", "99"), ("--length", "x")):
        r = run("gradients", "--model", "reverse/gru-bi-1l-none", *bad, "--json")
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, (bad, r.stderr)


def test_layer_norms_have_one_row_per_layer_and_row_0_is_the_input():
    model = tiny_model(cell="lstm", bidirectional=True, layers=3)
    src, tgt = [4, 5, 6, 7, 8], [4, 5]
    norms = layer_gradient_norms(model, src, tgt)
    assert norms.shape == (3, 5) and np.isfinite(norms).all() and (norms > 0).all()
    np.testing.assert_allclose(norms[0], input_gradient_norms(model, src, tgt))


def test_a_fresh_model_is_new_deterministic_and_leaves_the_trained_one_alone():
    trained = tiny_model(cell="rnn", bidirectional=False, layers=1)
    before = [p.detach().clone() for p in trained.parameters()]
    a, b = fresh_like(trained, seed=5, layers=3), fresh_like(trained, seed=5, layers=3)
    assert a.cfg.layers == 3 and a.cfg.cell == "rnn" and a.src_vocab is trained.src_vocab
    assert fresh_like(trained, cell="lstm", hidden=20).cfg.hidden == 20
    assert all(torch.equal(x, y) for x, y in zip(a.parameters(), b.parameters()))
    assert not torch.equal(
        a.encoder.embedding.weight, fresh_like(trained, seed=6, layers=3).encoder.embedding.weight
    )
    assert all(torch.equal(x, y) for x, y in zip(before, trained.parameters()))


def test_layer_profile_averages_seeded_samples():
    from s2s_core import pretrained

    model = pretrained.load("reverse/gru-bi-1l-none")
    prof = layer_profile(model, 6, range(3))
    assert prof.shape == (3, 1, 6)
    np.testing.assert_allclose(prof[1, 0], gradient_profile(model, 6, seed=1)["norms"], rtol=1e-4)  # float32
