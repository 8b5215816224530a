"""Readable on a laptop and on a projector (issue 10), measured in real Chromium as rendered, not as specified:

* at 1280 px wide, no text in any figure (plotly charts and our own SVGs, which their viewBox may scale
  down) is drawn smaller than 12 px;
* at 1280x720 and 150% zoom (a CSS viewport of 853x480 at device scale 1.5), no button's label
  overflows it and no figure title runs past its chart;
* at both, no figure title runs into a label under it (a title of two lines over an axis title written
  above its axis: viz/common.move_y_titles).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import draw_every_chart, wait_idle

pytestmark = pytest.mark.e2e

VIEWS = [
    "/?lang=ko&step=2",
    "/encoder?lang=ko",
    "/encoder?lang=ko&etab=trajectories",
    "/decoder?lang=ko&step=1",
    "/decoder?lang=ko&dtab=search",
    "/attention?lang=ko&step=2",
    "/attention?lang=en&step=2",
    "/cells?lang=ko&cell=lstm",
    "/cells?lang=ko&ctab=maths&cell=lstm",
    "/cells?lang=en&ctab=cost",
    "/cells?lang=ko&ctab=gradients",
    "/bottleneck?lang=ko",
    "/compare?lang=ko",
    "/transformer?lang=ko",
    "/transformer?lang=ko&ttab=positions",
    "/transformer?lang=ko&ttab=versus",
    "/transformer?lang=ko&ttab=parallel",
    "/io_types?lang=ko",
    "/io_types?lang=ko&iotab=one_to_many",
    "/io_types?lang=ko&iotab=many_to_one",
    "/io_types?lang=ko&iotab=many_to_many",
    "/io_types?lang=ko&iotab=synchronized",
    "/applications?lang=ko",
    "/applications?lang=ko&apptab=summarization",
    "/applications?lang=ko&apptab=speech",
    "/applications?lang=ko&apptab=video",
]

# Rendered font size of every visible text node in a figure: the computed size times the scale of the
# element's screen transform (1 for plotly, the viewBox scale for an inline SVG).
FONT_SIZES_JS = """() => {
  const out = [];
  const figures = document.querySelectorAll('.s2s-chart svg, svg[data-key]');
  for (const svg of figures) {
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const box = t.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(t);
      if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) continue;
      const ctm = t.getScreenCTM();
      const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
      out.push({text: t.textContent.slice(0, 30), px: parseFloat(style.fontSize) * scale});
    }
  }
  return out;
}"""

CLIPPED_JS = """() => {
  const bad = [];
  const main = document.querySelector('[data-testid="stMain"]');
  for (const b of main.querySelectorAll('button')) {
    const r = b.getBoundingClientRect();
    if (r.width === 0 || b.closest('.s2s-chart')) continue;
    if (b.scrollWidth > b.clientWidth + 1) bad.push('button: ' + b.innerText.slice(0, 40));
  }
  for (const chart of main.querySelectorAll('.s2s-chart')) {
    const frame = chart.querySelector('svg.main-svg');
    if (!frame) continue;
    const limit = frame.getBoundingClientRect();
    for (const title of chart.querySelectorAll('.gtitle')) {
      const r = title.getBoundingClientRect();
      if (r.right > limit.right + 1) bad.push('title: ' + title.textContent.slice(0, 40));
    }
  }
  return bad;
}"""


# A plotly chart's title and its annotations (axis titles moved above their axes, subplot titles) that overlap.
OVERLAPS_JS = """() => {
  const bad = [];
  const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  for (const chart of document.querySelectorAll('[data-testid="stMain"] .s2s-chart')) {
    const title = chart.querySelector('.gtitle');
    if (!title || !title.textContent) continue;
    for (const a of chart.querySelectorAll('.annotation-text')) {
      if (a.textContent.trim() && hit(title.getBoundingClientRect(), a.getBoundingClientRect())) {
        bad.push(title.textContent.slice(0, 40) + ' / ' + a.textContent.slice(0, 20));
      }
    }
  }
  return bad;
}"""


def open_view(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_idle(page)
    # plotly draws after the run's last message (its script loads on first use)
    page.wait_for_function(
        """() => document.querySelectorAll('.s2s-chart, svg[data-key] text').length""", timeout=60_000
    )
    draw_every_chart(page)  # (each is drawn when it comes on screen)
    page.wait_for_timeout(300)


@pytest.mark.parametrize("view", VIEWS)
def test_no_figure_text_below_12px_at_1280(server, chrome, view):
    ctx = chrome.new_context(locale="ko-KR", viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    open_view(page, server + view)
    sizes = page.evaluate(FONT_SIZES_JS)
    overlaps = page.evaluate(OVERLAPS_JS)
    ctx.close()
    assert not overlaps, overlaps
    assert sizes, "no figure text found"
    small = sorted((round(s["px"], 1), s["text"]) for s in sizes if s["px"] < 11.95)
    assert not small, small[:10]


@pytest.mark.parametrize("view", VIEWS)
def test_nothing_clipped_on_a_projector(server, chrome, view):
    ctx = chrome.new_context(locale="ko-KR", viewport={"width": 853, "height": 480}, device_scale_factor=1.5)
    page = ctx.new_page()
    open_view(page, server + view)
    clipped = page.evaluate(CLIPPED_JS) + page.evaluate(OVERLAPS_JS)
    ctx.close()
    assert not clipped, clipped
