"""The store's typed reads: whole tables with the article beside each row, or only the columns asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import to_document
from pipeline.errors import StoreError
from pipeline.store import Store
from tests.export_fixtures import make_analyses, make_articles


@pytest.fixture
def store(tmp_path: Path) -> Store:
    db = Store(tmp_path / "store.sqlite")
    articles = make_articles()
    for article in articles:
        db.add_article(article)
    for analysis in make_analyses(articles)[:3]:  # the fourth article stays unanalysed
        db.save_analysis(analysis, to_document(analysis), "test")
    return db


def test_whole_tables_carry_the_article_and_decoded_json(store: Store) -> None:
    claims = store.claims()
    assert {"article_source", "article_title", "article_url", "article_published"} <= set(claims.columns)
    assert all(isinstance(value, list) for value in claims["entities"])
    assert len(store.articles()) == 4 and isinstance(store.articles()["metadata"].iloc[0], dict)


def test_columns_reads_only_those_and_decodes_only_what_is_asked(store: Store) -> None:
    claims = store.claims(["article_id", "id", "entities", "frames"], decode=["entities"])
    assert list(claims.columns) == ["article_id", "id", "entities", "frames"]
    assert all(isinstance(v, list) for v in claims["entities"]) and all(
        isinstance(v, str) for v in claims["frames"]
    )
    figures = store.figures(["article_id", "value"])
    assert list(figures.columns) == ["article_id", "value"] and len(figures) == len(store.figures())


def test_unknown_columns_and_tables_are_named(store: Store) -> None:
    with pytest.raises(StoreError, match="no column"):
        store.quotes(["article_id", "no_such_column"])
    with pytest.raises(StoreError, match="unknown table"):
        store.columns("sqlite_master", ["name"])


def test_analysed_ids_leave_out_the_unanalysed(store: Store) -> None:
    ids = store.analysed_ids()
    assert len(ids) == 3 and ids < set(store.articles()["id"])
