"""The lesson's predict-then-reveal questions, computed from what the live models do (no Streamlit here).

A student answers before the model shows the answer; so the right answer is never typed in: each function
below reads it off a trace (or the outputs of a model run) and builds the choices around it. Change the
sentence or the model and the question, its choices and its right answer change with it.

A `Question` holds only data: the choices, which one is right, and the numbers its wording and its
one-line "why" need (`facts`, formatted by the page in the current language). Choices are shown as they are
(tokens, numbers), or, when `keyed`, are names the page translates (yes/no, the bidirectional outcomes).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .trace import Trace

CHOICES = 4  # choices per question, where there are enough plausible ones


@dataclass(frozen=True)
class Question:
    step: str  # the lesson step it belongs to, e.g. "decoder"
    options: tuple[str, ...]  # the choices, in the order shown
    answer: int  # index of the right choice in `options`
    facts: Mapping[str, object] = field(default_factory=dict)  # values for its wording and its "why"
    keyed: bool = False  # options are names the page translates (lesson.<step>.opt_<name>)

    @property
    def id(self) -> str:
        """Changes whenever the question does (another sentence, another model): an answer given to one
        question is never counted for another."""
        facts = sorted((k, str(v)) for k, v in self.facts.items())
        return f"{zlib.crc32(repr((self.step, self.options, self.answer, facts)).encode()):08x}"

    @property
    def right(self) -> str:
        return self.options[self.answer]


def _ask(
    where: str, right: str, others: Sequence[str], seed: str, keyed=False, order=False, **facts
) -> Question:
    """A question of the lesson step `where` whose choices are `right` and up to CHOICES-1 distinct
    `others`, shuffled by a seed taken from the question itself (the same question always shows the same
    order; the right one moves around), or kept in the given order when `order` (numbers read best so)."""
    options = [right] + [o for o in dict.fromkeys(others) if o != right][: CHOICES - 1]
    if order:
        options.sort(key=lambda o: float(o.replace(",", "")))
    else:
        random.Random(zlib.crc32(f"{where}|{seed}".encode())).shuffle(options)
    return Question(where, tuple(options), options.index(right), facts, keyed)


def output_length(trace: Trace) -> Question:
    """How many tokens will the decoder write (before <eos>)? The input's length is a tempting wrong one."""
    n_out, n_in = len(trace.output_tokens), len(trace.source.tokens)
    start = max(1, n_out - zlib.crc32(trace.text.encode()) % 3)
    numbers = [str(k) for k in range(start, start + CHOICES)]
    return _ask("sequence", str(n_out), numbers, trace.text, order=True, n_in=n_in, n_out=n_out,
                output=" ".join(trace.output_tokens))  # fmt: skip


def state_count(trace: Trace) -> Question:
    """How many hidden-state vectors does the encoder's top layer hand on? One per input token."""
    states = trace.encoder.outputs  # (S, D*H)
    n, width = states.shape
    cfg = trace.config
    wrong = [1, n * cfg["layers"] * (2 if cfg["bidirectional"] else 1), n + 1, 2 * n, n - 1]
    numbers = [str(k) for k in wrong if k >= 1]
    return _ask("encoder", str(n), numbers, trace.text, order=True, n=n, width=width)


def correct_positions(reference: Sequence[str], output: Sequence[str]) -> int:
    """How many positions hold the reference's token (the lesson's "why" and the Bottleneck lab say it)."""
    return sum(a == b for a, b in zip(reference, output))


def bottleneck(
    source: Sequence[str], without: Sequence[str], with_attention: Sequence[str], hidden: int
) -> Question:
    """Will the model without attention reverse this long sequence exactly? Read off both models' outputs."""
    reference = list(reversed(source))
    exact = list(without) == reference
    facts = dict(n=len(source), right_none=correct_positions(reference, without),
                 right_att=correct_positions(reference, with_attention), hidden=hidden,
                 output=" ".join(without))  # fmt: skip
    return _ask(
        "context", "yes" if exact else "no", ["no" if exact else "yes"], " ".join(source), keyed=True, **facts
    )


def next_token(trace: Trace, step: int) -> Question:
    """After the first `step` output tokens, which token is the decoder's most likely next one? The choices
    are its own top candidates at that step (so every wrong one is a token it did consider)."""
    step = min(max(step, 0), len(trace.decoder.topk_tokens) - 1)
    candidates = list(trace.decoder.topk_tokens[step])
    prefix = " ".join(trace.decoder.output_tokens[:step]) or "<sos>"
    p = float(trace.decoder.topk_probs[step][0])
    return _ask("decoder", candidates[0], candidates[1:], f"{trace.text}|{step}", prefix=prefix, p=round(p, 3),
                step=step + 1)  # fmt: skip


def copy_output(source: Sequence[str], output: Sequence[str]) -> Question:
    """What does the autoencoder (the copy model) write for this input? The other choices are what the
    reverse and sort tasks would write; the model's own output is the right one, whatever it is."""
    said = " ".join(output)
    others = [" ".join(reversed(source)), " ".join(sorted(source)), " ".join(source[1:] + source[:1])]
    exact = list(output) == list(source)
    return _ask("concepts", said, others, " ".join(source), source=" ".join(source), output=said, exact=exact)


def sentiment(text: str, labels: Sequence[str], label: str, p: float) -> Question:
    """Which label does the many-to-one model give the whole review?"""
    return _ask(
        "io_types", label, [x for x in labels if x != label], text, keyed=True, text=text, p=round(p, 3)
    )


def later_words_matter(
    uni_later: np.ndarray, bi_later: np.ndarray, word: str, later: Sequence[str]
) -> Question:
    """Do the words after `word` change the encoder's state there, in the unidirectional and in the
    bidirectional encoder? Read off their measured influence (exactly 0 when they cannot reach it)."""
    uni, bi = float(np.abs(uni_later).max()), float(np.abs(bi_later).max())
    outcomes = {
        (False, True): "bi_only",
        (True, True): "both",
        (False, False): "neither",
        (True, False): "uni_only",
    }
    return _ask("bidirectional", outcomes[(uni > 0, bi > 0)], list(outcomes.values()), word, keyed=True, word=word,
                later=" ".join(later), uni=uni, bi=bi)  # fmt: skip


SHRINK_ORDERS = (1, 3, 5, 7)  # the choices: 10x, 1,000x, 100,000x, 10,000,000x smaller


def vanishing(orders: float, cell: str, layers: int, length: int) -> Question:
    """How much smaller is the gradient at the first of `length` words than at the last? `orders` is the
    measured log10 of first / last (negative when it shrinks); the right choice is the nearest power."""
    shrink = -orders
    nearest = min(SHRINK_ORDERS, key=lambda k: abs(k - shrink))
    numbers = [f"{10**k:,}" for k in SHRINK_ORDERS]
    return _ask("deep", f"{10**nearest:,}", numbers, cell, order=True, cell=cell.upper(), layers=layers,
                length=length, orders=round(shrink, 1))  # fmt: skip


def weakest_cell(orders_by_cell: Mapping[str, float], length: int) -> Question:
    """Which cell, freshly initialised, keeps the least of the gradient at the first word?"""
    weakest = min(orders_by_cell, key=orders_by_cell.get)
    facts = {f"{cell}_orders": round(-v, 1) for cell, v in orders_by_cell.items()}
    return _ask("gates", weakest.upper(), [c.upper() for c in orders_by_cell], "cells", order=False,
                length=length, **facts)  # fmt: skip


def _word_choices(shown: Sequence[str]) -> list[str]:
    """Input tokens as choices; a token that occurs twice is told apart by its position."""
    counts = {tok: shown.count(tok) for tok in shown}
    return [f"{tok} ({i + 1})" if counts[tok] > 1 else tok for i, tok in enumerate(shown)]


def attended_word(
    weights: np.ndarray, shown: Sequence[str], step: int, written: str, step_name="attention"
) -> Question:
    """Which input token does the output step `step` (writing `written`) weigh most? `weights` is (T, S)."""
    row = np.asarray(weights[step])  # (S,)
    choices = _word_choices(list(shown))
    best = int(np.argmax(row))
    others = [choices[i] for i in np.argsort(-row) if i != best]
    return _ask(step_name, choices[best], others, f"{' '.join(shown)}|{step}|{written}", word=written,
                weight=round(float(row[best]), 3), step=step + 1)  # fmt: skip


def last_word_step(output_tokens: Sequence[str]) -> int:
    """The step that writes the last token before <eos> (사랑해 in 나는 너를 사랑해): usually the verb."""
    return max(0, len(output_tokens) - 1)


def reply(message: str, replies: Mapping[str, str]) -> Question:
    """What does the chatbot answer to `message`? The other choices are its answers to other messages."""
    right = replies[message]
    return _ask("applications", right, [r for m, r in replies.items() if m != message], message, message=message,
                reply=right)  # fmt: skip


def score(answers: Mapping[str, tuple[str, bool]], questions: Mapping[str, Question]) -> tuple[int, int]:
    """(right, answered) over the questions as they are now: an answer to an older version of a question
    (before the sentence or the model changed) does not count."""
    current = [answers[s][1] for s, q in questions.items() if s in answers and answers[s][0] == q.id]
    return sum(current), len(current)
