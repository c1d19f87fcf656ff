"""The command line as a user meets it: every command documented, run end to end on the sample corpus."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline import __version__
from pipeline.cli import app
from tests.conftest import SEED

runner = CliRunner()


def test_every_command_has_help_with_an_example():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"{name} --help has no example"


@pytest.mark.model
def test_run_on_the_sample_corpus_writes_report_and_claims(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(SEED.parent), "--out", str(out), "--store", str(tmp_path / "s.sqlite"),
                                 "-q"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert (out / "report.html").exists() and (out / "report.md").exists()
    claims = [json.loads(line) for line in (out / "claims.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(claims) >= 9
    named = {c["attribution"]["source"] for c in claims if c["attribution"]["kind"] == "named"}
    assert "the United Nations refugee agency" in named
    assert "most check-worthy" in result.output and "report.html" in result.output
    again = runner.invoke(app, ["run", str(SEED.parent), "--out", str(out), "--store", str(tmp_path / "s.sqlite"),
                                "-q"], terminal_width=200)
    assert again.exit_code == 0 and "Analysed 0 article(s) (1 already analysed" in again.output


@pytest.mark.model
def test_analyze_file_prints_the_article_json_with_offsets_into_the_text():
    result = runner.invoke(app, ["analyze-file", str(SEED)])  # JSON is the default
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["schema"] == "framelens/article@1"
    text = document["article"]["text"]
    for key in ("figures", "quotes", "claims", "devices"):
        for item in document[key]:
            assert text[item["start"]:item["end"]] == item["text"], key
    xi = next(q for q in document["quotes"] if q["text"].startswith("tell China"))
    assert xi["speaker"] == "Xi Jinping" and xi["kind"] == "direct"


def test_missing_model_names_the_fix(tmp_path):
    result = runner.invoke(app, ["analyze", "--store", str(tmp_path / "s.sqlite"), "--model", "no_such_model_xyz"])
    assert result.exit_code == 2
    assert "pip install" in result.output


@pytest.mark.model
def test_analyze_file_as_text_and_a_bad_format():
    text = runner.invoke(app, ["analyze-file", str(SEED), "--format", "text"], terminal_width=120)
    assert text.exit_code == 0 and "Frames" in text.stdout and "Claims (" in text.stdout
    bad = runner.invoke(app, ["analyze-file", str(SEED), "--format", "yaml"])
    assert bad.exit_code == 2 and "--format must be json or text" in bad.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"framelens {__version__}"


def _commands() -> list[str]:
    return [command.name or command.callback.__name__.replace("_", "-") for command in app.registered_commands]


def test_every_command_takes_quiet_and_verbose_and_flags_show_no_value():
    for name in _commands():
        result = runner.invoke(app, [name, "--help"], terminal_width=200)
        assert "-q" in result.output and "--quiet" in result.output, name
        assert "-v" in result.output and "--verbose" in result.output, name
        assert "<bool>" not in result.output, f"{name} --help shows a value placeholder on a flag"
    assert "<bool>" not in runner.invoke(app, ["--help"], terminal_width=200).output


def test_shell_completion_is_offered():
    assert "--show-completion" in runner.invoke(app, ["--help"], terminal_width=200).output


def test_a_rerun_prints_one_line_for_all_its_duplicates(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i}.txt").write_text(f"Article number {i} says the council met on Tuesday.\n",
                                         encoding="utf-8")
    copies = tmp_path / "copies"
    copies.mkdir()
    for path in folder.iterdir():
        (copies / path.name).write_bytes(path.read_bytes())
    store = str(tmp_path / "s.sqlite")
    assert runner.invoke(app, ["ingest", str(folder), "--store", store, "-q"]).exit_code == 0
    again = runner.invoke(app, ["ingest", str(copies), "--store", store, "-q"], terminal_width=200)
    assert again.exit_code == 0
    assert again.stdout.count("duplicate") == 2  # the table row and one summary line
    assert "12 duplicate(s): the same text is already in the store" in again.stdout
    # The same folder again: its files have not changed, so they are not even read; one row says so.
    unchanged = runner.invoke(app, ["ingest", str(folder), "--store", store, "-q"], terminal_width=200)
    assert "unchanged files, not read again │ 12 (12 articles)" in unchanged.stdout
    assert "duplicate(s)" not in unchanged.stdout


@pytest.mark.model
def test_run_reports_on_the_articles_of_its_paths_only(tmp_path):
    store = str(tmp_path / "s.sqlite")
    first, second = tmp_path / "demo", tmp_path / "mine" / "daily-planet"
    first.mkdir()
    second.mkdir(parents=True)
    (first / "seed.txt").write_text("The demo outlet said the river rose by 2 metres on Monday.\n", encoding="utf-8")
    (second / "a.txt").write_text("Council Votes on Housing\n\nThe council voted 7 to 2 to fund housing, "
                                  "the mayor said on Tuesday.\n", encoding="utf-8")
    assert runner.invoke(app, ["run", str(first), "--out", str(tmp_path / "demo-out"), "--store", store,
                               "-q"]).exit_code == 0
    result = runner.invoke(app, ["run", str(tmp_path / "mine"), "--out", str(tmp_path / "out"), "--store", store,
                                 "-q"], terminal_width=200)
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "1 analysed article(s) from 1 outlet(s)" in html
    assert "river rose" not in html and "demo" not in html.split("<main>")[1]
    claims = (tmp_path / "out" / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    assert claims and all("council" in json.loads(line)["text"] for line in claims)
