import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest import FieldMap, IngestOptions, Rejected, normalise_date, read_articles, split_authors
from pipeline.settings import load_settings
from pipeline.store import SCHEMA_VERSION, Store
from pipeline.workflow import ingest
from tests.conftest import ALLSIDES, SEED, allsides_records

EXPECTED_REASONS = {
    "empty.txt": "empty", "report.pdf.txt": "binary", "nul.txt": "binary", "latin.txt": "undecodable",
    "huge.txt": "too_large", "feed.jsonl:2": "malformed_json", "table.csv": "no_text",
    "photo.png": "unsupported",
}


def test_every_broken_file_is_named_with_its_reason_and_the_rest_is_ingested(broken_folder, tmp_path):
    settings = load_settings(store=tmp_path / "s.sqlite", max_bytes=1_000_000)
    with Store(settings.store) as store:
        summary = ingest([broken_folder], store, settings)
        reasons = {Path(r.origin).name: r.reason for r in summary.skipped}
        assert reasons == EXPECTED_REASONS
        assert "line 2" in next(r.detail for r in summary.skipped if r.reason == "malformed_json")
        assert len(summary.ingested) == 2  # the seed and the good JSONL line
        seed = next(a for a in store.iter_articles(summary.ingested) if a.path.endswith("seed.txt"))
        assert seed.source == "inbox"  # no source field: the parent folder's name
        assert seed.sections[0].heading is None and len(seed.sections) == 5
        assert summary.exit_code == 1


def test_reingesting_adds_nothing_and_same_text_twice_is_one_duplicate(tmp_path):
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "one.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    front_matter = "---\ntitle: Copy\nsource: Elsewhere\n---\n"
    (folder / "copy.md").write_text(front_matter + SEED.read_text(encoding="utf-8"))
    settings = load_settings(store=tmp_path / "s.sqlite")
    with Store(settings.store) as store:
        first = ingest([folder], store, settings)
        assert len(first.ingested) == 1 and len(first.duplicates) == 1
        second = ingest([folder], store, settings)  # unchanged files are not read again
        assert second.ingested == [] and second.duplicates == [] and second.files_read == 0
        assert [ids for _, ids in second.unchanged] == [first.ingested, first.ingested]
        forced = ingest([folder], store, settings, force=True)
        assert forced.ingested == [] and len(forced.duplicates) == 2
        assert store.count() == 1 and first.exit_code == 0


def test_markdown_front_matter_and_fields():
    records = list(read_articles([SEED.parent.parent / "tests" / "fixtures" / "front-matter.md"]))
    article = records[0]
    assert not isinstance(article, Rejected)
    assert (article.title, article.source, article.published, article.url) == (
        "Border bill stalls", "Example Times", "2023-06-01", "https://example.com/border")
    assert article.authors == ("Ana Ruiz", "Tom Lee")
    assert article.sections[1].heading == "What Comes Next"


def test_html_uses_trafilatura_metadata_and_headings():
    article = next(iter(read_articles([SEED.parent.parent / "tests" / "fixtures" / "article.html"])))
    assert not isinstance(article, Rejected)
    assert article.source == "Example Times" and article.published == "2023-05-01"
    assert article.title == "Senate Passes Border Bill"
    assert "A Close Vote" in [s.heading for s in article.sections]
    assert "<p>" not in article.text


def test_csv_and_field_mapping(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('story,outlet,when,bias\n"Officials said 40 people crossed.",Wire,2021-02-03,left\n')
    options = IngestOptions(fields=FieldMap(text="story", source="outlet", published="when"))
    article = next(iter(read_articles([path], options)))
    assert not isinstance(article, Rejected)
    assert (article.source, article.published, article.metadata) == ("Wire", "2021-02-03", {"bias": "left"})


def test_json_array_and_cp1252(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"content": "One text.", "url": "https://www.wire.com/x"},
                                                 {"content": "Two text."}]))
    (tmp_path / "old.txt").write_bytes("Caf\xe9 \u201cquoted\u201d text.".encode("cp1252"))
    items = list(read_articles([tmp_path]))
    # No source field: the parent folder's name comes before the URL's domain.
    assert [getattr(a, "source", None) for a in items] == [tmp_path.name] * 3
    assert items[2].text == "Café “quoted” text."


def test_dates_and_authors():
    assert normalise_date("0001-11-30") is None
    assert normalise_date("May 24, 2013") == "2013-05-24"
    assert normalise_date("2013-05-24T10:00:00Z") == "2013-05-24"
    assert split_authors("Stephen Dinan and Jane Roe; By Ann Lee") == ("Stephen Dinan", "Jane Roe", "Ann Lee")


def test_missing_path_is_named(tmp_path):
    items = list(read_articles([tmp_path / "nope"]))
    assert isinstance(items[0], Rejected) and items[0].reason == "unreadable"


def test_store_schema_is_versioned_and_rejects_garbage(tmp_path):
    path = tmp_path / "s.sqlite"
    Store(path).close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(SEED), "--store", str(bad), "-q"])
    assert result.exit_code == 2 and "not a framelens store" in result.output


def test_cli_ingest_summary_and_exit_code(broken_folder, tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(broken_folder), "--store", str(tmp_path / "s.sqlite"),
                                      "--max-mb", "1", "-q"])
    assert result.exit_code == 1
    assert "ingested" in result.output and "skipped: binary" in result.output
    assert "latin.txt: undecodable" in result.output


@pytest.mark.slow
def test_allsides_ingests_without_field_mapping(tmp_path):
    allsides_records(1)  # skip when the shared data is absent
    settings = load_settings(store=tmp_path / "s.sqlite")
    with Store(settings.store) as store:
        summary = ingest([ALLSIDES], store, settings)
        assert len(summary.ingested) == 1397 and not summary.skipped
        articles = store.articles()
        assert articles["source"].nunique() >= 90
        assert articles["title"].notna().all() and articles["url"].notna().all()
        assert articles["published"].notna().mean() > 0.85
        assert articles["metadata"].iloc[0]["bias_text"] in {"left", "center", "right"}
        again = ingest([ALLSIDES], store, settings)
        assert again.ingested == [] and store.count() == 1397
