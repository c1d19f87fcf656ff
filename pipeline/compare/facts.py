"""The same fact, framed differently: claims from different groups that share a figure or a pair of
entities, paired side by side with each claim's frames, devices and attribution.

A figure is shared when two claims state the same normalised value of the same kind and unit
(11 million immigrants, 3.4%) and what they count is similar (token overlap of the figures'
subjects, else of the claims). An entity pair is shared when both claims name the same two entities.
Pairs are ranked by how specific the shared fact is: rarity across the compared articles (inverse
document frequency) plus precision (significant digits: "11.3 million" says more than "a million"),
times how similar the two claims' subjects are. Trivial values (0, 1, small counts, 100%) never pair.

What it does not catch: the same fact stated with different numbers (rounded, or in other units) and
paraphrases naming no shared figure or entity pair.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

import pandas as pd

from ..evidence import evidence_lexicon, is_trivial, significant_digits

# A shared key this common is background ("Trump" and "Congress"), not a shared fact.
MAX_KEY_ARTICLE_SHARE = 0.2
# Claims compared per group and key: the most check-worthy ones, to bound the pairing work.
MAX_CLAIMS_PER_GROUP = 8
MAX_CLAIMS_PER_KEY = 24
MIN_SIMILARITY = 0.1
# A round value ("1.6 million") with matching one-word subjects ("people") is not yet the same fact: the
# two claims must also share some words.
MIN_TEXT_SIMILARITY = 0.12
PRECISE_DIGITS = 3  # a value this precise is the shared fact even when the wording differs
SAME_WORDING = 0.8  # claims this alike (token Jaccard) are one text reprinted, not two framings
ENTITY_PAIR_WEIGHT = 0.8  # a shared exact figure is stronger evidence of the same fact than two names
_TOKEN = re.compile(r"[a-z0-9]+")

COLUMNS = ["rank", "basis", "fact", "score", "specificity", "similarity", "articles_with_fact",
           "group_a", "article_a", "claim_a", "text_a", "frames_a", "devices_a", "attribution_a",
           "group_b", "article_b", "claim_b", "text_b", "frames_b", "devices_b", "attribution_b"]


@lru_cache(maxsize=65536)
def _content_tokens(text: str | None) -> frozenset[str]:
    stopwords = evidence_lexicon().stopwords
    return frozenset(t for t in _TOKEN.findall((text or "").lower()) if t not in stopwords and len(t) > 1)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def figure_key(value: float, kind: str | None, unit: str | None) -> tuple[Any, ...]:
    """Two figures state the same value when their keys are equal: kind, unit (any case) and value."""
    return ("figure", kind, (unit or "").lower(), round(value, 6))


def figure_label(value: float, kind: str, unit: str | None) -> str:
    """A figure as a reader writes it: "11,300,000 (count)", "43% (percent)"."""
    return f"{format_value(value, kind, unit)} ({kind})"


def format_value(value: float, kind: str, unit: str | None) -> str:
    number = f"{value:,.0f}" if value == int(value) else f"{value:,.6g}"
    if kind in ("percent", "percentage_points"):
        return f"{number}{'%' if kind == 'percent' else ' pp'}"
    return f"{number} {unit}" if unit else number


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """A table's rows as plain dicts keyed by column name."""
    return [{str(k): v for k, v in row.items()} for row in table.to_dict("records")]


def same_fact_pairs(claims: pd.DataFrame, figures: pd.DataFrame, device_names: dict[tuple[str, str], str],
                    membership: Iterable[tuple[str, str]], n_articles: int, *, limit: int = 40,
                    per_fact: int = 2) -> pd.DataFrame:
    """Pairs of claims in different groups stating the same fact, most specific first.

    ``claims`` and ``figures`` are the store tables restricted to the compared articles;
    ``device_names`` maps (article id, device id) -> device; ``membership`` lists (article id, group).
    At most ``per_fact`` pairs (different group pairs) per shared fact, ``limit`` pairs in all.
    """
    groups_of: dict[str, list[str]] = defaultdict(list)
    for article_id, group in membership:
        groups_of[article_id].append(group)
    if claims.empty:
        return pd.DataFrame(columns=COLUMNS)
    claim_rows = _candidate_claims(claims, figures)
    facts = _stated_facts(claim_rows, figures)

    candidates = []
    same_wording: set[frozenset[tuple[str, str]]] = set()
    for key, claim_keys in facts.stated.items():
        articles = {a for a, _ in claim_keys}
        if len(articles) < 2 or len(articles) > max(2, MAX_KEY_ARTICLE_SHARE * n_articles):
            continue
        pool = _claim_pool(claim_keys, groups_of, claim_rows)
        if not pool:
            continue
        idf = math.log((n_articles + 1) / (len(articles) + 1))
        specificity = idf + 0.5 * (facts.digits[key] - 1)
        precise = key[0] == "figure" and facts.digits[key] >= PRECISE_DIGITS
        weight = 1.0 if key[0] == "figure" else ENTITY_PAIR_WEIGHT
        best_of, alike = _best_pair_per_groups(key, pool, claim_rows, facts.subjects, precise=precise)
        same_wording |= alike
        best_pairs = [(weight * specificity * (0.5 + 0.5 * best[0]), group_a, group_b, *best)
                      for (group_a, group_b), best in best_of.items()]
        best_pairs.sort(key=lambda p: -p[0])
        for score, group_a, group_b, similarity, ka, kb in best_pairs[:per_fact]:
            candidates.append((score, key, specificity, similarity, len(articles), group_a, ka, group_b, kb))

    candidates.sort(key=lambda c: (-c[0], facts.label[c[1]]))
    rows = [_fact_row(rank, candidate, facts.label, claim_rows, device_names)
            for rank, candidate in enumerate(_once_per_claim_pair(candidates)[:limit], start=1)]
    table = pd.DataFrame(rows, columns=COLUMNS)
    table.attrs["same_wording_skipped"] = len(same_wording)
    return table


@dataclass
class _Facts:
    """The facts the claims state: for each fact key (a figure, or a pair of entities) the claims
    stating it, its label and its precision (significant digits), and each figure's subject per claim."""

    stated: dict[tuple[Any, ...], set[tuple[str, str]]]
    label: dict[tuple[Any, ...], str]
    digits: dict[tuple[Any, ...], int]
    subjects: dict[tuple[tuple[Any, ...], tuple[str, str]], str | None]


def _candidate_claims(claims: pd.DataFrame, figures: pd.DataFrame) -> dict[tuple[str, str], dict[str, Any]]:
    """Only claims that can share a fact: those stating a figure or naming two entities, by (article
    id, claim id)."""
    with_figure = (set(zip(figures["article_id"], figures["claim_id"], strict=True))
                   if not figures.empty else set())
    candidates_mask = [(a, i) in with_figure or (isinstance(e, list) and len(e) >= 2) for a, i, e
                       in zip(claims["article_id"], claims["id"], claims["entities"], strict=True)]
    return {(r["article_id"], r["id"]): r for r in _records(claims[candidates_mask])}


def _stated_facts(claim_rows: dict[tuple[str, str], dict[str, Any]], figures: pd.DataFrame) -> _Facts:
    """The figures (non-trivial values) and the entity pairs the candidate claims state."""
    facts = _Facts(stated=defaultdict(set), label={}, digits={}, subjects={})
    if not figures.empty:
        for f in figures.to_dict("records"):
            value, kind = f.get("value"), f.get("kind")
            claim_key = (f["article_id"], f.get("claim_id"))
            if (claim_key not in claim_rows or value is None or pd.isna(value)
                    or is_trivial(float(value), kind)):
                continue
            value = float(value)
            unit = f.get("unit") if isinstance(f.get("unit"), str) else None
            key = figure_key(value, kind, unit)
            facts.stated[key].add(claim_key)
            facts.label[key] = figure_label(value, str(kind), unit)
            facts.digits[key] = significant_digits(value)
            subject = f.get("subject")
            facts.subjects[(key, claim_key)] = subject if isinstance(subject, str) else None
    for claim_key, row in claim_rows.items():
        names = sorted({e for e in (row.get("entities") or []) if isinstance(e, str)})[:6]
        for a, b in combinations(names, 2):
            key = ("entities", a, b)
            facts.stated[key].add(claim_key)
            facts.label[key] = f"{a} + {b}"
            facts.digits[key] = 1
    return facts


def _claim_pool(claim_keys: set[tuple[str, str]], groups_of: dict[str, list[str]],
                claim_rows: dict[tuple[str, str], dict[str, Any]]) -> list[tuple[str, tuple[str, str]]]:
    """The (group, claim key) pairs to compare for one fact; empty when fewer than two groups state it.

    The most check-worthy claims of each group, taken in turns, so the pairing work is bounded by
    MAX_CLAIMS_PER_KEY however many groups there are (91 authors, say)."""
    by_group: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for claim_key in claim_keys:
        for group in groups_of.get(claim_key[0], ()):
            by_group[group].append(claim_key)
    if len(by_group) < 2:
        return []
    for keys in by_group.values():
        keys.sort(key=lambda k: (-float(claim_rows[k].get("checkworthiness") or 0), k))
    pool: list[tuple[str, tuple[str, str]]] = []
    for turn in range(MAX_CLAIMS_PER_GROUP):
        pool += [(g, keys[turn]) for g, keys in sorted(by_group.items()) if turn < len(keys)]
    del pool[MAX_CLAIMS_PER_KEY:]
    return pool


# (group a, group b) -> (similarity, claim key a, claim key b)
_BestOf = dict[tuple[str, str], tuple[float, tuple[str, str], tuple[str, str]]]


def _best_pair_per_groups(key: tuple[Any, ...], pool: list[tuple[str, tuple[str, str]]],
                          claim_rows: dict[tuple[str, str], dict[str, Any]],
                          subjects: dict[tuple[tuple[Any, ...], tuple[str, str]], str | None], *,
                          precise: bool) -> tuple[_BestOf, set[frozenset[tuple[str, str]]]]:
    """For each pair of groups (in name order), the most similar claim pair stating fact ``key``, as
    (similarity, claim a, claim b); and the claim pairs left out as worded alike."""
    best_of: _BestOf = {}
    same_wording: set[frozenset[tuple[str, str]]] = set()
    for (group_a, ka), (group_b, kb) in combinations(pool, 2):
        if group_a == group_b or ka[0] == kb[0]:
            continue  # same group, or one article in two groups (several authors): not two framings
        if group_a > group_b:
            group_a, group_b, ka, kb = group_b, group_a, kb, ka
        text_similarity = _text_similarity(ka, kb, claim_rows)
        if text_similarity >= SAME_WORDING:
            # Syndicated copy (one wire story in two outlets): the same words, not two framings.
            same_wording.add(frozenset((ka, kb)))
            continue
        if not precise and text_similarity < MIN_TEXT_SIMILARITY:
            continue
        similarity = _similarity(key, ka, kb, claim_rows, subjects)
        if not precise and similarity < MIN_SIMILARITY:
            continue
        current = best_of.get((group_a, group_b))
        if current is None or similarity > current[0]:
            best_of[(group_a, group_b)] = (similarity, ka, kb)
    return best_of, same_wording


def _once_per_claim_pair(candidates: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The candidates, best first, keeping a claim pair once: one pair sharing two figures ("162,060
    filed, 13,168 granted") is shown for its most specific fact."""
    seen: set[frozenset[tuple[str, str]]] = set()
    unique = []
    for candidate in candidates:
        pair = frozenset((candidate[6], candidate[8]))
        if pair not in seen:
            seen.add(pair)
            unique.append(candidate)
    return unique


def _fact_row(rank: int, candidate: tuple[Any, ...], label: dict[tuple[Any, ...], str],
              claim_rows: dict[tuple[str, str], dict[str, Any]],
              device_names: dict[tuple[str, str], str]) -> dict[str, Any]:
    """One row of the table: the shared fact and, for each side, the group, the claim and its framing."""
    score, key, specificity, similarity, n_with, group_a, ka, group_b, kb = candidate
    fact_row: dict[str, Any] = {"rank": rank, "basis": key[0], "fact": label[key], "score": round(score, 3),
                                "specificity": round(specificity, 3), "similarity": round(similarity, 3),
                                "articles_with_fact": n_with}
    for side, group, claim_key in (("a", group_a, ka), ("b", group_b, kb)):
        claim = claim_rows[claim_key]
        fact_row[f"group_{side}"] = group
        fact_row[f"article_{side}"] = claim_key[0]
        fact_row[f"claim_{side}"] = claim_key[1]
        fact_row[f"text_{side}"] = claim.get("text")
        fact_row[f"frames_{side}"] = claim_frames(claim)
        fact_row[f"devices_{side}"] = sorted({device_names.get((claim_key[0], d), d)
                                              for d in (claim.get("devices") or [])})
        fact_row[f"attribution_{side}"] = attribution_label(claim)
    return fact_row


def _text_similarity(ka: tuple[str, str], kb: tuple[str, str],
                     claim_rows: dict[tuple[str, str], dict[str, Any]]) -> float:
    return _jaccard(_content_tokens(claim_rows[ka].get("text")), _content_tokens(claim_rows[kb].get("text")))


def _similarity(key: tuple[Any, ...], ka: tuple[str, str], kb: tuple[str, str],
                claim_rows: dict[tuple[str, str], dict[str, Any]],
                subjects: dict[tuple[tuple[Any, ...], tuple[str, str]], str | None]) -> float:
    """Token overlap of the two claims, averaged with that of the figures' subjects when both have one
    (a one-word subject such as "people" alone would make unrelated counts look alike)."""
    text = _text_similarity(ka, kb, claim_rows)
    subject_a, subject_b = subjects.get((key, ka)), subjects.get((key, kb))
    if subject_a and subject_b:
        tokens_a, tokens_b = _content_tokens(subject_a), _content_tokens(subject_b)
        if tokens_a and tokens_b:
            return (_jaccard(tokens_a, tokens_b) + text) / 2
    return text


def claim_frames(claim: dict[str, Any], top: int = 3) -> list[str]:
    """A claim's strongest frames, by score (``frames`` decoded or still the stored JSON)."""
    raw = claim.get("frames")
    frames = [f for f in ((json.loads(raw) if isinstance(raw, str) else raw) or [])
              if isinstance(f, dict) and f.get("present", True)]
    frames.sort(key=lambda f: -float(f.get("score") or 0))
    return [str(f.get("frame")) for f in frames[:top]]


def text_or_none(value: Any) -> str | None:
    """A non-empty string cell, or None (pandas gives NaN for missing text)."""
    return " ".join(value.split()) or None if isinstance(value, str) else None


def attribution_label(claim: dict[str, Any]) -> str:
    """'named: Source (cue)' -- who the claim is attributed to, in one line."""
    kind = text_or_none(claim.get("attribution_kind")) or "none"
    source = text_or_none(claim.get("attribution_entity")) or text_or_none(claim.get("attribution_source"))
    cue = text_or_none(claim.get("attribution_cue"))
    if kind == "none" or not source:
        return kind
    return f"{kind}: {source}" + (f" ({cue})" if cue else "")
