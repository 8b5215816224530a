"""AppTest of the RNN input/output types page: the picture, every tab and input in both languages, the URL
that restores them, the buttons that open the translation on the other pages, and bad input."""

from __future__ import annotations

import html

import pytest

from tests.test_pages import ok, panels, svgs, texts
from ui import i18n

PAGE = "pages/io_types.py"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_picture_and_the_many_to_one_tab(lang, open_page):
    at = open_page(PAGE, lang=lang, iotab="many_to_one")
    assert at.title[0].value == i18n.pure_t(lang, "io.title")
    assert html.escape(i18n.pure_t(lang, "io.picture_title")) in svgs(at)["io_all"]  # the five types, an SVG
    assert html.escape(i18n.pure_t(lang, "io.m2o_diagram_title")) in svgs(at)["io_m2o_diagram"]
    assert html.escape(i18n.pure_t(lang, "io.m2o_line_title")) in svgs(at)["io_m2o_line"]  # by word, an SVG
    assert "positive" in texts(at.markdown) or "긍정" in texts(at.markdown)


def test_a_review_typed_changes_the_prediction_and_the_url(open_page):
    at = open_page(PAGE, iotab="many_to_one")
    at = ok(at.text_input(key="io_review").input("the music was great but the ending was boring"))
    assert i18n.pure_t("en", "io.prediction", label="negative", p=1.0)[:20] in texts(at.markdown)
    assert svgs(at)["io_m2o_diagram"].count('class="box"') == 9 + 9 + 1  # states, words, the label
    line = svgs(at)["io_m2o_line"]  # a point per word; the last, below 50%, a square
    assert line.count('class="point"') == 9 and line.rindex('<rect class="point"') > line.rindex("<circle")
    assert "9 · boring" in line
    assert at.query_params["review"] == "the music was great but the ending was boring"


def test_an_example_fills_the_box(open_page):
    at = open_page(PAGE, iotab="many_to_one")
    at = ok(at.selectbox(key="io_review_example").set_value("연기가 정말 좋았어"))
    assert at.text_input(key="io_review").value == "연기가 정말 좋았어"
    assert at.selectbox(key="io_review_example").value is None


@pytest.mark.parametrize("bad", ["", "   \u200b  ", "word " * 60])
def test_bad_reviews_get_a_message(bad, open_page):
    at = open_page(PAGE, iotab="many_to_one")
    at = ok(at.text_input(key="io_review").input(bad))
    assert at.error, "a clear message"
    assert at.title[0].value == "RNN input/output types"  # the page stands


def test_unknown_words_are_said(open_page):
    at = open_page(PAGE, iotab="many_to_one", review="the zebra was good")
    assert at.warning and "zebra" in texts(at.code)


def test_the_translation_tab_and_its_buttons_open_the_other_pages(open_page):
    at = open_page(PAGE, iotab="many_to_many", mt="she likes cats")
    assert "그녀는 고양이를 좋아해" in texts(at.code)
    assert html.escape(i18n.pure_t("en", "io.m2m_diagram_title")) in svgs(at)["io_m2m_diagram"]
    at.session_state["task"] = "sentiment"  # the sidebar elsewhere: the button brings en-ko with the sentence
    at = ok(at.button(key="io_open_encoder").click())
    assert at.session_state["task"] == "en-ko" and at.session_state["text"] == "she likes cats"
    # (AppTest does not follow st.switch_page; tests/e2e/test_io_types_e2e.py clicks it in Chromium)


def test_the_tagging_tab_shows_tags_and_the_taggers_attention(open_page):
    at = open_page(PAGE, lang="ko", iotab="synchronized", tagtext="i watch the play")
    attention = svgs(at)["io_sync_attention"]
    assert panels(attention)[0]["cols"] == ["i", "watch", "the", "play"]
    assert i18n.pure_t("ko", "io.attention_title") in attention
    at = ok(at.text_input(key="io_tag").input("the kid plays with a watch"))
    assert ">NOUN<" in svgs(at)["io_sync_diagram"]
    assert at.query_params["tagtext"] == "the kid plays with a watch"


def test_a_bad_tab_in_the_url_opens_the_first(open_page):
    at = open_page(PAGE, iotab="nonsense", review="x" * 1000)
    assert not at.exception and at.title[0].value == "RNN input/output types"


def test_one_to_one_names_a_digit_of_the_data_set_and_a_held_out_one(open_page):
    at = open_page(PAGE, img="12")  # image 12 of the data set is a 2
    assert "two" in texts(at.markdown)
    assert i18n.pure_t("en", "io.image_in_training") in texts(at.caption) or "held out" in texts(at.caption)
    at = ok(at.button(key="io_img_another").click())
    index = at.number_input(key="io_img").value
    assert at.query_params["img"] == str(index)
    assert i18n.pure_t("en", "io.image_held_out") in texts(at.caption)


def test_a_bad_image_number_in_the_url_keeps_the_default(open_page):
    at = open_page(PAGE, img="99999")
    assert at.number_input(key="io_img").value == 3


def test_drawing_by_pills_then_clearing_says_the_drawing_is_empty(open_page):
    at = open_page(PAGE, imode="draw")
    rows = [at.button_group(key=f"io_px_{r}") for r in range(8)]
    assert len(rows) == 8 and any(r.value for r in rows)  # starts from the chosen digit
    at = ok(at.button(key="io_draw_clear").click())
    assert at.error and i18n.pure_t("en", "input.empty_image") in texts(at.error)
    for r in range(1, 7):  # a vertical bar: a one
        at.button_group(key=f"io_px_{r}").set_value([3, 4])
    at = ok(at.button_group(key="io_px_7").set_value([3, 4]))
    assert not at.error
    assert at.query_params["px"] not in ("", "0" * 16)
    assert "one" in texts(at.markdown)


def test_one_to_many_writes_a_caption_step_by_step(open_page):
    at = open_page(PAGE, iotab="one_to_many", img="12", lang="ko")
    assert "two, " in texts(at.code) and "strokes" in texts(at.code)
    at = ok(at.slider(key="io_o2m_step").set_value(3))
    assert i18n.pure_t("ko", "io.o2m_step_caption", step=3, fed=",")[:10] in texts(at.caption)
