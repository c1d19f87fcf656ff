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
    return {(d.device, d.family, d.text) for d in extract_devices(nlp(text), **kwargs)}


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
