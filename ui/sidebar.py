"""The sidebar every page shares: language, model, decoding and the input sentence.

Widgets are keyed by their URL parameter name (ui.state.PARAMS), carry no `value=` (the session holds
it), and a change reruns the whole app, so every view updates from the same settings.
"""

from __future__ import annotations

import streamlit as st

from s2s_core import pretrained
from s2s_core.attention import ATTENTIONS
from s2s_core.cells import CELLS
from s2s_core.search import DECODES, MAX_BEAM, MAX_TEMPERATURE
from s2s_core.tasks import get_task
from ui import state
from ui.i18n import LANG_NAMES, LANGS, option_labels, t


def _on_task() -> None:
    """A new task brings its own default model and example sentence."""
    state._apply(state.task_defaults(st.session_state["task"]))


def _on_example() -> None:
    choice = st.session_state.get("example")
    if choice:
        st.session_state["text"] = choice
        st.session_state["step"] = 0
    st.session_state["example"] = None


def switch_to(name: str) -> None:
    """Point the sidebar at a shipped model (used by the 'nearest model' button)."""
    arch = pretrained.parse_name(name)
    state._apply(
        dict(cell=arch["cell"], bi=arch["bidirectional"], layers=arch["layers"], att=arch["attention"])
    )


def render() -> None:
    sb = st.sidebar
    sb.radio(t("sidebar.language"), LANGS, key="lang", format_func=LANG_NAMES.get, horizontal=True)

    sb.subheader(t("sidebar.model_header"))
    sb.selectbox(
        t("sidebar.task"),
        state.task_options(),
        key="task",
        format_func=option_labels("task.{}"),
        on_change=_on_task,
    )
    sb.radio(
        t("sidebar.cell"),
        CELLS,
        key="cell",
        format_func=str.upper,
        horizontal=True,
        help=t("sidebar.cell_help"),
    )
    sb.toggle(t("sidebar.bidirectional"), key="bi", help=t("sidebar.bidirectional_help"))
    sb.slider(t("sidebar.layers"), 1, 4, key="layers", help=t("sidebar.layers_help"))
    sb.selectbox(
        t("sidebar.attention"),
        ATTENTIONS,
        key="att",
        format_func=option_labels("attention_kind.{}"),
        help=t("sidebar.attention_help"),
    )

    sb.subheader(t("sidebar.decoding_header"))
    sb.radio(t("sidebar.decode"), DECODES, key="decode", format_func=option_labels("decode.{}"))
    decode = st.session_state["decode"]
    if decode == "beam":
        sb.slider(t("sidebar.beam"), 1, MAX_BEAM, key="beam", help=t("sidebar.beam_help"))
    if decode == "sample":
        sb.slider(
            t("sidebar.temperature"),
            0.1,
            MAX_TEMPERATURE,
            step=0.1,
            key="temp",
            help=t("sidebar.temperature_help"),
        )
        sb.number_input(t("sidebar.seed"), 0, state.MAX_SEED, step=1, key="seed")

    sb.subheader(t("sidebar.input_header"))
    sb.text_input(t("sidebar.text"), key="text", help=t("sidebar.text_help"))
    sb.selectbox(
        t("sidebar.examples"),
        get_task(st.session_state["task"]).examples,
        index=None,
        key="example",
        placeholder=t("sidebar.examples_placeholder"),
        on_change=_on_example,
    )


def model_notice(s: state.Settings) -> None:
    """Above every page: which model is shown, and a plain warning when it is not the one asked for.
    (When no model can be shown at all, current_trace says so where the views would be.)"""
    name, _, note = state.model_for(s)
    if note and name:
        st.warning(note, icon=":material/swap_horiz:")
        st.button(
            t("model.switch", nearest=name),
            key="switch_nearest",
            on_click=switch_to,
            args=(name,),
            icon=":material/check:",
            type="primary",
        )
    st.sidebar.caption(t("sidebar.model_in_use", name=name or "—"))


def share_box(page_path: str) -> None:
    """The link that restores this exact view; st.code gives it a copy button."""
    with st.sidebar.expander(t("share.title"), icon=":material/link:"):
        st.caption(t("share.help"))
        st.code(state.share_url(page_path), language=None, wrap_lines=True)
