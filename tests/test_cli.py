"""The CLI contract of DESIGN.md: scripts and tests depend on it."""

import json
import subprocess
import sys

from .conftest import ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "s2s_core", *args], capture_output=True, text=True, cwd=ROOT)


def test_translate_json_contract():
    r = run("translate", "--task", "en-ko", "I love you", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {
        "model",
        "input_tokens",
        "output_tokens",
        "output_text",
        "attention",
        "unknown",
        "suggestions",
        "score",
    }
    assert out["output_tokens"] == ["나는", "너를", "사랑해"]
    assert -1.0 < out["score"] < 0.0  # log-probability of 나는 너를 사랑해 <eos>: a confident model
    assert out["model"] == "en-ko/gru-bi-2l-additive"
    att = out["attention"]
    assert len(att) == 3 and all(len(row) == 3 for row in att)
    # strongest links: I -> 나는, you -> 너를, love -> 사랑해 (input order: i, love, you)
    assert [max(range(3), key=row.__getitem__) for row in att] == [0, 2, 1]
    assert out["unknown"] == []


def test_translate_marks_unknown_words_and_beam():
    r = run(
        "translate",
        "--model",
        "en-ko/lstm-uni-1l-none",
        "--decode",
        "beam",
        "--beam",
        "3",
        "I love catz",
        "--json",
    )
    out = json.loads(r.stdout)
    assert out["unknown"] == ["catz"] and out["input_tokens"][-1] == "<unk>"
    assert out["suggestions"] == {"catz": ["cat", "cats"]}  # one edit each; "cat" comes first in the data
    assert out["attention"] is None


def test_translate_suggests_known_words_for_each_unknown_one():
    out = json.loads(run("translate", "--task", "ko-en", "나는 학교애 갔어요", "--json").stdout)
    assert out["unknown"] == ["학교애"] and out["suggestions"]["학교애"][0] == "학교에"
    out = json.loads(run("translate", "--task", "en-ko", "I love you", "--json").stdout)
    assert out["suggestions"] == {}


def test_models_lists_the_suite():
    r = run("models", "--json")
    assert r.returncode == 0
    assert "en-ko/gru-bi-2l-additive" in json.loads(r.stdout)


def test_bad_input_is_one_line_and_exit_2():
    for args in (
        ("translate", "--task", "en-ko", ""),
        ("translate", "--task", "nope", "hi"),
        ("translate", "--model", "en-ko/xxx", "hi"),
        ("translate", "--task", "en-ko", "you " * 200),
        ("translate", "--model", "/nonexistent.safetensors", "hi"),
        ("inspect", "/nonexistent.safetensors"),
        ("train", "--task", "en-ko", "--layers", "9"),
        ("frobnicate",),
    ):
        r = run(*args)
        assert r.returncode == 2, args
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr, (args, r.stderr)


def test_train_writes_a_loadable_checkpoint(tmp_path):
    out = tmp_path / "rev.safetensors"
    r = run("train", "--task", "reverse", "--hidden", "16", "--embed", "8", "--epochs", "1", "--max-seconds", "3",
            "--out", str(out))  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert run("inspect", str(out)).returncode == 0


def test_translate_with_the_transformer():
    """The Transformer answers the same contract; `attention` is its last layer's cross-attention averaged
    over heads (rows: output tokens, columns: input tokens)."""
    r = run("translate", "--model", "en-ko/transformer-2l-4h", "I love you", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["model"] == "en-ko/transformer-2l-4h" and out["output_tokens"] == ["나는", "너를", "사랑해"]
    assert len(out["attention"]) == 3 and all(abs(sum(row) - 1) < 1e-3 for row in out["attention"])
    assert -1.0 < out["score"] < 0.0
    r = run("translate", "--model", "en-ko/transformer-2l-4h", "--decode", "beam", "I love you")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "greedily or by sampling" in r.stderr


def test_the_notes_other_tasks_answer_through_translate():
    """Sentiment and tagging give their label(s) as output tokens; the chatbot, summarization and the frame
    models (an image, speech, a clip named by their input strings) answer like the translators."""
    cases = {
        "sentiment": ("the music was great but the ending was boring", ["negative"]),
        "tagging": ("i watch the play", ["PRON", "VERB", "DET", "NOUN"]),
        "chatbot": ("thank you", ["you", "are", "welcome", "!"]),
        "summarization": (
            "this morning my clever dog suddenly found a small ball",
            ["my", "dog", "found", "a", "ball"],
        ),
        "digits": ("digit:12", ["two"]),
        "speech": ("speech:go left#3", list("go▁left")),
        "video-captioning": ("video:blue circle up#7", ["a", "blue", "circle", "moves", "up"]),
    }
    for task, (text, tokens) in cases.items():
        r = run("translate", "--task", task, text, "--json")
        assert r.returncode == 0, (task, r.stderr)
        out = json.loads(r.stdout)
        assert out["output_tokens"] == tokens, task
    r = run("translate", "--task", "speech", "speech:go 3")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
