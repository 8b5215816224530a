"""Sessions over time: many websocket sessions for minutes, the server's memory sampled as they come and go.

    python benchmarks/bench_soak.py [--sessions 50] [--minutes 10] [--wave 60]

The load generator of bench_load.py (Streamlit's own protocol; each session types its own sentences and
flips the bidirectional toggle with think times) runs in waves: every `--wave` seconds a new set of
sessions replaces the last (a classroom that keeps opening and closing tabs), so sessions end and their
state must be freed. The server's RSS is sampled after every wave. Reported: RSS after the warm-up wave
and at the end (target: growth <= 10%), errors, and whether any session ever received another session's
sentence. Bounded: at most 60 sessions, 30 minutes, loopback only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_load as load  # noqa: E402
from measure import pct, rss_mb, server_pid  # noqa: E402

from tests.e2e.conftest import streamlit_server  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--wave", type=float, default=60, help="seconds each wave of sessions lives")
    ap.add_argument("--think", default="1.0-3.0")
    args = ap.parse_args()
    n = max(1, min(args.sessions, 60))
    total = max(1.0, min(args.minutes, 30.0)) * 60
    wave = max(20.0, min(args.wave, total))
    think = tuple(float(x) for x in args.think.split("-"))
    samples, errors, leaks, runs = [], [], {}, 0
    with streamlit_server(ROOT / "app.py") as base:
        pid = server_pid(base)
        start, k = time.monotonic(), 0
        while time.monotonic() - start < total:
            # offsets keep every wave's sentences distinct from the others' (up to 100 per wave)
            times, e, leak = load.run(base, n, wave, think, seed=k, offset=(k % 2) * 50)
            runs, errors, leaks = (
                runs + len(times),
                errors + e,
                {**leaks, **{(k, i): v for i, v in leak.items()}},
            )
            samples.append(rss_mb(pid))
            print(f"wave {k + 1}: {len(times)} runs, p95 {1000 * pct(times, 0.95):.0f} ms, "
                  f"RSS {samples[-1]:.0f} MB", flush=True)  # fmt: skip
            k += 1
    warm, end = samples[0], samples[-1]
    growth = (end - warm) / warm
    print(f"{k} waves of {n} sessions over {total / 60:.0f} min: {runs} runs")
    print(f"RSS after warm-up {warm:.0f} MB, at the end {end:.0f} MB, max {max(samples):.0f} MB: "
          f"growth {growth:+.1%} (target <= 10%)")  # fmt: skip
    print(f"errors: {len(errors)}" + (f" (first: {errors[:3]})" if errors else ""))
    print(f"sessions that received another session's sentence: {len(leaks)}")
    print("target met" if growth <= 0.10 and not errors and not leaks else "target missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
