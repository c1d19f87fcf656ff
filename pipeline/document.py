"""The one-article JSON (``schema: framelens/article@1``), as DESIGN.md's output contract gives it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .records import Analysis, FrameScore

SCHEMA = "framelens/article@1"


def _frame(frame: FrameScore) -> dict[str, Any]:
    return {"frame": frame.frame, "taxonomy": frame.taxonomy, "score": round(frame.score, 4),
            "share": None if frame.share is None else round(frame.share, 4), "present": frame.present,
            "evidence": [asdict(e) for e in frame.evidence]}


def to_document(analysis: Analysis) -> dict[str, Any]:
    """The analysis as plain JSON data; offsets index into ``article.text``."""
    article = analysis.article
    claims = []
    for claim in analysis.claims:
        item = asdict(claim)
        item["frames"] = [_frame(f) for f in claim.frames]
        claims.append(item)
    return {
        "schema": SCHEMA,
        "article": {
            "id": article.id, "source": article.source, "title": article.title, "url": article.url,
            "published": article.published, "authors": list(article.authors), "path": article.path,
            "n_words": article.n_words, "language": article.language, "metadata": article.metadata,
            "text": article.text,
        },
        "sections": [
            {**asdict(section), "frames": [_frame(f) for f in analysis.section_frames.get(section.id, ())]}
            for section in article.sections
        ],
        "paragraphs": [asdict(p) for p in article.paragraphs],
        "entities": [asdict(e) for e in analysis.entities],
        "figures": [asdict(f) for f in analysis.figures],
        "quotes": [asdict(q) for q in analysis.quotes],
        "claims": claims,
        "devices": [asdict(d) for d in analysis.devices],
        "frames": [_frame(f) for f in analysis.frames],
        "model": analysis.model,
        "versions": analysis.versions,
    }
