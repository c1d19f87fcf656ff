"""Check-worthiness: a transparent weighted sum of ClaimBuster-style features (see the package doc).

The weights live in models/claims.yaml (``checkworthiness``), the certainty a bare assertion has in
models/certainty.yaml (``base``), so changing either changes the analyses' versions key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ...lexicons import load_lexicon, load_typed
from ...records import Attribution


@dataclass(frozen=True)
class Weights:
    """How much each feature adds to (or takes from) a claim's check-worthiness, clipped to [0, 1]."""

    base: float
    figure: float  # a statistical claim
    date: float
    actor: float  # a named person or organisation in the claim
    named_source: float
    vague_source: float
    self_source: float  # the author's own assertion
    factive: float  # 'revealed', 'showed': the writer presents the content as fact
    factual_type: float  # each of causal, comparative, trend ...
    factual_type_cap: float  # ... up to this much in all
    quote: float
    evaluative: float
    hedged: float  # times how far hedges bring certainty below a bare assertion's
    short: float
    short_words: int  # a claim of fewer words is 'short'


@cache
def _weights() -> tuple[Weights, float]:
    return load_typed("claims", Weights, "checkworthiness"), float(load_lexicon("certainty")["base"])


def _checkworthiness(
    types: Sequence[str],
    attribution: Attribution,
    certainty: float,
    has_date: bool,
    has_actor: bool,
    n_words: int,
) -> float:
    w, base_certainty = _weights()
    score = w.base
    score += w.figure if "statistical" in types else 0.0
    score += w.date if has_date else 0.0
    score += w.actor if has_actor else 0.0
    by_kind = {"named": w.named_source, "vague": w.vague_source, "self": w.self_source}
    score += by_kind.get(attribution.kind, 0.0)
    score += w.factive if attribution.stance == "factive" else 0.0
    factual = sum(1 for t in ("causal", "comparative", "trend") if t in types)
    score += min(w.factual_type_cap, factual * w.factual_type)
    score += w.quote if "quote" in types else 0.0
    score += w.evaluative if "evaluative" in types else 0.0
    score += w.hedged * max(0.0, base_certainty - certainty)
    score += w.short if n_words < w.short_words else 0.0
    return round(min(1.0, max(0.0, score)), 3)
