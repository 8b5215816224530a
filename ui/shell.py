"""The two places the app reaches into Streamlit's internals, in one module (why, and how it is tested).

Our layout keeps the pages in `pages/` and registers them with `st.navigation` in app.py (DESIGN.md).
Streamlit starts a fresh process in its legacy "pages/ directory" mode until the first `st.navigation`
call, so the very first visit through a deep link (/encoder?text=...) would run pages/encoder.py on its
own, without app.py's sidebar and settings (AppTest does the same on every rerun of a page). Every page
reads `ui.state.settings()` or `ui.i18n.t()` first, and both call `shell_guard()`: when the flag is still
on, it switches it off and reruns, and that run goes through app.py.

It writes a Streamlit-internal class attribute, `PagesManager.uses_pages_directory`. tests/test_shell.py
fails loudly if a Streamlit upgrade renames or removes it, or if a deep link stops reaching app.py.

The second, `browser_values`, reads the widget values a browser sent with a session's first run: a browser
that had a session on a process that is gone (a replica that died, a restarted server) sends them, and
ui/resume.py applies them so that the user's first action there is not lost. tests/test_shell.py checks
the internals it reads; tests/e2e/test_deploy_e2e.py kills a replica under a real browser.
"""

from __future__ import annotations


def legacy_pages_mode() -> bool:
    """True while Streamlit would run a page script on its own (before any st.navigation call)."""
    from streamlit.runtime.pages_manager import PagesManager

    return bool(PagesManager.uses_pages_directory)


MARK = "_shell_ran"  # session key app.py sets first thing: this session has run through app.py
TRIES, MAX_TRIES = "_shell_tries", 3  # reruns asked for before app.py ran in this session


def mark_shell() -> bool:
    """Called by app.py before anything else reads settings or strings. True on the session's first run
    through app.py."""
    import streamlit as st

    first = not st.session_state.get(MARK)
    st.session_state[MARK] = True
    st.session_state[TRIES] = 0
    return first


def shell_guard() -> None:
    """Make sure app.py (sidebar, navigation) runs, even when a page script was started on its own.

    Why the session mark as well as the flag: the flag is one for the whole process. When a class opens
    links at once on a fresh server, Streamlit starts several sessions' first runs in legacy mode; the
    first one to reach this guard switches the flag off, and the others would then find it off and go on
    without app.py (a KeyError on st.session_state["lang"], found by benchmarks/bench_load.py). A run of a
    session that has never been through app.py reruns too."""
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory or not st.session_state.get(MARK):
        tries = st.session_state.get(TRIES, 0)
        if tries >= MAX_TRIES:  # no app.py to reach (a page run as the main script): never loop
            return
        st.session_state[TRIES] = tries + 1
        PagesManager.uses_pages_directory = False
        st.rerun()


def widget_key(widget_id: str) -> str | None:
    """The user key in a keyed widget's id: "$$ID-<hash>-<key>" -> "<key>" (None for an unkeyed one)."""
    prefix, _, rest = widget_id.partition("-")
    _, sep, key = rest.partition("-")
    return key if prefix == "$$ID" and sep and key else None


def browser_values():
    """{widget key: WidgetState proto} the browser sent with this run, for widgets this session has not
    drawn yet (their ids have no deserializer here, so Streamlit itself cannot read them before they are
    drawn, and the app sets most widgets' values before drawing them: ui/url_state.init_state)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return {}
    widgets = ctx.session_state._state._new_widget_state  # SafeSessionState -> SessionState -> WStates
    out = {}
    for wid in list(widgets.states):
        key = widget_key(wid)
        proto = widgets.get_serialized(wid) if wid not in widgets.widget_metadata else None
        if key is not None and proto is not None:
            out[key] = proto
    return out


def embedded() -> bool:
    """True when the page was opened with Streamlit's ?embed=true (a view put into slides): Streamlit hides
    that parameter from st.query_params, so it is read from the run's own query string."""
    from urllib.parse import parse_qs

    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    query = parse_qs(getattr(ctx, "query_string", "") or "") if ctx is not None else {}
    return any(v.lower() == "true" for v in query.get("embed", []))
