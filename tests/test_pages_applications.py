"""AppTest of the Applications page: every tab and control in both languages, the URL that restores them,
the buttons that open a model on the other pages, and bad input (an empty message, a sentence outside the
chatbot's corpus, letters that cannot be said)."""

from __future__ import annotations

import pytest

from tests.test_pages import ok, texts, titles
from ui import i18n

PAGE = "pages/applications.py"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_translation_tab_in_both_languages_and_its_translators(lang, open_page):
    at = open_page(PAGE, lang=lang)
    assert at.title[0].value == i18n.pure_t(lang, "apps.title")
    assert "나는 너를 사랑해" in texts(at.code)
    at = ok(at.radio(key="apps_mt_task").set_value("dates"))
    assert "2021-03-05" in texts(at.code)
    assert at.query_params["mtask"] == "dates"


def test_the_chatbot_answers_and_says_when_a_message_is_outside_its_corpus(open_page):
    at = open_page(PAGE, apptab="chatbot", chat="i am tired")
    assert "you should get some rest." in texts(at.code)
    at = ok(at.text_input(key="apps_chat").input("what is the capital of france ?"))
    assert at.warning and at.info and i18n.pure_t("en", "apps.chatbot_outside")[:30] in texts(at.info)
    at = ok(at.text_input(key="apps_chat").input("   "))
    assert at.error  # an empty message: a clear message, the page stands
    assert at.title[0].value == "Applications"


def test_summarization_keeps_the_core_and_escapes_the_sentence(open_page):
    at = open_page(
        PAGE, apptab="summarization", long="this morning my clever dog suddenly found a small ball"
    )
    assert "my dog found a ball" in texts(at.code)
    assert "**dog**" in texts(at.markdown) and "**clever**" not in texts(at.markdown)
    at = ok(at.text_input(key="apps_sum").input("the *old* man washed his car <b>x</b>"))
    kept = next(m.value for m in at.markdown if "washed" in m.value)
    assert "\\<unk\\>" in kept and "<" not in kept.replace("\\<", "")  # escaped: never markup


def test_speech_is_heard_transcribed_and_played(open_page):
    at = open_page(PAGE, apptab="speech", say="go left", saytake="3", lang="ko")
    assert "go left" in texts(at.code)
    assert at.get("audio"), "the synthesized sound can be played"
    assert i18n.pure_t("ko", "apps.spectrogram_title") in " ".join(titles(at))
    at = ok(at.number_input(key="apps_say_take").set_value(7))
    assert at.query_params["saytake"] == "7" and "go left" in texts(at.code)
    at = ok(at.text_input(key="apps_words").input("hello"))  # never heard: said, and still spelled
    assert at.info and "hello" in texts(at.info)
    at = ok(at.text_input(key="apps_words").input("go 3!"))
    assert at.error and i18n.pure_t("ko", "input.not_speech") in texts(at.error)


def test_video_is_shown_and_captioned(open_page):
    at = open_page(PAGE, apptab="video")
    at = ok(at.selectbox(key="apps_video_colour").set_value("blue"))
    at = ok(at.selectbox(key="apps_video_move").set_value("up"))
    assert "a blue square moves up" in texts(at.code)
    assert at.query_params["vcolour"] == "blue" and at.query_params["vmove"] == "up"


def test_a_button_puts_the_task_and_input_into_the_sidebar(open_page):
    at = open_page(PAGE, apptab="speech", say="stop", saytake="2")
    at = ok(at.button(key="apps_speech_open_attention").click())
    assert at.session_state["task"] == "speech" and at.session_state["text"] == "speech:stop#2"


def test_bad_url_values_fall_back(open_page):
    at = open_page(PAGE, apptab="video", vcolour="purple", vtake="-5", mtask="fr-en")
    assert not at.exception and "a red square moves" in texts(at.code)
