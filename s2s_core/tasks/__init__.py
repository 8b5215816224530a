"""The tasks a model can be trained on, and the data each one generates.

Every task is generated here from a small grammar or a rule, never downloaded, so the data is small,
exact and reproducible: `get_task("en-ko").generate(seed)` returns the same `Splits` on every machine.

  en-ko     simple English sentences -> Korean 해체 (반말), with gold word alignments   (en_ko.py)
  ko-en     the same grammar backwards; accepts 해체 and 한다체 input                  (ko_en.py)
  dates     human-written dates in English and Korean -> ISO YYYY-MM-DD                 (dates.py)
  copy, reverse, sort   space-separated symbol sequences, with position alignments     (symbols.py)
  sentiment a review in English or Korean -> positive / negative (many-to-one)          (sentiment.py)
  tagging   an English sentence -> one part-of-speech tag per word (synchronized)       (tagging.py)
  chatbot   a message in English or Korean -> a reply in the same language              (chatbot.py)
  summarization  a long English sentence -> its subject, verb and object               (summarization.py)
  digits    an 8x8 handwritten digit (one frame) -> its name (one-to-one)               (digits.py)
  digit-captioning  the same images -> "seven , thick strokes" (one-to-many)            (digits.py)
  speech    synthetic speech of command words -> the letters said                        (speech.py)
  video-captioning  a clip of a moving coloured shape -> "a red circle moves left"      (video.py)

Gold alignments let the attention views say how close the model's attention is to what a person
would draw. They follow Och & Ney (2003): `sure` links are unambiguous, `possible` links add the ones
an annotator might draw or not (function words such as "the" or "to"); `possible` always contains
`sure`, so alignment error rate can be computed directly from the two sets.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Pair:
    """One training example. Link indices refer to the tokens of `tokenize(src, task.src_tokenizer)`
    and `tokenize(tgt, task.tgt_tokenizer)` from s2s_core.text."""

    src: str  # text as a user would type it
    tgt: str  # reference output text
    sure: tuple[tuple[int, int], ...] = ()  # gold links (src_token_index, tgt_token_index)
    possible: tuple[tuple[int, int], ...] = ()  # superset of `sure`; empty when the task has no alignment


@dataclass(frozen=True)
class Splits:
    """Train / valid / test. Test examples are built so that they never occur in train (see each task)."""

    train: tuple[Pair, ...]
    valid: tuple[Pair, ...]
    test: tuple[Pair, ...]


@dataclass(frozen=True)
class Task:
    """What a page needs to know about a task: how to tokenize each side, what to offer, how to get data."""

    name: str  # "en-ko", "ko-en", "dates", "copy", "reverse", "sort"
    src_tokenizer: str  # one of s2s_core.text.TOKENIZERS
    tgt_tokenizer: str
    examples: tuple[str, ...]  # inputs to offer in the UI; the first is the default
    has_alignment: bool  # True when pairs carry gold `sure`/`possible` links
    generate: Callable[[int], Splits]  # seed -> splits; deterministic, uses its own random.Random(seed)
    # (length, rng) -> a new pair with a source of that many tokens, for tasks that can make one of any
    # length (copy, reverse, sort): the bottleneck and gradient labs go past the data's longest input
    fresh: Callable[[int, random.Random], Pair] | None = None


def with_end_marks(pairs: list[Pair], rng, fraction: float = 0.25) -> list[Pair]:
    """`pairs` plus, for a random `fraction` of them, a copy ending in "." or "!" on both sides.

    People type "I love you." as often as "I love you"; without these the mark would be <unk>. The
    mark is its own token on both sides (see text.tokenize) and aligns to its twin (a sure link).
    """
    out = list(pairs)
    for p in pairs:
        if p.src.endswith("?"):  # a question has its mark already
            continue
        if rng.random() < fraction:
            mark = "!" if rng.random() < 0.3 else "."
            n_src, n_tgt = len(p.src.split()), len(p.tgt.split())
            link = ((n_src, n_tgt),) if p.sure else ()
            out.append(Pair(f"{p.src} {mark}", f"{p.tgt} {mark}", p.sure + link, p.possible + link))
    return out


# The task modules import Pair/Splits/Task from this package, so they can only be imported once those
# classes exist; hence the imports below the class definitions.
from s2s_core.tasks import (  # noqa: E402,I001
    chatbot, dates, digits, en_ko, ko_en, sentiment, speech, summarization, symbols, tagging, video,
)  # fmt: skip

TASKS: Mapping[str, Task] = MappingProxyType(
    {
        task.name: task
        for task in (
            en_ko.TASK, ko_en.TASK, dates.TASK, symbols.COPY, symbols.REVERSE, symbols.SORT,
            sentiment.TASK, tagging.TASK, chatbot.TASK, summarization.TASK, digits.DIGITS, digits.CAPTIONING,
            speech.TASK, video.TASK,
        )
    }
)  # fmt: skip


def get_task(name: str) -> Task:
    """The task called `name`; a ValueError (not KeyError) naming the valid choices otherwise."""
    try:
        return TASKS[name]
    except KeyError:
        raise ValueError(f"unknown task {name!r}; expected one of {', '.join(TASKS)}") from None
