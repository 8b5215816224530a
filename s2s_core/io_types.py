"""The note's RNN input/output types, as numbers a view can draw (no Streamlit here).

  many-to-one    (sentiment)  `prediction_by_word`: the label's probability after each word, i.e. the
                 model run on every prefix. With the shipped left-to-right encoder without attention this
                 is exactly the one output step read from the state at that word.
  many-to-many   (tagging, synchronized) `tags_by_word`: for each word, the tag chosen at the same step
                 and the probability of every tag there.

`SHAPES` says, for each type, how many steps take an input and how many give an output for a given input
length: the diagrams are drawn from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .text import EOS, Vocab
from .trace import Trace

TYPES = ("one_to_one", "one_to_many", "many_to_one", "many_to_many", "synchronized")


def shape(kind: str, n_in: int, n_out: int) -> tuple[list[bool], list[bool]]:
    """(takes input, gives output) per time step of the recurrence for a type, `n_in` inputs and `n_out`
    outputs: one-to-one is one step; one-to-many reads at the first step and writes at every step;
    many-to-one reads at every step and writes at the last; many-to-many (delayed) reads all inputs, then
    writes all outputs; synchronized writes one output at every input step."""
    if kind == "one_to_one":
        return [True], [True]
    if kind == "one_to_many":
        return [True] + [False] * (n_out - 1), [True] * n_out
    if kind == "many_to_one":
        return [True] * n_in, [False] * (n_in - 1) + [True]
    if kind == "many_to_many":
        return [True] * n_in + [False] * n_out, [False] * n_in + [True] * n_out
    if kind == "synchronized":
        return [True] * n_in, [True] * n_in
    raise ValueError(f"unknown type {kind!r}; expected one of {TYPES}")


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class WordByWord:
    """Many-to-one, word by word: after word i (tokens[: i + 1]) the model gives `probs[i]` to each label."""

    tokens: tuple[str, ...]  # (S,)
    unknown: tuple[bool, ...]  # (S,)
    labels: tuple[str, ...]  # (C,) e.g. ("positive", "negative")
    probs: np.ndarray  # (S, C) rows renormalized over the labels
    label: str  # the prediction for the whole input (the last row's most probable label)


@torch.inference_mode()
def prediction_by_word(model, text: str, labels: tuple[str, ...]) -> WordByWord:
    """Run the model on every prefix of `text` and read its first output step's distribution over `labels`
    (renormalized: the model may also give a little to other tokens). InputError on bad input."""
    _, info, ids = model.prepare(text)  # ids (1, S)
    label_ids = [model.tgt_vocab.id(x) for x in labels]
    rows = []
    for n in range(1, ids.shape[1] + 1):
        prefix = " ".join(info.tokens[:n])
        trace = model.trace(prefix)
        p = softmax(trace.decoder.logits[0].astype(np.float64))[label_ids]  # (C,)
        rows.append(p / p.sum())
    probs = np.asarray(rows, dtype=np.float32)  # (S, C)
    return WordByWord(info.tokens, info.unknown, tuple(labels), probs, labels[int(probs[-1].argmax())])


@dataclass(frozen=True)
class TagsByWord:
    """Synchronized many-to-many: word i gets `tags[i]`, chosen at decoder step i; `probs[i]` is that step's
    distribution over `tag_set` (renormalized). `aligned` says whether the model wrote exactly one tag per
    word (then its attention at step i should rest on word i)."""

    words: tuple[str, ...]  # (S,)
    tags: tuple[str, ...]  # (S,) "" where the model wrote fewer tags than words
    tag_set: tuple[str, ...]  # (C,)
    probs: np.ndarray  # (S, C)
    aligned: bool


def tags_by_word(trace: Trace, vocab: Vocab, tag_set: tuple[str, ...]) -> TagsByWord:
    """The tagger's trace read as one tag per word (`trace.decoder` step i against source word i); `vocab`
    is the tagger's target vocabulary (the rows of `trace.decoder.logits`)."""
    words = trace.source.tokens
    out = [t for t in trace.decoder.output_tokens if t != EOS]
    n = len(words)
    probs = softmax(trace.decoder.logits[:n].astype(np.float64))  # (min(T, S), V)
    ids = [vocab.id(t) if t in vocab else -1 for t in tag_set]
    table = np.zeros((n, len(tag_set)), dtype=np.float32)
    for i in range(min(n, probs.shape[0])):
        row = np.array([probs[i, j] if j >= 0 else 0.0 for j in ids])
        table[i] = row / row.sum() if row.sum() > 0 else row
    tags = tuple(out[i] if i < len(out) else "" for i in range(n))
    return TagsByWord(tuple(words), tags, tuple(tag_set), table, len(out) == n)
