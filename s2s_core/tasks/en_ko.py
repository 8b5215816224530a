"""English -> Korean: a grammar of everyday sentences, translated into 해체 (반말), with gold alignments.

The seed's example is the anchor: "I love you" -> "나는 너를 사랑해". A sentence is one of

    subject verb object         i love you                    -> 나는 너를 사랑해
    subject verb place          we went home                  -> 우리는 집에 갔어
    subject verb                the baby sleeps               -> 아기는 자
    subject give object to X    she gave books to my friend   -> 그녀는 내 친구에게 책을 줬어
    copula                      she is a teacher              -> 그녀는 선생님이야
    adjective                   we will be happy              -> 우리는 행복할 거야
    fixed phrase                thank you                     -> 고마워

in three tenses (present, past, future with "will"), affirmative or negative (안, 못; know -> 몰라),
with "want to" (먹고 싶어, and 싶어해 for someone else's wish) and "can" (먹을 수 있어, can't -> 못 먹어),
as a yes/no question ("did he eat apples?" -> 그는 사과를 먹었어?), with a time word (yesterday, today,
tomorrow, now; in English at the start or the end, in Korean right after the subject, always agreeing
with the tense), and with possessives (my -> 내, but "my mom" -> 우리 엄마, as Koreans say it).

English is lowercase (the "en" tokenizer lowercases anyway); Korean is split into eojeol, so particles stay
on their noun (너를) and "내 친구는" is two tokens, as the tokenizers in s2s_core.text produce them. "?" is a
token of its own on both sides.

Choices a reader might question:
  * Particles follow the batchim (final consonant) of the last syllable: 나는 / 선생님은, 사과를 / 빵을,
    학생이야 / 의사야, 의사가 아니야 (`has_batchim` does the Unicode arithmetic). 에 and 에게 have one form.
  * Negation is short-form 안 before the verb (안 먹었어); noun+하다 verbs put it between noun and 하다
    (공부 안 해, 수영 못 해). 사랑하다 is also noun+하다, but "안 사랑해" is what people say, so it is
    treated like the plain verbs, as is 좋아하다.
  * Verbs only take objects that make sense (eat -> food, read -> text; see lexicon.py), and sentences
    whose subject and object are the same person are left out ("i love me"; "he loves his mom" too,
    since Korean would need 자기).
  * "i read books" is both present and past in English; en-ko keeps the present reading only.
  * 그 / 그녀 / 그들 are the textbook pronouns; a little literary, but one Korean word per English word is
    what the alignment views need.
  * Every English form that means the same Korean is offered to en-ko (the cat / cats / a cat -> 고양이,
    "i'm" / "i am", "isn't" / "is not", the time word first or last, a question with or without "?").
    ko-en needs one reference per input, so it reads the grammar's default English only (`Sentence.default`).

Gold alignments (Och & Ney): every Korean token has one SURE link, to the English word it translates
(나는<-i, 너를<-you, 사랑해<-love, 안<-don't, 거야<-will, 싶어<-want, 수 / 있어<-can, 내<-my,
친구는<-friend). Words are grouped in phrases (subject, verb, object, place, time, mark); every link inside
a phrase is POSSIBLE (the->선생님은, to->학교에, didn't->갔어), never one across phrases.

The space of sentences is large (every subject x verb x object in every form), so it is sampled with a
fixed seed (`GRAMMAR_SEED`): the core of the original grammar (12 subjects, 11 verbs, their objects and
places, all six tense/negation forms) is always complete, and the other combinations keep a share of
`SAMPLE` each with a few forms. Splits hold out whole combinations, not sentences: about 8% of the
(subject, verb, object) triples go to test and 4% to valid, stratified by verb (and by adjective or role
for the copula), so a test sentence is a combination the model never saw, made of words it saw many
times. The seed's two examples always stay in train. ko-en uses the same split for the same seed.
"""

from __future__ import annotations

import dataclasses
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from s2s_core.korean import has_batchim
from s2s_core.tasks import Pair, Splits, Task, lexicon, with_end_marks
from s2s_core.tasks.lexicon import Adjective, Noun, Place, Pronoun, Verb

TEST_FRACTION = 0.08  # of the combinations of each verb
VALID_FRACTION = 0.04
GRAMMAR_SEED = (
    7  # which sample of the (large) space of sentences the grammar is; the same for every split seed
)
SAMPLE = 0.22  # share of the non-core combinations kept
TENSES = ("present", "past", "future")
REGISTERS = ("해체", "한다체", "해요체")
Combo = tuple[str, str, str]  # (subject, verb, object) keys in English, e.g. ("i", "go", "school")


# --- Korean particles and endings (has_batchim: s2s_core.korean) ------------------------------------------


def _pick(noun: str, after_consonant: str, after_vowel: str) -> str:
    return noun + (after_consonant if has_batchim(noun) else after_vowel)


def with_topic(noun: str) -> str:
    """Topic particle 은/는: 선생님은, 나는."""
    return _pick(noun, "은", "는")


def with_object(noun: str) -> str:
    """Object particle 을/를: 빵을, 사과를."""
    return _pick(noun, "을", "를")


def with_subject(noun: str) -> str:
    """Subject particle 이/가, as before 아니야 and 되다: 학생이 아니야, 의사가 될 거야."""
    return _pick(noun, "이", "가")


def with_place(noun: str) -> str:
    """Destination / location particle 에 (one form): 학교에, 집에."""
    return noun + "에"


def with_dative(noun: str) -> str:
    """Recipient particle 에게 (one form): 친구에게 전화해."""
    return noun + "에게"


def copula(noun: str, tense: str) -> tuple[str, str, str]:
    """Noun + 이다 in 해체, 한다체, 해요체: 학생이야 / 학생이다 / 학생이에요, 의사야 / 의사다 / 의사예요;
    past 학생이었어 / 의사였어."""
    if tense == "past":
        return _pick(noun, "이었어", "였어"), _pick(noun, "이었다", "였다"), _pick(noun, "이었어요", "였어요")
    return _pick(noun, "이야", "야"), _pick(noun, "이다", "다"), _pick(noun, "이에요", "예요")


# --- Tagged words: how alignments are made -----------------------------------------------------------------


@dataclass(frozen=True)
class En:
    """An English word, the phrase it belongs to and its roles in that phrase ("won't": aux and not)."""

    text: str
    group: str
    roles: frozenset[str]


@dataclass(frozen=True)
class Ko:
    """A Korean word in the three registers, its phrase, and the role of the English word it translates."""

    forms: tuple[str, str, str]  # 해체, 한다체, 해요체
    group: str
    head: str
    or_first: bool = False  # link to the first English word when the head is absent (a question's "?")


def en(text: str, group: str, *roles: str) -> En:
    return En(text, group, frozenset(roles))


def ko(word, group: str, head: str, or_first: bool = False) -> Ko:
    forms = (word, word, word) if isinstance(word, str) else tuple(word)
    return Ko(forms, group, head, or_first)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the grammar in English and in the three Korean registers, with its alignment."""

    combo: Combo  # the unit the splits hold out
    en: tuple[str, ...]  # English tokens, exactly as tokenize(" ".join(en), "en") returns them
    ko: tuple[str, ...]  # 해체
    ko_plain: tuple[str, ...] | None  # 한다체, same alignment; None for questions (한다체 asks with -니/-냐)
    ko_polite: tuple[str, ...]  # 해요체, same alignment
    sure: tuple[tuple[int, int], ...]  # (en index, ko index)
    possible: tuple[tuple[int, int], ...]  # includes `sure`
    default: bool = True  # written with the grammar's default English (what ko-en translates into)
    core: bool = False  # part of the original, always complete grammar
    en_ambiguous: bool = False  # its English also reads another way ("i read books"): ko-en only
    anchor: bool = False  # one of ANCHORS: always in train, in every register


def assemble(combo: Combo, words_en: list[En], words_ko: list[Ko], plain: bool = True, **kw) -> Sentence:
    """Link every Korean word to the English word in its phrase with its head role (sure), and every pair
    of words in one phrase (possible). `plain=False` leaves out the 한다체 (questions)."""
    sure, possible = [], []
    for j, k in enumerate(words_ko):
        i = _find(words_en, k.group, k.head)
        if i is None and k.or_first:
            i = 0
        if i is None:
            raise ValueError(f"no English word for {k.forms[0]} ({k.group}/{k.head}) in {combo}")
        sure.append((i, j))
        possible += [(i2, j) for i2, e in enumerate(words_en) if e.group == k.group]
    haeche, plain_forms, polite = zip(*(k.forms for k in words_ko))
    return Sentence(
        combo=combo,
        en=tuple(e.text for e in words_en),
        ko=haeche,
        ko_plain=plain_forms if plain else None,
        ko_polite=polite,
        sure=tuple(sorted(sure)),
        possible=tuple(sorted(set(possible) | set(sure))),
        **kw,
    )


def _find(words: list[En], group: str, role: str) -> int | None:
    return next((i for i, e in enumerate(words) if e.group == group and role in e.roles), None)


# --- Noun phrases -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NP:
    """A noun phrase: its English forms (the default first, each with whether it is plural) and its Korean."""

    key: str  # the default English, which names it in combos: "my mom", "apples", "me", "school"
    forms: tuple[tuple[tuple[str, ...], bool], ...]  # ((words, plural), ...)
    ko: str  # without particle: "우리 엄마"
    kind: str  # "person", "food", ... or a Noun's own word ("baby", "song") via `words`
    who: frozenset[str] = frozenset()  # who it refers to
    owner: frozenset[str] = frozenset()  # whose it is (my mom: "i"), so "he loves his mom" can be left out
    person: int = 3
    words: frozenset[str] = frozenset()  # the noun itself, for selections by word (cute -> baby)

    def words_en(self, group: str, form: int = 0) -> list[En]:
        """Tagged English words: the last is the head; before it an article (det), a possessive (poss),
        "to" of a destination (prt) or part of the noun ("police" of "police officer": mod)."""
        words = self.forms[form][0]
        return [
            en(w, group, "head" if n == len(words) - 1 else _ROLE.get(w, "mod")) for n, w in enumerate(words)
        ]

    def words_ko(self, group: str, attach) -> list[Ko]:
        """Korean words with the particle on the last: 우리 엄마를 -> 우리 (poss), 엄마를 (head)."""
        *first, last = self.ko.split()
        return [ko(w, group, "poss") for w in first] + [ko(attach(last), group, "head")]

    def plural(self, form: int = 0) -> bool:
        return self.forms[form][1]


_ROLE = {"a": "det", "an": "det", "the": "det", "to": "prt"} | {
    p.possessive: "poss" for p in lexicon.PRONOUNS
}


def pronoun_np(p: Pronoun, as_object: bool) -> NP:
    word = p.object if as_object else p.subject
    return NP(word, (((word,), p.plural),), p.ko, "person", p.who, person=p.person)


def noun_np(n: Noun, subject: bool = False) -> NP:
    """A noun with its article: "the teacher", "apples" (and "an apple", "the apple" as other forms).
    Subjects stay singular ("the cat is cute"), so the verb agrees whichever form is drawn."""
    forms = list(n.forms())
    if subject:  # "the cat eats fish", "the pizza is good": singular, and "the" (a topic is something known)
        forms = [f for f in forms if not f[1] and f[0][0] not in ("a", "an")]
        if n.kind not in ("course", "sport"):  # but "math is fun"
            forms.sort(key=lambda f: f[0][0] != "the")
    key = " ".join(forms[0][0])
    who = frozenset({key}) if n.kind == "person" else frozenset()
    if n.family:  # "mom" is my mom: "mom loves my mom" is left out like "i love me"
        who |= {f"my {n.en}"}
    return NP(key, tuple(forms), n.ko, n.kind, who, words=frozenset({n.en}))


def possessed_np(owner: Pronoun, n: Noun) -> NP:
    """my friend -> 내 친구; my mom -> 우리 엄마 (family); our mom is the same Korean, so it is another
    English form of "my mom" rather than a phrase of its own."""
    ko_owner = "우리" if n.family and owner.person == 1 else owner.ko_possessive
    forms = [((owner.possessive, n.en), False)]
    if n.family and owner.subject == "i":
        forms.append((("our", n.en), False))
    key = f"{owner.possessive} {n.en}"
    who = frozenset({key})  # "my dog loves my dog" is left out too
    return NP(key, tuple(forms), f"{ko_owner} {n.ko}", n.kind, who, owner.who, words=frozenset({n.en}))


def place_np(place: Place, to: bool) -> NP:
    """ "to the library" (go, come), "in seoul" (live in: the verb brings "in"), "the library" (visit)."""
    words = tuple(place.en.split())
    if to and place.to:
        words = (place.to, *words)
    return NP(place.en, ((words, False),), place.ko, "place")


_PRONOUN = {p.subject: p for p in lexicon.PRONOUNS}
_NOUN = {n.en: n for n in lexicon.PEOPLE + lexicon.FAMILY + lexicon.ANIMALS + lexicon.FOOD + lexicon.DRINKS}
_NOUN.update({n.en: n for n in lexicon.THINGS})

# Possessed phrases offered (a curated list: all owner x noun pairs would swamp the grammar with "their").
POSSESSED = tuple(
    possessed_np(_PRONOUN[owner], _NOUN[noun])
    for owner, nouns in {
        "i": ("friend", "mom", "dad", "grandma", "grandpa", "mother", "father", "family", "cat", "dog", "car",
              "phone", "computer"),
        "you": ("friend", "mom", "dad", "cat", "phone"),
        "he": ("friend", "dad", "dog", "car"),
        "she": ("friend", "mother", "cat", "computer"),
        "we": ("friend", "teacher"),
        "they": ("friend", "family"),
    }.items()
    for noun in nouns
)  # fmt: skip

_PEOPLE_NPS = (
    tuple(noun_np(n, subject=True) for n in lexicon.PEOPLE if n.en != "friend")
    + tuple(noun_np(n, subject=True) for n in lexicon.FAMILY[:4])
    + tuple(np for np in POSSESSED if np.kind == "person")
)
SUBJECTS = (
    tuple(pronoun_np(p, as_object=False) for p in lexicon.PRONOUNS)
    + _PEOPLE_NPS
    + tuple(noun_np(n, subject=True) for n in lexicon.ANIMALS)
    + tuple(np for np in POSSESSED if np.kind == "animal")
)
OBJECTS = (
    tuple(pronoun_np(p, as_object=True) for p in lexicon.PRONOUNS)
    + _PEOPLE_NPS
    + tuple(noun_np(n) for n in lexicon.ANIMALS + lexicon.FOOD + lexicon.DRINKS + lexicon.THINGS)
    + tuple(np for np in POSSESSED if np.kind not in ("person",))
)
# Things that can be described by an adjective ("the pizza is delicious", "math is fun").
THING_SUBJECTS = tuple(
    noun_np(n, subject=True)
    for n in lexicon.FOOD + lexicon.DRINKS + lexicon.THINGS
    if n.kind not in ("door",) and n.en not in ("music", "letter")
) + tuple(np for np in POSSESSED if np.kind == "thing")
ROLES = tuple(n for n in lexicon.PEOPLE if n.en != "baby")  # "she is a teacher"; friend -> "my friend"

CORE_SUBJECTS = ("i", "you", "he", "she", "we", "they", "my friend", "the teacher", "the student", "mom", "dad",
                 "the child")  # fmt: skip
CORE_OBJECTS = ("me", "you", "him", "her", "us", "them", "my friend", "the teacher", "the student", "mom", "dad",
                "the child", "cats", "dogs", "apples", "bread", "rice", "water", "coffee", "milk", "tea", "books",
                "letters", "movies", "dramas", "music", "songs", "korean", "english", "math")  # fmt: skip
CORE_PLACES = ("school", "home", "the library", "the park", "the market", "seoul", "the office")


def _third_singular(subject: NP, form: int = 0) -> bool:
    return subject.person == 3 and not subject.plural(form)


def _be(subject: NP, tense: str, form: int = 0) -> str:
    if tense == "past":
        return "were" if subject.person == 2 or subject.plural(form) else "was"
    if subject.person == 1 and not subject.plural(form):
        return "am"
    return "is" if _third_singular(subject, form) else "are"


# --- Forms ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """How a combination is said: tense, polarity, modality, question, time word."""

    tense: str = "present"
    negated: bool = False
    modal: str = ""  # "" | "want" | "can"
    question: bool = False
    time: str = ""  # "" or a key of lexicon.TIME_WORDS


@dataclass(frozen=True)
class Surface:
    """Which of the equivalent English wordings is used (index 0 everywhere = the grammar's default)."""

    subject: int = 0
    object: int = 0
    time_first: bool = False
    contract: bool = False  # i'm, isn't, ...
    mark: bool = True  # a question ends in "?"

    @property
    def default(self) -> bool:
        return self == Surface()


def _time_words(form: Form, surface: Surface) -> tuple[list[En], list[Ko], list[En]]:
    """(English before the sentence, Korean after the subject, English after the sentence)."""
    if not form.time:
        return [], [], []
    word = [en(form.time, "time", "head")]
    korean = [ko(lexicon.TIME_WORDS[form.time][0], "time", "head")]
    return (word, korean, []) if surface.time_first else ([], korean, word)


def _mark(form: Form, surface: Surface) -> tuple[list[En], list[Ko]]:
    if not form.question:
        return [], []
    return ([en("?", "mark", "mark")] if surface.mark else []), [ko("?", "mark", "mark", or_first=True)]


def _split_verb(text: str, *roles: str) -> list[En]:
    """ "listens to" -> listens (main, ...roles), to (prt)."""
    first, *rest = text.split()
    return [en(first, "verb", "main", *roles)] + [en(w, "verb", "prt") for w in rest]


def _verb_english(v: Verb, subject: NP, form: Form, surface: Surface) -> tuple[list[En], list[En]]:
    """(the auxiliary that a question puts before the subject, the rest of the verb phrase)."""
    third = _third_singular(subject, surface.subject)
    do = "does" if third and form.tense == "present" else "did" if form.tense == "past" else "do"
    if form.modal == "want":
        wants = "wants" if third else "want"
        if form.question:
            return [en(do, "verb", "aux")], [
                en("want", "verb", "want"),
                en("to", "verb", "to"),
                *_split_verb(v.en),
            ]
        head = "wanted" if form.tense == "past" else wants
        return [], [en(head, "verb", "want"), en("to", "verb", "to"), *_split_verb(v.en)]
    if form.modal == "can":
        if form.question:
            return [en("can", "verb", "modal")], _split_verb(v.en)
        can = en("can't", "verb", "modal", "not") if form.negated else en("can", "verb", "modal")
        return [], [can, *_split_verb(v.en)]
    if form.question:
        aux = "will" if form.tense == "future" else do
        return [en(aux, "verb", "aux")], _split_verb(v.en)
    if form.tense == "future":
        aux = en("won't", "verb", "aux", "not") if form.negated else en("will", "verb", "aux")
        return [], [aux, *_split_verb(v.en)]
    if form.negated:
        neg = {"present": "doesn't" if third else "don't", "past": "didn't"}[form.tense]
        return [], [en(neg, "verb", "aux", "not"), *_split_verb(v.en)]
    return [], _split_verb(v.en_past if form.tense == "past" else v.en_s if third else v.en)


def _endings(word: str, plain: str, tense: str) -> tuple[str, str, str]:
    """A 해체 present word (or past stem) in the three registers."""
    if tense == "past":
        return word + "어", word + "다", word + "어요"
    return word, plain, word + "요"


_WILL = ("거야", "것이다", "거예요")


def _verb_korean(v: Verb, subject: NP, form: Form) -> list[Ko]:
    """Korean verb words, tagged with the English role each translates (see the module docstring)."""
    vv = v.negative if form.negated and v.negative and not form.modal else v
    negation = form.negated and vv is v
    if form.modal == "want":
        someone_else = subject.person == 3  # 싶어해: a wish seen from outside
        endings = {
            ("present", False): ("싶어", "싶다", "싶어요"),
            ("present", True): ("싶어해", "싶어한다", "싶어해요"),
            ("past", False): ("싶었어", "싶었다", "싶었어요"),
            ("past", True): ("싶어했어", "싶어했다", "싶어했어요"),
        }[form.tense, someone_else]
        words = [ko(vv.stem + "고", "verb", "main"), ko(endings, "verb", "want")]
    elif form.modal == "can" and not form.negated:
        words = [
            ko(vv.future, "verb", "main"),
            ko("수", "verb", "modal"),
            ko(("있어", "있다", "있어요"), "verb", "modal"),
        ]
    elif form.modal == "can":
        words = [ko("못", "verb", "not"), ko(_endings(vv.ko, vv.plain, "present"), "verb", "main")]
        negation = False
    elif form.tense == "future":
        words = [ko(vv.future, "verb", "main"), ko(_WILL, "verb", "aux")]
    elif form.tense == "past":
        words = [ko(_endings(vv.past, "", "past"), "verb", "main")]
    else:
        words = [ko(_endings(vv.ko, vv.plain, "present"), "verb", "main")]
    if negation:
        words = [ko("안", "verb", "not"), *words]
    if v.ko_noun:  # 공부해, 공부하고; but 공부 안 해, 수영 못 해
        if words[0].head == "not":
            words = [ko(v.ko_noun, "verb", "main"), *words]
        else:
            first = words[0]
            words[0] = Ko(tuple(v.ko_noun + f for f in first.forms), first.group, first.head)
    return words


# --- Clauses -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """A combination to be said: subject, verb (or adjective, or role) and what it takes."""

    kind: str  # "verb" | "copula" | "adjective"
    subject: NP
    verb: Verb | None = None
    object: NP | None = None  # object, place, or None (intransitive)
    recipient: NP | None = None  # give X to Y
    adjective: Adjective | None = None
    role: Noun | None = None
    core: bool = False

    @property
    def combo(self) -> Combo:
        if self.kind == "verb":
            return (self.subject.key, self.verb.en, self.object.key if self.object else "")
        if self.kind == "adjective":
            return (self.subject.key, "be", self.adjective.en)
        return (self.subject.key, "be", self.role.en)

    @property
    def stratum(self) -> str:
        """What the splits stratify by, so every verb, adjective and role is tested."""
        return self.combo[1] if self.kind == "verb" else f"{self.kind}:{self.combo[2]}"


def say(clause: Clause, form: Form, surface: Surface = Surface()) -> Sentence:
    """The sentence for a clause in a form: English and Korean words, tagged, then assembled."""
    subject = clause.subject
    sub_en = subject.words_en("subj", surface.subject)
    sub_ko = subject.words_ko("subj", with_topic)
    before, time_ko, after = _time_words(form, surface)
    mark_en, mark_ko = _mark(form, surface)
    if clause.kind == "verb":
        aux, rest = _verb_english(clause.verb, subject, form, surface)
        mid_en, mid_ko = [], []
        if clause.object is not None:
            mid_en, mid_ko = _object_words(clause, surface)
        if clause.recipient is not None:
            mid_en += [en("to", "rcp", "prt"), *clause.recipient.words_en("rcp")]
            mid_ko = clause.recipient.words_ko("rcp", with_dative) + mid_ko
        verb_ko = _verb_korean(clause.verb, subject, form)
    else:
        aux, rest, verb_ko = _predicate(clause, form, surface)
        mid_en, mid_ko = [], []
        if surface.contract and not form.question and rest[0].text in ("am", "is", "are"):
            sub_en, rest = _contracted(subject, form, sub_en, rest)
    if form.question:
        words_en = aux + sub_en + rest + mid_en + after + mark_en
    else:
        words_en = before + sub_en + aux + rest + mid_en + after
    words_ko = sub_ko + time_ko + mid_ko + verb_ko + mark_ko
    return assemble(
        clause.combo, words_en, words_ko, plain=not form.question, default=surface.default, core=clause.core
    )


_CONTRACTED = {"i": "i'm", "you": "you're", "he": "he's", "she": "she's", "we": "we're", "they": "they're"}


def _contracted(subject: NP, form: Form, sub_en: list[En], rest: list[En]) -> tuple[list[En], list[En]]:
    """ "i am" -> "i'm" (and "i'm not"); a negative other than "i" contracts the other way ("isn't")."""
    if subject.key not in _CONTRACTED or form.negated and subject.key != "i":
        return sub_en, rest
    return [en(_CONTRACTED[subject.key], "subj", "head")], rest[1:]


def _object_words(clause: Clause, surface: Surface) -> tuple[list[En], list[Ko]]:
    v, obj = clause.verb, clause.object
    if obj.kind == "place":  # visit the park -> 공원을; go to the park / live in seoul -> 공원에, 서울에
        return obj.words_en("obj"), obj.words_ko("obj", with_object if v.en == "visit" else with_place)
    attach = {"object": with_object, "dative": with_dative, "place": with_place}[v.attach]
    return obj.words_en("obj", surface.object), obj.words_ko("obj", attach)


def _role_np(role: Noun, plural: bool) -> NP:
    """ "a teacher" / "teachers"; for friend "my friend" (내 친구) / "friends"."""
    if role.en == "friend" and not plural:
        return possessed_np(_PRONOUN["i"], role)
    words = tuple(role.plural.split()) if plural else ("a", *role.en.split())
    return NP(" ".join(words), ((words, plural),), role.ko, "person")


def _predicate(clause: Clause, form: Form, surface: Surface) -> tuple[list[En], list[En], list[Ko]]:
    """be + (not) + adjective or role: (question auxiliary, rest, Korean)."""
    subject = clause.subject
    if clause.kind == "adjective":
        adj = clause.adjective
        pred_en = [en(adj.en, "pred", "head")]
        if form.tense == "future":
            pred_ko = [ko(adj.future, "pred", "head"), ko(_WILL, "pred", "aux")]
        elif form.tense == "past":
            pred_ko = [ko(_endings(adj.past, "", "past"), "pred", "head")]
        else:
            pred_ko = [ko((adj.ko, adj.stem + "다", adj.ko + "요"), "pred", "head")]
        if form.negated:
            pred_ko = [ko("안", "pred", "not"), *pred_ko]
    else:
        role = clause.role
        np = _role_np(role, plural=subject.plural())
        pred_en = np.words_en("pred")
        *owner, noun = np.ko.split()
        owner_ko = [ko(w, "pred", "poss") for w in owner]
        if form.tense == "future":
            pred_ko = owner_ko + [
                ko(with_subject(noun), "pred", "head"),
                ko("될", "pred", "be"),
                ko(_WILL, "pred", "aux"),
            ]
            if form.negated:
                pred_ko.insert(len(owner_ko) + 1, ko("안", "pred", "not"))
        elif form.negated:
            no = (
                ("아니었어", "아니었다", "아니었어요")
                if form.tense == "past"
                else ("아니야", "아니다", "아니에요")
            )
            pred_ko = owner_ko + [ko(with_subject(noun), "pred", "head"), ko(no, "pred", "not")]
        else:
            pred_ko = owner_ko + [ko(copula(noun, form.tense), "pred", "head")]
    if form.tense == "future":
        if form.question:
            return [en("will", "pred", "aux")], [en("be", "pred", "be"), *pred_en], pred_ko
        will = en("won't", "pred", "aux", "not") if form.negated else en("will", "pred", "aux")
        return [], [will, en("be", "pred", "be"), *pred_en], pred_ko
    be = _be(subject, form.tense)
    if form.question:
        return [en(be, "pred", "be")], pred_en, pred_ko
    if form.negated and surface.contract and be != "am":
        return [], [en(be + "n't", "pred", "be", "not"), *pred_en], pred_ko
    if form.negated:
        return [], [en(be, "pred", "be"), en("not", "pred", "not"), *pred_en], pred_ko
    return [], [en(be, "pred", "be"), *pred_en], pred_ko


# --- The space of clauses ---------------------------------------------------------------------------------


def _same_person(a: NP, b: NP) -> bool:
    """i/me, we/me, he/his mom (Korean would say 자기 엄마): left out."""
    if a.who & b.who:
        return True
    return bool(a.who & b.owner) and not (a.who & {"i", "you", "we"})


def _agent(subject: NP, v: Verb) -> bool:
    return subject.kind in v.agents


_ANIMAL_OBJECTS = frozenset({"person", "animal", "food", "drink"})  # a cat likes fish, not math


def clauses() -> Iterator[Clause]:
    """Every clause that makes sense, in a fixed order."""
    objects = {np.key: np for np in OBJECTS}
    for subject in SUBJECTS:
        for v in lexicon.VERBS:
            if not _agent(subject, v):
                continue
            if not v.takes:
                yield Clause("verb", subject, v, core=False)
                continue
            for obj in _objects_of(v, objects):
                if _same_person(subject, obj) or subject.kind == "animal" and obj.kind not in _ANIMAL_OBJECTS:
                    continue
                core = (
                    subject.key in CORE_SUBJECTS
                    and v.en in lexicon.CORE_VERBS
                    and (obj.key in CORE_OBJECTS or obj.key in CORE_PLACES and obj.kind == "place")
                )
                yield Clause("verb", subject, v, obj, core=core)
    for subject in SUBJECTS + THING_SUBJECTS:
        for adj in lexicon.ADJECTIVES:
            if subject.kind in adj.of or subject.words & adj.of:
                yield Clause("adjective", subject, adjective=adj)
    for subject in SUBJECTS:
        if subject.kind != "person":
            continue
        for role in ROLES:  # not "the teacher is a teacher", "i am my friend", "my mom is my friend"
            mine = not subject.plural() and "i" in subject.who | subject.owner  # "i am my friend"
            if role.en not in subject.key and not (role.en == "friend" and mine):
                yield Clause("copula", subject, role=role)


def _objects_of(v: Verb, objects: dict[str, NP]) -> Iterator[NP]:
    if "place" in v.takes:
        yield from (place_np(p, to=True) for p in lexicon.PLACES)
    elif "city" in v.takes:
        yield from (place_np(p, to=False) for p in lexicon.PLACES if p.city)
    elif "visit" in v.takes:
        yield from (place_np(p, to=False) for p in lexicon.PLACES if p.en not in ("home", "school"))
    else:
        for np in objects.values():
            if np.kind in v.takes or np.words & v.takes:
                yield np


def _kept(clause: Clause) -> bool:
    """The core is complete; other combinations are kept with probability SAMPLE (hash of the combo, so the
    grammar does not depend on the order clauses are listed in)."""
    if clause.core or clause.combo in KEEP_IN_TRAIN:
        return True
    share = SAMPLE * (4 if clause.kind != "verb" or clause.object is None else 1)
    return zlib.crc32(repr((GRAMMAR_SEED, clause.combo)).encode()) % 10_000 < share * 10_000


def grammar() -> tuple[Clause, ...]:
    """The clauses of the grammar (sampled; see the module docstring), with give's recipients drawn."""
    out = []
    people = [np for np in OBJECTS if np.kind == "person"]
    for c in clauses():
        if not _kept(c):
            continue
        if c.kind == "verb" and c.verb.en == "give":
            rng = random.Random(repr((GRAMMAR_SEED, c.combo)))
            choices = [p for p in people if not _same_person(c.subject, p)]
            c = Clause("verb", c.subject, c.verb, c.object, recipient=rng.choice(choices))
        out.append(c)
    return tuple(out)


def forms(clause: Clause, rng: random.Random) -> list[tuple[Form, Surface]]:
    """The forms a clause is said in: all six tense/negation forms for the core, a few drawn for the rest,
    each with an English wording drawn (sometimes the default's twin in another wording as well)."""
    plain = [Form(t, n) for t in TENSES for n in (False, True)]
    if clause.core:
        chosen = dict.fromkeys(plain + [_draw(clause, rng)])
    else:
        n = 2 if clause.kind == "verb" and clause.object is not None else 4
        chosen = dict.fromkeys(_draw(clause, rng) for _ in range(n))
    out = []
    for form in chosen:
        out.append((form, Surface()))
        if rng.random() < 0.35 and not (other := _draw_surface(clause, form, rng)).default:
            out.append((form, other))
    return out


ANCHORS = (  # the seed's, the and the UI's examples: always in train, in every register
    (("i", "love", "you"), Form()),
    (("i", "go", "school"), Form("past")),
    (("i", "go", "school"), Form("past", time="yesterday")),
    (("i", "be", "student"), Form()),
    (("i", "be", "student"), Form("past")),
    (("she", "be", "teacher"), Form()),
    (("she", "be", "teacher"), Form(question=True)),
    (("he", "be", "doctor"), Form(negated=True)),
    (("he", "be", "doctor"), Form("past")),
    (("we", "be", "happy"), Form("future")),
    (("i", "be", "happy"), Form("past")),
    (("the cat", "be", "cute"), Form()),
    (("you", "love", "me"), Form(question=True)),
    (("he", "eat", "apples"), Form("past", question=True)),
    (("i", "love", "my mom"), Form()),
    (("i", "love", "my mother"), Form()),
    (("i", "eat", "bread"), Form(modal="want")),
    (("she", "go", "home"), Form(modal="want")),
    (("she", "read", "books"), Form(modal="can")),
    (("the cat", "eat", "fish"), Form()),
)
KEEP_IN_TRAIN = frozenset(combo for combo, _ in ANCHORS)


def _draw(clause: Clause, rng: random.Random) -> Form:
    tense = rng.choice(TENSES)
    negated = rng.random() < 0.35
    modal = ""
    first_person = clause.subject.person == 1
    if clause.kind == "verb" and clause.verb.modal and rng.random() < 0.3:
        modal = rng.choice(("want", "can"))
        tense = "present" if modal == "can" or rng.random() < 0.7 else "past"
        negated = modal == "can" and negated
        if modal == "want":
            negated = False
    question = not first_person and not negated and rng.random() < 0.2
    times = [w for w, (_, tenses) in lexicon.TIME_WORDS.items() if tense in tenses]
    if modal == "can":
        times = ["today", "tomorrow", "now"]
    time = rng.choice(times) if clause.kind != "copula" and rng.random() < 0.3 else ""
    return Form(tense, negated, modal, question, time)


def _draw_surface(clause: Clause, form: Form, rng: random.Random) -> Surface:
    return Surface(
        subject=rng.randrange(len(clause.subject.forms)),
        object=rng.randrange(len(clause.object.forms)) if clause.object is not None else 0,
        time_first=bool(form.time) and not form.question and rng.random() < 0.5,
        contract=rng.random() < 0.6,
        mark=not form.question or rng.random() < 0.6,
    )


def _ambiguous(clause: Clause, form: Form, surface: Surface) -> bool:
    """ "i read books (today)" reads as present and past; en-ko keeps the present (module docstring)."""
    plain_past = form.tense == "past" and not (form.negated or form.question or form.modal)
    return (
        plain_past
        and clause.combo[1] == "read"
        and form.time in ("", "today")
        and not _third_singular(clause.subject, surface.subject)
    )


def phrases() -> tuple[Sentence, ...]:
    """Greetings and fixed phrases, every English variant (train only: there is nothing to hold out)."""
    out = []
    for ph in lexicon.PHRASES:
        for variant in ph.en:
            words_en = [en(w, "phrase", w) for w in variant.split()]
            last = words_en[-1].text
            words_ko = [
                ko(w, "phrase", h if h in variant.split() else last) for w, h in zip(ph.ko.split(), ph.heads)
            ]
            out.append(assemble((variant, "", ""), words_en, words_ko, default=variant == ph.en[0]))
    return tuple(out)


# Copies of each phrase and anchor in en-ko's train, so a handful of sentences is not drowned out. At 12
# (phrases only) "i love you too" outweighed every "i love X" and models answered "i love cats" with 나도.
PHRASE_REPEATS = 4


# --- Splits -------------------------------------------------------------------------------------------------


def split_combinations(
    seed: int, every: tuple[Sentence, ...] | None = None
) -> tuple[frozenset[Combo], frozenset[Combo], frozenset[Combo]]:
    """(train, valid, test) sets of combos, held out per stratum (verb, adjective, role). A held-out combo
    with a word that no training sentence has (a rare plural, say) goes back to train: the test measures
    unseen combinations of known words, not words the model never saw."""
    rng = random.Random(seed)
    by_stratum: dict[str, list[Combo]] = {}
    for c in grammar():
        by_stratum.setdefault(c.stratum, []).append(c.combo)
    train, valid, test = set(), set(), set()
    for combos in by_stratum.values():
        rng.shuffle(combos)
        n_test, n_valid = round(TEST_FRACTION * len(combos)), round(VALID_FRACTION * len(combos))
        candidates = [c for c in combos if c not in KEEP_IN_TRAIN]
        test.update(candidates[:n_test])
        valid.update(candidates[n_test : n_test + n_valid])
        train.update(c for c in combos if c not in test and c not in valid)
    words: dict[Combo, set[str]] = {}
    for s in every if every is not None else sentences():
        words.setdefault(s.combo, set()).update(s.en + s.ko)
    known = {w for c in train for w in words.get(c, ())} | {w for s in phrases() for w in s.en + s.ko}
    for part in (test, valid):
        unseen = {c for c in part if not words.get(c, set()) <= known}
        part -= unseen
        train |= unseen
    return frozenset(train), frozenset(valid), frozenset(test)


def sentences() -> tuple[Sentence, ...]:
    """Every sentence of the grammar, in grammar order (forms drawn with GRAMMAR_SEED)."""
    rng = random.Random(GRAMMAR_SEED)
    out, by_combo = {}, {}
    for clause in grammar():
        by_combo[clause.combo] = clause
        for form, surface in forms(clause, rng):
            s = say(clause, form, surface)  # the default wording comes first and is kept
            out.setdefault(
                (s.en, s.ko), dataclasses.replace(s, en_ambiguous=_ambiguous(clause, form, surface))
            )
    for combo, form in ANCHORS:
        s = say(by_combo[combo], form)
        out[s.en, s.ko] = dataclasses.replace(s, anchor=True)
    return tuple(out.values())


def split_sentences(seed: int) -> tuple[tuple[Sentence, ...], tuple[Sentence, ...], tuple[Sentence, ...]]:
    """All sentences grouped by the split of their combination (phrases in train), in grammar order."""
    every = sentences()
    parts = split_combinations(seed, every)
    train, valid, test = (tuple(s for s in every if s.combo in part) for part in parts)
    return train + phrases(), valid, test


def _pairs(part, repeats: int) -> list[Pair]:
    pairs: dict[str, Pair] = {}
    for s in part:
        if s.en_ambiguous:
            continue
        src = " ".join(s.en)
        pairs.setdefault(src, Pair(src, " ".join(s.ko), s.sure, s.possible))
    # Phrases and anchors are repeated alike: with only the phrases repeated, "i love you too" (12 copies)
    # drowned out the seed's "i love you" (1 copy), and most models answered 나도 너를 사랑해.
    repeated = {" ".join(s.en) for s in phrases()} | {" ".join(s.en) for s in part if s.anchor}
    extra = [p for p in pairs.values() if p.src in repeated] * (repeats - 1)
    return list(pairs.values()) + extra


def generate(seed: int) -> Splits:
    rng = random.Random(seed)
    parts = []
    for n, part in enumerate(split_sentences(seed)):
        shuffled = with_end_marks(_pairs(part, PHRASE_REPEATS if n == 0 else 1), rng)
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
        "I went to school yesterday",
        "She is a teacher",
        "We will be happy",
        "Do you love me?",
        "I love my mom",
        "I want to eat bread",
        "She can read books",
        "The cat eats fish",
        "Thank you",
    ),
    has_alignment=True,
    generate=generate,
)
