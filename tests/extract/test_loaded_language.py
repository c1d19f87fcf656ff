"""Loaded language scored from the VADER, TextBlob and framelens lexicons, with its context rules."""

from __future__ import annotations

import pytest

from pipeline.extract.devices import extract_devices
from pipeline.extract.devices.loaded import loaded_lexicon
from pipeline.package_lexicons import (
    package_lexicon_versions,
    textblob_subjectivity,
    vader_valence,
)
from pipeline.records import Quote


@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp import load_model

    return load_model()


def loaded(nlp, text: str, **kwargs):
    doc = nlp(text)
    found = [d for d in extract_devices(doc, min_score=0.0, **kwargs) if d.device == "loaded_language"]
    for d in found:
        assert text[d.start:d.end] == d.text
        assert 0.0 <= d.score <= 1.0
    return found


def test_package_lexicons_are_read_with_their_versions() -> None:
    assert vader_valence()["horrible"] < -2
    assert textblob_subjectivity()["bizarre"] > 0.5
    versions = package_lexicon_versions()
    assert set(versions) == {"package:vaderSentiment", "package:textblob"}
    assert all(v[0].isdigit() for v in versions.values())


def test_a_missing_lexicon_package_is_named_in_one_line(monkeypatch) -> None:
    from importlib import metadata

    from pipeline import package_lexicons
    from pipeline.errors import FramelensError

    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(package_lexicons.metadata, "version", missing)
    expected = r"^The vaderSentiment package is missing: pip install vaderSentiment"
    with pytest.raises(FramelensError, match=expected):
        package_lexicon_versions()


@pytest.mark.model
def test_a_loaded_word_carries_its_lexicon_entries(nlp) -> None:
    found = loaded(nlp, "The senator gave a bizarre and hysterical speech on Tuesday.")
    texts = {d.text for d in found}
    assert "bizarre" in texts and "hysterical" in texts
    bizarre = next(d for d in found if d.text == "bizarre")
    assert any(e.startswith("vader:bizarre=") for e in bizarre.entries)
    assert any(e.startswith("textblob:bizarre=") for e in bizarre.entries)


@pytest.mark.model
def test_neighbouring_loaded_words_make_one_device(nlp) -> None:
    # The author's own words: 'Critics called it ...' would be the critics' view (voice rule).
    found = loaded(nlp, "It was a totally disgraceful decision.")
    assert [d.text for d in found] == ["totally disgraceful"]
    assert [e.text for e in found[0].evidence] == ["totally", "disgraceful"]


@pytest.mark.model
def test_neutral_senses_and_events_are_not_loaded(nlp) -> None:
    assert not loaded(nlp, "The patient remains in critical care after the heat wave.")
    assert not loaded(nlp, "Two people were killed in the attack, police said.")


@pytest.mark.model
def test_names_and_titles_never_count(nlp) -> None:
    assert not loaded(nlp, "He joined the Radical Party and later the Evil Dead Fan Club.")


@pytest.mark.model
def test_words_quoted_from_someone_else_are_not_the_authors(nlp) -> None:
    text = 'The mayor said: "This is a disgraceful, cruel policy."'
    start = text.index("“") if "“" in text else text.index('"')
    quote = Quote(id="q-1", text=text[start:], start=start, end=len(text), kind="direct", speaker="The mayor")
    assert not loaded(nlp, text, quotes=[quote])
    assert loaded(nlp, "This is a disgraceful, cruel policy.")


@pytest.mark.model
def test_negation_lowers_the_score(nlp) -> None:
    plain = loaded(nlp, "The plan is bizarre.")
    negated = loaded(nlp, "The plan is not bizarre.")
    assert plain and negated
    assert negated[0].score == pytest.approx(plain[0].score * loaded_lexicon().negated_factor, abs=0.002)


@pytest.mark.model
def test_the_default_threshold_hides_weak_words(nlp) -> None:
    text = "The committee approved a good plan."
    assert not [d for d in extract_devices(nlp(text)) if d.device == "loaded_language"]


@pytest.mark.model
def test_a_degree_modifier_and_a_loaded_sentence_raise_the_score(nlp) -> None:
    def score(text: str, word: str) -> float:
        return next(d.score for d in loaded(nlp, text) if word in d.text)

    assert score("The plan is deeply flawed.", "flawed") > score("The plan is flawed.", "flawed")
    # The same word has a higher context feature among other strongly evaluative words of its sentence
    # (its weight is fitted: near 0 once the broad lexicon is a feature).
    from pipeline.extract.devices.loaded import FEATURES, candidates

    def context(text: str, word: str) -> float:
        doc = nlp(text)
        return next(c.features[FEATURES.index("context")] for c in candidates(doc) if doc[c.i].text == word)

    assert context("The senator's disgraceful, cruel and flawed plan failed.", "flawed") == 1.0
    assert context("The senator's plan for the county roads is flawed.", "flawed") == 0.0


def test_the_features_are_the_fitted_weights() -> None:
    from pipeline.extract.devices.loaded import FEATURES

    assert set(loaded_lexicon().weights) == {"bias", *FEATURES}
