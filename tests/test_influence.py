"""Influence of input words on one encoder state (s2s_core.influence): the seed's bidirectional example."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from s2s_core.influence import influence, position_of
from s2s_core.model import ModelConfig, Seq2Seq
from s2s_core.text import InputError, Vocab

KO = Vocab.build([["나는", "학교에", "갔다", "너를", "사랑해"]])
EN = Vocab.build([["i", "went", "to", "school", "love", "you"]])
SEED = "나는 학교에 갔다"


def ko_en(bidirectional: bool, cell: str = "gru", layers: int = 2, seed: int = 0) -> Seq2Seq:
    """A tiny random Korean -> English model: the dependency structure does not need training."""
    cfg = ModelConfig("ko-en", "ko", "en", len(KO), len(EN), cell=cell, bidirectional=bidirectional,
                      layers=layers, attention="additive", embed=8, hidden=12)  # fmt: skip
    torch.manual_seed(seed)
    return Seq2Seq(cfg, KO, EN).eval()


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("layers", [1, 2])
def test_unidirectional_state_cannot_depend_on_later_words(cell, layers):
    res = influence(ko_en(False, cell, layers), SEED, position_of(SEED.split(), "학교에"))
    assert res.shown == ("나는", "학교에", "갔다")
    assert res.gradient[2] == 0.0 and res.occlusion[2] == 0.0  # exactly: 갔다 is not read yet
    assert (res.gradient[:2] > 0).all() and (res.occlusion[:2] > 0).all()


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_bidirectional_state_depends_on_both_sides(cell):
    res = influence(ko_en(True, cell), SEED, 1)
    assert (res.gradient > 0).all() and (res.occlusion > 0).all()
    assert res.share("gradient").sum() == pytest.approx(1.0)


def test_occlusion_matches_running_the_encoder_on_the_edited_sentence():
    model = ko_en(True)
    res = influence(model, SEED, 1, layer=0)
    base = model.trace(SEED).encoder
    hidden = model.trace("<unk> 학교에 갔다").encoder  # "<unk>" itself is not in the vocabulary
    h = np.concatenate([base.layer(0, "forward").states[1], base.layer(0, "backward").states[1]])
    h2 = np.concatenate([hidden.layer(0, "forward").states[1], hidden.layer(0, "backward").states[1]])
    assert res.occlusion[0] == pytest.approx(float(np.linalg.norm(h2 - h)), rel=1e-4)


def test_gradient_matches_finite_differences():
    model = ko_en(True, "lstm")
    res = influence(model, SEED, 1)
    ids = torch.tensor([KO.encode(SEED.split())])
    emb = model.encoder.embedding(ids).detach()

    def size(e):
        from s2s_core.influence import _layer_states

        return float(_layer_states(model, e, 1)[0, 1].norm().detach())

    eps, grad = 1e-3, np.zeros((3, 8))
    for i in range(3):
        for k in range(8):
            plus, minus = emb.clone(), emb.clone()
            plus[0, i, k] += eps
            minus[0, i, k] -= eps
            grad[i, k] = (size(plus) - size(minus)) / (2 * eps)
    np.testing.assert_allclose(res.gradient, np.linalg.norm(grad, axis=1), rtol=2e-2, atol=1e-5)


def test_no_side_effects_on_a_shared_frozen_model():
    model = ko_en(True)
    for p in model.parameters():
        p.requires_grad_(False)  # as ui.state.load_model shares models
    res = influence(model, SEED, 0)
    assert res.gradient[0] > 0
    assert all(p.grad is None for p in model.parameters())
    assert not model.training


def test_unknown_words_become_unk_and_bad_positions_are_refused():
    model = ko_en(False)
    res = influence(model, "나는 도서관에 갔다", 1)
    assert res.shown == ("나는", "<unk>", "갔다") and res.tokens[1] == "도서관에"
    assert res.occlusion[1] == 0.0  # hiding an unknown word changes nothing
    for bad in (-1, 3, 1.5):
        with pytest.raises(InputError):
            influence(model, SEED, bad)
    with pytest.raises(InputError):
        influence(model, "   ", 0)
    with pytest.raises(InputError):
        influence(model, SEED, 0, layer=5)


def test_shipped_models_reproduce_the_seed_example():
    from s2s_core import pretrained

    names = ("ko-en/gru-uni-2l-additive", "ko-en/gru-bi-2l-additive")
    uni, bi = (influence(pretrained.load(n), SEED, 1) for n in names)
    assert uni.gradient[2] == 0.0 and uni.occlusion[2] == 0.0
    assert bi.gradient[2] > 0 and bi.occlusion[2] > 0
