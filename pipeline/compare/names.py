"""Merging the names of one person or body across articles ("Trump", "Donald J. Trump", "President Trump").

Entities are resolved within an article; a comparison counts across articles, where the same person
appears under several forms. The merge is deliberately conservative: titles and middle initials are
dropped, and a lone surname is merged into a person's full name only when that full name is the only
one ending with it, or outnumbers the others four to one ("Schumer" stays apart when "Chuck Schumer"
and "Charles Schumer" are about as frequent).
Pronouns are not names: "they said" attributes a claim to nobody a reader can check.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from ..lexicons import load_lexicon
from .lexicon import compare_lexicon

DOMINANCE = 4
PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "you", "who", "this", "that", "these", "those",
                      "one", "someone"])
_INITIAL = re.compile(r"\s+[A-Z]\.(?=\s)")
_POSSESSIVE = re.compile(r"['’]s$")


@cache
def _titles() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns of titles before a name ("Sen.", "former President"), from the entity extractor's list in
    models/entities.yaml so both strip the same ones: any title before a full name, and the titles that
    also begin the names of bodies ("Justice Department") not before a lone word."""
    def pattern(titles: Iterable[str], before: str) -> re.Pattern[str]:
        words = sorted({t.rstrip(".") for t in titles}, key=lambda w: (-len(w), w))
        alternatives = "|".join(re.escape(w) for w in words)
        return re.compile(rf"^(?:(?:former\s+)?(?:{alternatives})\.?\s+)+(?={before})", re.IGNORECASE)

    titles = {str(title) for title in load_lexicon("entities").get("titles", {})}
    org_prone = compare_lexicon().titles_before_full_names_only
    return pattern(titles, r"\S+\s+\S"), pattern(titles - org_prone, r"\S")


def _without_title(text: str) -> str:
    before_full_name, before_any = _titles()
    return before_any.sub("", before_full_name.sub("", text))


def clean_name(name: str) -> str | None:
    """A name without titles, middle initials, possessive and extra spaces; None for pronouns/empty."""
    text = " ".join(str(name).split())
    text = _POSSESSIVE.sub("", _INITIAL.sub("", _without_title(text))).strip(" ,.;:")
    if not text or text.lower() in PRONOUNS:
        return None
    return text


class NameResolver:
    """Maps each form of a name to one display form, learnt from every name in the comparison."""

    def __init__(self, names: Iterable[str], persons: Iterable[str] = ()) -> None:
        """``names``: every name form in the comparison; ``persons``: those the entity extractor labelled
        PERSON -- a lone surname is merged only into a person's full name ("Republicans" never
        becomes "House Republicans")."""
        cleaned = Counter(c for c in (clean_name(n) for n in names if isinstance(n, str)) if c)
        # One display form per case-insensitive key: the most frequent spelling.
        self.display: dict[str, str] = {}
        for name, _ in cleaned.most_common():
            self.display.setdefault(name.lower(), name)
        frequency = Counter({k: 0 for k in self.display})
        for name, count in cleaned.items():
            frequency[name.lower()] += count
        person_keys = {c.lower() for c in (clean_name(p) for p in persons if isinstance(p, str)) if c}
        full_by_last: dict[str, list[str]] = {}
        for key in self.display:
            tokens = key.split()
            if len(tokens) >= 2 and key in person_keys:
                full_by_last.setdefault(tokens[-1], []).append(key)
        # A surname goes to the one person's full name that carries it, or to a full name that outnumbers
        # all the others together four to one ("Obama": Barack Obama, not Michelle Obama).
        self.alias: dict[str, str] = {}
        for last, full in full_by_last.items():
            if last not in self.display:
                continue
            full.sort(key=lambda k: (-frequency[k], k))
            others = sum(frequency[k] for k in full[1:])
            if len(full) == 1 or frequency[full[0]] >= DOMINANCE * others:
                self.alias[last] = full[0]

    def __call__(self, name: str) -> str | None:
        cleaned = clean_name(name) if isinstance(name, str) else None
        if cleaned is None:
            return None
        key = cleaned.lower()
        key = self.alias.get(key, key)
        return self.display.get(key, cleaned)
