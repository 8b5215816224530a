"""Which input words shape the encoder's state at one position?

The seed's bidirectional example: to understand "학교에" in "나는 학교에 갔다" a reader needs both the word
before (나는) and the word after (갔다). A unidirectional encoder reads left to right, so its state at 학교에
has not seen 갔다 yet: its influence is exactly zero. A bidirectional encoder's backward direction has read
갔다 first, so the state at 학교에 depends on it. Two ways to measure "depends on":

  gradient   || d |h_pos| / d e_i ||   how fast the size of the state at `pos` changes when the
             embedding e_i of word i moves (saliency; autograd through our explicit cells, per call)
  occlusion  || h_pos(word i -> <unk>) - h_pos ||   how far the state moves when word i is hidden

h_pos is one layer's state at `pos`, both directions concatenated (D*H). Plain torch, no hooks: the model
is shared between sessions, so nothing here registers anything on it or writes to its .grad.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .cells import run_stack
from .text import UNK_ID, InputError

METHODS = ("gradient", "occlusion")


@dataclass(frozen=True)
class Influence:
    """Influence of every input word on the encoder state at `position`, by both methods."""

    model: str
    tokens: tuple[str, ...]  # (S,) as typed
    shown: tuple[str, ...]  # (S,) as the model sees them (<unk> for unknown words)
    position: int  # the state being explained
    layer: int  # 0-based encoder layer
    gradient: np.ndarray  # (S,) float32, || d|h_pos| / d e_i ||
    occlusion: np.ndarray  # (S,) float32, || h_pos(i -> <unk>) - h_pos ||

    def share(self, method: str) -> np.ndarray:
        """(S,) the values of `method` as fractions of their sum (all zeros stays all zeros)."""
        values = getattr(self, method)
        total = float(values.sum())
        return values / total if total > 0 else values


def _layer_states(model, emb: torch.Tensor, layer: int) -> torch.Tensor:
    """Run the explicit encoder stack on embeddings (1, S, E); return layer `layer`'s states (1, S, D*H)."""
    rnn = model.encoder.rnn
    _, _, _, runs = run_stack(rnn, model.cfg.cell, emb, record=False)
    mine = [r.states for r in runs if r.layer == layer]  # D entries, each (1, S, H)
    return torch.cat(mine, dim=-1)  # (1, S, D*H)


def _gradient(model, ids: torch.Tensor, position: int, layer: int) -> np.ndarray:
    """|| d |h_pos| / d e_i || for every i. Gradients only w.r.t. this call's embedding tensor."""
    with torch.inference_mode(False), torch.enable_grad():
        emb = model.encoder.embedding.weight[ids].detach().clone().requires_grad_(True)  # (1, S, E)
        states = _layer_states(model, emb, layer)  # (1, S, D*H)
        size = states[0, position].norm()  # scalar |h_pos|
        (grad,) = torch.autograd.grad(size, emb)  # (1, S, E); params' .grad untouched
    return grad[0].norm(dim=-1).numpy().astype(np.float32)  # (S,)


@torch.inference_mode()
def _occlusion(model, ids: torch.Tensor, position: int, layer: int) -> np.ndarray:
    """|| h_pos(word i replaced by <unk>) - h_pos || for every i.

    One sentence per run, not one batch of S variants: a BLAS kernel may round a row differently
    depending on the batch around it, and then a word the state cannot depend on would show a change
    of 1e-8 instead of exactly 0. With identical shapes the unchanged prefix is computed bit for bit.
    """

    def state_at(x: torch.Tensor) -> torch.Tensor:
        return _layer_states(model, model.encoder.embedding(x), layer)[0, position]  # (D*H,)

    base = state_at(ids)
    out = np.zeros(ids.shape[1], dtype=np.float32)  # (S,)
    for i in range(ids.shape[1]):
        hidden = ids.clone()
        hidden[0, i] = UNK_ID
        out[i] = float((state_at(hidden) - base).norm())
    return out


def influence(model, text: str, position: int, layer: int = -1) -> Influence:
    """Influence of each word of `text` on the encoder state at token index `position` of layer `layer`.

    Raises InputError for bad text (as Seq2Seq.prepare does) or a position/layer outside the sentence/model.
    """
    _, info, ids = model.prepare(text)  # ids (1, S)
    S, layers = ids.shape[1], model.cfg.layers
    if not isinstance(position, (int, np.integer)) or not 0 <= position < S:
        raise InputError("bad_position", f"position must be 0..{S - 1}", n=S)
    layer = layer + layers if layer < 0 else layer
    if not 0 <= layer < layers:
        raise InputError("bad_layer", f"layer must be 0..{layers - 1}", n=layers)
    return Influence(
        model=model.name,
        tokens=info.tokens,
        shown=info.shown,
        position=int(position),
        layer=layer,
        gradient=_gradient(model, ids, int(position), layer),
        occlusion=_occlusion(model, ids, int(position), layer),
    )


def position_of(tokens, word: str) -> int | None:
    """Index of the first token equal to `word` (e.g. "학교에"), or None."""
    return next((i for i, t in enumerate(tokens) if t == word), None)
