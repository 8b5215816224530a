"""Checkpoints are untrusted input: every bad file gets one clear error, before any allocation."""

import json
import pickle
import struct
import subprocess
import sys

import pytest
import torch
from safetensors.torch import save_file

from s2s_core import checkpoint
from s2s_core.checkpoint import CheckpointError

from .conftest import ROOT


@pytest.fixture
def saved(tmp_path, tiny):
    model = tiny(cell="lstm", layers=2)
    path = tmp_path / "good.safetensors"
    digest = checkpoint.save(model, path)
    return model, path, digest


def _rewrite_header(path, out, edit):
    data = path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    edit(header)
    raw = json.dumps(header).encode()
    out.write_bytes(struct.pack("<Q", len(raw)) + raw + data[8 + n :])
    return out


def test_round_trip_is_exact(saved):
    model, path, digest = saved
    loaded = checkpoint.load(path, expected_sha256=digest)
    for (k, a), (_, b) in zip(model.state_dict().items(), loaded.state_dict().items()):
        assert torch.equal(a, b), k
    assert loaded.trace("I love you").output_tokens == model.trace("I love you").output_tokens
    assert not any(p.requires_grad for p in loaded.parameters())


def test_inspect_reads_config_without_weights(saved):
    model, path, _ = saved
    cfg, src, tgt, meta = checkpoint.inspect(path)
    assert cfg == model.cfg and len(src) == model.cfg.src_vocab_size


def test_sha256_mismatch_is_refused(saved):
    _, path, _ = saved
    with pytest.raises(CheckpointError, match="sha256"):
        checkpoint.load(path, expected_sha256="0" * 64)


def _bad_files(tmp_path, path):
    data = path.read_bytes()
    pt = tmp_path / "model.pt"
    pt.write_bytes(pickle.dumps({"weights": [1, 2, 3]}))
    zipped = tmp_path / "torch_zip.pt"
    zipped.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    truncated = tmp_path / "truncated.safetensors"
    truncated.write_bytes(data[: len(data) // 2])
    huge = tmp_path / "huge.safetensors"
    huge.write_bytes(struct.pack("<Q", 10**12) + b"{}")
    garbage = tmp_path / "garbage.safetensors"
    garbage.write_bytes(struct.pack("<Q", 5) + b"\xff\xfe{{{")
    empty = tmp_path / "empty.safetensors"
    empty.write_bytes(b"")
    hostile = _rewrite_header(
        path,
        tmp_path / "hostile.safetensors",
        lambda h: h["__metadata__"].update(
            config=json.dumps({**json.loads(h["__metadata__"]["config"]), "hidden": 10**9})
        ),
    )
    fmt = _rewrite_header(
        path, tmp_path / "format.safetensors", lambda h: h["__metadata__"].update(format="x")
    )
    nometa = _rewrite_header(path, tmp_path / "nometa.safetensors", lambda h: h.pop("__metadata__"))
    shape = _rewrite_header(
        path, tmp_path / "shape.safetensors", lambda h: h["decoder.out.bias"].update(shape=[999])
    )
    dtype = _rewrite_header(
        path, tmp_path / "dtype.safetensors", lambda h: h["decoder.out.bias"].update(dtype="F64")
    )
    badfield = _rewrite_header(
        path,
        tmp_path / "field.safetensors",
        lambda h: h["__metadata__"].update(config=json.dumps({"__class__": "os.system"})),
    )

    def config(**changes):
        return lambda h: h["__metadata__"].update(
            config=json.dumps({**json.loads(h["__metadata__"]["config"]), **changes})
        )

    def first_tensor(h):
        return sorted((k for k in h if k != "__metadata__"), key=lambda k: h[k]["data_offsets"][0])

    def gap(h):  # the last tensor starts 4 bytes later than the one before ends (and ends 4 later)
        last = first_tensor(h)[-1]
        b, e = h[last]["data_offsets"]
        h[last]["data_offsets"] = [b + 4, e + 4]

    def overlap(h):  # the second tensor starts 4 bytes inside the first
        second = first_tensor(h)[1]
        b, e = h[second]["data_offsets"]
        h[second]["data_offsets"] = [b - 4, e - 4]

    def rename(h):
        name = first_tensor(h)[0]
        h["not.a.parameter"] = h.pop(name)

    def extra(h):
        h["extra.weight"] = {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}

    cases = {
        "list header": lambda h: h.clear() or h.update({"__metadata__": []}),
        "metadata not strings": lambda h: h["__metadata__"].update(config={"hidden": 8}),
        "metadata not JSON": lambda h: h["__metadata__"].update(config="{not json"),
        "layers=1000": config(layers=1000),
        "bool for int": config(hidden=True),
        "vocab mismatch": lambda h: h["__metadata__"].update(
            src_vocab=json.dumps(["<pad>", "<sos>", "<eos>", "<unk>", "x"])
        ),
        "renamed tensor": rename,
        "extra tensor": extra,
        "gap": gap,
        "overlap": overlap,
        "offsets not ints": lambda h: h[first_tensor(h)[0]].update(data_offsets=["0", "4"]),
    }
    edited = {
        label: _rewrite_header(path, tmp_path / f"{i}.safetensors", edit)
        for i, (label, edit) in enumerate(cases.items())
    }
    not_object = tmp_path / "array.safetensors"
    not_object.write_bytes(struct.pack("<Q", 2) + b"[]")
    trailing = tmp_path / "trailing.safetensors"
    trailing.write_bytes(data + b"\0" * 16)
    return {
        "non-object header": (not_object, "not a JSON object"),
        "metadata as a list": (edited["list header"], "metadata"),
        "metadata not strings": (edited["metadata not strings"], "metadata"),
        "config not JSON": (edited["metadata not JSON"], "bad config"),
        "layers=1000": (edited["layers=1000"], "layers"),
        "bool for an int": (edited["bool for int"], "hidden"),
        "vocabulary vs config": (edited["vocab mismatch"], "vocabulary sizes"),
        "renamed tensor": (edited["renamed tensor"], "tensor names"),
        "extra tensor": (edited["extra tensor"], "tensor names"),
        "gap": (edited["gap"], "gaps"),
        "overlap": (edited["overlap"], "overlaps"),
        "offsets not ints": (edited["offsets not ints"], "offsets"),
        "trailing bytes": (trailing, "trailing"),
        "pickle": (pt, "pickle"),
        "torch zip": (zipped, "pickle"),
        "truncated": (truncated, "truncated"),
        "huge header": (huge, "header"),
        "garbage": (garbage, "JSON"),
        "empty": (empty, "short"),
        "hidden=1e9": (hostile, "hidden"),
        "format": (fmt, "format"),
        "no metadata": (nometa, "metadata"),
        "wrong shape": (shape, "shape"),
        "wrong dtype": (dtype, "float32"),
        "unknown field": (badfield, "unknown config fields"),
    }


def test_every_bad_file_gives_one_clear_error(tmp_path, saved):
    _, path, _ = saved
    for label, (bad, needle) in _bad_files(tmp_path, path).items():
        with pytest.raises(CheckpointError) as e:
            checkpoint.load(bad)
        assert needle.lower() in str(e.value).lower(), (label, str(e.value))
        assert "\n" not in str(e.value)


def test_non_finite_weights_are_rejected(tmp_path, tiny):
    model = tiny()
    path = tmp_path / "nan.safetensors"
    checkpoint.save(model, path)
    cfg, src, tgt, meta = checkpoint.inspect(path)
    tensors = {k: v.clone() for k, v in model.state_dict().items()}
    tensors["decoder.out.bias"][0] = float("nan")
    save_file(tensors, str(path), metadata=meta)
    with pytest.raises(CheckpointError, match="NaN"):
        checkpoint.load(path)


def test_hostile_config_is_rejected_before_allocation(tmp_path, saved, monkeypatch):
    """hidden=10**9 would need terabytes; the bound check must fire before any Seq2Seq is built."""
    _, path, _ = saved
    bad = _bad_files(tmp_path, path)["hidden=1e9"][0]
    import s2s_core.checkpoint as ck

    monkeypatch.setattr(ck, "Seq2Seq", lambda *a, **k: pytest.fail("model allocated"))
    with pytest.raises(CheckpointError):
        ck.load(bad)


def test_cli_inspect_exit_codes(tmp_path, saved):
    _, path, _ = saved
    ok = subprocess.run(
        [sys.executable, "-m", "s2s_core", "inspect", str(path)], capture_output=True, text=True, cwd=ROOT
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["config"]["cell"] == "lstm"
    bad_files = _bad_files(tmp_path, path)
    for label in ("pickle", "truncated", "huge header", "hidden=1e9"):
        bad = bad_files[label][0]
        r = subprocess.run(
            [sys.executable, "-m", "s2s_core", "inspect", str(bad)], capture_output=True, text=True, cwd=ROOT
        )
        assert r.returncode == 2, label
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr, (label, r.stderr)


def test_header_length_starting_with_0x80_is_not_mistaken_for_pickle(tmp_path, tiny):
    """Regression: a real checkpoint whose u64 header length has low byte 0x80 must load."""
    model = tiny()
    for pad in range(256):
        path = tmp_path / f"pad{pad}.safetensors"
        checkpoint.save(model, path, note="x" * pad)
        if path.read_bytes()[0] == 0x80:
            break
    else:
        pytest.fail("no padding produced a 0x80 first byte")
    assert checkpoint.load(path).trace("I love you").output_tokens == model.trace("I love you").output_tokens


def test_saved_bytes_do_not_depend_on_header_order(tmp_path, saved):
    """Rebuilds are reproducible to the byte: the header is written with sorted keys."""
    _, path, digest = saved
    shuffled = _rewrite_header(path, tmp_path / "shuffled.safetensors", lambda h: None)
    raw = shuffled.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    reordered = json.dumps(dict(reversed(list(header.items())))).encode()
    scrambled = struct.pack("<Q", len(reordered)) + reordered + raw[8 + n :]
    assert checkpoint.canonical(scrambled) == path.read_bytes()
    assert checkpoint.load_bytes(scrambled).cfg == checkpoint.load(path).cfg


def test_validating_shapes_allocates_nothing_and_imports_no_compiler():
    """expected_shapes builds the model on the meta device without initialising it: no weight memory, and
    no torch._dynamo (meta tensors' normal_ would import it: 2.5 s and ~100 MB per server process)."""
    code = (
        "import sys; from s2s_core import load; m = load('en-ko/gru-bi-2l-additive'); "
        "t = load('en-ko/transformer-2l-4h'); assert m.trace('I love you').output_text == '나는 너를 사랑해'; "
        "assert 'torch._dynamo' not in sys.modules, 'torch._dynamo was imported'"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-500:]
