"""Exports: the store's articles and extracted items as JSON, JSONL, CSV, Parquet or JSON-LD.

Rows are built from the one-article JSON documents the store keeps (``framelens/article@1``), so an
export says exactly what the per-article contract says, streamed one article at a time. Every item row
carries the article's id and an ``article`` object (source, title, url, published and the input's other
fields as ``metadata``); the flat formats (CSV, Parquet) spread nested objects into prefixed columns
(``article_source``, ``attribution_cue``, ``article_metadata_bias_text``); Parquet keeps lists as list
columns (of structs where the items are objects), CSV holds them as JSON text. ``article_id`` + ``id``
(also joined in ``uid``) is a stable key; offsets index into the article text ``export articles`` writes.

Reads the store only; never loads spaCy.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..document import device_threshold, plain, with_min_device_score
from ..errors import ExportError
from ..outputs import atomic_path, atomic_text, guard_formula, unguard_formula
from ..store import Store
from .schemas import (
    KINDS,
    METADATA_PREFIX,
    column_types,
    flat_columns,
    flat_properties,
    nested_objects,
    schema,
)

__all__ = ["CLAIM_TYPES", "FORMATS", "KINDS", "ExportError", "export", "flatten", "iter_rows", "read_export",
           "schema", "unflatten"]

FORMATS = ("jsonl", "json", "csv", "parquet", "jsonld")
CLAIM_TYPES: tuple[str, ...] = tuple(schema("claims")["properties"]["types"]["items"]["enum"])
ARTICLE_REF = ("id", "source", "title", "url", "published", "metadata")


# -- rows -------------------------------------------------------------------------------------------
def iter_rows(store: Store, kind: str, *, source: str | None = None, min_checkworthiness: float | None = None,
              claim_type: str | None = None, article_ids: Collection[str] | None = None,
              min_device_score: float | None = None) -> Iterator[dict[str, Any]]:
    """Every exported row of ``kind`` (nested form), article by article in ingest order; ``article_ids``
    keeps only those articles; devices below ``min_device_score`` (default: the shipped threshold) are
    left out, from the devices and from the claims' device ids."""
    _check(kind, "jsonl", min_checkworthiness, claim_type)
    wanted = None if article_ids is None else set(article_ids)
    if kind in ("articles", "stories"):
        from ..stories import ensure_stories

        ensure_stories(store)  # story ids follow the analysed articles
    if kind == "stories":
        yield from _story_rows(store, source, wanted)
        return
    if kind == "articles":
        rows = _article_rows(store, source, device_threshold(min_device_score))
        yield from (row for row in rows if wanted is None or row["id"] in wanted)
        return
    for document in store.documents(outlets=_outlets(store, source), ids=wanted):
        yield from _item_rows(with_min_device_score(document, min_device_score), kind, min_checkworthiness,
                              claim_type)


def _check(kind: str, fmt: str, min_checkworthiness: float | None, claim_type: str | None) -> None:
    if kind not in KINDS:
        raise ExportError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "jsonld" and kind != "claims":
        raise ExportError("--format jsonld is for claims only (schema.org Claim objects)")
    if kind != "claims" and (min_checkworthiness is not None or claim_type is not None):
        raise ExportError("--min-checkworthiness and --claim-type filter claims only")


def _outlets(store: Store, source: str | None) -> list[str] | None:
    """The stored outlet names ``source`` stands for, written in any case or spelling ("fox news")."""
    return None if source is None else store.outlet_names(source)


def _article_ref(article: dict[str, Any]) -> dict[str, Any]:
    # A metadata key with no value says nothing (a record's "url": null is not a URL): left out.
    metadata = {k: v for k, v in (article.get("metadata") or {}).items() if v is not None}
    return {**{key: article.get(key) for key in ARTICLE_REF}, "metadata": metadata}


def _item_rows(document: dict[str, Any], kind: str, min_checkworthiness: float | None,
               claim_type: str | None) -> Iterator[dict[str, Any]]:
    article = document["article"]
    head = {"article_id": article["id"], "article": _article_ref(article)}
    if kind == "frames":
        scopes = [("article", article["id"], document.get("frames", []))]
        scopes += [("section", s["id"], s.get("frames", [])) for s in document.get("sections", [])]
        for scope, scope_id, frames in scopes:
            for frame in frames:
                uid = f"{article['id']}:{scope_id}:{frame['frame']}"
                yield {**head, "uid": uid, "scope": scope, "scope_id": scope_id, **frame}
        return
    for item in document.get(kind, []):
        if kind == "claims":
            if min_checkworthiness is not None and item.get("checkworthiness", 0.0) < min_checkworthiness:
                continue
            if claim_type is not None and claim_type.lower() not in item.get("types", []):
                continue
        yield {**head, "uid": f"{article['id']}:{item['id']}", **item}


def _article_rows(store: Store, source: str | None, min_device_score: float) -> Iterator[dict[str, Any]]:
    # From the articles table (not the documents) so articles ingested but not analysed are exported too.
    counts = store.item_counts(min_device_score)
    story_of = store.story_ids()
    analysed = store.analysed_ids()
    for article in store.iter_articles(store.article_ids_of(_outlets(store, source))):
        yield {
            "id": article.id, "source": article.source, "title": article.title, "url": article.url,
            "published": article.published, "authors": list(article.authors), "path": article.path,
            "language": article.language, "n_words": article.n_words, "metadata": article.metadata,
            "analysed": article.id in analysed, "story_id": story_of.get(article.id),
            "sections": [plain(section) for section in article.sections],
            **{f"n_{kind}": counts.get(kind, {}).get(article.id, 0)
               for kind in ("claims", "figures", "quotes", "entities", "devices")},
            "text": article.text,
        }


def _story_rows(store: Store, source: str | None, wanted: set[str] | None) -> Iterator[dict[str, Any]]:
    """One row per story (told by this outlet, or holding one of the wanted articles)."""
    for story in store.stories(source=source):
        if wanted is not None and not wanted & set(story.article_ids):
            continue
        yield {"id": story.id, "label": story.label, "keyterms": list(story.keyterms), "start": story.start,
               "end": story.end, "sources": list(story.sources), "articles": list(story.article_ids),
               "n_articles": len(story.article_ids), "n_sources": len(story.sources),
               "undated": story.undated, "cohesion": story.cohesion}


# -- flat rows --------------------------------------------------------------------------------------
def flatten(row: dict[str, Any], kind: str, *, lists: bool = False) -> dict[str, Any]:
    """A nested row as one flat record: objects spread into prefixed columns, the article's metadata one
    column per key (as text), lists as JSON text (or kept as lists with ``lists``, for Parquet)."""
    flat: dict[str, Any] = {}
    nested = set(nested_objects(kind))
    for key, value in row.items():
        if key in nested and isinstance(value, dict):
            for sub, sub_value in value.items():
                if key == "article" and sub == "metadata" and isinstance(sub_value, dict):
                    flat.update({f"{METADATA_PREFIX}{k}": _metadata_cell(v) for k, v in sub_value.items()})
                else:
                    flat[f"{key}_{sub}"] = _flat_cell(sub_value, lists)
        else:
            flat[key] = _flat_cell(value, lists)
    return flat


def _flat_cell(value: Any, lists: bool = False) -> Any:
    if isinstance(value, (list, tuple)) and lists:
        return list(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _metadata_cell(value: Any) -> str | None:
    """A metadata value as text: strings as they are, other values as JSON (2 -> "2")."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def unflatten(flat: dict[str, Any], kind: str) -> dict[str, Any]:
    """The inverse of :func:`flatten` for columns of a known kind (CSV strings are typed back; the
    metadata comes back as text, and a metadata key an article lacks is left out)."""
    types = column_types(kind)
    row: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for column, value in flat.items():
        if column.startswith(METADATA_PREFIX):
            if value not in (None, ""):
                metadata[column[len(METADATA_PREFIX):]] = value
        else:
            row[column] = _typed(value, types.get(column, "string"))
    for obj in nested_objects(kind):
        prefix = f"{obj}_"
        # article_id is a top-level column, not part of the nested article object
        keys = [c for c in list(row) if c.startswith(prefix) and c != "article_id"]
        if keys:
            row[obj] = {c[len(prefix):]: row.pop(c) for c in keys}
    if "article" in row and "article_id" in row:
        # flat rows hold the article's id once, as article_id; the nested object repeats it
        row["article"] = {"id": row["article_id"], **row["article"], "metadata": metadata}
    return row


def _typed(value: Any, kind: str) -> Any:
    """A cell read back from CSV (always str) or Parquet (typed, NaN for missing) as its JSON value."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None  # CSV cannot tell an empty string from a missing value; the schemas use null
    if kind == "json":
        return json.loads(value) if isinstance(value, str) else value
    if isinstance(value, str):
        value = unguard_formula(value)  # the ' a CSV export puts before =, +, -, @
    else:
        if kind == "integer" and isinstance(value, float) and value.is_integer():
            return int(value)  # Parquet via pandas turns nullable ints into floats
        return value.item() if hasattr(value, "item") else value
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return value.lower() in ("true", "1")
    return value


# -- writers ----------------------------------------------------------------------------------------
def export(store: Store, kind: str, fmt: str, out: str | Path | IO[str], *, source: str | None = None,
           min_checkworthiness: float | None = None, claim_type: str | None = None,
           article_ids: Collection[str] | None = None, min_device_score: float | None = None) -> int:
    """Write every row of ``kind`` to ``out`` (a path or a text stream) in ``fmt``; returns rows written.

    ``fmt``: jsonl (one row a line), json (one array), csv, parquet (needs a path), jsonld (claims as
    schema.org ``Claim`` objects in one ``@graph``). ``source`` keeps one outlet, ``article_ids`` those
    articles; ``min_checkworthiness`` and ``claim_type`` filter claims; devices scoring below
    ``min_device_score`` (default: models/devices.yaml's precision-first threshold) are left out.
    """
    _check(kind, fmt, min_checkworthiness, claim_type)
    rows = iter_rows(store, kind, source=source, min_checkworthiness=min_checkworthiness,
                     claim_type=claim_type, article_ids=article_ids, min_device_score=min_device_score)
    metadata = [] if kind in ("articles", "stories") else _metadata_columns(store)
    if fmt == "parquet":
        if not isinstance(out, (str, Path)):
            raise ExportError("--format parquet writes a file: give --out PATH")
        return _write_parquet(rows, kind, Path(out), metadata)
    if fmt == "jsonld":
        from .jsonld import claims_graph

        rows = claims_graph(rows, store.entity_labels())
    with _open_text(out) as stream:
        if fmt == "jsonl":
            return _write_jsonl(rows, stream)
        if fmt == "csv":
            return _write_csv(rows, kind, stream, metadata)
        return _write_json(rows, stream, jsonld=fmt == "jsonld")


@contextmanager
def _open_text(out: str | Path | IO[str]) -> Iterator[IO[str]]:
    """A text stream: a path is written atomically (a new file renamed over the old one when complete),
    a caller's stream is written as it is and left open."""
    if isinstance(out, (str, Path)):
        with atomic_text(out) as stream:
            yield stream
    else:
        yield out


def _write_jsonl(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    n = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_json(rows: Iterable[dict[str, Any]], stream: IO[str], *, jsonld: bool = False) -> int:
    # Streamed by hand so a big corpus never sits in memory as one list.
    n = 0
    if jsonld:
        from .jsonld import CONTEXT

        stream.write('{"@context": ' + json.dumps(CONTEXT) + ', "@graph": [')
    else:
        stream.write("[")
    for row in rows:
        stream.write(("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False))
        n += 1
    stream.write("\n]}\n" if jsonld else "\n]\n")
    return n


def _metadata_columns(store: Store) -> list[str]:
    """A flat column for every metadata key any stored article has (article_metadata_bias_text...)."""
    return [f"{METADATA_PREFIX}{key}" for key in store.metadata_keys()]


def _write_csv(rows: Iterable[dict[str, Any]], kind: str, stream: IO[str], metadata: list[str]) -> int:
    columns = flat_columns(kind) + metadata
    writer: csv.DictWriter[str] | None = None
    n = 0
    for row in rows:
        flat = flatten(row, kind)
        if writer is None:
            # Known columns first, then any extra key a newer record carries, so nothing is dropped.
            columns = columns + [c for c in flat if c not in columns]
            writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
        writer.writerow({k: _csv_cell(v) for k, v in flat.items()})
        n += 1
    if writer is None:
        csv.DictWriter(stream, fieldnames=columns, lineterminator="\n").writeheader()
    return n


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back to the same float
    return guard_formula(value)  # a title "=HYPERLINK(...)" must not run in a spreadsheet


def _write_parquet(rows: Iterable[dict[str, Any]], kind: str, path: Path, metadata: list[str]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # Parquet needs one schema for the file, taken from the row schema: numbers and booleans typed, lists
    # as list columns (structs where the items are objects). The rows are collected first so a column
    # that only later rows fill still gets its type.
    flat = [flatten(row, kind, lists=True) for row in rows]
    properties = flat_properties(kind)
    columns = [*properties, *metadata]
    extra = [c for row in flat[:1] for c in row if c not in columns]  # keys a newer record carries
    types = {c: arrow_type(prop) for c, (prop, _) in properties.items()}
    arrays = {c: pa.array([row.get(c) for row in flat], type=types.get(c, pa.string())) for c in columns}
    arrays.update({c: pa.array([_flat_cell(row.get(c)) for row in flat], type=pa.string()) for c in extra})
    with atomic_path(path) as temporary:
        pq.write_table(pa.table(arrays), temporary)
    return len(flat)


def arrow_type(prop: dict[str, Any]) -> Any:
    """The Arrow type of a JSON Schema property: list<...> for arrays, struct<...> for objects with
    properties, string for free-form objects (held as JSON text)."""
    import pyarrow as pa

    declared = prop.get("type", "string")
    main = next((t for t in ([declared] if isinstance(declared, str) else declared) if t != "null"), "string")
    if main == "array":
        return pa.list_(arrow_type(prop.get("items", {})))
    if main == "object" and prop.get("properties"):
        return pa.struct([(name, arrow_type(sub)) for name, sub in prop["properties"].items()])
    return {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}.get(main, pa.string())


# -- reading back -----------------------------------------------------------------------------------
def read_export(source: str | Path | IO[str], kind: str, fmt: str) -> list[dict[str, Any]]:
    """Rows of an export file in nested form: what ``iter_rows`` gave when it was written."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(source)
        return [unflatten(row, kind) for row in table.to_pylist()]
    text = Path(source).read_text(encoding="utf-8") if isinstance(source, (str, Path)) else source.read()
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if fmt == "json":
        return list(json.loads(text))
    if fmt == "jsonld":
        return list(json.loads(text)["@graph"])
    if fmt == "csv":
        return [unflatten(row, kind) for row in csv.DictReader(io.StringIO(text))]
    raise ExportError(f"unknown format {fmt!r}")

