"""digits and digit-captioning: scikit-learn's bundled 8x8 handwritten digits as the source (one frame).

  digits            one-to-one: an image -> its digit as a word, one token ("digit:12" -> "two")
  digit-captioning  one-to-many: an image -> a short description, token by token:
                    "digit:12" -> "two , thick strokes" (the stroke width from the image's own ink)

The stroke width is measured, never annotated: an image is "thick" when its total ink is above the median
of its digit, "thin" below. Images within 8% of the median are left out of the captioning task (their
width is a coin toss a person could not call either). Splits hold out images: the test images are never
seen in training, in any shift. Training images are also used shifted by one pixel in each direction
(written as "pixels:" strings, s2s_core/frames.py), so that a digit drawn a little off centre is known.
"""

from __future__ import annotations

import random

import numpy as np

from s2s_core.frames import digit_images, pixels_text
from s2s_core.tasks import Pair, Splits, Task

WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MARGIN = 0.08  # captioning leaves out images whose ink is this close to their digit's median
TEST_SHARE, VALID_SHARE = 0.2, 0.1


def _shifted(img: np.ndarray) -> list[np.ndarray]:
    """The image moved by one pixel left, right, up and down (ink that leaves the grid is lost)."""
    out = []
    for axis, step in ((1, -1), (1, 1), (0, -1), (0, 1)):
        moved = np.roll(img, step, axis=axis)
        if axis == 1:
            moved[:, 0 if step == 1 else -1] = 0
        else:
            moved[0 if step == 1 else -1, :] = 0
        out.append(moved)
    return out


def _split(seed: int) -> tuple[list[int], list[int], list[int]]:
    """Image indices (train, valid, test), each digit in the same proportions."""
    _, labels = digit_images()
    rng = random.Random(seed)
    parts: tuple[list[int], list[int], list[int]] = ([], [], [])
    for d in range(10):
        idx = [i for i in range(len(labels)) if labels[i] == d]
        rng.shuffle(idx)
        n_test, n_valid = round(len(idx) * TEST_SHARE), round(len(idx) * VALID_SHARE)
        parts[2].extend(idx[:n_test])
        parts[1].extend(idx[n_test : n_test + n_valid])
        parts[0].extend(idx[n_test + n_valid :])
    return parts


def caption(i: int) -> str | None:
    """The description of image i, or None when its stroke width is too close to call."""
    images, labels = digit_images()
    ink = images.reshape(len(images), -1).sum(axis=1)
    d = int(labels[i])
    median = float(np.median(ink[labels == d]))
    if abs(ink[i] - median) <= MARGIN * median:
        return None
    return f"{WORDS[d]} , {'thick' if ink[i] > median else 'thin'} strokes"


def _generate(seed: int, target) -> Splits:
    images, _ = digit_images()
    rng = random.Random(seed)
    train_idx, valid_idx, test_idx = _split(seed)
    train = []
    for i in train_idx:
        tgt = target(i)
        if tgt is None:
            continue
        train.append(Pair(f"digit:{i}", tgt))
        train += [Pair(pixels_text(img), tgt) for img in _shifted(images[i])]
    train = list({p.src: p for p in train}.values()) * 2  # two passes per epoch: a small data set
    rng.shuffle(train)

    def held_out(idx):
        return tuple(Pair(f"digit:{i}", t) for i in idx if (t := target(i)) is not None)

    return Splits(tuple(train), held_out(valid_idx), held_out(test_idx))


def _label(i: int) -> str:
    return WORDS[int(digit_images()[1][i])]


DIGITS = Task(
    name="digits",
    src_tokenizer="digits",
    tgt_tokenizer="en",
    examples=("digit:0", "digit:1", "digit:2", "digit:3", "digit:4", "digit:5", "digit:6", "digit:7"),
    has_alignment=False,
    generate=lambda seed: _generate(seed, _label),
)

CAPTIONING = Task(
    name="digit-captioning",
    src_tokenizer="digits",
    tgt_tokenizer="en",
    examples=("digit:0", "digit:1", "digit:2", "digit:3", "digit:4", "digit:5", "digit:6", "digit:7"),
    has_alignment=False,
    generate=lambda seed: _generate(seed, caption),
)
