"""As a library (issue 16): `pip install -e .` (in requirements-dev.txt) makes s2s_core and viz importable
from anywhere, and the README's notebook snippet gives the same trace and figure the app shows."""

import re
import subprocess
import sys

from tests.conftest import ROOT


def readme_snippet() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## As a library") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_snippet_runs_outside_the_repository(tmp_path):
    code = readme_snippet() + "print(len(open('attention.svg', encoding='utf-8').read()))\n"
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                       env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    lines = r.stdout.strip().splitlines()
    assert lines[0] == "나는 너를 사랑해" and int(lines[-1]) > 1000  # the translation, then a real figure
    assert "heatmap" in code and "import streamlit" not in code
