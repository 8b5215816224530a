"""How fast does the Train page's default model learn? `python -m s2s_core train --task reverse --max-len 12
--max-seconds 30 --json` (the page's defaults), run as a user would, timed here.

    python benchmarks/bench_train.py [--runs 1]

Prints each run's held-out exact match, training seconds and steps; target: >= 95% exact within 30 s
on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["-m", "s2s_core", "train", "--task", "reverse", "--max-len", "12", "--max-seconds", "30", "--json"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(max(1, min(args.runs, 10))):
            start = time.perf_counter()
            out = subprocess.run([sys.executable, *COMMAND, "--out", str(Path(tmp) / "m.safetensors")], cwd=ROOT,
                                 capture_output=True, text=True, check=True)  # fmt: skip
            wall = time.perf_counter() - start
            r = json.loads(out.stdout)
            met = r["exact_match"] >= 0.95 and r["seconds"] <= 30
            ok &= met
            print(f"run {run + 1}: exact {r['exact_match']:.1%} on {r['n']} held-out, {r['seconds']:.1f} s training, "
                  f"{r['steps']} steps ({r['stopped']}), {wall:.1f} s with start-up: {'met' if met else 'MISSED'}")  # fmt: skip
    print(f"target >= 95% exact within 30 s: {'met' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
