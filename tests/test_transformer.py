"""The Transformer: its attention equals torch's, the masks hide what they must, a trace's numbers
reproduce its output, checkpoints round-trip and are validated, and it trains with the RNNs' loop."""

import json
import math
import struct
import threading

import numpy as np
import pytest
import torch
from torch import nn

from s2s_core import checkpoint
from s2s_core.tasks import Pair, Splits
from s2s_core.text import EOS_ID, SOS_ID
from s2s_core.train import TrainConfig, alignment_error_rate, evaluate, train
from s2s_core.transformer import MultiHeadAttention, Transformer, TransformerConfig, positions

from .conftest import SRC, TGT


def tiny_transformer(seed=0, **arch) -> Transformer:
    base = dict(layers=2, heads=2, d_model=16, d_ff=32)
    base.update(arch)
    cfg = TransformerConfig("en-ko", "en", "ko", len(SRC), len(TGT), **base)
    torch.manual_seed(seed)
    return Transformer(cfg, SRC, TGT).eval()


def torch_twin(ours: MultiHeadAttention, d: int, heads: int) -> nn.MultiheadAttention:
    """nn.MultiheadAttention holding our weights (its in_proj stacks W_q, W_k, W_v)."""
    ref = nn.MultiheadAttention(d, heads, batch_first=True)
    with torch.no_grad():
        ref.in_proj_weight.copy_(torch.cat([ours.q.weight, ours.k.weight, ours.v.weight]))
        ref.in_proj_bias.copy_(torch.cat([ours.q.bias, ours.k.bias, ours.v.bias]))
        ref.out_proj.weight.copy_(ours.out.weight)
        ref.out_proj.bias.copy_(ours.out.bias)
    return ref


@pytest.mark.parametrize("d,heads", [(16, 4), (12, 3), (8, 1)])
def test_attention_equals_torch_multihead_attention(d, heads):
    torch.manual_seed(1)
    ours = MultiHeadAttention(d, heads)
    ref = torch_twin(ours, d, heads)
    x, memory = torch.randn(3, 5, d), torch.randn(3, 7, d)
    pad = torch.tensor([[False] * 7, [False] * 4 + [True] * 3, [False] * 6 + [True]])  # torch: True = ignore
    y, w = ours(x, memory, mask=~pad[:, None, None, :])
    y_ref, w_ref = ref(x, memory, memory, key_padding_mask=pad, average_attn_weights=False)
    torch.testing.assert_close(y, y_ref, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(w, w_ref, atol=1e-6, rtol=1e-5)  # (B, h, Tq, Tk) per head
    assert torch.all(w[1, :, :, 4:] == 0)  # padding gets no weight


def test_causal_attention_and_gradients_equal_torch():
    torch.manual_seed(2)
    d, heads, T = 16, 4, 6
    ours = MultiHeadAttention(d, heads)
    ref = torch_twin(ours, d, heads)
    x = torch.randn(2, T, d, requires_grad=True)
    x_ref = x.detach().clone().requires_grad_(True)
    causal = torch.ones(T, T, dtype=torch.bool).tril()
    y, w = ours(x, x, mask=causal[None, None])
    y_ref, _ = ref(x_ref, x_ref, x_ref, attn_mask=~causal, average_attn_weights=False)
    torch.testing.assert_close(y, y_ref, atol=1e-5, rtol=1e-5)
    assert torch.all(w.triu(1) == 0)  # no position looks ahead
    (y.square().sum()).backward()
    (y_ref.square().sum()).backward()
    torch.testing.assert_close(x.grad, x_ref.grad, atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(ours.q.weight.grad, ref.in_proj_weight.grad[:d], atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(ours.out.weight.grad, ref.out_proj.weight.grad, atol=1e-5, rtol=1e-4)


def test_positional_encoding_is_the_sinusoid_of_the_paper():
    pe = positions(50, 16)
    p, i = 7, 3
    assert pe.shape == (50, 16)
    assert math.isclose(pe[p, 2 * i], math.sin(p / 10000 ** (2 * i / 16)), abs_tol=1e-6)
    assert math.isclose(pe[p, 2 * i + 1], math.cos(p / 10000 ** (2 * i / 16)), abs_tol=1e-6)
    assert len({tuple(np.round(row, 4)) for row in pe.numpy()}) == 50  # every position its own pattern
    assert positions(9, 15).shape == (9, 15)  # odd widths too


def test_decoder_never_sees_the_future():
    model = tiny_transformer()
    src, lengths = torch.tensor([[4, 5, 6]]), torch.tensor([3])
    a = torch.tensor([[SOS_ID, 4, 5, 6, 7]])
    b = a.clone()
    b[0, 3:] = torch.tensor([9, 10])
    la, lb = model(src, lengths, a), model(src, lengths, b)
    torch.testing.assert_close(la[:, :3], lb[:, :3])  # positions before the change are unchanged
    assert not torch.allclose(la[:, 3:], lb[:, 3:])


def test_a_batch_translates_each_row_as_if_alone():
    model = tiny_transformer(seed=3)
    rows = [[4, 5, 6, 7, 8, 9], [4], [6, 5]]
    together = model.translate_ids(rows)
    alone = [model.translate_ids([r])[0] for r in rows]
    assert together == alone


def test_trace_numbers_reproduce_its_output():
    model = tiny_transformer(seed=4)
    tr = model.trace("i love you")
    L, h, T, S = tr.cross.shape
    assert (L, h, S) == (2, 2, 3) and tr.encoder_self.shape == (2, 2, 3, 3)
    assert tr.decoder_self.shape == (2, 2, T, T)
    assert np.allclose(tr.cross.sum(-1), 1, atol=1e-5) and np.allclose(tr.encoder_self.sum(-1), 1, atol=1e-5)
    assert np.all(np.triu(tr.decoder_self, 1) == 0)
    # greedy: each step's token is the argmax of its logits, and each fed-back input is the previous output
    assert list(tr.output_ids) == list(tr.logits.argmax(-1))
    assert tr.input_tokens[0] == "<sos>" and tr.input_tokens[1:] == tr.step_tokens[:-1]
    assert tr.output_tokens == tuple(model.translate(["i love you"])[0])
    assert tr.attention.shape == (len(tr.output_tokens), S)
    np.testing.assert_allclose(tr.positions, positions(S, 16).numpy())
    logp = torch.log_softmax(torch.as_tensor(tr.logits), -1)
    assert math.isclose(tr.score, float(logp[range(T), tr.output_ids].sum()), rel_tol=1e-5)


def test_trace_under_teacher_forcing_and_sampling():
    model = tiny_transformer(seed=5)
    forced = model.trace("i love you", reference="나는 너를 사랑해")
    assert forced.decode == "forced" and forced.input_tokens == ("<sos>", "나는", "너를", "사랑해")
    assert forced.step_tokens[-1] == "<eos>"
    a = model.trace("i love you", decode="sample", seed=7, temperature=2.0)
    b = model.trace("i love you", decode="sample", seed=7, temperature=2.0)
    assert a.output_tokens == b.output_tokens
    cold = model.trace("i love you", decode="sample", seed=7, temperature=0.01)
    assert cold.output_tokens == model.trace("i love you").output_tokens  # T -> 0 is greedy
    with pytest.raises(ValueError, match="greedily or by sampling"):
        model.trace("i love you", decode="beam")
    with pytest.raises(ValueError, match="pinned attention is for the RNN models"):
        model.trace("i love you", pin={0: [1.0, 0.0, 0.0]})


def test_checkpoint_round_trip_and_validation():
    model = tiny_transformer(seed=6)
    data = checkpoint.to_bytes(model)
    back = checkpoint.load_bytes(data)
    assert isinstance(back, Transformer) and back.cfg == model.cfg
    assert back.translate(["i love you"]) == model.translate(["i love you"])
    for change, message in (({"heads": 3}, "multiple of heads"), ({"d_model": 100000}, "d_model"),
                            ({"layers": True}, "must be int"), ({"arch": "rnn"}, "unknown config fields")):  # fmt: skip
        with pytest.raises(checkpoint.CheckpointError, match=message):
            checkpoint.load_bytes(with_config(data, **change))


def with_config(data: bytes, **change) -> bytes:
    """The same file with its config's fields changed (the weights untouched)."""
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    config = json.loads(header["__metadata__"]["config"]) | change
    if change.get("arch") == "rnn":  # a Transformer's config read as an RNN's
        config.pop("arch")
        config["arch_was"] = "rnn"
    header["__metadata__"]["config"] = json.dumps(config)
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + data[8 + n :]


def test_traces_from_threads_sharing_one_model_stay_their_own():
    model = tiny_transformer(seed=8)
    sentences = ["i love you", "he likes her", "we eat apples", "i love her"] * 2
    expected = {s: model.trace(s).output_tokens for s in sentences}
    got, errors = {}, []

    def work(i, s):
        try:
            for _ in range(5):
                tr = model.trace(s)
                assert tr.text == s
                got[i] = tr.output_tokens
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i, s)) for i, s in enumerate(sentences)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert all(got[i] == expected[s] for i, s in enumerate(sentences))


def test_it_learns_with_the_rnn_training_loop():
    """A tiny Transformer learns to copy short sequences in a few seconds, and AER is measurable."""
    words = ["i", "love", "you", "he", "likes", "her", "we", "eat"]
    tgt_of = dict(zip(words, ["나는", "너를", "사랑해", "그는", "좋아해", "그녀를", "우리는", "먹어"]))
    rng = np.random.default_rng(0)

    def pair():
        src = list(rng.choice(words, size=int(rng.integers(1, 4))))
        return Pair(
            " ".join(src), " ".join(tgt_of[w] for w in src), sure=tuple((i, i) for i in range(len(src)))
        )

    splits = Splits(
        tuple(pair() for _ in range(600)), tuple(pair() for _ in range(50)), tuple(pair() for _ in range(100))
    )
    model = tiny_transformer(seed=0, layers=1, heads=2, d_model=32, d_ff=64, dropout=0.0).train()
    before = evaluate(model, splits.test)["exact_match"]
    result = train(
        model, splits, TrainConfig(epochs=10, batch_size=32, lr=5e-3, warmup=20, patience=10, seed=0)
    )
    after = evaluate(model, splits.test)["exact_match"]
    assert result.stopped != "diverged" and after >= 0.9 > before
    aer = alignment_error_rate(model, splits.test)
    assert aer is not None and 0.0 <= aer <= 1.0
    assert EOS_ID not in model.translate_ids([[4]])[0]
