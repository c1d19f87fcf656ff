"""Merging the names of one person or body across articles ("Trump", "Donald J. Trump", "President Trump").

Entities are resolved within an article; a comparison counts across articles, where the same person
appears under several forms. The merge is deliberately conservative: titles and middle initials are
dropped, and a lone surname is merged into a full name only when exactly one full name in the compared
articles ends with it ("Schumer" stays apart when both "Chuck Schumer" and "Charles Schumer" occur).
Pronouns are not names: "they said" attributes a claim to nobody a reader can check.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "you", "who", "this", "that", "these", "those", "one", "someone"])
_TITLES = re.compile(r"^(?:(?:president|vice president|former president|sen|senator|rep|representative|gov|"
                     r"governor|mr|mrs|ms|dr|secretary|attorney general|speaker|mayor|judge|justice)\.?\s+)+",
                     re.IGNORECASE)
_INITIAL = re.compile(r"\s+[A-Z]\.(?=\s)")
_POSSESSIVE = re.compile(r"['’]s$")


def clean_name(name: str) -> str | None:
    """A name without titles, middle initials, possessive and extra spaces; None for pronouns/empty."""
    text = " ".join(str(name).split())
    text = _POSSESSIVE.sub("", _INITIAL.sub("", _TITLES.sub("", text))).strip(" ,.;:")
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
        full_by_last: dict[str, set[str]] = {}
        for key in self.display:
            tokens = key.split()
            if len(tokens) >= 2:
                full_by_last.setdefault(tokens[-1], set()).add(key)
        person_keys = {c.lower() for c in (clean_name(p) for p in persons if isinstance(p, str)) if c}
        self.alias = {last: next(iter(full)) for last, full in full_by_last.items()
                      if len(full) == 1 and last in self.display and next(iter(full)) in person_keys}

    def __call__(self, name: str) -> str | None:
        cleaned = clean_name(name) if isinstance(name, str) else None
        if cleaned is None:
            return None
        key = cleaned.lower()
        key = self.alias.get(key, key)
        return self.display.get(key, cleaned)
