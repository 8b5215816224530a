"""Compare: two models side by side on the same sentence (issue 12).

A is the sidebar's model; B is any shipped model, picked from the list or by a preset that changes one
setting of A (direction, cell, attention), and kept in the URL (`b`), so a link shows the same pair.
One table (outputs, held-out metrics, size, B − A), the attention of both in one figure, their encoder
states in one figure, and where the two outputs differ. Few elements: every one is re-sent and re-drawn on
each interaction.
"""

import streamlit as st

from s2s_core import pretrained
from s2s_core.tasks import get_task
from s2s_core.text import InputError
from ui import export, state, url_state
from ui.i18n import labels, t
from viz import compare as C

PRESETS = ("direction", "cell", "attention", "misaligned")
GOOD = 0.95  # "translates well": held-out exact match at least this (the model card's target)


def preset_name(name: str, preset: str) -> str:
    """The model that differs from `name` in one setting; "misaligned": of the task's models that
    translate well (exact match >= GOOD), the one whose attention aligns worst (highest AER), the case
    where attention weights stop meaning "the word being translated"."""
    arch = pretrained.parse_name(name)
    if preset == "misaligned":
        aer = {n: state.metrics(n).get("aer") for n in state.shipped_names(arch["task"])}
        good = [n for n, a in aer.items() if a is not None and state.metrics(n).get("exact_match", 0) >= GOOD]
        return max(good, key=lambda n: (aer[n], n)) if good else name
    if preset == "direction":
        arch["bidirectional"] = not arch["bidirectional"]
    elif preset == "cell":
        arch["cell"] = "lstm" if arch["cell"] == "gru" else "gru"
    else:
        arch["attention"] = "none" if arch["attention"] != "none" else "additive"
    return pretrained.nearest(folder=state.PRETRAINED_DIR, **arch) or name


def task_name(name: str) -> str:
    return t(f"task.{name.split('/')[0]}")


def _apply_preset(a: str, preset: str) -> None:
    st.session_state["cmp_b"] = preset_name(a, preset)
    url_state.set_query_param("b", st.session_state["cmp_b"])


@st.cache_data(max_entries=128, show_spinner=False)
def params(name: str) -> int:
    return sum(p.numel() for p in state.load_model(name).parameters())


def summary(name: str, trace) -> dict:
    words = f"{task_name(name)} · {state.describe(name)} ({name})"
    return dict(state.metrics(name), params=params(name), words=words, output=trace.output_text)


def pick_b(a: str, task: str) -> tuple[str, str]:
    """The presets and the list of every shipped model; returns (B's name, the text B reads)."""
    shipped = state.shipped_names()
    on_b = url_state.url_backed("cmp_b", "b", preset_name(a, "direction"), lambda v: v in shipped)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(t("compare.presets"))
        for preset in PRESETS:
            st.button(t(f"compare.preset_{preset}"), key=f"cmp_preset_{preset}", on_click=_apply_preset,
                      args=(a, preset))  # fmt: skip
    shown = {n: f"{task_name(n)} · {state.describe(n)}" for n in shipped}  # captured: AppTest formats later
    b = st.selectbox(t("compare.pick_b"), shipped, key="cmp_b", on_change=on_b, format_func=shown.get)
    if b.split("/")[0] == task:
        return b, st.session_state["text"]
    # another task reads another kind of input: B gets its own
    on_text = url_state.url_backed("cmp_text_b", "btext", get_task(b.split("/")[0]).examples[0])
    return b, st.text_input(t("compare.text_b"), key="cmp_text_b", max_chars=200, on_change=on_text)


def main():
    s = state.settings()
    L = labels(s.lang, "compare.viz")
    st.title(t("compare.title"))
    trace = state.current_trace(s)
    st.markdown(t("compare.intro"))
    if trace is None:
        return
    b, text_b = pick_b(trace.model, s.task)
    try:
        tr_b = state.get_trace(b, text_b)
    except InputError as err:
        state.show_input_error(err)
        return
    st.markdown(C.table_markdown(summary(trace.model, trace), summary(b, tr_b), L))
    export.show_svg(export.cached(C.attention_pair, trace, tr_b, L), "cmp_attention", "compare-attention")
    export.show_svg(export.cached(C.states_pair, trace, tr_b, L), "cmp_states", "compare-encoder-states")
    if b.split("/")[0] != s.task:
        st.caption(t("compare.diff_other_task"))
        return
    n = C.differences(trace.output_tokens, tr_b.output_tokens)
    st.markdown(t("compare.same") if n == 0 else t("compare.differ", n=n))
    if n:
        diff_labels = dict(labels(s.lang, "bottleneck.viz"), row_a="A", row_b="B")
        export.show_svg(
            C.diff_svg(trace.output_tokens, tr_b.output_tokens, diff_labels), "cmp_diff", "compare-outputs"
        )
    metrics_b = state.metrics(b)
    if (
        metrics_b.get("aer") is not None
        and metrics_b["aer"] > 0.3
        and metrics_b.get("exact_match", 0) >= GOOD
    ):
        st.info(
            t("compare.aligns_badly", aer=metrics_b["aer"], exact=metrics_b["exact_match"]),
            icon=":material/info:",
        )


main()
