"""The RNN input/output types and Applications pages in real Chromium: type a review and watch the
word-by-word line change, switch tabs by keyboard, open the translation on the Encoder page, draw a digit by
keyboard, talk to the chatbot and play the synthesized speech."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import wait_idle
from ui.i18n import pure_t

pytestmark = pytest.mark.e2e
# The word-by-word line (our SVG): each point's mark, "circle" above 50%, "rect" below
LINE = "() => Array.from(document.querySelectorAll('svg[data-key=\"io_m2o_line\"] .point')).map((p) => p.tagName)"


def test_a_review_typed_redraws_the_prediction_by_word(server, tab):
    tab.goto(server + "/io_types?lang=en&iotab=many_to_one")
    box = tab.get_by_role("textbox", name=pure_t("en", "io.review"), exact=True)
    expect(box).to_have_value("the movie was really good", timeout=90_000)
    wait_idle(tab)
    box.fill("the music was great but the ending was boring")
    box.press("Enter")
    tab.wait_for_function(
        f"() => {{ const marks = ({LINE})(); return marks.length === 9 && marks[8] === 'rect'; }}"
    )
    tab.locator('svg[data-key="io_m2o_line"]').scroll_into_view_if_needed()
    expect(tab.locator('svg[data-key="io_m2o_line"] .point').last).to_be_visible()
    wait_idle(tab)
    assert "review=the+music+was+great" in tab.url
    expect(tab.get_by_text(pure_t("en", "io.viz.negative")).first).to_be_visible()


def test_views_by_keyboard_and_the_translation_opens_in_the_encoder(server, tab):
    tab.goto(server + "/io_types?lang=ko&mt=she+likes+cats&iotab=many_to_one")
    first = tab.get_by_role("radio", name=pure_t("ko", "io.tab_many_to_one"))
    first.wait_for()
    wait_idle(tab)
    expect(first).to_be_checked()
    first.focus()
    tab.keyboard.press("ArrowRight")  # the next view, by keyboard (one tab stop, arrows within, as radios)
    tab.keyboard.press("Space")
    expect(tab.get_by_role("heading", name=pure_t("ko", "io.m2m_header"))).to_be_visible()
    tab.get_by_text("그녀는 고양이를 좋아해").first.wait_for()
    button = tab.get_by_role("button", name=pure_t("ko", "io.open_encoder"))
    button.scroll_into_view_if_needed()
    button.click()
    tab.get_by_role("heading", name=pure_t("ko", "encoder.title"), level=1).wait_for()
    box = tab.get_by_role("textbox", name=pure_t("ko", "sentence.label"), exact=True)
    expect(box).to_have_value("she likes cats")
    assert "/encoder" in tab.url and "task=en-ko" in tab.url


def test_a_digit_drawn_by_keyboard_is_read(server, tab):
    tab.goto(server + "/io_types?lang=en&imode=draw&img=12")
    clear = tab.get_by_role("button", name=pure_t("en", "io.draw_clear"))
    clear.wait_for(timeout=90_000)
    wait_idle(tab)
    clear.click()
    expect(tab.get_by_text(pure_t("en", "input.empty_image"))).to_be_visible()
    assert "px=0000000000000000" in tab.url
    grid = tab.locator(".st-key-io_grid")
    pill = grid.get_by_role("button", name="4").first  # row 1, column 4, by keyboard
    pill.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => !location.search.includes('px=0000000000000000')")
    wait_idle(tab)
    expect(tab.get_by_text(pure_t("en", "input.empty_image"))).to_have_count(0)


def test_applications_chatbot_reply_and_speech_to_hear(server, tab):
    tab.goto(server + "/applications?lang=en&apptab=chatbot")
    box = tab.get_by_role("textbox", name=pure_t("en", "apps.message"), exact=True)
    expect(box).to_have_value("hi", timeout=90_000)
    wait_idle(tab)
    box.fill("my name is anna")
    box.press("Enter")
    expect(tab.get_by_text("nice to meet you, anna!")).to_be_visible(timeout=60_000)
    assert "chat=my+name+is+anna" in tab.url
    tab.get_by_role("radio", name=pure_t("en", "apps.tab_speech")).click()
    audio = tab.locator("audio")
    audio.wait_for(state="attached", timeout=60_000)
    duration = tab.wait_for_function(
        "() => { const a = document.querySelector('audio'); return a && a.duration > 0 ? a.duration : null; }"
    )
    assert duration.json_value() > 0.5  # the synthesized words, a second or so
    expect(tab.get_by_text("go left", exact=True).first).to_be_visible()
