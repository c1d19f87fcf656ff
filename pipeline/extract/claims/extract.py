"""The claim extractor: sentences that are claims, with their attribution, types and scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from ...records import Attribution, Claim, Entity, Figure, Mention, Quote
from ..certainty import find_certainty
from .attribution import (
    _all_attributions,
    _claim_quote,
    _Context,
    _Found,
    _quote_attribution,
    _quote_governs,
    _sentence_attributions,
)
from .checkworthiness import _checkworthiness
from .lexicon import _Lex, _lexicons
from .sentences import _trimmed, not_claim_reason
from .sources import _Mention, _mentions, _overlapping
from .types import _statistical_evidence, _types


def extract_claims(
    doc: Doc,
    *,
    entities: Sequence[Entity] = (),
    figures: Sequence[Figure] = (),
    quotes: Sequence[Quote] = (),
) -> list[Claim]:
    """The claims of a parsed article, in text order (ids ``c-{start}``).

    ``entities``, ``figures`` and ``quotes`` are the other extractors' records for the same ``doc``;
    without them, spaCy's entities and number tokens stand in and quotes are found by their marks.
    The doc is not changed.
    """
    lex = _lexicons()
    mentions = _mentions(doc, entities)
    context = _Context(doc, mentions, quotes, entities or _model_entities(doc))
    use_number_tokens = not figures
    claims: list[Claim] = []
    features: list[tuple[int | None, bool, bool, bool, int]] = []  # run, own cue, date, actor, words
    spans = [t for t in (_trimmed(sent) for sent in doc.sents) if t is not None]
    runs = _quote_runs(spans, context) if not quotes else [None] * len(spans)
    for span, run in zip(spans, runs):
        s, e = span.start_char, span.end_char
        inside = _overlapping(mentions, s, e)
        fig_hits = [f for f in figures if f.start < e and f.end > s]
        reason = not_claim_reason(
            span, mentions=inside, has_figure=bool(fig_hits) or bool(_statistical_evidence(span, (), True))
        )
        if reason is not None:
            if reason == "heading":
                context.last = None
            continue
        quote = _claim_quote(span, quotes)
        types, type_evidence = _types(span, figures, use_number_tokens, quote, lex)

        found, found_here, continued = _attribute(span, quote, quotes, types, fig_hits, mentions, lex, context)
        attribution = found.attribution if found is not None else Attribution(source=None, kind="none")
        attributions = _all_attributions(attribution, found_here, span, quotes, mentions, lex)

        certainty, hedges, boosters = find_certainty(span)
        canon = tuple(dict.fromkeys(m.canonical for m in inside))
        has_date = any(t.ent_type_ == "DATE" for t in span)
        n_words = sum(1 for t in span if t.is_alpha)
        own_cue = any(not f.secondary for f in found_here) and not continued
        features.append((run, own_cue, has_date, bool(inside), n_words))
        claims.append(
            Claim(
                id=f"c-{s}",
                text=span.text,
                start=s,
                end=e,
                types=types,
                attribution=attribution,
                attributions=attributions,
                figures=tuple(f.id for f in fig_hits),
                entities=canon,
                quote_id=quote.id if quote is not None else None,
                certainty=certainty,
                hedges=hedges,
                boosters=boosters,
                checkworthiness=_checkworthiness(types, attribution, certainty, has_date, bool(inside), n_words),
                type_evidence=type_evidence,
            )
        )
    return _share_within_quote_runs(claims, features)


def _model_entities(doc: Doc) -> list[Entity]:
    """Without the entities extractor's output, spaCy's people and organisations stand in."""
    return [Entity(id=f"ent-{e.start_char}", canonical=e.text, label=e.label_,
                   mentions=(Mention(e.text, e.start_char, e.end_char),), count=1, salience=0.0)
            for e in doc.ents if e.label_ in ("PERSON", "ORG")]


def _attribute(
    span: Span,
    quote: Quote | None,
    quotes: Sequence[Quote],
    types: Sequence[str],
    fig_hits: Sequence[Figure],
    mentions: Sequence[_Mention],
    lex: _Lex,
    context: _Context,
) -> tuple[_Found | None, list[_Found], bool]:
    """The main attribution of a claim sentence (see the package docstring, rules 1-3), the attributions
    its own cues make, and whether the main one continues the claim before."""
    doc = span.doc
    paragraph = context.paragraph_of(span.start_char)
    continued = False
    found_here = _sentence_attributions(span, mentions, lex, context)
    found: _Found | None = None
    if quote is not None and (quote.speaker or quote.speaker_start is not None) and _quote_governs(
        span, quote, mentions
    ):
        found = _Found(_quote_attribution(doc, quote, span, mentions, lex))
    elif (label := context.speaker_label(span)) is not None:
        found = _Found(label)  # a transcript paragraph: its speaker's words, whatever cues it holds
    elif any(not f.secondary for f in found_here):
        found = min((f for f in found_here if not f.secondary), key=lambda f: (f.depth, f.attribution.cue_start or 0))
    else:
        last = context.last
        if (
            last is not None
            and last[0] == paragraph
            and last[1] is not None
            and last[2]
            and "statistical" in types
            and "evaluative" not in types
            and _figure_in_main_clause(span, fig_hits)
        ):
            inherited = last[1].attribution
            found = replace(last[1], attribution=replace(inherited, content_start=span.start_char,
                                                         content_end=span.end_char))
            continued = True
    attribution = found.attribution if found is not None else Attribution(source=None, kind="none")
    continuable = (
        found is not None
        and attribution.kind == "named"
        and (found.source_head_lemma in lex.document_nouns or continued)
    )
    context.last = (paragraph, found, continuable)
    return found, found_here, continued


def _figure_in_main_clause(span: Span, figures: Sequence[Figure]) -> bool:
    """A figure outside relative and adverbial clauses ("Sticking with Mr. Trump, whose ratings top
    50 percent, is in his interest" states no figure of its own); true without figure records."""
    if not figures:
        return True
    doc = span.doc
    for f in figures:
        tok = doc.char_span(f.start, f.end, alignment_mode="expand")
        if tok is None:
            continue
        node, inside = tok.root, False
        while node.head.i != node.i:
            if node.dep_ in {"relcl", "advcl", "acl", "csubj"}:
                inside = True
                break
            node = node.head
        if not inside:
            return True
    return False


def _quote_runs(spans: Sequence[Span], context: _Context) -> list[int | None]:
    """For each sentence, the id of the multi-sentence quotation it belongs to (None if it is in none).

    Used only without quote records: '"A. B," she said.' makes one run of the two sentences.
    """
    runs: list[int | None] = []
    open_marks = 0
    paragraph = -1
    run_id = 0
    for span in spans:
        p = context.paragraph_of(span.start_char)
        if p != paragraph:
            paragraph, open_marks = p, 0
        starts_inside = open_marks > 0
        for ch in span.text:
            if ch == "“":
                open_marks += 1
            elif ch == "”":
                open_marks = max(0, open_marks - 1)
            elif ch == '"':
                open_marks = 0 if open_marks else 1
        ends_open = open_marks > 0
        if not starts_inside and ends_open:
            run_id += 1
        runs.append(run_id if starts_inside or ends_open else None)
    return runs


def _share_within_quote_runs(
    claims: list[Claim], features: Sequence[tuple[int | None, bool, bool, bool, int]]
) -> list[Claim]:
    """Sentences of one quotation without a cue take the cue found in another sentence of it."""
    by_run: dict[int, Attribution] = {}
    for claim, (run, own, *_rest) in zip(claims, features):
        if run is not None and own and run not in by_run and claim.attribution.kind in {"named", "vague"}:
            by_run[run] = claim.attribution
    out: list[Claim] = []
    for claim, (run, _own, has_date, has_actor, n_words) in zip(claims, features):
        if run in by_run and claim.attribution.kind == "none":
            attribution = by_run[run]
            score = _checkworthiness(claim.types, attribution, claim.certainty, has_date, has_actor, n_words)
            claim = replace(claim, attribution=attribution, attributions=(attribution,), checkworthiness=score)
        out.append(claim)
    return out
