"""Command line: python -m s2s_core {models, translate, train, gradients, build-pretrained, inspect}.

A contract that scripts and tests rely on (see DESIGN.md). Any bad input or bad file ends with exit
status 2 and exactly one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import torch

from . import checkpoint, pretrained
from .attention import ATTENTIONS
from .cells import CELLS
from .search import DECODES
from .text import InputError, suggestions
from .train import PAGE_DEFAULTS


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2 (argparse would print the whole usage)
        raise UsageError(message)


def build_parser() -> Parser:
    p = Parser(prog="python -m s2s_core", description="Seq2Seq explainer: models, translation, training")
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)
    m = sub.add_parser("models", help="list shipped models with config and metrics")
    m.add_argument("--json", action="store_true")
    t = sub.add_parser("translate", help="translate one input with a shipped model or a checkpoint")
    group = t.add_mutually_exclusive_group()
    group.add_argument("--task", help="use the task's default model")
    group.add_argument("--model", help="a shipped model name or a .safetensors path")
    t.add_argument("--decode", choices=DECODES, default="greedy")
    t.add_argument("--beam", type=int, default=4)
    t.add_argument("--temperature", type=float, default=1.0)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--json", action="store_true")
    t.add_argument("text")
    d = PAGE_DEFAULTS  # the Train page's starting settings
    tr = sub.add_parser("train", help="train a model (the Train page's defaults) and save it as safetensors")
    tr.add_argument("--task", required=True)
    tr.add_argument("--cell", choices=CELLS, default=d["cell"])
    tr.add_argument("--bidirectional", action=argparse.BooleanOptionalAction, default=d["bidirectional"])
    tr.add_argument("--layers", type=int, default=d["layers"], choices=range(1, 5))
    tr.add_argument("--attention", choices=ATTENTIONS, default=d["attention"])
    tr.add_argument("--embed", type=int, default=32)
    tr.add_argument("--hidden", type=int, default=d["hidden"])
    tr.add_argument("--lr", type=float, default=d["lr"])
    tr.add_argument("--steps", type=int, default=d["steps"], help="optimizer steps (batches of 64)")
    tr.add_argument("--epochs", type=int, default=1000, help="upper bound; steps usually end the run first")
    tr.add_argument("--max-len", type=int, default=None, help="only inputs of at most this many tokens")
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--max-seconds", type=float, default=None)
    tr.add_argument("--json", action="store_true", help="print one JSON object: exact_match, seconds, steps")
    tr.add_argument("--out", default=None, help="output file (default: <task>-<arch>.safetensors)")
    g = sub.add_parser("gradients", help="||dL/dx_s|| per input position (vanishing gradients)")
    g.add_argument("--model", required=True, help="a shipped model name or a .safetensors path")
    g.add_argument("--length", type=int, required=True)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--json", action="store_true")
    b = sub.add_parser("build-pretrained", help="rebuild pretrained/ deterministically")
    b.add_argument("--jobs", type=int, default=2)
    b.add_argument("--only", default=None, help="rebuild only names starting with this prefix")
    i = sub.add_parser("inspect", help="validate a checkpoint and print its config")
    i.add_argument("file")
    return p


def resolve_model(args):
    if args.model and args.model.endswith(".safetensors"):
        return checkpoint.load(args.model)
    name = args.model or pretrained.default_name(args.task or "en-ko")
    return pretrained.load(name)


def cmd_models(args) -> None:
    models = pretrained.read_manifest()["models"]
    if args.json:
        print(json.dumps(models, ensure_ascii=False, indent=1))
        return
    for name, e in models.items():
        m = e["metrics"]
        aer = "" if m.get("aer") is None else f"  AER {m['aer']:.3f}"
        print(
            f"{name:34s} exact {m['exact_match']:.3f}  tokens {m['token_accuracy']:.3f}{aer}  {m['params']:,} params"
        )


def cmd_translate(args) -> None:
    if args.task and args.task not in pretrained.DEFAULTS:
        raise UsageError(f"unknown task {args.task!r}; choose from {sorted(pretrained.DEFAULTS)}")
    model = resolve_model(args)
    tr = model.trace(
        args.text, decode=args.decode, beam=args.beam, temperature=args.temperature, seed=args.seed
    )
    if not args.json:
        print(tr.output_text)
        return
    att = tr.attention
    out = {
        "model": tr.model,
        "input_tokens": list(tr.source.shown),
        "output_tokens": list(tr.output_tokens),
        "output_text": tr.output_text,
        "score": round(tr.score, 6),  # sum of the output tokens' log-probabilities, <eos> included
        "attention": None if att is None else [[round(float(x), 5) for x in row] for row in att],
        "unknown": [t for t, u in zip(tr.source.tokens, tr.source.unknown) if u],
        "suggestions": suggestions(tr.source.tokens, tr.source.unknown, model.src_vocab),
    }
    print(json.dumps(out, ensure_ascii=False))


def cmd_train(args) -> None:
    from .tasks import get_task
    from .train import TrainConfig, evaluate, limit_length, new_model, train

    if args.task not in pretrained.DEFAULTS:
        raise UsageError(f"unknown task {args.task!r}; choose from {sorted(pretrained.DEFAULTS)}")
    if not (1e-5 <= args.lr <= 1.0 and 1 <= args.steps <= 100_000 and 1 <= args.hidden <= 512):
        raise UsageError("--lr must be 1e-5..1, --steps 1..100000, --hidden 1..512")
    arch = dict(
        cell=args.cell, bidirectional=args.bidirectional, layers=args.layers, attention=args.attention
    )
    task = get_task(args.task)
    splits = task.generate(args.seed)
    if args.max_len:
        splits = limit_length(splits, task.src_tokenizer, args.max_len)
    model, splits = new_model(
        args.task, seed=args.seed, splits=splits, embed=args.embed, hidden=args.hidden, **arch
    )
    tc = TrainConfig(epochs=args.epochs, seed=args.seed, max_seconds=args.max_seconds, max_steps=args.steps,
                     lr=args.lr, eval_size=200, patience=1000)  # fmt: skip
    from tqdm import tqdm

    with tqdm(total=args.steps, desc=model.name, unit="step", file=sys.stderr, disable=args.json) as bar:

        def progress(info):
            bar.set_postfix(loss=f"{info['loss']:.3f}", valid=f"{info.get('valid_exact', float('nan')):.3f}")
            bar.update(info["done"] - bar.n)

        result = train(model, splits, tc, progress=progress)
    metrics = evaluate(model, splits.test)
    out = args.out or model.name.replace("/", "-") + ".safetensors"
    checkpoint.save(model, out)
    if args.json:
        print(json.dumps({"model": model.name, "exact_match": metrics["exact_match"],
                          "token_accuracy": metrics["token_accuracy"], "n": metrics["n"],
                          "seconds": round(result.seconds, 2), "steps": result.steps, "stopped": result.stopped,
                          "file": out}))  # fmt: skip
        return
    print(
        f"{model.name}: test exact {metrics['exact_match']:.3f}, {result.seconds:.1f} s ({result.stopped}) -> {out}"
    )


def cmd_gradients(args) -> None:
    from .gradients import MAX_LENGTH, gradient_profile

    model = resolve_model(args)
    if not 1 <= args.length <= MAX_LENGTH:
        raise UsageError(f"--length must be 1..{MAX_LENGTH}")
    out = gradient_profile(model, args.length, args.seed)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    print(f"{out['model']}: {out['source']!r} -> {out['target']!r}")
    for s, norm in enumerate(out["norms"], 1):
        print(f"  input {s:3d}: {norm:.3e}")


def cmd_build(args) -> None:
    start = time.perf_counter()
    manifest = pretrained.build(jobs=args.jobs, only=args.only)
    print(f"built {len(manifest['models'])} models in {(time.perf_counter() - start) / 60:.1f} min")


def cmd_inspect(args) -> None:
    cfg, src, tgt, meta = checkpoint.inspect(args.file)
    print(
        json.dumps({"name": cfg.name, "config": cfg.to_dict(), "src_vocab": len(src), "tgt_vocab": len(tgt)})
    )


COMMANDS = {
    "models": cmd_models,
    "translate": cmd_translate,
    "train": cmd_train,
    "gradients": cmd_gradients,
    "build-pretrained": cmd_build,
    "inspect": cmd_inspect,
}


def main(argv=None) -> int:
    torch.set_num_threads(1)
    try:
        args = build_parser().parse_args(argv)
        COMMANDS[args.command](args)
    except (UsageError, InputError, checkpoint.CheckpointError, KeyError, ValueError, OSError) as e:
        msg = e.args[0] if isinstance(e, KeyError) and e.args else str(e)
        print(f"error: {msg}".splitlines()[0], file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
