"""CSV read in the standard dialect: quoted newlines and doubled quotes kept, bad rows named by line."""

from __future__ import annotations

import pandas as pd

from pipeline.ingest import IngestOptions, read_articles
from pipeline.records import Article
from tests.robustness.support import GOOD, corpus, ingest, reason_of


def test_pandas_exports_with_quoted_newlines_and_doubled_quotes_read_exactly(tmp_path):
    frame = pd.DataFrame({
        "title": ["Budget, again", 'The "deal"', "Line\nbreak"],
        "text": ['He said "no".\n\nThen left; the council, 5-4, agreed.', "One, two; three.\tTabbed.",
                 'Quote: ""doubled"" and, commas.'],
        "outlet": ["Wire; Inc", "Daily, The", 'A "quoted" outlet'],
    })
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    articles = [a for a in read_articles([path]) if isinstance(a, Article)]
    assert [(a.title, a.source) for a in articles] == [
        ("Budget, again", "Wire; Inc"), ('The "deal"', "Daily, The"), ("Line break", 'A "quoted" outlet')]
    assert articles[0].text.startswith('He said "no".')


def test_a_row_with_a_wrong_field_count_is_rejected_with_its_line_number(tmp_path):
    csv_text = ('text,outlet\n"First story. It is fine.",Wire\n"Second, with an extra field.",Wire,extra\n'
                '"Third story,\nover two lines.",Wire\n"Fourth, short row."\n"Fifth story. Fine.",Wire\n')
    outcome = ingest([corpus(tmp_path / "in", {"rows.csv": csv_text})], tmp_path / "s.sqlite")
    assert outcome.exit_code == 1
    assert reason_of(outcome, "rows.csv:3") == ("malformed_csv", "line 3: 3 fields, the header has 2")
    assert reason_of(outcome, "rows.csv:6") == ("malformed_csv", "line 6: 1 fields, the header has 2")
    ingested = sorted(o.split(":")[-1] for o, status, _, _ in outcome.inputs
                      if status == "ingested" and "rows" in o)
    assert ingested == ["2", "4", "7"]  # a record starts on the line given
    assert set(GOOD) <= outcome.stored


def test_semicolon_csv_needs_the_delimiter_flag_and_the_message_says_so(tmp_path):
    folder = corpus(tmp_path / "in", {"semi.csv": "text;outlet\nA story, with a comma. Fine.;Wire\n"})
    outcome = ingest([folder], tmp_path / "s.sqlite")
    reason, detail = reason_of(outcome, "semi.csv")
    assert reason == "no_text" and "use --csv-delimiter ';'" in detail
    outcome = ingest([folder], tmp_path / "s2.sqlite", "--csv-delimiter", ";")
    assert outcome.exit_code == 0 and "semi.csv" in outcome.stored


def test_tab_separated_with_the_flag(tmp_path):
    path = tmp_path / "tabs.csv"
    path.write_text("text\toutlet\nA story, with commas. Fine.\tWire\n", encoding="utf-8")
    articles = list(read_articles([path], IngestOptions(csv_delimiter="\t")))
    assert [(a.text, a.source) for a in articles] == [("A story, with commas. Fine.", "Wire")]


def test_a_header_only_csv_is_recorded(tmp_path):
    outcome = ingest([corpus(tmp_path / "in", {"header.csv": "title,text,outlet\n"})], tmp_path / "s.sqlite")
    assert outcome.exit_code == 1
    assert reason_of(outcome, "header.csv") == ("empty", "a CSV header and no rows")
    assert outcome.stored == set(GOOD)


def test_an_unclosed_quote_is_one_bad_row_not_a_garbage_article(tmp_path):
    csv_text = ('text,outlet\n"First story. Fine.",Wire\n"Unclosed, story,Wire\n"Third. Fine.",Wire\n'
                '"Fourth. Fine.",Wire\n')
    outcome = ingest([corpus(tmp_path / "in", {"q.csv": csv_text})], tmp_path / "s.sqlite")
    assert reason_of(outcome, "q.csv:3") == ("malformed_csv", "line 3: ',' expected after '\"'")
    assert outcome.exit_code == 1
    ingested = sorted(o.split(":")[-1] for o, status, _, _ in outcome.inputs
                      if status == "ingested" and "q.csv" in o)
    assert ingested == ["2", "5"]
