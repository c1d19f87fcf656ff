"""The in-article resolver: pronouns, role and organisation descriptions, relatives, its rules file."""

from __future__ import annotations

import pytest

from pipeline.extract.entities import extract_entities
from pipeline.extract.quote_marks import pair_quote_marks
from pipeline.extract.resolver import Resolver, rules
from pipeline.nlp import load_model

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def resolver_of(nlp, text: str):
    doc = nlp(text)
    regions = [(p.open, p.close) for p in pair_quote_marks(text) if p.parent is None]
    return doc, Resolver(doc, extract_entities(doc), lambda at: any(o < at < c for o, c in regions))


def token(doc, word: str, nth: int = 0):
    return [t for t in doc if t.text == word][nth]


def test_rules_are_loaded_and_typed():
    loaded = rules()
    assert loaded.person_pronouns["she"] == "female"
    assert loaded.person_roles["senator"] == "senator" and "president" in loaded.never_guess
    assert "enforcement" in loaded.organisation_heads["agency"]
    assert loaded.pronoun_reach == 1 and loaded.subject_reach == 2


def test_title_role_and_pronoun_gender(nlp):
    text = "Sen. Tim Kaine met Ms. Nancy Pelosi on Monday.\n\nThe senator said she was right."
    doc, resolver = resolver_of(nlp, text)
    senator = resolver.description(token(doc, "senator"))
    assert senator is not None and (senator.canonical, text[senator.start:senator.end]) == ("Tim Kaine",
                                                                                          "The senator")
    she = resolver.pronoun(token(doc, "she"))
    assert she is not None and she.canonical == "Nancy Pelosi"


def test_bare_president_is_never_guessed_but_a_qualified_one_is(nlp):
    text = ("Donald Tusk spoke in Brussels on Friday.\n\n"
            "The president warned Europe. The former Polish president smiled.")
    doc, resolver = resolver_of(nlp, text)
    assert resolver.description(token(doc, "president", 0)) is None
    qualified = resolver.description(token(doc, "president", 1))
    assert qualified is not None and qualified.canonical == "Donald Tusk"


def test_organisation_description_takes_the_organisation_named_before(nlp):
    text = ("Officers of Immigration and Customs Enforcement arrested 680 workers on Wednesday. "
            "The agency said the raids would continue.")
    doc, resolver = resolver_of(nlp, text)
    agency = resolver.description(token(doc, "agency"))
    assert agency is not None and (agency.canonical, agency.label) == (
        "Immigration and Customs Enforcement", "ORG")


def test_a_relative_is_never_the_person_related_to(nlp):
    doc, resolver = resolver_of(nlp, "Donald Trump spoke in Ohio. His son said the crowd was huge.")
    assert resolver.description(token(doc, "son")) is None


def test_people_inside_quotes_are_no_antecedents(nlp):
    text = "“Barack Obama was wrong,” Mary Jones said. She added that she would vote."
    doc, resolver = resolver_of(nlp, text)
    assert [p.canonical for p in resolver.people] == ["Mary Jones"]
    she = resolver.pronoun(token(doc, "She"))
    assert she is not None and she.canonical == "Mary Jones"
