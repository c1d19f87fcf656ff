"""Cue devices found by lexicon lookup, and the syntactic rules of authority and fear."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ...records import Device
from .base import cue_specs, device_from_span, modals, rules
from .cue_index import Tokens, cue_index
from .voice import reported_by_other


def in_title(span: Span) -> bool:
    """A capitalised run inside a sentence is a name or title ("the Evil Dead Fan Club", "Radical Party")."""
    doc = span.doc
    if not span[0].is_title or span[0].is_sent_start:
        return False
    before = span.start > 0 and doc[span.start - 1].is_title and not doc[span.start - 1].is_sent_start
    after = span.end < len(doc) and doc[span.end].is_title
    return before or after or all(t.is_title for t in span) and len(span) > 1


def cue_devices(doc: Doc, tokens: Tokens) -> list[Device]:
    specs = cue_specs()
    out: list[Device] = []
    for device, start, end in cue_index()(tokens):
        span = doc[start:end]
        # A cue inside a proper name is a name ("Tyrant Records", "Communist Party").
        if any(t.ent_type_ in {"ORG", "WORK_OF_ART", "PERSON", "FAC"} for t in span) or in_title(span):
            continue
        if reported_by_other(span.root):
            continue  # inside someone else's reported speech or view: their words
        score = specs[device].score
        if device == "doubt" and span[0].lower_ == "so":
            # "the so-called Gang of Eight", "so-called Dreamers": naming a capitalised group or
            # programme, not doubting it ("this so-called judge", "so-called 'sanctuary' policies").
            if end < len(doc) and doc[end].is_title and doc[end].pos_ in {"PROPN", "NOUN", "ADJ"}:
                continue
            score = rules().so_called_score
        out.append(device_from_span(doc, device, span, score))
    return out


def authority_appeals(doc: Doc, tokens: Tokens, score: float) -> list[Device]:
    """Generic authorities as the subject of a claim verb: "Experts have already sounded an alarm"."""
    nouns, verbs = rules().authority_nouns, rules().authority_verbs
    out: list[Device] = []
    for token in tokens.with_lemma(nouns):
        if token.dep_ != "nsubj":
            continue
        # Plural or bare generic ("experts", "studies"); a named one is ordinary attribution.
        if token.tag_ not in {"NNS"} and token.lower_ != "research":
            continue
        if any(c.pos_ == "PROPN" or c.ent_type_ for c in token.subtree if c is not token):
            continue
        verb = token.head
        if verb.lemma_.lower() not in verbs:
            continue
        end = verb.i + 1
        # Keep a short object ("sounded an alarm") but not the clause hanging off it.
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if objects and objects[0].i - verb.i <= rules().max_object_distance:
            end = objects[0].i + 1
        out.append(device_from_span(doc, "appeal_to_authority", doc[token.left_edge.i : end], score))
    return out


def fear_under_modal(doc: Doc, tokens: Tokens, score: float) -> list[Device]:
    """A fear word governed by a modal future: "these agents could carry out acts of sabotage"."""
    fear_words = rules().fear_words_under_modal
    max_tokens = rules().fear_modal_max_tokens
    modal_words = modals()
    out: list[Device] = []
    for token in tokens.with_lemma(fear_words):
        head = token
        for _ in range(6):  # walk up to the governing verb
            if head.pos_ in {"VERB", "AUX"} or head.head is head:
                break
            head = head.head
        modal = next((c for c in head.children if c.tag_ == "MD" and c.lower_ in modal_words), None)
        if modal is None or modal.i > token.i or token.i - modal.i > max_tokens:
            continue
        out.append(device_from_span(doc, "appeal_to_fear", doc[modal.i : token.i + 1], score))
    return out
