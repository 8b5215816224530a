"""Streamlit glue shared by the pages: strings (i18n), settings and models (state), downloads (export).

Pages import what they need, e.g. `from ui.i18n import t` and `from ui import state`. Figures are built
in `viz/` (no Streamlit there) and shown with `ui.export.show_figure`.
"""
