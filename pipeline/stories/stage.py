"""The stories stage: read the stored analyses, cluster them into stories, label them, store the result.

``build_stories`` is pure (inputs in, stories out) for tests and benchmarks; ``refresh_stories`` runs
it over a store; ``ensure_stories`` recomputes only when the set of analysed articles (or their
analyses, or the stories model) changed since the stored stories were computed.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..lexicons import MODELS_DIR
from ..records import Story
from ..store import Store
from .cluster import Recency, cluster_stories, day_number
from .features import StoryInput, evidence_matrix
from .lexicon import StoryModel, story_model

ID_PREFIX = "story-"
STAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DIR = STAGE_DIR.parent


@dataclass
class StoriesResult:
    """The stories of a corpus, each article's cohesion in its story, and what the run measured."""

    stories: list[Story]
    cohesion: dict[str, float]
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def multi_source(self) -> list[Story]:
        return [s for s in self.stories if len(s.sources) >= 2]


def story_id(article_ids: Sequence[str]) -> str:
    """A story's id: a hash of its sorted article ids (stable while its articles are)."""
    return ID_PREFIX + hashlib.sha256(",".join(sorted(article_ids)).encode()).hexdigest()[:12]


def read_inputs(store: Store) -> list[StoryInput]:
    """What the stage needs of every analysed article, read with the store's typed reads."""
    analysed = store.analysed_ids()
    entities: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for article_id, canonical, label in store.entities(["article_id", "canonical", "label"]).itertuples(
        index=False
    ):
        entities[article_id].append((canonical, label))
    figures: dict[str, list[tuple[float, str, str | None]]] = defaultdict(list)
    for article_id, value, kind, unit in store.figures(["article_id", "value", "kind", "unit"]).itertuples(
        index=False
    ):
        if value is not None and math.isfinite(value):  # NaN: a figure without a value
            figures[article_id].append((float(value), kind, unit if isinstance(unit, str) else None))
    quotes: dict[str, list[str]] = defaultdict(list)
    for article_id, text, kind in store.quotes(["article_id", "text", "kind"]).itertuples(index=False):
        if kind == "direct" and isinstance(text, str):
            quotes[article_id].append(text)
    articles = store.articles(["id", "source", "title", "text", "published", "metadata"])
    inputs = []
    for row in articles.to_dict("records"):
        article_id = str(row["id"])
        if article_id not in analysed:
            continue
        title, published, metadata = row["title"], row["published"], row["metadata"]
        inputs.append(
            StoryInput(
                id=article_id,
                source=str(row["source"]),
                title=title if isinstance(title, str) else "",
                text=str(row["text"]),
                published=published if isinstance(published, str) else None,
                entities=tuple(entities[article_id]),
                figures=tuple(figures[article_id]),
                quotes=tuple(quotes[article_id]),
                metadata=metadata if isinstance(metadata, dict) else {},
            )
        )
    return inputs


def _story(members: list[StoryInput], cohesion: list[float], keyterms: list[str]) -> Story:
    days = [day_number(a.published) for a in members]
    ordered = sorted(
        zip(members, days, cohesion, strict=False), key=lambda m: (m[1] is None, m[1] or 0, m[0].id)
    )
    dated = [a.published[:10] for a, day, _ in ordered if day is not None and a.published]
    counts = Counter(a.source for a in members)
    return Story(
        id=story_id([a.id for a in members]),
        label=", ".join(keyterms) or (ordered[0][0].title or ""),
        keyterms=tuple(keyterms),
        start=dated[0] if dated else None,
        end=dated[-1] if dated else None,
        sources=tuple(sorted(counts, key=lambda s: (-counts[s], s))),
        article_ids=tuple(a.id for a, _, _ in ordered),
        undated=sum(d is None for d in days),
        cohesion=round(sum(cohesion) / len(cohesion), 4),
    )


def build_stories(
    inputs: Sequence[StoryInput],
    model: StoryModel | None = None,
    *,
    known_keyterms: dict[str, tuple[str, ...]] | None = None,
    label: bool = True,
) -> StoriesResult:
    """Cluster ``inputs`` into stories and label them. ``known_keyterms`` (story id -> terms, from the
    previous run) spares recomputing the label of a story whose articles did not change; ``label=False``
    leaves every story without key terms (for measuring the clustering alone)."""
    from .keyterms import lead_text, story_keyterms

    model = model or story_model()
    clock, cpu = time.perf_counter(), time.process_time()
    matrix = evidence_matrix(inputs, model.features)
    features_seconds, features_cpu = time.perf_counter() - clock, time.process_time() - cpu
    days = [day_number(a.published) for a in inputs]
    clustering = cluster_stories(
        matrix, days, window=model.window_days, threshold=model.threshold, neighbours=model.neighbours,
        link_threshold=model.link_threshold, lookup=model.undated_lookup,
        recency=Recency(half_life=model.half_life_days, undated_weight=model.undated_weight),
    )
    cluster_seconds = time.perf_counter() - clock - features_seconds
    cluster_cpu = time.process_time() - cpu - features_cpu
    stories, cohesion, reused = [], {}, 0
    for positions, scores in zip(clustering.stories, clustering.cohesion, strict=False):
        members = [inputs[i] for i in positions]
        known = (known_keyterms or {}).get(story_id([a.id for a in members])) if label else ()
        reused += label and known is not None
        terms = (
            list(known)
            if known is not None
            else story_keyterms(
                [lead_text(a.title, a.text, model.keyterms.lead_words) for a in members], model.keyterms
            )
        )
        stories.append(_story(members, scores, terms))
        cohesion.update({a.id: round(s, 4) for a, s in zip(members, scores, strict=False)})
    stories.sort(key=lambda s: (-len(s.sources), -len(s.article_ids), s.start or "", s.id))
    details = {
        "model": model.version,
        "articles": len(inputs),
        "undated": sum(d is None for d in days),
        "links": clustering.links,
        "largest_component": clustering.largest_component,
        "labels_reused": reused,
        "seconds": {
            "features": round(features_seconds, 3),
            "cluster": round(cluster_seconds, 3),
            "labels": round(time.perf_counter() - clock - features_seconds - cluster_seconds, 3),
        },
        # Processor time of this process (the machine may be shared: wall time varies with its load).
        "cpu_seconds": {
            "features": round(features_cpu, 3),
            "cluster": round(cluster_cpu, 3),
            "labels": round(time.process_time() - cpu - features_cpu - cluster_cpu, 3),
        },
    }
    return StoriesResult(stories=stories, cohesion=cohesion, details=details)


@cache
def stage_digest() -> str:
    """What the stories depend on besides the analyses: the stage's code and its lexicons' content, so an
    edit to either recomputes the stored stories (as the analysis key does for extractors)."""
    digest = hashlib.sha256()
    files = [*sorted(STAGE_DIR.glob("*.py")), PACKAGE_DIR / "evidence.py",
             *(MODELS_DIR / f"{name}.yaml" for name in ("stories", "evidence"))]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _stage_key(model: StoryModel) -> str:
    return f"{model.version}+{stage_digest()}"


def refresh_stories(store: Store, model: StoryModel | None = None) -> StoriesResult:
    """Recompute every story from the store's analyses and replace the stored ones (on a store opened
    read-only, for this connection only: see ``Store.save_stories``)."""
    model = model or story_model()
    key = store.analyses_key(_stage_key(model))
    clock = time.perf_counter()
    inputs = read_inputs(store)
    read_seconds = time.perf_counter() - clock
    known = {s.id: s.keyterms for s in store.stories()}
    result = build_stories(inputs, model, known_keyterms=known)
    result.details["seconds"]["read"] = round(read_seconds, 3)
    store.save_stories(result.stories, result.cohesion, key, result.details)
    return result


def stories_are_current(store: Store, model: StoryModel | None = None) -> bool:
    return store.stories_key() == store.analyses_key(_stage_key(model or story_model()))


def ensure_stories(store: Store, model: StoryModel | None = None) -> StoriesResult | None:
    """Recompute the stories when the analysed articles changed since they were stored; None when the
    stored ones are current (nothing is imported or computed then)."""
    if stories_are_current(store, model):
        return None
    return refresh_stories(store, model)
