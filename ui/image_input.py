"""The image input of the one-to-one and one-to-many views: a digit of the data set, or one drawn by hand.

A drawing is an 8x8 grid of pills, one row of eight per image row (a click or Enter inks a pixel or clears
it), so it works by mouse, keyboard and touch alike. Inked pixels get the data set's full ink (16); the
drawing lives in the URL as 16 hexadecimal digits (one bit per pixel), so a shared link shows it.
Returns the input string the models read ("digit:<i>" or "pixels:<64 characters>", s2s_core/frames.py).
"""

from __future__ import annotations

import random

import numpy as np
import streamlit as st

from s2s_core.frames import N_DIGITS, digit_images, pixels_text
from s2s_core.tasks import get_task
from ui import url_state
from ui.i18n import t

MODES = ("set", "draw")
ROW = "io_px_{}"  # the key of drawing row r


def bits_of(img: np.ndarray) -> str:
    """An image as 16 hex digits: bit r*8+c is set where pixel (r, c) has ink >= 8."""
    value = 0
    for i, on in enumerate((np.asarray(img).reshape(-1) >= 8).tolist()):
        value |= int(on) << i
    return f"{value:016x}"


def image_of_bits(bits: str) -> np.ndarray | None:
    """16 hex digits -> an 8x8 image (ink 0 or 16); None if `bits` is not that."""
    if len(bits) != 16 or any(ch not in "0123456789abcdef" for ch in bits.lower()):
        return None
    value = int(bits, 16)
    return np.array([16.0 * ((value >> i) & 1) for i in range(64)], dtype=np.float32).reshape(8, 8)


@st.cache_resource(show_spinner=False)
def _held_out() -> tuple[int, ...]:
    """The images the models never saw in training (the test split of the digits task), in order."""
    return tuple(int(p.src.split(":")[1]) for p in get_task("digits").generate(0).test)


def _another() -> None:
    n = st.session_state.get("io_draws", 0) + 1
    st.session_state["io_draws"] = n
    choice = random.Random(n).choice(_held_out())
    st.session_state["io_img"] = choice
    url_state.set_query_param("img", choice)


def _set_rows(img: np.ndarray) -> None:
    on = np.asarray(img) >= 8
    for r in range(8):
        st.session_state[ROW.format(r)] = [c for c in range(8) if on[r, c]]


def _drawing() -> np.ndarray:
    img = np.zeros((8, 8), dtype=np.float32)
    for r in range(8):
        for c in st.session_state.get(ROW.format(r)) or []:
            if 0 <= int(c) < 8:
                img[r, int(c)] = 16.0
    return img


def _on_draw() -> None:
    url_state.set_query_param("px", bits_of(_drawing()))


def _clear() -> None:
    _set_rows(np.zeros((8, 8)))
    _on_draw()


def _from_set() -> None:
    _set_rows(digit_images()[0][int(st.session_state.get("io_img", 0))])
    _on_draw()


def image_input() -> str:
    """Draw the controls and return the chosen image's input string."""
    on_mode = url_state.url_backed("io_img_mode", "imode", "set", lambda v: v in MODES)
    names = {m: t(f"io.image_mode_{m}") for m in MODES}  # bound now: Streamlit may call it after the run
    mode = st.radio(t("io.image_mode"), MODES, key="io_img_mode", horizontal=True, on_change=on_mode,
                    format_func=names.get)  # fmt: skip
    on_img = url_state.url_backed("io_img", "img", 3, lambda v: isinstance(v, int) and 0 <= v < N_DIGITS)
    if mode == "set":
        a, b = st.columns([2, 1], vertical_alignment="bottom")
        index = a.number_input(t("io.image_index"), 0, N_DIGITS - 1, step=1, key="io_img", on_change=on_img,
                               help=t("io.image_index_help", n=N_DIGITS))  # fmt: skip
        b.button(t("io.image_another"), key="io_img_another", on_click=_another, icon=":material/casino:")
        label = int(digit_images()[1][int(index)])
        seen = t("io.image_held_out") if int(index) in _held_out() else t("io.image_in_training")
        st.caption(t("io.image_label", label=label, seen=seen))
        return f"digit:{int(index)}"
    if ROW.format(0) not in st.session_state:  # first time in this session: the URL's drawing, or the digit
        img = image_of_bits(str(url_state.query_param("px", "")))
        _set_rows(img if img is not None else digit_images()[0][int(st.session_state.get("io_img", 3))])
    st.caption(t("io.draw_help"))
    with st.container(key="io_grid"):
        for r in range(8):
            st.pills(t("io.draw_row", r=r + 1), list(range(8)), selection_mode="multi", key=ROW.format(r),
                     format_func=lambda c: str(c + 1), on_change=_on_draw, label_visibility="collapsed")  # fmt: skip
    with st.container(horizontal=True):
        st.button(t("io.draw_clear"), key="io_draw_clear", on_click=_clear, icon=":material/ink_eraser:")
        st.button(t("io.draw_from_set"), key="io_draw_from_set", on_click=_from_set, icon=":material/image:")
    return pixels_text(_drawing())
