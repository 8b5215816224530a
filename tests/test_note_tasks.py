"""The tasks of the note's other rows (issue 11): sentiment (many-to-one), tagging (synchronized
many-to-many), chatbot and summarization. Each generator keeps the rule its docstring states, and the
shipped model answers the examples the app offers, with no unknown word among them."""

from __future__ import annotations

import random

import pytest

from s2s_core import pretrained
from s2s_core.tasks import get_task, sentiment, summarization, tagging
from s2s_core.text import UNK_ID, tokenize

NOTE_TASKS = ("sentiment", "tagging", "chatbot", "summarization")


@pytest.fixture(scope="module")
def splits():
    return {name: get_task(name).generate(0) for name in NOTE_TASKS}


@pytest.mark.parametrize("name", NOTE_TASKS)
def test_no_test_input_occurs_in_train(name, splits):
    sp = splits[name]
    assert sp.test and sp.valid and sp.train
    assert not {p.src for p in sp.train} & {p.src for p in sp.test}


def test_sentiment_labels_are_balanced_and_follow_negation_and_contrast(splits):
    sp = splits["sentiment"]
    for part in (sp.train, sp.test):
        positive = sum(p.tgt == "positive" for p in part)
        assert abs(positive - len(part) / 2) <= 1
    good, bad = set(sentiment.GOOD_EN), set(sentiment.BAD_EN)

    def polarity(clause: str) -> bool | None:  # an independent reading of a simple English clause
        words = clause.split()
        if words[0] == "i" or not (set(words) & (good | bad)):
            return None
        positive = bool(set(words) & good)
        return not positive if "not" in words else positive

    checked = 0
    for p in sp.train:
        if " but " in p.src and p.src.isascii():
            second = polarity(p.src.split(" but ")[1])
            if second is not None:
                assert (p.tgt == "positive") == second, p
                checked += 1
    assert checked > 1000
    # Korean too: "-지만" hands the verdict to the second clause
    pairs = {p.src: p.tgt for p in sp.train + sp.valid + sp.test}
    assert any("지만" in s and not s.isascii() for s in pairs)


def test_tagging_gives_one_known_tag_per_word_and_keeps_ambiguous_words_ambiguous(splits):
    tags_of: dict[str, set[str]] = {}
    for p in splits["tagging"].train:
        words, tags = tokenize(p.src, "en"), p.tgt.split()
        assert len(words) == len(tags) and set(tags) <= set(tagging.TAGS)
        assert p.sure == tuple((i, i) for i in range(len(words)))
        for w, t in zip(words, tags):
            tags_of.setdefault(w, set()).add(t)
    for word in ("watch", "play", "book", "cook", "run"):  # only the context tells
        assert {"NOUN", "VERB"} <= tags_of[word], word
    assert {"ADP", "PART"} <= tags_of["to"]


def test_chatbot_replies_in_the_language_of_the_message(splits):
    def korean(s: str) -> bool:
        return any("\uac00" <= ch <= "\ud7a3" for ch in s)

    for p in splits["chatbot"].train + splits["chatbot"].test:
        assert korean(p.src) == korean(p.tgt), p


def test_summaries_copy_the_aligned_source_words_and_test_cores_are_new(splits):
    sp = splits["summarization"]
    for p in sp.train[:2000] + sp.test:
        src, tgt = p.src.split(), p.tgt.split()
        assert len(tgt) == 5 and len(src) >= 6
        assert [src[i] for i, _ in sorted(p.sure, key=lambda link: link[1])] == tgt
    core = lambda p: (p.tgt.split()[1], p.tgt.split()[2], p.tgt.split()[4])  # noqa: E731
    assert not {core(p) for p in sp.train} & {core(p) for p in sp.test}
    rng = random.Random(0)
    p = summarization.sentence(("the", "teacher", "read", "a", "book"), rng)
    assert p.tgt == "the teacher read a book"


EXPECTED = {  # what the app's examples must give with the shipped model
    "sentiment": ["positive", "positive", "negative", "positive", "negative", "positive"],
    "tagging": [
        "PRON VERB DET NOUN",
        "DET NOUN VERB ADP DET NOUN",
        "PRON VERB PART VERB ADP DET NOUN",
        "DET NOUN AUX VERB DET NOUN",
        "DET NOUN AUX PART VERB DET NOUN PUNCT",
    ],
    "summarization": [
        "the teacher read a book",
        "the girl painted a flower",
        "my dog found a ball",
        "our chef cooked a cake",
    ],
    "chatbot": [
        "hi ! how are you ?",
        "it looks sunny today .",
        "you should get some rest .",
        "nice to meet you , minsu !",
        "안녕 ! 잘 지냈어 ?",
        "오늘은 푹 쉬어 .",
        "kimchi is delicious !",
        "you are welcome !",
    ],
}


@pytest.mark.parametrize("name", NOTE_TASKS)
def test_the_shipped_model_answers_the_offered_examples_and_meets_its_target(name):
    model = pretrained.load(pretrained.DEFAULTS[name])
    examples = get_task(name).examples
    for text in examples:
        ids = model.src_vocab.encode(tokenize(text, model.cfg.src_tokenizer))
        assert UNK_ID not in ids, text  # the app offers it: no unknown word
    got = [" ".join(out) for out in model.translate(list(examples))]
    assert got == EXPECTED[name]
    metrics = pretrained.read_manifest()["models"][pretrained.DEFAULTS[name]]["metrics"]
    assert metrics["exact_match"] >= 0.9
