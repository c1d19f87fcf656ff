"""--min-device-score: outputs filter the stored devices by their score, without re-analysing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.document import device_threshold, with_min_device_score
from pipeline.errors import FramelensError
from pipeline.export import iter_rows
from pipeline.lexicons import load_lexicon
from pipeline.settings import load_settings
from pipeline.store import Store
from tests.export_fixtures import build_store


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    db = build_store(tmp_path / "store.sqlite")
    yield db
    db.close()


def _scores(rows: list[dict]) -> list[float]:
    return sorted(r["score"] for r in rows)


def test_default_threshold_is_the_lexicons_and_precision_first() -> None:
    assert device_threshold() == float(load_lexicon("devices")["min_device_score"])
    assert device_threshold(0.25) == 0.25
    assert float(load_lexicon("devices")["min_stored_score"]) < device_threshold()


def test_a_document_loses_low_devices_and_their_ids_in_claims() -> None:
    document = {"devices": [{"id": "a", "score": 0.9}, {"id": "b", "score": 0.3}],
                "claims": [{"id": "c", "devices": ["a", "b"]}]}
    shown = with_min_device_score(document, 0.5)
    assert [d["id"] for d in shown["devices"]] == ["a"]
    assert shown["claims"][0]["devices"] == ["a"]
    assert document["claims"][0]["devices"] == ["a", "b"]  # the stored document is left as it was
    assert with_min_device_score(document, 0.2) is document


def test_export_filters_by_the_stored_score(store: Store) -> None:
    every = list(iter_rows(store, "devices", min_device_score=0.0))
    default = list(iter_rows(store, "devices"))
    strict = list(iter_rows(store, "devices", min_device_score=0.75))
    assert _scores(every) == [0.4, 0.5, 0.6, 0.8]
    assert _scores(default) == [0.5, 0.6, 0.8]
    assert _scores(strict) == [0.8]
    claims = list(iter_rows(store, "claims", min_device_score=0.75))
    kept = {r["id"] for r in strict}
    assert all(set(c["devices"]) <= kept for c in claims)
    articles = list(iter_rows(store, "articles", min_device_score=0.75))
    assert sum(a["n_devices"] for a in articles) == 1


def test_cli_flag_and_settings_key(store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(store.path)
    result = runner.invoke(app, ["export", "devices", "--store", db, "--min-device-score", "0.75"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(r["device"], r["score"]) for r in rows] == [("metaphor", 0.8)]
    config = tmp_path / "framelens.toml"
    config.write_text("[framelens]\nmin_device_score = 0.55\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "devices", "--store", db, "--config", str(config)])
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert _scores(rows) == [0.6, 0.8]
    bad = runner.invoke(app, ["export", "devices", "--store", db, "--min-device-score", "1.5"])
    assert bad.exit_code == 2
    out = tmp_path / "r"
    result = runner.invoke(app, ["report", "--store", db, "--out", str(out), "--min-device-score", "0.75"])
    assert result.exit_code == 0, result.output
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "(0.80)" in markdown and "has failed" not in markdown.split("Devices:")[-1].split("\n")[0]


def test_settings_reject_a_bad_threshold(tmp_path: Path) -> None:
    config = tmp_path / "framelens.toml"
    config.write_text('[framelens]\nmin_device_score = "high"\n', encoding="utf-8")
    with pytest.raises(FramelensError, match="min_device_score"):
        load_settings(config)
    config.write_text("[framelens]\nmin_device_score = 1.5\n", encoding="utf-8")
    with pytest.raises(FramelensError, match="min_device_score.*at most 1"):
        load_settings(config)
    assert load_settings(None, min_device_score=0.4).min_device_score == 0.4


def test_outputs_are_written_again_for_another_threshold(store: Store, tmp_path: Path) -> None:
    from pipeline import workflow

    out = tmp_path / "out"
    workflow.write_outputs(store, out, min_device_score=0.5)
    assert workflow.current_outputs(store, out, min_device_score=0.5) is not None
    assert workflow.current_outputs(store, out) is not None  # the default is 0.5
    assert workflow.current_outputs(store, out, min_device_score=0.75) is None
