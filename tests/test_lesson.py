"""The lesson's questions are computed from the live models (never typed), and its handout is one
self-contained, escaped HTML file."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from s2s_core import lesson, pretrained
from s2s_core.tasks import get_task
from viz import handout


@pytest.fixture(scope="module")
def translator():
    return pretrained.load("en-ko/gru-bi-2l-additive")


def test_the_seed_sentence_asks_what_the_model_really_does(translator):
    tr = translator.trace("I love you")
    q = lesson.output_length(tr)
    assert q.right == "3" and len(q.options) == 4 and q.options == tuple(sorted(q.options, key=int))
    q = lesson.next_token(tr, 1)  # after 나는
    assert (
        q.facts["prefix"] == "나는" and q.right == "너를" and set(q.options) <= set(tr.decoder.topk_tokens[1])
    )
    step = lesson.last_word_step(tr.output_tokens)
    q = lesson.attended_word(tr.decoder.attention_weights, tr.source.shown, step, tr.output_tokens[step])
    assert q.facts["word"] == "사랑해" and q.right == "love"
    assert lesson.state_count(tr).right == "3"


def test_another_sentence_changes_the_right_answer(translator):
    a, b = translator.trace("I love you"), translator.trace("my friend will not drink coffee")
    qa, qb = lesson.output_length(a), lesson.output_length(b)
    assert qa.right != qb.right and qa.id != qb.id
    assert qb.right == str(len(b.output_tokens))


def test_the_bottleneck_question_reads_both_reverse_models():
    src = get_task("reverse").fresh(25, random.Random(0)).src.split()
    none = pretrained.load("reverse/gru-bi-1l-none").trace(" ".join(src))
    att = pretrained.load("reverse/gru-bi-1l-additive").trace(" ".join(src))
    q = lesson.bottleneck(src, none.output_tokens, att.output_tokens, none.context.vector.shape[0])
    exact = list(none.output_tokens) == src[::-1]
    assert q.keyed and q.right == ("yes" if exact else "no")
    assert q.facts["right_att"] == lesson.correct_positions(src[::-1], att.output_tokens)
    # a made-up output: the answer follows it
    assert lesson.bottleneck(src, src[::-1], src[::-1], 8).right == "yes"


def test_the_copy_models_own_output_is_the_answer_whatever_it_is():
    q = lesson.copy_output(list("abc"), list("abd"))
    assert q.right == "a b d" and "c b a" in q.options and not q.facts["exact"]


def test_bidirectional_outcome_follows_the_measured_influence():
    zero, some = np.zeros(1), np.array([0.3])
    assert lesson.later_words_matter(zero, some, "학교에", ["갔다"]).right == "bi_only"
    assert lesson.later_words_matter(some, some, "학교에", ["갔다"]).right == "both"


def test_vanishing_picks_the_nearest_power_and_weakest_cell_the_least():
    assert lesson.vanishing(-5.4, "rnn", 4, 30).right == "100,000"
    assert lesson.vanishing(-0.2, "gru", 1, 30).right == "10"
    assert lesson.weakest_cell({"rnn": -8.2, "lstm": -6.5, "gru": -6.0}, 30).right == "RNN"


def test_repeated_input_words_are_told_apart():
    w = np.array([[0.1, 0.2, 0.7]])
    q = lesson.attended_word(w, ["a", "b", "a"], 0, "x")
    assert q.right == "a (3)" and "a (1)" in q.options


def test_score_counts_only_answers_to_the_current_questions():
    q1 = lesson.copy_output(list("ab"), list("ab"))
    q2 = lesson.copy_output(list("cd"), list("cd"))
    answers = {"concepts": (q1.id, True), "other": ("x", False)}
    assert lesson.score(answers, {"concepts": q1}) == (1, 1)
    assert lesson.score(answers, {"concepts": q2}) == (0, 0)


def test_the_same_question_always_shows_the_same_order_and_the_right_one_moves():
    qs = [lesson.reply(m, {"a": "1", "b": "2", "c": "3", "d": "4"}) for m in "abcd"]
    assert qs[0].options == lesson.reply("a", {"a": "1", "b": "2", "c": "3", "d": "4"}).options
    assert len({q.answer for q in qs}) > 1


def test_the_handout_is_self_contained_and_escapes_user_text():
    hostile = '<script>alert(1)</script> "x" **b**'
    sec = handout.Section(
        title="Step", note="**bold** and `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote\n\n* one\n* two",
        question=f"Q {hostile}", options=(hostile, "b"), answer="A", why="W",
        figures=(handout.heatmap_svg(np.eye(2), ["<eos>", "b"], ["x", "y"], "T"),
                 handout.bars_svg(["<unk>", "b"], [0.5, 0.25], "B")),
    )  # fmt: skip
    doc = handout.document("en", "Title", ["Sentence: " + hostile], [sec])
    assert "<script" not in doc.lower() and "&lt;script&gt;" in doc
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", doc) and "<link" not in doc
    assert "@page { size: A4" in doc and "<table>" in doc and "<strong>bold</strong>" in doc
    assert "<blockquote>" in doc and doc.count("<li>") >= 4 and doc.count("<svg") == 2
    assert "&lt;eos&gt;" in doc and "&lt;unk&gt;" in doc
