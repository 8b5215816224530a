"""The "words this model knows" dialog: the translators' glossary, searchable and by category.

A student whose sentence came out as `<unk>` needs to see which words do work. The rows come from the
grammar's lexicon (s2s_core.tasks.lexicon.glossary), kept to those the shown model's vocabulary has; the
dialog is drawn only when opened, so it costs the other reruns one button.
"""

from __future__ import annotations

import streamlit as st

from s2s_core.tasks import lexicon
from ui.i18n import pure_t, t
from viz.common import markdown_table, rows_table

SIDE = {"en-ko": "en", "ko-en": "ko"}  # tasks with a glossary, and which side of it their input is


def rows(task: str, vocab_tokens, lang: str, query: str = "", categories=()) -> list[dict]:
    """Glossary rows the model knows, filtered by a search (in either language, any case) and by
    categories (none chosen = all), as table rows with translated headers."""
    query = query.strip().lower()
    out = []
    for e in lexicon.known(lexicon.glossary(), vocab_tokens, SIDE[task]):
        if categories and e.category not in categories:
            continue
        if query and query not in e.en.lower() and query not in e.ko:
            continue
        out.append(
            {
                pure_t(lang, "glossary.category"): pure_t(lang, f"glossary.cat_{e.category}"),
                pure_t(lang, "glossary.english"): e.en,
                pure_t(lang, "glossary.korean"): e.ko,
            }
        )
    return out


def _body(task: str, vocab_tokens: tuple[str, ...]) -> None:
    lang = st.session_state.get("lang", "ko")
    st.caption(t("glossary.trained_on"))
    st.caption(t("glossary.tokens"))
    query = st.text_input(t("glossary.search"), key="glossary_query", max_chars=40)
    names = list(dict.fromkeys(e.category for e in lexicon.glossary()))  # in the glossary's order
    chosen = st.pills(
        t("glossary.categories"),
        names,
        selection_mode="multi",
        key="glossary_categories",
        format_func=lambda c: pure_t(lang, f"glossary.cat_{c}"),
    )
    table = rows(task, vocab_tokens, lang, query, chosen)
    st.caption(t("glossary.count", n=len(table)))
    if table:
        with st.container(height=420, border=False):  # the dialog keeps its search box in view
            st.markdown(markdown_table(rows_table(table, list(table[0]))))
    else:
        st.info(t("glossary.none"), icon=":material/search_off:")


def _request() -> None:
    st.session_state["_glossary_requested"] = True


def button(task: str, vocab_tokens: tuple[str, ...]) -> None:
    """A sidebar button that opens the dialog (only for the translators, which have a glossary). The
    click is taken in a callback, so a rerun before the script reads the button cannot lose it."""
    if task not in SIDE:
        return
    st.sidebar.button(
        t("glossary.button"), key="glossary_open", icon=":material/menu_book:", on_click=_request
    )
    if st.session_state.pop("_glossary_requested", False):
        st.dialog(t("glossary.title"), width="large")(_body)(task, vocab_tokens)
