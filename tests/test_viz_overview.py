"""The overview figures are drawn from the Trace's own numbers, in both languages, with user text shown
literally. Tiny random models are enough here: these tests check drawing, not translation quality."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from ui.i18n import labels
from viz import overview, theme

ARCHS = [
    dict(cell="gru", bidirectional=True, layers=2, attention="additive"),
    dict(cell="lstm", bidirectional=False, layers=1, attention="none"),
    dict(cell="rnn", bidirectional=False, layers=3, attention="dot"),
]


def heatmaps(fig: go.Figure) -> list[go.Heatmap]:
    """The three state strips (they share the signed colour axis; token-box backgrounds do not)."""
    return [d for d in fig.data if isinstance(d, go.Heatmap) and d.coloraxis == "coloraxis"]


def text_traces(fig: go.Figure) -> list[go.Scatter]:
    return [d for d in fig.data if isinstance(d, go.Scatter)]


def texts(fig: go.Figure) -> list[str]:
    """Input tokens then output tokens, as drawn in their boxes."""
    src, out = text_traces(fig)[:2]
    return list(src.text) + list(out.text)


def titles(fig: go.Figure) -> str:
    return " ".join(text_traces(fig)[-1].text)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "-".join(map(str, a.values())))
def test_pipeline_shows_the_traces_tokens_and_states(tiny, arch, lang):
    tr = tiny(**arch).trace("I love you")
    fig = overview.pipeline_figure(tr, labels(lang, "overview.fig"), step=0)
    enc, ctx, dec = heatmaps(fig)
    np.testing.assert_array_equal(enc.z, tr.encoder.outputs)  # (S, D*H)
    np.testing.assert_array_equal(ctx.z, tr.context.vector[None, :])  # (1, H)
    np.testing.assert_array_equal(dec.z, tr.decoder.states[:, -1, :])  # (T, H)
    shown = texts(fig)
    assert shown[:3] == ["i", "love", "you"]
    assert shown[3:] == [overview.esc(t) for t in tr.decoder.output_tokens]
    for key in ("input", "encoder", "context", "decoder", "output"):
        assert labels(lang, "overview.fig")[key] in titles(fig)
    assert arch["cell"].upper() in titles(fig)
    arrows = [d for d in text_traces(fig) if d.mode == "lines+markers"]
    assert len(arrows) == 1 and list(arrows[0].marker.size).count(13) == 4  # the four ─► of the seed
    json.loads(fig.to_json())  # serializable as sent to the browser
    go.Figure(fig.to_dict())  # and valid: theme.figure skips plotly's validation, so check it here


def test_attention_lines_follow_the_selected_steps_weights(tiny):
    tr = tiny(attention="additive").trace("I love you")
    lab = labels("en", "overview.fig")
    for step in range(len(tr.decoder.output_tokens)):
        fig = overview.pipeline_figure(tr, lab, step=step)
        lines = [s for s in fig.layout.shapes if s.type == "line" and s.line.color == theme.DECODER]
        w = tr.decoder.attention_weights[step]
        assert len(lines) == int((w >= 0.02).sum())
        T = len(tr.decoder.output_tokens)
        dec_top = (max(3, T) - T) / 2
        assert all(line.y1 == pytest.approx(dec_top + step) for line in lines)
        widest = max(lines, key=lambda s: s.line.width)
        assert widest.y0 == pytest.approx(
            text_traces(fig)[0].y[int(w.argmax())]
        )  # the most-attended input row
        outlined = [s for s in fig.layout.shapes if s.type == "rect" and s.line.width == 3]
        assert len(outlined) == 2  # decoder row and output token of that step


def test_no_attention_means_no_lines(tiny):
    tr = tiny(attention="none").trace("I love you")
    fig = overview.pipeline_figure(tr, labels("ko", "overview.fig"), step=1)
    assert not [s for s in fig.layout.shapes if s.type == "line" and s.line.color == theme.DECODER]
    assert labels("ko", "overview.fig")["attention_off"] in titles(fig)


def test_user_text_is_escaped_and_unknown_words_marked(tiny):
    tr = tiny().trace("I love <b>zebras</b>")
    fig = overview.pipeline_figure(tr, labels("en", "overview.fig"))
    shown = texts(fig)
    assert "&lt;unk&gt; (zebras)" in shown
    assert not any("<b>" in t or "<unk>" in t for t in shown)
    assert "&lt;unk&gt; (&lt;)" in shown  # the "<" token, literally, marked unknown
    dashed = [s for s in fig.layout.shapes if s.type == "rect" and s.line.dash == "dash"]
    assert len(dashed) == sum(tr.source.unknown)


def test_long_inputs_grow_the_figure_not_the_rows(tiny):
    short = overview.pipeline_figure(tiny().trace("I love you"), labels("en", "overview.fig"))
    long = overview.pipeline_figure(tiny().trace(" ".join(["I love you"] * 10)), labels("en", "overview.fig"))
    assert long.layout.height > short.layout.height
    assert long.layout.height - short.layout.height == overview.ROW_PX * (
        max(30, len(heatmaps(long)[2].z)) - max(3, len(heatmaps(short)[2].z))
    )


def test_theme_scales_are_colour_blind_safe_names():
    assert theme.SEQUENTIAL in ("Viridis", "Cividis") and theme.SEQUENTIAL_ALT in ("Viridis", "Cividis")
    assert theme.heat_range(np.array([-0.5, 2.0])) == (-2.0, 2.0)
    assert theme.heat_range(np.zeros(3)) == (-1.0, 1.0)
    assert theme.layout(height=10)["height"] == 10
