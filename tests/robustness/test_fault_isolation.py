"""Inputs that used to end the whole ingest: each is now rejected (or read) with its reason, and the
articles around it are stored."""

from __future__ import annotations

import json
import os
import sys

import pytest

from pipeline.ingest import Rejected, read_articles
from tests.robustness.support import GOOD, corpus, ingest, reason_of

BOTH_GOOD = set(GOOD)


def test_yaml_alias_bomb_in_front_matter_is_rejected_without_expanding(tmp_path):
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    bomb = "---\n" + "\n".join(levels) + "\ntitle: Bomb\n---\nA body that is fine. It has two sentences.\n"
    outcome = ingest([corpus(tmp_path / "in", {"bomb.md": bomb})], tmp_path / "s.sqlite")
    assert outcome.exit_code == 1
    assert reason_of(outcome, "bomb.md") == ("malformed_front_matter",
                                             "YAML aliases (*a) are not allowed in front matter")
    assert outcome.stored == BOTH_GOOD


def test_deeply_nested_front_matter_is_rejected_before_yaml_parses_it(tmp_path):
    md = "---\ntitle: " + "[" * 60_000 + "\n---\nA body. It is fine.\n"
    outcome = ingest([corpus(tmp_path / "in", {"deep.md": md})], tmp_path / "s.sqlite")
    assert reason_of(outcome, "deep.md") == ("malformed_front_matter", "nested deeper than 64 levels")
    assert outcome.stored == BOTH_GOOD


def test_front_matter_without_aliases_still_reads(tmp_path):
    md = "---\ntitle: Plain\nauthors: [Ana Ruiz, Tom Lee]\n---\nThe bill passed on Monday. Critics spoke.\n"
    article = next(a for a in read_articles([corpus(tmp_path / "in", {"m.md": md}) / "m.md"]))
    assert (article.title, article.authors) == ("Plain", ("Ana Ruiz", "Tom Lee"))


@pytest.mark.parametrize("name,content,detail", [
    ("deep.json", "[" * 100_000, "nested deeper than 64 levels"),
    ("deep-closed.json", "[" * 500 + "]" * 500, "nested deeper than 64 levels"),
    ("deep-text.json", '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested deeper than 64 levels"),
    ("bigint.json", '{"text": "A story. It is short.", "n": ' + "9" * 5000 + "}", "integer string"),
])
def test_deeply_nested_or_huge_json_is_rejected(tmp_path, name, content, detail):
    outcome = ingest([corpus(tmp_path / "in", {name: content})], tmp_path / "s.sqlite")
    assert outcome.exit_code == 1
    reason, found = reason_of(outcome, name)
    assert reason == "malformed_json" and detail in found
    assert outcome.stored == BOTH_GOOD


def test_deep_jsonl_line_is_rejected_with_its_line_number_and_the_next_line_read(tmp_path):
    lines = [json.dumps({"text": "The first record. It is fine."}), "[" * 100_000,
             json.dumps({"text": "The third record. It is fine too."})]
    outcome = ingest([corpus(tmp_path / "in", {"feed.jsonl": "\n".join(lines)})], tmp_path / "s.sqlite")
    assert reason_of(outcome, "feed.jsonl:2") == ("malformed_json", "line 2: nested deeper than 64 levels")
    assert outcome.stored == BOTH_GOOD | {"feed.jsonl"}
    assert sum(1 for origin, status, _, _ in outcome.inputs if status == "ingested" and "feed" in origin) == 2


def test_a_text_of_brackets_only_is_not_an_article(tmp_path):
    outcome = ingest([corpus(tmp_path / "in", {"brackets.json": json.dumps({"text": "[" * 100_000})})],
                     tmp_path / "s.sqlite")
    assert reason_of(outcome, "brackets.json") == ("empty", "no words in the text (no letters at all)")
    assert outcome.stored == BOTH_GOOD


@pytest.mark.parametrize("name,content", [
    ("lone.jsonl", '{"text": "Hello \\ud83d world. The vote passed.", "title": "T\\udc00"}\n'),
    ("lone.json", '[{"text": "Hello \\ud83d world. The vote passed.", "source": "W\\ud800ire"}]'),
])
def test_lone_surrogates_become_replacement_characters_and_are_reported(tmp_path, name, content):
    outcome = ingest([corpus(tmp_path / "in", {name: content})], tmp_path / "s.sqlite")
    assert outcome.exit_code == 0  # ingested, with a note
    reason, detail = reason_of(outcome, name)
    assert reason == "replaced_characters" and "lone surrogate(s)" in detail
    assert "replaced_characters" in outcome.output
    assert outcome.stored == BOTH_GOOD | {name}


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_stored_with_its_bytes_escaped(tmp_path):
    folder = corpus(tmp_path / "in", {})
    (folder / os.fsdecode(b"caf\xe9-report.txt")).write_text("The caf\u00e9 closed on Monday. Rent rose.")
    outcome = ingest([folder], tmp_path / "s.sqlite")
    assert outcome.exit_code == 0
    assert "caf\\xe9-report.txt" in outcome.stored and outcome.stored >= BOTH_GOOD


def test_any_exception_in_a_reader_rejects_only_that_input(tmp_path, monkeypatch):
    import trafilatura

    def explode(*args, **kwargs):
        raise MemoryError("simulated: the page blew up the parser")

    monkeypatch.setattr(trafilatura, "bare_extraction", explode)
    outcome = ingest([corpus(tmp_path / "in", {"page.html": "<html><body><p>Hi.</p></body></html>"})],
                     tmp_path / "s.sqlite")
    assert outcome.exit_code == 1
    assert reason_of(outcome, "page.html") == (
        "read_error", "could not be read: MemoryError: simulated: the page blew up the parser")
    assert outcome.stored == BOTH_GOOD


@pytest.mark.parametrize("record,title,source", [
    ({"title": {"text": "Nested title"}, "source": {"@type": "Organization", "name": "Reuters"}},
     "Nested title", "Reuters"),
    ({"title": ["First title", "Second"], "source": ["AP", "Reuters"]}, "First title", "AP"),
    ({"title": {"lang": "en"}, "source": [{"x": 1}], "headline": "The headline"}, "The headline", "in"),
    ({"title": True, "source": 42}, None, "42"),
])
def test_object_and_list_values_in_title_and_source_are_not_python_text(tmp_path, record, title, source):
    record = {"text": "The minister resigned on Friday. Her party said little.", **record}
    folder = corpus(tmp_path / "in", {"r.json": json.dumps(record)})
    article = next(a for a in read_articles([folder / "r.json"]))
    assert not isinstance(article, Rejected)
    assert (article.title, article.source) == (title, source)
    assert "{" not in (article.title or "") and "[" not in article.source


def test_unusable_title_stays_in_the_metadata(tmp_path):
    record = {"text": "The minister resigned on Friday. Her party said little.", "title": {"lang": "en"}}
    folder = corpus(tmp_path / "in", {"r.json": json.dumps(record)})
    article = next(a for a in read_articles([folder / "r.json"]))
    assert article.title is None and article.metadata == {"title": {"lang": "en"}}
