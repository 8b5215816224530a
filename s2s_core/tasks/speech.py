"""speech: synthetic speech of one or two command words -> the letters said (the note's speech recognition).

The source is a spectrogram our own code synthesizes (s2s_core/frames.py): each letter a pattern of energy
in 16 frequency bands held for 2-3 frames, words apart by silence, noise everywhere; a "take" number
decides the durations and the noise, so every take of "go left" sounds a little different. The target is
the text, letter by letter (the "char" tokenizer). Attention has to find where each letter is in time.

Words: the ten digits and ten commands (yes, no, go, stop, left, right, up, down, on, off), alone or in
pairs. Held out: one pair in eight is never heard in training, and every test input is a take no
training input used.
"""

from __future__ import annotations

import random

from s2s_core.tasks import Pair, Splits, Task

WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
         "yes", "no", "go", "stop", "left", "right", "up", "down", "on", "off")  # fmt: skip
TRAIN_TAKES, TEST_TAKE0 = 30, 100_000  # test takes start here: never a training input
PAIRS_HELD_OUT = 1 / 8


def generate(seed: int) -> Splits:
    rng = random.Random(seed)
    singles = list(WORDS)
    pairs = [f"{a} {b}" for a in WORDS for b in WORDS if a != b]
    rng.shuffle(pairs)
    n_out = int(len(pairs) * PAIRS_HELD_OUT)
    unseen, seen = pairs[:n_out], pairs[n_out:]
    train = [Pair(f"speech:{u}#{k}", u) for u in singles + seen for k in range(TRAIN_TAKES)]
    rng.shuffle(train)
    valid = [
        Pair(f"speech:{u}#{TEST_TAKE0 - 1 - i}", u) for i, u in enumerate(rng.choices(singles + seen, k=300))
    ]
    test_utterances = unseen * 4 + rng.choices(singles + seen, k=1500 - 4 * len(unseen))  # each a new take
    test = [Pair(f"speech:{u}#{TEST_TAKE0 + i}", u) for i, u in enumerate(test_utterances)]
    return Splits(tuple(train), tuple(valid), tuple(test))


TASK = Task(
    name="speech",
    src_tokenizer="speech",
    tgt_tokenizer="char",
    examples=(
        "speech:go left#1",
        "speech:stop#2",
        "speech:seven three#3",
        "speech:yes#4",
        "speech:up down#5",
    ),
    has_alignment=False,
    generate=generate,
)
