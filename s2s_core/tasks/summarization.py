"""summarization: a long English sentence -> its short summary (the note's document summarization row).

A sentence is a core, who did what to what ("the teacher read a book"), wrapped in what a summary drops:
adjectives and intensifiers ("the very tired old teacher"), adverbs ("slowly"), time ("yesterday"),
places ("in the quiet library"), and a clause ("because it was raining", "after the class ended"). The
summary keeps the core:

  yesterday the very tired old teacher slowly read a long book in the quiet library
  -> the teacher read a book

Every summary word is a copy of one source word, so the gold alignment is exact (sure = possible) and
the Attention page shows what was kept. Splits: distinct sentences, and no test core (subject, verb,
object) occurs in train: the model must find the core in wrappings it has seen around other cores.
"""

from __future__ import annotations

import random

from s2s_core.tasks import Pair, Splits, Task

SIZES = (16_000, 800, 2_000)  # train, valid, test

DETS = ("the", "a", "my", "his", "her", "our", "this")
SUBJECTS = ("teacher", "student", "doctor", "cat", "dog", "girl", "boy", "farmer", "chef", "child", "king",
            "driver", "artist", "baby", "man", "woman")  # fmt: skip
VERBS = ("read", "ate", "found", "bought", "saw", "painted", "cooked", "lost", "sold", "carried", "opened",
         "wrote", "washed", "made", "liked", "chose")  # fmt: skip
OBJECTS = ("book", "apple", "letter", "cake", "picture", "box", "door", "song", "car", "hat", "bag", "map",
           "ball", "window", "story", "flower")  # fmt: skip
ADJS = ("tired", "old", "young", "happy", "small", "big", "kind", "quiet", "red", "new", "long", "funny",
        "sad", "little", "clever", "busy")  # fmt: skip
VERY = ("very", "really", "quite", "extremely")
ADVS = ("slowly", "quickly", "happily", "carefully", "quietly", "finally", "suddenly", "proudly")
TIMES = ("yesterday", "today", "last night", "this morning", "on sunday", "at noon", "last year")
PLACES = ("library", "park", "kitchen", "market", "garden", "school", "station", "house")
CLAUSES = ("because it was raining", "after the class ended", "before the sun set", "while everyone slept",
           "when the bell rang", "because he was hungry", "although it was late", "as the music played")  # fmt: skip


def _noun_phrase(det: str, noun: str, rng: random.Random) -> tuple[list[str], int]:
    """The words of a wrapped noun phrase and the index of its noun (the det is always first)."""
    mods = []
    for _ in range(rng.choice((0, 1, 1, 2))):
        if rng.random() < 0.3:
            mods.append(rng.choice(VERY))
        mods.append(rng.choice([a for a in ADJS if a not in mods]))
    return [det, *mods, noun], len(mods) + 1


def sentence(core: tuple[str, str, str, str, str], rng: random.Random) -> Pair:
    """(det, subject, verb, det, object) wrapped at random; the summary is the core, aligned to its copies."""
    d1, subj, verb, d2, obj = core
    words: list[str] = []
    keep: list[int] = []  # source positions of the summary's words, in order
    if rng.random() < 0.4:
        words += rng.choice(TIMES).split()
    np1, head1 = _noun_phrase(d1, subj, rng)
    keep += [len(words), len(words) + head1]
    words += np1
    if rng.random() < 0.4:
        words.append(rng.choice(ADVS))
    keep.append(len(words))
    words.append(verb)
    np2, head2 = _noun_phrase(d2, obj, rng)
    keep += [len(words), len(words) + head2]
    words += np2
    if rng.random() < 0.5:
        words += ["in", "the", *([rng.choice(ADJS)] if rng.random() < 0.4 else []), rng.choice(PLACES)]
    if rng.random() < 0.3:
        words += rng.choice(CLAUSES).split()
    summary = [words[i] for i in keep]
    links = tuple((i, j) for j, i in enumerate(keep))
    return Pair(" ".join(words), " ".join(summary), tuple(sorted(links)), tuple(sorted(links)))


def generate(seed: int) -> Splits:
    rng = random.Random(seed)
    cores = [(d1, s, v, d2, o) for s in SUBJECTS for v in VERBS for o in OBJECTS
             for d1, d2 in [(rng.choice(DETS), rng.choice(DETS))]]  # fmt: skip
    rng.shuffle(cores)
    n_test, n_valid = len(cores) // 10, len(cores) // 20
    parts = (cores[n_test + n_valid :], cores[n_test : n_test + n_valid], cores[:n_test])
    out = []
    for part, size in zip(parts, SIZES):
        pairs: dict[str, Pair] = {}
        while len(pairs) < size:
            p = sentence(rng.choice(part), rng)
            if len(p.src.split()) >= 6:  # a summary shorter than what it summarizes
                pairs.setdefault(p.src, p)
        out.append(tuple(pairs.values()))
    return Splits(*out)


TASK = Task(
    name="summarization",
    src_tokenizer="en",
    tgt_tokenizer="en",
    examples=(
        "yesterday the very tired old teacher slowly read a long book in the quiet library",
        "the little girl happily painted a red flower in the garden because it was raining",
        "this morning my clever dog suddenly found a small ball",
        "our busy chef carefully cooked a big cake after the class ended",
    ),
    has_alignment=True,
    generate=generate,
)
