"""find_certainty: hedges, boosters, modals and negated boosters on short sentences."""

from __future__ import annotations

import pytest

from pipeline.extract.certainty import find_certainty, match_cues
from pipeline.lexicons import load_lexicon
from pipeline.nlp import load_model

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def words(evidence):
    return [e.text for e in evidence]


def test_bare_assertion_gets_the_base(nlp):
    certainty, hedges, boosters = find_certainty(nlp("The bill passed the Senate on Tuesday."))
    assert certainty == pytest.approx(load_lexicon("certainty")["base"])
    assert hedges == () and boosters == ()


def test_hedges_lower_certainty_and_are_listed_with_offsets(nlp):
    doc = nlp("The agents could perhaps be spies, officials reportedly believe.")
    certainty, hedges, boosters = find_certainty(doc)
    assert words(hedges) == ["could", "perhaps", "reportedly"]
    assert all(doc.text[h.start : h.end] == h.text for h in hedges)
    assert certainty == pytest.approx(0.7 - 0.2 - 0.25 - 0.2)
    assert boosters == ()


def test_boosters_raise_certainty(nlp):
    certainty, hedges, boosters = find_certainty(nlp("The policy has clearly failed; in fact it failed."))
    assert words(boosters) == ["clearly", "in fact"]
    assert hedges == ()
    assert certainty == pytest.approx(0.7 + 0.15 + 0.1)
    capped, _, _ = find_certainty(nlp("It clearly, certainly and undeniably never worked."))
    assert capped == pytest.approx(load_lexicon("certainty")["ceiling"])


def test_negated_booster_reads_as_hedge(nlp):
    certainty, hedges, boosters = find_certainty(nlp("Migrants do not always stay in the first country."))
    assert words(hedges) == ["always"] and boosters == ()
    assert certainty < 0.7


def test_longest_cue_wins_no_doubt_is_a_booster(nlp):
    _, hedges, boosters = find_certainty(nlp("There is no doubt the numbers rose."))
    assert words(boosters) == ["no doubt"] and hedges == ()


def test_month_may_is_not_a_modal(nlp):
    _, hedges, _ = find_certainty(nlp("The law took effect in May 2023."))
    assert hedges == ()


def test_unlikely_is_a_hedge_and_certainty_stays_in_range(nlp):
    doc = nlp("It may possibly, perhaps, seem unlikely that this might be allegedly true.")
    certainty, hedges, _ = find_certainty(doc)
    assert "unlikely" in words(hedges)
    assert certainty == pytest.approx(load_lexicon("certainty")["floor"])


def test_match_cues_gap_and_lemmas(nlp):
    doc = nlp("Experts sounded an alarm and growth lifted millions out of poverty.")
    found = [(p, doc[a:b].text) for p, a, b in match_cues(doc, ["sound * alarm", "lift * out of"])]
    assert found == [("sound * alarm", "sounded an alarm"), ("lift * out of", "lifted millions out of")]


# ---------------------------------------------------------------- cue conditions (lexicon 1.1)


@pytest.mark.parametrize(
    "text",
    [
        "We need to register them as quickly as possible.",  # "as ... as possible" is no hedge
        "He claimed, without any basis in fact, that they were there.",  # "in fact" after a noun
        "The court has never ruled on the question.",  # "never" states a fact
        "The report cast doubt on the figures.",  # the noun "doubt" is not the writer hedging
        "Many families could not afford the fees.",  # negated "could" is lack of ability
        "Funding has proven to be the main sticking point.",  # "prove to be" = turn out
        "I want to say this very clearly: the plan failed.",  # manner adverb
        "Others suggest the plan failed.",  # "suggest" with a human subject reports
    ],
)
def test_cue_words_outside_their_epistemic_use_are_not_counted(nlp, text):
    certainty, hedges, boosters = find_certainty(nlp(text))
    assert hedges == () and boosters == ()
    assert certainty == pytest.approx(load_lexicon("certainty")["base"])


def test_reporting_hedge_with_a_data_subject_still_hedges(nlp):
    _, hedges, _ = find_certainty(nlp("The data suggest that the plan failed."))
    assert words(hedges) == ["suggest"]


def test_added_boosters_and_hedge(nlp):
    _, _, boosters = find_certainty(nlp("The message is crystal clear and reform is badly needed."))
    assert words(boosters) == ["crystal clear", "badly needed"]
    _, _, boosters = find_certainty(nlp("This increase guarantees that wages will stay flat."))
    assert words(boosters) == ["guarantees"]
    _, _, boosters = find_certainty(nlp("He had no authority whatsoever to act."))
    assert words(boosters) == ["whatsoever"]
    _, hedges, _ = find_certainty(nlp("Immigration can help reduce the deficit."))
    assert words(hedges) == ["can help"]
