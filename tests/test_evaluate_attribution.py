"""Attribution eval on brat standoff files: reading, offsets, kinds, one-to-one scoring, the CLI.

Analyses are built by hand (no model) so every count is exact; one CLI test runs the model on a tiny folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import GoldFormatError
from pipeline.evaluate.attribution import (
    GoldAttribution,
    OffsetMap,
    brat_documents,
    is_brat_folder,
    kind_of,
    parse_brat,
    part_of,
    score_article,
)
from pipeline.records import Analysis, Article, Attribution, Claim, Entity, Mention, Quote

TEXT = ("Trump said that taxes would fall. “We will win,” Pence said. "
        "It is believed that turnout rose. The weather was fine.")


def at(needle: str, nth: int = 0) -> tuple[int, int]:
    """The span of the ``nth`` occurrence of ``needle`` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def brat_line(tid: str, label: str, needle: str, nth: int = 0) -> str:
    s, e = at(needle, nth)
    return f"{tid}\t{label} {s} {e}\t{needle}"


ANN = "\n".join([
    brat_line("T1", "Source", "Trump"), brat_line("T2", "Cue", "said"),
    brat_line("T3", "Content", "that taxes would fall"), brat_line("T4", "Attribution", "said"),
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    brat_line("T5", "Source", "Pence"), brat_line("T6", "Cue", "said", 1),
    brat_line("T7", "Content", "“We will win,”"), brat_line("T8", "Attribution", "Pence"),
    "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    brat_line("T9", "Cue", "is believed"), brat_line("T10", "Content", "turnout rose"),
    brat_line("T11", "Attribution-no-source", "is believed"),
    "E3\tAttribution-no-source:T11 Content:T10 Cue:T9",
    brat_line("T12", "Discard", "The weather was fine."),
])


def test_parse_brat_reads_events_with_and_without_source() -> None:
    golds = parse_brat(ANN)
    assert len(golds) == 3
    assert [TEXT[s:e] for s, e in golds[0].source] == ["Trump"]
    assert [TEXT[s:e] for s, e in golds[0].content] == ["that taxes would fall"]
    assert golds[2].source == () and [TEXT[s:e] for s, e in golds[2].cue] == ["is believed"]


def test_parse_brat_joins_discontinuous_and_numbered_roles() -> None:
    ann = "T1\tContent 0 5;10 15\tx\nT2\tContent 20 25\ty\nT3\tCue 6 9\tz\nE1\tAttribution:T3 Content:T1 Content2:T2 Cue:T3"
    (gold,) = parse_brat(ann)
    assert gold.content == ((0, 5), (10, 15), (20, 25)) and gold.source == ()


def test_parse_brat_names_the_bad_line() -> None:
    with pytest.raises(GoldFormatError, match=r"x.ann:1: offsets 'a b'"):
        parse_brat("T1\tSource a b\tTrump", name="x.ann")
    with pytest.raises(GoldFormatError, match="unknown span"):
        parse_brat("T1\tSource 0 5\tTrump\nE1\tAttribution:T9 Source:T1", name="x.ann")


def test_offset_map_follows_the_cleaner() -> None:
    raw = "Mr.\u00a0Smith  said\n\nhello there"
    clean = "Mr. Smith said\n\nhello there"
    mapping = OffsetMap(raw, clean)
    s, e = mapping.span((raw.index("said"), raw.index("said") + 4))
    assert clean[s:e] == "said"
    s, e = mapping.span((raw.index("hello"), len(raw)))
    assert clean[s:e] == "hello there"


def test_kind_by_share_of_quoted_characters() -> None:
    regions = [at("“We will win,”")]
    assert kind_of([at("“We will win,”")], regions) == "direct"
    assert kind_of([at("“We will win,” Pence")], regions) == "partial"
    assert kind_of([at("taxes would fall")], regions) == "indirect"


def test_part_is_fixed_by_the_seeded_hash() -> None:
    parts = {part_of(f"article-{n}") for n in range(30)}
    assert parts == {"dev", "held-out"}
    assert part_of("article-1") == part_of("article-1")
    assert [part_of(f"article-{n}", "seed-a") for n in range(30)] != [part_of(f"article-{n}", "seed-b")
                                                                       for n in range(30)]


def _analysis(claims: list[Claim], quotes: list[Quote]) -> Analysis:
    article = Article(id="a", text=TEXT, source="test")
    pence = Entity("e1", "Mike Pence", "PERSON", (Mention("Pence", *at("Pence")),), 1, 1.0)
    return Analysis(article=article, claims=tuple(claims), quotes=tuple(quotes), entities=(pence,))


def _claim(sentence: str, attribution: Attribution) -> Claim:
    s, e = at(sentence)
    return Claim(id=f"c-{s}", text=sentence, start=s, end=e, attribution=attribution)


def test_score_counts_source_and_cue() -> None:
    trump = Attribution(source="Trump", kind="named", cue="said", start=at("Trump")[0], end=at("Trump")[1],
                        cue_start=at("said")[0], cue_end=at("said")[1], entity="Donald Trump")
    wrong = Attribution(source="The weather", kind="named", cue="said", start=at("The weather")[0],
                        end=at("The weather")[1])
    claims = [_claim("Trump said that taxes would fall.", trump), _claim("It is believed that turnout rose.", wrong)]
    quote = Quote("q-1", "We will win,", *at("We will win,"), kind="direct", speaker="Mike Pence",
                  speaker_start=at("Pence")[0], speaker_end=at("Pence")[1], cue="said")
    score = score_article("t", parse_brat(ANN), _analysis(claims, [quote]))
    attribution, content = score.counts["attribution"], score.counts["content"]
    assert (attribution.tp, attribution.n_pred, attribution.n_gold) == (2, 3, 3)
    assert (content.tp, content.n_pred, content.n_gold) == (3, 3, 3)
    assert (score.counts["direct_quotes"].tp, score.counts["direct_quotes"].n_gold) == (1, 1)
    assert (score.ratios["named_speaker"].correct, score.ratios["named_speaker"].total) == (1, 1)
    assert (score.ratios["cue"].correct, score.ratios["cue"].total) == (1, 1)
    assert score.kinds["indirect"].n_gold == 2 and score.kinds["indirect"].matched_gold == 1
    assert any(line.startswith("wrong source (indirect)") for line in score.misses)
    assert len(score.spurious) == 1


def test_no_source_gold_matches_a_cue_standing_as_source() -> None:
    believed = Attribution(source="is believed", kind="vague", cue="is believed", start=at("is believed")[0],
                           end=at("is believed")[1], cue_start=at("is believed")[0], cue_end=at("is believed")[1])
    gold = [g for g in parse_brat(ANN) if not g.source]
    score = score_article("t", gold, _analysis([_claim("It is believed that turnout rose.", believed)], []))
    assert score.counts["attribution"].tp == 1


def test_predictions_with_one_source_span_are_one_attribution() -> None:
    quote = Quote("q-1", "We will win,", *at("We will win,"), kind="direct", speaker="Mike Pence",
                  speaker_start=at("Pence")[0], speaker_end=at("Pence")[1], cue="said")
    pence = Attribution(source="Pence", kind="named", cue="said", start=at("Pence")[0], end=at("Pence")[1])
    claim = _claim("“We will win,” Pence said.", pence)
    gold = [GoldAttribution(content=(at("“We will win,”"),), cue=(at("said", 1),), source=(at("Pence"),))]
    score = score_article("t", gold, _analysis([claim], [quote]))
    assert (score.counts["attribution"].tp, score.counts["attribution"].n_pred) == (1, 1)


def _brat_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "brat"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "one.txt").write_text(TEXT, encoding="utf-8")
    (folder / "attributions" / "one_ab12.ann").write_text(ANN, encoding="utf-8")
    (folder / "attributions" / "one_cd34.ann").write_text("", encoding="utf-8")  # a second annotator
    return folder


def test_brat_documents_pair_text_and_first_annotator(tmp_path: Path) -> None:
    folder = _brat_folder(tmp_path)
    assert is_brat_folder(folder) and not is_brat_folder(tmp_path / "nothing")
    ((name, text, ann),) = brat_documents(folder)
    assert (name, text.name, ann.name) == ("one", "one.txt", "one_ab12.ann")
    with pytest.raises(GoldFormatError, match="no .txt file with a matching .ann"):
        brat_documents(tmp_path)


@pytest.mark.model
def test_cli_scores_a_brat_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(_brat_folder(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["format"] == "brat" and scores["articles"] == 1
    assert scores["counts"]["attribution"]["gold"] == 3
    assert scores["counts"]["attribution"]["tp"] >= 1  # "Trump said that ..." is found whatever else is


def test_cli_rejects_an_unknown_part(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(_brat_folder(tmp_path)), "--part", "test"])
    assert result.exit_code == 2
    assert "--part must be one of" in result.output


def test_held_out_list_matches_the_split() -> None:
    folder = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear-dev"
    if not folder.is_dir():
        pytest.skip("../shared/data/polnear-dev is not present")
    listed = Path(__file__).resolve().parents[1] / "evaluation" / "polnear-heldout.txt"
    names = [line for line in listed.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert names == [name for name, _t, _a in brat_documents(folder) if part_of(name) == "held-out"]
