"""How fast does the figure follow the sidebar? Measured in headless Chromium, against an empty app's rerun.

    python benchmarks/bench_interaction.py [--rounds 30] [--strict]

Two servers on loopback in one run: app.py and benchmarks/empty_app.py (one button), measured in turns
(one empty-app click, one app interaction) so that both see the same load on a shared machine. In the page, a
capture-phase listener stamps the real input event (pointerdown / Enter keydown) and a MutationObserver
stamps the moment the overview's pipeline figure (an inline SVG) shows different data (for the empty
app: the click counter's text). Interactions: toggle bidirectional, switch cell (GRU <-> LSTM), submit a sentence.
The first rounds warm the caches and are reported apart ("cold"); targets: p50 <= 1.3x, p95 <= 2x.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

# Arms a one-shot timer: t0 at the first matching input event, t1 when signature() changes.
ARM_JS = """(args) => {
  const [kind, sigSource] = args;
  const signature = new Function(sigSource);
  const before = signature();
  const event = kind === 'enter' ? 'keydown' : 'pointerdown';
  window.__bench = new Promise((resolve) => {
    let t0 = null;
    const done = (value) => { obs.disconnect(); document.removeEventListener(event, start, true); resolve(value); };
    const check = () => { if (t0 !== null && signature() !== before) done(performance.now() - t0); };
    const start = (e) => { if (t0 === null && (kind !== 'enter' || e.key === 'Enter')) { t0 = performance.now(); } };
    const obs = new MutationObserver(check);
    document.addEventListener(event, start, true);
    obs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
    setTimeout(() => done(null), 30000);
  });
}"""
CHART_SIGNATURE = """
  const svg = document.querySelector('svg[data-key="overview_pipeline"]');
  return svg ? svg.getAttribute('data-model') + '|' + svg.textContent : '';
"""
COUNTER_SIGNATURE = """
  const p = Array.from(document.querySelectorAll('[data-testid="stMarkdownContainer"] p'))
    .find((e) => e.textContent.startsWith('clicks:'));
  return p ? p.textContent : '';
"""
CHART = 'svg[data-key="overview_pipeline"]'  # the overview's pipeline figure
WARMUP = 2  # rounds that fill the caches (reported as "cold")
SENTENCES = ("I love you", "she likes cats", "we drink coffee", "he reads books")


def idle(page) -> None:
    page.wait_for_selector("[data-test-script-state='notRunning']", state="attached", timeout=60_000)
    page.wait_for_timeout(150)  # let late deltas and the frontend settle between samples


def measure(page, kind: str, signature: str, act) -> float:
    page.evaluate(ARM_JS, [kind, signature])
    act()
    ms = page.evaluate("() => window.__bench")
    if ms is None:
        raise RuntimeError("the page did not change within 30 s")
    idle(page)
    return ms


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def open_empty(browser, base):
    page = browser.new_page()
    page.goto(base)
    page.get_by_text("clicks: 0").wait_for()
    idle(page)
    button = page.get_by_role("button", name="Click me")
    return lambda: measure(page, "click", COUNTER_SIGNATURE, button.click)


def open_app(browser, base):
    """The three interactions as callables; the toggle is pressed twice (off, on) so the cell switch always
    runs between two shipped bidirectional models."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(base + "/?lang=en")
    page.wait_for_selector(CHART)
    idle(page)
    toggle = page.get_by_text("Bidirectional encoder", exact=True)
    box = page.get_by_role("textbox", name="Input sentence", exact=True)  # at the top of the main area
    count = {"cell": 0, "text": 0}

    def switch_cell():
        count["cell"] += 1
        cell = page.get_by_text("LSTM" if count["cell"] % 2 else "GRU", exact=True)
        return measure(page, "click", CHART_SIGNATURE, cell.click)

    def submit():
        count["text"] += 1
        box.fill(SENTENCES[count["text"] % len(SENTENCES)])
        return measure(page, "enter", CHART_SIGNATURE, lambda: box.press("Enter"))

    return {
        "toggle bidirectional": lambda: measure(page, "click", CHART_SIGNATURE, toggle.click),
        "switch cell": switch_cell,
        "submit sentence": submit,
    }


def run(browser, rounds: int) -> tuple[list[float], dict[str, list[float]]]:
    """Empty-app clicks interleaved with app interactions, so both see the same machine load."""
    with (
        streamlit_server(ROOT / "benchmarks" / "empty_app.py") as empty_base,
        streamlit_server(ROOT / "app.py") as base,
    ):
        empty = open_empty(browser, empty_base)
        app = open_app(browser, base)
        baseline: list[float] = []
        results: dict[str, list[float]] = {name: [] for name in app}
        for _ in range(rounds + WARMUP):
            for name, act in app.items():
                for _ in range(2 if name.startswith("toggle") else 1):
                    baseline.append(empty())
                    results[name].append(act())
    return baseline[WARMUP * 4 :], results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--rounds", type=int, default=30, help="measured samples per interaction (after 2 warm-ups)"
    )
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args()
    rounds = max(3, min(args.rounds, 200))

    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        empty, app = run(browser, rounds)
        browser.close()

    e50, e95 = pct(empty, 0.5), pct(empty, 0.95)
    print(
        f"interaction -> chart update, headless Chromium, {rounds} samples each ({time.perf_counter() - started:.0f} s)"
    )
    print(f"{'':24} {'p50 ms':>8} {'p95 ms':>8} {'p50 x':>7} {'p95 x':>7}  cold ms (warm-up rounds)")
    print(f"{'empty app rerun':24} {e50:8.1f} {e95:8.1f} {1:7.2f} {1:7.2f}")
    ok = True
    for name, times in app.items():
        warm = times[2 * WARMUP :] if name.startswith("toggle") else times[WARMUP:]
        a50, a95 = pct(warm, 0.5), pct(warm, 0.95)
        r50, r95 = a50 / e50, a95 / e95
        ok &= r50 <= 1.3 and r95 <= 2.0
        cold = ", ".join(f"{t:.0f}" for t in times[: len(times) - len(warm)])
        print(f"{name:24} {a50:8.1f} {a95:8.1f} {r50:7.2f} {r95:7.2f}  {cold}")
    print(f"targets p50 <= 1.3x, p95 <= 2x: {'met' if ok else 'MISSED'}")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
