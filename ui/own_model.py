"""The session's own model: one trained on the Train page or uploaded there, used by every page on a switch.

Why a name with "@": pages pass a model around by name (`trace.model`, then `state.load_model(name)`,
`state.get_trace(name, ...)`), so the session's model gets one too: its architecture name plus the first
8 hex digits of its checkpoint's sha256, e.g. "reverse/gru-bi-1l-additive@3fa2b1c0". It never collides
with a shipped model, `pretrained.parse_name` still reads the architecture, and two sessions share a
cached trace only when they hold the very same weights (then the trace is the same too).

Invariants:
- the model lives in this session's `st.session_state` only (never in a process-wide cache, never on
  disk), so no other session can reach it; at most one is kept (a new one replaces the old);
- the models are frozen copies (eval, no grad): a trained model is copied off the training job;
- only RNN encoder-decoders can be used by every page (their views read RNN states); a Transformer
  checkpoint is validated and tried on the Train page, and the switch says why it is not offered;
- the switch (`KEY_USE`) is not in the URL: a shared link opens the shipped models, since the weights
  cannot travel with it.
"""

from __future__ import annotations

import copy
import hashlib
import re

import streamlit as st

from s2s_core import checkpoint, pretrained
from s2s_core.model import Seq2Seq

KEY_MODEL = "own_model"  # {"name", "model", "metrics", "example"} or absent
SAFE_TASK = re.compile(r"[a-z0-9-]{1,20}")
KEY_USE = "own_use"  # the sidebar's switch: True = every page uses the own model


def is_own(name: str | None) -> bool:
    return bool(name) and "@" in name


def own_name(model: Seq2Seq) -> str:
    """ "reverse/gru-bi-1l-additive@3fa2b1c0": architecture name + the checkpoint's sha256 prefix. An
    uploaded file's task is any string, so one that is not plain becomes "own" (the name is shown as code)."""
    digest = hashlib.sha256(checkpoint.to_bytes(model)).hexdigest()[:8]
    task = model.cfg.task if SAFE_TASK.fullmatch(model.cfg.task) else "own"
    return f"{task}/{model.name.split('/', 1)[1]}@{digest}"


def register(model, metrics: dict | None = None, example: str | None = None) -> str | None:
    """Keep `model` as the session's own model (a frozen copy) and switch every page to it.
    Returns its name, or None when it cannot be used by every page (a Transformer)."""
    if not isinstance(model, Seq2Seq):
        return None
    frozen = copy.deepcopy(model).eval()
    for p in frozen.parameters():
        p.requires_grad_(False)
    name = own_name(frozen)
    st.session_state[KEY_MODEL] = {"name": name, "model": frozen, "metrics": dict(metrics or {}),
                                   "example": example}  # fmt: skip
    st.session_state[KEY_USE] = True
    follow(name, example)
    return name


def follow(name: str, example: str | None) -> None:
    """Point the sidebar at the own model's task and architecture, with an input it knows, so the
    sidebar says what is shown (its controls are disabled while the switch is on)."""
    from ui import state

    arch = pretrained.parse_name(name)
    values = state.task_defaults(arch["task"]) if arch["task"] in state.TASK_ORDER else {"step": 0}
    values.update(cell=arch["cell"], bi=arch["bidirectional"], layers=arch["layers"], att=arch["attention"])
    if example:
        values["text"] = example
    state.apply_values(values)


def is_active(model) -> bool:
    """Is `model` (the same weights, whatever the object) the one every page uses now?"""
    rec = active()
    return rec is not None and isinstance(model, Seq2Seq) and rec["name"] == own_name(model)


def record() -> dict | None:
    return st.session_state.get(KEY_MODEL)


def active() -> dict | None:
    """The own model's record when the switch is on, else None."""
    rec = record()
    return rec if rec is not None and st.session_state.get(KEY_USE) else None


def model(name: str):
    """The session's model of that name; KeyError when this session holds none (another session's name,
    or one replaced since)."""
    rec = record()
    if rec is None or rec["name"] != name:
        raise KeyError(f"{name!r} is not this session's model")
    return rec["model"]


def metrics(name: str) -> dict:
    rec = record()
    return dict(rec["metrics"]) if rec is not None and rec["name"] == name else {}


def forget() -> None:
    st.session_state.pop(KEY_MODEL, None)
    st.session_state[KEY_USE] = False
