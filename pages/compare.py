"""Compare: two models side by side on the same sentence (issue 12).

A is the sidebar's model; B is any shipped model, picked from the list or by a preset that changes one
setting of A (direction, cell, attention), and kept in the URL (`b`), so a link shows the same pair.
Each side: output, held-out metrics (B's with its difference from A), parameter count, attention and
encoder states. Below: where the two outputs differ.
"""

import streamlit as st

from s2s_core import pretrained
from s2s_core.tasks import get_task
from s2s_core.text import InputError
from ui import export, state
from ui.i18n import labels, t
from viz import attention as A
from viz import compare as C
from viz import encoder as E

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
    state.set_query_param("b", st.session_state["cmp_b"])


def side(column, tag: str, name: str, text: str, other_metrics: dict | None, L, EL):
    """One model's column; returns its trace (None on bad input)."""
    with column:
        st.subheader(t("compare.side", tag=tag))
        st.markdown(f"**{task_name(name)}** · {state.describe(name)}")
        st.caption(name)
        try:
            tr = state.get_trace(name, text)
        except InputError as err:
            state.show_input_error(err)
            return None
        st.caption(t("compare.output"))
        st.code(tr.output_text or " ", language=None)
        metrics = dict(state.metrics(name))
        metrics["params"] = sum(p.numel() for p in state.load_model(name).parameters())
        rows = (
            C.metric_rows(other_metrics, metrics)
            if other_metrics is not None
            else C.metric_rows(metrics, metrics)
        )
        cols = [c for _ in range(2) for c in st.columns(2)]  # 2 x 2: four numbers in a half page stay whole
        for col, row in zip(cols, rows):
            value = row["b"]
            shown = "—" if value is None else (f"{value:,}" if row["key"] == "params" else f"{value:.1%}")
            delta = None
            if other_metrics is not None and row["delta"] is not None and row["delta"] != 0:
                delta = (
                    f"{row['delta']:+,}"
                    if row["key"] == "params"
                    else t("compare.points", d=row["delta"] * 100)
                )
            colour = "inverse" if row["key"] in ("aer", "params") else "normal"
            col.metric(t(f"compare.metric_{row['key']}"), shown, delta, delta_color=colour)
        if tr.attention is not None:
            z, rows_, cols_ = A.matrix(tr)
            fig = A.heatmap(z, rows_, cols_, L, t("compare.attention_title", tag=tag), clickable=False)
            export.show_figure(fig, f"cmp_att_{tag}", f"compare-{tag}-attention")
        else:
            st.info(t("compare.no_attention"), icon=":material/info:")
        layer = tr.config["layers"] - 1
        export.show_figure(E.states_figure(tr, layer, EL), f"cmp_states_{tag}", f"compare-{tag}-states")
        return tr


def main():
    s = state.settings()
    L = labels(s.lang, "attention.viz")
    EL = labels(s.lang, "encoder.viz")
    st.title(t("compare.title"))
    trace = state.current_trace(s)
    st.markdown(t("compare.intro"))
    if trace is None:
        return
    a = trace.model
    shipped = state.shipped_names()
    on_b = state.url_backed("cmp_b", "b", preset_name(a, "direction"), lambda v: v in shipped)
    st.caption(t("compare.presets"))
    with st.container(horizontal=True):
        for preset in PRESETS:
            st.button(t(f"compare.preset_{preset}"), key=f"cmp_preset_{preset}", on_click=_apply_preset,
                      args=(a, preset))  # fmt: skip
    shown = {n: f"{task_name(n)} · {state.describe(n)}" for n in shipped}  # captured: AppTest formats later
    b = st.selectbox(t("compare.pick_b"), shipped, key="cmp_b", on_change=on_b, format_func=shown.get)
    b_task = b.split("/")[0]
    text_b = s.text
    if b_task != s.task:  # another task reads another kind of input: B gets its own sentence
        on_text = state.url_backed("cmp_text_b", "btext", get_task(b_task).examples[0])
        text_b = st.text_input(t("compare.text_b"), key="cmp_text_b", max_chars=200, on_change=on_text)
    left, right = st.columns(2)
    side(left, "A", a, s.text, None, L, EL)
    metrics_a = dict(state.metrics(a), params=sum(p.numel() for p in state.load_model(a).parameters()))
    tr_b = side(right, "B", b, text_b, metrics_a, L, EL)
    if tr_b is None:
        return
    st.subheader(t("compare.diff_header"))
    if b_task != s.task:
        st.caption(t("compare.diff_other_task"))
        return
    n = C.differences(trace.output_tokens, tr_b.output_tokens)
    st.markdown(t("compare.same") if n == 0 else t("compare.differ", n=n))
    labels_diff = dict(
        labels(s.lang, "bottleneck.viz"), row_a=t("compare.side", tag="A"), row_b=t("compare.side", tag="B")
    )
    export.show_svg(
        C.diff_svg(trace.output_tokens, tr_b.output_tokens, labels_diff), "cmp_diff", "compare-outputs"
    )
    aer = state.metrics(b).get("aer")
    if aer is not None and aer > 0.3 and state.metrics(b).get("exact_match", 0) >= GOOD:
        st.info(
            t("compare.aligns_badly", aer=aer, exact=state.metrics(b)["exact_match"]), icon=":material/info:"
        )


main()
