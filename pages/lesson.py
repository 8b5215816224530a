"""Lesson: the note's story in twelve steps, each a question answered before the live model reveals it.

A step is one of ui/lesson.py's STEPS: the note's own text, a predict-then-reveal question whose right
answer is read off the shipped models (s2s_core/lesson.py), and, once answered or revealed, the model's
figure, its input and output, and the code behind it. The step lives in the URL (?lesson_step=N), so a
teacher can share one; ?present=1 (or the toggle) is presentation mode for a projector: larger type, high
contrast, no sidebar or export buttons, ← and → to step. The handout is every step as one HTML file.
"""

import streamlit as st

from s2s_core import lesson as Q
from s2s_core.text import InputError
from ui import code_view, sentence, state, url_state
from ui import lesson as L
from ui.i18n import t
from ui.live_input import section
from viz.common import md_escape

TOTAL = len(L.STEPS)
ANSWERS = "lesson_answers"  # step -> (question id, right?, the choice): this session's answers
REVEALED = "lesson_revealed"  # {question id}: the questions whose answer was shown without an answer


def _go(n: int) -> None:
    url_state.set_query_param("lesson_step", min(max(n, 1), TOTAL))


def _jumped() -> None:
    _go(st.session_state["lesson_jump"])


def _answered(step: str, q: Q.Question, key: str) -> None:
    choice = st.session_state.get(key)
    if choice is not None:
        st.session_state.setdefault(ANSWERS, {})[step] = (q.id, choice == q.right, choice)


def _reveal(qid: str) -> None:
    st.session_state.setdefault(REVEALED, set()).add(qid)


def _restart() -> None:
    st.session_state[ANSWERS], st.session_state[REVEALED] = {}, set()
    _go(1)


def _present(on: bool) -> None:
    url_state.set_query_param("present", "1" if on else "0")


def presenting() -> bool:
    return str(url_state.query_param("present", "0")).lower() in ("1", "true")


def setup(s: state.Settings, lang: str) -> L.Setup | None:
    """The sidebar's sentence on the shipped model nearest its settings (the lesson runs shipped models
    only: the handout rebuilds every step outside the session, where an own model does not exist)."""
    name = s.wanted if s.wanted in state.shipped_names(s.task) else state.nearest_name(s)
    if name is None:
        return None
    return L.Setup(lang, s.text, s.task, name, state.describe(name), s.cell, s.layers)


def current_step() -> int:
    n = url_state.query_param("lesson_step", 1)
    return n if 1 <= n <= TOTAL else 1


def step_controls(n: int, titles: dict[int, str]) -> None:
    """Previous · the step picker · Next in one row that wraps (stacks) on a narrow screen; ← and →."""
    st.session_state["lesson_jump"] = n  # follows Previous/Next (set before the widget is drawn)
    with st.container(horizontal=True, vertical_alignment="bottom", key="lesson_steps"):
        st.button(t("lesson.prev"), key="lesson_prev", icon=":material/arrow_back:", disabled=n == 1,
                  on_click=_go, args=(n - 1,), shortcut="Left")  # fmt: skip
        st.selectbox(t("lesson.jump"), range(1, TOTAL + 1), format_func=titles.get, key="lesson_jump",
                     on_change=_jumped, width=360)  # fmt: skip
        st.button(t("lesson.next"), key="lesson_next", icon=":material/arrow_forward:", disabled=n == TOTAL,
                  on_click=_go, args=(n + 1,), shortcut="Right")  # fmt: skip
    st.caption(t("lesson.keys_hint"))


def top_bar(present: bool, lesson_setup: L.Setup | None) -> None:
    """Presentation toggle and handout (or, when presenting, only the small exit control)."""
    if present:
        st.button(t("lesson.exit_present"), key="lesson_exit_present", icon=":material/close_fullscreen:",
                  on_click=_present, args=(False,), type="tertiary")  # fmt: skip
        st.markdown(L.PRESENT_CSS, unsafe_allow_html=True)
        return
    with st.container(horizontal=True, vertical_alignment="center", key="lesson_top"):
        st.toggle(t("lesson.present"), key="lesson_present", help=t("lesson.present_help"), value=False,
                  on_change=_present, args=(True,))  # fmt: skip
        if lesson_setup is not None:
            answers = dict(st.session_state.get(ANSWERS, {}))
            st.download_button(t("lesson.handout"), data=lambda: L.handout_html(lesson_setup, answers),
                               file_name=f"{t('lesson.handout_file')}.html", mime="text/html", on_click="ignore",
                               icon=":material/download:", help=t("lesson.handout_help"), key="lesson_handout")  # fmt: skip


def question_part(step: str, q: Q.Question, lang: str) -> bool:
    """The question and its choices; after an answer, the feedback and the why. True once it is
    answered or revealed (then the model's view is shown)."""
    section(t("lesson.predict"), L.question_text(lang, q, md_escape))
    mine = st.session_state.get(ANSWERS, {}).get(step)
    answered = mine is not None and mine[0] == q.id
    shown = {o: md_escape(L.option_text(lang, q, o)) for o in q.options}
    key = f"lesson_q_{step}_{q.id}_{lang}"
    if answered:  # fixed: a new widget whose default is the choice (disabling the same one clears its value)
        st.radio(t("lesson.choose"), q.options, index=q.options.index(mine[2]), format_func=shown.get,
                 key=f"{key}_done", disabled=True)  # fmt: skip
    else:
        st.radio(t("lesson.choose"), q.options, index=None, format_func=shown.get, key=key, on_change=_answered,
                 args=(step, q, key))  # fmt: skip
    right = shown[q.right]
    revealed = q.id in st.session_state.get(REVEALED, set())
    if answered and mine[1]:
        st.success(t("lesson.right", answer=right), icon=":material/check_circle:")
    elif answered:
        st.error(t("lesson.wrong", answer=right), icon=":material/cancel:")
    elif revealed:
        st.info(t("lesson.revealed", answer=right), icon=":material/visibility:")
    else:
        st.button(t("lesson.reveal"), key=f"lesson_reveal_{step}", on_click=_reveal, args=(q.id,))
        return False
    st.markdown(L.why_text(lang, q, md_escape))
    return True


def live_part(step: str, built: L.Built, lang: str, present: bool) -> None:
    st.subheader(t("lesson.live"))
    if built.note is not None:
        key, params = built.note
        st.caption(t(key, **{k: md_escape(v) for k, v in params.items()}))
    L.view(step, built, lang, present)
    lines = L.outputs_text(step, built, lang)
    if lines:
        st.code(lines, language=None)
    code_view.show(*L.CODE[step])


def finish_part(lesson_setup: L.Setup) -> None:
    """The last step: the score over the lesson's current questions, and a fresh start."""
    built = L.build_all(lesson_setup)
    questions = {s: b.question for s, b in built.items() if isinstance(b, L.Built)}
    right, answered = Q.score(st.session_state.get(ANSWERS, {}), questions)
    st.divider()
    st.markdown(f"**{t('lesson.finished', right=right, total=len(questions))}**")
    st.caption(t("lesson.score", right=right, answered=answered, total=len(questions)))
    if answered < len(questions):
        st.caption(t("lesson.not_all", left=len(questions) - answered))
    st.button(t("lesson.restart"), key="lesson_restart", icon=":material/replay:", on_click=_restart)


def main() -> None:
    s, lang = state.settings(), st.session_state["lang"]
    st.session_state.setdefault(ANSWERS, {})
    st.session_state.setdefault(REVEALED, set())
    present = presenting()
    lesson_setup = setup(s, lang)
    n = current_step()
    step = L.STEPS[n - 1]
    st.title(t("lesson.title"))
    sentence.box()  # the sentence every step runs on (drawn at the end of the run, shown here: ui/sentence.py)
    top_bar(present, lesson_setup)
    if not present:
        st.markdown(t("lesson.intro"))
    titles = {k: f"{k}. {t(f'lesson.{name}.title')}" for k, name in enumerate(L.STEPS, 1)}
    st.progress(n / TOTAL, text=t("lesson.progress", n=n, total=TOTAL, title=t(f"lesson.{step}.title")))
    step_controls(n, titles)
    st.header(titles[n], anchor=False)
    st.markdown(t(f"lesson.{step}.note"))
    with st.expander(t("lesson.teacher"), icon=":material/co_present:"):
        st.markdown(t(f"lesson.{step}.teacher"))
    if lesson_setup is None:
        st.info(t("model.none_shipped", task=t(f"task.{s.task}")), icon=":material/info:")
        return
    st.caption(t("lesson.model_line", model=lesson_setup.model_words))
    try:
        built = L.build(step, lesson_setup)
    except L.Missing as err:
        st.info(t("lesson.missing", names=", ".join(err.args)), icon=":material/info:")
        return
    except InputError as err:
        state.show_input_error(err)
        return
    if question_part(step, built.question, lang):
        live_part(step, built, lang, present)
    if n == TOTAL:
        finish_part(lesson_setup)


main()
