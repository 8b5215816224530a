"""RNN input/output types: the note's table as diagrams, and each type live on a model trained for it.

The five-panel picture first, then one tab per type: one-to-one (a digit image -> its name), one-to-many (the
same image -> a caption, written token by token), many-to-one (sentiment, the prediction after each word),
many-to-many delayed (the en-ko translator the other pages explain, one click away there) and synchronized
many-to-many (a part-of-speech tagger). Each tab has its own input, kept in the URL, and is a fragment: its
input reruns the tab alone, not the sidebar and the page around it (benchmarks/bench_interaction.py).
"""

import streamlit as st

from s2s_core import frames, io_types
from s2s_core.tasks.tagging import TAGS
from s2s_core.text import InputError
from ui import code_view, export, state, url_state
from ui.i18n import labels, t
from ui.image_input import image_input
from ui.live_input import (
    attention_figure,
    follow_open,
    metric_caption,
    open_buttons,
    section,
    text_box,
    trace_of,
    unknown_note,
)
from ui.measured import SENTIMENT, word_by_word
from viz import io_types as V
from viz.decoder import topk_figure

MODELS = {
    "one_to_one": "digits/gru-uni-1l-none",
    "one_to_many": "digit-captioning/gru-uni-1l-none",
    "many_to_one": "sentiment/gru-uni-1l-none",
    "many_to_many": "en-ko/gru-bi-2l-additive",
    "synchronized": "tagging/gru-bi-1l-additive",
}
TABS = tuple(MODELS)  # one per type, in the order of the picture


def image_trace(name: str):
    """The chosen image drawn, and through `name`: (trace, the column beside the image), or None after saying
    what is wrong."""
    text = image_input()
    trace = trace_of(name, text)
    if trace is None:
        return None
    a, b = st.columns([1, 2])
    with a:
        export.show_figure(
            export.cached(V.image_figure, frames.image(text), t("io.image_title")),
            f"{name}_image",
            "digit-image",
        )
    return trace, b


@st.fragment
def one_to_one_tab(L) -> None:
    section(t("io.o2o_header"), t("io.o2o_explain"))
    got = image_trace(MODELS["one_to_one"])
    if got is None:
        return
    trace, right = got
    label = trace.output_tokens[0] if trace.output_tokens else "—"
    with right:
        st.markdown(t("io.prediction", label=label, p=float(trace.decoder.chosen_probs[0])))
        svg = V.type_diagram("one_to_one", ["▦"], [label], t("io.o2o_diagram_title"))
        export.show_svg(svg, "io_o2o_diagram", "one-to-one-diagram")
    dec = labels(st.session_state["lang"], "decoder.viz")
    export.show_figure(export.cached(topk_figure, trace, 0, dec), "io_o2o_topk", "one-to-one-probabilities")
    st.caption(t("io.o2o_caption"))
    metric_caption(MODELS["one_to_one"])
    code_view.show(
        "s2s_core.frames:frames", "s2s_core.encoder:Encoder.trace", "s2s_core.decoder:Decoder.step"
    )


@st.fragment
def one_to_many_tab(L) -> None:
    section(t("io.o2m_header"), t("io.o2m_explain"))
    got = image_trace(MODELS["one_to_many"])
    if got is None:
        return
    trace, right = got
    with right:
        st.caption(t("io.caption"))
        st.code(trace.output_text or "—", language=None)
    outputs = list(trace.decoder.output_tokens)  # (a word per step: the whole width, not the narrow column)
    svg = V.type_diagram("one_to_many", ["▦"], outputs, t("io.o2m_diagram_title"))
    export.show_svg(svg, "io_o2m_diagram", "one-to-many-diagram")
    n = len(trace.decoder.output_tokens)
    step = st.slider(t("io.o2m_step"), 1, n, 1, key="io_o2m_step") if n > 1 else 1
    dec = labels(st.session_state["lang"], "decoder.viz")
    export.show_figure(export.cached(topk_figure, trace, step - 1, dec), "io_o2m_topk", "one-to-many-step")
    fed = trace.decoder.input_tokens[step - 1]
    st.caption(t("io.o2m_step_caption", step=step, fed=fed))
    metric_caption(MODELS["one_to_many"])
    code_view.show("s2s_core.model:Seq2Seq._decode_steps", "s2s_core.decoder:Decoder.step")


@st.fragment
def many_to_one_tab(L) -> None:
    section(t("io.m2o_header"), t("io.m2o_explain"))
    text = text_box("io_review", "review", "sentiment", t("io.review"), t("io.review_help"))
    try:
        wbw = word_by_word(text)
    except InputError as err:
        state.show_input_error(err)
        return
    unknown_note(wbw.tokens, wbw.unknown)
    p = float(wbw.probs[-1][SENTIMENT.index(wbw.label)])
    st.markdown(t("io.prediction", label=L[wbw.label], p=p))
    shown = ["<unk>" if u else tok for tok, u in zip(wbw.tokens, wbw.unknown)]
    svg = V.type_diagram("many_to_one", shown, [L[wbw.label]], t("io.m2o_diagram_title"))
    export.show_svg(svg, "io_m2o_diagram", "many-to-one-diagram")
    svg = export.cached(V.word_by_word_svg, wbw, L, t("io.m2o_line_title"))
    export.show_svg(svg, "io_m2o_line", "many-to-one-by-word")
    st.caption(t("io.m2o_line_caption"))
    metric_caption(MODELS["many_to_one"])
    code_view.show("s2s_core.io_types:prediction_by_word", "s2s_core.io_types:shape")


@st.fragment
def many_to_many_tab(L) -> None:
    section(t("io.m2m_header"), t("io.m2m_explain"))
    text = text_box("io_mt", "mt", "en-ko", t("io.mt_input"))
    trace = trace_of(MODELS["many_to_many"], text)
    if trace is None:
        return
    unknown_note(trace.source.tokens, trace.source.unknown)
    st.caption(t("io.mt_output"))
    st.code(trace.output_text or "—", language=None)
    outputs = list(trace.output_tokens) or ["<eos>"]
    svg = V.type_diagram("many_to_many", trace.source.shown, outputs, t("io.m2m_diagram_title"))
    export.show_svg(svg, "io_m2m_diagram", "many-to-many-diagram")
    open_buttons("en-ko", text, "io")
    metric_caption(MODELS["many_to_many"])


@st.fragment
def synchronized_tab(L) -> None:
    section(t("io.sync_header"), t("io.sync_explain"))
    text = text_box("io_tag", "tagtext", "tagging", t("io.tag_input"), t("io.tag_input_help"))
    name = MODELS["synchronized"]
    trace = trace_of(name, text)
    if trace is None:
        return
    unknown_note(trace.source.tokens, trace.source.unknown)
    tbw = io_types.tags_by_word(trace, state.load_model(name).tgt_vocab, TAGS)
    if not tbw.aligned:
        st.warning(
            t("io.not_aligned", tags=len(trace.output_tokens), words=len(tbw.words)), icon=":material/help:"
        )
    tags = [x or "—" for x in tbw.tags]
    svg = V.type_diagram("synchronized", trace.source.shown, tags, t("io.sync_diagram_title"))
    export.show_svg(svg, "io_sync_diagram", "synchronized-diagram")
    export.show_figure(
        export.cached(V.tags_figure, tbw, L, t("io.tags_title")), "io_sync_tags", "synchronized-tags"
    )
    st.caption(t("io.tag_legend"))
    attention_figure(trace, t("io.attention_title"), "io_sync_attention")
    metric_caption(name)
    code_view.show("s2s_core.io_types:tags_by_word", "s2s_core.decoder:Decoder.attend")


def main():
    follow_open()
    s = state.settings()
    L = labels(s.lang, "io.viz")
    st.title(t("io.title"))
    st.markdown(t("io.intro"))
    export.show_svg(V.all_types_svg(L, t("io.picture_title")), "io_all", "rnn-io-types")
    st.caption(t("io.picture_caption"))
    missing = [n for n in MODELS.values() if n not in state.shipped_names(n.split("/")[0])]
    if missing:
        st.info(t("bottleneck.missing", names=", ".join(missing)), icon=":material/info:")
        return
    views = {
        "one_to_one": one_to_one_tab,
        "one_to_many": one_to_many_tab,
        "many_to_one": many_to_one_tab,
        "many_to_many": many_to_many_tab,
        "synchronized": synchronized_tab,
    }
    views[url_state.url_views("io", TABS, "iotab")](L)  # only the view shown computes and draws anything


main()
