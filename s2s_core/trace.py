"""The Trace: everything a view shows, returned by one forward pass.

A Trace is immutable and holds plain numpy float32 arrays (ids are int64), so it can be cached,
shared between Streamlit sessions, turned into JSON and tested without a model. Shapes use:
  S = source length (tokens, no <sos>/<eos>)     T = number of decoder steps (output tokens incl. <eos>)
  L = layers    D = directions (1 or 2)    H = hidden size    E = embedding size
  K = top-k candidates kept per step    V = target vocabulary size
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass

import numpy as np


@dataclass(frozen=True)
class TokenInfo:
    """One side's tokens. `unknown[i]` is True where the word was not in the vocabulary (-> <unk>)."""

    tokens: tuple[str, ...]  # as the user typed them (after normalization/tokenization)
    ids: np.ndarray  # (S,) int64
    unknown: tuple[bool, ...]  # (S,)

    @property
    def shown(self) -> tuple[str, ...]:
        """Tokens as the model sees them: unknown words replaced by <unk>."""
        return tuple("<unk>" if u else t for t, u in zip(self.tokens, self.unknown))


@dataclass(frozen=True)
class LayerTrace:
    """One encoder layer in one direction. Time index is always source order (0..S-1),
    also for the backward direction (which *computes* from S-1 down to 0)."""

    layer: int  # 0-based
    direction: str  # "forward" | "backward"
    states: np.ndarray  # (S, H) hidden state h_t
    cells: np.ndarray | None  # (S, H) LSTM cell state c_t, else None
    gates: dict  # name -> (S, H); LSTM: i f g o, GRU: r z n, RNN: {}


@dataclass(frozen=True)
class EncoderTrace:
    embeddings: np.ndarray  # (S, E)
    layers: tuple[LayerTrace, ...]  # L*D entries, ordered (layer 0 fwd, layer 0 bwd, layer 1 fwd, ...)
    outputs: np.ndarray  # (S, D*H) top layer, directions concatenated
    memory: np.ndarray  # (S, H) what attention looks at (outputs projected to H when D == 2)

    def layer(self, layer: int, direction: str = "forward") -> LayerTrace:
        for lt in self.layers:
            if lt.layer == layer and lt.direction == direction:
                return lt
        raise KeyError((layer, direction))


@dataclass(frozen=True)
class ContextTrace:
    """The fixed-length context vector and how it was formed.

    recipe: "final" (unidirectional: the last hidden state of each layer) or
            "bridge" (bidirectional: tanh(W [h_fwd(S-1); h_bwd(0)] + b) per layer).
    """

    recipe: str
    final_forward: np.ndarray  # (L, H) last forward state of each layer
    final_backward: np.ndarray | None  # (L, H) backward state at t=0 of each layer, if D == 2
    vectors: np.ndarray  # (L, H) decoder's initial hidden state per layer = the context vector
    cell: np.ndarray | None  # (L, H) decoder's initial LSTM cell state, else None

    @property
    def vector(self) -> np.ndarray:
        """(H,) the top layer's context vector: the one the seed calls "Context Vector"."""
        return self.vectors[-1]


@dataclass(frozen=True)
class BeamNode:
    node: int  # index in BeamTree.nodes
    parent: int  # -1 for the root
    step: int  # 0 for the root (<sos>), then 1..T
    token: str
    token_id: int
    log_prob: float  # this token's log-probability
    score: float  # cumulative log-probability of the path to here
    finished: bool  # ended with <eos>
    pruned: bool  # fell out of the beam (not expanded further)


@dataclass(frozen=True)
class BeamTree:
    width: int
    nodes: tuple[BeamNode, ...]
    best: tuple[int, ...]  # node indices of the chosen path, root first


@dataclass(frozen=True)
class DecoderTrace:
    """Step t feeds `input_ids[t]` (the previous output, or <sos>; under teacher forcing the reference)
    and produces `output_ids[t]`."""

    input_ids: np.ndarray  # (T,) int64
    output_ids: np.ndarray  # (T,) int64
    input_tokens: tuple[str, ...]  # (T,)
    output_tokens: tuple[str, ...]  # (T,) may end with <eos>
    embeddings: np.ndarray  # (T, E) embedding of input token
    states: np.ndarray  # (T, L, H) hidden state after the step
    cells: np.ndarray | None  # (T, L, H) LSTM cell state
    gates: dict  # name -> (T, L, H)
    contexts: (
        np.ndarray
    )  # (T, H) c_t from the query s_t (or the fixed vector): used for output t, fed into step t+1
    attention_scores: np.ndarray | None  # (T, S) raw scores before softmax (None without attention)
    attention_weights: np.ndarray | None  # (T, S) softmax(scores), rows sum to 1
    logits: np.ndarray  # (T, V)
    topk_ids: np.ndarray  # (T, K) int64, most probable first
    topk_tokens: tuple[tuple[str, ...], ...]  # (T, K)
    topk_probs: np.ndarray  # (T, K)
    chosen_probs: np.ndarray  # (T,) probability of the token that was output
    forced: bool  # True when inputs came from a reference (teacher forcing)


@dataclass(frozen=True)
class Trace:
    model: str  # model name, e.g. "en-ko/gru-bi-2l-additive"
    config: dict  # ModelConfig as a dict
    text: str  # normalized input text
    source: TokenInfo
    encoder: EncoderTrace
    context: ContextTrace
    decoder: DecoderTrace
    decode: str  # "greedy" | "beam" | "sample" | "forced"
    output_tokens: tuple[str, ...]  # without <eos>
    output_text: str
    beam: BeamTree | None = None
    extras: dict = field(default_factory=dict)

    @property
    def attention(self) -> np.ndarray | None:
        """(T', S) attention for the shown output tokens (the <eos> step dropped), or None."""
        w = self.decoder.attention_weights
        return None if w is None else w[: len(self.output_tokens)]

    @property
    def score(self) -> float:
        """The output's log-probability under the model: the sum over decoder steps of
        log softmax(logits_t)[output_t], <eos> included (what beam search maximises)."""
        return log_probability(self.decoder.logits, self.decoder.output_ids)

    def to_dict(self) -> dict:
        """JSON-ready nested dict (arrays become lists)."""
        return _jsonable(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


@dataclass(frozen=True)
class TransformerTrace:
    """One input through the Transformer. Shapes: L layers, h heads, S input tokens, T decoder steps
    (step t reads `input_tokens[t]` and outputs `step_tokens[t]`, the last usually <eos>), d = d_model."""

    model: str  # e.g. "en-ko/transformer-2l-4h"
    config: dict  # TransformerConfig as a dict
    text: str  # normalized input text
    source: TokenInfo
    positions: np.ndarray  # (S, d) sinusoidal positional encoding added to the input's embeddings
    embeddings: np.ndarray  # (S, d) input token embeddings (scaled by sqrt(d)), before positions
    encoder_self: np.ndarray  # (L, h, S, S) encoder self-attention: row = the asking position
    decoder_self: np.ndarray  # (L, h, T, T) decoder masked self-attention (zero above the diagonal)
    cross: np.ndarray  # (L, h, T, S) decoder -> encoder attention
    input_tokens: tuple[str, ...]  # (T,) <sos> and the outputs fed back
    step_tokens: tuple[str, ...]  # (T,) what each step output
    output_ids: np.ndarray  # (T,) int64
    logits: np.ndarray  # (T, V)
    topk_tokens: tuple[tuple[str, ...], ...]  # (T, K)
    topk_probs: np.ndarray  # (T, K)
    decode: str  # "greedy" | "sample" | "forced"
    output_tokens: tuple[str, ...]  # without <eos>
    output_text: str

    @property
    def attention(self) -> np.ndarray:
        """(T', S) the last layer's cross-attention averaged over heads, for the shown output tokens:
        the one map the CLI reports, comparable with an RNN's attention."""
        return self.cross[-1].mean(axis=0)[: len(self.output_tokens)]

    @property
    def score(self) -> float:
        return log_probability(self.logits, self.output_ids)

    def to_dict(self) -> dict:
        return _jsonable(self)


def log_probability(logits: np.ndarray, ids: np.ndarray) -> float:
    """sum_t log softmax(logits_t)[ids_t] for logits (T, V), ids (T,), computed stably in float64."""
    logits = logits.astype(np.float64)
    top = logits.max(axis=1, keepdims=True)
    log_z = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))  # (T,) log-sum-exp per step
    chosen = logits[np.arange(len(logits)), ids]  # (T,)
    return float((chosen - log_z).sum())


def _jsonable(obj):
    if is_dataclass(obj):
        return {f.name: _jsonable(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, np.ndarray):
        return np.round(obj, 6).tolist() if obj.dtype.kind == "f" else obj.tolist()
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (np.floating, np.integer)):
        return obj.item()
    return obj
