"""Figures of the Train page: the learning curves (altair) and the fixed example's attention (plotly).

The curve's chart spec never changes while a run goes on (no title or domain that follows the data), so
Streamlit updates its data in place instead of re-creating the chart twice a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from viz import theme

if TYPE_CHECKING:
    import pandas as pd

Labels = Mapping[str, str]


def curve_frame(points: Sequence[dict], labels: Labels) -> pd.DataFrame:
    """Long format: one row per (step, series) with series "loss" (training loss of the last ~10 batches,
    every ~0.5 s) and "valid" (validation exact match, per epoch). pandas is imported here, when a run
    draws its first curve, not with the page: altair converts any table through it, and a server that
    never trains never pays its ~42 MB."""
    import pandas as pd

    rows = []
    for p in points:
        rows.append({"step": p["done"], "series": labels["loss"], "value": float(p["loss"])})
        if "valid" in p:
            rows.append({"step": p["done"], "series": labels["valid"], "value": float(p["valid"])})
    return pd.DataFrame(rows, columns=["step", "series", "value"])


def curve_chart(frame: pd.DataFrame, labels: Labels, total_steps: int):
    """Loss (left) and validation exact match (right), side by side, steps along x (fixed to the run)."""
    import altair as alt

    x = alt.X("step:Q", title=labels["step"], scale=alt.Scale(domain=[0, total_steps]))
    loss = (
        alt.Chart(frame, title=labels["loss_title"])
        .transform_filter(alt.datum.series == labels["loss"])
        .mark_line(color=theme.ENCODER, strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=labels["loss"], scale=alt.Scale(zero=True)),
            tooltip=["step:Q", alt.Tooltip("value:Q", format=".3f")],
        )  # fmt: skip
        .properties(width=300, height=220)
    )
    valid = (
        alt.Chart(frame, title=labels["valid_title"])
        .transform_filter(alt.datum.series == labels["valid"])
        .mark_line(color=theme.DECODER, strokeWidth=2, point=alt.OverlayMarkDef(color=theme.DECODER, size=40))
        .encode(
            x=x,
            y=alt.Y(
                "value:Q", title=labels["valid"], scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")
            ),
            tooltip=["step:Q", alt.Tooltip("value:Q", format=".1%")],
        )  # fmt: skip
        .properties(width=300, height=220)
    )
    return theme.altair_config(alt.hconcat(loss, valid))


def attention_figure(attention, labels: Labels) -> str:
    """The fixed example's attention weights (output x input) at the latest report, as our own SVG."""
    from viz.attention import heatmap_figure

    z, rows, cols = attention
    return heatmap_figure(z, rows, cols, labels, labels["attention_title"], clickable=False)
