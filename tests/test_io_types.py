"""s2s_core.io_types and viz.io_types: the types' shapes, the many-to-one prediction by word, the tagger
read per word, and the figures built from them (plotly figures, and SVG diagrams parsed as XML)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import plotly.graph_objects as go
import pytest

from s2s_core import io_types, pretrained
from s2s_core.tasks.tagging import TAGS
from s2s_core.text import InputError
from ui.i18n import labels
from viz import diagram
from viz import io_types as V
from viz.overview import text_width

L = labels("en", "io.viz")
NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def sentiment():
    return pretrained.load("sentiment/gru-uni-1l-none")


@pytest.fixture(scope="module")
def tagger():
    return pretrained.load("tagging/gru-bi-1l-additive")


@pytest.mark.parametrize(
    "kind, n_in, n_out, takes, gives",
    [
        ("one_to_one", 1, 1, [1], [1]),
        ("one_to_many", 1, 3, [1, 0, 0], [1, 1, 1]),
        ("many_to_one", 4, 1, [1, 1, 1, 1], [0, 0, 0, 1]),
        ("many_to_many", 2, 3, [1, 1, 0, 0, 0], [0, 0, 1, 1, 1]),
        ("synchronized", 3, 3, [1, 1, 1], [1, 1, 1]),
    ],
)
def test_each_type_reads_and_writes_at_its_steps(kind, n_in, n_out, takes, gives):
    assert io_types.shape(kind, n_in, n_out) == ([bool(x) for x in takes], [bool(x) for x in gives])


def test_an_unknown_type_is_refused():
    with pytest.raises(ValueError, match="one_to_one"):
        io_types.shape("two_to_two", 1, 1)


def test_the_prediction_after_each_word_is_the_model_on_that_prefix(sentiment):
    text = "the music was great but the ending was boring"
    wbw = io_types.prediction_by_word(sentiment, text, ("positive", "negative"))
    assert wbw.tokens == tuple(text.split()) and wbw.probs.shape == (9, 2)
    assert np.allclose(wbw.probs.sum(axis=1), 1, atol=1e-5)
    assert wbw.label == "negative" and wbw.probs[-1, 1] > 0.9  # the clause after "but" decides
    assert wbw.probs[3, 0] > 0.9  # "... was great": positive so far
    prefix = sentiment.trace("the music was great")  # the fourth point is that prefix's own answer
    assert prefix.output_tokens == ("positive",)
    with pytest.raises(InputError):
        io_types.prediction_by_word(sentiment, "   ", ("positive", "negative"))


def test_the_tagger_is_read_one_tag_per_word(tagger):
    tr = tagger.trace("i watch the play")
    tbw = io_types.tags_by_word(tr, tagger.tgt_vocab, TAGS)
    assert tbw.tags == ("PRON", "VERB", "DET", "NOUN") and tbw.aligned
    assert tbw.probs.shape == (4, len(TAGS)) and np.allclose(tbw.probs.sum(axis=1), 1, atol=1e-5)
    assert [TAGS[i] for i in tbw.probs.argmax(axis=1)] == list(tbw.tags)
    tr = tagger.trace("the kid plays with a watch")  # the same word, the other tag
    assert io_types.tags_by_word(tr, tagger.tgt_vocab, TAGS).tags[-1] == "NOUN"


def parse(svg: str) -> ET.Element:
    """A diagram as XML: it must parse (it is inserted into the page as HTML)."""
    return ET.fromstring(svg)


def boxes(svg: str) -> list[str]:
    """Every text drawn in a diagram (its title, boxes' texts, then its labels), as the reader sees it."""
    return [
        "".join(el.itertext()) if el.find(f"{NS}title") is None else el.text
        for el in parse(svg).iter(f"{NS}text")
    ]


def rects(svg: str) -> int:
    return len(parse(svg).findall(f".//{NS}rect[@class='box']"))


def test_a_diagram_has_a_box_for_every_input_and_output_of_the_actual_input():
    svg = V.type_diagram("many_to_one", ["the", "story", "was", "not", "bad"], ["positive"], "t")
    texts = boxes(svg)
    assert texts[:3] == ["t", "h1", "the"] and "positive" in texts and "h5" in texts and "h6" not in texts
    assert rects(svg) == 5 + 5 + 1  # five states, five inputs, one output
    delayed = V.type_diagram("many_to_many", ["i", "love", "you"], ["나는", "너를", "사랑해"], "t")
    assert rects(delayed) == 6 + 3 + 3
    heads = parse(delayed).findall(f".//{NS}polygon")
    assert (
        len(heads) == len(parse(delayed).findall(f".//{NS}line")) == 5 + 3 + 3
    )  # state, input, output arrows


def test_a_long_input_is_drawn_with_an_ellipsis_and_long_words_cut_with_their_tooltip():
    words = [f"w{i}" for i in range(30)]
    texts = boxes(V.type_diagram("synchronized", words, words, "t"))
    assert "…" in texts and "w0" in texts and "w29" in texts and "w15" not in texts
    long = "extraordinarily"
    (cut,) = [el for el in parse(V.type_diagram("synchronized", [long] * 12, ["NOUN"] * 12, "t")).iter(f"{NS}text")
              if el.find(f"{NS}title") is not None][:1]  # fmt: skip
    assert cut.text.endswith("…") and long.startswith(cut.text[:-1]) and cut.find(f"{NS}title").text == long


def test_user_text_in_a_diagram_is_escaped():
    svg = V.type_diagram("many_to_one", ["<b>x</b>"], ["positive"], "<i>t</i>")
    assert "<b>x</b>" in boxes(svg) and "<i>t</i>" in boxes(svg)  # shown as text...
    assert "<b>" not in svg and "<i>" not in svg  # ...never as markup


def test_the_five_panel_picture_names_every_type_in_both_languages_and_no_text_overlaps():
    for lang in ("en", "ko"):
        lab = labels(lang, "io.viz")
        svg = V.all_types_svg(lab, "t")
        root, texts = parse(svg), " ".join(boxes(svg))
        for kind in io_types.TYPES:
            assert lab[kind] in texts and lab[kind + "_example"] in texts
        for row in ("bold", None):  # the panels' names, then their examples: each clear of its neighbours
            spans = sorted(
                (float(el.get("x")) - w / 2, float(el.get("x")) + w / 2)
                for el in root.iter(f"{NS}text")
                if el.get("font-weight") == row and (w := text_width(el.text, float(el.get("font-size")))) and
                el.text in {lab[k + ("" if row else "_example")] for k in io_types.TYPES}
            )  # fmt: skip
            assert len(spans) == 5 and spans[0][0] >= 0 and spans[-1][1] <= diagram.W
            assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), spans


def test_the_word_by_word_line_and_the_tags_heatmap(sentiment, tagger):
    wbw = io_types.prediction_by_word(sentiment, "the story was not bad", ("positive", "negative"))
    root = ET.fromstring(V.word_by_word_svg(wbw, L, "t"))
    points = [
        el for el in root.iter() if el.get("class") == "point"
    ]  # one per word, its value in its tooltip
    tips = [el.find(f"{NS}title").text for el in points]
    assert len(points) == 5 and tips[-1] == f"5 · bad\nP({L['positive']}) = {wbw.probs[-1, 0]:.1%}"
    assert [el.tag == f"{NS}circle" for el in points] == [
        bool(v >= 0.5) for v in wbw.probs[:, 0]
    ]  # ■ below 50%
    assert (
        "5 · bad" in [el.text for el in root.iter(f"{NS}text")]
        and root.find(f".//{NS}line[@class='guide']") is not None
    )
    tbw = io_types.tags_by_word(tagger.trace("i watch the play"), tagger.tgt_vocab, TAGS)
    heat = V.tags_figure(tbw, L, "t").to_dict()
    go.Figure(heat)
    assert heat["data"][0]["y"] == list(TAGS) and heat["data"][0]["x"][1] == "2 · watch"
    marks = heat["data"][0]["text"]
    assert marks[TAGS.index("VERB")][1] == "●" and sum(row.count("●") for row in marks) == 4
