"""The words of the en-ko / ko-en grammar: nouns, pronouns, verbs, adjectives, time words and fixed phrases.

Korean forms are listed, not derived. Conjugation has enough irregular corners (듣다 -> 들어, 돕다 -> 도와,
모르다 -> 몰라, 쓰다 -> 써, 만들다 -> 만든다) that a table is both shorter and easier to check than rules;
`tests/test_tasks.py` checks the irregular classes one by one. Every verb lists five forms:

    stem     dictionary stem, before -고 (먹고 싶어) and -다 (먹다)      먹    듣    돕    하 (공부하다)
    ko       해체 present; + 요 gives 해요체 (먹어요)                   먹어  들어  도와  해
    plain    한다체 present                                            먹는다 듣는다 돕는다 한다
    past     past stem; + 어 / 다 / 어요 gives 먹었어 / 먹었다 / 먹었어요  먹었  들었  도왔  했
    future   adnominal form, before 거야 (will) and 수 있어 (can)        먹을  들을  도울  할

Nouns carry a `kind` that verbs and adjectives select on (eat -> food, read -> text, cute -> animal, ...),
so every generated sentence means something. English articles are dropped in Korean (a/an/the -> nothing)
and singular and plural share one Korean word (cat / cats -> 고양이): `Noun.forms` lists the English
phrases that all translate the same way, the first being the one the grammar writes by default.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- Nouns ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Noun:
    """A common noun in both languages."""

    en: str  # singular: "apple", "police officer"
    ko: str  # "사과", "경찰관"
    kind: str  # matched against Verb.takes / Adjective.of: "food", "person", ...
    plural: str = ""  # "apples"; "" for mass nouns and names ("bread", "korean", "seoul")
    article: str = "a"  # "a" or "an"
    default: str = (
        "plural"  # how the grammar writes it: "plural" (apples), "the" (the teacher), "bare" (bread), "a"
    )
    family: bool = False  # "my mom" is 우리 엄마 in Korean, not 내 엄마
    possessable: bool = False  # offered with my/your/his/... (my cat, your friend)

    def forms(self) -> tuple[tuple[tuple[str, ...], bool], ...]:
        """Every English phrase for this noun with whether it is plural, the default first:
        (("apples",), True), (("the", "apple"), False), (("an", "apple"), False)."""
        if self.family or self.kind in ("course", "sport"):  # "mom", "math", "soccer": never "the mom"
            return (((self.en,), False),)
        options = {
            "plural": ((tuple(self.plural.split()), True),) if self.plural else (),
            "the": ((("the", *self.en.split()), False),),
            "a": (((self.article, *self.en.split()), False),) if self.plural else (),
            "bare": (((*self.en.split(),), False),) if not self.plural else (),
        }
        order = [self.default] + [k for k in ("plural", "the", "a", "bare") if k != self.default]
        return tuple(f for k in order for f in options[k])


def _n(en, ko, kind, plural="", **kw) -> Noun:
    return Noun(en, ko, kind, plural if plural != "s" else en + "s", **kw)


PEOPLE = (
    _n("friend", "친구", "person", "s", default="the", possessable=True),
    _n("teacher", "선생님", "person", "s", default="the"),
    _n("student", "학생", "person", "s", default="the"),
    _n("child", "아이", "person", "children", default="the"),
    _n("baby", "아기", "person", "babies", default="the"),
    _n("doctor", "의사", "person", "s", default="the"),
    _n("nurse", "간호사", "person", "s", default="the"),
    _n("police officer", "경찰관", "person", "police officers", default="the"),
    _n("singer", "가수", "person", "s", default="the"),
    _n("cook", "요리사", "person", "s", default="the"),
)
FAMILY = (  # "mom" alone, as children say it; "my mom" is 우리 엄마
    _n("mom", "엄마", "person", default="bare", family=True, possessable=True),
    _n("dad", "아빠", "person", default="bare", family=True, possessable=True),
    _n("grandma", "할머니", "person", default="bare", family=True, possessable=True),
    _n("grandpa", "할아버지", "person", default="bare", family=True, possessable=True),
    _n("mother", "어머니", "person", default="bare", family=True, possessable=True),
    _n("father", "아버지", "person", default="bare", family=True, possessable=True),
    _n("family", "가족", "person", default="bare", family=True, possessable=True),
)
ANIMALS = (
    _n("cat", "고양이", "animal", "s", possessable=True),
    _n("dog", "개", "animal", "s", possessable=True),
    _n("bird", "새", "animal", "s"),
    _n("horse", "말", "animal", "s"),
)
FOOD = (
    _n("apple", "사과", "food", "s", article="an"),
    _n("banana", "바나나", "food", "s"),
    _n("cake", "케이크", "food", "s"),
    _n("pizza", "피자", "food", default="bare"),
    _n("bread", "빵", "food", default="bare"),
    _n("rice", "밥", "food", default="bare"),
    _n("meat", "고기", "food", default="bare"),
    _n("fish", "생선", "food", default="bare"),  # as food; the animal would be 물고기
    _n("noodles", "국수", "food", default="bare"),
)
DRINKS = (
    _n("water", "물", "drink", default="bare"),
    _n("coffee", "커피", "drink", default="bare"),
    _n("milk", "우유", "drink", default="bare"),
    _n("tea", "차", "drink", default="bare"),
    _n("juice", "주스", "drink", default="bare"),
)
THINGS = (
    _n("book", "책", "text", "s"),
    _n("letter", "편지", "text", "s"),
    _n("movie", "영화", "show", "s"),
    _n("drama", "드라마", "show", "s"),
    _n("music", "음악", "sound", default="bare"),
    _n("song", "노래", "sound", "s"),
    _n("korean", "한국어", "course", default="bare"),
    _n("english", "영어", "course", default="bare"),
    _n("math", "수학", "course", default="bare"),
    _n("science", "과학", "course", default="bare"),
    _n("game", "게임", "game", "s"),
    _n("soccer", "축구", "sport", default="bare"),
    _n("baseball", "야구", "sport", default="bare"),
    _n("basketball", "농구", "sport", default="bare"),
    _n("tennis", "테니스", "sport", default="bare"),
    _n("car", "자동차", "thing", "s", default="a", possessable=True),  # 차 would be "tea" as well
    _n("phone", "휴대폰", "thing", "s", default="a", possessable=True),
    _n("computer", "컴퓨터", "thing", "s", default="a", possessable=True),
    _n("picture", "사진", "picture", "s"),
    _n("house", "집", "building", "s", default="a"),
    _n("door", "문", "door", "s", default="the"),
    _n("window", "창문", "door", "s", default="the"),
)


@dataclass(frozen=True)
class Place:
    """A destination (go to / come to), a place to visit, or a city to live in."""

    en: str  # "the library", "school", "home", "seoul"
    ko: str
    to: str = "to"  # "to school"; "" for "home" ("go home", never "go to home")
    city: bool = False  # "live in seoul"


PLACES = (
    Place("school", "학교"),
    Place("home", "집", to=""),
    Place("the library", "도서관"),
    Place("the park", "공원"),
    Place("the market", "시장"),
    Place("the office", "회사"),
    Place("the hospital", "병원"),
    Place("the restaurant", "식당"),
    Place("church", "교회"),
    Place("the beach", "해변"),
    Place("seoul", "서울", city=True),
    Place("busan", "부산", city=True),
    Place("korea", "한국", city=True),
)


@dataclass(frozen=True)
class Pronoun:
    subject: str  # "i"
    object: str  # "me"
    possessive: str  # "my"
    ko: str  # "나"
    ko_possessive: str  # "내"; family nouns use 우리 for my/our (see Noun.family)
    who: frozenset[str]  # who it refers to: "we" includes "i", so "we love me" is left out
    person: int  # 1, 2, 3: "i" takes "am", "you" takes "are"
    plural: bool = False


def _p(subject, obj, poss, ko, ko_poss, person, *who, plural=False) -> Pronoun:
    return Pronoun(subject, obj, poss, ko, ko_poss, frozenset(who or (subject,)), person, plural)


PRONOUNS = (
    _p("i", "me", "my", "나", "내", 1),
    _p("you", "you", "your", "너", "네", 2),
    _p("he", "him", "his", "그", "그의", 3),
    _p("she", "her", "her", "그녀", "그녀의", 3),
    _p("we", "us", "our", "우리", "우리", 1, "we", "i", plural=True),
    _p("they", "them", "their", "그들", "그들의", 3, plural=True),
)

# --- Verbs ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verb:
    """A verb's English forms and Korean forms (see the module docstring for the five Korean forms)."""

    en: str  # base form with its particle: "eat", "listen to", "wait for", "live in"
    en_s: str  # third person singular: "eats", "listens to"
    en_past: str  # "ate", "listened to"
    stem: str
    ko: str
    plain: str
    past: str
    future: str
    takes: frozenset[str]  # noun kinds as object; "place" = destination, "visit" = place as object, "city"
    ko_noun: str = ""  # noun part of a noun+하다 verb: 공부 (the forms above are then those of 하다)
    attach: str = "object"  # how the object attaches in Korean: object 을/를, place 에, dative 에게
    agents: frozenset[str] = frozenset({"person"})  # who can do it
    negative: Verb | None = None  # a different verb in the negative: know -> 모르다 (몰라, not 안 알아)
    modal: bool = True  # offered with want to / can ("i can't love you" is not a sentence to learn from)


def _v(en, en_s, en_past, stem, ko, plain, past, future, takes=(), **kw) -> Verb:
    agents = frozenset(kw.pop("agents", ("person",)))
    return Verb(en, en_s, en_past, stem, ko, plain, past, future, frozenset(takes), agents=agents, **kw)


_HADA = ("하", "해", "한다", "했", "할")  # the forms of 하다, shared by every noun+하다 verb
_PEOPLE_ANIMALS = ("person", "animal")
_ALL_THINGS = ("food", "drink", "text", "show", "sound", "course", "game", "sport", "thing", "picture")
_MOLLA = _v("know", "knows", "knew", "모르", "몰라", "모른다", "몰랐", "모를")

TRANSITIVE = (
    _v("love", "loves", "loved", "사랑하", "사랑해", "사랑한다", "사랑했", "사랑할", _PEOPLE_ANIMALS,
       agents=_PEOPLE_ANIMALS, modal=False),
    _v("like", "likes", "liked", "좋아하", "좋아해", "좋아한다", "좋아했", "좋아할",
       _PEOPLE_ANIMALS + _ALL_THINGS, agents=_PEOPLE_ANIMALS, modal=False),
    _v("eat", "eats", "ate", "먹", "먹어", "먹는다", "먹었", "먹을", ("food",), agents=_PEOPLE_ANIMALS),
    _v("drink", "drinks", "drank", "마시", "마셔", "마신다", "마셨", "마실", ("drink",), agents=_PEOPLE_ANIMALS),
    _v("read", "reads", "read", "읽", "읽어", "읽는다", "읽었", "읽을", ("text",)),
    _v("watch", "watches", "watched", "보", "봐", "본다", "봤", "볼", ("show", "sport")),
    _v("meet", "meets", "met", "만나", "만나", "만난다", "만났", "만날", ("person",)),
    _v("listen to", "listens to", "listened to", "듣", "들어", "듣는다", "들었", "들을", ("sound",)),
    _v("study", "studies", "studied", *_HADA, ("course",), ko_noun="공부"),
    _v("see", "sees", "saw", "보", "봐", "본다", "봤", "볼", ("person", "animal", "thing", "picture"),
       agents=_PEOPLE_ANIMALS),
    _v("buy", "buys", "bought", "사", "사", "산다", "샀", "살", ("food", "drink", "text", "thing")),
    _v("make", "makes", "made", "만들", "만들어", "만든다", "만들었", "만들", ("food",)),
    _v("cook", "cooks", "cooked", *_HADA, ("food",), ko_noun="요리"),
    _v("write", "writes", "wrote", "쓰", "써", "쓴다", "썼", "쓸", ("text",)),
    _v("sing", "sings", "sang", "부르", "불러", "부른다", "불렀", "부를", ("song",)),
    _v("play", "plays", "played", *_HADA, ("game", "sport")),
    _v("help", "helps", "helped", "돕", "도와", "돕는다", "도왔", "도울", ("person",)),
    _v("call", "calls", "called", *_HADA, ("person",), ko_noun="전화", attach="dative"),
    _v("wait for", "waits for", "waited for", "기다리", "기다려", "기다린다", "기다렸", "기다릴",
       _PEOPLE_ANIMALS, agents=_PEOPLE_ANIMALS),
    _v("know", "knows", "knew", "알", "알아", "안다", "알았", "알", ("person",), negative=_MOLLA, modal=False),
    _v("want", "wants", "wanted", "원하", "원해", "원한다", "원했", "원할", ("food", "drink", "thing"),
       modal=False),
    _v("teach", "teaches", "taught", "가르치", "가르쳐", "가르친다", "가르쳤", "가르칠", ("course", "sport")),
    _v("learn", "learns", "learned", "배우", "배워", "배운다", "배웠", "배울", ("course", "sport")),
    _v("visit", "visits", "visited", *_HADA, ("visit",), ko_noun="방문"),
    _v("open", "opens", "opened", "열", "열어", "연다", "열었", "열", ("door",)),
    _v("close", "closes", "closed", "닫", "닫아", "닫는다", "닫았", "닫을", ("door",)),
    _v("take", "takes", "took", "찍", "찍어", "찍는다", "찍었", "찍을", ("picture",)),  # take pictures -> 찍다
    _v("give", "gives", "gave", "주", "줘", "준다", "줬", "줄", ("food", "drink", "text", "thing")),
)  # fmt: skip
MOTION = (  # go/come to a place (에); live in a city (에)
    _v("go", "goes", "went", "가", "가", "간다", "갔", "갈", ("place",), attach="place"),
    _v("come", "comes", "came", "오", "와", "온다", "왔", "올", ("place",), attach="place"),
    _v("live in", "lives in", "lived in", "살", "살아", "산다", "살았", "살", ("city",), attach="place"),
)
INTRANSITIVE = (
    _v("swim", "swims", "swam", *_HADA, ko_noun="수영", agents=_PEOPLE_ANIMALS),
    _v("run", "runs", "ran", "달리", "달려", "달린다", "달렸", "달릴", agents=_PEOPLE_ANIMALS),
    _v("sleep", "sleeps", "slept", "자", "자", "잔다", "잤", "잘", agents=_PEOPLE_ANIMALS),
    _v("work", "works", "worked", *_HADA, ko_noun="일"),
    _v("dance", "dances", "danced", "추", "춰", "춘다", "췄", "출", ko_noun="춤"),
    _v("walk", "walks", "walked", "걷", "걸어", "걷는다", "걸었", "걸을", agents=_PEOPLE_ANIMALS),
    _v("cry", "cries", "cried", "울", "울어", "운다", "울었", "울"),
    _v("laugh", "laughs", "laughed", "웃", "웃어", "웃는다", "웃었", "웃을"),
)
VERBS = TRANSITIVE + MOTION + INTRANSITIVE
CORE_VERBS = ("love", "like", "eat", "drink", "read", "watch", "meet", "listen to", "study", "go", "come")


@dataclass(frozen=True)
class Adjective:
    """A descriptive verb (형용사): "i am happy" -> 나는 행복해."""

    en: str
    stem: str  # 행복하; + 다 gives 한다체 (행복하다)
    ko: str  # 해체 present
    past: str
    future: str
    of: frozenset[str] = field(default=frozenset({"person"}))  # what it can describe


def _a(en, stem, ko, past, future, *of) -> Adjective:
    return Adjective(en, stem, ko, past, future, frozenset(of or ("person",)))


ADJECTIVES = (
    _a("happy", "행복하", "행복해", "행복했", "행복할", "person", "animal"),
    _a("sad", "슬프", "슬퍼", "슬펐", "슬플", "person", "animal"),
    _a("tired", "피곤하", "피곤해", "피곤했", "피곤할", "person", "animal"),
    _a("hungry", "배고프", "배고파", "배고팠", "배고플", "person", "animal"),
    _a("busy", "바쁘", "바빠", "바빴", "바쁠"),
    _a("sick", "아프", "아파", "아팠", "아플", "person", "animal"),
    _a("sleepy", "졸리", "졸려", "졸렸", "졸릴", "person", "animal"),
    _a("fine", "괜찮", "괜찮아", "괜찮았", "괜찮을"),
    _a("kind", "친절하", "친절해", "친절했", "친절할"),
    _a("cold", "춥", "추워", "추웠", "추울"),  # feeling cold (a cold drink would be 차가워)
    _a("hot", "덥", "더워", "더웠", "더울"),
    _a("cute", "귀엽", "귀여워", "귀여웠", "귀여울", "animal", "baby"),
    _a("pretty", "예쁘", "예뻐", "예뻤", "예쁠", "person", "animal", "picture"),
    _a("big", "크", "커", "컸", "클", "animal", "thing", "building"),
    _a("small", "작", "작아", "작았", "작을", "animal", "thing", "building"),
    _a("good", "좋", "좋아", "좋았", "좋을", "food", "show", "text", "sound", "game"),
    _a("bad", "나쁘", "나빠", "나빴", "나쁠", "food", "show", "text", "sound", "game"),
    _a("delicious", "맛있", "맛있어", "맛있었", "맛있을", "food", "drink"),
    _a("fun", "재미있", "재미있어", "재미있었", "재미있을", "game", "show", "course", "sport", "text"),
)

# --- Time words and fixed phrases -------------------------------------------------------------------------

# English word -> (Korean, tenses it agrees with): no "yesterday ... will".
TIME_WORDS = {
    "yesterday": ("어제", ("past",)),
    "today": ("오늘", ("present", "past", "future")),
    "tomorrow": ("내일", ("future",)),
    "now": ("지금", ("present",)),
}


@dataclass(frozen=True)
class Phrase:
    """A greeting or fixed phrase. `heads` names, per Korean word, the English word it translates (the
    last English word when a variant lacks it: "thanks" for 고마워 <- "thank")."""

    en: tuple[str, ...]  # English variants, the default first: ("thank you", "thanks")
    ko: str  # 해체
    heads: tuple[str, ...]
    ko_also: tuple[str, ...] = ()  # other Korean a user may type (해요체, polite), read by ko-en


PHRASES = (
    Phrase(("hello", "hi"), "안녕", ("hello",), ("안녕하세요",)),
    Phrase(("thank you", "thanks", "thank you very much"), "고마워", ("thank",), ("고마워요", "감사합니다")),
    Phrase(("sorry", "i am sorry", "i'm sorry"), "미안해", ("sorry",), ("미안해요", "죄송합니다")),
    Phrase(("goodbye", "bye"), "잘 가", ("goodbye", "goodbye"), ("안녕히 가세요",)),
    Phrase(("good morning",), "좋은 아침", ("good", "morning"), ("좋은 아침이에요",)),
    Phrase(("good night",), "잘 자", ("good", "night"), ("안녕히 주무세요",)),
    Phrase(("yes",), "응", ("yes",), ("네",)),
    Phrase(("no",), "아니", ("no",), ("아니요",)),
    Phrase(("i love you too",), "나도 너를 사랑해", ("i", "you", "love"), ("나도 너를 사랑해요",)),
    Phrase(("me too",), "나도", ("me",), ("저도",)),
    Phrase(("nice to meet you",), "만나서 반가워", ("meet", "nice"), ("만나서 반가워요", "반갑습니다")),
    Phrase(("see you tomorrow",), "내일 봐", ("tomorrow", "see"), ("내일 봐요",)),
    Phrase(("how are you ?", "how are you"), "잘 지내 ?", ("how", "are", "?"), ("잘 지내요 ?",)),
    Phrase(("happy birthday",), "생일 축하해", ("birthday", "happy"), ("생일 축하해요",)),
    Phrase(("congratulations",), "축하해", ("congratulations",), ("축하해요", "축하합니다")),
    Phrase(("welcome",), "환영해", ("welcome",), ("환영해요", "환영합니다")),
    Phrase(("okay", "ok"), "알았어", ("okay",), ("알겠어요",)),
)


# --- The glossary: "words this model knows" -----------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One row of the glossary the app shows: a category, the English and the Korean, and what a model
    must know for the row to count as known (English words for en-ko, a Korean stem for ko-en)."""

    category: str  # "people", "verbs", ...: an i18n key under glossary.cat_
    en: str  # "eat (ate)", "cat / cats"
    ko: str  # "먹다 (먹어)", "고양이"
    en_words: tuple[tuple[str, ...], ...]  # alternatives: known when every word of one is (cat, or cats)
    ko_stem: str  # a Korean token starting with this shows the model knows it (particles are attached)


def _words(*phrases: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.split()) for p in phrases if p)


def _noun_entry(category: str, n: Noun) -> Entry:
    english = f"{n.en} / {n.plural}" if n.plural and n.plural != n.en else n.en
    return Entry(category, english, n.ko, _words(n.en, n.plural), n.ko)


def _verb_entry(v: Verb) -> Entry:
    dictionary = (v.ko_noun + "하다") if v.ko_noun else v.stem + "다"
    base, past = v.en.split()[0], v.en_past.split()[0]
    english = v.en if past == base + "ed" else f"{v.en} ({past})"
    return Entry("verbs", english, f"{dictionary} ({v.ko_noun}{v.ko})", _words(base, v.en_s.split()[0], past),
                 v.ko_noun or v.ko[:1])  # fmt: skip


def glossary() -> tuple[Entry, ...]:
    """Every word of the grammar, by category, in both languages."""
    rows = [Entry("pronouns", f"{p.subject} / {p.object} / {p.possessive}", f"{p.ko} / {p.ko_possessive}",
                  _words(p.subject, p.object), p.ko) for p in PRONOUNS]  # fmt: skip
    for category, nouns in (("people", PEOPLE + FAMILY), ("animals", ANIMALS), ("food", FOOD + DRINKS),
                            ("things", THINGS)):  # fmt: skip
        rows += [_noun_entry(category, n) for n in nouns]
    rows += [Entry("places", p.en, p.ko, _words(p.en.split()[-1]), p.ko) for p in PLACES]
    rows += [_verb_entry(v) for v in VERBS]
    rows += [Entry("adjectives", a.en, f"{a.stem}다 ({a.ko})", _words(a.en), a.ko) for a in ADJECTIVES]
    rows += [Entry("time", w, k, _words(w), k) for w, (k, _) in TIME_WORDS.items()]
    rows += [Entry("phrases", " / ".join(p.en), p.ko, _words(*p.en), p.ko.split()[0]) for p in PHRASES]
    return tuple(rows)


def known(entries, tokens, side: str) -> list[Entry]:
    """The entries a model knows, from its vocabulary `tokens` on `side`: "en" needs every word of one of
    the English forms, "ko" a token starting with the Korean stem (학교 is known through 학교에)."""
    tokens = set(tokens)
    if side == "en":
        return [e for e in entries if any(set(words) <= tokens for words in e.en_words)]
    return [e for e in entries if any(tok.startswith(e.ko_stem) for tok in tokens)]
