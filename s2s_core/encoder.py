"""The encoder: reads the whole input and compresses it into a fixed-length context vector.

embedding -> 1..4 stacked RNN/LSTM/GRU layers (uni- or bidirectional) -> per-position states + context.

With one direction the context vector of a layer is simply its last hidden state. With two, the
forward direction's last state (it has read the whole sentence left to right) and the backward
direction's state at position 0 (it has read it right to left) are concatenated and projected back to
the decoder's size by a small "bridge" layer: tanh(W [h_fwd; h_bwd] + b).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .cells import make_rnn, run_stack


@dataclass
class Encoded:
    """What the decoder needs from the encoder (tensors, batch-first)."""

    memory: torch.Tensor  # (B, S, H) per-position vectors attention looks at
    mask: torch.Tensor  # (B, S) True where there is a real token
    h0: torch.Tensor  # (L, B, H) decoder's initial hidden state = context vector per layer
    c0: torch.Tensor | None  # (L, B, H) decoder's initial LSTM cell state
    outputs: torch.Tensor  # (B, S, D*H) top layer's states, directions concatenated
    h_n: torch.Tensor  # (L*D, B, H) final states as torch orders them (layer-major)

    @property
    def context(self) -> torch.Tensor:
        """(B, H) the top layer's context vector (what a decoder without attention keeps seeing)."""
        return self.h0[-1]

    def select(self, index: torch.Tensor) -> Encoded:
        """Rows `index` of the batch (beam search copies one sentence k times)."""
        c0 = None if self.c0 is None else self.c0[:, index]
        return Encoded(
            self.memory[index],
            self.mask[index],
            self.h0[:, index],
            c0,
            self.outputs[index],
            self.h_n[:, index],
        )


class Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cell, self.layers, self.dirs = cfg.cell, cfg.layers, 2 if cfg.bidirectional else 1
        if cfg.src_features:  # frames (an image): a linear layer turns each frame's F values into E
            self.embedding = nn.Linear(cfg.src_features, cfg.embed)
        else:
            self.embedding = nn.Embedding(cfg.src_vocab_size, cfg.embed, padding_idx=0)
        self.dropout = nn.Dropout(cfg.dropout)
        self.rnn = make_rnn(cfg.cell, cfg.embed, cfg.hidden, cfg.layers, cfg.bidirectional)
        if self.dirs == 2:
            self.bridge = nn.Linear(2 * cfg.hidden, cfg.hidden)  # [h_fwd; h_bwd] -> decoder h0
            self.bridge_cell = nn.Linear(2 * cfg.hidden, cfg.hidden) if cfg.cell == "lstm" else None
            self.memory_proj = nn.Linear(2 * cfg.hidden, cfg.hidden)  # (D*H) -> H for attention

    def forward(self, src: torch.Tensor, lengths: torch.Tensor) -> Encoded:
        """Fast path (torch's fused kernels, padded batches). src: (B, S) ids or (B, S, F) frames;
        lengths: (B,)."""
        emb = self.dropout(self.embedding(src))  # (B, S, E)
        packed = pack_padded_sequence(emb, lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, state = self.rnn(packed)
        outputs, _ = pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])  # (B, S, D*H)
        h_n, c_n = state if self.cell == "lstm" else (state, None)  # (L*D, B, H)
        mask = torch.arange(src.shape[1]).unsqueeze(0) < lengths.unsqueeze(1)  # (B, S) real positions
        return self._finish(outputs, h_n, c_n, mask)

    def trace(self, src: torch.Tensor):
        """Explicit path through our cells, one sentence (no padding). Returns (Encoded, embeddings, runs)."""
        emb = self.embedding(src)  # (1, S, E)
        outputs, h_n, c_n, runs = run_stack(self.rnn, self.cell, emb)
        return self._finish(outputs, h_n, c_n, torch.ones(emb.shape[:2], dtype=torch.bool)), emb, runs

    def _finish(self, outputs, h_n, c_n, mask) -> Encoded:
        h0 = self.context(h_n, getattr(self, "bridge", None))  # (L, B, H)
        c0 = self.context(c_n, getattr(self, "bridge_cell", None)) if c_n is not None else None
        memory = self.memory_proj(outputs) if self.dirs == 2 else outputs  # (B, S, H)
        return Encoded(memory, mask, h0, c0, outputs, h_n)

    def context(self, h_n: torch.Tensor, bridge: nn.Module | None) -> torch.Tensor:
        """Final states (L*D, B, H) -> one context vector per layer (L, B, H)."""
        if self.dirs == 1:
            return h_n
        fwd, bwd = h_n.view(self.layers, 2, *h_n.shape[1:]).unbind(1)  # each (L, B, H)
        return torch.tanh(bridge(torch.cat([fwd, bwd], dim=-1)))  # (L, B, H)
