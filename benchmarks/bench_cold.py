"""Cold start and memory: server start -> first figure painted, and RSS after visiting every page.

    python benchmarks/bench_cold.py [--runs 3]

Start-up: `streamlit run` is launched and a headless Chromium opens the page as soon as /_stcore/health
answers; the time is from launching the process to the first figure drawn in the browser (the
Overview's pipeline SVG; for the empty app, its plotly heatmap). Both apps are measured in turns.
Memory: the app server's RSS after one browser session has visited every page, against a Python process
that only imports streamlit, torch and plotly. Targets: <= 1.5x each.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from measure import rss_mb  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

PAGES = (
    "/",
    "/encoder",
    "/decoder",
    "/attention",
    "/cells",
    "/bottleneck",
    "/compare",
    "/transformer",
    "/io_types",
    "/applications",
    "/train",
    "/lesson",
)
FIGURE = 'svg[data-key="overview_pipeline"], .js-plotly-plot .main-svg'


def first_paint(browser, script: Path, visit_all: bool = False) -> tuple[float, float | None]:
    """(seconds from launch to the first figure, RSS in MB after visiting every page or None)."""
    start = time.perf_counter()
    with streamlit_server(script, timeout=120) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(base + "/?lang=en")
        page.locator(FIGURE).first.wait_for(timeout=120_000)
        seconds = time.perf_counter() - start
        rss = None
        if visit_all:
            for path in PAGES:
                page.goto(base + path + "?lang=en")
                page.get_by_role("heading", level=1).first.wait_for(timeout=120_000)
                page.wait_for_selector(
                    "[data-test-script-state='notRunning']", state="attached", timeout=120_000
                )
                page.wait_for_timeout(1500)
            out = subprocess.run(
                ["pgrep", "-f", f"streamlit run {script}"], capture_output=True, text=True
            ).stdout
            rss = max(rss_mb(int(p)) for p in out.split()) if out.split() else None
        page.close()
    return seconds, rss


def imports_rss() -> float:
    code = "import streamlit, torch, plotly.graph_objects; print(open('/proc/self/status').read())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return next(int(line.split()[1]) for line in out.splitlines() if line.startswith("VmRSS:")) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    app, empty, rss = [], [], None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(max(1, min(args.runs, 10))):
            empty.append(first_paint(browser, ROOT / "benchmarks" / "empty_app.py")[0])
            seconds, measured = first_paint(browser, ROOT / "app.py", visit_all=run == 0)
            app.append(seconds)
            rss = measured if measured is not None else rss
        browser.close()
    base_rss = imports_rss()
    a, e = statistics.median(app), statistics.median(empty)
    print(
        f"cold start -> first figure, median of {len(app)}: app {a:.2f} s, empty app {e:.2f} s: {a / e:.2f}x"
    )
    print(f"RSS after visiting {len(PAGES)} pages: {rss:.0f} MB; streamlit+torch+plotly imported: {base_rss:.0f} MB:"
          f" {rss / base_rss:.2f}x")  # fmt: skip
    ok = a / e <= 1.5 and rss / base_rss <= 1.5
    print(f"targets <= 1.5x each: {'met' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
