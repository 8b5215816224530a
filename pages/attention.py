"""Attention: where the decoder looks in the input while it writes each output token.

Tabs: heatmap (click a cell or pick a step: the row, its input tokens and the bipartite lines light up)
· raw scores vs softmax weights · the three score functions · gold alignment and AER · what-if (replace
a word, or pin one step's attention). The selected step is the URL's `step`, shared with the Decoder page.
"""

import zlib

import streamlit as st

from s2s_core import pretrained
from s2s_core.tasks import get_task
from ui import code_view, export, state, url_state
from ui.i18n import labels, t
from ui.live_input import section
from viz import attention as A
from viz.common import markdown_table

TABS = ("heatmap", "scores", "types", "gold", "whatif")
KINDS = ("additive", "dot", "general")
HEATMAP_WIDTH = 660  # viewBox units of the heatmap in its column (3 of 5): its text stays >= 12 px at 1280 px
HALF_WIDTH = 550  # and of one in half the page's width


def on_click():
    """A click on a heatmap cell selects its row's decoder step."""
    cell = export.clicked_cell("att_heatmap")
    if cell is not None:
        url_state.set_query_param("step", cell["row"])


def heatmap_tab(trace, L):
    z, rows, cols = A.matrix(trace)
    st.session_state["step"] = state.step_index(st.session_state.get("step", 0), len(rows) - 1)
    left, right = st.columns([3, 2])
    with right:
        st.selectbox(t("attention.step"), range(len(rows)), key="step", help=t("attention.click_hint"),
                     format_func=lambda i: f"{i + 1} · {rows[i]}")  # fmt: skip
        step = state.step_index(st.session_state["step"], len(rows) - 1)
        svg = export.cached(A.step_weights_svg, trace, step, L)
        export.show_svg(svg, "att_step", f"attention-step{step + 1}")
    with left:
        svg = export.cached(A.heatmap_figure, z, rows, cols, L, t("attention.heatmap_title"), selected=step,
                            width=HEATMAP_WIDTH)  # fmt: skip
        export.show_svg(svg, "att_heatmap", "attention-heatmap", on_click=on_click)
        st.caption(t("attention.click_hint"))
    section(t("attention.bipartite"), t("attention.bipartite_explain"))
    export.show_svg(
        export.cached(A.bipartite_svg, trace, L, selected=step), "att_bipartite", "attention-bipartite"
    )


def types_tab(s, trace, L):
    st.markdown(t("attention.types_explain"))
    for kind in KINDS:
        mark = t("attention.current") if kind == trace.config["attention"] else ""
        st.markdown(f"**{t(f'attention_kind.{kind}')}** {mark}")
        st.latex(A.FORMULAS[kind])
        st.caption(t(f"attention.explain_{kind}"))
    st.latex(A.SOFTMAX)
    cfg = trace.config
    names = {
        k: pretrained.model_name(s.task, cfg["cell"], cfg["bidirectional"], cfg["layers"], k) for k in KINDS
    }
    shipped = {k: n for k, n in names.items() if n in state.shipped_names(s.task)}
    if len(shipped) < 2:
        st.info(t("attention.variants_missing"), icon=":material/info:")
        return
    st.subheader(t("attention.variants"))
    traces = {k: state.get_trace(n, s.text) for k, n in shipped.items()}
    export.show_figure(export.cached(A.variants_figure, traces, L), "att_variants", "attention-variants")


def gold_tab(s, trace, L):
    st.markdown(t("attention.gold_explain"))
    task = get_task(s.task)
    pair = state.find_pair(s.task, s.text) if task.has_alignment else None
    if pair is None:
        st.info(
            t("attention.gold_none" if task.has_alignment else "attention.gold_task_none"),
            icon=":material/info:",
        )
        if task.has_alignment:
            st.button(t("attention.gold_try", text=task.examples[0]), key="att_gold_try",
                      on_click=st.session_state.update, kwargs={"text": task.examples[0], "step": 0})  # fmt: skip
        return
    forced = state.get_trace(trace.model, s.text, reference=pair.tgt)
    report = A.gold_report(forced, pair)
    st.metric(t("attention.aer"), f"{report['aer']:.3f}", help=t("attention.aer_help"))
    st.latex(r"\mathrm{AER} = 1 - \frac{|A \cap S| + |A \cap P|}{|A| + |S|}")
    st.caption(
        t("attention.gold_counts", hits=report["hits_sure"], sure=report["n_sure"], links=report["n_links"])
    )
    z, rows, cols = A.matrix(forced)
    svg = export.cached(A.heatmap_figure, z, rows, cols, L, t("attention.gold_title"),
                        gold=(report["sure"], report["possible"]), clickable=False)  # fmt: skip
    export.show_svg(svg, "att_gold", "attention-gold-alignment")


def whatif_tab(s, trace, L):
    st.markdown(t("attention.whatif_explain"))
    st.code(f"{trace.text}\n→ {trace.output_text or '∅'}", language=None)
    args = state.trace_args(s)
    model = state.load_model(trace.model)
    tokens = trace.source.tokens
    st.subheader(t("attention.whatif_word"))
    c1, c2 = st.columns(2)
    pos = c1.selectbox(t("attention.whatif_position"), range(len(tokens)), key=f"att_wi_pos_{_h(trace.text)}",
                       format_func=lambda i: f"{i + 1}. {trace.source.shown[i]}")  # fmt: skip
    words = sorted(w for w in model.src_vocab.itos[4:] if w != tokens[pos])
    word = c2.selectbox(t("attention.whatif_replacement"), words, key=f"att_wi_word_{_h(trace.text)}_{pos}", index=None,
                        placeholder=t("attention.whatif_pick"))  # fmt: skip
    if word is not None:
        edited = A.replace_word(tokens, pos, word, model.cfg.src_tokenizer)
        before_after(trace, state.get_trace(trace.model, edited, **args), L, "word")
    st.subheader(t("attention.whatif_pin"))
    T = len(trace.decoder.output_tokens)
    c1, c2 = st.columns(2)
    step = c1.selectbox(t("attention.whatif_pin_step"), range(T), key=f"att_pin_step_{_h(trace.text)}",
                        index=state.step_index(st.session_state.get("step", 0), T - 1),
                        format_func=lambda i: f"{i + 1} · {trace.decoder.output_tokens[i]}")  # fmt: skip
    src = c2.selectbox(t("attention.whatif_pin_source"), range(len(tokens)), index=None, key="att_pin_src",
                       format_func=lambda i: f"{i + 1}. {trace.source.shown[i]}",
                       placeholder=t("attention.whatif_pick"))  # fmt: skip
    if src is not None:
        pin = ((int(step), A.one_hot(len(tokens), int(src))),)
        before_after(trace, state.get_trace(trace.model, s.text, pin=pin, **args), L, "pin")


def before_after(before, after, L, key):
    """Outputs and heatmaps before and after a what-if change, side by side."""
    changed = before.output_tokens != after.output_tokens
    (st.warning if changed else st.success)(t("attention.changed" if changed else "attention.unchanged"))
    cols = st.columns(2)
    for col, tr, name in ((cols[0], before, "before"), (cols[1], after, "after")):
        with col:
            st.caption(t(f"attention.{name}"))
            st.code(f"{tr.text}\n→ {tr.output_text or '∅'}", language=None)
            z, rows, src = A.matrix(tr)
            svg = export.cached(A.heatmap_figure, z, rows, src, L, t(f"attention.{name}"), clickable=False,
                                width=HALF_WIDTH)  # fmt: skip
            export.show_svg(svg, f"att_{key}_{name}", f"attention-whatif-{key}-{name}")
    st.markdown(markdown_table(A.compare_table(before.output_tokens, after.output_tokens, L)))


def scores_tab(trace, L):
    st.markdown(t("attention.scores_explain"))
    step = state.step_index(st.session_state.get("step", 0), len(trace.decoder.output_tokens) - 1)
    fig = export.cached(A.scores_and_weights_figure, trace, L, selected=step)
    export.show_figure(fig, "att_scores", "attention-scores-vs-weights")


def no_attention(trace, L):
    """Nothing to weigh: say so, show the one vector every step gets instead, offer the additive model."""
    st.info(t("attention.none_explain"), icon=":material/visibility_off:")
    st.button(t("attention.use_additive"), key="att_use_additive", type="primary",
              on_click=st.session_state.update, kwargs={"att": "additive"})  # fmt: skip
    export.show_figure(
        export.cached(A.fixed_context_figure, trace, L), "att_fixed_context", "attention-none-fixed-context"
    )


def _h(text):
    return zlib.crc32(text.encode())


def main():
    s = state.settings()
    L = labels(s.lang, "attention.viz")
    st.title(t("attention.title"))
    trace = state.current_trace(s)  # the sentence box first, right under the title (issue 10)
    st.markdown(t("attention.intro"))
    if trace is None:
        return
    if trace.decoder.attention_weights is None:
        no_attention(trace, L)
        return
    sections = {
        "heatmap": lambda: heatmap_tab(trace, L),
        "scores": lambda: scores_tab(trace, L),
        "types": lambda: types_tab(s, trace, L),
        "gold": lambda: gold_tab(s, trace, L),
        "whatif": lambda: whatif_tab(s, trace, L),
    }
    sections[url_state.url_views("attention", TABS, "atab")]()  # only the view shown is computed
    export.trace_downloads(trace, "att_trace")
    code_view.show(
        "s2s_core.decoder:Decoder.attend",
        "s2s_core.attention:Attention.scores",
        "s2s_core.attention:masked_softmax",
    )


main()
