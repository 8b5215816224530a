"""Every chart downloadable as PNG and SVG, every trace as JSON and its matrices as CSV.

Plotly figures are exported in the browser by plotly.js itself (Plotly.downloadImage; no kaleido/Chrome on
the server): a small bar of real <button>s under the chart, visible and keyboard-usable, unlike plotly's
hover-only modebar, also shows the chart full screen. The same bar saves our own inline SVGs (show_svg) as
they are, or drawn on a canvas for PNG. Downloads are deferred (computed on click), so reruns stay cheap.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import io
import json
import logging
import pickle
import zipfile
from typing import NamedTuple

import numpy as np
import streamlit as st

from s2s_core.trace import Trace
from ui.i18n import t
from ui.plotly_chart import BAR_JS, BUTTON_RULES, last_click, plotly_chart, spec_json
from viz.common import move_y_titles
from viz.margins import fitted

_EXPORT_JS = (
    BAR_JS
    + """
function svgOf(key) {
  return document.querySelector('svg[data-key="' + CSS.escape(key) + '"]');
}
function save(blob, filename) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
function exportSvg(svg, format, filename) {
  // The SVG as it is, or drawn on a canvas at 2x for PNG.
  const text = new XMLSerializer().serializeToString(svg);
  const blob = new Blob([text], {type: 'image/svg+xml'});
  if (format === 'svg') { save(blob, filename + '.svg'); return; }
  const box = svg.viewBox.baseVal;
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = box.width * 2;
    canvas.height = box.height * 2;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    URL.revokeObjectURL(img.src);
    canvas.toBlob((png) => save(png, filename + '.png'), 'image/png');
  };
  img.src = URL.createObjectURL(blob);
}
function fullScreen(svg) {  // the figure alone on the whole screen (Esc leaves)
  if (!svg.requestFullscreen) return;
  svg.style.background = 'white';  // the browser's full-screen backdrop is black
  svg.requestFullscreen().catch(() => {});
}
// Hover and click on our heatmaps (viz/heatmap.py): a panel's cells are one image carrying its values
// and labels (data-*), so the cell under the pointer is found from where the pointer is in that image.
function cellUnder(e) {
  const img = e.target instanceof Element ? e.target.closest('image.cells') : null;
  if (!img) return null;
  const box = img.getBoundingClientRect(), d = img.dataset;
  const col = Math.floor((e.clientX - box.left) / box.width * Number(d.ncols));
  const row = Math.floor((e.clientY - box.top) / box.height * Number(d.nrows));
  if (col < 0 || row < 0 || col >= Number(d.ncols) || row >= Number(d.nrows)) return null;
  return {img, row, col};
}
function tipText(cell) {  // the panel's name, then the row's, the column's and the value's name and value
  const d = cell.img.dataset;
  const [rowName, colName, valueName, panel] = JSON.parse(d.tip);
  const value = d.z.split(',')[cell.row * Number(d.ncols) + cell.col];
  return [panel, rowName + ': ' + JSON.parse(d.rows)[cell.row], colName + ': ' + JSON.parse(d.cols)[cell.col],
          valueName + ': ' + value].filter(Boolean).join('\\n');
}
function tooltip() {
  let tip = document.getElementById('s2s-cell-tip');
  if (!tip) {
    tip = document.createElement('div');
    tip.id = 's2s-cell-tip';
    tip.setAttribute('aria-hidden', 'true');  // what it says is the figure's data, also in its CSV export
    tip.style.cssText = 'position:fixed;z-index:1000;pointer-events:none;white-space:pre;padding:.35rem .5rem;'
      + 'border-radius:.35rem;background:#262730;color:#fff;font:14px/1.35 "Source Sans",sans-serif';
    tip.hidden = true;
    document.body.appendChild(tip);
  }
  return tip;
}
if (!window.__s2sCells) {
  window.__s2sCells = {};  // figure key -> its bar's setTriggerValue: a click on a cell reaches Python through it
  document.addEventListener('pointermove', (e) => {
    const cell = cellUnder(e);
    const tip = document.getElementById('s2s-cell-tip');
    if (!cell) { if (tip) tip.hidden = true; return; }
    const t = tooltip();
    t.textContent = tipText(cell);
    t.hidden = false;
    const x = Math.min(e.clientX + 14, window.innerWidth - t.offsetWidth - 4);
    const y = e.clientY + 18 + t.offsetHeight > window.innerHeight ? e.clientY - t.offsetHeight - 8 : e.clientY + 18;
    t.style.left = x + 'px';
    t.style.top = y + 'px';
  }, {passive: true});
  document.addEventListener('scroll', () => { const t = document.getElementById('s2s-cell-tip'); if (t) t.hidden = true; },
                            {capture: true, passive: true});
  document.addEventListener('click', (e) => {
    const cell = cellUnder(e);
    if (!cell || !cell.img.dataset.click) return;
    const svg = cell.img.closest('svg[data-key]');
    const send = svg && window.__s2sCells[svg.dataset.key];
    if (send) send('click', {panel: Number(cell.img.dataset.panel), row: cell.row, col: cell.col});
  });
}
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  window.__s2sCells[data.key] = setTriggerValue;
  const bar = parentElement.querySelector('.bar');
  const sig = JSON.stringify([data.key, data.filename, data.png, data.svg, data.fullscreen, data.group]);
  if (bar.dataset.sig === sig) return;  // called again on every rerun: rebuild only when something changed
  bar.dataset.sig = sig;
  fillBar(bar, data, (action) => {
    const svg = svgOf(data.key);
    if (svg) action === 'fullscreen' ? fullScreen(svg) : exportSvg(svg, action, data.filename);
  });
}
"""
)

BUTTON_CSS = "\n".join(BUTTON_RULES) + "\n"
_EXPORT_CSS = (
    BUTTON_CSS
    + """
.bar { display: flex; gap: .5rem; flex-wrap: wrap; font-family: "Source Sans", sans-serif; }
.bar button[data-format="fullscreen"] { margin-left: auto; }
"""
)


@functools.cache
def _export_bar():
    """Registered once per process, on first use (registration needs a running app). Plotly charts
    draw their own bar (ui/plotly_chart.py); this one is for our inline SVGs."""
    return st.components.v2.component(
        "s2s_export_bar", html='<div class="bar" role="group"></div>', css=_EXPORT_CSS, js=_EXPORT_JS
    )


def plotly_config(filename: str) -> dict:
    """No plotly toolbar: its tooltips are English in every language (plotly's locales would be a script
    from outside), and the export bar under each chart does its one job (PNG/SVG) in both languages."""
    return {
        "displayModeBar": False,
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


log = logging.getLogger(__name__)
FIGURE_CACHE = 256  # figure specs kept per server: ~10-60 KB each (benchmarks/bench_cold.py counts RSS)


class Cached(NamedTuple):
    """A figure to build only if no run has built it yet: `build(*args, **kwargs)`, a pure function of
    its arguments (viz/ builders are: they take a trace, numbers and the labels of one language)."""

    build: object
    args: tuple
    kwargs: dict


def cached(build, *args, **kwargs) -> Cached:
    """`show_figure(cached(A.variants_figure, traces, ...), ...)` instead of `show_figure(A.variants_figure(traces, ...))`.

    Why: building a figure with plotly.py is most of a page's script time (the Attention page's three
    figures 45 ms of ~55 per run, measured), and most reruns rebuild figures whose inputs did not change
    (another tab, another step, another session on the same sentence). The spec is cached on the
    server by a digest of the builder and the pickled arguments: equal bytes mean equal inputs, so a
    cached spec is never another input's (two equal inputs that pickle differently only miss)."""
    return Cached(build, args, kwargs)


def _digest(recipe: Cached) -> str | None:
    """The builder and its arguments as one digest, or None when an argument cannot be pickled."""
    try:
        blob = pickle.dumps((recipe.build.__module__, recipe.build.__qualname__, recipe.args, recipe.kwargs),
                            protocol=pickle.HIGHEST_PROTOCOL)  # fmt: skip
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(blob, digest_size=20).hexdigest()


def _spec(fig) -> str:
    """What the chart component draws: our margins and horizontal y titles, as plotly.js JSON. Done on the
    figure as a dict: plotly.py's setters cost more than the changes (common.move_y_titles)."""
    # copies, with numpy arrays as they are (fig.to_plotly_json() would turn them into base64 already)
    spec = {"data": [trace.to_plotly_json() for trace in fig.data], "layout": fig.layout.to_plotly_json()}
    layout = move_y_titles(spec["layout"])
    layout["margin"] = fitted(layout, spec["data"])
    return spec_json(spec)


@st.cache_data(max_entries=FIGURE_CACHE, show_spinner=False)
def _cached_spec(digest: str, _recipe: Cached) -> str:
    """Keyed by `digest` alone (Streamlit does not hash arguments whose name starts with "_")."""
    return _spec(_recipe.build(*_recipe.args, **_recipe.kwargs))


@st.cache_data(max_entries=FIGURE_CACHE, show_spinner=False)
def _cached_svg(digest: str, _recipe: Cached) -> str:
    """One of our SVG figures (a string already), keyed by `digest` alone like `_cached_spec`."""
    return _recipe.build(*_recipe.args, **_recipe.kwargs)


def _made(recipe: Cached, cache, finish):
    """What `recipe` builds, through `cache` (built at most once per input and server), or `finish`ed from
    a build of its own when an argument cannot be pickled."""
    digest = _digest(recipe)
    if digest is None:
        log.warning("figure %s not cached: an argument cannot be pickled", recipe.build.__qualname__)
        return finish(recipe.build(*recipe.args, **recipe.kwargs))
    return cache(digest, recipe)


def figure_spec(fig) -> str:
    """The spec of a figure, or of a `cached(...)` one (built at most once per input and server)."""
    return _made(fig, _cached_spec, _spec) if isinstance(fig, Cached) else _spec(fig)


def show_figure(fig, key: str, filename: str, alt: str | None = None, on_click=None):
    """A plotly figure, or a `cached(...)` one, (updated in place under `key`, ui/plotly_chart.py) with
    PNG, SVG and full-screen buttons drawn by the chart's own element: one element per chart, since every
    element costs every rerun its message and a render of the page in the browser (~1-2 ms each,
    benchmarks/bench_interaction.py). `on_click`: a callback for a click on a point, which
    `plotly_chart.clicked_points(key)` then reads."""
    return plotly_chart(figure_spec(fig), key, plotly_config(filename), alt, on_click, bar=_labels(filename))


def _labels(filename: str) -> dict[str, str]:
    """The export buttons' labels in this run's language, and the file name they save to."""
    # Only strings: Streamlit checks any other value of a component's data for a dataframe (importing pandas).
    labels = {action: t(f"export.{action}") for action in ("png", "svg", "fullscreen")}
    return {"filename": filename, "group": t("export.group"), **labels}


def _bar(key: str, filename: str, on_click=None) -> None:
    """The PNG, SVG and full-screen buttons for our own SVG keyed `key` (show_svg); clicks on its cells."""
    kwargs = {"on_click_change": on_click} if on_click is not None else {}
    _export_bar()(key=f"{key}-export", data={"key": key, **_labels(filename)}, height="content", **kwargs)


def clicked_cell(key: str) -> dict | None:
    """The last click on a cell of our SVG heatmap `key`: {"panel", "row", "col"}, or None."""
    click = last_click(f"{key}-export")
    return dict(click) if click else None


def show_svg(svg, key: str, filename: str, on_click=None) -> None:
    """One of our own SVG figures (inline, drawn by the browser itself), or a `cached(...)` one, with the
    same PNG/SVG export bar.

    The SVG must come from our own code with every user-derived string escaped (viz.overview does): st.html
    would strip SVG, so it goes through markdown's raw HTML. The <div> makes it an HTML *block*, whose
    content markdown leaves alone (inline, `*word*` in a token would turn italic)."""
    if isinstance(svg, Cached):
        svg = _made(svg, _cached_svg, str)
    keyed = svg.replace("<svg ", f'<svg data-key="{html.escape(key)}" ', 1)  # found by the bar and tests
    st.markdown(f"<div>{keyed}</div>", unsafe_allow_html=True)
    _bar(key, filename, on_click)


# ---- traces ---------------------------------------------------------------------------------------
def _cell(value) -> str:
    """CSV cell; text that a spreadsheet would run as a formula is quoted with a leading apostrophe."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _csv(matrix, rows, columns=None, corner="token") -> str:
    matrix = np.asarray(matrix)
    columns = columns if columns is not None else [f"d{j}" for j in range(matrix.shape[1])]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([corner, *map(_cell, columns)])
    for label, row in zip(rows, matrix):
        w.writerow([_cell(label), *(f"{x:.6g}" for x in row)])
    return buf.getvalue()


def trace_tables(trace: Trace) -> dict[str, str]:
    """Every matrix of a trace as CSV text, named after what it holds; rows are labelled by token."""
    src = list(trace.source.shown)
    out_in = list(trace.decoder.output_tokens)
    tables = {"source_embeddings.csv": _csv(trace.encoder.embeddings, src)}
    for lt in trace.encoder.layers:
        base = f"encoder_layer{lt.layer}_{lt.direction}"
        tables[f"{base}_states.csv"] = _csv(lt.states, src)
        if lt.cells is not None:
            tables[f"{base}_cells.csv"] = _csv(lt.cells, src)
        for gate, values in lt.gates.items():
            tables[f"{base}_gate_{gate}.csv"] = _csv(values, src)
    tables["encoder_memory.csv"] = _csv(trace.encoder.memory, src)
    layers = [f"layer{i}" for i in range(len(trace.context.vectors))]
    tables["context_vectors.csv"] = _csv(trace.context.vectors, layers, corner="layer")
    for layer in range(trace.decoder.states.shape[1]):
        tables[f"decoder_layer{layer}_states.csv"] = _csv(trace.decoder.states[:, layer], out_in)
    tables["decoder_contexts.csv"] = _csv(trace.decoder.contexts, out_in)
    if trace.decoder.attention_weights is not None:
        tables["attention_weights.csv"] = _csv(trace.decoder.attention_weights, out_in, src)
        tables["attention_scores.csv"] = _csv(trace.decoder.attention_scores, out_in, src)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["step", "rank", "token", "probability"])
    for step, (tokens, probs) in enumerate(zip(trace.decoder.topk_tokens, trace.decoder.topk_probs)):
        for rank, (tok, p) in enumerate(zip(tokens, probs)):
            w.writerow([step, rank, _cell(tok), f"{p:.6g}"])
    tables["topk.csv"] = buf.getvalue()
    return tables


def trace_zip(trace: Trace) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in trace_tables(trace).items():
            z.writestr(name, text)
        z.writestr("README.txt", f"model: {trace.model}\ninput: {trace.text}\noutput: {trace.output_text}\n")
    return buf.getvalue()


def trace_json(trace: Trace) -> str:
    return json.dumps(trace.to_dict(), ensure_ascii=False, indent=1)


def trace_downloads(trace: Trace, key: str) -> None:
    """Two buttons: the whole trace as JSON, and its matrices as CSV files in one zip."""
    stem = "trace-" + trace.model.replace("/", "_")
    st.download_button(
        t("export.json"),
        data=lambda: trace_json(trace),
        file_name=f"{stem}.json",
        mime="application/json",
        key=f"{key}-json",
        on_click="ignore",
        icon=":material/data_object:",
    )
    st.download_button(
        t("export.csv"),
        data=lambda: trace_zip(trace),
        file_name=f"{stem}-csv.zip",
        mime="application/zip",
        key=f"{key}-csv",
        on_click="ignore",
        icon=":material/table:",
    )
