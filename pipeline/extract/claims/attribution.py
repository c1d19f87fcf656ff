"""Attribution of a claim: a quote's speaker, a cue in the sentence (source, cue, stance), the context
of earlier sentences."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ...nlp import doc_text
from ...records import Attribution, Quote
from ..certainty import evidence_of, match_cues
from .lexicon import CONTENT_DEPS, FINITE_TAGS, QUOTE_CHARS, _Lex
from .sources import _classify, _link, _link_surname, _Mention, _named_by_text, _source_tokens


@dataclass(frozen=True)
class _Found:
    """An attribution found in one sentence, before it becomes a record."""

    attribution: Attribution
    source_head_lemma: str | None = None  # to decide whether a data source may continue
    depth: int = 0


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _attribution_from_source(
    doc: Doc,
    source_head: Token,
    cue_lo: int,
    cue_hi: int,
    stance: str,
    mentions: Sequence[_Mention],
    lex: _Lex,
    context: _Context,
) -> _Found | None:
    lo, hi = _source_tokens(source_head, lex)
    src = doc[lo:hi]
    cue = doc[cue_lo:cue_hi]
    low = source_head.lower_
    entity: str | None = None
    if hi - lo == 1 and low in lex.self_pronouns:
        kind = "self"
    elif hi - lo == 1 and low in lex.person_pronouns:
        kind = "named"
        entity = context.person_for_pronoun(source_head.idx)
    elif hi - lo == 1 and low in lex.group_pronouns:
        # "they"/"it" stand for the source of the claim before (named or vague alike); with none
        # nearby the pronoun is unresolved and attributes nothing ("It's showing his supporters...").
        previous = context.previous_attribution(context.paragraph_of(source_head.idx))
        if previous is None:
            return None
        kind = previous.kind
        entity = previous.entity if previous.kind == "named" else None
    elif hi - lo == 1 and low in lex.generic_pronouns:
        return None  # generic "you" ("If you believe that ...") is nobody's claim
    else:
        kind = _classify(doc, source_head, lo, hi, mentions, lex)
        entity = None
        if kind == "named":
            entity = _link(mentions, src.start_char, src.end_char, source_head.idx)
            if entity is None and (source_head.pos_ == "PROPN" or source_head.text[:1].isupper()):
                entity = _link_surname(mentions, source_head.text) or _named_by_text(
                    doc, mentions, source_head.text
                )
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
    )
    return _Found(attribution, source_head.lemma_.lower(), _depth(doc[cue_lo]))


def _subject_of(verb: Token) -> Token | None:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.head.i != verb.i and (
        verb.dep_ == "conj" or (verb.dep_ == "xcomp" and verb.head.lemma_ in {"go", "continue", "refuse"})
    ):
        # "X went on to say", "X stood up and said": the subject sits on the first verb.
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.tag_ in {"WDT", "WP"}:
        # "the agency, which said ...", "a new analysis that says ...": the noun the clause modifies.
        clause = verb
        while clause.dep_ in {"conj", "ccomp"} and clause.head.i != clause.i:
            clause = clause.head
        subject = clause.head if clause.dep_ == "relcl" else None
    return subject


def _is_clause(head: Token) -> bool:
    """A content clause: finite ("that prices rose", "prices will rise") or introduced by that/whether."""
    if head.tag_ in FINITE_TAGS or head.dep_ == "parataxis":
        return True
    return any(c.dep_ in {"aux", "auxpass", "mark"} and (c.tag_ in FINITE_TAGS or c.dep_ == "mark")
               for c in head.children)


def _has_content(verb: Token, span: Span) -> bool:
    if any(
        (c.dep_ in CONTENT_DEPS or (c.dep_ == "advcl" and c.i < verb.i)) and _is_clause(c)
        for c in verb.children
    ):
        return True
    # '"...," he said.' is often parsed with the quoted clause as a sibling, not a child.
    if verb.dep_ in {"parataxis", "ROOT"} and any(ch in span.text for ch in QUOTE_CHARS):
        return verb.lemma_.lower() in {"say", "tell", "add", "write", "state", "explain"}
    return any(t.text == ":" and t.i == verb.i + 1 for t in span) or any(
        t.text == ":" and t.head.i == verb.i for t in span
    )


def _sentence_attributions(
    span: Span, mentions: Sequence[_Mention], lex: _Lex, context: _Context
) -> list[_Found]:
    doc = span.doc
    tokens = list(span)
    found: list[_Found] = []
    taken: set[int] = set()

    # 1. Prepositional cues: the source is the object of the cue's last word.
    for phrase, a, b in match_cues(tokens, lex.prep_cues):
        last = tokens[b - 1]
        if phrase == "per" and (a != _first_word(tokens) or tokens[a].lower_ != "per"):
            continue  # "per cent", "per year", "$5 per day" are not cues
        obj = next((c for c in last.children if c.dep_ == "pobj"), None)
        if obj is None and b < len(tokens):
            obj = _noun_after(tokens, b)
        if obj is None:
            continue
        _append(
            found, _attribution_from_source(
                doc, obj, tokens[a].i, tokens[b - 1].i + 1, lex.prep_cues[phrase], mentions, lex, context
            )
        )
        taken.update(range(a, b))

    # 2. Phrase cues: "X sounded an alarm over ...", "X raised concerns that ...".
    for phrase, a, b in match_cues(tokens, lex.cue_phrases):
        verb = tokens[a]
        subject = _subject_of(verb)
        if subject is None or verb.pos_ not in {"VERB", "AUX"}:
            continue
        _append(
            found, _attribution_from_source(
                doc, subject, verb.i, tokens[b - 1].i + 1, lex.cue_phrases[phrase], mentions, lex, context
            )
        )
        taken.update(range(a, b))

    # 3. Reporting verbs with a subject (or a passive agent) and a content clause.
    for k, verb in enumerate(tokens):
        lemma = verb.lemma_.lower()
        if k in taken or lemma not in lex.cue_verbs or verb.pos_ not in {"VERB", "AUX"}:
            continue
        if verb.tag_ in {"VBG"} and verb.dep_ == "amod":
            continue  # "increasing reports": an adjective, not a cue
        stance = lex.cue_verbs[lemma]
        cue_hi = verb.i + 1
        if lemma == "point":
            particle = next((c for c in verb.children if c.dep_ == "prt" and c.lower_ == "out"), None)
            if particle is None:
                continue
            cue_hi = particle.i + 1
        if lemma in {"read", "hear", "see"}:
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.lemma_.lower() in lex.vague_nouns | lex.document_nouns:
                _append(found, _attribution_from_source(doc, obj, verb.i, cue_hi, stance, mentions, lex, context))
            continue
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is None and verb.tag_ == "VBN" and lemma in lex.passive_vague and _passive_content(verb):
            lo = min([verb.i] + [c.i for c in verb.lefts if c.dep_ == "advmod" and c.i == verb.i - 1])
            ev = evidence_of(doc, lo, verb.i + 1)
            found.append(_Found(
                Attribution(source=ev.text, kind="vague", cue=ev.text, stance=stance, start=ev.start,
                            end=ev.end, cue_start=ev.start, cue_end=ev.end),
                None,
                _depth(verb),
            ))
            continue
        if agent is not None:
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if obj is not None and _has_content(verb, span):
                _append(found, _attribution_from_source(doc, obj, verb.i, cue_hi, stance, mentions, lex, context))
            continue
        subject = _subject_of(verb)
        object_content = lemma in lex.object_content and any(
            c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN"} for c in verb.children
        )
        if subject is None or subject.dep_ == "expl" or not (object_content or _has_content(verb, span)):
            continue
        if subject.lower_.endswith(("self", "selves")):
            continue  # a reflexive is no source: the sentence was split badly
        if _describes_object(verb):
            continue
        if subject.lower_ in lex.self_pronouns and context.in_quote(subject.idx):
            continue  # "I think" inside a quote is the speaker's, found through the quote
        _append(found, _attribution_from_source(doc, subject, verb.i, cue_hi, stance, mentions, lex, context))

    # 4. Opinion frames of the author: "In my view, ...".
    if not found:
        for _phrase, a, b in match_cues(tokens, lex.self_phrases):
            if context.in_quote(tokens[a].idx):
                continue
            ev = evidence_of(tokens, a, b)
            found.append(
                _Found(
                    Attribution(
                        source=ev.text, kind="self", cue=ev.text, stance="neutral", start=ev.start,
                        end=ev.end, cue_start=ev.start, cue_end=ev.end,
                    ),
                    None,
                    _depth(tokens[a]),
                )
            )
            break
    return found


def _append(found: list[_Found], item: _Found | None) -> None:
    if item is not None:
        found.append(item)


def _describes_object(verb: Token) -> bool:
    """The cue is a present-tense relative clause on an object ("hotlines for immigrants who believe
    their rights were violated", "not to arrest immigrants who say ..."): it says who those people
    are, it does not report a statement. A past one reports one ("Tigar sided with legal groups who
    argued that ...") and attributes the sentence."""
    clause = verb
    while clause.dep_ in {"conj", "ccomp"} and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "relcl" or clause.head.dep_ not in {"pobj", "dobj", "dative"}:
        return False
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    return bool(tags & {"VBP", "VBZ"}) and "VBD" not in tags


def _passive_content(verb: Token) -> bool:
    """ "X is thought to be ...", "it is believed that ...": a passive with a content complement."""
    children = list(verb.children)
    if not any(c.dep_ == "auxpass" for c in children):
        return False
    if any(c.dep_ == "nsubjpass" for c in children) and any(c.dep_ == "xcomp" for c in children):
        return True
    return any(c.dep_ == "ccomp" and _is_clause(c) for c in children)


def _first_word(tokens: Sequence[Token]) -> int:
    return next((k for k, t in enumerate(tokens) if not t.is_punct and not t.is_space), 0)


def _noun_after(tokens: Sequence[Token], b: int) -> Token | None:
    for t in tokens[b : b + 6]:
        if t.pos_ in {"NOUN", "PROPN", "PRON"}:
            return t
    return None


def _quote_attribution(
    doc: Doc, quote: Quote, span: Span, mentions: Sequence[_Mention], lex: _Lex
) -> Attribution:
    stance = "neutral"
    cue_start = cue_end = None
    if quote.cue:
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
        cue_start=cue_start, cue_end=cue_end, entity=entity,
    )


class _Context:
    """What earlier sentences tell the current one: quotes, people mentioned, the last attribution."""

    def __init__(self, doc: Doc, mentions: Sequence[_Mention], quotes: Sequence[Quote]) -> None:
        self.doc = doc
        self.people = sorted((m for m in mentions if m.label == "PERSON"), key=lambda m: m.start)
        self.people_starts = [m.start for m in self.people]
        self.quote_spans = [(q.start, q.end) for q in quotes]
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", doc_text(doc))]
        self.last: tuple[int, _Found | None, bool] | None = None  # paragraph, found, continuable
        self.last_named: tuple[int, str] | None = None  # paragraph, canonical of the last person source

    def paragraph_of(self, char: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, char) - 1

    def in_quote(self, char: int) -> bool:
        if any(s - 1 <= char < e + 1 for s, e in self.quote_spans):
            return True
        if not self.quote_spans:
            # Without quote records, count the quotation marks before the word in its paragraph.
            para_start = self.paragraph_starts[self.paragraph_of(char)]
            before = doc_text(self.doc)[para_start:char]
            opened = before.count("“") - before.count("”") + before.count('"') % 2
            return opened > 0
        return False

    def person_for_pronoun(self, char: int) -> str | None:
        """he/she: the last named person source nearby, else the last person mentioned nearby."""
        if self.last_named is not None:
            paragraph, canonical = self.last_named
            if self.paragraph_of(char) - paragraph <= 1:
                return canonical
        return self.last_person_before(char)

    def last_person_before(self, char: int) -> str | None:
        k = bisect.bisect_left(self.people_starts, char) - 1
        if k < 0:
            return None
        person = self.people[k]
        # Only within the pronoun's paragraph or the one before: further back is guessing.
        if self.paragraph_of(char) - self.paragraph_of(person.start) > 1:
            return None
        return person.canonical

    def previous_attribution(self, paragraph: int) -> Attribution | None:
        """The named or vague attribution of the claim just before, in this or the last paragraph."""
        if self.last is None or self.last[1] is None or paragraph - self.last[0] > 1:
            return None
        att = self.last[1].attribution
        return att if att.kind in ("named", "vague") else None

    def previous_named(self) -> str | None:
        if self.last is None or self.last[1] is None:
            return None
        att = self.last[1].attribution
        if att.kind != "named":
            return None
        return att.entity or att.source


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
