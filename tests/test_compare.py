"""Tests for pipeline.compare: the statistics on known answers, and the comparison on a hand-built corpus."""

from __future__ import annotations

import dataclasses
import io
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.compare import CompareError, compare, compare_tables, group_membership, report_section
from pipeline.compare.facts import is_trivial, significant_digits
from pipeline.compare.render import csv_text, json_text, write_csv
from pipeline.compare.stats import bootstrap_ratio, chi_square, group_rng, holm, log_odds_z
from pipeline.compare.words import distinctive_terms, terms
from pipeline.document import to_document
from pipeline.records import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Device,
    Entity,
    Evidence,
    Figure,
    FrameScore,
    Mention,
    Quote,
)
from pipeline.store import Store
from tests.export_fixtures import store_of

# -- statistics ---------------------------------------------------------------------------------------


def test_chi_square_dependent_table_is_significant_with_known_values() -> None:
    # Expected 15 per cell, chi2 = 4 * 25 / 15 = 6.667, p = 0.00982, V = sqrt(6.667 / 60) = 1/3.
    result = chi_square(np.array([[20, 10], [10, 20]]))
    assert result.statistic == pytest.approx(20 / 3)
    assert result.dof == 1
    assert result.p_value == pytest.approx(0.009823274507519235, rel=1e-9)
    assert result.cramers_v == pytest.approx(1 / 3)


def test_chi_square_independent_table_has_p_one() -> None:
    # Rows proportional to each other: no dependence at all.
    result = chi_square(np.array([[10, 20, 5], [20, 40, 10]]))
    assert result.statistic == pytest.approx(0.0)
    assert result.p_value == pytest.approx(1.0)
    assert result.cramers_v == pytest.approx(0.0)
    # A mildly unbalanced table stays far from significance.
    assert chi_square(np.array([[50, 50], [48, 52]])).p_value > 0.5


def test_chi_square_drops_empty_columns_and_agrees_with_scipy() -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    table = np.array([[12, 0, 7, 30], [25, 0, 3, 18], [9, 0, 14, 11]])
    ours = chi_square(table)
    statistic, p_value, dof, _ = scipy_stats.chi2_contingency(table[:, [0, 2, 3]], correction=False)
    assert ours.dof == dof == 4
    assert ours.statistic == pytest.approx(statistic)
    assert ours.p_value == pytest.approx(p_value, rel=1e-9)


def test_holm_adjustment() -> None:
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])


def test_bootstrap_interval_contains_true_share_and_is_seeded() -> None:
    values = np.zeros(200)
    values[:60] = 1  # a true share of 0.3
    estimate, low, high = bootstrap_ratio(values, np.ones(200), group_rng(0, "g"))
    assert estimate[0] == pytest.approx(0.3)
    assert low[0] < 0.3 < high[0]
    # Binomial standard error sqrt(.3 * .7 / 200) = 0.032: a 95% interval is about +-0.064.
    assert 0.09 < high[0] - low[0] < 0.17
    again = bootstrap_ratio(values, np.ones(200), group_rng(0, "g"))
    assert (again[1][0], again[2][0]) == (low[0], high[0])


def test_bootstrap_ratio_of_sums_weights_by_denominator() -> None:
    # 10 devices in 1,000 words and 0 in 4,000 words: 2 per 1,000 words pooled (not the mean of 10 and 0).
    estimate, low, high = bootstrap_ratio(np.array([10.0, 0.0]), np.array([1.0, 4.0]), group_rng(1, "x"))
    assert estimate[0] == pytest.approx(2.0)
    assert 0.0 <= low[0] <= 2.0 <= high[0] <= 10.0


def test_log_odds_word_only_one_group_uses_has_highest_z() -> None:
    # Columns: "the", "invasion", "border"; group 1 alone uses "invasion".
    counts = np.array([[100.0, 0.0, 20.0], [100.0, 15.0, 20.0], [100.0, 0.0, 20.0]])
    delta, z = log_odds_z(counts, counts.sum(0))
    assert int(np.argmax(z[:, 1])) == 1
    assert int(np.argmax(z[1])) == 1
    assert z[1, 1] > 1.96 and z[0, 1] < 0 and delta[1, 1] > 0
    assert abs(z[0, 2]) < 1.0  # a word every group uses equally is not distinctive


def test_terms_drop_stopwords_numbers_and_cross_punctuation_bigrams() -> None:
    counts = terms("The border wall, of the 2019 plan. Wall Street's view")
    assert counts["border"] == 1 and counts["border wall"] == 1
    assert "the" not in counts and "of the" not in counts and "2019" not in counts
    assert "wall of" not in counts and "wall wall" not in counts  # no bigram across "," or "."
    assert counts["wall street's"] == 1


def test_distinctive_terms_skip_a_groups_own_name() -> None:
    texts = {f"f{i}": f"Fox News reports the caravan story number {i}." for i in range(4)}
    texts |= {f"c{i}": f"CNN reports the dreamers story number {i}." for i in range(4)}
    membership = [(a, "Fox News" if a.startswith("f") else "CNN") for a in texts]
    table = distinctive_terms(texts, membership, ["Fox News", "CNN"], min_count=2,
                              own_names={"Fox News": ["Fox News"], "CNN": ["CNN"]})
    fox = table[table["group"] == "Fox News"]
    assert fox.iloc[0]["term"] == "caravan"
    assert not {"fox", "fox news", "news"} & set(fox["term"])
    assert "dreamers" in set(table[table["group"] == "CNN"]["term"]) and "cnn" not in set(table["term"])


def test_figure_specificity_helpers() -> None:
    assert significant_digits(11_000_000) == 2
    assert significant_digits(11_300_000) == 3
    assert significant_digits(2536) == 4
    assert is_trivial(1, "count") and is_trivial(2, "count") and is_trivial(100, "percent")
    assert is_trivial(2019, "count")  # reads as a year
    assert not is_trivial(11_300_000, "count") and not is_trivial(37.5, "percent")


# -- a hand-built corpus ----------------------------------------------------------------------------------

def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _article(i: int, source: str, bias: str, year: str, economic: bool, author: str) -> Analysis:
    """One small article. Left uses "newcomers", Right "invasion"; both state 11.3 million and "two"."""
    word = "invasion" if source == "Right Post" else "newcomers"
    stated = ("Officials said 11.3 million immigrants live in the country illegally."
              if source != "Right Post" else "Some 11.3 million illegal aliens are here, officials said.")
    fact = stated if i % 5 == 0 else f"Story {i} covered the town meeting."
    text = (f"Article {i} about {word} at the border.\n\n{fact} The {word} debate split the two parties, "
            f"a {word} story.\n\nSenator Smith said \"we must act\" on {word}.")
    article = Article(id=f"art{i:03d}", text=text, source=source, title=f"Title {i}",
                      published=f"{year}-03-0{1 + i % 9}", authors=(author,), metadata={"bias_text": bias})
    claims, figures, devices = [], [], []
    if i % 5 == 0:
        start, end = _span(text, fact)
        v_start, v_end = _span(text, "11.3 million")
        figures.append(Figure(id=f"fig-{v_start}", text="11.3 million", start=v_start, end=v_end,
                              value=11_300_000.0, kind="count", subject="immigrants", claim_id=f"c-{start}"))
        t_start, t_end = _span(text, "two")
        figures.append(Figure(id=f"fig-{t_start}", text="two", start=t_start, end=t_end, value=2.0,
                              kind="count", subject="parties", claim_id=f"c-{start}"))
        d_start, d_end = _span(text, word)
        devices.append(Device(id=f"dev-{d_start}-loaded_language", device="loaded_language", text=word,
                              start=d_start, end=d_end, score=0.8))
        claims.append(Claim(id=f"c-{start}", text=fact, start=start, end=end, types=("statistical",),
                            attribution=Attribution(source="Officials", kind="vague", cue="said"),
                            figures=(f"fig-{v_start}",), certainty=0.8, checkworthiness=0.9,
                            frames=(FrameScore("legality_constitutionality", 0.6, taxonomy="issue"),),
                            devices=(f"dev-{d_start}-loaded_language",)))
    q_start, q_end = _span(text, "we must act")
    s_start, s_end = _span(text, "Senator Smith")
    start, end = _span(text, f"Senator Smith said \"we must act\" on {word}.")
    claims.append(Claim(id=f"c-{start}", text=text[start:end], start=start, end=end, types=("quote",),
                        attribution=Attribution(source="Senator Smith", kind="named", cue="said",
                                                start=s_start, end=s_end, entity="John Smith"),
                        entities=("John Smith",), certainty=0.6, checkworthiness=0.3))
    h_start, h_end = _span(text, "debate")
    devices.append(Device(id=f"dev-{h_start}-hedge", device="hedge", text="debate", start=h_start, end=h_end,
                          score=0.5))
    quotes = (Quote(id=f"q-{q_start}", text="we must act", start=q_start, end=q_end, kind="direct",
                    speaker="John Smith", speaker_start=s_start, speaker_end=s_end, cue="said"),)
    entities = (Entity(id=f"ent-{s_start}", canonical="John Smith", label="PERSON",
                       mentions=(Mention("Senator Smith", s_start, s_end),), count=1, salience=0.5),)
    if source == "Right Post":
        b_start, b_end = _span(text, "border")
        entities += (Entity(id=f"ent-{b_start}", canonical="Border Patrol", label="ORG",
                            mentions=(Mention("border", b_start, b_end),), count=1, salience=0.7),)
    e_start, e_end = _span(text, word)
    frames = (
        FrameScore("economic", 0.5 if economic else 0.0, (Evidence(word, e_start, e_end),), "issue",
                   0.5 if economic else 0.0, economic),
        FrameScore("security_defense", 0.5, (), "issue", 0.5 if economic else 1.0, True),
        FrameScore("conflict", 0.7, (), "generic", None, source == "Right Post"),
    )
    return Analysis(article=article, entities=entities, figures=tuple(figures), quotes=quotes,
                    claims=tuple(claims), devices=tuple(devices), frames=frames)


def _corpus() -> list[Analysis]:
    """Left Daily (10 articles, economic in 8) and Right Post (10, economic in 4: half as often), plus a
    one-article Tiny Blog that must be flagged as too small."""
    analyses = []
    for i in range(10):
        analyses.append(_article(i, "Left Daily", "left", "2019" if i < 6 else "2020", economic=i < 8,
                                 author=f"Ann {i % 2}"))
    for i in range(10, 20):
        analyses.append(_article(i, "Right Post", "right", "2019", economic=i < 14, author=f"Bob {i % 2}"))
    analyses.append(_article(20, "Tiny Blog", "center", "2018", economic=True, author="Cy"))
    return analyses


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    opened = store_of(tmp_path_factory.mktemp("compare") / "store.sqlite", _corpus())
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def comparison(store: Store):
    return compare(store, "source", min_articles=5, seed=0)


def test_groups_and_too_small_flag(comparison) -> None:
    assert comparison.compared == ["Left Daily", "Right Post"]
    assert comparison.too_small == ["Tiny Blog"]
    tiny = comparison.groups.set_index("group").loc["Tiny Blog"]
    assert tiny["status"].startswith("too small") and tiny["articles"] == 1
    assert "Tiny Blog" not in set(comparison.frames["group"]) | set(comparison.words["group"])


def test_frame_shares_intervals_and_twice_as_often(comparison) -> None:
    frames = comparison.frames.set_index(["group", "taxonomy", "frame"])
    left = frames.loc[("Left Daily", "issue", "economic")]
    right = frames.loc[("Right Post", "issue", "economic")]
    assert (left["share"], right["share"]) == (0.8, 0.4)
    assert left["share"] == pytest.approx(2 * right["share"])
    assert left["low"] <= 0.8 <= left["high"] and right["low"] <= 0.4 <= right["high"]
    assert left["rest_share"] == 0.4
    assert len(left["article_ids"]) == 5 and all(a.startswith("art0") for a in left["article_ids"])
    conflict = frames.loc[("Right Post", "generic", "conflict")]
    assert conflict["share"] == 1.0 and frames.loc[("Left Daily", "generic", "conflict")]["share"] == 0.0


def test_frame_tests(comparison) -> None:
    tests = comparison.frame_tests.set_index(["test", "frame"])
    # Conflict: 10/10 vs 0/10 -> chi2 = 20, p = 7.7e-6, V = 1.
    conflict = tests.loc[("frame presence", "conflict")]
    assert conflict["chi2"] == pytest.approx(20.0)
    assert conflict["p_value"] == pytest.approx(7.744216e-06, rel=1e-6) and conflict["p_value"] < 1e-4
    assert conflict["cramers_v"] == pytest.approx(1.0)
    # Security is present everywhere: no dependence can be tested (one column).
    assert math.isnan(tests.loc[("frame presence", "security_defense")]["p_value"])
    # Primary issue frame: economic (share .5 tie broken by name) in 8 vs 4, security_defense otherwise.
    primary = comparison.primary_frame_test
    assert primary is not None and primary.n == 20
    assert primary.statistic == pytest.approx(chi_square(np.array([[8, 2], [4, 6]])).statistic)


def test_metrics_exact(comparison, store: Store) -> None:
    metrics = comparison.metrics.set_index(["group", "metric"])
    words = sum(store.get_article(f"art{i:03d}").n_words for i in range(10))
    # Left: 2 loaded_language devices (articles 0 and 5), 10 hedges, certainty (2*.8 + 10*.6) / 12.
    left = metrics.loc["Left Daily", "value"]
    assert left["devices per 1k words"] == pytest.approx(1000 * 2 / words, abs=1e-4)
    assert left["hedges per 1k words"] == pytest.approx(1000 * 10 / words, abs=1e-4)
    assert left["mean claim certainty"] == pytest.approx((1.6 + 6.0) / 12, abs=1e-4)
    row = metrics.loc[("Left Daily", "mean claim certainty")]
    assert row["low"] <= row["value"] <= row["high"]
    attribution = comparison.attribution.set_index(["group", "kind"])
    assert attribution.loc[("Left Daily", "named"), "share"] == pytest.approx(10 / 12, abs=1e-4)
    assert attribution.loc[("Left Daily", "vague"), "share"] == pytest.approx(2 / 12, abs=1e-4)
    assert attribution.loc[("Left Daily", "none"), "share"] == 0.0


def test_voices_and_entities(comparison) -> None:
    cited = comparison.cited_sources[comparison.cited_sources["group"] == "Right Post"]
    assert cited.iloc[0]["source"] == "John Smith" and cited.iloc[0]["articles"] == 10
    assert cited.iloc[0]["claim_ids"][0].startswith("art010:c-")
    speakers = comparison.quoted_speakers[comparison.quoted_speakers["group"] == "Left Daily"]
    assert speakers.iloc[0]["speaker"] == "John Smith" and speakers.iloc[0]["quotes"] == 10
    distinctive = comparison.entities[(comparison.entities["ranking"] == "distinctive")]
    assert list(distinctive["entity"]) == ["Border Patrol"]
    assert distinctive.iloc[0]["group"] == "Right Post" and distinctive.iloc[0]["z"] > 3


def test_distinctive_words(comparison) -> None:
    words = comparison.words
    right = words[words["group"] == "Right Post"]
    left = words[words["group"] == "Left Daily"]
    assert right.iloc[0]["term"] == "invasion"  # only the Right Post uses it: its highest z
    assert left.iloc[0]["term"] == "newcomers"
    assert "invasion" not in set(left["term"])
    assert right.iloc[0]["article_ids"][0].startswith("art01")


def test_same_fact_pairs_the_precise_figure_not_the_trivial_one(comparison) -> None:
    pairs = comparison.same_fact
    figures = pairs[pairs["basis"] == "figure"]
    assert len(figures) == 1
    row = figures.iloc[0]
    assert row["fact"] == "11,300,000 (count)"
    assert {row["group_a"], row["group_b"]} == {"Left Daily", "Right Post"}
    assert row["frames_a"] == ["legality_constitutionality"] and row["devices_a"] == ["loaded_language"]
    assert row["attribution_a"] == "vague: Officials (said)"
    assert "11.3 million" in row["text_a"] and "11.3 million" in row["text_b"]
    assert row["text_a"] != row["text_b"]
    assert not (pairs["fact"].str.startswith("2 ")).any()


def test_same_fact_skips_syndicated_copy() -> None:
    import pandas as pd

    from pipeline.compare.facts import same_fact_pairs

    text = "The agency said 162,060 claims were filed in the 2018 budget year."
    claims = pd.DataFrame([{"article_id": a, "id": "c-0", "text": text, "entities": [], "devices": [],
                            "checkworthiness": 0.5, "attribution_kind": "none"} for a in ("x", "y")])
    figures = pd.DataFrame([{"article_id": a, "id": "fig-16", "value": 162060.0, "kind": "count",
                             "unit": None, "subject": "claims", "claim_id": "c-0"} for a in ("x", "y")])
    pairs = same_fact_pairs(claims, figures, {}, [("x", "left"), ("y", "right")], n_articles=50)
    assert pairs.empty and pairs.attrs["same_wording_skipped"] == 1


def test_group_by_metadata_date_and_authors(store: Store) -> None:
    by_bias = compare(store, "bias_text", min_articles=5)
    assert by_bias.compared == ["left", "right"] and by_bias.too_small == ["center"]
    by_year = compare(store, "date:year", min_articles=3)
    assert by_year.groups.set_index("group")["articles"].to_dict() == {"2019": 16, "2020": 4, "2018": 1}
    by_author = compare(store, "authors", min_articles=5)
    assert by_author.compared == ["Ann 0", "Ann 1", "Bob 0", "Bob 1"]
    with pytest.raises(CompareError, match="bias_text"):
        compare(store, "no_such_field")


def test_groups_and_top_options(store: Store) -> None:
    chosen = compare(store, "source", groups=["right post", "Tiny Blog", "Nobody"], min_articles=5)
    assert chosen.compared == ["Right Post"] and chosen.too_small == ["Tiny Blog"]
    assert any("Nobody" in note for note in chosen.notes)
    assert chosen.frame_tests.empty  # one group: nothing to test
    assert list(compare(store, "source", top=1).groups["group"]) == ["Left Daily"]


def test_compare_tables_is_pure_over_store_tables(store: Store, comparison) -> None:
    tables = {k: store.table(k) for k in ("articles", "frames", "claims", "quotes", "devices", "entities",
                                          "figures")}
    again = compare_tables(tables, "source")
    assert again.frames.drop(columns="article_ids").equals(comparison.frames.drop(columns="article_ids"))
    pairs = group_membership(tables["articles"], "authors")
    assert ("art000", "Ann 0") in pairs


def test_outputs_json_csv(comparison, tmp_path: Path) -> None:
    data = json.loads(json_text(comparison))
    assert set(comparison.TABLES) <= set(data)
    assert data["groups"][0]["group"] == "Left Daily"
    text = csv_text(comparison)
    assert text.count("# table: ") == len(comparison.TABLES)
    written = write_csv(comparison, tmp_path / "csv")
    assert {p.name for p in written} == {f"{t}.csv" for t in comparison.TABLES}
    assert "invasion" in (tmp_path / "csv" / "words.csv").read_text()


def test_report_section_escapes_and_embeds_svg(tmp_path: Path) -> None:
    path = tmp_path / "evil.sqlite"
    with Store(path) as db:
        for analysis in _corpus():
            if analysis.article.source == "Left Daily":
                from dataclasses import replace

                analysis = replace(analysis, article=replace(analysis.article, source="<script>x</script>"))
            db.add_article(analysis.article)
            db.save_analysis(analysis, to_document(analysis), "test")
        section = report_section(db, "source")
    assert section is not None
    html_text, markdown = section
    assert "<script>" not in html_text and "&lt;script&gt;" in html_text
    assert html_text.count("<svg") == 2
    assert "### The same fact, framed differently" in markdown and "11,300,000" in markdown


def test_report_section_none_with_one_group(tmp_path: Path) -> None:
    with Store(tmp_path / "one.sqlite") as db:
        analysis = _corpus()[0]
        db.add_article(analysis.article)
        db.save_analysis(analysis, to_document(analysis), "test")
        assert report_section(db, "source") is None


# -- real texts (skipped when ../shared/data is absent) ------------------------------------------------------

DATA = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides-immigration"
        / "immigration.jsonl")


@pytest.mark.slow
def test_distinctive_terms_on_allsides_texts_by_outlet_rating() -> None:
    if not DATA.exists():
        pytest.skip("../shared/data is absent")
    records = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()[:600]
               if line.strip()]
    texts = {r["ID"]: r["content_original"] for r in records}
    membership = [(r["ID"], r["bias_text"]) for r in records]
    table = distinctive_terms(texts, membership, ["left", "center", "right"], top=20)
    assert set(table["group"]) == {"left", "center", "right"}
    # Every listed term is over-represented in its group, significantly at the top of each list.
    assert (table["rate_per_10k"] > table["rest_rate_per_10k"]).all()
    assert (table.groupby("group")["z"].max() > 3).all()
    assert not set(table["term"]) & {"the", "of the", "said"}


def test_cli_compare_table_json_csv(store: Store, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["compare", "--by", "source", "--store", str(store.path)])
    assert result.exit_code == 0, result.output
    assert "Left Daily" in result.output and "Too small" in result.output and "invasion" in result.output
    result = runner.invoke(app, ["compare", "--by", "bias_text", "--format", "json",
                                 "--store", str(store.path)])
    assert result.exit_code == 0
    assert [g["group"] for g in json.loads(result.stdout)["groups"]] == ["left", "right", "center"]
    result = runner.invoke(app, ["compare", "--format", "csv", "--out", str(tmp_path / "out"),
                                 "--store", str(store.path)])
    assert result.exit_code == 0 and (tmp_path / "out" / "same_fact.csv").exists()
    result = runner.invoke(app, ["compare", "--by", "nothing", "--store", str(store.path)])
    assert result.exit_code == 2
    assert runner.invoke(app, ["compare", "--format", "xml", "--store", str(store.path)]).exit_code == 2


def test_name_resolver_merges_conservatively() -> None:
    from pipeline.compare.names import NameResolver, clean_name

    resolve = NameResolver(["Donald Trump", "Trump", "President Trump", "Donald J. Trump", "Chuck Schumer",
                            "Charles Schumer", "Schumer", "Republicans", "House Republicans", "they",
                            "Melania Trump", "Donald Trump", "Donald Trump", "Donald Trump"],
                            persons=["Donald Trump", "Chuck Schumer", "Charles Schumer", "Melania Trump"])
    assert {resolve(n) for n in ("Trump", "President Trump", "Donald J. Trump", "Trump's")} \
        == {"Donald Trump"}
    assert resolve("Melania Trump") == "Melania Trump"  # "Trump" goes to Donald Trump: 5 mentions to 1
    assert resolve("Schumer") == "Schumer"  # two equally frequent full names end in Schumer: kept apart
    assert resolve("Republicans") == "Republicans"  # not a person: never merged into a narrower body
    assert resolve("they") is None and clean_name("  He ") is None


def test_names_lose_the_entity_extractors_titles_but_bodies_keep_their_first_word() -> None:
    from pipeline.compare.names import clean_name

    # The titles come from models/entities.yaml, as the extractor strips them.
    assert clean_name("Sen. Chuck Schumer") == "Chuck Schumer"
    assert clean_name("former President Barack Obama") == "Barack Obama"
    assert clean_name("Gen. John Kelly") == "John Kelly"
    assert clean_name("Congresswoman Nancy Pelosi") == "Nancy Pelosi"
    assert clean_name("Justice Anthony Kennedy") == "Anthony Kennedy"
    # A title that also begins a body's name is kept before a single word.
    assert clean_name("Justice Department") == "Justice Department"
    assert clean_name("General Motors") == "General Motors"


# -- the terminal rendering ------------------------------------------------------------------------------

def _rendered(comparison, width: int) -> str:
    from rich.console import Console

    from pipeline.compare.render import print_comparison

    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    print_comparison(comparison, console)
    return console.export_text()


def test_terminal_comparison_fits_80_columns_with_short_frame_names(comparison) -> None:
    text = _rendered(comparison, 80)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    assert "issue:" not in text and "security_defense" not in text and "…" not in text.split("Same fact")[0]
    assert "\neconomic " in text and "\nsecurity " in text
    # Economic differs most between the groups (80% vs 40%); security does not differ (100% in both).
    issue = text.split("Issue frames")[1].split("Generic frames")[0]
    assert issue.index("\neconomic") < issue.index("\nsecurity")
    assert "80%" in issue and "40%" in issue
    # Each cell carries its interval on the line below the value.
    economic = issue.split("\neconomic")[1].splitlines()
    assert re.search(r"\d+-\d+", economic[1])


def test_frames_no_group_uses_are_hidden(comparison) -> None:
    extra = comparison.frames[comparison.frames["frame"] == "economic"].copy()
    extra[["frame", "share", "low", "high"]] = ["morality", 0.0, 0.0, 0.0]
    with_unused = dataclasses.replace(comparison, frames=pd.concat([comparison.frames, extra]))
    assert "\nmorality" not in _rendered(with_unused, 80)


def test_many_groups_are_cut_into_tables_that_fit(store: Store) -> None:
    by_author = compare(store, "authors", min_articles=5)
    text = _rendered(by_author, 40)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 40
    flat = " ".join(text.split())  # titles wrap within their table's width
    assert "Issue frames: % of articles where present (1/2)" in flat and "present (2/2)" in flat
    first, second = flat.split("Issue frames")[1:3]
    assert "Ann 0 Ann 1" in first and "Bob 0 Bob 1" in second.split("Generic frames")[0]  # two and two


def test_groups_beyond_top_are_summarised(store: Store) -> None:
    text = _rendered(compare(store, "source", top=1), 80)
    assert "Not shown: 2 more group(s), 11 articles (Right Post 10, Tiny Blog 1)" in text


def test_date_groups_are_in_time_order(store: Store) -> None:
    assert list(compare(store, "date:year", min_articles=1).groups["group"]) == ["2018", "2019", "2020"]


def test_cli_groups_warns_on_an_unknown_group_and_out_writes_that_file(store: Store, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["compare", "--groups", "LEFT DAILY,right-post,Fox",
                                 "--store", str(store.path)], terminal_width=80)
    assert result.exit_code == 0, result.output
    assert ("warning: no group 'Fox' by source; the groups are: Left Daily (10), Right Post (10), "
            "Tiny Blog (1)") in " ".join(result.stderr.split())
    assert "Comparing 2 group(s)" in result.stdout
    result = runner.invoke(app, ["compare", "--out", str(tmp_path / "x.csv"), "--store", str(store.path)])
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "x.csv").read_text().startswith("# table: groups\ngroup,articles")
    result = runner.invoke(app, ["compare", "--out", str(tmp_path / "x.json"), "--store", str(store.path)])
    assert json.loads((tmp_path / "x.json").read_text())["by"] == "source"


def test_compare_lexicon_is_validated() -> None:
    from pipeline.compare.lexicon import CompareLexicon, compare_lexicon
    from pipeline.lexicons import LexiconError, build_typed

    assert "getty" in compare_lexicon().page_furniture and compare_lexicon().distinctive_terms.top > 0
    broken = {"version": "x", "page_furniture": ["photo"], "titles_before_full_names_only": ["justice"],
              "distinctive_terms": {"top": "fifteen", "min_count": 1, "min_group_articles": 1,
                                    "prior_strength": 1}}
    with pytest.raises(LexiconError, match="top"):
        build_typed(broken, CompareLexicon, "models/compare.yaml")
