"""Issue 16's precision rules, each on short sentences written for the test, with negatives."""

from __future__ import annotations

import pytest
import spacy

from pipeline.extract.certainty import find_certainty
from pipeline.extract.devices import extract_devices
from pipeline.records import Attribution, Claim, Evidence, Quote


def _claim(text: str, *, hedges: tuple[str, ...] = (), boosters: tuple[str, ...] = (),
           vague: str | None = None) -> Claim:
    def ev(word: str) -> Evidence:
        return Evidence(word, text.index(word), text.index(word) + len(word))

    attribution = (Attribution(source=vague, kind="vague", cue="said", start=text.index(vague),
                               end=text.index(vague) + len(vague))
                   if vague else Attribution(source=None, kind="none"))
    return Claim(id="c-0", text=text, start=0, end=len(text), attribution=attribution,
                 hedges=tuple(ev(w) for w in hedges), boosters=tuple(ev(w) for w in boosters))


def _quote(text: str, inner: str, kind: str, speaker: str | None = None) -> Quote:
    start = text.index(inner)
    return Quote(id=f"q-{start}", text=inner, start=start, end=start + len(inner), kind=kind, speaker=speaker)


def test_no_hedge_booster_or_nested_scare_quote_inside_someone_elses_quotation() -> None:
    text = "“The plan may fail, and it is clearly a ‘reform’ in name only,” the senator said."
    doc = spacy.blank("en")(text)
    inner = text[1 : text.index("”")]
    quotes = [_quote(text, inner, "direct", "the senator"), _quote(text, "reform", "scare")]
    claim = _claim(text, hedges=("may",), boosters=("clearly",))
    assert extract_devices(doc, quotes=quotes, claims=[claim], min_score=0.0) == []


def test_the_authors_own_hedge_booster_and_scare_quote_stay() -> None:
    text = "The plan may fail, and it is clearly a ‘reform’ in name only."
    doc = spacy.blank("en")(text)
    claim = _claim(text, hedges=("may",), boosters=("clearly",))
    devices = extract_devices(doc, quotes=[_quote(text, "reform", "scare")], claims=[claim], min_score=0.0)
    assert [(d.device, d.text) for d in devices] == [("hedge", "may"), ("booster", "clearly"),
                                                     ("scare_quote", "reform")]


def test_vague_source_inside_a_quotation_is_the_speakers() -> None:
    text = "“Some experts say the wall works,” Smith said. Officials said it failed."
    doc = spacy.blank("en")(text)
    quote = _quote(text, text[1 : text.index("”")], "direct", "Smith")
    claims = [_claim(text, vague="Some experts"), _claim(text, vague="Officials")]
    devices = extract_devices(doc, quotes=[quote], claims=claims, min_score=0.0)
    assert [(d.device, d.text) for d in devices] == [("vague_attribution", "Officials")]


# ------------------------------------------------------------ root modals and frequency adverbs (certainty)

@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp import load_model

    return load_model()


def _hedges(nlp, text: str) -> list[str]:
    return [e.text for e in find_certainty(nlp(text))[1]]


@pytest.mark.model
@pytest.mark.parametrize(("text", "hedges"), [
    ("Applicants may appeal the decision within 30 days.", []),  # permission
    ("The governor could veto the bill.", []),  # ability
    ("It is possible for migrants to apply online.", []),  # "possible for ... to": ability
    ("The new law made it possible to stay.", []),  # made possible
    ("The plan may fail.", ["may"]),  # inanimate subject: epistemic
    ("Thousands could be deported.", ["could"]),  # passive
    ("He may have left the country.", ["may"]),  # perfect
    ("They may not like it.", ["may"]),  # a state, not an action
    ("It is possible that the plan failed.", ["possible"]),
])
def test_root_modals_and_ability_are_not_hedges(nlp, text: str, hedges: list[str]) -> None:
    assert _hedges(nlp, text) == hedges


@pytest.mark.model
def test_always_counts_only_negated(nlp) -> None:
    assert find_certainty(nlp("He always votes against the budget."))[1:] == ((), ())
    assert _hedges(nlp, "Migrants do not always stay in the first country.") == ["always"]


# ------------------------------------------------------------ rhetorical questions

def _questions(nlp, text: str) -> list[str]:
    return [d.text for d in extract_devices(nlp(text), min_score=0.0) if d.device == "rhetorical_question"]


@pytest.mark.model
def test_questions_put_to_you_and_title_case_headlines_are_not_rhetorical(nlp) -> None:
    assert _questions(nlp, "Did you ever see your sister again? She said no.") == []
    assert _questions(nlp, "Do you have a story to share? Write to us.") == []
    assert _questions(nlp, "Should Hillary Run in 2016? The race is open.") == []
    assert _questions(nlp, "Why would anyone want to see that happen? The bill failed.") == [
        "Why would anyone want to see that happen?"]


# ------------------------------------------------------------ scare quotes and vague sources

def test_scare_quotes_are_stored_but_not_shown_by_default() -> None:
    from pipeline.document import device_threshold

    text = "It was a ‘reform’ in name only."
    quotes = [_quote(text, "reform", "scare")]
    devices = extract_devices(spacy.blank("en")(text), quotes=quotes, min_score=0.0)
    assert [(d.device, d.text) for d in devices] == [("scare_quote", "reform")]
    assert devices[0].score < device_threshold()


@pytest.mark.parametrize("source", ["Only 39 percent", "A majority of respondents", "55"])
def test_a_poll_share_or_count_is_not_a_vague_source(source: str) -> None:
    text = f"{source} said the plan works."
    devices = extract_devices(spacy.blank("en")(text), claims=[_claim(text, vague=source)], min_score=0.0)
    assert devices == []


def test_a_vague_group_stays_a_vague_source() -> None:
    text = "Some experts said the plan works."
    claims = [_claim(text, vague="Some experts")]
    devices = extract_devices(spacy.blank("en")(text), claims=claims, min_score=0.0)
    assert [(d.device, d.text) for d in devices] == [("vague_attribution", "Some experts")]


# ------------------------------------------------------------ loaded words that report

@pytest.mark.model
def test_words_that_report_a_reaction_or_a_literal_danger_are_not_loaded(nlp) -> None:
    for text in ("The mayor sent an angry letter to the council.", "The crossing is dangerous at night.",
                 "The controversial bill passed on Tuesday."):
        assert not any(d.device == "loaded_language" for d in extract_devices(nlp(text)))
    assert any(d.device == "loaded_language" for d in extract_devices(nlp("The plan is a despicable sham.")))


# ------------------------------------------------------------ the broad lexicon (models/loaded_words.yaml)

def _loaded(nlp, text: str) -> dict[str, tuple[str, ...]]:
    devices = extract_devices(nlp(text), min_score=0.0)
    return {d.text: d.entries for d in devices if d.device == "loaded_language"}


@pytest.mark.model
def test_a_broad_lexicon_word_is_loaded_language_with_its_kind(nlp) -> None:
    found = _loaded(nlp, "The senator gave a condescending speech about the border.")
    assert "loaded_words.yaml:adjectives" in found["condescending"]
    assert "loaded_words.yaml:verbs" in _loaded(nlp, "Critics derided the plan.")["derided"]


@pytest.mark.model
def test_a_broad_lexicon_word_counts_only_in_its_part_of_speech(nlp) -> None:
    # "gut" is listed as a verb ("the bill guts protections"), not as the noun of "a gut feeling".
    found = _loaded(nlp, "She had a gut feeling about the vote.")
    assert not any("loaded_words.yaml" in e for entries in found.values() for e in entries)


@pytest.mark.model
def test_a_figurative_verb_counts_only_in_its_figurative_use(nlp) -> None:
    assert "loaded_words.yaml:figurative_verbs" in _loaded(nlp, "Republicans slashed funding for schools.")[
        "slashed"]
    for literal in ("The storm ripped the roof off the house.", "They ripped children from their parents.",
                    "She slammed the door."):
        assert not any("figurative_verbs" in e for entries in _loaded(nlp, literal).values() for e in entries)


# ------------------------------------------------------------ one word, one device; "admit" as let in

@pytest.mark.model
def test_a_word_a_specific_rule_names_is_shown_once(nlp) -> None:
    doc = nlp("He fears invasions by supposedly unassimilable migrants.")
    devices = [(d.device, d.text) for d in extract_devices(doc, min_score=0.0)]
    assert [d for d in devices if d[1] == "supposedly"] == [("doubt", "supposedly")]


def _analysed(nlp, text: str) -> list[tuple[str, str]]:
    from pipeline.analyze import analyze_doc
    from pipeline.ingest import IngestOptions, to_article
    from pipeline.ingest.readers import RawRecord

    article = to_article(RawRecord(text=text, origin="test", fields={}, fmt="text"), IngestOptions())
    return [(d.device, d.text) for d in analyze_doc(article, nlp(article.text)).devices]


@pytest.mark.model
def test_admit_with_people_as_its_object_lets_in_and_reports_nothing(nlp) -> None:
    assert not any(d[0] == "loaded_attribution" for d in _analysed(
        nlp, "In 2011 the U.S. admitted more than two million temporary workers, officials said."))
    conceded = _analysed(nlp, "The senator admitted that the plan had failed.")
    assert ("loaded_attribution", "admitted") in conceded
