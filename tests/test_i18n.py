"""Korean and English say the same things: identical keys, identical placeholders, and every key the
code asks for exists (literal keys exactly, f-string keys as patterns)."""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

import pytest

from ui import i18n

ROOT = Path(__file__).resolve().parent.parent
CODE = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]
CODE += sorted((ROOT / "viz").glob("*.py"))
# t("key"), t(f"key.{x}"), pure_t(lang, "key"), labels(lang, "prefix")
CALL = re.compile(r"""\b(t|pure_t\([^,()]+,|has)\(\s*(f?)(["'])([^"'{}]*(?:\{[^}]*\}[^"'{}]*)*)\3""")
PREFIX = re.compile(r"""\blabels\([^,]*?(?:\(\))?,\s*(["'])([\w.]+)\1""")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def used_keys() -> list[tuple[str, str, bool]]:
    """(file, key, is_fstring) for every translation call in the code."""
    out = []
    for path in CODE:
        for m in CALL.finditer(path.read_text(encoding="utf-8")):
            out.append((path.name, m.group(4), m.group(2) == "f"))
    return out


def test_languages_have_identical_keys_file_by_file():
    for ko_file in sorted((i18n.I18N_DIR / "ko").glob("*.toml")):
        en_file = i18n.I18N_DIR / "en" / ko_file.name
        assert en_file.is_file(), f"{ko_file.name} has no English twin"
        ko = i18n._flatten(tomllib.loads(ko_file.read_text(encoding="utf-8")))
        en = i18n._flatten(tomllib.loads(en_file.read_text(encoding="utf-8")))
        assert set(ko) == set(en), f"{ko_file.name}: {sorted(set(ko) ^ set(en))}"
    assert {p.name for p in (i18n.I18N_DIR / "en").glob("*.toml")} == {
        p.name for p in (i18n.I18N_DIR / "ko").glob("*.toml")
    }


def test_merged_catalogs_match_and_placeholders_agree():
    ko, en = i18n.catalog("ko"), i18n.catalog("en")
    assert set(ko) == set(en)
    for key in ko:
        assert ko[key].strip() and en[key].strip(), f"{key} is empty"
        assert placeholders(ko[key]) == placeholders(en[key]), key


def test_every_key_used_in_the_code_exists():
    keys = set(i18n.catalog("ko"))
    used = used_keys()
    assert len(used) > 50, "the scanner found too few calls; is the regex broken?"
    missing = []
    for file, key, is_f in used:
        if is_f:
            pattern = ".+".join(re.escape(part) for part in re.split(r"\{[^}]*\}", key))
            if not any(re.fullmatch(pattern, k) for k in keys):
                missing.append((file, key))
        elif key not in keys:
            missing.append((file, key))
    assert not missing, missing


def test_label_prefixes_used_in_the_code_exist():
    keys = set(i18n.catalog("ko"))
    prefixes = {m.group(2) for path in CODE for m in PREFIX.finditer(path.read_text(encoding="utf-8"))}
    assert "overview.fig" in prefixes
    for prefix in prefixes:
        assert any(k.startswith(prefix + ".") for k in keys), prefix


def test_korean_strings_are_korean():
    hangul = re.compile(r"[\uac00-\ud7a3]")
    ko = i18n.catalog("ko")
    for key in (
        "nav.overview",
        "nav.encoder",
        "nav.decoder",
        "nav.attention",
        "overview.title",
        "sentence.label",
    ):
        assert hangul.search(ko[key]), key
        assert not hangul.search(i18n.catalog("en")[key]), key


def test_pure_t_formats_and_missing_keys_raise_under_tests():
    assert i18n.pure_t("en", "input.too_long", n=45, limit=40).startswith("The input is too long: 45")
    assert "45" in i18n.pure_t("ko", "input.too_long", n=45, limit=40)
    with pytest.raises(KeyError):
        i18n.pure_t("ko", "no.such.key")
    assert i18n.pure_t("xx", "nav.overview") == i18n.pure_t("ko", "nav.overview")  # unknown lang -> Korean


def test_labels_strip_the_prefix():
    lab = i18n.labels("en", "overview.fig")
    assert lab["encoder"] == "Encoder RNN" and "overview.fig.encoder" not in lab


@pytest.mark.parametrize(
    "locale, lang",
    [
        ("ko-KR", "ko"),
        ("ko", "ko"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("fr-FR", "en"),
        (None, "ko"),
        ("", "ko"),
    ],
)
def test_language_from_browser_locale(locale, lang):
    assert i18n.lang_from_locale(locale) == lang
