"""Word sense for frame cues: a cue word counts for its frame only when it is used in the frame's sense.

The frame lexicons (``models/frames.yaml``) match words, and some words have an everyday sense outside
the frame: "securing stable employment" and "secure a US visa" are not security, "the banks of the Rio
Grande" are not the economy, a president's "message" is not politics, and "but" on its own is contrast,
not conflict. The rules in the lexicon's ``senses`` section look at the cue token's part of speech, its
dependents and its sentence, and drop the occurrence when the sense is not the frame's. They never
delete a cue: "secure the border", "bank loans", "a campaign message" and "but critics say" still count.

Hand-written because no library disambiguates these senses offline; WordNet-style sense taggers need
training data per word. What it misses: senses the parse gets wrong (a verb tagged as an adjective), and
everyday senses of cue words that have no rule yet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from spacy.tokens import Doc, Token

from ..lexicons import load_typed

LEXICON = "frames"
# Dependents that say what a noun is: "campaign message", "political message", "Xi's message".
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})


@dataclass(frozen=True)
class SenseRule:
    """When the one-word cue ``cue`` (a lemma) counts for ``frames``. Every condition given must hold."""

    cue: str
    frames: tuple[str, ...]
    note: str = ""
    # As a verb, it counts only with one of these direct objects ("secure the border", not "a visa").
    verb_objects: frozenset[str] | None = None
    # It counts only with one of these modifiers ("campaign message") or prepositions after it ("a
    # challenge to the law") ...
    modifiers: frozenset[str] | None = None
    preps: frozenset[str] = frozenset()
    # ... unless it is one of these parts of speech ("they challenged the ruling": as a verb, always).
    free_as: frozenset[str] = frozenset()
    # It does not count with these modifiers ("river bank") ...
    not_modifiers: frozenset[str] = frozenset()
    # ... nor followed by "of" and one of these words or a name of these entity labels ("banks of the
    # Rio Grande", "the bank of the river") ...
    not_of: frozenset[str] = frozenset()
    not_of_entities: frozenset[str] = frozenset()
    # ... nor, written in lower case, followed by "of" and a proper name ("the banks of the Rio Grande";
    # "the Bank of America" is capitalised: a name, and a bank).
    not_of_names: bool = False
    # ... nor inside a name of these labels ("the West Bank").
    not_in_entities: frozenset[str] = frozenset()
    # It counts only in a sentence holding another cue of the same frame, or a verb of ``company``:
    # "but" among "critics" and "oppose", or between what one side says and what another argues, is
    # conflict; "but" alone is a turn of the author's argument.
    needs_another_cue: bool = False
    company: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Senses:
    rules: tuple[SenseRule, ...] = ()


class _Hit(Protocol):
    # Read-only members, so frozen dataclasses (CueHit) satisfy the protocol.
    @property
    def frame(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def sent_start(self) -> int: ...


_HitT = TypeVar("_HitT", bound=_Hit)


def sense_rules() -> dict[tuple[str, str], SenseRule]:
    """(cue lemma, frame) -> its rule, from the lexicon."""
    senses = load_typed(LEXICON, Senses, section="senses")
    return {(rule.cue, frame): rule for rule in senses.rules for frame in rule.frames}


def _children_lemmas(token: Token, deps: frozenset[str]) -> set[str]:
    return {child.lemma_.lower() for child in token.children if child.dep_ in deps}


def _of_objects(token: Token) -> list[Token]:
    """The objects of an "of" phrase hung on ``token``: "Rio Grande" for "banks of the Rio Grande"."""
    return [obj for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
            for obj in prep.children if obj.dep_ == "pobj"]


def in_frame_sense(token: Token, rule: SenseRule) -> bool:
    """Whether one cue token is used in the sense of the rule's frames (``needs_another_cue`` aside)."""
    if token.pos_ in rule.free_as:
        return True
    if rule.verb_objects is not None and token.pos_ == "VERB":
        objects = _children_lemmas(token, frozenset({"dobj", "obj"}))
        if not objects & rule.verb_objects:
            return False
    modifiers = _children_lemmas(token, MODIFIER_DEPS)
    if rule.modifiers is not None and not (modifiers & rule.modifiers
                                           or _children_lemmas(token, frozenset({"prep"})) & rule.preps):
        return False
    if modifiers & rule.not_modifiers:
        return False
    for obj in _of_objects(token):
        words = {obj.lemma_.lower(), *_children_lemmas(obj, frozenset({"compound"}))}
        if words & rule.not_of or (obj.ent_type_ and obj.ent_type_ in rule.not_of_entities):
            return False
        if rule.not_of_names and obj.pos_ == "PROPN" and token.text.islower():
            return False
    return not (token.ent_type_ and token.ent_type_ in rule.not_in_entities)


def sense_filter(doc: Doc, rules: dict[tuple[str, str], SenseRule] | None = None
                 ) -> Callable[[str, int, int], bool]:
    """``keeps(frame, start, end)``: whether the cue at tokens ``doc[start:end]`` counts for ``frame``.

    Only one-word cues have rules; a multiword cue ("border security") is its own sense. An unparsed
    doc (no tags) keeps every cue: there is nothing to judge the sense by.
    """
    rules = sense_rules() if rules is None else rules
    parsed = doc.has_annotation("DEP")

    def keeps(frame: str, start: int, end: int) -> bool:
        if end - start != 1 or not parsed:
            return True
        rule = rules.get((doc[start].lemma_.lower(), frame))
        return rule is None or in_frame_sense(doc[start], rule)

    return keeps


def drop_lonely(hits: Sequence[_HitT], doc: Doc, rules: dict[tuple[str, str], SenseRule] | None = None
                ) -> list[_HitT]:
    """The hits without those whose rule needs company in their sentence and has none: another cue of
    their frame that stands on its own ("but" and "however" together are still only contrast), or a
    word of the rule's ``company``."""
    rules = sense_rules() if rules is None else rules

    def rule_of(hit: _Hit) -> SenseRule | None:
        rule = rules.get((hit.key, hit.frame))
        return rule if rule is not None and rule.needs_another_cue else None

    supported = {(hit.frame, hit.sent_start) for hit in hits if rule_of(hit) is None}
    kept = []
    for hit in hits:
        rule = rule_of(hit)
        if rule is None or (hit.frame, hit.sent_start) in supported or (
                rule.company and any(t.pos_ == "VERB" and t.lemma_.lower() in rule.company
                                     for t in doc[hit.sent_start].sent)):
            kept.append(hit)
    return kept
