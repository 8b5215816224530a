"""How the decoder picks each next token: greedy, beam search, or sampling with a temperature.

These run on the fast (fused) decoder step. The explained run in `model.trace` then replays the chosen
tokens through the explicit cells, so the Trace shows exactly the output that the search produced.
"""

from __future__ import annotations

import torch

from .text import EOS_ID, SOS_ID
from .trace import BeamNode, BeamTree

DECODES = ("greedy", "beam", "sample")
MAX_BEAM = 8
MAX_TEMPERATURE = 5.0
MIN_TEMPERATURE = 0.05  # sampling at or below this is greedy (the limit T -> 0)


def greedy(model, enc, max_len: int) -> torch.Tensor:
    """Most probable token at every step, for a whole batch. Returns ids (B, T) padded with <pad>=0 after <eos>."""
    dec = model.decoder
    keys = dec.keys(enc)
    batch = enc.memory.shape[0]
    y = torch.full((batch,), SOS_ID, dtype=torch.long)
    h, c, ctx = enc.h0, enc.c0, enc.context
    done = torch.zeros(batch, dtype=torch.bool)
    out = []
    for _ in range(max_len):
        st = dec.step(y, h, c, ctx, enc, keys)
        h, c, ctx = st.h, st.c, st.context
        y = st.logits.argmax(-1).masked_fill(done, 0)  # (B,)
        out.append(y)
        done |= y == EOS_ID
        if bool(done.all()):
            break
    return torch.stack(out, dim=1)


def sample_next(logits: torch.Tensor, temperature: float, generator: torch.Generator) -> torch.Tensor:
    """Draw one token from softmax(logits / temperature). A per-call generator keeps sessions independent.
    At MIN_TEMPERATURE or below it is the limit T -> 0: the most probable token (greedy), exactly."""
    if temperature <= MIN_TEMPERATURE:
        return logits.argmax(-1)
    probs = torch.softmax(logits / temperature, dim=-1)  # (B, V)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)  # (B,)


def beam_search(model, enc, width: int, max_len: int, vocab) -> tuple[list[int], BeamTree]:
    """Keep the `width` most probable partial outputs at every step; return the best and the whole tree.

    Scores are summed log-probabilities. We stop when no live hypothesis can beat the best finished one
    (scores only go down), so the result is the exact best within the beam.

    The greedy path is always kept, even where it falls out of the top `width` (it is then one extra
    hypothesis): plain beam search can prune it and end on a worse sentence than greedy decoding, which
    a student comparing the two would rightly call a bug. So a wider beam never scores below greedy.
    """
    dec = model.decoder
    nodes = [BeamNode(0, -1, 0, vocab.itos[SOS_ID], SOS_ID, 0.0, 0.0, False, False)]
    alive = [0]  # node ids of live hypotheses
    greedy_node = 0  # the node greedy decoding is at (its path is never pruned)
    h, c, ctx = enc.h0, enc.c0, enc.context  # (L, 1, H), (1, H)
    for step in range(1, max_len + 1):
        batch = enc.select(torch.zeros(len(alive), dtype=torch.long))
        keys = dec.keys(batch)
        y = torch.tensor([nodes[n].token_id for n in alive])
        st = dec.step(y, h, c, ctx, batch, keys)
        logp = torch.log_softmax(st.logits, dim=-1)  # (A, V)
        top_lp, top_id = logp.topk(min(width, logp.shape[-1]), dim=-1)  # (A, k)
        cands = [
            (nodes[n].score + float(lp), a, int(tok), float(lp))
            for a, n in enumerate(alive)
            for lp, tok in zip(top_lp[a], top_id[a])
        ]
        g = alive.index(greedy_node) if greedy_node in alive else None
        greedy_next = (g, int(top_id[g][0])) if g is not None else None  # greedy's own next token
        cands.sort(key=lambda x: -x[0])
        new_alive, rows = [], []
        for rank, (score, a, tok, lp) in enumerate(cands):
            is_greedy = (a, tok) == greedy_next
            kept = rank < width or is_greedy
            node = BeamNode(
                len(nodes), alive[a], step, vocab.itos[tok], tok, lp, score, tok == EOS_ID, not kept
            )
            nodes.append(node)
            if is_greedy:
                greedy_node = node.node
            if kept and tok != EOS_ID:
                new_alive.append(node.node)
                rows.append(a)
        finished = [n for n in nodes if n.finished and not n.pruned]
        best_done = max((n.score for n in finished), default=float("-inf"))
        if not new_alive or best_done >= max(nodes[n].score for n in new_alive):
            break
        index = torch.tensor(rows)
        h, ctx = st.h[:, index], st.context[index]
        c = st.c[:, index] if st.c is not None else None
        alive = new_alive
    candidates = [n for n in nodes if n.finished and not n.pruned] or [nodes[n] for n in alive]
    best = max(candidates, key=lambda n: n.score)
    path = []
    n = best
    while n.parent != -1:
        path.append(n.node)
        n = nodes[n.parent]
    path = [0] + path[::-1]
    tokens = [nodes[i].token_id for i in path[1:]]
    return tokens, BeamTree(width, tuple(nodes), tuple(path))
