"""Bottleneck lab: the fixed-length context vector against growing inputs, with and without attention.

Three parts, on the reverse task's two shipped bidirectional GRUs (the same but for attention):
exact match against input length (the build's held-out curve, plus "run it now" on new sequences of a
chosen length), the context vector of a short and a long input (the same size for both), and one long
input reversed by both models side by side. Bahdanau et al. 2015's Fig. 2, reproduced on our models.
Each part is a fragment: its own controls rerun it alone (none of them changes anything outside it).
"""

import random

import streamlit as st

from s2s_core.lesson import correct_positions
from s2s_core.tasks import get_task
from s2s_core.tasks.symbols import MAX_LENGTH as TRAINED_MAX
from s2s_core.text import MAX_TOKENS, InputError, tokenize
from s2s_core.train import evaluate
from ui import export, state, url_state
from ui.i18n import labels, t
from ui.live_input import section
from viz import bottleneck as B

TASK = "reverse"
MODELS = {"none": f"{TASK}/gru-bi-1l-none", "additive": f"{TASK}/gru-bi-1l-additive"}
RUN_MAX = 50  # "run it now" goes past the training lengths (1..30), where both models are on new ground
RUN_SIZES = (20, 50, 100)


def random_sequence(length: int, seed: int) -> str:
    return get_task(TASK).fresh(length, random.Random(seed)).src


@st.cache_data(max_entries=32, show_spinner=False)
def run_now(length: int, n: int, seed: int) -> dict[str, tuple[int, float, int]]:
    """Exact match of both models on n new sequences of `length` (seeded: the same draw for everyone)."""
    rng = random.Random(seed * 1000 + length)
    pairs = [get_task(TASK).fresh(length, rng) for _ in range(n)]
    return {
        kind: (length, evaluate(state.load_model(name), pairs)["exact_match"], n)
        for kind, name in MODELS.items()
    }


@st.fragment
def curve_part(L):
    section(t("bottleneck.curve_header"), t("bottleneck.curve_explain"))
    curves = {}
    for kind, name in MODELS.items():
        by_length = state.metrics(name).get("by_length", {})
        curves[kind] = {int(k): float(v) for k, v in by_length.items()}
    a, b, c = st.columns([3, 2, 2], vertical_alignment="bottom")
    on_length = url_state.url_backed("bn_run_length", "blen", 40, lambda v: 1 <= v <= RUN_MAX)
    length = a.slider(t("bottleneck.run_length"), 1, RUN_MAX, key="bn_run_length", help=t("bottleneck.run_length_help"),
                      on_change=on_length)  # fmt: skip
    n = b.radio(t("bottleneck.run_n"), RUN_SIZES, index=1, horizontal=True, key="bn_run_n")
    c.button(t("bottleneck.run"), key="bn_run", icon=":material/play_arrow:", on_click=_run, args=(length, n))
    runs = st.session_state.get("bn_runs")
    export.show_figure(
        export.cached(B.curve_figure, curves, L, TRAINED_MAX, runs), "bn_curve", "bottleneck-curve"
    )
    if runs:
        none, att = runs["none"], runs["additive"]
        st.markdown(t("bottleneck.run_result", length=none[0], n=none[2], none=none[1], att=att[1]))
        if none[0] > TRAINED_MAX:
            st.caption(t("bottleneck.run_beyond", max=TRAINED_MAX))


def _run(length: int, n: int) -> None:
    st.session_state["bn_runs"] = run_now(length, n, st.session_state.get("bn_seed", 0))
    st.session_state["bn_seed"] = st.session_state.get("bn_seed", 0) + 1  # the next run draws anew


@st.fragment
def context_part(L):
    section(t("bottleneck.context_header"), t("bottleneck.context_explain"))
    a, b = st.columns(2)
    on_short = url_state.url_backed("bn_short", "bshort", random_sequence(4, 1))
    on_long = url_state.url_backed("bn_long", "blong", random_sequence(28, 2))
    short = a.text_input(t("bottleneck.short"), key="bn_short", max_chars=200, on_change=on_short)
    long = b.text_input(t("bottleneck.long"), key="bn_long", max_chars=200, on_change=on_long)
    rows = []
    for text in (short, long):
        try:
            tr = state.get_trace(MODELS["none"], text)
        except InputError as err:
            state.show_input_error(err)
            return
        n = len(tr.source.tokens)
        rows.append((t("bottleneck.row", n=n), tr.context.vector))
    export.show_figure(export.cached(B.context_figure, rows, L), "bn_context", "bottleneck-context-vectors")
    st.caption(t("bottleneck.context_same", h=len(rows[0][1])))


@st.fragment
def outputs_part(L):
    section(t("bottleneck.outputs_header"), t("bottleneck.outputs_explain"))
    on_input = url_state.url_backed("bn_input", "binput", random_sequence(24, 3))
    text = st.text_input(t("bottleneck.input"), key="bn_input", max_chars=200, on_change=on_input,
                         help=t("bottleneck.input_help", max=MAX_TOKENS))  # fmt: skip
    try:
        traces = {kind: state.get_trace(name, text) for kind, name in MODELS.items()}
    except InputError as err:
        state.show_input_error(err)
        return
    source = tokenize(traces["none"].text, "symbol")
    if any(traces["none"].source.unknown):
        st.warning(t("bottleneck.unknown"), icon=":material/help:")
    reference = source[::-1]
    outputs = {L[f"row_{kind}"]: list(tr.output_tokens) for kind, tr in traces.items()}
    export.show_svg(B.token_rows_svg(reference, outputs, L), "bn_rows", "bottleneck-outputs")
    for kind, tr in traces.items():
        right = correct_positions(reference, tr.output_tokens)
        exact = list(tr.output_tokens) == reference
        st.markdown(f"- {t('bottleneck.score', model=L[f'kind_{kind}'], right=right, n=len(reference))}"
                    + (f" {t('bottleneck.exact')}" if exact else ""))  # fmt: skip


def main():
    s = state.settings()
    L = labels(s.lang, "bottleneck.viz")
    st.title(t("bottleneck.title"))
    st.markdown(t("bottleneck.intro"))
    shipped = state.shipped_names(TASK)
    missing = [name for name in MODELS.values() if name not in shipped]
    if missing:
        st.info(t("bottleneck.missing", names=", ".join(missing)), icon=":material/info:")
        return
    curve_part(L)
    context_part(L)
    outputs_part(L)


main()
