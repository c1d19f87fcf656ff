"""The story tables: the result of the corpus-level stories stage, kept beside the analyses it was
computed from.

- ``stories``: one row per story (the fields of ``records.Story``; lists as JSON);
- ``story_articles``: one row per analysed article with its story and its cohesion in the story;
- ``stories_state``: the key of the analyses and the model the stories were computed from, so a
  reader can tell whether they are current (``stories_key``) without recomputing anything.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from typing import Any

from ..records import Story

STORY_DDL = [
    """CREATE TABLE IF NOT EXISTS stories (id TEXT PRIMARY KEY, label TEXT, keyterms TEXT, start TEXT,
        "end" TEXT, sources TEXT, article_ids TEXT, n_articles INTEGER, n_sources INTEGER, undated INTEGER,
        cohesion REAL)""",
    """CREATE TABLE IF NOT EXISTS story_articles (article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL,
        cohesion REAL)""",
    "CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id)",
    """CREATE TABLE IF NOT EXISTS stories_state (id INTEGER PRIMARY KEY CHECK (id = 1), key TEXT,
        computed_at REAL, articles INTEGER, stories INTEGER, details TEXT)""",
]
_STORY_COLUMNS = 'id, label, keyterms, start, "end", sources, article_ids, undated, cohesion'


def _story(row: Sequence[Any]) -> Story:
    return Story(
        id=row[0],
        label=row[1] or "",
        keyterms=tuple(json.loads(row[2] or "[]")),
        start=row[3],
        end=row[4],
        sources=tuple(json.loads(row[5] or "[]")),
        article_ids=tuple(json.loads(row[6] or "[]")),
        undated=int(row[7] or 0),
        cohesion=float(row[8] if row[8] is not None else 1.0),
    )


class StoryTables:
    """Reads and writes of the story tables (mixed into ``Store``)."""

    db: sqlite3.Connection
    read_only: bool

    def analyses_key(self, stage_key: str) -> str:
        """What the stories depend on: every analysed article with its analysis versions, and the
        stories stage (its model and code). A new, removed or re-analysed article changes it."""
        digest = hashlib.sha256(f"stories-stage={stage_key}\n".encode())
        for article_id, versions in self.db.execute(
            "SELECT article_id, versions FROM analyses ORDER BY article_id"
        ):
            digest.update(f"{article_id}|{versions}\n".encode())
        return digest.hexdigest()[:32]

    def stories_key(self) -> str | None:
        """The key the stored stories were computed for (None: never computed)."""
        try:
            row = self.db.execute("SELECT key FROM stories_state WHERE id = 1").fetchone()
        except sqlite3.OperationalError:  # a store opened read-only that predates the story tables
            return None
        return row[0] if row else None

    def stories_state(self) -> dict[str, Any]:
        row = self.db.execute(
            "SELECT key, computed_at, articles, stories, details FROM stories_state WHERE id = 1"
        ).fetchone()
        if row is None:
            return {}
        return {
            "key": row[0],
            "computed_at": row[1],
            "articles": row[2],
            "stories": row[3],
            **json.loads(row[4] or "{}"),
        }

    def save_stories(
        self, stories: Iterable[Story], cohesion: dict[str, float], key: str, details: dict[str, Any]
    ) -> None:
        """Replace every story in one transaction (a reader sees the old set or the new one).

        On a store opened read-only the stories go to TEMP tables of this connection, which SQLite
        consults before the file's own: the reader sees current stories and the file is never written.
        """
        stories = list(stories)
        if self.read_only:
            for statement in STORY_DDL:
                if statement.startswith("CREATE TABLE"):  # no index: a temporary table of one process
                    self.db.execute(statement.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
        with self.db:
            self.db.execute("DELETE FROM stories")
            self.db.execute("DELETE FROM story_articles")
            self.db.executemany(
                "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        s.id,
                        s.label,
                        json.dumps(list(s.keyterms), ensure_ascii=False),
                        s.start,
                        s.end,
                        json.dumps(list(s.sources), ensure_ascii=False),
                        json.dumps(list(s.article_ids)),
                        len(s.article_ids),
                        len(s.sources),
                        s.undated,
                        s.cohesion,
                    )
                    for s in stories
                ],
            )
            self.db.executemany(
                "INSERT INTO story_articles VALUES (?, ?, ?)",
                [(a, s.id, cohesion.get(a, 1.0)) for s in stories for a in s.article_ids],
            )
            self.db.execute(
                "INSERT OR REPLACE INTO stories_state VALUES (1, ?, ?, ?, ?, ?)",
                (
                    key,
                    time.time(),
                    sum(len(s.article_ids) for s in stories),
                    len(stories),
                    json.dumps(details),
                ),
            )

    def stories(
        self, *, min_sources: int = 1, source: str | None = None, limit: int | None = None
    ) -> list[Story]:
        """Stored stories, those told by the most outlets first (then most articles, then newest)."""
        query = (
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE n_sources >= ? "
            "ORDER BY n_sources DESC, n_articles DESC, start IS NULL, start DESC, id"
        )
        found = (_story(row) for row in self.db.execute(query, (min_sources,)))
        if source is not None:
            wanted = source.casefold()
            found = (s for s in found if any(name.casefold() == wanted for name in s.sources))
        result: list[Story] = []
        for story in found:
            if limit is not None and len(result) >= limit:
                break
            result.append(story)
        return result

    def story(self, story_id: str) -> Story | None:
        """One story by id or unique id prefix."""
        rows = self.db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ? OR id LIKE ? LIMIT 2",
            (story_id, f"{story_id}%"),
        ).fetchall()
        exact = [r for r in rows if r[0] == story_id]
        return _story(exact[0]) if exact else _story(rows[0]) if len(rows) == 1 else None

    def story_ids(self) -> dict[str, str]:
        """Article id -> story id, for every article in a story."""
        return dict(self.db.execute("SELECT article_id, story_id FROM story_articles"))
