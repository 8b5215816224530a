"""Seq2Seq explainer: the entry point. `streamlit run app.py`

It sets the page up, restores the view from the URL, draws the sidebar every page shares and hands over
to the selected page. Each page is a short script in pages/ that reads `ui.state.settings()`.
"""

import gc

import streamlit as st
import torch

from ui import sidebar, state
from ui.i18n import t

st.set_page_config(page_title="Seq2Seq", page_icon=":material/translate:", layout="wide")
torch.set_num_threads(1)  # many sessions share 2 cores; one thread per forward pass avoids oversubscription


@st.cache_resource
def _freeze_imports() -> bool:
    """Once per process: move everything imported so far (torch, plotly: hundreds of thousands of objects) out of the
    garbage collector's reach, so a collection during a rerun does not walk them (~100 ms each)."""
    gc.collect()
    gc.freeze()
    return True


_freeze_imports()
state.init_state()  # defaults, then the URL -- before any widget exists
PAGES = {  # file -> (i18n key of the title, icon); every file in pages/ is here (tests check it)
    "pages/overview.py": ("nav.overview", ":material/account_tree:"),
    "pages/encoder.py": ("nav.encoder", ":material/input:"),
    "pages/decoder.py": ("nav.decoder", ":material/output:"),
    "pages/attention.py": ("nav.attention", ":material/visibility:"),
}
pages = [
    st.Page(path, title=t(key), icon=icon, default=path == "pages/overview.py")
    for path, (key, icon) in PAGES.items()
]
page = st.navigation(pages)
sidebar.render()
settings = state.settings()
sidebar.model_notice(settings)
state.sync_url()
sidebar.share_box(page.url_path)
page.run()
