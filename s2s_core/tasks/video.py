"""video-captioning: eight small frames of a coloured shape moving -> a sentence saying what happens.

The source is a clip our own code draws (s2s_core/frames.py): an 8x8 colour image per frame, a square,
circle, cross or bar in red, green, blue or yellow, moving left, right, up or down across a faintly noisy
background; a "take" number decides where it starts and the noise. The target is the sentence "a red circle
moves left": the colour and the shape are in every frame, the direction only in how frames differ, so
the model has to compare frames in time.

Held out: every test clip is a take no training clip used (new starting points and noise) of the 64
colour-shape-direction combinations.
"""

from __future__ import annotations

import random

from s2s_core.frames import COLOURS, MOVES, SHAPES
from s2s_core.tasks import Pair, Splits, Task

TRAIN_TAKES, TEST_TAKES, TEST_TAKE0 = 160, 12, 100_000


def sentence(colour: str, shape: str, move: str) -> str:
    return f"a {colour} {shape} moves {move}"


def generate(seed: int) -> Splits:
    rng = random.Random(seed)
    combos = [(c, s, m) for c in COLOURS for s in SHAPES for m in MOVES]
    train = [
        Pair(f"video:{c} {s} {m}#{k}", sentence(c, s, m)) for c, s, m in combos for k in range(TRAIN_TAKES)
    ]
    rng.shuffle(train)
    valid = [
        Pair(f"video:{c} {s} {m}#{TEST_TAKE0 - 1 - i}", sentence(c, s, m))
        for i, (c, s, m) in enumerate(combos)
    ]
    first = TEST_TAKE0 + 1000 * seed  # each seed its own test takes, all above any training take
    test = [Pair(f"video:{c} {s} {m}#{first + i * TEST_TAKES + k}", sentence(c, s, m))
            for i, (c, s, m) in enumerate(combos) for k in range(TEST_TAKES)]  # fmt: skip
    return Splits(tuple(train), tuple(valid), tuple(test))


TASK = Task(
    name="video-captioning",
    src_tokenizer="video",
    tgt_tokenizer="en",
    examples=(
        "video:red circle left#1",
        "video:blue square up#2",
        "video:yellow cross right#3",
        "video:green bar down#4",
    ),  # fmt: skip
    has_alignment=False,
    generate=generate,
)
