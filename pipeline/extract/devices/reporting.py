"""Loaded reporting verbs: the verb the writer chose to report speech, when it takes a side.

Method: two sources of reporting verbs, one stance table. (1) The claims a sentence makes carry their
attribution cue ("X insisted that ...", '"...," she admitted'): when the cue's verb is one of
``loaded_attribution.verbs`` in models/devices.yaml, the cue is a ``loaded_attribution`` device linked
to the claim (``claim_id``), to its source (``target``: the linked entity, else the source as written)
and carrying the claim's stance, so the device and the claim's attribution always agree. (2) Criticism
told as violence without a content clause ("Democrats blasted the move"): the verb with its object, the
critic as ``target``; literal uses ("slammed the door", "ripped away") are left out by the rules of
``criticism_*`` in ``rules``. In both, the stance is the one models/attribution.yaml gives the verb
(concessive: admitted; hostile: slammed; distancing: claimed, bragged; alarm: warned).

Neutral verbs (said, told, added, according to) never fire: a verb is listed only when its stance in
models/attribution.yaml is not neutral (a test checks it). Does not catch: loaded reporting phrases
("took a swipe at", "doubled down"), or a loaded verb whose sentence the claim extractor does not
attribute and that is not a criticism verb.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from ...lexicons import load_lexicon, load_typed
from ...records import Claim, Device
from .base import LEXICON, Rules, make_device, rules
from .cue_index import Tokens

DEVICE = "loaded_attribution"


@dataclass(frozen=True)
class LoadedAttributionSpec:
    """The ``loaded_attribution`` section of models/devices.yaml."""

    score: float
    verbs: frozenset[str]  # lemmas
    # Verbs that also mean "let in" ("admitted two million workers"): not reporting with people as the object.
    let_in_verbs: frozenset[str]


@cache
def loaded_attribution_spec() -> LoadedAttributionSpec:
    spec = load_typed(LEXICON, LoadedAttributionSpec, "loaded_attribution")
    if not 0 <= spec.score <= 1:
        raise ValueError("devices lexicon: loaded_attribution.score must be in [0, 1]")
    return spec


@cache
def verb_stances() -> dict[str, str]:
    """Reporting verb lemma -> stance, from models/attribution.yaml (the claims' own table)."""
    return {str(k).lower(): str(v) for k, v in load_lexicon("attribution")["cue_verbs"].items()}


def _cue_verb(doc: Doc, claim: Claim, verbs: frozenset[str]) -> Token | None:
    attribution = claim.attribution
    if attribution.cue_start is None or attribution.cue_end is None:
        return None
    span = doc.char_span(attribution.cue_start, attribution.cue_end, alignment_mode="expand")
    if span is None:
        return None
    return next((t for t in span if t.lemma_.lower() in verbs and t.pos_ in {"VERB", "AUX"}), None)


@cache
def _people_nouns() -> frozenset[str]:
    """Nouns for people (``metaphor.people`` of models/devices.yaml)."""
    return frozenset(str(w).lower() for w in load_lexicon(LEXICON)["metaphor"]["people"])


def _lets_in(verb: Token, spec: LoadedAttributionSpec) -> bool:
    """ "the U.S. admitted two million temporary workers", "began to admit people": letting in, not
    conceding. A content clause ("admitted that ...") or an object that is no person keeps it reporting."""
    if verb.lemma_.lower() not in spec.let_in_verbs:
        return False
    children = list(verb.children)
    if any(c.dep_ in {"ccomp", "xcomp"} or (c.dep_ == "mark" and c.lower_ == "that") for c in children):
        return False
    objects = [c for c in children if c.dep_ == "dobj"]
    return any(o.lemma_.lower() in _people_nouns() or o.like_num
               or any(c.dep_ == "nummod" for c in o.children) for o in objects)


def attributed_verbs(doc: Doc, claims: Sequence[Claim]) -> list[Device]:
    """The loaded cue verbs of attributed claims, linked to the claim and its source."""
    spec = loaded_attribution_spec()
    out: list[Device] = []
    for claim in claims:
        verb = _cue_verb(doc, claim, spec.verbs)
        if verb is None or _lets_in(verb, spec):
            continue
        attribution = claim.attribution
        out.append(make_device(doc, DEVICE, verb.idx, verb.idx + len(verb), spec.score,
                               entries=(f"{LEXICON}.yaml:loaded_attribution.verbs:{verb.lemma_.lower()}",),
                               target=attribution.entity or attribution.source, claim_id=claim.id,
                               stance=attribution.stance))
    return out


def harsh_criticism(doc: Doc, tokens: Tokens, claims: Sequence[Claim] = ()) -> list[Device]:
    """Criticism told as violence: "Democrats blasted the move", "Cruz ripped the administration".

    Only with a person, group or pronoun as the critic and a target (an object, "rip into", or
    the target as passive subject); literal uses ("ripped away", "slammed the door") are left out.
    """
    spec, rule, stances = loaded_attribution_spec(), rules(), verb_stances()
    out: list[Device] = []
    for verb in tokens.with_lemma(rule.criticism_verbs):
        found = _criticism(verb, rule)
        if found is None:
            continue
        end, critic = found
        claim = next((c for c in claims if c.start <= verb.idx < c.end), None)
        out.append(make_device(doc, DEVICE, verb.idx, doc[end - 1].idx + len(doc[end - 1]), spec.score,
                               entries=(f"{LEXICON}.yaml:rules.criticism_verbs:{verb.lemma_.lower()}",),
                               target=_phrase(critic, rule) if critic is not None else None,
                               claim_id=claim.id if claim else None, stance=stances.get(verb.lemma_.lower())))
    return out


def _criticism(verb: Token, rule: Rules) -> tuple[int, Token | None] | None:
    """(end token, critic) when ``verb`` reports criticism figuratively, else None."""
    if verb.pos_ != "VERB":
        return None
    children = list(verb.children)
    if any((c.dep_ in {"prt", "advmod"} and c.lower_ in rule.criticism_literal_particles)
           or (c.dep_ == "prep" and c.lower_ in rule.criticism_literal_prepositions) for c in children):
        return None
    objects = [c for c in children if c.dep_ == "dobj"]
    if any(o.lemma_.lower() in rule.criticism_literal_objects for o in objects):
        return None
    critic = next((c for c in children if c.dep_ in {"nsubj", "agent"}), None)
    if critic is not None and critic.dep_ == "agent":
        critic = next((c for c in critic.children if c.dep_ == "pobj"), None)
    passive = next((c for c in children if c.dep_ == "nsubjpass"), None)
    if passive is not None and _can_criticise(passive, rule.criticism_subjects):
        return verb.i + 1, critic
    into = any(c.dep_ == "prep" and c.lower_ == "into" for c in children)
    if critic is None or not _can_criticise(critic, rule.criticism_subjects) or not (objects or into):
        return None
    near = objects and objects[0].i - verb.i <= rule.max_object_distance
    return (objects[0].i + 1 if near else verb.i + 1), critic


def _phrase(token: Token, rule: Rules) -> str:
    """The critic as written: the token's subtree ("Senate Democrats"), or the token alone if long."""
    subtree = list(token.subtree)
    if len(subtree) > rule.max_target_tokens:
        return token.text
    return token.doc[subtree[0].i : subtree[-1].i + 1].text


def _can_criticise(token: Token, subjects: frozenset[str]) -> bool:
    """A named person or group, a personal pronoun or a noun for people who take positions."""
    if token.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or token.pos_ == "PROPN":
        return True
    if token.pos_ == "PRON":
        return token.lower_ not in {"it", "this", "that", "which", "what"}
    return token.lemma_.lower() in subjects


def loaded_reporting(doc: Doc, tokens: Tokens, claims: Sequence[Claim]) -> list[Device]:
    """Both kinds; where a verb is found twice (a criticism verb that is also a claim's cue), the
    claim's device wins (it knows the claim and the source)."""
    attributed = attributed_verbs(doc, claims)
    taken = {d.start for d in attributed}
    return attributed + [d for d in harsh_criticism(doc, tokens, claims) if d.start not in taken]
