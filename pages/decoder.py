"""Decoder: how the output is written one token at a time, each step fed the token it wrote before.

Tabs: step-through (Prev/Next + slider, the step kept in the URL) · teacher forcing vs free running ·
greedy vs beam search (with the beam tree) · sampling with temperature. Only the open tab is computed.
"""

import zlib

import streamlit as st

from s2s_core.search import MAX_BEAM, MAX_TEMPERATURE
from s2s_core.text import InputError, tokenize
from ui import code_view, export, state, url_state
from ui.i18n import labels, t
from ui.live_input import section
from viz import decoder as V
from viz.common import markdown_table

TABS = ("step", "forcing", "search", "sampling")
TEMPERATURES = (0.5, 1.0, 2.0, 5.0)  # shown next to the user's own temperature


def move(delta, last):
    """Prev/Next: one step, kept inside 0..last, written to the URL."""
    step = state.step_index(st.session_state.get("step", 0), last)
    url_state.set_query_param("step", min(max(step + delta, 0), last))


def _slid():
    """The slider moved: the URL follows now (a fragment's rerun does not reach app.py's sync_url)."""
    url_state.set_query_param("step", st.session_state["step"])


def step_controls(trace):
    """Prev / slider / Next, all on the shared `step` (the URL's step); returns the selected step."""
    T = len(trace.decoder.output_tokens)
    last = T - 1
    st.session_state["step"] = state.step_index(st.session_state.get("step", 0), last)
    if last == 0:
        return 0
    # Buttons at their own width in a row that wraps, the slider under them: at 150% zoom three columns
    # squeezed the buttons to "‹ (" (issue 10); stacked, nothing shrinks.
    with st.container(horizontal=True, key="dec_step_buttons"):
        st.button(t("decoder.prev"), key="dec_prev", on_click=move, args=(-1, last), disabled=st.session_state["step"] == 0,
                  icon=":material/chevron_left:", width="content")  # fmt: skip
        st.button(t("decoder.next"), key="dec_next", on_click=move, args=(1, last), disabled=st.session_state["step"] == last,
                  icon=":material/chevron_right:", width="content")  # fmt: skip
    tokens = trace.decoder.output_tokens
    st.select_slider(t("decoder.step_slider"), range(T), key="step", help=t("decoder.step_help"),
                     format_func=lambda i: f"{i + 1} · {tokens[i]}", on_change=_slid)  # fmt: skip
    return state.step_index(st.session_state["step"], last)


@st.fragment
def step_tab(trace, L):
    """A fragment: a step (Prev, Next, the slider) reruns this tab alone, not the page and the sidebar
    (fewer elements sent and re-rendered per step, benchmarks/bench_interaction.py)."""
    st.markdown(t("decoder.step_explain"))
    step = step_controls(trace)
    dec = trace.decoder
    if step == 0:
        st.info(t("decoder.first_step"), icon=":material/start:")
    else:
        st.info(
            t("decoder.fed_back", t=step + 1, prev=step, token=dec.input_tokens[step]),
            icon=":material/replay:",
        )
    export.show_svg(V.unrolled_svg(trace, step, L), "dec_unrolled", f"decoder-unrolled-step{step + 1}")
    export.show_figure(
        export.cached(V.topk_figure, trace, step, L), "dec_topk", f"decoder-topk-step{step + 1}"
    )
    section(t("decoder.steps_table"), markdown_table(V.steps_table(trace, L)))


def default_reference(s, free):
    """The task's reference when the sentence is in its data, else the model's own output (to edit)."""
    pair = state.find_pair(s.task, s.text)
    return (pair.tgt, True) if pair else (free.output_text, False)


def forcing_tab(s, trace, L):
    st.markdown(t("decoder.forcing_explain"))
    free = state.get_trace(trace.model, s.text)
    ref, gold = default_reference(s, free)
    key = f"dec_ref_{zlib.crc32((trace.model + trace.text).encode())}"
    reference = st.text_input(
        t("decoder.reference"), ref, key=key, max_chars=400, help=t("decoder.reference_help")
    )
    if reference == ref:  # once edited, it is the student's own reference: no "pre-filled" notice
        st.caption(t("decoder.reference_gold" if gold else "decoder.reference_own"))
    model = state.load_model(trace.model)
    unknown = [w for w in tokenize(reference, model.cfg.tgt_tokenizer) if w not in model.tgt_vocab]
    if unknown:
        st.warning(t("decoder.reference_unknown", n=len(unknown)), icon=":material/help:")
        st.code("  ".join(unknown), language=None)
    try:
        forced = state.get_trace(trace.model, s.text, reference=reference)
    except InputError as err:
        state.show_input_error(err)
        return
    table = V.forcing_table(forced, free, L)
    diverged = [i for i, mark in enumerate(table[L["col_differs"]]) if mark]
    if diverged:
        st.warning(
            t("decoder.forcing_diverges", step=diverged[0] + 1, n=len(diverged)), icon=":material/call_split:"
        )
    else:
        st.success(t("decoder.forcing_same"), icon=":material/check:")
    export.show_figure(export.cached(V.forcing_figure, forced, L), "dec_forcing", "decoder-teacher-forcing")
    st.markdown(markdown_table(table))


def beam_figure(name, text, width, lang):
    """The beam tree of `text` (built once per input: export.cached)."""
    tree = state.get_trace(name, text, decode="beam", beam=width).beam
    return V.beam_tree_figure(tree, labels(lang, "decoder.viz"))


def search_tab(s, trace, L):
    st.markdown(t("decoder.search_explain"))
    width = st.slider(t("decoder.beam_width"), 1, MAX_BEAM, value=max(s.beam, 2), key="dec_beam",
                      help=t("decoder.beam_width_help"))  # fmt: skip
    name = trace.model
    greedy = state.get_trace(name, s.text, decode="greedy")
    beam = state.get_trace(name, s.text, decode="beam", beam=width)
    left, right = st.columns(2)
    for col, key, tr in ((left, "greedy_output", greedy), (right, "beam_output", beam)):
        col.metric(t(f"decoder.{key}"), f"{V.sequence_logprob(tr):.3f}", help=t("decoder.logprob_help"))
        col.code(tr.output_text or "∅", language=None)
    same = greedy.output_tokens == beam.output_tokens
    st.caption(t("decoder.beam_same" if same else "decoder.beam_differs"))
    export.show_figure(
        export.cached(beam_figure, name, s.text, width, s.lang), "dec_beam_tree", f"decoder-beam-{width}"
    )


def sampling_tab(s, trace, L):
    st.markdown(t("decoder.sampling_explain"))
    c1, c2 = st.columns(2)
    start = float(s.temperature) if s.decode == "sample" else 1.5  # at 1.0 a confident model shows little
    temp = c1.slider(t("decoder.temperature"), 0.1, MAX_TEMPERATURE, value=start, step=0.1, key="dec_temp",
                     help=t("decoder.temperature_help"))  # fmt: skip
    n = c2.number_input(t("decoder.n_samples"), 1, 8, value=5, key="dec_n")
    seeds = [s.seed + i for i in range(int(n))]
    name = trace.model
    samples = [state.get_trace(name, s.text, decode="sample", temperature=temp, seed=k) for k in seeds]
    st.markdown(markdown_table(V.samples_table(samples, seeds, L)))
    step = state.step_index(st.session_state.get("step", 0), len(trace.decoder.output_tokens) - 1)
    st.caption(t("decoder.temperature_step", step=step + 1))
    itos = state.load_model(name).tgt_vocab.itos
    fig = export.cached(V.temperature_figure, trace.decoder.logits[step], itos, (*TEMPERATURES, temp), L)
    export.show_figure(fig, "dec_temperature", f"decoder-temperature-step{step + 1}")


def main():
    s = state.settings()
    L = labels(s.lang, "decoder.viz")
    st.title(t("decoder.title"))
    trace = state.current_trace(s)  # the sentence box first, right under the title (issue 10)
    st.markdown(t("decoder.intro"))
    if trace is None:
        return
    view = url_state.url_views("decoder", TABS, "dtab")
    if view == "step":
        step_tab(trace, L)
    else:
        {"forcing": forcing_tab, "search": search_tab, "sampling": sampling_tab}[view](s, trace, L)
    export.trace_downloads(trace, "dec_trace")
    code_view.show(
        "s2s_core.model:Seq2Seq._decode_steps", "s2s_core.decoder:Decoder.step", "s2s_core.search:beam_search"
    )


main()
