"""How fast do a page's figures follow an interaction? Every page, in headless Chromium, against an empty app.

    python benchmarks/bench_interaction.py [--rounds 30] [--pages overview,encoder,...] [--strict]

Two servers on loopback in one run: app.py and benchmarks/empty_app.py (a text box, a toggle and one plotly
heatmap), measured in turns (one empty-app interaction of the same kind, one app interaction) so that both
see the same load on a shared machine. In the page, a capture-phase listener stamps the real input event
(pointerdown, or the Enter keydown) and a MutationObserver stamps every change of what the main area's
figures show (plotly charts' data and titles, our SVGs, the formulas); the sample is the time to the *last*
such change before the run has finished and the page has been quiet for 300 ms. The figures are read at most once
per frame (what a mutation changed is on screen at the next frame anyway) and the sample takes the time of
the last mutation before that reading: reading them at every mutation cost our pages 5-12 ms of the main
thread per interaction, the empty app's one chart ~1 ms, an error of the measurement, not of the app.

Interactions per page: submit a sentence, toggle bidirectional, switch cell (GRU <-> LSTM), switch attention
(additive <-> dot) and, on the Decoder, step to the next token; on the Lesson, step to the next (or
previous) step, every step answered once first, so each shows its figures; the Bottleneck lab (which follows no sidebar
setting) edits its own input, and the Train page starts a run (the sample ends at its first curves, which
the run reports after ~0.5 s of training). The first rounds warm the caches and are reported apart ("cold");
targets per page and interaction: p50 <= 1.3x, p95 <= 2x the empty app's. Each page's figures are
printed as soon as it is done; a page whose figures stop changing is reported as FAILED and the run goes on.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from measure import pct  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

# What the main area's figures show, cheaply: per plotly chart its title and annotations, per trace its name,
# sizes and a few values; the text of our SVGs and their images (a heatmap's cells, viz/heatmap.py), formulas,
# tables and headings. A chart not drawn yet (off the screen: it is
# drawn when scrolled to, ui/plotly_chart.py) shows nothing, so what is measured is what is on screen. Computed once per frame with mutations, so it reads only the start of each array.
SIGNATURE_JS = r"""() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return '';
  const few = (a) => (a && a.bdata !== undefined) ? a.bdata.length + ':' + a.bdata.slice(0, 24) + a.bdata.slice(-24)
    : (a && a.length !== undefined) ? [a.length, ...Array.from(a).slice(0, 4).map(String)].join(',') : '';
  const parts = [];
  for (const el of main.querySelectorAll('.js-plotly-plot')) {
    const title = el.layout && el.layout.title ? String(el.layout.title.text || '') : '';
    const notes = el.layout && el.layout.annotations ? el.layout.annotations.map((a) => a.text).join(',') : '';
    parts.push(title + ':' + notes + ':' + (el.data || []).map((t) => [t.name, few(t.z), t.z && t.z[0] ? few(t.z[0]) : '', few(t.y), few(t.x), few(t.text)].join('/')).join('|'));
  }
  for (const el of main.querySelectorAll('svg[data-key], .katex, table, h2, h3')) parts.push(el.textContent);
  for (const el of main.querySelectorAll('svg[data-key] image')) {  // a PNG's pixels: its compressed data
    const href = el.getAttribute('href') || '';
    parts.push(href.length + ':' + href.slice(80, 160) + href.slice(-80));
  }
  return parts.join('#');
}"""
# Arms a one-shot timer: t0 at the first matching input event; resolves with the time of the last change of
# the signature, once the script has finished and nothing changed for 300 ms (null after 30 s).
ARM_JS = """(args) => {
  const [kind, sigSource] = args;
  const signature = eval(sigSource);
  let last = signature();
  const event = kind === 'enter' ? 'keydown' : 'pointerdown';
  window.__bench = new Promise((resolve) => {
    let t0 = null, tLast = null, tMutation = null, dirty = false, frame = 0;
    const start = (e) => { if (t0 === null && (kind !== 'enter' || e.key === 'Enter')) t0 = performance.now(); };
    const check = () => {  // (a change is dated by the last mutation before this reading)
      if (t0 === null || !dirty) return;
      dirty = false;
      const now = signature();
      if (now !== last) { last = now; tLast = tMutation; }
    };
    const obs = new MutationObserver(() => { tMutation = performance.now(); dirty = true; });
    const everyFrame = () => { check(); frame = requestAnimationFrame(everyFrame); };
    frame = requestAnimationFrame(everyFrame);
    document.addEventListener(event, start, true);
    obs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
    const finish = (value) => { obs.disconnect(); clearInterval(poll); cancelAnimationFrame(frame); document.removeEventListener(event, start, true); resolve(value); };
    const poll = setInterval(() => {
      check();
      const idle = document.querySelector("[data-test-script-state='notRunning']");
      if (tLast !== null && idle && performance.now() - tLast > 300) finish(tLast - t0);
      if (t0 !== null && performance.now() - t0 > 30000) finish(null);
    }, 25);
  });
}"""
WARMUP = 2  # rounds that fill the caches (reported as "cold")
SENTENCES = ("I love you", "she likes cats", "we drink coffee", "he reads books")
SYMBOLS = ("1 2 3 4 5 6 7 8", "a b c d e f", "9 8 7 6 5 4 3 2 1 0 j", "3 a 9 1 c 0 b")
REVIEWS = ("the story was not bad", "the music was great but the ending was boring", "연기가 정말 좋았어",
           "i loved the book . highly recommended")  # fmt: skip
BOXES = {  # pages whose main text box is their own: (its label, what to type)
    "/bottleneck": ("Sequence to reverse", SYMBOLS),
    "/io_types?iotab=many_to_one": ("Review", REVIEWS),
    "/applications": ("Input", SENTENCES),
}
PAGES = {  # page -> (path, interactions)
    "overview": ("/", ("sentence", "bidirectional", "cell", "attention")),
    "encoder": ("/encoder", ("sentence", "bidirectional", "cell", "attention")),
    "decoder": ("/decoder", ("sentence", "bidirectional", "cell", "attention", "step")),
    "attention": ("/attention", ("sentence", "bidirectional", "cell", "attention")),
    "cells": ("/cells", ("sentence", "bidirectional", "cell", "attention")),
    "bottleneck": ("/bottleneck", ("sentence",)),
    "compare": ("/compare", ("sentence", "bidirectional", "cell", "attention")),
    "transformer": ("/transformer", ("sentence", "kind")),  # the heads grid follows no sidebar setting
    "io_types": ("/io_types?iotab=many_to_one", ("sentence",)),  # a review, its prediction by word
    "applications": ("/applications", ("sentence",)),  # the translation tab's own input
    "train": ("/train", ("start",)),  # follows no sidebar setting: Start -> the first curves drawn
    "lesson": ("/lesson", ("lesson_step",)),  # Next/Previous over steps answered once (their figures shown)
}


def idle(page) -> None:
    page.wait_for_selector("[data-test-script-state='notRunning']", state="attached", timeout=60_000)
    page.wait_for_timeout(150)  # let late deltas and the frontend settle between samples


def measure(page, kind: str, act) -> float:
    page.evaluate(ARM_JS, [kind, SIGNATURE_JS])
    act()
    ms = page.evaluate("() => window.__bench")
    if ms is None:
        raise RuntimeError("the page's figures did not change within 30 s")
    idle(page)
    return ms


def open_empty(browser, base):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(base)
    page.locator(".js-plotly-plot").wait_for()
    idle(page)
    toggle = page.get_by_text("Flip", exact=True)
    box = page.get_by_role("textbox", name="Text")
    count = {"n": 0}

    def submit():
        count["n"] += 1
        box.fill(SENTENCES[count["n"] % len(SENTENCES)])
        return measure(page, "enter", lambda: box.press("Enter"))

    return {"click": lambda: measure(page, "click", toggle.click), "enter": submit}


def open_page(browser, base, path: str, names: tuple[str, ...]):
    """The page's interactions as callables (kind, act). Toggles and switches alternate, so every sample
    changes what is shown; the bidirectional toggle runs twice per round (off, then on again)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(base + path + ("&" if "?" in path else "?") + "lang=en")
    page.get_by_role("heading", level=1).first.wait_for()
    idle(page)
    page.wait_for_timeout(500)
    count = {"cell": 0, "text": 0, "att": 0, "kind": 0}
    label, texts = BOXES.get(path, ("Input sentence", SENTENCES))
    box = page.get_by_role("textbox", name=label, exact=True)
    if path in BOXES:  # a box of the page's own, down the page: a reader types there looking at it and below
        box.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)

    def submit():
        count["text"] += 1
        box.fill(texts[count["text"] % 4])
        return measure(page, "enter", lambda: box.press("Enter"))

    def switch_cell():
        count["cell"] += 1
        cell = page.locator("[data-testid='stSidebar']").get_by_text(
            "LSTM" if count["cell"] % 2 else "GRU", exact=True
        )
        return measure(page, "click", cell.click)

    def switch_attention():  # the sidebar's attention radio (low in the sidebar: scrolled to first)
        count["att"] += 1
        group = page.locator("[data-testid='stSidebar'] [data-testid='stRadio']").filter(has_text="Attention")
        option = group.get_by_text("Dot (Luong)" if count["att"] % 2 else "Additive (Bahdanau)", exact=True)
        option.evaluate("e => e.scrollIntoView({block: 'center'})")
        return measure(page, "click", option.click)

    def switch_kind():  # the Transformer page's attention kind: encoder self-attention <-> cross-attention
        count["kind"] += 1
        name = "encoder self-attention" if count["kind"] % 2 else "cross-attention"
        option = page.locator("[data-testid='stMain'] [data-testid='stRadio']").get_by_text(name, exact=True)
        return measure(page, "click", option.click)

    toggle = page.locator("[data-testid='stSidebar']").get_by_text("Bidirectional encoder", exact=True)
    acts = {
        "sentence": ("enter", submit),
        "bidirectional": ("click", lambda: measure(page, "click", toggle.click)),
        "cell": ("click", switch_cell),
        "attention": ("click", switch_attention),
        "step": ("click", lambda: measure(page, "click", next_step(page).click)),
        "kind": ("click", switch_kind),
        "start": ("click", lambda: start_run(page)),
        "lesson_step": ("click", lambda: measure(page, "click", lesson_step(page, count).click)),
    }
    if "lesson_step" in names:
        answer_every_step(page)
    return page, {name: acts[name] for name in names}


def start_run(page) -> float:
    """Start training, the button at the top of the screen: one who starts a run watches its curves and
    its attention map, which are drawn below the button (once a first run has made the page that long)."""
    button = page.get_by_role("button", name="Start training")
    button.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(150)
    return measure(page, "click", button.click)


def answer_every_step(page) -> None:
    """Answer each lesson step once (the first choice), in this session, so every step shows its figures."""
    for _ in range(12):
        page.get_by_role("radiogroup", name="Your answer").locator("label").first.click()
        idle(page)
        nxt = page.locator(".st-key-lesson_next button")
        if not nxt.is_enabled():
            break
        nxt.click()
        idle(page)
    page.wait_for_timeout(500)


def lesson_step(page, count: dict):
    """Next until the last step, then Previous back to the first, and so on (every press changes the step)."""
    nxt, prev = page.locator(".st-key-lesson_next button"), page.locator(".st-key-lesson_prev button")
    back = count.setdefault("back", True)
    if (back and not prev.is_enabled()) or (not back and not nxt.is_enabled()):
        count["back"] = back = not back
    return prev if back else nxt


def next_step(page):
    """The Decoder's "next" button, or "previous" at the last step (so every press changes the step)."""
    nxt = page.locator(".st-key-dec_next button")
    return nxt if nxt.is_enabled() else page.locator(".st-key-dec_prev button")


def run(browser, rounds: int, pages: list[str]):
    """Yields (page, empty-app samples, {interaction: samples}) page by page, or (page, error, None)."""
    with (
        streamlit_server(ROOT / "benchmarks" / "empty_app.py") as empty_base,
        streamlit_server(ROOT / "app.py") as base,
    ):
        empty = open_empty(browser, empty_base)
        for name in pages:
            path, names = PAGES[name]
            page, acts = open_page(browser, base, path, names)
            baseline: list[float] = []
            samples: dict[str, list[float]] = {n: [] for n in acts}
            try:
                for r in range(rounds + WARMUP):
                    for n, (kind, act) in acts.items():
                        for _ in range(2 if n == "bidirectional" else 1):
                            e = empty[kind]()
                            if r >= WARMUP:
                                baseline.append(e)
                            samples[n].append(act())
            except Exception as err:  # one page failing still reports the others
                yield name, f"{type(err).__name__}: {err}".splitlines()[0], None
                continue
            finally:
                page.close()
            yield name, baseline, samples


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--rounds", type=int, default=30, help="measured samples per interaction (after 2 warm-ups)"
    )
    ap.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, from {', '.join(PAGES)}")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args()
    rounds = max(3, min(args.rounds, 200))
    pages = [p for p in args.pages.split(",") if p in PAGES]

    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    print(f"interaction -> last figure change, headless Chromium, {rounds} samples each; ratios to the "
          "empty app measured in turns with it")  # fmt: skip
    print(f"{'page':11} {'interaction':14} {'p50 ms':>8} {'p95 ms':>8} {'p50 x':>7} {'p95 x':>7}  cold ms")
    ok = True
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page, baseline, samples in run(browser, rounds, pages):  # printed as each page is done
            if samples is None:
                ok = False
                print(f"{page:11} FAILED: {baseline}", flush=True)
                continue
            e50, e95 = pct(baseline, 0.5), pct(baseline, 0.95)
            print(f"{page:11} {'(empty app)':14} {e50:8.1f} {e95:8.1f} {1:7.2f} {1:7.2f}")
            for name, times in samples.items():
                skip = WARMUP * (2 if name == "bidirectional" else 1)
                warm = times[skip:]
                a50, a95 = pct(warm, 0.5), pct(warm, 0.95)
                r50, r95 = a50 / e50, a95 / e95
                ok &= r50 <= 1.3 and r95 <= 2.0
                flag = "" if r50 <= 1.3 and r95 <= 2.0 else "  MISSED"
                cold = ", ".join(f"{t:.0f}" for t in times[:skip])
                print(
                    f"{'':11} {name:14} {a50:8.1f} {a95:8.1f} {r50:7.2f} {r95:7.2f}  {cold}{flag}", flush=True
                )
        browser.close()
    print(f"({time.perf_counter() - started:.0f} s)")
    print(f"targets p50 <= 1.3x, p95 <= 2x on every page: {'met' if ok else 'MISSED'}")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
