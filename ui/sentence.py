"""The sentence box: at the top of the main area of every page that shows a trace, with its examples.

It used to be the sidebar's tenth control, below the fold on a laptop (issue 10). The sidebar keeps the
model's settings; the sentence, which every view follows, sits where the eye starts. Streamlit's own
"Press Enter to apply" hint is English whatever the language, so it is hidden and ours is shown instead.
"""

from __future__ import annotations

import streamlit as st

from s2s_core.tasks import get_task
from ui.i18n import t

# Streamlit's built-in hint under a text box; one <style> element hides it (ours is the caption below).
_HIDE_STREAMLIT_HINT = "<style>[data-testid='InputInstructions'] { display: none; }</style>"


def _on_example() -> None:
    choice = st.session_state.get("example")
    if choice:
        st.session_state["text"] = choice
        st.session_state["step"] = 0
    st.session_state["example"] = None


def box() -> None:
    """The text box (key "text", mirrored in the URL) and the task's examples beside it."""
    text, examples = st.columns([3, 2], vertical_alignment="bottom")
    text.text_input(t("sentence.label"), key="text", placeholder=t("sentence.placeholder"))
    examples.selectbox(
        t("sentence.examples"),
        get_task(st.session_state["task"]).examples,
        index=None,
        key="example",
        placeholder=t("sentence.examples_placeholder"),
        on_change=_on_example,
    )
    st.caption(t("sentence.hint"))
    st.html(_HIDE_STREAMLIT_HINT)
