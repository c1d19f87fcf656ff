"""Store and output mistakes: one-line messages with exit code 2, nothing created by read commands,
read-only stores readable."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from pipeline.store import SCHEMA_VERSION, Store
from tests.export_fixtures import build_store
from tests.robustness.support import corpus, invoke

READ_COMMANDS = [["export", "claims"], ["report", "--out", "{out}"], ["show", "0000"], ["compare"]]


def _read(command: list[str], store: Path, tmp_path: Path) -> tuple[int, str]:
    args = [a.replace("{out}", str(tmp_path / "out")) for a in command]
    return invoke(*args, "--store", store)


def _one_line_error(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in output, output
    return " ".join(output.split())


@pytest.fixture()
def analysed(tmp_path: Path) -> Path:
    path = tmp_path / "store" / "s.sqlite"
    path.parent.mkdir()
    build_store(path).close()
    return path


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_on_a_missing_store_exit_2_and_create_nothing(tmp_path, command):
    store = tmp_path / "nowhere" / "s.sqlite"
    code, output = _read(command, store, tmp_path)
    assert code == 2
    assert f"no store at {store}" in _one_line_error(output)
    assert not (tmp_path / "nowhere").exists()


def test_a_store_whose_parent_is_a_file_is_named(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    folder = corpus(tmp_path / "in", {})
    code, output = invoke("ingest", folder, "--store", tmp_path / "file" / "s.sqlite", "-q")
    assert code == 2
    assert f"cannot create the store's folder {tmp_path / 'file'}" in _one_line_error(output)


def test_a_store_that_is_a_folder_is_named(tmp_path):
    (tmp_path / "folder.sqlite").mkdir()
    code, output = invoke("ingest", corpus(tmp_path / "in", {}), "--store", tmp_path / "folder.sqlite", "-q")
    assert code == 2 and "is a folder" in _one_line_error(output)


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["ingest", "{in}"]], ids=lambda c: c[0])
def test_a_file_that_is_not_sqlite_is_not_a_store(tmp_path, command):
    store = tmp_path / "bad.sqlite"
    store.write_bytes(b"not a database at all" * 100)
    before = store.read_bytes()
    args = [a.replace("{in}", str(corpus(tmp_path / "in", {}))) for a in command]
    code, output = _read(args, store, tmp_path)
    assert code == 2 and "is not a framelens store" in _one_line_error(output)
    assert store.read_bytes() == before


def test_an_sqlite_file_of_another_program_is_not_a_store(tmp_path):
    store = tmp_path / "other.sqlite"
    with contextlib.closing(sqlite3.connect(store)) as db:
        db.execute("CREATE TABLE notes (x)")
    code, output = invoke("show", "abcd", "--store", store)
    assert code == 2 and "is not a framelens store (no articles table)" in _one_line_error(output)


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["analyze"]], ids=lambda c: c[0])
def test_a_store_of_a_newer_schema_is_refused(tmp_path, analysed, command):
    with contextlib.closing(sqlite3.connect(analysed)) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    code, output = _read(command, analysed, tmp_path)
    assert code == 2
    newer = f"has schema {SCHEMA_VERSION + 1}, newer than this framelens ({SCHEMA_VERSION})"
    assert newer in _one_line_error(output)


@pytest.mark.parametrize("command", [["export", "claims"], ["report", "--out", "{out}"]], ids=lambda c: c[0])
def test_a_truncated_store_is_a_message(tmp_path, analysed, command):
    with open(analysed, "r+b") as handle:
        handle.truncate(os.path.getsize(analysed) // 2)
    with contextlib.suppress(FileNotFoundError):
        os.remove(f"{analysed}-wal")
    code, output = _read(command, analysed, tmp_path)
    assert code == 2
    assert "store" in _one_line_error(output) and "malformed" in output


def test_read_commands_do_not_write_the_store(tmp_path, analysed):
    before = analysed.read_bytes()
    article = Store(analysed, read_only=True).article_ids()[0]
    for command in (["export", "articles"], ["report", "--out", "{out}"], ["show", article], ["compare"]):
        code, output = _read(command, analysed, tmp_path)
        assert code == 0, (command, output)
    assert analysed.read_bytes() == before
    with pytest.raises(sqlite3.OperationalError, match="readonly"), Store(analysed, read_only=True) as store:
        store.db.execute("DELETE FROM articles")


@contextlib.contextmanager
def _immutable(*paths: Path):
    """Make files and folders unwritable even for root (chattr +i), or skip the test."""
    if os.geteuid() != 0:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            for path in paths:
                path.chmod(0o755 if path.is_dir() else 0o644)
        return
    chattr = shutil.which("chattr")
    done: list[Path] = []
    try:
        for path in paths:
            if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True,
                                                check=False).returncode:
                pytest.skip("cannot make a file read-only for root here (chattr +i)")
            done.append(path)
        yield
    finally:
        for path in done:
            subprocess.run([chattr, "-i", str(path)], capture_output=True, check=False)


def test_a_read_only_store_is_readable_by_every_read_command(tmp_path, analysed):
    with contextlib.closing(sqlite3.connect(analysed)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for leftover in (f"{analysed}-wal", f"{analysed}-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(leftover)
    article = "1"
    with _immutable(analysed, analysed.parent):
        article = Store(analysed, read_only=True).article_ids()[0]
        for command in (["export", "claims", "--format", "csv"], ["report", "--out", "{out}"],
                        ["show", article], ["compare", "--min-articles", "1"]):
            code, output = _read(command, analysed, tmp_path)
            assert code == 0, (command, output)
        code, output = invoke("ingest", corpus(tmp_path / "in", {}), "--store", analysed, "-q")
        message = _one_line_error(output)
        assert code == 2 and ("read-only" in message or "are it and its folder writable?" in message)


def test_disk_full_while_ingesting_is_a_message(tmp_path, monkeypatch):
    """SQLite's page cap stands in for a full disk: the same SQLITE_FULL error, without filling one."""
    original = Store.__init__

    def capped(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.db.execute("PRAGMA max_page_count = 40")

    monkeypatch.setattr(Store, "__init__", capped)
    folder = corpus(tmp_path / "in", {f"big-{i}.txt": f"Story {i} says a lot. " * 2000 for i in range(5)})
    code, output = invoke("ingest", folder, "--store", tmp_path / "s.sqlite", "-q")
    assert code == 2 and "database or disk is full" in _one_line_error(output)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_export_to_dev_full_is_a_message(analysed):
    code, output = invoke("export", "claims", "-o", "/dev/full", "--store", analysed)
    assert code == 2 and "cannot write /dev/full: No space left on device" in _one_line_error(output)


def test_report_out_pointing_at_a_file_is_a_message(tmp_path, analysed):
    (tmp_path / "taken").write_text("a file")
    code, output = invoke("report", "--out", tmp_path / "taken", "--store", analysed)
    assert code == 2 and f"{tmp_path / 'taken'} is a file, not a folder" in _one_line_error(output)
    assert (tmp_path / "taken").read_text() == "a file"


def test_export_into_a_folder_path_is_a_message(tmp_path, analysed):
    code, output = invoke("export", "claims", "-o", tmp_path, "--store", analysed)
    assert code == 2 and f"{tmp_path} is a folder: give a file name" in _one_line_error(output)


def test_compare_by_a_field_no_article_has_is_a_message(analysed):
    code, output = invoke("compare", "--by", "no_such_field", "--store", analysed)
    assert code == 2 and "no article has a field 'no_such_field'" in _one_line_error(output)
