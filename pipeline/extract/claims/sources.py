"""Source phrases: how far a source reaches, which entity it names, and whether it is named or vague."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ...nlp import doc_text
from ...records import Entity
from .lexicon import ACTOR_LABELS, DEFINITE, NAMED_LABELS, PLACE_LABELS, SOURCE_PREPS, _Lex


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    canonical: str
    label: str


class _Mentions(list[_Mention]):
    """The article's entity mentions in text order, with what finds the ones overlapping a span by
    bisection: claims ask for every sentence and every source, and a scan each time is quadratic."""

    def __init__(self, mentions: Iterable[_Mention]) -> None:
        super().__init__(sorted(mentions, key=lambda m: m.start))
        self._starts = [m.start for m in self]
        self._longest = max((m.end - m.start for m in self), default=0)

    def overlapping(self, start: int, end: int) -> list[_Mention]:
        # A mention ending after ``start`` starts after ``start - longest``.
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return [m for m in self[lo:hi] if m.end > start]


def _mentions(doc: Doc, entities: Sequence[Entity]) -> _Mentions:
    if entities:
        return _Mentions(_Mention(m.start, m.end, e.canonical, e.label) for e in entities for m in e.mentions)
    # Without the entities extractor's output, spaCy's entities stand in (canonical = surface text).
    return _Mentions(_Mention(e.start_char, e.end_char, e.text, e.label_)
                     for e in doc.ents if e.label_ in ACTOR_LABELS)


def _is_source(head: Token, mentions: Sequence[_Mention], lex: _Lex, depth: int = 0) -> bool:
    """Only a person, an organisation, a named document or a vague human collective is a source.

    Pronouns (but not "nobody", "anyone", a possessive), entity mentions and proper nouns are; a common
    noun is when listed (``source_nouns``, ``vague_source_nouns``, ``document_nouns``), when it ends like a
    noun for people ("economist", "congressman"), or when it is a quantity of such ("74 percent of
    voters"); a dateline ("WASHINGTON —") is not.
    """
    low, lemma = head.lower_, head.lemma_.lower()
    owns_cue = head.dep_ == "poss" and head.head.lemma_.lower() in lex.noun_cues  # "his claim that ..."
    if (head.tag_ == "PRP$" and not owns_cue) or low in lex.non_sources or lemma in lex.non_sources:
        return False
    if _is_dateline(head):
        return False
    if head.pos_ == "PRON" or _overlapping(mentions, head.idx, head.idx + 1):
        return True
    if head.pos_ == "PROPN" or (head.text[:1].isupper() and head.i > head.sent.start):
        return True
    if lemma in lex.source_nouns or lemma in lex.vague_nouns or lemma in lex.document_nouns:
        return True
    if lemma.endswith(lex.human_suffixes):
        return True
    if lemma in lex.quantity_heads or head.like_num:
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        whom = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if whom is not None and depth < 2:  # noqa: PLR2004 - "a number of the members of ..." at most
            return _is_source(whom, mentions, lex, depth + 1)
        return lemma in {"percent", "%"} or head.text == "%"
    return False


def _is_dateline(head: Token) -> bool:
    """ "WASHINGTON —", "NEW YORK (Reuters) -": a place in capitals opening a paragraph before a dash."""
    if not head.is_upper or len(head.text) < 2:  # noqa: PLR2004 - one capital letter is an initial
        return False
    doc = head.doc
    after = doc[head.i + 1] if head.i + 1 < len(doc) else None
    before = doc[head.i - 1] if head.i > 0 else None
    at_start = before is None or "\n" in before.text or before.is_upper
    return at_start and after is not None and after.text in {"—", "–", "-", "--", "("}


def _source_tokens(head: Token, lex: _Lex) -> tuple[int, int]:
    """Token range [start, end) of the source phrase headed by ``head``.

    Takes everything left of the head (determiners, possessives, modifiers) back to a dash, bracket or
    line break (datelines: "NEW YORK (Reuters) - Lawyers said"), conjoined sources, and prepositional
    attachments that name an organisation or person ("data from Syracuse University", "officials at
    the State Department"); leaves out places ("Cummings, from Iowa"), appositions, relative clauses
    and topics ("reports about X", "critics of X").
    """
    doc = head.doc
    lo, hi = head.left_edge.i, head.i
    for k in range(head.i - 1, lo - 1, -1):
        spaced = bool(doc[k].whitespace_) or (k > 0 and bool(doc[k - 1].whitespace_))
        if (doc[k].text in {"-", "--", "—", "–"} and spaced) or doc[k].text in "()[]" or "\n" in doc[k].text:
            lo = k + 1
            break
    person_group = head.lemma_.lower() in lex.vague_nouns and head.lemma_.lower() not in lex.document_nouns
    for child in head.rights:
        if child.dep_ in {"conj", "cc", "compound", "flat"}:
            hi = max(hi, child.right_edge.i)
        elif child.dep_ == "prep" and child.lower_ in SOURCE_PREPS:
            if person_group and child.lower_ == "of":
                continue
            sub = list(child.subtree)
            if any(t.ent_type_ in NAMED_LABELS or (t.pos_ == "PROPN" and t.ent_type_ not in PLACE_LABELS)
                   for t in sub):
                hi = max(hi, child.right_edge.i)
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return lo, hi + 1


def _overlapping(mentions: Sequence[_Mention], start: int, end: int) -> list[_Mention]:
    if isinstance(mentions, _Mentions):
        return mentions.overlapping(start, end)
    return [m for m in mentions if m.start < end and m.end > start]


def _link(mentions: Sequence[_Mention], start: int, end: int, head_char: int | None = None) -> str | None:
    """Canonical of the entity whose mention overlaps the source.

    The mention holding the source's head first ("Tea Party Patriots member Gregg Cummings" is
    Cummings), then people and bodies before places, then one before the head ("a Reuters analysis of
    data from the Executive Offices" is Reuters'), then the longest overlap. A nationality or party
    modifying a common noun ("the Republican nominee", "Democratic lawmakers") names nobody.
    """
    def holds_head(m: _Mention) -> bool:
        return head_char is not None and m.start <= head_char < m.end

    hits = [m for m in _overlapping(mentions, start, end) if m.label != "NORP" or holds_head(m)]
    if not hits:
        return None
    hits.sort(
        key=lambda m: (
            not holds_head(m),
            m.label not in NAMED_LABELS,
            head_char is not None and m.start > head_char,
            -(min(end, m.end) - max(start, m.start)),
        )
    )
    return hits[0].canonical


def _link_surname(mentions: Sequence[_Mention], surname: str) -> str | None:
    """The one person whose canonical name ends with ``surname``; None when absent or ambiguous."""
    people = {m.canonical for m in mentions if m.label == "PERSON" and m.canonical.split()[-1:] == [surname]}
    return people.pop() if len(people) == 1 else None


def _named_by_text(doc: Doc, mentions: Sequence[_Mention], word: str) -> str | None:
    """The canonical of a person or body mentioned elsewhere by exactly ``word``."""
    text = doc_text(doc)
    return next((m.canonical for m in mentions if m.label in NAMED_LABELS and text[m.start : m.end] == word), None)


def _classify(doc: Doc, head: Token, lo: int, hi: int, mentions: Sequence[_Mention], lex: _Lex) -> str:
    """named | vague for the source tokens doc[lo:hi] (pronouns and self are handled by the caller)."""
    span = doc[lo:hi]
    lemma = head.lemma_.lower()
    hits = _overlapping(mentions, span.start_char, span.end_char)
    if head.lemma_.lower() in lex.vague_nouns and head.lemma_.lower() not in lex.document_nouns:
        # "critics of Obama": the entity after "of" is the topic, not who speaks.
        topic = {t.idx for c in head.rights if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree}
        hits = [m for m in hits if m.start not in topic]
    determiners = {t.lower_ for t in span if t.i < head.i and t.dep_ in {"det", "amod", "predet", "nummod"}}
    if head.lemma_.lower() in lex.vague_nouns and head.lemma_.lower() not in lex.document_nouns and (
        determiners & lex.vague_dets
    ) and not any(m.label == "PERSON" for m in hits):
        return "vague"  # "a senior DHS official", "some ICE officials": unnamed people of a named body
    if any(m.label in NAMED_LABELS for m in hits):
        return "named"
    if hi - lo == 1 and head.text[:1].isupper() and (
        _link_surname(mentions, head.text) is not None
        or _named_by_text(doc, mentions, head.text) is not None
    ):
        return "named"  # "Trump believes ..." with "Trump" tagged as a common noun: a name used elsewhere
    is_document = lemma in lex.document_nouns or head.lower_ in lex.document_nouns
    # A place or nationality names the speaker when it is the head ("China said") or owns a document
    # ("the US government's statistics"); as a mere modifier of people ("US officials") it does not.
    if any(m.label in PLACE_LABELS and m.start <= head.idx < m.end for m in hits):
        return "named"
    if is_document and hits:
        return "named"
    if head.pos_ == "PROPN" or (is_document and any(t.pos_ == "PROPN" for t in span if t.i < head.i)):
        return "named"  # "an ICE statement": a named body's document
    determiners = {t.lower_ for t in span if t.i < head.i and t.dep_ in {"det", "amod", "predet", "nummod"}}
    determiners |= {t.lemma_.lower() for t in span if t.i < head.i and t.dep_ == "amod"}
    has_owner = any(t.dep_ == "poss" for t in head.children)
    definite = bool(determiners & DEFINITE) or has_owner
    if determiners & lex.vague_dets:
        return "vague"
    if is_document:
        return "named" if definite and head.tag_ in {"NN", "NNP"} else "vague"
    if lemma in lex.vague_nouns or head.lower_ in lex.vague_nouns:
        # "The researchers said" points back at people already identified; "researchers said" does not.
        return "named" if definite and head.pos_ != "PRON" else "vague"
    if head.pos_ == "PRON":
        return "vague"
    return "named" if definite else "vague"
