"""The compare lexicon (``models/compare.yaml``): the page-furniture list and the numbers of the word
statistics, read once into a frozen, validated object (``lexicons.load_typed``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..lexicons import load_typed

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
    titles_before_full_names_only: frozenset[str]
    distinctive_terms: DistinctiveTermsOptions


def compare_lexicon() -> CompareLexicon:
    """The validated compare lexicon (loaded once); a malformed file fails with the key at fault."""
    return load_typed(LEXICON, CompareLexicon)
