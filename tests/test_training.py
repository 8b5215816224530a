"""Training live (issue 13): your own data checked line by line, the guard rails, the job board that runs at
most SLOTS trainings at once, and the Train page in AppTest (start, result, stop, own data, upload)."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import torch

from s2s_core import checkpoint, user_data
from s2s_core.tasks import Pair
from s2s_core.train import (
    PAGE_DEFAULTS,
    TrainConfig,
    evaluate,
    limit_length,
    new_model,
    new_model_for_pairs,
    train,
)
from tests.test_pages import ok, svgs, texts
from ui import i18n, training

PAIRS = "\n".join(f"{a} {b}\t{b} {a}" for a in "abcdefgh" for b in "xyz")  # 24 pairs: swap two words


# ---- your own data ---------------------------------------------------------------------------------
def test_own_data_reports_each_bad_line_by_number():
    text = PAIRS + "\nno tab here\n\t only target\n" + "w " * 60 + "\tlong\n\n"
    parsed = user_data.parse(text)
    assert len(parsed.pairs) == 24
    assert [(e.line, e.reason) for e in parsed.errors] == [
        (25, "no_separator"),
        (26, "empty_side"),
        (27, "too_long"),
    ]


@pytest.mark.parametrize(
    "text,key",
    [("a\tb\n" * 3, "too_few"), ("a\tb\n" * 2001, "too_many"), ("x" * 1_000_001, "too_big"), ("", "too_few")],
)
def test_own_data_that_cannot_be_used_gets_one_clear_reason(text, key):
    with pytest.raises(user_data.DataError) as err:
        user_data.parse(text)
    assert err.value.key == key


def test_uploads_are_checked_before_they_are_read():
    with pytest.raises(user_data.DataError, match="not_text"):
        user_data.decode(b"\xff\xfe\x00garbage")
    with pytest.raises(user_data.DataError, match="too_big"):
        user_data.decode(b"a" * (user_data.MAX_BYTES + 1))
    csv = user_data.parse(user_data.decode(("\ufeff" + PAIRS.replace("\t", ",")).encode()), csv=True)
    assert len(csv.pairs) == 24 and csv.pairs[0] == Pair("a x", "x a")


def test_the_split_is_seeded_and_disjoint():
    pairs = user_data.parse(PAIRS).pairs
    a, b = user_data.split(pairs, 3), user_data.split(pairs, 3)
    assert a == b and len(a.test) == len(a.valid) == 2 and len(a.train) == 20
    assert not set(a.train) & (set(a.test) | set(a.valid)) and not set(a.test) & set(a.valid)


def test_a_model_learns_own_pairs():
    splits = user_data.split(user_data.parse(PAIRS).pairs, 0)
    model = new_model_for_pairs(splits, user_data.TOKENIZER, hidden=32, embed=16, cell="gru", bidirectional=True,
                                layers=1, attention="additive")  # fmt: skip
    train(model, splits, TrainConfig(epochs=150, batch_size=8, lr=1e-2, max_seconds=20, patience=1000))
    assert evaluate(model, splits.train)["exact_match"] >= 0.9  # it learned the user's pairs
    pair = splits.train[0]
    assert model.translate([pair.src])[0] == pair.tgt.split()


# ---- guard rails -----------------------------------------------------------------------------------
def test_a_learning_rate_far_too_high_stops_as_diverged_with_finite_weights():
    model, splits = new_model(
        "reverse", cell="rnn", bidirectional=False, layers=1, attention="none", hidden=16, embed=8
    )
    result = train(
        model, splits, TrainConfig(epochs=3, lr=1e3, clip=1e9, max_train=512, eval_size=20, warmup=1)
    )
    assert result.stopped == "diverged"
    assert all(torch.isfinite(p).all() for p in model.parameters())  # the last good weights, never NaN


def test_the_same_seed_gives_the_same_curve_and_steps_end_the_run():
    def run():
        model, splits = new_model("reverse", cell="gru", layers=1, hidden=16, embed=8, attention="additive")
        splits = limit_length(splits, "symbol", 6)
        tc = TrainConfig(epochs=100, lr=1e-2, max_steps=40, eval_size=30, seed=5)
        return train(model, splits, tc), model

    (a, ma), (b, mb) = run(), run()
    assert a.steps == b.steps == 40 and a.stopped in ("steps", "perfect")
    assert [h["loss"] for h in a.history] == [h["loss"] for h in b.history]
    assert all(torch.equal(x, y) for x, y in zip(ma.parameters(), mb.parameters()))


def test_requests_are_clamped_to_the_limits():
    spec = training.clamp(dict(hidden=10**9, layers=1000, steps=-5, lr=1e3))
    assert spec == dict(hidden=128, layers=2, steps=50, lr=0.1)


# ---- the job board ---------------------------------------------------------------------------------
def test_at_most_slots_jobs_run_and_the_next_waits_its_turn():
    board = training.Board(slots=1)
    release = threading.Event()

    def work(job):
        release.wait(10)
        job.status = "done"

    first, second, third = (training.Job({"n": i}) for i in range(3))
    for job in (first, second, third):
        board.submit(job, work)
    assert first.status == "running" and board.running() == 1
    assert (board.place(second), board.place(third)) == (1, 2) and second.status == "waiting"
    release.set()
    for _ in range(100):
        if third.status == "done":
            break
        time.sleep(0.05)
    assert first.status == second.status == third.status == "done" and board.running() == 0


def test_a_waiting_job_can_be_cancelled():
    board = training.Board(slots=1)
    release = threading.Event()
    first, second = training.Job({}), training.Job({})
    board.submit(first, lambda job: release.wait(10))
    board.submit(second, lambda job: None)
    board.cancel(second)
    assert second.status == "stopped" and not second.active and board.place(second) == 0
    release.set()


def tiny_spec(**changes) -> dict:
    spec = dict(task="reverse", cell="gru", bidirectional=True, layers=1, attention="additive", hidden=16,
                lr=1e-2, steps=60, seed=0, embed=8)  # fmt: skip
    spec.update(changes)
    model, splits = new_model("reverse")
    spec["splits"] = limit_length(splits, "symbol", 5)
    return spec


def test_a_job_reports_while_it_learns_and_stops_within_a_second():
    job = training.Job(tiny_spec(steps=3000))
    thread = threading.Thread(target=training.run, args=(job,))
    thread.start()
    for _ in range(200):
        if job.points and job.attention is not None:
            break
        time.sleep(0.05)
    assert job.points and job.attention[0].shape[1] == 5  # the fixed example "1 2 3 4 5"
    asked = time.monotonic()
    job.stop.set()
    thread.join(5)
    assert time.monotonic() - asked < 1.0 and job.status == "stopped" and job.model is not None


def test_a_replaced_job_ends_without_testing_a_model_nobody_will_see():
    """Start pressed again during a run: the old run stops at once, without its final test, which would
    take a core from the new run's first steps."""
    job = training.Job(tiny_spec(steps=3000))
    thread = threading.Thread(target=training.run, args=(job,))
    thread.start()
    assert job.reported.wait(30)
    job.replaced = True
    job.stop.set()
    thread.join(5)
    assert job.status == "stopped" and job.metrics is None and job.model is None


def test_a_job_on_own_data_trains_tests_and_pictures_its_own_example():
    splits = user_data.split(user_data.parse(PAIRS).pairs, 0)
    spec = dict(task="own", splits=splits, tokenizer=user_data.TOKENIZER, cell="gru", bidirectional=True, layers=1,
                attention="additive", hidden=32, embed=16, lr=1e-2, steps=60, seed=0)  # fmt: skip
    job = training.Job(spec)
    training.run(job)
    assert job.status == "done" and job.model.cfg.task == "own" and job.metrics["n"] == len(splits.test)
    assert job.attention[2] == tuple(splits.test[0].src.split())  # the fixed example: the first test pair
    assert checkpoint.load_bytes(checkpoint.to_bytes(job.model)).cfg == job.model.cfg  # downloads, uploads


def test_a_job_nobody_watches_frees_its_slot(monkeypatch):
    monkeypatch.setattr(training, "ABANDON_SECONDS", 0.5)
    job = training.Job(tiny_spec(steps=3000))
    job.last_seen -= 10  # the page closed long ago
    thread = threading.Thread(target=training.run, args=(job,))
    thread.start()
    thread.join(10)
    assert job.status == "abandoned" and not thread.is_alive()


# ---- the Train page --------------------------------------------------------------------------------
def wait(job, seconds=60):
    for _ in range(int(seconds / 0.1)):
        if not job.active:
            return
        time.sleep(0.1)
    raise AssertionError("the job did not finish")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_train_page_starts_a_run_and_shows_its_result(lang, open_page):
    at = open_page("pages/train.py", lang=lang)
    assert at.title[0].value == i18n.pure_t(lang, "train.title")
    assert at.slider(key="train_steps").value == PAGE_DEFAULTS["steps"]
    at.slider(key="train_steps").set_value(100)
    at.select_slider(key="train_hidden").set_value(32)
    at = ok(at.get("form_submit_button")[0].click())
    job = at.session_state["train_job"]
    assert job.spec["steps"] == 100 and job.spec["hidden"] == 32 and job.spec["task"] == "reverse"
    wait(job)
    at = ok(at.run())
    assert job.status == "done" and at.success and "100" in at.success[0].value
    curves = svgs(at)["train_curves"]  # the loss at every report and the exact match after every epoch
    assert curves.count('class="point"') == len(job.points) + sum("valid" in p for p in job.points)
    assert at.text_input(key="train_result_try_reverse").value == "1 2 3 4 5" and at.code


def test_a_job_reports_the_untrained_loss_at_once():
    job = training.Job(tiny_spec(steps=3000))
    thread = threading.Thread(target=training.run, args=(job,))
    thread.start()
    assert job.reported.wait(30)  # long before the ~0.5 s of the regular reports
    first = job.points[0]
    job.stop.set()
    thread.join(5)
    assert first["done"] == 0 and first["loss"] > 0  # step 0: before the first update


def test_the_run_after_start_already_draws_the_first_loss(open_page):
    """Start waits (at most a second) for the untrained loss, so the curve, the fixed example's attention and
    the progress appear together (before, they came with the fragment's next poll, half a second later)."""
    at = open_page("pages/train.py")
    at.slider(key="train_steps").set_value(3000)
    at = ok(at.get("form_submit_button")[0].click())
    job = at.session_state["train_job"]
    try:
        assert job.points and job.points[0]["done"] == 0
        assert 'class="point"' in svgs(at)["train_curves"]  # the live curve, in this run
        assert "train_attention" in svgs(at)  # and the untrained model's attention
    finally:
        job.stop.set()
        wait(job, 5)


def test_train_page_stop_button(open_page):
    at = open_page("pages/train.py")
    at.slider(key="train_steps").set_value(3000)
    at = ok(at.get("form_submit_button")[0].click())
    job = at.session_state["train_job"]
    time.sleep(1.0)
    job.stop.set()  # what the Stop button's callback does (the button lives in the polling fragment)
    wait(job, 5)
    at = ok(at.run())
    assert job.status == "stopped" and "Stopped" in at.success[0].value


def test_start_again_replaces_the_run_and_reads_the_data_once(open_page):
    """A second Start stops the first run (whose result nobody will see) and trains on the same data,
    read once per server and shared read-only (s2s_core.train.Corpus)."""
    at = open_page("pages/train.py")
    at.slider(key="train_steps").set_value(3000)
    at = ok(at.get("form_submit_button")[0].click())
    first = at.session_state["train_job"]
    at = ok(at.get("form_submit_button")[0].click())
    second = at.session_state["train_job"]
    try:
        assert second is not first and first.replaced and first.stop.is_set()
        assert second.spec["corpus"] is first.spec["corpus"] and second.status == "running"
        wait(first, 5)
        assert first.status == "stopped" and first.metrics is None
    finally:
        second.stop.set()
        wait(second, 5)


def test_train_page_own_data_with_bad_lines(open_page):
    at = open_page("pages/train.py")
    at = ok(at.selectbox(key="train_task").set_value("own"))
    assert i18n.pure_t("en", "train.own_empty") in texts(at.info)
    at = ok(at.text_area(key="train_paste").input(PAIRS + "\nbroken line\n"))
    assert "25 (no tab)" in texts(at.warning) and "24 pairs read." in texts(at.caption)
    at = ok(at.text_area(key="train_paste").input("a\tb\n"))
    assert at.error and i18n.pure_t("en", "train.data_too_few").split("{")[0] in texts(at.error)


def test_train_page_upload_of_a_checkpoint_and_of_garbage(open_page, tmp_path):
    from tests.conftest import tiny_model

    at = open_page("pages/train.py")
    uploader = at.get("file_uploader")
    assert uploader  # the model upload is there (AppTest cannot send files: Chromium does, tests/e2e)
    model = tiny_model()
    data = checkpoint.to_bytes(model)
    assert checkpoint.load_bytes(data).cfg == model.cfg  # what the page's upload does with the bytes
    with pytest.raises(ValueError):
        checkpoint.load_bytes(b"\x80\x04pickle")
    assert np.isfinite(checkpoint.load_bytes(data).encoder.embedding.weight.numpy()).all()
