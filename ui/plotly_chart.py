"""Our plotly charts, drawn by a small component that updates a chart in place instead of re-creating it.

Why not st.plotly_chart: Streamlit gives a chart an identity made from its whole figure, so every new
figure (a new sentence, the next decoder step) unmounts the chart and draws a new one from scratch
(Plotly.purge + Plotly.newPlot). Here the chart's identity is its key and each new figure goes through
Plotly.react, which reuses the SVG it has: measured in Chromium, the Encoder's states 85 -> 18 ms, the
Cells gates 35 -> 19 ms, the Transformer grid 65 -> 37 ms. A rerun that leaves a figure as it was costs
nothing in the browser, and neither does one of a chart off the screen (below the fold, in a closed
expander): it is drawn, with the latest run's figure only, when it comes on the screen.

plotly.js is plotly.py's own copy (the one our figures are written for), served from `static/` by
Streamlit's static file serving, loaded once per page on the first chart; so is our plotly template
(static/s2s_template.json, viz/theme.py), which figures are built without. A click on a chart that asks
for it (`on_click`) reaches Python as `{"points": [{"customdata": ...}, ...]}`, the shape of
st.plotly_chart's selection, in `st.session_state[key]["click"]`. The chart's PNG, SVG and full-screen
buttons are drawn by the same element (each element costs every rerun a message and a render of the page).
"""

from __future__ import annotations

import functools
import json

import streamlit as st

from ui.i18n import t
from viz.theme import TEMPLATE_JSON

# The look of the real <button>s in our components (the export bars, the sidebar's copy-link), close to
# Streamlit's, one rule per line: scoped by a class where the component's styles are not isolated.
BUTTON_RULES = (
    "button { font: inherit; font-size: .875rem; padding: .25rem .75rem; border-radius: .5rem; cursor: pointer;"
    " color: #262730; background: #ffffff; border: 1px solid rgba(49, 51, 63, .4); min-height: 2rem; }",
    "button:hover { border-color: #c62828; color: #c62828; }",  # the theme's primaryColor (.streamlit/config.toml)
    "button:focus-visible { outline: 2px solid #1c6dd0; outline-offset: 2px; }",
)

NAME = "s2s_plotly_chart"
PLOTLY_JS = "plotly.min.js"  # static/plotly.min.js: plotly.py's package_data/plotly.min.js, byte for byte

BAR_JS = """
function fillBar(bar, labels, act) {  // the export buttons: real <button>s, labelled in the page's language
  bar.replaceChildren();
  bar.setAttribute('aria-label', labels.group);
  for (const action of ['png', 'svg', 'fullscreen']) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = labels[action];
    b.dataset.format = action;
    b.addEventListener('click', () => act(action));
    bar.appendChild(b);
  }
}
"""

_JS = (
    BAR_JS
    + """
function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__s2sPlotly) {
    window.__s2sPlotly = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => { window.__s2sPlotly = null; reject(new Error('plotly.js did not load')); };
      document.head.appendChild(s);
    });
  }
  return window.__s2sPlotly;
}
function loadTemplate(src) {  // our theme (viz/theme.py), applied here rather than sent with every figure
  if (!window.__s2sTemplate) {
    window.__s2sTemplate = fetch(src).then((r) => {
      if (!r.ok) throw new Error('template did not load');
      return r.json();
    });
    window.__s2sTemplate.catch(() => { window.__s2sTemplate = null; });
  }
  return window.__s2sTemplate;
}
function draw(Plotly, template, gd, data, setTriggerValue) {
  if (gd.__s2sSpec === data.spec && gd._fullLayout) return;  // the same figure as last run: nothing to do
  const fig = JSON.parse(data.spec);
  if (!('template' in fig.layout)) fig.layout.template = template;  // "none": a figure spelled out
  gd.__s2sSpec = data.spec;
  gd.style.height = (fig.layout.height || 450) + 'px';
  return Plotly.react(gd, fig.data, fig.layout, JSON.parse(data.config)).then(() => {
    describe(gd, data);  // (plotly sets attributes of its own on the first draw)
    if (data.click && !gd.dataset.clicks) {
      gd.dataset.clicks = '1';
      gd.on('plotly_click', (ev) => setTriggerValue('click', {points: ev.points.map((p) => ({
        curve_number: p.curveNumber, point_number: p.pointNumber, x: p.x, y: p.y,
        customdata: p.customdata === undefined ? null : p.customdata}))}));
    }
    if (!gd.__s2sResize) {
      let frame = 0, width = gd.clientWidth;
      gd.__s2sResize = new ResizeObserver(() => {
        if (gd.clientWidth === width) return;
        width = gd.clientWidth;
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => Plotly.Plots.resize(gd));
      });
      gd.__s2sResize.observe(gd);
    }
  });
}
function onTheScreenNow(gd) {  // (asks the browser to lay the page out)
  const r = gd.getBoundingClientRect();
  return r.width > 0 && r.bottom > 0 && r.top < window.innerHeight;
}
function watch(gd) {
  // Whether the chart is on the screen, as the browser reports it after laying the page out: asking
  // (getBoundingClientRect) while a run's elements were still arriving made the browser lay out the
  // half-updated page for every chart, and drew a chart below the fold whenever the elements above it
  // had not their height yet (the Attention page's third chart: 13-28 ms per interaction, never seen).
  if (gd.__s2sSeen) return;
  gd.__s2sSeen = new IntersectionObserver((entries) => {
    gd.__s2sVisible = entries[entries.length - 1].isIntersecting;
    if (gd.__s2sVisible && gd.__s2sWake) gd.__s2sWake();
  });
  gd.__s2sSeen.observe(gd);
}
function onScreen(gd) {
  // Resolves once the chart is on the screen: a chart below the fold, or in a closed expander, costs a
  // rerun nothing until it is looked at. A chart on the screen at the last report is drawn at once (a
  // new figure waits for no frame); any other waits for a report that it is, or for a scroll or resize
  // that shows it (CI once saw a chart scrolled to and never woken).
  watch(gd);
  if (gd.__s2sVisible) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => { if (onTheScreenNow(gd) && gd.__s2sWake) gd.__s2sWake(); };
    gd.__s2sWake = () => {
      document.removeEventListener('scroll', check, true);
      window.removeEventListener('resize', check);
      gd.__s2sWake = null;
      resolve();
    };
    document.addEventListener('scroll', check, {capture: true, passive: true});
    window.addEventListener('resize', check, {passive: true});
  });
}
if (!window.__s2sPrint) {  // printing draws every chart not drawn yet
  window.__s2sPrint = true;
  window.addEventListener('beforeprint', () => {
    for (const gd of document.querySelectorAll('.s2s-chart')) if (gd.__s2sWake) gd.__s2sWake();
  });
}
function describe(gd, data) {  // the text alternative is there at once, drawn or not
  if (data.alt) { gd.setAttribute('role', 'figure'); gd.setAttribute('aria-label', data.alt); }
  else { gd.removeAttribute('role'); gd.removeAttribute('aria-label'); }
}
function drawn(gd) {  // the chart as drawn, once it is: one scrolled past and never seen is drawn now
  if (gd.__s2sWake) gd.__s2sWake();
  return (gd.__s2sQueue || Promise.resolve()).then(() => gd._fullLayout && window.Plotly ? gd : null);
}
function saveImage(gd, format, filename) {
  drawn(gd).then((g) => g && window.Plotly.downloadImage(g, {format: format, filename: filename, scale: 2,
    width: g._fullLayout.width, height: g._fullLayout.height}));
}
function fullScreen(gd) {
  // The chart alone on the whole screen (Esc leaves), drawn again at the screen's size.
  if (!gd.requestFullscreen) return;
  drawn(gd).then((g) => {
    if (!g) return;
    const before = {width: g.layout.width, height: g.layout.height};
    const fit = () => {
      const on = document.fullscreenElement === g;
      window.Plotly.relayout(g, on ? {width: window.innerWidth, height: window.innerHeight}
                                   : {width: before.width ?? null, height: before.height ?? null});
      if (!on) g.removeEventListener('fullscreenchange', fit);
    };
    g.addEventListener('fullscreenchange', fit);
    g.style.background = 'white';  // the browser's full-screen backdrop is black
    g.requestFullscreen().catch(() => g.removeEventListener('fullscreenchange', fit));
  });
}
function exportBar(bar, gd, data) {
  // PNG, SVG and full screen as real <button>s under the chart (plotly's own modebar shows on hover only,
  // in English). Part of the chart's element: a second element per chart cost every rerun its message.
  if (bar.dataset.sig === data.bar) return;
  bar.dataset.sig = data.bar;
  bar.hidden = !data.bar;
  if (!data.bar) { bar.replaceChildren(); return; }
  fillBar(bar, JSON.parse(data.bar), (action) => action === 'fullscreen' ? fullScreen(gd)
    : saveImage(gd, action, JSON.parse(bar.dataset.sig).filename));
}
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const gd = parentElement.querySelector('.s2s-chart');
  gd.__s2sLatest = data;
  describe(gd, data);
  exportBar(parentElement.querySelector('.s2s-export'), gd, data);
  // The figure already drawn (a rerun that left it as it was): nothing to queue, and no look at where the
  // chart is, which would make the browser lay the page out in the middle of applying the run.
  if (gd.__s2sSpec === data.spec && gd._fullLayout) return;
  if (!gd._fullLayout && !gd.style.height) {  // room for a chart not drawn yet, so the page does not jump
    gd.style.height = (JSON.parse(data.spec).layout.height || 450) + 'px';
  }
  // One chart draws at a time, the latest run's figure only (a fast typist's figures never arrive
  // swapped, and one scrolled to after several runs is drawn once).
  gd.__s2sQueue = (gd.__s2sQueue || Promise.resolve())
    .then(() => onScreen(gd))
    .then(() => gd.__s2sLatest === data && Promise.all([loadPlotly(data.src), loadTemplate(data.template)]))
    .then((loaded) => loaded && draw(loaded[0], loaded[1], gd, data, setTriggerValue))
    .catch(() => {  // plotly.js did not load (or could not draw): say so; the next run starts afresh
      if (window.Plotly) window.Plotly.purge(gd);
      gd.__s2sSpec = null;
      gd.textContent = data.failed;
    });
}
"""
)

_CSS = """
.s2s-chart { width: 100%; min-height: 2rem; }
.s2s-export { display: flex; gap: .5rem; flex-wrap: wrap; margin-top: .25rem; font-family: "Source Sans", sans-serif; }
.s2s-export[hidden] { display: none; }
.s2s-export button[data-format="fullscreen"] { margin-left: auto; }
""" + "".join(
    ".s2s-export " + rule + "\n" for rule in BUTTON_RULES
)  # (not isolated: plotly's styles are global)


@functools.cache
def _component():
    """Registered once per process, on first use (registration needs a running app)."""
    return st.components.v2.component(
        NAME,
        html='<div class="s2s-chart"></div><div class="s2s-export" role="group" hidden></div>',
        css=_CSS,
        js=_JS,
        isolate_styles=False,
    )


def static_url(name: str) -> str:
    """Where Streamlit serves static/`name`, under the app's base path if it has one."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static/{name}" if base else f"/app/static/{name}"


def plotly_src() -> str:
    return static_url(PLOTLY_JS)


def spec_json(fig) -> str:
    """The figure (or a {"data", "layout"} dict of one) as plotly.js reads it: plotly.py's own encoder
    (NaN, dates), numpy arrays as base64 typed arrays as plotly.py sends them (changed in place in a dict)."""
    import plotly.io as pio

    if isinstance(fig, dict):
        from _plotly_utils.utils import convert_to_base64

        convert_to_base64(fig)
    return pio.to_json(fig, validate=False, remove_uids=True)


def plotly_chart(fig, key: str, config: dict, alt: str | None = None, on_click=None, bar: dict | None = None):
    """Draw `fig` (a figure, or its `spec_json` already made) under `key` (its identity: the same key is
    the same chart, updated in place).

    `on_click`: a callback run when a point is clicked; the click is in st.session_state[key]["click"].
    `bar`: the export buttons' labels and file name ({"png", "svg", "fullscreen", "group", "filename"}),
    shown under the chart; None: no buttons."""
    # Every value a string, number or bool: Streamlit checks any other value of a component's data for a
    # dataframe, importing pandas to do so (~42 MB per server process, benchmarks/bench_cold.py).
    data = {"spec": fig if isinstance(fig, str) else spec_json(fig), "config": json.dumps(config), "alt": alt or "", "click": on_click is not None,
            "src": plotly_src(), "template": static_url(TEMPLATE_JSON), "failed": t("export.chart_failed"), "bar": json.dumps(bar) if bar else ""}  # fmt: skip
    kwargs = {"on_click_change": on_click} if on_click is not None else {}
    return _component()(key=key, data=data, height="content", **kwargs)


def last_click(key: str):
    """The last "click" trigger value of our component keyed `key` (None when there was none): its state is
    a dict or an object with attributes, by Streamlit version."""
    value = st.session_state.get(key)
    return value.get("click") if hasattr(value, "get") else getattr(value, "click", None)


def clicked_points(key: str) -> dict:
    """The last click on chart `key`, as {"points": [...]} (empty when there was none)."""
    return last_click(key) or {"points": []}
