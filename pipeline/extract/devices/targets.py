"""Labels and name calling said of people and groups, with the labelled target linked.

Method: a label is a name-calling cue of models/devices.yaml (``name_calling_labeling``: "thug",
"demagogue", "illegal alien") or an adjective of ``labels.adjectives`` ("radical", "extremist",
"far-left") used as a modifier or predicate of a person or group. Its target is read from the parse:
the noun an adjective label modifies ("radical Democrats"), the subject of "X is a thug", the noun a
label stands in apposition to ("Trump, a demagogue"), or the name that modifies the label ("Obama
judge"); the target is a person or group when it is a named person, organisation or nationality, a
proper noun, a pronoun or one of ``labels.people`` nouns. The target is given as the linked entity's
canonical name when an entity mention covers it, else as written.

A label said again of the same target is counted once as name calling (its evidence lists every
occurrence) and, from ``labels.min_repeats`` occurrences on, once more as a ``repetition`` device of
that label and target.

Does not catch: labels whose target is only implied ("the mob" for protesters named sentences
before), labels inside names ("Radical Party": names are never devices) and sarcasm.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from ...lexicons import load_typed
from ...records import Device, Entity, Evidence
from .base import LEXICON, make_device
from .cue_index import Tokens
from .voice import reported_by_other

NAME_CALLING = "name_calling_labeling"
_GROUP_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass(frozen=True)
class LabelSpec:
    """The ``labels`` section of models/devices.yaml."""

    score: float
    adjectives: frozenset[str]
    people: frozenset[str]
    min_repeats: int
    repetition_score: float


@cache
def label_spec() -> LabelSpec:
    return load_typed(LEXICON, LabelSpec, "labels")


def _is_person_or_group(token: Token, people: frozenset[str]) -> bool:
    if token.ent_type_ in _GROUP_LABELS or token.pos_ == "PROPN":
        return True
    if token.pos_ == "PRON":
        return token.lower_ not in {"it", "this", "that", "which", "what", "its"}
    return token.lemma_.lower() in people


def _target_token(label: Token, people: frozenset[str]) -> Token | None:
    """The person or group a label (its head word) is said of, from the parse."""
    head = label.head
    candidates: list[Token] = []
    if label.dep_ in {"amod", "compound"} and head.i != label.i:
        candidates.append(head)  # "radical Democrats"
    if label.dep_ == "appos":
        candidates.append(head)  # "Trump, a demagogue"
    if label.dep_ in {"attr", "acomp"}:
        candidates += [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]  # "he is a thug"
    # "Obama judge", "Trump's cronies": the name that modifies the label.
    candidates += [c for c in label.children if c.dep_ in {"compound", "poss"} and c.pos_ == "PROPN"]
    return next((c for c in candidates if _is_person_or_group(c, people)), None)


def _target_name(target: Token, entities: Sequence[Entity]) -> str:
    """The linked entity's canonical name when a mention covers the target, else the noun as written."""
    for entity in entities:
        for mention in entity.mentions:
            if mention.start <= target.idx < mention.end:
                return entity.canonical
    if target.ent_iob_ in {"B", "I"}:
        ent = next((e for e in target.doc.ents if e.start <= target.i < e.end), None)
        if ent is not None:
            return ent.text
    compounds = [c for c in target.children if c.dep_ == "compound" and c.i == target.i - 1]
    start = compounds[0].i if compounds else target.i
    return target.doc[start : target.i + 1].text


@dataclass(frozen=True)
class _Label:
    span: Span
    lemma: str
    target: str


def _labels(doc: Doc, tokens: Tokens, cue_spans: Sequence[tuple[int, int]], spec: LabelSpec,
            entities: Sequence[Entity]) -> list[_Label]:
    spans = [doc[s:e] for s, e in cue_spans]
    for token in tokens.with_lemma(spec.adjectives):
        if token.pos_ == "ADJ" and not token.ent_type_ and not (token.is_title and not token.is_sent_start):
            spans.append(doc[token.i : token.i + 1])
    found: list[_Label] = []
    for span in spans:
        if reported_by_other(span.root):
            continue  # "he says nativist groups ...": the speaker's label
        target = _target_token(span.root, spec.people)
        if target is None or span.start <= target.i < span.end:
            if span.root.pos_ != "NOUN":
                continue  # an adjective label needs someone to be said of
            found.append(_Label(span, span.root.lemma_.lower(), ""))  # "thugs": the label names its target
            continue
        found.append(_Label(span, span.root.lemma_.lower(), _target_name(target, entities)))
    return found


def label_devices(doc: Doc, tokens: Tokens, cue_spans: Sequence[tuple[int, int]],
                  entities: Sequence[Entity] = ()) -> list[Device]:
    """Name calling with its target, once per (label, target); a repeated label is also repetition.

    ``cue_spans`` are the token spans of the name-calling cues found by the cue index.
    """
    spec = label_spec()
    by_target: dict[tuple[str, str], list[_Label]] = defaultdict(list)
    for label in _labels(doc, tokens, cue_spans, spec, entities):
        by_target[(label.lemma, label.target)].append(label)
    out: list[Device] = []
    for (lemma, target), labels in by_target.items():
        labels.sort(key=lambda item: item.span.start_char)
        first = labels[0].span
        evidence = [Evidence(x.span.text, x.span.start_char, x.span.end_char) for x in labels]
        entries = (f"{LEXICON}.yaml:labels:{lemma}",)
        out.append(make_device(doc, NAME_CALLING, first.start_char, first.end_char, spec.score,
                               evidence=evidence, entries=entries, target=target or None))
        if len(labels) >= spec.min_repeats:
            out.append(make_device(doc, "repetition", first.start_char, first.end_char, spec.repetition_score,
                                   evidence=evidence, entries=entries, target=target or None))
    return out
