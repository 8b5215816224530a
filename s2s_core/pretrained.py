"""The shipped models: what is in `pretrained/`, how to load one, and how to rebuild them all.

`pretrained/manifest.json` lists every model with its config, sha256 and measured metrics. Loading checks
the sha256 first, so a corrupted or swapped file is refused. `build()` retrains the whole suite
deterministically (fixed seeds, one thread per worker) and rewrites the folder and its model card.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import torch

from . import checkpoint
from .attention import ATTENTIONS
from .cells import CELLS
from .model import Seq2Seq
from .transformer import Transformer

PRETRAINED_DIR = Path(__file__).resolve().parent.parent / "pretrained"
MANIFEST = "manifest.json"
DEFAULTS = {
    "en-ko": "en-ko/gru-bi-2l-additive",
    "ko-en": "ko-en/gru-bi-2l-additive",
    "dates": "dates/gru-bi-1l-additive",
    "reverse": "reverse/gru-bi-1l-additive",
    "copy": "copy/gru-bi-1l-additive",
    "sort": "sort/gru-bi-1l-additive",
    "sentiment": "sentiment/gru-uni-1l-none",
    "tagging": "tagging/gru-bi-1l-additive",
    "chatbot": "chatbot/gru-bi-1l-additive",
    "summarization": "summarization/gru-bi-1l-additive",
    "digits": "digits/gru-uni-1l-none",
    "digit-captioning": "digit-captioning/gru-uni-1l-none",
    "speech": "speech/gru-bi-1l-additive",
    "video-captioning": "video-captioning/gru-bi-1l-additive",
}


def read_manifest(folder: Path = PRETRAINED_DIR) -> dict:
    """{"models": {name: entry}, ...}; an empty suite when the folder has no manifest yet."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return {"models": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def is_transformer(name: str) -> bool:
    """ "en-ko/transformer-2l-4h" is one; the RNN names (cell-direction-layers-attention) are not."""
    return name.split("/", 1)[-1].startswith("transformer-")


def _shipped(task: str | None, folder: Path, transformer: bool) -> list[str]:
    models = read_manifest(folder)["models"]
    return sorted(
        n for n in models if (task is None or n.split("/")[0] == task) and is_transformer(n) == transformer
    )


def names(task: str | None = None, folder: Path = PRETRAINED_DIR) -> list[str]:
    """The shipped RNN encoder-decoders (the sidebar's grid), optionally of one task."""
    return _shipped(task, folder, transformer=False)


def transformer_names(task: str | None = None, folder: Path = PRETRAINED_DIR) -> list[str]:
    """The shipped Transformers, optionally of one task."""
    return _shipped(task, folder, transformer=True)


def tasks(folder: Path = PRETRAINED_DIR) -> list[str]:
    return sorted({n.split("/")[0] for n in names(folder=folder)})


def default_name(task: str) -> str:
    return DEFAULTS[task]


def load(name: str, folder: Path = PRETRAINED_DIR) -> Seq2Seq | Transformer:
    """Load a shipped model by name, checking its sha256 against the manifest."""
    entry = read_manifest(folder)["models"].get(name)
    if entry is None:
        raise KeyError(f"no shipped model named {name!r}; see `python -m s2s_core models`")
    return checkpoint.load(Path(folder) / entry["file"], expected_sha256=entry["sha256"])


def model_name(task: str, cell: str, bidirectional: bool, layers: int, attention: str) -> str:
    return f"{task}/{cell}-{'bi' if bidirectional else 'uni'}-{layers}l-{attention}"


def parse_name(name: str) -> dict:
    """ "en-ko/gru-bi-2l-additive" -> {"task": "en-ko", "cell": "gru", "bidirectional": True, ...}."""
    task, arch = name.split("/", 1)
    cell, direction, layers, attention = arch.split("@")[0].split("-")  # "@..." marks a session's own model
    return {
        "task": task,
        "cell": cell,
        "bidirectional": direction == "bi",
        "layers": int(layers[:-1]),
        "attention": attention,
    }


def nearest(
    task: str, cell: str, bidirectional: bool, layers: int, attention: str, folder=PRETRAINED_DIR
) -> str | None:
    """The shipped model of `task` closest to the request (fewest settings changed; attention, then
    direction, then cell, then depth matter most), or None when the task ships nothing."""
    want = {"cell": cell, "bidirectional": bidirectional, "layers": layers, "attention": attention}
    weight = {"attention": 8, "bidirectional": 4, "cell": 2, "layers": 1}

    def cost(name):
        got = parse_name(name)
        return (sum(weight[k] for k in want if got[k] != want[k]), abs(got["layers"] - layers), name)

    candidates = names(task, folder)
    return min(candidates, key=cost) if candidates else None


# ---- the suite ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spec:
    """One model of the suite: architecture and training budget."""

    task: str
    cell: str
    bidirectional: bool
    layers: int
    attention: str
    embed: int
    hidden: int
    epochs: int
    batch_size: int = 64
    lr: float = 3e-3
    seed: int = 0

    @property
    def name(self) -> str:
        return model_name(self.task, self.cell, self.bidirectional, self.layers, self.attention)

    @property
    def cost(self) -> int:
        """Rough training work, to start the longest builds first."""
        return self.layers * self.hidden * self.epochs * (2 if self.bidirectional else 1)


@dataclass(frozen=True)
class TransformerSpec:
    """The Transformer of the suite (en-ko, the same data and test split as the RNNs)."""

    task: str
    layers: int
    heads: int
    d_model: int
    d_ff: int
    epochs: int
    batch_size: int = 128
    lr: float = 1e-3
    seed: int = 0

    @property
    def name(self) -> str:
        return f"{self.task}/transformer-{self.layers}l-{self.heads}h"

    @property
    def cost(self) -> int:
        return 10**9  # the longest single build: start it first


GRADIENT_HIDDEN = 64  # hidden size of reverse/{rnn,lstm,gru}-uni-1l-none (and of the lab's fresh models)


def suite() -> list[Spec | TransformerSpec]:
    """Every shipped model. en-ko covers the app's whole sidebar grid so every toggle is a real model."""
    # en-ko and ko-en: ~25k / ~42k training pairs of the wider grammar; batches of 128 train a CPU about
    # 1.4x faster per sentence than 64 (measured). The default models get hidden 96 for a safety margin
    # over the 98% target (hidden 64 reached 98.9%); the grid keeps 64 so cells compare at one size.
    # en-ko stops at 14 epochs (early stopping ends most sooner): at 20 the 54 models took 58 min.
    specs = []
    for cell in CELLS:
        for bi in (False, True):
            for layers in (1, 2):
                for att in ATTENTIONS:
                    hidden = 96 if (cell, bi, layers, att) == ("gru", True, 2, "additive") else 64
                    specs.append(Spec("en-ko", cell, bi, layers, att, 32, hidden, epochs=14, batch_size=128))
        for layers in (3, 4):
            specs.append(Spec("en-ko", cell, True, layers, "additive", 32, 64, epochs=14, batch_size=128))
    for bi in (False, True):
        for att in ("none", "additive"):
            specs.append(Spec("ko-en", "gru", bi, 2, att, 32, 96, epochs=20, batch_size=128))
    for bi in (False, True):
        for att in ("none", "additive"):
            specs.append(Spec("dates", "gru", bi, 1, att, 32, 96, epochs=10))
    for att in ("none", "additive"):
        specs.append(Spec("reverse", "gru", True, 1, att, 32, 128, epochs=12))
    # the cells & gradients lab: one plain encoder per cell, same size, to compare gradient flow on
    for cell in CELLS:
        specs.append(Spec("reverse", cell, False, 1, "none", 32, GRADIENT_HIDDEN, epochs=10))
    specs.append(Spec("copy", "gru", True, 1, "additive", 32, 96, epochs=8))
    specs.append(Spec("sort", "gru", True, 1, "additive", 32, 96, epochs=10))
    # The note's other rows (issue 11). sentiment: many-to-one in its plainest form, a left-to-right encoder
    # whose last state alone gives the one output token (so "the prediction after each word" is the model
    # run on each prefix); tagging, chatbot, summarization: the default encoder-decoder with attention.
    specs.append(Spec("sentiment", "gru", False, 1, "none", 32, 64, epochs=8))
    specs.append(Spec("tagging", "gru", True, 1, "additive", 32, 64, epochs=8))
    specs.append(Spec("chatbot", "gru", True, 1, "additive", 32, 96, epochs=12))
    specs.append(Spec("summarization", "gru", True, 1, "additive", 32, 64, epochs=8))
    # one-to-one and one-to-many: one frame (the 8x8 image) in; the decoder starts from its encoding
    specs.append(Spec("digits", "gru", False, 1, "none", 64, 128, epochs=10))
    specs.append(Spec("digit-captioning", "gru", False, 1, "none", 64, 128, epochs=12))
    # the applications on synthetic frames: attention over time (where a letter is said, how a shape moves)
    specs.append(Spec("speech", "gru", True, 1, "additive", 32, 96, epochs=12))
    specs.append(Spec("video-captioning", "gru", True, 1, "additive", 64, 64, epochs=8))
    specs.append(TRANSFORMER)
    return specs


# The Transformer page's model: 2+2 layers, 4 heads, d_model 64; lr 2e-3 reached 99.8% held-out in 8 epochs
# (151 s), 1e-3 99.5% in 11 (measured)
TRANSFORMER = TransformerSpec("en-ko", layers=2, heads=4, d_model=64, d_ff=256, epochs=20, lr=2e-3)


def train_spec(spec: Spec | TransformerSpec) -> tuple[Seq2Seq | Transformer, dict]:
    """Train one model of the suite and measure it on its held-out test split."""
    from .train import TrainConfig, alignment_error_rate, evaluate, new_model, new_transformer, train

    torch.set_num_threads(1)
    if isinstance(spec, TransformerSpec):
        arch = dict(layers=spec.layers, heads=spec.heads, d_model=spec.d_model, d_ff=spec.d_ff)
        model, splits = new_transformer(spec.task, seed=spec.seed, **arch)
    else:
        arch = dict(
            cell=spec.cell, bidirectional=spec.bidirectional, layers=spec.layers, attention=spec.attention
        )
        model, splits = new_model(spec.task, seed=spec.seed, embed=spec.embed, hidden=spec.hidden, **arch)
    tc = TrainConfig(epochs=spec.epochs, batch_size=spec.batch_size, lr=spec.lr, seed=spec.seed)
    result = train(model, splits, tc)
    metrics = evaluate(model, splits.test)
    aer = alignment_error_rate(model, splits.test)
    metrics.update(
        aer=aer,
        params=sum(p.numel() for p in model.parameters()),
        train_seconds=round(result.seconds, 1),
        epochs=len(result.history),
        stopped=result.stopped,
        best_valid=result.best_valid,
    )
    if spec.task == "reverse":
        metrics["by_length"] = exact_by_length(model, splits.test)
    return model, metrics


def exact_by_length(model: Seq2Seq, pairs) -> dict[str, float]:
    """Exact match per input length (the bottleneck curve of Bahdanau et al. 2015, Fig. 2)."""
    from .text import tokenize
    from .train import evaluate

    groups: dict[int, list] = {}
    for p in pairs:
        groups.setdefault(len(tokenize(p.src, model.cfg.src_tokenizer)), []).append(p)
    return {str(n): round(evaluate(model, groups[n])["exact_match"], 4) for n in sorted(groups)}


def _build_one(args) -> tuple[str, dict]:
    spec, folder = args
    model, metrics = train_spec(spec)
    file = spec.name.replace("/", "__") + ".safetensors"
    digest = checkpoint.save(model, Path(folder) / file)
    metrics["bytes"] = (Path(folder) / file).stat().st_size
    entry = {"file": file, "sha256": digest, "config": model.cfg.to_dict(), "metrics": metrics}
    print(f"  {spec.name}: exact {metrics['exact_match']:.3f}  {metrics['train_seconds']} s", flush=True)
    return spec.name, entry


def build(folder: Path = PRETRAINED_DIR, jobs: int = 2, only: str | None = None) -> dict:
    """Retrain the suite into `folder` (manifest + model card). `only` filters names by prefix."""
    import multiprocessing as mp

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    specs = [s for s in suite() if only is None or s.name.startswith(only)]
    # longest first, so two workers finish together
    specs.sort(key=lambda s: -s.cost)
    start = time.perf_counter()
    ctx = mp.get_context("fork")
    with ctx.Pool(jobs) as pool:
        built = dict(pool.imap_unordered(_build_one, [(s, folder) for s in specs]))
    manifest = read_manifest(folder) if only else {"models": {}}
    manifest["models"].update(built)
    manifest["models"] = dict(sorted(manifest["models"].items()))
    manifest["defaults"] = DEFAULTS
    seconds = round(time.perf_counter() - start, 1)
    if only:  # a partial rebuild records its own time; the card lists each part
        manifest.setdefault("build_seconds_by_part", {})[only] = seconds
    else:
        manifest["build_seconds"] = seconds
        manifest.pop("build_seconds_by_part", None)
    (folder / MANIFEST).write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    from .model_card import write_card

    write_card(folder, manifest)
    return manifest
