"""Settings mistakes are one-line messages with exit code 2; a framelens.toml in the working folder is not
read unless named; the user's own config file is."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.settings import known_keys, load_settings
from tests.robustness.support import corpus, invoke


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _ingest_with(tmp_path: Path, *options: str | Path) -> tuple[int, str]:
    folder = corpus(tmp_path / "in", {})
    return invoke("ingest", folder, "--store", tmp_path / "s.sqlite", "-q", *options)


@pytest.mark.parametrize("text,message", [
    ("[framelens]\nbatch = 4\n", "unknown setting(s) 'batch'; known settings: authors_field, batch_size,"),
    ("[framelens\nstore = 1", "is not valid TOML: "),
    ("framelens = 3\n", "'framelens' must be a table ([framelens]) of settings, not an integer"),
    ("[framelens]\nbatch_size = \"x\"\n", "'batch_size' must be an integer, not a string 'x'"),
    ("[framelens]\nbatch_size = 0\n", "'batch_size' must be at least 1, not 0"),
    ("[framelens]\nn_process = -2\n", "'n_process' must be at least 1, not -2"),
    ("[framelens]\nfollow_symlinks = \"yes\"\n",
     "'follow_symlinks' must be true or false, not a string 'yes'"),
    ("[framelens]\nengine = \"bogus\"\n", "'engine' must be one of local, dask, not 'bogus'"),
    ("[framelens]\nscheduler = \"not an address\"\n", "'scheduler' must be an address like tcp://host:8786"),
    ("[framelens]\nscheduler = \"tcp://host:99999\"\n", "'scheduler' must be an address like tcp://host:8786"),
    ("[framelens.fields]\nheadline = \"title\"\n", "unknown field(s) 'headline' in [framelens.fields]"),
    ("[framelens]\ntext_field = 3\n",
     "field 'text' must be a string (a record field's name), not an integer"),
    ("[other]\nx = 1\n", "unknown key(s) 'other' at the top level; settings go in a [framelens] table"),
])
def test_a_bad_settings_file_is_one_line_and_exit_2(tmp_path, text, message):
    path = _config(tmp_path, text)
    code, output = _ingest_with(tmp_path, "--config", path)
    assert code == 2, output
    assert message in output and str(path) in output
    assert len(output.strip().splitlines()) == 1 and "Traceback" not in output
    assert not (tmp_path / "s.sqlite").exists()  # nothing was done


def test_the_unknown_key_message_lists_every_known_key(tmp_path):
    code, output = _ingest_with(tmp_path, "--config", _config(tmp_path, "[framelens]\nengin = 'dask'\n"))
    assert code == 2 and all(key in " ".join(output.split()) for key in known_keys())


def test_a_missing_config_file_is_named(tmp_path):
    code, output = _ingest_with(tmp_path, "--config", tmp_path / "nope.toml")
    assert code == 2 and f"settings file {tmp_path / 'nope.toml'} does not exist" in " ".join(output.split())


@pytest.mark.parametrize("options,message", [
    (["--engine", "bogus"], "--engine must be one of local, dask, not 'bogus'"),
    (["--scheduler", "tcp://"], "--scheduler must be an address like tcp://host:8786, not 'tcp://'"),
    (["--n-process", "0"], "--n-process must be at least 1, not 0"),
])
def test_bad_flags_are_one_line_and_exit_2(tmp_path, options, message):
    code, output = invoke("analyze", "--store", tmp_path / "s.sqlite", "-q", *options)
    assert code == 2 and message in output and "Traceback" not in output


def test_a_good_settings_file_is_used(tmp_path):
    path = _config(tmp_path, "[framelens]\nbatch_size = 3\nscheduler = \"10.0.0.5:8786\"\n"
                             "csv_delimiter = \"\\\\t\"\n"
                             "[framelens.fields]\ntext = \"story\"\n")
    settings = load_settings(path)
    assert (settings.batch_size, settings.scheduler, settings.csv_delimiter, settings.fields.text) == (
        3, "tcp://10.0.0.5:8786", "\t", "story")
    assert load_settings(path, batch_size=5).batch_size == 5  # a flag wins over the file


def test_a_framelens_toml_in_the_working_folder_is_not_read_and_stderr_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-user-config"))
    corpus_dir = corpus(tmp_path / "articles", {})
    (corpus_dir / "framelens.toml").write_text('[framelens]\nengine = "dask"\nscheduler = "tcp://evil.example:8786"\n')
    monkeypatch.chdir(corpus_dir)
    settings = load_settings()
    assert (settings.engine, settings.scheduler) == ("local", None)
    code, output = invoke("ingest", ".", "--store", tmp_path / "s.sqlite", "-q")
    assert code == 1  # framelens.toml itself is skipped as an unsupported file; the articles are stored
    note = "framelens.toml in the working folder is not read; pass --config framelens.toml to use it"
    assert note in output
    code, output = invoke("ingest", "a-first.txt", "--store", tmp_path / "s.sqlite", "-q",
                          "--config", "framelens.toml")
    assert code == 0 and note not in output  # named: read, and no note


def test_the_user_config_file_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "framelens").mkdir()
    (tmp_path / "framelens" / "config.toml").write_text("[framelens]\nbatch_size = 7\n")
    assert load_settings().batch_size == 7
    (tmp_path / "framelens" / "config.toml").write_text("[framelens]\nbatch_size = 0\n")
    with pytest.raises(Exception, match="config.toml: 'batch_size' must be at least 1"):
        load_settings()


def test_an_unreachable_scheduler_is_a_message(tmp_path):
    pytest.importorskip("distributed")
    import socket

    import dask

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _ingest_with(tmp_path)
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        code, output = invoke("analyze", "--store", tmp_path / "s.sqlite", "-q", "--engine", "dask",
                              "--scheduler", f"127.0.0.1:{port}")
    assert code == 2 and "Traceback" not in output
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in " ".join(output.split())
