"""Versioned cue lexicons and patterns from models/, loaded once per process.

Each file is YAML with a top-level ``version``; that version is stored beside every result
the lexicon produced, so a change of lexicon can be traced and re-run.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .errors import FramelensError

# models/ beside the package in a checkout (editable install), else where pip put the data files.
_CANDIDATES = (Path(__file__).resolve().parent.parent / "models", Path(sys.prefix) / "share" / "framelens" / "models")
MODELS_DIR = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    """The lexicon ``models/<name>.yaml`` as a dict (with its ``version``)."""
    path = MODELS_DIR / f"{name}.yaml"
    if not path.exists():
        raise FramelensError(f"Lexicon {path} is missing: reinstall framelens from a full checkout.")
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or "version" not in data:
        raise FramelensError(f"Lexicon {path} must be a mapping with a 'version' key.")
    return data


def lexicon_versions() -> dict[str, str]:
    """Every lexicon's version, for the run record."""
    return {p.stem: str(load_lexicon(p.stem)["version"]) for p in sorted(MODELS_DIR.glob("*.yaml"))}
