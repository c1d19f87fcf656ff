"""The engines: same results locally, in worker processes and on a Dask cluster; the parse cache;
an interrupted run loses nothing and resumes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import workflow
from pipeline.document import to_document
from pipeline.engine.local import ParseCache, run_local
from pipeline.ingest import article_id, read_articles
from pipeline.nlp import load_model
from pipeline.settings import load_settings
from pipeline.store import Store
from tests.conftest import ROOT, SEED, allsides_records

pytestmark = pytest.mark.model


def _articles(n: int, tmp_path: Path) -> list:
    path = tmp_path / "sample.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in allsides_records(n)), encoding="utf-8")
    return [a for a in read_articles([path]) if hasattr(a, "text")]


def _documents(analyses) -> dict[str, str]:
    return {a.article.id: json.dumps(to_document(a), sort_keys=True) for a in analyses}


@pytest.mark.slow
def test_dask_two_workers_equal_local_item_for_item(tmp_path):
    pytest.importorskip("dask.distributed")
    from pipeline.engine.cluster import run_dask

    articles = _articles(6, tmp_path)
    local = _documents(run_local(articles, batch_size=2))
    clustered = _documents(run_dask(articles, batch_size=2, n_workers=2))
    assert len(local) == 6
    assert clustered == local


def test_parse_cache_returns_the_same_parse(tmp_path):
    nlp = load_model()
    cache = ParseCache(tmp_path, nlp)
    doc = nlp(SEED.read_text(encoding="utf-8")[:2000])
    key = article_id(doc.text)  # cache paths are made of article ids only (hex digits)
    cache.put(key, doc)
    again = cache.get(key)
    assert again is not None and again.text == doc.text
    assert [t.dep_ for t in again] == [t.dep_ for t in doc]
    assert [(e.text, e.label_) for e in again.ents] == [(e.text, e.label_) for e in doc.ents]
    assert [s.start for s in again.sents] == [s.start for s in doc.sents]
    assert cache.get("missing") is None


def test_incremental_run_skips_unchanged_and_force_redoes(tmp_path):
    settings = load_settings(store=tmp_path / "s.sqlite", n_process=1)
    with Store(settings.store) as store:
        workflow.ingest([SEED], store, settings)
        first = workflow.analyze(store, settings)
        second = workflow.analyze(store, settings)
        forced = workflow.analyze(store, settings, force=True)
    assert (first.analysed, second.analysed, second.unchanged, forced.analysed) == (1, 0, 1, 1)
    assert any((tmp_path / "parse-cache").rglob("*.spacy"))


def test_out_parquet_holds_every_table_the_store_would(tmp_path):
    import pandas as pd

    settings = load_settings(store=tmp_path / "s.sqlite", n_process=1)
    with Store(settings.store) as store:
        workflow.ingest([SEED], store, settings)
        workflow.analyze(store, settings, out_parquet=tmp_path / "pq")  # results to Parquet only
        workflow.analyze(store, settings)  # the same article into the store, for comparison
        key = store.db.execute("SELECT versions FROM analyses").fetchone()[0]
        stored = {kind: store.db.execute(f"SELECT COUNT(*) FROM {kind}").fetchone()[0]
                  for kind in ("claims", "figures", "quotes", "devices", "entities", "frames")}
        article_text = store.db.execute("SELECT text FROM articles").fetchone()[0]
    tables = {p.name: pd.concat(pd.read_parquet(f) for f in sorted(p.glob("*.parquet")))
              for p in (tmp_path / "pq").iterdir()}
    assert {kind: len(tables[kind]) for kind in stored} == stored
    assert set(tables["frames"]["scope"]) == {"article", "section"}
    assert list(tables["analyses"]["versions"]) == [key]  # a later analyze can tell the results are current
    assert tables["articles"]["text"].iloc[0] == article_text
    claim = tables["claims"].iloc[0]
    assert article_text[claim["start"]:claim["end"]] == claim["text"]


@pytest.mark.slow
def test_killed_run_keeps_whole_articles_and_resumes(tmp_path):
    """SIGKILL part-way through analysis: every stored analysis is whole, and the next run finishes."""
    records = allsides_records(40)
    source = tmp_path / "sample.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store_path = tmp_path / "s.sqlite"
    cli = [sys.executable, "-m", "pipeline.cli"]
    subprocess.run([*cli, "ingest", str(source), "--store", str(store_path), "-q"], check=True, cwd=ROOT)
    process = subprocess.Popen([*cli, "analyze", "--store", str(store_path), "-q", "--n-process", "1"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.time() + 120
    with Store(store_path) as store:
        while store.count("analyses") < 3 and time.time() < deadline and process.poll() is None:
            time.sleep(0.2)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        done = store.count("analyses")
        assert 0 < done < 40, "the kill should land part-way"
        # Every stored analysis is whole: its claims rows are all there, none for unanalysed articles.
        analysed = {r[0] for r in store.db.execute("SELECT article_id FROM analyses")}
        with_claims = {r[0] for r in store.db.execute("SELECT DISTINCT article_id FROM claims")}
        assert with_claims <= analysed
        for article_id in analysed:
            document = store.document(article_id)
            stored = store.db.execute("SELECT COUNT(*) FROM claims WHERE article_id=?",
                                      (article_id,)).fetchone()[0]
            assert stored == len(document["claims"])
    result = subprocess.run([*cli, "analyze", "--store", str(store_path), "-q", "--n-process", "1"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    with Store(store_path) as store:
        assert store.count("analyses") == 40
    assert f"({done} already analysed" in result.stdout
