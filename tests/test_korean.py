"""Korean particles follow the word before them, as it is read: Hangul, Latin letters and digits."""

import pytest

from s2s_core.korean import has_batchim, particle
from ui.i18n import Word, catalog, pure_t


@pytest.mark.parametrize(
    "word, which, expected",
    [
        ("선생님", "는", "은"),
        ("나", "은", "는"),
        ("빵", "를", "을"),
        ("사과", "을", "를"),
        ("학생", "가", "이"),
        ("의사", "이", "가"),
        ("친구", "과", "와"),
        ("빵", "와", "과"),
        ("학교", "으로", "로"),
        ("서울", "으로", "로"),  # a ㄹ final takes 로
        ("집", "로", "으로"),
        ("학생", "야", "이야"),
        ("의사", "이에요", "예요"),
        ("love", "을", "를"),  # 러브
        ("school", "을", "을"),  # 스쿨
        ("cat", "를", "을"),  # 캣
        ("book", "를", "을"),  # 북
        ("dog", "을", "를"),  # 도그
        ("i", "을", "를"),  # 아이
        ("l", "을", "을"),  # 엘
        ("<sos>", "과", "와"),
        ("<eos>", "을", "를"),
        ("3", "을", "을"),  # 삼
        ("2", "을", "를"),  # 이
        ("학교에.", "은", "는"),  # marks are not read
    ],
)
def test_particle_follows_the_reading(word, which, expected):
    assert particle(word, which) == expected


def test_unknown_particle_is_an_error():
    with pytest.raises(ValueError):
        particle("나", "의")
    with pytest.raises(ValueError):
        has_batchim("apple")


def test_i18n_strings_choose_their_particle():
    assert (
        format(Word("선생님"), "는") == "은"
        and format(Word("x"), "") == "x"
        and format(Word("ab"), ">4") == "  ab"
    )
    assert pure_t("ko", "model.load_failed", name="en-ko/gru-bi-2l-additive").startswith(
        "모델 `en-ko/gru-bi-2l-additive`를 "
    )
    assert "`<sos>`와 문맥을 받아 `나는`을 출력" in pure_t(
        "ko", "overview.step_summary", t=1, prev="<sos>", token="나는", p=1.0
    )
    assert "`사랑해`를 출력" in pure_t("ko", "overview.step_summary", t=3, prev="너를", token="사랑해", p=1.0)


def test_no_korean_string_has_a_placeholder_particle():
    """No 을(를), 은(는), 이(가), 와(과), (으)로: a helper picks the form (issue 10)."""
    placeholder = (
        "을(를)",
        "를(을)",
        "은(는)",
        "는(은)",
        "이(가)",
        "가(이)",
        "와(과)",
        "과(와)",
        "(으)로",
        "(이)",
    )
    for key, text in catalog("ko").items():
        assert not any(p in text for p in placeholder), (key, text)


def test_one_term_per_idea():
    """순방향 (forward), never 정방향 next to it; and the overview's arrows point the way each reads."""
    assert not [k for k, v in catalog("ko").items() if "정방향" in v]
    assert pure_t("ko", "overview.fig.fwd_bwd") == "순방향 → | ← 역방향"
    assert pure_t("en", "overview.fig.fwd_bwd") == "forward → | ← backward"
