"""Measurements on shipped models that more than one page shows (cached per process, bounded): what each
word does to an encoder state (Encoder page, lesson), gradient norms through time (Cells page, lesson) and a
review's label after each word (RNN I/O types page, lesson). One definition each, so a lesson step and its
page always show the same numbers."""

from __future__ import annotations

import numpy as np
import streamlit as st

from s2s_core import io_types, pretrained
from s2s_core.cells import CELLS
from s2s_core.gradients import fresh_like, layer_profile
from s2s_core.influence import influence
from ui import state

GRAD_TASK = "reverse"
GRAD_MODELS = {cell: f"{GRAD_TASK}/{cell}-uni-1l-none" for cell in CELLS}
SAMPLES = 4  # sequences per curve (geometric mean): enough to smooth one sequence's symbols away
INFLUENCE_MODELS = ("ko-en/gru-uni-2l-additive", "ko-en/gru-bi-2l-additive")
SENTIMENT_MODEL = "sentiment/gru-uni-1l-none"
SENTIMENT = ("positive", "negative")


@st.cache_data(max_entries=32, show_spinner=False)
def influence_of(name: str, text: str, position: int):
    return influence(state.load_model(name), text, position)


@st.cache_resource(max_entries=24, show_spinner=False)
def fresh_model(cell: str, layers: int, seed: int):
    """A freshly initialised model shaped like the trained ones (shared, never trained or mutated)."""
    base = state.load_model(state.shipped_names(GRAD_TASK)[0])  # any: only its task and vocabulary are used
    return fresh_like(
        base,
        seed,
        cell=cell,
        bidirectional=False,
        layers=layers,
        attention="none",
        hidden=pretrained.GRADIENT_HIDDEN,
    )


@st.cache_data(max_entries=64, show_spinner=False)
def norms(kind: str, cell: str, layers: int, length: int, seed: int) -> np.ndarray:
    """(N, L, S) gradient norms of SAMPLES sequences; kind "trained" | "fresh"."""
    model = state.load_model(GRAD_MODELS[cell]) if kind == "trained" else fresh_model(cell, layers, seed)
    return layer_profile(model, length, range(seed * SAMPLES, (seed + 1) * SAMPLES))


@st.cache_data(max_entries=64, show_spinner=False)
def word_by_word(text: str) -> io_types.WordByWord:
    return io_types.prediction_by_word(state.load_model(SENTIMENT_MODEL), text, SENTIMENT)
