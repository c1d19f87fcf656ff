"""The story corpus analysed by the real pipeline into a store, once per test session (model tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.analyze import analyze_doc
from pipeline.document import to_document
from pipeline.ingest import IngestOptions, to_article
from pipeline.ingest.readers import RawRecord
from pipeline.nlp import load_model, model_id
from pipeline.records import Article
from pipeline.store import Store
from pipeline.stories import refresh_stories
from tests.stories.corpus import CORPUS


def gold_id(article_id: str) -> str:
    """The AllSides-style ID the written corpus carries in its metadata (as AllSides articles do)."""
    return f"T-{article_id[0]}"


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the written corpus, analysed, with its stories computed. Tests that write to a
    store copy it first."""
    nlp = load_model()
    path = tmp_path_factory.mktemp("stories") / "store.sqlite"
    with Store(path) as db:
        for item in CORPUS:
            fields = {
                "title": item.title,
                "source": item.source,
                "date": item.published,
                "ID": gold_id(item.id),
            }
            article = to_article(
                RawRecord(text=item.text, origin=f"{item.id}.txt", fields=fields), IngestOptions()
            )
            assert isinstance(article, Article)
            db.add_article(article)
            analysis = analyze_doc(article, nlp(article.text), model=model_id(nlp))
            db.save_analysis(analysis, to_document(analysis), "test")
        refresh_stories(db)
    return path


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with Store(store_path) as db:
        yield db
