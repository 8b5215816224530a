"""Our plotly charts in real Chromium (ui/plotly_chart.py): a new figure updates the chart in place, its
margins are right the first time, a click on a cell picks that step, and it exports and goes full screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import draw_chart, draw_every_chart, wait_idle
from ui.i18n import pure_t

pytestmark = pytest.mark.e2e

GD = "(key) => document.querySelector('.st-key-' + key + ' .js-plotly-plot')"
# Did plotly grow a margin past what the server gave it (a second layout pass)? Sides that it grew, per chart.
GROWN = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')).map((gd) => {
  const m = gd.layout.margin, s = gd._fullLayout._size;
  return ['l', 'r', 't', 'b'].filter((k) => s[k] > m[k] + 1).map((k) => k + ':' + m[k] + '->' + Math.round(s[k]));
}).flat()"""


def open_page(tab, url: str, key: str):
    tab.goto(url)
    chart = tab.locator(f".st-key-{key} .s2s-chart")
    chart.wait_for(state="attached", timeout=60_000)
    draw_chart(tab, chart)  # (a chart is drawn once it is on the screen)
    wait_idle(tab)


def test_a_new_sentence_updates_the_same_chart_in_place(server, tab):
    open_page(tab, server + "/encoder?lang=en&etab=trajectories", "enc_traj")
    tab.evaluate(f"() => {{ ({GD})('enc_traj').dataset.mark = 'first'; }}")
    shows = f"(word) => JSON.stringify(({GD})('enc_traj').data).includes(word)"
    assert tab.evaluate(shows, "love") and not tab.evaluate(shows, "cats")
    box = tab.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True)
    box.fill("she likes cats")
    box.press("Enter")
    tab.wait_for_function(f"() => ({shows})('cats')", timeout=60_000)
    # the same element, drawn again by Plotly.react (st.plotly_chart would have made a new one)
    assert tab.evaluate(f"() => ({GD})('enc_traj').dataset.mark") == "first"


@pytest.mark.parametrize(
    "url,key",
    [("/encoder?lang=ko&etab=trajectories", "enc_traj"), ("/decoder?lang=ko&step=1", "dec_topk"),
     ("/cells?lang=ko&ctab=cost", "cells_cost"),
     ("/attention?lang=en&atab=scores", "att_scores")],
)  # fmt: skip
def test_margins_fit_the_labels_the_first_time(server, tab, url, key):
    """viz/margins.py's estimates hold in the browser: plotly never had to grow a margin and lay out again."""
    open_page(tab, server + url, key)
    draw_every_chart(tab)  # (each is drawn when it comes on screen)
    tab.wait_for_timeout(300)
    assert tab.evaluate(GROWN) == []
    # ...with our template, which the browser applies (static/s2s_template.json): plotly_white's grid and
    # automargin, so a margin plotly had to grow would show above ("none": a figure spelled out in full)
    looks = tab.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot'))
      .map((gd) => [gd.layout.template === 'none' ? 'none' : gd.layout.template.layout.xaxis.gridcolor,
                    gd._fullLayout.xaxis.automargin === true])""")
    assert looks and all(look in (["#EBF0F8", True], ["none", True]) for look in looks), looks
    assert ["#EBF0F8", True] in looks


def test_a_heatmap_cell_says_its_value_on_hover_and_a_click_selects_its_step(server, tab):
    """The Attention page's heatmap is our own SVG (viz/heatmap.py): the cell under the pointer shows its
    output, input and weight in a tooltip, and a click picks its row's step, in the picker and the URL."""
    tab.goto(server + "/attention?lang=en&step=0&text=I+love+you")
    cells = tab.locator('svg[data-key="att_heatmap"] image.cells')
    cells.wait_for(timeout=60_000)
    wait_idle(tab)
    # (hover and click are the export bar's script: there once its buttons are)
    expect(tab.locator(".st-key-att_heatmap-export button").first).to_be_visible(timeout=60_000)
    box = cells.bounding_box()
    rows, cols = int(cells.get_attribute("data-nrows")), int(cells.get_attribute("data-ncols"))
    x, y = box["x"] + box["width"] * 1.5 / cols, box["y"] + box["height"] * 2.5 / rows  # input 2, output 3
    tab.mouse.move(x, y)
    tip = tab.locator("#s2s-cell-tip")
    expect(tip).to_be_visible()
    weight = float(cells.get_attribute("data-z").split(",")[2 * cols + 1])
    assert tip.inner_text().splitlines() == [
        f"{pure_t('en', 'attention.viz.output')}: 사랑해", f"{pure_t('en', 'attention.viz.input')}: love",
        f"{pure_t('en', 'attention.viz.weight')}: {weight:.3f}"]  # fmt: skip
    tab.mouse.click(x, y)
    tab.wait_for_function("() => new URL(location.href).searchParams.get('step') === '2'", timeout=60_000)
    wait_idle(tab)
    picked = tab.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(
        has_text=pure_t("en", "attention.step")
    )
    expect(picked.get_by_role("combobox")).to_have_value(
        "3 · 사랑해"
    )  # the step picker shows the clicked row
    selected = tab.locator('svg[data-key="att_heatmap"] rect.selected').bounding_box()
    assert abs(selected["y"] + selected["height"] / 2 - y) < selected["height"] / 2  # and its row is outlined
    tab.mouse.move(5, 5)
    expect(tip).to_be_hidden()


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_a_plotly_chart_exports_by_its_button(server, tab, fmt):
    open_page(tab, server + "/encoder?lang=en&etab=trajectories", "enc_traj")
    bar = tab.locator(".st-key-enc_traj .s2s-export")
    with tab.expect_download() as dl:
        bar.get_by_role("button", name=pure_t("en", f"export.{fmt}")).click()
    data = Path(dl.value.path()).read_bytes()
    if fmt == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    else:
        assert b"<svg" in data[:200] and b"love" in data


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_an_svg_heatmap_exports_by_its_button(server, tab, fmt):
    """Our SVG heatmaps (viz/heatmap.py) save as they are, or drawn on a canvas with their cells' image."""
    tab.goto(server + "/encoder?lang=en")
    tab.locator('svg[data-key="enc_states"] image.cells').first.wait_for(timeout=60_000)
    wait_idle(tab)
    bar = tab.locator(".st-key-enc_states-export")
    with tab.expect_download() as dl:
        bar.get_by_role("button", name=pure_t("en", f"export.{fmt}")).click()
    data = Path(dl.value.path()).read_bytes()
    if fmt == "png":
        assert (
            data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
        )  # (the cells drawn: colours, not blank)
    else:
        assert b"<svg" in data[:300] and b"love" in data and b"data:image/png;base64," in data


def test_full_screen_shows_the_chart_alone_and_esc_restores_it(server, tab):
    open_page(tab, server + "/encoder?lang=en&etab=trajectories", "enc_traj")
    width = tab.evaluate(f"() => ({GD})('enc_traj')._fullLayout.width")
    tab.locator(".st-key-enc_traj .s2s-export").get_by_role(
        "button", name=pure_t("en", "export.fullscreen")
    ).click()
    tab.wait_for_function(f"() => document.fullscreenElement === ({GD})('enc_traj')", timeout=10_000)
    tab.wait_for_function(f"() => ({GD})('enc_traj')._fullLayout.width === window.innerWidth", timeout=10_000)
    tab.evaluate("() => document.exitFullscreen()")
    tab.wait_for_function(f"() => !document.fullscreenElement && ({GD})('enc_traj')._fullLayout.width === {width}",
                          timeout=10_000)  # fmt: skip


def test_a_decoder_step_updates_its_figures_and_the_url(server, tab):
    """The step tab is a fragment (pages/decoder.py): Next and the slider rerun it alone, and still move the
    unrolled decoder to that step and keep the step in the URL, so a shared link opens the same step."""
    open_page(tab, server + "/decoder?lang=en&bi=0&text=I+love+you&step=0", "dec_topk")
    title = "() => document.querySelector('svg[data-key=\"dec_unrolled\"]').getAttribute('aria-label')"
    first = tab.evaluate(title)
    assert first == "The decoder unrolled: step 1 of 4"
    tab.locator(".st-key-dec_next button").click()
    tab.wait_for_function("() => new URL(location.href).searchParams.get('step') === '1'", timeout=60_000)
    tab.wait_for_function(f"(before) => ({title})() !== before", arg=first, timeout=60_000)
    second = tab.evaluate(title)
    slider = tab.locator("[data-testid='stMain'] [data-testid='stSlider'] input")
    slider.focus()
    slider.press("ArrowRight")  # by keyboard, as a reader without a mouse steps on
    tab.wait_for_function("() => new URL(location.href).searchParams.get('step') === '2'", timeout=60_000)
    tab.wait_for_function(f"(before) => ({title})() !== before", arg=second, timeout=60_000)


def test_a_chart_below_the_fold_waits_until_it_is_scrolled_to(server, tab):
    """Only what is on the screen is drawn (ui/plotly_chart.py): on a laptop's screen, a new sentence
    redraws the Decoder page's unrolled decoder at once, while its top-k chart, below the fold, is not drawn
    again until the reader scrolls to it, and then it shows the new sentence's candidates. (On the page's
    first load it may be drawn once: the elements above it arrive one by one, and for a moment it is on the
    screen.)"""
    tab.set_viewport_size({"width": 1280, "height": 800})
    open_page(tab, server + "/decoder?lang=en&text=I+love+you", "dec_topk")
    tab.locator("[data-testid='stMain'] h1").first.scroll_into_view_if_needed()  # back to the top
    chart = "document.querySelector('.st-key-dec_topk .s2s-chart')"  # (.js-plotly-plot once drawn)
    below = f"() => {chart}.getBoundingClientRect().top - innerHeight"
    assert tab.evaluate(below) > 0, "the top-k chart is on the screen: this test needs it below the fold"
    drawn = f"() => JSON.stringify({chart}.data || [])"  # (not drawn: no data)
    before = tab.evaluate(drawn)
    unrolled = "() => document.querySelector('svg[data-key=\"dec_unrolled\"]').textContent"
    first = tab.evaluate(unrolled)
    box = tab.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True)
    box.fill("she likes cats")
    box.press("Enter")
    tab.wait_for_function(f"(first) => ({unrolled})() !== first", arg=first, timeout=60_000)
    wait_idle(tab)
    tab.wait_for_timeout(500)
    assert tab.evaluate(drawn) == before  # the first sentence's figure, or none: not drawn again
    tab.locator(".st-key-dec_topk").scroll_into_view_if_needed()
    changed = f"(before) => ({drawn})() !== before && ({drawn})() !== '[]'"
    tab.wait_for_function(changed, arg=before, timeout=60_000)
