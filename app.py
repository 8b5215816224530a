"""Seq2Seq explainer: the entry point. `streamlit run app.py`

It sets the page up, restores the view from the URL, runs the selected page and draws the sidebar every
page shares. Each page is a short script in pages/ that reads `ui.state.settings()`.
"""

import gc
import sys
from pathlib import Path

import streamlit as st
import torch

from ui import own_model, resume, sentence, shell, sidebar, state, url_state
from ui.i18n import t

# The icon is our own file: a Material icon name makes the browser fetch it from fonts.gstatic.com, and the
# app loads nothing from outside its server (a class may have no internet; tests/e2e check it offline).
st.set_page_config(
    page_title="Seq2Seq", page_icon=str(Path(__file__).parent / "ui" / "icon.png"), layout="wide"
)
first_run = shell.mark_shell()  # before any setting or string is read: this run goes through app.py
torch.set_num_threads(1)  # many sessions share 2 cores; one thread per forward pass avoids oversubscription


@st.cache_resource
def _frozen() -> dict:
    """How many modules were loaded at the last gc.freeze (one counter per process)."""
    return {"modules": 0}


def freeze_imports() -> None:
    """Move everything imported so far (torch, plotly: hundreds of thousands of objects) out of the garbage
    collector's reach, whenever new modules appeared since the last time.

    Why: every full collection walks them, holding the GIL (~100 ms each, during which the server sends
    nothing). Streamlit's own collection after each run is off (.streamlit/config.toml, runner.postScriptGC);
    Python's generational collector still makes full passes as sessions allocate. Why more than once:
    loading a model and drawing the first figure import another ~150k objects lazily (torch._dynamo,
    sympy, plotly.graph_objects)."""
    seen = _frozen()
    if len(sys.modules) > seen["modules"]:
        gc.collect()
        gc.freeze()
        seen["modules"] = len(sys.modules)


freeze_imports()
url_state.init_state()  # defaults, then the URL -- before any widget exists
resume.carry_on(first_run)  # a browser back from a process that is gone: its widgets' values (ui/resume.py)
EMBED_CSS = (
    "<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'] { display: none; }</style>"
)
PAGES = {  # file -> (i18n key of the title, icon), in DESIGN.md's order; every file in pages/ is here (tests check it)
    "pages/overview.py": ("nav.overview", ":material/account_tree:"),
    "pages/io_types.py": ("nav.io_types", ":material/swap_calls:"),
    "pages/encoder.py": ("nav.encoder", ":material/input:"),
    "pages/decoder.py": ("nav.decoder", ":material/output:"),
    "pages/attention.py": ("nav.attention", ":material/visibility:"),
    "pages/cells.py": ("nav.cells", ":material/memory:"),
    "pages/bottleneck.py": ("nav.bottleneck", ":material/compress:"),
    "pages/compare.py": ("nav.compare", ":material/compare:"),
    "pages/transformer.py": ("nav.transformer", ":material/hub:"),
    "pages/train.py": ("nav.train", ":material/model_training:"),
    "pages/applications.py": ("nav.applications", ":material/apps:"),
    "pages/lesson.py": ("nav.lesson", ":material/school:"),
}
pages = [
    st.Page(path, title=t(key), icon=icon, default=path == "pages/overview.py")
    for path, (key, icon) in PAGES.items()
]
page = st.navigation(pages)
url_state.hand_over_sentence(page.url_path)
FULL_RUN, OUTSIDE = "_full_run", "_outside_view"  # (session keys: a run's only per-run store)


def outside_view() -> tuple:
    """What the parts of the app drawn outside the page show: the sidebar's settings, the own model, the
    model notice's way back. (The sentence and the step are the page's own: its fragment draws them.)"""
    ss = st.session_state
    own = ss.get(own_model.KEY_MODEL)
    keys = [k for k in state.PARAMS if k not in ("text", "step")] + [own_model.KEY_USE, "_restore"]
    return (*(repr(ss.get(k)) for k in keys), own["name"] if own else None)


def whole_app_if_outside_changed(fragment_run: bool) -> None:
    """In a fragment's run, a callback (or the page) that changed what is drawn outside the page makes the
    run one of the whole app, so the sidebar shows it too."""
    if fragment_run and st.session_state.get(OUTSIDE) != outside_view():
        st.rerun()


@st.fragment
def page_part(page) -> None:
    """The page and its sentence box, as one fragment: a new sentence, a tab or any control of the page
    reruns this alone, not the sidebar and the navigation (Attention, a new sentence: 2.8x -> 2.0x an empty
    app's time, benchmarks/bench_interaction.py). A change of the sidebar is a run of the whole app.

    A page's callback may change what the sidebar shows (a button that switches the cell, a model trained
    on the Train page): then this run becomes one of the whole app, before the page or after it."""
    fragment_run = not st.session_state.get(FULL_RUN)
    whole_app_if_outside_changed(fragment_run)
    completed = False
    sentence.reset()
    try:
        if fragment_run:  # Streamlit runs a page once per st.navigation call, and a fragment's run has none
            page._can_be_called = True
        page.run()
        completed = True
    finally:  # also when the page fails or stops: the box keeps its place (and the session its text)
        sentence.draw_pending()  # the sentence box, in the place the page reserved at its top (ui/sentence.py)
        if completed:  # (after st.switch_page the URL already holds the next page's view)
            url_state.sync_url()  # after the page, so the URL also holds what the page set (e.g. the step)
    whole_app_if_outside_changed(fragment_run)


# The page runs before the sidebar is drawn: its figures reach the browser first and are painted in an
# earlier, smaller batch (~10 ms sooner per interaction, benchmarks/bench_interaction.py). The sidebar's
# values are already in the session when a run starts, so the page reads the same settings either way.
st.session_state[FULL_RUN] = True
try:
    sidebar.model_notice(state.settings())
    page_part(page)
finally:  # also when the page fails, stops or switches to another page: the sidebar is every page's
    # (and a run that did not draw it would drop its widgets' values: init_state keeps only hidden ones)
    sidebar.render()
    sidebar.share_link()
    # a view in a teacher's slides (?embed=true): the page alone; the sidebar is drawn (it keeps the settings)
    if shell.embedded():
        st.markdown(EMBED_CSS, unsafe_allow_html=True)
    st.session_state[OUTSIDE] = outside_view()
    st.session_state[FULL_RUN] = False
freeze_imports()  # again, after the lazy imports of the first runs (cheap when nothing new)
