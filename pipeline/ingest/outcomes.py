"""What reading an input gives: a raw record, a rejection with its reason, or a note on a record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    """An input that was not ingested. ``reason`` is a short code for the summary (README "Bad input")."""

    origin: str
    reason: str
    detail: str


@dataclass(frozen=True)
class Note:
    """Something the user should know about an input that was ingested (e.g. bytes replaced)."""

    origin: str
    reason: str
    detail: str
