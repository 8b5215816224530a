"""Decoding, proven (issue 16): greedy, beam search and sampling do what their names promise.

On tiny random models (the numbers, not the translations, are what is checked): beam width 1 is greedy;
a wider beam never scores below greedy; with a width covering every hypothesis, beam search finds the
exhaustive best; a model that never emits <eos> stops at the length cap; widths and temperatures are
clamped; a seed repeats a sample; temperature -> 0 is greedy; sampled frequencies follow the softmax.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch

from s2s_core.model import ModelConfig, Seq2Seq
from s2s_core.search import MAX_BEAM, MAX_TEMPERATURE
from s2s_core.text import EOS_ID, SOS_ID, Vocab
from tests.conftest import SRC, tiny_model

ARCHS = [
    dict(cell="gru", bidirectional=True, layers=2, attention="additive"),
    dict(cell="lstm", bidirectional=False, layers=1, attention="dot"),
    dict(cell="rnn", bidirectional=True, layers=1, attention="none"),
]
SENTENCES = ("i love you", "he likes her", "we eat apples .")


def log_prob(model, text: str, out_ids: list[int]) -> float:
    """The model's log-probability of `out_ids` (ending in <eos>), under teacher forcing on the fused path:
    logits of step t given <sos> y_1..y_{t-1}, then log softmax at y_t, summed."""
    _, _, src = model.prepare(text)  # (1, S)
    tgt_in = torch.tensor([[SOS_ID, *out_ids[:-1]]])  # (1, T)
    with torch.inference_mode():
        logits = model(src, torch.tensor([src.shape[1]]), tgt_in)[0].double()  # (T, V)
    return float(torch.log_softmax(logits, -1)[torch.arange(len(out_ids)), torch.tensor(out_ids)].sum())


def ending_model(seed: int, **arch) -> Seq2Seq:
    """A tiny random model nudged to end its outputs (<eos> logit + 2), so greedy finishes in the cap."""
    model = tiny_model(seed=seed, **arch)
    with torch.no_grad():
        model.decoder.out.bias[EOS_ID] += 2.0
    return model


@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: f"{a['cell']}-{a['attention']}")
@pytest.mark.parametrize("seed", range(4))
def test_beam_width_one_is_greedy_and_wider_never_scores_lower(arch, seed):
    model = ending_model(seed, **arch)
    for text in SENTENCES:
        greedy = model.trace(text)
        one = model.trace(text, decode="beam", beam=1)
        assert one.output_tokens == greedy.output_tokens
        assert one.score == pytest.approx(greedy.score, abs=1e-5)
        assert greedy.decoder.output_ids[-1] == EOS_ID  # a finished sentence: scores compare
        for width in (2, 3, 4, MAX_BEAM):
            assert model.trace(text, decode="beam", beam=width).score >= greedy.score - 1e-5, (text, width)


def test_the_score_is_the_sum_of_the_output_log_probabilities():
    model = tiny_model(seed=1)
    tr = model.trace("i love you", decode="beam", beam=3)
    assert tr.score == pytest.approx(log_prob(model, "i love you", list(tr.decoder.output_ids)), abs=1e-4)
    assert tr.score == pytest.approx(tr.beam.nodes[tr.beam.best[-1]].score, abs=1e-4)


def tiny_vocab_model(seed: int, max_output: int) -> Seq2Seq:
    """A target vocabulary of 5 (the 4 specials and one word): every hypothesis can be enumerated."""
    tgt = Vocab.build([["네"]])
    cfg = ModelConfig("en-ko", "en", "ko", len(SRC), len(tgt), cell="gru", bidirectional=False, layers=1,
                      attention="additive", embed=6, hidden=8, max_output=max_output)  # fmt: skip
    torch.manual_seed(seed)
    return Seq2Seq(cfg, SRC, tgt).eval()


@pytest.mark.parametrize("seed", range(6))
def test_a_beam_covering_every_hypothesis_finds_the_exhaustive_best(seed):
    from s2s_core import search

    model = tiny_vocab_model(seed, max_output=3)
    text, cap = "i love you", 3
    v = len(model.tgt_vocab)
    best_score, best = -math.inf, None
    for k in range(1, cap + 1):  # every sequence of k tokens whose only <eos> is the last: 1 + 4 + 16
        for prefix in itertools.product([i for i in range(v) if i != EOS_ID], repeat=k - 1):
            ids = [*prefix, EOS_ID]
            s = log_prob(model, text, ids)
            if s > best_score:
                best_score, best = s, ids
    _, _, src = model.prepare(text)
    with torch.inference_mode():
        enc, _, _ = model.encoder.trace(src)
        tokens, tree = search.beam_search(model, enc, width=v**cap, max_len=cap, vocab=model.tgt_vocab)
    assert tokens == best  # width 125 >= every live prefix: nothing is ever pruned
    assert tree.nodes[tree.best[-1]].score == pytest.approx(best_score, abs=1e-4)


def test_a_model_that_never_ends_stops_at_the_cap():
    model = tiny_model(seed=0)
    with torch.no_grad():
        model.decoder.out.bias[EOS_ID] = -1e4  # <eos> never wins, never gets sampled
    text = "i love you"
    cap = model.max_len(3)
    for kwargs in (dict(), dict(decode="beam", beam=3), dict(decode="sample", seed=1)):
        tr = model.trace(text, **kwargs)
        assert len(tr.decoder.output_ids) == cap and EOS_ID not in tr.decoder.output_ids, kwargs
    assert len(model.translate([text])[0]) == cap


def test_width_and_temperature_are_clamped():
    model = tiny_model(seed=2)
    assert model.trace("i love you", decode="beam", beam=999).beam.width == MAX_BEAM
    assert model.trace("i love you", decode="beam", beam=-3).beam.width == 1
    hot = model.trace("i love you", decode="sample", temperature=1e9, seed=4)
    capped = model.trace("i love you", decode="sample", temperature=MAX_TEMPERATURE, seed=4)
    assert hot.output_tokens == capped.output_tokens


def test_a_seed_repeats_a_sample_and_a_cold_temperature_is_greedy():
    model = tiny_model(seed=5)
    for text in SENTENCES:
        a = model.trace(text, decode="sample", temperature=1.5, seed=11)
        assert a.output_tokens == model.trace(text, decode="sample", temperature=1.5, seed=11).output_tokens
        for seed in range(5):
            cold = model.trace(text, decode="sample", temperature=0.0, seed=seed)
            assert cold.output_tokens == model.trace(text).output_tokens


def test_sampled_first_tokens_follow_the_softmax():
    """Chi-square goodness of fit of 4000 first-step draws against softmax(logits / T), fixed seeds."""
    from s2s_core.search import sample_next

    model = tiny_model(seed=6)
    logits = torch.tensor(model.trace("i love you").decoder.logits[0])  # (V,)
    temperature = 1.7
    probs = torch.softmax(logits / temperature, dim=-1).double().numpy()
    gen = torch.Generator().manual_seed(1234)
    draws = sample_next(logits.repeat(4000, 1), temperature, gen).numpy()
    counts = np.bincount(draws, minlength=len(probs))
    keep = probs * 4000 >= 5  # cells expected to hold at least 5 draws; the rest pooled into one
    observed = np.append(counts[keep], counts[~keep].sum())
    expected = np.append(probs[keep], probs[~keep].sum()) * 4000
    observed, expected = observed[expected > 0], expected[expected > 0]
    chi2 = float(((observed - expected) ** 2 / expected).sum())
    dof = len(observed) - 1
    # the 0.999 quantile of chi-square: dof + 3.1 sqrt(2 dof) + 5 bounds it for these dof (Wilson-Hilferty)
    assert chi2 < dof + 3.1 * math.sqrt(2 * dof) + 5, (chi2, dof)
    # and a wrong temperature is detected: the same counts against softmax(logits) (T = 1) fail
    wrong = torch.softmax(logits, dim=-1).double().numpy()
    exp_wrong = np.append(wrong[keep], wrong[~keep].sum()) * 4000
    chi2_wrong = float(
        ((np.append(counts[keep], counts[~keep].sum()) - exp_wrong) ** 2 / np.maximum(exp_wrong, 1e-9)).sum()
    )
    assert chi2_wrong > chi2


def test_a_batch_decodes_each_sentence_with_its_own_length_cap():
    """evaluate() decodes in batches; each row keeps the cap it has alone (the app's), not the one of the
    batch's longest input (issue 16: "he likes her ." decoded to 26 tokens in a batch and 18 alone)."""
    from s2s_core.train import evaluate

    model = tiny_model(seed=0)
    with torch.no_grad():
        model.decoder.out.bias[EOS_ID] = -1e4  # never ends: every output runs to its cap
    short, long = "he likes her .", "i love you " * 8
    alone = [model.translate([t])[0] for t in (short, long)]
    batched = model.translate([short, long])
    assert batched == alone and len(batched[0]) == model.max_len(4) < len(batched[1])
    from s2s_core.tasks import Pair

    pairs = [Pair(short, " ".join(alone[0])), Pair(long, " ".join(alone[1]))]
    assert evaluate(model, pairs, batch_size=2)["exact_match"] == 1.0
