"""Metaphors of migration (water_mass, war_invasion, disease, animal, burden) said of people."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from ...lexicons import LexiconError, load_typed
from ...records import Device
from .base import LEXICON, device_from_span
from .cue_index import PatternIndex, Tokens, phrase_patterns


@dataclass(frozen=True)
class MetaphorFamily:
    """The cue words of one family: nouns and verbs said of people, phrases that always count."""

    nouns: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    always: tuple[str, ...] = ()


@dataclass(frozen=True)
class AimedAtPeople:
    """Nouns that are metaphors only when aimed at people ("the war on migrants")."""

    nouns: dict[str, str]  # noun -> family
    prepositions: frozenset[str]
    literal_modifiers: frozenset[str]  # "sexual assault", "civil war": literal


@dataclass(frozen=True)
class MetaphorSpec:
    """``metaphor`` of models/devices.yaml."""

    score: float
    people: frozenset[str]
    aimed_at_people: AimedAtPeople
    count_nouns: frozenset[str]
    families: dict[str, MetaphorFamily]


@cache
def metaphor_spec() -> MetaphorSpec:
    spec = load_typed(LEXICON, MetaphorSpec, "metaphor")
    if not 0 <= spec.score <= 1:
        raise LexiconError("models/devices.yaml [metaphor]: score must be in [0, 1]")
    unknown = sorted(set(spec.aimed_at_people.nouns.values()) - set(spec.families))
    if unknown:
        raise LexiconError(f"models/devices.yaml [metaphor.aimed_at_people]: unknown families {unknown}")
    return spec


@cache
def metaphor_index() -> PatternIndex:
    """The phrases that are always metaphors ("in droves"), labelled with their family."""
    return PatternIndex((family, pattern) for family, spec in metaphor_spec().families.items()
                        for phrase in spec.always for pattern in phrase_patterns(phrase))


def _is_people(token: Token, people: frozenset[str]) -> bool:
    return token.lemma_.lower() in people or token.lower_ in people or token.ent_type_ == "NORP"


def _has_people_object(token: Token, preps: frozenset[str], people: frozenset[str]) -> bool:
    """A preposition in ``preps`` under ``token`` whose object is people ("war on migrants")."""
    return any(
        child.dep_ == "prep" and child.lower_ in preps
        and any(_is_people(g, people) for g in child.children if g.dep_ == "pobj")
        for child in token.children
    )


def _aimed_at_people(token: Token, spec: AimedAtPeople, people: frozenset[str]) -> bool:
    """"the war on migrants", "an assault on immigrant families", not "a sexual assault on a migrant"."""
    literal = spec.literal_modifiers
    if any(c.dep_ in {"amod", "compound", "nmod"} and c.lemma_.lower() in literal for c in token.children):
        return False
    return _has_people_object(token, spec.prepositions, people)


def _said_of_people(token: Token, people: frozenset[str], counts: frozenset[str] = frozenset()) -> bool:
    """Whether a metaphor cue is said of people or migration (the context rule)."""
    if token.pos_ in {"NOUN", "PROPN"}:
        for child in token.children:
            # "wave of migrants", "surge in asylum seekers", "exodus from ... of citizens"
            if (
                child.dep_ == "prep"
                and child.lower_ in {"of", "in"}
                and any(_is_people(g, people) for g in child.children if g.dep_ == "pobj")
            ):
                return True
            # "migrant surge", "refugee influx"
            if child.dep_ in {"compound", "amod", "nmod"} and _is_people(child, people):
                return True
        # "immigrants are a burden", "refugees became a drain on ..."
        if token.dep_ in {"attr", "dobj"}:
            return any(_is_people(s, people) for s in token.head.children if s.dep_ in {"nsubj", "nsubjpass"})
        return False
    if token.pos_ == "VERB":
        # "migrants pour across the border", "the town was swamped with refugees"
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and _is_people(child, people):
                return True
            if (
                child.dep_ == "prep"
                and child.lower_ in {"with", "by"}
                and any(_is_people(g, people) for g in child.children if g.dep_ == "pobj")
            ):
                return True
            # "surges the number of low-wage workers"
            if (
                child.dep_ == "dobj"
                and child.lemma_.lower() in counts
                and _has_people_object(child, frozenset(["of"]), people)
            ):
                return True
    return False


def metaphor_devices(doc: Doc, tokens: Tokens) -> list[Device]:
    spec = metaphor_spec()
    score, people, counts, aimed = spec.score, spec.people, spec.count_nouns, spec.aimed_at_people
    nouns: dict[str, str] = {}
    verbs: dict[str, str] = {}
    for family, words in spec.families.items():
        nouns.update(dict.fromkeys(words.nouns, family))
        verbs.update(dict.fromkeys(words.verbs, family))
    aimed_nouns = aimed.nouns
    out: list[Device] = []
    for family, start, end in metaphor_index()(tokens):
        out.append(device_from_span(doc, "metaphor", doc[start:end], score, family))
    # Only tokens whose lemma is a family word can be metaphors: look those up, not every token.
    for token in tokens.with_lemma(nouns.keys() | verbs.keys() | aimed_nouns.keys()):
        lemma = token.lemma_.lower()
        if token.ent_type_ in {"ORG", "WORK_OF_ART", "PERSON", "GPE", "FAC", "EVENT"}:
            continue  # "Exodus" the book, "Desert Storm"
        if token.pos_ in {"NOUN", "PROPN"} and lemma in nouns and _said_of_people(token, people):
            # The noun with its premodifiers: "an ever-growing wave".
            out.append(device_from_span(doc, "metaphor", doc[token.left_edge.i : token.i + 1], score, nouns[lemma]))
        elif token.pos_ == "VERB" and lemma in verbs and _said_of_people(token, people, counts):
            out.append(device_from_span(doc, "metaphor", doc[token.i : token.i + 1], score, verbs[lemma]))
        elif token.pos_ == "NOUN" and lemma in aimed_nouns and _aimed_at_people(token, aimed, people):
            # "the ongoing war against immigrant families": the noun phrase up to the people aimed at.
            target = next(g for c in token.children if c.dep_ == "prep" for g in c.children
                          if g.dep_ == "pobj" and _is_people(g, people))
            end = max(token.i, target.i) + 1
            out.append(device_from_span(doc, "metaphor", doc[token.left_edge.i : end], score, aimed_nouns[lemma]))
    return out
