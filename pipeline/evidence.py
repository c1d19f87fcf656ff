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

from .lexicons import LexiconError, load_typed

LEXICON = "evidence"
_CHUNK = re.compile(r"[^.,;:!?()\[\]{}\"“”«»—–…/|]+")
WORD = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")
_NUMBER = re.compile(r"[0-9][0-9'\-]*")


@dataclass(frozen=True)
class TrivialFigures:
    trivial_percents: frozenset[float]
    max_trivial_count: float
    max_trivial_multiplier: float
    year_like: tuple[float, ...]  # first and last year


@dataclass(frozen=True)
class EvidenceLexicon:
    version: str
    stopwords: frozenset[str]
    figures: TrivialFigures


def evidence_lexicon() -> EvidenceLexicon:
    """The validated evidence lexicon (loaded once); a malformed file fails with the key at fault."""
    lexicon = load_typed(LEXICON, EvidenceLexicon)
    if len(lexicon.figures.year_like) != 2:
        raise LexiconError(f"models/{LEXICON}.yaml [figures] year_like: expected [first, last]")
    return lexicon


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
        found += [t for t, k, n in zip(tokens, keep, number, strict=True) if k and not n]
        pairs = zip(tokens, tokens[1:], keep, keep[1:], number, number[1:], strict=False)  # n - 1 bigrams
        found += [f"{a} {b}" for a, b, ka, kb, na, nb in pairs if ka and kb and not (na and nb)]
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
    trivial = evidence_lexicon().figures
    if kind in ("percent", "percentage_points"):
        return value in trivial.trivial_percents
    if kind in ("multiplier", "ratio", "rank"):
        return abs(value) <= trivial.max_trivial_multiplier
    if kind in ("count", None) and value == int(value):
        first, last = trivial.year_like
        return abs(value) <= trivial.max_trivial_count or first <= value <= last
    return False
