"""Checkpoints: safetensors files with the config and vocabularies as JSON metadata.

A checkpoint is untrusted input (a user may upload one), so `load` validates everything it can from
the header alone -- size, JSON, config bounds, vocabularies, tensor names, dtypes, shapes and offsets --
before a single weight is allocated, and it never unpickles anything (no torch.load).
"""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

import torch
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save
from torch.overrides import TorchFunctionMode

from .model import ModelConfig, Seq2Seq
from .text import Vocab
from .transformer import ARCH, Transformer, TransformerConfig

FORMAT = "s2s-explainer/1"
MAX_FILE_BYTES = 64 << 20  # far above any model we ship (hidden <= 512 keeps them small)
MAX_HEADER_BYTES = 1 << 20  # a header is a few KB; a larger one is an attack or a mistake


class CheckpointError(ValueError):
    """The file is not a valid checkpoint; the message says why, in one line."""


def build_model(cfg, src: Vocab, tgt: Vocab) -> Seq2Seq | Transformer:
    """The model a config describes: a Transformer when it says arch "transformer", else an RNN Seq2Seq."""
    return (Transformer if isinstance(cfg, TransformerConfig) else Seq2Seq)(cfg, src, tgt)


def save(model: Seq2Seq, path: str | Path, **extra: str) -> str:
    """Write `model` as safetensors; returns the file's sha256."""
    Path(path).write_bytes(to_bytes(model, **extra))
    return sha256(path)


def to_bytes(model: Seq2Seq, **extra: str) -> bytes:
    """The safetensors file of `model` as bytes (a download; nothing touches the disk)."""
    meta = {
        "format": FORMAT,
        "config": json.dumps(model.cfg.to_dict()),
        "src_vocab": json.dumps(list(model.src_vocab.itos), ensure_ascii=False),
        "tgt_vocab": json.dumps(list(model.tgt_vocab.itos), ensure_ascii=False),
        **{k: str(v) for k, v in extra.items()},
    }
    tensors = {k: v.detach().contiguous().clone() for k, v in model.state_dict().items()}
    return canonical(st_save(tensors, metadata=meta))


def canonical(data: bytes) -> bytes:
    """The same safetensors file with its JSON header keys sorted.

    The safetensors writer orders metadata by a per-process hash, so identical weights could give
    different bytes (and sha256) from one build to the next; sorted keys make the file reproducible.
    """
    (n,) = struct.unpack("<Q", data[:8])
    header = json.dumps(json.loads(data[8 : 8 + n]), sort_keys=True, separators=(",", ":")).encode()
    header += b" " * (-len(header) % 8)  # keep the tensor data 8-byte aligned, as safetensors does
    return struct.pack("<Q", len(header)) + header + data[8 + n :]


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_header(data: bytes) -> tuple[dict, dict]:
    """Parse and check the safetensors header. Returns (tensor entries, metadata)."""
    if len(data) < 8:
        raise CheckpointError("file too short to be safetensors")
    (n,) = struct.unpack("<Q", data[:8])
    # A safetensors file is <u64 header length> then "{"; the header length's first byte may be 0x80,
    # so only call it pickle (0x80 + protocol) or a torch zip ("PK\3\4") when no "{" follows.
    if data[8:9] != b"{" and (data[:1] == b"\x80" and 2 <= data[1] <= 5 or data[:4] == b"PK\x03\x04"):
        raise CheckpointError(
            "this looks like a pickle / PyTorch .pt file; only safetensors files are accepted"
        )
    if n > MAX_HEADER_BYTES:
        raise CheckpointError(f"header of {n} bytes is larger than the {MAX_HEADER_BYTES}-byte limit")
    if 8 + n > len(data):
        raise CheckpointError("file is truncated (header runs past the end)")
    try:
        header = json.loads(data[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CheckpointError("header is not valid JSON; not a safetensors file") from None
    if not isinstance(header, dict):
        raise CheckpointError("header is not a JSON object")
    meta = header.pop("__metadata__", None)
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise CheckpointError("missing or malformed metadata (needs format, config and vocabularies)")
    return header, meta


def read_config(meta: dict) -> tuple[ModelConfig | TransformerConfig, Vocab, Vocab]:
    """Config and vocabularies from metadata, every bound checked."""
    if meta.get("format") != FORMAT:
        raise CheckpointError(f"unknown format {meta.get('format')!r}; expected {FORMAT!r}")
    try:
        raw = json.loads(meta["config"])
        kind = TransformerConfig if isinstance(raw, dict) and raw.get("arch") == ARCH else ModelConfig
        cfg = kind.from_dict(raw)
        vocabs = [Vocab(tuple(_string_list(json.loads(meta[k])))) for k in ("src_vocab", "tgt_vocab")]
    except KeyError as e:
        raise CheckpointError(f"metadata lacks {e.args[0]!r}") from None
    except (ValueError, TypeError) as e:
        raise CheckpointError(f"bad config or vocabulary: {e}") from None
    if (len(vocabs[0]), len(vocabs[1])) != (cfg.src_vocab_size, cfg.tgt_vocab_size):
        raise CheckpointError("vocabulary sizes do not match the config")
    return cfg, vocabs[0], vocabs[1]


def _string_list(x) -> list[str]:
    if not isinstance(x, list) or not all(isinstance(t, str) for t in x):
        raise ValueError("a vocabulary must be a JSON list of strings")
    return x


def expected_shapes(cfg: ModelConfig, src: Vocab, tgt: Vocab) -> dict[str, tuple[int, ...]]:
    """Parameter shapes of a model with this config, computed on the meta device (allocates nothing)."""
    with torch.device("meta"), _ShapesOnly():
        model = build_model(cfg, src, tgt)
    return {k: tuple(v.shape) for k, v in model.state_dict().items()}


class _ShapesOnly(TorchFunctionMode):
    """Skip random initialisation while a model is built on the meta device for its shapes: meta
    tensors' normal_ runs through torch._refs, whose first call imports torch._dynamo (2.5 s and ~100 MB
    per process, measured), and there is nothing to initialise anyway. A mode is per thread."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        if getattr(func, "__name__", "") in (
            "normal_",
            "uniform_",
            "kaiming_uniform_",
            "xavier_uniform_",
            "zero_",
        ):
            return args[0] if args else kwargs["tensor"]  # the tensor, as the in-place init would
        return func(*args, **(kwargs or {}))


def check_entries(header: dict, shapes: dict, data_len: int) -> None:
    """Every tensor present, float32, of the right shape, with offsets that tile the data exactly."""
    if set(header) != set(shapes):
        missing, extra = sorted(set(shapes) - set(header)), sorted(set(header) - set(shapes))
        raise CheckpointError(
            f"tensor names do not match the config (missing {missing[:3]}, unexpected {extra[:3]})"
        )
    spans = []
    for name, entry in header.items():
        if not isinstance(entry, dict) or entry.get("dtype") != "F32":
            raise CheckpointError(f"tensor {name!r} must be float32")
        if tuple(entry.get("shape", ())) != shapes[name]:
            raise CheckpointError(
                f"tensor {name!r} has shape {entry.get('shape')}, expected {list(shapes[name])}"
            )
        begin, end = entry.get("data_offsets", (None, None))
        numel = 1
        for d in shapes[name]:
            numel *= d
        if not isinstance(begin, int) or not isinstance(end, int) or end - begin != 4 * numel:
            raise CheckpointError(f"tensor {name!r} has inconsistent data offsets")
        spans.append((begin, end))
    spans.sort()
    pos = 0
    for begin, end in spans:
        if begin != pos:
            raise CheckpointError("tensor data overlaps or leaves gaps")
        pos = end
    if pos != data_len:
        raise CheckpointError("file is truncated or has trailing bytes")


def inspect(path: str | Path) -> tuple[ModelConfig, Vocab, Vocab, dict]:
    """Validate a checkpoint without loading weights. Returns (config, src vocab, tgt vocab, metadata)."""
    data = _read(path)
    header, meta = read_header(data)
    cfg, src, tgt = read_config(meta)
    check_entries(header, expected_shapes(cfg, src, tgt), len(data) - 8 - struct.unpack("<Q", data[:8])[0])
    return cfg, src, tgt, meta


def load(path: str | Path, expected_sha256: str | None = None) -> Seq2Seq:
    """Validated load: header checks first, then weights (finite), then strict load_state_dict."""
    data = _read(path)
    if expected_sha256 is not None and hashlib.sha256(data).hexdigest() != expected_sha256:
        raise CheckpointError(f"{Path(path).name}: sha256 does not match the manifest")
    return load_bytes(data)


def load_bytes(data: bytes) -> Seq2Seq:
    header, meta = read_header(data)
    cfg, src, tgt = read_config(meta)
    check_entries(header, expected_shapes(cfg, src, tgt), len(data) - 8 - struct.unpack("<Q", data[:8])[0])
    try:
        tensors = st_load(data)
    except Exception as e:  # the safetensors parser has its own checks; report them in one line
        raise CheckpointError(f"safetensors could not read the file: {e}") from None
    for name, t in tensors.items():
        if not torch.isfinite(t).all():
            raise CheckpointError(f"tensor {name!r} has NaN or infinite values")
    model = build_model(cfg, src, tgt)
    model.load_state_dict(tensors, strict=True)
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def _read(path: str | Path) -> bytes:
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise CheckpointError(f"{path.name}: {size} bytes is larger than the {MAX_FILE_BYTES}-byte limit")
    return path.read_bytes()
