"""Versioned cue lexicons and patterns from models/, loaded once per process, and the analysis key.

Each file is YAML with a top-level ``version``. Extractors read their lexicon through one typed,
validated view (``load_typed``: a frozen dataclass whose fields are the file's keys), so a misspelt or
missing key fails at load time with the file's name, not as a silent default deep in a rule.

What an analysis depends on (``lexicon_versions``) is every lexicon's version *and a digest of its
content*, plus a digest of the extraction code: editing a cue list or a rule re-analyses the articles
on the next run even when nobody remembered to bump a version number.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
import types
import typing
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .errors import LexiconError

# libyaml's safe loader gives the same data as PyYAML's pure-Python one (checked on every models/ file)
# ten times faster: every process that loads the lexicons (each worker, each run) pays it.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# models/ beside the package in a checkout (editable install), else where pip put the data files.
_CANDIDATES = (Path(__file__).resolve().parent.parent / "models",
               Path(sys.prefix) / "share" / "framelens" / "models")
MODELS_DIR = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])
PACKAGE_DIR = Path(__file__).resolve().parent

# The code whose behaviour shapes an analysis: a change to any of these files changes the analysis key.
EXTRACTION_CODE = ("extract", "nlp", "analyze.py", "records.py", "document.py")
# Keys every lexicon may carry besides its own fields.
COMMON_KEYS = frozenset({"version", "description"})
# Lexicons read by corpus-level and output stages (compare, evidence, stories): they change no stored
# analysis, so they stay out of the analysis key (a new word list must not re-analyse every article).
OUTPUT_STAGE_LEXICONS = frozenset({"compare", "evidence", "stories"})

T = TypeVar("T")


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    """The lexicon ``models/<name>.yaml`` as a dict (with its ``version``)."""
    path = MODELS_DIR / f"{name}.yaml"
    if not path.exists():
        raise LexiconError(f"Lexicon {path} is missing: reinstall framelens from a full checkout.")
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_YAML_LOADER)
    if not isinstance(data, dict) or "version" not in data:
        raise LexiconError(f"Lexicon {path} must be a mapping with a 'version' key.")
    return data


@cache
def load_typed(name: str, schema: type[T], section: str | None = None) -> T:
    """``models/<name>.yaml`` (or one ``section`` of it) as the frozen dataclass ``schema``.

    Every key must be a field and every field without a default must be present; values are converted
    to the field's declared type (lists to ``tuple``/``frozenset``, numbers to ``float``/``int``), so the
    extractor holds immutable, checked values and never calls ``.get(key, default)``.
    """
    data: Any = load_lexicon(name)
    where = f"models/{name}.yaml"
    if section is not None:
        data = data.get(section)
        where += f" [{section}]"
    return build_typed(data, schema, where)


def build_typed(data: Any, schema: type[T], where: str) -> T:
    """Validate the mapping ``data`` against the dataclass ``schema`` and build it (see ``load_typed``)."""
    if not dataclasses.is_dataclass(schema):
        raise TypeError(f"{schema!r} is not a dataclass")
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: expected a mapping, found {type(data).__name__}")
    fields = {f.name: f for f in dataclasses.fields(schema)}
    unknown = set(data) - set(fields) - COMMON_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                           f"known: {', '.join(sorted(fields))}")
    missing = [n for n, f in fields.items() if n not in data and _required(f)]
    if missing:
        raise LexiconError(f"{where}: missing key(s) {', '.join(missing)}")
    hints = typing.get_type_hints(schema)
    values = {n: _convert(data[n], hints[n], f"{where} {n}") for n in fields if n in data}
    return schema(**values)


def _required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


def _convert(value: Any, hint: Any, where: str) -> Any:
    """``value`` as the type ``hint`` (the few shapes lexicons use), or a LexiconError saying where."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        hint = next(a for a in args if a is not type(None))
        origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return build_typed(value, hint, where)
    if origin in (tuple, frozenset, list):
        if not isinstance(value, list):
            raise LexiconError(f"{where}: expected a list, found {type(value).__name__}")
        item = args[0] if args else Any
        items = [_convert(v, item, where) for v in value]
        return frozenset(items) if origin is frozenset else tuple(items)
    if origin is dict:
        if not isinstance(value, dict):
            raise LexiconError(f"{where}: expected a mapping, found {type(value).__name__}")
        key_type, value_type = args or (Any, Any)
        return {_convert(k, key_type, where): _convert(v, value_type, where) for k, v in value.items()}
    return _scalar(value, hint, where)


def _scalar(value: Any, hint: Any, where: str) -> Any:
    if hint is Any:
        return value
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint is str and isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    bool_for_number = isinstance(value, bool) and hint is not bool
    if isinstance(hint, type) and isinstance(value, hint) and not bool_for_number:
        return value
    raise LexiconError(f"{where}: expected {getattr(hint, '__name__', hint)}, found {value!r}")


def _digest(paths: Iterable[Path], root: Path) -> str:
    """A short SHA-256 over the files' relative names and bytes, in a stable order."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def code_files(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The Python files whose behaviour shapes an analysis (``EXTRACTION_CODE``)."""
    files: list[Path] = []
    for name in EXTRACTION_CODE:
        path = package_dir / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else [])
    return files


def code_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """A digest of the extraction code: any edit to an extractor changes it."""
    return _digest(code_files(package_dir), package_dir)


@cache
def lexicon_versions() -> dict[str, str]:
    """What an analysis depends on: each lexicon as ``version+digest``, and the extraction code's digest."""
    versions = {p.stem: f"{load_lexicon(p.stem)['version']}+{_digest([p], MODELS_DIR)}"
                for p in sorted(MODELS_DIR.glob("*.yaml")) if p.stem not in OUTPUT_STAGE_LEXICONS}
    versions["code"] = code_digest()
    return versions
