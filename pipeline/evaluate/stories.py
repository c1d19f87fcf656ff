"""Scoring story clustering against story gold (``framelens/stories-gold@1``, evaluation/gold/STORIES.md).

The gold lists stories (articles that report one event) and near-misses (two articles on the topic,
days apart at most, that report different events), each in a ``dev`` or ``test`` split, by AllSides
article ID (kept in each ingested article's metadata as ``ID``). Articles the gold does not list are
unannotated, so scores are computed over the listed articles only: an article of a split's stories
carries its story as gold label; a near-miss article in no story of that split is a story of its own.

Measures, per split (dev, test, all):
- B-cubed precision, recall and F1 (Bagga & Baldwin 1998; Amigó et al. 2009): per article, the share
  of its predicted story (restricted to the scored articles) that is in its gold story, and the share
  of its gold story found in its predicted story, averaged over articles;
- the adjusted Rand index (Hubert & Arabie 1985, scikit-learn) of the two partitions;
- near-misses kept apart: how many near-miss pairs are in different predicted stories.

The clustering scored is the store's own (``framelens analyze`` computes it over every analysed
article), so the distractors are the whole analysed corpus, not the gold articles alone.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from ..store import Store

SCHEMA = "framelens/stories-gold@1"
SPLITS = ("dev", "test", "all")


def is_story_gold(path: Path) -> bool:
    """Whether a gold JSON file is story gold (rather than one article's annotation)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and data.get("schema") == SCHEMA


@dataclass(frozen=True)
class GoldStory:
    id: str
    split: str
    articles: tuple[str, ...]  # AllSides IDs


@dataclass(frozen=True)
class StoryGold:
    corpus: str
    stories: tuple[GoldStory, ...]
    near_misses: tuple[GoldStory, ...]


def load_story_gold(path: Path) -> StoryGold:
    """The story gold, checked for the keys scoring relies on."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldFormatError(f"{path}: cannot read story gold ({exc})") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise GoldFormatError(f"{path}: not story gold (expected schema {SCHEMA!r})")

    def entries(key: str) -> tuple[GoldStory, ...]:
        found = []
        for entry in data.get(key, []):
            articles = entry.get("articles") if isinstance(entry, dict) else None
            if (
                not isinstance(articles, list)
                or entry.get("split") not in ("dev", "test")
                or not entry.get("id")
            ):
                raise GoldFormatError(f"{path}: each of {key} needs an id, a split (dev|test) and articles")
            found.append(GoldStory(str(entry["id"]), entry["split"], tuple(str(a) for a in articles)))
        return tuple(found)

    return StoryGold(
        corpus=str(data.get("corpus", "")), stories=entries("stories"), near_misses=entries("near_misses")
    )


@dataclass
class SplitScore:
    split: str
    articles: int = 0
    gold_stories: int = 0
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    ari: float | None = None
    near_misses: int = 0
    near_misses_apart: int = 0
    merged: list[str] = field(default_factory=list)  # near-miss ids whose articles share a predicted story
    split_up: list[str] = field(default_factory=list)  # gold stories spread over several predicted stories

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


@dataclass
class StoryEvalReport:
    gold: str
    store: str
    scores: dict[str, SplitScore]
    missing: list[str]  # gold article IDs not found among the store's analysed articles
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "store": self.store,
            "missing": self.missing,
            "details": self.details,
            "scores": {k: v.as_dict() for k, v in self.scores.items()},
        }


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``predicted`` against ``gold`` (item -> cluster label), over
    the items of ``gold`` (predicted clusters are restricted to them)."""
    items = list(gold)
    gold_members: dict[str, set[str]] = defaultdict(set)
    predicted_members: dict[str, set[str]] = defaultdict(set)
    for item in items:
        gold_members[gold[item]].add(item)
        predicted_members[predicted[item]].add(item)
    precision = recall = 0.0
    for item in items:
        same_gold, same_predicted = gold_members[gold[item]], predicted_members[predicted[item]]
        correct = len(same_gold & same_predicted)
        precision += correct / len(same_predicted)
        recall += correct / len(same_gold)
    precision, recall = precision / len(items), recall / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _score_split(
    split: str, gold: StoryGold, article_of: dict[str, str], story_of: dict[str, str]
) -> SplitScore:
    splits = ("dev", "test") if split == "all" else (split,)
    stories = [s for s in gold.stories if s.split in splits]
    near = [n for n in gold.near_misses if n.split in splits]
    labels: dict[str, str] = {}
    for story in stories:
        labels.update({a: story.id for a in story.articles if a in article_of})
    for miss in near:
        labels.update({a: f"alone:{a}" for a in miss.articles if a in article_of and a not in labels})
    result = SplitScore(split=split, articles=len(labels), gold_stories=len(stories), near_misses=len(near))
    if not labels:
        return result
    predicted = {a: story_of.get(article_of[a], f"unclustered:{a}") for a in labels}
    result.precision, result.recall, result.f1 = bcubed(labels, predicted)
    from sklearn.metrics import adjusted_rand_score

    items = sorted(labels)
    result.ari = float(adjusted_rand_score([labels[a] for a in items], [predicted[a] for a in items]))
    for miss in near:
        found = [predicted[a] for a in miss.articles if a in predicted]
        apart = len(set(found)) == len(found)
        result.near_misses_apart += apart
        if not apart:
            result.merged.append(miss.id)
    for story in stories:
        spread = Counter(predicted[a] for a in story.articles if a in predicted)
        if len(spread) > 1:
            result.split_up.append(story.id)
    return result


def evaluate_stories(gold_path: Path, store: Store, *, splits: Sequence[str] = SPLITS) -> StoryEvalReport:
    """Score the store's stories against the gold, per split (see the module docstring)."""
    from ..stories import ensure_stories

    gold = load_story_gold(gold_path)
    result = ensure_stories(store)
    analysed = store.analysed_ids()
    articles = store.articles(["id", "metadata"])
    article_of = {}
    for article_id, metadata in zip(articles["id"], articles["metadata"], strict=True):
        if article_id in analysed and isinstance(metadata, dict) and metadata.get("ID"):
            article_of[str(metadata["ID"])] = str(article_id)
    listed = {a for s in (*gold.stories, *gold.near_misses) for a in s.articles}
    story_of = store.story_ids()
    state = store.stories_state()
    details = {
        "analysed_articles": len(analysed),
        "stories": state.get("stories"),
        "recomputed": result is not None,
        "seconds": state.get("seconds"),
        "cpu_seconds": state.get("cpu_seconds"),
    }
    return StoryEvalReport(
        gold=str(gold_path),
        store=str(store.path),
        missing=sorted(listed - set(article_of)),
        scores={s: _score_split(s, gold, article_of, story_of) for s in splits},
        details=details,
    )


def render_story_report(report: StoryEvalReport, console: Any) -> None:
    """The per-split table (rich)."""
    from rich.table import Table

    table = Table(title=f"Stories against {report.gold}")
    for column in ("split", "articles", "gold stories", "B3 P", "B3 R", "B3 F1", "ARI", "near-misses apart"):
        table.add_column(column, justify="left" if column == "split" else "right")
    for score in report.scores.values():
        table.add_row(
            score.split,
            str(score.articles),
            str(score.gold_stories),
            *("–" if v is None else f"{v:.3f}" for v in (score.precision, score.recall, score.f1, score.ari)),
            f"{score.near_misses_apart}/{score.near_misses}",
        )
    console.print(table)
    if report.missing:
        console.print(
            f"[yellow]{len(report.missing)} gold article(s) are not analysed in {report.store}[/yellow] "
            "(scored without them; --json lists them). Ingest and analyse the corpus first: "
            "framelens ingest ../shared/data/allsides-immigration/immigration.jsonl --store S && "
            "framelens analyze --store S",
            highlight=False,
            soft_wrap=True,
        )
