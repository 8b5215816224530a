"""The chart component (ui/plotly_chart.py): what it sends, where plotly.js comes from, and clicks."""

from __future__ import annotations

import filecmp
import json
import tomllib
from pathlib import Path

import numpy as np
import plotly
import plotly.graph_objects as go
import pytest

from tests.conftest import ROOT
from ui import plotly_chart


def test_static_plotly_js_is_plotly_pys_own_copy():
    """The figures are written by plotly.py for its own plotly.js: the served copy must be that one
    (after upgrading plotly: cp .venv/.../plotly/package_data/plotly.min.js static/)."""
    bundled = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert filecmp.cmp(ROOT / "static" / plotly_chart.PLOTLY_JS, bundled, shallow=False)


def test_streamlit_serves_the_static_folder():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True


def test_spec_is_plotly_json_with_numpy_and_nan():
    fig = go.Figure(go.Heatmap(z=np.array([[0.5, np.nan]]), x=["<eos>", "사랑해"]))
    spec = json.loads(plotly_chart.spec_json(fig))
    assert spec["data"][0]["x"] == ["<eos>", "사랑해"] and "uid" not in spec["data"][0]


@pytest.mark.parametrize(
    "base,url", [("", "/app/static/plotly.min.js"), ("/class/", "/class/app/static/plotly.min.js")]
)
def test_plotly_is_loaded_under_the_apps_base_path(monkeypatch, base, url):
    monkeypatch.setattr(plotly_chart.st, "get_option", lambda name: base)
    assert plotly_chart.plotly_src() == url


def test_clicked_points_reads_the_last_click_or_nothing(monkeypatch):
    state = {"att_gold": {"click": {"points": [{"customdata": [2, 0, 0, 0, 0]}]}}}
    monkeypatch.setattr(plotly_chart.st, "session_state", state)
    assert plotly_chart.clicked_points("att_gold")["points"][0]["customdata"][0] == 2
    assert plotly_chart.clicked_points("tf_grid") == {"points": []}
    state["tf_grid"] = {"click": None}
    assert plotly_chart.clicked_points("tf_grid") == {"points": []}


def test_static_template_is_the_themes_own():
    """The browser applies our template (viz/theme.py): the served file must be the theme's (after
    upgrading plotly: python -m viz.theme > static/s2s_template.json)."""
    from viz import theme

    assert (ROOT / "static" / theme.TEMPLATE_JSON).read_text() == theme.template_json()
    template = json.loads(theme.template_json())
    assert template["layout"]["plot_bgcolor"] == "white" and set(template["data"]) == set(theme.TRACES)


def test_figures_are_sent_without_a_template_unless_spelled_out():
    """A figure built the usual way carries no template (the browser adds ours, once per page), and a
    figure whose layout is spelled out (theme.plain_layout) keeps template "none", which the browser keeps."""
    from ui import export
    from viz import theme

    usual = go.Figure(go.Bar(y=[1, 2]), layout=theme.layout(title="t"))
    assert "template" not in json.loads(export.figure_spec(usual))["layout"]
    plain = theme.figure([{"type": "bar", "y": [1, 2]}], theme.plain_layout(title="t"))
    assert json.loads(export.figure_spec(plain))["layout"]["template"] == "none"
    assert "if (!('template' in fig.layout)) fig.layout.template = template" in plotly_chart._JS
