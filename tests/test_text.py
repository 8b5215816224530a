"""Normalization and tokenization: properties (hypothesis) and the cases users hit."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from s2s_core.text import (
    _INVISIBLE as INVISIBLE,
)
from s2s_core.text import (
    MAX_CHARS,
    MAX_TOKENS,
    SPACE,
    UNK_ID,
    InputError,
    Vocab,
    detokenize,
    edit_distance,
    normalize,
    prepare,
    replace_word,
    suggest,
    suggestions,
    tokenize,
)

KINDS = ["en", "ko", "char", "symbol"]
any_text = st.text(max_size=120)


@given(any_text)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(any_text)
def test_normalize_is_nfc_and_has_no_invisible_characters(text):
    out = normalize(text)
    assert unicodedata.is_normalized("NFC", out)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in out)
    assert out == out.strip() and "  " not in out


def _normalize_char_by_char(text: str) -> str:
    """normalize() without its fast path for printable text: every character looked at."""
    kept = []
    for ch in unicodedata.normalize("NFC", text[:MAX_CHARS]):
        cat = unicodedata.category(ch)
        if ch in INVISIBLE or cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            kept.append(" " if ch in "\t\n\r\v\f" or cat in ("Zl", "Zp") else "")
        else:
            kept.append(" " if cat == "Zs" else ch)
    return " ".join("".join(kept).split())


@settings(max_examples=300)
@given(st.one_of(any_text, st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
                 st.text("abc 가나다\u00a0\u3000\u200b\u3164\t", max_size=40)))  # fmt: skip
def test_normalize_fast_path_changes_nothing(text):
    """Printable text takes a shortcut (training normalizes ~15k pairs per run): the same result."""
    assert normalize(text) == _normalize_char_by_char(text)


@settings(max_examples=200)
@given(any_text, st.sampled_from(KINDS))
def test_no_token_is_empty_or_contains_space(text, kind):
    for tok in tokenize(text, kind):
        assert tok and " " not in tok


@given(st.lists(st.sampled_from(["i", "love", "you", "he", "apples", "don't"]), min_size=1, max_size=10))
def test_round_trip_on_known_words(words):
    vocab = Vocab.build([["i", "love", "you", "he", "apples", "don't"]])
    tokens, ids, unknown = prepare(" ".join(words), "en", vocab)
    assert tokens == words and not any(unknown)
    assert vocab.decode(ids) == words
    assert detokenize(tokens, "en") == " ".join(words)


@given(st.lists(st.sampled_from(["나는", "너를", "사랑해", "학교에", "갔다"]), min_size=1, max_size=8))
def test_korean_round_trip(words):
    assert tokenize(" ".join(words), "ko") == words
    assert detokenize(words, "ko") == " ".join(words)


def test_seed_examples_tokenize_as_the_note_shows():
    assert tokenize("I love you", "en") == ["i", "love", "you"]
    assert tokenize("나는 너를 사랑해", "ko") == ["나는", "너를", "사랑해"]
    assert tokenize("나는 학교에 갔다", "ko") == ["나는", "학교에", "갔다"]


def test_punctuation_is_split_and_reattached():
    assert tokenize("I love you.", "en") == ["i", "love", "you", "."]
    assert tokenize("나는 너를 사랑해!", "ko") == ["나는", "너를", "사랑해", "!"]
    assert detokenize(["i", "love", "you", "."], "en") == "i love you."


def test_zero_width_and_control_characters_are_removed():
    assert normalize("I\u200b love\u0000 you\ufeff") == "I love you"
    assert tokenize("나는\u200d 너를\t사랑해\n", "ko") == ["나는", "너를", "사랑해"]


def test_nfc_not_nfkc_keeps_hangul_intact():
    decomposed = unicodedata.normalize("NFD", "사랑해")
    assert normalize(decomposed) == "사랑해"
    # NFKC would turn the full-width "Ａ" into "A"; NFC keeps the character the user typed.
    assert normalize("Ａ") == "Ａ"


def test_character_tokenizers():
    assert tokenize("5 Mar", "char") == ["5", SPACE, "M", "a", "r"]
    assert detokenize(["5", SPACE, "M"], "char") == "5 M"
    assert tokenize("3 a 9", "symbol") == ["3", "a", "9"]


def test_unknown_words_become_unk_and_are_flagged():
    vocab = Vocab.build([["i", "love", "you"]])
    tokens, ids, unknown = prepare("I love pizza", "en", vocab)
    assert tokens == ["i", "love", "pizza"]
    assert ids[2] == UNK_ID and unknown == [False, False, True]


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "\x00\x01"])
def test_empty_input_is_a_clear_error(text):
    with pytest.raises(InputError) as e:
        prepare(text, "en", Vocab.build([]))
    assert e.value.key == "empty"


def test_too_long_input_is_a_clear_error():
    with pytest.raises(InputError) as e:
        prepare("you " * (MAX_TOKENS + 1), "en", Vocab.build([["you"]]))
    assert e.value.key == "too_long" and e.value.params["limit"] == MAX_TOKENS


def test_huge_input_is_cut_before_processing():
    assert len(normalize("a" * 10_000_000)) <= 400


def test_vocab_rejects_bad_tables():
    with pytest.raises(ValueError):
        Vocab(("a", "b"))
    with pytest.raises(ValueError):
        Vocab(("<pad>", "<sos>", "<eos>", "<unk>", "x", "x"))


# --- unknown words: edit distance, suggestions, one-click replacement --------------------------------------
words = st.text(alphabet="abc학교에", max_size=8)


@given(words, words, words)
def test_edit_distance_is_a_metric(a, b, c):
    assert edit_distance(a, a) == 0 and edit_distance(a, b) == edit_distance(b, a)
    assert edit_distance(a, c) <= edit_distance(a, b) + edit_distance(b, c)
    assert abs(len(a) - len(b)) <= edit_distance(a, b) <= max(len(a), len(b))


@pytest.mark.parametrize(
    "a, b, d",
    [
        ("catz", "cats", 1),
        ("cat", "cats", 1),
        ("kitten", "sitting", 3),
        ("학교애", "학교에", 1),
        ("", "ab", 2),
    ],
)
def test_edit_distance_cases(a, b, d):
    assert edit_distance(a, b) == d


VOCAB = Vocab.build([["cats", "cat", "school", "love", "loves", "학교에", "학생은", "i", "a", ".", "?"]])


def test_suggest_nearest_known_words_first():
    assert suggest("catz", VOCAB) == ["cats", "cat"]  # both one edit; "cats" met first in training
    assert suggest("schol", VOCAB) == ["school"]
    assert suggest("학교애", VOCAB) == ["학교에"]
    assert suggest("lov", VOCAB, k=1) == ["love"]
    assert suggest("zebra", VOCAB) == [] and suggest("x", VOCAB) == []  # no guesses far away
    assert "<unk>" not in suggest("<unk", VOCAB) and "." not in suggest(",", VOCAB)  # never specials or marks
    assert (
        suggest("b", VOCAB) == suggest("<", VOCAB) == suggest("<>", VOCAB) == []
    )  # no guess for a character


@given(st.text(max_size=12))
def test_suggestions_are_known_and_close(word):
    for known in suggest(word, VOCAB):
        assert known in VOCAB and edit_distance(word, known) <= 3


def test_suggestions_per_unknown_word_in_input_order():
    tokens, _, unknown = prepare("I lov catz", "en", VOCAB)
    assert suggestions(tokens, unknown, VOCAB) == {"lov": ["love"], "catz": ["cats", "cat"]}


@pytest.mark.parametrize(
    "text, old, new, expected",
    [
        ("I love catz.", "catz", "cats", "I love cats."),
        ("CATZ catz", "catz", "cats", "cats catz"),  # the first one only, whatever its case
        ("I'm happpy", "happpy", "happy", "I'm happy"),
        ("scatz catz", "catz", "cats", "scatz cats"),  # whole words only
        ("나는 학교애 갔어", "학교애", "학교에", "나는 학교에 갔어"),
        ("I love you", "zebra", "cats", "I love you"),
    ],
)
def test_replace_word(text, old, new, expected):
    assert replace_word(text, old, new) == expected
