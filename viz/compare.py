"""What the Compare page shows of two models: one table (outputs, held-out metrics, size, with B − A),
their attention side by side in one figure, their encoder states side by side in one figure, and where
their outputs part ways. Pure functions; one figure for both models, not one each, because the browser
re-creates every plotly chart from scratch on each update (benchmarks/bench_interaction.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from viz import bottleneck
from viz.common import md_escape
from viz.heatmap import STATES, Panel, heatmap_svg, weight_colours

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


def attention_pair(a, b, labels: Labels) -> str:
    """The attention weights (output x input) of A and B for the same sentence, in one figure."""
    panels = [
        Panel(tr.decoder.attention_weights, list(tr.decoder.output_tokens), list(tr.source.shown), tag,
              note=labels["no_attention_short"])
        for tag, tr in (("A", a), ("B", b))
    ]  # fmt: skip
    colours = weight_colours(labels["weight"])
    return heatmap_svg(
        labels["attention_title"], panels, colours, labels["input_token"], labels["output_token"]
    )


def states_pair(a, b, labels: Labels) -> str:
    """Each model's top encoder layer (S x D*H: both directions side by side), in one figure."""
    panels = []
    for tag, tr in (("A", a), ("B", b)):
        units = [str(u + 1) for u in range(tr.encoder.outputs.shape[1])]
        panels.append(Panel(tr.encoder.outputs, list(tr.source.shown), units, tag))
    return heatmap_svg(labels["states_title"], panels, STATES, labels["unit"], labels["input_token"])
