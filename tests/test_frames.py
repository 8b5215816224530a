"""s2s_core.frames and frame models: an image as a source sequence of frames (one-to-one, one-to-many).

The input string names the image; bad strings are InputErrors with a key the UI translates; a frame model's
encoder embeds frames with a linear layer, and its fast path (training, evaluation) agrees with the traced
path the views show; its checkpoint round-trips and text models' checkpoints are unchanged."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from s2s_core import checkpoint, frames, pretrained
from s2s_core.model import ModelConfig
from s2s_core.tasks import get_task
from s2s_core.tasks.digits import WORDS, caption
from s2s_core.text import InputError, tokenize
from s2s_core.train import TrainConfig, evaluate, new_model, train
from ui.image_input import bits_of, image_of_bits


def test_a_digit_of_the_data_set_is_one_frame_of_64_values():
    images, labels = frames.digit_images()
    assert images.shape == (1797, 8, 8) and set(labels.tolist()) == set(range(10))
    f = frames.frames("digit:12", "digits")
    assert f.shape == (1, 64) and f.dtype == np.float32 and f.min() >= 0 and f.max() <= 1
    assert np.allclose(f.reshape(8, 8) * 16, images[12])
    assert tokenize("digit:12", "digits") == ["▦1"]
    with pytest.raises(ValueError):  # the shared arrays are read-only
        images[0, 0, 0] = 1


@given(st.lists(st.integers(0, 16), min_size=64, max_size=64))
def test_a_drawn_image_round_trips_through_its_string(values):
    img = np.array(values, dtype=np.float32).reshape(8, 8)
    text = frames.pixels_text(img)
    assert np.array_equal(frames.image(text), img)
    assert np.array_equal(frames.image(text.upper()), img)  # case and spaces do not matter
    bits = bits_of(img)
    assert np.array_equal(image_of_bits(bits) > 0, img >= 8)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "digit:",
        "digit:1797",
        "digit:-1",
        "digit:1.5",
        "pixels:123",
        "pixels:" + "h" * 64,
        "I love you",
        "digit:12\u200b3x",
        "<script>",
    ],  # fmt: skip
)
def test_a_string_that_names_no_image_is_an_input_error(bad):
    with pytest.raises(InputError) as err:
        frames.frames(bad, "digits")
    assert err.value.key == "not_an_image"


def test_an_empty_drawing_is_its_own_error():
    with pytest.raises(InputError) as err:
        frames.frames("pixels:" + "0" * 64, "digits")
    assert err.value.key == "empty_image"
    assert image_of_bits("xyz") is None and image_of_bits("g" * 16) is None


def test_a_frame_config_must_say_how_many_features_a_frame_has():
    base = dict(
        task="digits", src_tokenizer="digits", tgt_tokenizer="en", src_vocab_size=5, tgt_vocab_size=20
    )
    assert ModelConfig(**base, src_features=64).validate() is None
    for bad in (0, 63, 2000):
        with pytest.raises(ValueError):
            ModelConfig(**base, src_features=bad).validate()
    with pytest.raises(ValueError):  # a text model with frames
        ModelConfig("en-ko", "en", "ko", 10, 10, src_features=64).validate()
    assert "src_features" not in ModelConfig("en-ko", "en", "ko", 10, 10).to_dict()  # old files unchanged


@pytest.fixture(scope="module")
def tiny():
    model, splits = new_model("digits", cell="gru", bidirectional=False, layers=1, attention="none",
                              embed=16, hidden=32)  # fmt: skip
    train(model, splits, TrainConfig(epochs=2, batch_size=32, lr=1e-2, max_train=4000))
    return model, splits


def test_a_frame_model_trains_and_its_fast_path_agrees_with_the_trace(tiny):
    model, splits = tiny
    assert isinstance(model.encoder.embedding, torch.nn.Linear)
    assert model.encoder.embedding.in_features == 64
    texts = [p.src for p in splits.test[:40]]
    fast = model.translate(texts)
    traced = [list(model.trace(t).output_tokens) for t in texts]
    assert fast == traced
    first = sum(
        out[:1] == [p.tgt] for out, p in zip(model.translate([p.src for p in splits.test]), splits.test)
    )
    assert first / len(splits.test) > 0.3  # two short epochs already name the digit far above chance (0.1)
    assert evaluate(model, splits.test)["n"] == len(splits.test)


def test_a_frame_checkpoint_round_trips(tiny, tmp_path):
    model, _ = tiny
    path = tmp_path / "digits.safetensors"
    digest = checkpoint.save(model, path)
    loaded = checkpoint.load(path, expected_sha256=digest)
    assert loaded.cfg == model.cfg and loaded.cfg.src_features == 64
    assert loaded.translate(["digit:5", "digit:700"]) == model.translate(["digit:5", "digit:700"])


def test_held_out_images_are_never_seen_in_training_in_any_shift():
    sp = get_task("digits").generate(0)
    test = {p.src for p in sp.test}
    train_images = {p.src for p in sp.train}
    assert not test & train_images
    test_pixels = {frames.pixels_text(frames.image(s)) for s in test}
    train_pixels = {frames.pixels_text(frames.image(s)) for s in train_images}
    assert not test_pixels & train_pixels


def test_captions_describe_the_digit_and_its_measured_stroke_width():
    images, labels = frames.digit_images()
    ink = images.reshape(len(images), -1).sum(axis=1)
    for i in range(0, 1797, 37):
        c = caption(i)
        if c is None:
            continue
        word, _, width, _ = c.split()
        d = int(labels[i])
        assert word == WORDS[d]
        assert (width == "thick") == (ink[i] > np.median(ink[labels == d]))


@pytest.mark.parametrize("task", ["digits", "digit-captioning"])
def test_the_shipped_image_models_meet_their_target(task):
    name = pretrained.DEFAULTS[task]
    metrics = pretrained.read_manifest()["models"][name]["metrics"]
    assert metrics["exact_match"] >= 0.9
    model = pretrained.load(name)
    images, labels = frames.digit_images()
    held_out = [p for p in get_task(task).generate(0).test][:20]
    outs = model.translate([p.src for p in held_out])
    assert sum(" ".join(o) == p.tgt for o, p in zip(outs, held_out)) >= 17


# ---- speech and video --------------------------------------------------------------------------------
def test_speech_is_deterministic_in_the_take_and_every_letter_sounds_different():
    a, b = frames.frames("speech:go left#3", "speech"), frames.frames("speech: GO  left #3", "speech")
    assert np.array_equal(a, b) and a.shape[1] == 16 and a.min() >= 0 and a.max() <= 1
    assert not np.array_equal(a, frames.frames("speech:go left#4", "speech"))  # another take
    patterns = {tuple(np.round(frames.letter_pattern(c), 4)) for c in "abcdefghijklmnopqrstuvwxyz"}
    assert len(patterns) == 26
    n_letters = len("goleft")
    assert 2 * n_letters + 2 + 2 <= len(a) <= 3 * n_letters + 2 + 2  # 2-3 frames a letter, a gap, edges


def test_the_sound_played_is_as_long_as_the_frames_and_within_range():
    spec = frames.frames("speech:yes#1", "speech")
    audio = frames.waveform(spec)
    assert audio.dtype == np.float32 and np.abs(audio).max() <= 1.0
    assert len(audio) == int(frames.FRAME_SECONDS * frames.SAMPLE_RATE) * len(spec)


def test_a_clip_moves_its_shape_in_its_direction_and_keeps_it_on_the_grid():
    for move, (dr, dc) in frames.MOVES.items():
        for take in range(20):
            clip = frames.frames(f"video:red square {move}#{take}", "video").reshape(8, 8, 8, 3)
            centres = [np.argwhere(f[:, :, 0] > 0.8).mean(axis=0) for f in clip]
            assert all(len(np.argwhere(f[:, :, 0] > 0.8)) == 9 for f in clip)  # the whole 3x3 square, always
            shift = centres[-1] - centres[0]
            assert np.allclose(shift, [3 * dr, 3 * dc]), (move, take, shift)


@pytest.mark.parametrize(
    "text, kind, key",
    [
        ("speech:go 3", "speech", "not_speech"),
        ("speech:", "speech", "not_speech"),
        ("go left", "speech", "not_speech"),
        ("speech:go#x", "speech", "not_speech"),
        ("speech:" + "a" * 30, "speech", "too_long"),
        ("video:red circle", "video", "not_video"),
        ("video:purple circle left", "video", "not_video"),
        ("video:red circle left#-1", "video", "not_video"),
    ],  # fmt: skip
)
def test_bad_speech_and_video_strings_are_input_errors(text, kind, key):
    with pytest.raises(InputError) as err:
        frames.frames(text, kind)
    assert err.value.key == key


@pytest.mark.parametrize("task", ["speech", "video-captioning"])
def test_the_applications_on_frames_meet_their_target_on_new_takes(task):
    sp = get_task(task).generate(0)
    assert not {p.src for p in sp.train} & {p.src for p in sp.test}
    name = pretrained.DEFAULTS[task]
    assert pretrained.read_manifest()["models"][name]["metrics"]["exact_match"] >= 0.9
    model = pretrained.load(name)
    outs = model.translate([p.src for p in sp.test[:30]])
    target = model.cfg.tgt_tokenizer
    assert sum(o == tokenize(p.tgt, target) for o, p in zip(outs, sp.test[:30])) >= 27


def test_speech_holds_out_pairs_never_heard_in_training():
    sp = get_task("speech").generate(0)
    heard = {p.tgt for p in sp.train}
    unseen = {p.tgt for p in sp.test} - heard
    assert unseen and all(" " in u for u in unseen)  # whole pairs, the words alone were heard
