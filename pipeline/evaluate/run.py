"""``evaluate``: ingest, parse and analyse each gold file's article, then score it."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..document import device_threshold
from ..records import Analysis
from .gold import ArticleResolver, gold_files, load_gold
from .results import EvalReport
from .scoring import score_analysis


def evaluate(paths: Sequence[str | Path], *, model: str | None = None, data_dir: Path | None = None,
             nlp: Any = None, min_device_score: float | None = None) -> EvalReport:
    """Ingest, parse and analyse each gold file's article, then score it against the gold.

    Devices are scored as a reader sees them: those below ``min_device_score`` (default: the shipped
    precision-first threshold) are left out."""
    from ..analyze import analyze_doc
    from ..nlp import load_model, model_id

    paths = gold_files(paths)  # a wrong folder fails before the model is loaded
    nlp = nlp or load_model(model)
    resolver = ArticleResolver(data_dir)
    files = []
    for path in paths:
        gold = load_gold(path)
        article = resolver.article(gold, path)
        error = None
        try:
            analysis = analyze_doc(article, nlp(article.text), model=model_id(nlp))
            shown = tuple(d for d in analysis.devices if d.score >= device_threshold(min_device_score))
            analysis = dataclasses.replace(analysis, devices=shown)
        except Exception as exc:  # noqa: BLE001 - one crashing extractor must not hide the other files' scores
            analysis, error = Analysis(article=article), f"{type(exc).__name__}: {exc}"
        score = score_analysis(gold, analysis, name=path.stem)
        score.error = error
        files.append(score)
    return EvalReport(files=files, model=model_id(nlp))
