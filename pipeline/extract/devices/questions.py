"""Rhetorical questions in the author's own voice (not quoted, not an explainer's subheads, not put to
"you", an interviewee or the reader, to answer, not a title-case headline)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from ...lexicons import LexiconError, load_typed
from ...nlp import doc_text
from ...records import Device, Quote
from ..paragraphs import paragraph_spans
from .base import LEXICON, SENTENCE_FINAL_QUOTES, make_device


@dataclass(frozen=True)
class QuestionSpec:
    """``rhetorical_question`` of models/devices.yaml."""

    score: float
    # A question sentence shorter than this many tokens ("Why?", "And then?") is not counted.
    min_tokens: int
    skip_openings: tuple[str, ...]
    skip_paragraph_marks: tuple[str, ...]
    subhead_questions_min: int
    subhead_max_words: int
    arguing_openings: frozenset[str]
    answer_openers: tuple[str, ...]
    question_words: frozenset[str]
    addressee_words: frozenset[str]
    headline_capitalised_share: float


@cache
def question_spec() -> QuestionSpec:
    spec = load_typed(LEXICON, QuestionSpec, "rhetorical_question")
    if not 0 <= spec.score <= 1:
        raise LexiconError("models/devices.yaml [rhetorical_question]: score must be in [0, 1]")
    return spec


def _inside_quotation(doc: Doc, start: int, quotes: Sequence[Quote]) -> bool:
    if any(q.start <= start < q.end or (q.start - 1 <= start <= q.end) for q in quotes):
        return True
    # Without quote records, count quotation marks since the paragraph start.
    para_start = doc_text(doc).rfind("\n", 0, start) + 1
    before = doc_text(doc)[para_start:start]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


# "1) What ...?" numbered explainer headings (the number may be parsed into the previous sentence).
_ENUMERATOR = re.compile(r"^\s*(\d+|[a-z])[).](\s|$)")
_SPEAKER_LABEL = re.compile(r"^[A-Z][A-Z.' -]{1,30}:")


def _not_author_paragraph(doc: Doc, sent: Span, marks: tuple[str, ...]) -> bool:
    """Transcript turns ("WALLACE: ...") and paragraphs with embedded social-media posts."""
    start = doc_text(doc).rfind("\n", 0, sent.start_char) + 1
    end = doc_text(doc).find("\n", sent.end_char)
    paragraph = doc_text(doc)[start : end if end >= 0 else len(doc_text(doc))]
    # The previous paragraph matters too: a speaker label often stands on its own line.
    previous = doc_text(doc)[doc_text(doc).rfind("\n", 0, max(0, start - 2)) + 1 : start].strip()
    return (
        any(m in paragraph for m in marks)
        or bool(_SPEAKER_LABEL.match(paragraph))
        or bool(_SPEAKER_LABEL.match(previous))
    )


def _headline_like(sent: Span, question_words: frozenset[str]) -> bool:
    """A capitalised question word after the first token, e.g. "Show Hide Why are ...?"."""
    return any(t.is_title and t.lower_ in question_words for t in list(sent)[1:])


def _put_to_someone(sent: Span, spec: QuestionSpec) -> bool:
    """A question addressed to "you" expects its answer from an interviewee or a reader."""
    return any(t.lower_ in spec.addressee_words for t in sent)


def _title_case(sent: Span, spec: QuestionSpec) -> bool:
    """ "Should Hillary Run in 2016?": a headline or a link, mostly capitalised words."""
    words = [t for t in list(sent)[1:] if t.is_alpha and len(t) >= 4]
    return bool(words) and sum(t.is_title for t in words) / len(words) >= spec.headline_capitalised_share


def _explainer_paragraphs(doc: Doc, spec: QuestionSpec) -> list[tuple[int, int]]:
    """Paragraphs whose questions are an explainer's, not the author's rhetoric.

    Two formats of news explainers: questions used as subheads (paragraphs that are one short
    question, ``subhead_questions_min`` or more in an article, "Is anyone exempt?"), and an introduction
    listing the questions the piece answers ("What is the likely impact? ... Here are some answers:").
    """
    text = doc_text(doc)
    subheads: list[tuple[int, int]] = []
    skipped: list[tuple[int, int]] = []
    for start, end in paragraph_spans(text):
        paragraph = text[start:end].strip()
        body = paragraph.rstrip(SENTENCE_FINAL_QUOTES)
        if body.endswith("?") and not re.search(r"[.!?]\s", body[:-1]):
            words = body.split()
            # Subheads are short and plain; "If they are above the law, why not ...?" argues.
            opening = words[0].lower().strip("“\"'‘")
            if len(words) <= spec.subhead_max_words and opening not in spec.arguing_openings:
                subheads.append((start, end))
        elif "?" in paragraph and any(
            re.search(r"(^|[.!?]\s+)" + re.escape(o), paragraph, re.IGNORECASE) for o in spec.answer_openers
        ):
            skipped.append((start, end))
    if len(subheads) >= spec.subhead_questions_min:
        skipped.extend(subheads)
    return skipped


def rhetorical_questions(doc: Doc, quotes: Sequence[Quote]) -> list[Device]:
    spec = question_spec()
    out: list[Device] = []
    whole = doc_text(doc)
    if "?" not in whole:
        return out
    explainer = _explainer_paragraphs(doc, spec)
    for sent in doc.sents:
        # The sentence's text read from the doc's (Span.text builds it token by token).
        sent_text = whole[sent.start_char : sent.end_char]
        if not sent_text.rstrip().rstrip(SENTENCE_FINAL_QUOTES).endswith("?") or len(sent) < spec.min_tokens:
            continue
        if any(start <= sent.start_char < end for start, end in explainer):
            continue  # the questions of a Q&A explainer are its subheads, asked to be answered
        if sent_text.lower().startswith(spec.skip_openings) or _inside_quotation(doc, sent.start_char, quotes):
            continue
        if any(ch in sent_text for ch in "“”\""):
            continue  # a question quoted or about a quotation is not the author's own
        if ":" in sent_text or _headline_like(sent, spec.question_words) or _title_case(sent, spec):
            continue  # "Immigration ban: Is it legal?", "Quick guide Why are ...?", "Should Hillary Run?"
        if _put_to_someone(sent, spec):
            continue  # "Did you ever see your sister again?": an interview's or a reader's question
        line_start = whole.rfind("\n", 0, sent.start_char) + 1
        before = whole[line_start : sent.start_char]
        if (_ENUMERATOR.match(sent_text) or _ENUMERATOR.match(before)
                or _not_author_paragraph(doc, sent, spec.skip_paragraph_marks)):
            continue  # "1) What did the administration do?", transcripts, embedded posts
        # The sentence up to its question mark.
        end = sent.start_char + sent_text.rfind("?") + 1
        out.append(make_device(doc, "rhetorical_question", sent.start_char, end, spec.score))
    return out
