"""The one-article JSON (``schema: framelens/article@1``), as DESIGN.md's output contract gives it."""

from __future__ import annotations

import dataclasses
from typing import Any

from .lexicons import load_lexicon
from .records import Analysis, FrameScore

SCHEMA = "framelens/article@1"
_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """A record as plain JSON data: dataclasses become dicts, tuples become lists.

    What ``dataclasses.asdict`` gives (tuples aside), at a fraction of its cost: asdict deep-copies
    every leaf and looks up each class's fields again for every record, which made it the largest cost
    of saving an analysis.
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    # Scalars are tested inline, not by a recursive call: most leaves are scalars, and the calls were
    # most of the cost.
    if kind is tuple or kind is list:
        return [item if type(item) in _SCALARS else plain(item) for item in value]
    if kind is dict:
        return {key: item if type(item) in _SCALARS else plain(item) for key, item in value.items()}
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(value):
            return value
        names = field_names(kind)
    return {name: item if type(item := getattr(value, name)) in _SCALARS else plain(item) for name in names}


def field_names(record_type: type) -> tuple[str, ...]:
    """A dataclass's field names, looked up once per class."""
    names = _FIELD_NAMES.get(record_type)
    if names is None:
        names = _FIELD_NAMES[record_type] = tuple(f.name for f in dataclasses.fields(record_type))
    return names


def device_threshold(min_device_score: float | None = None) -> float:
    """The score a device needs to be shown: ``min_device_score`` when given (settings, CLI flag), else
    the precision-first default of models/devices.yaml (``min_device_score``)."""
    if min_device_score is None:
        return float(load_lexicon("devices")["min_device_score"])
    return float(min_device_score)


def with_min_device_score(document: dict[str, Any], min_device_score: float | None = None) -> dict[str, Any]:
    """The document with only the devices scoring at least the threshold (``device_threshold``); its
    claims keep only the ids of those devices.

    The store keeps every device down to ``min_stored_score`` (models/devices.yaml), so an output
    stage (report, export, show) picks its threshold without re-analysing.
    """
    floor = device_threshold(min_device_score)
    devices = document.get("devices", [])
    kept = [d for d in devices if float(d.get("score", 0.0)) >= floor]
    if len(kept) == len(devices):
        return document
    dropped = {d["id"] for d in devices} - {d["id"] for d in kept}
    claims = [{**c, "devices": [i for i in c.get("devices", []) if i not in dropped]}
              for c in document.get("claims", [])]
    return {**document, "devices": kept, "claims": claims}


def _frame(frame: FrameScore) -> dict[str, Any]:
    return {"frame": frame.frame, "taxonomy": frame.taxonomy, "score": round(frame.score, 4),
            "share": None if frame.share is None else round(frame.share, 4), "present": frame.present,
            "evidence": plain(frame.evidence)}


def to_document(analysis: Analysis) -> dict[str, Any]:
    """The analysis as plain JSON data; offsets index into ``article.text``."""
    article = analysis.article
    claims = []
    for claim in analysis.claims:
        item = plain(claim)
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
            {**plain(section), "frames": [_frame(f) for f in analysis.section_frames.get(section.id, ())]}
            for section in article.sections
        ],
        "paragraphs": plain(article.paragraphs),
        "entities": plain(analysis.entities),
        "figures": plain(analysis.figures),
        "quotes": plain(analysis.quotes),
        "claims": claims,
        "devices": plain(analysis.devices),
        "frames": [_frame(f) for f in analysis.frames],
        "model": analysis.model,
        "versions": analysis.versions,
    }
