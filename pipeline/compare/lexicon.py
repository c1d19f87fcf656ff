"""The compare lexicon (``models/compare.yaml``): word lists and the numbers of the word statistics,
read once into a frozen, validated object."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import FramelensError
from ..lexicons import load_lexicon

LEXICON = "compare"


@dataclass(frozen=True)
class DistinctiveTermsOptions:
    """How distinctive terms are chosen (see ``words.distinctive_terms``)."""

    top: int
    min_count: int
    min_group_articles: int
    prior_strength: float


@dataclass(frozen=True)
class CompareLexicon:
    version: str
    page_furniture: frozenset[str]
    distinctive_terms: DistinctiveTermsOptions


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, str) or not value.split():
        raise FramelensError(f"models/{LEXICON}.yaml: {key!r} must be a non-empty string of words")
    return frozenset(value.split())


def _number(section: dict[str, Any], key: str, kind: type) -> Any:
    value = section.get(key)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        raise FramelensError(f"models/{LEXICON}.yaml: distinctive_terms.{key} must be a non-negative number")
    return kind(value)


@cache
def compare_lexicon() -> CompareLexicon:
    """The validated compare lexicon; a malformed file fails with the key at fault."""
    data = load_lexicon(LEXICON)
    section = data.get("distinctive_terms")
    if not isinstance(section, dict):
        raise FramelensError(f"models/{LEXICON}.yaml: 'distinctive_terms' must be a mapping")
    options = DistinctiveTermsOptions(top=_number(section, "top", int), min_count=_number(section, "min_count", int),
                                      min_group_articles=_number(section, "min_group_articles", int),
                                      prior_strength=_number(section, "prior_strength", float))
    return CompareLexicon(version=str(data["version"]), page_furniture=_words(data, "page_furniture"), distinctive_terms=options)
