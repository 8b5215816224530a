"""Overview: the seed's whole pipeline with the sidebar's sentence, and its concept table.

입력 시퀀스 → [Encoder RNN] → Context Vector → [Decoder RNN] → 출력 시퀀스, drawn from a real Trace;
each row of the concept table opens the page that shows that idea live, with the same settings.
"""

import streamlit as st

from ui import export, state, url_state
from ui.i18n import current_lang, labels, pure_t, t
from viz import overview

CONCEPTS = {  # the seed's concept table: row -> (the page that shows it live, settings it changes)
    "seq": ("pages/attention.py", {}),
    "enc": ("pages/encoder.py", {}),
    "nlu": ("pages/decoder.py", {}),
    "auto": ("pages/decoder.py", {"task": "copy"}),
}

COPY_SHIPPED = bool(state.shipped_names("copy"))


def _link_key(name: str) -> str:
    return "auto_link_fallback" if name == "auto" and not COPY_SHIPPED else f"{name}_link"


def _open_live_view() -> None:
    """A choice under the concept table opens its page (in the next run, with the same settings).
    Why not four st.page_link: each costs every rerun ~2 ms in the browser; one pills widget costs ~1 ms."""
    goto = st.session_state.get("concept_live")
    st.session_state["concept_live"] = None
    if goto in CONCEPTS:  # the settings change here, in the session: the URL only mirrors them
        changes = CONCEPTS[goto][1] if COPY_SHIPPED else {}
        if changes:  # said on the option beforehand; a button on the next page brings the view back
            st.session_state["_restore"] = url_state.url_params()
        url_state.read_url(url_state.url_params(step=0, **changes))
        st.session_state["_concept_goto"] = goto


goto = st.session_state.pop("_concept_goto", None)
if goto in CONCEPTS:
    st.switch_page(CONCEPTS[goto][0], query_params=url_state.url_params())

s = state.settings()
st.title(t("overview.title"))
trace = state.current_trace(s)
# the intro and the pipeline's heading are one element: every element costs each rerun ~1 ms
heading = f"\n\n### {t('overview.pipeline_heading')}" if trace is not None else ""
st.markdown(t("overview.intro") + heading)


def _on_step() -> None:
    url_state.set_query_param("step", st.session_state["overview_step"])


@st.fragment
def pipeline(trace) -> None:
    """The figure and its step selector rerun alone when only the step changes."""
    out, lang = trace.decoder.output_tokens, current_lang()
    st.session_state["overview_step"] = min(url_state.query_param("step", 0), len(out) - 1)
    step = st.select_slider(
        t("overview.step"),
        options=range(len(out)),
        key="overview_step",
        on_change=_on_step,
        format_func=lambda i: pure_t(lang, "overview.step_format", t=i + 1, token=out[i]),
    )
    lab = labels(lang, "overview.fig")
    alt = t("overview.pipeline_alt", src=" ".join(trace.source.shown), out=" ".join(trace.output_tokens))
    export.show_svg(overview.pipeline_svg(trace, lab, step, alt), "overview_pipeline", "seq2seq-pipeline")
    prev = trace.decoder.input_tokens[step]
    p = float(trace.decoder.chosen_probs[step])
    summary = t("overview.step_summary", t=step + 1, prev=prev, token=out[step], p=p)
    st.caption(f"{t('overview.pipeline_caption')}\n\n{summary}")
    st.page_link("pages/decoder.py", label=t("overview.step_details"), icon=":material/output:",
                 query_params=url_state.url_params(step=step))  # fmt: skip


if trace is not None:
    shown = [] if any(trace.source.unknown) else [(t("overview.input_label"), " ".join(trace.source.shown))]
    # (with unknown words, current_trace has just shown these tokens)
    lines = shown + [(t("overview.output_label"), trace.output_text)]
    st.code("\n".join(f"{label}: {text}" for label, text in lines), language=None)
    pipeline(trace)

    # the seed's two blocks side by side, as one table (one element instead of five)
    recipe = t(f"overview.recipe_{trace.context.recipe}")
    n, h = len(trace.source.tokens), trace.context.vector.shape[0]
    cells = [
        (f"**{t('overview.encoder_heading')}**", f"**{t('overview.decoder_heading')}**"),
        ("---", "---"),
        (t("overview.encoder_body"), t("overview.decoder_body")),
        (
            f"*{t('overview.encoder_live', n=n, h=h, recipe=recipe)}*",
            f"*{t('overview.decoder_live', t=len(trace.decoder.output_tokens))}*",
        ),
    ]
    st.markdown("\n".join(f"| {a} | {b} |" for a, b in cells))
    export.trace_downloads(trace, "overview_trace")

# The table is one markdown element with its heading and note, and one widget opens each row's live view:
# as a grid of columns and links it was ~35 elements, each re-sent and re-rendered on every sidebar change
# (about 1 ms apiece, benchmarks/bench_interaction.py).
head = [t(f"overview.concepts.{key}") for key in ("col_pair", "col_meaning")]
body = [(t(f"overview.concepts.{name}_pair"), t(f"overview.concepts.{name}_meaning")) for name in CONCEPTS]
table = "\n".join(f"| {a} | {b} |" for a, b in [head, ("---", "---"), *body])
st.markdown(f"### {t('overview.concepts.heading')}\n\n{table}\n\n{t('overview.concepts.intro')}")
st.pills(
    t("overview.concepts.col_live"),
    list(CONCEPTS),
    key="concept_live",
    format_func=lambda name: t(f"overview.concepts.{_link_key(name)}"),
    on_change=_open_live_view,
)
if not COPY_SHIPPED:
    st.caption(t("overview.concepts.auto_missing"))
