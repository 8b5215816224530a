"""Issue 14's classroom checks in real Chromium: the app loads nothing from outside its server (every page
renders its figures with every other address blocked), a phone (390x844) never scrolls sideways and every
figure fits its width, and ?embed=true shows a view alone, with the URL's settings, for a teacher's slides."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import wait_idle
from ui.i18n import pure_t

pytestmark = pytest.mark.e2e
PAGES = ("/", "/encoder", "/decoder", "/attention", "/io_types", "/applications", "/cells", "/bottleneck",
         "/compare", "/transformer", "/train", "/lesson")  # fmt: skip
FIGURES = ".js-plotly-plot, svg[data-key]"
WIDTHS_JS = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const figures = Array.from(document.querySelectorAll('.js-plotly-plot, svg[data-key]'))
    .map((f) => Math.round(f.getBoundingClientRect().width));
  return {page: document.documentElement.scrollWidth, main: main.scrollWidth, view: window.innerWidth, figures};
}"""


def open_page(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for(timeout=90_000)
    wait_idle(page)


def test_every_page_renders_with_every_other_address_blocked(server, chrome):
    context = chrome.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def only_the_app(route):
        url = route.request.url
        if url.startswith((server, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", only_the_app)
    page = context.new_page()
    for path in PAGES:
        open_page(page, server + path + "?lang=en")
        if path == "/lesson":  # its figure appears once the question is answered (or its answer shown)
            page.get_by_role("button", name=pure_t("en", "lesson.reveal")).click()
        if path != "/train":  # (its charts appear once training starts)
            page.locator(FIGURES).first.wait_for(timeout=60_000)
    context.close()
    assert not outside, sorted(set(outside))[:5]


def test_a_phone_never_scrolls_sideways_and_figures_fit(server, chrome):
    context = chrome.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in PAGES:
        open_page(page, server + path + "?lang=ko")
        page.wait_for_timeout(800)  # plotly sizes its charts to the container after the first paint
        w = page.evaluate(WIDTHS_JS)
        assert w["page"] <= w["view"] and w["main"] <= w["view"], (path, w)
        assert all(f <= w["view"] for f in w["figures"]), (path, w)
    context.close()


def test_embed_shows_the_view_alone_with_the_urls_settings(server, tab):
    open_page(tab, server + "/encoder?embed=true&lang=en&text=she+likes+cats&bi=0")
    box = tab.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True)
    expect(box).to_have_value("she likes cats")
    expect(tab.locator("[data-testid=stSidebar]")).to_be_hidden()
    tab.locator(FIGURES).first.wait_for()
    assert "embed=true" in tab.url and "bi=0" in tab.url
    open_page(tab, server + "/encoder?lang=en")  # without embed, the sidebar is there
    expect(tab.locator("[data-testid=stSidebar]")).to_be_visible()


def test_see_the_code_opens_by_keyboard_with_the_real_source(server, tab):
    open_page(tab, server + "/encoder?lang=en")
    summary = tab.locator("[data-testid=stExpander] summary").filter(has_text=pure_t("en", "code.title"))
    summary.scroll_into_view_if_needed()
    summary.focus()
    tab.keyboard.press("Enter")  # by keyboard
    code = tab.locator("[data-testid=stCode]").filter(has_text="def trace(self, src")
    expect(code.first).to_be_visible(timeout=30_000)
