"""The stories model (``models/stories.yaml``): window, threshold, features and key-term settings, read
once into a frozen, validated object."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import FramelensError
from ..lexicons import load_lexicon

LEXICON = "stories"
BLOCKS = ("words", "entities", "figures", "quotes")


@dataclass(frozen=True)
class FeatureOptions:
    entity_labels: frozenset[str]
    min_figure_count: float
    trivial_percents: frozenset[float]
    quote_shingle_words: int
    weights: dict[str, float]  # block -> weight, summing to 1


@dataclass(frozen=True)
class KeytermOptions:
    lead_words: int
    top: int
    max_words_per_term: int


@dataclass(frozen=True)
class StoryModel:
    version: str
    window_days: int
    threshold: float
    neighbours: int
    features: FeatureOptions
    keyterms: KeytermOptions


def _fail(key: str, expected: str) -> FramelensError:
    return FramelensError(f"models/{LEXICON}.yaml: {key} must be {expected}")


def _number(data: dict[str, Any], key: str, path: str, *, low: float = 0.0, high: float = float("inf")) -> float:
    value = data.get(key)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
        raise _fail(f"{path}{key}", f"a number in [{low}, {high}]")
    return float(value)


def _section(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise _fail(key, "a mapping")
    return value


def _features(data: dict[str, Any]) -> FeatureOptions:
    labels = data.get("entity_labels")
    percents = data.get("trivial_percents")
    weights = data.get("weights")
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise _fail("features.entity_labels", "a list of entity labels")
    if not isinstance(percents, list) or not all(isinstance(p, (int, float)) for p in percents):
        raise _fail("features.trivial_percents", "a list of numbers")
    if not isinstance(weights, dict) or set(weights) != set(BLOCKS):
        raise _fail("features.weights", f"a mapping with exactly the keys {', '.join(BLOCKS)}")
    parsed = {block: _number(weights, block, "features.weights.", high=1.0) for block in BLOCKS}
    if abs(sum(parsed.values()) - 1.0) > 1e-6:
        raise _fail("features.weights", "weights that sum to 1")
    return FeatureOptions(entity_labels=frozenset(labels),
                          min_figure_count=_number(data, "min_figure_count", "features."),
                          trivial_percents=frozenset(float(p) for p in percents),
                          quote_shingle_words=int(_number(data, "quote_shingle_words", "features.", low=1, high=20)),
                          weights=parsed)


@cache
def story_model() -> StoryModel:
    """The validated stories model; a malformed file fails with the key at fault."""
    data = load_lexicon(LEXICON)
    keyterms = _section(data, "keyterms")
    return StoryModel(
        version=str(data["version"]),
        window_days=int(_number(data, "window_days", "", high=365)),
        threshold=_number(data, "threshold", "", low=0.0, high=1.0),
        neighbours=int(_number(data, "neighbours", "", low=1)),
        features=_features(_section(data, "features")),
        keyterms=KeytermOptions(lead_words=int(_number(keyterms, "lead_words", "keyterms.", low=1)),
                                top=int(_number(keyterms, "top", "keyterms.", low=1)),
                                max_words_per_term=int(_number(keyterms, "max_words_per_term", "keyterms.", low=1))))
