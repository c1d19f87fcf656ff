"""Who a pronoun or a role description stands for, inside one article: the resolver that quotes and
claims share.

spaCy's small model has no coreference, so this is written by hand from the article's own evidence,
with its rules in ``models/resolver.yaml``:

- **People** are the PERSON entities' mentions outside quotes (photo credits excluded), each with the
  gender its title ("Mr.", "Ms.") or a common first name gives, the roles its titles give ("Sen." ->
  senator), the descriptions written beside it ("Donald Trump, the presumptive Republican nominee,",
  "Republican nominee Donald Trump", "Hope Hicks, the communications pro who ..."), and whether the
  mention is a verb's subject. Speakers the extractors resolve are added as they are found, so the
  chain of reference goes on ("he" is the latest mention of the person it resolved to).
- **he / she**: the latest person before it whose gender agrees (a name of unknown gender agrees with
  both) and who is a subject or a speaker, within ``subject_reach`` paragraphs; a person merely
  mentioned (an object, a possessive) only within ``pronoun_reach``; a subject further back loses to
  a person named nearer. The paragraph's speaker is thereby preferred over the last name mentioned
  ("She said she did not support Mr. Obama anymore": she is the woman interviewed, not Obama).
- **Role descriptions** ("the senator", "the presumptive Republican nominee", "the communications
  pro"): the latest person before it described with the same head noun and at least the same modifiers,
  else titled with the same role; with nobody so described in the whole article, the person speaking in
  this or the last paragraph, except for a bare role in ``never_guess`` ("the president" stays
  unresolved; "the former Polish president" may be the speaker).
- **Organisation descriptions** ("the agency", "the department"): the latest organisation before it
  described so ("ICE, the agency,"), else whose name holds a word ``organisation_heads`` lists for it.
- **Relatives** ("his son", "Trump's wife") never stand for the person they are related to.

Does not catch: cataphora ("Before he spoke, Trump ..."), plural groups ("they"; the claim extractor
takes the source of the claim before), descriptions in another form than the one beside the name
("the billionaire" for "Donald Trump, the real-estate developer"), nicknames.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Token

from ..lexicons import load_lexicon
from ..nlp import doc_text
from ..records import Entity
from .entities import title_before
from .paragraphs import paragraph_index, paragraph_starts

LEXICON = "resolver"
_DESCRIPTION_POS = {"NOUN", "ADJ", "PROPN"}
_DEFINITE = {"the", "this", "that"}
_CREDIT = re.compile(r"(?:Photograph|Photo|Credit|Image)s?:?\s*(?:by\s*)?$")


@dataclass(frozen=True)
class ResolverRules:
    """``models/resolver.yaml`` (with the gender and kinship words of ``models/entities.yaml``), checked."""

    version: str
    person_pronouns: dict[str, str]
    person_roles: dict[str, str]
    never_guess: frozenset[str]
    organisation_heads: dict[str, frozenset[str]]
    pronoun_reach: int
    subject_reach: int
    gender_of_title: dict[str, str]
    gender_of_name: dict[str, str]
    kinship: frozenset[str]


def _words(values: Any, where: str) -> frozenset[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"models/resolver.yaml: {where} must be a list of words")
    return frozenset(v.lower() for v in values)


@cache
def rules() -> ResolverRules:
    """The resolver's rules, loaded once and validated (a malformed file fails with its key named)."""
    raw = load_lexicon(LEXICON)
    entities = load_lexicon("entities")
    try:
        pronouns = {str(k).lower(): str(v) for k, v in raw["person_pronouns"].items()}
        roles = {str(k).lower(): str(v).lower() for k, v in raw["person_roles"].items()}
        heads = {str(k).lower(): _words(v, f"organisation_heads.{k}")
                 for k, v in raw["organisation_heads"].items()}
        reach, subject_reach = int(raw["pronoun_reach"]), int(raw["subject_reach"])
    except (KeyError, AttributeError, TypeError, ValueError) as error:
        raise ValueError(f"models/resolver.yaml is malformed: {error}") from error
    if set(pronouns.values()) - {"male", "female"}:
        raise ValueError("models/resolver.yaml: person_pronouns values are male or female")
    genders = entities.get("gendered_titles", {})
    names = entities.get("first_names", {})
    return ResolverRules(
        version=str(raw["version"]),
        person_pronouns=pronouns,
        person_roles=roles,
        never_guess=_words(raw["never_guess"], "never_guess"),
        organisation_heads=heads,
        pronoun_reach=reach,
        subject_reach=subject_reach,
        gender_of_title={str(t): str(g) for g, ts in genders.items() for t in ts},
        gender_of_name={str(n).lower(): str(g) for g, ns in names.items() for n in ns},
        kinship=_words(entities.get("kinship_words", []), "kinship_words"),
    )


@dataclass(frozen=True)
class Referent:
    """What a phrase stands for: a canonical name, its label, and the span of the phrase resolved."""

    canonical: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Person:
    """One mention of a person outside quotes, with what the article says about that person."""

    start: int
    end: int
    canonical: str
    roles: frozenset[str]
    gender: str | None
    is_subject: bool


@dataclass(frozen=True)
class _Description:
    """A description written beside a name: its head noun and all its words."""

    head: str
    words: frozenset[str]
    canonical: str
    label: str
    at: int


class Resolver:
    """In-article referents of pronouns and descriptions (see the module docstring).

    ``quoted(offset)`` tells whether an offset lies inside quote marks (mentions there are the
    speaker's words, not the article's antecedents).
    """

    def __init__(self, doc: Doc, entities: Sequence[Entity], quoted: Callable[[int], bool]) -> None:
        self.rules = rules()
        self.doc = doc
        self.text = doc_text(doc)
        self.entities = entities
        self.quoted = quoted
        self.paragraph_starts = paragraph_starts(self.text)
        self.people: list[Person] = []
        self.descriptions: list[_Description] = []
        self.organisations: list[tuple[int, int, str]] = []
        subjects = sorted(self._subject_offsets())
        for entity in entities:
            if entity.label == "PERSON":
                self._add_person(entity, subjects)
            elif entity.label == "ORG":
                self.organisations.extend((m.start, m.end, entity.canonical) for m in entity.mentions
                                          if not quoted(m.start))
            if entity.label in ("PERSON", "ORG"):
                for m in entity.mentions:
                    if not quoted(m.start):
                        self.descriptions.extend(self._descriptions_beside(m.start, m.end, entity))
        self.people.sort(key=lambda p: (p.start, p.end))
        self.organisations.sort()
        self.descriptions.sort(key=lambda d: d.at)

    # -- building ----------------------------------------------------------------------------------
    def _add_person(self, entity: Entity, subjects: list[int]) -> None:
        roles = frozenset(r for m in entity.mentions if (r := title_before(self.text, m.start)))
        genders = {self.rules.gender_of_title[r] for r in roles if r in self.rules.gender_of_title}
        gender = genders.pop() if len(genders) == 1 else self.name_gender(entity.canonical)
        for m in entity.mentions:
            if self.quoted(m.start) or self._is_credit(m.start, m.end):
                continue
            # A subject inside the mention: the first subject at or after its start (bisection, not a scan).
            first = bisect.bisect_left(subjects, m.start)
            is_subject = first < len(subjects) and subjects[first] < m.end
            self.people.append(Person(m.start, m.end, entity.canonical, roles, gender, is_subject))

    def _is_credit(self, start: int, end: int) -> bool:
        """A photo credit ("REUTERS/Kevin Lamarque", "Photograph: Marko Mumm/AFP") names no actor."""
        before = self.text[max(0, start - 12) : start]
        return before.endswith("/") or self.text[end : end + 1] == "/" or _CREDIT.search(before) is not None

    def _subject_offsets(self) -> list[int]:
        """Offsets of each verb's first subject (and its appositives), outside quotes."""
        offsets = []
        for token in self.doc:
            if token.pos_ not in ("VERB", "AUX") or self.quoted(token.idx):
                continue
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")
                            and not self.quoted(c.idx)), None)
            if subject is not None:
                offsets.append(subject.idx)
                offsets.extend(c.idx for c in subject.children if c.dep_ in ("appos", "conj"))
        return offsets

    def _descriptions_beside(self, start: int, end: int, entity: Entity) -> list[_Description]:
        """ "Republican nominee Donald Trump", "Donald Trump, the Republican nominee,", "the agency, ICE,"."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return []
        name = span.root
        nouns: list[Token] = []
        before = [t for t in self.doc[name.left_edge.i : span.start] if t.pos_ in _DESCRIPTION_POS]
        if before and before[-1].pos_ == "NOUN":
            nouns.append(before[-1])
        nouns.extend(c for c in name.children if c.dep_ == "appos" and _is_common_noun(c))
        if name.dep_ == "appos" and _is_common_noun(name.head):
            nouns.append(name.head)
        out = []
        for noun in nouns:
            words = _modifiers(noun) | {noun.lemma_.lower()}
            if noun in before:
                words |= {t.lemma_.lower() for t in before}
            head = noun.lemma_.lower()
            out.append(_Description(head, frozenset(words), entity.canonical, entity.label, start))
        return out

    # -- queries -----------------------------------------------------------------------------------
    def paragraph_of(self, offset: int) -> int:
        return paragraph_index(self.paragraph_starts, offset)

    def name_gender(self, name: str) -> str | None:
        """male|female from a common first name ("Julia Solórzano"), else None."""
        first = name.split()[0].lower() if name.split() else ""
        return self.rules.gender_of_name.get(first)

    def add_speaker(self, start: int, end: int, name: str) -> None:
        """A resolved speaker becomes the latest mention of that person, for later pronouns."""
        if any(p.start == start for p in self.people):
            return
        roles = next((p.roles for p in self.people if p.canonical == name), frozenset())
        gender = next((p.gender for p in self.people if p.canonical == name and p.gender), None)
        person = Person(start, end, name, roles, gender or self.name_gender(name), True)
        bisect.insort(self.people, person, key=lambda p: (p.start, p.end))

    def person(self, before: int, *, gender: str | None = None, role: str | None = None,
               within: int | None = None) -> str | None:
        """The person a pronoun or role before ``before`` stands for (module docstring), or None."""
        fallback: str | None = None
        here = self.paragraph_of(before)
        for p in reversed(self.people):
            if p.start >= before:
                continue
            distance = here - self.paragraph_of(p.start)
            if within is not None and distance > within:
                return None
            if (within is not None and not p.is_subject) or (gender and p.gender and gender != p.gender):
                continue
            if role and role not in p.roles:
                continue
            if role or p.is_subject:
                # A subject two paragraphs back loses to a person named in this or the last one
                # ("Some scholars, including Alan Dershowitz, believe ... "...," he told NPR").
                if fallback is not None and distance >= self.rules.subject_reach:
                    return fallback
                return p.canonical
            # A possessive or object ("said Sabraw’s ban ...") is a weaker antecedent than a subject.
            if fallback is None and distance <= self.rules.pronoun_reach:
                fallback = p.canonical
        return fallback

    def pronoun(self, token: Token) -> Referent | None:
        """he / she / him / her: the person it stands for; None for other words or when unresolved."""
        gender = self.rules.person_pronouns.get(token.lower_)
        if gender is None:
            return None
        name = self.person(token.idx, gender=gender)
        if name is None:
            return None
        return Referent(name, "PERSON", token.idx, token.idx + len(token.text))

    def description(self, head: Token) -> Referent | None:
        """ "the senator", "the presumptive Republican nominee", "the agency": who or what it stands for."""
        lemma = head.lemma_.lower()
        det = next((c for c in head.children if c.dep_ == "det" and c.lower_ in _DEFINITE), None)
        common = _is_common_noun(head)
        if det is None or not common or lemma in self.rules.kinship or self.quoted(head.idx):
            return None
        start, end = det.idx, head.idx + len(head.text)
        words = _modifiers(head) | {lemma}
        described = [d for d in self.descriptions if d.head == lemma and d.at < head.idx and words <= d.words]
        if described:
            return Referent(described[-1].canonical, described[-1].label, start, end)
        role = self.rules.person_roles.get(lemma)
        if role is not None:
            name = self.person(head.idx, role=role)
            bare = words == {lemma}  # "the president", not "the former Polish president"
            guess = not (bare and role in self.rules.never_guess)
            if name is None and not self._role_known(lemma, role) and guess:
                name = self.person(head.idx, within=self.rules.pronoun_reach)
            return Referent(name, "PERSON", start, end) if name is not None else None
        names = self.rules.organisation_heads.get(lemma)
        if names is not None:
            for o_start, _o_end, canonical in reversed(self.organisations):
                if o_start < head.idx and names & set(re.findall(r"[a-z]+", canonical.lower())):
                    return Referent(canonical, "ORG", start, end)
        return None

    def _role_known(self, lemma: str, role: str) -> bool:
        """Somebody in the article is described or titled with this role (then only they may be meant)."""
        return any(d.head == lemma for d in self.descriptions) or any(role in p.roles for p in self.people)


def _is_common_noun(token: Token) -> bool:
    """A noun, or a lower-case word the small model tags as a proper noun or "other" ("senator", "pro")."""
    return token.pos_ == "NOUN" or (token.pos_ in ("PROPN", "X") and token.is_lower and token.is_alpha)


def _modifiers(noun: Token) -> frozenset[str]:
    """Lower-cased lemmas of the words qualifying a noun on its left ("presumptive Republican")."""
    return frozenset(c.lemma_.lower() for c in noun.lefts
                     if c.dep_ in ("amod", "compound", "nmod", "npadvmod") and c.pos_ in _DESCRIPTION_POS)
