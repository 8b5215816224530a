"""See the code: the s2s_core functions behind a page's figures, read from the running source.

Never a copy: `inspect.getsource` of the very function the figures came from, so a student goes from a
picture to the PyTorch lines that made it, and the text cannot drift from the code. One expander per page
(or tab), closed until opened, and only an opened one sends the source (a closed one is one element of
every rerun, benchmarks/bench_interaction.py).
"""

from __future__ import annotations

import importlib
import inspect
import textwrap

import streamlit as st

from ui.i18n import t


@st.cache_resource(show_spinner=False)
def source(path: str) -> tuple[str, str, int]:
    """("module.Qual.name", file relative to the project, first line) and the source of "module:Qual.name"."""
    module_name, _, qualname = path.partition(":")
    obj = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    obj = inspect.unwrap(obj)
    lines, first = inspect.getsourcelines(obj)
    file = module_name.replace(".", "/") + ".py"
    return file, textwrap.dedent("".join(lines)), first


def key_of(paths: tuple[str, ...]) -> str:
    """The expander's widget key: the same functions, the same expander (and its open state)."""
    return "code_" + "_".join(p.split(":")[1].replace(".", "_") for p in paths)


def show(*paths: str) -> None:
    """An expander with each function's source, e.g. show("s2s_core.encoder:Encoder.trace")."""
    box = st.expander(t("code.title"), icon=":material/code:", key=key_of(paths), on_change="rerun")
    with box:
        if not box.open:
            return
        st.caption(t("code.explain"))
        for path in paths:
            file, text, first = source(path)
            st.caption(t("code.where", name=path.split(":")[1], file=file, line=first))
            st.code(text, language="python", line_numbers=False)
