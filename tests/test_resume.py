"""ui.resume and ui.shell.browser_values: a browser that reconnects to a process that does not know it (a
replica that died, a restarted server) keeps what the user just did. The whole path runs in a real browser
in tests/e2e/test_deploy_e2e.py; here, each value kind the browser sends, and the Streamlit internals read."""

from __future__ import annotations

import types

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime.state.safe_session_state import SafeSessionState
from streamlit.runtime.state.session_state import SessionState
from streamlit.testing.v1 import AppTest

from s2s_core.attention import ATTENTIONS
from s2s_core.cells import CELLS
from s2s_core.search import DECODES
from tests.conftest import ROOT
from ui import resume, shell
from ui.i18n import LANG_NAMES, LANGS, pure_t
from ui.state import MAX_CHARS

CHOICES = {  # ui.sidebar.choices() as it is in an English session
    "lang": dict(options=LANGS, format_func=LANG_NAMES.get),
    "cell": dict(options=CELLS, format_func=str.upper),
    "att": dict(options=ATTENTIONS, format_func=lambda v: pure_t("en", f"attention_kind.{v}")),
    "decode": dict(options=DECODES, format_func=lambda v: pure_t("en", f"decode.{v}")),
}
EXAMPLES = ("I love you", "she likes cats")


def ws(**value) -> WidgetState:
    ((kind, v),) = value.items()
    w = WidgetState(id="$$ID-0-x")
    if kind.endswith("_array_value"):
        getattr(w, kind).data.extend(v)
    else:
        setattr(w, kind, v)
    return w


def decode(**incoming) -> dict:
    return resume.decode(incoming, CHOICES, lambda n: {str(n), f"{n} (no model)"}, EXAMPLES)


def test_each_kind_of_value_the_browser_sends_is_read_back():
    got = decode(
        text=ws(string_value="we meet the teacher"),
        bi=ws(bool_value=False),
        lang=ws(string_value="English"),
        cell=ws(string_value="LSTM"),
        att=ws(string_value=pure_t("en", "attention_kind.dot")),
        decode=ws(string_value=pure_t("en", "decode.beam")),
        layers=ws(string_value="3 (no model)"),
        beam=ws(double_array_value=[4.0]),
        temp=ws(double_array_value=[0.7]),
        seed=ws(int_value=5),
        step=ws(double_array_value=[2.0]),
    )
    assert got == dict(text="we meet the teacher", bi=False, lang="en", cell="lstm", att="dot",
                       decode="beam", layers=3, beam=4, temp=0.7, seed=5, step=2)  # fmt: skip


@pytest.mark.parametrize(
    "key, value",
    [
        ("cell", ws(string_value="TRANSFORMER")),  # a label of no option
        ("cell", ws(bool_value=True)),  # the wrong kind
        ("bi", ws(string_value="1")),
        ("layers", ws(string_value="5")),
        ("beam", ws(double_array_value=[99.0])),  # out of range: the URL's parser refuses it
        ("beam", ws(double_array_value=[1.0, 2.0])),  # a range slider's two values
        ("temp", ws(string_value="hot")),
        ("tf_layer", ws(string_value="1")),  # a page's own widget: Streamlit restores it when drawn
        ("example", ws(string_value="not an example")),
    ],
)
def test_a_value_that_matches_nothing_is_ignored(key, value):
    assert decode(**{key: value}) == {}


def test_the_sentence_is_capped_and_a_picked_example_replaces_it():
    assert decode(text=ws(string_value="x" * 10_000))["text"] == "x" * MAX_CHARS
    got = decode(text=ws(string_value="I love you"), example=ws(string_value="she likes cats"))
    assert got == dict(text="she likes cats", step=0)


def test_widget_key_reads_a_keyed_widgets_id():
    assert shell.widget_key("$$ID-88c0dd91a839e82893ab20a340585fd2-text") == "text"
    assert shell.widget_key("$$ID-521f1e84e0a3e1ffefaad125136c6c81-enc_layer_2") == "enc_layer_2"
    assert shell.widget_key("$$ID-abc-a-b") == "a-b"
    assert shell.widget_key("$$ID-88c0dd91a839e82893ab20a340585fd2-None") == "None"
    assert shell.widget_key("plain") is None and shell.widget_key("$$ID-abc") is None


def test_browser_values_reads_what_a_reconnecting_browser_sent(monkeypatch):
    """Streamlit's own SessionState, fed the proto a browser sends: fails loudly if the internals that
    ui/shell.py reads (SafeSessionState._state, _new_widget_state, get_serialized, widget_metadata) change."""
    state = SessionState()
    text = WidgetState(id="$$ID-88c0dd91a839e82893ab20a340585fd2-text", string_value="we meet the teacher")
    unkeyed = WidgetState(id="$$ID-88c0dd91a839e82893ab20a340585fd2-None-x", bool_value=True)
    state.on_script_will_rerun(WidgetStates(widgets=[text, unkeyed]))
    ctx = types.SimpleNamespace(session_state=SafeSessionState(state, lambda: None))
    import streamlit.runtime.scriptrunner_utils.script_run_context as src

    monkeypatch.setattr(src, "get_script_run_ctx", lambda: ctx)
    got = shell.browser_values()
    assert got["text"].string_value == "we meet the teacher"
    assert set(got) == {"text", "None-x"}  # (unkeyed ids do not look like this; an odd key is harmless)
    monkeypatch.setattr(src, "get_script_run_ctx", lambda: None)
    assert shell.browser_values() == {}


def test_the_sidebar_draws_the_labels_resume_reads_back():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    for key, spec in CHOICES.items():
        widget = (
            at.sidebar.radio(key=key)
            if key in ("lang", "cell", "att", "decode")
            else at.sidebar.selectbox(key=key)
        )
        assert list(widget.options) == [spec["format_func"](o) for o in spec["options"]], key


def test_only_a_sessions_first_run_looks_at_the_browsers_values(monkeypatch):
    monkeypatch.setattr(shell, "browser_values", lambda: pytest.fail("read on a later run"))
    resume.carry_on(first_run=False)  # not the first run: never looks
