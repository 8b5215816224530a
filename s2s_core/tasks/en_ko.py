"""English -> Korean: a small grammar of simple sentences, translated into 해체 (반말), with gold alignments.

The seed's example is the anchor: "I love you" -> "나는 너를 사랑해". Every sentence is one of

    subject  verb  object      i love you              -> 나는 너를 사랑해
    subject  verb  place       we went home            -> 우리는 집에 갔어

in three tenses (present, past, future with "will") and two polarities (don't/doesn't/didn't/won't -> 안):

    i will eat apples          -> 나는 사과를 먹을 거야         (future = adnominal form + 거야: two tokens)
    he didn't go to school     -> 그는 학교에 안 갔어
    we don't study korean      -> 우리는 한국어를 공부 안 해

English is lowercase (the "en" tokenizer lowercases anyway); Korean is split into eojeol, so particles stay
on their noun (너를) and "내 친구는" is two tokens, like the tokenizers in s2s_core.text produce them.

Choices a reader might question:
  * Particles are chosen by the batchim (final consonant) of the last syllable: 나는 / 선생님은, 사과를 / 빵을
    (`has_batchim` does the Unicode arithmetic). 에 has one form.
  * Negation uses short-form 안 before the verb (안 먹었어). For noun+하다 verbs (공부하다) the standard
    form puts 안 between noun and 하다: 공부 안 해, so those negatives are three tokens. 사랑하다 is also
    noun+하다, but "안 사랑해" is what people say in speech ("이제 안 사랑해"), so it is treated like the
    plain verbs, as is 좋아하다 (not noun+하다: 안 좋아해 is simply standard).
  * Verbs only take objects that make sense: eat -> food, drink -> drinks, read -> books and letters,
    watch -> movies and dramas, listen to -> music and songs, study -> korean/english/math,
    love -> people and animals, meet -> people, like -> people, animals and all things; go/come -> places.
    "go home" has no "to" (우리는 집에 갔어); the other places do ("to the library" -> 도서관에).
  * Sentences whose subject and object are the same person are left out ("i love me", "we meet us",
    "he loves him" - the last is grammatical but ambiguous, and the Korean would need 자기).
  * "i read books" is both present and past in English. en-ko keeps the present reading only
    (나는 책을 읽어), so no English input has two references; ko-en keeps both (읽었어 -> "i read books").
  * 그 / 그녀 / 그들 are the textbook pronouns; they are a little literary, but they keep every English word
    paired with one Korean word, which is what the alignment views need.

Gold alignments (Och & Ney): every Korean token has one SURE link to its head English word (나는<-i,
너를<-you, 사랑해<-love, 안<-don't, 거야<-will, 먹을<-eat, 내<-my, 친구는<-friend, 선생님은<-teacher).
POSSIBLE links add the words an annotator might or might not draw: articles and "to" to their noun
(the->선생님은, to->학교에), "to" of "listen to" to 들어, and the auxiliary to the verb that carries its
tense (will->먹을, didn't->먹었어). `possible` always includes `sure`.

Splits hold out whole combinations, not sentences: about 8% of the (subject, verb, object-or-place)
triples go to test and 4% to valid, with all six tense/negation forms of each, stratified by verb so every
verb is tested. A test sentence is therefore a combination the model never saw, made of words it saw many
times. "i love you" and "i went to school" (the seed's two examples) always stay in train. ko-en uses the
same triples for the same seed.

Sizes: 990 combinations (train 872, valid 38, test 80 for every seed) give 5940 sentences; 8 of them
("i/you/we/they read books/letters" in the past) are dropped as duplicates, so 5932 pairs, e.g. for seed 0
train 5225, valid 228, test 479 (the split that loses the duplicates varies by at most a few pairs); then about a
quarter of the pairs get a twin ending in "." or "!" (tasks.with_end_marks): seed 0 gives 6474 / 287 / 597.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from s2s_core.tasks import Pair, Splits, Task, with_end_marks

TEST_FRACTION = 0.08  # of the combinations of each verb
VALID_FRACTION = 0.04
KEEP_IN_TRAIN = frozenset({("i", "love", "you"), ("i", "go", "to school")})  # the seed's examples
TENSES = ("present", "past", "future")
Combo = tuple[str, str, str]  # (subject, verb, object-or-place) in English, e.g. ("i", "go", "to school")


# --- Korean particles -------------------------------------------------------------------------------------


def has_batchim(word: str) -> bool:
    """True if the last syllable of `word` ends in a consonant (받침): 빵, 선생님 yes; 사과, 나 no.

    Precomposed Hangul syllables U+AC00..U+D7A3 are numbered ((initial * 21) + vowel) * 28 + final, where
    final 0 means "no final consonant"; so the final is (code - 0xAC00) % 28.
    """
    if not word or not "가" <= word[-1] <= "힣":
        raise ValueError(f"{word!r} does not end in a Hangul syllable")
    return (ord(word[-1]) - 0xAC00) % 28 != 0


def with_topic(noun: str) -> str:
    """Topic particle 은/는: 선생님은, 나는."""
    return noun + ("은" if has_batchim(noun) else "는")


def with_object(noun: str) -> str:
    """Object particle 을/를: 빵을, 사과를."""
    return noun + ("을" if has_batchim(noun) else "를")


def with_place(noun: str) -> str:
    """Destination particle 에 (the same after any syllable): 학교에, 집에."""
    return noun + "에"


# --- The lexicon ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Noun:
    """A noun phrase in both languages. Particles are added per role, so one entry serves every sentence."""

    en: str  # English words as they appear in the sentence: "the teacher", "me", "to the library"
    ko: str  # Korean without particle: "선생님", "나", "도서관"; may be two words ("내 친구")
    kind: str  # what it is, matched against Verb.takes: "person", "animal", "food", ...
    who: frozenset[str] = frozenset()  # who it refers to, so "i love me" and "we meet me" can be left out
    third_singular: bool = False  # as a subject it takes "loves" / "doesn't"


def _person(en: str, ko: str, *who: str, third_singular: bool = False) -> Noun:
    return Noun(en, ko, "person", frozenset(who), third_singular)


SUBJECTS = (
    _person("i", "나", "i"),
    _person("you", "너", "you"),
    _person("he", "그", "he", third_singular=True),
    _person("she", "그녀", "she", third_singular=True),
    _person("we", "우리", "we", "i"),
    _person("they", "그들", "they"),
    _person("my friend", "내 친구", "my friend", third_singular=True),
    _person("the teacher", "선생님", "the teacher", third_singular=True),
    _person("the student", "학생", "the student", third_singular=True),
    _person("mom", "엄마", "mom", third_singular=True),
    _person("dad", "아빠", "dad", third_singular=True),
    _person("the child", "아이", "the child", third_singular=True),
)

OBJECTS = (
    _person("me", "나", "i"),
    _person("you", "너", "you"),
    _person("him", "그", "he"),
    _person("her", "그녀", "she"),
    _person("us", "우리", "we", "i"),
    _person("them", "그들", "they"),
    _person("my friend", "내 친구", "my friend"),
    _person("the teacher", "선생님", "the teacher"),
    _person("the student", "학생", "the student"),
    _person("mom", "엄마", "mom"),
    _person("dad", "아빠", "dad"),
    _person("the child", "아이", "the child"),
    Noun("cats", "고양이", "animal"),
    Noun("dogs", "개", "animal"),
    Noun("apples", "사과", "food"),
    Noun("bread", "빵", "food"),
    Noun("rice", "밥", "food"),
    Noun("water", "물", "drink"),
    Noun("coffee", "커피", "drink"),
    Noun("milk", "우유", "drink"),
    Noun("tea", "차", "drink"),
    Noun("books", "책", "text"),
    Noun("letters", "편지", "text"),
    Noun("movies", "영화", "show"),
    Noun("dramas", "드라마", "show"),
    Noun("music", "음악", "sound"),
    Noun("songs", "노래", "sound"),
    Noun("korean", "한국어", "course"),
    Noun("english", "영어", "course"),
    Noun("math", "수학", "course"),
)

PLACES = (
    Noun("to school", "학교", "place"),
    Noun("home", "집", "place"),  # "go home", never "go to home"
    Noun("to the library", "도서관", "place"),
    Noun("to the park", "공원", "place"),
    Noun("to the market", "시장", "place"),
    Noun("to seoul", "서울", "place"),
    Noun("to the office", "회사", "place"),
)


@dataclass(frozen=True)
class Verb:
    """A verb's English forms and Korean stems. Korean forms are listed, not derived: conjugation has
    enough irregular corners (듣다 -> 들어, 보다 -> 봐) that a table is both shorter and easier to check."""

    en: str  # base form with its particle: "eat", "listen to"
    en_s: str  # third person singular present: "eats", "listens to"
    en_past: str  # "ate", "listened to"
    ko: str  # 해체 present: "먹어"
    ko_plain: str  # 한다체 present: "먹는다"
    ko_past: str  # past stem; + 어 gives 해체 (먹었어), + 다 gives 한다체 (먹었다)
    ko_future: str  # adnominal form before 거야 / 것이다: "먹을"
    takes: frozenset[str]  # Noun kinds it accepts as object (or "place" as destination)
    ko_noun: str = ""  # noun of a noun+하다 verb ("공부"); the forms above are then those of 하다


_PEOPLE_AND_ANIMALS = frozenset({"person", "animal"})
_THINGS = frozenset({"food", "drink", "text", "show", "sound", "course"})

VERBS = (
    Verb("love", "loves", "loved", "사랑해", "사랑한다", "사랑했", "사랑할", _PEOPLE_AND_ANIMALS),
    Verb("like", "likes", "liked", "좋아해", "좋아한다", "좋아했", "좋아할", _PEOPLE_AND_ANIMALS | _THINGS),
    Verb("eat", "eats", "ate", "먹어", "먹는다", "먹었", "먹을", frozenset({"food"})),
    Verb("drink", "drinks", "drank", "마셔", "마신다", "마셨", "마실", frozenset({"drink"})),
    Verb("read", "reads", "read", "읽어", "읽는다", "읽었", "읽을", frozenset({"text"})),
    Verb("watch", "watches", "watched", "봐", "본다", "봤", "볼", frozenset({"show"})),
    Verb("meet", "meets", "met", "만나", "만난다", "만났", "만날", frozenset({"person"})),
    Verb("listen to", "listens to", "listened to", "들어", "듣는다", "들었", "들을", frozenset({"sound"})),
    Verb("study", "studies", "studied", "해", "한다", "했", "할", frozenset({"course"}), ko_noun="공부"),
    Verb("go", "goes", "went", "가", "간다", "갔", "갈", frozenset({"place"})),
    Verb("come", "comes", "came", "와", "온다", "왔", "올", frozenset({"place"})),
)


# --- Building one sentence --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence of the grammar in English and in both Korean styles, with its alignment."""

    combo: Combo  # (subject, verb, object-or-place), English: the unit the splits hold out
    tense: str  # "present" | "past" | "future"
    negated: bool
    en: tuple[str, ...]  # English tokens, exactly as tokenize(" ".join(en), "en") returns them
    ko: tuple[str, ...]  # Korean tokens in 해체 (반말)
    ko_plain: tuple[str, ...]  # Korean tokens in 한다체; same length and alignment as `ko`
    sure: tuple[tuple[int, int], ...]  # (en index, ko index)
    possible: tuple[tuple[int, int], ...]  # includes `sure`


@dataclass(frozen=True)
class _Chunk:
    """A phrase in both languages with its own links. A sentence is three chunks, put in SVO order for
    English and SOV order for Korean; the links move along with their chunk."""

    en: tuple[str, ...]
    ko: tuple[str, ...]
    ko_plain: tuple[str, ...]
    sure: frozenset[tuple[int, int]]  # (en index, ko index) within the chunk
    possible: frozenset[tuple[int, int]]  # includes `sure`


def _noun_chunk(noun: Noun, attach: Callable[[str], str]) -> _Chunk:
    """Sure links pair words one to one when both sides have as many (my friend / 내 친구는); otherwise
    the Korean word belongs to the last English word (the teacher / 선생님은). The rest are possible."""
    en = tuple(noun.en.split())
    ko = tuple(attach(noun.ko).split())
    if len(en) == len(ko):
        sure = frozenset((i, i) for i in range(len(en)))
    else:
        sure = frozenset({(len(en) - 1, len(ko) - 1)})
    return _Chunk(en, ko, ko, sure, _phrase(en, ko))


def _phrase(en: tuple[str, ...], ko: tuple[str, ...]) -> frozenset[tuple[int, int]]:
    """Every link inside a phrase is *possible* (Och & Ney 2003): "doesn't like" / "안 좋아해" and
    "my friend" / "내 친구는" translate as units, so an annotator may draw any of their links."""
    return frozenset((i, j) for i in range(len(en)) for j in range(len(ko)))


def _verb_chunk(verb: Verb, subject: Noun, tense: str, negated: bool) -> _Chunk:
    """English [aux] verb [particle]; Korean [noun] [안] verb-form [거야]. Each Korean token is either
    the verb (linked to the English verb) or a grammatical word (안, 거야: linked to the auxiliary)."""
    if tense == "present":
        aux = ("doesn't" if subject.third_singular else "don't") if negated else ""
        main = verb.en_s if subject.third_singular and not negated else verb.en
        forms = [(verb.ko, verb.ko_plain, "verb")]  # (해체, 한다체, role)
    elif tense == "past":
        aux = "didn't" if negated else ""
        main = verb.en if negated else verb.en_past
        forms = [(verb.ko_past + "어", verb.ko_past + "다", "verb")]
    else:
        aux = "won't" if negated else "will"
        main = verb.en
        forms = [(verb.ko_future, verb.ko_future, "verb"), ("거야", "것이다", "aux")]

    if verb.ko_noun and negated:  # 공부 안 해
        forms = [(verb.ko_noun, verb.ko_noun, "verb"), ("안", "안", "aux"), *forms]
    elif verb.ko_noun:  # 공부해
        first, first_plain, role = forms[0]
        forms[0] = (verb.ko_noun + first, verb.ko_noun + first_plain, role)
    elif negated:  # 안 먹어
        forms = [("안", "안", "aux"), *forms]

    en = ((aux,) if aux else ()) + tuple(main.split())
    head = 1 if aux else 0  # the lexical verb; any word after it is a particle ("to" of "listen to")
    sure = frozenset((0, k) if role == "aux" else (head, k) for k, (_, _, role) in enumerate(forms))
    ko = tuple(f[0] for f in forms)
    return _Chunk(en, ko, tuple(f[1] for f in forms), sure, _phrase(en, ko))


def _sentence(subject: Noun, verb: Verb, obj: Noun, tense: str, negated: bool) -> Sentence:
    """Subject, verb and object chunks, laid out as English SVO and Korean SOV."""
    chunks = (
        _noun_chunk(subject, with_topic),
        _verb_chunk(verb, subject, tense, negated),
        _noun_chunk(obj, with_place if obj.kind == "place" else with_object),
    )
    en_order, ko_order = (0, 1, 2), (0, 2, 1)  # SVO, SOV
    en_start, ko_start = _starts(chunks, en_order, "en"), _starts(chunks, ko_order, "ko")

    def shift(links: frozenset[tuple[int, int]], c: int) -> list[tuple[int, int]]:
        """Chunk-local links -> sentence positions."""
        return [(en_start[c] + i, ko_start[c] + j) for i, j in links]

    return Sentence(
        combo=(subject.en, verb.en, obj.en),
        tense=tense,
        negated=negated,
        en=tuple(w for c in en_order for w in chunks[c].en),
        ko=tuple(w for c in ko_order for w in chunks[c].ko),
        ko_plain=tuple(w for c in ko_order for w in chunks[c].ko_plain),
        sure=tuple(sorted(link for c in en_order for link in shift(chunks[c].sure, c))),
        possible=tuple(sorted(link for c in en_order for link in shift(chunks[c].possible, c))),
    )


def _starts(chunks: tuple[_Chunk, ...], order: tuple[int, ...], side: str) -> dict[int, int]:
    """Index of each chunk's first token when the chunks are laid out in `order`."""
    starts, n = {}, 0
    for c in order:
        starts[c] = n
        n += len(getattr(chunks[c], side))
    return starts


# --- The whole space and its splits -----------------------------------------------------------------------


def combinations() -> Iterator[tuple[Noun, Verb, Noun]]:
    """Every (subject, verb, object-or-place) that makes sense, in a fixed order."""
    for subject in SUBJECTS:
        for verb in VERBS:
            for obj in OBJECTS + PLACES:
                if obj.kind in verb.takes and not subject.who & obj.who:
                    yield subject, verb, obj


def sentences() -> tuple[Sentence, ...]:
    """Every sentence: each combination in each tense, affirmative then negative (present first)."""
    return tuple(
        _sentence(subject, verb, obj, tense, negated)
        for subject, verb, obj in combinations()
        for tense in TENSES
        for negated in (False, True)
    )


def split_combinations(seed: int) -> tuple[frozenset[Combo], frozenset[Combo], frozenset[Combo]]:
    """(train, valid, test) sets of combos (see `Sentence.combo`), held out per verb so each verb is tested."""
    rng = random.Random(seed)
    by_verb: dict[str, list[Combo]] = {}
    for subject, verb, obj in combinations():
        by_verb.setdefault(verb.en, []).append((subject.en, verb.en, obj.en))
    train, valid, test = set(), set(), set()
    for combos in by_verb.values():
        rng.shuffle(combos)
        n_test, n_valid = round(TEST_FRACTION * len(combos)), round(VALID_FRACTION * len(combos))
        candidates = [c for c in combos if c not in KEEP_IN_TRAIN]
        test.update(candidates[:n_test])
        valid.update(candidates[n_test : n_test + n_valid])
        train.update(c for c in combos if c not in test and c not in valid)
    return frozenset(train), frozenset(valid), frozenset(test)


def split_sentences(seed: int) -> tuple[tuple[Sentence, ...], tuple[Sentence, ...], tuple[Sentence, ...]]:
    """All sentences grouped by the split of their combination, in grammar order (not shuffled)."""
    parts = split_combinations(seed)
    every = sentences()
    return tuple(tuple(s for s in every if s.combo in part) for part in parts)


def generate(seed: int) -> Splits:
    rng = random.Random(seed)
    parts = []
    for part in split_sentences(seed):
        pairs: dict[str, Pair] = {}
        for s in part:  # grammar order, so the present reading of "i read books" comes first and stays
            src = " ".join(s.en)
            pairs.setdefault(src, Pair(src, " ".join(s.ko), s.sure, s.possible))
        shuffled = with_end_marks(list(pairs.values()), rng)
        rng.shuffle(shuffled)
        parts.append(tuple(shuffled))
    return Splits(*parts)


TASK = Task(
    name="en-ko",
    src_tokenizer="en",
    tgt_tokenizer="ko",
    examples=(
        "I love you",
        "I will eat apples",
        "He didn't go to school",
        "We went home",
        "My friend likes cats",
        "The teacher doesn't drink coffee",
        "She listens to music",
        "They will study Korean",
        "Mom won't come to the office",
        "The child met my friend",
    ),
    has_alignment=True,
    generate=generate,
)
