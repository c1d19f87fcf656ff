"""The results of an evaluation: ``Counts`` (precision, recall, F1), ``Ratio`` (accuracy on matched
items), one ``FileScore`` per gold file and the ``EvalReport`` that micro-averages them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

COUNT_KEYS = ("sections", "section_headings", "entities", "figures", "quotes", "quotes_span", "claims",
              "attribution_source", "section_frames@2", "section_frames@3", "devices", "devices_in_quotes")
RATIO_KEYS = ("figure_kind", "quote_kind", "source_kind", "claim_cue", "attribution_none", "entity_label",
              "sections_count", "paragraph_joins", "checkworthiness_auc")
ERROR_KEYS = ("entity_errors", "not_figures")
# Keys whose precision is only indicative: gold lists what a reader expects, not every item.
INDICATIVE_PRECISION = ("entities", "claims", "devices", "devices_in_quotes")


@dataclass
class Counts:
    """One-to-one matches against predicted and gold totals: precision, recall, F1."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "predicted": self.n_pred, "gold": self.n_gold,
                "precision": _round(self.precision), "recall": _round(self.recall), "f1": _round(self.f1)}


@dataclass
class Ratio:
    """Correct out of total: an accuracy over matched items."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.correct + other.correct, self.total + other.total)

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": _round(self.value)}


@dataclass
class FileScore:
    """The scores of one gold file, with the gold items missed and the strings gold has that the text
    lacks."""

    name: str
    article: str
    counts: dict[str, Counts] = field(default_factory=dict)
    ratios: dict[str, Ratio] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)
    unlocated: list[str] = field(default_factory=list)
    error: str | None = None  # the analysis failed: scored as if nothing was found

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "article": self.article,
                "scores": {k: v.as_dict() for k, v in self.counts.items()},
                "accuracy": {k: v.as_dict() for k, v in self.ratios.items()},
                "errors": {k: {"count": len(v), "items": v} for k, v in self.errors.items()},
                "misses": self.misses, "unlocated": self.unlocated, "error": self.error}


@dataclass
class EvalReport:
    """Per-file scores and their micro-average."""

    files: list[FileScore]
    model: str = ""

    @property
    def failed(self) -> list[FileScore]:
        """Files whose analysis raised: their gold items all count as missed."""
        return [f for f in self.files if f.error]

    def overall_counts(self) -> dict[str, Counts]:
        return {key: sum((f.counts.get(key, Counts()) for f in self.files), Counts()) for key in COUNT_KEYS}

    def overall_ratios(self) -> dict[str, Ratio]:
        return {key: sum((f.ratios.get(key, Ratio()) for f in self.files), Ratio()) for key in RATIO_KEYS}

    def overall_errors(self) -> dict[str, int]:
        return {key: sum(len(f.errors.get(key, [])) for f in self.files) for key in ERROR_KEYS}

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "files": [f.as_dict() for f in self.files],
                "overall": {"scores": {k: v.as_dict() for k, v in self.overall_counts().items()},
                            "accuracy": {k: v.as_dict() for k, v in self.overall_ratios().items()},
                            "errors": self.overall_errors()},
                "notes": {"indicative_precision": list(INDICATIVE_PRECISION),
                          "micro_average": "sums of matches and totals over files"}}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)

