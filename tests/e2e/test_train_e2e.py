"""The Train page in real Chromium: train the default model to the target while the curves update, stop a
run with the Stop button, download the model and upload it again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import wait_idle
from ui.i18n import pure_t

pytestmark = pytest.mark.e2e


def open_train(page, server) -> None:
    page.goto(server + "/train?lang=en")
    page.get_by_role("heading", level=1).first.wait_for()
    wait_idle(page)


def test_train_to_the_target_download_and_upload(server, tab, tmp_path):
    open_train(tab, server)
    tab.get_by_role("button", name=pure_t("en", "train.start")).click()
    expect(tab.get_by_role("button", name=pure_t("en", "train.stop"))).to_be_visible(timeout=30_000)
    done = tab.get_by_text(re.compile(r"^Done: \d+\.\d% of the \d+ held-out pairs"))
    expect(done).to_be_visible(timeout=90_000)
    share = float(re.search(r"Done: (\d+\.\d)%", done.inner_text()).group(1))
    assert share >= 95.0, done.inner_text()  # the default settings reach the target
    curves = tab.locator('svg[data-key="train_curves"]')
    expect(curves).to_be_visible()
    assert curves.locator("circle.point").count() > 5  # the run's reports (its tooltips)
    with tab.expect_download() as info:
        tab.get_by_role("button", name=pure_t("en", "train.download")).click()
    path = tmp_path / "model.safetensors"
    info.value.save_as(path)
    assert path.stat().st_size > 10_000
    tab.locator("[data-testid='stFileUploaderDropzoneInput']").last.set_input_files(str(path))
    expect(tab.get_by_text("Loaded reverse/gru-bi-1l-additive.")).to_be_visible(timeout=60_000)
    wait_idle(tab)
    # the uploaded model on every page of this session: switch it on, then go to the Encoder page
    tab.get_by_role("button", name=pure_t("en", "own.use_everywhere")).last.click()
    expect(tab.get_by_text(pure_t("en", "own.in_use")).last).to_be_visible(timeout=30_000)
    wait_idle(tab)
    tab.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Encoder").click()
    caption = tab.locator("[data-testid='stSidebar']").get_by_text(
        re.compile(r"Model in use: reverse/gru-bi-1l-additive@[0-9a-f]{8}")
    )
    expect(caption).to_be_visible(timeout=60_000)
    wait_idle(tab)
    expect(tab.locator('svg[data-key="enc_states"] image.cells').first).to_be_visible()  # its states
    assert not tab.locator("[data-testid='stException']").count()


def test_stop_ends_a_run_within_seconds(server, tab):
    open_train(tab, server)
    slider = tab.get_by_role("slider", name=pure_t("en", "train.steps"))
    slider.focus()
    slider.press("End")  # the most steps
    tab.get_by_role("button", name=pure_t("en", "train.start")).click()
    stop = tab.get_by_role("button", name=pure_t("en", "train.stop"))
    expect(stop).to_be_visible(timeout=30_000)
    tab.wait_for_timeout(1500)
    stop.click()
    expect(tab.get_by_text(re.compile(r"^Stopped: "))).to_be_visible(timeout=10_000)
