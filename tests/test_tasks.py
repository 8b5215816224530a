"""The generated data: grammar and particles, alignments, splits, dates and symbol tasks."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from s2s_core.tasks import TASKS, Pair, Splits, dates, en_ko, get_task, ko_en, lexicon, symbols
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
    assert set(TASKS) == {"en-ko", "ko-en", "dates", "copy", "reverse", "sort", "sentiment", "tagging",
                          "chatbot", "summarization", "digits", "digit-captioning", "speech",
                          "video-captioning"}  # fmt: skip
    for name, task in TASKS.items():
        assert task.name == name and get_task(name) is task
        assert task.src_tokenizer in TOKENIZERS and task.tgt_tokenizer in TOKENIZERS
        assert task.examples
    assert get_task("en-ko").examples[0] == "I love you"
    assert get_task("ko-en").examples[0] == "나는 학교에 갔다"
    assert get_task("dates").examples[0] == "March 5, 2021"
    no_alignment = [
        "dates",
        "sentiment",
        "chatbot",
        "digits",
        "digit-captioning",
        "speech",
        "video-captioning",
    ]
    assert [t.name for t in TASKS.values() if not t.has_alignment] == no_alignment


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


# --- the wider grammar: copula, adjectives, time, questions, possessives, want/can, phrases --------------


def said(subject: str, verb: str, obj: str, **form) -> tuple[str, str, str, str]:
    """(English, 해체, 한다체 or None, 해요체) of one clause of the grammar in one form, default wording."""
    clause = _CLAUSES[(subject, verb, obj)]
    s = en_ko.say(clause, en_ko.Form(**form))
    plain = " ".join(s.ko_plain) if s.ko_plain else None
    return " ".join(s.en), " ".join(s.ko), plain, " ".join(s.ko_polite)


_CLAUSES = {c.combo: c for c in en_ko.clauses()}


@pytest.mark.parametrize(
    "key, form, english, korean",
    [
        (("i", "be", "student"), {}, "i am a student", "나는 학생이야"),
        (("she", "be", "teacher"), {}, "she is a teacher", "그녀는 선생님이야"),
        (("he", "be", "doctor"), {}, "he is a doctor", "그는 의사야"),  # 야 after a vowel
        (("he", "be", "doctor"), {"negated": True}, "he is not a doctor", "그는 의사가 아니야"),
        (("i", "be", "student"), {"negated": True}, "i am not a student", "나는 학생이 아니야"),
        (("i", "be", "student"), {"tense": "past"}, "i was a student", "나는 학생이었어"),
        (("he", "be", "doctor"), {"tense": "past"}, "he was a doctor", "그는 의사였어"),
        (("they", "be", "doctor"), {}, "they are doctors", "그들은 의사야"),
        (("he", "be", "friend"), {}, "he is my friend", "그는 내 친구야"),
        (("we", "be", "friend"), {}, "we are friends", "우리는 친구야"),
        (("she", "be", "doctor"), {"tense": "future"}, "she will be a doctor", "그녀는 의사가 될 거야"),
        (("we", "be", "happy"), {"tense": "future"}, "we will be happy", "우리는 행복할 거야"),
        (("i", "be", "happy"), {"tense": "past"}, "i was happy", "나는 행복했어"),
        (("i", "be", "tired"), {"negated": True}, "i am not tired", "나는 안 피곤해"),
        (("the cat", "be", "cute"), {}, "the cat is cute", "고양이는 귀여워"),
        (("the pizza", "be", "delicious"), {}, "the pizza is delicious", "피자는 맛있어"),
        (("math", "be", "fun"), {}, "math is fun", "수학은 재미있어"),
        (("you", "be", "hungry"), {"question": True}, "are you hungry ?", "너는 배고파 ?"),
        (("she", "be", "teacher"), {"question": True}, "is she a teacher ?", "그녀는 선생님이야 ?"),
        (("i", "go", "school"), {"tense": "past", "time": "yesterday"}, "i went to school yesterday",
         "나는 어제 학교에 갔어"),
        (("i", "be", "tired"), {"time": "today"}, "i am tired today", "나는 오늘 피곤해"),
        (("you", "love", "me"), {"question": True}, "do you love me ?", "너는 나를 사랑해 ?"),
        (("he", "eat", "apples"), {"tense": "past", "question": True}, "did he eat apples ?", "그는 사과를 먹었어 ?"),
        (("you", "go", "home"), {"tense": "future", "question": True}, "will you go home ?", "너는 집에 갈 거야 ?"),
        (("i", "love", "my mom"), {}, "i love my mom", "나는 우리 엄마를 사랑해"),
        (("i", "love", "my friend"), {}, "i love my friend", "나는 내 친구를 사랑해"),
        (("she", "like", "your cat"), {}, "she likes your cat", "그녀는 네 고양이를 좋아해"),
        (("i", "eat", "bread"), {"modal": "want"}, "i want to eat bread", "나는 빵을 먹고 싶어"),
        (("she", "go", "home"), {"modal": "want"}, "she wants to go home", "그녀는 집에 가고 싶어해"),
        (("she", "go", "home"), {"modal": "want", "tense": "past"}, "she wanted to go home", "그녀는 집에 가고 싶어했어"),
        (("i", "study", "korean"), {"modal": "want"}, "i want to study korean", "나는 한국어를 공부하고 싶어"),
        (("she", "read", "books"), {"modal": "can"}, "she can read books", "그녀는 책을 읽을 수 있어"),
        (("i", "eat", "meat"), {"modal": "can", "negated": True}, "i can't eat meat", "나는 고기를 못 먹어"),
        (("i", "swim", ""), {"modal": "can", "negated": True}, "i can't swim", "나는 수영 못 해"),
        (("you", "swim", ""), {"modal": "can", "question": True}, "can you swim ?", "너는 수영할 수 있어 ?"),
        (("the cat", "eat", "fish"), {}, "the cat eats fish", "고양이는 생선을 먹어"),
        (("the baby", "sleep", ""), {"tense": "past"}, "the baby slept", "아기는 잤어"),
        (("i", "call", "mom"), {}, "i call mom", "엄마에게 전화해"),
        (("i", "visit", "busan"), {"tense": "past"}, "i visited busan", "나는 부산을 방문했어"),
        (("we", "live in", "seoul"), {}, "we live in seoul", "우리는 서울에 살아"),
        (("i", "take", "pictures"), {}, "i take pictures", "나는 사진을 찍어"),
        (("i", "play", "soccer"), {"negated": True}, "i don't play soccer", "나는 축구를 안 해"),
    ],
)  # fmt: skip
def test_wider_grammar(key, form, english, korean):
    got_en, got_ko, _, _ = said(*key, **form)
    assert got_en == english
    assert got_ko.endswith(korean) if key[1] == "call" else got_ko == korean


@pytest.mark.parametrize(
    "verb, haeche, past, plain, want",
    [
        ("listen to", "들어", "들었어", "듣는다", "듣고"),  # ㄷ irregular
        ("walk", "걸어", "걸었어", "걷는다", "걷고"),  # ㄷ irregular
        ("help", "도와", "도왔어", "돕는다", "돕고"),  # ㅂ irregular
        ("sing", "불러", "불렀어", "부른다", "부르고"),  # 르 irregular
        ("write", "써", "썼어", "쓴다", "쓰고"),  # 으 dropped
        ("make", "만들어", "만들었어", "만든다", "만들고"),  # ㄹ dropped before ㄴ
        ("live in", "살아", "살았어", "산다", "살고"),
        ("study", "공부해", "공부했어", "공부한다", "공부하고"),  # noun + 하다
        ("dance", "춤춰", "춤췄어", "춤춘다", "춤추고"),
    ],
)
def test_irregular_conjugations(verb, haeche, past, plain, want):
    v = next(v for v in lexicon.VERBS if v.en == verb)
    clause = next(c for c in en_ko.clauses() if c.kind == "verb" and c.verb is v and c.subject.key == "i")
    assert en_ko.say(clause, en_ko.Form()).ko[-1] == haeche
    assert en_ko.say(clause, en_ko.Form("past")).ko[-1] == past
    assert en_ko.say(clause, en_ko.Form()).ko_plain[-1] == plain
    if v.modal:
        assert en_ko.say(clause, en_ko.Form(modal="want")).ko[-2] == want


def test_know_says_molla_in_the_negative():
    assert said("i", "know", "him", negated=True)[:2] == ("i don't know him", "나는 그를 몰라")
    assert said("i", "know", "him", negated=True, tense="past")[1] == "나는 그를 몰랐어"


def test_particles_and_copula_follow_the_batchim():
    assert en_ko.with_subject("학생") == "학생이" and en_ko.with_subject("의사") == "의사가"
    assert en_ko.copula("학생", "present") == ("학생이야", "학생이다", "학생이에요")
    assert en_ko.copula("의사", "present") == ("의사야", "의사다", "의사예요")
    assert en_ko.copula("학생", "past")[0] == "학생이었어" and en_ko.copula("의사", "past")[0] == "의사였어"
    assert en_ko.with_dative("친구") == "친구에게"


def test_registers_of_one_sentence():
    english, haeche, plain, polite = said("i", "go", "school", tense="past")
    assert (haeche, plain, polite) == ("나는 학교에 갔어", "나는 학교에 갔다", "나는 학교에 갔어요")
    assert said("she", "be", "teacher")[2:] == ("그녀는 선생님이다", "그녀는 선생님이에요")
    assert said("i", "eat", "apples", tense="future")[2:] == (
        "나는 사과를 먹을 것이다",
        "나는 사과를 먹을 거예요",
    )
    assert said("you", "love", "me", question=True)[2:] == (
        None,
        "너는 나를 사랑해요 ?",
    )  # 한다체 asks with -니


def test_family_takes_uri_and_others_nae():
    assert said("i", "love", "my mother")[1] == "나는 우리 어머니를 사랑해"
    assert said("he", "like", "my cat")[1] == "그는 내 고양이를 좋아해"
    mom = next(np for np in en_ko.OBJECTS if np.key == "my mom")
    assert [f[0] for f in mom.forms] == [("my", "mom"), ("our", "mom")]  # both 우리 엄마


def test_time_words_agree_with_the_tense():
    for s in en_ko.sentences():
        words = set(s.en)
        if "yesterday" in words:
            assert "will" not in words and "won't" not in words and "어제" in s.ko, s
        if "tomorrow" in words and not {"can", "can't", "want", "wants"} & words:
            assert "will" in words or "won't" in words, s
        for word, (korean, _) in lexicon.TIME_WORDS.items():
            if word in words:  # in Korean right after the subject
                assert s.ko[s.ko.index(korean) - 1].endswith(("은", "는")), s


def test_questions_end_in_a_question_mark_and_front_their_auxiliary():
    questions = [s for s in en_ko.sentences() if s.ko[-1] == "?"]
    assert len(questions) > 500
    for s in questions:
        assert s.en[0] in {"do", "does", "did", "will", "can", "am", "is", "are", "was", "were"}, s
        assert s.ko_plain is None
        assert s.en[-1] == "?" or not s.default


def test_nonsense_and_self_reference_are_left_out():
    combos = {c.combo for c in en_ko.clauses()}
    assert ("he", "love", "his dad") not in combos  # Korean would need 자기
    assert ("i", "love", "my friend") in combos and ("you", "like", "your cat") in combos
    assert ("mom", "meet", "my mom") not in combos and ("my friend", "be", "friend") not in combos
    assert ("the cat", "like", "math") not in combos and ("the cat", "read", "books") not in combos
    assert ("the teacher", "be", "teacher") not in combos


def test_lexicon_has_over_300_english_word_forms():
    words = set()
    for s in en_ko.sentences() + en_ko.phrases():
        words.update(w for w in s.en if w.isalpha() or "'" in w)
    assert len(words) >= 300, len(words)


def test_every_sentence_of_the_grammar_round_trips_through_its_alignment():
    """Each Korean word has one sure link, to an English word of its own phrase, in every register."""
    for s in en_ko.sentences() + en_ko.phrases():
        assert sorted(j for _, j in s.sure) == list(range(len(s.ko))), s
        assert set(s.sure) <= set(s.possible)
        assert all(0 <= i < len(s.en) for i, _ in s.possible)
        for other in (s.ko_plain, s.ko_polite):
            assert other is None or len(other) == len(s.ko)
        pair = Pair(" ".join(s.en), " ".join(s.ko), s.sure, s.possible)
        assert tokenize(pair.src, "en") == list(s.en) and tokenize(pair.tgt, "ko") == list(s.ko)


def test_the_grammar_is_the_same_for_every_split_seed():
    assert {c.combo for c in en_ko.grammar()} == {c.combo for c in en_ko.grammar()}
    a, b = en_ko.split_combinations(0), en_ko.split_combinations(3)
    assert a[0] | a[1] | a[2] == b[0] | b[1] | b[2] and a[2] != b[2]


def test_phrases_are_in_train_with_every_variant(enko, koen):
    train = {p.src: p.tgt for p in enko.train}
    assert train["thank you"] == train["thanks"] == "고마워"
    assert train["hello"] == train["hi"] == "안녕" and train["goodbye"] == "잘 가"
    assert train["i love you too"] == "나도 너를 사랑해" and train["sorry"] == train["i'm sorry"] == "미안해"
    assert train["good morning"] == "좋은 아침" and train["yes"] == "응" and train["no"] == "아니"
    back = {p.src: p.tgt for p in koen.train}
    assert back["고마워요"] == back["감사합니다"] == "thank you" and back["안녕히 가세요"] == "goodbye"


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


def test_subject_verb_agreement_everywhere():
    """A third-person singular subject takes -s in the present affirmative, "doesn't" in the negative and
    "is"/"was" as a copula; "i" takes "am", everyone else "are" / "were"."""
    for clause in en_ko.grammar():
        third = clause.subject.person == 3 and not clause.subject.plural()
        n = len(clause.subject.forms[0][0])
        if clause.kind == "verb":
            verb = en_ko.say(clause, en_ko.Form()).en[n]
            irregular = {"has"}  # none in the lexicon today; "-s" covers goes, watches, studies
            assert (verb.endswith("s") or verb in irregular) == third, (clause.combo, verb)
            negative = en_ko.say(clause, en_ko.Form(negated=True)).en[n]
            assert negative == ("doesn't" if third else "don't"), clause.combo
        else:
            be = en_ko.say(clause, en_ko.Form()).en[n]
            want = "am" if clause.subject.key == "i" else "is" if third else "are"
            assert be == want, clause.combo
            past = en_ko.say(clause, en_ko.Form("past")).en[n]
            assert past == ("was" if third or clause.subject.key == "i" else "were"), clause.combo


def test_en_ko_english_is_lowercase_and_tokenizes_as_built(enko):
    for p in everything(enko):
        assert p.src == p.src.lower()
        assert tokenize(p.src, "en") == p.src.split()
        assert tokenize(p.tgt, "ko") == p.tgt.split()


def test_each_source_has_one_reference(enko, koen):
    for splits in (enko, koen):
        references: dict[str, set[str]] = {}
        for p in everything(splits):
            references.setdefault(p.src, set()).add(p.tgt)
        assert all(len(r) == 1 for r in references.values())
        sources = Counter(p.src for p in everything(splits))
        phrases = {" ".join(s.en) for s in en_ko.phrases()} | {p.src for p in ko_en.phrase_pairs()}
        repeated = {src.removesuffix(" .").removesuffix(" !") for src, n in sources.items() if n > 1}
        anchors = {" ".join(s.en) for s in en_ko.sentences() if s.anchor}
        assert repeated <= phrases | anchors  # only phrases and anchors are repeated
    seed = [p for p in enko.train if p.src == "i love you"]
    assert len(seed) == en_ko.PHRASE_REPEATS == sum(p.src == "i love you too" for p in enko.train)


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
        assert ("i", "love", "you") in train and ("i", "go", "school") in train
        assert train >= en_ko.KEEP_IN_TRAIN


def test_seed_sentences_in_train(enko, koen):
    assert ("i love you", "나는 너를 사랑해") in {(p.src, p.tgt) for p in enko.train}
    assert ("나는 학교에 갔다", "i went to school") in {(p.src, p.tgt) for p in koen.train}


def test_test_combinations_are_unseen_but_their_words_are_not(enko):
    train, valid, test = en_ko.split_combinations(0)
    assert not (train & test or train & valid or valid & test)
    grammar = en_ko.grammar()
    assert train | valid | test == {c.combo for c in grammar}
    assert 0.06 < len(test) / len(train | valid | test) < 0.10
    # stratified: every verb is tested, and every adjective and role that has enough combinations
    assert {c.combo[1] for c in grammar if c.kind == "verb" and c.combo in test} == {
        v.en for v in lexicon.VERBS
    }
    strata = Counter(c.stratum for c in grammar)
    tested = {c.stratum for c in grammar if c.combo in test}
    assert {s for s, n in strata.items() if n >= 20} <= tested
    assert en_ko.split_combinations(1)[2] != test

    assert not {p.src for p in enko.test} & {p.src for p in enko.train}
    train_words = {w for p in enko.train for w in p.src.split() + p.tgt.split()}
    for p in enko.test + enko.valid:
        assert set(p.src.split() + p.tgt.split()) <= train_words, p


def _bare(pairs):
    """Pairs without the copies that end in "." or "!" (see tasks.with_end_marks)."""
    return [p for p in pairs if not p.src.endswith((" .", " !"))]


def test_ko_en_uses_the_same_split_and_every_register(enko, koen):
    # ko-en translates into the default English only, so its test targets are en-ko test sources
    assert {p.tgt for p in _bare(koen.test)} <= {p.src for p in _bare(enko.test)}
    train, _, test = en_ko.split_sentences(0)
    koen_train = {p.src for p in koen.train}
    core = [s for s in train if s.core and s.default]
    assert all(" ".join(s.ko) in koen_train for s in core)  # the original grammar in 해체 ...
    assert all(" ".join(s.ko_plain) in koen_train for s in core if s.ko_plain)  # ... and in 한다체
    polite = sum(" ".join(s.ko_polite) in koen_train for s in train if s.default)
    assert polite > 0.2 * len(train)  # and 해요체 often
    for s in (s for s in train if s.anchor):  # the examples in every register
        assert {" ".join(k) for k in (s.ko, s.ko_plain, s.ko_polite) if k} <= koen_train
    enko_pairs = {p.src: p for p in everything(enko)}
    for p in _bare(everything(koen)):
        twin = enko_pairs.get(p.tgt)
        if twin is not None and twin.tgt == p.src:  # the same sentence both ways: the same links, transposed
            assert tuple(sorted((j, i) for i, j in twin.sure)) == p.sure


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
        ("나는 학교에 갔어요", "i went to school"),
        ("나는 어제 학교에 갔어요", "i went to school yesterday"),
        ("그녀는 선생님이에요", "she is a teacher"),
        ("나는 학생이었어요", "i was a student"),
        ("그는 의사가 아니야", "he is not a doctor"),
        ("우리는 행복할 거예요", "we will be happy"),
        ("너는 나를 사랑해 ?", "do you love me ?"),
        ("그는 사과를 먹었어 ?", "did he eat apples ?"),
        ("나는 우리 엄마를 사랑해", "i love my mom"),
        ("그녀는 집에 가고 싶어해", "she wants to go home"),
        ("그녀는 책을 읽을 수 있어요", "she can read books"),
        ("고양이는 귀여워", "the cat is cute"),
        ("고마워요", "thank you"),
        ("감사합니다", "thank you"),
        ("안녕하세요", "hello"),
    ],
)
def test_ko_en_accepts_every_register(koen, korean, english):
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
