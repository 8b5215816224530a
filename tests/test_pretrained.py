"""The shipped models: every manifest entry loads and matches its sha256; the seed's examples work;
the default models meet the quality targets stated in the model card."""

import json

import pytest

from s2s_core import pretrained
from s2s_core.attention import ATTENTIONS
from s2s_core.cells import CELLS

MANIFEST = pretrained.read_manifest()
MODELS = MANIFEST["models"]


def test_manifest_covers_the_whole_sidebar_grid():
    for cell in CELLS:
        for bi in (False, True):
            for layers in (1, 2):
                for att in ATTENTIONS:
                    assert pretrained.model_name("en-ko", cell, bi, layers, att) in MODELS
        for layers in (3, 4):
            assert pretrained.model_name("en-ko", cell, True, layers, "additive") in MODELS
    for task in ("ko-en", "dates"):
        for bi in (False, True):
            for att in ("none", "additive"):
                assert any(
                    n.startswith(f"{task}/") and f"-{'bi' if bi else 'uni'}-" in n and n.endswith(att)
                    for n in MODELS
                )
    assert "reverse/gru-bi-1l-none" in MODELS and "reverse/gru-bi-1l-additive" in MODELS
    assert set(pretrained.DEFAULTS.values()) <= set(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_entry_loads_and_matches_its_sha256(name):
    model = pretrained.load(name)
    entry = MODELS[name]
    assert model.cfg.to_dict() == entry["config"]
    assert model.name == name


def test_folder_is_small():
    total = sum(p.stat().st_size for p in pretrained.PRETRAINED_DIR.glob("*.safetensors"))
    assert total <= 40 * 2**20
    assert (pretrained.PRETRAINED_DIR / "README.md").read_text().count("|") > 100  # the model card table


@pytest.mark.parametrize("task", ["en-ko", "ko-en", "dates"])
def test_default_models_meet_the_quality_targets(task):
    m = MODELS[pretrained.DEFAULTS[task]]["metrics"]
    assert m["exact_match"] >= 0.99, m
    if m.get("aer") is not None:
        assert m["aer"] <= 0.10, m


def test_attention_models_align_well():
    """Switching the cell with the default architecture shows attention that follows the words."""
    for cell in CELLS:
        for layers in (1, 2):
            m = MODELS[pretrained.model_name("en-ko", cell, True, layers, "additive")]["metrics"]
            assert m["aer"] <= 0.15, (cell, layers, m["aer"])


def test_bottleneck_curve_shows_attention_helps_long_inputs():
    none = MODELS["reverse/gru-bi-1l-none"]["metrics"]["by_length"]
    att = MODELS["reverse/gru-bi-1l-additive"]["metrics"]["by_length"]
    long = [str(n) for n in range(25, 31)]
    short = [str(n) for n in range(1, 8)]
    mean = lambda curve, keys: sum(curve[k] for k in keys) / len(keys)  # noqa: E731
    assert mean(none, short) > 0.8  # without attention short inputs are fine...
    assert mean(none, long) < mean(none, short) - 0.3  # ...and long ones fall off
    assert mean(att, long) > 0.9  # attention stays high


def test_seed_examples():
    enko = pretrained.load(pretrained.DEFAULTS["en-ko"])
    tr = enko.trace("I love you")
    assert list(tr.output_tokens) == ["나는", "너를", "사랑해"]
    src, out = list(tr.source.tokens), list(tr.output_tokens)
    strongest = {out[t]: src[int(tr.attention[t].argmax())] for t in range(len(out))}
    assert strongest == {"나는": "i", "너를": "you", "사랑해": "love"}
    koen = pretrained.load(pretrained.DEFAULTS["ko-en"])
    assert koen.trace("나는 학교에 갔다").output_text == "i went to school"
    assert koen.trace("나는 학교에 갔어").output_text == "i went to school"
    dates = pretrained.load(pretrained.DEFAULTS["dates"])
    assert dates.trace("March 5, 2021").output_text == "2021-03-05"
    assert dates.trace("2021년 3월 5일").output_text == "2021-03-05"


def test_full_stop_is_understood():
    enko = pretrained.load(pretrained.DEFAULTS["en-ko"])
    assert enko.trace("I love you.").output_text == "나는 너를 사랑해."


def test_nearest_prefers_the_closest_shipped_model():
    assert pretrained.nearest("en-ko", "gru", True, 2, "additive") == "en-ko/gru-bi-2l-additive"
    # uni + 3 layers is not shipped: keep the direction (weighs more), change the depth by one
    assert pretrained.nearest("en-ko", "gru", False, 3, "additive") == "en-ko/gru-uni-2l-additive"
    near = pretrained.parse_name(pretrained.nearest("ko-en", "lstm", True, 4, "dot"))
    assert near["task"] == "ko-en"


def test_manifest_is_valid_json_with_metrics():
    raw = json.loads((pretrained.PRETRAINED_DIR / "manifest.json").read_text())
    for e in raw["models"].values():
        assert len(e["sha256"]) == 64
        assert {"exact_match", "token_accuracy", "params", "bytes", "train_seconds"} <= set(e["metrics"])
