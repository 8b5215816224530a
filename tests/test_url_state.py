"""ui.url_state: every URL parameter parses its good values and drops its bad ones (never raises), a link
restores the view, and a bad value falls back to the default."""

from __future__ import annotations

import pytest

from ui import url_state
from ui.state import PARAMS, Settings

GOOD = {
    "lang": ("ko", "ko"), "task": ("dates", "dates"), "cell": ("lstm", "lstm"), "bi": ("0", False),
    "layers": ("3", 3), "att": ("dot", "dot"), "decode": ("beam", "beam"), "beam": ("8", 8),
    "temp": ("0.7", 0.7), "seed": ("42", 42), "text": ("나는 학교에 갔다", "나는 학교에 갔다"), "step": ("2", 2),
}  # fmt: skip
BAD = {
    "lang": ("fr", ""), "task": ("pizza", "EN-KO"), "cell": ("transformer", "GRU"), "bi": ("yes", "2"),
    "layers": ("0", "5", "two", "1.5"), "att": ("multi-head", ""), "decode": ("greedy!", "Beam"),
    "beam": ("0", "9", "-1"), "temp": ("nan", "inf", "0", "99"), "seed": ("-1", "2147483648", "x"),
    "step": ("-1", "1000", "1e3"),
}  # fmt: skip


def test_every_parameter_is_covered():
    assert set(GOOD) == set(PARAMS) and set(BAD) == set(PARAMS) - {"text"}  # text: any string, capped


@pytest.mark.parametrize("key", sorted(GOOD))
def test_good_values_parse(key):
    raw, want = GOOD[key]
    assert PARAMS[key][1](raw) == want


@pytest.mark.parametrize("key,raw", [(k, v) for k, values in sorted(BAD.items()) for v in values])
def test_bad_values_are_refused_with_value_error(key, raw):
    with pytest.raises(ValueError):
        PARAMS[key][1](raw)


def test_text_is_capped():
    assert len(PARAMS["text"][1]("x" * 5000)) == 400


def test_url_values_round_trip():
    for key, (_raw, want) in GOOD.items():
        assert PARAMS[key][1](url_state._url_value(want)) == want


def test_a_link_of_bad_values_opens_the_defaults(open_page):
    bad = {key: values[0] for key, values in BAD.items() if key != "lang"}
    at = open_page("pages/overview.py", **bad)
    s = Settings()
    assert at.session_state["task"] == s.task and at.session_state["cell"] == s.cell
    assert at.session_state["layers"] == s.layers and at.session_state["att"] == s.attention
    assert at.session_state["decode"] == s.decode and at.session_state["seed"] == s.seed


def test_a_link_restores_every_setting(open_page):
    at = open_page("pages/decoder.py", task="en-ko", cell="lstm", bi="0", layers="1", att="dot",
                   decode="sample", temp="0.7", seed="42", text="she likes coffee", step="1")  # fmt: skip
    ss = at.session_state
    assert (ss["cell"], ss["bi"], ss["layers"], ss["att"]) == ("lstm", False, 1, "dot")
    assert (ss["decode"], ss["temp"], ss["seed"], ss["text"]) == ("sample", 0.7, 42, "she likes coffee")
    assert at.query_params["cell"] == ["lstm"] or at.query_params["cell"] == "lstm"


def test_page_local_parameters_are_bounded(open_page):
    at = open_page("pages/bottleneck.py", blen="9999", **{"bad key": "x", "long": "y" * 500})
    assert at.slider(key="bn_run_length").value == 40  # out of range: the page's default
    assert "qp.long" not in at.session_state and "qp.bad key" not in at.session_state
