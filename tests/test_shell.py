"""ui.shell: the one Streamlit-internal workaround (PagesManager.uses_pages_directory). These tests fail
loudly when a Streamlit upgrade changes what it relies on: the flag's name, the legacy mode it switches
off, or a deep link reaching app.py through it."""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui import i18n, shell, state


def test_streamlit_still_starts_in_legacy_pages_mode_because_pages_exists():
    assert hasattr(PagesManager, "uses_pages_directory"), (
        "Streamlit renamed PagesManager.uses_pages_directory: ui/shell.py must follow (see its docstring)"
    )
    saved = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = None
        PagesManager(str(ROOT / "app.py"), ScriptCache(), setup_watcher=False)
        assert PagesManager.uses_pages_directory is True, (
            "Streamlit no longer starts in legacy pages/ mode: shell_guard may be unnecessary now"
        )
        assert shell.legacy_pages_mode()
    finally:
        PagesManager.uses_pages_directory = saved


def deep_link(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "en"
    at.switch_page(page)
    return at.run()


def test_a_deep_link_runs_through_app_py():
    at = deep_link("pages/encoder.py")
    assert not at.exception
    assert at.sidebar.radio(key="lang").value == "en"  # app.py's sidebar was drawn
    assert not shell.legacy_pages_mode()


def test_without_the_guard_a_deep_link_runs_the_page_alone(monkeypatch):
    """What the guard is for: without it the page script runs on its own, without app.py's sidebar."""
    noop = lambda: None  # noqa: E731
    monkeypatch.setattr(state, "shell_guard", noop)
    monkeypatch.setattr(i18n, "shell_guard", noop)
    at = deep_link("pages/encoder.py")
    assert not [w for w in at.sidebar.radio if w.key == "lang"], (
        "a page runs through app.py even without shell_guard: Streamlit changed; ui/shell.py may go"
    )


def test_a_session_that_never_ran_app_py_reruns_even_when_the_flag_is_off():
    """The race of a class opening links at once on a fresh server: another session already switched the
    process-wide flag off, yet this session's first run started in legacy mode (the page alone). Here the
    page itself is the main script, so the flag is off from the start and app.py is never reached: the
    guard asks for a rerun, a bounded number of times, and never loops."""
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60)
    at.run()
    assert not shell.legacy_pages_mode()
    assert at.session_state[shell.TRIES] == shell.MAX_TRIES and shell.MARK not in at.session_state
