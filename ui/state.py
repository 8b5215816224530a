"""Shared state: the sidebar's settings, the models and the traces.

One source of truth: the sidebar widgets' values in `st.session_state`, read as a `Settings` (`PARAMS`
maps each widget key, which is also its URL parameter, to its field and parser). How the URL mirrors them
is `ui.url_state`. Models are cached per process and never mutated (a session's own model lives in its
session: `ui.own_model`); traces are cached per input with a bound, so a popular sentence costs one
forward pass for everyone.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from s2s_core import pretrained
from s2s_core.attention import ATTENTIONS
from s2s_core.cells import CELLS
from s2s_core.model import Seq2Seq
from s2s_core.search import DECODES, MAX_BEAM, MAX_TEMPERATURE
from s2s_core.tasks import TASKS, get_task
from s2s_core.text import MAX_CHARS, InputError, Vocab, replace_word, suggestions
from s2s_core.trace import Trace
from ui import own_model, sentence
from ui.i18n import LANGS, t
from ui.shell import shell_guard
from viz import attention as gold
from viz.common import md_escape

log = logging.getLogger(__name__)

# Where the shipped models live; S2S_PRETRAINED_DIR points tests and development at another folder.
PRETRAINED_DIR = Path(os.environ.get("S2S_PRETRAINED_DIR") or pretrained.PRETRAINED_DIR)
TASK_ORDER = (
    "en-ko",
    "ko-en",
    "dates",
    "chatbot",
    "summarization",
    "sentiment",
    "tagging",
    "copy",
    "reverse",
    "sort",
)
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class Settings:
    """What the sidebar says; the URL query parameter for each field is in PARAMS."""

    task: str = "en-ko"
    cell: str = "gru"
    bidirectional: bool = True
    layers: int = 2
    attention: str = "additive"
    decode: str = "greedy"
    beam: int = 4
    temperature: float = 1.0
    seed: int = 0
    text: str = "I love you"
    step: int = 0
    lang: str = "ko"

    @property
    def wanted(self) -> str:
        """The model name these settings ask for (it may not be shipped)."""
        return pretrained.model_name(self.task, self.cell, self.bidirectional, self.layers, self.attention)


# ---- URL <-> session ------------------------------------------------------------------------------
def _int(lo, hi):
    def parse(v):
        n = int(v)
        if not lo <= n <= hi:
            raise ValueError(v)
        return n

    return parse


def _float(lo, hi):
    def parse(v):
        x = float(v)
        if not (math.isfinite(x) and lo <= x <= hi):
            raise ValueError(v)
        return round(x, 2)

    return parse


def _choice(options):
    def parse(v):
        if v not in options:
            raise ValueError(v)
        return v

    return parse


def _bool(v):
    if v not in ("0", "1", "true", "false"):
        raise ValueError(v)
    return v in ("1", "true")


# URL name (== session_state key of the widget) -> (Settings field, parser of the URL string)
PARAMS = {
    "lang": ("lang", _choice(LANGS)),
    "task": ("task", _choice(tuple(TASKS))),
    "cell": ("cell", _choice(CELLS)),
    "bi": ("bidirectional", _bool),
    "layers": ("layers", _int(1, 4)),
    "att": ("attention", _choice(ATTENTIONS)),
    "decode": ("decode", _choice(DECODES)),
    "beam": ("beam", _int(1, MAX_BEAM)),
    "temp": ("temperature", _float(0.1, MAX_TEMPERATURE)),
    "seed": ("seed", _int(0, MAX_SEED)),
    "text": ("text", lambda v: v[:MAX_CHARS]),
    "step": ("step", _int(0, 999)),
}


def task_defaults(task: str) -> dict:
    """Session values for a freshly chosen task: its default model's architecture and first example."""
    shipped = shipped_names(task)
    name = pretrained.DEFAULTS.get(task)
    name = name if name in shipped or not shipped else shipped[0]
    arch = pretrained.parse_name(name) if name else {}
    out = {"task": task, "text": get_task(task).examples[0], "step": 0}
    if arch:
        out.update(cell=arch["cell"], bi=arch["bidirectional"], layers=arch["layers"], att=arch["attention"])
    return out


def apply_values(values: dict) -> None:
    """Put values into the session (widget keys), before their widgets are drawn."""
    for key, value in values.items():
        st.session_state[key] = value


def settings() -> Settings:
    shell_guard()
    ss = st.session_state
    return Settings(**{field: ss[key] for key, (field, _) in PARAMS.items() if key in ss})


# ---- models and traces ----------------------------------------------------------------------------
def task_options() -> list[str]:
    """Tasks to offer: those with shipped models, in teaching order (all tasks if nothing is shipped)."""
    shipped = {n.split("/")[0] for n in shipped_names()}
    known = [t for t in TASK_ORDER if t in TASKS] + sorted(set(TASKS) - set(TASK_ORDER))
    return [t for t in known if t in shipped] or known


def _manifest_mtime() -> int:
    """The manifest's version (its mtime), so caches keyed on it pick up models that appear later."""
    path = PRETRAINED_DIR / pretrained.MANIFEST
    return path.stat().st_mtime_ns if path.is_file() else 0


def shipped_names(task: str | None = None) -> list[str]:
    names = _manifest_names(str(PRETRAINED_DIR), _manifest_mtime())
    return [n for n in names if task is None or n.split("/")[0] == task]


@st.cache_data(max_entries=4, show_spinner=False)
def _manifest_names(folder: str, mtime: int) -> list[str]:
    """Cached per manifest version (mtime), so models that appear later are picked up."""
    return pretrained.names(folder=Path(folder))


def metrics(name: str) -> dict:
    """The model's held-out metrics: a shipped one's from the manifest, the session's own model's from
    its training run ({} for a name with none)."""
    if own_model.is_own(name):
        return own_model.metrics(name)
    return _manifest_metrics(str(PRETRAINED_DIR), _manifest_mtime()).get(name, {})


@st.cache_data(max_entries=4, show_spinner=False)
def _manifest_metrics(folder: str, mtime: int) -> dict:
    return {n: e["metrics"] for n, e in pretrained.read_manifest(Path(folder))["models"].items()}


def load_model(name: str) -> Seq2Seq:
    """A model by name: the session's own (ui.own_model) or a shipped one (shared by every session)."""
    return own_model.model(name) if own_model.is_own(name) else _shipped_model(name)


@st.cache_resource(max_entries=64, show_spinner=False)
def _shipped_model(name: str) -> Seq2Seq:
    """A shipped model, loaded once per process and shared read-only by every session."""
    model = pretrained.load(name, folder=PRETRAINED_DIR)
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def nearest_name(s: Settings) -> str | None:
    return pretrained.nearest(s.task, s.cell, s.bidirectional, s.layers, s.attention, folder=PRETRAINED_DIR)


def _setting_words(key: str, value) -> str:
    """One architecture setting in plain words: "GRU", "양방향", "2", "가산 (Bahdanau)"."""
    if key == "cell":
        return value.upper()
    if key == "bidirectional":
        return t("model.bi" if value else "model.uni")
    return t(f"attention_kind.{value}") if key == "attention" else str(value)


_SETTINGS = ("cell", "bidirectional", "layers", "attention")


def describe(name: str) -> str:
    """A model in plain words: "GRU · 양방향 · 2층 · 가산 어텐션" (not "en-ko/gru-bi-2l-additive")."""
    arch = pretrained.parse_name(name)
    words = {k: _setting_words(k, arch[k]) for k in _SETTINGS} | {
        "layers": t("model.layers", n=arch["layers"])
    }
    text = " · ".join(words[k] for k in _SETTINGS)
    return t("own.describe", arch=text) if own_model.is_own(name) else text


def describe_change(wanted: str, shown: str) -> str:
    """What differs between the model asked for and the one shown, in plain words: "층 수 4 → 2"."""
    a, b = pretrained.parse_name(wanted), pretrained.parse_name(shown)
    return ", ".join(
        t(
            "model.change",
            what=t(f"model.what_{k}"),
            before=_setting_words(k, a[k]),
            after=_setting_words(k, b[k]),
        )
        for k in _SETTINGS
        if a[k] != b[k]
    )


def model_for(s: Settings) -> tuple[str | None, Seq2Seq | None, str | None]:
    """(name, model, note). note is None when the settings name a shipped model; otherwise it says so
    plainly and the returned model is the nearest shipped one (app.py shows the note and a switch
    button above every page). (None, None, note) when the task ships nothing."""
    own = own_model.active()
    if own is not None:  # the sidebar's switch: this session's trained or uploaded model
        return own["name"], own["model"], None
    wanted = s.wanted
    shipped = shipped_names(s.task)
    name = wanted if wanted in shipped else nearest_name(s)
    if name is None:
        return None, None, t("model.none_shipped", task=t(f"task.{s.task}"))
    note = None if name == wanted else t("model.not_shipped", wanted=describe(wanted), nearest=describe(name),
                                         changed=describe_change(wanted, name))  # fmt: skip
    try:
        return name, load_model(name), note
    except (KeyError, ValueError, OSError):
        log.exception("could not load %s", name)
        return None, None, t("model.load_failed", name=name)


@st.cache_data(max_entries=256, show_spinner=False)
def get_trace(
    name, text, decode="greedy", beam=4, temperature=1.0, seed=0, reference=None, pin=None
) -> Trace:
    """One traced forward pass, cached per input. `pin` is a hashable tuple of (step, tuple(weights))."""
    pin_dict = {int(step): list(w) for step, w in pin} if pin else None
    trace = load_model(name).trace(
        text, decode=decode, beam=beam, temperature=temperature, seed=seed, reference=reference, pin=pin_dict
    )
    # an own model's trace carries its session name, so pages asking for "the trace's model" get it back
    return trace if trace.model == name else dataclasses.replace(trace, model=name)


def trace_args(s: Settings) -> dict:
    """Decoding arguments, with the ones the method ignores fixed, so equal outputs share a cache entry."""
    return dict(
        decode=s.decode,
        beam=s.beam if s.decode == "beam" else 4,
        temperature=s.temperature if s.decode == "sample" else 1.0,
        seed=s.seed if s.decode == "sample" else 0,
    )


def step_index(value, last: int) -> int:
    """The shared decoder step (session key "step") as an index in 0..last, whatever a widget left there.

    Why not int(): the Attention page's step selectbox and the Decoder's slider show labels ("3 · 사랑해"),
    and when a new sentence changes their options while the browser still holds the old ones, Streamlit
    hands the old *label* back as the value. int() of it raised on every later run, so the page stayed
    broken for that session (benchmarks caught it; a class typing fast would have). Its number is read
    back; anything else is step 1."""
    if isinstance(value, str):
        head = value.split("·")[0].strip()
        value = int(head) - 1 if head.isdigit() else 0
    try:
        return min(max(int(value), 0), last)
    except (TypeError, ValueError):
        return 0


def show_input_error(err: InputError) -> None:
    key = (
        f"input.{err.key}"
        if err.key
        in (
            "empty",
            "too_long",
            "not_text",
            "bad_pin",
            "bad_decode",
            "not_an_image",
            "empty_image",
            "not_speech",
            "not_video",
        )
        else None
    )
    st.error(t(key, **err.params) if key else t("input.invalid"), icon=":material/error:")


def _replace_word(old: str, new: str) -> None:
    """A suggestion's button: put the known word in place of the unknown one, keep the rest."""
    st.session_state["text"] = replace_word(st.session_state.get("text", ""), old, new)
    st.session_state["step"] = 0


def show_unknown(trace: Trace, vocab: Vocab) -> None:
    """Unknown words: a plain message, the tokens the model actually sees (shown literally), and for each
    unknown word up to three known words nearest to it as one-click replacements."""
    unknown = [tok for tok, u in zip(trace.source.tokens, trace.source.unknown) if u]
    if not unknown:
        return
    st.warning(t("input.unknown", n=len(unknown)), icon=":material/help:")
    st.code(" ".join(trace.source.shown), language=None)
    st.caption(t("input.unknown_words"))
    st.code("  ".join(unknown), language=None)
    options = suggestions(trace.source.tokens, trace.source.unknown, vocab)
    if not any(options.values()):
        st.caption(t("input.no_suggestion"))
        return
    st.caption(t("input.suggest"))
    with st.container(horizontal=True, key="suggestions"):
        for word, near in options.items():
            for n, known in enumerate(near):
                label = t("input.replace", old=md_escape(word), new=md_escape(known))
                st.button(label, key=f"suggest_{n}_{word}", on_click=_replace_word, args=(word, known))


def current_trace(s: Settings | None = None, model_name: str | None = None, **overrides) -> Trace | None:
    """Trace the sidebar's text with the sidebar's model (or the shipped `model_name`). Bad input gives an
    inline message and None; the settings and the text stay as they are, so the user can fix the input."""
    s = s or settings()
    sentence.box()
    if model_name is None:
        name, model, note = model_for(s)
    else:
        name, model, note = model_name, load_model(model_name), None
    if model is None:
        st.info(note, icon=":material/info:")
        return None
    args = trace_args(s) | overrides
    if isinstance(args.get("pin"), dict):
        args["pin"] = tuple(sorted((int(k), tuple(float(x) for x in v)) for k, v in args["pin"].items()))
    try:
        trace = get_trace(name, s.text, **args)
    except InputError as err:
        show_input_error(err)
        return None
    except Exception:  # a bug must not become a traceback on screen
        log.exception("trace failed for %r", s)
        st.error(t("input.failed"), icon=":material/error:")
        return None
    show_unknown(trace, model.src_vocab)
    return trace


@st.cache_resource(max_entries=8, show_spinner=False)
def _pair_index(task: str):
    """Source tokens -> Pair over all of a task's data, built once per process and task."""
    splits = get_task(task).generate(0)
    return gold.pair_index(splits.train + splits.valid + splits.test, get_task(task).src_tokenizer)


def find_pair(task: str, text: str):
    """The task's Pair (reference and gold alignment) whose source tokenizes like `text`, or None."""
    return gold.find_pair(_pair_index(task), text, get_task(task).src_tokenizer)
