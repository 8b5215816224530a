"""Korean -> English: the en-ko grammar run backwards, accepting 해체, 한다체 and 해요체 input.

People type Korean in more than one register: the seed's own example is in 한다체 ("나는 학교에 갔다"),
and a student's first sentences are often polite 해요체 (갔어요, 학생이에요). So each en-ko sentence comes
here in several registers, all with the same English target:

    해체 (반말, spoken)      한다체 (plain, written)     해요체 (polite)
    나는 너를 사랑해         나는 너를 사랑한다          나는 너를 사랑해요       -> i love you
    나는 학교에 갔어         나는 학교에 갔다            나는 학교에 갔어요       -> i went to school
    나는 사과를 먹을 거야    나는 사과를 먹을 것이다     나는 사과를 먹을 거예요  -> i will eat apples
    나는 학생이야            나는 학생이다               나는 학생이에요          -> i am a student
    너는 나를 사랑해 ?       (한다체 asks with -니)      너는 나를 사랑해요 ?     -> do you love me ?

The 한다체 future is 먹을 것이다, the written form, rather than the colloquial 먹을 거다: it is what a
learner finds in textbooks, and 것이다 stays one token aligned to "will" like 거야. All registers have the
same number of tokens, so they share the en-ko alignment, transposed to (ko index, en index).

The English target is the grammar's default wording (`Sentence.default`): one reference per input, so
고양이를 is "cats" (never "the cat" or "a cat"), 우리 엄마 is "my mom", a time word goes at the end ("i went
to school yesterday"). "나는 책을 읽어" and "나는 책을 읽었어" both become "i read books".

Registers: the core sentences (the original grammar) come in 해체 and 한다체 always and in 해요체 half of the
time; every other sentence in 해체 and, 60% of the time, one of the other two. Fixed phrases come in every
Korean form listed for them (고마워, 고마워요, 감사합니다 -> thank you).

Splits: the same held-out combinations as en-ko for the same seed (`en_ko.split_combinations`), so a
test sentence here is a test sentence there too. "나는 학교에 갔다" is always in train.
"""

from __future__ import annotations

import random

from s2s_core.tasks import Pair, Splits, Task, en_ko, lexicon, with_end_marks

PHRASE_REPEATS = (
    12  # copies of each fixed phrase's Korean forms in train (its 나도 is not confused with 나는)
)


def _transpose(links: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted((j, i) for i, j in links))


def _pair(korean: tuple[str, ...], s: en_ko.Sentence) -> Pair:
    return Pair(" ".join(korean), " ".join(s.en), _transpose(s.sure), _transpose(s.possible))


def registers(s: en_ko.Sentence, rng: random.Random) -> list[tuple[str, ...]]:
    """The Korean forms of `s` that ko-en reads (see the module docstring)."""
    out = [s.ko]
    if s.anchor:
        return [k for k in (s.ko, s.ko_plain, s.ko_polite) if k is not None]
    if s.core:
        out += [s.ko_plain] if s.ko_plain is not None else []
        if rng.random() < 0.5:
            out.append(s.ko_polite)
    elif rng.random() < 0.6:
        out.append(rng.choice([k for k in (s.ko_plain, s.ko_polite) if k is not None]))
    return out


def phrase_pairs() -> list[Pair]:
    """Every Korean form of each fixed phrase -> its default English. A form with as many words as the
    해체 shares its links (잘 가요 / 잘 가); another links every word to the last English word."""
    out = []
    by_source = {" ".join(s.en): s for s in en_ko.phrases() if s.default}
    for ph in lexicon.PHRASES:
        s = by_source[ph.en[0]]
        out.append(_pair(s.ko, s))
        for korean in ph.ko_also:
            words = tuple(korean.split())
            if len(words) == len(s.ko):
                out.append(_pair(words, s))
            else:
                last = len(s.en) - 1
                links = tuple((j, last) for j in range(len(words)))
                possible = tuple((j, i) for j in range(len(words)) for i in range(len(s.en)))
                out.append(Pair(korean, " ".join(s.en), links, possible))
    return out


def generate(seed: int) -> Splits:
    rng = random.Random(seed)
    parts = []
    for n, part in enumerate(en_ko.split_sentences(seed)):
        pairs = [_pair(korean, s) for s in part if s.default and s.combo[1] for korean in registers(s, rng)]
        if n == 0:
            pairs += phrase_pairs() * PHRASE_REPEATS
        pairs = with_end_marks(pairs, rng)
        rng.shuffle(pairs)
        parts.append(tuple(pairs))
    return Splits(*parts)


TASK = Task(
    name="ko-en",
    src_tokenizer="ko",
    tgt_tokenizer="en",
    examples=(
        "나는 학교에 갔다",
        "나는 너를 사랑해",
        "나는 어제 학교에 갔어요",
        "그녀는 선생님이에요",
        "우리는 행복할 거야",
        "너는 나를 사랑해?",
        "나는 우리 엄마를 사랑해",
        "나는 빵을 먹고 싶어",
        "고양이는 생선을 먹는다",
        "고마워요",
    ),
    has_alignment=True,
    generate=generate,
)
