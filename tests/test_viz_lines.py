"""Our SVG line charts (viz/lines.py) and the Train page's curves (viz/training.py): every report is a
point where its value says it is, with its value in its tooltip."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.i18n import labels
from viz import training as V
from viz.lines import PLOT_H, LinePanel, Series, lines_svg, nice_ticks

NS = {"s": "http://www.w3.org/2000/svg"}


def L(lang="en"):
    return {**labels(lang, "attention.viz"), **labels(lang, "train.viz")}


@given(st.floats(min_value=1e-3, max_value=1e6))
def test_nice_ticks_cover_the_top_in_a_few_round_steps(top):
    ticks = nice_ticks(top, 4)
    step = ticks[1] - ticks[0]
    assert ticks[0] == 0 and ticks[-1] >= top * (1 - 1e-9) and 2 <= len(ticks) <= 5
    assert ticks[-2] < top  # no tick wasted above the top
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert min(abs(mantissa - k) for k in (1, 2, 2.5, 5, 10)) < 1e-6


def test_a_point_sits_at_its_value_and_says_it():
    panel = LinePanel("Loss <b>", "loss", [Series([0, 50, 100], [2.0, 1.0, 0.0], ["a", "b", "c <i>"])], 100, 2.0,
                      [(0, "0"), (1, "1"), (2, "2")])  # fmt: skip
    root = ET.fromstring(lines_svg([panel], "step", "curves"))
    dots = root.findall(".//s:circle", NS)
    assert [d.find("s:title", NS).text for d in dots] == ["a", "b", "c <i>"]  # raw text, escaped once
    ys = [float(d.get("cy")) for d in dots]
    assert ys[2] - ys[0] == pytest.approx(PLOT_H, abs=0.2) and ys[1] == pytest.approx(
        (ys[0] + ys[2]) / 2, abs=0.2
    )
    xs = [float(d.get("cx")) for d in dots]
    assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1], abs=0.2)
    assert root.find(".//s:polyline", NS) is not None
    assert "Loss <b>" in "".join(root.itertext())


def test_the_train_curves_show_every_report_and_wait_for_the_first_epoch():
    points = [{"done": 1, "loss": 3.4}, {"done": 40, "loss": 2.1}]
    root = ET.fromstring(V.curves_svg(points, L(), 600))
    tips = [d.find("s:title", NS).text for d in root.findall(".//s:circle", NS)]
    assert tips == ["step 1: 3.400", "step 40: 2.100"]
    assert L()["valid_waiting"] in "".join(root.itertext())  # no exact match before the first epoch
    points.append({"done": 71, "loss": 1.5, "valid": 0.25})
    root = ET.fromstring(V.curves_svg(points, L("ko"), 600))
    tips = [d.find("s:title", NS).text for d in root.findall(".//s:circle", NS)]
    assert tips[-1] == "71단계: 25.0%" and L("ko")["valid_waiting"] not in "".join(root.itertext())
    assert "600" in [t.text for t in root.findall("s:text", NS)]  # x runs to the run's last step
    assert root.get("aria-label") == f"{L('ko')['loss_title']} · {L('ko')['valid_title']}"
