from pipeline.ingest.cleaning import clean_text, looks_like_heading
from tests.conftest import SEED


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
    cleaned = clean_text("Maureen Groppe and John Fritze\n\nUSA TODAY\n\nWASHINGTON – The Senate voted on Thursday.\n\n"
                         "Next Steps\n\nThe House votes next week.")
    assert [s.heading for s in cleaned.sections] == [None, "Next Steps"]
    assert cleaned.text[cleaned.paragraphs[0].start:cleaned.paragraphs[0].end] == "Maureen Groppe and John Fritze"
    assert all(s.start <= s.end for s in cleaned.sections)


def test_title_repeated_at_the_start_and_inserted_headlines_are_not_sections():
    cleaned = clean_text("Mississippi Immigration Raids Lead To Arrests Of Hundreds Of Workers\n\n"
                         "Officials raided plants.\n\nILLEGAL IMMIGRANTS GET OK TO VOTE IN CITY ELECTION\n\n"
                         "The raids continued.", title="Mississippi Immigration Raids Net Hundreds Of Workers")
    assert [s.heading for s in cleaned.sections] == [None]
    assert cleaned.text == ("Mississippi Immigration Raids Lead To Arrests Of Hundreds Of Workers\n\n"
                            "Officials raided plants.\n\nThe raids continued.")
    exact = clean_text("Raids Net Workers\n\nOfficials raided plants.", title="Raids Net Workers")
    assert exact.text == "Officials raided plants."
