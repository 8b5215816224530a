"""The sentence box: at the top of the main area of every page that shows a trace, with its examples.

It used to be the sidebar's tenth control, below the fold on a laptop (issue 10). The sidebar keeps the
model's settings; the sentence, which every view follows, sits where the eye starts. Streamlit's own
"Press Enter to apply" hint is English whatever the language, so it is hidden and ours is shown instead.
"""

from __future__ import annotations

import html

import streamlit as st

from s2s_core.tasks import get_task
from ui.i18n import t

# Our hint, and the rule that hides Streamlit's own (English) one, in one element: every element of the box
# is sent and diffed on every rerun, and the box is on every page (issue 10 kept the interaction speed).
# The hint is our own i18n text, never user input, so it may go out as HTML.
_HINT = (
    '<p style="font-size:0.875rem;color:rgba(17,17,17,0.6);margin:0 0 1rem 0">{hint}</p>'
    "<style>[data-testid='InputInstructions'] {{ display: none; }}"
    # a wide table scrolls inside itself, not the page (a phone is 390 px wide: issue 14)
    " [data-testid='stMarkdownContainer'] table {{ display: block; overflow-x: auto; max-width: 100%; }}</style>"
)


def _on_example() -> None:
    choice = st.session_state.get("example")
    if choice:
        st.session_state["text"] = choice
        st.session_state["step"] = 0
    st.session_state["example"] = None


_SLOT = "_sentence_slot"  # this run's reserved place for the box (session_state: a run's only per-run store)


def box() -> None:
    """Reserve the box's place at the top of the page; `draw_pending` fills it once the page is drawn.

    Why later: Streamlit sends a run's elements in the order they are drawn, and the browser paints them as
    they come. Drawn first, the box's widgets went out before the page's figures and delayed every figure
    update (~0.1x of an empty app's rerun, issue 10); filled at the end, it still shows at the top."""
    st.session_state[_SLOT] = st.container()


def reset() -> None:
    """Forget a place reserved by an earlier run that did not finish (app.py, before the page runs)."""
    st.session_state.pop(_SLOT, None)


def draw_pending() -> None:
    """Draw the text box (key "text", mirrored in the URL) and the task's examples beside it in the place
    `box` reserved in this run, if any: one horizontal container and one hint element."""
    slot = st.session_state.pop(_SLOT, None)
    if slot is None:
        return
    with slot:
        with st.container(horizontal=True, vertical_alignment="bottom", key="sentence_box"):
            st.text_input(t("sentence.label"), key="text", placeholder=t("sentence.placeholder"))
            st.selectbox(
                t("sentence.examples"),
                get_task(st.session_state["task"]).examples,
                index=None,
                key="example",
                placeholder=t("sentence.examples_placeholder"),
                on_change=_on_example,
                width=320,
            )
        st.markdown(_HINT.format(hint=html.escape(t("sentence.hint"))), unsafe_allow_html=True)
