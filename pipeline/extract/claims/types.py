"""Claim types (statistical, causal, comparative, trend, predictive, evaluative, quote) and the words
that trigger them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from ...nlp import doc_text
from ...records import Evidence, Figure, Quote
from ..certainty import evidence_of, match_cues
from .lexicon import NAMED_LABELS, NOT_NUMBER_LABELS, NUMBER_LABELS, TYPE_ORDER, _Lex


def _statistical_evidence(span: Span, figures: Sequence[Figure], use_tokens: bool) -> list[Evidence]:
    s, e = span.start_char, span.end_char
    if not use_tokens:
        return [Evidence(f.text, f.start, f.end) for f in figures if f.start < e and f.end > s and f.kind != "age"]
    out: list[Evidence] = []
    for t in span:
        if t.ent_type_ in NOT_NUMBER_LABELS or t.ent_type_ in NAMED_LABELS or t.pos_ == "PROPN":
            continue
        if t.is_alpha and not t.is_lower:
            continue  # "Zero Covid Policy", "One Belt": capitalised number words inside names
        if t.ent_type_ in NUMBER_LABELS and (t.like_num or t.pos_ == "NUM") or (t.like_num and t.is_digit):
            if out and out[-1].end + 1 >= t.idx and doc_text(span.doc)[out[-1].end : t.idx].strip() == "":
                out[-1] = Evidence(doc_text(span.doc)[out[-1].start : t.idx + len(t)], out[-1].start, t.idx + len(t))
            else:
                out.append(Evidence(t.text, t.idx, t.idx + len(t)))
    return out


def _comparative_evidence(tokens: list[Token], lex: _Lex) -> list[Evidence]:
    out = [evidence_of(tokens, a, b) for _p, a, b in match_cues(tokens, lex.type_cues["comparative"])]
    excluded: set[int] = set()
    for _p, a, b in match_cues(tokens, lex.non_comparative):
        excluded.update(range(a, b))
    has_than = any(t.lower_ == "than" for t in tokens)
    for k, t in enumerate(tokens):
        if k in excluded or any(ev.start <= t.idx < ev.end for ev in out):
            continue
        if t.tag_ in {"JJS", "RBS"}:
            if t.lemma_.lower() == t.lower_ and t.lower_ not in {"most", "least", "best", "worst"}:
                continue  # the tagger calls "southwest" a superlative
            if t.lower_ in {"most", "least"}:
                # "the most dangerous" compares; "most people" quantifies.
                nxt = tokens[k + 1] if k + 1 < len(tokens) else None
                if nxt is None or nxt.pos_ not in {"ADJ", "ADV"}:
                    continue
                out.append(evidence_of(tokens, k, k + 2))
            else:
                out.append(evidence_of(tokens, k, k + 1))
        elif t.tag_ in {"JJR", "RBR"} and has_than and any(
            u.lower_ == "than" and 0 < u.i - t.i <= 6 for u in tokens
        ):
            out.append(evidence_of(tokens, k, k + 1))
    return out


def _predictive_evidence(tokens: list[Token], lex: _Lex) -> list[Evidence]:
    out = [evidence_of(tokens, a, b) for _p, a, b in match_cues(tokens, lex.type_cues["predictive"])]
    for k, t in enumerate(tokens):
        if t.tag_ == "MD" and t.lower_ in lex.predictive_modals and t.head.pos_ in {"VERB", "AUX"}:
            if t.lower_ == "would" and any(c.dep_ == "acomp" for c in t.head.children):
                continue  # "it would be prudent": an evaluation, not a prediction
            head = t.head
            end = head.i + 1 if head.i > t.i and head.i - t.i <= 3 else t.i + 1
            out.append(Evidence(doc_text(t.doc)[t.idx : t.doc[end - 1].idx + len(t.doc[end - 1])], t.idx,
                                t.doc[end - 1].idx + len(t.doc[end - 1])))
    return out


def _types(
    span: Span,
    figures: Sequence[Figure],
    use_number_tokens: bool,
    quote: Quote | None,
    lex: _Lex,
) -> tuple[tuple[str, ...], tuple[Evidence, ...]]:
    tokens = list(span)
    evidence: dict[str, list[Evidence]] = {}
    stats = _statistical_evidence(span, figures, use_number_tokens)
    stats += [evidence_of(tokens, a, b) for _p, a, b in match_cues(tokens, lex.type_cues["statistical"])]
    if stats:
        evidence["statistical"] = stats
    for kind in ("causal", "trend", "evaluative"):
        hits = [
            evidence_of(tokens, a, b)
            for _p, a, b in match_cues(tokens, lex.type_cues[kind])
            # An evaluative adjective judges when predicated ("the policy is cruel"); as a modifier
            # ("dangerous crossings") it mostly describes, and loaded words are the devices' business.
            if not (kind == "evaluative" and b - a == 1 and tokens[a].dep_ == "amod")
        ]
        if hits:
            evidence[kind] = hits
    comparative = _comparative_evidence(tokens, lex)
    if comparative:
        evidence["comparative"] = comparative
    predictive = _predictive_evidence(tokens, lex)
    if predictive:
        evidence["predictive"] = predictive
    if quote is not None:
        evidence["quote"] = [Evidence(quote.text, quote.start, quote.end)]
    elif _fallback_quote(span) is not None:
        evidence["quote"] = [_fallback_quote(span)]  # type: ignore[list-item]
    types = tuple(t for t in TYPE_ORDER if t in evidence)
    flat: dict[tuple[int, int], Evidence] = {}
    for t in types:
        for ev in evidence[t]:
            flat.setdefault((ev.start, ev.end), ev)
    return types, tuple(sorted(flat.values(), key=lambda e: (e.start, e.end)))


def _fallback_quote(span: Span) -> Evidence | None:
    """Without quote records: text between curly or straight double quotes, three words or more."""
    match = re.search(r"[“\"]([^”\"]{3,})[”\"]", span.text)
    if match is None or len(match.group(1).split()) < 3:
        return None
    start = span.start_char + match.start(1)
    return Evidence(match.group(1), start, start + len(match.group(1)))
