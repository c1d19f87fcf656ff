"""Outlet names: one name per outlet, however the inputs spell it.

The same outlet arrives as a folder name ("fox-news"), a record field ("Fox News"), an HTML site name
("Newsmax.com") or a URL's domain ("foxnews.com"). Names that differ only in case, punctuation, spaces,
a leading "the", "www." or a final ".com"/".org"/".net" share a key (:func:`outlet_key`) and are one
outlet, shown by the best-written form seen (a capitalised name with spaces over a slug over a domain).
The user's alias map (``[framelens.sources]`` in the settings file) comes first: it names outlets the
rules cannot join ("NYT" = "New York Times") and fixes the display name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

__all__ = ["OutletNames", "outlet_key"]

_SCHEME = re.compile(r"^(?:https?://)?(?:www\.)?")
_TLD = re.compile(r"\.(?:com|org|net|co\.uk|com\.au|co|news|info)$")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")


def outlet_key(name: str) -> str:
    """The spelling-independent key of an outlet name: "Fox News", "fox-news", "FOX NEWS" and
    "foxnews.com" all give "foxnews"."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = _TLD.sub("", _SCHEME.sub("", text).rstrip("/"))
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[\W_]+", "", text)


def display_form(name: str) -> str:
    """The name as it will be shown: spaces tidied, and a capitalised site name's ".com" dropped
    ("Newsmax.com" -> "Newsmax"; a bare domain from a URL, "foxnews.com", stays as it is)."""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if _DOMAIN.match(text) and any(c.isupper() for c in text):
        text = _TLD.sub("", text)
    return text


def _rank(name: str) -> tuple[bool, bool, bool]:
    """Higher is better written: not a domain, has capitals, not a slug."""
    return (not _DOMAIN.match(name), any(c.isupper() for c in name), not _SLUG.match(name))


class OutletNames:
    """Resolves outlet names as written to one display name per outlet.

    ``known`` are the names already stored; ``resolve`` returns the name to store for a new article,
    and ``renamed`` collects (old, new) pairs when a better-written form of a stored name arrives (or
    the alias map names a stored outlet), for the store to rename.
    """

    def __init__(self, aliases: Mapping[str, str] | None = None, known: Iterable[str] = ()) -> None:
        self.aliases = {outlet_key(raw): display_form(name) for raw, name in (aliases or {}).items()}
        for name in list(self.aliases.values()):
            self.aliases.setdefault(outlet_key(name), name)
        self.names: dict[str, str] = {}
        self.renamed: list[tuple[str, str]] = []
        for name in known:  # stored names: those the rules or the aliases now name otherwise are renamed
            resolved = self.resolve(name)
            if resolved != name and (name, resolved) not in self.renamed:
                self.renamed.append((name, resolved))

    def resolve(self, name: str) -> str:
        form = display_form(name)
        key = outlet_key(form)
        if not key:
            return form
        best = self.aliases.get(key)
        current = self.names.get(key)
        if best is None:
            best = form if current is None or _rank(form) > _rank(current) else current
        if current is not None and current != best:
            self.renamed.append((current, best))
        self.names[key] = best
        return best
