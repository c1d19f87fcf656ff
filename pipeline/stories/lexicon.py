"""The stories model (``models/stories.yaml``): window, threshold, features and key-term settings, read
once into a frozen, validated object (``lexicons.load_typed``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..lexicons import LexiconError, load_typed
from .cluster import UndatedLookup

LEXICON = "stories"
BLOCKS = ("words", "entities", "figures", "quotes", "title", "lead")


@dataclass(frozen=True)
class FeatureOptions:
    entity_labels: frozenset[str]
    quote_shingle_words: int
    lead_words: int
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
    half_life_days: float
    undated_weight: float
    link_threshold: float
    threshold: float
    neighbours: int
    undated_lookup: UndatedLookup
    features: FeatureOptions
    keyterms: KeytermOptions


def story_model() -> StoryModel:
    """The validated stories model (loaded once); a value out of range fails with the key at fault."""
    model = load_typed(LEXICON, StoryModel)
    where = f"models/{LEXICON}.yaml"
    weights = model.features.weights
    if (
        set(weights) != set(BLOCKS)
        or any(w < 0 for w in weights.values())
        or not math.isclose(sum(weights.values()), 1.0, abs_tol=1e-6)
    ):
        raise LexiconError(
            f"{where} [features] weights: expected non-negative weights of {', '.join(BLOCKS)} summing to 1"
        )
    for name, value in (("threshold", model.threshold), ("link_threshold", model.link_threshold),
                        ("undated_weight", model.undated_weight)):
        if not 0.0 < value <= 1.0:
            raise LexiconError(f"{where} {name}: expected a value in (0, 1], found {value}")
    if model.half_life_days <= 0:
        raise LexiconError(f"{where} half_life_days: expected days > 0, found {model.half_life_days}")
    if (
        model.window_days < 0
        or min(model.neighbours, model.undated_lookup.features, model.undated_lookup.candidates,
                model.features.quote_shingle_words,
            model.features.lead_words) < 1
    ):
        raise LexiconError(
            f"{where}: window_days must be >= 0; neighbours, undated_lookup's features and candidates, "
            "quote_shingle_words, lead_words >= 1"
        )
    if min(model.keyterms.lead_words, model.keyterms.top, model.keyterms.max_words_per_term) < 1:
        raise LexiconError(f"{where} [keyterms]: lead_words, top and max_words_per_term must be >= 1")
    return model
