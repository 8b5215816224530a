"""The pieces of a page section that runs its own model on its own input (RNN I/O types, Applications):
a text box kept in the URL with the task's examples beside it, the trace (or a clear message), its attention,
the unknown-word note, the model's held-out figure, and buttons that open the Encoder, Decoder or Attention
page on the same task and input; and a section's heading with its text in one element."""

from __future__ import annotations

import streamlit as st

from s2s_core.tasks import get_task
from s2s_core.text import InputError
from ui import export, state, url_state
from ui.i18n import labels, t
from viz.attention import heatmap_figure, matrix

OPEN = {"encoder": "pages/encoder.py", "decoder": "pages/decoder.py", "attention": "pages/attention.py"}
GOTO = "_live_open"  # the page a button asked for; the next run switches to it (st.switch_page)


def _pick_example(key: str, target: str, param: str) -> None:
    choice = st.session_state.get(key)
    st.session_state[key] = None
    if choice:
        st.session_state[target] = choice
        url_state.set_query_param(param, choice)


def text_box(key: str, param: str, task: str, label: str, help_: str | None = None, examples=None) -> str:
    """A section's own input (in the URL as `param`) with examples beside it (default: the task's)."""
    examples = tuple(examples or get_task(task).examples)
    on_change = url_state.url_backed(key, param, examples[0], lambda v: isinstance(v, str) and len(v) <= 400)
    with st.container(horizontal=True, vertical_alignment="bottom"):  # (columns: two more elements to send)
        text = st.text_input(label, key=key, max_chars=400, on_change=on_change, help=help_)
        st.selectbox(t("io.examples"), examples, index=None, key=f"{key}_example", placeholder=t("io.examples_placeholder"),
                     on_change=_pick_example, args=(f"{key}_example", key, param), width=280)  # fmt: skip
    return text


def section(title: str, text: str) -> None:
    """A section's heading and its explanation as one element (every element costs each rerun a message and
    a render of the page in the browser, benchmarks/bench_interaction.py)."""
    st.markdown(f"### {title}\n\n{text}")


def trace_of(name: str, text: str):
    """The shipped model `name` on `text` (cached), or None after saying plainly what is wrong with it."""
    try:
        return state.get_trace(name, text)
    except InputError as err:
        state.show_input_error(err)
        return None


def attention_figure(trace, title: str, key: str) -> None:
    """The trace's attention as the Attention page draws it (nothing for a model without attention)."""
    if trace.decoder.attention_weights is not None:
        svg = heatmap_figure(
            *matrix(trace), labels(st.session_state["lang"], "attention.viz"), title, clickable=False
        )
        export.show_svg(svg, key, key.replace("_", "-"))


def unknown_note(tokens, unknown) -> bool:
    """Say which words the model does not know (they became <unk>); True if there were any."""
    words = [tok for tok, u in zip(tokens, unknown) if u]
    if words:
        st.warning(t("input.unknown", n=len(words)), icon=":material/help:")
        st.code("  ".join(words), language=None)
    return bool(words)


def metric_caption(name: str) -> None:
    m = state.metrics(name)
    if m:
        st.caption(t("io.metric", exact=m["exact_match"], n=m["n"]))


def _open(page: str, task: str, text: str) -> None:
    state.apply_values(state.task_defaults(task) | {"text": text, "step": 0})
    st.session_state[GOTO] = page
    st.rerun()  # the whole app, also from a fragment (a tab): its page's follow_open switches pages


def open_buttons(task: str, text: str, key: str) -> None:
    """Buttons that put `task` and `text` into the sidebar and open the Encoder, Decoder or Attention page."""
    with st.container(horizontal=True):
        for page, path in OPEN.items():
            st.button(t(f"io.open_{page}"), key=f"{key}_open_{page}", on_click=_open, args=(path, task, text),
                      icon=":material/open_in_new:")  # fmt: skip


def follow_open() -> None:
    """First thing on a page with open_buttons: switch to the page a button asked for."""
    goto = st.session_state.pop(GOTO, None)
    if goto in OPEN.values():
        st.switch_page(goto, query_params=url_state.url_params())
