"""Inputs that are not words: an image, as a model's source sequence of frames (one vector per time step).

A model whose `src_tokenizer` is one of FRAMES reads frames instead of token ids: its encoder's embedding is
a linear layer (F features -> E) instead of a lookup table, and everything after it (the recurrence, the
context vector, attention, the decoder) is the same as for text. The input is still a string, so that a
link, the CLI and the caches treat it like a sentence; the string names the frames:

  digits   "digit:<i>"  image i (0..1796) of scikit-learn's bundled 8x8 handwritten digits (read from the
                        installed package's own data file; nothing is downloaded), or
           "pixels:<64 characters>"  an 8x8 image drawn by hand, row by row, one character per pixel,
                        "0".."9" and "a".."g" for ink 0..16 (the digits' own scale)
           -> one frame of 64 values in [0, 1]: the whole image at one time step (one-to-one, one-to-many)

`frames(text, kind)` gives the (S, F) array; `labels(n)` the names the views show for its steps.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import os

import numpy as np

from .text import InputError, normalize

FRAMES = {"digits": 64}  # kind -> features per frame
INK = "0123456789abcdefg"  # a drawn pixel's characters, ink 0..16
N_DIGITS = 1797


@functools.cache
def digit_images() -> tuple[np.ndarray, np.ndarray]:
    """(images (1797, 8, 8) float32 in [0, 16], labels (1797,) int64) from scikit-learn's data file. Read-only
    arrays, shared by every caller (nothing may change them)."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("scikit-learn is not installed (requirements.txt): its bundled digits are needed")
    path = os.path.join(spec.submodule_search_locations[0], "datasets", "data", "digits.csv.gz")
    with gzip.open(path, "rt") as f:
        data = np.loadtxt(f, delimiter=",", dtype=np.float32)
    images, labels = data[:, :64].reshape(-1, 8, 8), data[:, 64].astype(np.int64)
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def image(text: str) -> np.ndarray:
    """The 8x8 image (ink 0..16) a "digit:<i>" or "pixels:<64 characters>" string names; InputError else."""
    text = normalize(text).replace(" ", "").lower()
    kind, _, value = text.partition(":")
    if kind == "digit" and value.isdigit() and int(value) < N_DIGITS:
        return np.array(digit_images()[0][int(value)])
    if kind == "pixels" and len(value) == 64 and all(ch in INK for ch in value):
        return np.array([INK.index(ch) for ch in value], dtype=np.float32).reshape(8, 8)
    raise InputError("not_an_image", "expected digit:<0..1796> or pixels:<64 characters 0-9, a-g>")


def pixels_text(img: np.ndarray) -> str:
    """An 8x8 image (ink 0..16) as the "pixels:" string that names it (values rounded and clipped)."""
    values = np.clip(np.rint(np.asarray(img, dtype=np.float64)), 0, 16).astype(int).reshape(-1)
    if values.size != 64:
        raise ValueError("an image has 8x8 = 64 pixels")
    return "pixels:" + "".join(INK[v] for v in values)


def frames(text: str, kind: str) -> np.ndarray:
    """(S, F) float32 frames of an input for a model reading `kind` frames."""
    if kind == "digits":
        img = image(text)
        if not img.any():
            raise InputError("empty_image", "the image has no ink")
        return (img / 16.0).reshape(1, 64).astype(np.float32)
    raise ValueError(f"unknown frame kind {kind!r}; expected one of {tuple(FRAMES)}")


def labels(n: int) -> list[str]:
    """What the views call the time steps of a frame input: "▦1", "▦2", ..."""
    return [f"▦{i + 1}" for i in range(n)]
