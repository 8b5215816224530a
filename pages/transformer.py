"""Transformer: attention only, no recurrence (the note's last row), on the sidebar's sentence.

Tabs (only the open one runs): every layer's and head's attention as a grid (encoder self, decoder masked
self, cross; a click or the selectors enlarge one) · the sinusoidal positional encoding · the Transformer's
cross-attention next to the RNN's · the encoder's time against input length, measured live · both
models' held-out metrics on the same test split. The heads and positions tabs are fragments: their own
controls rerun the tab alone.
"""

import functools
import statistics
import time

import numpy as np
import streamlit as st
import torch

from s2s_core import pretrained
from s2s_core.transformer import positions
from ui import export, state, url_state
from ui.i18n import labels, t
from viz import transformer as V

TASK = "en-ko"
MODEL = pretrained.TRANSFORMER.name  # "en-ko/transformer-2l-4h"
TABS = ("heads", "positions", "versus", "parallel", "metrics")
LENGTHS = (5, 10, 20, 40, 80, 160)  # encoder inputs timed (random known words)
REPS = 15
FORMULA = r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^{\top}}{\sqrt{d_k}} + M\right) V"


def _use_en_ko() -> None:
    state.apply_values(state.task_defaults(TASK))


def rnn_name(s) -> str:
    """The sidebar's RNN when it has attention (something to compare), else the default en-ko RNN."""
    name = state.nearest_name(s) if s.task == TASK else None
    if name and pretrained.parse_name(name)["attention"] != "none":
        return name
    return pretrained.default_name(TASK)


def _on_grid_click(heads: int) -> None:
    picked = V.picked(export.clicked_cell("tf_grid"), heads)
    if picked is not None:
        st.session_state["tf_layer"], st.session_state["tf_head"] = picked


@st.fragment
def heads_tab(trace, L):
    st.markdown(t("transformer.heads_explain"))
    kinds = {k: L[f"kind_{k}"] for k in V.KINDS}
    on_kind = url_state.url_backed("tf_kind", "tkind", "cross", lambda v: v in V.KINDS)
    kind = st.radio(t("transformer.kind"), V.KINDS, key="tf_kind", horizontal=True, format_func=kinds.get,
                    on_change=on_kind)  # fmt: skip
    st.markdown(t(f"transformer.explain_{kind}"))
    layers, heads = trace.cross.shape[:2]
    st.session_state["tf_layer"] = min(int(st.session_state.get("tf_layer", layers - 1)), layers - 1)
    st.session_state["tf_head"] = min(int(st.session_state.get("tf_head", 0)), heads - 1)
    layer_names = {i: L["layer"].format(n=i + 1) for i in range(layers)}
    head_names = {i: L["head"].format(n=i + 1) for i in range(heads)}
    selected = (st.session_state["tf_layer"], st.session_state["tf_head"])
    grid = export.cached(V.head_grid, trace, kind, L, selected=selected)
    export.show_svg(
        grid, "tf_grid", f"transformer-{kind}-heads", on_click=functools.partial(_on_grid_click, heads)
    )
    with st.container(horizontal=True):  # (columns: two more elements to send)
        st.selectbox(t("transformer.layer"), range(layers), key="tf_layer", format_func=layer_names.get)
        st.selectbox(t("transformer.head"), range(heads), key="tf_head", format_func=head_names.get)
    layer, head = st.session_state["tf_layer"], st.session_state["tf_head"]
    export.show_svg(export.cached(V.head_figure, trace, kind, layer, head, L), "tf_head_fig",
                    f"transformer-{kind}-layer{layer + 1}-head{head + 1}")  # fmt: skip
    st.latex(FORMULA)
    st.caption(t("transformer.formula_caption"))


@st.fragment
def positions_tab(trace, L):
    st.markdown(t("transformer.positions_explain"))
    used = len(trace.source.tokens)
    n = st.slider(t("transformer.positions_shown"), max(used, 8), 100, max(used, 40), key="tf_positions")
    pe = positions(n, trace.config["d_model"]).numpy()
    export.show_figure(
        export.cached(V.positions_figure, pe, used, L), "tf_pe", "transformer-positional-encoding"
    )
    export.show_figure(
        export.cached(V.waves_figure, pe, (0, 2, 8, 20, 40), L), "tf_waves", "transformer-positional-waves"
    )


def versus_tab(s, trace, L):
    name = rnn_name(s)
    words = state.describe(name)
    if s.task == TASK and name != state.nearest_name(s):
        st.info(t("transformer.versus_rnn_none", rnn=words), icon=":material/info:")
    st.markdown(t("transformer.versus_explain", rnn=words))
    try:
        rnn = state.get_trace(name, trace.text)
    except Exception:  # the Transformer accepted the text, so the RNN (same vocabulary) does too
        st.error(t("input.failed"), icon=":material/error:")
        return
    a, b = st.columns(2)
    a.caption(t("transformer.output"))
    a.code(trace.output_text or "—", language=None)
    b.caption(t("transformer.rnn_output"))
    b.code(rnn.output_text or "—", language=None)
    export.show_svg(export.cached(V.versus_rnn, trace, rnn, words, L), "tf_versus", "transformer-vs-rnn")


@st.cache_data(max_entries=8, show_spinner=False)
def encoder_times(tf_name: str, rnn: str, run: int) -> list[dict]:
    """Median encoder time (ms) per input length for both models, one input at a time. `run` only makes
    "measure again" a new cache entry; the first measurement of a process is shared."""
    models = {tf_name: state.load_model(tf_name), rnn: state.load_model(rnn)}
    rng = np.random.default_rng(0)
    rows = []
    for length in LENGTHS:
        for name, model in models.items():
            ids = torch.as_tensor(rng.integers(4, len(model.src_vocab), size=(1, length)))
            lengths = torch.tensor([length])
            encode = model.encode if hasattr(model, "encode") else model.encoder
            with torch.inference_mode():
                encode(ids, lengths)  # warm-up
                times = []
                for _ in range(REPS):
                    start = time.perf_counter()
                    encode(ids, lengths)
                    times.append(1000 * (time.perf_counter() - start))
            rows.append({"model": name, "length": length, "ms": statistics.median(times)})
    return rows


def _remeasure() -> None:
    st.session_state["tf_run"] = st.session_state.get("tf_run", 0) + 1


def parallel_tab(s, L):
    tf_layers = pretrained.TRANSFORMER.layers
    name = rnn_name(s)
    st.markdown(t("transformer.parallel_explain", layers=tf_layers, reps=REPS))
    st.button(t("transformer.measure"), key="tf_measure", icon=":material/timer:", on_click=_remeasure)
    rows = encoder_times(MODEL, name, st.session_state.get("tf_run", 0))
    shown = [dict(r, model=L["tf_panel"] if r["model"] == MODEL else state.describe(name)) for r in rows]
    export.show_figure(export.cached(V.timing_figure, shown, L), "tf_time", "transformer-encoder-time")
    st.markdown(
        t("transformer.steps_in_a_row", rnn_layers=pretrained.parse_name(name)["layers"], layers=tf_layers)
    )
    st.caption(t("transformer.parallel_note"))


def metrics_tab(s, L):
    name = rnn_name(s)
    tf_m, rnn_m = state.metrics(MODEL), state.metrics(name)
    st.markdown(t("transformer.metrics_explain", n=f"{tf_m.get('n', 0):,}"))
    table = V.metrics_markdown([(L["tf_panel"], tf_m), (state.describe(name), rnn_m)], L)
    st.markdown(table)


def main():
    s = state.settings()
    L = labels(s.lang, "transformer.viz")
    st.title(t("transformer.title"))
    st.markdown(t("transformer.intro"))
    if MODEL not in pretrained.transformer_names(TASK, folder=state.PRETRAINED_DIR):
        st.info(t("transformer.missing", name=MODEL), icon=":material/info:")
        return
    if s.task != TASK:
        st.info(t("transformer.other_task", task=t(f"task.{s.task}")), icon=":material/info:")
        st.button(t("transformer.switch"), key="tf_switch", icon=":material/swap_horiz:", on_click=_use_en_ko)
        return
    decode = "greedy" if s.decode == "beam" else s.decode
    if s.decode == "beam":
        st.caption(t("transformer.no_beam"))
    trace = state.current_trace(s, model_name=MODEL, decode=decode, beam=4)
    if trace is None:
        return
    st.caption(t("transformer.output"))
    st.code(trace.output_text or "—", language=None)
    views = {
        "heads": lambda: heads_tab(trace, L),
        "positions": lambda: positions_tab(trace, L),
        "versus": lambda: versus_tab(s, trace, L),
        "parallel": lambda: parallel_tab(s, L),
        "metrics": lambda: metrics_tab(s, L),
    }
    view = url_state.url_views("transformer", TABS, "ttab")
    views[view]()  # only the view shown computes and draws anything


main()
