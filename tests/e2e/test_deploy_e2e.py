"""deploy/ for real: two app processes on loopback behind Debian's nginx running deploy/nginx.conf, a load of
websocket sessions and two Chromium tabs through it, and one process killed in the middle (issue 16).

What a class relies on when a replica dies: nginx's cookie keeps a browser on one replica (page, websocket,
health check: the same server every time); sessions on the surviving replica never see an error; sessions of
the killed one reconnect through nginx to the survivor, get the same view back and answer new input; a tab
on the killed replica keeps its page, sentence and settings, and the next sentence typed is translated.
"""

from __future__ import annotations

import os
import random
import secrets
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from benchmarks.bench_load import PAGES, Session
from benchmarks.measure import server_pid
from tests.e2e.conftest import ROOT, free_port, need, streamlit_server, wait_idle
from ui.i18n import pure_t

pytestmark = pytest.mark.e2e
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PER_REPLICA = 3  # websocket sessions on each replica
WAIT = 90.0  # seconds for any one thing to happen under the load


def _main_conf(tmp: Path) -> str:
    """A main nginx.conf around the shipped http-level one: logs, pid and temp files in `tmp`."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # (workers must read files root created in tmp)
    paths = "".join(
        f"{k}_temp_path {tmp}/{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log warn;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{\naccess_log {tmp}/access.log;\n{paths}include seq2seq.conf;\n}}\n"
    )


@contextmanager
def nginx_front(ports: list[int], tmp: Path):
    """Debian's nginx with deploy/nginx.conf (its port changed) in front of the replicas on `ports`, each
    with deploy/upstreams.conf's `server` line (its address changed). Yields the base URL."""
    port = free_port()
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert conf.count("listen 8080;") == 1
    (tmp / "seq2seq.conf").write_text(conf.replace("listen 8080;", f"listen 127.0.0.1:{port};"))
    lines = [
        x for x in (ROOT / "deploy" / "upstreams.conf").read_text().splitlines() if x.startswith("server ")
    ]
    assert len(lines) == 1 and "app:8501" in lines[0]
    servers = "".join(lines[0].replace("app:8501", f"127.0.0.1:{p}") + "\n" for p in ports)
    (tmp / "seq2seq-upstreams.conf").write_text(servers)
    (tmp / "nginx.conf").write_text(_main_conf(tmp))
    cmd = [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")]
    check = subprocess.run([*cmd, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while replica_of(base, "probe") is None:
            assert proc.poll() is None and time.monotonic() < deadline, (tmp / "error.log").read_text()
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def answered_by(header: str | None) -> str | None:
    """The replica that answered: nginx's X-S2S-Replica lists every one it tried ("dead, live")."""
    return header.split(",")[-1].strip() if header else None


def replica_of(base: str, key: str | None, path: str = "/_stcore/health") -> str | None:
    """The replica nginx sends a browser with cookie key `key` to."""
    headers = {"Cookie": f"s2s_replica={key}"} if key else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers), timeout=5) as r:
            return answered_by(r.headers.get("X-S2S-Replica")) if r.status == 200 else None
    except OSError:
        return None


def keys_for(base: str, replicas: list[str], n: int) -> dict[str, list[str]]:
    """`n` cookie keys that nginx sends to each replica."""
    out = {r: [] for r in replicas}
    for i in range(500):
        r = replica_of(base, f"k{i}")
        if r in out and len(out[r]) < n:
            out[r].append(f"k{i}")
        if all(len(v) == n for v in out.values()):
            return out
    raise AssertionError(f"nginx did not spread the keys over {replicas}: {out}")


def view(query: str) -> dict:
    return {k: v[0] for k, v in parse_qs(query).items()}


def work(s: Session, stop: threading.Event, dead: threading.Event, killed: str, rng: random.Random) -> None:
    """One session's load: type and flip with think times; if its websocket breaks, reconnect as a browser
    does and check that the view came back, then go on. Problems go to s.errors."""
    s.reconnects, s.view_back, s.runs_back = 0, None, 0
    try:
        s.rerun(query=f"lang=en&text={s.own[0].replace(' ', '+')}")
        while not stop.is_set():
            time.sleep(rng.uniform(0.3, 1.0))
            try:
                (s.type_sentence if rng.random() < 0.7 else s.flip)()
            except Exception as e:  # noqa: BLE001 (a closed socket, as below; anything else is an error)
                if not (dead.is_set() and s.replica == killed):
                    raise
                before = view(s.query)
                s.reconnect()  # through nginx, to the survivor
                s.reconnects += 1
                after = view(s.query)
                # the view the URL held, with the sentence and the direction this "browser" holds
                before.update(text=s.text, bi="1" if s.bi else "0")
                s.view_back = (after == before, before, after, type(e).__name__, s.replica)
                s.runs_back = len(s.times)  # runs before this one; more must follow (new input answered)
    except Exception as e:  # noqa: BLE001 (reported by the test)
        s.errors.append(f"{type(e).__name__}: {str(e)[:120]}")
    finally:
        s.ws.close()


def until(condition, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


# Counts the runs a tab finishes after it got its connection back (window.__s2sRunsBack): the run the app asks
# for on reconnecting (ui/sidebar.py) must be over before the test types. Streamlit drops a fragment's rerun
# that reaches a session before the fragment is registered in it (app_session: "does not exist anymore"),
# and that run then writes the box's old value back: a sentence typed within that run is lost, as it would be
# in any Streamlit app (Streamlit's own rerun on reconnect has the same window). A person takes longer.
RUNS_BACK_JS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  let lost = false, running = false;
  window.__s2sRunsBack = 0;
  new MutationObserver(() => {
    const conn = app.getAttribute('data-test-connection-state'), run = app.getAttribute('data-test-script-state');
    if (conn !== 'CONNECTED') { lost = true; running = false; return; }
    if (lost && run === 'running') running = true;
    if (lost && running && run === 'notRunning') { running = false; window.__s2sRunsBack += 1; }
  }).observe(app, {attributes: true, attributeFilter: ['data-test-connection-state', 'data-test-script-state']});
}"""


def open_tab(chrome, front: str, key: str):
    context = chrome.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    context.add_cookies([{"name": "s2s_replica", "value": key, "url": front}])
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(front + "/encoder?lang=en&bi=0&text=I+like+coffee")
    box = page.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True)
    expect(box).to_have_value("I like coffee", timeout=90_000)
    wait_idle(page)
    page.evaluate(RUNS_BACK_JS)
    return context, page, box


def tab_replica(page) -> str:
    """The replica that answers this tab now (the same cookie, asked from inside the page)."""
    return answered_by(
        page.evaluate("async () => (await fetch('/_stcore/health')).headers.get('X-S2S-Replica')")
    )


def tokens(page) -> str:
    return " ".join(page.locator("[data-testid='stCode'] code").all_inner_texts())


def test_a_replica_dies_under_load(chrome, tmp_path):
    need(Path(NGINX).is_file(), f"nginx not found at {NGINX} (Debian: apt-get install nginx-light)")
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(16)}  # one secret for all: XSRF cookies
    with ExitStack() as stack:
        a = stack.enter_context(streamlit_server(ROOT / "app.py", env=env))
        b = stack.enter_context(streamlit_server(ROOT / "app.py", env=env))
        front = stack.enter_context(
            nginx_front([int(a.rsplit(":", 1)[1]), int(b.rsplit(":", 1)[1])], tmp_path)
        )
        ra, rb = a.removeprefix("http://"), b.removeprefix("http://")
        keys = keys_for(front, [ra, rb], PER_REPLICA + 1)

        # Sticky: a key goes to its replica for every path, every time; a new browser gets a key.
        for r, ks in keys.items():
            assert {replica_of(front, k, p) for k in ks for p in ("/", "/_stcore/health", "/encoder")} == {r}
        with urllib.request.urlopen(front + "/", timeout=5) as resp:
            assert resp.headers["Set-Cookie"].startswith("s2s_replica=")

        # The load: PER_REPLICA websocket sessions on each replica, typing and flipping.
        sessions = [
            Session(front, i, PAGES[i % len(PAGES)], cookie=f"s2s_replica={keys[r][i // 2]}")
            for i, r in enumerate([ra, rb] * PER_REPLICA)
        ]
        assert sorted(s.replica for s in sessions) == sorted([ra, rb] * PER_REPLICA)
        dead, stop = threading.Event(), threading.Event()
        threads = [
            threading.Thread(target=work, args=(s, stop, dead, ra, random.Random(i)), daemon=True)
            for i, s in enumerate(sessions)
        ]
        stack.callback(stop.set)  # first thing at exit, also when an assertion fails
        for th in threads:
            th.start()

        # Two tabs, one on each replica, on the Encoder page with their own sentence and settings.
        ctx_a, tab_a, box_a = open_tab(chrome, front, keys[ra][-1])
        ctx_b, tab_b, box_b = open_tab(chrome, front, keys[rb][-1])
        assert (tab_replica(tab_a), tab_replica(tab_b)) == (ra, rb)

        until(lambda: min(len(s.times) for s in sessions) >= 2)
        dead.set()
        pid = server_pid(a)
        assert pid is not None
        os.kill(pid, signal.SIGKILL)  # replica A dies mid-run

        # The tab on A: reconnected (to B), same view; the next sentence typed is translated there.
        tab_a.wait_for_function("() => document.querySelector(\"[data-test-connection-state='CONNECTED']\")")
        assert tab_replica(tab_a) == rb
        tab_a.wait_for_function("() => window.__s2sRunsBack >= 1", timeout=90_000)  # the reconnect run
        box_a.fill("she likes cats")
        box_a.press("Enter")
        tab_a.wait_for_function("() => location.search.includes('text=she+likes+cats')", timeout=90_000)
        wait_idle(tab_a)
        url = view(tab_a.url.split("?", 1)[1])
        assert tab_a.url.split("?")[0].endswith("/encoder") and url["bi"] == "0" and url["lang"] == "en"
        assert "she · likes · cats" in tokens(tab_a)
        expect(tab_a.get_by_role("switch", name=pure_t("en", "sidebar.bidirectional"))).not_to_be_checked()

        # The tab on B never noticed.
        box_b.fill("we meet the teacher")
        box_b.press("Enter")
        tab_b.wait_for_function("() => location.search.includes('text=we+meet+the+teacher')", timeout=90_000)
        # The load goes on until every session of A has come back and had two more runs on B.
        until(
            lambda: (
                all(s.reconnects and len(s.times) > s.runs_back + 1 for s in sessions[::2])
                or any(s.errors for s in sessions)
            )
        )
        stop.set()
        for th in threads:
            th.join(2 * WAIT)
        ctx_a.close()
        ctx_b.close()

    on_a, on_b = sessions[::2], sessions[1::2]
    assert all(not s.errors and s.reconnects == 0 for s in on_b), [(s.i, s.errors) for s in on_b]
    for s in on_a:  # every session of A came back on B with its view, and answered what it typed next
        assert not s.errors, (s.i, s.errors)
        assert s.reconnects == 1 and s.replica == rb, (s.i, s.reconnects, s.replica)
        assert s.view_back[0], s.view_back
        assert len(s.times) > s.runs_back + 1, (s.i, len(s.times), s.runs_back)
    everyone = {x for s in sessions for x in s.own}
    assert not {s.i: s.foreign(everyone) for s in sessions if s.foreign(everyone)}
