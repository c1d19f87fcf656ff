"""Persuasion devices with the words that show them (cues in models/devices.yaml).

Cue devices (loaded language, name calling, exaggeration, doubt, appeal to fear/authority, flag
waving, slogans, causal oversimplification, whataboutism, black-and-white fallacy, thought-
terminating cliches, bandwagon) come from cue words, phrases and token patterns looked up by
lemma or lower-case form through a first-word index, plus a few syntactic rules: a leader's
possessive of a country ("Putin's Russia"), "regime" said of a government, generic experts as the
subject of a claim verb, and fear words close under a modal future. Loaded reporting verbs
(``loaded_attribution``: "insisted", "admitted", "slammed") come from the claims' attribution cues and
from criticism told as violence ("Democrats blasted the move"), linked to the claim and the source.
Metaphors (water_mass, war_invasion, disease, animal, burden) count only when the cue word is said of
people or migration ("a wave of migrants", "the war on migrants", "surges the number of workers").
Repetition, rhetorical questions (not the subheads or listed questions of an explainer) and the
devices derived from claims (hedge, booster, vague_attribution) and quotes (scare_quote) complete
the list.

Precision over recall: it does not catch devices carried by argument rather than wording
(most causal oversimplification, whataboutism, straw men), nor cues outside the lexicon.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from spacy.tokens import Doc

from ...lexicons import load_lexicon
from ...records import Claim, Device, Entity, Quote
from .base import LEXICON, cue_specs
from .cue_index import Tokens
from .cues import authority_appeals, cue_devices, fear_under_modal
from .derived import derived_devices
from .labels import possessive_leader_labels, regime_labels
from .loaded import LoadedLexicon, loaded_lexicon, loaded_words
from .metaphors import metaphor_devices
from .questions import rhetorical_questions
from .repetition import repetitions
from .reporting import loaded_reporting
from .targets import NAME_CALLING, label_devices

__all__ = ["combine_devices", "extract_devices", "outside_others_quotes", "rule_devices"]


def _deduplicate(devices: list[Device]) -> list[Device]:
    """One device per place: overlapping spans of the same device keep the longest (then earliest)."""
    by_device: dict[str, list[Device]] = defaultdict(list)
    for d in devices:
        by_device[d.device].append(d)
    kept: list[Device] = []
    for group in by_device.values():
        chosen: list[Device] = []
        for d in sorted(group, key=lambda d: (-(d.end - d.start), -d.score, d.start)):
            if not any(d.start < c.end and c.start < d.end for c in chosen):
                chosen.append(d)
        kept.extend(chosen)
    # Exaggeration cues that are also migration metaphors ("in droves") are shown once, as metaphor.
    metaphors = [d for d in kept if d.device == "metaphor"]
    kept = [
        d for d in kept
        if d.device != "exaggeration_minimisation"
        or not any(d.start < m.end and m.start < d.end for m in metaphors)
    ]
    # A label word scored as loaded language and found as name calling is shown once, as name calling; a
    # reporting verb scored as loaded language and found as a loaded reporting verb ("claiming that ...")
    # once, as the loaded reporting verb (it knows the claim and the source).
    labels = [e for d in kept if d.device in (NAME_CALLING, "loaded_attribution") for e in d.evidence]
    kept = [d for d in kept if d.device != "loaded_language"
            or not any(d.start < n.end and n.start < d.end for n in labels)]
    # One word, one device: a word a specific rule names (doubt's "supposedly", a hedge, an exaggeration) is
    # shown under that rule, not again as lexicon-scored loaded language; a doubt cue is not also a hedge.
    general = ("loaded_language", "hedge", "booster", "repetition", "rhetorical_question",
               "vague_attribution", "scare_quote")
    specific = [d for d in kept if d.device not in general]
    certainty = [d for d in kept if d.device in ("hedge", "booster")]
    kept = [d for d in kept
            if not (d.device == "loaded_language" and any(d.start < o.end and o.start < d.end
                                                          for o in specific + certainty))
            and not (d.device == "hedge" and any(o.device == "doubt" and d.start < o.end
                                                 and o.start < d.end for o in specific))]
    unique = {d.id: d for d in kept}
    return sorted(unique.values(), key=lambda d: (d.start, d.device))


def extract_devices(
    doc: Doc, *, quotes: Sequence[Quote] = (), claims: Sequence[Claim] = (), entities: Sequence[Entity] = (),
    loaded: LoadedLexicon | None = None, min_score: float | None = None,
) -> list[Device]:
    """Persuasion devices in ``doc``, each with evidence spans, a score and (metaphors) a family.

    ``quotes`` and ``claims`` are the records of the quote and claim extractors: scare quotes,
    hedges, boosters and vague attributions are read from them, and quotes keep their questions
    from being taken as the author's rhetorical questions; ``entities`` name the targets of labels.
    ``loaded`` replaces the shipped weights of
    the lexicon-scored loaded language (calibration uses it). Devices scoring below ``min_score``
    (default: ``min_stored_score`` of models/devices.yaml) are left out; what is shown to a reader is
    filtered later, by the output stages, at ``min_device_score`` (precision first).
    """
    words: list[Device] = []
    if doc.has_annotation("LEMMA") and doc.has_annotation("DEP"):
        words = loaded_words(doc, quotes, loaded or loaded_lexicon())
    rules = rule_devices(doc, quotes=quotes, claims=claims, entities=entities)
    return combine_devices(rules + words, min_score)


def rule_devices(doc: Doc, *, quotes: Sequence[Quote] = (), claims: Sequence[Claim] = (),
                 entities: Sequence[Entity] = ()) -> list[Device]:
    """Every device but the lexicon-scored loaded words (they depend on fitted weights; calibration
    finds these once and re-scores only the words)."""
    specs = cue_specs()
    devices: list[Device] = []
    # Cue and syntactic devices need lemmas and a parse; a bare tokenized doc still gets the
    # devices derived from quotes and claims.
    if doc.has_annotation("LEMMA") and doc.has_annotation("DEP"):
        tokens = Tokens(doc)
        cues = cue_devices(doc, tokens)
        # Name-calling cues become labels with their target, counted once per (label, target).
        labels = [doc.char_span(d.start, d.end) for d in cues if d.device == NAME_CALLING]
        devices += [d for d in cues if d.device != NAME_CALLING]
        devices += label_devices(doc, tokens, [(s.start, s.end) for s in labels if s is not None], entities)
        devices += metaphor_devices(doc, tokens)
        name_score = specs["name_calling_labeling"].score
        devices += possessive_leader_labels(doc, name_score)
        devices += regime_labels(doc, tokens, name_score)
        devices += authority_appeals(doc, tokens, specs["appeal_to_authority"].score)
        devices += fear_under_modal(doc, tokens, specs["appeal_to_fear"].score)
        devices += loaded_reporting(doc, tokens, claims)
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        devices += rhetorical_questions(doc, quotes)
        devices += repetitions(doc)
    devices += derived_devices(doc, quotes, claims)
    return outside_others_quotes(devices, quotes)


def outside_others_quotes(devices: list[Device], quotes: Sequence[Quote]) -> list[Device]:
    """The devices that are the author's: none inside a direct or partial quotation (someone else's words).

    Issue 16's rule for every family: loaded words, labels and cues, and also the hedges, boosters, vague
    sources and nested scare quotes of a quoted claim are the speaker's, not the author's framing (the
    loaded-word scorer skips quoted words itself). A device about the quotation as a whole (the author's
    scare quote) is not inside one: scare-kind quotes are the author's and never filter.
    """
    quoted = [(q.start, q.end) for q in quotes if q.kind in ("direct", "partial")]
    if not quoted:
        return devices
    return [d for d in devices if not any(s <= d.start < e and (d.start, d.end) != (s, e) for s, e in quoted)]


def combine_devices(devices: list[Device], min_score: float | None = None) -> list[Device]:
    """One device per place (see ``_deduplicate``), those scoring at least ``min_score`` (default:
    ``min_stored_score`` of models/devices.yaml), in text order."""
    floor = float(load_lexicon(LEXICON)["min_stored_score"]) if min_score is None else min_score
    return [d for d in _deduplicate(devices) if d.score >= floor]
