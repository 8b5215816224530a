"""Training: deterministic in the seed, stoppable within a second, and it really learns."""

import threading
import time

import pytest
import torch

from s2s_core.tasks import get_task
from s2s_core.train import (
    TrainConfig,
    alignment_error_rate,
    evaluate,
    new_model,
    new_model_for_corpus,
    read_corpus,
    train,
)

TINY = dict(cell="gru", bidirectional=True, layers=1, attention="additive", embed=16, hidden=32)


def test_same_seed_gives_identical_weights():
    weights = []
    for _ in range(2):
        model, splits = new_model("en-ko", seed=3, **TINY)
        train(model, splits, TrainConfig(epochs=1, max_train=256, eval_size=20, seed=3))
        weights.append(model.state_dict())
    for k in weights[0]:
        assert torch.equal(weights[0][k], weights[1][k]), k
    other, splits = new_model("en-ko", seed=4, **TINY)
    train(other, splits, TrainConfig(epochs=1, max_train=256, eval_size=20, seed=4))
    assert not torch.equal(other.state_dict()["decoder.out.weight"], weights[0]["decoder.out.weight"])


def test_a_run_on_a_read_corpus_is_the_run_on_its_splits():
    """The Train page reads a task's data once (a Corpus) and shares it between runs: the same vocabularies,
    ids and, seeded alike, the same weights as reading the splits in each run."""
    model, splits = new_model("dates", seed=5, **TINY)
    corpus = read_corpus(splits, "char", "char")
    assert corpus.src.itos == model.src_vocab.itos and corpus.tgt.itos == model.tgt_vocab.itos
    tc = TrainConfig(epochs=1, max_train=192, eval_size=20, seed=5)
    train(model, splits, tc)
    again = new_model_for_corpus(corpus, "dates", seed=5, **TINY)
    train(again, corpus.splits, tc, data=corpus.train)
    for k, v in model.state_dict().items():
        assert torch.equal(v, again.state_dict()[k]), k
    with pytest.raises(ValueError):
        read_corpus(get_task("digits").generate(0), "digits", "char")  # frames are not ids


def test_stop_callback_stops_within_a_second():
    model, splits = new_model("dates", seed=0, **TINY)
    flag = threading.Event()
    threading.Timer(1.0, flag.set).start()
    start = time.perf_counter()
    result = train(model, splits, TrainConfig(epochs=50, eval_size=50), should_stop=flag.is_set)
    assert result.stopped == "user"
    assert time.perf_counter() - start < 1.0 + 1.0 + 2.0  # stop request + one batch + final evaluation


def test_training_learns_the_reverse_task_quickly():
    model, splits = new_model("reverse", seed=0, cell="gru", bidirectional=True, layers=1, attention="additive",
                              embed=16, hidden=48)  # fmt: skip
    short = [p for p in splits.train if len(p.src.split()) <= 6]
    from s2s_core.tasks import Splits

    data = Splits(tuple(short), tuple(p for p in splits.valid if len(p.src.split()) <= 6), ())
    before = evaluate(model, data.valid[:100])["exact_match"]
    result = train(model, data, TrainConfig(epochs=30, max_seconds=12, eval_size=100, lr=1e-2))
    after = evaluate(model, data.valid[:100])["exact_match"]
    assert before < 0.2 and after > 0.6, (before, after, result.history[-1])
    assert alignment_error_rate(model, data.valid[:50]) < 0.5


def test_progress_reports_epochs():
    seen = []
    model, splits = new_model("en-ko", seed=0, **TINY)
    train(model, splits, TrainConfig(epochs=2, max_train=128, eval_size=10), progress=seen.append)
    epochs = [s for s in seen if "valid_exact" in s]
    assert [e["epoch"] for e in epochs] == [1, 2]
    assert all(e["loss"] > 0 for e in epochs)
