"""Paths: no symlink followed out of the given folders, no FIFO or device read, reads bounded."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from pipeline.errors import InputRejected
from pipeline.ingest.paths import expand_paths, read_bounded
from tests.robustness.support import GOOD, corpus, ingest, reason_of

posix_only = pytest.mark.skipif(os.name != "posix", reason="symlinks, FIFOs and /dev need POSIX")


def _finishes(function, seconds: float = 30):
    """Run ``function`` in a thread; fail (instead of hanging the suite) if it does not end in time."""
    box: dict[str, object] = {}
    thread = threading.Thread(target=lambda: box.setdefault("value", function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not finish in {seconds} s"
    return box["value"]


@posix_only
def test_symlinks_out_of_the_folder_are_named_and_skipped(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Private notes. Not an article for this corpus.")
    folder = corpus(tmp_path / "in", {})
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "up").symlink_to("..")
    (folder / "self").symlink_to(".")
    (folder / "inside.txt").symlink_to(folder / "a-first.txt")  # inside: read (a duplicate here)
    outcome = _finishes(lambda: ingest([folder], tmp_path / "s.sqlite"))
    assert outcome.exit_code == 1
    reason, detail = reason_of(outcome, "passwd.txt")
    assert reason == "symlink" and detail == (f"a symbolic link out of the folder (to {outside}); "
                                              "--follow-symlinks reads it")
    assert reason_of(outcome, "up")[0] == "symlink"
    assert outcome.stored == set(GOOD)
    assert any(o.endswith("inside.txt") and status == "duplicate" for o, status, _, _ in outcome.inputs)


@posix_only
def test_follow_symlinks_reads_links_out_of_the_folder_and_still_ends_on_loops(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "far.txt").write_text("A linked article. It lives elsewhere.")
    folder = corpus(tmp_path / "in", {})
    (folder / "linked").symlink_to(outside)
    (folder / "self").symlink_to(".")  # a loop: the folder is walked once
    outcome = _finishes(lambda: ingest([folder], tmp_path / "s.sqlite", "--follow-symlinks"))
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stored == set(GOOD) | {"far.txt"}


@posix_only
def test_a_quoted_recursive_glob_over_symlinks_to_parent_folders_ends(tmp_path):
    folder = corpus(tmp_path / "L", {})
    (folder / "sub").mkdir()
    (folder / "sub" / "deep.txt").write_text("A deeper article. It is in a subfolder.")
    (folder / "sub" / "loop").symlink_to("..")
    (folder / "up").symlink_to("..")
    found = _finishes(lambda: list(expand_paths([f"{folder}/**/*.txt"])), seconds=10)
    files = sorted(p.name for p in found if isinstance(p, Path))
    assert files == ["a-first.txt", "deep.txt", "z-last.txt"]


def test_a_glob_that_matches_nothing_is_named(tmp_path):
    outcome = ingest([f"{tmp_path}/nothing/*.txt"], tmp_path / "s.sqlite")
    assert outcome.exit_code == 1 and "no file matches this pattern" in outcome.output


def test_a_glob_matching_folders_reads_them_whole(tmp_path):
    corpus(tmp_path / "news" / "reuters", {})
    files = sorted(p.name for p in expand_paths([f"{tmp_path}/news/*"]) if isinstance(p, Path))
    assert files == sorted(GOOD)


@posix_only
def test_a_fifo_named_txt_is_skipped_without_waiting(tmp_path):
    folder = corpus(tmp_path / "in", {})
    os.mkfifo(folder / "pipe.txt")
    outcome = _finishes(lambda: ingest([folder], tmp_path / "s.sqlite"), seconds=20)
    assert outcome.exit_code == 1
    assert reason_of(outcome, "pipe.txt") == ("not_regular", "a FIFO (named pipe), not a regular file")
    assert outcome.stored == set(GOOD)


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_symlink_to_dev_zero_is_not_read_even_when_links_are_followed(tmp_path):
    folder = corpus(tmp_path / "in", {})
    (folder / "zero.txt").symlink_to("/dev/zero")
    outcome = _finishes(lambda: ingest([folder], tmp_path / "s.sqlite", "--follow-symlinks"), seconds=20)
    assert reason_of(outcome, "zero.txt") == ("not_regular", "a character device, not a regular file")
    assert outcome.stored == set(GOOD)
    (tmp_path / "named.txt").symlink_to("/dev/zero")  # given by name: followed, and still not read
    named = _finishes(lambda: ingest([tmp_path / "named.txt"], tmp_path / "s2.sqlite"), seconds=20)
    assert named.exit_code == 1 and "a character device, not a regular file" in named.output


def test_the_size_limit_is_enforced_on_what_is_read(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    with pytest.raises(InputRejected) as error:
        read_bounded(big, max_bytes=100)
    assert (error.value.reason, error.value.detail) == (
        "too_large", "more than the 100-byte limit (--max-mb)")
    assert read_bounded(big, max_bytes=5000) == big.read_bytes()


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="no /proc")
def test_a_file_whose_stat_size_is_zero_is_still_bounded():
    assert os.stat("/proc/self/status").st_size == 0  # stat says empty; the read says otherwise
    with pytest.raises(InputRejected) as error:
        read_bounded(Path("/proc/self/status"), max_bytes=16)
    assert error.value.reason == "too_large"
