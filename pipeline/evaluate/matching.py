"""Locating gold strings in the cleaned text and deciding when a prediction agrees with gold: spans,
one-to-one matching, names, sources, devices and figure values."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

FIGURE_TOLERANCE = 0.01  # relative: gold values are often rounded by the annotator ("millions" -> 1e6)
# A loaded reporting verb is SemEval's loaded language said of speech: gold written before framelens
# had loaded_attribution calls it loaded_language.
DEVICE_ALIASES = {"exaggeration": "exaggeration_minimisation", "minimisation": "exaggeration_minimisation",
                  "loaded_attribution": "loaded_language"}
# Words too empty to carry a source on their own: "the" is contained in "the US government" but is no
# source. Pronoun sources still match when equal or when the spans overlap.
_EMPTY_WORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "by", "and", "or", "as", "at", "per", "with",
                "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "this",
                "that", "these", "those", "who", "which", "some", "many", "s"}
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def normalise_space(text: str) -> str:
    """NFC, invisible characters removed, whitespace runs as one space: what the cleaner preserves."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", " ", text).strip()


class TextIndex:
    """Finds gold strings in the cleaned text (whitespace runs normalised) as character spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        flat: list[str] = []
        offsets: list[int] = []  # offsets[i]: where flat[i] sits in ``text``
        for i, char in enumerate(text):
            if char.isspace():
                if flat and flat[-1] == " ":
                    continue
                char = " "
            flat.append(char)
            offsets.append(i)
        self.flat = "".join(flat)
        self.offsets = offsets
        self._cache: dict[str, list[tuple[int, int]]] = {}

    def find(self, needle: str | None) -> list[tuple[int, int]]:
        """Every occurrence of ``needle`` as (start, end) in the text; a word is never found inside a word."""
        if not needle:
            return []
        key = normalise_space(needle)
        if key in self._cache:
            return self._cache[key]
        spans: list[tuple[int, int]] = []
        if key:
            at = self.flat.find(key)
            while at >= 0:
                end = at + len(key)
                # "US" must not match inside "focus", "four" not inside "fourteen".
                left_ok = not (key[0].isalnum() and at > 0 and self.flat[at - 1].isalnum())
                right_ok = not (key[-1].isalnum() and end < len(self.flat) and self.flat[end].isalnum())
                if left_ok and right_ok:
                    spans.append((self.offsets[at], self.offsets[end - 1] + 1))
                at = self.flat.find(key, at + 1)
        self._cache[key] = spans
        return spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def any_overlap(spans: Iterable[tuple[int, int]], span: tuple[int, int]) -> bool:
    return any(overlaps(s, span) for s in spans)


# -------------------------------------------------------------------------------------------- matching

def match_one_to_one(n_gold: int, n_pred: int,
                     compatible: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching (gold index, predicted index) over compatible pairs (Kuhn's algorithm).

    Maximum rather than greedy, so the score does not depend on the order items are listed in.
    """
    edges = [[p for p in range(n_pred) if compatible(g, p)] for g in range(n_gold)]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(n_gold):
        augment(g, set())
    return sorted((g, p) for p, g in owner.items())


def normalise_name(name: str | None) -> str:
    """A name compared loosely: case, curly apostrophes, possessive, leading article, edge punctuation."""
    if not name:
        return ""
    text = normalise_space(name).casefold().replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s?$", "", text).strip(" .,;:!?\"'()[]-–—")
    return _LEADING_ARTICLE.sub("", text)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", normalise_name(text))


def _contains_words(outer: str, inner: str) -> bool:
    """``inner``'s words appear contiguously in ``outer`` and carry content (not just "the" or "he")."""
    big, small = _words(outer), _words(inner)
    if not small or not any(w not in _EMPTY_WORDS for w in small):
        return False
    n = len(small)
    return any(big[i:i + n] == small for i in range(len(big) - n + 1))


def sources_agree(predicted: str | None, gold: str) -> bool:
    """Equal after normalisation, or one contains the other as whole words with some content."""
    if not predicted:
        return False
    a, b = normalise_name(predicted), normalise_name(gold)
    return bool(a) and (a == b or _contains_words(a, b) or _contains_words(b, a))


def canonical_device(name: str | None) -> str:
    name = (name or "").strip().lower()
    return DEVICE_ALIASES.get(name, name)


def values_agree(predicted: float | None, gold: float | None, tolerance: float = FIGURE_TOLERANCE) -> bool:
    """Within ``tolerance`` relative to the gold value (exact when gold is 0)."""
    if predicted is None or gold is None:
        return False
    if gold == 0:
        return predicted == 0
    return abs(predicted - gold) <= tolerance * abs(gold)

