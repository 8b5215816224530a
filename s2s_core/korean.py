"""Korean particles (조사) that follow the word before them: 나는 / 선생님은, 사과를 / 빵을, 와 / 과, 로 / 으로.

One helper for the grammar that generates the data (tasks/en_ko.py) and for every UI string that puts a
particle after a word it does not know in advance ("`{token}`{token:을}" in i18n/ko). A particle depends
on whether the word, as it is read aloud, ends in a consonant (받침):

  * Hangul: the last syllable's final consonant, by Unicode arithmetic (see `has_batchim`).
  * Latin letters: how the word's end is read in Korean, by its last letters (a rule of thumb good for
    the words on screen): -l, -m, -n, -ng, and -b, -c, -k, -p, -t end in a consonant (스쿨을, 캣을, 북을);
    vowels and -d, -f, -g, -s, -r, ... do not (러브를, 도그를, 버스를). A single letter is read as its name
    (엘을, 엠을, 알을; 에이를, 비를).
  * Digits: the last digit's Korean reading (일을, 삼을; 이를, 사를).
  * Anything else (a mark, "<eos>" read by its letters): by what is left after stripping marks.
"""

from __future__ import annotations

# particle -> (after a final consonant, after a vowel); either form names the pair
_PAIRS = {
    "을": ("을", "를"),
    "은": ("은", "는"),
    "이": ("이", "가"),
    "과": ("과", "와"),
    "으로": ("으로", "로"),
    "이야": ("이야", "야"),
    "이에요": ("이에요", "예요"),
}
PARTICLES = {form: pair for pair in _PAIRS.values() for form in pair}

_DIGIT_BATCHIM = {
    "0": True,
    "1": True,
    "2": False,
    "3": True,
    "4": False,
    "5": False,
    "6": True,
    "7": True,
    "8": True,
    "9": False,
}  # fmt: skip   영 일 이 삼 사 오 육 칠 팔 구
_LETTER_NAMES_BATCHIM = set("lmnr")  # 엘 엠 엔 알; every other letter's name ends in a vowel
_RIEUL_LETTERS = set("lr")  # 엘, 알: a ㄹ final, which takes 로 like a vowel


def has_batchim(word: str) -> bool:
    """True if the last syllable of `word` ends in a consonant (받침): 빵, 선생님 yes; 사과, 나 no.

    Precomposed Hangul syllables U+AC00..U+D7A3 are numbered ((initial * 21) + vowel) * 28 + final, where
    final 0 means "no final consonant"; so the final is (code - 0xAC00) % 28.
    """
    if not word or not "가" <= word[-1] <= "힣":
        raise ValueError(f"{word!r} does not end in a Hangul syllable")
    return (ord(word[-1]) - 0xAC00) % 28 != 0


def _reading(word: str) -> tuple[bool, bool]:
    """(ends in a consonant, that consonant is ㄹ) for any word, as it is read aloud."""
    core = "".join(ch for ch in word if ch.isalnum())
    if not core:
        return False, False
    last = core[-1]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return final != 0, final == 8  # 8 = ㄹ
    if last.isdigit():
        return _DIGIT_BATCHIM.get(last, False), last in "178"  # 일 칠 팔
    low = core.lower()
    if len(low) == 1 and low.isascii():
        return low in _LETTER_NAMES_BATCHIM, low in _RIEUL_LETTERS
    if low.endswith("ng") or low[-1] in "lmnbckpt":
        return True, low[-1] == "l"
    return False, False


def particle(word: str, which: str) -> str:
    """The form of particle `which` (either form: "을" or "를", "와" or "과", "로" or "으로", ...) that
    follows `word`: particle("선생님", "는") == "은", particle("love", "을") == "를"."""
    if which not in PARTICLES:
        raise ValueError(f"unknown particle {which!r}; expected one of {sorted(PARTICLES)}")
    after_consonant, after_vowel = PARTICLES[which]
    consonant, rieul = _reading(word)
    if after_consonant == "으로" and rieul:
        return "로"  # 서울로, 엘로: ㄹ takes 로
    return after_consonant if consonant else after_vowel
