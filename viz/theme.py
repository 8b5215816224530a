"""Shared look for every figure: colour-blind-safe scales and one set of layout defaults.

Why one module: a reader comparing the Encoder and Attention pages should see the same colour mean the
same thing. Viridis/cividis are perceptually uniform and readable with every common colour-vision
deficiency; the diverging scale is only for signed values (hidden states, raw scores).
"""

from __future__ import annotations

SEQUENTIAL = "Viridis"  # weights/probabilities in [0, 1]: attention, top-k
SEQUENTIAL_ALT = "Cividis"  # a second sequential scale when two heatmaps sit side by side
DIVERGING = "RdBu"  # signed values (hidden states in [-1, 1], raw scores), centred on 0

# Categorical colours (Okabe–Ito): encoder vs decoder vs context, safe for colour-vision deficiencies.
ENCODER = "#0072B2"
DECODER = "#D55E00"
CONTEXT = "#009E73"
NEUTRAL = "#595959"  # text/lines on white, contrast 7:1
CATEGORICAL = (ENCODER, DECODER, CONTEXT, "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
# Lines and markers drawn on white (one per sentence): Okabe-Ito hues darkened where needed to reach the
# 3:1 contrast of WCAG's non-text rule; yellow and sky blue (1.2:1 and 2.1:1) are left out.
LINES = ("#0072B2", "#D55E00", "#00785A", "#A8437F", "#000000", "#6A5ACD", "#8C5A00", "#595959")

# Hangul needs a font that has it; NanumGothic ships with fonts-nanum, the rest are browser fallbacks.
FONT_FAMILY = "NanumGothic, 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif"


TEMPLATE = "s2s_white"  # plotly_white's layout, and its defaults for the only traces we draw
TEMPLATE_JSON = "s2s_template.json"  # static/s2s_template.json: template_json(), applied by the browser
TRACES = ("bar", "heatmap", "scatter")
UNUSED = ("polar", "ternary", "scene", "geo")  # plotly_white's layout for kinds of plot we never draw


def no_default_template() -> None:
    """Figures are built without a template; the browser applies ours (ui/plotly_chart.py).

    Why: plotly.py validates and deep-copies a figure's template when the figure is made and again on
    `update_layout(template=...)`. Even our trimmed template (a sixth of plotly_white) was 4-10 ms of each
    figure's 10-25 ms (measured: the Attention step chart 17.5 -> 7.4 ms), and 2.2 KB of every chart's
    spec on every rerun. plotly.js applies the same template as a static file, read once per page.
    Figures that spell their layout out (`plain_layout`) say template "none" and get nothing."""
    import plotly.io as pio

    pio.templates.default = None


no_default_template()  # before any figure: a new go.Figure copies the default template first


def template_dict() -> dict:
    """plotly_white's layout (less the kinds of plot we never draw) and its bar, heatmap and scatter
    defaults: the look of every figure built with `layout()`."""
    import plotly.io as pio

    white = pio.templates["plotly_white"]
    layout = {k: v for k, v in white.layout.to_plotly_json().items() if k not in UNUSED}
    data = {kind: [t.to_plotly_json() for t in white.data[kind]] for kind in TRACES}
    return {"layout": layout, "data": data}


def template_json() -> str:
    """The text of static/s2s_template.json (tests keep the file equal to it; after upgrading plotly:
    `python -m viz.theme > static/s2s_template.json`)."""
    import json

    return json.dumps(template_dict(), sort_keys=True, separators=(",", ":")) + "\n"


def layout(**overrides) -> dict:
    """Layout defaults for a plotly figure: `fig.update_layout(**theme.layout(title=...))`. No template:
    the browser applies ours (`no_default_template`)."""
    base = dict(
        font=dict(family=FONT_FAMILY, size=14, color="#262730"),
        margin=dict(l=10, r=10, t=40, b=10),
        hoverlabel=dict(font=dict(family=FONT_FAMILY)),
        colorway=list(CATEGORICAL),
    )
    base.update(overrides)
    return base


def colorscale(name: str) -> list:
    """A named scale as explicit [position, colour] pairs (plotly.js's own "RdBu" runs the other way)."""
    from plotly.colors import get_colorscale

    return [[float(p), c] for p, c in get_colorscale(name)]


def plain_layout(**overrides) -> dict:
    """`layout()` without a template, spelled out, for figures built by `figure()` (no validation)."""
    grid = dict(gridcolor="#E5E8EF", zerolinecolor="#C9CED9", linecolor="#C9CED9", automargin=True)
    base = layout(template="none", xaxis=grid, yaxis=dict(grid), paper_bgcolor="white", plot_bgcolor="white")
    base.update(overrides)
    return base


def figure(data: list[dict], layout_: dict):
    """A plotly Figure from plain dicts, skipping plotly.py's validation (about 100x faster per rerun).

    Every trace dict needs its "type". Named colour scales must be explicit (`colorscale()`), since
    nothing resolves them on the Python side. Tests validate these figures with `go.Figure(fig.to_dict())`.
    """
    import plotly.graph_objects as go

    return go.Figure({"data": data, "layout": layout_}, _validate=False)


def channels(colour: str) -> tuple[float, float, float]:
    """ "rgb(r, g, b)" (as plotly's scales write it) or "#rrggbb" -> (r, g, b), each 0..255."""
    if colour.startswith("#"):
        return tuple(float(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return tuple(float(c) for c in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of "rgb(r, g, b)" or "#rrggbb"."""
    lin = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in channels(rgb))
    ]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1..21); text needs 4.5."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_colours(values, scale: str = SEQUENTIAL, lo: float = 0.0, hi: float = 1.0) -> list[str]:
    """Black or white, whichever reads better on each value's cell colour (a fixed grey text is
    unreadable on viridis' yellow or purple end): one colour per value, in order."""
    from plotly.colors import sample_colorscale

    span = (hi - lo) or 1.0
    positions = [min(1.0, max(0.0, (float(v) - lo) / span)) for v in values]
    cells = sample_colorscale(colorscale(scale), positions)
    return ["#000000" if contrast(c, "#000000") >= contrast(c, "#ffffff") else "#ffffff" for c in cells]


def heat_range(values) -> tuple[float, float]:
    """Symmetric colour range for signed values, so 0 is always the middle colour."""
    import numpy as np

    m = float(np.nanmax(np.abs(values))) if np.size(values) else 1.0
    m = m if m > 0 else 1.0
    return -m, m


if __name__ == "__main__":
    import sys

    sys.stdout.write(template_json())
