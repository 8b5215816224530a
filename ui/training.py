"""Training jobs of the Train page: each runs in a background thread, at most SLOTS at once per server.

Why threads: a script run must stay short, and training takes up to a minute; the page polls its job
from a fragment twice a second. The board is one object per server process (`board()`, a cache
resource) that only schedules: it knows the waiting and running jobs, starts the next when a slot frees,
and tells a waiting user their place. A job belongs to one session (its st.session_state holds it), and
its model never touches the shared cached models. A job whose session has closed (the tab went away)
stops itself, so it frees its slot: the page gives it `alive`, which asks Streamlit's runtime whether the
session is still connected; without one (tests), a job nobody has looked at for ABANDON_SECONDS stops.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

import numpy as np

SLOTS = 2  # the machine has 2 cores; each job trains on one thread
ABANDON_SECONDS = 15.0
LIMITS = {  # guard rails: what a page (or a crafted request) may ask for
    "hidden": (8, 128),
    "layers": (1, 2),
    "steps": (50, 3000),
    "lr": (1e-4, 1e-1),
    "seconds": 90.0,  # wall clock, whatever the steps
}


@dataclass
class Job:
    """One training run: its request, what the thread has reported so far, and its result."""

    spec: dict  # task, cell, bidirectional, layers, attention, hidden, lr, steps, seed (+ own splits)
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    status: str = "waiting"  # waiting | running | done | stopped | diverged | abandoned | failed
    points: list = field(default_factory=list)  # {"done", "loss"} every ~0.5 s, {"done", "valid"} per epoch
    progress: float = 0.0  # 0..1 of the steps
    attention: tuple | None = None  # (weights (T, S), output tokens, input tokens) of the fixed example
    model: object = None  # the trained Seq2Seq, once done (or stopped)
    metrics: dict | None = None  # held-out exact match, token accuracy, steps, seconds
    stop: threading.Event = field(default_factory=threading.Event)
    reported: threading.Event = field(default_factory=threading.Event)  # set at the first point (or the end)
    last_seen: float = field(default_factory=time.monotonic)
    alive: object = None  # () -> bool: is the session that asked for this job still connected?
    replaced: bool = False  # a newer run of the same session took its place: nobody will see its result

    def seen(self) -> None:
        self.last_seen = time.monotonic()

    @property
    def active(self) -> bool:
        return self.status in ("waiting", "running")


class Board:
    """Schedules jobs onto SLOTS threads, first come first served."""

    def __init__(self, slots: int = SLOTS):
        self.slots = slots
        self._lock = threading.Lock()
        self._waiting: list[Job] = []
        self._running: set[str] = set()

    def submit(self, job: Job, work) -> None:
        """Queue `job`; `work(job)` runs in its own thread once a slot is free."""
        with self._lock:
            self._waiting.append(job)
        self._start(work)

    def place(self, job: Job) -> int:
        """0 while running or finished, else the number of jobs ahead of it plus one."""
        with self._lock:
            ids = [j.id for j in self._waiting]
        return ids.index(job.id) + 1 if job.id in ids else 0

    def cancel(self, job: Job) -> None:
        """Take a job that has not started off the queue (its Stop button was pressed while it waited)."""
        with self._lock:
            if job in self._waiting:
                self._waiting.remove(job)
                job.status = "stopped"

    def running(self) -> int:
        with self._lock:
            return len(self._running)

    def _start(self, work) -> None:
        with self._lock:
            ready = []
            while self._waiting and len(self._running) < self.slots:
                job = self._waiting.pop(0)
                self._running.add(job.id)
                job.status = "running"
                ready.append(job)
        for job in ready:
            threading.Thread(target=self._run, args=(job, work), daemon=True, name=f"train-{job.id}").start()

    def _run(self, job: Job, work) -> None:
        try:
            work(job)
        except Exception as err:  # a bug must end the job with a message, not kill a slot forever
            job.status, job.metrics = "failed", {"error": type(err).__name__}
        finally:
            job.reported.set()
            with self._lock:
                self._running.discard(job.id)
            self._start(work)


def attention_of(model, text: str):
    """(weights (T, S), output tokens, input tokens) of one example, or None without attention."""
    import torch

    with torch.inference_mode():
        tr = model.trace(text)
    if tr.decoder.attention_weights is None:
        return None
    return np.array(tr.decoder.attention_weights), tuple(tr.decoder.output_tokens), tuple(tr.source.shown)


def clamp(spec: dict) -> dict:
    """The request within LIMITS (a crafted widget value must not become a huge model or run)."""
    out = dict(spec)
    for key in ("hidden", "layers", "steps"):
        lo, hi = LIMITS[key]
        out[key] = int(min(max(int(out[key]), lo), hi))
    lo, hi = LIMITS["lr"]
    out["lr"] = float(min(max(float(out["lr"]), lo), hi))
    return out


def corpus_of(spec: dict):
    """The data of a job that brought none read (a Corpus): the user's own pairs (`splits`, read with
    `tokenizer`), or a task's `splits` (generated from the seed when not given)."""
    from s2s_core.tasks import get_task
    from s2s_core.train import read_corpus

    if spec["task"] == "own":
        return read_corpus(spec["splits"], spec["tokenizer"])
    task = get_task(spec["task"])
    splits = spec.get("splits") or task.generate(spec["seed"])
    return read_corpus(splits, task.src_tokenizer, task.tgt_tokenizer)


def run(job: Job) -> None:
    """The thread's work: build the model and data from job.spec, train with reports into `job`, test."""
    import torch

    from s2s_core.tasks import get_task
    from s2s_core.train import TrainConfig, evaluate, new_model_for_corpus, train

    torch.set_num_threads(1)
    spec = job.spec
    arch = dict(cell=spec["cell"], bidirectional=spec["bidirectional"], layers=spec["layers"],
                attention=spec["attention"], embed=spec.get("embed", 32), hidden=spec["hidden"])  # fmt: skip
    corpus = spec.get("corpus") or corpus_of(spec)
    model = new_model_for_corpus(corpus, spec["task"], seed=spec["seed"], **arch)
    splits = corpus.splits
    example = splits.test[0].src if spec["task"] == "own" else get_task(spec["task"]).examples[0]
    tc = TrainConfig(epochs=1000, batch_size=64, lr=spec["lr"], seed=spec["seed"], max_steps=spec["steps"],
                     max_seconds=LIMITS["seconds"], eval_size=200, patience=1000)  # fmt: skip
    last_picture = [0.0]

    def progress(info: dict) -> None:
        job.progress = info["done"] / max(info["total"], 1)
        point = {"done": info["done"], "loss": info["recent_loss"]}
        if "valid_exact" in info:
            point["valid"] = info["valid_exact"]
        if model.decoder.attention is not None and time.monotonic() - last_picture[0] > 1.0:
            last_picture[0] = time.monotonic()
            model.eval()  # the thread's own model (nobody else reads it), between two batches or, at step 0,
            # between the first forward pass and its backward pass (inference mode adds nothing to that graph)
            job.attention = attention_of(model, example)
            model.train()
        if point["loss"] is not None:  # (after the picture: the first report shows both)
            job.points.append(point)
            job.reported.set()

    def should_stop() -> bool:
        gone = (
            not job.alive() if job.alive is not None else time.monotonic() - job.last_seen > ABANDON_SECONDS
        )
        if gone:
            job.status = "abandoned"
            return True
        return job.stop.is_set()

    result = train(model, splits, tc, progress=progress, should_stop=should_stop, data=corpus.train)
    if job.replaced:  # no final test: it would take a core (and the GIL) from the new run's first steps
        job.status = "stopped"
        return
    metrics = evaluate(model, splits.test)
    metrics.update(steps=result.steps, seconds=round(result.seconds, 1), stopped=result.stopped)
    job.model, job.metrics = model, metrics
    if model.decoder.attention is not None:
        job.attention = attention_of(model, example)
    if job.status != "abandoned":
        job.status = {"user": "stopped", "diverged": "diverged"}.get(result.stopped, "done")
    job.progress = 1.0 if job.status == "done" else job.progress
