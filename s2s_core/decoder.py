"""The decoder: writes the output one token at a time, feeding back the token it just produced.

Each step sees "current context + previous output" (the seed's words), Luong et al. (2015) style:
  input_t  = [embedding(y_{t-1}); c_{t-1}]             (E + H)   previous output + previous context
  s_t      = RNN/LSTM/GRU stack(input_t, s_{t-1})      (L, B, H); s_0 = the context vector
  c_t      = attention(query = s_t(top), encoder memory)  (B, H)
  logits_t = W_out [s_t(top); c_t; embedding(y_{t-1})]  (B, V)
The query s_t has already read y_{t-1}, so attention knows which word was just written and looks at
the source word to translate next (a query from s_{t-1} lags one word behind). Without attention c_t is
the fixed context vector at every step (Cho et al. 2014); c_0 is the context vector in both cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from .attention import Attention
from .cells import make_rnn, stack_step
from .encoder import Encoded
from .text import PAD_ID, SOS_ID

NEVER = -1e4  # logit given to <pad> and <sos>: the decoder must never output them


@dataclass
class Step:
    """One decoder step's results (tensors, batch-first)."""

    logits: torch.Tensor  # (B, V)
    h: torch.Tensor  # (L, B, H)
    c: torch.Tensor | None  # (L, B, H)
    context: torch.Tensor  # (B, H) c_t: used for this step's output and fed into the next step
    weights: torch.Tensor | None  # (B, S)
    scores: torch.Tensor | None  # (B, S)
    embedded: torch.Tensor  # (B, E)
    gates: dict | None = None  # name -> (L, B, H), explicit path only


class Decoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cell = cfg.cell
        self.embedding = nn.Embedding(cfg.tgt_vocab_size, cfg.embed, padding_idx=0)
        self.dropout = nn.Dropout(cfg.dropout)
        self.rnn = make_rnn(cfg.cell, cfg.embed + cfg.hidden, cfg.hidden, cfg.layers, bidirectional=False)
        self.attention = Attention(cfg.attention, cfg.hidden) if cfg.attention != "none" else None
        self.out = nn.Linear(2 * cfg.hidden + cfg.embed, cfg.tgt_vocab_size)

    def project(self, features: torch.Tensor) -> torch.Tensor:
        """[s_t; c_t; emb] -> logits over the target vocabulary, <pad>/<sos> ruled out."""
        logits = self.out(features)  # (..., V)
        logits[..., PAD_ID] = NEVER
        logits[..., SOS_ID] = NEVER
        return logits

    def keys(self, enc: Encoded) -> torch.Tensor | None:
        """Attention keys, computed once per sentence. (B, S, H)"""
        return self.attention.precompute(enc.memory) if self.attention is not None else None

    def attend(self, query, enc: Encoded, keys, pinned: torch.Tensor | None = None):
        """c_t and its weights. `pinned` (B, S) replaces the weights (the what-if view)."""
        if self.attention is None:
            return enc.context, None, None
        context, weights, scores = self.attention(query, keys, enc.memory, enc.mask)
        if pinned is not None:
            weights = pinned
            context = torch.bmm(weights.unsqueeze(1), enc.memory).squeeze(1)  # (B, H)
        return context, weights, scores

    def step(self, y_prev, h, c, ctx_prev, enc: Encoded, keys, explicit: bool = False, pinned=None) -> Step:
        """One step. y_prev: (B,) ids; h, c: (L, B, H); ctx_prev: (B, H) the previous step's context
        (enc.context at the first step). `explicit` runs our cells and records gates."""
        emb = self.dropout(self.embedding(y_prev))  # (B, E)
        x = torch.cat([emb, ctx_prev], dim=-1)  # (B, E + H)
        gates = None
        if explicit:
            h, c, gates = stack_step(self.rnn, self.cell, x, h, c)
        else:
            out, state = self.rnn(x.unsqueeze(1), (h, c) if self.cell == "lstm" else h)
            h, c = state if self.cell == "lstm" else (state, None)
        context, weights, scores = self.attend(h[-1], enc, keys, pinned)  # (B, H)
        logits = self.project(torch.cat([h[-1], context, emb], dim=-1))  # (B, V)
        return Step(logits, h, c, context, weights, scores, emb, gates)

    def forward(self, tgt_in: torch.Tensor, enc: Encoded) -> torch.Tensor:
        """Teacher forcing for training: tgt_in (B, T) = <sos> + reference[:-1]. Returns logits (B, T, V)."""
        if self.attention is None:
            # the context is the same at every step, so the whole sequence runs in one fused call
            emb = self.dropout(self.embedding(tgt_in))  # (B, T, E)
            ctx = enc.context.unsqueeze(1).expand(-1, tgt_in.shape[1], -1)  # (B, T, H)
            out, _ = self.rnn(
                torch.cat([emb, ctx], dim=-1), (enc.h0, enc.c0) if self.cell == "lstm" else enc.h0
            )
            return self.project(torch.cat([out, ctx, emb], dim=-1))  # (B, T, V)
        return torch.stack([st.logits for st in self.forced_steps(tgt_in, enc)], dim=1)  # (B, T, V)

    def forced_steps(self, tgt_in: torch.Tensor, enc: Encoded) -> list[Step]:
        """Step through tgt_in (B, T) feeding the reference, not the prediction (teacher forcing)."""
        keys = self.keys(enc)
        h, c, ctx, steps = enc.h0, enc.c0, enc.context, []
        for t in range(tgt_in.shape[1]):
            st = self.step(tgt_in[:, t], h, c, ctx, enc, keys)
            h, c, ctx = st.h, st.c, st.context
            steps.append(st)
        return steps
