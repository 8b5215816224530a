"""The session's own model (ui.own_model): trained on the Train page, switched on, and then used by every
page of that session only; switched off, the shipped models are back."""

from __future__ import annotations

import pytest

from s2s_core import pretrained
from tests.test_pages import ok, texts
from tests.test_training import wait
from ui import own_model

TRACE_PAGES = ("overview", "encoder", "decoder", "attention", "cells", "compare")


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One AppTest session that trained a small reverse model on the Train page and switched it on."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "en"
    at.switch_page("pages/train.py")
    at.run()
    at.slider(key="train_steps").set_value(150)
    at.select_slider(key="train_hidden").set_value(32)
    at = ok(at.get("form_submit_button")[0].click())
    wait(at.session_state["train_job"])
    at = ok(at.run())
    at = ok(at.button(key="train_result_use").click())
    return at


def test_the_switch_puts_the_own_model_on_every_page(trained):
    at = trained
    name = at.session_state[own_model.KEY_MODEL]["name"]
    assert name.startswith("reverse/gru-bi-1l-additive@") and len(name.split("@")[1]) == 8
    assert at.toggle(key=own_model.KEY_USE).value is True
    assert at.session_state["task"] == "reverse" and at.session_state["text"] == "1 2 3 4 5"
    for page in TRACE_PAGES:
        at.switch_page(f"pages/{page}.py")
        at = ok(at.run())
        assert f"Model in use: `{name}`" in texts(at.sidebar.caption), page
        assert at.radio(key="cell").disabled and at.selectbox(key="task").disabled, page
        assert not at.error, (page, texts(at.error))
    at.switch_page("pages/compare.py")
    at = ok(at.run())
    table = texts(at.markdown)
    assert "Your model · GRU" in table and name.split("@")[1] in table  # A is the own model, by name
    metrics = at.session_state[own_model.KEY_MODEL]["metrics"]
    assert f"{metrics['exact_match']:.1%}" in table  # its held-out result from training, not a shipped one's


def test_switched_off_the_shipped_models_are_back(trained):
    at = trained
    at.switch_page("pages/overview.py")
    at = ok(at.toggle(key=own_model.KEY_USE).set_value(False))
    shipped = pretrained.default_name("reverse")
    assert f"Model in use: `{shipped}`" in texts(at.sidebar.caption)
    assert not at.radio(key="cell").disabled
    at = ok(at.toggle(key=own_model.KEY_USE).set_value(True))
    assert "@" in texts(at.sidebar.caption)


def test_another_session_never_sees_it(trained, open_page):
    at = open_page("pages/overview.py")
    assert (
        own_model.KEY_MODEL not in at.session_state
        and not at.get("toggle")
        or all(t.key != own_model.KEY_USE for t in at.get("toggle"))
    )
    name = trained.session_state[own_model.KEY_MODEL]["name"]
    assert name not in texts(at.sidebar.caption)


def test_own_names_are_plain_and_unique_to_the_weights(tiny):
    from s2s_core import checkpoint

    a, b = tiny(seed=0), tiny(seed=1)
    assert own_model.own_name(a).startswith("en-ko/gru-bi-2l-additive@")
    assert own_model.own_name(a) != own_model.own_name(b)
    assert pretrained.parse_name(own_model.own_name(a))["attention"] == "additive"
    data = checkpoint.to_bytes(a).replace(b'\\"task\\": \\"en-ko\\"', b'\\"task\\": \\"<b>`x\\"')
    hostile = checkpoint.load_bytes(checkpoint.canonical(data))
    assert hostile.cfg.task == "<b>`x" and own_model.own_name(hostile).startswith("own/gru-bi-2l-additive@")
