"""The command line as a user meets it: every command documented, run end to end on the sample corpus."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

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
    result = runner.invoke(app, ["analyze-file", str(SEED), "--json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
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
