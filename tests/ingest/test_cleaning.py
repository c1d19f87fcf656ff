import re
from pathlib import Path

import pytest

from pipeline.ingest.cleaning import boilerplate_pattern, clean_text, looks_like_heading, split_headline
from tests.conftest import SEED, allsides_records


def test_seed_article_has_five_sections_the_first_without_heading():
    cleaned = clean_text(SEED.read_text(encoding="utf-8"))
    headings = [s.heading for s in cleaned.sections]
    assert headings == [None, "Escaping Economic Constraints", "Seeking a Promising Future",
                        "A Perilous Journey", "Dangers of Infiltration"]
    starts = [cleaned.text[s.start:s.start + 30] for s in cleaned.sections]
    assert starts[0].startswith("President Xi Jinping")
    assert starts[1].startswith("China’s rapid economic growth")
    assert starts[4].startswith("Before concluding")
    for section in cleaned.sections[1:]:
        assert cleaned.text[section.heading_start:section.heading_end] == section.heading


def test_hard_wrapped_line_is_joined_and_quotes_are_kept():
    cleaned = clean_text(SEED.read_text(encoding="utf-8"))
    assert "The physical and emotional toll" in cleaned.text
    assert "“tell China’s story well.”" in cleaned.text
    assert len(cleaned.paragraphs) == 15 - 4 - 1  # 15 lines, 4 headings, 1 hard wrap


def test_paragraph_offsets_point_at_paragraph_text():
    cleaned = clean_text("First para here.\n\nSecond para\nwraps here.\n\n## Heading\n\nThird.")
    texts = [cleaned.text[p.start:p.end] for p in cleaned.paragraphs]
    assert texts == ["First para here.", "Second para wraps here.", "Third."]
    assert [p.section_id for p in cleaned.paragraphs] == ["s0", "s0", "s1"]
    assert cleaned.sections[1].heading == "Heading"


def test_heading_rules():
    assert looks_like_heading("Escaping Economic Constraints")
    assert looks_like_heading("A Perilous Journey")
    assert not looks_like_heading("The physical")  # sentence case: a hard wrap
    assert not looks_like_heading("He said the bill will pass.")
    assert not looks_like_heading("By John Smith")


def test_boilerplate_lines_are_dropped():
    cleaned = clean_text("Real text here.\n\nAdvertisement\n\nMore text.\n\nSign up for Daily Newsletters")
    assert "Advertisement" not in cleaned.text and "Newsletters" not in cleaned.text
    assert cleaned.text == "Real text here.\n\nMore text."


def test_unicode_is_nfc():
    cleaned = clean_text("Cafe\u0301 society.")
    assert cleaned.text == "Café society."


def test_heading_like_lines_in_a_row_are_bylines_not_sections():
    cleaned = clean_text("Maureen Groppe and John Fritze\n\nUSA TODAY\n\n"
                         "WASHINGTON – The Senate voted on Thursday.\n\n"
                         "Next Steps\n\nThe House votes next week.")
    assert [s.heading for s in cleaned.sections] == [None, "Next Steps"]
    first = cleaned.paragraphs[0]
    assert cleaned.text[first.start:first.end] == "Maureen Groppe and John Fritze"
    assert all(s.start <= s.end for s in cleaned.sections)


def test_title_repeated_at_the_start_and_inserted_headlines_are_not_sections():
    cleaned = clean_text("Mississippi Immigration Raids Lead To Arrests Of Hundreds Of Workers\n\n"
                         "Officials raided plants.\n\nILLEGAL IMMIGRANTS GET OK TO VOTE IN CITY ELECTION\n\n"
                         "The raids continued.",
                         title="Mississippi Immigration Raids Net Hundreds Of Workers")
    assert [s.heading for s in cleaned.sections] == [None]
    assert cleaned.text == ("Mississippi Immigration Raids Lead To Arrests Of Hundreds Of Workers\n\n"
                            "Officials raided plants.\n\nThe raids continued.")
    exact = clean_text("Raids Net Workers\n\nOfficials raided plants.", title="Raids Net Workers")
    assert exact.text == "Officials raided plants."


# -- titles of plain-text articles ---------------------------------------------------------------------

BODY = "The council voted 7 to 2 on Tuesday to fund new housing, the mayor said.\n\nResidents were divided."


@pytest.mark.parametrize("raw, title", [
    (f"Council Votes to Fund Housing\n\n{BODY}", "Council Votes to Fund Housing"),
    (f"U.S. court ruling 'buys time' for separated families: lawyers\n\n{BODY}",
     "U.S. court ruling 'buys time' for separated families: lawyers"),
    (f"Is the housing plan working?\n\n{BODY}", "Is the housing plan working?"),
    (f"\n\n  Council Votes to Fund Housing  \n\n{BODY}", "Council Votes to Fund Housing"),
    # one paragraph a line (no blank lines): the next line starts the body
    ("Council Votes to Fund Housing\nThe council voted 7 to 2 on Tuesday to fund new housing.\nIt was close.",
     "Council Votes to Fund Housing"),
    # a headline with its kicker ends in a period: two sentences, the last short, over a longer paragraph
    (("The council voted on housing. Here’s what we know.\n\nThe council voted 7 to 2 on Tuesday to fund new "
      "housing, the mayor said, ending a debate that had run since the spring.\n\nResidents were divided."),
     "The council voted on housing. Here’s what we know."),
])
def test_a_headline_first_line_is_the_title(raw: str, title: str) -> None:
    found, rest = split_headline(raw)
    assert found == title
    assert title not in clean_text(rest).text
    assert clean_text(rest).text.startswith("The council voted 7")


@pytest.mark.parametrize("raw", [
    BODY,  # the first line is a sentence with a final period
    "The council voted 7 to 2 on Tuesday to fund new housing after a long\ndebate, the mayor said.\n\nMore.",
    f"By Jane Roe\n\n{BODY}",  # a byline
    f"council votes to fund housing\n\n{BODY}",  # starts in lower case
    f"{'Word ' * 30}\n\n{BODY}",  # too long for a headline
    "Council Votes to Fund Housing\n\nShort line",  # no body under it (fewer than 8 words)
    "Council Votes to Fund Housing",
    # one sentence with abbreviations and initials is a sentence, not a headline with its kicker
    f"The new system will go into effect Oct. 15 after a vote.\n\n{BODY}",
    f"Daniel J. McGraw is a political writer living in Lakewood.\n\n{BODY}",
    # two short sentences over a paragraph no longer than they are: a lede, not a headline
    "The vote is in. Democrats won.\n\nThe council met at noon on Tuesday to count.\n\nMore.",
])
def test_other_first_lines_are_not_titles(raw: str) -> None:
    assert split_headline(raw) == (None, raw)


def test_txt_article_gets_its_headline_as_title_and_never_as_text(tmp_path: Path) -> None:
    from pipeline.ingest import read_articles

    (tmp_path / "a.txt").write_text(f"Council Votes to Fund Housing\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY + "\n", encoding="utf-8")
    articles = {a.path.rsplit("/", 1)[-1]: a for a in read_articles([tmp_path])}  # type: ignore[union-attr]
    assert articles["a.txt"].title == "Council Votes to Fund Housing"
    assert articles["a.txt"].text.startswith("The council voted")
    assert articles["b.txt"].title is None and articles["b.txt"].text.startswith("The council voted")


@pytest.mark.slow
def test_allsides_titles_are_found_from_the_first_line(tmp_path: Path) -> None:
    from pipeline.ingest import read_articles

    records = [r for r in allsides_records(300) if r["title"].strip() and len(r["content_original"]) > 500]
    for i, record in enumerate(records):
        text = f"{record['title']}\n\n{record['content_original']}"
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{i}-untitled.txt").write_text(record["content_original"], encoding="utf-8")
    titled = wrong = 0
    furniture = boilerplate_pattern()
    for article in read_articles([tmp_path]):
        record = records[int(Path(article.path).stem.split("-")[0])]  # type: ignore[union-attr, arg-type]
        if article.path.endswith("-untitled.txt"):  # type: ignore[union-attr]
            # Many bodies open with their own headline or standfirst, which is rightly taken; never
            # with page furniture ("6 years ago", "CLOSE", a photo credit).
            assert article.title is None or not furniture.search(article.title), article.title
        elif article.title == " ".join(record["title"].split()):
            titled += 1
        else:
            wrong += 1
    # Headlines ending in a period ("...he says.") are kept as text: a small share of real titles.
    assert titled >= 0.95 * len(records) and wrong <= 0.05 * len(records)


# -- page furniture ------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "This article is more than 7 months old", "6 years ago",
    "Fox News’ Adam Shaw and The Associated Press contributed to this report.",
    "• Tom Howell Jr. contributed to this report.",
    "Image copyright Getty Images Image caption The US issued more than 8,000 visas",
    "US government accused of 'devastating damage' to families separated at border Read more",
    "Write to Byron Tau at byron.tau@wsj.com", "( PHOTOS: Senators up for election in 2014)",
    "JUST WATCHED Mental health and guns Replay More Videos ... MUST WATCH Mental health and guns 04:01",
    "(Larry Downing/Reuters)",
])
def test_page_furniture_is_dropped(line: str) -> None:
    assert clean_text(f"{BODY}\n\n{line}\n\nThe vote was close.").text == clean_text(
        f"{BODY}\n\nThe vote was close.").text


def test_sentences_that_merely_mention_furniture_words_are_kept() -> None:
    for line in ("Readers who want to read more about the plan can visit the library.",
                 "Reporters contributed to the debate over this report for months.",
                 "The photo agency Getty Images said 6 years ago it would stop."):
        assert line in clean_text(f"{BODY}\n\n{line}").text


@pytest.mark.slow
def test_allsides_furniture_is_gone_and_little_else_is_dropped() -> None:
    records = allsides_records()
    furniture = re.compile(r"(more than \d+ \w+ old$|contributed to this (report|article)\.?$"
                           r"|^image copyright|read more$)", re.IGNORECASE)
    kept = raw = 0
    left: list[str] = []
    for record in records:
        cleaned = clean_text(record["content_original"], title=record["title"])
        paragraphs = [cleaned.text[p.start:p.end] for p in cleaned.paragraphs]
        left += [p for p in paragraphs if furniture.search(p)]
        kept += len(paragraphs)
        raw += sum(1 for line in record["content_original"].split("\n") if line.strip())
    # What is left is a credit glued to the end of a real paragraph by the scraper ('...necessary."The
    # Associated Press contributed to this report.'): dropping that line would drop the paragraph.
    assert len(left) <= 3, left
    assert kept >= 0.90 * raw  # furniture is a few percent of the lines (3.5% here), not more
