"""Entities: trimming, junk, merging (hand-built docs), then the seed and AllSides (model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.entities import canonical_for, extract_entities
from pipeline.records import Entity

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
SEED = REPO / "corpus" / "chinese-emigration-opinion.txt"


def make_doc(text: str, ents: list[tuple[str, str]]) -> Doc:
    """A Doc of ``text`` with the given (exact phrase, label) entities, found left to right."""
    nlp = spacy.blank("en")
    doc = nlp(text)
    spans = []
    cursor = 0
    for phrase, label in ents:
        start = text.index(phrase, cursor)
        cursor = start + len(phrase)
        span = doc.char_span(start, start + len(phrase), label=label)
        assert span is not None, phrase
        spans.append(span)
    doc.ents = spans
    return doc


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.canonical: e for e in entities}


def assert_offsets(doc: Doc, entities: list[Entity]) -> None:
    for entity in entities:
        for m in entity.mentions:
            assert doc.text[m.start : m.end] == m.text


def test_possessive_the_and_quote_marks_are_trimmed_from_the_span() -> None:
    text = "The visit of Xi Jinping’s envoy to the United States's capital worried the ‘Acme Group."
    doc = make_doc(text, [("Xi Jinping’s", "PERSON"), ("the United States's", "GPE"), ("the ‘Acme Group", "ORG")])
    ents = by_name(extract_entities(doc))
    assert set(ents) == {"Xi Jinping", "United States", "Acme Group"}
    assert ents["Xi Jinping"].mentions[0].start == text.index("Xi Jinping")
    assert_offsets(doc, list(ents.values()))


def test_numeric_and_junk_names_are_dropped() -> None:
    text = "Zero people and 2,000 others met X in advertisement land."
    doc = make_doc(text, [("Zero", "ORG"), ("2,000", "ORG"), ("X", "PERSON"), ("advertisement", "ORG")])
    assert extract_entities(doc) == []


def test_us_aliases_merge_into_united_states() -> None:
    text = "The U.S. and America differ. The US said the United States would act. Let us go."
    doc = make_doc(text, [("U.S.", "GPE"), ("America", "GPE"), ("US", "GPE"), ("the United States", "GPE")])
    ents = extract_entities(doc)
    assert len(ents) == 1
    us = ents[0]
    assert (us.canonical, us.label, us.count) == ("United States", "GPE", 4)
    assert [m.text for m in us.mentions] == ["U.S.", "America", "US", "United States"]


def test_defined_acronym_merges_and_untagged_uses_are_found() -> None:
    text = "The Communist Party of China (CPC) rules. CPC cadres obey. The CPC’s goals stand."
    doc = make_doc(text, [("Communist Party of China", "ORG"), ("CPC", "ORG")])
    ents = extract_entities(doc)
    assert len(ents) == 1
    cpc = ents[0]
    assert cpc.canonical == "Communist Party of China"
    assert [m.text for m in cpc.mentions] == ["Communist Party of China", "CPC", "CPC", "CPC"]
    assert_offsets(doc, ents)


def test_acronym_used_beside_long_form_merges() -> None:
    text = "The American Civil Liberties Union sued. Later the ACLU won."
    doc = make_doc(text, [("American Civil Liberties Union", "ORG"), ("ACLU", "ORG")])
    assert [e.canonical for e in extract_entities(doc)] == ["American Civil Liberties Union"]


def test_surname_and_title_link_to_the_full_name() -> None:
    text = "Sen. Patrick Leahy spoke. Later Leahy and Mr. Leahy left, and Sen. Mike Lee stayed."
    doc = make_doc(
        text, [("Sen. Patrick Leahy", "PERSON"), ("Leahy", "PERSON"), ("Mr. Leahy", "PERSON"), ("Sen. Mike Lee", "PERSON")]
    )
    ents = by_name(extract_entities(doc))
    assert set(ents) == {"Patrick Leahy", "Mike Lee"}
    assert ents["Patrick Leahy"].count == 3
    assert [m.text for m in ents["Mike Lee"].mentions] == ["Mike Lee"]


def test_org_split_at_a_conjunction_is_joined() -> None:
    text = "Agents of US Customs and Border Protection and of France and Germany met."
    doc = make_doc(text, [("US Customs", "ORG"), ("Border Protection", "ORG"), ("France", "GPE"), ("Germany", "GPE")])
    names = {e.canonical for e in extract_entities(doc)}
    assert names == {"US Customs and Border Protection", "France", "Germany"}


def test_name_inside_a_scare_quote_is_dropped() -> None:
    text = "Officials chased the ‘Chinese Dream of National Rejuvenation’ in Beijing."
    doc = make_doc(text, [("the ‘Chinese Dream of National Rejuvenation", "ORG"), ("Beijing", "GPE")])
    assert [e.canonical for e in extract_entities(doc)] == ["Beijing"]


def test_salience_formula_and_ids() -> None:
    text = "Paris is big. Rome is old. Paris is far."
    doc = make_doc(text, [("Rome", "GPE")])
    doc.ents = [*doc.ents, doc.char_span(0, 5, label="GPE"), doc.char_span(27, 32, label="GPE")]
    ents = extract_entities(doc)
    assert [e.canonical for e in ents] == ["Paris", "Rome"]
    paris, rome = ents
    assert paris.id == "ent-0" and paris.salience == 1.0
    assert rome.id == "ent-14"
    assert rome.salience == round(0.7 * 0.5 + 0.3 * (1 - 14 / len(text)), 4)


def test_canonical_for_covering_and_inside() -> None:
    text = "The US government said so."
    doc = make_doc(text, [("US", "GPE")])
    ents = extract_entities(doc)
    assert canonical_for(ents, 4, 6) == "United States"
    assert canonical_for(ents, 0, 17) is None
    assert canonical_for(ents, 0, 17, inside=True) == "United States"


def test_caption_word_and_glued_link_names_are_cut() -> None:
    text = "European Council President Donald Tusk Photograph: AFP. Link: Donald John TrumpKamala Harris calls."
    doc = make_doc(text, [("Donald Tusk Photograph", "PERSON"), ("Donald John TrumpKamala Harris", "PERSON")])
    names = [(m.text, text[m.start : m.end]) for e in extract_entities(doc) for m in e.mentions]
    assert sorted(names) == [("Donald John Trump", "Donald John Trump"), ("Donald Tusk", "Donald Tusk")]


def test_camel_case_family_names_stay_whole() -> None:
    doc = make_doc("Mitch McConnell met Ron DeSantis.", [("Mitch McConnell", "PERSON"), ("Ron DeSantis", "PERSON")])
    assert sorted(by_name(extract_entities(doc))) == ["Mitch McConnell", "Ron DeSantis"]


def test_brothers_with_different_middle_names_stay_apart_and_surname_means_the_main_person() -> None:
    text = (
        "President Juan Orlando Hernandez faced scrutiny over the trial of his brother, "
        "Juan Antonio Hernandez. Hernandez denied wrongdoing. Donald J. Trump and Donald Trump agreed."
    )
    doc = make_doc(text, [("Juan Orlando Hernandez", "PERSON"), ("Juan Antonio Hernandez", "PERSON"),
                          ("Hernandez", "PERSON"), ("Donald J. Trump", "PERSON"), ("Donald Trump", "PERSON")])
    entities = by_name(extract_entities(doc))
    assert [m.text for m in entities["Juan Orlando Hernandez"].mentions] == ["Juan Orlando Hernandez", "Hernandez"]
    assert [m.text for m in entities["Juan Antonio Hernandez"].mentions] == ["Juan Antonio Hernandez"]
    assert entities["Donald J. Trump"].count == 2


@pytest.fixture(scope="module")
def nlp() -> Language:
    from pipeline.nlp import load_model

    return load_model()


def seed_text() -> str:
    raw = SEED.read_text(encoding="utf-8")
    # The cleaned form the extractors see: one paragraph a line, wrapped line joined.
    return "\n\n".join(raw.replace("The physical\nand", "The physical and").split("\n"))


@pytest.mark.model
def test_seed_entities_match_gold(nlp: Language) -> None:
    doc = nlp(seed_text())
    ents = extract_entities(doc)
    assert_offsets(doc, ents)
    names = by_name(ents)
    for canonical, label in [
        ("Xi Jinping", "PERSON"),
        ("Communist Party of China", "ORG"),
        ("China", "GPE"),
        ("United States", "GPE"),
        ("US Customs and Border Protection", "ORG"),
        ("Syracuse University", "ORG"),
        ("United Front Work Department", "ORG"),
        ("Latin America", "LOC"),
    ]:
        assert names[canonical].label == label, canonical
    assert "CPC" in {m.text for m in names["Communist Party of China"].mentions}
    assert "US" in {m.text for m in names["United States"].mentions}
    all_mentions = {m.text for e in ents for m in e.mentions}
    assert not {"Xi Jinping’s", "Zero", "CPC’s"} & all_mentions
    assert not any("Chinese Dream" in n for n in names)
    assert all(0.0 <= e.salience <= 1.0 for e in ents)


@pytest.mark.model
@pytest.mark.slow
def test_allsides_entity_properties(nlp: Language) -> None:
    path = DATA / "allsides-immigration" / "immigration.jsonl"
    if not path.exists():
        pytest.skip("../shared/data is absent")
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(next(handle)) for _ in range(12)]
    for row in rows:
        doc = nlp(row["content_original"])
        ents = extract_entities(doc)
        assert_offsets(doc, ents)
        starts = [m.start for e in ents for m in e.mentions]
        assert len(starts) == len(set(starts)), row["ID"]
        for e in ents:
            assert e.count == len(e.mentions) and 0 <= e.salience <= 1
            assert e.canonical[-2:] not in ("’s", "'s") and not e.canonical.lower().startswith("the ")
            assert e.id == f"ent-{e.mentions[0].start}"
    # Reuters: the ACLU acronym and "Baron" after "Jorge Baron" merge.
    reuters = next(r for r in rows if r["ID"] == "01UWVhvNXz41OxEc")
    names = by_name(extract_entities(nlp(reuters["content_original"])))
    assert "ACLU" in {m.text for m in names["American Civil Liberties Union"].mentions}
    assert names["Jorge Baron"].count >= 2


def test_page_furniture_is_not_an_entity():
    from pipeline.extract.entities import _is_junk

    assert _is_junk("Replay More Videos") and _is_junk("LLC") and _is_junk("Slideshow") and _is_junk("R.")
    assert not _is_junk("Jeff Sessions") and not _is_junk("Video Game Association")


def test_a_verb_the_model_ran_into_a_name_is_no_part_of_it() -> None:
    """before: "Injecting Clinton" and "Trump accused Holt" were people (and canonical names)."""
    text = "Injecting Clinton's troubles, Trump accused Holt of bias. Clinton spoke."
    doc = make_doc(text, [("Injecting Clinton", "PERSON"), ("Trump accused Holt", "PERSON"), ("Clinton", "PERSON")])
    for token in doc:
        token.tag_ = {"Injecting": "VBG", "accused": "VBD"}.get(token.text, "NNP")
    entities = extract_entities(doc)
    assert_offsets(doc, entities)
    assert sorted(e.canonical for e in entities) == ["Clinton", "Trump"]
    assert len(by_name(entities)["Clinton"].mentions) == 2


def test_reach_answers_as_a_scan_of_every_span_would() -> None:
    import random

    from pipeline.extract.entities import _Reach

    rng = random.Random(7)
    spans = [(s, s + rng.randint(1, 40)) for s in (rng.randint(0, 500) for _ in range(60))]
    reach = _Reach(spans)
    for start in range(0, 560, 3):
        for end in (start + 1, start + 10, start + 50):
            held = any(o < start and end <= c for o, c in spans)
            overlapped = any(s < end and start < e for s, e in spans)
            assert (reach.furthest_end(start) >= end) == held
            assert (reach.furthest_end(end) > start) == overlapped
    assert _Reach([]).furthest_end(10) == -1
