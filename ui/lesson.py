"""The lesson's twelve steps: what each one computes, how the page draws it, and what the handout prints.

`build(step, setup)` runs the step's shipped models (through the cached functions every page uses) and
returns its question (s2s_core/lesson.py: the right answer read off the model) and the data its figures
need. It draws nothing and reads no session state, because the handout builds every step again outside a
script run (a deferred download runs in a worker thread). `view` draws a built step on the page;
`handout_figures` turns it into inline SVG.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from s2s_core import lesson, pretrained
from s2s_core.cells import CELLS
from s2s_core.lesson import Question
from s2s_core.tasks import get_task
from s2s_core.text import InputError
from ui import export, state
from ui.i18n import labels, pure_t
from ui.measured import INFLUENCE_MODELS, SENTIMENT, influence_of, norms, word_by_word
from viz import bottleneck as B
from viz import cells as C
from viz import decoder as D
from viz import encoder as E
from viz import handout
from viz import io_types as IO
from viz import overview as O
from viz import transformer as TF
from viz.attention import heatmap_figure, matrix
from viz.common import horizontal_y_titles

# the note's order: sequence -> encoder -> context vector -> decoder -> concept table -> RNN I/O types ->
# bidirectional -> deep RNN -> LSTM/GRU -> attention -> Transformer -> applications
STEPS = ("sequence", "encoder", "context", "decoder", "concepts", "io_types", "bidirectional", "deep", "gates",
         "attention", "transformer", "applications")  # fmt: skip
TRANSLATION = "en-ko"  # the note's example task: the Transformer and the reverse models are shipped beside it
SEED_SENTENCE = "I love you"
REVERSE = {"none": "reverse/gru-bi-1l-none", "additive": "reverse/gru-bi-1l-additive"}
REVERSE_LENGTH = 25  # symbols: inside the training lengths (1..30), long enough for the bottleneck to show
COPY_LENGTH = 8
REVIEW = "the music was great but the ending was boring"
BI_SENTENCE, BI_POSITION = "나는 학교에 갔다", 1  # the note's own example; 학교에
GRAD_LENGTH = 30  # words the gradient flows back over
CHAT_EXAMPLES, CHAT_MESSAGE = 6, 1  # the chatbot's first examples are the choices; this one is asked
CODE = {  # the s2s_core functions behind each step's figure (ui/code_view.py reads their source)
    "sequence": ("s2s_core.model:Seq2Seq.trace",),
    "encoder": ("s2s_core.encoder:Encoder.trace", "s2s_core.cells:run_stack"),
    "context": ("s2s_core.encoder:Encoder.context", "s2s_core.lesson:bottleneck"),
    "decoder": ("s2s_core.decoder:Decoder.step", "s2s_core.lesson:next_token"),
    "concepts": ("s2s_core.model:Seq2Seq.trace", "s2s_core.lesson:copy_output"),
    "io_types": ("s2s_core.io_types:prediction_by_word",),
    "bidirectional": ("s2s_core.influence:influence", "s2s_core.lesson:later_words_matter"),
    "deep": ("s2s_core.gradients:layer_profile", "s2s_core.lesson:vanishing"),
    "gates": ("s2s_core.cells:cell_step", "s2s_core.lesson:weakest_cell"),
    "attention": ("s2s_core.attention:Attention.forward", "s2s_core.lesson:attended_word"),
    "transformer": ("s2s_core.transformer:MultiHeadAttention.forward",),
    "applications": ("s2s_core.model:Seq2Seq.trace", "s2s_core.lesson:reply"),
}


class Missing(Exception):
    """A step needs shipped models that are not in pretrained/ (args: their names)."""


@dataclass(frozen=True)
class Setup:
    """What the lesson runs on: the sidebar's sentence and the shipped model nearest its settings."""

    lang: str
    text: str
    task: str
    name: str  # the shipped model, e.g. "en-ko/gru-bi-2l-additive"
    model_words: str  # the same in plain words, for the handout ("GRU · 양방향 · 2층 · 가산 어텐션")
    cell: str
    layers: int


@dataclass(frozen=True)
class Built:
    question: Question
    data: dict = field(default_factory=dict)  # what the step's figures need
    note: tuple[str, dict] | None = None  # an extra line (i18n key, params): "this step runs on ..."


def _need(*names: str) -> None:
    shipped = set(state.shipped_names()) | set(pretrained.transformer_names(folder=state.PRETRAINED_DIR))
    missing = [n for n in names if n not in shipped]
    if missing:
        raise Missing(*missing)


def _translation(setup: Setup) -> tuple[str, str, tuple[str, dict] | None]:
    """(model, sentence, note) for steps that need the English → Korean models: the default translator on
    the sidebar's sentence if that is its task, else on the note's sentence (and a line that says so)."""
    if setup.task == TRANSLATION:
        return pretrained.DEFAULTS[TRANSLATION], setup.text, None
    return pretrained.DEFAULTS[TRANSLATION], SEED_SENTENCE, ("lesson.other_task", {"text": SEED_SENTENCE})


def _with_attention(setup: Setup) -> tuple[str, str, tuple[str, dict] | None]:
    """(model, sentence, note): the sidebar's model if it has attention, else its task's default model (if
    that has), else the translator (`_translation`)."""
    if pretrained.parse_name(setup.name)["attention"] != "none":
        return setup.name, setup.text, None
    name, text = pretrained.DEFAULTS[setup.task], setup.text
    if pretrained.parse_name(name)["attention"] == "none":
        name, text, _ = _translation(setup)
    return name, text, ("lesson.attention.no_attention", {"model": name})


def build(step: str, setup: Setup) -> Built:
    """The step's question and data. Raises InputError (a bad sentence) or Missing (unshipped models)."""
    return _BUILDERS[step](setup)


def _sequence(setup):
    trace = state.get_trace(setup.name, setup.text)
    return Built(lesson.output_length(trace), {"trace": trace})


def _encoder(setup):
    trace = state.get_trace(setup.name, setup.text)
    return Built(lesson.state_count(trace), {"trace": trace})


def _context(setup):
    _need(*REVERSE.values())
    source = get_task("reverse").fresh(REVERSE_LENGTH, random.Random(0)).src
    traces = {kind: state.get_trace(name, source) for kind, name in REVERSE.items()}
    tokens = list(traces["none"].source.tokens)
    hidden = int(traces["none"].context.vector.shape[0])
    q = lesson.bottleneck(tokens, traces["none"].output_tokens, traces["additive"].output_tokens, hidden)
    return Built(
        q, {"reference": tokens[::-1], "outputs": {k: list(tr.output_tokens) for k, tr in traces.items()}}
    )


def _decoder(setup):
    trace = state.get_trace(setup.name, setup.text)
    step = 1 if len(trace.decoder.output_tokens) > 1 else 0  # after the first word ("나는")
    return Built(lesson.next_token(trace, step), {"trace": trace, "step": step})


def _concepts(setup):
    name = pretrained.DEFAULTS["copy"]
    _need(name)
    source = get_task("copy").fresh(COPY_LENGTH, random.Random(0)).src
    trace = state.get_trace(name, source)
    tokens = list(trace.source.tokens)
    return Built(
        lesson.copy_output(tokens, list(trace.output_tokens)),
        {"reference": tokens, "output": list(trace.output_tokens)},
    )


def _io_types(setup):
    from ui.measured import SENTIMENT_MODEL

    _need(SENTIMENT_MODEL)
    wbw = word_by_word(REVIEW)
    p = float(wbw.probs[-1][SENTIMENT.index(wbw.label)])
    return Built(lesson.sentiment(REVIEW, SENTIMENT, wbw.label, p), {"wbw": wbw})


def _bidirectional(setup):
    _need(*INFLUENCE_MODELS)
    uni, bi = (influence_of(name, BI_SENTENCE, BI_POSITION) for name in INFLUENCE_MODELS)
    word, later = uni.shown[BI_POSITION], list(uni.shown[BI_POSITION + 1 :])
    q = lesson.later_words_matter(
        uni.gradient[BI_POSITION + 1 :], bi.gradient[BI_POSITION + 1 :], word, later
    )
    return Built(q, {"uni": uni, "bi": bi})


def _orders(cell: str, layers: int) -> tuple[np.ndarray, float]:
    """(L, S) typical gradient norms of a fresh `layers`-layer `cell`, and log10(first / last) at its input."""
    per_layer = C.typical(norms("fresh", cell, layers, GRAD_LENGTH, 0))
    return per_layer, C.orders(C.first_to_last(per_layer[0]))


def _deep(setup):
    per_layer, orders = _orders(setup.cell, setup.layers)
    q = lesson.vanishing(orders, setup.cell, setup.layers, GRAD_LENGTH)
    by_layer = [-C.orders(C.first_to_last(row)) for row in per_layer]
    return Built(q, {"per_layer": per_layer, "by_layer": by_layer, "cell": setup.cell})


def _gates(setup):
    measured = {cell: _orders(cell, setup.layers) for cell in CELLS}
    q = lesson.weakest_cell({cell: o for cell, (_, o) in measured.items()}, GRAD_LENGTH)
    return Built(q, {"curves": {cell: rows[0] for cell, (rows, _) in measured.items()}})


def _attention(setup):
    name, text, note = _with_attention(setup)
    trace = state.get_trace(name, text)
    step = lesson.last_word_step(trace.output_tokens)
    weights = trace.decoder.attention_weights  # (T, S)
    q = lesson.attended_word(weights, trace.source.shown, step, trace.output_tokens[step])
    return Built(q, {"trace": trace}, note)


def _transformer(setup):
    tf_name = pretrained.TRANSFORMER.name
    rnn_name, text, note = _translation(setup)
    _need(tf_name, rnn_name)
    tf, rnn = state.get_trace(tf_name, text), state.get_trace(rnn_name, text)
    cross = tf.cross[-1].mean(axis=0)  # (T, S): last layer, heads averaged
    step = lesson.last_word_step(tf.output_tokens)
    q0 = lesson.attended_word(cross, tf.source.shown, step, tf.output_tokens[step], step_name="transformer")
    rnn_step = min(step, len(rnn.output_tokens) - 1)
    rnn_word = lesson.attended_word(rnn.decoder.attention_weights, rnn.source.shown, rnn_step, "").right
    q = Question(q0.step, q0.options, q0.answer, dict(q0.facts, rnn=rnn_word), q0.keyed)
    return Built(q, {"tf": tf, "rnn": rnn, "cross": cross}, note)


def _applications(setup):
    name = pretrained.DEFAULTS["chatbot"]
    _need(name)
    messages = get_task("chatbot").examples[:CHAT_EXAMPLES]
    traces = {m: state.get_trace(name, m) for m in messages}
    replies = {m: tr.output_text for m, tr in traces.items()}
    message = messages[CHAT_MESSAGE]
    return Built(lesson.reply(message, replies), {"trace": traces[message]})


_BUILDERS = {name: globals()[f"_{name}"] for name in STEPS}


def build_all(setup: Setup) -> dict[str, Built | Exception]:
    """Every step (the score and the handout need all questions); a step that cannot run gives its error."""
    out: dict[str, Built | Exception] = {}
    for step in STEPS:
        try:
            out[step] = build(step, setup)
        except (InputError, Missing) as err:
            out[step] = err
    return out


# ---- words ---------------------------------------------------------------------------------------
def option_text(lang: str, q: Question, option: str) -> str:
    return pure_t(lang, f"lesson.{q.step}.opt_{option}") if q.keyed else option


def _facts(q: Question, escape) -> dict:
    return {k: escape(v) if isinstance(v, str) else v for k, v in q.facts.items()}


def question_text(lang: str, q: Question, escape=str) -> str:
    """The question in `lang`; `escape` is applied to its text facts (md_escape on the page: user words)."""
    return pure_t(lang, f"lesson.{q.step}.question", **_facts(q, escape))


def why_text(lang: str, q: Question, escape=str) -> str:
    return pure_t(
        lang,
        f"lesson.{q.step}.why",
        **(_facts(q, escape) | {"answer": escape(option_text(lang, q, q.right))}),
    )


# ---- the page's live view ---------------------------------------------------------------------------
# Presentation mode (our own CSS, no user text): the sidebar, Streamlit's header and every export control
# hidden; larger, darker type; the main area uses the whole width.
PRESENT_CSS = """<style>
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stHeader'],
[class*='-export'], .s2s-export, [data-testid='stDownloadButton'] { display: none !important; }
[data-testid='stMainBlockContainer'] { max-width: none; padding: 1rem 2rem 3rem; }
[data-testid='stMain'] { background: #ffffff; }
[data-testid='stMain'] p, [data-testid='stMain'] li, [data-testid='stMain'] td, [data-testid='stMain'] th,
[data-testid='stMain'] label, [data-testid='stMain'] button { font-size: 1.3rem; color: #000000; }
[data-testid='stMain'] h1 { font-size: 2.2rem; }
</style>"""
PRESENT_FONT = 14  # px of every figure text in presentation mode: 21 px on a projector at 150% zoom (>= 18)


def larger(fig, size: int = PRESENT_FONT):
    """The figure with every font at least `size` px (presentation mode: readable from the back row)."""

    def grow(node, parent=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "size" and parent.endswith("font") and isinstance(v, (int, float)):
                    node[k] = max(v, size)
                else:
                    grow(v, k)
            if parent == "layout":
                node.setdefault("font", {})["size"] = max(node.get("font", {}).get("size", 0), size)
        elif isinstance(node, list):
            for item in node:
                grow(item, parent)
        return node

    return go.Figure(grow(fig.to_plotly_json()))


def view(step: str, built: Built, lang: str, present: bool = False) -> None:
    """Draw the step's figure(s) as the step's own page draws them (larger type when `present`)."""
    d, key = built.data, f"lesson_{step}"
    show = export.show_figure
    if present:
        show = lambda fig, *args: export.show_figure(larger(horizontal_y_titles(fig)), *args)  # noqa: E731
    if step == "sequence":
        tr = d["trace"]
        alt = pure_t(
            lang, "overview.pipeline_alt", src=" ".join(tr.source.shown), out=" ".join(tr.output_tokens)
        )
        export.show_svg(O.pipeline_svg(tr, labels(lang, "overview.fig"), None, alt), key, "lesson-pipeline")
    elif step == "encoder":
        tr = d["trace"]
        svg = E.states_svg(tr, tr.config["layers"] - 1, labels(lang, "encoder.viz"))
        export.show_svg(svg, key, "lesson-encoder-states")
    elif step == "context":
        L = labels(lang, "bottleneck.viz")
        rows = {L[f"row_{k}"]: out for k, out in d["outputs"].items()}
        export.show_svg(B.token_rows_svg(d["reference"], rows, L), key, "lesson-bottleneck")
    elif step == "decoder":
        show(D.topk_figure(d["trace"], d["step"], labels(lang, "decoder.viz")), key, "lesson-topk")
    elif step == "concepts":
        L = labels(lang, "bottleneck.viz")
        rows = {pure_t(lang, "lesson.fig.copy"): d["output"]}
        export.show_svg(B.token_rows_svg(d["reference"], rows, L), key, "lesson-copy")
    elif step == "io_types":
        L = labels(lang, "io.viz")
        export.show_svg(IO.all_types_svg(L, pure_t(lang, "io.picture_title")), f"{key}_types", "rnn-io-types")
        svg = IO.word_by_word_svg(d["wbw"], L, pure_t(lang, "io.m2o_line_title"))
        export.show_svg(svg, key, "lesson-many-to-one")
    elif step == "bidirectional":
        titles = [pure_t(lang, "encoder.uni_title"), pure_t(lang, "encoder.bi_title")]
        fig = E.influence_figure([d["uni"], d["bi"]], titles, "gradient", labels(lang, "encoder.viz"))
        show(fig, key, "lesson-bidirectional")
    elif step == "deep":
        show(C.layer_figure(d["per_layer"], d["cell"], labels(lang, "cells.viz")), key, "lesson-deep")
    elif step == "gates":
        show(C.gradient_figure({"fresh": d["curves"]}, labels(lang, "cells.viz")), key, "lesson-gates")
    elif step in ("attention", "applications"):
        title = pure_t(lang, "lesson.fig.attention" if step == "attention" else "lesson.fig.reply")
        svg = heatmap_figure(*matrix(d["trace"]), labels(lang, "attention.viz"), title, clickable=False)
        export.show_svg(svg, key, f"lesson-{step}")
    elif step == "transformer":
        L = labels(lang, "transformer.viz")
        words = pure_t(lang, "lesson.fig.rnn")
        export.show_svg(TF.versus_rnn(d["tf"], d["rnn"], words, L), key, "lesson-transformer")


def outputs_text(step: str, built: Built, lang: str) -> str | None:
    """The step's input and output as plain lines (shown with st.code: user text is never markdown)."""
    d = built.data
    trace = d.get("trace") or d.get("tf")
    if trace is None:
        return None
    return "\n".join([f"{pure_t(lang, 'lesson.input_line')}: {' '.join(trace.source.shown)}",
                      f"{pure_t(lang, 'lesson.output_line')}: {trace.output_text}"])  # fmt: skip


# ---- the handout ------------------------------------------------------------------------------------
def handout_figures(step: str, built: Built, lang: str) -> tuple[str, ...]:
    """The step's figure as inline SVG (the handout must open offline: no plotly.js)."""
    d, f = built.data, lambda key, **p: pure_t(lang, f"lesson.fig.{key}", **p)
    if step in ("sequence", "encoder") and d.get("trace") is not None:
        tr = d["trace"]
        if step == "sequence":
            return (O.pipeline_svg(tr, labels(lang, "overview.fig"), None, tr.output_text),)
        states = np.asarray(tr.encoder.outputs)[:, :32]  # (S, <=32): the first units, readable on paper
        return (handout.heatmap_svg(states, tr.source.shown, [], f("states"), signed=True, numbers=False),)
    if step == "context":
        L = labels(lang, "bottleneck.viz")
        return (B.token_rows_svg(d["reference"], {L[f"row_{k}"]: v for k, v in d["outputs"].items()}, L),)
    if step == "concepts":
        return (B.token_rows_svg(d["reference"], {f("copy"): d["output"]}, labels(lang, "bottleneck.viz")),)
    if step == "decoder":
        tr, s = d["trace"], d["step"]
        return (handout.bars_svg(tr.decoder.topk_tokens[s], tr.decoder.topk_probs[s], f("topk", step=s + 1)),)
    if step == "io_types":
        wbw = d["wbw"]
        names = [f"{i + 1}. {tok}" for i, tok in enumerate(wbw.tokens)]
        title = f"{f('by_word')}: P({pure_t(lang, f'io.viz.{wbw.labels[0]}')})"
        return (handout.bars_svg(names, wbw.probs[:, 0], title, "{:.0%}"),)
    if step == "bidirectional":
        z = np.stack([d["uni"].share("gradient"), d["bi"].share("gradient")])  # (2, S)
        word = d["uni"].shown[BI_POSITION]
        return (handout.heatmap_svg(z, [f("uni"), f("bi")], d["uni"].shown, f("influence", word=word)),)
    if step == "deep":
        names = [f("layer", n=k + 1) for k in range(len(d["by_layer"]))]
        return (handout.bars_svg(names, d["by_layer"], f("layers", cell=d["cell"].upper()), "{:.1f}"),)
    if step == "gates":
        orders = [-C.orders(C.first_to_last(curve)) for curve in d["curves"].values()]
        return (handout.bars_svg([c.upper() for c in d["curves"]], orders, f("cells"), "{:.1f}"),)
    if step in ("attention", "applications"):
        z, rows, cols = matrix(d["trace"])
        return (handout.heatmap_svg(z, rows, cols, f("attention" if step == "attention" else "reply")),)
    if step == "transformer":
        tf = d["tf"]
        return (handout.heatmap_svg(d["cross"], tf.step_tokens, tf.source.shown, f("cross")),)
    return ()


def handout_html(setup: Setup, answers: dict) -> str:
    """The whole lesson for this sentence and model as one self-contained HTML file (no widgets, no
    session: it runs when the download is asked for, outside the script run)."""
    lang, sections = setup.lang, []
    built_steps = build_all(setup)
    for step, built in built_steps.items():
        title = pure_t(lang, f"lesson.{step}.title")
        note = pure_t(lang, f"lesson.{step}.note")
        if isinstance(built, Exception):
            sections.append(
                handout.Section(
                    title=title,
                    note=note,
                    question=pure_t(lang, "lesson.handout_skipped"),
                    options=(),
                    answer="",
                    why="",
                )
            )
            continue
        q = built.question
        mine = answers.get(step)
        yours = ""
        if mine and mine[0] == q.id and len(mine) > 2:
            yours = pure_t(lang, "lesson.handout_yours", answer=option_text(lang, q, mine[2]))
        sections.append(handout.Section(
            title=title, note=note, question=question_text(lang, q),
            options=tuple(option_text(lang, q, o) for o in q.options),
            answer=pure_t(lang, "lesson.handout_answer", answer=option_text(lang, q, q.right)),
            why=why_text(lang, q), figures=handout_figures(step, built, lang), yours=yours,
        ))  # fmt: skip
    meta = [pure_t(lang, "lesson.handout_sentence", text=setup.text),
            pure_t(lang, "lesson.handout_model", model=setup.model_words), pure_t(lang, "lesson.handout_date")]  # fmt: skip
    return handout.document(lang, pure_t(lang, "lesson.handout_title"), meta, sections)
