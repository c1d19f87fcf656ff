"""The corpus store: one SQLite file (standard library), readable by Datasette, DuckDB or pandas.

Tables: articles, sections, paragraphs, runs, run_inputs, analyses (one row per analysed article,
holding its full JSON document) and one table per extracted kind (entities, figures, quotes, claims,
devices, frames) whose columns are the fields of the records in ``pipeline/records.py``, so the schema
reads in one place. Nested records are flattened with a prefix (``attribution_source``), lists are JSON.

The stories stage keeps its result in the story tables (``store/stories.py``).

Every article and every analysis is written in one transaction: a run killed at any point leaves
either the whole article or none of it. The schema version is ``PRAGMA user_version``; opening an
older store migrates it (analysis tables are derived data: they are rebuilt, the articles are kept).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import quote

from ..document import field_names, plain, to_document
from ..errors import StoreError
from ..records import Analysis, Article, Claim, Device, Entity, Figure, Paragraph, Quote, Section
from . import freshness
from .stories import STORY_DDL, StoryTables

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = 4  # 2: devices gained entries, target, claim_id, stance; 3: typed columns, full-text index
# 4: quotes gained cue offsets, attributions content offsets, claims every attribution
DEFAULT_STORE = Path(".framelens") / "store.sqlite"

# The extracted kinds: table name -> record type. Order is the export order.
KINDS: dict[str, type] = {"entities": Entity, "figures": Figure, "quotes": Quote, "claims": Claim,
                          "devices": Device}
FRAME_COLUMNS = ("article_id", "scope", "scope_id", "frame", "taxonomy", "score", "share", "present",
                 "evidence")
FRAME_TYPES = ("TEXT", "TEXT", "TEXT", "TEXT", "TEXT", "REAL", "REAL", "INTEGER", "TEXT")
# Python annotation -> SQLite column type; lists and objects are stored as JSON text.
_SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER", "tuple": "TEXT",
              "dict": "TEXT", "list": "TEXT"}
# Full-text index of the articles' titles and texts (SQLite FTS5, Porter stemming): `framelens list
# --search`, and Datasette's search box, which finds it by its content table. Kept in step by triggers.
FTS_SINCE = 3  # the schema version that brought the full-text index
FTS_DDL = (
    ("CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, content='articles', "
     "content_rowid='rowid', tokenize='porter unicode61')"),
    ("CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN "
     "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"),
    ("CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN "
     "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, "
     "old.text); END"),
    ("CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
     "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, "
     "old.text); INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"),
)


def record_columns(record_type: type) -> list[str]:
    """Column names for a record type: its fields, nested records flattened with a prefix."""
    columns: list[str] = []
    for f in dataclasses.fields(record_type):
        default = f.default
        if dataclasses.is_dataclass(default):
            columns += [f"{f.name}_{sub.name}" for sub in dataclasses.fields(default)]
        else:
            columns.append(f.name)
    return columns


def sql_type(annotation: Any) -> str:
    """The column type of a record field from its annotation ("float | None" -> REAL, tuples -> TEXT)."""
    head = str(annotation).split("[")[0].split("|")[0].strip()
    return _SQL_TYPES.get(head, "TEXT")


def record_column_types(record_type: type) -> dict[str, str]:
    """Column name -> SQLite type for a record type, nested records flattened as in record_columns."""
    types: dict[str, str] = {}
    for f in dataclasses.fields(record_type):
        if dataclasses.is_dataclass(f.default):
            nested = dataclasses.fields(f.default)
            types.update({f"{f.name}_{sub.name}": sql_type(sub.type) for sub in nested})
        else:
            types[f.name] = sql_type(f.type)
    return types


def record_row(record: Any) -> dict[str, Any]:
    """One record as a row: nested records flattened, lists and dicts as JSON."""
    row: dict[str, Any] = {}
    for name in field_names(type(record)):
        value = getattr(record, name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for key in field_names(type(value)):
                row[f"{name}_{key}"] = _cell(getattr(value, key))
        else:
            row[name] = _cell(value)
    return row


@functools.cache
def _row_plan(record_type: type) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """Each field of a record type with, for a nested record flattened into columns (as in
    ``record_columns``), the nested record's field names."""
    return tuple((f.name, field_names(type(f.default)) if dataclasses.is_dataclass(f.default) else None)
                 for f in dataclasses.fields(record_type))


def document_rows(record_type: type, items: list[dict[str, Any]]) -> list[list[Any]]:
    """The rows ``record_row`` gives, built from the records' plain JSON data (a document's lists).

    Saving an analysis needs both its JSON document and its rows; building the rows from the document
    converts each record to plain data once instead of twice (that conversion was most of the cost).
    """
    plan = _row_plan(record_type)
    rows = []
    for item in items:
        row: list[Any] = []
        for name, nested in plan:
            value = item[name]
            if nested is not None and type(value) is dict:
                row += [_plain_cell(value[key]) for key in nested]
            else:
                row.append(_plain_cell(value))
        rows.append(row)
    return rows


def _plain_cell(value: Any) -> Any:
    """``_cell`` for a value that is plain JSON data already."""
    kind = type(value)
    return _JSON.encode(value) if kind is list or kind is dict else value


# One encoder for every cell: json.dumps with options builds a new encoder on each call.
_JSON = json.JSONEncoder(ensure_ascii=False)


def _in_clause(column: str, values: Collection[str] | None) -> tuple[str, list[str]]:
    """``WHERE column IN (...)`` and its parameters; nothing when ``values`` is None."""
    if values is None:
        return "", []
    values = list(values)
    return f"WHERE {column} IN ({', '.join('?' for _ in values) or 'NULL'})", values


def article_row(article: Article) -> dict[str, Any]:
    """The articles table's row of an article (JSON text for authors and metadata), without ingested_at."""
    return {"id": article.id, "source": article.source, "title": article.title, "url": article.url,
            "published": article.published, "authors": json.dumps(list(article.authors), ensure_ascii=False),
            "path": article.path, "language": article.language, "n_words": article.n_words,
            "text": article.text,
            "metadata": json.dumps(article.metadata, ensure_ascii=False, default=str)}


def frame_rows(analysis: Analysis) -> list[tuple[Any, ...]]:
    """The frames table's rows of an analysis (FRAME_COLUMNS): the article's frames, then each section's.

    The store and ``engine.cluster.write_parquet`` both write these, so the two never disagree."""
    article_id = analysis.article.id
    scoped = [("article", article_id, f) for f in analysis.frames]
    scoped += [("section", sid, f) for sid, frames in analysis.section_frames.items() for f in frames]
    return [(article_id, scope, scope_id, f.frame, f.taxonomy, f.score, f.share, int(f.present),
             _cell(f.evidence)) for scope, scope_id, f in scoped]


def _cell(value: Any) -> Any:
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return _JSON.encode(plain(value)) if value else "[]"
    if isinstance(value, dict) or dataclasses.is_dataclass(value):
        return _JSON.encode(plain(value))
    return value


@functools.cache
def _insert_sql(table: str, record_type: type) -> str:
    columns = ["article_id", *record_columns(record_type)]
    return (f"INSERT OR REPLACE INTO {table} ({', '.join(map(_quote, columns))}) "
            f"VALUES ({', '.join('?' for _ in columns)})")


def _ddl() -> list[str]:
    statements = [
        """CREATE TABLE IF NOT EXISTS articles (
            id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT, url TEXT, published TEXT, authors TEXT,
            path TEXT, language TEXT, n_words INTEGER, text TEXT NOT NULL, metadata TEXT,
            ingested_at REAL)""",
        "CREATE INDEX IF NOT EXISTS articles_source ON articles(source)",
        """CREATE TABLE IF NOT EXISTS sections (article_id TEXT NOT NULL, id TEXT NOT NULL, heading TEXT,
            start INTEGER, "end" INTEGER, heading_start INTEGER, heading_end INTEGER,
            PRIMARY KEY (article_id, id))""",
        """CREATE TABLE IF NOT EXISTS paragraphs (article_id TEXT NOT NULL, id TEXT NOT NULL, start INTEGER,
            "end" INTEGER, section_id TEXT, PRIMARY KEY (article_id, id))""",
        """CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, command TEXT,
            started_at REAL, finished_at REAL, status TEXT, options TEXT, counts TEXT)""",
        """CREATE TABLE IF NOT EXISTS run_inputs (run_id INTEGER, origin TEXT, status TEXT, reason TEXT,
            detail TEXT, article_id TEXT)""",
        """CREATE TABLE IF NOT EXISTS analyses (article_id TEXT PRIMARY KEY, model TEXT, versions TEXT,
            analysed_at REAL, document TEXT)""",
        "CREATE TABLE IF NOT EXISTS frames ("
        + ", ".join(f"{_quote(c)} {t}" for c, t in zip(FRAME_COLUMNS, FRAME_TYPES, strict=True)) + ")",
        "CREATE INDEX IF NOT EXISTS frames_article ON frames(article_id)",
    ]
    for table, record_type in KINDS.items():
        typed = {"article_id": "TEXT NOT NULL", **record_column_types(record_type)}
        columns = ", ".join(f"{_quote(c)} {t}" for c, t in typed.items())
        statements.append(f"CREATE TABLE IF NOT EXISTS {table} ({columns}, PRIMARY KEY (article_id, id))")
    return [*statements, *STORY_DDL, *freshness.ddl()]


def _quote(column: str) -> str:
    return f'"{column}"'


class Store(StoryTables):
    """A corpus store on disk. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path = DEFAULT_STORE, *, read_only: bool = False) -> None:
        """Open the store at ``path``: created (and migrated) when needed, or with ``read_only`` opened
        for reading only, never created, migrated or written (report, export, show, compare)."""
        self.path = Path(path)
        self.read_only = read_only
        self.db = _open_read_only(self.path) if read_only else self._open_for_writing()
        if read_only:
            self.fts = _has_full_text_index(self.db)

    def _open_for_writing(self) -> sqlite3.Connection:
        if self.path.is_dir():
            example = self.path / "store.sqlite"
            raise StoreError(f"{self.path} is a folder; --store takes a file (e.g. {example})")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store's folder {self.path.parent}: {exc.strerror or exc}; "
                             "choose another --store") from None
        try:
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(_open_failure(self.path, exc)) from None
        return self.db

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- schema -------------------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = _schema_version(self.db, self.path)
        if version == 0 and _tables(self.db) - {"sqlite_sequence"}:
            raise StoreError(f"{self.path} is not a framelens store (it holds other tables: "
                             f"{', '.join(sorted(_tables(self.db)))[:100]}); choose another --store")
        with self.db:
            if 0 < version < SCHEMA_VERSION:
                # Analysis tables are derived data: rebuild them; articles are kept and re-analysed.
                for table in [*KINDS, "frames", "analyses"]:
                    self.db.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _ddl():
                self.db.execute(statement)
            self.fts = self._full_text_index(rebuild=0 < version < FTS_SINCE)
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _full_text_index(self, *, rebuild: bool) -> bool:
        """Create the articles' full-text index (filled from the stored articles when ``rebuild``); False
        when this SQLite has no FTS5, and search falls back to a plain scan."""
        try:
            for statement in FTS_DDL:
                self.db.execute(statement)
        except sqlite3.OperationalError:
            return False
        if rebuild:
            self.db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        return True

    # -- runs ---------------------------------------------------------------------------------------
    def begin_run(self, command: str, options: dict[str, Any] | None = None) -> int:
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO runs (command, started_at, status, options) VALUES (?, ?, ?, ?)",
                (command, time.time(), "running", json.dumps(options or {}, default=str)))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, counts: dict[str, Any], status: str = "done") -> None:
        with self.db:
            self.db.execute("UPDATE runs SET finished_at=?, status=?, counts=? WHERE id=?",
                            (time.time(), status, json.dumps(counts), run_id))

    def record_input(self, run_id: int, origin: str, status: str, reason: str | None = None,
                     detail: str | None = None, article_id: str | None = None) -> None:
        with self.db:
            self.db.execute("INSERT INTO run_inputs VALUES (?, ?, ?, ?, ?, ?)",
                            (run_id, origin, status, reason, detail, article_id))

    # -- articles -----------------------------------------------------------------------------------
    def add_article(self, article: Article, run_id: int | None = None) -> bool:
        """Store an article with its sections and paragraphs; False when its text is already stored."""
        with self.db:
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*article_row(article).values(), time.time()))
            if cursor.rowcount == 0:
                return False
            self.db.executemany("INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?)",
                                [(article.id, s.id, s.heading, s.start, s.end, s.heading_start, s.heading_end)
                                 for s in article.sections])
            self.db.executemany("INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?)",
                                [(article.id, p.id, p.start, p.end, p.section_id)
                                 for p in article.paragraphs])
        return True

    def outlets(self) -> dict[str, int]:
        """Each outlet (an article's ``source``) with its number of stored articles, largest first."""
        return dict(self.db.execute("SELECT source, COUNT(*) AS n FROM articles GROUP BY source "
                                    "ORDER BY n DESC, source"))

    def outlet_names(self, name: str) -> list[str]:
        """The stored outlet names ``name`` stands for, however it is written ("fox news" -> Fox News)."""
        from ..ingest.outlets import outlet_key

        key = outlet_key(name)
        return [stored for stored in self.outlets() if outlet_key(stored) == key]

    def rename_outlet(self, old: str, new: str) -> int:
        """Give the articles of outlet ``old`` the name ``new``, in their analysis documents too."""
        with self.db:
            self.db.execute("UPDATE analyses SET document = json_set(document, '$.article.source', ?) "
                            "WHERE article_id IN (SELECT id FROM articles WHERE source = ?)", (new, old))
            cursor = self.db.execute("UPDATE articles SET source = ? WHERE source = ?", (new, old))
        return cursor.rowcount

    def list_articles(self, *, sources: Collection[str] | None = None, search: str | None = None,
                      limit: int | None = None) -> tuple[list[dict[str, Any]], int]:
        """Articles with their outlet, date, title and item counts, and how many match in all.

        ``sources`` keeps those outlets; ``search`` is a full-text query over titles and texts (FTS5
        syntax: words, "a phrase", prefix*, OR, NOT), best matches first; a query FTS5 cannot parse is
        searched as plain words. Without a search, articles come in the order they were ingested.
        """
        where, params, order, join = [], [], "a.rowid", ""
        if sources is not None:
            where.append(f"a.source IN ({', '.join('?' for _ in sources)})")
            params += list(sources)
        if search and self.fts:
            join, order = "JOIN articles_fts f ON f.rowid = a.rowid", "bm25(articles_fts)"
            where.append("articles_fts MATCH ?")
            params.append(search)
        elif search:  # no FTS5 in this SQLite: every word must occur
            for word in search.split():
                where.append("(a.text LIKE ? OR a.title LIKE ?)")
                params += [f"%{word}%"] * 2
        clause = f"{join} {'WHERE ' + ' AND '.join(where) if where else ''}"
        counts = ", ".join(f"(SELECT COUNT(*) FROM {kind} k WHERE k.article_id = a.id) AS {kind}"
                           for kind in ("claims", "figures", "quotes"))
        query = (f"SELECT a.id, a.source, a.published, a.title, a.path, a.n_words, "
                 f"x.article_id IS NOT NULL AS analysed, {counts} FROM articles a "
                 f"LEFT JOIN analyses x ON x.article_id = a.id {clause} ORDER BY {order}"
                 + (f" LIMIT {int(limit)}" if limit else ""))
        try:
            cursor = self.db.execute(query, params)
            total = self.db.execute(f"SELECT COUNT(*) FROM articles a {clause}", params).fetchone()[0]
        except sqlite3.OperationalError:
            plain = " ".join('"' + word.replace('"', '""') + '"' for word in search.split()) if search else ""
            if not (search and self.fts) or search == plain:
                raise
            return self.list_articles(sources=sources, search=plain, limit=limit)  # FTS5 could not parse it
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        for row in rows:
            row["analysed"] = bool(row["analysed"])
        return rows, int(total)

    def match_ids(self, prefix: str, limit: int = 10) -> list[tuple[str, str, str | None]]:
        """(id, outlet, title) of the articles whose id starts with ``prefix``, at most ``limit + 1``."""
        return list(self.db.execute("SELECT id, source, title FROM articles WHERE substr(id, 1, ?) = ? "
                                    "ORDER BY id LIMIT ?", (len(prefix), prefix.lower(), limit + 1)))

    def count(self, table: str = "articles") -> int:
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def article_ids(self, *, unanalysed_for: str | None = None) -> list[str]:
        """All article ids, or those not yet analysed with the given versions key."""
        if unanalysed_for is None:
            return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY rowid")]
        return [r[0] for r in self.db.execute(
            "SELECT a.id FROM articles a LEFT JOIN analyses x ON x.article_id = a.id "
            "WHERE x.article_id IS NULL OR x.versions IS NOT ? ORDER BY a.rowid", (unanalysed_for,))]

    def iter_articles(self, ids: list[str] | None = None) -> Iterator[Article]:
        """Articles with their sections and paragraphs, streamed."""
        ids = self.article_ids() if ids is None else ids
        for article_id in ids:
            article = self.get_article(article_id)
            if article is not None:
                yield article

    def get_article(self, article_id: str) -> Article | None:
        """The article with this exact id (a primary-key lookup; ``match_ids`` resolves a prefix)."""
        row = self.db.execute("SELECT id, source, title, url, published, authors, path, language, text, "
                              "metadata FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        sections = tuple(Section(*r) for r in self.db.execute(
            'SELECT id, heading, start, "end", heading_start, heading_end FROM sections WHERE article_id=? '
            "ORDER BY start", (row[0],)))
        paragraphs = tuple(Paragraph(*r) for r in self.db.execute(
            'SELECT id, start, "end", section_id FROM paragraphs WHERE article_id=? ORDER BY start',
            (row[0],)))
        return Article(id=row[0], source=row[1], title=row[2], url=row[3], published=row[4],
                       authors=tuple(json.loads(row[5] or "[]")), path=row[6], language=row[7] or "en",
                       text=row[8], metadata=json.loads(row[9] or "{}"), sections=sections,
                       paragraphs=paragraphs)

    # -- analyses -----------------------------------------------------------------------------------
    def save_analysis(self, analysis: Analysis, document: dict[str, Any], versions_key: str) -> None:
        """Replace an article's extracted items in one transaction."""
        with self.db:
            self._write_analysis(analysis, document, versions_key)

    def save_analyses(self, analyses: Iterable[Analysis], versions_key: str) -> list[tuple[str, str]]:
        """Replace many articles' extracted items in one transaction, each article in its own savepoint.

        One commit per batch instead of one per article; an article whose rows cannot be written (a
        value SQLite or JSON refuses) is rolled back alone and returned as (article id, reason), the
        others are saved. A kill before the commit loses the batch whole, never part of an article.
        """
        failed: list[tuple[str, str]] = []
        self.db.execute("BEGIN")
        try:
            for analysis in analyses:
                self.db.execute("SAVEPOINT article")
                try:
                    self._write_analysis(analysis, to_document(analysis), versions_key)
                except (sqlite3.Error, ValueError, TypeError, OverflowError) as exc:
                    self.db.execute("ROLLBACK TO article")
                    failed.append((analysis.article.id, f"cannot be stored: {type(exc).__name__}: {exc}"))
                self.db.execute("RELEASE article")
            self.db.commit()
        except BaseException:
            self.db.rollback()
            raise
        return failed

    def _write_analysis(self, analysis: Analysis, document: dict[str, Any], versions_key: str) -> None:
        """``document`` is ``to_document(analysis)``: the rows are read from it."""
        article_id = analysis.article.id
        for table in [*KINDS, "frames"]:
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        for table, record_type in KINDS.items():
            items = document[table]
            if not items:
                continue
            if table == "claims":  # the document rounds a claim's frames; the claims table keeps them whole
                items = [{**item, "frames": plain(claim.frames)}
                         for item, claim in zip(items, analysis.claims, strict=True)]
            self.db.executemany(_insert_sql(table, record_type),
                                [[article_id, *row] for row in document_rows(record_type, items)])
        self.db.executemany(f"INSERT INTO frames VALUES ({', '.join('?' for _ in FRAME_COLUMNS)})",
                            frame_rows(analysis))
        self.db.execute("INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?)",
                        (article_id, analysis.model, versions_key, time.time(), _JSON.encode(document)))

    def document(self, article_id: str) -> dict[str, Any] | None:
        """The one-article JSON saved by the last analysis of the article with this exact id."""
        row = self.db.execute("SELECT document FROM analyses WHERE article_id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def documents(self, *, outlets: Collection[str] | None = None,
                  ids: Collection[str] | None = None) -> Iterator[dict[str, Any]]:
        """The stored one-article JSON documents in ingest order, of these outlets (exact stored names,
        see ``outlet_names``) and ids only when given; others are not decoded."""
        where, params = _in_clause("a.source", outlets)
        query = ("SELECT a.id, x.document FROM analyses x JOIN articles a ON a.id = x.article_id "
                 f"{where} ORDER BY a.rowid")
        for article_id, document in self.db.execute(query, params):
            if ids is None or article_id in ids:
                yield json.loads(document)

    def article_ids_of(self, outlets: Collection[str] | None = None) -> list[str]:
        """The ids of the articles of these outlets (all when None), in ingest order."""
        where, params = _in_clause("source", outlets)
        return [row[0] for row in self.db.execute(f"SELECT id FROM articles {where} ORDER BY rowid", params)]

    def item_counts(self, min_device_score: float = 0.0) -> dict[str, dict[str, int]]:
        """Per kind, article id -> number of items (devices from ``min_device_score`` up)."""
        counts = {kind: dict(self.db.execute(f"SELECT article_id, COUNT(*) FROM {kind} GROUP BY article_id"))
                  for kind in ("claims", "figures", "quotes", "entities")}
        counts["devices"] = dict(self.db.execute("SELECT article_id, COUNT(*) FROM devices WHERE score >= ? "
                                                 "GROUP BY article_id", (min_device_score,)))
        return counts

    def metadata_keys(self) -> list[str]:
        """Every key of any stored article's metadata (the input's other fields), sorted."""
        return [row[0] for row in self.db.execute(
            "SELECT DISTINCT j.key FROM articles a, json_each(a.metadata) j ORDER BY j.key")]

    def entity_labels(self) -> dict[tuple[str, str], str]:
        """(article id, canonical name) -> the entity's NER label."""
        return {(a, c): label for a, c, label in
                self.db.execute("SELECT article_id, canonical, label FROM entities")}

    # -- tables for analysts --------------------------------------------------------------------------
    def table(self, kind: str) -> pd.DataFrame:
        """A kind (articles, sections, entities, figures, quotes, claims, devices, frames, runs) as a
        pandas DataFrame, JSON columns decoded, with the article's source, title, url, date and metadata
        (a dict: ``claims.article_metadata.str["bias_text"]``) beside it."""
        import pandas as pd

        known = {"articles", "sections", "paragraphs", "frames", "runs", "run_inputs", *KINDS}
        if kind not in known:
            raise StoreError(f"unknown kind {kind!r}; choose one of {', '.join(sorted(known))}")
        if kind in KINDS or kind in {"frames", "sections", "paragraphs"}:
            query = (f"SELECT t.*, a.source AS article_source, a.title AS article_title, "
                     f"a.url AS article_url, a.published AS article_published, "
                     f"a.metadata AS article_metadata FROM {kind} t "
                     f"JOIN articles a ON a.id = t.article_id ORDER BY a.rowid, t.rowid")
        else:
            query = f"SELECT * FROM {kind} ORDER BY rowid"
        frame = pd.read_sql_query(query, self.db)
        for column in _json_columns(kind):
            if column in frame:
                frame[column] = [json.loads(v) if isinstance(v, str) else v for v in frame[column]]
        return frame

    def columns(self, kind: str, columns: Sequence[str], *,
                decode: Collection[str] | None = None) -> pd.DataFrame:
        """Only ``columns`` of one table, in stored order, without the article join: the fast read for
        corpus-level stages. JSON columns among them are decoded, or only those in ``decode``."""
        import pandas as pd

        known = self._column_names(kind)
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise StoreError(f"table {kind!r} has no column(s) {', '.join(unknown)}")
        quoted = ", ".join(_quote(c) for c in columns)
        frame = pd.read_sql_query(f"SELECT {quoted} FROM {kind} ORDER BY rowid", self.db)
        wanted = set(_json_columns(kind)) if decode is None else set(decode)
        for column in wanted & set(columns):
            frame[column] = [json.loads(v) if isinstance(v, str) else v for v in frame[column]]
        return frame

    def _column_names(self, kind: str) -> set[str]:
        if kind not in {"articles", "sections", "paragraphs", "frames", "runs", "run_inputs", "analyses",
                        *KINDS}:
            raise StoreError(f"unknown table {kind!r}")
        return {row[1] for row in self.db.execute(f"PRAGMA table_info({kind})")}

    def analysed_ids(self) -> set[str]:
        """The ids of the articles that have a stored analysis."""
        return {row[0] for row in self.db.execute("SELECT article_id FROM analyses")}

    # One typed method per table (the DataFrame API of the README): ``store.claims()`` is ``table("claims")``;
    # with ``columns`` only those are read (see ``columns``).
    def articles(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        return self.table("articles") if columns is None else self.columns("articles", columns)

    def sections(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        return self.table("sections") if columns is None else self.columns("sections", columns)

    def runs(self) -> pd.DataFrame:
        return self.table("runs")

    def frames(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        return self.table("frames") if columns is None else self.columns("frames", columns)

    def entities(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        return self.table("entities") if columns is None else self.columns("entities", columns)

    def figures(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        return self.table("figures") if columns is None else self.columns("figures", columns)

    def quotes(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        return self.table("quotes") if columns is None else self.columns("quotes", columns)

    def claims(self, columns: Sequence[str] | None = None, *,
               decode: Collection[str] | None = None) -> pd.DataFrame:
        return self.table("claims") if columns is None else self.columns("claims", columns, decode=decode)

    def devices(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        return self.table("devices") if columns is None else self.columns("devices", columns)


def _schema_version(db: sqlite3.Connection, path: Path) -> int:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} has schema {version}, newer than this framelens ({SCHEMA_VERSION}): "
                         "upgrade framelens")
    return version


def _tables(db: sqlite3.Connection) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _has_full_text_index(db: sqlite3.Connection) -> bool:
    """Whether the store has the articles' full-text index and this SQLite can read it (FTS5)."""
    try:
        db.execute("SELECT rowid FROM articles_fts LIMIT 0")
    except sqlite3.OperationalError:
        return False
    return True


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can only read the store at ``path``, which must exist and be a framelens store.

    ``mode=ro`` first; a store in WAL mode whose folder cannot be written (a read-only disk, an archive)
    cannot be read that way (SQLite needs its -shm file), so then ``immutable=1``: SQLite reads the file
    as it is, which is right for a file nobody can write.
    """
    if not path.is_file():
        kind = " (a folder)" if path.is_dir() else ""
        raise StoreError(f"no store at {path}{kind}; create one with "
                         f"`framelens ingest ARTICLES --store {path}` or choose another --store")
    uri = f"file:{quote(str(path.resolve()))}"
    failure: sqlite3.Error | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            db = sqlite3.connect(f"{uri}?{options}", uri=True, timeout=30)
            version = _schema_version(db, path)
        except sqlite3.OperationalError as exc:  # e.g. "attempt to write a readonly database" (the -shm)
            failure = exc
            continue
        except sqlite3.Error as exc:
            raise StoreError(_open_failure(path, exc)) from None
        if "articles" not in _tables(db):
            raise StoreError(f"{path} is not a framelens store (no articles table); choose another --store")
        if version < SCHEMA_VERSION:
            raise StoreError(f"{path} has schema {version}, older than this framelens ({SCHEMA_VERSION}): "
                             f"run `framelens analyze --store {path}` once to upgrade it")
        return db
    raise StoreError(_open_failure(path, failure or sqlite3.OperationalError("cannot open")))


def _open_failure(path: Path, exc: sqlite3.Error) -> str:
    """What went wrong opening the store, said so that the user knows what to do."""
    message = str(exc)
    if "not a database" in message or "malformed" in message:
        return f"{path} is not a framelens store ({message}); choose another --store"
    if "readonly" in message:
        return (f"the store {path} is read-only ({message}): ingest and analyze need to write it; "
                "report, export, show and compare can read it")
    if "unable to open" in message:
        return (f"cannot open the store {path} for writing ({message}): are it and its folder writable? "
                "(report, export, show and compare only read it)")
    if "locked" in message:
        return f"the store {path} is locked by another framelens process ({message}); try again when it ends"
    return f"cannot open the store {path}: {message}"


def _json_columns(kind: str) -> list[str]:
    fixed = {"articles": ["authors", "metadata"], "frames": ["evidence", "article_metadata"],
             "runs": ["options", "counts"], "sections": ["article_metadata"],
             "paragraphs": ["article_metadata"]}
    if kind in fixed:
        return fixed[kind]
    if kind not in KINDS:
        return []
    return ["article_metadata", *(f.name for f in dataclasses.fields(KINDS[kind])
                                  if "tuple" in str(f.type) or "dict" in str(f.type))]


def open_store(path: str | Path = DEFAULT_STORE) -> Store:
    """Open (or create) a store: ``open_store().claims()`` is a DataFrame of every claim."""
    return Store(path)
