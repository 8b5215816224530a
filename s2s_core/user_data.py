"""Your own data: pasted or uploaded source/target pairs, checked line by line, split into train and test.

Accepted: one pair per line, source and target separated by a tab (.tsv, or pasted text) or, for a .csv
file, by the first comma. Everything is read in memory (nothing is written to disk) and bounded before it
is looked at: at most MAX_BYTES of text, MAX_PAIRS pairs, MAX_TOKENS tokens a side. Each bad line is
reported by its number, so a user can fix the file; empty lines are skipped. Both sides are split into
words by spaces, with punctuation as its own token (the "ko" tokenizer, which suits any language).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .tasks import Pair, Splits
from .text import MAX_TOKENS, normalize, tokenize

MAX_BYTES = 1_000_000  # an upload or a paste larger than this is refused before it is read
MAX_PAIRS = 2_000
MIN_PAIRS = 10  # fewer cannot be split into something to learn from and something to test on
TEST_SHARE = 0.1  # held out for the test, and as much again for validation (at least 1 pair each)
TOKENIZER = "ko"  # words by spaces, punctuation separate, no lowercasing


@dataclass(frozen=True)
class LineError:
    line: int  # 1-based
    reason: str  # "no_separator" | "empty_side" | "too_long"


@dataclass(frozen=True)
class Parsed:
    pairs: tuple[Pair, ...]
    errors: tuple[LineError, ...]


class DataError(ValueError):
    """The whole input is unusable ("too_big", "not_text", "too_many", "too_few"); `params` fill the message."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise DataError("too_big", limit=MAX_BYTES // 1000)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError("not_text") from err


def parse(text: str, csv: bool = False) -> Parsed:
    """Pairs and line errors of `text`. DataError when it is too big, has too many or too few pairs."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise DataError("too_big", limit=MAX_BYTES // 1000)
    pairs, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        sep = "," if csv and "\t" not in line else "\t"
        if sep not in line:
            errors.append(LineError(number, "no_separator"))
            continue
        src, tgt = (normalize(part) for part in line.split(sep, 1))
        if not src or not tgt:
            errors.append(LineError(number, "empty_side"))
            continue
        if max(len(tokenize(src, TOKENIZER)), len(tokenize(tgt, TOKENIZER))) > MAX_TOKENS:
            errors.append(LineError(number, "too_long"))
            continue
        pairs.append(Pair(src, tgt))
        if len(pairs) > MAX_PAIRS:
            raise DataError("too_many", limit=MAX_PAIRS)
    if len(pairs) < MIN_PAIRS:
        raise DataError("too_few", n=len(pairs), minimum=MIN_PAIRS)
    return Parsed(tuple(pairs), tuple(errors))


def split(pairs: tuple[Pair, ...], seed: int = 0) -> Splits:
    """A seeded shuffle, then TEST_SHARE held out for the final test and as much again for validation
    (early stopping), at least one pair each; the model never trains on either."""
    order = list(pairs)
    random.Random(seed).shuffle(order)
    n = max(1, round(len(order) * TEST_SHARE))
    return Splits(tuple(order[2 * n :]), tuple(order[n : 2 * n]), tuple(order[:n]))
