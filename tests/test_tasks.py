"""The generated data: grammar and particles, alignments, splits, dates and symbol tasks."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from s2s_core.tasks import TASKS, Pair, Splits, dates, en_ko, get_task, symbols
from s2s_core.text import MAX_TOKENS, TOKENIZERS, tokenize


def everything(splits: Splits) -> tuple[Pair, ...]:
    return splits.train + splits.valid + splits.test


@pytest.fixture(scope="module")
def generated():
    """generated(name, seed) -> Splits, each generated once per test module (generation takes ~0.2 s)."""
    cache: dict[tuple[str, int], Splits] = {}

    def get(name: str, seed: int = 0) -> Splits:
        if (name, seed) not in cache:
            cache[name, seed] = get_task(name).generate(seed)
        return cache[name, seed]

    return get


@pytest.fixture(scope="module")
def enko(generated) -> Splits:
    return generated("en-ko")


@pytest.fixture(scope="module")
def koen(generated) -> Splits:
    return generated("ko-en")


@pytest.fixture(scope="module")
def enko_dict(enko) -> dict[str, str]:
    return {p.src: p.tgt for p in everything(enko)}


# --- registry ---------------------------------------------------------------------------------------------


def test_registry_names_tokenizers_and_defaults():
    assert set(TASKS) == {"en-ko", "ko-en", "dates", "copy", "reverse", "sort"}
    for name, task in TASKS.items():
        assert task.name == name and get_task(name) is task
        assert task.src_tokenizer in TOKENIZERS and task.tgt_tokenizer in TOKENIZERS
        assert task.examples
    assert get_task("en-ko").examples[0] == "I love you"
    assert get_task("ko-en").examples[0] == "나는 학교에 갔다"
    assert get_task("dates").examples[0] == "March 5, 2021"
    assert [t.name for t in TASKS.values() if not t.has_alignment] == ["dates"]


def test_unknown_task_is_a_value_error_naming_the_choices():
    with pytest.raises(ValueError, match="en-ko.*sort"):
        get_task("fr-en")


@pytest.mark.parametrize("name", sorted(TASKS))
def test_generation_is_deterministic_in_the_seed(name, generated):
    assert get_task(name).generate(0) == generated(name, 0)
    assert generated(name, 1).test != generated(name, 0).test


# --- Korean particles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, expected",
    [
        ("사과", False),
        ("빵", True),
        ("선생님", True),
        ("나", False),
        ("책", True),
        ("내 친구", False),
        ("물", True),
    ],
)
def test_has_batchim(word, expected):
    assert en_ko.has_batchim(word) is expected


@pytest.mark.parametrize("word", ["", "apple", "ㅂ", "사과!"])
def test_has_batchim_rejects_words_not_ending_in_a_syllable(word):
    with pytest.raises(ValueError):
        en_ko.has_batchim(word)


def test_particles_follow_the_batchim():
    assert en_ko.with_object("사과") == "사과를" and en_ko.with_object("빵") == "빵을"
    assert en_ko.with_topic("선생님") == "선생님은" and en_ko.with_topic("나") == "나는"
    assert en_ko.with_place("집") == "집에" and en_ko.with_place("학교") == "학교에"


# --- en-ko grammar ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "english, korean",
    [
        ("i love you", "나는 너를 사랑해"),  # the seed's example, exactly
        ("i will eat apples", "나는 사과를 먹을 거야"),
        ("he didn't go to school", "그는 학교에 안 갔어"),
        ("we went home", "우리는 집에 갔어"),
        ("he loves you", "그는 너를 사랑해"),
        ("he doesn't love you", "그는 너를 안 사랑해"),
        ("he will love you", "그는 너를 사랑할 거야"),
        ("he didn't love you", "그는 너를 안 사랑했어"),
        ("she won't like coffee", "그녀는 커피를 안 좋아할 거야"),
        ("she ate bread", "그녀는 빵을 먹었어"),
        ("they drank water", "그들은 물을 마셨어"),
        ("my friend met the teacher", "내 친구는 선생님을 만났어"),
        ("the student listens to music", "학생은 음악을 들어"),
        ("the student listened to songs", "학생은 노래를 들었어"),
        ("dad watches movies", "아빠는 영화를 봐"),
        ("mom watched dramas", "엄마는 드라마를 봤어"),
        ("i studied english", "나는 영어를 공부했어"),
        ("the child studies math", "아이는 수학을 공부해"),
        ("we don't study korean", "우리는 한국어를 공부 안 해"),
        ("they won't study korean", "그들은 한국어를 공부 안 할 거야"),
        ("the teacher goes to the library", "선생님은 도서관에 가"),
        ("mom won't come home", "엄마는 집에 안 올 거야"),
        ("you came to seoul", "너는 서울에 왔어"),
        ("i read books", "나는 책을 읽어"),  # present reading kept; see en_ko docstring
        ("he read books", "그는 책을 읽었어"),
        ("he reads letters", "그는 편지를 읽어"),
        ("the child likes cats", "아이는 고양이를 좋아해"),
    ],
)
def test_en_ko_translations(enko_dict, english, korean):
    assert enko_dict.get(english) == korean


def test_en_ko_leaves_out_nonsense(enko_dict):
    sources = set(enko_dict)
    for bad in (
        "i love me",
        "we meet us",
        "we meet me",
        "i love us",
        "you like you",
        "he loves him",
        "she met her",
    ):
        assert bad not in sources
    assert not any("to home" in s for s in sources)
    for odd in (
        "i eat books",
        "i drink bread",
        "i meet apples",
        "i read music",
        "i love coffee",
        "i go to apples",
    ):
        assert odd not in sources
    assert "we go home" in sources and "i went to school" in sources


def test_subject_verb_agreement_everywhere(enko_dict):
    """A third-person singular subject takes -s in the present affirmative, "doesn't" in the negative."""
    third = {s.en for s in en_ko.SUBJECTS if s.third_singular}
    pasts = {v.en_past.split()[0] for v in en_ko.VERBS}
    for sentence in enko_dict:
        subject = next(s.en for s in en_ko.SUBJECTS if sentence.startswith(s.en + " "))
        verb = sentence[len(subject) :].split()[0]
        if subject in third:
            assert verb in {"doesn't", "didn't", "will", "won't"} | pasts or verb.endswith("s"), sentence
        else:
            assert verb != "doesn't" and not verb.endswith("s"), sentence


def test_en_ko_english_is_lowercase_and_tokenizes_as_built(enko):
    for p in everything(enko):
        assert p.src == p.src.lower()
        assert tokenize(p.src, "en") == p.src.split()
        assert tokenize(p.tgt, "ko") == p.tgt.split()


def test_each_source_has_one_reference(enko, koen):
    for splits in (enko, koen):
        sources = Counter(p.src for p in everything(splits))
        assert sources.most_common(1)[0][1] == 1


# --- alignments -------------------------------------------------------------------------------------------


def assert_valid_alignment(pair: Pair, src_kind: str, tgt_kind: str, korean_side: int):
    n_src, n_tgt = len(tokenize(pair.src, src_kind)), len(tokenize(pair.tgt, tgt_kind))
    assert all(0 <= i < n_src and 0 <= j < n_tgt for i, j in pair.possible)
    assert set(pair.sure) <= set(pair.possible)
    n_korean = (n_src, n_tgt)[korean_side]
    assert sorted(link[korean_side] for link in pair.sure) == list(range(n_korean)), pair  # one link each


def test_en_ko_alignments_are_valid(enko):
    for p in everything(enko):
        assert_valid_alignment(p, "en", "ko", korean_side=1)


def test_ko_en_alignments_are_valid(koen):
    for p in everything(koen):
        assert_valid_alignment(p, "ko", "en", korean_side=0)


def links(pair: Pair, which: str) -> set[tuple[str, str]]:
    en, ko = tokenize(pair.src, "en"), tokenize(pair.tgt, "ko")
    return {(en[i], ko[j]) for i, j in getattr(pair, which)}


def test_alignment_of_the_seed_example(enko):
    pair = next(p for p in enko.train if p.src == "i love you")
    assert pair.sure == pair.possible == ((0, 0), (1, 2), (2, 1))


def test_alignment_of_function_words(enko):
    pairs = {p.src: p for p in everything(enko)}
    future = pairs["the teacher won't listen to songs"]  # 선생님은 노래를 안 들을 거야
    assert links(future, "sure") == {
        ("teacher", "선생님은"),
        ("won't", "안"),
        ("won't", "거야"),
        ("listen", "들을"),
        ("songs", "노래를"),
    }
    # inside a phrase every link is possible: "won't listen to" / "안 들을 거야" translate as a unit
    verb_phrase = {(e, k) for e in ("won't", "listen", "to") for k in ("안", "들을", "거야")}
    assert links(future, "possible") - links(future, "sure") == {("the", "선생님은")} | (
        verb_phrase - links(future, "sure")
    )
    assert ("songs", "들을") not in links(future, "possible")  # but never across phrases
    place = pairs["my friend didn't go to school"]  # 내 친구는 학교에 안 갔어
    assert {
        ("my", "내"),
        ("friend", "친구는"),
        ("didn't", "안"),
        ("go", "갔어"),
        ("school", "학교에"),
    } == links(place, "sure")
    assert {("to", "학교에"), ("didn't", "갔어"), ("go", "안"), ("friend", "내")} <= links(place, "possible")
    study = pairs["we don't study korean"]  # 우리는 한국어를 공부 안 해
    assert {("study", "공부"), ("don't", "안"), ("study", "해")} <= links(study, "sure")


# --- splits -----------------------------------------------------------------------------------------------


def test_seed_examples_stay_in_train():
    for seed in range(5):
        train, _, _ = en_ko.split_combinations(seed)
        assert ("i", "love", "you") in train and ("i", "go", "to school") in train


def test_seed_sentences_in_train(enko, koen):
    assert ("i love you", "나는 너를 사랑해") in {(p.src, p.tgt) for p in enko.train}
    assert ("나는 학교에 갔다", "i went to school") in {(p.src, p.tgt) for p in koen.train}


def test_test_combinations_are_unseen_but_their_words_are_not(enko):
    train, valid, test = en_ko.split_combinations(0)
    assert not (train & test or train & valid or valid & test)
    assert train | valid | test == {(s.en, v.en, o.en) for s, v, o in en_ko.combinations()}
    assert 0.06 < len(test) / len(train | valid | test) < 0.10
    assert {verb for _, verb, _ in test} == {v.en for v in en_ko.VERBS}  # stratified: every verb is tested
    assert en_ko.split_combinations(1)[2] != test

    assert not {p.src for p in enko.test} & {p.src for p in enko.train}
    train_words = {w for p in enko.train for w in p.src.split() + p.tgt.split()}
    for p in enko.test + enko.valid:
        assert set(p.src.split() + p.tgt.split()) <= train_words, p


def _bare(pairs):
    """Pairs without the copies that end in "." or "!" (see tasks.with_end_marks)."""
    return [p for p in pairs if not p.src.endswith((" .", " !"))]


def test_ko_en_uses_the_same_split_and_both_styles(enko, koen):
    assert {p.src for p in _bare(enko.test)} == {p.tgt for p in _bare(koen.test)}
    assert len(_bare(koen.train)) == 2 * len(en_ko.split_sentences(0)[0])  # every sentence in 해체 and 한다체
    transposed = {(p.tgt, p.src, tuple(sorted((j, i) for i, j in p.sure))) for p in _bare(everything(enko))}
    assert transposed <= {(p.src, p.tgt, p.sure) for p in everything(koen)}


def test_end_marks_are_their_own_aligned_tokens(enko):
    from s2s_core.text import tokenize

    marked = [p for p in enko.train if p.src.endswith((" .", " !"))]
    assert 0.15 < len(marked) / len(_bare(enko.train)) < 0.35
    for p in marked[:200]:
        src, tgt = tokenize(p.src, "en"), tokenize(p.tgt, "ko")
        assert src[-1] == tgt[-1] in (".", "!")
        assert (len(src) - 1, len(tgt) - 1) in p.sure


@pytest.mark.parametrize(
    "korean, english",
    [
        ("나는 너를 사랑한다", "i love you"),
        ("나는 사과를 먹는다", "i eat apples"),
        ("나는 학교에 간다", "i go to school"),
        ("나는 학교에 갔다", "i went to school"),
        ("나는 사과를 먹었다", "i ate apples"),
        ("나는 사과를 먹을 것이다", "i will eat apples"),
        ("나는 사과를 먹을 거야", "i will eat apples"),
        ("나는 한국어를 공부한다", "i study korean"),
        ("나는 한국어를 공부 안 한다", "i don't study korean"),
        ("나는 사과를 안 먹는다", "i don't eat apples"),
        ("그는 음악을 듣는다", "he listens to music"),
        ("나는 책을 읽었어", "i read books"),
        ("그녀는 영화를 본다", "she watches movies"),
    ],
)
def test_ko_en_accepts_both_styles(koen, korean, english):
    assert {p.src: p.tgt for p in everything(koen)}[korean] == english


@pytest.mark.parametrize("task", ["en-ko", "ko-en"])
def test_examples_are_sentences_of_the_grammar(task, enko, koen):
    spec, splits = get_task(task), (enko if task == "en-ko" else koen)
    sources = {p.src for p in everything(splits)}
    vocab = {t for p in splits.train for t in tokenize(p.src, spec.src_tokenizer)}
    for example in spec.examples:
        tokens = tokenize(example, spec.src_tokenizer)
        assert " ".join(tokens) in sources and set(tokens) <= vocab, example


# --- dates ------------------------------------------------------------------------------------------------

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAYS_KO = ("월", "화", "수", "목", "금", "토", "일")


def read_date(text: str) -> tuple[date, int | None]:
    """An independent reading of the generated inputs: (the date, the weekday it names or None)."""
    text = text.lower()
    numbers = re.findall(r"\d+", text)
    words = [w[:3] for w in re.findall(r"[a-z]+", text)]
    months = [w for w in words if w in _MONTHS]
    if "년" in text:
        year, month, day = numbers[:3]
    elif months:
        (day, year), month = numbers, str(_MONTHS.index(months[0]) + 1)
    elif len(numbers[0]) == 4:
        year, month, day = numbers
    else:
        month, day, year = numbers  # US order
    full_year = int(year) if len(year) == 4 else (2000 if int(year) < 50 else 1900) + int(year)
    weekday = next((_DAYS_EN.index(w) for w in words if w in _DAYS_EN), None)
    if (match := re.search(r"(.)요일", text)) is not None:
        weekday = _DAYS_KO.index(match.group(1))
    return date(full_year, int(month), int(day)), weekday


def test_date_formats_write_their_own_example():
    for example, write in dates.FORMATS:
        assert write(date(2021, 3, 5)) == example


def test_two_digit_years():
    short = dict(dates.FORMATS)["5 Mar 21"]
    assert short(date(2049, 12, 31)) == "31 Dec 49"
    assert short(date(1950, 1, 1)) == "1 Jan 50"
    assert read_date("1 Jan 50")[0] == date(1950, 1, 1) and read_date("99년 1월 2일")[0] == date(1999, 1, 2)
    assert dict(dates.FORMATS)["3/5/21"](date(2005, 11, 3)) == "11/3/05"


def test_dates_parse_back_to_their_target_with_the_right_weekday(generated):
    splits = generated("dates")
    assert (len(splits.train), len(splits.valid), len(splits.test)) == dates.SIZES
    weekdays = 0
    for p in everything(splits):
        day, weekday = read_date(p.src)
        assert p.tgt == day.isoformat() and re.fullmatch(r"\d{4}-\d\d-\d\d", p.tgt), p
        assert date(1950, 1, 1) <= day <= date(2049, 12, 31)
        if weekday is not None:
            weekdays += 1
            assert weekday == day.weekday(), p
        assert len(p.src) <= MAX_TOKENS  # the char tokenizer makes one token per character
    assert weekdays > 0.1 * len(everything(splits))
    test_days = {p.tgt for p in splits.test}
    assert not test_days & {p.tgt for p in splits.train} and not test_days & {p.tgt for p in splits.valid}
    assert any(p.src.islower() and "," in p.src for p in splits.train)  # "mar 5, 2021"
    assert any("년" in p.src for p in splits.test) and any("/" in p.src for p in splits.test)


# --- copy, reverse, sort ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["copy", "reverse", "sort"])
def test_symbol_tasks(name, generated):
    splits = generated(name)
    assert (len(splits.train), len(splits.valid), len(splits.test)) == symbols.SIZES
    assert all(tokenize(p.src, "symbol") == p.src.split() for p in splits.test)
    for p in everything(splits):
        src, tgt = p.src.split(), p.tgt.split()  # the same as tokenize(..., "symbol"), but much faster
        assert set(src) <= set(symbols.SYMBOLS) and 1 <= len(src) <= symbols.MAX_LENGTH
        expected = {"copy": src, "reverse": src[::-1], "sort": sorted(src, key=symbols.SYMBOLS.index)}[name]
        assert tgt == expected
        assert p.sure == p.possible and sorted(i for i, _ in p.sure) == sorted(j for _, j in p.sure) == list(
            range(len(src))
        )
        assert all(src[i] == tgt[j] for i, j in p.sure)
        if name == "sort":  # stable: equal symbols keep their order
            by_target = [i for i, _ in sorted(p.sure, key=lambda link: link[1])]
            assert all(a < b for a, b in zip(by_target, by_target[1:]) if src[a] == src[b])
    train = {p.src for p in splits.train}
    assert not train & {p.src for p in splits.test} and not train & {p.src for p in splits.valid}
    lengths = Counter(len(p.src.split()) for p in splits.test)
    assert set(lengths) == set(range(1, 31))
    assert max(lengths.values()) - min(n for length, n in lengths.items() if length > 1) <= 2


def test_symbol_examples_use_the_symbols():
    for task in (symbols.COPY, symbols.REVERSE, symbols.SORT):
        assert all(set(tokenize(e, "symbol")) <= set(symbols.SYMBOLS) for e in task.examples)
