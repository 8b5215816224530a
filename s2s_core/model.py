"""Seq2Seq: encoder + decoder, and the two ways to run them.

  translate()  the fast path (torch's fused kernels), for training, evaluation and batch use
  trace()      the explained path (our explicit cells), returning a Trace with every number a view shows

Follow "I love you" through `trace`: text -> tokens (text.prepare) -> encoder states and context vector
(Encoder.trace) -> decoder steps, each fed its previous output (Decoder.step) -> "나는 너를 사랑해".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields

import numpy as np
import torch
from torch import nn

from . import search
from .attention import ATTENTIONS
from .cells import CELLS
from .decoder import Decoder
from .encoder import Encoder
from .text import EOS_ID, SOS_ID, TOKENIZERS, InputError, Vocab, detokenize, normalize, prepare, tokenize
from .trace import ContextTrace, DecoderTrace, EncoderTrace, LayerTrace, TokenInfo, Trace

# Bounds a config must respect (checked before any tensor of a checkpoint is allocated).
LIMITS = {
    "layers": (1, 4),
    "embed": (1, 512),
    "hidden": (1, 512),
    "vocab": (5, 20000),
    "max_output": (1, 200),
    "src_features": (0, 1024),
}


class ConfigDict:
    """What every model config does with its dict form (a checkpoint's metadata): a dataclass mixin."""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict):
        """Build and validate a config from untrusted data (a checkpoint's metadata, a CLI flag)."""
        cfg = cls(**check_fields(cls, d))
        cfg.validate()
        return cfg


@dataclass(frozen=True)
class ModelConfig(ConfigDict):
    task: str  # which generator made the data: "en-ko", "dates", ...
    src_tokenizer: str  # how input text is split (text.TOKENIZERS)
    tgt_tokenizer: str  # how output tokens are joined back
    src_vocab_size: int
    tgt_vocab_size: int
    cell: str = "gru"  # "rnn" | "lstm" | "gru"
    bidirectional: bool = True  # encoder reads both ways
    layers: int = 2  # stacked layers in encoder and decoder (1..4)
    attention: str = "additive"  # "none" | "additive" | "dot" | "general"
    embed: int = 64  # embedding size E
    hidden: int = 128  # hidden size H of every layer (and of the context vector)
    dropout: float = 0.1  # on embeddings during training only
    max_output: int = 60  # hard cap on decoder steps
    src_features: int = 0  # F > 0: the source is frames of F values (s2s_core/frames.py), not token ids

    def to_dict(self) -> dict:
        """Without `src_features` when it is 0, so the text models' checkpoints stay byte-identical."""
        d = asdict(self)
        if not d["src_features"]:
            del d["src_features"]
        return d

    @property
    def name(self) -> str:
        """Registry name, e.g. "en-ko/gru-bi-2l-additive"."""
        return (
            f"{self.task}/{self.cell}-{'bi' if self.bidirectional else 'uni'}-{self.layers}l-{self.attention}"
        )

    def validate(self) -> None:
        def within(value, key, label):
            lo, hi = LIMITS[key]
            if not lo <= value <= hi:
                raise ValueError(f"{label} = {value} is outside {lo}..{hi}")

        if self.cell not in CELLS:
            raise ValueError(f"cell must be one of {CELLS}")
        if self.attention not in ATTENTIONS:
            raise ValueError(f"attention must be one of {ATTENTIONS}")
        for tok in (self.src_tokenizer, self.tgt_tokenizer):
            if tok not in TOKENIZERS:
                raise ValueError(f"tokenizer must be one of {TOKENIZERS}")
        within(self.layers, "layers", "layers")
        within(self.embed, "embed", "embed")
        within(self.hidden, "hidden", "hidden")
        within(self.src_vocab_size, "vocab", "src_vocab_size")
        within(self.tgt_vocab_size, "vocab", "tgt_vocab_size")
        within(self.max_output, "max_output", "max_output")
        within(self.src_features, "src_features", "src_features")
        from .frames import FRAMES

        if FRAMES.get(self.src_tokenizer, 0) != self.src_features:
            raise ValueError(
                f"src_features must be {FRAMES.get(self.src_tokenizer, 0)} for {self.src_tokenizer!r}"
            )
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError("dropout must be in [0, 1)")


def check_fields(cls, d) -> dict:
    """`d` (untrusted JSON) as keyword arguments of the dataclass `cls`: only its fields, each of its type
    (a bool is not an int here, although Python says it is)."""
    if not isinstance(d, dict):
        raise ValueError("config must be a JSON object")
    known = {f.name: f for f in fields(cls)}
    unknown = set(d) - set(known)
    if unknown:
        raise ValueError(f"unknown config fields: {sorted(unknown)}")
    types = {"str": str, "int": int, "bool": bool, "float": (int, float)}
    for key, value in d.items():
        want = types[known[key].type]
        if isinstance(value, bool) and want is not bool or not isinstance(value, want):
            raise ValueError(f"config field {key!r} must be {known[key].type}")
    return d


Observer = Callable[[str, dict], None]


class TextSide:
    """What every model of this package does with text, around its own `translate_ids`: input to ids,
    the output length cap, batches of many inputs. A mixin of Seq2Seq and Transformer (both have `cfg`,
    `src_vocab`, `tgt_vocab`)."""

    @property
    def name(self) -> str:
        return self.cfg.name

    def prepare(self, text: str):
        """User text -> (normalized text, TokenInfo, ids tensor (1, S), or frames (1, S, F) for a model that
        reads frames); InputError on bad input."""
        if getattr(self.cfg, "src_features", 0):
            from .frames import frames, labels

            data = frames(text, self.cfg.src_tokenizer)  # (S, F)
            info = TokenInfo(
                tuple(labels(len(data))), np.arange(len(data), dtype=np.int64), (False,) * len(data)
            )
            return normalize(text), info, torch.from_numpy(data).unsqueeze(0)
        tokens, ids, unknown = prepare(text, self.cfg.src_tokenizer, self.src_vocab)
        info = TokenInfo(tuple(tokens), np.asarray(ids, dtype=np.int64), tuple(unknown))
        return " ".join(tokens), info, torch.tensor([ids])

    def source_ids(self, text: str) -> list:
        """A valid input as the encoder's rows: token ids, or for a frame model its frames (each (F,))."""
        if getattr(self.cfg, "src_features", 0):
            from .frames import frames

            return list(frames(text, self.cfg.src_tokenizer))
        return self.src_vocab.encode(tokenize(text, self.cfg.src_tokenizer))

    def max_len(self, src_len: int) -> int:
        return min(self.cfg.max_output, 2 * src_len + 10)

    @torch.inference_mode()
    def translate(self, texts: Sequence[str], max_len: int | None = None) -> list[list[str]]:
        """Greedy outputs for many inputs at once (tokens, without <eos>). Inputs must be valid."""
        batch = [self.source_ids(t) or [EOS_ID] for t in texts]
        return self.translate_ids(batch, max_len)

    def outputs(self, rows: list[list[int]], batch: list[list[int]], max_len: int | None) -> list[list[str]]:
        """Each decoded row cut at the cap it has alone (the app's, not the one of the batch's longest
        input) and at its <eos>, as tokens."""
        caps = [max_len or self.max_len(len(ids)) for ids in batch]
        out = []
        for row, cap in zip(rows, caps):
            row = row[:cap]
            out.append(self.tgt_vocab.decode(row[: row.index(EOS_ID)] if EOS_ID in row else row))
        return out


def pad(batch: list[list]) -> tuple[torch.Tensor, torch.Tensor]:
    """Id lists -> src (B, S) padded with <pad> = 0, lengths (B,); lists of frames (each (F,)) -> src
    (B, S, F) float, padded with zero frames (the encoder masks by length)."""
    lengths = torch.tensor([len(ids) for ids in batch])
    if isinstance(batch[0][0], np.ndarray):
        src = torch.zeros(len(batch), int(lengths.max()), len(batch[0][0]))
        for row, rows in enumerate(batch):
            src[row, : len(rows)] = torch.from_numpy(np.stack(rows))
        return src, lengths
    src = torch.zeros(len(batch), int(lengths.max()), dtype=torch.long)
    for row, ids in enumerate(batch):
        src[row, : len(ids)] = torch.tensor(ids)
    return src, lengths


class Seq2Seq(TextSide, nn.Module):
    def __init__(self, cfg: ModelConfig, src_vocab: Vocab, tgt_vocab: Vocab):
        super().__init__()
        if len(src_vocab) != cfg.src_vocab_size or len(tgt_vocab) != cfg.tgt_vocab_size:
            raise ValueError("vocabulary sizes do not match the config")
        self.cfg, self.src_vocab, self.tgt_vocab = cfg, src_vocab, tgt_vocab
        self.encoder = Encoder(cfg)
        self.decoder = Decoder(cfg)

    def forward(self, src, lengths, tgt_in):
        """Training: src (B, S), lengths (B,), tgt_in (B, T) -> logits (B, T, V) under teacher forcing."""
        return self.decoder(tgt_in, self.encoder(src, lengths))

    def encode_ids(self, tokens: Sequence[str]) -> list[int]:
        return self.src_vocab.encode(list(tokens))

    # ---- fast path ------------------------------------------------------------------------------
    @torch.inference_mode()
    def translate_ids(self, batch: list[list[int]], max_len: int | None = None) -> list[list[str]]:
        src, lengths = pad(batch)
        enc = self.encoder(src, lengths)
        out = search.greedy(self, enc, max_len or self.max_len(int(lengths.max())))
        return self.outputs(out.tolist(), batch, max_len)

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
        pin: dict[int, Sequence[float]] | None = None,
        observers: Sequence[Observer] = (),
    ) -> Trace:
        """Run one input through the explicit cells and return everything a view shows.

        decode: "greedy" | "beam" (width `beam`, tree kept) | "sample" (`temperature`, `seed`).
        reference: target text; when given, the decoder is fed the reference (teacher forcing) and the
            Trace records what it would have predicted at each step (decode becomes "forced").
        pin: {step: weights (S,)} replaces the attention weights of those steps (what-if).
        observers: per-call callbacks fn(event, data) for "encoder_layer" and "decoder_step"; they see
            only this call's data, so concurrent sessions sharing one model never mix (no global hooks).
        """
        if decode not in search.DECODES:
            raise InputError("bad_decode", f"decode must be one of {search.DECODES}")
        beam = int(min(max(beam, 1), search.MAX_BEAM))
        temperature = float(min(max(temperature, search.MIN_TEMPERATURE), search.MAX_TEMPERATURE))
        norm, source, src = self.prepare(text)
        enc, emb, runs = self.encoder.trace(src)
        layers = tuple(
            LayerTrace(
                r.layer,
                r.direction,
                _np(r.states[0]),
                _opt(r.cells, 0),
                {k: _np(v[0]) for k, v in r.gates.items()},
            )
            for r in runs
        )
        for lt in layers:
            for fn in observers:
                fn("encoder_layer", {"layer": lt.layer, "direction": lt.direction, "states": lt.states})
        max_len = self.max_len(src.shape[1])
        forced, tree, mode = None, None, decode
        if reference is not None:
            _, ref_ids, _ = prepare(reference, self.cfg.tgt_tokenizer, self.tgt_vocab, max_tokens=max_len)
            forced, mode = ref_ids + [EOS_ID], "forced"
        elif decode == "beam":
            forced, tree = search.beam_search(self, enc, beam, max_len, self.tgt_vocab)
        generator = torch.Generator().manual_seed(int(seed)) if decode == "sample" else None
        steps = self._decode_steps(enc, max_len, forced, generator, temperature, pin or {}, observers)
        decoder = self._decoder_trace(steps, min(topk, self.cfg.tgt_vocab_size), forced=mode == "forced")
        if mode == "forced":  # what the model predicted at each step, not the reference it was fed
            out = tuple(self.tgt_vocab.itos[i] for i in decoder.topk_ids[:, 0])
        else:
            out = decoder.output_tokens
        out = out[: out.index("<eos>")] if "<eos>" in out else out
        return Trace(
            model=self.name,
            config=self.cfg.to_dict(),
            text=norm,
            source=source,
            encoder=EncoderTrace(_np(emb[0]), layers, _np(enc.outputs[0]), _np(enc.memory[0])),
            context=self._context_trace(enc),
            decoder=decoder,
            decode=mode,
            output_tokens=tuple(out),
            output_text=detokenize(list(out), self.cfg.tgt_tokenizer),
            beam=tree,
        )

    def _decode_steps(self, enc, max_len, forced, generator, temperature, pin, observers):
        """Step the explicit decoder, each step fed the previous output (or the forced token)."""
        dec = self.decoder
        keys = dec.keys(enc)
        h, c, ctx = enc.h0, enc.c0, enc.context
        y = torch.tensor([SOS_ID])
        steps = []
        n_steps = len(forced) if forced is not None else max_len
        for t in range(n_steps):
            pinned = (
                _pinned(pin.get(t), enc.memory.shape[1]) if t in pin and dec.attention is not None else None
            )
            st = dec.step(y, h, c, ctx, enc, keys, explicit=True, pinned=pinned)
            h, c, ctx = st.h, st.c, st.context
            if forced is not None:
                nxt = torch.tensor([forced[t]])
            elif generator is not None:
                nxt = search.sample_next(st.logits, temperature, generator)
            else:
                nxt = st.logits.argmax(-1)
            steps.append((y, nxt, st))
            for fn in observers:
                fn(
                    "decoder_step",
                    {"step": t, "input_id": int(y), "output_id": int(nxt), "weights": st.weights},
                )
            y = nxt
            if forced is None and int(nxt) == EOS_ID:
                break
        return steps

    def _decoder_trace(self, steps, k: int, forced: bool) -> DecoderTrace:
        """Stack the per-step tensors of (input, output, Step) triples into the Trace's arrays."""
        itos = self.tgt_vocab.itos
        logits = torch.cat([st.logits for _, _, st in steps])  # (T, V)
        probs = torch.softmax(logits, dim=-1)
        top_p, top_i = probs.topk(k, dim=-1)  # (T, K)
        in_ids = [int(y) for y, _, _ in steps]
        out_ids = [int(n) for _, n, _ in steps]
        has_att = steps[0][2].weights is not None
        gate_names = steps[0][2].gates.keys()
        return DecoderTrace(
            input_ids=np.asarray(in_ids, dtype=np.int64),
            output_ids=np.asarray(out_ids, dtype=np.int64),
            input_tokens=tuple(itos[i] for i in in_ids),
            output_tokens=tuple(itos[i] for i in out_ids),
            embeddings=_np(torch.cat([st.embedded for _, _, st in steps])),
            states=_np(torch.stack([st.h[:, 0] for _, _, st in steps])),
            cells=_np(torch.stack([st.c[:, 0] for _, _, st in steps])) if steps[0][2].c is not None else None,
            gates={g: _np(torch.stack([st.gates[g][:, 0] for _, _, st in steps])) for g in gate_names},
            contexts=_np(torch.cat([st.context for _, _, st in steps])),
            attention_scores=_np(torch.cat([st.scores for _, _, st in steps])) if has_att else None,
            attention_weights=_np(torch.cat([st.weights for _, _, st in steps])) if has_att else None,
            logits=_np(logits),
            topk_ids=top_i.numpy().astype(np.int64),
            topk_tokens=tuple(tuple(itos[i] for i in row) for row in top_i.tolist()),
            topk_probs=_np(top_p),
            chosen_probs=_np(probs[torch.arange(len(out_ids)), torch.tensor(out_ids)]),
            forced=forced,
        )

    def _context_trace(self, enc) -> ContextTrace:
        L = self.cfg.layers
        h_n = enc.h_n[:, 0]  # (L*D, H)
        if self.cfg.bidirectional:
            fwd, bwd = h_n.view(L, 2, -1).unbind(1)
            return ContextTrace("bridge", _np(fwd), _np(bwd), _np(enc.h0[:, 0]), _opt(enc.c0, slice(None), 1))
        return ContextTrace("final", _np(h_n), None, _np(enc.h0[:, 0]), _opt(enc.c0, slice(None), 1))


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().to(torch.float32).numpy().copy()


def _opt(t, index, dim: int = 0):
    """Optional tensor -> numpy, selecting batch row 0 along `dim`."""
    if t is None:
        return None
    return _np(t[index] if dim == 0 else t.select(dim, 0))


def _pinned(weights, src_len: int) -> torch.Tensor:
    """Validate and normalize user-pinned attention weights -> (1, S)."""
    w = torch.as_tensor(np.asarray(weights, dtype=np.float32)).flatten()
    if w.shape[0] != src_len or not torch.isfinite(w).all() or (w < 0).any() or float(w.sum()) <= 0:
        raise InputError(
            "bad_pin", "pinned attention must be non-negative, finite and one value per input token"
        )
    return (w / w.sum()).unsqueeze(0)
