"""Finding things: `framelens list` (outlet filter, full-text search), `show` by id prefix or ID:ITEM,
filters that accept any case and warn on unknown values, and the store's typed, searchable tables."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.document import to_document
from pipeline.records import Analysis, Article, Attribution, Claim
from pipeline.store import Store
from tests.export_fixtures import build_store

runner = CliRunner()


@pytest.fixture()
def store_path(tmp_path: Path) -> Iterator[Path]:
    build_store(tmp_path / "store.sqlite").close()
    yield tmp_path / "store.sqlite"


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), terminal_width=200)
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def test_list_shows_every_article_with_outlet_title_and_counts(store_path: Path) -> None:
    code, out, err = _run("list", "--store", str(store_path), "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 4
    border = next(r for r in rows if r["title"] == "Border crossings surge as shelters fill")
    assert (border["source"], border["published"], border["analysed"]) == \
        ("Daily Planet", "2023-07-01", True)
    assert border["claims"] >= 3 and border["figures"] >= 1
    code, out, err = _run("list", "--store", str(store_path))
    assert "Border cross" in out and "4 of 4 article(s)" in err
    assert "c/f/q: claims, figures, quotes" in err


def test_list_filters_by_outlet_in_any_spelling_and_warns_on_an_unknown_one(store_path: Path) -> None:
    code, out, _ = _run("list", "--store", str(store_path), "--source", "DAILY-planet", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {r["source"] for r in rows} == {"Daily Planet"} and len(rows) == 2
    code, out, err = _run("list", "--store", str(store_path), "--source", "Daily Bugle")
    assert code == 0 and "No article matches." in err
    assert ("warning: no outlet 'Daily Bugle'; the outlets are: Daily Planet (2), Northern Star (1), "
            "The Ledger (1)") in err


def test_list_searches_titles_and_texts_with_stemming(store_path: Path) -> None:
    code, out, _ = _run("list", "--store", str(store_path), "--search", "shelter", "--format", "json")
    assert [r["title"] for r in json.loads(out)] == ["Border crossings surge as shelters fill"]
    code, out, _ = _run("list", "--store", str(store_path), "--search", "housing", "--format", "json")
    assert {r["title"] for r in json.loads(out)} == {"Border crossings surge as shelters fill",
                                                     "Council debates housing plan"}
    code, out, _ = _run("list", "--store", str(store_path), "--search", '"emergency housing',
                        "--format", "json")
    assert code == 0 and len(json.loads(out)) == 1  # an unbalanced quote is searched as plain words


def _tiny_store(path: Path) -> Path:
    with Store(path) as db:
        for article_id, title in (("abc111", "First"), ("abc222", "Second"), ("def333", "Third")):
            text = f"The {title.lower()} council voted on Tuesday."
            article = Article(id=article_id, text=text, source="Wire", title=title)
            claim = Claim(id="c-0", text=text, start=0, end=len(text), types=("statistical",),
                          attribution=Attribution(source=None, kind="none"), certainty=0.7,
                          checkworthiness=0.4)
            db.add_article(article)
            analysis = Analysis(article=article, claims=(claim,))
            db.save_analysis(analysis, to_document(analysis), "test")
    return path


def test_show_lists_the_candidates_of_an_ambiguous_prefix(tmp_path: Path) -> None:
    store = str(_tiny_store(tmp_path / "s.sqlite"))
    code, out, err = _run("show", "abc", "--store", store)
    assert code == 2 and "'abc' is the start of several article ids" in err
    assert "abc111 Wire First" in err and "abc222 Wire Second" in err and "def333" not in err
    code, out, _ = _run("show", "abc2", "--store", store)
    assert code == 0 and "Second" in out
    code, _, err = _run("show", "xyz", "--store", store)
    assert code == 2 and "no article with an id starting 'xyz'" in err


def test_show_id_and_item_prints_the_item(tmp_path: Path) -> None:
    store = str(_tiny_store(tmp_path / "s.sqlite"))
    code, out, _ = _run("show", "def333:c-0", "--store", store)
    assert code == 0 and "Claim c-0: “The third council voted on Tuesday.”" in out
    assert "checkworthiness: 0.4" in out
    code, _, err = _run("show", "def333:q-9", "--store", store)
    assert code == 2 and "has no claim, quote, figure, device or entity 'q-9'" in err


def test_export_filters_take_any_case_and_warn_on_unknown_values(store_path: Path) -> None:
    code, out, _ = _run("export", "claims", "--store", str(store_path), "--source", "daily planet")
    outlets = {json.loads(line)["article"]["source"] for line in out.splitlines()}
    assert code == 0 and outlets == {"Daily Planet"}
    code, out, _ = _run("export", "claims", "--store", str(store_path), "--claim-type", "STATISTICAL")
    assert code == 0 and out and all("statistical" in json.loads(line)["types"] for line in out.splitlines())
    code, out, err = _run("export", "claims", "--store", str(store_path), "--claim-type", "statistic")
    assert code == 0 and out == ""
    assert "warning: no claim type 'statistic'; the types are: statistical, causal, comparative" in err
    code, out, err = _run("export", "claims", "--store", str(store_path), "--source", "Planet Daily")
    assert out == "" and "warning: no outlet 'Planet Daily'; the outlets are: Daily Planet (2)" in err


def test_store_columns_are_typed(store_path: Path) -> None:
    with Store(store_path) as db:
        types = {row[1]: row[2] for row in db.db.execute("PRAGMA table_info(claims)")}
        assert (types["certainty"], types["start"], types["text"], types["types"]) == \
            ("REAL", "INTEGER", "TEXT", "TEXT")
        figures = {row[1]: row[2] for row in db.db.execute("PRAGMA table_info(figures)")}
        assert (figures["value"], figures["approximate"]) == ("REAL", "INTEGER")
        frames = {row[1]: row[2] for row in db.db.execute("PRAGMA table_info(frames)")}
        assert (frames["score"], frames["present"]) == ("REAL", "INTEGER")
        # The full-text index follows the articles table (Datasette finds it as articles_fts).
        hits = db.db.execute("SELECT a.title FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                             "WHERE articles_fts MATCH 'leaflets'").fetchall()
        assert hits and "Hostile" in hits[0][0]


def test_an_older_store_gets_its_full_text_index(store_path: Path) -> None:
    db = sqlite3.connect(store_path)
    for name in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
        db.execute(f"DROP TRIGGER {name}")
    db.execute("DROP TABLE articles_fts")
    db.execute("PRAGMA user_version=2")
    db.commit()
    db.close()
    with Store(store_path) as reopened:
        rows, total = reopened.list_articles(search="council")
        assert total == 1 and rows[0]["title"] == "Council debates housing plan"
        assert reopened.count("analyses") == 0  # analyses are derived data: rebuilt by the next analyze
