"""The Encoder, Decoder and Attention pages (and the Overview) explain the note's other tasks as they
explain the translators: chosen in the sidebar, each runs its shipped model on its first example."""

from __future__ import annotations

import pytest

from s2s_core.tasks import get_task
from tests.test_pages import texts

TASKS = ("chatbot", "summarization", "sentiment", "tagging", "digits", "digit-captioning", "speech",
         "video-captioning")  # fmt: skip
PAGES = ("pages/overview.py", "pages/encoder.py", "pages/decoder.py", "pages/attention.py")


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("page", PAGES)
def test_the_page_explains_the_task(task, page, open_page):
    at = open_page(page, task=task)
    assert at.session_state["task"] == task
    assert at.main.text_input(key="text").value == get_task(task).examples[0]
    assert not at.error, texts(at.error)
