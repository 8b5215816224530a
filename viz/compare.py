"""What the Compare page shows beside two models: their held-out metrics with the differences, and where
their outputs for the same sentence part ways. Pure functions; the page lays them out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from viz import bottleneck

# (manifest key, higher is better); AER is an error rate, so lower is better
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


def differences(a: Sequence[str], b: Sequence[str]) -> int:
    """Positions where the two outputs differ (a missing token counts as a difference)."""
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))


def diff_svg(a: Sequence[str], b: Sequence[str], labels: Mapping[str, str]) -> str:
    """A's output as the reference row, B's below it: B's tokens that equal A's at the same position are
    marked ✓ (blue), the others ✗ (vermillion)."""
    rows = dict(labels, reference=labels["row_a"])
    return bottleneck.token_rows_svg(a, {labels["row_b"]: b}, rows)
