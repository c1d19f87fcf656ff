"""Long texts parsed in blocks: exact offsets, bounded blocks, one failure per text, no E088."""

from __future__ import annotations

from itertools import pairwise

import pytest
import spacy
from spacy.language import Language

from pipeline.analyze import analyze_doc
from pipeline.ingest import IngestOptions, to_article
from pipeline.ingest.readers import RawRecord
from pipeline.nlp import load_model
from pipeline.nlp.blocks import ParseLimits, block_bounds, parse_limits, parse_text, parse_texts
from tests.conftest import SEED


def _covers(text: str, bounds: list[tuple[int, int]], limit: int) -> None:
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in pairwise(bounds))
    assert all(0 < end - start <= limit for start, end in bounds)


def test_blocks_end_at_paragraph_breaks_when_there_are_some():
    paragraphs = [f"Paragraph {i} says something. It goes on a while." for i in range(40)]
    text = "\n\n".join(paragraphs)
    bounds = block_bounds(text, 300)
    _covers(text, bounds, 300)
    for _, end in bounds[:-1]:
        assert text[end - 2:end] == "\n\n" and not text[end].isspace()


def test_blocks_fall_back_to_sentences_then_spaces_then_a_hard_cut():
    sentences = "One sentence here. " * 50
    bounds = block_bounds(sentences, 100)
    _covers(sentences, bounds, 100)
    assert all(sentences[end - 2:end] == ". " for _, end in bounds[:-1])
    words = "word " * 100
    _covers(words, block_bounds(words, 64), 64)
    assert all(words[end - 1] == " " for _, end in block_bounds(words, 64)[:-1])
    solid = "x" * 1000
    assert block_bounds(solid, 300) == [(0, 300), (300, 600), (600, 900), (900, 1000)]
    assert block_bounds("short", 300) == [(0, 5)]


def test_shipped_limits_parse_real_articles_whole():
    limits = parse_limits()
    assert limits.block_chars >= 41_000  # the longest AllSides article is parsed whole, as before
    assert limits.batch_chars >= limits.block_chars


@pytest.mark.model
def test_block_parse_keeps_offsets_exact_and_sentences_inside_blocks():
    nlp = load_model()
    text = SEED.read_text(encoding="utf-8")
    limits = ParseLimits(block_chars=1500, batch_chars=3000)
    doc = next(parse_texts(nlp, [text], limits=limits))
    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    cuts = {start for start, _ in block_bounds(text, 1500)}
    starts = {s.start_char for s in doc.sents}
    assert cuts <= starts | {len(text)}
    whole = nlp(text)
    assert len(doc) == len(whole)
    same_tags = sum(a.tag_ == b.tag_ for a, b in zip(doc, whole, strict=True))
    assert same_tags / len(doc) > 0.98


@pytest.mark.model
def test_block_parsed_article_items_point_at_their_text():
    text = SEED.read_text(encoding="utf-8")
    article = to_article(RawRecord(text=text, origin="seed.txt", fields={"source": "seed"}), IngestOptions())
    nlp = load_model()
    doc = next(parse_texts(nlp, [article.text], limits=ParseLimits(block_chars=1200, batch_chars=2400)))
    analysis = analyze_doc(article, doc)
    assert analysis.claims and analysis.quotes and analysis.figures and analysis.entities
    for item in [*analysis.claims, *analysis.quotes, *analysis.figures, *analysis.devices]:
        assert article.text[item.start:item.end] == item.text
    for entity in analysis.entities:
        for mention in entity.mentions:
            assert article.text[mention.start:mention.end] == mention.text


@pytest.mark.model
def test_a_text_over_spacy_max_length_is_parsed_in_blocks_not_refused():
    nlp = load_model()
    text = "\n\n".join(f"The {i}th council met on Monday and voted 7 to 2." for i in range(600))
    saved = nlp.max_length
    nlp.max_length = 5000  # E088 for anything longer, were it given whole
    try:
        doc = parse_text(nlp, text)
    finally:
        nlp.max_length = saved
    assert len(text) > 5000 and doc.text == text


@Language.component("fails_on_boom")
def _fails_on_boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("cannot parse BOOM")
    return doc


def test_a_text_that_fails_fails_alone():
    nlp = spacy.blank("en")
    nlp.add_pipe("fails_on_boom")
    texts = ["fine one", "a BOOM here", "fine two", "x" * 50 + " BOOM " + "y" * 50, "fine three"]
    results = list(parse_texts(nlp, texts, batch_size=8, limits=ParseLimits(block_chars=40, batch_chars=80)))
    assert [type(r).__name__ for r in results] == ["Doc", "ValueError", "Doc", "ValueError", "Doc"]
    assert [r.text for r in results if not isinstance(r, Exception)] == ["fine one", "fine two", "fine three"]
