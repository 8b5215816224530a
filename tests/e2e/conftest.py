"""Real Chromium against a real `streamlit run app.py`.

The server is a subprocess on a free loopback port, ready when /_stcore/health answers, killed at teardown.
The browser is Debian's /usr/bin/chromium driven by Playwright's sync API (never `playwright install`).
Without Chromium these tests skip on a developer machine and FAIL under CI=true, so CI cannot go green
by silently not running them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_VERSION = "4.14.1"


def need(condition: bool, why: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why} (CI=true: end-to-end tests must run)")
        pytest.skip(why)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: Path, cwd: Path = ROOT, timeout: float = 90.0, env: dict | None = None):
    """Yield the base URL of `streamlit run script`, started on a free port and stopped afterwards
    (`env`: extra environment variables, e.g. STREAMLIT_SERVER_COOKIE_SECRET)."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below, after the process)
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"streamlit did not start:\n{log.read().decode(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()  # (a test may have killed it already)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def chrome():
    """Named so as not to clash with pytest-playwright's `browser` (which would look for its own build)."""
    need(Path(CHROMIUM).is_file(), f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server():
    need(Path(CHROMIUM).is_file(), f"Chromium not found at {CHROMIUM}")
    with streamlit_server(ROOT / "app.py") as base:
        yield base


@pytest.fixture
def tab(chrome):
    context = chrome.new_context(
        locale="ko-KR", viewport={"width": 1400, "height": 1000}, accept_downloads=True
    )
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


def wait_idle(page, timeout: float = 60_000) -> None:
    """Until Streamlit has finished the current run (and any run it triggered)."""
    page.wait_for_selector("[data-test-script-state='notRunning']", state="attached", timeout=timeout)


CHART_STATE_JS = """gd => gd._fullLayout && !gd.__s2sWake ? 'drawn' : JSON.stringify({
  top: Math.round(gd.getBoundingClientRect().top), bottom: Math.round(gd.getBoundingClientRect().bottom),
  width: gd.clientWidth, screen: innerHeight, waiting: !!gd.__s2sWake, plotly: !!window.Plotly,
  text: gd.textContent.slice(0, 80), run: document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state')})"""


def draw_every_chart(page, timeout: float = 60_000) -> None:
    """Scroll each plotly chart of the page into view until it is drawn, then back to the top: a chart is
    drawn only once it is on the screen (ui/plotly_chart.py), and these tests look at every chart.

    The chart is looked up again at each try: one that a later run replaced is the new one, as a reader
    would see it. A chart never drawn fails with what it was doing (on the screen? waiting? plotly.js?)."""
    for chart in page.locator(".s2s-chart").all():
        draw_chart(page, chart, timeout)
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")


def draw_chart(page, chart, timeout: float = 60_000) -> None:
    """Scroll one chart into view until it is drawn: scrolled to once while the run's elements above it
    were still arriving, it may have been pushed off the screen again before it was drawn."""
    deadline = time.monotonic() + timeout / 1000
    while (state := _chart_state(chart)) != "drawn":
        assert time.monotonic() < deadline, f"chart not drawn: {state}"
        page.wait_for_timeout(100)


def _chart_state(chart) -> str:
    chart.scroll_into_view_if_needed()
    return chart.evaluate(CHART_STATE_JS)


def axe_source() -> str:
    """axe-core from the npm registry (`npm pack`, cached per user), fetched once for the accessibility test."""
    cache = (
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "s2s-e2e" / f"axe-{AXE_VERSION}.js"
    )
    if not cache.is_file():
        need(shutil.which("npm") is not None, "npm is needed once to fetch axe-core")
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["npm", "pack", f"axe-core@{AXE_VERSION}", "--silent"],
                cwd=tmp,
                check=True,
                capture_output=True,
                timeout=180,
            )
            with tarfile.open(Path(tmp) / f"axe-core-{AXE_VERSION}.tgz") as tar:
                data = tar.extractfile("package/axe.min.js").read()
        partial = cache.with_suffix(f".{os.getpid()}.part")  # atomic: pytest-xdist workers may race here
        partial.write_bytes(data)
        os.replace(partial, cache)
    return cache.read_text(encoding="utf-8")
