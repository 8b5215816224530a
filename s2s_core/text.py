"""Text in, tokens out: normalization, tokenizers and the vocabulary.

Everything a user types passes through `normalize` first. We use NFC, never NFKC: NFKC rewrites
compatibility characters and can decompose Hangul in ways the models never saw. Control and
zero-width characters are removed because they are invisible in the UI yet change the tokens.

Tokenizers (chosen per model side by name, stored in the checkpoint's config):
  "en"      lowercased words, punctuation split off        "I love you." -> i love you .
  "ko"      eojeol (space-separated words), punctuation split  "나는 너를 사랑해" -> 나는 너를 사랑해
  "char"    every character, spaces kept as "▁"             "5 Mar" -> 5 ▁ M a r
  "symbol"  every non-space character                       "3 1 4" -> 3 1 4
  "word"    "en" for English words, "ko" for Korean ones      "I loved 이 영화" -> i loved 이 영화
            (one model for input in either language: sentiment, chatbot)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PAD, SOS, EOS, UNK = "<pad>", "<sos>", "<eos>", "<unk>"
SPECIALS = (PAD, SOS, EOS, UNK)
PAD_ID, SOS_ID, EOS_ID, UNK_ID = 0, 1, 2, 3

MAX_TOKENS = 40  # longest input a model accepts; also bounds the work one request can cause
MAX_CHARS = 400  # raw text is cut here before any processing, whatever the tokenizer
SPACE = "▁"  # visible stand-in for a space in character tokenizers

TOKENIZERS = ("en", "ko", "char", "symbol", "word", "digits", "speech", "video")  # the last 3: frames.py

# Zero-width and bidi-control characters that are not in category Cc but still invisible.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"}
_PUNCT = r"""[.,!?;:"()\[\]{}…~·'’‘“”]"""
_EN_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|" + _PUNCT + r"|[^\sa-z0-9]")
_KO_PUNCT = re.compile(r"(" + _PUNCT + r")")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


class InputError(ValueError):
    """A problem with what the user typed. `key` and `params` let the UI say it in any language."""

    def __init__(self, key: str, message: str, **params):
        super().__init__(message)
        self.key = key
        self.params = params


def normalize(text: str) -> str:
    """NFC, invisible characters removed, whitespace collapsed. Idempotent."""
    text = unicodedata.normalize("NFC", str(text)[:MAX_CHARS])
    if text.isprintable():  # no control, format or separator character but " ": nothing below would change
        return " ".join(text.split())  # (8-11x faster: a training run tokenizes ~15k pairs)
    kept = []
    for ch in text:
        if ch in _INVISIBLE:
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            # tabs and newlines become spaces; every other control/format character goes
            if ch in "\t\n\r\v\f" or cat in ("Zl", "Zp"):
                kept.append(" ")
            continue
        kept.append(" " if cat == "Zs" else ch)
    return " ".join("".join(kept).split())


def tokenize(text: str, kind: str) -> list[str]:
    """Split normalized text into tokens for one side of a model (see module docstring)."""
    text = normalize(text)
    if kind == "en":
        return _EN_TOKEN.findall(text.lower().replace("’", "'"))
    if kind == "ko":
        return [t for word in text.split() for t in _KO_PUNCT.split(word) if t]
    if kind == "char":
        return [SPACE if ch == " " else ch for ch in text]
    if kind == "symbol":
        return [ch for ch in text if ch != " "]
    if kind == "word":
        return [t for word in text.split() for t in (tokenize(word, "ko" if _HANGUL.search(word) else "en"))]
    if kind in ("digits", "speech", "video"):  # not words: the "tokens" are the names of the frames
        from . import frames

        return frames.labels(len(frames.frames(text, kind)))
    raise ValueError(f"unknown tokenizer {kind!r}; expected one of {TOKENIZERS}")


def detokenize(tokens: list[str], kind: str) -> str:
    """Inverse of `tokenize` for display: punctuation re-attached, char spaces restored."""
    tokens = [t for t in tokens if t not in SPECIALS]
    if kind == "char":
        return "".join(" " if t == SPACE else t for t in tokens)
    if kind == "symbol":
        return " ".join(tokens)
    out = ""
    for tok in tokens:
        glue = out and not re.fullmatch(r"[.,!?;:…)\]}]", tok)
        out += (" " if glue else "") + tok
    return out


@dataclass(frozen=True)
class Vocab:
    """Token <-> id table; ids 0..3 are always <pad> <sos> <eos> <unk>."""

    itos: tuple[str, ...]

    def __post_init__(self):
        if tuple(self.itos[:4]) != SPECIALS:
            raise ValueError("a vocabulary must start with <pad> <sos> <eos> <unk>")
        if len(set(self.itos)) != len(self.itos):
            raise ValueError("a vocabulary must not repeat a token")
        object.__setattr__(self, "_stoi", {t: i for i, t in enumerate(self.itos)})

    @classmethod
    def build(cls, token_lists) -> Vocab:
        """Specials first, then every token in order of first appearance (deterministic)."""
        seen = dict.fromkeys(SPECIALS)
        for tokens in token_lists:
            seen.update(dict.fromkeys(tokens))
        return cls(tuple(seen))

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: str) -> bool:
        return token in self._stoi

    def id(self, token: str) -> int:
        return self._stoi.get(token, UNK_ID)

    def encode(self, tokens: list[str]) -> list[int]:
        get = self._stoi.get
        return [get(t, UNK_ID) for t in tokens]

    def decode(self, ids) -> list[str]:
        return [self.itos[int(i)] if 0 <= int(i) < len(self.itos) else UNK for i in ids]


def prepare(text: str, kind: str, vocab: Vocab, max_tokens: int = MAX_TOKENS):
    """User text -> (tokens, ids, unknown flags), or InputError with a translatable key.

    Unknown words are not dropped: they become <unk> and are flagged so the UI can show them.
    """
    if not isinstance(text, str):
        raise InputError("not_text", "input must be text")
    tokens = tokenize(text, kind)
    if not tokens:
        raise InputError("empty", "the input is empty (after removing invisible characters)")
    if len(tokens) > max_tokens:
        raise InputError(
            "too_long",
            f"the input has {len(tokens)} tokens; the limit is {max_tokens}",
            n=len(tokens),
            limit=max_tokens,
        )
    ids = vocab.encode(tokens)
    unknown = [i == UNK_ID for i in ids]
    return tokens, ids, unknown


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions; one each), by characters: for Korean a
    character is a whole syllable, so 학교애 is one edit from 학교에."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def suggest(word: str, vocab: Vocab, k: int = 3) -> list[str]:
    """Up to `k` known words nearest to an unknown `word` by edit distance ("catz" -> cat, cats), the
    closest first and, among equals, the one the training data met first (the more common). Words more
    than a third of their length away (at least 1, at most 3 edits) are not offered: they would be guesses,
    and so would any word for a single character or a mark ("b" -> "i", "<" -> "i")."""
    if len(word) < 2 or not any(ch.isalnum() for ch in word):
        return []
    limit = min(3, max(1, len(word) // 3))
    scored = []
    for rank, known in enumerate(vocab.itos):
        if known in SPECIALS or not any(ch.isalnum() for ch in known) or abs(len(known) - len(word)) > limit:
            continue
        d = edit_distance(word, known)
        if d <= limit:
            scored.append((d, rank, known))
    return [w for _, _, w in sorted(scored)[:k]]


def suggestions(tokens, unknown, vocab: Vocab, k: int = 3) -> dict[str, list[str]]:
    """{unknown word: up to k known words} for the unknown tokens of one input, in input order."""
    return {tok: suggest(tok, vocab, k) for tok, u in zip(tokens, unknown) if u}


def replace_word(text: str, old: str, new: str) -> str:
    """`text` with the first whole-word `old` (compared case-insensitively, as the tokenizers read it)
    replaced by `new`: the one-click fix for an unknown word. Unchanged when `old` is not there."""
    pattern = re.compile(r"(?<![\w'’])" + re.escape(old) + r"(?![\w'’])", re.IGNORECASE)
    return pattern.sub(lambda _: new, normalize(text), count=1)
