"""Every user-facing string, in Korean and English.

Strings live in `i18n/<lang>/*.toml`; the files of one language are merged and their tables flattened
into dotted keys (`[sidebar] cell = "셀"` -> "sidebar.cell"). Pages ask for `t("sidebar.cell")` and get the
string in the session's language. `pure_t` does the same without Streamlit, for code that must stay
testable without a running app.
"""

from __future__ import annotations

import functools
import os
import tomllib
from pathlib import Path
from types import MappingProxyType

from s2s_core.korean import PARTICLES, particle
from ui.shell import shell_guard

I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
LANGS = ("ko", "en")
DEFAULT_LANG = "ko"  # the source material is Korean; used when the browser's language is unknown
LANG_NAMES = {"ko": "한국어", "en": "English"}  # always shown in their own language


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    out = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


@functools.cache
def catalog(lang: str) -> MappingProxyType:
    """All strings of one language, read once per process (read-only, so safe to share)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    merged: dict[str, str] = {}
    for path in sorted((I18N_DIR / lang).glob("*.toml")):
        with path.open("rb") as f:
            for key, value in _flatten(tomllib.load(f)).items():
                if key in merged:
                    raise ValueError(f"{path}: key {key!r} is defined twice")
                merged[key] = value
    return MappingProxyType(merged)


def _strict() -> bool:
    """Missing keys raise under tests; in production a missing key shows the key, never a traceback."""
    return "PYTEST_CURRENT_TEST" in os.environ or os.environ.get("S2S_STRICT_I18N") == "1"


class Word(str):
    """A parameter that can be followed by a Korean particle: "{token:을}" is the form of 을/를 that
    follows `token` as it is read (korean.particle), so no string needs a placeholder like 을(를)."""

    def __format__(self, spec: str) -> str:
        return particle(self, spec) if spec in PARTICLES else format(str(self), spec)


def pure_t(lang: str, key: str, **params) -> str:
    """The string `key` in `lang`, formatted with `params` (strings among them take particles: Word)."""
    strings = catalog(lang if lang in LANGS else DEFAULT_LANG)
    if key not in strings:
        if _strict():
            raise KeyError(f"missing i18n key {key!r} for {lang!r}")
        return key
    if not params:
        return strings[key]
    return strings[key].format(**{k: Word(v) if isinstance(v, str) else v for k, v in params.items()})


def current_lang() -> str:
    import streamlit as st

    shell_guard()
    lang = st.session_state.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, **params) -> str:
    """The string `key` in the session's language (st.session_state["lang"])."""
    return pure_t(current_lang(), key, **params)


def option_labels(key_pattern: str, fallback=str):
    """A widget's format_func, bound to the language of the run that draws the widget.

    Streamlit may call format_func after the script run (AppTest does, outside any session), where t()
    cannot see the session's language; binding it now keeps labels and values consistent.
    `key_pattern` is like "decode.{}"; values without a string fall back to `fallback(value)`.
    """
    lang = current_lang()

    def label(value) -> str:
        key = key_pattern.format(value)
        return pure_t(lang, key) if key in catalog(lang) else fallback(value)

    return label


def labels(lang: str, prefix: str) -> dict[str, str]:
    """Every string under `prefix.` as {short_key: text}: the `labels` dict viz functions take."""
    n = len(prefix) + 1
    return {k[n:]: v for k, v in catalog(lang).items() if k.startswith(prefix + ".")}


def has(key: str) -> bool:
    return key in catalog(DEFAULT_LANG)


def lang_from_locale(locale: str | None) -> str:
    """ "ko-KR" -> "ko", "en-US" -> "en", any other known language -> "en"; Korean when unknown."""
    code = (locale or "").strip().split("-")[0].split("_")[0].lower()
    if not code:
        return DEFAULT_LANG
    return code if code in LANGS else "en"
