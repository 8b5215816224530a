"""See the code (issue 14): every function a page points to exists, and the expander shows its real
source (inspect.getsource), not a copy."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

from tests.conftest import ROOT
from tests.test_pages import texts
from ui import code_view
from ui.i18n import pure_t


def paths_in_pages() -> list[str]:
    found = set()
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        for call in re.findall(r"code_view\.show\(([^)]*)\)", text, flags=re.S):
            found |= set(re.findall(r'"(s2s_core\.[\w.]+:[\w.]+)"', call))
        for entry in re.findall(r'\("(s2s_core\.[\w.]+:[\w.]+)"(?:, "(s2s_core\.[\w.]+:[\w.]+)")?', text):
            found |= {e for e in entry if e}
    return sorted(found)


@pytest.mark.parametrize("path", paths_in_pages())
def test_every_function_a_page_shows_is_its_real_source(path):
    module, _, qualname = path.partition(":")
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    file, text, first = (
        code_view.source.__wrapped__(path)
        if hasattr(code_view.source, "__wrapped__")
        else code_view.source(path)
    )
    assert text.lstrip().startswith(("def ", "@"))
    assert f"def {qualname.split('.')[-1]}(" in text
    assert inspect.getsource(obj).strip().splitlines()[-1].strip() == text.strip().splitlines()[-1].strip()
    assert (ROOT / file).is_file() and first >= 1


def test_there_are_functions_to_show():
    assert len(paths_in_pages()) >= 10


def test_the_encoder_page_shows_its_code_once_opened(open_page):
    at = open_page("pages/encoder.py", lang="ko")
    expander = next(e for e in at.expander if e.label == pure_t("ko", "code.title"))
    assert not expander.code  # closed: nothing sent
    key = code_view.key_of(("s2s_core.encoder:Encoder.trace", "s2s_core.cells:run_stack",
                            "s2s_core.cells:cell_step", "s2s_core.encoder:Encoder.context"))  # fmt: skip
    at.session_state[key] = True  # opened
    at.run()
    expander = next(e for e in at.expander if e.label == pure_t("ko", "code.title"))
    code = texts(expander.code)
    assert "def trace(self, src" in code and "def run_stack(" in code
