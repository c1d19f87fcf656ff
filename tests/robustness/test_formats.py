"""Inputs that used to be read wrongly without a word: ordinary pandas CSV exports, navigation-only pages."""

from __future__ import annotations

import random

import pandas as pd

from pipeline.ingest import read_articles
from pipeline.records import Article
from tests.robustness.support import GOOD, corpus, ingest, reason_of

PIECES = ["The minister said", "“no”", 'a "quoted" word', "costs, rose", "by 5%;", "then\nleft", "tab\tbed",
          "semi; colon", "pipe | bar", "''", "\"\"", "café", "line\r\nbreak", "—", "O'Brien"]


def _random_frame(rng: random.Random) -> pd.DataFrame:
    def cell(words: int) -> str:
        return "Word " + " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, words))) + "."

    return pd.DataFrame({"title": [cell(3) for _ in range(5)], "text": [cell(12) for _ in range(5)],
                         "outlet": [cell(2) for _ in range(5)], "n": [rng.randint(-5, 5) for _ in range(5)]})


def test_eighty_random_pandas_exports_read_back_exactly(tmp_path):
    """The sniffer misread 17 of 80 such files; the standard dialect reads every one."""
    rng = random.Random(80)
    for i in range(80):
        frame = _random_frame(rng)
        path = tmp_path / f"export-{i}.csv"
        frame.to_csv(path, index=False)
        articles = [a for a in read_articles([path]) if isinstance(a, Article)]
        assert len(articles) == 5, path.read_text()
        for article, row in zip(articles, frame.to_dict("records"), strict=True):
            assert article.source == " ".join(row["outlet"].split())
            assert article.title == " ".join(row["title"].split())
            assert article.metadata == {"n": str(row["n"])}


NAVIGATION = """<html><head><title>Example News</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li></ul></nav>
<footer><p>Copyright 2021 Example News</p><a href="/privacy">Privacy</a></footer></body></html>"""
ARTICLE = """<html><head><title>Council passes budget</title></head><body><nav><a href="/">Home</a></nav>
<article><h1>Council passes budget</h1><p>The council approved the budget on Monday after a long debate.</p>
<p>The mayor said costs would rise by 4 percent next year.</p></article></body></html>"""


def test_a_page_of_navigation_only_is_not_an_article(tmp_path):
    outcome = ingest([corpus(tmp_path / "in", {"nav.html": NAVIGATION, "story.html": ARTICLE})],
                     tmp_path / "s.sqlite")
    assert outcome.exit_code == 1
    reason, detail = reason_of(outcome, "nav.html")
    assert reason == "no_text"
    assert detail.startswith("only navigation or page furniture in the HTML page (Home, World, Politics")
    assert outcome.stored == set(GOOD) | {"story.html"}
