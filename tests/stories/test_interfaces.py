"""The story interfaces through the CLI (typer's CliRunner) on the written corpus, analysed: listing,
the side-by-side, exports with their JSON Schema, compare within stories, story gold scoring and the
report section."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.export import read_export, schema
from pipeline.store import Store
from tests.stories.conftest import gold_id
from tests.stories.corpus import ORDER_NEAR_MISS, RULING_LEDGER, RULING_PLANET

pytestmark = pytest.mark.model
runner = CliRunner()


def _invoke(*args: str) -> object:
    return runner.invoke(app, list(args), terminal_width=200)


@pytest.fixture
def copy(store_path: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(store_path, tmp_path / "store.sqlite"))


def _ruling_story(path: Path) -> str:
    with Store(path) as db:
        [story] = db.stories(min_sources=2)
    return story.id


def test_stories_lists_the_story_told_by_two_outlets(copy: Path) -> None:
    result = _invoke("stories", "--store", str(copy), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["sources"], len(r["articles"])) for r in rows] == [(["Daily Planet", "The Ledger"], 2)]
    table = _invoke("stories", "--store", str(copy))
    # The table wraps long cells at the runner's 80 columns, never the id.
    assert table.exit_code == 0 and rows[0]["id"] in table.stdout and "Stories (1 shown of 1)" in table.stdout
    alone = json.loads(
        _invoke(
            "stories",
            "--store",
            str(copy),
            "--min-outlets",
            "1",
            "--source",
            "Northern Star",
            "--format",
            "json",
        ).stdout
    )
    assert ORDER_NEAR_MISS.title.split()[0].lower() not in {r["label"] for r in alone}
    assert all(r["sources"] == ["Northern Star"] for r in alone) and len(alone) == 3
    assert _invoke("stories", "--store", str(copy), "--format", "xml").exit_code == 2


def test_show_story_sets_the_versions_side_by_side(copy: Path) -> None:
    story = _ruling_story(copy)
    result = _invoke("show", story, "--store", str(copy))
    assert result.exit_code == 0, result.output
    assert "Daily Planet" in result.stdout and "The Ledger" in result.stdout
    assert "Lee Gelernt" in result.stdout and "2,342 (count)" in result.stdout
    data = json.loads(_invoke("show", story[:12], "--store", str(copy), "--json").stdout)
    ledger = next(v for v in data["versions"] if v["source"] == "The Ledger")
    planet = next(v for v in data["versions"] if v["source"] == "Daily Planet")
    assert "2,342 (count)" in ledger["only_in"] and "2,342 (count)" in planet["left_out"]
    assert ledger["speakers_only_in"] == ["Lee Gelernt"]
    missing = _invoke("show", "story-000000000000", "--store", str(copy))
    assert missing.exit_code == 2 and "no story" in missing.output


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_stories_matches_its_schema(copy: Path, tmp_path: Path, fmt: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    out = tmp_path / f"stories.{fmt}"
    result = _invoke("export", "stories", "--format", fmt, "--out", str(out), "--store", str(copy))
    assert result.exit_code == 0, result.output
    rows = read_export(out, "stories", fmt)
    with Store(copy) as db:
        assert len(rows) == len(db.stories())
    validator = jsonschema.Draft202012Validator(schema("stories"))
    for row in rows:
        validator.validate(row)
    two = [r for r in rows if r["n_sources"] == 2]
    assert len(two) == 1 and two[0]["sources"] == ["Daily Planet", "The Ledger"] and two[0]["keyterms"]


def test_exported_articles_carry_their_story(copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    assert _invoke("export", "articles", "--out", str(out), "--store", str(copy)).exit_code == 0
    rows = {r["title"]: r for r in read_export(out, "articles", "jsonl")}
    story = _ruling_story(copy)
    assert rows[RULING_PLANET.title]["story_id"] == rows[RULING_LEDGER.title]["story_id"] == story
    assert rows[ORDER_NEAR_MISS.title]["story_id"] not in (None, story)


def test_compare_within_stories_pairs_the_two_outlets(copy: Path) -> None:
    result = _invoke(
        "compare",
        "--within-stories",
        "--by",
        "source",
        "--min-stories",
        "1",
        "--store",
        str(copy),
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    compared = [p for p in data["pairs"] if p["status"] == "compared"]
    assert [(p["group_a"], p["group_b"], p["stories"]) for p in compared] == [
        ("Daily Planet", "The Ledger", 1)
    ]
    devices = next(r for r in data["metrics"] if r["measure"] == "devices per 1k words")
    assert devices["difference"] == pytest.approx(devices["mean_a"] - devices["mean_b"], abs=1e-3)
    assert devices["story_ids"] == [_ruling_story(copy)]


def test_eval_scores_story_gold(copy: Path, tmp_path: Path) -> None:
    gold = {
        "schema": "framelens/stories-gold@1",
        "corpus": "written",
        "notes": "",
        "stories": [
            {
                "id": "s1",
                "split": "dev",
                "event": "ruling",
                "date": "2018-06-26",
                "articles": [gold_id(RULING_PLANET.id), gold_id(RULING_LEDGER.id)],
            }
        ],
        "near_misses": [
            {
                "id": "n1",
                "split": "test",
                "why": "the order, not the ruling",
                "articles": [gold_id(RULING_PLANET.id), gold_id(ORDER_NEAR_MISS.id)],
            }
        ],
    }
    path = tmp_path / "stories.json"
    path.write_text(json.dumps(gold))
    result = _invoke("eval", str(path), "--store", str(copy), "--json")
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.stdout)["stories"]
    dev, test = report["scores"]["dev"], report["scores"]["test"]
    assert (dev["articles"], dev["f1"], dev["ari"]) == (2, 1.0, 1.0)
    assert (test["articles"], test["near_misses_apart"], test["near_misses"]) == (2, 1, 1)
    assert report["missing"] == []
    table = _invoke("eval", str(path), "--store", str(copy))
    assert "B3 F1" in table.stdout and "1/1" in table.stdout


def test_report_has_the_stories_section(copy: Path, tmp_path: Path) -> None:
    from pipeline.report import write_report

    with Store(copy) as db:
        html_path, md_path = write_report(db, tmp_path / "out")
    html = html_path.read_text()
    section = html.split('<section id="stories">')[1].split("</section>")[0]
    assert "Stories told by several outlets" in section and 'href="#stories"' in html
    assert section.index("Daily Planet") < section.index("The Ledger")
    assert "2,342 (count)" in section and "Lee Gelernt" in section
    assert "## Stories told by several outlets" in md_path.read_text()


def test_stories_out_of_date_are_recomputed_for_the_run_without_writing_the_store(copy: Path) -> None:
    with Store(copy) as db:  # as a store analysed by another version: no stories stored
        db.db.execute("DELETE FROM stories_state")
        db.db.execute("DELETE FROM stories")
        db.db.commit()
    before = copy.read_bytes()
    result = _invoke("stories", "--store", str(copy), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["sources"] for r in json.loads(result.stdout)] == [["Daily Planet", "The Ledger"]]
    assert copy.read_bytes() == before
    with Store(copy, read_only=True) as db:
        assert db.stories() == []


def test_analyze_with_nothing_to_analyse_still_brings_the_stories_up_to_date(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import versions, workflow
    from pipeline.settings import Settings

    monkeypatch.setattr(versions, "versions_key", lambda model, found: "test")  # the fixture key
    with Store(copy) as db:
        db.db.execute("DELETE FROM stories_state")  # as after an edit of the stories stage
        db.db.commit()
        summary = workflow.analyze(db, Settings(store=copy))
        assert summary.analysed == 0 and summary.unchanged == summary.story_articles == 9
        assert summary.stories == 1 and db.stories_key() is not None
        again = workflow.analyze(db, Settings(store=copy))
        assert again.stories is None  # current now: nothing recomputed


def test_eval_of_story_gold_without_its_corpus_is_skipped_with_a_note(copy: Path, tmp_path: Path) -> None:
    shipped = Path(__file__).parents[2] / "evaluation" / "gold" / "stories.json"
    missing = tmp_path / "none.sqlite"
    result = _invoke("eval", str(shipped), "--store", str(missing), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["stories"] == [] and data["stories_skipped"] == [
        {"gold": str(shipped), "reason": f"no store at {missing}"}]
    assert "not scored: no store at" in result.stderr and not missing.exists()
    # A store of another corpus (none of the gold's AllSides IDs): nothing to score either.
    other = _invoke("eval", str(shipped), "--store", str(copy))
    assert other.exit_code == 0, other.output
    assert "none of its articles is analysed in" in " ".join(other.stderr.split())
    assert "B3 F1" not in other.stdout
