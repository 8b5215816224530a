"""The overview's pipeline SVG is drawn from the Trace's own numbers, in both languages, with user text
shown literally. Tiny random models are enough here: these tests check drawing, not translation quality.
The SVG is parsed as XML and its heat-strip PNGs are decoded back to colours."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
import zlib
from base64 import b64decode

import numpy as np
import pytest

from ui.i18n import labels
from viz import overview, theme

NS = {"s": "http://www.w3.org/2000/svg"}
ARCHS = [
    dict(cell="gru", bidirectional=True, layers=2, attention="additive"),
    dict(cell="lstm", bidirectional=False, layers=1, attention="none"),
    dict(cell="rnn", bidirectional=False, layers=3, attention="dot"),
]


def draw(trace, lang="en", step=None, alt="alt") -> ET.Element:
    return ET.fromstring(overview.pipeline_svg(trace, labels(lang, "overview.fig"), step, alt))


def decode_png(data: bytes) -> np.ndarray:
    """(h, w, 3) pixels of a PNG written by overview.png (8-bit RGB, filter 0 on every scanline)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        tag, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        assert struct.unpack(">I", data[pos + 8 + n : pos + 12 + n])[0] == zlib.crc32(tag + body)
        chunks[tag] = body
        pos += 12 + n
    w, h = struct.unpack(">II", chunks[b"IHDR"][:8])
    raw = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(h, 1 + 3 * w)
    assert (raw[:, 0] == 0).all()
    return raw[:, 1:].reshape(h, w, 3)


def strip(svg: ET.Element, cls: str) -> np.ndarray:
    """The colours of one heat strip, one row per time step: (rows, dims, 3)."""
    rows = svg.findall(f".//s:image[@class='{cls}']", NS)
    return np.concatenate([decode_png(b64decode(r.get("href").split(",", 1)[1])) for r in rows])


def texts(svg: ET.Element, cls: str) -> list[str]:
    return [t.text for t in svg.findall(f".//s:text[@class='{cls}']", NS)]


def all_text(svg: ET.Element) -> str:
    return " ".join(t.text or "" for t in svg.iter(f"{{{NS['s']}}}text"))


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "-".join(map(str, a.values())))
def test_pipeline_shows_the_traces_tokens_and_states(tiny, arch, lang):
    tr = tiny(**arch).trace("I love you")
    svg = draw(tr, lang, step=0)
    np.testing.assert_array_equal(strip(svg, "strip-enc"), overview._rgb(tr.encoder.outputs))  # (S, D*H)
    np.testing.assert_array_equal(strip(svg, "strip-ctx"), overview._rgb(tr.context.vector[None, :]))
    np.testing.assert_array_equal(strip(svg, "strip-dec"), overview._rgb(tr.decoder.states[:, -1, :]))
    assert texts(svg, "tok-in") == ["i", "love", "you"]
    assert texts(svg, "tok-out") == list(tr.decoder.output_tokens)
    for key in ("input", "encoder", "context", "decoder", "output"):
        assert labels(lang, "overview.fig")[key] in texts(svg, "title")
    assert arch["cell"].upper() in " ".join(texts(svg, "subtitle"))
    assert len(svg.findall(".//s:polygon", NS)) == 4  # the four ─► of the seed
    assert svg.get("role") == "img" and svg.get("aria-label") == "alt" and svg.get("data-model") == tr.model
    hover = [t.text for t in svg.findall(".//s:image/s:title", NS)]
    assert len(hover) == len(tr.source.tokens) + 1 + len(tr.decoder.output_tokens)  # one per strip row


def test_colours_follow_the_diverging_scale():
    """-1 and +1 are the scale's ends, 0 its middle; values beyond are clipped (states of a tanh RNN are
    in [-1, 1], but LSTM cell-derived outputs need not be)."""
    rgb = overview._rgb(np.array([-1.0, 0.0, 1.0, 3.0, -3.0]))
    ends = [[int(c) for c in col[4:-1].split(",")] for _, col in (overview.SIGNED[0], overview.SIGNED[-1])]
    mid = [int(c) for c in overview.SIGNED[len(overview.SIGNED) // 2][1][4:-1].split(",")]
    assert rgb[0].tolist() == ends[0] and rgb[2].tolist() == ends[1] and rgb[1].tolist() == mid
    assert rgb[3].tolist() == ends[1] and rgb[4].tolist() == ends[0]


def test_attention_lines_follow_the_selected_steps_weights(tiny):
    tr = tiny(attention="additive").trace("I love you")
    for step in range(len(tr.decoder.output_tokens)):
        svg = draw(tr, step=step)
        lines = svg.findall(".//s:line[@class='attention']", NS)
        w = tr.decoder.attention_weights[step]
        assert len(lines) == int((w >= 0.02).sum())
        selected = svg.find(".//s:rect[@class='selected']", NS)  # the outlined decoder row
        row_centre = float(selected.get("y")) + overview.ROW_PX / 2
        assert all(float(line.get("y2")) == pytest.approx(row_centre) for line in lines)
        widest = max(lines, key=lambda line: float(line.get("stroke-width")))
        boxes = svg.findall(".//s:text[@class='tok-in']", NS)
        assert float(widest.get("y1")) == float(boxes[int(w.argmax())].get("y"))  # the most-attended input
        assert len(svg.findall(".//s:rect[@class='selected']", NS)) == 2  # decoder row and output token


def test_no_attention_means_no_lines(tiny):
    tr = tiny(attention="none").trace("I love you")
    svg = draw(tr, "ko", step=1)
    assert not svg.findall(".//s:line[@class='attention']", NS)
    assert labels("ko", "overview.fig")["attention_off"] in texts(svg, "subtitle")


def test_user_text_is_escaped_and_unknown_words_marked(tiny):
    tr = tiny().trace("I love <b>zebras</b>")
    source = overview.pipeline_svg(tr, labels("en", "overview.fig"), None, 'say "<script>"')
    assert "<b>" not in source and "<script>" not in source and "<unk>" not in source
    svg = ET.fromstring(source)  # well-formed: nothing the user typed became markup
    shown = texts(svg, "tok-in")
    assert "<unk> (<)" in shown  # the "<" token, literally, marked unknown
    # too long for its box at the smallest readable size: cut with "…", the whole token on hover
    (cut,) = [t for t in svg.iter(f"{{{NS['s']}}}text") if (t.text or "").startswith("<unk> (ze")]
    assert cut.text.endswith("…") and cut.find("s:title", NS).text == "<unk> (zebras)"
    assert min(float(t.get("font-size")) for t in svg.iter(f"{{{NS['s']}}}text")) >= overview.FONT
    assert len(svg.findall(".//s:rect[@class='box unknown']", NS)) == sum(tr.source.unknown)
    assert svg.get("aria-label") == 'say "<script>"'


def test_long_inputs_grow_the_figure_not_the_rows(tiny):
    def height(svg):
        return float(svg.get("viewBox").split()[3])

    short, long = draw(tiny().trace("I love you")), draw(tiny().trace(" ".join(["I love you"] * 10)))
    rows = max(30, len(strip(long, "strip-dec"))) - max(3, len(strip(short, "strip-dec")))
    assert height(long) - height(short) == overview.ROW_PX * rows


def test_png_round_trip():
    rgb = np.arange(2 * 5 * 3, dtype=np.uint8).reshape(2, 5, 3)
    np.testing.assert_array_equal(decode_png(overview.png(rgb)), rgb)


def test_theme_scales_are_colour_blind_safe_names():
    assert theme.SEQUENTIAL in ("Viridis", "Cividis") and theme.SEQUENTIAL_ALT in ("Viridis", "Cividis")
    assert theme.heat_range(np.array([-0.5, 2.0])) == (-2.0, 2.0)
    assert theme.heat_range(np.zeros(3)) == (-1.0, 1.0)
    assert theme.layout(height=10)["height"] == 10
