"""Overview: the seed's whole pipeline with the sidebar's sentence, and its concept table.

입력 시퀀스 → [Encoder RNN] → Context Vector → [Decoder RNN] → 출력 시퀀스, drawn from a real Trace;
each row of the concept table links to the page that shows that idea live, with the same settings.
"""

import streamlit as st

from ui import export, state
from ui.i18n import current_lang, labels, pure_t, t
from viz import overview

s = state.settings()
st.title(t("overview.title"))
st.markdown(t("overview.intro"))
trace = state.current_trace(s)


def _on_step() -> None:
    state.set_query_param("step", st.session_state["overview_step"])


@st.fragment
def pipeline(trace) -> None:
    """The figure and its step selector rerun alone when only the step changes."""
    out, lang = trace.decoder.output_tokens, current_lang()
    st.session_state["overview_step"] = min(state.query_param("step", 0), len(out) - 1)
    step = st.select_slider(
        t("overview.step"),
        options=range(len(out)),
        key="overview_step",
        on_change=_on_step,
        format_func=lambda i: pure_t(lang, "overview.step_format", t=i, token=out[i]),
    )
    lab = labels(lang, "overview.fig")
    alt = t("overview.pipeline_alt", src=" ".join(trace.source.shown), out=" ".join(trace.output_tokens))
    export.show_figure(
        overview.pipeline_figure(trace, lab, step), "overview_pipeline", "seq2seq-pipeline", alt=alt
    )
    st.caption(t("overview.pipeline_caption"))
    prev = trace.decoder.input_tokens[step]
    p = float(trace.decoder.chosen_probs[step])
    st.markdown(t("overview.step_summary", t=step, prev=prev, token=out[step], p=p))
    st.page_link("pages/decoder.py", label=t("overview.step_details"), icon=":material/output:",
                 query_params=state.url_params(step=step))  # fmt: skip


if trace is not None:
    left, right = st.columns(2)
    out_col = left
    if not any(trace.source.unknown):  # with unknown words, current_trace has just shown these tokens
        left.caption(t("overview.input_label"))
        left.code(" ".join(trace.source.shown), language=None)
        out_col = right
    out_col.caption(t("overview.output_label"))
    out_col.code(trace.output_text, language=None)

    st.subheader(t("overview.pipeline_heading"))
    pipeline(trace)

    enc, dec = st.columns(2)
    with enc.container(border=True):
        st.markdown(f"**{t('overview.encoder_heading')}**  \n{t('overview.encoder_body')}")
        recipe = t(f"overview.recipe_{trace.context.recipe}")
        st.caption(
            t(
                "overview.encoder_live",
                n=len(trace.source.tokens),
                h=trace.context.vector.shape[0],
                recipe=recipe,
            )
        )
    with dec.container(border=True):
        st.markdown(f"**{t('overview.decoder_heading')}**  \n{t('overview.decoder_body')}")
        st.caption(t("overview.decoder_live", t=len(trace.decoder.output_tokens)))

    st.caption(t("overview.downloads_heading"))
    export.trace_downloads(trace, "overview_trace")

st.subheader(t("overview.concepts.heading"))
st.caption(t("overview.concepts.intro"))
copy_shipped = bool(state.shipped_names("copy"))
rows = [
    ("seq", "pages/attention.py", {}),
    ("enc", "pages/encoder.py", {}),
    ("nlu", "pages/decoder.py", {}),
    ("auto", "pages/decoder.py", {"task": "copy"} if copy_shipped else {}),
]
head = st.columns([2, 3, 3])
for col, key in zip(head, ("col_pair", "col_meaning", "col_live")):
    col.markdown(f"**{t(f'overview.concepts.{key}')}**")
for name, page, changes in rows:
    c1, c2, c3 = st.columns([2, 3, 3], vertical_alignment="center")
    c1.markdown(t(f"overview.concepts.{name}_pair"))
    c2.markdown(t(f"overview.concepts.{name}_meaning"))
    link = "auto_link_fallback" if name == "auto" and not copy_shipped else f"{name}_link"
    params = state.url_params(step=0, **changes)
    c3.page_link(
        page, label=t(f"overview.concepts.{link}"), icon=":material/arrow_forward:", query_params=params
    )
if not copy_shipped:
    st.caption(t("overview.concepts.auto_missing"))
