"""Applications: the note's table of what seq2seq is used for, every row a trained model running here.

Machine translation (en-ko, ko-en, dates), a chatbot, summarization, speech recognition and video
captioning: one tab each, its own input, the model's output, where its attention went, its held-out figure,
and buttons that open the same model and input on the Encoder, Decoder and Attention pages (the sidebar
gets its task: those pages explain it as they explain the translators). Each tab is a fragment: its own
input reruns the tab alone, not the sidebar and the page around it (benchmarks/bench_interaction.py).
"""

import numpy as np
import streamlit as st

from s2s_core import frames, pretrained
from s2s_core.frames import COLOURS, MOVES, SHAPES
from s2s_core.tasks.speech import WORDS as SPOKEN
from ui import code_view, export, state, url_state
from ui.i18n import labels, option_labels, t
from ui.live_input import (
    attention_figure,
    follow_open,
    metric_caption,
    open_buttons,
    text_box,
    trace_of,
    unknown_note,
)
from viz import applications as V
from viz.common import md_escape

TABS = ("translation", "chatbot", "summarization", "speech", "video")
TRANSLATORS = ("en-ko", "ko-en", "dates")
TASKS = {
    "chatbot": "chatbot",
    "summarization": "summarization",
    "speech": "speech",
    "video": "video-captioning",
}
MAX_TAKE = 999
CODE = {  # what makes a tab's input, besides the model's own trace
    "speech": ("s2s_core.frames:spectrogram", "s2s_core.frames:waveform"),
    "video-captioning": ("s2s_core.frames:video",),
}


def name_of(task: str) -> str:
    return pretrained.DEFAULTS[task]


def traced(task: str, text: str):
    """The task's default model on `text`, or None after saying what is wrong."""
    return trace_of(name_of(task), text)


def answer(trace, task: str, text: str, label: str, attention_title: str, key: str, extra=None) -> None:
    """How every tab ends: the output under its label (then `extra`, if any), where the attention went, the
    buttons that open it on the other pages, and the model's held-out figure."""
    st.caption(label)
    st.code(trace.output_text or "—", language=None)
    if extra is not None:
        extra()
    attention_figure(trace, attention_title, f"{key}_attention")
    open_buttons(task, text, key)
    metric_caption(name_of(task))
    code_view.show(*CODE.get(task, ()), "s2s_core.model:Seq2Seq.trace")


@st.fragment
def translation_tab() -> None:
    st.markdown(t("apps.translation_explain"))
    on_task = url_state.url_backed("apps_mt_task", "mtask", "en-ko", lambda v: v in TRANSLATORS)
    task = st.radio(t("apps.translator"), TRANSLATORS, key="apps_mt_task", horizontal=True, on_change=on_task,
                    format_func=option_labels("task.{}"))  # fmt: skip
    text = text_box(f"apps_mt_{task}", f"mt_{task.replace('-', '')}", task, t("apps.input"))
    trace = traced(task, text)
    if trace is None:
        return
    unknown_note(trace.source.tokens, trace.source.unknown)
    answer(trace, task, text, t("apps.output"), t("apps.attention_title"), "apps_mt")


@st.fragment
def chatbot_tab() -> None:
    st.markdown(t("apps.chatbot_explain"))
    text = text_box("apps_chat", "chat", "chatbot", t("apps.message"), t("apps.message_help"))
    trace = traced("chatbot", text)
    if trace is None:
        return
    if unknown_note(trace.source.tokens, trace.source.unknown):
        st.info(t("apps.chatbot_outside"), icon=":material/info:")
    answer(trace, "chatbot", text, t("apps.reply"), t("apps.attention_title"), "apps_chat")


@st.fragment
def summarization_tab() -> None:
    st.markdown(t("apps.summarization_explain"))
    text = text_box("apps_sum", "long", "summarization", t("apps.long_sentence"))
    trace = traced("summarization", text)
    if trace is None:
        return
    unknown_note(trace.source.tokens, trace.source.unknown)

    def kept_words():  # the source with the words the summary's steps looked at most in bold
        weights = trace.decoder.attention_weights  # (T, S)
        kept = {int(np.argmax(row)) for row in weights[: len(trace.output_tokens)]}
        words = [
            f"**{md_escape(w)}**" if i in kept else md_escape(w) for i, w in enumerate(trace.source.shown)
        ]
        st.caption(t("apps.kept"))
        st.markdown(" ".join(words))  # user text, escaped word by word

    answer(trace, "summarization", text, t("apps.summary"), t("apps.summary_attention_title"), "apps_sum",
           extra=kept_words)  # fmt: skip


def _take(key: str, param: str) -> int:
    on_change = url_state.url_backed(key, param, 1, lambda v: isinstance(v, int) and 0 <= v <= MAX_TAKE)
    return int(st.number_input(t("apps.take"), 0, MAX_TAKE, step=1, key=key, on_change=on_change,
                               help=t("apps.take_help")))  # fmt: skip


@st.fragment
def speech_tab() -> None:
    st.markdown(t("apps.speech_explain"))
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    with a:
        words = text_box("apps_words", "say", "speech", t("apps.words"), t("apps.words_help", words=", ".join(SPOKEN)),
                         examples=("go left", "stop", "seven three", "yes", "up down"))  # fmt: skip
    with b:
        take = _take("apps_say_take", "saytake")
    text = f"speech:{words}#{take}"
    trace = traced("speech", text)
    if trace is None:
        return
    unknown = [w for w in words.lower().split() if w not in SPOKEN]
    if unknown:
        st.info(t("apps.speech_unheard", words=", ".join(unknown)), icon=":material/info:")
    spec = frames.frames(text, "speech")
    L = labels(st.session_state["lang"], "apps.viz")
    export.show_figure(
        export.cached(V.spectrogram_figure, spec, L, t("apps.spectrogram_title")),
        "apps_spec",
        "speech-spectrogram",
    )
    st.caption(t("apps.listen"))
    st.audio(frames.waveform(spec), sample_rate=frames.SAMPLE_RATE)
    answer(trace, "speech", text, t("apps.transcript"), t("apps.speech_attention_title"), "apps_speech")


@st.fragment
def video_tab() -> None:
    st.markdown(t("apps.video_explain"))
    cols = st.columns(4, vertical_alignment="bottom")
    picks = []
    for col, (param, options) in zip(cols[:3], (("colour", COLOURS), ("shape", SHAPES), ("move", MOVES))):
        key = f"apps_video_{param}"
        on_change = url_state.url_backed(key, f"v{param}", next(iter(options)), lambda v, o=options: v in o)
        names = {o: t(f"apps.{param}_{o}") for o in options}
        picks.append(col.selectbox(t(f"apps.{param}"), tuple(options), key=key, on_change=on_change,
                                   format_func=names.get))  # fmt: skip
    with cols[3]:
        take = _take("apps_video_take", "vtake")
    text = f"video:{' '.join(picks)}#{take}"
    trace = traced("video-captioning", text)
    if trace is None:
        return
    clip = frames.frames(text, "video")
    L = labels(st.session_state["lang"], "apps.viz")
    export.show_figure(
        export.cached(V.frames_strip_figure, clip, L, t("apps.frames_title")), "apps_frames", "video-frames"
    )
    answer(
        trace,
        "video-captioning",
        text,
        t("apps.video_caption"),
        t("apps.video_attention_title"),
        "apps_video",
    )


def main():
    follow_open()
    state.settings()
    st.title(t("apps.title"))
    st.markdown(t("apps.intro"))
    missing = [
        name_of(task)
        for task in (*TRANSLATORS, *TASKS.values())
        if name_of(task) not in state.shipped_names()
    ]
    if missing:
        st.info(t("bottleneck.missing", names=", ".join(missing)), icon=":material/info:")
        return
    views = {"translation": translation_tab, "chatbot": chatbot_tab, "summarization": summarization_tab,
             "speech": speech_tab, "video": video_tab}  # fmt: skip
    views[url_state.url_views("apps", TABS, "apptab")]()  # only the view shown computes and draws anything


main()
