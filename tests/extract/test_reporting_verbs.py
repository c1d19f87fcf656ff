"""Loaded reporting verbs: the device, its claim, its source and a stance that agrees with the claim's."""

from __future__ import annotations

import pytest

from pipeline.analyze import analyze_text
from pipeline.extract.devices.base import rules
from pipeline.extract.devices.reporting import loaded_attribution_spec, verb_stances


@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp import load_model

    return load_model()


def reporting(nlp, text: str):
    analysis = analyze_text(text, nlp=nlp)
    found = [d for d in analysis.devices if d.device == "loaded_attribution"]
    for d in found:
        assert analysis.article.text[d.start:d.end] == d.text
    return analysis, found


def test_every_loaded_verb_has_a_stance_that_is_not_neutral() -> None:
    stances = verb_stances()
    for verb in loaded_attribution_spec().verbs | rules().criticism_verbs:
        assert stances.get(verb) not in (None, "neutral"), verb
    for neutral in ("say", "tell", "add"):
        assert stances[neutral] == "neutral"
        assert neutral not in loaded_attribution_spec().verbs


@pytest.mark.model
@pytest.mark.parametrize(("text", "verb", "source", "stance"), [
    ("Senator Warren insisted that the plan would fail.", "insisted", "Warren", "distancing"),
    ("The mayor admitted that the budget was short by $2 million.", "admitted", "The mayor", "concessive"),
    ("He claimed the election was stolen.", "claimed", "He", "distancing"),
    ("The senator warned that the bill would raise prices.", "warned", "The senator", "alarm"),
    ('"We will win the election in November by a wide margin," she bragged.', "bragged", "she", "distancing"),
])
def test_a_loaded_cue_is_a_device_of_its_claim(nlp, text, verb, source, stance) -> None:
    analysis, found = reporting(nlp, text)
    assert [(d.text, d.target, d.stance) for d in found] == [(verb, source, stance)]
    claim = next(c for c in analysis.claims if c.id == found[0].claim_id)
    # The device and the claim's attribution agree on the cue and its stance.
    assert (claim.attribution.cue, claim.attribution.stance) == (verb, stance)
    assert found[0].id in claim.devices


@pytest.mark.model
def test_criticism_told_as_violence_names_the_critic(nlp) -> None:
    _, found = reporting(nlp, "Democrats slammed the decision on Tuesday.")
    assert [(d.text, d.target, d.stance) for d in found] == [("slammed the decision", "Democrats", "hostile")]
    _, found = reporting(nlp, "Senate Republicans blasted the report.")
    assert [(d.text, d.target) for d in found] == [("blasted the report", "Senate Republicans")]


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "The governor said that taxes would rise next year.",
    "The minister told reporters that the talks had failed.",
    "Taxes will rise next year, the governor added.",
    "According to the governor, taxes will rise next year.",
    "She slammed the door and ripped away the poster.",
    '"They slammed us and blasted our plan," the mayor said.',
])
def test_neutral_verbs_literal_uses_and_quotes_never_fire(nlp, text) -> None:
    assert reporting(nlp, text)[1] == []
