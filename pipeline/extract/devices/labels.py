"""Name calling by syntax: a country as its leader's possession, "regime" said of a government."""

from __future__ import annotations

from spacy.tokens import Doc

from ...records import Device
from .base import make_device, rules
from .cue_index import Tokens


def possessive_leader_labels(doc: Doc, score: float) -> list[Device]:
    """"Xi Jinping's China", "Putin's Russia": a country named as its leader's possession."""
    out: list[Device] = []
    for token in (t for ent in doc.ents if ent.label_ == "GPE" for t in ent):
        for child in token.children:
            if child.dep_ != "poss" or child.pos_ != "PROPN" or child.ent_type_ in {"GPE", "ORG", "NORP", "LOC"}:
                continue
            if not any(c.dep_ == "case" for c in child.children):
                continue
            span = doc[child.left_edge.i : token.i + 1]
            out.append(make_device(doc, "name_calling_labeling", span.start_char, span.end_char, score,
                                   target=token.text))
    return out


def regime_labels(doc: Doc, tokens: Tokens, score: float) -> list[Device]:
    """"regime" said of a government ("the Iranian regime"), not of rules ("tax regime")."""
    neutral = rules().neutral_regime_modifiers
    out: list[Device] = []
    for token in tokens.with_lemma({"regime"}):
        if token.pos_ != "NOUN":
            continue
        modifiers = [c for c in token.children if c.dep_ in {"compound", "amod", "nmod"}]
        if any(m.lemma_.lower() in neutral for m in modifiers):
            continue
        span = doc[min([token.i] + [m.i for m in modifiers]) : token.i + 1]
        named = [m.text for m in modifiers if m.ent_type_ or m.pos_ == "PROPN"]
        out.append(make_device(doc, "name_calling_labeling", span.start_char, span.end_char, score,
                               target=" ".join(named) or None))
    return out
