"""Figures: every number a reader would call a figure, normalised, with what it counts.

Two layers share one normaliser, so the Recognizers-Text measurement (benchmarks/recognizers_text.py)
means something for the extractor:

* ``find_quantities(text)`` / ``parse_quantity(text)`` scan a raw string with regular expressions and
  a number-word grammar: numerals ("116,868", "1.2bn", "3k", "1e6", "2 1/4"), number words
  ("twenty-five", "two thirds", "a dozen", "one and a half"), scale words, vague plurals ("millions",
  "thousands of miles"), qualifiers ("more than", "about"), ranges ("between 5 and 7 percent",
  "5-7%"), ratios ("one in five"), currencies, percent and percentage points, units of measure,
  multipliers ("12 times", "twofold", "doubled"), ranks ("third-largest", "No. 1", "the top three or
  four") and vote tallies ("a 2-1 decision", "voted 68-32": ratios, value first/second).
* ``extract_figures(doc)`` runs the scanner sentence by sentence over a parsed spaCy Doc, drops what is
  not a figure (dates and times, numbers inside names such as "Covid-19", "Title 42" or "Motel 6",
  the day of a date "Nov. 19", years, pronoun "one", labels such as "Section 8", statutes and sections
  "18 U.S.C. § 1425(a)", picture counts "Slideshow (2 Images)"), and uses the parse for what is
  counted (``subject``), the period (``time``) and the baseline of a change (``change_from``).

Durations (seconds to centuries) are figures of kind ``duration`` when they measure something: "six
months in prison", "three-year work permits", "waited three weeks", "served 20 years", "a 10-year
path". They are not figures when they anchor a point or period in time, whatever the NER says: a
duration followed by "ago", "later", "earlier", "before", "after", "from now", "since", "into"...
("two years ago", "three weeks after the ruling"), or preceded by "past", "last", "next", "first",
"in", "within", "during", "every"... ("the past five years", "in two years", "over the next two
years"), or a spaced duration after "the"/"those"/"these" ("over those two days"); such anchors stay
available as the ``time`` of other figures, while a measured duration is never another figure's time.
Ages are figures of kind ``age`` in years: "a 34-year-old man" (subject "man"), "Mr. McConnell, 76,"
(a bare number set off by commas after a PERSON entity; subject the person) and "aged 34". The cue
words are in models/figures.yaml (``duration_anchors_*``, ``age_cues``).

Every cue word, unit, dependency label and limit lives in models/figures.yaml, read by one typed,
validated loader; the code keeps only the grammar's own words ("a", "and", "point", "hundred", "half")
and arithmetic (ten, a hundred). Time is linear in sentence and article length (benchmarks/growth.py).
Not caught: numbers spelled with digits and words
mixed in unusual orders ("twenty twenty fifths"), European decimal commas ("1,3"), scores ("21-7"),
fractions over ordinals larger than twentieth, ages written "Smith (76)", and "No. 2" used as a noun
("Mr. Schumer's No. 2", his deputy), which is still read as a rank.

The package, one module per responsibility: ``lexicon`` (models/figures.yaml, typed and compiled),
``number_words`` (the number core: numerals, scale words, spelled numbers), ``units`` (currencies,
percent, units of measure, multipliers, ratios around it), ``scanner`` (quantities in a string:
qualifiers, ranges, ranks, tallies, masks), ``filters`` (what is a figure), ``subject`` (what it
counts), ``context`` (its time and change baseline), ``doc_index`` and ``ranges`` (what the extractor
reads from a Doc, indexed once) and ``extract`` (the extractor over a Doc).
"""

from __future__ import annotations

from .extract import extract_figures
from .lexicon import LEXICON
from .scanner import ParsedQuantity, find_quantities, parse_quantity

__all__ = ["LEXICON", "ParsedQuantity", "extract_figures", "find_quantities", "parse_quantity"]
