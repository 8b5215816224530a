"""Korean -> English: the en-ko grammar run backwards, accepting both 해체 and 한다체 input.

People type Korean in more than one register, and the seed's own example is in 한다체 ("나는 학교에 갔다").
So every en-ko sentence appears here twice, with the same English target:

    해체 (반말, spoken)        한다체 (plain, written)
    나는 너를 사랑해           나는 너를 사랑한다            -> i love you
    나는 사과를 먹어           나는 사과를 먹는다            -> i eat apples
    나는 학교에 갔어           나는 학교에 갔다              -> i went to school
    나는 사과를 먹을 거야      나는 사과를 먹을 것이다       -> i will eat apples
    나는 사과를 안 먹어        나는 사과를 안 먹는다         -> i don't eat apples
    나는 영어를 공부 안 해     나는 영어를 공부 안 한다      -> i don't study english

The 한다체 future is 먹을 것이다, the written form, rather than the colloquial 먹을 거다: it is what a
learner finds in textbooks, and 것이다 stays one token aligned to "will" like 거야. Both styles have the
same number of tokens, so both use the en-ko alignment, transposed to (ko index, en index).

Unlike en-ko nothing is dropped: "나는 책을 읽어" and "나는 책을 읽었어" both become "i read books".

Splits: the same held-out combinations as en-ko for the same seed (`en_ko.split_combinations`), so a
test sentence here is a test sentence there too. "나는 학교에 갔다" is always in train.

Sizes for every seed: 11880 pairs (2 x 5940 sentences): train 10464, valid 456, test 960, plus about a
quarter again as twins ending in "." or "!" (tasks.with_end_marks): seed 0 gives 13036 / 557 / 1213.
"""

from __future__ import annotations

import random

from s2s_core.tasks import Pair, Splits, Task, en_ko, with_end_marks


def _transpose(links: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted((j, i) for i, j in links))


def generate(seed: int) -> Splits:
    rng = random.Random(seed)
    parts = []
    for part in en_ko.split_sentences(seed):
        pairs = [
            Pair(" ".join(korean), " ".join(s.en), _transpose(s.sure), _transpose(s.possible))
            for s in part
            for korean in (s.ko, s.ko_plain)
        ]
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
        "그녀는 커피를 안 마셔",
        "우리는 영화를 볼 것이다",
        "내 친구는 고양이를 좋아한다",
        "아빠는 집에 안 갔어",
        "학생은 영어를 공부 안 해",
        "선생님은 음악을 들을 거야",
    ),
    has_alignment=True,
    generate=generate,
)
