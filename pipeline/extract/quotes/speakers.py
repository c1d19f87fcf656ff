"""Who said a quote: the reporting verb and its subject, colons, dashes, frames, nearby sentences."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..entities import entity_for
from ..quote_marks import MarkPair
from .context import _Context, _Speaker


def _subject(verb: Token, quoted: list[bool]) -> Token | None:
    """The verb's subject outside quotes, climbing through xcomp/advcl/conj heads ("was quoted as
    saying"). A parse across a quote mark can hang a quoted word on the verb as a second subject."""
    current = verb
    for _ in range(3):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not quoted[child.i]:
                if child.tag_ in ("WDT", "WP"):
                    # "a petition, which condemns ...": the petition; not through a participle
                    # ("re-upped the rhetoric that electrified X, vowing ...": the rhetoric vows nothing).
                    relative = current is verb and current.dep_ == "relcl" and current.head.pos_ in ("NOUN", "PROPN")
                    return current.head if relative else child
                return child
        if current.dep_ in ("xcomp", "advcl", "conj", "ccomp", "pcomp") and current.head is not current:
            if current.dep_ == "conj" and current.head.dep_ == "ccomp" and current.head.head is not current.head:
                # "Flake sounded optimistic a deal would be reached but said ...": a reporting verb
                # hung on the content clause is the coordinate of the verb above it; "a deal" says nothing.
                current = current.head.head
                continue
            current = current.head
        else:
            break
    return None


def _is_cue(ctx: _Context, token: Token) -> bool:
    if ctx.quoted[token.i] or token.pos_ not in ("VERB", "AUX") or token.lower_ in ("is", "be"):
        return False
    lemma = token.lemma_.lower()
    if lemma not in ctx.verbs:
        return False
    # "adding deterrence", "continued the policy": with a noun object these verbs are not speech.
    return lemma not in ctx.object_verbs or not any(
        c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") and not ctx.quoted[c.i] for c in token.children
    )


def _speaker_from_verb(ctx: _Context, verb: Token) -> _Speaker | None:
    subject = _subject(verb, ctx.quoted)
    if subject is None and verb.head.i < verb.i and not ctx.quoted[verb.head.i] and verb.dep_ == "prep":
        # "Senator John Cornyn of Texas, ..., compared X to “...”" misparsed with the verb hanging
        # on the name as a preposition: the name is the subject.
        found_ent = entity_for(ctx.entities, verb.head.idx, verb.head.idx + len(verb.head.text))
        if found_ent is not None and found_ent[0].label in ("PERSON", "ORG"):
            subject = verb.head
    if subject is not None:
        found = ctx.resolve(subject, verb.text)
        if found is not None:
            return found
        if subject.pos_ == "PRON":
            return _Speaker(None, None, None, verb.text)
    # "...,” said Beth Krause" parsed without a subject: a named mention right after a verb that
    # itself follows a closing quote mark (elsewhere a name after the verb is its object).
    before = ctx.text[max(0, verb.idx - 20) : verb.idx].rstrip()
    if not before or before[-1] not in "”\"'’":
        return None
    for t in verb.doc[verb.i + 1 : verb.i + 4]:
        found_ent = entity_for(ctx.entities, t.idx, t.idx + len(t.text))
        if found_ent is not None and found_ent[0].label in ("PERSON", "ORG"):
            return _Speaker(found_ent[0].canonical, found_ent[1].start, found_ent[1].end, verb.text)
    return None


def _according_to(ctx: _Context, sents: list[Span]) -> _Speaker | None:
    for sent in sents:
        for t in sent:
            if t.lower_ == "according" and not ctx.quoted[t.i] and t.i + 1 < len(t.doc):
                to = t.doc[t.i + 1]
                objs = [c for c in to.children if c.dep_ == "pobj"]
                if to.lower_ == "to" and objs:
                    return ctx.resolve(objs[0], "according to")
    return None


def _speaker_in_sentences(ctx: _Context, pair: MarkPair, sents: list[Span]) -> _Speaker | None:
    """A reporting verb in the quote's own sentences: the one governing the quote, else the nearest."""
    inner = ctx.tokens_between(pair.open + 1, pair.close)
    for t in inner:
        head = t.head
        seen = 0
        while head is not head.head and seen < 8 and ctx.quoted[head.i]:
            head, seen = head.head, seen + 1
        for _ in range(3):
            if _is_cue(ctx, head):
                found = _speaker_from_verb(ctx, head)
                if found is not None:
                    return found
                break
            # "As many Chinese say, they fear that ...": a cue in an "as" clause on the governing verb.
            for clause in head.children:
                if clause.dep_ == "advcl" and _is_cue(ctx, clause) and any(
                    c.dep_ == "mark" and c.lower_ == "as" for c in clause.children
                ):
                    found = _speaker_from_verb(ctx, clause)
                    if found is not None:
                        return found
            if head is head.head:
                break
            head = head.head
    cues = [t for s in sents for t in s if _is_cue(ctx, t) and _adjacent(ctx, pair, t)]
    cues.sort(key=lambda t: min(abs(t.idx - pair.open), abs(t.idx - pair.close)))
    for verb in cues:
        found = _speaker_from_verb(ctx, verb)
        if found is not None:
            return found
    return _according_to(ctx, sents)


def _adjacent(ctx: _Context, pair: MarkPair, verb: Token) -> bool:
    """A cue that does not govern the quote in the parse still counts when only a short stretch
    without a clause boundary separates them ("...,” Sen. Mike Lee, R-Utah, said"), since
    parses across quote marks are unreliable; "..., but the numbers suggest" does not count."""
    if verb.idx > pair.close:
        gap = ctx.tokens[ctx.token_at(pair.close).i + 1 : verb.i]
    else:
        gap = ctx.tokens[verb.i + 1 : ctx.token_at(pair.open).i]
    if len(gap) > 12:
        return False
    return not any(t.pos_ in ("CCONJ", "SCONJ") or t.text in (".", ";", "?", "!") for t in gap)


def _speaker_by_colon(ctx: _Context, pair: MarkPair, sent: Span) -> _Speaker | None:
    """“X’s message is crisp: “...”” -> the person named before the colon."""
    before = ctx.text[sent.start_char : pair.open].rstrip()
    if not before.endswith(":"):
        colon = before.rfind(":")
        if colon < 0 or ctx.in_quote(sent.start_char + colon):
            return None
        # "Tusk listed two other challenges: a rise in ... and the “state of mind ...”": the quote
        # is in the list the subject before the colon gives; only a named subject is trusted here.
        return _named_subject_before(ctx, sent, sent.start_char + colon)
    # The subject before the colon, or its possessor ("Xi Jinping’s message ... is crisp:").
    for token in sent:
        if token.idx >= pair.open:
            break
        if token.dep_ not in ("nsubj", "nsubjpass") or ctx.quoted[token.i]:
            continue
        for cand in [token, *(c for c in token.children if c.dep_ == "poss")]:
            found = entity_for(ctx.entities, cand.idx, cand.idx + len(cand.text))
            if found is not None and found[0].label in ("PERSON", "ORG", "GPE"):
                return _Speaker(found[0].canonical, found[1].start, found[1].end, ":")
        if token.pos_ == "PROPN":
            return ctx.phrase(token, ":")  # a name the model did not tag
        if token.pos_ == "PRON":
            # "he lectured Jayapal:" -> the person "he" refers to, never the addressee.
            return ctx.resolve(token, ":")
    # Else the person named closest before the colon.
    for person in reversed(ctx.people):
        if sent.start_char <= person.start and person.end <= pair.open:
            return _Speaker(person.canonical, person.start, person.end, ":")
    for entity in ctx.entities:
        if entity.label == "ORG":
            for m in entity.mentions:
                if sent.start_char <= m.start and m.end <= pair.open and not ctx.in_quote(m.start):
                    return _Speaker(entity.canonical, m.start, m.end, ":")
    return None


def _named_subject_before(ctx: _Context, sent: Span, limit: int) -> _Speaker | None:
    for token in sent:
        if token.idx >= limit:
            break
        if token.dep_ not in ("nsubj", "nsubjpass") or ctx.quoted[token.i]:
            continue
        # The cue is the verb before the colon ("listed"), the colon itself when there is none.
        cue = token.head.text if token.head.pos_ in ("VERB", "AUX") and token.head.idx < limit else ":"
        if token.pos_ == "PRON" and token.lower_ in ctx.pronouns:
            return ctx.resolve(token, cue)
        found = entity_for(ctx.entities, token.idx, token.idx + len(token.text))
        if found is not None and found[0].label in ("PERSON", "ORG"):
            return _Speaker(found[0].canonical, found[1].start, found[1].end, cue)
        return None
    return None


def _speaker_by_frame(ctx: _Context, pair: MarkPair, sent: Span) -> _Speaker | None:
    """ "In a letter to EU leaders, he included ... an “assertive China”": a sentence framed as a
    text or speech of its subject ("In a statement/speech/interview/passage, X ...") quotes X."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if len(words) < 3 or words[0].lower_ != "in" or ctx.quoted[words[0].i]:
        return None
    noun = next((c for c in words[0].children if c.dep_ == "pobj"), None)
    if noun is None or noun.lemma_.lower() not in ctx.frame_nouns or noun.idx > pair.open:
        return None
    verb = words[0].head
    if verb.pos_ not in ("VERB", "AUX") or ctx.quoted[verb.i]:
        return None
    subject = _subject(verb, ctx.quoted)
    if subject is None or subject.idx > pair.open:
        return None
    found = ctx.resolve(subject, verb.text)
    return found if found is not None and found.name else None


# A name signing a quote: two to five capitalised words ("Pamela Padilla", "Julie A. Diaz Martinez")
# ending the line or the sentence.
_SIGNATURE = re.compile(r"((?:[A-Z][\w'’.-]*\s+){1,4}[A-Z][\w'’-]*)\s*[.,]?\s*(?:\n|$)")


def _speaker_by_dash(ctx: _Context, pair: MarkPair) -> _Speaker | None:
    """“...” — Donald J. Trump: a name right after a dash following the quote (an entity, or a line
    signed with a name the model did not tag: “...”― Pamela Padilla)."""
    after = re.match(r"[,.]?\s*(—|–|―|--|-)\s*", ctx.text[pair.close + 1 : pair.close + 8])
    if not after:
        return None
    at = pair.close + 1 + after.end()
    for entity in ctx.entities:
        if entity.label not in ("PERSON", "ORG"):
            continue
        for m in entity.mentions:
            if m.start == at or ctx.text[at : m.start] in ("the ", "The "):
                return _Speaker(entity.canonical, m.start, m.end, after.group(1))
    signed = _SIGNATURE.match(ctx.text, at, min(len(ctx.text), at + 60))
    if signed is not None:
        name = signed.group(1).strip()
        ctx.add_speaker(at, at + len(name), name)
        return _Speaker(name, at, at + len(name), after.group(1))
    return None


def _has_content(ctx: _Context, verb: Token) -> bool:
    """True when the verb reports a clause of its own ("said that ...", "argued the plan ..."); a
    quoted complement ('“...,” she said') is the quote itself, not other content."""
    return any(c.dep_ in ("ccomp", "xcomp", "csubj") and not ctx.quoted[c.i] for c in verb.children)


def _alone(ctx: _Context, sents: list[Span]) -> bool:
    return not any(ctx.words_outside(s) for s in sents)


def _find_speaker(ctx: _Context, pair: MarkPair) -> _Speaker | None:
    doc = ctx.doc
    first = ctx.token_at(pair.open).sent
    last = ctx.token_at(pair.close).sent
    sents = ctx.sentences(first, last)
    found = _speaker_in_sentences(ctx, pair, sents) or _speaker_by_dash(ctx, pair)
    if found is None:
        found = _speaker_by_colon(ctx, pair, first) or _speaker_by_frame(ctx, pair, first)
    if found is not None or not _alone(ctx, sents):
        return found
    # The quote fills its sentences: look at the sentence before in its paragraph, the bare
    # attribution after it ('“...?” Hanen responded.'), then the paragraph before.
    prev = next_sent = None
    if first.start > 0:
        prev = doc[first.start - 1].sent
        while prev.start > 0 and not prev.text.strip():
            prev = doc[prev.start - 1].sent
    if last.end < len(doc):
        next_sent = doc[last.end].sent
        while next_sent.end < len(doc) and not next_sent.text.strip():
            next_sent = doc[next_sent.end].sent
    prev_same = prev is not None and "\n" not in ctx.text[prev.start_char + len(prev.text.rstrip()) : pair.open]
    next_same = next_sent is not None and "\n" not in ctx.text[pair.close : next_sent.start_char]
    if prev is not None and prev_same:
        found = _speaker_before(ctx, pair, prev, same_paragraph=True)
        if found is not None:
            return found
    if next_sent is not None and next_same:
        found = _speaker_after(ctx, next_sent)
        if found is not None:
            return found
    if prev is not None and not prev_same:
        found = _speaker_before(ctx, pair, prev, same_paragraph=False)
        if found is not None:
            return found
    if next_sent is not None and not next_same:
        return _speaker_after(ctx, next_sent)
    return None


def _speaker_before(ctx: _Context, pair: MarkPair, prev: Span, *, same_paragraph: bool) -> _Speaker | None:
    prev_pair = MarkPair(pair.open, pair.open, pair.open, pair.open, True)
    cues = [t for t in prev if _is_cue(ctx, t)]
    for verb in sorted(cues, key=lambda t: -t.i):
        # Across a paragraph break only an introduction without its own content counts
        # ("Roberts added:", or the attribution of the quote that ends the paragraph before),
        # not "He argued that ...".
        if not same_paragraph and _has_content(ctx, verb):
            continue
        found = _speaker_from_verb(ctx, verb)
        if found is not None:
            return found
    if prev.text.rstrip().endswith(":"):
        return _speaker_by_colon(ctx, prev_pair, prev) or _speaker_in_sentences(ctx, prev_pair, [prev])
    return None


def _speaker_after(ctx: _Context, nxt: Span) -> _Speaker | None:
    # Only a bare attribution ("Smith said.") is trusted: a verb with its own content
    # ("He said that...") reports something else.
    for verb in (t for t in nxt if _is_cue(ctx, t)):
        if not _has_content(ctx, verb):
            found = _speaker_from_verb(ctx, verb)
            if found is not None:
                return found
    return None
