"""Attribution of a claim: a quote's speaker, a cue in the sentence (source, cue, stance), the context
of earlier sentences."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ...nlp import doc_text
from ...records import Attribution, Entity, Quote
from ..paragraphs import paragraph_index, paragraph_starts
from ..resolver import Resolver
from .cues import depth, find_cues, is_subordinate
from .lexicon import _Lex
from .sources import _classify, _is_source, _link, _link_surname, _Mention, _named_by_text, _source_tokens


@dataclass(frozen=True)
class _Found:
    """An attribution found in one sentence, before it becomes a record."""

    attribution: Attribution
    source_head_lemma: str | None = None  # to decide whether a data source may continue
    depth: int = 0
    # Only attributes a clause: the cue is in a subordinate clause, or reports an act ("X criticised Y"),
    # so the sentence stays the writer's claim (its main attribution comes from another cue, if any).
    secondary: bool = False


def _attribution_from_source(
    doc: Doc,
    source_head: Token,
    cue_lo: int,
    cue_hi: int,
    stance: str,
    mentions: Sequence[_Mention],
    lex: _Lex,
    context: _Context,
    content: tuple[int, int] | None = None,
) -> _Found | None:
    if not _is_source(source_head, mentions, lex) and context.resolver.description(source_head) is None:
        return None  # not a person, a body, a named document or a human group (and not described as one)
    lo, hi = _source_tokens(source_head, lex)
    src = doc[lo:hi]
    cue = doc[cue_lo:cue_hi]
    low = source_head.lower_
    entity: str | None = None
    if hi - lo == 1 and low in lex.self_pronouns:
        kind = "self"
    elif hi - lo == 1 and low in lex.person_pronouns:
        kind = "named"
        referent = context.resolver.pronoun(source_head)
        entity = referent.canonical if referent is not None else None
    elif hi - lo == 1 and low in lex.group_pronouns:
        # "they"/"it" stand for the source of the claim before (named or vague alike); with none
        # nearby the pronoun is the subject of a cue all the same ("It says the campaign violated ...":
        # a letter, an ad): an unresolved, vague source rather than the writer's own claim.
        previous = context.previous_attribution(context.paragraph_of(source_head.idx))
        kind = previous.kind if previous is not None else "vague"
        entity = previous.entity if previous is not None and previous.kind == "named" else None
    elif hi - lo == 1 and low in lex.generic_pronouns:
        return None  # generic "you" ("If you believe that ...") is nobody's claim
    else:
        kind = _classify(doc, source_head, lo, hi, mentions, lex)
        entity = None
        described = context.resolver.description(source_head)
        if described is not None:
            kind, entity = "named", described.canonical  # "the senator", "the agency": bound in the article
        elif kind == "named" and source_head.lemma_.lower() in context.resolver.rules.kinship:
            entity = None  # "Scott's family", "Trump's son": not the person they are related to
        elif kind == "named":
            # The name before or at the head first ("a Reuters analysis of data from X" is Reuters').
            head_end = source_head.idx + len(source_head.text)
            entity = (_link(mentions, src.start_char, head_end, source_head.idx) or _owner(source_head)
                      or _link(mentions, src.start_char, src.end_char, source_head.idx))
            if entity is None and (source_head.pos_ == "PROPN" or source_head.text[:1].isupper()):
                entity = _link_surname(mentions, source_head.text) or _named_by_text(
                    doc, mentions, source_head.text
                )
    if kind == "named" and entity is not None and any(p.canonical == entity for p in context.resolver.people):
        context.resolver.add_speaker(src.start_char, src.end_char, entity)  # the latest mention, for "he"
    attribution = Attribution(
        source=src.text,
        kind=kind,
        cue=cue.text,
        stance=stance,
        start=src.start_char,
        end=src.end_char,
        cue_start=cue.start_char,
        cue_end=cue.end_char,
        entity=entity,
        content_start=content[0] if content else None,
        content_end=content[1] if content else None,
    )
    return _Found(attribution, source_head.lemma_.lower(), depth(doc[cue_lo]), is_subordinate(doc[cue_lo]))


def _owner(head: Token) -> str | None:
    """The name owning a document the model did not tag ("a Reuters analysis"): a capitalised proper noun
    before the head, as its compound or possessor."""
    owner = next((c for c in head.lefts if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN"
                  and c.text[:1].isupper()), None)
    return owner.text if owner is not None else None


def _sentence_attributions(
    span: Span, mentions: Sequence[_Mention], lex: _Lex, context: _Context
) -> list[_Found]:
    """Every attribution the cues of the sentence make, in text order of their cues."""
    found: list[_Found] = []
    for cue in find_cues(span, lex, context.in_quote):
        if cue.ready is not None:
            found.append(_Found(cue.ready, None, depth(span.doc[cue.cue_lo]), is_subordinate(span.doc[cue.cue_lo])))
            continue
        assert cue.source is not None  # a cue without a ready attribution has a source phrase
        item = _attribution_from_source(span.doc, cue.source, cue.cue_lo, cue.cue_hi, cue.stance, mentions, lex,
                                        context, cue.content)
        if item is not None:
            found.append(replace(item, secondary=item.secondary or cue.act))
    return found


def _quote_attribution(
    doc: Doc, quote: Quote, span: Span, mentions: Sequence[_Mention], lex: _Lex
) -> Attribution:
    stance = "neutral"
    cue_start, cue_end = quote.cue_start, quote.cue_end
    if cue_start is not None:
        cue_token = doc.char_span(cue_start, cue_end or cue_start, alignment_mode="expand")
        if cue_token is not None:
            stance = lex.cue_verbs.get(cue_token[0].lemma_.lower(), "neutral")
    elif quote.cue:
        cue_word = quote.cue.split()[0].lower()
        for t in span.doc[max(0, span.start - 40) : min(len(doc), span.end + 40)]:
            if t.lower_ == cue_word:
                stance = lex.cue_verbs.get(t.lemma_.lower(), "neutral")
                cue_start, cue_end = t.idx, t.idx + len(quote.cue)
                if doc_text(doc)[cue_start:cue_end] != quote.cue:
                    cue_start = cue_end = None
                break
    source, start, end = quote.speaker, None, None
    kind = "named"
    entity = quote.speaker
    if quote.speaker_start is not None and quote.speaker_end is not None:
        start, end = quote.speaker_start, quote.speaker_end
        source = doc_text(doc)[start:end]
        speaker_span = doc.char_span(start, end, alignment_mode="expand")
        # A description standing for a named body ("a senior DHS official" -> DHS) is classified
        # as written: the quote's speaker is the body, the claim's source is an unnamed official.
        is_mention = any(m.start == start and m.end == end for m in mentions)
        if speaker_span is not None and (quote.speaker is None or (not is_mention and len(speaker_span) > 1)):
            low = speaker_span.root.lower_
            if not (len(speaker_span) == 1 and low in lex.person_pronouns | lex.group_pronouns):
                kind = _classify(doc, speaker_span.root, speaker_span.start, speaker_span.end, mentions, lex)
                root = speaker_span.root
                vague_det = any(t.lower_ in lex.vague_dets for t in speaker_span if t.i < root.i)
                if quote.speaker is not None and kind == "vague" and not (
                    vague_det or root.lemma_.lower() in lex.vague_nouns
                ):
                    kind = "named"  # "US government": a body, though written without "the"
            if kind == "vague" and quote.speaker and speaker_span.root.lemma_.lower() in lex.document_nouns:
                kind = "named"  # "an ICE statement": the document of the named body that speaks
        if entity is None and kind == "named":
            entity = _link(mentions, start, end)
    return Attribution(
        source=source, kind=kind, cue=quote.cue, stance=stance, start=start, end=end,
        cue_start=cue_start, cue_end=cue_end, entity=entity, content_start=quote.start, content_end=quote.end,
    )


class _Context:
    """What earlier sentences tell the current one: quotes, people mentioned, the last attribution."""

    def __init__(self, doc: Doc, mentions: Sequence[_Mention], quotes: Sequence[Quote],
                 entities: Sequence[Entity]) -> None:
        self.doc = doc
        self.quote_spans = sorted((q.start, q.end) for q in quotes)
        # For each quote in start order, the furthest end so far: "is this character in a quote" is then
        # one bisection, not a scan of every quote (which made long articles quadratic).
        self._quote_starts = [s for s, _ in self.quote_spans]
        self._furthest_end = list(itertools.accumulate((e for _, e in self.quote_spans), max))
        self.paragraph_starts = paragraph_starts(doc_text(doc))
        self.last: tuple[int, _Found | None, bool] | None = None  # paragraph, found, continuable
        # Pronouns and descriptions: the in-article resolver the quote extractor uses too, told who spoke.
        self.resolver = Resolver(doc, entities, self.in_quote)
        for quote in quotes:
            if quote.speaker and quote.speaker_start is not None and quote.speaker_end is not None:
                self.resolver.add_speaker(quote.speaker_start, quote.speaker_end, quote.speaker)
        self.labels = _speaker_labels(doc_text(doc), self.paragraph_starts, mentions)

    def speaker_label(self, span: Span) -> Attribution | None:
        """ "PENCE: Well, look, ...": the speaker a transcript paragraph is labelled with."""
        label = self.labels.get(self.paragraph_of(span.start_char))
        if label is None:
            return None
        return replace(label, content_start=span.start_char, content_end=span.end_char)

    def paragraph_of(self, char: int) -> int:
        return paragraph_index(self.paragraph_starts, char)

    def in_quote(self, char: int) -> bool:
        # A quote holds the character, or its mark just before or after: start - 1 <= char < end + 1.
        before = bisect.bisect_right(self._quote_starts, char + 1)
        if before and self._furthest_end[before - 1] + 1 > char:
            return True
        if not self.quote_spans:
            # Without quote records, count the quotation marks before the word in its paragraph.
            para_start = self.paragraph_starts[self.paragraph_of(char)]
            before = doc_text(self.doc)[para_start:char]
            opened = before.count("“") - before.count("”") + before.count('"') % 2
            return opened > 0
        return False

    def previous_attribution(self, paragraph: int) -> Attribution | None:
        """The named or vague attribution of the claim just before, in this or the last paragraph."""
        if self.last is None or self.last[1] is None or paragraph - self.last[0] > 1:
            return None
        att = self.last[1].attribution
        return att if att.kind in ("named", "vague") else None


_LABEL = re.compile(r"[ \t]*([A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,3})(:)[ \t]+\S")


def _speaker_labels(text: str, starts: Sequence[int], mentions: Sequence[_Mention]) -> dict[int, Attribution]:
    """Paragraphs opening with a speaker's name and a colon, as transcripts are written ("WALLACE: ...",
    "Pence: ..."): only a name the article gives a person ("Chris Wallace"), so "UPDATE:" or
    "WASHINGTON:" label nobody. Paragraph index -> the attribution (source, the colon as cue)."""
    labels: dict[int, Attribution] = {}
    for k, start in enumerate(starts):
        match = _LABEL.match(text, start)
        if match is None:
            continue
        words = match.group(1).split()
        person = next((m.canonical for m in mentions if m.label == "PERSON"
                       and (text[m.start:m.end].casefold() == match.group(1).casefold()
                            or m.canonical.casefold().split()[-1:] == [words[-1].casefold()])), None)
        if person is None:
            continue
        labels[k] = Attribution(source=match.group(1), kind="named", cue=":", stance="neutral",
                                start=match.start(1), end=match.end(1), cue_start=match.start(2),
                                cue_end=match.end(2), entity=person)
    return labels


def _quote_governs(span: Span, quote: Quote, mentions: Sequence[_Mention]) -> bool:
    """A partial quote attributes its sentence only when its cue is the main verb ("Sessions called
    the schedule “unacceptable.”") or its speaker is the main clause's subject ("Hernandez defended
    his reputation against what he called “smears”"); otherwise ("The ruling led to a dispute after
    Trump dismissed Tigar as an “Obama judge.”") the sentence is the writer's."""
    if quote.kind != "partial" or not quote.cue or not quote.cue[:1].isalpha():
        return True
    cue = quote.cue.split()[0].lower()
    cue_token = next((t for t in span if t.lower_ == cue and not (quote.start <= t.idx < quote.end)), None)
    if cue_token is None:
        return True
    head = cue_token
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    root = span.root
    if head.dep_ in {"ROOT", "parataxis"} or head.head.i == head.i:
        return True
    if head.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in head.children):
        return True  # "As NPR's Greg Myre has reported, the list “doesn't include ...”"
    if head.head.i == root.i and root.pos_ not in {"VERB", "AUX"}:
        return True  # a misparse hanging the verb on the subject name ("Cornyn ..., compared")
    subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or quote.speaker is None:
        return False
    linked = _link(mentions, subject.idx, subject.idx + len(subject.text))
    return linked == quote.speaker or (
        quote.speaker_start is not None and quote.speaker_start <= subject.idx < (quote.speaker_end or 0)
    )


def _claim_quote(span: Span, quotes: Sequence[Quote]) -> Quote | None:
    s, e = span.start_char, span.end_char
    inside = [q for q in quotes if q.kind in {"direct", "partial"} and q.start < e and q.end > s]
    if not inside:
        return None
    return max(inside, key=lambda q: (q.kind == "direct", min(e, q.end) - max(s, q.start)))


def _same_attribution(a: Attribution, b: Attribution) -> bool:
    """One event seen twice: overlapping cues, one source span when a cue was not located, or one
    speaker whose content holds the other's (a quote inside the clause its speaker's cue reports)."""
    if a.entity is not None and a.entity == b.entity and _inside(a, b):
        return True
    if a.cue_start is not None and b.cue_start is not None and a.cue_end is not None and b.cue_end is not None:
        if a.cue_start < b.cue_end and b.cue_start < a.cue_end:
            return True
        if (a.start, a.end) != (b.start, b.end):
            return False
    return a.start is not None and (a.start, a.end) == (b.start, b.end) and (a.cue_start is None or b.cue_start is None)


def _inside(a: Attribution, b: Attribution) -> bool:
    """The content of one lies inside the content of the other."""
    if None in (a.content_start, a.content_end, b.content_start, b.content_end):
        return False
    a0, a1, b0, b1 = int(a.content_start or 0), int(a.content_end or 0), int(b.content_start or 0), int(b.content_end or 0)
    return (b0 <= a0 and a1 <= b1) or (a0 <= b0 and b1 <= a1)


def _all_attributions(
    main: Attribution,
    found_here: Sequence[_Found],
    span: Span,
    quotes: Sequence[Quote],
    mentions: Sequence[_Mention],
    lex: _Lex,
) -> tuple[Attribution, ...]:
    """The main attribution first (when there is one), then every other one the sentence makes: its other
    cues ("X said that Y argued ...", "X defended it, saying ...", a cue in a subordinate clause) and the
    other attributed quotes in it."""
    out = [main] if main.kind != "none" else []
    others = [f.attribution for f in sorted(found_here, key=lambda f: f.attribution.cue_start or 0)]
    s, e = span.start_char, span.end_char
    for quote in quotes:
        if quote.kind in {"direct", "partial"} and quote.start < e and quote.end > s and quote.speaker_start is not None:
            others.append(_quote_attribution(span.doc, quote, span, mentions, lex))
    for att in others:
        if att.kind != "none" and not any(_same_attribution(att, known) for known in out):
            out.append(att)
    return tuple(out)
