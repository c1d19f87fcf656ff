"""The memoised attribute ruler and lemmatizer give exactly the stock pipeline's annotations."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

import pipeline.nlp.components  # noqa: F401 - registers paragraph_boundaries for the stock pipeline
from pipeline.nlp import load_model, resolve_model_name
from tests.conftest import SEED, allsides_records

pytestmark = pytest.mark.model

ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
# The attribute ruler's multi-token patterns (ain't, gonna, gotta, let's) and lemmatizer paths
# (base forms, exceptions, proper nouns, spaces) all in a few lines.
TRICKY = [
    "I ain't gonna do it, let's go. We gotta leave; y'all ain't seen nothin'.\n\nIt's done, isn't it?",
    "The mice were running faster than the geese. She'd've been better; they're the best.",
    "Mr. O'Neill's U.S.-based firms  said   \"no\"\n\n\n and left.",
    "",
    "\n\n",
]


@pytest.fixture(scope="module")
def pipelines():
    stock = spacy.load(resolve_model_name())
    stock.add_pipe("paragraph_boundaries", before="parser")
    return stock, load_model()


def _assert_same(stock_doc, fast_doc) -> None:
    assert np.array_equal(stock_doc.to_array(ATTRS), fast_doc.to_array(ATTRS))
    assert [t.lemma_ for t in stock_doc] == [t.lemma_ for t in fast_doc]
    assert [str(t.morph) for t in stock_doc] == [str(t.morph) for t in fast_doc]


def test_framelens_pipeline_uses_the_memoised_components(pipelines):
    _, fast = pipelines
    assert "memoised_lemmatizer" in fast.pipe_names and "memoised_attribute_ruler" in fast.pipe_names
    assert "lemmatizer" in fast.disabled and "attribute_ruler" in fast.disabled


def test_same_annotations_on_tricky_text_and_the_seed(pipelines):
    stock, fast = pipelines
    texts = [*TRICKY, SEED.read_text(encoding="utf-8")]
    # Twice: the second pass is served from the memo.
    for _ in range(2):
        for stock_doc, fast_doc in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
            _assert_same(stock_doc, fast_doc)


@pytest.mark.slow  # 20 s: many real articles through two pipelines (CI runs it)
def test_same_annotations_on_real_articles(pipelines):
    stock, fast = pipelines
    texts = [r["content_original"] for r in allsides_records(25)]
    for stock_doc, fast_doc in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        _assert_same(stock_doc, fast_doc)
