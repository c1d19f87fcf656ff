"""Ingest: files in, ``Article`` records out (or ``Rejected`` with a reason, or a ``Note``).

``read_articles(paths, options)`` streams: one article in memory at a time (a JSON array file is the
exception: it is parsed whole). Each input is isolated: whatever goes wrong reading one file or one
record is that input's rejection, named with its reason, and the next input is read. Storing and
de-duplicating is the store's job.
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
from .outcomes import Note, RawRecord, Rejected
from .paths import display_path, expand_paths
from .readers import read_file

__all__ = ["FieldMap", "IngestOptions", "Note", "Rejected", "article_id", "is_article_id", "read_articles",
           "read_input_file", "to_article"]

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
    csv_delimiter: str | None = None  # None: the standard comma
    follow_symlinks: bool = False  # follow links out of the given folders


_ARTICLE_ID = re.compile(r"[0-9a-f]{16}")


def article_id(text: str) -> str:
    """The article's id: the first 16 hex digits of the SHA-256 of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def is_article_id(value: object) -> bool:
    """Whether ``value`` has the form of an article id: check before a path uses it."""
    return isinstance(value, str) and _ARTICLE_ID.fullmatch(value) is not None


def read_articles(paths: Iterable[str | Path], options: IngestOptions | None = None
                  ) -> Iterator[Article | Rejected | Note]:
    """Every article in ``paths`` (files, folders, globs), the reason each input was rejected, and notes."""
    options = options or IngestOptions()
    for item in expand_paths(list(paths), follow_symlinks=options.follow_symlinks):
        if isinstance(item, Rejected):
            yield item
        else:
            yield from read_input_file(item, options)


def read_input_file(path: Path, options: IngestOptions) -> Iterator[Article | Rejected | Note]:
    """One file's articles; an exception in reading it rejects that file (or record), never the run."""
    records = read_file(path, max_bytes=options.max_bytes, text_fields=options.fields.candidates("text"),
                        csv_delimiter=options.csv_delimiter)
    while True:
        try:
            raw = next(records, None)
        except Exception as exc:  # noqa: BLE001 - whatever breaks reading this file must not stop the run
            yield Rejected(display_path(path), "read_error", f"could not be read: {_describe(exc)}")
            return
        if raw is None:
            return
        if not isinstance(raw, RawRecord):
            yield raw
            continue
        try:
            yield to_article(raw, options)
        except Exception as exc:  # noqa: BLE001 - one bad record must not stop the file or the run
            yield Rejected(raw.origin, "read_error", f"could not be read: {_describe(exc)}")


def _describe(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _pick(fields: dict[str, Any], names: tuple[str, ...], convert: Any) -> tuple[str | None, Any]:
    """The first field among ``names`` (any case) whose value ``convert`` makes usable, and that value."""
    lowered = {str(k).lower(): k for k in fields}
    for name in names:
        key = lowered.get(name.lower())
        if key is not None:
            value = convert(fields[key])
            if value not in (None, "", ()):
                return key, value
    return None, None


def to_article(raw: RawRecord, options: IngestOptions) -> Article | Rejected:
    """Clean one raw record into an Article; every unmapped field is kept as metadata."""
    fields = dict(raw.fields)
    used: set[str] = set()
    picked: dict[str, Any] = {}
    for key, convert in _CONVERTERS.items():
        name, value = _pick(fields, options.fields.candidates(key), convert)
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
        return Rejected(raw.origin, "too_large",
                        f"{len(text):,} characters is over the {options.max_chars:,} limit")
    title = picked.get("title")
    if title is None and raw.fmt == "txt":
        title, text = split_headline(text)  # a plain-text article's first line, when it is a headline
    cleaned = clean_text(text, title=title)
    if not cleaned.text.strip():
        return Rejected(raw.origin, "empty", "no text left after cleaning")
    if not any(ch.isalpha() for ch in cleaned.text):
        return Rejected(raw.origin, "empty", "no words in the text (no letters at all)")
    url = picked.get("url")
    source = picked.get("source") or raw.folder_source or _domain(url) or "unknown"
    metadata = {str(k): v for k, v in fields.items() if k not in used}
    return Article(
        id=article_id(cleaned.text), text=cleaned.text, source=source, title=title, url=url,
        published=picked.get("published"), authors=picked.get("authors", ()),
        path=raw.origin, sections=cleaned.sections, paragraphs=cleaned.paragraphs, metadata=metadata,
    )


def _text_value(value: Any) -> str | None:
    """The article text: a string, or a list of strings (paragraphs) joined by blank lines."""
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "\n\n".join(value)
    return value if isinstance(value, str) else None


def _field_text(value: Any) -> str | None:
    """A one-valued field (title, source, url) as text, whatever shape the record gave it.

    A list gives its first usable item; an object its name (JSON-LD style ``{"@type": "Organization",
    "name": "Reuters"}``); anything else (an object without a name, a boolean) is not usable, so the field
    stays in the metadata rather than becoming Python's text of a dict.
    """
    if isinstance(value, dict):
        value = next((value[k] for k in ("name", "@value", "title", "text") if isinstance(value.get(k), str)),
                     None)
    elif isinstance(value, list):
        value = next((text for text in map(_field_text, value) if text), None)  # depth bounded by the reader
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return " ".join(str(value).split()) or None


def _date_value(value: Any) -> str | None:
    return normalise_date(value if isinstance(value, (datetime, date)) else _field_text(value))


def _authors_value(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return split_authors([name for name in map(_field_text, value) if name])
    return split_authors(_field_text(value))


_CONVERTERS: dict[str, Any] = {"text": _text_value, "title": _field_text, "source": _field_text,
                               "published": _date_value, "url": _field_text, "authors": _authors_value}


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlparse(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:  # e.g. an unbalanced "[" read as an IPv6 address
        return None
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
