"""Dates: human-written dates in English and Korean -> ISO 8601 "YYYY-MM-DD".

A classic first attention demo: the output is short and fixed-format, while the input puts year, month
and day in different places and spellings, so the attention has to look in a different place for each
output character. Both sides use the "char" tokenizer.

Formats (shown for 5 March 2021, a Friday):
    March 5, 2021        Mar 5, 2021          5 March 2021         5 Mar 21
    March 5th 2021       March 5th, 2021      5th of March 2021
    Friday, March 5, 2021                     Fri, Mar 5, 2021
    3/5/2021             03/05/2021           3/5/21
    2021-03-05           2021/3/5             2021.03.05           2021. 3. 5.
    2021년 3월 5일       21년 3월 5일         2021년 03월 05일     2021년 3월 5일 금요일

Rules a reader needs to know:
  * Slashes with the year last follow the US convention, month/day/year: "3/5/2021" is March 5. The
    day-first reading is never generated, so every input has exactly one answer.
  * Two-digit years cover the range of the task, 1950-2049: 00-49 -> 20xx, 50-99 -> 19xx ("5 Mar 99" is
    1999-03-05, "5 Mar 21" is 2021-03-05).
  * Weekdays are computed from the date, so they are always right.
  * Most English inputs keep their capitals ("March"); 20% are all lowercase ("mar 5, 2021") and 5% all
    uppercase ("MARCH 5, 2021"), since the char tokenizer keeps case and people type all three.

Splits: the calendar days 1950-01-01..2049-12-31 are shuffled; 5% of the days are test days and 3% valid
days, and each split draws its dates only from its own days. A test date has therefore never been seen in
training in any format. Formats take turns, so each is equally common in every split.

Sizes for every seed: train 20000, valid 1000, test 2000 (no alignment: has_alignment is False).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from s2s_core.tasks import Pair, Splits, Task

FIRST_DAY, LAST_DAY = date(1950, 1, 1), date(2049, 12, 31)
SIZES = (20_000, 1_000, 2_000)  # train, valid, test pairs
TEST_DAYS, VALID_DAYS = 0.05, 0.03  # fractions of all days held out

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # date.weekday()
KO_WEEKDAYS = ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일")


def _month(d: date) -> str:
    return MONTHS[d.month - 1]


def _mon(d: date) -> str:
    return _month(d)[:3]


def _yy(d: date) -> str:
    return f"{d.year % 100:02d}"


def _nth(n: int) -> str:
    """1st 2nd 3rd 4th ... 11th 12th 13th ... 21st 22nd 23rd ... 31st."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# (the format written out for 2021-03-05, how to write any date that way)
FORMATS: tuple[tuple[str, Callable[[date], str]], ...] = (
    ("March 5, 2021", lambda d: f"{_month(d)} {d.day}, {d.year}"),
    ("Mar 5, 2021", lambda d: f"{_mon(d)} {d.day}, {d.year}"),
    ("5 March 2021", lambda d: f"{d.day} {_month(d)} {d.year}"),
    ("5 Mar 21", lambda d: f"{d.day} {_mon(d)} {_yy(d)}"),
    ("March 5th 2021", lambda d: f"{_month(d)} {_nth(d.day)} {d.year}"),
    ("March 5th, 2021", lambda d: f"{_month(d)} {_nth(d.day)}, {d.year}"),
    ("5th of March 2021", lambda d: f"{_nth(d.day)} of {_month(d)} {d.year}"),
    ("Friday, March 5, 2021", lambda d: f"{WEEKDAYS[d.weekday()]}, {_month(d)} {d.day}, {d.year}"),
    ("Fri, Mar 5, 2021", lambda d: f"{WEEKDAYS[d.weekday()][:3]}, {_mon(d)} {d.day}, {d.year}"),
    ("3/5/2021", lambda d: f"{d.month}/{d.day}/{d.year}"),
    ("03/05/2021", lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}"),
    ("3/5/21", lambda d: f"{d.month}/{d.day}/{_yy(d)}"),
    ("2021-03-05", lambda d: d.isoformat()),
    ("2021/3/5", lambda d: f"{d.year}/{d.month}/{d.day}"),
    ("2021.03.05", lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}"),
    ("2021. 3. 5.", lambda d: f"{d.year}. {d.month}. {d.day}."),
    ("2021년 3월 5일", lambda d: f"{d.year}년 {d.month}월 {d.day}일"),
    ("21년 3월 5일", lambda d: f"{_yy(d)}년 {d.month}월 {d.day}일"),
    ("2021년 03월 05일", lambda d: f"{d.year}년 {d.month:02d}월 {d.day:02d}일"),
    ("2021년 3월 5일 금요일", lambda d: f"{d.year}년 {d.month}월 {d.day}일 {KO_WEEKDAYS[d.weekday()]}"),
)


def _cased(text: str, rng: random.Random) -> str:
    """Mostly as written; sometimes all lowercase or all uppercase (no-op for digits and Hangul)."""
    roll = rng.random()
    if roll < 0.05:
        return text.upper()
    if roll < 0.25:
        return text.lower()
    return text


def _sample(days: list[date], n: int, rng: random.Random) -> tuple[Pair, ...]:
    """`n` distinct inputs written from `days`, the formats taking turns."""
    pairs: dict[str, Pair] = {}
    while len(pairs) < n:
        _, write = FORMATS[len(pairs) % len(FORMATS)]
        day = rng.choice(days)
        src = _cased(write(day), rng)
        pairs.setdefault(src, Pair(src, day.isoformat()))
    shuffled = list(pairs.values())
    rng.shuffle(shuffled)
    return tuple(shuffled)


def generate(seed: int) -> Splits:
    rng = random.Random(seed)
    days = [FIRST_DAY + timedelta(n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    rng.shuffle(days)
    n_test, n_valid = round(TEST_DAYS * len(days)), round(VALID_DAYS * len(days))
    test_days, valid_days, train_days = (
        days[:n_test],
        days[n_test : n_test + n_valid],
        days[n_test + n_valid :],
    )
    n_train, n_valid_pairs, n_test_pairs = SIZES
    return Splits(
        train=_sample(train_days, n_train, rng),
        valid=_sample(valid_days, n_valid_pairs, rng),
        test=_sample(test_days, n_test_pairs, rng),
    )


TASK = Task(
    name="dates",
    src_tokenizer="char",
    tgt_tokenizer="char",
    examples=(
        "March 5, 2021",
        "5 Mar 21",
        "2021년 3월 5일",
        "3/5/2021",
        "Friday, March 5, 2021",
        "5th of March 2021",
        "2021. 3. 5.",
        "21년 3월 5일",
    ),
    has_alignment=False,
    generate=generate,
)
