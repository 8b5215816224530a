"""copy, reverse, sort: sequences of symbols, for the bottleneck and training demos.

The source is a random sequence over 20 symbols, the digits 0-9 and the letters a-j, written space-separated
("3 a 9 1") and read with the "symbol" tokenizer (one token per non-space character). The target is

    copy      the same sequence          3 a 9 1 -> 3 a 9 1   (the seed's Autoencoder row: rebuild the input)
    reverse   the sequence reversed      3 a 9 1 -> 1 9 a 3
    sort      sorted, digits before letters, each in natural order: 3 a 9 1 -> 1 3 9 a

Gold alignments are exact: each target position comes from one source position (for sort, the one a stable
sort puts there, so repeated symbols keep their order); sure = possible.

Lengths are 1..30 and spread evenly within each split, because the app plots exact match against length:
with a fixed-size context vector, long sequences are where copy and reverse break down. Short lengths cannot
hold their full share (there are only 20 sequences of length 1), so each split takes at most a fixed part
of them and the remainder is spread over the other lengths. No sequence occurs in two splits, and the
three tasks use the same sources for the same seed.

Sizes for every seed: train 20000, valid 1000, test 2000. Per length, test has 5 of length 1 and 68-70 of
each other length; train has 13 of length 1, 294 of length 2 and 702-704 of each longer one.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from s2s_core.tasks import Pair, Splits, Task

SYMBOLS = "0123456789abcdefghij"  # also the sort order: digits before letters
MAX_LENGTH = 30
SIZES = (20_000, 1_000, 2_000)  # train, valid, test
# At most this part of all sequences of one length goes to test / valid, so short lengths stay in train.
TEST_SHARE, VALID_SHARE = 1 / 4, 1 / 10


def _spread(total: int, caps: list[int]) -> list[int]:
    """Split `total` into counts as equal as possible, none above its cap (water filling)."""
    counts = [0] * len(caps)
    while total > 0:
        open_slots = [i for i, cap in enumerate(caps) if counts[i] < cap]
        if not open_slots:
            raise ValueError("the caps leave no room for that many")
        share, extra = divmod(total, len(open_slots))
        for rank, i in enumerate(open_slots):
            add = min(share + (rank < extra), caps[i] - counts[i])
            counts[i] += add
            total -= add
    return counts


def _distinct(length: int, n: int, rng: random.Random) -> list[str]:
    """`n` different random sequences of `length` symbols (n <= 20**length), in the order first drawn.
    Drawing until enough are distinct stays fast even when n is the whole pool: 20 of 20 takes ~70 draws."""
    drawn: dict[str, None] = {}  # a dict, not a set: it keeps the (random) order of first appearance
    while len(drawn) < n:
        drawn["".join(rng.choices(SYMBOLS, k=length))] = None
    return list(drawn)


def sources(seed: int) -> tuple[list[str], list[str], list[str]]:
    """(train, valid, test) source sequences (as strings of symbols, no spaces), disjoint, lengths spread."""
    lengths = range(1, MAX_LENGTH + 1)
    pools = [len(SYMBOLS) ** n for n in lengths]
    n_train, n_valid, n_test = SIZES
    test = _spread(n_test, [int(pool * TEST_SHARE) for pool in pools])
    valid = _spread(n_valid, [int(pool * VALID_SHARE) for pool in pools])
    train = _spread(n_train, [pool - t - v for pool, t, v in zip(pools, test, valid)])
    rng = random.Random(seed)
    parts: tuple[list[str], list[str], list[str]] = ([], [], [])
    for length, n_tr, n_va, n_te in zip(lengths, train, valid, test):
        drawn = _distinct(length, n_tr + n_va + n_te, rng)
        parts[0].extend(drawn[:n_tr])
        parts[1].extend(drawn[n_tr : n_tr + n_va])
        parts[2].extend(drawn[n_tr + n_va :])
    for part in parts:
        rng.shuffle(part)
    return parts


def _task(name: str, order: Callable[[str], list[int]], examples: tuple[str, ...]) -> Task:
    """A task whose target lists the source positions `order(seq)` gives, in that order."""

    def pair(seq: str) -> Pair:
        positions = order(seq)
        links = tuple(sorted(zip(positions, range(len(seq)))))  # (source i, target j), ordered by source
        return Pair(" ".join(seq), " ".join([seq[i] for i in positions]), links, links)

    def generate(seed: int) -> Splits:
        return Splits(*(tuple(pair(seq) for seq in part) for part in sources(seed)))

    def fresh(length: int, rng: random.Random) -> Pair:
        return pair("".join(rng.choices(SYMBOLS, k=length)))

    return Task(name, "symbol", "symbol", examples, has_alignment=True, generate=generate, fresh=fresh)


COPY = _task("copy", lambda seq: list(range(len(seq))), ("3 a 9 1", "a b c d e f g", "7 7 0 j 2 c 5 5 1 e"))
REVERSE = _task(
    "reverse",
    lambda seq: list(reversed(range(len(seq)))),
    ("1 2 3 4 5", "3 a 9 1", "j i h g f e d c b a 9 8"),
)
SORT = _task(
    "sort",
    lambda seq: sorted(
        range(len(seq)), key=lambda i: SYMBOLS.index(seq[i])
    ),  # sorted() is stable: ties keep order
    ("3 a 9 1 c 0", "j 2 b 2 a 1", "9 8 7 6 5 4 3 2 1 0 j i h g"),
)
