"""Check-worthiness: a transparent weighted sum of ClaimBuster-style features (see the package doc)."""

from __future__ import annotations

from collections.abc import Sequence

from ...records import Attribution

BASE_CERTAINTY = 0.7
WEIGHTS = {
    "base": 0.15,
    "figure": 0.25,
    "date": 0.10,
    "actor": 0.15,
    "named_source": 0.15,
    "vague_source": 0.05,
    "factive": 0.10,
    "factual_type": 0.05,
    "factual_type_cap": 0.10,
    "quote": 0.05,
    "evaluative": -0.15,
    "self": -0.10,
    "hedged": -0.50,
    "short": -0.10,
}


def _checkworthiness(
    types: Sequence[str],
    attribution: Attribution,
    certainty: float,
    has_date: bool,
    has_actor: bool,
    n_words: int,
) -> float:
    w = WEIGHTS
    score = w["base"]
    score += w["figure"] if "statistical" in types else 0.0
    score += w["date"] if has_date else 0.0
    score += w["actor"] if has_actor else 0.0
    score += {"named": w["named_source"], "vague": w["vague_source"], "self": w["self"]}.get(attribution.kind, 0.0)
    score += w["factive"] if attribution.stance == "factive" else 0.0
    factual = sum(1 for t in ("causal", "comparative", "trend") if t in types)
    score += min(w["factual_type_cap"], factual * w["factual_type"])
    score += w["quote"] if "quote" in types else 0.0
    score += w["evaluative"] if "evaluative" in types else 0.0
    score += w["hedged"] * max(0.0, BASE_CERTAINTY - certainty)
    score += w["short"] if n_words < 8 else 0.0
    return round(min(1.0, max(0.0, score)), 3)
