"""Devices read from other extractors' records: scare quotes, hedges, boosters, vague attribution.

Scare quotes are distancing, so a quotation the quote extractor calls ``scare`` is left out when it
names a thing rather than keeping away from it: capitalised (a name or a coined term: "DREAMers", "Gang
of Eight"), a paragraph of its own (a term the article is about) or introduced as a name ("known as",
"the concept of"). A speaker's own scare quotes inside a quotation, and the hedges, boosters and vague
sources inside someone else's quotation, are the speaker's and are left out with every other device inside
a quotation (``outside_others_quotes`` of the package).

Scare quotes score below the shown threshold (``derived.scare_quote``): most quotations the quote
extractor calls scare are terms or unattributed quotations, not distancing. A vague source that is a
share or count of a sample ("only 39 percent", "a majority of respondents") is a poll result, not a vague
attribution.

Does not catch: a lower-case phrase quoted from a speaker named in another sentence (it stays a scare
quote), nor a term of art in quotation marks with nothing around it that names it ("'credible fear'",
"a 'zero tolerance' policy").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from ...lexicons import load_typed
from ...nlp import doc_text
from ...records import Claim, Device, Quote
from .base import LEXICON, make_device


@dataclass(frozen=True)
class DerivedSpec:
    """The ``derived`` section of models/devices.yaml."""

    hedge: float
    booster: float
    scare_quote: float
    vague_attribution: float
    # Words right before a quotation that introduce it as a name ("known as", "the concept of").
    naming_words_before: tuple[str, ...]
    # A vague source holding a number or one of these words is a poll share or a count, not a source.
    share_words: frozenset[str]


@cache
def derived_spec() -> DerivedSpec:
    return load_typed(LEXICON, DerivedSpec, "derived")


def _names_a_thing(text: str, quote: Quote, spec: DerivedSpec) -> bool:
    """A quotation that is a name or a term rather than the author's distancing."""
    inner = quote.text.strip("“”\"'‘’ ")
    if inner[:1].isupper():
        return True
    paragraph_start = text.rfind("\n", 0, quote.start) + 1
    paragraph_end = text.find("\n", quote.end)
    paragraph = text[paragraph_start : paragraph_end if paragraph_end >= 0 else len(text)]
    if paragraph.strip().strip("“”\"'‘’.") == inner.strip("."):
        return True
    before = " ".join(text[max(0, quote.start - 30) : quote.start].lower().split()).rstrip("“\"'‘ ")
    return before.endswith(spec.naming_words_before)


def _scare_quotes(doc: Doc, quotes: Sequence[Quote], spec: DerivedSpec) -> list[Device]:
    text = doc_text(doc)
    out: list[Device] = []
    for quote in quotes:
        if quote.kind != "scare":
            continue
        if _names_a_thing(text, quote, spec):
            continue
        out.append(make_device(doc, "scare_quote", quote.start, quote.end, spec.scare_quote))
    return out


def _measured_share(text: str, spec: DerivedSpec) -> bool:
    """ "Only 39 percent", "a majority of respondents", "55": a share or count of a sample, not a source."""
    words = re.findall(r"[\w%]+", text.lower())
    return any(w in spec.share_words or w.rstrip("s") in spec.share_words or w[:1].isdigit() for w in words)


def derived_devices(doc: Doc, quotes: Sequence[Quote], claims: Sequence[Claim]) -> list[Device]:
    spec = derived_spec()
    out = _scare_quotes(doc, quotes, spec)
    for claim in claims:
        for ev in claim.hedges:
            out.append(make_device(doc, "hedge", ev.start, ev.end, spec.hedge))
        for ev in claim.boosters:
            out.append(make_device(doc, "booster", ev.start, ev.end, spec.booster))
        attribution = claim.attribution
        if attribution.kind == "vague":
            # The vague source ("officials", "some say") when known, else its cue, else the claim.
            if attribution.start is not None and attribution.end is not None:
                start, end = attribution.start, attribution.end
            elif attribution.cue_start is not None and attribution.cue_end is not None:
                start, end = attribution.cue_start, attribution.cue_end
            else:
                start, end = claim.start, claim.end
            if attribution.start is not None and _measured_share(doc_text(doc)[start:end], spec):
                continue  # a poll share or a count ("only 39 percent") reports a measure
            out.append(make_device(doc, "vague_attribution", start, end, spec.vague_attribution))
    return out
