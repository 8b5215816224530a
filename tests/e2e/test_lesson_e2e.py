"""The Lesson page in real Chromium (issue 14): ← and → step through it (and do not while one types), a
question answered right and one answered wrong, the downloaded handout (its content, and that it opens
with every request blocked), presentation mode on a projector (1280x720 at 150%: every figure's text at
least 18 px on screen, nothing clipped or drawn over, no sidebar or export buttons), and every step's
figures readable at 1280 px."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from s2s_core import pretrained
from tests.e2e.conftest import draw_every_chart, wait_idle
from tests.e2e.test_readability_e2e import CLIPPED_JS, FONT_SIZES_JS
from ui import lesson as L
from ui.i18n import pure_t

pytestmark = pytest.mark.e2e
FIGURES = ".js-plotly-plot, svg[data-key]"

# Text drawn outside its figure, or over another text of the same figure (plotly charts and our SVGs).
OVERLAPS_JS = """() => {
  const bad = [];
  for (const fig of document.querySelectorAll('.s2s-chart svg.main-svg, svg[data-key]')) {
    const limit = (fig.closest('.s2s-chart') || fig).getBoundingClientRect();
    const boxes = [];
    for (const t of fig.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || r.width === 0) continue;
      if (r.left < limit.left - 1 || r.right > limit.right + 1) bad.push('outside: ' + t.textContent.slice(0, 30));
      boxes.push([r, t.textContent.slice(0, 20)]);
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, s] = boxes[i], [b, u] = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 2 && h > 2) bad.push('over: ' + s + ' / ' + u);
    }
  }
  return bad;
}"""


def setup(lang: str) -> L.Setup:
    name = pretrained.DEFAULTS["en-ko"]
    return L.Setup(lang, "I love you", "en-ko", name, name, "gru", 2)


def question(page, lang: str):
    return page.get_by_role("radiogroup", name=pure_t(lang, "lesson.choose"))


def open_step(page, server: str, query: str) -> None:
    page.goto(f"{server}/lesson?{query}")
    lang = re.search(r"lang=(\w+)", query).group(1)
    question(page, lang).wait_for(timeout=90_000)
    wait_idle(page)


def heading(page, lang: str, n: int):
    return page.get_by_role("heading", name=f"{n}. {pure_t(lang, f'lesson.{L.STEPS[n - 1]}.title')}")


def choose(page, lang: str, text: str) -> None:
    question(page, lang).get_by_text(text, exact=True).click()
    # answered: the choice is fixed (a disabled radio). The run it starts is the page fragment's, which
    # may not have begun when the click returns, so "not running" alone can be the state before it.
    expect(question(page, lang).get_by_role("radio").first).to_be_disabled(timeout=60_000)
    wait_idle(page)


def reveal(page, lang: str) -> None:
    page.get_by_role("button", name=pure_t(lang, "lesson.reveal")).click()
    page.locator(".s2s-chart, svg[data-key]").first.wait_for(state="attached")
    wait_idle(page)
    draw_every_chart(page)  # (each is drawn when it comes on screen)
    page.wait_for_timeout(600)  # plotly sizes its charts to the container after the first paint


def test_arrow_keys_step_through_the_lesson_but_not_while_typing(server, tab):
    open_step(tab, server, "lang=en&lesson_step=2")
    tab.get_by_role("heading", level=1).click()  # focus on the page, not in a box
    # (a step's first visit builds its model views: under CI's load that took longer than expect's 5 s)
    tab.keyboard.press("ArrowRight")
    expect(heading(tab, "en", 3)).to_be_visible(timeout=60_000)
    expect(tab).to_have_url(re.compile(r"lesson_step=3"))
    wait_idle(tab)
    tab.keyboard.press("ArrowLeft")
    expect(heading(tab, "en", 2)).to_be_visible(timeout=60_000)
    wait_idle(tab)
    tab.keyboard.press("ArrowLeft")
    expect(heading(tab, "en", 1)).to_be_visible(timeout=60_000)
    wait_idle(tab)
    box = tab.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True)
    box.click()
    tab.keyboard.press("ArrowRight")  # moves the caret, not the lesson
    tab.wait_for_timeout(800)
    expect(heading(tab, "en", 1)).to_be_visible()


def test_a_question_answered_right_and_one_answered_wrong(server, tab):
    decoder = L.build("decoder", setup("ko")).question
    open_step(tab, server, "lang=ko&lesson_step=4")
    expect(tab.locator(FIGURES)).to_have_count(0)  # predict first
    choose(tab, "ko", decoder.right)
    alert = tab.get_by_text(pure_t("ko", "lesson.right", answer=decoder.right), exact=True)
    expect(alert).to_be_visible()
    expect(tab.locator(FIGURES).first).to_be_visible()  # then the model shows it
    attention = L.build("attention", setup("ko")).question
    wrong = next(o for o in attention.options if o != attention.right)
    open_step(tab, server, "lang=ko&lesson_step=10")
    choose(tab, "ko", wrong)
    alert = tab.get_by_text(pure_t("ko", "lesson.wrong", answer=attention.right), exact=True)
    expect(alert).to_be_visible()
    expect(question(tab, "ko")).to_have_count(1)  # (the answered question is a new, fixed widget)
    expect(question(tab, "ko").get_by_role("radio", name=wrong, exact=True)).to_be_checked()
    expect(question(tab, "ko").get_by_role("radio", name=wrong, exact=True)).to_be_disabled()


def test_the_handout_downloads_and_opens_with_every_request_blocked(server, chrome, tab):
    q = L.build("decoder", setup("en")).question
    open_step(tab, server, "lang=en&lesson_step=4")
    choose(tab, "en", q.right)
    with tab.expect_download() as info:
        tab.get_by_role("button", name=pure_t("en", "lesson.handout")).click()
    download = info.value
    assert download.suggested_filename == f"{pure_t('en', 'lesson.handout_file')}.html"
    html = Path(download.path()).read_text(encoding="utf-8")
    assert "<script" not in html.lower() and html.count("<svg") >= len(L.STEPS)
    assert pure_t("en", "lesson.handout_yours", answer=q.right) in html  # this student's answer
    offline = chrome.new_context()
    asked: list[str] = []
    offline.route("**/*", lambda route: (asked.append(route.request.url), route.abort()))
    page = offline.new_page()
    page.set_content(html, wait_until="load")
    expect(page.get_by_role("heading", level=1)).to_have_text(pure_t("en", "lesson.handout_title"))
    titles = page.locator("h2").all_inner_texts()
    assert titles == [f"{n}. {pure_t('en', f'lesson.{s}.title')}" for n, s in enumerate(L.STEPS, 1)]
    sizes = page.evaluate(
        "() => Array.from(document.querySelectorAll('svg'), (s) => s.getBoundingClientRect().width)"
    )
    assert len(sizes) >= len(L.STEPS) and min(sizes) > 100  # every figure drawn
    offline.close()
    assert not asked, asked[:3]


@pytest.mark.parametrize("steps", [(1, 3, 6), (7, 10, 12)], ids=["first", "last"])
def test_presentation_mode_on_a_projector(server, chrome, steps):
    ctx = chrome.new_context(locale="ko-KR", viewport={"width": 853, "height": 480}, device_scale_factor=1.5)
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    for n in steps:
        open_step(page, server, f"lang=ko&present=1&lesson_step={n}")
        expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()
        expect(page.get_by_role("button", name=pure_t("ko", "lesson.exit_present"))).to_be_visible()
        reveal(page, "ko")
        expect(page.get_by_role("button", name=pure_t("ko", "export.png"))).to_have_count(0)
        sizes = page.evaluate(FONT_SIZES_JS)
        small = sorted((round(s["px"] * 1.5, 1), s["text"]) for s in sizes if s["px"] * 1.5 < 18)
        assert sizes and not small, (n, small[:8])  # px on screen
        assert not page.evaluate(OVERLAPS_JS), (n, page.evaluate(OVERLAPS_JS)[:5])
        assert not page.evaluate(CLIPPED_JS), n
        width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], (n, width)
    page.get_by_role("heading", level=1).click()
    page.keyboard.press("ArrowLeft")  # the keys step in presentation mode too
    expect(heading(page, "ko", steps[-1] - 1)).to_be_visible()
    page.get_by_role("button", name=pure_t("ko", "lesson.exit_present")).click()
    expect(page.locator("[data-testid=stSidebar]")).to_be_visible()
    expect(page).to_have_url(re.compile(r"present=0"))
    ctx.close()


def test_every_steps_figures_are_readable_at_1280(server, chrome):
    ctx = chrome.new_context(locale="ko-KR", viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    for n in range(1, len(L.STEPS) + 1):
        open_step(page, server, f"lang=ko&lesson_step={n}")
        reveal(page, "ko")
        small = [(round(s["px"], 1), s["text"]) for s in page.evaluate(FONT_SIZES_JS) if s["px"] < 11.95]
        assert not small, (n, small[:8])
    ctx.close()
