"""Bytes read as the text they are: UTF-16 with or without a mark, UTF-8 with stray bytes, cp1252."""

from __future__ import annotations

import codecs

import pytest

from pipeline.ingest import read_articles
from pipeline.ingest.decoding import Decoded, decode
from pipeline.records import Article
from tests.robustness.support import GOOD, corpus, ingest, reason_of

TEXT = "The “reform” passed on Monday. Ministers said café owners would pay 5 % less."


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("utf-16-le"),
    TEXT.encode("utf-16-be"),
    TEXT.encode("utf-16"),  # the platform's order, with its mark
    codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
])
def test_utf16_utf32_and_utf8_with_or_without_a_mark_read_exactly(tmp_path, data):
    folder = corpus(tmp_path / "in", {"wide.txt": data})
    outcome = ingest([folder], tmp_path / "s.sqlite")
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stored == set(GOOD) | {"wide.txt"}
    article = next(a for a in read_articles([folder / "wide.txt"]))
    assert article.text == TEXT


def test_utf8_with_one_stray_byte_is_read_as_utf8_and_the_summary_says_so(tmp_path):
    data = TEXT.encode("utf-8").replace(b"Monday", b"Mon\xffday")
    folder = corpus(tmp_path / "in", {"stray.txt": data})
    outcome = ingest([folder], tmp_path / "s.sqlite")
    assert outcome.exit_code == 0
    assert reason_of(outcome, "stray.txt") == (
        "replaced_bytes", "1 invalid UTF-8 byte sequence(s) replaced by U+FFFD; the rest read as UTF-8")
    assert "ingested with a note: replaced_bytes" in outcome.output
    article = next(a for a in read_articles([folder / "stray.txt"]) if isinstance(a, Article))
    assert "“reform”" in article.text and "Mon\ufffdday" in article.text  # no mojibake (â€œ)


def test_a_cp1252_file_is_still_read_as_cp1252():
    data = TEXT.replace("%", "percent").encode("cp1252")
    assert decode(data) == Decoded(TEXT.replace("%", "percent"), "cp1252")


@pytest.mark.parametrize("data,reason,detail", [
    (b"some text\x00\x00\x00 with NUL bytes", "binary", "binary content (NUL bytes), not text"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary", "binary content (PDF), not text"),
    (b"Caf\x81 \x8d\x8f\x90 undecodable \x9d bytes", "undecodable", "not valid UTF-8, UTF-16 or cp1252 text"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8A\x00", "undecodable", "not valid UTF-16 text"),  # a lone surrogate
])
def test_what_is_not_text_is_named(tmp_path, data, reason, detail):
    outcome = ingest([corpus(tmp_path / "in", {"bad.txt": data})], tmp_path / "s.sqlite")
    assert outcome.exit_code == 1
    assert reason_of(outcome, "bad.txt") == (reason, detail)
    assert outcome.stored == set(GOOD)
