"""Attention: which input positions the decoder looks at for the next word.

All variants score a query q (the decoder's top hidden state s_t, after it has read the previous output:
Luong input feeding, see decoder.py; (B, H)) against every
encoder position's memory vector m_s ((B, S, H)), then turn scores into weights with a masked softmax:
  additive (Bahdanau 2015)  score = v · tanh(W_q q + W_m m_s)
  dot      (Luong 2015)     score = q · m_s
  general  (Luong 2015)     score = q · (W m_s)
  none                      no attention: the decoder sees only the fixed context vector
"""

from __future__ import annotations

import torch
from torch import nn

ATTENTIONS = ("none", "additive", "dot", "general")


class Attention(nn.Module):
    def __init__(self, kind: str, hidden: int):
        super().__init__()
        if kind not in ATTENTIONS or kind == "none":
            raise ValueError(f"attention must be one of {ATTENTIONS[1:]}, got {kind!r}")
        self.kind = kind
        if kind == "additive":
            self.w_query = nn.Linear(hidden, hidden, bias=False)
            self.w_memory = nn.Linear(hidden, hidden)
            self.v = nn.Linear(hidden, 1, bias=False)
        elif kind == "general":
            self.w = nn.Linear(hidden, hidden, bias=False)

    def precompute(self, memory: torch.Tensor) -> torch.Tensor:
        """Query-independent part, computed once per sentence, not once per output word. (B, S, H)"""
        if self.kind == "additive":
            return self.w_memory(memory)
        if self.kind == "general":
            return self.w(memory)
        return memory

    def scores(self, query: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        """Raw scores (B, S). query: (B, H); keys: precompute(memory), (B, S, H)."""
        if self.kind == "additive":
            return self.v(torch.tanh(self.w_query(query).unsqueeze(1) + keys)).squeeze(-1)  # (B, S)
        return torch.bmm(keys, query.unsqueeze(-1)).squeeze(-1)  # (B, S)

    def forward(self, query, keys, memory, mask):
        """Returns (context (B, H), weights (B, S), raw scores (B, S)). mask: (B, S) True = real token."""
        scores = self.scores(query, keys)  # (B, S)
        weights = masked_softmax(scores, mask)  # (B, S)
        context = torch.bmm(weights.unsqueeze(1), memory).squeeze(1)  # (B, H)
        return context, weights, scores


def masked_softmax(scores: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Softmax over positions where mask is True; padding gets exactly zero weight."""
    return torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)
