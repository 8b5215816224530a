"""Writes pretrained/README.md, the model card, from the manifest's measured numbers."""

from __future__ import annotations

from pathlib import Path


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def write_card(folder: Path, manifest: dict) -> None:
    models = manifest["models"]
    lines = [
        "# Pretrained models (model card)",
        "",
        "Every model here was trained on this repository's own generated data by",
        "`python -m s2s_core build-pretrained` (deterministic seeds, 2 CPU workers, one thread each;",
        f"the last full build took {manifest.get('build_seconds', 0) / 60:.1f} min). Numbers are measured on each",
        "task's held-out test split (combinations / dates / sequences never seen in training).",
        "",
        "- **exact**: the whole output equals the reference; **token acc.**: position-wise token accuracy.",
        "- **AER**: alignment error rate (Och & Ney 2003) of the attention's strongest link per output token",
        "  against gold sure/possible alignments (en-ko, ko-en, copy, reverse, sort); lower is better.",
        "- Intended use: teaching. The grammars are small; real-world sentences outside them map to `<unk>`.",
        "",
        "| model | exact | token acc. | AER | params | file | train time | epochs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, e in models.items():
        m = e["metrics"]
        lines.append(
            f"| `{name}` | {_pct(m['exact_match'])} | {_pct(m['token_accuracy'])} | {_pct(m.get('aer'))} | "
            f"{m['params']:,} | {m['bytes'] / 1024:.0f} KB | {m['train_seconds']:.0f} s | {m['epochs']} |"
        )
    curves = {n: e["metrics"]["by_length"] for n, e in models.items() if "by_length" in e["metrics"]}
    if curves:
        lines += ["", "## The bottleneck: exact match by input length (reverse task)", ""]
        lengths = sorted({int(k) for c in curves.values() for k in c})
        lines.append("| length | " + " | ".join(f"`{n}`" for n in curves) + " |")
        lines.append("|---:|" + "---:|" * len(curves))
        for n in lengths:
            lines.append(f"| {n} | " + " | ".join(_pct(c.get(str(n))) for c in curves.values()) + " |")
    lines += [
        "",
        "Defaults used by the app: " + ", ".join(f"`{v}`" for v in manifest.get("defaults", {}).values()),
        "",
    ]
    (Path(folder) / "README.md").write_text("\n".join(lines), encoding="utf-8")
