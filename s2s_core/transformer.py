"""The Transformer (Vaswani et al. 2017): attention only, no recurrence. One readable file, nanoGPT-style.

The note ends here: an RNN must read "I love you" one word after another, so step t waits for step t-1
and a long input fades through many steps. The Transformer looks at every word at once: each layer lets
every position attend to every other one (self-attention), so the encoder's work for all positions is a
few matrix products (parallel), and any two words are one step apart.

  sinusoidal positions  the order of the words, added to their embeddings (attention itself has none)
  MultiHeadAttention    h heads, each softmax(Q K^T / sqrt(d_head)) V over its own projections
  EncoderLayer          self-attention over the input, then a feed-forward net (pre-norm, residual)
  DecoderLayer          masked self-attention over the output so far, cross-attention to the encoder,
                        feed-forward
  Transformer           embeddings + positions -> N encoder layers -> N decoder layers -> vocabulary

It trains with the RNNs' loop (`train.train` calls `model(src, lengths, tgt_in)`), is evaluated by the same
`train.evaluate`, saved by the same `checkpoint`, and `trace()` returns a TransformerTrace with every
attention map of every layer and head.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from . import search
from .model import LIMITS, ConfigDict, TextSide, pad
from .text import EOS_ID, PAD_ID, SOS_ID, TOKENIZERS, InputError, Vocab, detokenize, prepare
from .trace import TransformerTrace

ARCH = "transformer"  # a checkpoint's config says which model it is (ModelConfig has no `arch`)
TRANSFORMER_LIMITS = {"heads": (1, 16), "d_model": (8, 512), "d_ff": (8, 2048)}


@dataclass(frozen=True)
class TransformerConfig(ConfigDict):
    task: str
    src_tokenizer: str
    tgt_tokenizer: str
    src_vocab_size: int
    tgt_vocab_size: int
    layers: int = 2  # encoder layers, and as many decoder layers (1..4)
    heads: int = 4  # attention heads per layer; d_model must be a multiple
    d_model: int = 64  # width of every position's vector
    d_ff: int = 256  # inner width of the feed-forward net
    dropout: float = 0.1  # on embeddings and residual branches during training only
    max_output: int = 60  # hard cap on decoder steps
    arch: str = ARCH

    @property
    def name(self) -> str:
        """Registry name, e.g. "en-ko/transformer-2l-4h"."""
        return f"{self.task}/transformer-{self.layers}l-{self.heads}h"

    @property
    def attention(self) -> str:  # what an RNN config calls its attention (the app's labels read it)
        return "multi-head"

    def validate(self) -> None:
        bounds = {**LIMITS, **TRANSFORMER_LIMITS}
        for key, label in (("layers", "layers"), ("heads", "heads"), ("d_model", "d_model"), ("d_ff", "d_ff"),
                           ("vocab", "src_vocab_size"), ("vocab", "tgt_vocab_size"),
                           ("max_output", "max_output")):  # fmt: skip
            lo, hi = bounds[key]
            if not lo <= getattr(self, label) <= hi:
                raise ValueError(f"{label} = {getattr(self, label)} is outside {lo}..{hi}")
        if self.arch != ARCH:
            raise ValueError(f"arch must be {ARCH!r}")
        if self.d_model % self.heads:
            raise ValueError("d_model must be a multiple of heads")
        for tok in (self.src_tokenizer, self.tgt_tokenizer):
            if tok not in TOKENIZERS:
                raise ValueError(f"tokenizer must be one of {TOKENIZERS}")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError("dropout must be in [0, 1)")


def positions(n: int, d: int) -> torch.Tensor:
    """Sinusoidal positional encoding (n, d): PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(...).

    Each pair of dimensions is a clock turning at its own speed, so every position gets a distinct
    pattern and a fixed offset is the same rotation everywhere (relative positions are easy to read).
    """
    p = torch.arange(n, dtype=torch.float32).unsqueeze(1)  # (n, 1)
    rate = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))  # (d/2,)
    pe = torch.zeros(n, d)
    pe[:, 0::2] = torch.sin(p * rate)
    pe[:, 1::2] = torch.cos(p * rate[: d // 2])
    return pe


class MultiHeadAttention(nn.Module):
    """softmax(Q K^T / sqrt(d_head)) V in `heads` subspaces at once; returns the output and the weights."""

    def __init__(self, d: int, heads: int):
        super().__init__()
        self.heads, self.d_head = heads, d // heads
        self.q, self.k, self.v, self.out = (nn.Linear(d, d) for _ in range(4))

    def forward(self, x, memory, mask=None):
        """x (B, Tq, d) asks, memory (B, Tk, d) answers; mask broadcastable to (B, h, Tq, Tk), True = may
        look. -> output (B, Tq, d), weights (B, h, Tq, Tk)."""
        B, Tq, d = x.shape
        Tk = memory.shape[1]
        q = self.q(x).view(B, Tq, self.heads, self.d_head).transpose(1, 2)  # (B, h, Tq, dh)
        k = self.k(memory).view(B, Tk, self.heads, self.d_head).transpose(1, 2)  # (B, h, Tk, dh)
        v = self.v(memory).view(B, Tk, self.heads, self.d_head).transpose(1, 2)  # (B, h, Tk, dh)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_head)  # (B, h, Tq, Tk)
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = torch.softmax(scores, dim=-1)  # (B, h, Tq, Tk), rows sum to 1
        y = (weights @ v).transpose(1, 2).reshape(B, Tq, d)  # heads side by side again
        return self.out(y), weights


class FeedForward(nn.Sequential):
    """The same two-layer net applied to every position on its own."""

    def __init__(self, d: int, d_ff: int, dropout: float):
        super().__init__(nn.Linear(d, d_ff), nn.ReLU(), nn.Linear(d_ff, d), nn.Dropout(dropout))


class EncoderLayer(nn.Module):
    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(cfg.d_model), nn.LayerNorm(cfg.d_model)
        self.attn = MultiHeadAttention(cfg.d_model, cfg.heads)
        self.ff = FeedForward(cfg.d_model, cfg.d_ff, cfg.dropout)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x, mask):
        """x (B, S, d), mask (B, 1, 1, S) -> x (B, S, d), self-attention weights (B, h, S, S)."""
        n = self.norm1(x)
        a, w = self.attn(n, n, mask)
        x = x + self.drop(a)
        return x + self.ff(self.norm2(x)), w


class DecoderLayer(nn.Module):
    def __init__(self, cfg: TransformerConfig):
        super().__init__()
        self.norm1, self.norm2, self.norm3 = (nn.LayerNorm(cfg.d_model) for _ in range(3))
        self.self_attn = MultiHeadAttention(cfg.d_model, cfg.heads)
        self.cross = MultiHeadAttention(cfg.d_model, cfg.heads)
        self.ff = FeedForward(cfg.d_model, cfg.d_ff, cfg.dropout)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, y, memory, causal, src_mask):
        """y (B, T, d) the output so far, memory (B, S, d) the encoder's ->
        y (B, T, d), masked self-attention (B, h, T, T), cross-attention (B, h, T, S)."""
        n = self.norm1(y)
        a, w_self = self.self_attn(n, n, causal)  # position t sees positions <= t only
        y = y + self.drop(a)
        a, w_cross = self.cross(self.norm2(y), memory, src_mask)  # every position sees the whole input
        y = y + self.drop(a)
        return y + self.ff(self.norm3(y)), w_self, w_cross


@dataclass
class Encoded:
    memory: torch.Tensor  # (B, S, d) the encoder's output, what cross-attention reads
    mask: torch.Tensor  # (B, 1, 1, S) True at real (not padding) positions
    weights: list  # per layer (B, h, S, S)


class Transformer(TextSide, nn.Module):
    def __init__(self, cfg: TransformerConfig, src_vocab: Vocab, tgt_vocab: Vocab):
        super().__init__()
        if len(src_vocab) != cfg.src_vocab_size or len(tgt_vocab) != cfg.tgt_vocab_size:
            raise ValueError("vocabulary sizes do not match the config")
        self.cfg, self.src_vocab, self.tgt_vocab = cfg, src_vocab, tgt_vocab
        d = cfg.d_model
        self.src_embed = nn.Embedding(cfg.src_vocab_size, d, padding_idx=PAD_ID)
        self.tgt_embed = nn.Embedding(cfg.tgt_vocab_size, d, padding_idx=PAD_ID)
        for table in (self.src_embed, self.tgt_embed):  # N(0, 1/d): times sqrt(d) below, values of about
            nn.init.normal_(table.weight, std=d**-0.5)  # +-1 like the positions (N(0, 1) would drown them)
            table.weight.data[PAD_ID] = 0
        self.encoder_layers = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.layers))
        self.decoder_layers = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg.layers))
        self.encoder_norm, self.decoder_norm = nn.LayerNorm(d), nn.LayerNorm(d)
        self.project = nn.Linear(d, cfg.tgt_vocab_size)
        self.drop = nn.Dropout(cfg.dropout)

    def embed(self, table: nn.Embedding, ids):
        """ids (B, T) -> embedding * sqrt(d) + position (B, T, d): the scale keeps the two comparable."""
        T = ids.shape[1]
        return self.drop(table(ids) * math.sqrt(self.cfg.d_model) + positions(T, self.cfg.d_model))

    def encode(self, src, lengths) -> Encoded:
        """src (B, S) padded with 0, lengths (B,). All S positions are computed at once (no recurrence)."""
        mask = (torch.arange(src.shape[1]) < lengths.unsqueeze(1))[:, None, None, :]  # (B, 1, 1, S)
        x, weights = self.embed(self.src_embed, src), []
        for layer in self.encoder_layers:
            x, w = layer(x, mask)
            weights.append(w)
        return Encoded(self.encoder_norm(x), mask, weights)

    def decode(self, tgt_in, enc: Encoded):
        """tgt_in (B, T) = <sos> y_1 .. -> logits (B, T, V), self (per layer (B, h, T, T)), cross (B, h, T, S).

        With the causal mask, position t's result depends on tokens <= t only, so one pass over the
        whole output gives every step's numbers: training sees all steps at once (teacher forcing in
        parallel), and a trace replays the finished output in one pass and gets each step exactly."""
        T = tgt_in.shape[1]
        causal = torch.ones(T, T, dtype=torch.bool).tril()[None, None]  # (1, 1, T, T)
        y, selfs, crosses = self.embed(self.tgt_embed, tgt_in), [], []
        for layer in self.decoder_layers:
            y, w_self, w_cross = layer(y, enc.memory, causal, enc.mask)
            selfs.append(w_self)
            crosses.append(w_cross)
        return self.project(self.decoder_norm(y)), selfs, crosses

    def forward(self, src, lengths, tgt_in):
        """Training: src (B, S), lengths (B,), tgt_in (B, T) -> logits (B, T, V), like Seq2Seq.forward."""
        return self.decode(tgt_in, self.encode(src, lengths))[0]

    def cross_attention(self, src, lengths, tgt_in) -> torch.Tensor:
        """Teacher-forced last-layer cross-attention averaged over heads (B, T, S): what AER scores."""
        return self.decode(tgt_in, self.encode(src, lengths))[2][-1].mean(1)

    # ---- fast path (prepare, max_len and translate: model.TextSide) -------------------------------
    @torch.inference_mode()
    def translate_ids(self, batch: list[list[int]], max_len: int | None = None) -> list[list[str]]:
        """Greedy outputs for a batch; each row keeps the length cap it has alone (as in the app)."""
        src, lengths = pad(batch)
        enc = self.encode(src, lengths)
        out = self._greedy(enc, max_len or self.max_len(int(lengths.max())))  # (B, 1 + T)
        return self.outputs(out[:, 1:].tolist(), batch, max_len)

    def _greedy(self, enc: Encoded, max_len: int, generator=None, temperature: float = 1.0):
        """-> ids (B, 1 + T): <sos> then each step's pick (argmax, or a sample when `generator` is given);
        each step re-reads the output so far (a cache of keys and values would only save time)."""
        ys = torch.full((enc.memory.shape[0], 1), SOS_ID, dtype=torch.long)
        done = torch.zeros(len(ys), dtype=torch.bool)
        for _ in range(max_len):
            logits = self.decode(ys, enc)[0][:, -1]  # (B, V) the newest position's prediction
            nxt = (
                logits.argmax(-1) if generator is None else search.sample_next(logits, temperature, generator)
            )
            nxt = nxt.masked_fill(done, PAD_ID)
            ys = torch.cat([ys, nxt.unsqueeze(1)], dim=1)
            done |= nxt == EOS_ID
            if bool(done.all()):
                break
        return ys

    # ---- explained path -------------------------------------------------------------------------
    @torch.inference_mode()
    def trace(
        self,
        text: str,
        decode: str = "greedy",
        beam: int = 4,
        temperature: float = 1.0,
        seed: int = 0,
        reference: str | None = None,
        topk: int = 5,
        pin: dict | None = None,
        observers: Sequence = (),
    ) -> TransformerTrace:
        """Decode one input, then replay the output in one pass to collect every attention map.

        decode: "greedy" | "sample" (`temperature`, `seed`); beam search is the RNN models' (its tree
        view follows their decoder state). reference: teacher forcing, as in Seq2Seq.trace. `pin` and
        `observers` exist for the same call signature as Seq2Seq.trace; pinning is refused, observers
        (the RNN's encoder layers and decoder steps) have nothing to see yet.
        """
        if decode not in ("greedy", "sample"):
            raise InputError("transformer_decode", "the Transformer decodes greedily or by sampling")
        if pin:  # pinning one step's attention (the Attention page's what-if) is defined for one attention
            raise InputError("bad_pin", "pinned attention is for the RNN models (one attention per step)")
        temperature = float(min(max(temperature, search.MIN_TEMPERATURE), search.MAX_TEMPERATURE))
        norm, source, src = self.prepare(text)
        enc = self.encode(src, torch.tensor([src.shape[1]]))
        max_len = self.max_len(src.shape[1])
        if reference is not None:
            _, ref_ids, _ = prepare(reference, self.cfg.tgt_tokenizer, self.tgt_vocab, max_tokens=max_len)
            ys, mode = torch.tensor([[SOS_ID] + ref_ids + [EOS_ID]]), "forced"
        else:
            generator = torch.Generator().manual_seed(int(seed)) if decode == "sample" else None
            ys, mode = self._greedy(enc, max_len, generator, temperature), decode
        tgt_in, out_ids = ys[:, :-1], ys[0, 1:].tolist()  # step t reads tgt_in[t], outputs out_ids[t]
        logits, selfs, crosses = self.decode(tgt_in, enc)
        logits = logits[0]  # (T, V)
        probs = torch.softmax(logits, dim=-1)
        k = min(topk, self.cfg.tgt_vocab_size)
        top_p, top_i = probs.topk(k, dim=-1)  # (T, K)
        itos = self.tgt_vocab.itos
        shown = top_i[:, 0].tolist() if mode == "forced" else out_ids  # forced: what it would have said
        shown = shown[: shown.index(EOS_ID)] if EOS_ID in shown else shown
        out = tuple(itos[i] for i in shown)
        return TransformerTrace(
            model=self.name,
            config=self.cfg.to_dict(),
            text=norm,
            source=source,
            positions=_np(positions(src.shape[1], self.cfg.d_model)),
            embeddings=_np(self.src_embed(src)[0] * math.sqrt(self.cfg.d_model)),
            encoder_self=_np(torch.stack([w[0] for w in enc.weights])),
            decoder_self=_np(torch.stack([w[0] for w in selfs])),
            cross=_np(torch.stack([w[0] for w in crosses])),
            input_tokens=tuple(itos[i] for i in tgt_in[0].tolist()),
            step_tokens=tuple(itos[i] for i in out_ids),
            output_ids=np.asarray(out_ids, dtype=np.int64),
            logits=_np(logits),
            topk_tokens=tuple(tuple(itos[i] for i in row) for row in top_i.tolist()),
            topk_probs=_np(top_p),
            decode=mode,
            output_tokens=out,
            output_text=detokenize(list(out), self.cfg.tgt_tokenizer),
        )


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().to(torch.float32).numpy().copy()
