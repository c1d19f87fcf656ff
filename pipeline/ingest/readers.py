"""Readers: one file in, raw records out, or a named reason why not.

Each reader yields ``RawRecord`` (text plus whatever metadata the format carries), ``Rejected`` (a short
reason code for the run summary and a one-line detail) or ``Note`` (something said about a record that was
read, e.g. bytes replaced). A bad file or line becomes a ``Rejected`` and the rest goes on; whatever a
reader still raises is caught one level up (``pipeline.ingest.read_articles``), per input.

Bounded by design: YAML front matter may not use aliases (an alias bomb of 1 KB expands to gigabytes),
JSON may not nest deeper than ``MAX_JSON_DEPTH``, and lone surrogates (``"\\ud83d"`` in JSON) become
U+FFFD so every string can be stored as UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputRejected
from .decoding import Decoded, binary_kind, decode
from .outcomes import Note, RawRecord, Rejected
from .paths import display_path, read_bounded

__all__ = ["SUPPORTED", "Note", "RawRecord", "Rejected", "read_file"]

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".csv"}
MAX_JSON_DEPTH = 64  # objects and arrays inside each other; real article records use 2 or 3
MAX_FRONT_MATTER = 64 * 1024  # characters of YAML front matter
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# HTML whose main text has no line of prose (five words or more, or a sentence end) is navigation.
_PROSE_LINE = re.compile(r"(?:\S+\s+){4}\S|[.!?…][\"'”’)]?\s*$", re.MULTILINE)


def read_file(path: Path, *, max_bytes: int, text_fields: tuple[str, ...],
              csv_delimiter: str | None = None) -> Iterator[RawRecord | Rejected | Note]:
    """Every article in one file. ``text_fields`` are the columns a CSV must have one of."""
    origin = display_path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        if not path.exists() and not path.is_symlink():
            yield Rejected(origin, "unreadable", "no such file or folder")
        else:
            yield Rejected(origin, "unsupported", f"unsupported file type {suffix or '(none)'}")
        return
    try:
        data = read_bounded(path, max_bytes)
    except InputRejected as rejected:
        missing = rejected.detail == "No such file or directory"
        detail = "no such file or folder" if missing else rejected.detail
        yield Rejected(origin, rejected.reason, detail)
        return
    if not data.strip():
        yield Rejected(origin, "empty", "the file is empty")
        return
    binary = binary_kind(data)
    decoded = decode(data) if binary is None else f"binary content ({binary}), not text"
    if not isinstance(decoded, Decoded):
        yield Rejected(origin, "binary" if decoded.startswith("binary") else "undecodable", decoded)
        return
    if decoded.replaced:
        yield Note(origin, "replaced_bytes", f"{decoded.replaced} invalid UTF-8 byte sequence(s) replaced by "
                   "U+FFFD; the rest read as UTF-8")
    text = decoded.text.removeprefix("\ufeff")
    folder = path.absolute().parent.name or None
    folder = display_path(folder) if folder else None
    for item in _read_format(suffix, text, origin, folder, text_fields, csv_delimiter):
        if isinstance(item, RawRecord) and item.fields:
            fields, replaced = _without_surrogates(item.fields)
            if replaced:
                yield Note(item.origin, "replaced_characters",
                           f"{replaced} lone surrogate(s) (\\ud800-\\udfff) replaced by U+FFFD")
                item = RawRecord(item.text, item.origin, fields, item.fmt, item.folder_source)
        yield item


def _read_format(suffix: str, text: str, origin: str, folder: str | None, text_fields: tuple[str, ...],
                 csv_delimiter: str | None) -> Iterator[RawRecord | Rejected]:
    if suffix == ".csv":
        yield from _read_csv(text, origin, folder, text_fields, csv_delimiter)
    elif suffix in {".json", ".jsonl", ".ndjson"}:
        yield from (_read_json if suffix == ".json" else _read_jsonl)(text, origin, folder)
    elif suffix in {".html", ".htm"}:
        yield _read_html(text, origin, folder)
    elif suffix in {".md", ".markdown"}:
        yield _read_markdown(text, origin, folder)
    else:
        yield RawRecord(text=text, origin=origin, fmt="txt", folder_source=folder)


# -- Markdown -------------------------------------------------------------------------------------
class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases: front matter never needs them, and alias bombs use them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.YAMLError(f"YAML aliases (*{event.anchor}) are not allowed in front matter")
        return super().compose_node(parent, index)


def _read_markdown(text: str, origin: str, folder: str | None) -> RawRecord | Rejected:
    fields: dict[str, Any] = {}
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            if end > MAX_FRONT_MATTER:
                return Rejected(origin, "malformed_front_matter",
                                f"front matter of {end:,} characters is over the {MAX_FRONT_MATTER:,} limit")
            if _flow_depth(text[3:end]) > MAX_JSON_DEPTH:
                # Checked before parsing: PyYAML's scanner is quadratic in the depth of [ { nesting.
                return Rejected(origin, "malformed_front_matter",
                                f"nested deeper than {MAX_JSON_DEPTH} levels")
            try:
                front = yaml.load(text[3:end], Loader=_FrontMatterLoader)  # a safe loader, without aliases
            except (yaml.YAMLError, RecursionError) as exc:
                first = str(exc).splitlines()[0] if str(exc) else "nested too deeply"
                return Rejected(origin, "malformed_front_matter", first)
            if isinstance(front, dict):
                if _depth(front) > MAX_JSON_DEPTH:
                    return Rejected(origin, "malformed_front_matter",
                                    f"nested deeper than {MAX_JSON_DEPTH} levels")
                fields = {str(k): v for k, v in front.items()}
            text = text[end + 4:].lstrip("-\n")
    return RawRecord(text=text, origin=origin, fields=fields, fmt="md", folder_source=folder)


def _flow_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` (quotes not considered: an upper bound, cheap)."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}" and depth:
            depth -= 1
    return deepest


# -- HTML -----------------------------------------------------------------------------------------
def _read_html(html: str, origin: str, folder: str | None) -> RawRecord | Rejected:
    # trafilatura finds the main text and the page's metadata; markdown output keeps h1-h6 as "#" lines.
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_formatting=True,
                                           include_comments=False, include_tables=False)
    if document is None or isinstance(document, dict):  # a dict only with as_dict=True, which we never pass
        return Rejected(origin, "no_text", "no main text found in the HTML page")
    text = document.text or ""
    if not text.strip():
        return Rejected(origin, "no_text", "no main text found in the HTML page")
    if not _PROSE_LINE.search(text):
        # trafilatura falls back to any text it finds: on a page of menus that is "Home / World / ...".
        sample = ", ".join(line.strip("#* ") for line in text.splitlines() if line.strip())[:60]
        return Rejected(origin, "no_text", f"only navigation or page furniture in the HTML page ({sample})")
    fields = {"title": document.title, "source": document.sitename, "date": document.date,
              "url": document.url, "authors": document.author, "description": document.description}
    return RawRecord(text=text, origin=origin, fields={k: v for k, v in fields.items() if v},
                     fmt="md", folder_source=folder)


# -- JSON -----------------------------------------------------------------------------------------
def _depth(value: Any) -> int:
    """How deeply objects and arrays nest in ``value`` (iterative: the value may be hostile)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                return deepest
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _without_surrogates(value: Any) -> tuple[Any, int]:
    """``value`` with lone surrogates replaced by U+FFFD (they cannot be encoded), and how many."""
    if isinstance(value, str):
        return _SURROGATE.subn("\ufffd", value)
    if isinstance(value, list):
        pairs = [_without_surrogates(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        items = [(_without_surrogates(k), _without_surrogates(v)) for k, v in value.items()]
        return {k: v for (k, _), (v, _) in items}, sum(nk + nv for (_, nk), (_, nv) in items)
    return value, 0


def _parse_json(text: str, line: str) -> Any:
    """The JSON value of ``text``; raises ``InputRejected``, naming ``line`` ("line 3") when given."""
    prefix = f"{line}: " if line else ""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputRejected("malformed_json", f"{line or f'line {exc.lineno}'}: {exc.msg}") from None
    except RecursionError:
        raise InputRejected("malformed_json", f"{prefix}nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputRejected("malformed_json", f"{prefix}{exc}") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise InputRejected("malformed_json", f"{prefix}nested deeper than {MAX_JSON_DEPTH} levels")
    return value


def _records(items: Iterable[tuple[str, Any]], folder: str | None) -> Iterator[RawRecord | Rejected]:
    for origin, item in items:
        if isinstance(item, dict):
            yield RawRecord(text="", origin=origin, fields=item, fmt="record", folder_source=folder)
        else:
            yield Rejected(origin, "malformed_json", f"expected an object, found {_json_type(item)}")


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _read_json(text: str, origin: str, folder: str | None) -> Iterator[RawRecord | Rejected]:
    try:
        data = _parse_json(text, "")
    except InputRejected as rejected:
        yield Rejected(origin, rejected.reason, rejected.detail)
        return
    items = data if isinstance(data, list) else [data]
    if not items:
        yield Rejected(origin, "empty", "an empty JSON array")
    yield from _records(((f"{origin}#{i}", item) for i, item in enumerate(items)), folder)


def _read_jsonl(text: str, origin: str, folder: str | None) -> Iterator[RawRecord | Rejected]:
    lines = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        lines += 1
        try:
            item = _parse_json(line, f"line {number}")
        except InputRejected as rejected:
            yield Rejected(f"{origin}:{number}", rejected.reason, rejected.detail)
            continue
        yield from _records([(f"{origin}:{number}", item)], folder)
    if not lines:
        yield Rejected(origin, "empty", "no JSON lines")


# -- CSV ------------------------------------------------------------------------------------------
def _read_csv(text: str, origin: str, folder: str | None, text_fields: tuple[str, ...],
              delimiter: str | None) -> Iterator[RawRecord | Rejected]:
    """Rows of a CSV in the standard dialect (RFC 4180, as Excel and pandas write it).

    The dialect is not guessed: csv.Sniffer misreads ordinary files with quoted newlines or doubled
    quotes, and a misread row becomes a garbage article. A row with a wrong field count is rejected
    with its line number.
    """
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article bodies exceed the 128 KiB default
    # strict: a quote in the middle of a field is an error (named with its line) instead of a field that
    # silently swallows the following rows; the reader goes on at the next line.
    reader = csv.reader(io.StringIO(text, newline=""), dialect=csv.excel, delimiter=delimiter or ",",
                        strict=True)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        yield Rejected(origin, "malformed_csv", f"line 1: {exc}")
        return
    wanted = {name.lower() for name in text_fields}
    if not {name.strip().lower() for name in header} & wanted:
        yield Rejected(origin, "no_text", _no_text_column(header, text_fields, delimiter))
        return
    rows = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as exc:
            yield Rejected(f"{origin}:{start}", "malformed_csv", f"line {start}: {exc}")
            if reader.line_num < start:
                return  # nothing more could be read
            continue
        if row is None:
            break
        if not row:
            continue  # a blank line
        rows += 1
        if len(row) != len(header):
            yield Rejected(f"{origin}:{start}", "malformed_csv",
                           f"line {start}: {len(row)} fields, the header has {len(header)}")
            continue
        yield RawRecord(text="", origin=f"{origin}:{start}", fields=dict(zip(header, row, strict=True)),
                        fmt="record", folder_source=folder)
    if rows == 0:
        yield Rejected(origin, "empty", "a CSV header and no rows")


def _no_text_column(header: list[str], text_fields: tuple[str, ...], delimiter: str | None) -> str:
    detail = f"no text column (looked for {', '.join(text_fields)}; found {', '.join(header[:8])[:120]})"
    if len(header) == 1 and delimiter is None:
        other = next((d for d in (";", "\t", "|") if d in header[0]), None)
        if other is not None:
            detail += f"; if the file is separated by {other!r}, use --csv-delimiter {other!r}"
    return detail
