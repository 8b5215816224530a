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
from .text import EOS_ID, PAD_ID, SOS_ID, tokenize


def input_gradient_norms(model, src_ids: list[int], tgt_ids: list[int]) -> np.ndarray:
    """|| dL/dx_s || for every source position s (S,), float64. The encoder runs through our explicit
    cells (so the path is the one the app explains), the decoder on its fused kernels."""
    src = torch.tensor([src_ids])  # (1, S)
    tgt_in = torch.tensor([[SOS_ID, *tgt_ids]])  # (1, T)
    tgt_out = torch.tensor([[*tgt_ids, EOS_ID]])  # (1, T)
    with torch.inference_mode(False), torch.enable_grad():
        emb = model.encoder.embedding.weight[src].detach().clone().requires_grad_(True)  # (1, S, E)
        outputs, h_n, c_n, _ = run_stack(model.encoder.rnn, model.cfg.cell, emb, record=False)
        enc = model.encoder._finish(outputs, h_n, c_n, src != PAD_ID)
        logits = model.decoder(tgt_in, enc)  # (1, T, V)
        loss = nn.functional.cross_entropy(logits[0], tgt_out[0])
        (grad,) = torch.autograd.grad(loss, emb)  # (1, S, E); the parameters' .grad is untouched
    return grad[0].double().norm(dim=-1).numpy()  # (S,)


def sample(model, length: int, seed: int = 0) -> Pair:
    """A pair from the model's task whose input has `length` tokens, chosen with `seed` (held-out data
    first: the sentences the model never trained on). ValueError naming the lengths there are otherwise."""
    task = get_task(model.cfg.task)
    splits = task.generate(0)
    by_length: dict[int, list[Pair]] = {}
    for part in (splits.test, splits.train):
        for p in part:
            by_length.setdefault(len(tokenize(p.src, task.src_tokenizer)), []).append(p)
        if length in by_length:
            return random.Random(seed).choice(by_length[length])
    lengths = sorted(by_length)
    raise ValueError(
        f"the {task.name} task has no input of {length} tokens; lengths are {lengths[0]}..{lengths[-1]}"
    )


def gradient_profile(model, length: int, seed: int = 0) -> dict:
    """The CLI's JSON: {"model", "length", "norms" (earliest input first), "source", "target"}."""
    pair = sample(model, length, seed)
    cfg = model.cfg
    src_ids = model.src_vocab.encode(tokenize(pair.src, cfg.src_tokenizer))
    tgt_ids = model.tgt_vocab.encode(tokenize(pair.tgt, cfg.tgt_tokenizer))
    norms = input_gradient_norms(model, src_ids, tgt_ids)
    return {
        "model": model.name,
        "length": length,
        "norms": [float(x) for x in norms],
        "source": pair.src,
        "target": pair.tgt,
    }
