"""Margins estimated on the server (viz/margins.py): big enough for what stands in them, never smaller
than the figure asked for, for every kind of axis our figures use. That plotly.js then needs no second
layout pass is checked in Chromium (tests/e2e/test_charts_e2e.py)."""

from __future__ import annotations

import plotly.graph_objects as go
from hypothesis import given
from hypothesis import strategies as st

from viz import margins as M
from viz import theme
from viz.common import base_layout


def heat(rows, cols, **layout):
    fig = go.Figure(go.Heatmap(z=[[0.5] * len(cols)] * len(rows)))
    fig.update_layout(
        base_layout("t"),
        xaxis=dict(
            tickmode="array", tickvals=list(range(len(cols))), ticktext=cols, title=dict(text="input")
        ),
        yaxis=dict(tickmode="array", tickvals=list(range(len(rows))), ticktext=rows),
        **layout,
    )
    return fig


def margin(fig) -> dict:
    return M.fit_margins(fig).layout.margin.to_plotly_json()


def test_long_row_labels_widen_the_left_margin_and_hangul_counts_wide():
    short, long = margin(heat(["a"], ["x"])), margin(heat(["a very long token"], ["x"]))
    assert long["l"] > short["l"] + 60
    hangul, latin = margin(heat(["사랑해요"], ["x"])), margin(heat(["abcd"], ["x"]))
    assert hangul["l"] > latin["l"]


def test_a_colour_bar_and_an_axis_title_make_room_for_themselves():
    m = margin(heat(["a"], ["x"]))
    assert m["r"] >= 60  # the heatmap's colour bar, right of the plot
    assert m["b"] >= 14 * 1.25 + 14 * 1.3  # tick labels and the title "input"
    no_bar = go.Figure(go.Heatmap(z=[[1]], showscale=False))
    no_bar.update_layout(base_layout("t"))
    assert margin(no_bar)["r"] < m["r"]


def test_never_less_than_the_figure_asked_for():
    fig = heat(["a"], ["x"], margin=dict(l=200, r=150, t=120, b=90))
    m = margin(fig)
    assert m["l"] >= 200 and m["r"] >= 150 and m["t"] >= 120 and m["b"] >= 90


def test_labels_that_would_collide_are_counted_rotated():
    few = margin(heat(["a"], ["one", "two"]))
    many = margin(heat(["a"], [f"token{i}" for i in range(60)]))
    assert many["b"] > few["b"] + 25


def test_plain_dict_figures_with_bare_string_titles_log_axes_and_hidden_axes():
    data = [dict(type="scatter", x=[1, 2, 3], y=[1e-9, 1e-3, 1.0], name="a"),
            dict(type="scatter", x=[1, 2, 3], y=[1e-9, 1e-3, 1.0], name="b")]  # fmt: skip
    layout = theme.plain_layout(title="bare", legend=dict(orientation="h", y=-0.2))
    layout["xaxis"] = dict(layout["xaxis"], title="position")
    layout["yaxis"] = dict(layout["yaxis"], type="log")
    fig = theme.figure(data, layout)
    m = margin(fig)
    assert m["l"] >= 50  # "0.0001"-wide decades
    assert m["b"] >= 80  # the axis, its title and the legend below them
    hidden = theme.figure([dict(type="heatmap", z=[[1]], showscale=False)],
                          theme.plain_layout(xaxis=dict(visible=False), yaxis=dict(visible=False)))  # fmt: skip
    assert margin(hidden)["l"] == 10


def test_a_one_row_legend_starting_mid_plot_widens_the_right_margin():
    data = [dict(type="bar", x=["a"], y=[1], name=f"a long series name {i}") for i in range(3)]
    layout = theme.plain_layout(legend=dict(orientation="h", y=-0.15, x=0.56))
    assert margin(theme.figure(data, layout))["r"] > 100


@given(
    st.lists(
        st.text(alphabet="가나다라마바사abcdefgXYZ0123<>&", min_size=1, max_size=14), min_size=1, max_size=8
    )
)
def test_left_margin_covers_the_widest_row_label(rows):
    width, _ = M.text_px(max(rows, key=lambda r: M.text_px(r, 14)[0]), 14)
    assert margin(heat(rows, ["x"]))["l"] >= width
