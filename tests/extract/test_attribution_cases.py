"""Who said it: the failure kinds of issue 11, each on a short text written for the test.

Every test names what the extractors did before the in-article resolver and the attribution rework
("before:") and asserts what they do now. The whole chain runs (entities, quotes, figures, claims), as
``analyze_doc`` runs it.
"""

from __future__ import annotations

import pytest

from pipeline.extract.claims import extract_claims
from pipeline.extract.entities import extract_entities
from pipeline.extract.figures import extract_figures
from pipeline.extract.quotes import extract_quotes
from pipeline.nlp import load_model
from pipeline.records import Attribution, Claim, Quote

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def analyse(nlp, text: str) -> tuple[list[Quote], list[Claim]]:
    doc = nlp(text)
    entities = extract_entities(doc)
    quotes = extract_quotes(doc, entities=entities)
    return quotes, extract_claims(doc, entities=entities, figures=extract_figures(doc), quotes=quotes)


def claim_with(claims: list[Claim], words: str) -> Claim:
    return next(c for c in claims if words in c.text)


def spans(text: str, a: Attribution) -> tuple[str | None, str | None, str | None]:
    """(source span, cue span, content span) as written in the text."""
    def cut(start: int | None, end: int | None) -> str | None:
        return text[start:end] if start is not None and end is not None else None
    return cut(a.start, a.end), cut(a.cue_start, a.cue_end), cut(a.content_start, a.content_end)


# ------------------------------------------------------------------ role descriptions and pronouns

def test_role_description_binds_to_the_person_the_article_describes_so(nlp):
    """before: source "The presumptive Republican nominee" linked to the entity "Republican"."""
    text = ("Donald Trump, the presumptive Republican nominee, spoke in Ohio. "
            "The presumptive Republican nominee said that trade deals had hurt workers.")
    _quotes, claims = analyse(nlp, text)
    a = claim_with(claims, "trade deals").attribution
    assert (a.kind, a.source, a.entity) == ("named", "The presumptive Republican nominee", "Donald Trump")


def test_pronoun_takes_the_paragraphs_speaker_not_the_last_name(nlp):
    """before: "She" resolved to Barack Obama, the last person mentioned."""
    text = ("Mary Jones, a nurse from Ohio, voted for Barack Obama twice.\n\n"
            "She said she did not support Mr. Obama anymore.")
    _quotes, claims = analyse(nlp, text)
    a = claim_with(claims, "She said").attribution
    assert (a.source, a.entity) == ("She", "Mary Jones")


def test_the_president_unbound_stays_unresolved(nlp):
    """No president named: "the president" is not guessed to be whoever spoke last."""
    text = ("Senator Mitch McConnell spoke on Monday.\n\n"
            "The president said that the economy was strong.")
    _quotes, claims = analyse(nlp, text)
    a = claim_with(claims, "economy").attribution
    assert (a.kind, a.source, a.entity) == ("named", "The president", None)


def test_a_relative_is_not_credited_with_the_persons_words(nlp):
    """before: "Trump said" was credited to Donald Trump Jr., merged with his father."""
    text = ("Donald Trump Jr. spoke before his father at the rally in Tampa. "
            "Then Donald Trump took the stage. "
            "Trump said that the polls were wrong.")
    _quotes, claims = analyse(nlp, text)
    assert claim_with(claims, "polls were wrong").attribution.entity == "Donald Trump"


# ------------------------------------------------------------------ statements, tweets, partial quotes

def test_tweet_and_statement_speakers(nlp):
    """Quotes introduced by "wrote on Twitter", "tweeted" and "in a statement ... said" have speakers."""
    tweet = "Donald Trump wrote on Twitter: “The wall will be built, and Mexico will pay!”"
    quotes, _claims = analyse(nlp, tweet)
    assert [(q.kind, q.speaker, q.cue) for q in quotes] == [("direct", "Donald Trump", "wrote")]
    quotes, _claims = analyse(nlp, "“We will never surrender our border,” Sen. Ted Cruz tweeted on Sunday.")
    assert [(q.speaker, q.cue) for q in quotes] == [("Ted Cruz", "tweeted")]
    text = "In a statement, the Department of Homeland Security said the program “will end in March.”"
    quotes, claims = analyse(nlp, text)
    assert [(q.kind, q.speaker) for q in quotes] == [("partial", "Department of Homeland Security")]
    assert claims[0].attribution.entity == "Department of Homeland Security"


def test_partial_quote_has_its_speaker_and_cue_offsets(nlp):
    text = "Mayor Eric Garcetti called the raids “cruel and un-American” on Thursday."
    (quote,), _claims = analyse(nlp, text)
    assert (quote.kind, quote.speaker, quote.cue) == ("partial", "Eric Garcetti", "called")
    assert text[quote.cue_start:quote.cue_end] == "called"


# ------------------------------------------------------------------ several sentences, earlier sources

def test_reported_speech_over_several_sentences(nlp):
    """Each "She added that ...", "She also said ..." keeps its cue and its source."""
    text = ("Senator Lisa Murkowski spoke to reporters on Tuesday. She said that the bill would fail. "
            "She added that the vote would be close. She also said the leadership had ignored her concerns.")
    _quotes, claims = analyse(nlp, text)
    got = [(spans(text, c.attribution)[1], c.attribution.entity)
           for c in claims if c.attribution.kind != "none"]
    assert got == [("said", "Lisa Murkowski"), ("added", "Lisa Murkowski"), ("said", "Lisa Murkowski")]


def test_source_named_in_an_earlier_paragraph(nlp):
    text = ("Jeh Johnson, the homeland security secretary, visited the border on Monday.\n\n"
            "“We are seeing fewer crossings than last year,” he said. "
            "The numbers would keep falling, he added.")
    quotes, claims = analyse(nlp, text)
    assert quotes[0].speaker == "Jeh Johnson"
    assert claim_with(claims, "keep falling").attribution.entity == "Jeh Johnson"


def test_a_quote_running_on_keeps_its_speaker(nlp):
    """before: the second quote of the paragraph, followed by words of the writer, had no speaker."""
    text = ("“It is more tinkering at the edges,” said Alan Cole, an economist at the foundation. "
            "“I would not call it reform. There are no major changes to make the code simpler” for families, "
            "he argued.\n\n“It is basically just a tax increase on the rich.”")
    quotes = analyse(nlp, text)[0]
    assert [q.speaker for q in quotes] == ["Alan Cole", "Alan Cole", "Alan Cole"]


def test_a_quote_signed_after_a_dash(nlp):
    """before: “...”― Pamela Padilla: the horizontal bar and an untagged name were not read."""
    text = ("“He is ignorant of our culture and lives.”― Pamela Padilla\n\n"
            "“Maybe we can build a wall around him.”")
    quotes = analyse(nlp, text)[0]
    assert (quotes[0].speaker, text[quotes[0].speaker_start:quotes[0].speaker_end]) == ("Pamela Padilla",
                                                                                         "Pamela Padilla")


# ------------------------------------------------------------------ several attributions per claim

def test_a_claim_with_two_clauses_has_two_attributions(nlp):
    text = "Officials said the fence would be finished in May, but critics argued that the money had run out."
    _quotes, (claim,) = analyse(nlp, text)
    got = [(a.kind, *spans(text, a)) for a in claim.attributions]
    assert got == [("vague", "Officials", "said", "the fence would be finished in May"),
                   ("vague", "critics", "argued", "that the money had run out")]
    assert claim.attribution == claim.attributions[0]


def test_a_participle_takes_the_subject_of_its_verb(nlp):
    """"X defended it, saying ...": the participle's source is X."""
    text = ("Donald Trump defended his tweets on Friday, saying that they showed he would be awake "
            "for a 3 a.m. call.")
    _quotes, (claim,) = analyse(nlp, text)
    saying = next(a for a in claim.attributions if a.cue == "saying")
    assert (saying.source, saying.entity) == ("Donald Trump", "Donald Trump")


def test_an_act_is_attributed_but_the_sentence_stays_the_writers(nlp):
    """"X urged Y to ...": what X urged is X's (PolNeAR counts it); the sentence stays the writer's."""
    text = "Donald Tusk urged the European Union to show that it was united at the summit."
    _quotes, (claim,) = analyse(nlp, text)
    assert claim.attribution.kind == "none"
    (act,) = claim.attributions
    content = "the European Union to show that it was united at the summit"
    assert spans(text, act) == ("Donald Tusk", "urged", content)


# ------------------------------------------------------------------ sources that are sources

def test_documents_and_policies_are_not_sources_unless_they_speak_for_someone(nlp):
    """before: "The migration proposal" and "The policy change" were named sources."""
    text = ("The migration proposal says that border crossings will fall by half. "
            "The policy change shows the administration wants fewer asylum seekers.")
    _quotes, claims = analyse(nlp, text)
    assert [c.attribution.kind for c in claims] == ["none", "none"]


def test_the_source_is_the_whole_noun_phrase_and_its_owner_speaks(nlp):
    """before: the source "A Reuters analysis of data from the Executive Offices ..." was linked to
    "Executive Offices"."""
    text = ("A Reuters analysis of data from the Executive Offices for U.S. Attorneys found that "
            "prosecutions rose by 30 percent.")
    _quotes, (claim,) = analyse(nlp, text)
    a = claim.attribution
    assert a.source == "A Reuters analysis of data from the Executive Offices for U.S. Attorneys"
    assert (a.kind, a.entity) == ("named", "Reuters")


def test_nobody_is_no_source(nlp):
    text = "Sanders told reporters that nobody would question her intelligence or her knowledge of issues."
    _quotes, (claim,) = analyse(nlp, text)
    assert [a.source for a in claim.attributions] == ["Sanders"]


def test_criticism_with_only_an_object_is_an_act_and_with_a_clause_speech(nlp):
    """"Democrats slammed the decision" is criticism (an act); "slammed ... that ..." reports speech."""
    text = "Democrats slammed the decision on Tuesday."
    _quotes, (claim,) = analyse(nlp, text)
    assert claim.attribution.kind == "none"
    assert [spans(text, a) for a in claim.attributions] == [("Democrats", "slammed", "the decision")]
    text = "Democrats slammed the decision, saying that it would hurt families."
    _quotes, (claim,) = analyse(nlp, text)
    assert (claim.attribution.source, claim.attribution.cue) == ("Democrats", "saying")


# ------------------------------------------------------------------ reporting clauses and acts

def test_a_reporting_clause_inside_the_sentence_it_reports(nlp):
    """before: "Acts of protest, Mr. Obama said, are ..." had no attribution (the parser hangs "said"
    on the reported clause)."""
    text = "Acts of protest, Mr. Obama said, are acts of patriotism."
    _quotes, (claim,) = analyse(nlp, text)
    a = claim.attribution
    assert (a.kind, *spans(text, a)[:2]) == ("named", "Mr. Obama", "said")
    assert "acts of patriotism" in spans(text, a)[2]


def test_objects_of_acts_gerunds_pronouns_and_what_follows(nlp):
    """before: "proposed dropping ..." and "blasted him for ..." attributed nothing."""
    text = "He proposed dropping carried interest."
    _quotes, (claim,) = analyse(nlp, text)
    assert [spans(text, a)[1:] for a in claim.attributions] == [("proposed", "dropping carried interest")]
    text = "Clinton blasted him for not paying income tax."
    _quotes, (claim,) = analyse(nlp, text)
    assert [spans(text, a)[1:] for a in claim.attributions] == [("blasted", "him for not paying income tax")]


def test_called_for_a_gerund_and_called_names(nlp):
    text = "Cooper called Friday for releasing the police videos."
    _quotes, (claim,) = analyse(nlp, text)
    assert [spans(text, a) for a in claim.attributions] == [("Cooper", "called Friday for",
                                                             "releasing the police videos")]
    text = "The Trump campaign called the charges unsubstantiated."
    _quotes, (claim,) = analyse(nlp, text)
    assert [spans(text, a)[1:] for a in claim.attributions] == [("called", "the charges unsubstantiated")]


def test_a_family_speaks_for_itself(nlp):
    """before: "Scott's family" was linked to Scott, and "Donald Trump's son" to Donald Trump."""
    text = "Keith Scott died on Tuesday. Scott's family said that he was unarmed."
    _quotes, claims = analyse(nlp, text)
    a = claim_with(claims, "unarmed").attribution
    assert (a.source, a.entity) == ("Scott's family", None)


def test_a_transcript_paragraph_is_its_labelled_speakers(nlp):
    """before: "PENCE: ... Hillary Clinton apparently thinks ..." was credited to Hillary Clinton."""
    text = ("Chris Wallace interviewed Mike Pence on Sunday.\n\n"
            "PENCE: Well, look, Hillary Clinton apparently thinks this is an episode of a game show.\n\n"
            "UPDATE: The debate was moved to Tuesday.")
    _quotes, claims = analyse(nlp, text)
    a = claim_with(claims, "game show").attribution
    assert (spans(text, a)[:2], a.entity) == (("PENCE", ":"), "Mike Pence")
    assert claim_with(claims, "moved to Tuesday").attribution.kind == "none"  # "UPDATE" names nobody


def test_more_acts_and_agentless_passives(nlp):
    """before: none of these attributed anything."""
    text = "Comey, who told his agents never to speak of the emails, testified on Tuesday."
    _quotes, (claim,) = analyse(nlp, text)
    assert claim.attribution.kind == "none"
    assert [spans(text, a)[1:] for a in claim.attributions] == [("told",
                                                                 "his agents never to speak of the emails")]
    text = "He offered no proof that Clinton had a role in her citizenship."
    _quotes, (claim,) = analyse(nlp, text)
    assert [spans(text, a)[1] for a in claim.attributions] == ["offered"]
    text = "Mr. Quiros was accused of using the money for personal expenses."
    _quotes, (claim,) = analyse(nlp, text)
    assert (claim.attribution.kind, *spans(text, claim.attribution)[:2]) == ("vague", "accused", "accused")


def test_a_relative_clause_with_an_object_says_who_they_are(nlp):
    """before (with "write" an object cue): "The senators who wrote the bill have not offered ..." was
    the senators' claim."""
    text = "The eight senators who wrote the Senate bill have not offered their own estimates."
    _quotes, (claim,) = analyse(nlp, text)
    assert claim.attribution.kind == "none"


def test_a_speech_noun_with_its_owner(nlp):
    """before: "Trump's claim that ..." and "Her warning that ..." attributed nothing."""
    text = "Trump's claim that people would learn nothing was false."
    _quotes, (claim,) = analyse(nlp, text)
    assert claim.attribution.kind == "none"  # the writer's claim about Trump's claim
    content = "that people would learn nothing"
    assert [spans(text, a) for a in claim.attributions] == [("Trump", "claim", content)]
    text = "Mary Jones spoke on Monday. Her warning that the dam would fail was ignored."
    _quotes, claims = analyse(nlp, text)
    (a,) = claim_with(claims, "dam").attributions
    assert (spans(text, a)[:2], a.entity) == (("Her", "warning"), "Mary Jones")
