"""The Trace holds the real numbers: recompute the output from them; fast and explained paths agree;
per-call observers never mix sessions."""

import threading

import numpy as np
import pytest
import torch

from s2s_core.text import InputError

ARCHS = [
    dict(cell=c, bidirectional=bi, layers=layers, attention=a)
    for c in ("rnn", "lstm", "gru")
    for bi in (False, True)
    for layers in (1, 3)
    for a in ("none", "additive", "dot", "general")
]


@pytest.mark.parametrize("arch", ARCHS, ids=lambda a: "-".join(str(v) for v in a.values()))
def test_trace_equals_fast_path_and_recomputes(tiny, arch):
    model = tiny(**arch)
    tr = model.trace("I love you")
    assert list(tr.output_tokens) == model.translate(["I love you"])[0]
    d = tr.decoder
    T, L, H = d.states.shape
    assert (arch["layers"], 12) == (L, H)
    # the output layer applied to the Trace's own numbers gives the Trace's logits and outputs
    w = model.decoder.out.weight.detach().numpy()
    b = model.decoder.out.bias.detach().numpy()
    feats = np.concatenate([d.states[:, -1], d.contexts, d.embeddings], axis=1)  # (T, 2H+E)
    logits = feats @ w.T + b
    logits[:, :2] = d.logits[:, :2]  # <pad>/<sos> are masked by the decoder
    np.testing.assert_allclose(logits, d.logits, atol=1e-4)
    assert (logits.argmax(1) == d.output_ids).all()
    if arch["attention"] == "none":
        assert d.attention_weights is None
        np.testing.assert_allclose(d.contexts, np.repeat(tr.context.vector[None], T, 0), atol=1e-6)
    else:
        s = d.attention_scores
        soft = np.exp(s - s.max(1, keepdims=True))
        np.testing.assert_allclose(d.attention_weights, soft / soft.sum(1, keepdims=True), atol=1e-5)
        np.testing.assert_allclose(d.contexts, d.attention_weights @ tr.encoder.memory, atol=1e-5)
    # the decoder starts from the context vector, and each step is fed the previous output
    assert d.input_tokens[0] == "<sos>"
    assert list(d.input_ids[1:]) == list(d.output_ids[:-1])


def test_context_vector_recipe(tiny):
    uni = tiny(bidirectional=False, layers=2).trace("I love you")
    assert uni.context.recipe == "final"
    np.testing.assert_allclose(uni.context.vectors[1], uni.encoder.layer(1).states[-1], atol=1e-6)
    bi = tiny(bidirectional=True, layers=2).trace("I love you")
    assert bi.context.recipe == "bridge"
    np.testing.assert_allclose(
        bi.context.final_forward[1], bi.encoder.layer(1, "forward").states[-1], atol=1e-6
    )
    np.testing.assert_allclose(
        bi.context.final_backward[1], bi.encoder.layer(1, "backward").states[0], atol=1e-6
    )


def test_lstm_records_cells_and_gates(tiny):
    tr = tiny(cell="lstm").trace("I love you")
    lt = tr.encoder.layer(0, "forward")
    assert lt.cells.shape == (3, 12) and set(lt.gates) == {"i", "f", "g", "o"}
    assert set(tr.decoder.gates) == {"i", "f", "g", "o"} and tr.decoder.cells is not None


def test_beam_returns_best_path_and_tree(tiny):
    model = tiny()
    tr = model.trace("I love you", decode="beam", beam=3)
    tree = tr.beam
    assert tree is not None and tree.best[0] == 0
    path_tokens = [tree.nodes[i].token for i in tree.best[1:]]
    assert [t for t in path_tokens if t != "<eos>"] == list(tr.output_tokens)
    best_score = tree.nodes[tree.best[-1]].score
    finished = [n.score for n in tree.nodes if n.finished and not n.pruned]
    assert not finished or best_score == max(finished)
    # with width 1 beam search is greedy
    assert (
        model.trace("I love you", decode="beam", beam=1).output_tokens
        == model.trace("I love you").output_tokens
    )


def test_sampling_is_seeded_per_call(tiny):
    model = tiny()
    a = model.trace("he likes her", decode="sample", temperature=2.0, seed=7)
    b = model.trace("he likes her", decode="sample", temperature=2.0, seed=7)
    assert a.output_tokens == b.output_tokens
    outs = {
        model.trace("he likes her", decode="sample", temperature=5.0, seed=s).output_tokens for s in range(8)
    }
    assert len(outs) > 1


def test_teacher_forcing_feeds_the_reference(tiny):
    tr = tiny().trace("I love you", reference="나는 너를 사랑해")
    assert tr.decode == "forced" and tr.decoder.forced
    assert tr.decoder.input_tokens == ("<sos>", "나는", "너를", "사랑해")
    assert tr.decoder.output_tokens == ("나는", "너를", "사랑해", "<eos>")


def test_pinned_attention_changes_the_context(tiny):
    model = tiny()
    free = model.trace("I love you")
    pinned = model.trace("I love you", pin={0: [0, 0, 1]})
    np.testing.assert_allclose(pinned.decoder.attention_weights[0], [0, 0, 1], atol=1e-6)
    np.testing.assert_allclose(pinned.decoder.contexts[0], free.encoder.memory[2], atol=1e-5)
    with pytest.raises(InputError):
        model.trace("I love you", pin={0: [1, 0]})
    with pytest.raises(InputError):
        model.trace("I love you", pin={0: [float("nan"), 0, 1]})


def test_unknown_words_are_visible_in_the_trace(tiny):
    tr = tiny().trace("I love pizza")
    assert tr.source.tokens == ("i", "love", "pizza")
    assert tr.source.unknown == (False, False, True)
    assert tr.source.shown == ("i", "love", "<unk>")


def test_trace_is_json_serializable(tiny):
    import json

    d = json.loads(tiny(cell="lstm").trace("I love you", decode="beam").to_json())
    assert d["source"]["tokens"] == ["i", "love", "you"]
    assert len(d["decoder"]["states"]) == len(d["decoder"]["output_tokens"])


def test_decode_length_is_capped(tiny):
    tr = tiny().trace("I love you " * 13)
    assert len(tr.decoder.output_ids) <= tiny().cfg.max_output


def test_concurrent_traces_never_mix(tiny):
    """8 threads trace different sentences on one shared model; each observer sees only its own call."""
    model = tiny(cell="lstm", attention="general")
    sentences = ["i love you", "he likes her", "we eat apples", "i love her", "he likes you", "we love you",
                 "i eat apples .", "he love we"]  # fmt: skip
    expected = {s: model.trace(s) for s in sentences}
    errors = []

    def work(sentence):
        for _ in range(15):
            seen = []
            tr = model.trace(sentence, observers=[lambda ev, data, seen=seen: seen.append((ev, data))])
            ref = expected[sentence]
            if tr.output_tokens != ref.output_tokens or not np.allclose(
                tr.decoder.states, ref.decoder.states
            ):
                errors.append(f"mixed output for {sentence}")
            enc_events = [d for ev, d in seen if ev == "encoder_layer"]
            if any(d["states"].shape[0] != len(ref.source.tokens) for d in enc_events):
                errors.append(f"observer of {sentence} saw another sentence")
            if len([1 for ev, _ in seen if ev == "decoder_step"]) != len(ref.decoder.output_ids):
                errors.append(f"wrong number of decoder events for {sentence}")

    threads = [threading.Thread(target=work, args=(s,)) for s in sentences]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert not model.encoder.rnn._forward_hooks and not model._forward_hooks


def test_trace_does_not_touch_global_rng(tiny):
    model = tiny()
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    model.trace("I love you", decode="sample", seed=5)
    assert torch.equal(torch.rand(1), before)
