"""What framelens writes and prints is safe: CSV cells a spreadsheet would run are defused, terminal
control sequences and Rich markup from the data are shown as text, outputs replace old files atomically,
and an article id is checked before it becomes a path."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest

from pipeline.document import to_document
from pipeline.export import read_export
from pipeline.outputs import atomic_text, guard_formula, unguard_formula
from pipeline.store import Store
from tests.export_fixtures import make_analyses, make_articles
from tests.robustness.support import invoke

ESCAPE = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"
MARKUP = "[/bold] [red]x[/] [link=http://evil]y[/link]"


def hostile_store(path: Path) -> Store:
    """The fixture articles with formulas, markup and escape sequences in titles, sources and metadata."""
    articles = make_articles()
    hostile = [
        dataclasses.replace(articles[0], title=f"=HYPERLINK(\"http://evil\",\"x\") {ESCAPE}title",
                            source=f"@SUM(A1) {MARKUP}", metadata={MARKUP: "+1 555", "k": "-2+3"}),
        dataclasses.replace(articles[1], title=f"{MARKUP} headline", source="Wire\x9b31m"),
        *articles[2:],
    ]
    store = Store(path)
    for article in hostile:
        store.add_article(article)
    for analysis in make_analyses(hostile):
        store.save_analysis(analysis, to_document(analysis), "test")
    return store


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite"
    hostile_store(path).close()
    return path


@pytest.mark.parametrize("value,guarded", [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1 555", "'+1 555"), ("-2+3", "'-2+3"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
    ("'=x", "''=x"), ("plain", "plain"), ("'quoted", "'quoted"), (-2.5, -2.5), (None, None),
])
def test_formula_guard_round_trips(value, guarded):
    assert guard_formula(value) == guarded
    assert unguard_formula(guard_formula(value)) == value


@pytest.mark.parametrize("kind", ["claims", "articles"])
def test_csv_exports_defuse_formulas_and_read_back_exactly(tmp_path, store_path, kind):
    out = tmp_path / f"{kind}.csv"
    code, output = invoke("export", kind, "--format", "csv", "-o", out, "--store", store_path)
    assert code == 0, output
    cells = [cell for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8"))) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], "a cell a spreadsheet would run"
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    back = read_export(out, kind, "csv")
    title = back[0]["article"]["title"] if kind == "claims" else back[0]["title"]
    assert title == f"=HYPERLINK(\"http://evil\",\"x\") {ESCAPE}title"  # the guard is undone on reading


def test_compare_csv_defuses_formulas(tmp_path, store_path):
    code, output = invoke("compare", "--by", "source", "--min-articles", "1", "--format", "csv",
                          "--store", store_path)
    assert code == 0, output
    body = "\n".join(line for line in output.splitlines() if not line.startswith("#"))
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'@SUM(A1) [/bold] [red]x[/] [link=http://evil]y[/link]" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]


def test_show_and_compare_print_markup_as_text_and_no_control_characters(store_path):
    with Store(store_path, read_only=True) as store:
        first = store.article_ids()[0]
    code, shown = invoke("show", first, "--store", store_path)
    assert code == 0, shown
    assert "=HYPERLINK" in shown and "\x1b" not in shown and "\x07" not in shown
    assert "]0;pwned" in shown  # the printable rest of the sequence is shown as text, harmlessly
    code, compared = invoke("compare", "--by", "source", "--min-articles", "1", "--store", store_path)
    assert code == 0, compared
    assert "[/bold]" in compared and "\x9b" not in compared and "\x1b" not in compared


def test_the_run_summary_prints_hostile_titles_as_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(f"---\ntitle: \"{MARKUP} {ESCAPE}\"\nsource: \"[/]\"\n---\n"
                                 "The council approved the budget on Monday. Costs would rise.\n")
    (folder / f"[bold]{'x' * 3}.txt").write_text("Officials said 40 people crossed. The governor disagreed.")
    (folder / "bad[red].json").write_text("{broken")
    code, output = invoke("ingest", folder, "--store", tmp_path / "s.sqlite", "-q")
    assert code == 1
    assert "bad[red].json: malformed_json" in output and "\x1b" not in output


@pytest.mark.model
def test_the_run_article_summary_prints_hostile_titles_as_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    record = {"title": f"{MARKUP} {ESCAPE}", "source": "[/]",
              "text": "The council approved the budget on Monday. The mayor said costs would rise."}
    (folder / "a.json").write_text(json.dumps(record))
    code, output = invoke("run", folder, "--out", tmp_path / "out", "--store", tmp_path / "s.sqlite", "-q")
    assert code == 0, output
    assert "[/bold] [red]x[/]" in output and "\x1b" not in output and "\x07" not in output


def test_a_failed_write_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "claims.jsonl"
    target.write_text("the old, complete file\n")
    with pytest.raises(RuntimeError), atomic_text(target) as stream:
        stream.write("half of a new ")
        raise RuntimeError("killed")
    assert target.read_text() == "the old, complete file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.jsonl"]  # no temporary file left


def test_exports_and_reports_are_replaced_not_rewritten_in_place(tmp_path, store_path):
    out = tmp_path / "claims.jsonl"
    out.write_text("old\n")
    inode = out.stat().st_ino
    code, _ = invoke("export", "claims", "-o", out, "--store", store_path)
    assert code == 0 and out.stat().st_ino != inode and out.read_text().startswith("{")
    code, _ = invoke("report", "--out", tmp_path / "r", "--store", store_path)
    assert code == 0 and sorted(p.name for p in (tmp_path / "r").iterdir()) == ["report.html", "report.md"]


def test_an_article_id_must_be_hex_before_it_is_a_cache_path(tmp_path):
    from pipeline.engine.local import ParseCache

    cache = ParseCache.__new__(ParseCache)  # no model needed to compute a path
    cache.folder = tmp_path
    for bad in ("../../etc/passwd", "abc/def", "0123456789abcdeg", "", "0123456789ABCDEF"):
        assert cache._path(bad) is None
        assert cache.get(bad) is None
    assert cache._path("0123456789abcdef") == tmp_path / "01" / "0123456789abcdef.spacy"
