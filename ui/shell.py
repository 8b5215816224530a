"""The one workaround the app needs in Streamlit's internals, in one place (why, and how it is tested).

Our layout keeps the pages in `pages/` and registers them with `st.navigation` in app.py (DESIGN.md).
Streamlit starts a fresh process in its legacy "pages/ directory" mode until the first `st.navigation`
call, so the very first visit through a deep link (/encoder?text=...) would run pages/encoder.py on its
own, without app.py's sidebar and settings (AppTest does the same on every rerun of a page). Every page
reads `ui.state.settings()` or `ui.i18n.t()` first, and both call `shell_guard()`: when the flag is still
on, it switches it off and reruns, and that run goes through app.py.

It writes a Streamlit-internal class attribute, `PagesManager.uses_pages_directory`. tests/test_shell.py
fails loudly if a Streamlit upgrade renames or removes it, or if a deep link stops reaching app.py.
"""

from __future__ import annotations


def legacy_pages_mode() -> bool:
    """True while Streamlit would run a page script on its own (before any st.navigation call)."""
    from streamlit.runtime.pages_manager import PagesManager

    return bool(PagesManager.uses_pages_directory)


MARK = "_shell_ran"  # session key app.py sets first thing: this session has run through app.py
TRIES, MAX_TRIES = "_shell_tries", 3  # reruns asked for before app.py ran in this session


def mark_shell() -> None:
    """Called by app.py before anything else reads settings or strings."""
    import streamlit as st

    st.session_state[MARK] = True
    st.session_state[TRIES] = 0


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
