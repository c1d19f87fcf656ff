"""What counts as evidence that two texts share something, without a model: the content terms of a text
and whether a figure's value is specific enough to identify a fact.

Shared by the stories stage (which articles tell the same event) and compare (distinctive words, the
same fact across groups), so both stages agree on what a content word and a trivial figure are. The
word list and the thresholds are in ``models/evidence.yaml``.

Tokenisation is deliberately simple and model-free (output stages never load spaCy): lower-case word
tokens, no token crosses punctuation, unigrams without stopwords or bare numbers, bigrams without a
stopword at either end ("border wall" stays, "of the" goes).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import FramelensError
from .lexicons import load_lexicon

LEXICON = "evidence"
_CHUNK = re.compile(r"[^.,;:!?()\[\]{}\"“”«»—–…/|]+")
WORD = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")
_NUMBER = re.compile(r"[0-9][0-9'\-]*")


@dataclass(frozen=True)
class TrivialFigures:
    percents: frozenset[float]
    max_count: float
    max_multiplier: float
    year_like: tuple[float, float]


@dataclass(frozen=True)
class EvidenceLexicon:
    version: str
    stopwords: frozenset[str]
    trivial: TrivialFigures


def _number(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise FramelensError(f"models/{LEXICON}.yaml: figures.{key} must be a number")
    return float(value)


@cache
def evidence_lexicon() -> EvidenceLexicon:
    """The validated evidence lexicon; a malformed file fails with the key at fault."""
    data = load_lexicon(LEXICON)
    stopwords = data.get("stopwords")
    figures = data.get("figures")
    if not isinstance(stopwords, str) or not stopwords.split():
        raise FramelensError(f"models/{LEXICON}.yaml: 'stopwords' must be a non-empty string of words")
    if not isinstance(figures, dict):
        raise FramelensError(f"models/{LEXICON}.yaml: 'figures' must be a mapping")
    percents, years = figures.get("trivial_percents"), figures.get("year_like")
    if not isinstance(percents, list) or not all(isinstance(p, (int, float)) for p in percents):
        raise FramelensError(f"models/{LEXICON}.yaml: figures.trivial_percents must be a list of numbers")
    if not isinstance(years, list) or len(years) != 2 or not all(isinstance(y, (int, float)) for y in years):
        raise FramelensError(f"models/{LEXICON}.yaml: figures.year_like must be [first, last]")
    trivial = TrivialFigures(percents=frozenset(float(p) for p in percents), max_count=_number(figures, "max_trivial_count"),
                             max_multiplier=_number(figures, "max_trivial_multiplier"),
                             year_like=(float(years[0]), float(years[1])))
    return EvidenceLexicon(version=str(data["version"]), stopwords=frozenset(stopwords.split()), trivial=trivial)


def terms(text: str) -> Counter[str]:
    """Unigram and bigram counts of one text (bigrams joined by a space)."""
    stopwords = evidence_lexicon().stopwords
    found: list[str] = []
    for chunk in _CHUNK.findall(text.lower().replace("’", "'")):
        tokens = WORD.findall(chunk)
        if not tokens:
            continue
        keep = [len(t) > 1 and t not in stopwords for t in tokens]
        number = [t[0].isdigit() and _NUMBER.fullmatch(t) is not None for t in tokens]
        found += [t for t, k, n in zip(tokens, keep, number) if k and not n]
        found += [f"{a} {b}" for a, b, ka, kb, na, nb in zip(tokens, tokens[1:], keep, keep[1:], number, number[1:])
                  if ka and kb and not (na and nb)]
    return Counter(found)


def significant_digits(value: float) -> int:
    """Significant digits of a value as written: 11000000 -> 2, 11.3e6 -> 3, 2536 -> 4, 0.5 -> 1."""
    if value == 0 or not math.isfinite(value):
        return 1
    text = f"{abs(value):.10g}".replace(".", "").lstrip("0")
    mantissa = text.split("e")[0]
    return max(1, len(mantissa.rstrip("0")))


def is_trivial(value: float | None, kind: str | None) -> bool:
    """Values too common to identify a fact: 0, 1, small counts, years, round percentages, "twice"."""
    if value is None or not math.isfinite(value) or value in (0.0, 1.0):
        return True
    trivial = evidence_lexicon().trivial
    if kind in ("percent", "percentage_points"):
        return value in trivial.percents
    if kind in ("multiplier", "ratio", "rank"):
        return abs(value) <= trivial.max_multiplier
    if kind in ("count", None) and value == int(value):
        first, last = trivial.year_like
        return abs(value) <= trivial.max_count or first <= value <= last
    return False
