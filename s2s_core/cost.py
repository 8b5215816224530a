"""What a cell costs: its parameter count (by formula) and its time per step (measured).

The seed says GRU is simpler than LSTM and cheaper to compute. A layer of a cell with G gate blocks
(RNN 1, LSTM 4, GRU 3), input size I and hidden size H owns

    W_ih (G·H × I),  W_hh (G·H × H),  b_ih (G·H),  b_hh (G·H)   →   G · (H·I + H·H + 2H) parameters

per direction; a deeper layer reads D·H inputs. The count is checked against torch.nn's own modules in the
tests. A step costs G·H·(I + H) multiply-adds per sentence, so a GRU computes 3/4 of an LSTM's. Time is
measured here, on this machine, in two implementations: torch's fused kernels (what trains and serves; on
a CPU torch's LSTM kernel is more optimised than its GRU kernel) and our written-out cells (the same
maths as the equations, one operation at a time), where the operation count shows directly.
"""

from __future__ import annotations

import statistics
import time

import torch

from .cells import CELLS, N_CHUNKS, make_rnn, run_stack


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


def multiply_adds(cell: str, input_size: int, hidden: int) -> int:
    """Multiply-adds of one step of one layer for one sentence: the two matrix products, G·H·(I + H)."""
    return N_CHUNKS[cell] * hidden * (input_size + hidden)


IMPLEMENTATIONS = ("fused", "explicit")  # torch.nn's fused kernel; our cells (cells.py), written out


@torch.inference_mode()
def seconds_per_step(cell: str, input_size: int, hidden: int, batch: int = 1, implementation: str = "fused",
                     steps: int = 20, repeats: int = 7) -> float:  # fmt: skip
    """Median wall time of one time step of a one-layer cell over `repeats` runs of `steps` steps (after a
    warm-up run), for `batch` sentences at once, on torch's fused kernel or on our written-out cells."""
    torch.manual_seed(0)
    rnn = make_rnn(cell, input_size, hidden, 1, False).eval()
    x = torch.randn(batch, steps, input_size)  # (B, S, I)

    def run():
        return rnn(x) if implementation == "fused" else run_stack(rnn, cell, x, record=False)

    run()  # warm-up: the first call allocates
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) / steps)
    return statistics.median(times)


def compare(input_size: int, hidden: int, batch: int = 1, rounds: int = 3, **timing) -> dict[str, dict]:
    """{cell: {"params", "multiply_adds", "fused", "explicit" (seconds per step)}} for RNN, LSTM and GRU
    at one size. Cells are timed in turns (RNN, LSTM, GRU, RNN, ...) so a busy moment of the machine hits
    all of them alike, and each keeps its best round."""
    runs: dict[tuple[str, str], list[float]] = {}
    for _ in range(rounds):
        for impl in IMPLEMENTATIONS:
            for c in CELLS:
                runs.setdefault((c, impl), []).append(
                    seconds_per_step(c, input_size, hidden, batch, impl, **timing)
                )
    return {
        c: {
            "params": parameter_count(c, input_size, hidden),
            "multiply_adds": multiply_adds(c, input_size, hidden),
            **{impl: min(runs[(c, impl)]) for impl in IMPLEMENTATIONS},
        }
        for c in CELLS
    }
