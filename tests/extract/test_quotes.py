"""Quotes: mark pairing (pure text), then speakers and kinds on short texts, the seed and AllSides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.extract.quotes import extract_quotes, pair_quote_marks
from pipeline.records import Quote

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
SEED = REPO / "corpus" / "chinese-emigration-opinion.txt"


def contents(text: str) -> list[str]:
    return [text[p.start : p.end] for p in pair_quote_marks(text) if p.parent is None]


# ---------------------------------------------------------------- pairing, no model


def test_curly_and_straight_double_quotes() -> None:
    text = 'He said “we will win.” She said "no way," and left.'
    assert contents(text) == ["we will win.", "no way,"]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "China’s leaders don't care about the students’ fate, it's said."
    assert pair_quote_marks(text) == []


def test_single_curly_quotes_pair_at_word_edges() -> None:
    text = "The ‘Chinese Dream’ of Beijing’s leaders and the ’90s boom."
    assert contents(text) == ["Chinese Dream"]


def test_nested_single_quotes_inside_doubles() -> None:
    text = "“He called it ‘a disaster,’ and I agree,” she said."
    pairs = pair_quote_marks(text)
    outer = [p for p in pairs if p.parent is None]
    inner = [p for p in pairs if p.parent is not None]
    assert [text[p.start : p.end] for p in outer] == ["He called it ‘a disaster,’ and I agree,"]
    assert [text[p.start : p.end] for p in inner] == ["a disaster,"]


def test_quote_continues_over_paragraphs() -> None:
    text = "“First part of the speech.\n\n“Second part,” he said.\n\nNext."
    assert contents(text) == ["First part of the speech.\n\n“Second part,"]


def test_unbalanced_marks_never_raise_or_lose_other_quotes() -> None:
    text = "A stray “ mark here.\n\nThen “a real quote” follows.\n\nAnd “an unclosed one.\n\nEnd ” stray."
    assert contents(text) == ["a real quote"]
    assert pair_quote_marks('"') == [] and pair_quote_marks("”“") == []


def test_offsets_exclude_the_marks() -> None:
    text = "She said: “ padded ” ok."
    (pair,) = pair_quote_marks(text)
    assert text[pair.open] == "“" and text[pair.close] == "”"
    assert text[pair.start : pair.end] == "padded"


# ---------------------------------------------------------------- speakers and kinds (model)


@pytest.fixture(scope="module")
def nlp() -> Language:
    from pipeline.nlp import load_model

    return load_model()


def quotes_of(nlp: Language, text: str) -> list[Quote]:
    doc = nlp(text)
    quotes = extract_quotes(doc)
    for q in quotes:
        assert doc.text[q.start : q.end] == q.text
        assert q.id == f"q-{q.start}"
    return quotes


def summary(quotes: list[Quote]) -> list[tuple[str, str, str | None, str | None]]:
    return [(q.text, q.kind, q.speaker, q.cue) for q in quotes]


@pytest.mark.model
def test_said_after_quote_and_pronoun_in_next_sentence(nlp: Language) -> None:
    text = (
        "Sen. Mike Lee criticised the plan on Monday.\n\n"
        "“We could not possibly have a meaningful hearing,” Lee said. “The bill is not even written.”\n\n"
        "“It is a disgrace,” he added."
    )
    assert summary(quotes_of(nlp, text)) == [
        ("We could not possibly have a meaningful hearing,", "direct", "Mike Lee", "said"),
        ("The bill is not even written.", "direct", "Mike Lee", "said"),
        ("It is a disgrace,", "direct", "Mike Lee", "added"),
    ]


@pytest.mark.model
def test_inverted_said_with_apposition(nlp: Language) -> None:
    text = (
        "The order gave lawyers more time.\n\n"
        "“This buys us a little bit of time,” said Beth Krause, a supervising lawyer at Legal Aid."
    )
    (q,) = quotes_of(nlp, text)
    assert (q.kind, q.speaker, q.cue) == ("direct", "Beth Krause", "said")
    assert text[q.speaker_start : q.speaker_end] == "Beth Krause"


@pytest.mark.model
def test_partial_quote_inside_authors_sentence(nlp: Language) -> None:
    text = 'Sen. Jeff Sessions, R-Ala., called the hearing schedule "unacceptable."'
    (q,) = quotes_of(nlp, text)
    assert (q.text, q.kind, q.speaker, q.cue) == ("unacceptable.", "partial", "Jeff Sessions", "called")


@pytest.mark.model
def test_colon_introduction_resolves_the_possessor(nlp: Language) -> None:
    text = "President Xi Jinping’s message to Chinese people everywhere is crisp: “tell China’s story well.”"
    (q,) = quotes_of(nlp, text)
    assert summary([q]) == [("tell China’s story well.", "direct", "Xi Jinping", ":")]
    assert text[q.speaker_start : q.speaker_end] == "Xi Jinping"


@pytest.mark.model
def test_according_to_and_dash(nlp: Language) -> None:
    text = (
        "“Migration is rising across the region,” according to Filippo Grandi.\n\n"
        "“We will build the wall and it will be paid for.” — Donald Trump"
    )
    quotes = quotes_of(nlp, text)
    assert [(q.speaker, q.cue) for q in quotes] == [("Filippo Grandi", "according to"), ("Donald Trump", "—")]


@pytest.mark.model
def test_role_noun_resolves_to_titled_person(nlp: Language) -> None:
    text = (
        "Senator Patrick Leahy met President Barack Obama on Tuesday.\n\n"
        "“We need a vote this month,” the senator said."
    )
    (q,) = quotes_of(nlp, text)
    assert (q.speaker, q.cue) == ("Patrick Leahy", "said")
    assert text[q.speaker_start : q.speaker_end] == "the senator"


@pytest.mark.model
def test_scare_quotes_have_no_speaker(nlp: Language) -> None:
    text = (
        "Wanting to avoid a “papers please” culture is why they oppose the plan. "
        "They would serve as tools of Beijing’s “long-arm” coercion."
    )
    assert summary(quotes_of(nlp, text)) == [
        ("papers please", "scare", None, None),
        ("long-arm", "scare", None, None),
    ]


@pytest.mark.model
def test_standalone_quote_after_colon_paragraph(nlp: Language) -> None:
    text = "Chief Justice John Roberts added:\n\n“I mean, they are lawfully present, and yet they are not?”"
    (q,) = quotes_of(nlp, text)
    assert (q.kind, q.speaker) == ("direct", "John Roberts")


def seed_text() -> str:
    raw = SEED.read_text(encoding="utf-8")
    return "\n\n".join(raw.replace("The physical\nand", "The physical and").split("\n"))


@pytest.mark.model
def test_seed_quotes_match_gold(nlp: Language) -> None:
    quotes = quotes_of(nlp, seed_text())
    assert summary(quotes) == [
        ("tell China’s story well.", "direct", "Xi Jinping", ":"),
        ("Chinese Dream of National Rejuvenation", "scare", None, None),
        ("long-arm", "scare", None, None),
    ]


@pytest.mark.model
@pytest.mark.slow
def test_allsides_quote_properties_and_known_speakers(nlp: Language) -> None:
    path = DATA / "allsides-immigration" / "immigration.jsonl"
    if not path.exists():
        pytest.skip("../shared/data is absent")
    wanted = {"01UWVhvNXz41OxEc", "0AkPZY7iiTaWxxuJ", "01uTV2haK8JSt2sw", "1ooP5ZPkHQESWvDe"}
    rows = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["ID"] in wanted:
                rows[row["ID"]] = row
    found: dict[str, list[Quote]] = {}
    for key, row in rows.items():
        doc = nlp(row["content_original"])
        quotes = extract_quotes(doc)
        found[key] = quotes
        for q in quotes:
            assert doc.text[q.start : q.end] == q.text and q.text.strip() == q.text
            assert q.kind in ("direct", "partial", "scare")
            if q.kind == "scare":
                assert q.speaker is None
            if q.speaker_start is not None:
                assert q.speaker_end is not None and q.speaker_start < q.speaker_end

    def speaker_of(key: str, starts_with: str) -> str | None:
        return next(q.speaker for q in found[key] if q.text.startswith(starts_with))

    assert speaker_of("01UWVhvNXz41OxEc", "figure out what reunification") == "Beth Krause"
    assert speaker_of("01UWVhvNXz41OxEc", "I am still uncertain") == "Jorge Baron"  # "he said"
    assert speaker_of("0AkPZY7iiTaWxxuJ", "A single hearing") == "Mike Lee"  # Sen. Mike Lee, R-Utah, said
    assert speaker_of("0AkPZY7iiTaWxxuJ", "We could not possibly") == "Mike Lee"  # second sentence
    assert speaker_of("0AkPZY7iiTaWxxuJ", "unacceptable.") == "Jeff Sessions"
    assert speaker_of("01uTV2haK8JSt2sw", "How is it possible") == "Samuel Alito"  # '" Alito asked.'
    assert speaker_of("01uTV2haK8JSt2sw", "Like any other executive order") == "Stephen I. Vladeck"
    assert speaker_of("1ooP5ZPkHQESWvDe", "This is a stunning free fall") == "Jessica Vaughan"
    kinds = {q.text: q.kind for q in found["0AkPZY7iiTaWxxuJ"]}
    assert kinds["unacceptable."] == "partial" and kinds["Gang of Eight,"] == "scare"


# ---------------------------------------------------------------- attribution rules added in round 2


@pytest.mark.model
def test_name_after_a_description_in_apposition(nlp: Language) -> None:
    text = (
        "“Our original idea was just to do a sanity check on the existing number,” said one of the "
        "study’s authors, Edward Kaplan, a professor of operations research at the Yale School of Management."
    )
    (q,) = quotes_of(nlp, text)
    assert (q.speaker, q.cue) == ("Edward Kaplan", "said")
    assert text[q.speaker_start : q.speaker_end] == "Edward Kaplan"


@pytest.mark.model
def test_unnamed_voice_of_a_named_organisation(nlp: Language) -> None:
    text = (
        "The Honduras deal “will allow migrants to seek protection as close to home as possible,” said a "
        "senior U.S. Department of Homeland Security official who spoke on condition of anonymity."
    )
    (q,) = quotes_of(nlp, text)
    assert q.speaker == "U.S. Department of Homeland Security"
    assert text[q.speaker_start : q.speaker_end] == "a senior U.S. Department of Homeland Security official"


@pytest.mark.model
def test_quote_over_two_paragraphs_is_one_quote_per_paragraph(nlp: Language) -> None:
    text = (
        "“The raids are cruel,” Julia Solórzano, an attorney with the Southern Poverty Law Center, said in "
        "a statement. “It is especially sickening that agents descended on the plant.\n\n"
        "“It is also worth noting that the agency detained more than 600 people today,” she said."
    )
    quotes = quotes_of(nlp, text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("The raids are cruel,", "Julia Solórzano"),
        ("It is especially sickening that agents descended on the plant.", "Julia Solórzano"),
        ("It is also worth noting that the agency detained more than 600 people today,", "Julia Solórzano"),
    ]


@pytest.mark.model
def test_nested_scare_quote_and_nickname(nlp: Language) -> None:
    text = (
        "“As communicated to Congress, these children are not ‘lost,’” Caitlin Oakley, a spokeswoman for "
        "HHS, said. His brother, Juan Antonio “Tony” Hernandez, was not charged."
    )
    assert summary(quotes_of(nlp, text)) == [
        ("As communicated to Congress, these children are not ‘lost,’", "direct", "Caitlin Oakley", "said"),
        ("lost,", "scare", None, None),
    ]


@pytest.mark.model
def test_add_with_a_noun_object_is_not_speech(nlp: Language) -> None:
    text = "President Trump is adding deterrence through the end of “catch and release” folly."
    assert summary(quotes_of(nlp, text)) == [("catch and release", "scare", None, None)]


@pytest.mark.model
def test_characterising_verbs_attribute_partial_quotes(nlp: Language) -> None:
    text = (
        "The ruling led to a dispute after Trump dismissed Tigar as an “Obama judge.” "
        "Senator John Cornyn compared the task to “threading a needle.”"
    )
    assert [(q.text, q.kind, q.speaker) for q in quotes_of(nlp, text)] == [
        ("Obama judge.", "partial", "Trump"),
        ("threading a needle.", "partial", "John Cornyn"),
    ]


@pytest.mark.model
def test_letter_frame_and_colon_list_attribute_to_the_writer(nlp: Language) -> None:
    text = (
        "Donald Tusk, the head of the European Council, said the bloc faced threats.\n\n"
        "In a letter to EU leaders, he included an “assertive China” among the dangers.\n\n"
        "Tusk listed two other challenges: a rise in anti-EU sentiment and the “state of mind of the elites”."
    )
    assert [(q.text, q.speaker) for q in quotes_of(nlp, text)] == [
        ("assertive China", "Donald Tusk"),
        ("state of mind of the elites", "Donald Tusk"),
    ]


@pytest.mark.model
def test_bare_attribution_after_beats_the_paragraph_before(nlp: Language) -> None:
    text = (
        "“We strive to be as candid as possible,” Kathleen Hartnett told Judge Andrew Hanen.\n\n"
        "“So you waited three weeks to tell me?” Hanen responded."
    )
    assert [q.speaker for q in quotes_of(nlp, text)] == ["Kathleen Hartnett", "Andrew Hanen"]


@pytest.mark.model
def test_pronoun_agrees_with_a_first_names_gender(nlp: Language) -> None:
    text = (
        "John Boehner met Nancy Pelosi on Monday. Boehner left first.\n\n"
        "“There has to be a path to citizenship,” she said."
    )
    assert [q.speaker for q in quotes_of(nlp, text)] == ["Nancy Pelosi"]


# ---------------------------------------------------------------- scare quotes or not (quotes.yaml 1.2)


@pytest.mark.model
def test_titles_of_shows_and_laws_are_not_quotes(nlp: Language) -> None:
    text = (
        "Trump made the comments to “Axios on HBO.” Graham spoke on CNN’s “State of the Union with "
        "Candy Crowley” on Sunday. What is striking about the “RAISE Act” is its scope."
    )
    assert quotes_of(nlp, text) == []


@pytest.mark.model
def test_named_phrases_and_speech_fragments_are_partial_not_scare(nlp: Language) -> None:
    text = (
        "The new rule expands the definition of “public charge” for applicants. "
        "The president of the academy warned that the separations will cause “irreparable harm”. "
        "Conway objected “very forcefully” and said she would not budge."
    )
    kinds = [(q.text, q.kind) for q in quotes_of(nlp, text)]
    assert kinds == [("public charge", "partial"), ("irreparable harm", "partial"), ("very forcefully", "partial")]


@pytest.mark.model
def test_so_called_and_writer_scare_quotes_stay_scare(nlp: Language) -> None:
    text = (
        "Those talks were confined to the so-called “Gang of Eight,” which includes four Democrats. "
        "Many Americans “look like” citizens of other countries. "
        "He ended the “catch and release” folly."
    )
    assert [(q.text, q.kind) for q in quotes_of(nlp, text)] == [
        ("Gang of Eight,", "scare"), ("look like", "scare"), ("catch and release", "scare")
    ]


def test_two_apostrophes_are_a_double_mark() -> None:
    """An archive convention ("''It is,'' he said"): before, the words between were not a quote."""
    text = "''It has the virtue of being fiscally responsible,'' Mr. Burman said. He isn't ''sure'' at all."
    assert contents(text) == ["It has the virtue of being fiscally responsible,", "sure"]
