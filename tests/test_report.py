"""The report: content, caps, escaping of hostile article text, and a render in headless Chromium."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.report import compare_section, safe_url, write_report
from pipeline.report.data import collect, frame_weights
from pipeline.report.markdown import md
from pipeline.report.marks import Mark, mark_text
from pipeline.store import Store
from tests.export_fixtures import HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_TITLE, build_store

SECTION_IDS = ("overview", "checkworthy", "vague", "claims", "articles")


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    db = build_store(tmp_path / "store.sqlite")
    yield db
    db.close()


@pytest.fixture()
def report(store: Store, tmp_path: Path) -> tuple[str, str, Path]:
    paths = write_report(store, tmp_path / "out", title="Test corpus")
    assert [p.name for p in paths] == ["report.html", "report.md"]
    return paths[0].read_text(encoding="utf-8"), paths[1].read_text(encoding="utf-8"), paths[0]


class _Tags(HTMLParser):
    """Collects every start tag with its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_bodies: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_bodies.append(data)


def test_report_has_every_section_and_chart(report: tuple[str, str, Path]) -> None:
    html, _, _ = report
    for section in SECTION_IDS:
        assert f'<section id="{section}">' in html
    for chart in ("chart-frames", "chart-devices", "chart-attribution"):
        assert f'<figure id="{chart}"><svg' in html
    assert "<title>Test corpus</title>" in html
    # overview numbers: 4 articles, 3 outlets, 11 claims, 6 figures, 2 quotes, 3 devices (the fourth scores
    # 0.4, below the default min_device_score)
    stats = {label: int(n.replace(",", "")) for n, label in
                 re.findall(r'<div class="stat"><strong>([\d,]+)</strong><span>([^<]+)</span>', html)}
    assert stats["articles analysed"] == 4 and stats["sources (outlets)"] == 3
    assert (stats["claims"], stats["figures"], stats["quotes"], stats["devices"]) == (11, 6, 2, 3)


def test_self_contained_no_network(report: tuple[str, str, Path]) -> None:
    html, _, _ = report
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
        assert not (tag == "script" and "src" in attrs)
        for name in ("src", "srcset", "poster", "data"):
            assert name not in attrs or tag == "tr", (tag, attrs)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # svg namespaces are identifiers, not requests; every other URL must be an article link
    hrefs = [a.get("href") or "" for t, a in parser.tags if t == "a"]
    assert all(h.startswith(("#", "https://")) for h in hrefs)


def test_hostile_article_is_escaped(report: tuple[str, str, Path], store: Store) -> None:
    html, markdown, _ = report
    stored = store.get_article(next(i for i in store.article_ids()
                                    if "Hostile" in (store.get_article(i).title or "")))
    assert stored is not None and HOSTILE_SCRIPT in stored.text and HOSTILE_IMG in stored.text
    parser = _Tags()
    parser.feed(html)
    assert sum(1 for tag, _ in parser.tags if tag == "script") == 1  # only the report's own script
    assert not any(tag in ("b", "img") for tag, _ in parser.tags)
    assert not any(name.startswith("on") for _, attrs in parser.tags for name in attrs)
    assert "pwned" not in "".join(parser.script_bodies)
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert "Hostile &lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html
    # Markdown: no raw HTML from the article survives either
    assert "<script" not in markdown and "<img" not in markdown and "<b>" not in markdown
    assert md(HOSTILE_TITLE).startswith("Hostile &lt;script&gt;")


def test_javascript_urls_are_not_linked(tmp_path: Path) -> None:
    assert safe_url("javascript:alert(1)") is None and safe_url("JaVaScRiPt:x") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://a.example/x?y=1") == "https://a.example/x?y=1"


def test_claims_lists(report: tuple[str, str, Path]) -> None:
    html, markdown, _ = report
    top = html[html.index('<section id="checkworthy">'):html.index('<section id="vague">')]
    first = re.findall(r'<li><span class="cl[^"]*">([^<]+)</span>', top)
    assert first[:3] == [("Immigrants added $1.2 trillion to the economy in 2022, a report by the Cato "
                          "Institute found."),
                         ("Border crossings rose by 40 percent in June, according to the Department of "
                          "Homeland Security."), "About 300 people marched, police said."]
    vague = html[html.index('<section id="vague">'):html.index('<section id="claims">')]
    assert re.findall(r'<li><span class="cl[^"]*">([^<]+)</span>', vague) == [
        "Experts say the number of arrivals could double next year.",
        "Officials warned that a flood of migrants would overwhelm shelters.",
        "Some say that the gains are unevenly shared across regions.", "Critics say the policy has failed."]
    table_start = html.index('<table id="claims-table">')
    table = html[table_start:html.index("</table>", table_start)]
    assert table.count("<tr data-kind=") == 11
    assert '<tr data-kind="vague" data-types="predictive">' in table
    assert "## Most check-worthy claims" in markdown and "## Claims on vague authority" in markdown
    assert "1. Immigrants added $1.2 trillion" in markdown


def test_article_text_is_marked_with_explanations(report: tuple[str, str, Path]) -> None:
    html, _, _ = report
    assert '<article class="art" id="a-' in html
    # the figure inside the first claim: claim, check-worthy and figure classes, each explained
    match = re.search(r'<span class="cl cw fig" title="([^"]+)">40 percent</span>', html)
    assert match, "figure inside a check-worthy claim is not marked"
    assert "Figure: 40 percent" in match.group(1) and "value 40 %" in match.group(1)
    assert "source: Department of Homeland Security (named, cue &#39;according to&#39;)" in match.group(1)
    # a claim's first piece carries its anchor, so the claim lists can link to it
    assert re.search(r'<span id="cl-[0-9a-f]{16}-c-\d+" class="cl vg cs" title="[^"]*Source \(vague\): '
                     r'Experts[^"]*">Experts</span>', html)
    assert re.search(r'<span class="[^"]*dev[^"]*" title="[^"]*Device: metaphor \(water_mass\)[^"]*">'
                     r"a flood of migrants</span>", html)
    assert re.search(r'<span class="q" title="Quote \(direct\) · speaker: Jane Smith · cue: said">'
                     r"We are out of beds,", html)
    assert "<h4>A Crisis at the Gate</h4>" in html  # section heading with its frames
    assert re.search(r'<div class="legend" id="legend">', html)


def test_mark_text_handles_overlaps_and_escapes() -> None:
    text = "a <b>x</b> c"
    marks = [Mark(0, 10, "cl", 'claim "1"'), Mark(2, 12, "dev", "d<e>v")]
    html = str(mark_text(text, marks))
    assert html == ('<span class="cl cs" title="claim &#34;1&#34;">a </span>'
                    '<span class="cl dev" title="claim &#34;1&#34;\nd&lt;e&gt;v">&lt;b&gt;x&lt;/b&gt;</span>'
                    '<span class="dev" title="d&lt;e&gt;v"> c</span>')
    assert str(mark_text(text, marks, 3, 4)) == (
        '<span class="cl dev" title="claim &#34;1&#34;\nd&lt;e&gt;v">b</span>')
    assert str(mark_text("plain", [])) == "plain"


def test_frame_weights_normalise_per_taxonomy() -> None:
    frames = [{"frame": "economic", "score": 0.6, "taxonomy": "issue", "share": None, "present": True},
              {"frame": "political", "score": 0.2, "taxonomy": "issue", "share": None, "present": True},
              {"frame": "crime_punishment", "score": 0.9, "taxonomy": "issue", "present": False},
              {"frame": "conflict", "score": 0.5, "taxonomy": "generic", "share": 0.3, "present": True}]
    weights = frame_weights(frames)
    assert weights["issue"] == pytest.approx({"economic": 0.75, "political": 0.25})
    assert set(weights) == {"issue", "generic"} and weights["generic"] == {"conflict": 1.0}


def test_caps_for_large_corpora(store: Store, tmp_path: Path) -> None:
    data = collect(store, title="t", max_claims=3, max_articles=2)
    assert [c.checkworthiness for c in data.claims] == [0.95, 0.9, 0.8]
    assert [len(d["claims"]) for d in data.articles] == [5, 3]
    html = write_report(store, tmp_path / "capped", max_claims=3, max_articles=2)[0].read_text()
    assert "The 3 most check-worthy of 11 claims" in html
    assert "The 2 most claim-rich of 4 articles are shown in full" in html
    assert html.count('<article class="art"') == 2


def test_sources_most_cited(store: Store) -> None:
    data = collect(store, title="t")
    assert dict(data.attribution_kinds) == {"named": 4, "vague": 4, "none": 3}
    assert {(s.name, s.kind, s.claims) for s in data.cited} >= {("Cato Institute", "named", 1),
                                                                 ("Experts", "vague", 1)}
    assert data.devices_per_1000["metaphor"] == pytest.approx(1000 / data.n_words)


def test_empty_store_report(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.sqlite") as empty:
        html = write_report(empty, tmp_path / "out")[0].read_text()
    assert "No claims were found." in html and '<section id="overview">' in html


def test_report_says_why_the_comparison_is_left_out(store: Store, tmp_path: Path) -> None:
    # 3 outlets of 2, 1 and 1 articles: none reaches the default 5, so there is nothing to compare.
    html_path, md_path = write_report(store, tmp_path / "out")
    html = html_path.read_text()
    section = html.split('<section id="compare">')[1].split("</section>")[0]
    assert "No comparison by source: it needs two groups of at least 5 articles each" in section
    assert "Daily Planet 2" in section and "--min-articles" in section
    assert '<a href="#compare">' in html  # the nav links to the note
    assert "No comparison by source" in md_path.read_text()


def test_report_takes_by_and_min_articles(store: Store, tmp_path: Path) -> None:
    html, markdown = compare_section(store, by="source", min_articles=1)
    assert '<section class="compare" id="compare">' in html and "Framing by source" in markdown
    assert "No comparison" not in html
    html, _ = compare_section(store, by="no_such_field", min_articles=1)
    assert "No comparison by no_such_field: no article has a field" in html


def test_report_on_some_articles_leaves_the_others_out(store: Store, tmp_path: Path) -> None:
    ledger = next(row[0] for row in store.db.execute("SELECT id FROM articles WHERE source = 'The Ledger'"))
    html_path, md_path = write_report(store, tmp_path / "out", article_ids=[ledger])
    html = html_path.read_text()
    assert "1 analysed article(s) from 1 outlet(s)" in html
    assert "Immigrants add to the economy" in html and "Daily Planet" not in html
    assert "Daily Planet" not in md_path.read_text()


def test_renders_in_chromium_without_script_errors(report: tuple[str, str, Path], tmp_path: Path) -> None:
    from tests.browser import chromium

    browser = chromium()  # skips, saying why, only where Chromium cannot be installed
    _, _, path = report
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.resolve().as_uri()],
        check=False, capture_output=True, text=True, timeout=90)
    dom = result.stdout
    assert 'data-report-ready="1"' in dom, result.stderr[-2000:]  # the inline script ran to its end
    for section in SECTION_IDS:
        assert f'id="{section}"' in dom
    assert "11 of 11 claims shown" in dom
    assert "pwned" not in dom.split("<title>")[1].split("</title>")[0]  # the hostile script did not run


def test_sources_are_merged_across_name_forms_and_pronouns_dropped() -> None:
    from collections import Counter

    from pipeline.report.data import SourceStat, merge_name_forms

    stats = [SourceStat("Donald Trump", "named", 5, {"a"}, Counter(said=5)),
             SourceStat("Donald J. Trump", "named", 2, {"b"}, Counter(tweeted=2)),
             SourceStat("Trump", "named", 3, {"a", "c"}, Counter(said=3)),
             SourceStat("they", "vague", 4, {"d"}, Counter(say=4))]
    merged = {s.name: s for s in merge_name_forms(stats, {"Donald Trump", "Donald J. Trump"})}
    assert set(merged) == {"Donald Trump"}
    trump = merged["Donald Trump"]
    assert (trump.claims, trump.articles, trump.cues["said"]) == (10, {"a", "b", "c"}, 8)


def test_an_unnamed_role_is_never_merged_across_articles() -> None:
    """"the president" in two articles may be two people: one row per article, unless a name is bound."""
    from collections import Counter

    from pipeline.report.data import SourceStat, _unnamed_description, merge_name_forms

    assert _unnamed_description({"attribution": {"kind": "named", "source": "the president", "entity": None}})
    assert not _unnamed_description({"attribution": {"kind": "named", "source": "The president",
                                                     "entity": "Barack Obama"}})
    assert not _unnamed_description({"attribution": {"kind": "named", "source": "Trump", "entity": None}})
    stats = [SourceStat("the president", "named", 2, {"a"}, Counter(said=2), article="a"),
             SourceStat("the president", "named", 3, {"b"}, Counter(said=3), article="b")]
    merged = merge_name_forms(stats, set())
    assert sorted((s.name, s.claims, tuple(s.articles)) for s in merged) == [("the president", 2, ("a",)),
                                                                            ("the president", 3, ("b",))]


def test_a_quotes_unresolved_speaker_and_an_agentless_passive_are_not_cited_sources() -> None:
    """"the official" as its own entity (a quote's speaker as written) stays per article; "is expected
    to" (the cue where a source would be) is no source at all."""
    from pipeline.report.data import _no_source, _unnamed_description

    assert _unnamed_description({"attribution": {"kind": "named", "source": "the official",
                                                 "entity": "the official"}})
    assert _no_source({"attribution": {"kind": "vague", "source": "expected", "start": 10, "end": 18,
                                       "cue_start": 10, "cue_end": 18}})
    assert not _no_source({"attribution": {"kind": "named", "source": "Trump", "start": 0, "end": 5,
                                           "cue_start": 6, "cue_end": 10}})
