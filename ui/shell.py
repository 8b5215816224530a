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


def shell_guard() -> None:
    """Make sure app.py (sidebar, navigation) runs, even when a page script was started on its own."""
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
