"""What has not changed since the last run: the inputs, the store, the outputs.

``framelens run`` over a corpus that has not changed should cost nothing: no input read again, nothing
parsed, analysed or rendered. Three records make that safe to decide:

- ``input_files``: each input file's size and modification time when it was last read, with what it
  gave (article ids, rejections, notes) and a signature of what reading depends on (the ingest options,
  framelens' version, the ingest code and lexicons). A file whose size, time and signature match, and
  whose articles are all still stored, is not read again; what it gave is replayed into the summary.
- ``store_state.generation``: a counter that triggers raise on every insert, update or delete of an
  article or an analysis, whoever makes it (framelens, Datasette, a hand-written UPDATE).
- ``outputs``: each output file written by ``run`` with the signature it was written for (the store's
  generation, the articles covered, framelens' version, the output code and lexicons) and its size and
  modification time, so an output edited or deleted since is rendered again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# The tables outputs are made from: a change to any of their rows changes the generation.
GENERATION_TABLES = ("articles", "analyses")
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def ddl() -> list[str]:
    statements = [
        "CREATE TABLE IF NOT EXISTS store_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "INSERT OR IGNORE INTO store_state VALUES ('generation', 0)",
        """CREATE TABLE IF NOT EXISTS input_files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,
            signature TEXT, outcome TEXT)""",
        """CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, signature TEXT, size INTEGER,
            mtime_ns INTEGER)""",
    ]
    for table in GENERATION_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_generation "
                              f"AFTER {event} ON {table} BEGIN UPDATE store_state SET value = value + 1 "
                              "WHERE key = 'generation'; END")
    return statements


def generation(db: sqlite3.Connection) -> int:
    """How many times the articles and analyses have changed since the store was created."""
    row = db.execute("SELECT value FROM store_state WHERE key = 'generation'").fetchone()
    return int(row[0]) if row else 0


def digest(parts: Iterable[str | bytes | Path]) -> str:
    """A short hash of strings, bytes and the contents of files (a missing file counts as empty)."""
    hasher = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            hasher.update(part.read_bytes() if part.is_file() else b"")
        else:
            hasher.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()[:16]


def code_files(*packages: str) -> list[Path]:
    """The Python files of these subpackages (or modules) of ``pipeline``."""
    files: list[Path] = []
    for name in packages:
        path = PACKAGE_DIR / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
    return files


def _state(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _key(path: Path) -> str:
    return os.fsencode(os.path.abspath(path)).decode("utf-8", "backslashreplace")


# -- inputs ---------------------------------------------------------------------------------------------
def unchanged_input(db: sqlite3.Connection, path: Path, signature: str) -> dict[str, Any] | None:
    """What ``path`` gave when it was last read, if it has not changed since and its articles are stored."""
    row = db.execute("SELECT size, mtime_ns, signature, outcome FROM input_files WHERE path = ?",
                     (_key(path),)).fetchone()
    if row is None or row[2] != signature or _state(path) != (row[0], row[1]):
        return None
    outcome: dict[str, Any] = json.loads(row[3])
    ids = outcome.get("articles", [])
    stored = sum(db.execute(f"SELECT COUNT(*) FROM articles WHERE id IN ({', '.join('?' * len(chunk))})",
                            chunk).fetchone()[0] for chunk in _chunks(ids, 500))
    return outcome if stored == len(set(ids)) else None


def remember_input(db: sqlite3.Connection, path: Path, signature: str, outcome: dict[str, Any],
                   state: tuple[int, int] | None) -> None:
    """Record what ``path`` gave; ``state`` is its (size, mtime) taken *before* it was read, so a file
    changed while it was being read is read again next time."""
    with db:
        if state is None:
            db.execute("DELETE FROM input_files WHERE path = ?", (_key(path),))
            return
        db.execute("INSERT OR REPLACE INTO input_files VALUES (?, ?, ?, ?, ?)",
                   (_key(path), state[0], state[1], signature, json.dumps(outcome, ensure_ascii=False)))


def input_state(path: Path) -> tuple[int, int] | None:
    """(size, modification time in ns) of an input file, or None when it cannot be read."""
    return _state(path)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# -- outputs --------------------------------------------------------------------------------------------
def outputs_current(db: sqlite3.Connection, signature: str, paths: list[Path]) -> bool:
    """Whether every file in ``paths`` was written for ``signature`` and is still as it was written."""
    for path in paths:
        row = db.execute("SELECT signature, size, mtime_ns FROM outputs WHERE path = ?",
                         (_key(path),)).fetchone()
        if row is None or row[0] != signature or _state(path) != (row[1], row[2]):
            return False
    return bool(paths)


def remember_outputs(db: sqlite3.Connection, signature: str, paths: list[Path]) -> None:
    with db:
        for path in paths:
            state = _state(path)
            if state is not None:
                db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?)",
                           (_key(path), signature, *state))
