"""The indexes that keep figure extraction linear in sentence length give what spaCy and a plain scan give.

Speed itself is measured by benchmarks/growth.py, never by a timed test.
"""

from __future__ import annotations

import random

import pytest

from pipeline.extract.figures import extract_figures
from pipeline.extract.figures.doc_index import _DocIndex, _Tree
from pipeline.extract.figures.ranges import Ranges


def test_ranges_answer_as_a_scan_of_every_range_does() -> None:
    rng = random.Random(7)
    for _ in range(200):
        raw = [(a, a + rng.randint(1, 6)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 8)))]
        ranges = Ranges(raw)
        for pos in range(70):
            assert ranges.covers(pos) == any(a <= pos < b for a, b in raw)
            end = pos + rng.randint(1, 5)
            assert ranges.overlaps(pos, end) == any(a < end and pos < b for a, b in raw)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from pipeline.nlp import load_model

    return load_model()


def _number_sentence(clauses: int, seed: int = 3) -> str:
    """One long sentence of figures and dates: the shape that made extraction quadratic."""
    rng = random.Random(seed)
    months = ["January", "March", "June", "October"]
    parts = []
    for _ in range(clauses):
        year, n, k = rng.randint(1995, 2023), rng.randint(100, 99_999), rng.randint(2, 30)
        parts.append(
            rng.choice(
                [
                    f"{n:,} migrants arrived in {rng.choice(months)} {year}",
                    f"{k}% of respondents said so in {year}",
                    f"a {k}-year-old man waited {k} months",
                    f"the number rose from {k} to {k * 3} million between {year} and {year + 2}",
                    f"up from {n:,} the year before",
                ]
            )
        )
    return "In the survey, " + ", and ".join(parts) + "."


@pytest.mark.model
def test_tree_gives_what_spacy_gives(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(_number_sentence(40) + " Mr. Smith, 76, said so. The rate rose to 5 percent.")
    tree = _Tree(doc)
    for token in doc:
        assert [t.i for t in tree.children(token)] == [t.i for t in token.children]
        assert [t.i for t in tree.rights(token)] == [t.i for t in token.rights]
        assert [t.i for t in tree.lefts(token)] == [t.i for t in token.lefts]
    rng = random.Random(5)
    for _ in range(2000):
        start = rng.randrange(len(doc))
        span = doc[start : min(len(doc), start + rng.randint(1, 8))]
        assert tree.root(span).i == span.root.i


def _nearest_period_by_scan(doc, figure, info: _DocIndex, measured: list[tuple[int, int]]) -> str | None:  # type: ignore[no-untyped-def]
    """The time rule read the plain way: every DATE of the sentence against the figure."""
    from pipeline.extract.figures.context import _periods
    from pipeline.extract.figures.lexicon import _lex

    span = doc.char_span(figure.start, figure.end, alignment_mode="expand")
    sent = info.sent_of(span.start)
    best = None
    for ent_start, ent_end in _periods(doc, info.sent_ents(sent), _lex()):
        if ent_start < span.end and span.start < ent_end:
            continue
        start = ent_start
        if ent_start > sent[0] and doc[ent_start - 1].lower_ in ("between", "from", "since"):
            start -= 1
        end_char = doc[ent_end - 1].idx + len(doc[ent_end - 1].text)
        text = info.text[doc[start].idx : end_char]
        if figure.subject and text in figure.subject or _lex().not_period_re.search(text):
            continue
        if any(a < end_char and doc[ent_start].idx < b for a, b in measured):
            continue
        distance = min(abs(span.start_char - end_char), abs(doc[ent_start].idx - span.end_char))
        if best is None or distance < best[0]:
            best = (distance, text)
    return best[1] if best else None


@pytest.mark.model
def test_time_of_every_figure_in_a_long_sentence_is_the_nearest_period(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(_number_sentence(60))
    figures = extract_figures(doc)
    assert len(figures) > 60
    info = _DocIndex.of(doc)
    measured = [(f.start, f.end) for f in figures if f.kind in ("duration", "age")]
    assert any(f.time for f in figures)
    for figure in figures:
        assert figure.time == _nearest_period_by_scan(doc, figure, info, measured), figure.text
