"""sentiment: a short review, in English or Korean -> "positive" or "negative" (the note's many-to-one row).

Reviews are generated from clauses about one thing ("the acting was really good", "연기가 정말 좋았어"),
with the three things that make sentiment a sequence problem and not a bag of words:

  negation   "the story was not bad" is positive, "음식이 안 좋았어" negative
  contrast   "the music was great but the ending was boring": the clause after "but" / "-지만" decides
  phrases    "a waste of time", "강력 추천해": a verdict of their own, after a clause that agrees with it

So the label is known exactly for every review (no annotator), and a model that reads left to right has
to change its mind at "not" and at "but": the page draws its prediction after each word.

The target is one token, "positive" or "negative"; the many-to-one model is an encoder whose last state the
decoder turns into that one token. Splits: distinct reviews, drawn without repetition and shuffled, so no
test review occurs in train; both labels are equally common in every split.
"""

from __future__ import annotations

import random

from s2s_core.tasks import Pair, Splits, Task

POSITIVE, NEGATIVE = "positive", "negative"
SIZES = (16_000, 800, 2_000)  # train, valid, test

THINGS_EN = ("the movie", "the film", "the story", "the acting", "the music", "the ending", "the food",
             "the service", "the book", "the game", "the show", "the hotel", "the phone", "the class",
             "the trip", "the song")  # fmt: skip
GOOD_EN = ("good", "great", "fun", "amazing", "wonderful", "beautiful", "excellent", "exciting", "perfect",
           "lovely", "funny", "touching", "interesting", "fantastic")  # fmt: skip
BAD_EN = ("bad", "boring", "terrible", "awful", "slow", "disappointing", "poor", "dull", "annoying", "weak",
          "confusing", "horrible", "messy", "noisy")  # fmt: skip
VERY_EN = ("", "very", "really", "so", "quite", "truly", "pretty")
LIKE_EN = (("loved", True), ("liked", True), ("enjoyed", True), ("hated", False), ("disliked", False),
           ("did not like", False), ("did not enjoy", False), ("really loved", True), ("really hated", False))  # fmt: skip
VERDICT_EN = (("highly recommended", True), ("worth it", True), ("i would go again", True),
              ("a must see", True), ("a waste of time", False), ("never again", False),
              ("not worth it", False), ("i want my money back", False))  # fmt: skip

# (subject with its particle) for each thing; predicates as (sentence-final form, "-지만" form, positive)
THINGS_KO = ("영화가", "이야기가", "연기가", "음악이", "결말이", "음식이", "서비스가", "책이", "게임이",
             "공연이", "호텔이", "휴대폰이", "수업이", "여행이", "노래가", "배우가")  # fmt: skip
GOOD_KO = (("좋았어", "좋았지만"), ("재미있었어", "재미있었지만"), ("훌륭했어", "훌륭했지만"),
           ("멋졌어", "멋졌지만"), ("감동적이었어", "감동적이었지만"), ("완벽했어", "완벽했지만"),
           ("최고였어", "최고였지만"), ("신났어", "신났지만"), ("아름다웠어", "아름다웠지만"),
           ("괜찮았어", "괜찮았지만"), ("즐거웠어", "즐거웠지만"), ("마음에 들었어", "마음에 들었지만"))  # fmt: skip
BAD_KO = (("나빴어", "나빴지만"), ("지루했어", "지루했지만"), ("별로였어", "별로였지만"),
          ("실망스러웠어", "실망스러웠지만"), ("끔찍했어", "끔찍했지만"), ("느렸어", "느렸지만"),
          ("재미없었어", "재미없었지만"), ("최악이었어", "최악이었지만"), ("형편없었어", "형편없었지만"),
          ("답답했어", "답답했지만"), ("시끄러웠어", "시끄러웠지만"), ("엉망이었어", "엉망이었지만"))  # fmt: skip
NOT_KO = (("안 좋았어", "안 좋았지만", False), ("좋지 않았어", "좋지 않았지만", False),
          ("재미있지 않았어", "재미있지 않았지만", False), ("멋지지 않았어", "멋지지 않았지만", False),
          ("안 나빴어", "안 나빴지만", True), ("나쁘지 않았어", "나쁘지 않았지만", True),
          ("지루하지 않았어", "지루하지 않았지만", True), ("안 지루했어", "안 지루했지만", True),
          ("느리지 않았어", "느리지 않았지만", True), ("별로가 아니었어", "별로가 아니었지만", True))  # fmt: skip
VERY_KO = ("", "정말", "진짜", "너무", "아주", "꽤")
VERDICT_KO = (("강력 추천해", True), ("또 보고 싶어", True), ("돈이 아깝지 않았어", True),
              ("시간 낭비였어", False), ("다시는 안 볼 거야", False), ("돈이 아까웠어", False))  # fmt: skip


def _words(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def clause_en(rng: random.Random) -> tuple[str, bool]:
    """One English clause about one thing, and whether it is positive."""
    thing, very, kind = rng.choice(THINGS_EN), rng.choice(VERY_EN), rng.random()
    if kind < 0.55:
        good = rng.random() < 0.5
        return _words(thing, rng.choice(("was", "is")), very, rng.choice(GOOD_EN if good else BAD_EN)), good
    if kind < 0.8:  # negated: "was not bad" is positive
        good = rng.random() < 0.5
        adj = rng.choice(GOOD_EN if good else BAD_EN)
        very = rng.choice(("", "very", "really")) if good else ""  # "not very good"; never "not very bad"
        return _words(thing, rng.choice(("was not", "is not")), very, adj), not good
    verb, good = rng.choice(LIKE_EN)
    return _words("i", verb, thing), good


def clause_ko(rng: random.Random) -> tuple[str, str, bool]:
    """One Korean clause: (sentence-final form, "-지만" form, positive)."""
    thing, very = rng.choice(THINGS_KO), rng.choice(VERY_KO)
    if rng.random() < 0.7:
        good = rng.random() < 0.5
        final, contrast = rng.choice(GOOD_KO if good else BAD_KO)
    else:
        final, contrast, good = rng.choice(NOT_KO)
        very = rng.choice(("", "정말", "진짜"))
    return _words(thing, very, final), _words(thing, very, contrast), good


def review(rng: random.Random) -> tuple[str, bool]:
    """A review and its label: one clause, two joined by a contrast or an "and", or a clause and a verdict."""
    shape = rng.random()
    if rng.random() < 0.5:  # English
        first, good = clause_en(rng)
        if shape < 0.35:
            return first + rng.choice(("", " .", " !")), good
        second, good2 = clause_en(rng)
        if shape < 0.75:
            return f"{first} but {second}", good2  # the clause after "but" decides
        if shape < 0.88:
            while good2 != good:
                second, good2 = clause_en(rng)
            return f"{first} and {second}", good
        verdict = rng.choice([v for v, g in VERDICT_EN if g == good])
        return f"{first} . {verdict}", good
    first, first_contrast, good = clause_ko(rng)
    if shape < 0.35:
        return first + rng.choice(("", " .", " !")), good
    second, _, good2 = clause_ko(rng)
    if shape < 0.8:
        return f"{first_contrast} {second}", good2  # "-지만": the second clause decides
    verdict = rng.choice([v for v, g in VERDICT_KO if g == good])
    return f"{first} . {verdict}", good


def generate(seed: int) -> Splits:
    rng = random.Random(seed)
    want = sum(SIZES)
    seen: dict[str, bool] = {}
    counts = {True: 0, False: 0}
    while len(seen) < want:
        text, good = review(rng)
        if text not in seen and counts[good] < want // 2 + 1:
            seen[text] = good
            counts[good] += 1
    by_label = {g: [t for t, v in seen.items() if v == g] for g in (True, False)}
    parts: list[list[Pair]] = [[], [], []]
    for good, texts in by_label.items():
        rng.shuffle(texts)
        start = 0
        for n, size in enumerate(SIZES):
            take = texts[start : start + size // 2]
            parts[n].extend(Pair(t, POSITIVE if good else NEGATIVE) for t in take)
            start += size // 2
    for part in parts:
        rng.shuffle(part)
    return Splits(*(tuple(p) for p in parts))


TASK = Task(
    name="sentiment",
    src_tokenizer="word",
    tgt_tokenizer="en",
    examples=(
        "the movie was really good",
        "the story was not bad",
        "the music was great but the ending was boring",
        "연기가 정말 좋았어",
        "음식이 좋았지만 서비스가 별로였어",
        "i loved the book . highly recommended",
    ),
    has_alignment=False,
    generate=generate,
)
