"""Measure the generic-frame detector on the Narrative Frames Corpus (Frermann et al. 2023).

300 climate-change articles with article-level generic frames (RE resolution, HI human interest,
CO conflict, MO morality, EC economic). The detector's only tuned parameters are the five
density thresholds; they are tuned on training folds and scored on held-out folds (5-fold CV),
beside a majority baseline and a label-prior baseline in the same run.

    .venv/bin/python -m evaluation.narrative_frames            # full model, about a minute
    .venv/bin/python -m evaluation.narrative_frames --fast     # tagger+lemmatizer only
    .venv/bin/python -m evaluation.narrative_frames --limit 100

The data stay in ../shared/data and are never copied into the repository.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.extract.frames import frames_lexicon, generic_frame_densities
from pipeline.lexicons import load_lexicon
from pipeline.nlp import load_model, resolve_model_name

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "narrative-frames" / "articles.tsv"
# Corpus column -> framelens generic frame name.
COLUMNS = {"CO": "conflict", "EC": "economic", "HI": "human_interest", "MO": "morality", "RE": "resolution"}
FRAMES = tuple(COLUMNS.values())


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    labels: dict[str, bool]


def read_articles(path: Path = DATA) -> list[Item]:
    """Rows with all five labels; the one truncated row is skipped, 'False)' reads as False."""
    csv.field_size_limit(sys.maxsize)
    items: list[Item] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        header = next(reader)
        for row in reader:
            if len(row) != len(header):
                continue
            record = dict(zip(header, row, strict=True))
            labels = {name: record[col].strip().lower().startswith("true") for col, name in COLUMNS.items()}
            items.append(Item(record["ID"], record["text"], labels))
    return items


def fast_model() -> Language:
    """Tokens, tags and lemmas only (cue matching needs lemmas, not parses): about 3x faster."""
    nlp = spacy.load(resolve_model_name(), exclude=["parser", "ner"])
    nlp.add_pipe("sentencizer")
    return nlp


def densities(items: Sequence[Item], nlp: Language) -> list[dict[str, float]]:
    return [
        {f: d for f, (d, _) in generic_frame_densities(doc).items()}
        for doc in nlp.pipe((it.text for it in items), batch_size=16)
    ]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, pred: bool, gold: bool) -> None:
        self.tp += pred and gold
        self.fp += pred and not gold
        self.fn += gold and not pred

    @property
    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_threshold(values: Sequence[float], gold: Sequence[bool]) -> float:
    """The density threshold with the best F1 on these articles (ties: the higher threshold)."""
    best, best_f1 = float("inf"), -1.0
    for t in sorted(set(values)):
        c = Counts()
        for v, g in zip(values, gold, strict=True):
            c.add(v >= t, g)
        f1 = c.prf[2]
        if f1 >= best_f1:
            best, best_f1 = t, f1
    return best


def folds(n: int, k: int = 5, seed: int = 13) -> list[list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def cross_validate(
    dens: Sequence[dict[str, float]], items: Sequence[Item], k: int = 5
) -> tuple[dict[str, Counts], dict[str, list[float]]]:
    """Held-out predictions: thresholds tuned on k-1 folds, applied to the remaining fold."""
    counts = {f: Counts() for f in FRAMES}
    chosen: dict[str, list[float]] = {f: [] for f in FRAMES}
    for test in folds(len(items), k):
        held = set(test)
        train = [i for i in range(len(items)) if i not in held]
        for f in FRAMES:
            t = best_threshold([dens[i][f] for i in train], [items[i].labels[f] for i in train])
            chosen[f].append(t)
            for i in test:
                counts[f].add(dens[i][f] >= t, items[i].labels[f])
    return counts, chosen


def fixed_thresholds(dens: Sequence[dict[str, float]], items: Sequence[Item]) -> dict[str, Counts]:
    """Scores of the thresholds shipped in models/frames.yaml."""
    thresholds = frames_lexicon().generic_thresholds
    counts = {f: Counts() for f in FRAMES}
    for d, it in zip(dens, items, strict=True):
        for f in FRAMES:
            counts[f].add(d[f] >= float(thresholds[f]) and d[f] > 0, it.labels[f])
    return counts


def majority_baseline(items: Sequence[Item], k: int = 5) -> dict[str, Counts]:
    """Each frame predicted as its majority value on the training folds."""
    counts = {f: Counts() for f in FRAMES}
    for test in folds(len(items), k):
        held = set(test)
        train = [it for i, it in enumerate(items) if i not in held]
        for f in FRAMES:
            majority = 2 * sum(it.labels[f] for it in train) > len(train)
            for i in test:
                counts[f].add(majority, items[i].labels[f])
    return counts


def prior_baseline(items: Sequence[Item], draws: int = 50, seed: int = 7) -> dict[str, Counts]:
    """Each frame predicted True at random with its corpus prior (summed over ``draws`` draws)."""
    rng = random.Random(seed)
    prior = {f: sum(it.labels[f] for it in items) / len(items) for f in FRAMES}
    counts = {f: Counts() for f in FRAMES}
    for _ in range(draws):
        for it in items:
            for f in FRAMES:
                counts[f].add(rng.random() < prior[f], it.labels[f])
    return counts


def micro(counts: dict[str, Counts]) -> tuple[float, float, float]:
    total = Counts(
        sum(c.tp for c in counts.values()),
        sum(c.fp for c in counts.values()),
        sum(c.fn for c in counts.values()),
    )
    return total.prf


def macro_f1(counts: dict[str, Counts]) -> float:
    return sum(c.prf[2] for c in counts.values()) / len(counts)


def report(name: str, counts: dict[str, Counts]) -> str:
    lines = [f"{name}"]
    for f in FRAMES:
        p, r, f1 = counts[f].prf
        lines.append(f"  {f:<15} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    p, r, f1 = micro(counts)
    lines.append(f"  {'micro':<15} P={p:.3f} R={r:.3f} F1={f1:.3f}   macro-F1={macro_f1(counts):.3f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--fast", action="store_true", help="tagger+lemmatizer only, no parser/NER")
    parser.add_argument("--limit", type=int, default=0, help="first N articles only")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"data not found: {args.data}", file=sys.stderr)
        return 1
    items = read_articles(args.data)
    if args.limit:
        items = items[: args.limit]
    nlp = fast_model() if args.fast else load_model()
    dens = densities(items, nlp)
    model = "fast" if args.fast else "full"
    print(f"{len(items)} articles; model {model}; lexicon {load_lexicon('frames')['version']}")
    print(report("majority baseline (5-fold)", majority_baseline(items)))
    print(report("label-prior baseline (random, 50 draws)", prior_baseline(items)))
    cv, chosen = cross_validate(dens, items)
    print(report("lexicon, thresholds tuned per fold (5-fold CV, held-out scores)", cv))
    print(report("lexicon, shipped thresholds (models/frames.yaml; tuned on all 300: in-sample)",
                 fixed_thresholds(dens, items)))
    full = {f: best_threshold([d[f] for d in dens], [it.labels[f] for it in items]) for f in FRAMES}
    print("thresholds tuned on all articles:", {f: round(t, 3) for f, t in full.items()})
    print("per-fold thresholds:", {f: [round(t, 2) for t in ts] for f, ts in chosen.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
