"""AppTest of the Transformer page: every tab and control, both languages, the URL that restores them,
and bad input. Runs the real app on the shipped Transformer and RNNs."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from s2s_core import pretrained
from tests.test_pages import charts, ok, panels, svgs, texts
from ui import i18n

PAGE = "pages/transformer.py"
MODEL = pretrained.TRANSFORMER.name


def matrix(z) -> np.ndarray:
    """A heatmap's z from the chart's JSON: a list, or plotly's typed array {"dtype", "bdata", "shape"}."""
    if isinstance(z, dict):
        shape = tuple(int(n) for n in str(z["shape"]).split(","))
        return np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"]).reshape(shape)
    return np.asarray(z, dtype=float)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_heads_tab_both_languages(lang, open_page):
    at = open_page(PAGE, lang=lang)
    assert at.title[0].value == i18n.pure_t(lang, "transformer.title")
    assert "나는 너를 사랑해" in texts(at.code)  # the note's example, by the Transformer
    figures = svgs(at)
    grid, enlarged = figures["tf_grid"], figures["tf_head_fig"]
    names = [p["tip"][3] for p in panels(grid)]  # 2 layers x 4 heads of cross-attention, one panel each
    assert names == [
        i18n.pure_t(lang, "transformer.viz.panel", layer=a, head=b) for a in (1, 2) for b in (1, 2, 3, 4)
    ]
    assert i18n.pure_t(lang, "transformer.viz.grid_cross") in grid
    assert grid.count('class="outlined"') == 1 and 'data-click="1"' in grid  # the enlarged one; a click picks
    title = i18n.pure_t(lang, "transformer.viz.enlarged", kind=i18n.pure_t(lang, "transformer.viz.kind_cross"),
                        layer=2, head=1)  # fmt: skip
    assert title in enlarged  # the last layer is enlarged first


def test_kind_layer_and_head_pick_the_enlarged_map(open_page):
    at = open_page(PAGE)
    at = ok(at.radio(key="tf_kind").set_value("encoder"))
    assert at.query_params["tkind"] == "encoder"
    assert i18n.pure_t("en", "transformer.viz.grid_encoder") in svgs(at)["tf_grid"]
    at = ok(at.selectbox(key="tf_layer").set_value(0))
    at = ok(at.selectbox(key="tf_head").set_value(3))
    assert "encoder self-attention: layer 1, head 4" in svgs(at)["tf_head_fig"]
    (enlarged,) = panels(svgs(at)["tf_head_fig"])
    assert enlarged["z"].shape == (3, 3)  # i love you: 3 x 3
    at = ok(at.radio(key="tf_kind").set_value("decoder"))
    z = panels(svgs(at)["tf_head_fig"])[0]["z"]
    assert (
        z.shape == (4, 4) and np.all(np.triu(z, 1) == 0) and np.all(np.diag(z) > 0)
    )  # masked: no look ahead


def test_a_shared_link_restores_the_kind(open_page):
    at = open_page(PAGE, tkind="decoder")
    assert at.radio(key="tf_kind").value == "decoder"
    at = open_page(PAGE, tkind="nonsense", ttab="nonsense")  # a bad value falls back to the default
    assert at.radio(key="tf_kind").value == "cross"


def test_positions_tab(open_page):
    at = open_page(PAGE, ttab="positions")
    pe, waves = (json.loads(c.proto.spec) for c in charts(at))
    assert matrix(pe["data"][0]["z"]).shape == (40, 64)
    assert len(waves["data"]) == 5
    at = ok(at.slider(key="tf_positions").set_value(100))
    assert matrix(json.loads(charts(at)[0].proto.spec)["data"][0]["z"]).shape == (100, 64)


def test_versus_tab_shows_both_models_on_the_sentence(open_page):
    at = open_page(PAGE, ttab="versus", text="she likes coffee")
    out = texts(at.code)
    assert "그녀는 커피를 좋아해" in out
    assert len(panels(svgs(at)["tf_versus"])) == 2
    # the sidebar's RNN has no attention: the default RNN is compared instead, and the page says so
    at = open_page(PAGE, ttab="versus", att="none")
    assert "gru" in texts(at.info).lower() or "GRU" in texts(at.info)
    assert len(panels(svgs(at)["tf_versus"])) == 2


def test_parallel_tab_measures_and_measures_again(open_page):
    at = open_page(PAGE, ttab="parallel")
    fig = json.loads(charts(at)[0].proto.spec)
    assert len(fig["data"]) == 2 and fig["data"][0]["x"] == [5, 10, 20, 40, 80, 160]
    assert all(y > 0 for tr in fig["data"] for y in tr["y"])
    at = ok(at.button(key="tf_measure").click())
    assert at.session_state["tf_run"] == 1 and len(charts(at)) == 1


def test_metrics_tab_reads_both_models_from_the_manifest(open_page):
    at = open_page(PAGE, ttab="metrics", lang="ko")
    table = texts(at.markdown)
    tf = pretrained.read_manifest()["models"][MODEL]["metrics"]
    rnn = pretrained.read_manifest()["models"][pretrained.DEFAULTS["en-ko"]]["metrics"]
    assert f"{tf['exact_match']:.1%}" in table and f"{rnn['exact_match']:.1%}" in table
    assert f"{tf['params']:,}" in table


def test_other_task_offers_en_ko(open_page):
    at = open_page(PAGE, task="dates")
    assert i18n.pure_t("en", "transformer.switch") in [b.label for b in at.button]
    assert not charts(at) and not svgs(at)
    at = ok(at.button(key="tf_switch").click())
    assert at.session_state["task"] == "en-ko" and set(svgs(at)) == {"tf_grid", "tf_head_fig"}


def test_beam_is_explained_and_greedy_used(open_page):
    at = open_page(PAGE, decode="beam")
    assert i18n.pure_t("en", "transformer.no_beam") in texts(at.caption)
    assert "나는 너를 사랑해" in texts(at.code)


def test_bad_input_gets_a_message_and_keeps_the_settings(open_page):
    at = open_page(PAGE, text="   ", cell="lstm")
    assert at.error and not svgs(at) and at.radio(key="cell").value == "lstm"
    at = open_page(PAGE, text="I love zebras")
    assert at.warning and "<unk>" in texts(at.code)
    assert "<unk>" in panels(svgs(at)["tf_grid"])[0]["cols"]
