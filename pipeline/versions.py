"""What an analysis depends on, computed without loading spaCy or the extractors.

``versions_key`` is stored beside every analysis: when it changes (framelens, the model, a lexicon, the
extraction code, a package lexicon), the article is analysed again on the next run. It lives apart from
``analyze.py`` so that a run with nothing to analyse can tell so without importing the extractors (and
spaCy with them).
"""

from __future__ import annotations

from typing import Any

from .lexicons import lexicon_versions
from .package_lexicons import package_lexicon_versions


def analysis_versions() -> dict[str, str]:
    """The versions an analysis depends on: every YAML lexicon and every package lexicon read as data."""
    return {**lexicon_versions(), **package_lexicon_versions()}


def versions_key(model: str, versions: dict[str, Any]) -> str:
    """What an analysis depends on: a change re-analyses the article on the next run."""
    from . import __version__

    return f"{__version__}|{model}|" + ",".join(f"{k}={v}" for k, v in sorted(versions.items()))
