"""Labels and name calling: the label, its target, once per target, repetition apart; and negatives."""

from __future__ import annotations

import pytest

from pipeline.analyze import analyze_text


@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp import load_model

    return load_model()


def labels(nlp, text: str, device: str = "name_calling_labeling"):
    analysis = analyze_text(text, nlp=nlp)
    found = [d for d in analysis.devices if d.device == device]
    for d in found:
        assert analysis.article.text[d.start:d.end] == d.text
        assert all(analysis.article.text[e.start:e.end] == e.text for e in d.evidence)
    return found


@pytest.mark.model
@pytest.mark.parametrize(("text", "label", "target"), [
    ("The radical Democrats want to abolish the agency.", "radical", "Democrats"),
    ("Trump, a demagogue, spoke in Ohio on Tuesday.", "demagogue", "Trump"),
    ("Frankly, the protesters were thugs.", "thugs", "protesters"),
])
def test_a_label_names_its_target(nlp, text, label, target) -> None:
    assert [(d.text, d.target) for d in labels(nlp, text)] == [(label, target)]


@pytest.mark.model
def test_a_repeated_label_counts_once_as_name_calling_and_once_as_repetition(nlp) -> None:
    text = ("The radical Democrats want open borders. Voters reject what the radical Democrats offer.\n\n"
            "Meanwhile the radical Democrats raised money.")
    calling = labels(nlp, text)
    assert [(d.text, d.target, len(d.evidence)) for d in calling] == [("radical", "Democrats", 3)]
    repeated = [d for d in labels(nlp, text, "repetition") if d.target == "Democrats"]
    assert [(d.text, len(d.evidence)) for d in repeated] == [("radical", 3)]
    # The label word is not also shown as loaded language.
    assert not labels(nlp, text, "loaded_language")


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "He joined the Radical Party in 1990.",
    "The plan calls for a radical overhaul of the tax code.",
    '"They are thugs," the mayor said of the rioters.',
    "The senator said the protesters were thugs.",
    "Radical Republicans passed the Reconstruction amendments.",
])
def test_names_things_and_quotes_are_not_labels(nlp, text) -> None:
    assert labels(nlp, text) == []


@pytest.mark.model
def test_a_country_as_its_leaders_possession_and_a_regime_name_their_target(nlp) -> None:
    assert [(d.text, d.target) for d in labels(nlp, "Nobody trusts Putin's Russia anymore.")] == [
        ("Putin's Russia", "Russia")]
    assert [(d.text, d.target) for d in labels(nlp, "The Iranian regime changed the tax regime again.")] == [
        ("Iranian regime", "Iranian")]
