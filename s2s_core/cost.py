"""What a cell costs: its parameter count (by formula) and its time per step (measured).

The seed says GRU is simpler than LSTM and cheaper to compute. A layer of a cell with G gate blocks
(RNN 1, LSTM 4, GRU 3), input size I and hidden size H owns

    W_ih (G·H × I),  W_hh (G·H × H),  b_ih (G·H),  b_hh (G·H)   →   G · (H·I + H·H + 2H) parameters

per direction; a deeper layer reads D·H inputs. The count is checked against torch.nn's own modules in the
tests, and the time is measured here, on this machine, on torch's fused kernels (what trains and serves).
"""

from __future__ import annotations

import statistics
import time

import torch

from .cells import CELLS, N_CHUNKS, make_rnn


def parameter_count(
    cell: str, input_size: int, hidden: int, layers: int = 1, bidirectional: bool = False
) -> int:
    """Parameters of an RNN/LSTM/GRU stack, by the formula in the module docstring."""
    dirs = 2 if bidirectional else 1
    total = 0
    for k in range(layers):
        inp = input_size if k == 0 else dirs * hidden
        total += dirs * N_CHUNKS[cell] * (hidden * inp + hidden * hidden + 2 * hidden)
    return total


@torch.inference_mode()
def seconds_per_step(cell: str, input_size: int, hidden: int, steps: int = 40, repeats: int = 15) -> float:
    """Median wall time of one time step of a one-layer cell (batch 1, fused kernel, this thread's torch
    threads), over `repeats` runs of `steps` steps after one warm-up run."""
    torch.manual_seed(0)
    rnn = make_rnn(cell, input_size, hidden, 1, False).eval()
    x = torch.randn(1, steps, input_size)  # (1, S, I)
    rnn(x)  # warm-up: the first call allocates
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        rnn(x)
        times.append((time.perf_counter() - start) / steps)
    return statistics.median(times)


def compare(input_size: int, hidden: int, steps: int = 40, repeats: int = 15) -> dict[str, dict]:
    """{cell: {"params": one layer's count, "seconds": per step}} for RNN, LSTM and GRU at one size.
    The cells are timed in turns (RNN, LSTM, GRU, RNN, ...) so a busy moment of the machine hits all."""
    out = {c: {"params": parameter_count(c, input_size, hidden), "runs": []} for c in CELLS}
    for _ in range(3):
        for c in CELLS:
            out[c]["runs"].append(seconds_per_step(c, input_size, hidden, steps, repeats))
    return {c: {"params": v["params"], "seconds": min(v["runs"])} for c, v in out.items()}
