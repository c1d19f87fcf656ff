"""The whole chain on a sample of real AllSides articles: offsets hold in every export, schemas
validate, and the DataFrame API gives analysts what the README promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import open_store, workflow
from pipeline.settings import load_settings
from tests.conftest import allsides_records
from tests.test_export import assert_offsets_hold, assert_valid

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("allsides")
    source = folder / "sample.jsonl"
    # Every 60th article: a spread of outlets and years, not the first few of one outlet.
    records = allsides_records()[::60]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    settings = load_settings(store=folder / "s.sqlite", n_process=1)
    store = open_store(settings.store)
    workflow.ingest([source], store, settings)
    summary = workflow.analyze(store, settings)
    assert summary.analysed == len(records) and not summary.failed
    yield store
    store.close()


@pytest.mark.slow
def test_offsets_hold_and_exports_validate_on_real_articles(sample_store, tmp_path: Path):
    assert assert_offsets_hold(sample_store) > 500
    assert_valid(sample_store, tmp_path)


@pytest.mark.slow
def test_dataframe_api(sample_store):
    claims = sample_store.claims()
    assert {"attribution_source", "attribution_kind", "checkworthiness", "article_source",
            "article_url"} <= set(claims)
    assert set(claims.attribution_kind) <= {"named", "vague", "self", "none"}
    assert claims.checkworthiness.between(0, 1).all() and claims.certainty.between(0, 1).all()
    assert claims.article_source.nunique() >= 10
    named = claims[claims.attribution_kind == "named"]
    assert len(named) > 0.1 * len(claims)
    articles = sample_store.articles()
    quotes = sample_store.quotes().merge(articles[["id", "text"]], left_on="article_id", right_on="id")
    for _, row in quotes.iterrows():
        assert row.text_y[row.start:row.end] == row.text_x
    figures = sample_store.figures()
    assert figures.value.notna().mean() > 0.95
    assert set(figures.kind) <= {"count", "percent", "percentage_points", "money", "multiplier", "ratio",
                                 "quantity", "duration", "age", "rank"}
