"""Linking items by offsets (sorted and searched, not all pairs: linear in the article's length, which
benchmarks/bench.py measures) gives the same links as the all-pairs search."""

from __future__ import annotations

import random

from pipeline.analyze import _devices_by_claim, _figures_with_claims
from pipeline.records import Attribution, Claim, Device, Figure


def _claims(rng: random.Random, n: int, overlap: bool) -> list[Claim]:
    claims, position = [], 0
    for i in range(n):
        start = rng.randrange(0, 400) if overlap else position + rng.randrange(0, 3)
        end = start + rng.randrange(1, 60)
        position = end
        claims.append(Claim(id=f"c-{i}", text="x", start=start, end=end,
                            attribution=Attribution(source=f"source {i}" if i % 2 else None, kind="named")))
    return claims


def _spans(rng: random.Random, n: int, limit: int) -> list[tuple[int, int]]:
    spans = []
    for _ in range(n):
        start = rng.randrange(0, limit)
        spans.append((start, start + rng.randrange(0, 15)))
    return spans


def test_links_equal_the_all_pairs_search():
    for seed in range(300):
        rng = random.Random(seed)
        claims = _claims(rng, rng.randrange(0, 12), overlap=seed % 2 == 0)
        limit = max((c.end for c in claims), default=10) + 5
        devices = [Device(id=f"d-{i}", device="hedge", text="x", start=s, end=e, score=1.0)
                   for i, (s, e) in enumerate(_spans(rng, rng.randrange(0, 15), limit))]
        figures = [Figure(id=f"f-{i}", text="x", start=s, end=e, value=1.0, kind="count",
                          source="own" if i % 3 == 0 else None)
                   for i, (s, e) in enumerate(_spans(rng, rng.randrange(0, 15), limit))]
        expected = [tuple(d.id for d in devices if c.start <= d.start and d.end <= c.end) for c in claims]
        assert _devices_by_claim(claims, devices) == expected
        for figure, linked in zip(figures, _figures_with_claims(figures, claims), strict=True):
            claim = next((c for c in claims if c.start <= figure.start and figure.end <= c.end), None)
            assert linked.claim_id == (claim.id if claim else None)
            assert linked.source == (figure.source or claim.attribution.source if claim else figure.source)
