"""Shared fixtures: tiny models for numerics (random init is fine there) and shipped models for behaviour."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch
from hypothesis import settings
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from s2s_core.model import ModelConfig, Seq2Seq  # noqa: E402
from s2s_core.text import Vocab  # noqa: E402

torch.set_num_threads(1)

# Property tests check what a function returns, never how fast (speed is measured by benchmarks/): hypothesis'
# default 200 ms deadline per example failed a margins test on this loaded 2-core machine (303 ms, then 7 ms).
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

SRC = Vocab.build([["i", "love", "you", "he", "likes", "her", "we", "eat", "apples", "."]])
TGT = Vocab.build([["나는", "너를", "사랑해", "그는", "그녀를", "좋아해", "우리는", "사과를", "먹어", "."]])


def tiny_model(seed: int = 0, **arch) -> Seq2Seq:
    """A small randomly initialized model: for checking numbers, never shown to a user."""
    base = dict(cell="gru", bidirectional=True, layers=2, attention="additive", embed=8, hidden=12)
    base.update(arch)
    cfg = ModelConfig("en-ko", "en", "ko", len(SRC), len(TGT), **base)
    torch.manual_seed(seed)
    return Seq2Seq(cfg, SRC, TGT).eval()


@pytest.fixture
def tiny():
    return tiny_model


@pytest.fixture
def open_page():
    """Open the app on `page` with URL query parameters, like following a shared link."""

    def opener(page: str, **params) -> AppTest:
        params.setdefault("lang", "en")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        at.query_params.update(params)
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return opener
