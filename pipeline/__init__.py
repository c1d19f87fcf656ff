"""framelens: what news articles claim, on whose authority, with which numbers, and how it is framed.

The public API:

    from pipeline import open_store, analyze_text
    store = open_store(".framelens/store.sqlite")
    claims = store.claims()            # a pandas DataFrame; likewise figures(), quotes(), devices() ...
    analysis = analyze_text(text)      # one article, no store
"""

from __future__ import annotations

from typing import Any

from .store import Store, open_store

__version__ = "0.1.0"
__all__ = ["Store", "__version__", "analyze_text", "open_store"]


def analyze_text(text: str, **options: Any) -> Any:
    """Analyse one article's text (see ``pipeline.analyze.analyze_text``); loads spaCy on first use."""
    from .analyze import analyze_text as _analyze_text

    return _analyze_text(text, **options)
