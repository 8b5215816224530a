"""Figures of the Train page: the learning curves and the fixed example's attention, both our own SVG.

The curves (viz/lines.py) are drawn again twice a second while a run goes on: x is fixed to the run's
steps, so a new point only extends the lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from viz import theme
from viz.diagram import W
from viz.lines import PERCENT, LinePanel, Series, lines_svg, nice_ticks

Labels = Mapping[str, str]


def curves_svg(points: Sequence[dict], labels: Labels, total_steps: int, width: float = W) -> str:
    """Loss (left: the training loss of the last ~10 batches, every ~0.5 s) and validation exact match
    (right: after each epoch), side by side, steps along x from 0 to the run's `total_steps`."""
    loss = [(p["done"], float(p["loss"])) for p in points]
    valid = [(p["done"], float(p["valid"])) for p in points if "valid" in p]
    ticks = nice_ticks(max((y for _, y in loss), default=1.0), 4)
    panels = [
        LinePanel(
            labels["loss_title"], labels["loss"], [_series(loss, labels["tip_loss"], theme.ENCODER, 3)],
            total_steps, ticks[-1], [(v, f"{v:g}") for v in ticks],
        ),
        LinePanel(
            labels["valid_title"], labels["valid"], [_series(valid, labels["tip_valid"], theme.DECODER, 5)],
            total_steps, 1.0, PERCENT, note=labels["valid_waiting"],
        ),
    ]  # fmt: skip
    return lines_svg(panels, labels["step"], f"{labels['loss_title']} · {labels['valid_title']}", width)


def _series(points: list[tuple[int, float]], tip: str, colour: str, dots: int) -> Series:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Series(xs, ys, [tip.format(step=x, value=y) for x, y in points], colour, dots)


def attention_figure(attention, labels: Labels) -> str:
    """The fixed example's attention weights (output x input) at the latest report, as our own SVG."""
    from viz.attention import heatmap_figure

    z, rows, cols = attention
    return heatmap_figure(z, rows, cols, labels, labels["attention_title"], clickable=False)
