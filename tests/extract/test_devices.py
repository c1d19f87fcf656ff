"""Persuasion devices: short texts with exact expectations, the seed gold, offsets on real articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from pipeline.extract.devices import extract_devices
from pipeline.records import Attribution, Claim, Evidence, Quote

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "chinese-emigration-opinion.txt"
GOLD = ROOT.parent / "shared" / "gold" / "chinese-emigration-opinion.json"
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides-immigration" / "immigration.jsonl"


@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp import load_model

    return load_model()


def found(nlp, text: str, **kwargs) -> set[tuple[str, str | None, str]]:
    return {(d.device, d.family, d.text) for d in extract_devices(nlp(text), min_score=0.0, **kwargs)}


@pytest.mark.model
def test_migration_metaphor_needs_people(nlp) -> None:
    assert ("metaphor", "water_mass", "A new wave") in found(nlp, "A new wave of migrants reached the coast.")
    assert ("metaphor", "water_mass", "in droves") in found(nlp, "Families are leaving in droves.")
    assert not any(d[0] == "metaphor" for d in found(nlp, "A heat wave hit the city and a surge in prices followed."))


@pytest.mark.model
def test_name_calling_rules(nlp) -> None:
    assert ("name_calling_labeling", None, "Putin's Russia") in found(nlp, "Nobody trusts Putin's Russia anymore.")
    labels = found(nlp, "The Iranian regime changed the tax regime again.")
    assert ("name_calling_labeling", None, "Iranian regime") in labels
    assert not any(d[2].endswith("tax regime") for d in labels)
    assert not any(d[0] == "name_calling_labeling" for d in found(nlp, "China's exports rose in May."))


@pytest.mark.model
def test_authority_and_fear(nlp) -> None:
    assert ("appeal_to_authority", None, "Experts have already sounded an alarm") in found(
        nlp, "Experts have already sounded an alarm over the plan."
    )
    # A named source is ordinary attribution, not an appeal to authority.
    assert not any(d[0] == "appeal_to_authority" for d in found(nlp, "Dr. Jane Smith said the plan works."))
    assert any(d[0] == "appeal_to_fear" for d in found(nlp, "These groups could sow panic in our cities."))


@pytest.mark.model
def test_rhetorical_question_only_in_authors_voice(nlp) -> None:
    text = 'Why does nobody act? She asked: "Where is the money?"'
    questions = [d.text for d in extract_devices(nlp(text)) if d.device == "rhetorical_question"]
    assert questions == ["Why does nobody act?"]
    doc = nlp("Why does nobody act? The mayor stayed silent.")
    quote = Quote(id="q-0", text=doc.text[:20], start=0, end=20, kind="direct", speaker="Mayor")
    assert not any(d.device == "rhetorical_question" for d in extract_devices(doc, quotes=[quote]))


def test_devices_derived_from_claims_and_quotes() -> None:
    doc = spacy.blank("en")("Officials said the plan could fail. It was a “reform” indeed.")
    text = doc.text
    claim = Claim(
        id="c-0",
        text=text[:35],
        start=0,
        end=35,
        attribution=Attribution(source="Officials", kind="vague", cue="said", start=0, end=9),
        hedges=(Evidence("could", text.index("could"), text.index("could") + 5),),
        boosters=(Evidence("indeed", text.index("indeed"), text.index("indeed") + 6),),
    )
    s = text.index("reform")
    quote = Quote(id=f"q-{s}", text="reform", start=s, end=s + 6, kind="scare")
    devices = extract_devices(doc, quotes=[quote], claims=[claim])
    got = {(d.device, d.text) for d in devices}
    assert got == {
        ("vague_attribution", "Officials"),
        ("hedge", "could"),
        ("booster", "indeed"),
        ("scare_quote", "reform"),
    }
    for d in devices:
        assert d.id == f"dev-{d.start}-{d.device}"
        assert text[d.start : d.end] == d.text
        assert d.evidence and 0 < d.score <= 1


@pytest.mark.model
def test_repetition_of_a_content_phrase(nlp) -> None:
    paragraphs = (
        "They must secure the border now.",
        "We will secure the border soon.",
        "Congress voted.",
        "Nobody can secure the border alone.",
        "Still, they promise to secure the border.",
    )
    text = "\n\n".join(paragraphs)
    reps = [d for d in extract_devices(nlp(text)) if d.device == "repetition"]
    assert [d.text for d in reps] == ["secure the border"]
    assert len(reps[0].evidence) == 4
    # Three times is not enough (min_count 4), and a gram of one content word is no repetition.
    three = "\n\n".join(p for p in paragraphs if not p.startswith("Nobody"))
    assert not any(d.device == "repetition" for d in extract_devices(nlp(three)))
    one_word = "\n\n".join(p.replace("secure the border", "go there") for p in paragraphs)
    assert not any(d.device == "repetition" for d in extract_devices(nlp(one_word)))


@pytest.mark.model
def test_a_question_too_short_to_argue_is_not_rhetorical(nlp) -> None:
    text = "The council cut the budget again. Why? Who would ever vote for that?"
    questions = [d.text for d in extract_devices(nlp(text)) if d.device == "rhetorical_question"]
    assert questions == ["Who would ever vote for that?"]


def test_device_sections_are_typed_and_checked() -> None:
    from pipeline.extract.devices.metaphors import metaphor_spec
    from pipeline.extract.devices.questions import question_spec
    from pipeline.extract.devices.repetition import repetition_spec

    assert question_spec().min_tokens > 1 and "why" in question_spec().question_words
    assert repetition_spec().min_tokens <= repetition_spec().max_tokens
    assert set(metaphor_spec().aimed_at_people.nouns.values()) <= set(metaphor_spec().families)
    assert "in droves" in metaphor_spec().families["water_mass"].always


def test_cue_devices_are_typed_and_a_misspelt_key_is_refused() -> None:
    from pipeline.extract.devices.base import CueDevice, cue_specs
    from pipeline.lexicons import LexiconError, build_typed

    assert "thug" in cue_specs()["name_calling_labeling"].words
    assert all(0 <= spec.score <= 1 for spec in cue_specs().values())
    with pytest.raises(LexiconError, match="wrods"):
        build_typed({"score": 0.7, "wrods": ["thug"]}, CueDevice, "models/devices.yaml [devices.x]")


@pytest.fixture(scope="module")
def seed_doc(nlp):
    paragraphs: list[str] = []
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        if paragraphs and line[:1].islower():  # the one hard-wrapped line, joined as the cleaner does
            paragraphs[-1] += " " + line.strip()
        elif line.strip():
            paragraphs.append(line.strip())
    return nlp("\n\n".join(paragraphs))


@pytest.mark.model
def test_seed_gold_devices(seed_doc) -> None:
    if not GOLD.exists():
        pytest.skip("../shared/gold is not present")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["devices"]
    text = seed_doc.text
    # The hedge comes from the claim extractor; stand in for it with a hand-built claim.
    h = text.index("could be agents")
    claim = Claim(id=f"c-{h}", text=text[h : h + 36], start=h, end=h + 36, hedges=(Evidence("could", h, h + 5),))
    devices = extract_devices(seed_doc, claims=[claim])
    hits = 0
    for g in gold:
        start = text.index(g["text"])
        end = start + len(g["text"])
        names = {g["device"], "exaggeration_minimisation" if g["device"] == "exaggeration" else g["device"]}
        if any(
            d.start < end and start < d.end and d.device in names and g.get("family", d.family) == d.family
            for d in devices
        ):
            hits += 1
    assert hits >= 9
    for word in ("wave", "exodus", "droves"):
        at = text.index(word)
        assert any(d.device == "metaphor" and d.family == "water_mass" and d.start <= at < d.end for d in devices)


@pytest.mark.model
@pytest.mark.slow
def test_offsets_and_ids_on_real_articles(nlp) -> None:
    if not ALLSIDES.exists():
        pytest.skip("../shared/data is not present")
    with ALLSIDES.open(encoding="utf-8") as handle:
        records = [json.loads(next(handle)) for _ in range(8)]
    for record in records:
        doc = nlp(record["content_original"])
        for d in extract_devices(doc):
            assert doc.text[d.start : d.end] == d.text
            assert d.id == f"dev-{d.start}-{d.device}"
            assert all(doc.text[e.start : e.end] == e.text for e in d.evidence)
            assert d.device != "metaphor" or d.family


@pytest.mark.model
def test_cue_index_finds_what_a_spacy_matcher_finds(nlp, seed_doc) -> None:
    """The first-word index replaced a spaCy Matcher: same matches for the same lexicon patterns."""
    from spacy.matcher import Matcher

    from pipeline.extract.devices import cue_index as dv

    matcher = Matcher(nlp.vocab)
    for device, spec in dv.load_lexicon(dv.LEXICON)["devices"].items():
        patterns = []
        for phrase in list(spec.get("words") or ()) + list(spec.get("phrases") or ()):
            words = [t.text.lower() for t in dv._tokenizer()(str(phrase))]
            patterns += [[{"LEMMA": w} for w in words], [{"LOWER": w} for w in words]]
        matcher.add(device, patterns + list(spec.get("patterns") or ()))
    extra = nlp("The so-called experts and the so called reform: crushing poverty, a brutal regime, "
                "an authoritarian state that is crushing the cans. He carried the president's water.")
    for doc in (seed_doc, extra):
        expected = {(nlp.vocab.strings[m], s, e) for m, s, e in matcher(doc)}
        assert set(dv.cue_index()(dv.Tokens(doc))) == expected


@pytest.mark.model
def test_criticism_told_as_violence_only_when_figurative(nlp) -> None:
    assert ("loaded_attribution", None, "blasted the move") in found(nlp, "Democrats blasted the move on Tuesday.")
    assert ("loaded_attribution", None, "ripped the administration") in found(
        nlp, "Sen. Ted Cruz ripped the administration on Tuesday for its handling of the border.")
    for literal in ("Your children are going to be ripped away from you.", "She slammed the door.",
                    "The explosion blasted a hole in the wall.", "They ripped children from their parents."):
        assert not any(d[0] in ("loaded_language", "loaded_attribution") for d in found(nlp, literal)), literal


@pytest.mark.model
def test_war_metaphor_needs_people_as_its_target(nlp) -> None:
    assert ("metaphor", "war_invasion", "the ongoing war against immigrant families") in found(
        nlp, "The raids are part of the ongoing war against immigrant families, she said.")
    assert not any(d[0] == "metaphor" for d in found(nlp, "Refugees fleeing war arrived in Greece."))
    assert not any(d[0] == "metaphor" for d in found(nlp, "He was charged with the sexual assault on a migrant."))
    # A verb of the water family said of a count of people.
    assert ("metaphor", "water_mass", "surges") in found(
        nlp, "This legislation surges the number of low-wage workers.")


@pytest.mark.model
def test_fear_under_modal_stays_close_to_the_modal(nlp) -> None:
    assert ("appeal_to_fear", None, "could end up in the hands of human traffickers") in found(
        nlp, "The children could end up in the hands of human traffickers.")
    long = ("Today's action will reduce the overwhelming burdens on our domestic system caused by "
            "asylum-seekers, economic migrants and the transnational criminal organizations and traffickers.")
    assert not any(d[0] == "appeal_to_fear" for d in found(nlp, long))


@pytest.mark.model
def test_new_lexicon_cues(nlp) -> None:
    labels = found(nlp, "Obama's executive amnesty was an end run around Congress, and the plan is cruel.")
    assert {("loaded_language", None, "executive amnesty"), ("loaded_language", None, "end run around"),
            ("loaded_language", None, "cruel")} <= labels
    assert ("doubt", None, "called into question") in found(
        nlp, "The judge called into question whether the president was trustworthy.")
    assert ("slogans", None, "legislate from the bench") in found(
        nlp, "Judges should not legislate from the bench.")
    # Said by someone else, the slogan is theirs (voice.py).
    assert not any(d[0] == "slogans" for d in found(nlp, "Judges should not legislate from the bench, he said."))


@pytest.mark.model
def test_explainer_questions_are_not_rhetorical(nlp) -> None:
    explainer = ("Officials changed the rule.\n\nWhat exactly do these guidelines entail? What is the likely "
                 "impact? Here are some answers:\n\nWhat is the new rule?\n\nThe rule broadens the categories."
                 "\n\nIs anyone exempt?\n\nPregnant women are exempt.")
    assert not any(d.device == "rhetorical_question" for d in extract_devices(nlp(explainer)))
    opinion = ("Sanctuary cities shield criminals.\n\nIf laws are not enforced, what is the point of having "
               "them?\n\nIf judges ignore the law, why should anyone obey it?\n\nPoliticians should act.")
    questions = [d.text for d in extract_devices(nlp(opinion)) if d.device == "rhetorical_question"]
    assert questions == ["If laws are not enforced, what is the point of having them?",
                         "If judges ignore the law, why should anyone obey it?"]


@pytest.mark.model
def test_so_called_before_a_capitalised_name_is_naming(nlp) -> None:
    assert not any(d[0] == "doubt" for d in found(nlp, "He is a member of the so-called Gang of Eight."))
    assert ("doubt", None, "so-called") in found(nlp, "The opinion of this so-called judge is wrong.")


def test_cue_phrases_split_as_spacys_english_tokenizer_splits_them() -> None:
    # The cue tokenizer loads only the special cases that occur in the lexicon; every phrase (and a
    # contraction that needs its special case) must still split exactly as spacy.blank("en") splits it.
    from pipeline.extract.devices.cue_index import _strings, _tokenizer
    from pipeline.lexicons import load_lexicon

    light, full = _tokenizer(), spacy.blank("en").tokenizer
    phrases = [*_strings(load_lexicon("devices")), "here's", "so-called", "U.S.-made"]
    assert [[t.text for t in light(p)] for p in phrases] == [[t.text for t in full(p)] for p in phrases]
    assert [t.text for t in light("here's")] == ["here", "'s"]
