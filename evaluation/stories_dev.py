"""Choosing the story threshold on the DEV split of the story gold only.

Reads evaluation/gold/stories.json, keeps the stories and near-misses whose split is "dev" and drops
the rest before anything is computed (the test split is never read into the analysis), then over a
store where the AllSides corpus is analysed:

1. the cosine similarity of every pair of articles in one dev story (should link), and of every dev
   near-miss pair (must not);
2. dev B-cubed F1 and ARI of the full clustering (every analysed article, as ``framelens analyze``
   computes it) for each threshold of a grid, the other settings of models/stories.yaml unchanged.

Usage: python evaluation/stories_dev.py --store allsides.sqlite [--grid 0.10,0.12,...]
The chosen threshold is then written into models/stories.yaml, and only after that is the test split
scored (framelens eval evaluation/gold/stories.json --store allsides.sqlite).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from itertools import combinations
from pathlib import Path

import numpy as np

from pipeline.evaluate.stories import bcubed
from pipeline.store import Store
from pipeline.stories import build_stories, read_inputs
from pipeline.stories.cluster import day_number
from pipeline.stories.features import evidence_matrix
from pipeline.stories.lexicon import story_model

GOLD = Path(__file__).parent / "gold" / "stories.json"


def dev_gold(path: Path) -> tuple[list[list[str]], list[list[str]]]:
    """The dev stories and dev near-misses (AllSides IDs); test entries are dropped on reading."""
    data = json.loads(path.read_text(encoding="utf-8"))
    stories = [s["articles"] for s in data["stories"] if s["split"] == "dev"]
    near = [n["articles"] for n in data["near_misses"] if n["split"] == "dev"]
    return stories, near


def _quantiles(values: list[float]) -> str:
    if not values:
        return "none"
    q = np.quantile(values, [0.0, 0.05, 0.25, 0.5, 0.75, 1.0])
    return " ".join(f"{v:.3f}" for v in q) + f"  (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--gold", default=str(GOLD))
    parser.add_argument("--grid", default="0.08,0.10,0.12,0.14,0.16,0.18,0.20,0.22,0.25,0.28,0.32")
    args = parser.parse_args()
    stories, near = dev_gold(Path(args.gold))
    with Store(args.store) as db:
        inputs = read_inputs(db)
    position = {str(a.metadata.get("ID")): i for i, a in enumerate(inputs) if a.metadata.get("ID")}
    model = story_model()
    matrix = evidence_matrix(inputs, model.features)
    days = [day_number(a.published) for a in inputs]

    def similarity(a: str, b: str) -> float:
        i, j = position[a], position[b]
        return float(matrix[i].multiply(matrix[j]).sum())

    same = [similarity(a, b) for s in stories for a, b in combinations([x for x in s if x in position], 2)]
    apart = [similarity(a, b) for a, b in (n[:2] for n in near) if a in position and b in position]
    gaps = [
        abs(days[position[a]] - days[position[b]])
        for s in stories
        for a, b in combinations([x for x in s if x in position], 2)
        if days[position[a]] is not None and days[position[b]] is not None
    ]
    print(
        f"dev: {len(stories)} stories, {len(near)} near-misses; {len(inputs)} analysed articles; "
        f"{sum(1 for s in stories for a in s if a not in position)} dev story articles not analysed"
    )
    print(f"same-story pair similarity   min p5 p25 p50 p75 max: {_quantiles(same)}")
    print(f"near-miss pair similarity    min p5 p25 p50 p75 max: {_quantiles(apart)}")
    print(
        f"days between same-story dated pairs: max {max(gaps) if gaps else '-'}, "
        f"share within {model.window_days}: {np.mean([g <= model.window_days for g in gaps]):.3f}"
    )

    labels = {a: f"s{k}" for k, s in enumerate(stories) for a in s if a in position}
    for pair in near:
        labels.update({a: f"alone:{a}" for a in pair if a in position and a not in labels})
    print("threshold  B3-P   B3-R   B3-F1  ARI    near-misses apart")
    from sklearn.metrics import adjusted_rand_score

    for threshold in (float(t) for t in args.grid.split(",")):
        result = build_stories(inputs, dataclasses.replace(model, threshold=threshold), label=False)
        story_of = {a: s.id for s in result.stories for a in s.article_ids}
        predicted = {g: story_of[inputs[position[g]].id] for g in labels}
        precision, recall, f1 = bcubed(labels, predicted)
        items = sorted(labels)
        ari = adjusted_rand_score([labels[a] for a in items], [predicted[a] for a in items])
        kept = sum(1 for n in near if len({predicted[a] for a in n if a in predicted}) == len(n))
        print(f"{threshold:9.2f}  {precision:.3f}  {recall:.3f}  {f1:.3f}  {ari:.3f}  {kept}/{len(near)}")


if __name__ == "__main__":
    main()
