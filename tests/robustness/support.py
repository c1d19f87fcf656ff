"""Helpers for the robustness tests: a folder of good articles around one bad input, run through the CLI."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

# Two ordinary articles, named to sort before and after any bad input: both must be stored.
GOOD = {
    "a-first.txt": "The council approved the budget on Monday. The mayor said costs would rise by 4 percent.",
    "z-last.txt": "Officials said 40 people crossed the border last week. The governor disagreed with them.",
}
runner = CliRunner()


@dataclass
class Outcome:
    exit_code: int
    output: str  # stdout and stderr
    stored: set[str]  # file names of the stored articles
    inputs: list[tuple[str, str, str | None, str | None]]  # run_inputs: origin, status, reason, detail


def corpus(folder: Path, bad: dict[str, str | bytes]) -> Path:
    """``folder`` with the two good articles and the given bad inputs (text or bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, content in bad.items():
        path = folder / os.fsdecode(name)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def invoke(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args], terminal_width=200)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a failure of the test, shown in full
    return result.exit_code, result.output


def ingest(paths: list[str | Path], store: Path, *options: str) -> Outcome:
    """``framelens ingest PATHS --store STORE -q OPTIONS`` and what the store holds afterwards."""
    code, output = invoke("ingest", *paths, "--store", store, "-q", *options)
    return Outcome(code, output, stored_names(store), run_inputs(store))


def stored_names(store: Path) -> set[str]:
    if not store.exists():
        return set()
    with sqlite3.connect(store) as db:
        paths = [path for (path,) in db.execute("SELECT path FROM articles")]
    return {Path(path.split(":")[0].split("#")[0]).name for path in paths}


def run_inputs(store: Path) -> list[tuple[str, str, str | None, str | None]]:
    if not store.exists():
        return []
    with sqlite3.connect(store) as db:
        return list(db.execute("SELECT origin, status, reason, detail FROM run_inputs ORDER BY rowid"))


def reason_of(outcome: Outcome, name: str) -> tuple[str | None, str | None]:
    """The (reason, detail) recorded for the input whose origin ends with ``name``."""
    found = [(reason, detail) for origin, status, reason, detail in outcome.inputs
             if Path(origin).name.startswith(name) and status in ("skipped", "note")]
    assert found, f"{name} not recorded in run_inputs: {outcome.inputs}"
    return found[0]
