"""A classroom's load on one server: N sessions speaking Streamlit's own websocket protocol, so that the
server is what is measured (not N browsers on 2 cores).

    python benchmarks/bench_load.py [--sessions 30] [--seconds 120] [--think 1.0-3.0]

Each session is a websocket client of `/_stcore/stream` that sends `BackMsg.rerun_script` (the protobuf a
browser sends) and reads `ForwardMsg`s until `script_finished`, exactly as the frontend does: it opens a
page (Overview, Encoder or Attention, spread over the sessions), then, with think times between, types one
of its own sentences into the sentence box or flips the bidirectional toggle. Reported: p50 / p95 of the
time from a rerun request to the script's finished message, for one session alone and for N at once (the
ratio is the target: p95 <= 3x one session's), errors (timeouts, exceptions drawn, failed runs), whether
any session ever received another session's sentence (each session's sentences are its own: a subject
and an object no other session uses), and the server's RSS before, after and once the sessions are gone.
Bounded: at most 60 sessions, 10 minutes, loopback only.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote_plus

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from measure import pct, rss_mb, server_pid  # noqa: E402

from tests.e2e.conftest import streamlit_server  # noqa: E402

PAGES = ("", "encoder", "attention")  # url paths: Overview, Encoder, Attention
SUBJECTS = ("i", "you", "he", "she", "we", "they", "my friend", "the teacher", "the student", "mom")
VERBS = ("love", "like", "meet")
OBJECTS = ("you", "me", "him", "her", "us", "them", "the teacher", "the student", "my friend", "cats")
TIMEOUT = 60.0  # a run that takes longer is an error


def sentences_for(i: int) -> list[str]:
    """Session i's own sentences: subject i mod 10 with object (i // 10) mod 10, so no two of up to 100
    sessions share a sentence (the isolation check looks for any other session's sentence)."""
    subject, obj = SUBJECTS[i % 10], OBJECTS[(i // 10) % 10]
    third = subject in ("he", "she", "my friend", "the teacher", "the student", "mom")
    return [f"{subject} {v + 's' if third else v} {obj}" for v in VERBS]


class Session:
    """One browser tab's worth of protocol: a websocket, the widget ids it learned, what it received."""

    def __init__(self, base: str, i: int, page: str, cookie: str | None = None):
        self.i, self.page, self.own = i, page, sentences_for(i)
        self.base, self.cookie = base, cookie  # a cookie: nginx's replica key (deploy/nginx.conf)
        self.connect()
        self.ids: dict[str, str] = {}  # widget key -> element id
        self.state: dict[str, WidgetState] = {}  # element id -> the value the "browser" holds
        self.query = ""  # the address bar: what the app last wrote into it
        self.text = self.own[0]
        self.bi = True
        self.seen_text: set[str] = set()  # every sentence-box value and URL text this session received
        self.errors: list[str] = []
        self.times: list[float] = []

    def connect(self) -> None:
        """Open the websocket; `replica` is the server that answered behind nginx (empty without one)."""
        headers = {"Cookie": self.cookie} if self.cookie else None
        self.ws = connect(self.base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                          additional_headers=headers, max_size=64 << 20, open_timeout=30)  # fmt: skip
        self.ws.__enter__()  # the client as its own context manager (websockets 17); closed by close()
        # nginx lists every replica it tried ("dead, live"): the last one answered
        self.replica = self.ws.response.headers.get("X-S2S-Replica", "").split(",")[-1].strip()

    def reconnect(self) -> None:
        """What the browser's client does when its server went away: a new websocket (nginx sends it to a
        live replica), then, at the user's next action, a rerun with the URL the app last wrote and every
        widget's value. Here the action is "nothing changed": the view must come back as it was."""
        self.ws.close()
        self.connect()
        self.rerun(list(self.state.values()))

    def rerun(self, widgets: list[WidgetState] | None = None, query: str | None = None) -> None:
        """One script run, as the frontend asks for it: the address bar's query string (the one the app
        wrote last, unless a link is opened) and the widget that changed."""
        query = self.query if query is None else query
        msg = BackMsg(rerun_script=ClientState(query_string=query, page_name=self.page,
                                               widget_states=WidgetStates(widgets=widgets or [])))  # fmt: skip
        start = time.perf_counter()
        self.received: set[str] = set()  # the sentences this run wrote into the URL (the app's state)
        self.ws.send(msg.SerializeToString())
        while True:
            raw = self.ws.recv(timeout=TIMEOUT)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                self._read_delta(fwd.delta)
            elif kind == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
                for part in fwd.page_info_changed.query_string.split("&"):
                    if part.startswith("text="):
                        self.seen_text.add(unquote_plus(part[5:]).lower())
                        self.received.add(unquote_plus(part[5:]).lower())
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status == "FINISHED_SUCCESSFULLY":
                    self.times.append(time.perf_counter() - start)
                    return
                if status in ("FINISHED_WITH_COMPILE_ERROR",):
                    self.errors.append(status)
                    return
                # FINISHED_EARLY_FOR_RERUN: the app's own st.rerun; the next run follows

    def _read_delta(self, delta) -> None:
        if not delta.HasField("new_element"):
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            self.errors.append(f"exception: {el.exception.message[:80]}")
        elif kind in ("text_input", "checkbox", "radio", "selectbox", "slider"):
            widget = getattr(el, kind)
            key = widget.id.split("-", 2)[-1]
            self.ids[key] = widget.id
            self._remember(kind, widget)
            if kind == "text_input" and key == "text" and widget.HasField("value"):
                self.seen_text.add(widget.value.lower())  # set by the app (e.g. a link): what the box shows

    def _remember(self, kind: str, w) -> None:
        """The widget's value as the frontend holds it: its own once it has one, unless the app sets it.
        A browser sends every widget's value with each rerun (a widget left out loses its value), so
        this client does too."""
        if w.id in self.state and not w.set_value:
            return
        ws = WidgetState(id=w.id)
        if kind == "text_input":
            ws.string_value = w.value if w.HasField("value") else w.default
        elif kind == "checkbox":
            ws.bool_value = w.value if w.set_value else w.default
        elif kind in ("radio", "selectbox"):
            if w.set_value and w.HasField("raw_value"):
                ws.string_value = w.raw_value
            elif w.HasField("default") and 0 <= w.default < len(w.options):
                ws.string_value = w.options[w.default]
            else:
                return  # no selection (a placeholder): the browser sends nothing either
        elif kind == "slider" and w.options:  # a select_slider: the chosen options' labels
            picked = list(w.value) if w.set_value else list(w.default)
            ws.string_array_value.data.extend(
                w.options[int(i)] for i in picked if 0 <= int(i) < len(w.options)
            )
        elif kind == "slider":
            ws.double_array_value.data.extend(list(w.value) if w.set_value else list(w.default))
        self.state[w.id] = ws

    def send(self, change: WidgetState) -> None:
        """A rerun with every widget's value, `change` among them (what a browser sends)."""
        self.state[change.id] = change
        self.rerun(list(self.state.values()))

    def type_sentence(self) -> None:
        self.text = random.choice([s for s in self.own if s != self.text])
        self.send(WidgetState(id=self.ids["text"], string_value=self.text))
        if self.text not in self.received:  # the run took what was typed: the URL it wrote holds it
            self.errors.append(f"typed {self.text!r}, the URL said {sorted(self.received)}")

    def flip(self) -> None:
        self.bi = not self.bi
        self.send(WidgetState(id=self.ids["bi"], bool_value=self.bi))

    def foreign(self, everyone: set[str]) -> set[str]:
        """Sentences of other sessions this one received (must be empty)."""
        return {s for s in self.seen_text if s in everyone and s not in self.own}


def drive(s: Session, until: float, think: tuple[float, float], rng: random.Random) -> None:
    try:
        s.rerun(query=f"lang=en&text={s.own[0].replace(' ', '+')}")
        s.times.clear()  # the first run loads models and warms caches: not a classroom's steady state
        while time.monotonic() < until:
            time.sleep(rng.uniform(*think))
            (s.type_sentence if rng.random() < 0.7 else s.flip)()
    except Exception as e:  # a timeout or a closed socket is an error of the run, reported below
        s.errors.append(f"{type(e).__name__}: {str(e)[:80]}")
    finally:
        s.ws.close()


def run(base: str, n: int, seconds: float, think: tuple[float, float], seed: int, offset: int = 0):
    sessions = [Session(base, offset + i, PAGES[i % len(PAGES)]) for i in range(n)]
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=drive, args=(s, until, think, random.Random(seed + i)))
               for i, s in enumerate(sessions)]  # fmt: skip
    for th in threads:
        th.start()
    for th in threads:
        th.join(seconds + 4 * TIMEOUT)
    everyone = {x for s in sessions for x in s.own}
    times = [t for s in sessions for t in s.times]
    errors = [e for s in sessions for e in s.errors]
    leaks = {s.i: sorted(s.foreign(everyone)) for s in sessions if s.foreign(everyone)}
    return times, errors, leaks


@contextmanager
def _server(url: str | None):
    if url is None:
        with streamlit_server(ROOT / "app.py") as base:
            yield base
        return
    if not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise SystemExit("--url must be a loopback address (this is a load generator)")
    yield url.rstrip("/")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--think", default="1.0-3.0", help="seconds between a session's actions, min-max")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--url", default=None, help="a running server on loopback (default: start one)")
    args = ap.parse_args()
    n = max(1, min(args.sessions, 60))
    seconds = max(10.0, min(args.seconds, 600.0))
    think = tuple(float(x) for x in args.think.split("-"))
    with _server(args.url) as base:
        pid = server_pid(base)
        warm, _, _ = run(base, len(PAGES), 15, think, args.seed, offset=90)  # load the models once
        before = rss_mb(pid) if pid else float("nan")
        alone, e1, l1 = run(base, 1, min(60.0, seconds / 2), think, args.seed)
        many, errors, leaks = run(base, n, seconds, think, args.seed, offset=1)
        after = rss_mb(pid) if pid else float("nan")
        time.sleep(10)
        settled = rss_mb(pid) if pid else float("nan")
    errors, leaks = e1 + errors, {**l1, **leaks}
    p50_1, p95_1, p50_n, p95_n = pct(alone, 0.5), pct(alone, 0.95), pct(many, 0.5), pct(many, 0.95)
    print(f"one session: {len(alone)} runs, p50 {1000 * p50_1:.0f} ms, p95 {1000 * p95_1:.0f} ms")
    print(f"{n} sessions for {seconds:.0f} s: {len(many)} runs, p50 {1000 * p50_n:.0f} ms, "
          f"p95 {1000 * p95_n:.0f} ms, median {1000 * statistics.median(many or [0]):.0f} ms")  # fmt: skip
    print(f"ratio p95: {p95_n / p95_1:.2f}x (target <= 3x); p50: {p50_n / p50_1:.2f}x")
    print(f"errors: {len(errors)}" + (f" (first: {errors[:3]})" if errors else ""))
    print(f"sessions that received another session's sentence: {len(leaks)}" + (f" {leaks}" if leaks else ""))
    print(f"server RSS: {before:.0f} MB before, {after:.0f} MB after the load, {settled:.0f} MB 10 s later")
    ok = p95_n <= 3 * p95_1 and not errors and not leaks
    print("target met" if ok else "target missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
