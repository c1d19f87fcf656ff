"""Sentences and what is not a claim: the reason codes of :func:`not_claim_reason`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span

from ...nlp import doc_text
from ..certainty import match_cues
from .lexicon import ACTOR_LABELS, CLOSERS, FINITE_TAGS, QUOTE_CHARS, SUBJECT_DEPS, _Lex, _lexicons
from .sources import _Mention


def _trimmed(sent: Span) -> Span | None:
    """The sentence without the whitespace tokens spaCy attaches at its edges."""
    start, end = sent.start, sent.end
    while start < end and sent.doc[start].is_space:
        start += 1
    while end > start and sent.doc[end - 1].is_space:
        end -= 1
    return sent.doc[start:end] if end > start else None


def _has_finite_verb(span: Span) -> bool:
    """A finite verb, or (the small model mistags some) a verb other than a participle with a subject."""
    for t in span:
        if t.tag_ in FINITE_TAGS or "Fin" in t.morph.get("VerbForm"):
            return True
        if t.pos_ in {"VERB", "AUX"} and t.tag_ != "VBG" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children):
            return True
    return False


def _is_whole_paragraph(span: Span) -> bool:
    text = doc_text(span.doc)
    before = text[: span.start_char].rstrip(" \t")
    after = text[span.end_char :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def not_claim_reason(span: Span, *, mentions: Sequence[_Mention] = (), has_figure: bool = False) -> str | None:
    """Why the sentence ``span`` is not a claim (a reason code, see the module docstring), or None."""
    lex = _lexicons()
    text = span.text.strip()
    if not text:
        return "empty"
    if any(p.search(text) for p in lex.boilerplate):
        return "boilerplate"
    if re.match(r"^By\s+[A-Z]", text) and not _has_finite_verb(span):
        return "boilerplate"
    stripped = text.rstrip(CLOSERS + " ")
    if not _has_finite_verb(span):
        # The small parser sometimes reads a main verb as a participle ("3,000 migrants drowned"):
        # a long, full-stopped sentence with a past-tense-looking verb is kept.
        long_sentence = stripped[-1:] in ".!" and sum(t.is_alpha for t in span) >= 8
        if not (long_sentence and any(t.tag_ in {"VBN", "VBD"} and t.dep_ != "amod" for t in span)):
            return "heading"
    if _is_whole_paragraph(span) and stripped[-1:] not in ".!?:;" and len(span) <= 15:
        words = [t for t in span if t.is_alpha and not t.is_stop]
        # Headlines are title-cased; a sentence-case line is a claim that lost its full stop
        # ("Joseph Nye says immigration is a bright spot", story-highlight bullets).
        if words and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words):
            return "heading"
    if stripped.endswith("?"):
        return "question"
    if "?" in text:
        tail = text[text.rfind("?") + 1 :]
        if len(tail.split()) <= 5:
            return "question"
    if _is_imperative(span, lex):
        return "imperative"
    if _is_discourse(span, lex, mentions, has_figure):
        return "discourse"
    content = [t for t in span if (t.is_alpha and not t.is_stop) or t.like_num]
    if len(content) < lex.min_content_words:
        return "fragment"
    return None


def _is_imperative(span: Span, lex: _Lex) -> bool:
    root = span.root
    if root.tag_ != "VB" or any(c.dep_ in SUBJECT_DEPS for c in root.children):
        return False
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children):
        return False  # "Should X happen, ..." and elliptic modals are not orders
    first = next((t for t in span if not t.is_punct and t.lower_ not in QUOTE_CHARS), None)
    if first is None:
        return False
    return first.i == root.i or first.lower_ in lex.imperative_starters or first.lower_ in {"please", "just"}


def _is_discourse(span: Span, lex: _Lex, mentions: Sequence[_Mention], has_figure: bool) -> bool:
    if not match_cues(span, lex.discourse):
        return False
    if has_figure or any(m.label in ACTOR_LABELS for m in mentions):
        return False
    # "It is worth noting that X fell" carries content in its that-clause.
    return not any(t.dep_ == "ccomp" or (t.dep_ == "mark" and t.lower_ == "that") for t in span)
