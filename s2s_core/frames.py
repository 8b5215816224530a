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
  speech   "speech:<words>#<take>"  synthetic speech of a few words ("speech:go left#3"): each letter a
           pattern of energy in 16 frequency bands, held for 2-3 frames (the take decides the durations and
           the noise), words apart by silence -> (frames, 16); `waveform` makes it audible
  video    "video:<colour> <shape> <direction>#<take>"  eight 8x8 colour frames of a shape moving across
           ("video:red circle left#2"; the take decides where it starts and the noise) -> (8, 192)

Synthetic on purpose: the note's speech recognition and video captioning rows, with data our own code makes
(nothing is downloaded), small enough to train here in a minute, and exact: the words spoken and the motion
shown are known for every input.

`frames(text, kind)` gives the (S, F) array; `labels(n)` the names the views show for its steps.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import os

import numpy as np

from .text import InputError, normalize

FRAMES = {"digits": 64, "speech": 16, "video": 192}  # kind -> features per frame
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
    if kind == "speech":
        return spectrogram(*_spec(text, "speech", SPEECH_CHARS))
    if kind == "video":
        return video(*_spec(text, "video", VIDEO_CHARS))
    raise ValueError(f"unknown frame kind {kind!r}; expected one of {tuple(FRAMES)}")


# ---- speech -------------------------------------------------------------------------------------------
BANDS = 16
SPEECH_CHARS = "abcdefghijklmnopqrstuvwxyz "
VIDEO_CHARS = "abcdefghijklmnopqrstuvwxyz "
MAX_TAKE = 10**6
MAX_WORDS_CHARS = 24  # letters and spaces of one input: at most ~70 frames
FRAME_SECONDS = 0.06  # how long one frame sounds when played
SAMPLE_RATE = 16_000


def _spec(text: str, prefix: str, chars: str) -> tuple[str, int]:
    """ "<prefix>:<words>#<take>" -> (words, take); InputError if it is not that."""
    text = normalize(text).lower()
    kind, _, rest = text.partition(":")
    words, _, take = rest.partition("#")
    words = " ".join(words.split())
    take = take.strip() or "0"
    if kind != prefix or not words or not take.isdigit() or int(take) >= MAX_TAKE:
        raise InputError(f"not_{prefix}", f"expected {prefix}:<words>#<take>")
    if any(ch not in chars for ch in words):
        raise InputError(f"not_{prefix}", f"only the letters a-z and spaces can be {prefix}")
    if len(words) > MAX_WORDS_CHARS:
        raise InputError("too_long", "too long to say", n=len(words), limit=MAX_WORDS_CHARS)
    return words, int(take)


def letter_pattern(ch: str) -> np.ndarray:
    """The 16 band energies of a letter: two formant-like peaks (a vowel's lower, a consonant's higher and
    noisier), the same for every take. Why two peaks: one letter per band would be too easy to read."""
    i = SPEECH_CHARS.index(ch)
    low, high = i % 8, 8 + (i + 3 * (i // 8)) % 8  # a different pair of bands for each of the 26 letters
    bands = np.arange(BANDS)
    pattern = np.exp(-0.5 * ((bands - low) / 0.8) ** 2) + 0.8 * np.exp(-0.5 * ((bands - high) / 0.8) ** 2)
    if ch not in "aeiou":
        pattern += 0.15  # consonants: a little broadband noise
    return (pattern / pattern.max()).astype(np.float32)


def spectrogram(words: str, take: int) -> np.ndarray:
    """(frames, 16) band energies in [0, 1] of `words` said in take `take`: each letter 2-3 frames with a
    rise and a fall, words apart by 2 silent frames, noise everywhere; deterministic in (words, take)."""
    rng = np.random.default_rng([take, *map(ord, words)])
    rows = [np.zeros(BANDS, dtype=np.float32)]
    for w, word in enumerate(words.split()):
        if w:
            rows += [np.zeros(BANDS, dtype=np.float32)] * 2
        for ch in word:
            n = int(rng.integers(2, 4))
            loud = float(rng.uniform(0.7, 1.0))
            envelope = np.sin(np.linspace(0.3, np.pi - 0.3, n))
            rows += [loud * e * letter_pattern(ch) for e in envelope]
    rows.append(np.zeros(BANDS, dtype=np.float32))
    spec = np.stack(rows) + rng.normal(0, 0.05, (len(rows), BANDS))
    return np.clip(spec, 0, 1).astype(np.float32)


def waveform(spec: np.ndarray) -> np.ndarray:
    """A spectrogram made audible: each band a sine (220 Hz up to ~3.3 kHz), as loud as its energy in each
    frame, smoothly joined; float32 samples in [-1, 1] at SAMPLE_RATE, for st.audio."""
    per = int(FRAME_SECONDS * SAMPLE_RATE)
    n = per * len(spec)
    t = np.arange(n) / SAMPLE_RATE
    freqs = 220.0 * (2 ** (np.arange(BANDS) / 4.0))  # four bands an octave
    gains = np.repeat(np.asarray(spec, dtype=np.float64), per, axis=0)  # (n, BANDS)
    kernel = np.hanning(per // 2) / (np.hanning(per // 2).sum())
    gains = np.stack([np.convolve(gains[:, b], kernel, mode="same") for b in range(BANDS)], axis=1)
    audio = (np.sin(2 * np.pi * freqs[None, :] * t[:, None]) * gains).sum(axis=1)
    peak = np.abs(audio).max()
    return (audio / peak * 0.8 if peak > 0 else audio).astype(np.float32)


# ---- video --------------------------------------------------------------------------------------------
COLOURS = {
    "red": (0.9, 0.1, 0.1),
    "green": (0.1, 0.75, 0.2),
    "blue": (0.1, 0.3, 0.95),
    "yellow": (0.95, 0.85, 0.1),
}
SHAPES = {
    "square": ((1, 1, 1), (1, 1, 1), (1, 1, 1)),
    "circle": ((0, 1, 0), (1, 1, 1), (0, 1, 0)),
    "cross": ((1, 0, 1), (0, 1, 0), (1, 0, 1)),
    "bar": ((0, 1, 0), (0, 1, 0), (0, 1, 0)),
}
MOVES = {"left": (0, -1), "right": (0, 1), "up": (-1, 0), "down": (1, 0)}
VIDEO_FRAMES, SIDE = 8, 8


def video(words: str, take: int) -> np.ndarray:
    """(8, 192) frames (8x8 RGB, row-major, channels last) of "<colour> <shape> <direction>" in take `take`:
    the shape starts where the take puts it and moves one pixel every other frame (three in all: the grid is
    small), on a faintly noisy background."""
    parts = words.split()
    if len(parts) != 3 or parts[0] not in COLOURS or parts[1] not in SHAPES or parts[2] not in MOVES:
        raise InputError("not_video", "expected video:<colour> <shape> <direction>#<take>")
    colour, mask, (dr, dc) = np.array(COLOURS[parts[0]]), np.array(SHAPES[parts[1]]), MOVES[parts[2]]
    rng = np.random.default_rng([take, *map(ord, words)])
    travel = (VIDEO_FRAMES - 1) // 2  # pixels moved in all; the start keeps the whole path on the grid
    rows = (
        range(0, SIDE - 2)
        if dr == 0
        else (range(travel, SIDE - 2) if dr < 0 else range(0, SIDE - 2 - travel))
    )
    cols = (
        range(0, SIDE - 2)
        if dc == 0
        else (range(travel, SIDE - 2) if dc < 0 else range(0, SIDE - 2 - travel))
    )
    r0, c0 = int(rng.choice(list(rows))), int(rng.choice(list(cols)))
    out = []
    for f in range(VIDEO_FRAMES):
        step = f // 2
        r, c = r0 + dr * step, c0 + dc * step
        img = rng.uniform(0, 0.12, (SIDE, SIDE, 3))
        for i in range(3):
            for j in range(3):
                if mask[i, j]:
                    img[r + i, c + j] = colour
        out.append(img.reshape(-1))
    return np.clip(np.stack(out), 0, 1).astype(np.float32)


def labels(n: int) -> list[str]:
    """What the views call the time steps of a frame input: "▦1", "▦2", ..."""
    return [f"▦{i + 1}" for i in range(n)]
