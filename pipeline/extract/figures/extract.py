"""The extractor over a parsed Doc: scanner candidates, filtered, with subject, time and baseline."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy
from spacy.attrs import LEMMA, POS
from spacy.tokens import Doc

from ...records import Figure
from .context import _link_changes, _Times
from .doc_index import _DocIndex
from .filters import _as_age, _is_figure
from .lexicon import _lex
from .scanner import ParsedQuantity, find_quantities
from .subject import _subject


def extract_figures(doc: Doc) -> list[Figure]:
    """Figures in ``doc``: values normalised, with subject, time and change baseline.

    Pure: reads the doc's sentences, entities and dependency parse, leaves the doc unchanged.
    """
    lex = _lex()
    info = _DocIndex.of(doc)
    text = info.text
    candidates: list[ParsedQuantity] = []
    for _, _, offset, sent_end in info.sents:
        for pq in find_quantities(text[offset:sent_end]):
            candidates.append(replace(pq, start=pq.start + offset, end=pq.end + offset))
    candidates += _multiplier_verbs(doc, candidates)
    ages: dict[int, tuple[int, int] | None] = {}  # start -> the person an age belongs to
    candidates = [_as_age(doc, pq, lex, info, ages) for pq in candidates]
    kept = [pq for pq in candidates if _is_figure(doc, pq, lex, info)]
    kept.sort(key=lambda q: q.start)
    figures: list[dict[str, Any]] = []
    # durations kept as figures measure something: their DATE entities are not another figure's time
    times = _Times(doc, info, [(q.start, q.end) for q in kept if q.kind in ("duration", "age")], lex)
    for pq in kept:
        span = doc.char_span(pq.start, pq.end, alignment_mode="expand")
        if span is None:
            continue
        subject = ages[pq.start] if pq.start in ages else _subject(doc, span, pq, info.tree, lex)
        figures.append(
            {
                "id": f"fig-{pq.start}",
                "text": text[pq.start : pq.end],
                "start": pq.start,
                "end": pq.end,
                "value": pq.value,
                "kind": pq.kind,
                "unit": pq.unit,
                "approximate": pq.approximate,
                "qualifier": pq.qualifier,
                "range": pq.range,
                "subject": text[subject[0] : subject[1]] if subject else None,
                "time": times.of(span, subject),
                "change_from": None,
                "_sent_start_char": info.sent_of(span.start)[2],
            }
        )
    _link_changes(figures, lex, text)
    for fig in figures:
        del fig["_sent_start_char"]
    return [Figure(**f) for f in figures]


def _multiplier_verbs(doc: Doc, found: list[ParsedQuantity]) -> list[ParsedQuantity]:
    """Verbs that state a multiplier by lemma ("could double", "tripled").

    Reads the lemma and POS columns as one array instead of running a Matcher (same tokens, faster).
    """
    lex = _lex()
    strings = doc.vocab.strings
    lemma_values = {strings[lemma]: value for lemma, value in lex.data.multiplier_lemmas.items()}
    verb = strings["VERB"]
    covered = {(q.start, q.end) for q in found}
    out = []
    rows = doc.to_array([LEMMA, POS])
    lemmas = numpy.array(list(lemma_values), dtype=rows.dtype)
    hits = numpy.flatnonzero((rows[:, 1] == verb) & numpy.isin(rows[:, 0], lemmas))
    for i in hits.tolist():
        token = doc[i]
        lemma = strings[token.lemma_]
        key = (token.idx, token.idx + len(token.text))
        if key in covered:
            continue
        out.append(
            ParsedQuantity(
                text=token.text,
                start=key[0],
                end=key[1],
                value=lemma_values[lemma],
                kind="multiplier",
            )
        )
    return out
