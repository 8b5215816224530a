"""The URL <-> session mirror: a link restores the view, and the view is always in the address bar.

Three mechanisms, each with the invariant it keeps:

1. The ring of URLs we wrote (`_urls_written`, the last URL_MEMORY). After every run `sync_url` writes the
   settings into the query string; `init_state` reads a URL back into the session only when it is not
   one we wrote. Invariant: a URL the app wrote never overrides the session (the browser applies a new
   URL a few ms late, and a rerun in between carries the stale one back); a URL the user opened (a shared
   link) always does, parameter by parameter, and a bad value keeps the current one (never raises).
2. Hidden widgets keep their values. Streamlit drops a widget's value when a run does not draw it, so
   `init_state` re-assigns the values of the PARAMS widgets not in ALWAYS_DRAWN (beam, temperature, seed,
   step). Invariant: only those; re-assigning a drawn widget would push its value back into the browser
   over what the user is typing. `hand_over_sentence` does the same for the sentence box across pages.
3. Page-local parameters (`qp.<name>` session keys). A URL parameter that is not a setting (a tab, a
   length, model B) is kept as the string `qp.<name>` (identifier names, at most MAX_PARAM_CHARS) and
   parsed by the page (`query_param`, `url_backed`, `url_views`) against its own default and validator.
   Invariant: the mirror stores, the page validates; a bad value gives the page's default.
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import lang_from_locale, t
from ui.state import PARAMS, Settings, apply_values, settings, task_defaults, task_options

MAX_PARAM_CHARS = 100  # page-local URL values are short (a step, a 40-symbol input); longer ones are ignored


def _url_value(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# The widgets drawn in every run: the sidebar's (ui.sidebar.render) and the sentence box, which every page
# that shows a trace draws (current_trace -> ui.sentence.box; see hand_over_sentence). The other PARAMS
# have widgets that some runs do not draw (beam, temperature and seed only for their decoding; the step
# only on some pages).
ALWAYS_DRAWN = frozenset({"lang", "task", "cell", "bi", "layers", "att", "decode", "text"})
URL_MEMORY = 8  # how many of the URLs we wrote a rerun may still carry (see init_state)


def init_state() -> None:
    """Run first in every script run, before any widget: fill defaults, read a URL we did not write.

    Why "the URLs we wrote" and not only the last one: the browser applies a new URL a few ms after the
    run that wrote it, and an interaction in between sends the previous URL back. That URL is ours and
    stale; reading it would undo what the user just did. A URL we never wrote is a link the user opened.
    """
    ss = st.session_state
    if "lang" not in ss:
        ss["lang"] = lang_from_locale(st.context.locale)
    if "task" not in ss:
        defaults = Settings()
        apply_values({key: getattr(defaults, field) for key, (field, _) in PARAMS.items() if key != "lang"})
        apply_values(task_defaults("en-ko"))
    url = st.query_params.to_dict()
    if url and url not in ss.get("_urls_written", ()):
        read_url(url)
    # Keep the values of widgets hidden in this run (Streamlit drops a widget's value when a run does not
    # draw it). Only those: re-assigning a drawn widget marks its value "set by the app", so every run
    # would push its value back into the browser, over a change the user made while it was on its way.
    for key in PARAMS.keys() - ALWAYS_DRAWN:
        ss[key] = ss[key]


def hand_over_sentence(page: str) -> None:
    """Called once the page is known, before it runs. The sentence box is drawn by the page, and a page's
    widget is another widget on the next page even with the same key: its value would not follow (the box
    would open empty). So on a page change, or after a run that drew no box (a page without a trace, one
    that failed early), the sentence is assigned again; on other runs it is left alone (re-assigning a
    drawn widget's value would push it back into the browser, over what the user is typing)."""
    ss = st.session_state
    if ss.get("_page") != page or "text" not in ss:
        ss["text"] = ss.get("text", ss.get("_text", Settings.text))
    ss["_page"], ss["_text"] = page, ss["text"]


def _remember_url(params: dict) -> None:
    written = [p for p in st.session_state.get("_urls_written", ()) if p != params]
    st.session_state["_urls_written"] = (*written[-(URL_MEMORY - 1) :], params)


def read_url(url: dict) -> None:
    """Validate every parameter of a URL and apply the good ones; bad ones keep the current value."""
    ss = st.session_state
    good = {}
    for key, value in url.items():
        if key in PARAMS:
            try:
                good[key] = PARAMS[key][1](value)
            except (ValueError, TypeError):
                continue
            if key == "task" and value not in task_options():
                del good[key]
        elif key.isidentifier() and len(value) <= MAX_PARAM_CHARS:
            ss[f"qp.{key}"] = value  # page-local parameter (see query_param)
    if "task" in good and good["task"] != ss.get("task"):
        apply_values(task_defaults(good["task"]))
    apply_values(good)


def url_params(s: Settings | None = None, **changes) -> dict[str, str]:
    """The query parameters that restore `s` (default: the current settings) with `changes` applied."""
    s = s or settings()
    values = {key: getattr(s, field) for key, (field, _) in PARAMS.items()}
    if "task" in changes and changes["task"] != s.task and "text" not in changes:
        values.update(task_defaults(changes["task"]))
    values.update(changes)
    if values["decode"] != "beam":
        values.pop("beam")
    if values["decode"] != "sample":
        values.pop("temp")
        values.pop("seed")
    out = {k: _url_value(v) for k, v in values.items()}
    for key in st.session_state:
        if isinstance(key, str) and key.startswith("qp.") and key[3:] not in out:
            out[key[3:]] = str(st.session_state[key])
    return out


def sync_url() -> None:
    """Mirror the session into the URL (only when it changed, to keep reruns cheap).

    Changed from what? The URL this run's request came with, or the last one we sent: if the request
    carried a stale URL (see init_state), our last URL is still on its way and would end up shown."""
    params = url_params()
    written = st.session_state.get("_urls_written", ())
    if st.query_params.to_dict() != params or not written or written[-1] != params:
        st.query_params.from_dict(params)
    _remember_url(params)


def query_param(name: str, default):
    """A page-local value kept in the URL (e.g. the selected step), parsed to the type of `default`."""
    raw = st.session_state.get(name) if name in PARAMS else st.session_state.get(f"qp.{name}")
    if raw is None:
        return default
    try:
        return type(default)(raw) if default is not None else raw
    except (TypeError, ValueError):
        return default


def set_query_param(name: str, value) -> None:
    """Store a page-local value and update the URL now (a fragment's rerun does not reach sync_url)."""
    st.session_state[name if name in PARAMS else f"qp.{name}"] = value
    sync_url()


def url_backed(key: str, param: str, default, valid=lambda v: True):
    """Give the page widget `key` its value from the page-local URL parameter `param` (when the session has
    none yet; a value that fails `valid` or has the wrong type gives `default`), and return the widget's
    on_change callback, which writes the new value back to the URL: a shared link restores the widget."""
    if key not in st.session_state:
        value = query_param(param, default)
        st.session_state[key] = value if valid(value) else default
    return lambda: set_query_param(param, st.session_state[key])


def url_views(namespace: str, names: tuple[str, ...], param: str) -> str:
    """A page's views, one shown at a time, chosen with a segmented control whose choice lives in the URL
    as `param` (a shared link opens the same view). Titles are the i18n keys f"{namespace}.tab_{name}".
    Returns the name of the view shown: the page computes and draws that one alone, under the control.

    Why not st.tabs: the browser redraws a tab bar and its panels on every rerun (15-20 ms of its main
    thread in a test app, ~1 ms for a segmented control; a new sentence on the Encoder page 119 -> 96 ms,
    measured in turns with benchmarks/bench_interaction.py's pages)."""
    key = f"{param}_view"
    remember = url_backed(key, param, names[0], lambda name: name in names)  # the URL's view, kept in it
    return st.segmented_control(t("app.views"), names, format_func=lambda n: t(f"{namespace}.tab_{n}"),
                                required=True, key=key, on_change=remember, label_visibility="collapsed")  # fmt: skip
