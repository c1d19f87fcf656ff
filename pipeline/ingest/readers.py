"""Readers: files in, raw records out, or a named reason why not.

Each reader yields ``RawRecord`` (text plus whatever metadata the format carries) or ``Rejected``.
Nothing here raises for a bad input: a broken file or line becomes a ``Rejected`` with a short reason
code (for the run summary) and a one-line detail, and the rest goes on.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".csv"}
# Magic numbers of formats people drop into article folders by mistake.
_BINARY_MAGIC = {b"%PDF": "PDF", b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image",
                 b"PK\x03\x04": "ZIP/Office file", b"\x1f\x8b": "gzip file", b"\xd0\xcf\x11\xe0": "Office file"}


@dataclass(frozen=True)
class RawRecord:
    """One article as read, before cleaning: text and the metadata fields the input carried."""

    text: str
    origin: str  # file path, with ":line" or "#index" for collections
    fields: dict[str, Any] = field(default_factory=dict)
    fmt: str = "txt"  # txt|md|html|record
    folder_source: str | None = None  # the parent folder's name when it can stand for the outlet


@dataclass(frozen=True)
class Rejected:
    origin: str
    reason: str  # empty|binary|undecodable|too_large|malformed_json|malformed_csv|no_text|unreadable|unsupported
    detail: str


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files from files, folders (recursive) and glob patterns, in a stable order."""
    for spec in paths:
        spec = str(spec)
        matches = sorted(glob.glob(spec, recursive=True)) if glob.has_magic(spec) else [spec]
        for match in matches:
            path = Path(match)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                        yield child
            else:
                yield path


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else cp1252; None when neither decodes cleanly."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def sniff_binary(data: bytes) -> str | None:
    """The name of a binary format, or None for text."""
    for magic, name in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return name
    head = data[:8192]
    if b"\x00" in head:
        return "NUL bytes"
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and control / len(head) > 0.05:
        return "control characters"
    return None


def read_file(path: Path, *, max_bytes: int, text_fields: tuple[str, ...]) -> Iterator[RawRecord | Rejected]:
    """Every article in one file. ``text_fields`` are the columns a CSV must have one of."""
    origin = str(path)
    suffix = path.suffix.lower()
    if not path.exists():
        yield Rejected(origin, "unreadable", "no such file or folder")
        return
    if suffix not in SUPPORTED:
        yield Rejected(origin, "unsupported", f"unsupported file type {suffix or '(none)'}")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Rejected(origin, "too_large", f"{size:,} bytes is over the {max_bytes:,}-byte limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejected(origin, "unreadable", exc.strerror or str(exc))
        return
    if not data.strip():
        yield Rejected(origin, "empty", "the file is empty")
        return
    binary = sniff_binary(data)
    if binary:
        yield Rejected(origin, "binary", f"binary content ({binary}), not text")
        return
    text = decode(data)
    if text is None:
        yield Rejected(origin, "undecodable", "not valid UTF-8 or cp1252 text")
        return
    folder = path.resolve().parent.name or None
    if suffix in {".json", ".jsonl", ".ndjson", ".csv"}:
        if suffix == ".csv":
            yield from _read_csv(text, origin, folder, text_fields)
        else:
            yield from (_read_json if suffix == ".json" else _read_jsonl)(text, origin, folder)
    elif suffix in {".html", ".htm"}:
        yield _read_html(text, origin, folder)
    elif suffix in {".md", ".markdown"}:
        yield _read_markdown(text, origin, folder)
    else:
        yield RawRecord(text=text, origin=origin, fmt="txt", folder_source=folder)


def _read_markdown(text: str, origin: str, folder: str | None) -> RawRecord | Rejected:
    fields: dict[str, Any] = {}
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            try:
                front = yaml.safe_load(text[3:end])
            except yaml.YAMLError as exc:
                return Rejected(origin, "malformed_front_matter", str(exc).splitlines()[0])
            if isinstance(front, dict):
                fields = {str(k): v for k, v in front.items()}
            text = text[end + 4:].lstrip("-\n")
    return RawRecord(text=text, origin=origin, fields=fields, fmt="md", folder_source=folder)


def _read_html(html: str, origin: str, folder: str | None) -> RawRecord | Rejected:
    # trafilatura finds the main text and the page's metadata; markdown output keeps h1-h6 as "#" lines.
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_formatting=True,
                                           include_comments=False, include_tables=False)
    if document is None or not (document.text or "").strip():
        return Rejected(origin, "no_text", "no main text found in the HTML page")
    fields = {"title": document.title, "source": document.sitename, "date": document.date,
              "url": document.url, "authors": document.author, "description": document.description}
    return RawRecord(text=document.text, origin=origin, fields={k: v for k, v in fields.items() if v},
                     fmt="md", folder_source=folder)


def _records(items: Iterable[tuple[str, Any]], folder: str | None) -> Iterator[RawRecord | Rejected]:
    for origin, item in items:
        if isinstance(item, dict):
            yield RawRecord(text="", origin=origin, fields=item, fmt="record", folder_source=folder)
        else:
            yield Rejected(origin, "malformed_json", f"expected an object, found {type(item).__name__}")


def _read_json(text: str, origin: str, folder: str | None) -> Iterator[RawRecord | Rejected]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejected(origin, "malformed_json", f"line {exc.lineno}: {exc.msg}")
        return
    items = data if isinstance(data, list) else [data]
    yield from _records(((f"{origin}#{i}", item) for i, item in enumerate(items)), folder)


def _read_jsonl(text: str, origin: str, folder: str | None) -> Iterator[RawRecord | Rejected]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(f"{origin}:{number}", "malformed_json", f"line {number}: {exc.msg}")
            continue
        yield from _records([(f"{origin}:{number}", item)], folder)


def _read_csv(text: str, origin: str, folder: str | None,
              text_fields: tuple[str, ...]) -> Iterator[RawRecord | Rejected]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article bodies exceed the 128 KiB default
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if not set(header) & {name.lower() for name in text_fields}:
        yield Rejected(origin, "no_text", f"no text column (looked for {', '.join(text_fields)})")
        return
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                yield Rejected(f"{origin}:{line}", "malformed_csv", f"line {line}: more fields than the header")
                continue
            yield RawRecord(text="", origin=f"{origin}:{line}", fields=dict(row), fmt="record",
                            folder_source=folder)
    except csv.Error as exc:
        yield Rejected(origin, "malformed_csv", f"line {reader.line_num}: {exc}")
