"""Writes pretrained/README.md, the model card, from the manifest's measured numbers."""

from __future__ import annotations

from pathlib import Path


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


TARGET = 0.95  # held-out exact match every en-ko grid model should reach; the card names any below it


def _build_time(manifest: dict) -> str:
    parts = manifest.get("build_seconds_by_part", {})
    full = f"the last full build took {manifest.get('build_seconds', 0) / 60:.1f} min"
    if not parts:
        return full
    since = ", ".join(f"{k} {v / 60:.1f} min" for k, v in sorted(parts.items()))
    return (
        f"{full}; rebuilt since: {since}" if "build_seconds" in manifest else f"the last builds took {since}"
    )


def _coverage() -> list[str]:
    """The en-ko / ko-en grammar in plain words, with counts read from the lexicon itself."""
    from .tasks import en_ko, lexicon

    grammar = en_ko.grammar()
    english = {w for s in en_ko.sentences() + en_ko.phrases() for w in s.en if w.isalpha() or "'" in w}
    return [
        "## What the translators know (en-ko, ko-en)",
        "",
        "Short everyday sentences of a generated grammar, nothing else: a subject, a verb and its object",
        'or place ("i love you", "we went home", "she gave books to my friend"), "be" with a noun or',
        'an adjective ("she is a teacher", "we will be happy"), in the present, past and future,',
        'affirmative or negative, with "want to" and "can", as yes/no questions, with a time word',
        "(yesterday, today, tomorrow, now) and with possessives (my mom -> 우리 엄마), plus",
        f"{len(lexicon.PHRASES)} greetings and fixed phrases (hello, thank you, sorry, good morning, ...).",
        f"{len(english)} English word forms: {len(lexicon.VERBS)} verbs, {len(lexicon.ADJECTIVES)} adjectives,",
        f"{len(lexicon.PEOPLE + lexicon.FAMILY + lexicon.ANIMALS + lexicon.FOOD + lexicon.DRINKS + lexicon.THINGS)}"
        f" nouns, {len(lexicon.PLACES)} places and the pronouns; {len(grammar):,} subject-verb-object combinations,",
        "of which about 8% are held out for testing (unseen combinations of known words).",
        "",
        "Korean output is 해체 (반말), split into words by spaces with the particles attached (학교에 is one",
        "token); ko-en also reads 한다체 (갔다) and 해요체 (갔어요). Everything else (other words, longer",
        "sentences, other constructions) is outside what the models learned: unknown words become `<unk>`",
        "and the app says so, with the nearest known words as suggestions.",
        "",
    ]


NOTE_ROWS = [
    "## The note's other rows (RNN I/O types, applications)",
    "",
    "Each has its own generated data (`s2s_core/tasks/`) and a held-out test split of inputs never seen in",
    "training; its metric is exact match (for sentiment, the one output token: accuracy).",
    "",
    "- `sentiment` (many-to-one): short reviews in English or Korean about one or two things, with negation",
    '  ("not bad", 안 좋았어), contrast ("... but ...", -지만: the second clause decides) and verdicts',
    '  ("a waste of time", 강력 추천해) -> positive / negative. A left-to-right encoder without attention:',
    "  its last state alone gives the label, so its prediction after each word is the model on that prefix.",
    "- `tagging` (synchronized many-to-many): English sentences of pronouns, nouns, verbs, auxiliaries,",
    "  adjectives, adverbs and prepositions -> one Universal POS tag per word; many words are nouns and verbs",
    "  (watch, play, book, cook) and only the context tells.",
    "- `chatbot`: greetings, how are you, weather, time, food, feelings, names and small talk in English and",
    "  Korean, a few hundred distinct messages -> one reply each, in the message's language. Anything else is outside",
    "  what it knows (it still answers with one of its replies; the app says so when words are unknown).",
    "- `digits` (one-to-one) and `digit-captioning` (one-to-many): scikit-learn's bundled 8x8 handwritten",
    "  digits (held-out images never seen in training, in any one-pixel shift), read as one frame of 64",
    "  values -> the digit's name, or a caption with the stroke width measured from the image's ink",
    '  ("seven , thick strokes"; images within 8% of their digit\'s median ink are left out).',
    "- `speech`: synthetic speech (s2s_core/frames.py: each letter a pattern in 16 frequency bands, 2-3",
    "  frames, noise; the take varies both) of twenty command words alone or in pairs -> the letters said;",
    "  one pair in eight never heard in training, every test input a new take.",
    "- `video-captioning`: eight 8x8 colour frames of a square, circle, cross or bar in four colours moving",
    '  in four directions -> "a red circle moves left"; test clips are new takes (start and noise).',
    "- `summarization`: long English sentences (adjectives, intensifiers, adverbs, time, place, a clause) ->",
    "  their subject, verb and object; held-out sentences have subject-verb-object cores never seen in training.",
    "",
]


def write_card(folder: Path, manifest: dict) -> None:
    models = manifest["models"]
    below = [
        (n, e["metrics"]["exact_match"])
        for n, e in models.items()
        if n.startswith("en-ko/") and e["metrics"]["exact_match"] < TARGET
    ]
    lines = [
        "# Pretrained models (model card)",
        "",
        "Every model here was trained on this repository's own generated data by",
        "`python -m s2s_core build-pretrained` (deterministic seeds, 2 CPU workers, one thread each;",
        f"{_build_time(manifest)}; `--only TASK` rebuilds one task). Numbers are measured on each",
        "task's held-out test split (combinations / dates / sequences never seen in training).",
        "",
        *_coverage(),
        *NOTE_ROWS,
        "## Held-out results",
        "",
        f"Every en-ko model of the sidebar's grid should get at least {TARGET:.0%} of held-out sentences exactly right. "
        + (
            "Below that: "
            + ", ".join(f"`{n}` ({100 * x:.2f}%)" for n, x in below)  # 2 decimals: 94.96% is not "95.0%"
            + "; the app says so when one is shown."
            if below
            else "All of them do."
        ),
        "",
        "- **exact**: the whole output equals the reference; **token acc.**: position-wise token accuracy.",
        "- **AER**: alignment error rate (Och & Ney 2003) of the attention's strongest link per output token",
        "  against gold sure/possible alignments (en-ko, ko-en, copy, reverse, sort, tagging, summarization);",
        "  lower is better.",
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
