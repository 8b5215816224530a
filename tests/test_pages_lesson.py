"""AppTest of the Lesson page on the shipped models: every step in both languages, each control (Previous,
Next, the step picker, an answer right and wrong, "show the answer", start again, presentation mode), the
URL that restores the step, bad input and missing models; and the handout, built as the download builds it.

The right answers are never typed here either: each test asks ui/lesson.py for the question the page asks
(the same live models, the same sentence) and checks that the page agrees with the model.
"""

from __future__ import annotations

import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from s2s_core import pretrained
from s2s_core.tasks import get_task
from tests.test_pages import charts, ok, texts
from ui import lesson as L
from ui import state
from ui.i18n import pure_t
from viz import handout
from viz.common import esc, md_escape

PAGE = "pages/lesson.py"
DEFAULT = pretrained.DEFAULTS["en-ko"]


def setup(lang="en", text="I love you", task="en-ko", name=DEFAULT) -> L.Setup:
    arch = pretrained.parse_name(name)
    return L.Setup(lang, text, task, name, name, arch["cell"], arch["layers"])


def asked(step: str, lang="en", **kw) -> L.Question:
    return L.build(step, setup(lang, **kw)).question


def radio(at):
    (widget,) = [r for r in at.main.radio if str(r.key).startswith("lesson_q_")]
    return widget


def shown(lang, q, option) -> str:
    return md_escape(L.option_text(lang, q, option))


def revealed(at) -> bool:
    """Is the step's figure on screen (a plotly chart or one of our inline SVGs)?"""
    return bool(charts(at)) or any("<svg data-key=" in m.value for m in at.markdown)


def header(at) -> str:
    return at.header[0].value


def step_of(at) -> int:
    return int(header(at).split(".")[0])


# ---- every step, both languages ------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("n", range(1, len(L.STEPS) + 1))
def test_every_step_asks_before_the_model_shows(lang, n, open_page):
    at = open_page(PAGE, lang=lang, lesson_step=str(n))
    step = L.STEPS[n - 1]
    assert at.title[0].value == pure_t(lang, "lesson.title")
    assert header(at) == f"{n}. {pure_t(lang, f'lesson.{step}.title')}"
    (bar,) = at.get("progress")
    assert bar.proto.value == int(100 * n / len(L.STEPS))
    assert pure_t(lang, f"lesson.{step}.note") in texts(at.markdown)  # the note's own text
    (notes,) = [e for e in at.expander if e.label == pure_t(lang, "lesson.teacher")]
    assert pure_t(lang, f"lesson.{step}.teacher") in texts(notes.markdown)
    q = asked(step, lang)
    assert radio(at).options == [shown(lang, q, o) for o in q.options]
    assert radio(at).value is None and not radio(at).disabled
    assert not revealed(at)  # predict first: no figure before an answer


# ---- answers ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 4, 10])  # output length, the next token, the attended word
def test_a_right_answer_is_praised_and_the_model_shows_why(n, open_page):
    at = open_page(PAGE, lesson_step=str(n))
    q = asked(L.STEPS[n - 1])
    at = ok(radio(at).set_value(q.right))
    assert [s.value for s in at.success] == [pure_t("en", "lesson.right", answer=shown("en", q, q.right))]
    assert L.why_text("en", q, md_escape) in texts(at.markdown)
    assert radio(at).disabled  # one answer per question
    assert revealed(at)
    assert "i love you" in texts(at.code)  # the input and the output as plain text


@pytest.mark.parametrize("n", range(1, len(L.STEPS) + 1))
def test_every_step_shows_its_figure_once_answered(n, open_page):
    at = open_page(PAGE, lesson_step=str(n))
    at = ok(radio(at).set_value(asked(L.STEPS[n - 1]).right))  # (ok: no exception while drawing it)
    assert revealed(at)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_wrong_answer_gets_the_right_one_and_why(lang, open_page):
    at = open_page(PAGE, lang=lang, lesson_step="10")
    q = asked("attention", lang)
    wrong = next(o for o in q.options if o != q.right)
    at = ok(radio(at).set_value(wrong))
    assert [e.value for e in at.error] == [pure_t(lang, "lesson.wrong", answer=shown(lang, q, q.right))]
    assert L.why_text(lang, q, md_escape) in texts(at.markdown)
    assert radio(at).value == wrong and radio(at).disabled


def test_show_the_answer_reveals_without_scoring(open_page):
    at = open_page(PAGE, lesson_step="3")
    q = asked("context")
    at = ok(at.button(key="lesson_reveal_context").click())
    assert [i.value for i in at.info] == [pure_t("en", "lesson.revealed", answer=shown("en", q, q.right))]
    assert revealed(at) and not radio(at).disabled  # one may still answer (it counts)
    assert at.session_state["lesson_answers"] == {}


def test_the_right_answer_follows_the_sentence(open_page):
    """Another sentence, another question: its right answer is the model's, and an earlier answer to the
    old question is neither shown nor counted."""
    lengths = {x: len(state.get_trace(DEFAULT, x).output_tokens) for x in get_task("en-ko").examples[:12]}
    other = next(x for x, n in lengths.items() if n != lengths.get("I love you", 3))
    at = open_page(PAGE, lesson_step="1")
    at = ok(radio(at).set_value(asked("sequence").right))
    at = ok(at.main.text_input(key="text").set_value(other))
    q = asked("sequence", text=other)
    assert q.right == str(lengths[other])
    assert radio(at).value is None and not radio(at).disabled and not at.success
    at = ok(radio(at).set_value(q.right))
    assert at.success


def test_an_answer_stays_when_one_comes_back(open_page):
    at = open_page(PAGE, lesson_step="4")
    q = asked("decoder")
    at = ok(radio(at).set_value(q.right))
    at = ok(at.button(key="lesson_next").click())
    assert step_of(at) == 5 and not at.success
    at = ok(at.button(key="lesson_prev").click())
    assert step_of(at) == 4
    assert radio(at).value == q.right and radio(at).disabled and at.success


# ---- stepping and the URL --------------------------------------------------------------------------
def test_previous_next_and_the_step_picker_keep_the_step_in_the_url(open_page):
    at = open_page(PAGE)
    assert step_of(at) == 1 and at.button(key="lesson_prev").disabled
    at = ok(at.button(key="lesson_next").click())
    assert step_of(at) == 2 and at.query_params["lesson_step"] == "2"
    at = ok(at.selectbox(key="lesson_jump").set_value(12))
    assert step_of(at) == 12 and at.query_params["lesson_step"] == "12"
    assert at.button(key="lesson_next").disabled
    at = ok(at.button(key="lesson_prev").click())
    assert step_of(at) == 11 and at.selectbox(key="lesson_jump").value == 11
    assert at.button(key="lesson_prev").proto.shortcut.lower() == "left"  # the keys (tests/e2e press them)
    assert at.button(key="lesson_next").proto.shortcut.lower() == "right"


@pytest.mark.parametrize("raw", ["0", "13", "-2", "abc", "2.5", ""])
def test_a_bad_step_in_the_url_opens_the_first(raw, open_page):
    at = open_page(PAGE, lesson_step=raw)
    assert step_of(at) == 1


def test_the_score_at_the_end_and_starting_again(open_page):
    at = open_page(PAGE, lesson_step="1")
    at = ok(radio(at).set_value(asked("sequence").right))
    at = ok(at.button(key="lesson_next").click())
    q = asked("encoder")
    at = ok(radio(at).set_value(next(o for o in q.options if o != q.right)))
    at = ok(at.selectbox(key="lesson_jump").set_value(12))
    at = ok(radio(at).set_value(asked("applications").right))
    total = len(L.STEPS)
    assert f"**{pure_t('en', 'lesson.finished', right=2, total=total)}**" in texts(at.markdown)
    assert pure_t("en", "lesson.score", right=2, answered=3, total=total) in texts(at.caption)
    assert pure_t("en", "lesson.not_all", left=total - 3) in texts(at.caption)
    at = ok(at.button(key="lesson_restart").click())
    assert step_of(at) == 1 and at.session_state["lesson_answers"] == {}
    assert radio(at).value is None and not radio(at).disabled


# ---- presentation mode -----------------------------------------------------------------------------
def present_css(at) -> bool:
    return any(m.value == L.PRESENT_CSS for m in at.markdown)


def test_presentation_mode_from_the_link_the_toggle_and_its_exit(open_page):
    at = open_page(PAGE, present="1", lesson_step="2")
    assert (
        present_css(at)
        and "stSidebar" in L.PRESENT_CSS
        and "-export" in L.PRESENT_CSS
        and ".s2s-export" in L.PRESENT_CSS
    )
    assert at.button(key="lesson_exit_present") and not at.get("download_button")
    assert not [w for w in at.toggle if w.key == "lesson_present"]
    at = ok(at.button(key="lesson_exit_present").click())
    assert at.query_params["present"] == "0" and not present_css(at)
    assert at.get("download_button") and step_of(at) == 2  # the step stays
    at = ok(at.toggle(key="lesson_present").set_value(True))
    assert at.query_params["present"] == "1" and present_css(at)


def test_presentation_mode_draws_every_figure_font_larger(open_page):
    at = open_page(PAGE, present="1", lesson_step="4")
    at = ok(radio(at).set_value(asked("decoder").right))
    (chart,) = charts(at)
    layout = json.dumps(json.loads(chart.proto.spec)["layout"])
    sizes = [float(s) for s in re.findall(r'font": \{[^{}]*"size": ([\d.]+)', layout)]  # every font's size
    assert sizes and min(sizes) >= L.PRESENT_FONT


def test_larger_raises_every_font_and_keeps_the_data():
    fig = go.Figure(go.Heatmap(z=[[1, 2]], textfont=dict(size=9)))
    fig.update_layout(title=dict(text="t", font=dict(size=10)), xaxis=dict(tickfont=dict(size=30)))
    fig.add_annotation(text="a", font=dict(size=8))
    big = L.larger(fig).to_plotly_json()
    assert big["layout"]["font"]["size"] == L.PRESENT_FONT
    assert big["layout"]["title"]["font"]["size"] == L.PRESENT_FONT
    assert big["layout"]["annotations"][0]["font"]["size"] == L.PRESENT_FONT
    assert big["layout"]["xaxis"]["tickfont"]["size"] == 30  # never smaller
    assert big["data"][0]["textfont"]["size"] == L.PRESENT_FONT
    assert np.array_equal(big["data"][0]["z"], [[1, 2]])


# ---- other settings, bad input, missing models -----------------------------------------------------
def test_a_model_without_attention_borrows_one_and_says_so(open_page):
    at = open_page(PAGE, att="none", lesson_step="10")
    at = ok(at.button(key="lesson_reveal_attention").click())
    assert pure_t("en", "lesson.attention.no_attention", model=md_escape(DEFAULT)) in texts(at.caption)
    assert revealed(at)


def test_another_task_runs_the_translation_steps_on_the_notes_sentence(open_page):
    at = open_page(PAGE, task="dates", lesson_step="11")
    at = ok(at.button(key="lesson_reveal_transformer").click())
    assert pure_t("en", "lesson.other_task", text=L.SEED_SENTENCE) in texts(at.caption)
    at = ok(at.selectbox(key="lesson_jump").set_value(4))  # the decoder step: on the dates model
    q = asked("decoder", text=get_task("dates").examples[0], task="dates", name=pretrained.DEFAULTS["dates"])
    assert radio(at).options == [shown("en", q, o) for o in q.options]


def test_a_sentence_with_nothing_to_read_says_so_and_the_lesson_goes_on(open_page):
    at = open_page(PAGE, text="\u200b\u200b", lesson_step="1")
    assert at.error and not [r for r in at.main.radio if str(r.key).startswith("lesson_q_")]
    at = ok(at.button(key="lesson_next").click())
    assert step_of(at) == 2
    at = ok(at.selectbox(key="lesson_jump").set_value(3))  # the bottleneck step runs its own sequence
    assert radio(at).options


def test_a_step_whose_models_are_missing_says_which(open_page, monkeypatch):
    shipped = state.shipped_names

    def without_reverse(task=None):
        return [n for n in shipped(task) if not n.startswith("reverse/")]

    monkeypatch.setattr(state, "shipped_names", without_reverse)
    at = open_page(PAGE, lesson_step="3")
    assert pure_t("en", "lesson.missing", names=", ".join(L.REVERSE.values())) in texts(at.info)
    at = ok(at.button(key="lesson_next").click())
    assert radio(at).options  # the next step runs


# ---- the handout -----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_handout_holds_every_step_with_its_figure_and_the_students_answers(lang):
    lesson_setup = setup(lang)
    built = L.build_all(lesson_setup)
    q = built["attention"].question
    wrong = next(o for o in q.options if o != q.right)
    answers = {"attention": (q.id, False, wrong), "decoder": ("00000000", True, "x")}  # the 2nd: stale
    page = L.handout_html(lesson_setup, answers)
    assert f'lang="{lang}"' in page and "A4" in page
    for step in L.STEPS:
        assert esc(pure_t(lang, f"lesson.{step}.title")) in page
        b = built[step]
        assert handout.inline(L.question_text(lang, b.question)) in page
        right = L.option_text(lang, b.question, b.question.right)
        assert handout.inline(pure_t(lang, "lesson.handout_answer", answer=right)) in page
    assert page.count("<svg") >= len(L.STEPS)  # a figure per step, inline
    yours = handout.inline(pure_t(lang, "lesson.handout_yours", answer=L.option_text(lang, q, wrong)))
    assert yours in page
    assert page.count(pure_t(lang, "lesson.handout_yours", answer="").strip()) == 1  # not the stale one
    assert handout.inline(pure_t(lang, "lesson.handout_sentence", text="I love you")) in page


def test_the_handout_needs_nothing_from_outside_and_escapes_the_sentence():
    page = L.handout_html(setup(text='<script>alert("x")</script> i love you'), {})
    assert "<script" not in page.lower()
    assert not re.search(
        r"""(src|href)\s*=\s*["'](?!data:)|@import|url\(|<link""", page, re.I
    )  # data: is inline
    assert not re.search(r"https?://(?!www\.w3\.org/)", page)  # (the SVG namespace is a name, not a fetch)


def test_the_handout_says_which_steps_could_not_run(monkeypatch):
    monkeypatch.setattr(L, "_need", lambda *names: (_ for _ in ()).throw(L.Missing(*names)))
    page = L.handout_html(setup(), {})
    assert (
        page.count(esc(pure_t("en", "lesson.handout_skipped")))
        == sum(isinstance(b, L.Missing) for b in L.build_all(setup()).values())
        > 0
    )


@pytest.mark.parametrize("task", sorted(pretrained.DEFAULTS))
def test_every_task_in_the_sidebar_runs_every_step(task):
    """The lesson follows the sidebar's task; a step its model cannot show borrows a model that can."""
    lesson_setup = setup(text=get_task(task).examples[0], task=task, name=pretrained.DEFAULTS[task])
    built = {step: L.build(step, lesson_setup) for step in L.STEPS}
    att = built["attention"].data["trace"]
    if pretrained.parse_name(pretrained.DEFAULTS[task])["attention"] == "none":
        assert built["attention"].note[0] == "lesson.attention.no_attention"
        if att.model == pretrained.DEFAULTS["en-ko"]:  # borrowed from another task: on the note's sentence
            assert list(att.source.tokens) == ["i", "love", "you"]
    assert att.decoder.attention_weights is not None
