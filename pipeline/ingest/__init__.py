"""Ingest: files in, ``Article`` records out (or ``Rejected`` with a reason).

``read_articles(paths, options)`` streams: one article in memory at a time (a JSON array file is the
exception: it is parsed whole). Storing and de-duplicating is the store's job.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..records import Article
from .cleaning import clean_text, split_headline
from .readers import RawRecord, Rejected, expand_paths, read_file

__all__ = ["FieldMap", "IngestOptions", "Rejected", "article_id", "read_articles", "to_article"]

# Field names tried in order when a record does not say which field is which.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "content_original", "article", "full_text", "maintext"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher", "site_name", "sitename", "publication", "media", "domain"),
    "published": ("date", "published", "published_at", "publish_date", "pubdate", "date_publish", "datetime"),
    "url": ("url", "link", "canonical_url"),
    "authors": ("authors", "author", "byline", "creator"),
}


@dataclass(frozen=True)
class FieldMap:
    """User overrides: which record field holds the text, title, source... (None: auto-detect)."""

    text: str | None = None
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None
    authors: str | None = None

    def candidates(self, key: str) -> tuple[str, ...]:
        chosen = getattr(self, key)
        return (chosen,) if chosen else DEFAULT_FIELDS[key]


@dataclass(frozen=True)
class IngestOptions:
    fields: FieldMap = field(default_factory=FieldMap)
    max_bytes: int = 200 * 1024 * 1024  # per file
    max_chars: int = 1_000_000  # per article: spaCy's default max_length


def article_id(text: str) -> str:
    """The article's id: the first 16 hex digits of the SHA-256 of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_articles(paths: Iterable[str | Path], options: IngestOptions | None = None
                  ) -> Iterator[Article | Rejected]:
    """Every article in ``paths`` (files, folders, globs), or the reason each input was rejected."""
    options = options or IngestOptions()
    for spec in paths:
        files = list(expand_paths([spec]))
        if not files:
            yield Rejected(str(spec), "unreadable", "no such file, folder or matching path")
            continue
        for path in files:
            for raw in read_file(path, max_bytes=options.max_bytes,
                                 text_fields=options.fields.candidates("text")):
                yield raw if isinstance(raw, Rejected) else to_article(raw, options)


def _pick(fields: dict[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    lowered = {str(k).lower(): k for k in fields}
    for name in names:
        key = lowered.get(name.lower())
        if key is not None and fields[key] not in (None, "", []):
            return key, fields[key]
    return None, None


def to_article(raw: RawRecord, options: IngestOptions) -> Article | Rejected:
    """Clean one raw record into an Article; every unmapped field is kept as metadata."""
    fields = dict(raw.fields)
    used: set[str] = set()
    picked: dict[str, Any] = {}
    for key in DEFAULT_FIELDS:
        name, value = _pick(fields, options.fields.candidates(key))
        if name is not None:
            used.add(name)
            picked[key] = value
    text = raw.text if raw.fmt != "record" else picked.get("text")
    if not isinstance(text, str) or not text.strip():
        looked = ", ".join(options.fields.candidates("text"))
        reason = "empty" if raw.fmt != "record" else "no_text"
        return Rejected(raw.origin, reason, "no article text" if raw.fmt != "record"
                        else f"no text field (looked for {looked})")
    if len(text) > options.max_chars:
        return Rejected(raw.origin, "too_large", f"{len(text):,} characters is over the {options.max_chars:,} limit")
    title = _clean_field(picked.get("title"))
    if title is None and raw.fmt == "txt":
        title, text = split_headline(text)  # a plain-text article's first line, when it is a headline
    cleaned = clean_text(text, title=title)
    if not cleaned.text.strip():
        return Rejected(raw.origin, "empty", "no text left after cleaning")
    url = _clean_field(picked.get("url"))
    source = (_clean_field(picked.get("source")) or raw.folder_source or _domain(url) or "unknown")
    metadata = {str(k): v for k, v in fields.items() if k not in used}
    return Article(
        id=article_id(cleaned.text), text=cleaned.text, source=source, title=title, url=url,
        published=normalise_date(picked.get("published")), authors=split_authors(picked.get("authors")),
        path=raw.origin, sections=cleaned.sections, paragraphs=cleaned.paragraphs, metadata=metadata,
    )


def _clean_field(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.") or None


def normalise_date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) when the value is a plausible date, else None.

    Plausible: between 1900 and next year. Scraped data has placeholders such as '0001-11-30'.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (datetime, date)):
        parsed: date = value.date() if isinstance(value, datetime) else value
    else:
        from dateutil import parser as date_parser

        text = str(value).strip()
        try:
            parsed = date_parser.parse(text, default=datetime(1, 1, 1)).date()
        except (ValueError, OverflowError):
            return None
    if not 1900 <= parsed.year <= date.today().year + 1:
        return None
    return parsed.isoformat()


def split_authors(value: Any) -> tuple[str, ...]:
    """Author names from a list or a byline string ("A, B and C")."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else re.split(r"\s*(?:;|,|\band\b|&|\|)\s*", str(value))
    names = [re.sub(r"^by\s+", "", " ".join(str(item).split()), flags=re.IGNORECASE) for item in items]
    return tuple(name for name in names if name)
