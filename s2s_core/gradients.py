"""Vanishing gradients, measured: how much the loss still depends on each input position.

The seed: deep and plain RNNs suffer from vanishing gradients, and LSTM and GRU were made to fix it. The
number that shows it is, for one sentence,

    norms[s] = || dL / dx_s ||      x_s: the input embedding at position s (earliest first),
                                     L: the cross-entropy of the reference output under teacher forcing

In a plain RNN the gradient reaching an early input has gone through many tanh steps and shrinks; gated
cells keep a path open. This module measures; the page (and `python -m s2s_core gradients`) says what
the numbers show, whatever they show.

Plain torch, no hooks and no .grad on parameters: the gradient is taken with respect to this call's own
copy of the embeddings, so a model shared between sessions is only read.
"""

from __future__ import annotations

import random

import numpy as np
import torch
from torch import nn

from .cells import run_stack
from .tasks import Pair, get_task
from .text import PAD_ID, tokenize
from .train import collate, encode

MAX_LENGTH = 50  # the longest input the lab measures (tasks with `fresh` pairs go past their data)


def layer_gradient_norms(model, src_ids: list[int], tgt_ids: list[int]) -> np.ndarray:
    """(L, S) float64: row k is || dL/d(input of encoder layer k at position s) ||; row 0 is the input
    embeddings x_s, row k > 0 the states of layer k-1 (both directions) that layer k reads. The encoder
    runs through our explicit cells (the path the app explains), the decoder on its fused kernels."""
    return batch_gradient_norms(model, [src_ids], [tgt_ids])[0]


def batch_gradient_norms(model, sources: list[list[int]], targets: list[list[int]]) -> np.ndarray:
    """(N, L, S) layer_gradient_norms of N inputs of one length S, in one forward and backward pass.

    Each sentence's loss depends only on its own inputs (no dropout in eval, no batch statistics), so
    the gradient of the sum of the N losses, taken at sentence n's inputs, is sentence n's own gradient.
    """
    if len({len(s) for s in sources}) != 1:
        raise ValueError("the inputs of one batch must have one length")
    src, _, tgt_in, tgt_out = collate(list(zip(sources, targets)))  # (N, S); (N, T) twice, padded
    with torch.inference_mode(False), torch.enable_grad():
        emb = model.encoder.embedding.weight[src].detach().clone().requires_grad_(True)  # (N, S, E)
        inputs: list[torch.Tensor] = []
        outputs, h_n, c_n, _ = run_stack(model.encoder.rnn, model.cfg.cell, emb, record=False,
                                         layer_inputs=inputs)  # fmt: skip
        enc = model.encoder._finish(outputs, h_n, c_n, src != PAD_ID)
        logits = model.decoder(tgt_in, enc)  # (N, T, V)
        per_token = nn.functional.cross_entropy(
            logits.transpose(1, 2), tgt_out, ignore_index=PAD_ID, reduction="none"
        )  # (N, T); fmt: skip
        loss = (per_token.sum(1) / (tgt_out != PAD_ID).sum(1)).sum()  # each sentence's mean, summed
        grads = torch.autograd.grad(loss, inputs)  # L x (N, S, I_k); the parameters' .grad is untouched
    return np.stack([g.double().norm(dim=-1).numpy() for g in grads], axis=1)  # (N, L, S)


def input_gradient_norms(model, src_ids: list[int], tgt_ids: list[int]) -> np.ndarray:
    """|| dL/dx_s || for every source position s (S,), float64: the embeddings' row of the above."""
    return layer_gradient_norms(model, src_ids, tgt_ids)[0]


def by_length(task_name: str) -> dict[int, list[Pair]]:
    """The task's pairs by input length: the held-out ones where a length has any, else the training ones."""
    task = get_task(task_name)
    splits = task.generate(0)
    groups: dict[int, list[Pair]] = {}
    for part in (splits.test, splits.train):
        found: dict[int, list[Pair]] = {}
        for p in part:
            found.setdefault(len(tokenize(p.src, task.src_tokenizer)), []).append(p)
        groups.update({n: pairs for n, pairs in found.items() if n not in groups})
    return groups


def sample(model, length: int, seed: int = 0, index: dict[int, list[Pair]] | None = None) -> Pair:
    """A pair from the model's task whose input has `length` tokens, chosen with `seed` (held-out data
    first: the sentences the model never trained on; then, for tasks that make pairs of any length, a
    new one up to MAX_LENGTH). `index`: by_length() of the task, when the caller draws many. ValueError
    naming the lengths there are otherwise."""
    task = get_task(model.cfg.task)
    index = index if index is not None else by_length(task.name)
    if length in index:
        return random.Random(seed).choice(index[length])
    if task.fresh is not None and 1 <= length <= MAX_LENGTH:
        return task.fresh(length, random.Random(seed))
    lengths = sorted(index)
    top = MAX_LENGTH if task.fresh is not None else lengths[-1]
    raise ValueError(f"the {task.name} task has no input of {length} tokens; lengths are {lengths[0]}..{top}")


def fresh_like(model, seed: int = 0, **changes):
    """A freshly initialised model of the same task and vocabulary, with the same sizes or the config
    `changes` (e.g. layers=3, cell="rnn"): the untrained baseline the lab compares trained models with.
    Deterministic in `seed`; `model` itself is only read."""
    from dataclasses import replace

    from .model import Seq2Seq

    cfg = replace(model.cfg, **changes)
    cfg.validate()
    torch.manual_seed(seed)
    return Seq2Seq(cfg, model.src_vocab, model.tgt_vocab).eval()


def layer_profile(model, length: int, seeds: range) -> np.ndarray:
    """(N, L, S) layer_gradient_norms for the samples of `length` chosen with each seed: a page averages
    them, since one sentence's curve also reflects which symbols it happens to hold."""
    index = by_length(model.cfg.task)
    ids = encode(model, [sample(model, length, s, index) for s in seeds])
    return batch_gradient_norms(model, [src for src, _ in ids], [tgt for _, tgt in ids])


def gradient_profile(model, length: int, seed: int = 0) -> dict:
    """The CLI's JSON: {"model", "length", "norms" (earliest input first), "source", "target"}."""
    pair = sample(model, length, seed)
    norms = input_gradient_norms(model, *encode(model, [pair])[0])
    return {
        "model": model.name,
        "length": length,
        "norms": [float(x) for x in norms],
        "source": pair.src,
        "target": pair.tgt,
    }
