"""Quotations of an article: the words inside quote marks, who said them, and what kind they are.

Quote marks are paired by :func:`pipeline.extract.quote_marks.pair_quote_marks` (rules there).

Speaker: the reporting verb governing the quote (or the nearest one outside quotes in the same
sentences, or an "as X said" clause on the governing verb) and its subject; "according to X"; a colon
introduction ("X’s message is crisp: “...”", or a list after "X listed two challenges: ..."); a dash
after the quote ("— X"); a sentence framed as X's text ("In a letter to EU leaders, he ..."); for a
quote standing alone in its sentence, the previous sentence of its paragraph, then a bare attribution
after it ('“...?” Hanen responded.'), then the paragraph before (only an introduction without content
of its own, or the attribution of the quote that ended it). Reporting verbs with a noun object of
their own ("adding deterrence") are not speech. Pronouns ("he", "she") resolve to the last compatible
named person before them (gender from titles or common first names; a subject two paragraphs back
loses to a person named nearer; photo credits are never antecedents), and each resolved speaker is the
latest mention of that person for later pronouns. Role nouns ("the senator") resolve to the last
person with that title, or, when nobody has it, to the person speaking in this or the last paragraph.
A name in apposition, also when parsed as a comma-conjunct ("said one of the study’s authors, Edward
Kaplan"), is the speaker; an unnamed voice of a named organisation ("a senior DHS official", "an ICE
statement") speaks for the organisation (speaker = the ORG, span = the description). The speaker is the
entity's canonical name when linked, else the subject phrase as written; speaker_start/end are the
offsets of that mention.

Units: a quote running over several paragraphs is reported as one quote per paragraph (same speaker);
a quoted nickname inside a name (Juan Antonio “Tony” Hernandez) is no quote; a nested quote is part of
the outer one, except a one-word or short verbless one, the speaker's own scare quote, which is also
reported (kind scare).

Kind (documented rule): *scare* = no attribution and at most ``scare_always_words`` words, or at most
``scare_max_words`` words without a verb; *direct* = at least ``direct_min_words`` words with a verb,
opening a clause (after a colon, comma, dash, sentence end or paragraph start, or starting with a
capital letter); *partial* = anything else (a fragment inside the author's sentence).
"""

from ..quote_marks import MarkPair, pair_quote_marks
from .extract import extract_quotes

__all__ = ["MarkPair", "extract_quotes", "pair_quote_marks"]
