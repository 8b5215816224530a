"""Traced forward (our explicit cells, everything recorded) vs torch.nn's fused forward, same weights.

For each cell at hidden 128, 2 layers, bidirectional, additive attention and a 20-token input, time
  fused:  model(src, lengths, tgt_in)   torch's fused RNN kernels (encoder whole, decoder step by step)
  traced: model.trace(text, reference)  explicit cells, gates, attention, top-k: everything a view shows
both decoding the same 20-token reference (teacher forcing, so the work is identical whatever the weights),
interleaved in one run; prints the ratio of medians. Target: <= 3x.
A second table isolates the encoder (torch's fused multi-layer kernel vs our cells step by step), the
strictest comparison, where no decoder loop hides the per-step Python cost.

    python benchmarks/bench_trace.py [--repeats 60]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from s2s_core.model import ModelConfig, Seq2Seq  # noqa: E402
from s2s_core.text import Vocab  # noqa: E402

WORDS = [f"w{i}" for i in range(60)]


def build(cell: str) -> Seq2Seq:
    src = Vocab.build([WORDS])
    tgt = Vocab.build([WORDS])
    cfg = ModelConfig("bench", "en", "en", len(src), len(tgt), cell=cell, bidirectional=True, layers=2,
                      attention="additive", embed=64, hidden=128, max_output=22)  # fmt: skip
    torch.manual_seed(0)
    return Seq2Seq(cfg, src, tgt).eval()


def measure(cell: str, text: str, repeats: int) -> tuple[float, float, int]:
    """Median seconds of (fused forward, traced forward) for one cell, interleaved."""
    model = build(cell)
    ids = model.src_vocab.encode(text.split())
    src, lengths = torch.tensor([ids]), torch.tensor([len(ids)])
    tgt_in = torch.tensor([[1] + model.tgt_vocab.encode(text.split())])  # <sos> + reference

    def fused_forward():
        with torch.inference_mode():
            model(src, lengths, tgt_in)

    fused, traced = [], []
    for _ in range(5):  # warm-up
        fused_forward()
        model.trace(text, reference=text)
    for _ in range(repeats):
        t0 = time.perf_counter()
        fused_forward()
        t1 = time.perf_counter()
        model.trace(text, reference=text)
        t2 = time.perf_counter()
        fused.append(t1 - t0)
        traced.append(t2 - t1)
    return statistics.median(fused), statistics.median(traced), tgt_in.shape[1]


def measure_encoder(cell: str, text: str, repeats: int) -> tuple[float, float]:
    """Median seconds of (fused nn.GRU/LSTM/RNN encoder, our explicit-cell encoder), interleaved."""
    model = build(cell)
    ids = model.src_vocab.encode(text.split())
    src, lengths = torch.tensor([ids]), torch.tensor([len(ids)])
    fused, traced = [], []
    with torch.inference_mode():
        for i in range(repeats + 5):
            t0 = time.perf_counter()
            model.encoder(src, lengths)
            t1 = time.perf_counter()
            model.encoder.trace(src)
            t2 = time.perf_counter()
            if i >= 5:
                fused.append(t1 - t0)
                traced.append(t2 - t1)
    return statistics.median(fused), statistics.median(traced)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=60)
    args = ap.parse_args()
    torch.set_num_threads(1)
    text = " ".join(WORDS[:20])  # 20 tokens
    print(
        f"{'cell':5s} {'fused ms':>9s} {'traced ms':>10s} {'ratio':>6s}  (median of {args.repeats}, interleaved)"
    )
    for cell in ("rnn", "lstm", "gru"):
        fused, traced, steps = measure(cell, text, args.repeats)
        print(
            f"{cell:5s} {fused * 1e3:9.2f} {traced * 1e3:10.2f} {traced / fused:6.2f}x  ({steps} decoder steps)"
        )
    print("encoder only (2 layers x 2 directions x 20 steps):")
    for cell in ("rnn", "lstm", "gru"):
        fused, traced = measure_encoder(cell, text, args.repeats)
        print(f"{cell:5s} {fused * 1e3:9.2f} {traced * 1e3:10.2f} {traced / fused:6.2f}x")


if __name__ == "__main__":
    main()
