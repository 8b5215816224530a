"""Training and evaluation: teacher forcing, clipping, a schedule, early stopping, and a stop button.

The loop runs on torch's fused kernels (the fast path); the explicit cells only explain. Everything is
seeded (model init, batch order) so the same seed gives the same weights, which `build-pretrained`
relies on to rebuild `pretrained/` bit for bit on the same machine.
"""

from __future__ import annotations

import copy
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import torch
from torch import nn

from .model import ModelConfig, Seq2Seq, pad
from .tasks import Pair, Splits, Task, get_task
from .text import EOS_ID, PAD_ID, SOS_ID, Vocab, tokenize

# The Train page's starting settings, also the CLI's defaults: `train --task reverse --max-len 12
# --max-seconds 30 --json` with these reaches >= 95% held-out exact match (benchmarks/bench_train.py).
PAGE_DEFAULTS = MappingProxyType(
    dict(
        cell="gru",
        bidirectional=True,
        layers=1,
        attention="additive",
        hidden=64,
        lr=1e-2,
        steps=600,
        max_len=12,
    )
)


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 40  # upper bound; early stopping usually ends sooner
    batch_size: int = 64
    lr: float = 3e-3  # Adam, peak of a cosine schedule with warm-up
    warmup: int = 100  # steps of linear warm-up: stabilizes the first updates of deep RNNs
    clip: float = 1.0  # gradient-norm clip: keeps plain RNNs from exploding
    patience: int = 4  # epochs without validation improvement before stopping
    seed: int = 0
    max_seconds: float | None = None  # wall-clock budget (a guard: the Train page's runs end by steps)
    max_steps: int | None = None  # optimizer steps budget: the same seed gives the same curve anywhere
    max_train: int | None = None  # use only the first N training pairs (tiny models in tests)
    eval_size: int = 500  # validation pairs evaluated after each epoch
    bucket: int = 20  # batches per length bucket (0: plain shuffled batches); see batches()


@dataclass
class TrainResult:
    history: list[dict] = field(default_factory=list)  # one dict per epoch: loss, valid exact, lr, seconds
    best_valid: float = 0.0
    seconds: float = 0.0
    stopped: str = "epochs"  # "epochs" | "early" | "perfect" | "time" | "steps" | "user" | "diverged"
    steps: int = 0  # optimizer steps taken


def build_vocabs(task: Task, splits: Splits) -> tuple[Vocab, Vocab]:
    """A task's vocabularies, from the training split only (test words never seen in training stay <unk>)."""
    return vocabularies(splits, task.src_tokenizer, task.tgt_tokenizer)


def vocabularies(splits: Splits, src_tokenizer: str, tgt_tokenizer: str) -> tuple[Vocab, Vocab]:
    """Both sides' vocabularies from the training split, each read with its tokenizer."""
    src = Vocab.build(tokenize(p.src, src_tokenizer) for p in splits.train)
    tgt = Vocab.build(tokenize(p.tgt, tgt_tokenizer) for p in splits.train)
    return src, tgt


@dataclass(frozen=True)
class Corpus:
    """Training data read once: the splits, both vocabularies and the training pairs as ids.

    Why: reading a task's training split (tokenizing every pair for the vocabularies, then again for the
    ids) took ~40 ms (reverse) to ~280 ms (en-ko) before a run's first step, and generating en-ko's
    sentences 1.4 s. The Train page
    keeps one Corpus per task and seed and shares it, read-only, between the runs that train on it, so a
    run starts with its first step. `new_model_for_corpus` + `train(..., data=corpus.train)` give the same
    weights as `new_model_for_pairs` + `train` on its splits.
    """

    splits: Splits
    src_tokenizer: str
    tgt_tokenizer: str
    src: Vocab
    tgt: Vocab
    train: tuple[tuple[list[int], list[int]], ...]  # per training pair: (source ids, target ids)


def read_corpus(splits: Splits, src_tokenizer: str, tgt_tokenizer: str | None = None) -> Corpus:
    """Tokenize each training pair once: the vocabularies (in order of first appearance, as
    `vocabularies`) and the ids (as `encode`) come from the same tokens."""
    tgt_tokenizer = tgt_tokenizer or src_tokenizer
    from .frames import FRAMES

    if src_tokenizer in FRAMES:
        raise ValueError("a frame task's inputs are frames, not ids: use new_model_for_pairs and train")
    src_tokens = [tokenize(p.src, src_tokenizer) for p in splits.train]
    tgt_tokens = [tokenize(p.tgt, tgt_tokenizer) for p in splits.train]
    src, tgt = Vocab.build(src_tokens), Vocab.build(tgt_tokens)
    ids = tuple((src.encode(s), tgt.encode(t)) for s, t in zip(src_tokens, tgt_tokens))
    return Corpus(splits, src_tokenizer, tgt_tokenizer, src, tgt, ids)


def new_model_for_corpus(corpus: Corpus, name: str = "own", seed: int = 0, **arch) -> Seq2Seq:
    """`new_model_for_pairs` on a Corpus's splits, without reading them again (text tokenizers only)."""
    return _seq2seq(name, corpus.src_tokenizer, corpus.tgt_tokenizer, corpus.src, corpus.tgt, seed, **arch)


def new_model(task_name: str, seed: int = 0, splits: Splits | None = None, **arch) -> tuple[Seq2Seq, Splits]:
    """A freshly initialized model for a task (deterministic in `seed`) and the data it trains on."""
    task = get_task(task_name)
    splits = splits or task.generate(seed)
    return new_model_for_pairs(
        splits, task.src_tokenizer, task.tgt_tokenizer, task_name, seed, **arch
    ), splits


def new_transformer(task_name: str, seed: int = 0, splits: Splits | None = None, **arch):
    """A freshly initialized Transformer for a task and its data (the same vocabularies an RNN gets)."""
    from .transformer import Transformer, TransformerConfig

    task = get_task(task_name)
    splits = splits or task.generate(seed)
    src, tgt = vocabularies(splits, task.src_tokenizer, task.tgt_tokenizer)
    cfg = TransformerConfig(task_name, task.src_tokenizer, task.tgt_tokenizer, len(src), len(tgt), **arch)
    cfg.validate()
    torch.manual_seed(seed)
    return Transformer(cfg, src, tgt), splits


def limit_length(splits: Splits, tokenizer: str, max_len: int) -> Splits:
    """Only the pairs whose input has at most `max_len` tokens (short sequences learn in seconds)."""

    def keep(part):
        return tuple(p for p in part if len(tokenize(p.src, tokenizer)) <= max_len)

    return Splits(keep(splits.train), keep(splits.valid), keep(splits.test))


def new_model_for_pairs(splits: Splits, src_tokenizer: str, tgt_tokenizer: str | None = None, name: str = "own",
                        seed: int = 0, **arch) -> Seq2Seq:  # fmt: skip
    """A freshly initialized model for `splits` (a task's, or a user's own pairs: task `name`), the sides
    read with the given tokenizers (the target's defaults to the source's); vocabularies from train only."""
    tgt_tokenizer = tgt_tokenizer or src_tokenizer
    src, tgt = vocabularies(splits, src_tokenizer, tgt_tokenizer)
    from .frames import FRAMES

    arch.setdefault("src_features", FRAMES.get(src_tokenizer, 0))  # a frame model's input size
    return _seq2seq(name, src_tokenizer, tgt_tokenizer, src, tgt, seed, **arch)


def _seq2seq(
    name: str, src_tokenizer: str, tgt_tokenizer: str, src: Vocab, tgt: Vocab, seed: int, **arch
) -> Seq2Seq:
    """A Seq2Seq over these vocabularies, its weights drawn from `seed` (the same seed, the same weights)."""
    cfg = ModelConfig(name, src_tokenizer, tgt_tokenizer, len(src), len(tgt), **arch)
    cfg.validate()
    torch.manual_seed(seed)
    return Seq2Seq(cfg, src, tgt)


def encode(model: Seq2Seq, pairs: Sequence[Pair]) -> list[tuple[list[int], list[int]]]:
    cfg = model.cfg
    return [
        (
            model.source_ids(p.src),
            model.tgt_vocab.encode(tokenize(p.tgt, cfg.tgt_tokenizer)),
        )
        for p in pairs
    ]


def collate(batch: list[tuple[list[int], list[int]]]):
    """-> src (B, S), lengths (B,), tgt_in (B, T) = <sos> y, tgt_out (B, T) = y <eos>, padded with 0."""
    src, lengths = pad([s for s, _ in batch])  # ids (B, S), or frames (B, S, F)
    t_len = max(len(t) for _, t in batch) + 1
    tgt_in = torch.zeros(len(batch), t_len, dtype=torch.long)
    tgt_out = torch.zeros(len(batch), t_len, dtype=torch.long)
    for i, (_, t) in enumerate(batch):
        tgt_in[i, : len(t) + 1] = torch.tensor([SOS_ID] + t)
        tgt_out[i, : len(t) + 1] = torch.tensor(t + [EOS_ID])
    return src, lengths, tgt_in, tgt_out


def batches(
    data: Sequence[tuple[list[int], list[int]]], batch_size: int, bucket: int, rng: random.Random
) -> list[list[int]]:
    """One epoch's batches of indices into `data`: shuffled, then grouped by length.

    A random batch of our tasks is about 45% padding, and the decoder steps through the padding too.
    Sorting each run of `bucket` batches by length and shuffling the batches keeps the order random
    while a batch holds sentences of about one length: an epoch of the default en-ko model trains
    ~1.45x faster (measured, 128 per batch). bucket=0 gives plain shuffled batches.
    """
    order = list(range(len(data)))
    rng.shuffle(order)
    if bucket:
        span = batch_size * bucket
        lengths = [(len(s), len(t)) for s, t in data]  # the sort key of pair i (a lambda was 3x slower)
        order = [
            i
            for b in range(0, len(order), span)
            for i in sorted(order[b : b + span], key=lengths.__getitem__)
        ]
    out = [order[b : b + batch_size] for b in range(0, len(order), batch_size)]
    if bucket:
        rng.shuffle(out)
    return out


def train(
    model: Seq2Seq,
    splits: Splits,
    tc: TrainConfig = TrainConfig(),
    progress: Callable[[dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    data: Sequence[tuple[list[int], list[int]]] | None = None,
) -> TrainResult:
    """Train in place; on return the model holds the weights with the best validation exact match.

    progress(info) is called with the first batch's loss before any update (step 0: a live curve starts
    at the untrained loss at once, without waiting for the first step's backward pass), every ~0.5 s and
    after every epoch, with loss, accuracy, lr, epoch and step; should_stop() is polled
    every batch, so a "Stop" button acts within a second. `data`: the training pairs already as the
    model's ids (a Corpus's `train`), else they are read from `splits` here.
    """
    if data is None:
        data = encode(model, splits.train[: tc.max_train] if tc.max_train else splits.train)
    elif tc.max_train:
        data = data[: tc.max_train]
    valid = list(splits.valid[: tc.eval_size])
    rng = random.Random(tc.seed)
    opt = torch.optim.Adam(model.parameters(), lr=tc.lr)
    steps_per_epoch = (len(data) + tc.batch_size - 1) // tc.batch_size
    total_steps = min(tc.max_steps or steps_per_epoch * tc.epochs, steps_per_epoch * tc.epochs)
    sched = _schedule(opt, tc.warmup, total_steps)
    loss_fn = nn.CrossEntropyLoss(ignore_index=PAD_ID)
    result, bad_epochs = TrainResult(), 0
    best_state = copy.deepcopy(model.state_dict())  # what is restored if the very first epoch diverges
    start = last_report = time.perf_counter()
    recent = None  # moving average of the last ~10 batches' loss (what a live curve shows)
    first_loss = None  # the untrained model's loss, the yardstick of divergence
    for epoch in range(1, tc.epochs + 1):
        model.train()
        total, count = 0.0, 0
        for step, batch in enumerate(batches(data, tc.batch_size, tc.bucket, rng), start=1):
            src, lengths, tgt_in, tgt_out = collate([data[i] for i in batch])
            logits = model(src, lengths, tgt_in)  # (B, T, V)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1))
            if progress is not None and result.steps == 0 and epoch == 1:  # the untrained loss, at step 0
                untrained = float(loss.detach())
                progress(dict(epoch=1, step=0, steps=steps_per_epoch, loss=untrained, recent_loss=untrained, done=0,
                              total=total_steps))  # fmt: skip
            opt.zero_grad()
            loss.backward()
            norm = nn.utils.clip_grad_norm_(model.parameters(), tc.clip)
            if diverged(loss, norm, first_loss):  # e.g. a learning rate far too high
                result.stopped = "diverged"
                break
            first_loss = first_loss if first_loss is not None else float(loss.detach())
            opt.step()
            sched.step()
            result.steps += 1
            total, count = total + float(loss.detach()) * len(lengths), count + len(lengths)
            recent = float(loss.detach()) if recent is None else 0.9 * recent + 0.1 * float(loss.detach())
            if should_stop is not None and should_stop():
                result.stopped = "user"
                break
            if tc.max_seconds is not None and time.perf_counter() - start > tc.max_seconds:
                result.stopped = "time"
                break
            if result.steps >= total_steps and tc.max_steps is not None:
                result.stopped = "steps"
                break
            if progress is not None and time.perf_counter() - last_report > 0.5:
                last_report = time.perf_counter()
                progress(
                    {
                        "epoch": epoch,
                        "step": step,
                        "steps": steps_per_epoch,
                        "loss": total / count,  # mean over this epoch so far
                        "recent_loss": recent,  # the last ~10 batches
                        "done": result.steps,  # optimizer steps so far, of `total`
                        "total": total_steps,
                    }
                )
        if result.stopped == "diverged":
            break
        acc = evaluate(model, valid)["exact_match"] if valid else 0.0
        entry = {
            "epoch": epoch,
            "loss": total / max(count, 1),
            "recent_loss": recent,
            "valid_exact": acc,
            "lr": sched.get_last_lr()[0],
            "seconds": time.perf_counter() - start,
            "done": result.steps,
            "total": total_steps,
        }
        result.history.append(entry)
        if progress is not None:
            progress(entry)
        if acc > result.best_valid or epoch == 1:
            result.best_valid, best_state, bad_epochs = acc, copy.deepcopy(model.state_dict()), 0
        else:
            bad_epochs += 1
        if result.stopped in ("user", "time", "steps"):
            break
        if acc >= 1.0:
            result.stopped = "perfect"
            break
        if bad_epochs >= tc.patience:
            result.stopped = "early"
            break
    model.load_state_dict(best_state)
    model.eval()
    result.seconds = time.perf_counter() - start
    return result


def diverged(loss: torch.Tensor, grad_norm: torch.Tensor, first_loss: float | None) -> bool:
    """Training has gone wrong: the loss or the gradient is infinite or not a number, or the loss has
    grown to four times (and 10 nats above) that of the untrained model, which learning never does (a
    learning rate far too high sends the weights, and with them the logits, off to huge values)."""
    if not (torch.isfinite(loss) and torch.isfinite(grad_norm)):
        return True
    return first_loss is not None and float(loss.detach()) > max(4 * first_loss, first_loss + 10)


def _schedule(opt, warmup: int, total: int):
    """Linear warm-up, then cosine decay to 5% of the peak learning rate."""
    import math

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        progress = min(1.0, (step - warmup) / max(1, total - warmup))
        return 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress))

    return torch.optim.lr_scheduler.LambdaLR(opt, factor)


@torch.inference_mode()
def evaluate(model: Seq2Seq, pairs: Sequence[Pair], batch_size: int = 256) -> dict:
    """Exact match and token accuracy of greedy outputs against the references."""
    model.eval()
    cfg = model.cfg
    exact = tok_hits = tok_total = 0
    # sorted by length, a batch decodes only as many steps as its own inputs need (sums ignore order)
    pairs = sorted(pairs, key=lambda p: len(tokenize(p.src, cfg.src_tokenizer)))
    for b in range(0, len(pairs), batch_size):
        chunk = pairs[b : b + batch_size]
        outs = model.translate_ids([model.source_ids(p.src) for p in chunk])
        for p, out in zip(chunk, outs):
            ref = tokenize(p.tgt, cfg.tgt_tokenizer)
            exact += out == ref
            tok_hits += sum(a == r for a, r in zip(out, ref))
            tok_total += max(len(out), len(ref))
    n = max(len(pairs), 1)
    return {"exact_match": exact / n, "token_accuracy": tok_hits / max(tok_total, 1), "n": len(pairs)}


@torch.inference_mode()
def alignment_error_rate(model: Seq2Seq, pairs: Sequence[Pair], batch_size: int = 256) -> float | None:
    """AER (Och & Ney 2003) of the attention's strongest link per output token, under teacher forcing.

    AER = 1 - (|A∩S| + |A∩P|) / (|A| + |S|), A = model links, S = sure, P = possible gold links.
    None when the model has no attention or the pairs carry no gold alignment.
    """
    if not has_attention(model):
        return None
    pairs = [p for p in pairs if p.sure]
    if not pairs:
        return None
    model.eval()
    hit, size = 0, 0
    for b in range(0, len(pairs), batch_size):
        chunk = pairs[b : b + batch_size]
        src, lengths, tgt_in, _ = collate(encode(model, chunk))
        weights = attention_weights(model, src, lengths, tgt_in)  # (B, T, S)
        for i, p in enumerate(chunk):
            n_tgt = len(tokenize(p.tgt, model.cfg.tgt_tokenizer))
            links = {(int(weights[i, t].argmax()), t) for t in range(n_tgt)}
            sure, possible = set(p.sure), set(p.possible) | set(p.sure)
            hit += len(links & sure) + len(links & possible)
            size += len(links) + len(sure)
    return 1.0 - hit / max(size, 1)


def has_attention(model) -> bool:
    """An RNN decoder with attention, or a Transformer (whose decoder always attends)."""
    return hasattr(model, "cross_attention") or model.decoder.attention is not None


def attention_weights(model: Seq2Seq, src, lengths, tgt_in) -> torch.Tensor:
    """Teacher-forced attention weights (B, T, S) on the fast path (a Transformer: its last layer's
    cross-attention averaged over heads)."""
    if hasattr(model, "cross_attention"):
        return model.cross_attention(src, lengths, tgt_in)
    steps = model.decoder.forced_steps(tgt_in, model.encoder(src, lengths))
    return torch.stack([st.weights for st in steps], dim=1)
