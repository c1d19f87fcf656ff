"""A run with nothing changed reads no input, parses, analyses and renders nothing, and says so; any
change (an input, the store, an output) is noticed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import workflow
from pipeline.cli import app
from pipeline.store import Store
from tests.conftest import ROOT

pytestmark = pytest.mark.model
runner = CliRunner()
NOTHING = "Nothing changed since the last run"


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The council met on Monday. It voted 7 to 2 to build a school, the mayor "
                                  "said.\n")
    (folder / "b.txt").write_text("Officials said 40 people were hurt. The governor called it a tragedy.\n")
    (folder / "empty.txt").write_text("")
    return folder


def _run(tmp_path: Path, folder: Path, *extra: str):
    return runner.invoke(app, ["run", str(folder), "--store", str(tmp_path / "s.sqlite"), "--out",
                               str(tmp_path / "out"), "-q", *extra])


def _outputs(tmp_path: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()}


def _reads(monkeypatch) -> list[str]:
    """Record the files ingest reads."""
    read: list[str] = []
    real = workflow.read_input_file

    def counting(path, options):
        read.append(path.name)
        return real(path, options)

    monkeypatch.setattr(workflow, "read_input_file", counting)
    return read


def test_an_unchanged_run_reads_parses_and_renders_nothing(tmp_path, monkeypatch):
    folder = _corpus(tmp_path)
    first = _run(tmp_path, folder)
    assert first.exit_code == 1 and "skipped: empty" in first.stdout  # the empty file
    written = _outputs(tmp_path)
    read = _reads(monkeypatch)
    monkeypatch.setattr("pipeline.report.write_report", lambda *a, **k: pytest.fail("report rendered again"))
    second = _run(tmp_path, folder)
    assert read == []
    assert NOTHING in second.stderr and "Up to date" in second.stdout
    assert second.exit_code == 1 and "skipped: empty" in second.stdout  # the rejection is reported again
    assert "unchanged files, not read again" in second.stdout
    assert _outputs(tmp_path) == written


def test_a_changed_input_is_read_again_alone_and_the_outputs_rendered(tmp_path, monkeypatch):
    folder = _corpus(tmp_path)
    _run(tmp_path, folder)
    (folder / "b.txt").write_text("Officials said 41 people were hurt. The governor called it a tragedy, "
                                  "again.\n")
    read = _reads(monkeypatch)
    again = _run(tmp_path, folder)
    assert read == ["b.txt"]
    assert "Analysed 1 article(s)" in again.stdout and "Wrote" in again.stdout and NOTHING not in again.stderr
    assert "41 people" in (tmp_path / "out" / "claims.jsonl").read_text(encoding="utf-8")


def test_an_output_edited_or_a_store_changed_renders_again(tmp_path):
    folder = _corpus(tmp_path)
    _run(tmp_path, folder)
    (tmp_path / "out" / "report.md").write_text("edited by hand\n")
    again = _run(tmp_path, folder)
    assert "Wrote" in again.stdout and "edited by hand" not in (tmp_path / "out" / "report.md").read_text()
    with Store(tmp_path / "s.sqlite") as store, store.db:
        store.db.execute("UPDATE analyses SET document = json_set(document, '$.article.title', "
                         "'Renamed by hand')")
    third = _run(tmp_path, folder)
    assert "Wrote" in third.stdout and "Renamed by hand" in (tmp_path / "out" / "report.html").read_text()
    assert "The store has not changed" not in third.stderr


def test_force_reads_analyses_and_renders_everything_again(tmp_path, monkeypatch):
    folder = _corpus(tmp_path)
    _run(tmp_path, folder)
    read = _reads(monkeypatch)
    forced = _run(tmp_path, folder, "--force")
    assert sorted(read) == ["a.txt", "b.txt", "empty.txt"]
    assert "Analysed 2 article(s)" in forced.stdout and "Wrote" in forced.stdout


def test_an_unchanged_run_does_not_even_import_spacy(tmp_path):
    folder = _corpus(tmp_path)
    _run(tmp_path, folder)
    arguments = ["run", str(folder), "--store", str(tmp_path / "s.sqlite"), "--out", str(tmp_path / "out"),
                 "-q"]
    script = ("import sys\nfrom pipeline.cli import app\n"
              f"try:\n    app({arguments!r})\nexcept SystemExit:\n    pass\n"
              "print('spacy', 'imported' if 'spacy' in sys.modules else 'not imported', file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert NOTHING in result.stderr
    assert "spacy not imported" in result.stderr
