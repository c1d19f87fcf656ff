"""Whose words: reported views and quoted names are not the author's devices."""

from __future__ import annotations

import pytest

from pipeline.extract.devices import extract_devices
from pipeline.records import Quote


@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp import load_model

    return load_model()


def shown(nlp, text: str, **kwargs) -> set[tuple[str, str]]:
    return {(d.device, d.text) for d in extract_devices(nlp(text), min_score=0.0, **kwargs)}


def _quote(text: str, inner: str, kind: str) -> Quote:
    start = text.index(inner)
    return Quote(id=f"q-{start}", text=inner, start=start, end=start + len(inner), kind=kind)


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "The decision, which critics described as dangerous, was reversed on Friday.",
    "Many liberals refuse to use the word, claiming that it is racist.",
    "Democrats will portray the shutdown as a catastrophe.",
])
def test_a_loaded_word_in_someone_elses_reported_view_is_theirs(nlp, text) -> None:
    # The reporting verb itself ("claiming") is the author's choice of word and may be loaded; the words of
    # the view it reports are not.
    loaded = {d[1] for d in shown(nlp, text) if d[0] == "loaded_language"}
    assert loaded <= {"claiming"}


@pytest.mark.model
def test_the_authors_own_view_and_words_outside_the_content_still_count(nlp) -> None:
    assert ("loaded_language", "disastrous") in shown(nlp, "We see disastrous scenarios ahead.")
    assert ("exaggeration_minimisation", "growing exponentially") in shown(
        nlp, "The statistics show that the number of refugees is growing exponentially.")
    assert ("loaded_language", "bizarre") in shown(
        nlp, "The president claimed in a bizarre press conference that the wall was built.")


@pytest.mark.model
@pytest.mark.parametrize(("text", "inner", "is_device"), [
    ("Critics said the plan offers only a “solution” to nothing.", "solution", True),
    ("The bill helps the “Dreamers” brought here as children.", "Dreamers", False),
    ("The group is known as “the squad” in Washington.", "the squad", False),
])
def test_a_scare_quote_is_distancing_not_a_name_or_a_term(nlp, text, inner, is_device) -> None:
    quotes = [_quote(text, inner, "scare")]
    assert (("scare_quote", inner) in shown(nlp, text, quotes=quotes)) is is_device
