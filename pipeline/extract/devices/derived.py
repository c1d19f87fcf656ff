"""Devices read from other extractors' records: scare quotes, hedges, boosters, vague attribution."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ...lexicons import load_lexicon
from ...records import Claim, Device, Quote
from .base import LEXICON, make_device


def derived_devices(doc: Doc, quotes: Sequence[Quote], claims: Sequence[Claim]) -> list[Device]:
    scores = load_lexicon(LEXICON)["derived"]
    out: list[Device] = []
    for quote in quotes:
        if quote.kind == "scare":
            out.append(make_device(doc, "scare_quote", quote.start, quote.end, float(scores["scare_quote"])))
    for claim in claims:
        for ev in claim.hedges:
            out.append(make_device(doc, "hedge", ev.start, ev.end, float(scores["hedge"])))
        for ev in claim.boosters:
            out.append(make_device(doc, "booster", ev.start, ev.end, float(scores["booster"])))
        attribution = claim.attribution
        if attribution.kind == "vague":
            # The vague source ("officials", "some say") when known, else its cue, else the claim.
            if attribution.start is not None and attribution.end is not None:
                start, end = attribution.start, attribution.end
            elif attribution.cue_start is not None and attribution.cue_end is not None:
                start, end = attribution.cue_start, attribution.cue_end
            else:
                start, end = claim.start, claim.end
            out.append(make_device(doc, "vague_attribution", start, end, float(scores["vague_attribution"])))
    return out
