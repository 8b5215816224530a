"""What the Compare page shows of two models: one table (outputs, held-out metrics, size, with B − A),
their attention side by side in one figure, their encoder states side by side in one figure, and where
their outputs part ways. Pure functions; one figure for both models, not one each, because the browser
re-creates every plotly chart from scratch on each update (benchmarks/bench_interaction.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from viz import bottleneck, theme
from viz.common import base_layout, esc, md_escape, subplot_axes, subplot_row

Labels = Mapping[str, str]
# (manifest key, higher is better); AER is an error rate, so lower is better; parameters have no better
METRICS = (("exact_match", True), ("token_accuracy", True), ("aer", False), ("params", None))


def metric_rows(a: Mapping, b: Mapping) -> list[dict]:
    """One row per metric: A's and B's values and B − A (None where a model has no such number, e.g. AER
    without attention). `better`: True when B is better, False when worse, None for a tie or no order."""
    rows = []
    for key, higher in METRICS:
        va, vb = a.get(key), b.get(key)
        delta = None if va is None or vb is None else vb - va
        better = None
        if delta and higher is not None:
            better = (delta > 0) == higher
        rows.append(dict(key=key, a=va, b=vb, delta=delta, better=better))
    return rows


def _value(key: str, v) -> str:
    if v is None:
        return "—"
    return f"{v:,}" if key == "params" else f"{v:.1%}"


def _delta(row: dict, labels: Labels) -> str:
    """B − A with an arrow and, where one model is better, Streamlit's green/red (arrow and words too,
    so the colour is never the only cue)."""
    d = row["delta"]
    if d is None:
        return "—"
    if d == 0:
        return labels["same_value"]
    text = f"{d:+,}" if row["key"] == "params" else labels["points"].format(d=d * 100)
    if row["better"] is None:
        return text
    return f":green[▲ {text} {labels['better']}]" if row["better"] else f":red[▼ {text} {labels['worse']}]"


def table_markdown(a: Mapping, b: Mapping, labels: Labels) -> str:
    """A markdown table: model, output, each metric; columns A, B, B − A. `a`/`b`: {"name", "words",
    "output", metrics...}. User-derived text (the outputs) is markdown-escaped."""
    lines = [f"| | A | B | {labels['b_minus_a']} |", "|---|---|---|---|"]
    lines.append(f"| {labels['model']} | {md_escape(a['words'])} | {md_escape(b['words'])} | |")
    lines.append(
        f"| {labels['output']} | {md_escape(a['output']) or '—'} | {md_escape(b['output']) or '—'} | |"
    )
    for row in metric_rows(a, b):
        key = row["key"]
        lines.append(
            f"| {labels[f'metric_{key}']} | {_value(key, row['a'])} | {_value(key, row['b'])} | {_delta(row, labels)} |"
        )
    return "\n".join(lines)


def differences(a: Sequence[str], b: Sequence[str]) -> int:
    """Positions where the two outputs differ (a missing token counts as a difference)."""
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))


def diff_svg(a: Sequence[str], b: Sequence[str], labels: Mapping[str, str]) -> str:
    """A's output as the reference row, B's below it: B's tokens that equal A's at the same position are
    marked ✓ (blue), the others ✗ (vermillion)."""
    rows = dict(labels, reference=labels["row_a"])
    return bottleneck.token_rows_svg(a, {labels["row_b"]: b}, rows)


def pair_figure(panels: list[tuple[str, np.ndarray | None, Sequence[str], Sequence[str]]], labels: Labels, title: str,
          scale: str, zrange, colorbar: str, hover: str):  # fmt: skip
    """Two heatmaps side by side (A, B) in one figure; a panel with no matrix says so in its place.
    Plain dicts (theme.figure): both are drawn anew for every sentence."""
    layout = subplot_row(2, [p[0] for p in panels], spacing=0.12)
    data = []
    for col, (_, z, rows, cols) in enumerate(panels, start=1):
        x, y = subplot_axes(col)
        xaxis, yaxis = layout["xaxis" + x[1:]], layout["yaxis" + y[1:]]
        if z is None:
            x0, x1 = xaxis["domain"]
            layout["annotations"].append(dict(text=esc(labels["no_attention_short"]), xref="paper", yref="paper",
                                              x=(x0 + x1) / 2, y=0.5, showarrow=False,
                                              font=dict(size=14, color=theme.NEUTRAL)))  # fmt: skip
            xaxis["visible"] = yaxis["visible"] = False
            continue
        data.append(dict(type="heatmap", z=z, colorscale=theme.colorscale(scale), zmin=zrange[0], zmax=zrange[1],
                         showscale=col == 1, colorbar=dict(title=dict(text=colorbar), thickness=12, x=1.02),
                         hovertemplate=hover, text=[[f"{esc(r)} · {esc(c)}" for c in cols] for r in rows],
                         xaxis=x, yaxis=y))  # fmt: skip
        yaxis.update(tickmode="array", tickvals=list(range(len(rows))), ticktext=[esc(r) for r in rows],
                     autorange="reversed")  # fmt: skip
        if len(cols) <= 20:
            xaxis.update(tickmode="array", tickvals=list(range(len(cols))), ticktext=[esc(c) for c in cols])
    height = 160 + 30 * max(len(p[2]) for p in panels)
    layout.update(base_layout(title, wrap=50, height=max(300, height), margin=dict(l=10, r=10, t=80, b=10)))
    return theme.figure(data, layout)


def attention_pair(a, b, labels: Labels):
    """The attention weights (output x input) of A and B for the same sentence, in one figure."""
    panels = []
    for tag, tr in (("A", a), ("B", b)):
        z = tr.decoder.attention_weights
        panels.append((tag, None if z is None else z, tr.decoder.output_tokens, tr.source.shown))
    return pair_figure(panels, labels, labels["attention_title"], theme.SEQUENTIAL, (0, 1), labels["weight"],
                 labels["hover_weight"])  # fmt: skip


def states_pair(a, b, labels: Labels):
    """Each model's top encoder layer (S x D*H: both directions side by side), in one figure."""
    panels = []
    for tag, tr in (("A", a), ("B", b)):
        units = [str(u + 1) for u in range(tr.encoder.outputs.shape[1])]
        panels.append((tag, tr.encoder.outputs, tr.source.shown, units))
    return pair_figure(
        panels, labels, labels["states_title"], theme.DIVERGING, (-1, 1), "h", labels["hover_state"]
    )
