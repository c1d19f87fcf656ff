"""pipeline.evidence: the content terms and figure triviality that stories and compare share."""

from __future__ import annotations

import pytest

from pipeline import evidence
from pipeline.evidence import is_trivial, significant_digits, terms
from pipeline.lexicons import LexiconError, build_typed


def test_terms_keep_content_unigrams_and_bigrams() -> None:
    counts = terms("The Senate passed the border bill; the border bill failed in 2019.")
    assert counts["border bill"] == 2 and counts["senate"] == 1 and counts["senate passed"] == 1
    assert "the" not in counts and "2019" not in counts and "bill failed" in counts
    assert "bill border" not in counts  # no bigram across ";"


@pytest.mark.parametrize(
    ("value", "kind", "trivial"),
    [
        (0.0, "count", True),
        (1.0, None, True),
        (7.0, "count", True),
        (2019.0, "count", True),
        (11_300_000.0, "count", False),
        (50.0, "percent", True),
        (43.0, "percent", False),
        (2.0, "multiplier", True),
        (5.0, "multiplier", False),
        (12.0, "money", False),
        (None, "count", True),
    ],
)
def test_trivial_figures(value: float | None, kind: str | None, trivial: bool) -> None:
    assert is_trivial(value, kind) is trivial


def test_significant_digits() -> None:
    assert [significant_digits(v) for v in (11_000_000, 11_300_000, 2536, 0.5)] == [2, 3, 4, 1]


def test_malformed_lexicon_names_the_key() -> None:
    figures = {"trivial_percents": [0], "max_trivial_count": "ten", "max_trivial_multiplier": 3,
               "year_like": [1900, 2100]}
    broken = {"version": "x", "stopwords": ["the"], "figures": figures}
    with pytest.raises(LexiconError, match="max_trivial_count"):
        build_typed(broken, evidence.EvidenceLexicon, "models/evidence.yaml")
