"""The three lab pages of issue 12 in real Chromium: one main flow each, by keyboard or mouse, read back
from what the browser shows (the plotly charts' own data, our SVGs, the URL)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import wait_idle
from ui.i18n import pure_t

pytestmark = pytest.mark.e2e

PLOT_DATA_JS = """(i) => {
  const plots = document.querySelectorAll('.js-plotly-plot');
  const p = plots[i];
  return p && p.data ? p.data.map((t) => ({name: t.name || null, n: (t.y || []).length, x: t.x || []})) : null;
}"""


def open_page(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_idle(page)


def plot(page, i: int):
    return page.evaluate(PLOT_DATA_JS, i)


def test_cells_maths_follow_the_unit_typed_and_the_gradient_length(server, tab):
    open_page(tab, server + "/cells?lang=en&ctab=maths&cell=lstm")
    tab.locator('svg[data-key="cells_diagram"]').wait_for()
    first = tab.locator(".katex").first.inner_text()
    unit = tab.get_by_role("spinbutton", name=pure_t("en", "cells.unit"))
    unit.fill("5")
    unit.press("Enter")
    expect(tab.locator(".katex").first).not_to_have_text(first, timeout=60_000)
    wait_idle(tab)
    expect(tab.get_by_text(pure_t("en", "cells.matches"))).to_be_visible()
    open_page(tab, server + "/cells?lang=en&ctab=gradients&glen=10")
    tab.wait_for_function(f"() => ({PLOT_DATA_JS})(0) && ({PLOT_DATA_JS})(0)[0].n === 10", timeout=60_000)
    slider = tab.get_by_role("slider", name=pure_t("en", "cells.length"))
    slider.focus()
    slider.press("ArrowRight")  # by keyboard: 10 -> 11
    tab.wait_for_function(f"() => ({PLOT_DATA_JS})(0) && ({PLOT_DATA_JS})(0)[0].n === 11", timeout=60_000)
    wait_idle(tab)
    assert "glen=11" in tab.url


def test_bottleneck_run_now_draws_the_measured_points(server, tab):
    open_page(tab, server + "/bottleneck?lang=ko&blen=20")
    tab.wait_for_function(f"() => ({PLOT_DATA_JS})(0) && ({PLOT_DATA_JS})(0).length === 2", timeout=60_000)
    tab.get_by_role("button", name=pure_t("ko", "bottleneck.run")).click()
    tab.wait_for_function(f"() => ({PLOT_DATA_JS})(0) && ({PLOT_DATA_JS})(0).length === 4", timeout=60_000)
    points = plot(tab, 0)[2:]
    assert all(p["x"] == [20] for p in points)
    expect(tab.get_by_text("길이 20의 새 시퀀스 50개로 잰 결과", exact=False)).to_be_visible()
    box = tab.get_by_role("textbox", name=pure_t("ko", "bottleneck.input"))
    box.fill("1 2 3 4 5 6")
    box.press("Enter")
    expect(tab.locator('svg[data-key="bn_rows"]')).to_contain_text("654321", timeout=60_000)


def test_compare_preset_changes_b_and_the_url(server, tab):
    open_page(tab, server + "/compare?lang=en")
    expect(tab.locator('svg[data-key="cmp_states"] image.cells')).to_have_count(2, timeout=60_000)  # A and B
    tab.get_by_role("button", name=pure_t("en", "compare.preset_cell")).click()
    tab.wait_for_function("() => location.search.includes('b=en-ko%2Flstm-bi-2l-additive')"
                          " || location.search.includes('b=en-ko/lstm-bi-2l-additive')", timeout=60_000)  # fmt: skip
    wait_idle(tab)
    table = tab.locator("[data-testid='stMain'] table")
    expect(table).to_contain_text("en-ko/lstm-bi-2l-additive")
    url = tab.url
    open_page(tab, url)  # the shared link shows the same pair
    expect(tab.locator("[data-testid='stMain'] table")).to_contain_text("en-ko/lstm-bi-2l-additive")


def test_transformer_click_a_head_to_enlarge_it(server, tab):
    """The grid of 2 layers x 4 heads: a click on layer 1, head 3 enlarges that map below it."""
    open_page(tab, server + "/transformer?lang=en")
    heads = tab.locator('svg[data-key="tf_grid"] image.cells')
    expect(heads).to_have_count(8, timeout=60_000)
    expect(tab.get_by_text("나는 너를 사랑해").first).to_be_visible()
    enlarged = tab.locator('svg[data-key="tf_head_fig"]')
    heads.nth(2).scroll_into_view_if_needed()
    box = heads.nth(2).bounding_box()  # layer 1, head 3
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(enlarged).to_have_attribute("aria-label", "cross-attention: layer 1, head 3", timeout=60_000)
    expect(tab.locator('svg[data-key="tf_grid"] rect.outlined')).to_have_count(1)
    wait_idle(tab)
    kind = tab.get_by_role("radiogroup", name=pure_t("en", "transformer.kind"))
    kind.get_by_text(pure_t("en", "transformer.viz.kind_decoder")).click()
    expect(enlarged).to_have_attribute(
        "aria-label", "decoder masked self-attention: layer 1, head 3", timeout=60_000
    )
    assert "tkind=decoder" in tab.url
