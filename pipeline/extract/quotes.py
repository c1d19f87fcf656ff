"""Quotations of an article: the words inside quote marks, who said them, and what kind they are.

Quote marks are paired by hand (:func:`pair_quote_marks`) rather than with
``textacy.extract.triples.direct_quotations``: textacy raises on an odd number of marks, so one stray
mark (common in scraped news) would cost the whole document, and it knows neither single curly quotes
nor the convention of a quote running over several paragraphs. Here a stray mark only loses itself.

Pairing rules, per paragraph (a run of text without a line break):
- “ opens and ” closes (a mark with a space on its other side is read the other way round, for
  mistyped marks); a straight " opens when a word follows and a space precedes it, closes in the mirror
  case, else toggles.
- ‘ (or ') opens only at the start of a word, ’ (or ') closes only at the end of one, so the
  apostrophes in "China’s" and "don't" are never marks. Single pairs nest inside double quotes.
- A quote left open at the end of a paragraph continues when the next paragraph opens with a mark
  (the multi-paragraph convention); otherwise it is dropped as unbalanced.

Speaker: the reporting verb governing the quote (or the nearest one outside quotes in the same
sentences) and its subject; "according to X"; a colon introduction ("X’s message is crisp: “...”");
a dash after the quote ("— X"); for a quote standing alone in its sentence, the previous (then the
next) sentence. Pronouns ("he", "she") and role nouns ("the senator") resolve to the last compatible
named person before them. The speaker is the entity's canonical name when linked, else the subject
phrase as written; speaker_start/end are the offsets of that mention.

Kind (documented rule): *scare* = no attribution and at most ``scare_always_words`` words, or at most
``scare_max_words`` words without a verb; *direct* = at least ``direct_min_words`` words with a verb,
opening a clause (after a colon, comma, dash, sentence end or paragraph start, or starting with a
capital letter); *partial* = anything else (a fragment inside the author's sentence).
Quotes nested inside another quote are not reported on their own (they are part of the outer quote).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..lexicons import load_lexicon
from ..nlp import doc_text
from ..records import Entity, Quote
from .entities import entity_for, extract_entities, title_before

LEXICON = "quotes"

_DOUBLE = "\"“”"
_SINGLE = "'‘’"
_MARKS = _DOUBLE + _SINGLE
_OPEN_BEFORE = "([{—–-/" + _MARKS  # characters after which a mark opens a quote
_CLOSE_AFTER = ".,;:!?)]}—–-…/" + _MARKS  # characters before which a mark closes one


@dataclass(frozen=True)
class MarkPair:
    """A paired quote: ``open``/``close`` are the marks' offsets, start/end the trimmed content."""

    open: int
    close: int
    start: int
    end: int
    double: bool
    parent: int | None = None  # index of the enclosing pair in the returned list


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _flanks(text: str, i: int, lo: int, hi: int) -> tuple[bool, bool]:
    """(can open, can close) for the mark at i within the paragraph [lo, hi)."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    left = (prev.isspace() or prev in _OPEN_BEFORE) and not nxt.isspace()
    right = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_AFTER)
    return left, right


def _double_role(text: str, i: int, lo: int, hi: int) -> str:
    left, right = _flanks(text, i, lo, hi)
    ch = text[i]
    if ch == "“":
        return "close" if right and not left else "open"
    if ch == "”":
        return "open" if left and not right else "close"
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "toggle"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def pair_quote_marks(text: str) -> list[MarkPair]:
    """Pair the quote marks of ``text``; never raises, unbalanced marks are skipped.

    Returns pairs sorted by opening mark; single-quote pairs inside a double quote carry its index
    as ``parent``. Empty quotes are dropped.
    """
    doubles: list[tuple[int, int]] = []
    pending: int | None = None  # an open double mark carried over from the previous paragraph
    for lo, hi in _paragraphs(text):
        open_at: int | None = None
        first_mark = True
        for i in range(lo, hi):
            if text[i] not in _DOUBLE:
                continue
            role = _double_role(text, i, lo, hi)
            if first_mark and pending is not None:
                first_mark = False
                if role != "close" and not text[lo:i].strip():
                    open_at = pending  # the quote continues into this paragraph
                    pending = None
                    continue
            first_mark = False
            if role == "open" or (role == "toggle" and open_at is None):
                open_at = i  # an earlier unclosed mark here was a stray one
            elif open_at is not None:
                doubles.append((open_at, i))
                open_at = None
        pending = open_at if open_at is not None else None
    pairs: list[MarkPair] = []
    for o, c in doubles:
        s, e = _trimmed(text, o + 1, c)
        if s < e:
            pairs.append(MarkPair(o, c, s, e, True))
    pairs.sort(key=lambda p: p.open)
    regions = [(p.open, p.close) for p in pairs]

    def region_of(i: int) -> int | None:
        for k, (o, c) in enumerate(regions):
            if o < i < c:
                return k
        return None

    singles: list[MarkPair] = []
    for lo, hi in _paragraphs(text):
        open_at = None
        for i in range(lo, hi):
            ch = text[i]
            if ch not in _SINGLE:
                continue
            left, right = _flanks(text, i, lo, hi)
            nxt = text[i + 1] if i + 1 < hi else " "
            # ‘90s and ’em are elisions, not quotes; a mark must touch a word on its inner side.
            can_open = ch in "‘'" and left and nxt.isalnum() and not re.match(r"\d0s", text[i + 1 : i + 4])
            can_close = ch in "’'" and right and not nxt.isalnum()
            if can_close and open_at is not None and region_of(open_at) == region_of(i):
                s, e = _trimmed(text, open_at + 1, i)
                if s < e:
                    singles.append(MarkPair(open_at, i, s, e, False, region_of(i)))
                open_at = None
            elif can_open:
                open_at = i
    return sorted(pairs + singles, key=lambda p: p.open)


# --------------------------------------------------------------------------- speakers


@dataclass(frozen=True)
class _Speaker:
    name: str | None
    start: int | None
    end: int | None
    cue: str | None


class _Context:
    """Per-document lookups shared by all quotes: tokens by offset, quote masks, entity mentions."""

    def __init__(self, doc: Doc, entities: Sequence[Entity], pairs: list[MarkPair]) -> None:
        lex = load_lexicon(LEXICON)
        self.doc = doc
        self.text = doc_text(doc)
        self.entities = entities
        self.pairs = pairs
        self.verbs = {str(v) for v in lex.get("reporting_verbs", [])}
        self.pronouns = {str(k): str(v) for k, v in lex.get("person_pronouns", {}).items()}
        self.role_nouns = {str(k): str(v) for k, v in lex.get("role_nouns", {}).items()}
        self.starts = [t.idx for t in doc]
        self.quoted = [any(p.open <= t.idx <= p.close for p in pairs) for t in doc]
        ent_lex = load_lexicon("entities").get("gendered_titles", {})
        gender_of_title = {str(t): g for g, ts in ent_lex.items() for t in ts}
        # Named people outside quotes, in text order, with the roles and gender their titles give,
        # and whether the mention is a verb's subject (the usual antecedent of "he said").
        self.people: list[tuple[int, int, str, set[str], str | None, bool]] = []
        subjects = self._subject_offsets()
        for entity in entities:
            if entity.label != "PERSON":
                continue
            roles = {r for m in entity.mentions if (r := title_before(self.text, m.start))}
            genders = {gender_of_title[r] for r in roles if r in gender_of_title}
            gender = genders.pop() if len(genders) == 1 else None
            for m in entity.mentions:
                if not self.in_quote(m.start):
                    is_subject = any(m.start <= s < m.end for s in subjects)
                    self.people.append((m.start, m.end, entity.canonical, roles, gender, is_subject))
        self.people.sort()

    def _subject_offsets(self) -> list[int]:
        """Offsets of each verb's first subject (and its appositives), outside quotes."""
        offsets = []
        for token in self.doc:
            if token.pos_ not in ("VERB", "AUX") or self.quoted[token.i]:
                continue
            subject = next(
                (c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and not self.quoted[c.i]), None
            )
            if subject is not None:
                offsets.append(subject.idx)
                offsets.extend(c.idx for c in subject.children if c.dep_ == "appos")
        return offsets

    def in_quote(self, offset: int) -> bool:
        return any(p.open < offset < p.close for p in self.pairs)

    def token_at(self, offset: int) -> Token:
        return self.doc[max(0, bisect.bisect_right(self.starts, offset) - 1)]

    def words_outside(self, sent: Span) -> list[Token]:
        return [t for t in sent if not self.quoted[t.i] and (t.is_alpha or t.like_num)]

    # -- resolving a subject token to a speaker
    def resolve(self, token: Token, cue: str) -> _Speaker | None:
        found = entity_for(self.entities, token.idx, token.idx + len(token.text))
        if found is not None:
            entity, mention = found
            return _Speaker(entity.canonical, mention.start, mention.end, cue)
        low = token.lower_
        if low in self.pronouns:
            person = self._last_person(token.idx, gender=self.pronouns[low])
            if person is None:
                return None
            return _Speaker(person, token.idx, token.idx + len(token.text), cue)
        if token.pos_ == "PRON":
            return None  # "I", "we", "they", "it": the author or an unnamed group
        # A name in apposition ("The lawyer, Beth Krause, said"); not a possessive
        # ("Obama's lawyers argue" is the lawyers speaking).
        for appos in (c for c in token.children if c.dep_ == "appos"):
            for t in appos.subtree:
                found = entity_for(self.entities, t.idx, t.idx + len(t.text))
                if found is not None and found[0].label == "PERSON" and not self.in_quote(t.idx):
                    return _Speaker(found[0].canonical, found[1].start, found[1].end, cue)
        if low in self.role_nouns and any(c.lower_ == "the" for c in token.children):
            person = self._last_person(token.idx, role=self.role_nouns[low])
            if person is not None:
                phrase_start = min(c.idx for c in token.children if c.lower_ == "the")
                return _Speaker(person, phrase_start, token.idx + len(token.text), cue)
        return self.phrase(token, cue)

    def phrase(self, token: Token, cue: str) -> _Speaker | None:
        """The subject as written ("a spokesman for the agency"), cut at a comma or clause."""
        words: list[Token] = []
        for t in token.subtree:
            if t.i > token.i and (t.is_punct or t.dep_ in ("relcl", "acl", "appos")):
                break
            if self.quoted[t.i]:
                break
            words.append(t)
        words = words[:10]
        if not words or not any(t.is_alpha for t in words):
            return None
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        return _Speaker(self.text[start:end], start, end, cue)

    def _last_person(self, before: int, *, gender: str | None = None, role: str | None = None) -> str | None:
        fallback: str | None = None
        for start, _end, name, roles, person_gender, is_subject in reversed(self.people):
            if start >= before:
                continue
            if gender and person_gender and gender != person_gender:
                continue
            if role and role not in roles:
                continue
            if role or is_subject:
                return name
            # A possessive or object ("said Sabraw’s ban ...") is a weaker antecedent than a subject.
            fallback = fallback or name
        return fallback


def _subject(verb: Token, quoted: list[bool]) -> Token | None:
    """The verb's subject outside quotes, climbing through xcomp/advcl/conj heads ("was quoted as
    saying"). A parse across a quote mark can hang a quoted word on the verb as a second subject."""
    current = verb
    for _ in range(3):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not quoted[child.i]:
                return child
        if current.dep_ in ("xcomp", "advcl", "conj", "ccomp", "pcomp") and current.head is not current:
            current = current.head
        else:
            break
    return None


def _is_cue(ctx: _Context, token: Token) -> bool:
    return (
        not ctx.quoted[token.i]
        and token.pos_ in ("VERB", "AUX")
        and token.lemma_.lower() in ctx.verbs
        and token.lower_ not in ("is", "be")
    )


def _speaker_from_verb(ctx: _Context, verb: Token) -> _Speaker | None:
    subject = _subject(verb, ctx.quoted)
    if subject is not None:
        found = ctx.resolve(subject, verb.text)
        if found is not None:
            return found
        if subject.pos_ == "PRON":
            return _Speaker(None, None, None, verb.text)
    # "...,” said Beth Krause" parsed without a subject: a named mention right after a verb that
    # itself follows a closing quote mark (elsewhere a name after the verb is its object).
    before = ctx.text[: verb.idx].rstrip()
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
    doc = ctx.doc
    inner = [t for t in doc if pair.open < t.idx < pair.close]
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
    doc = ctx.doc
    if verb.idx > pair.close:
        gap = [t for t in doc[ctx.token_at(pair.close).i + 1 : verb.i]]
    else:
        gap = [t for t in doc[verb.i + 1 : ctx.token_at(pair.open).i]]
    if len(gap) > 12:
        return False
    return not any(t.pos_ in ("CCONJ", "SCONJ") or t.text in (".", ";", "?", "!") for t in gap)


def _speaker_by_colon(ctx: _Context, pair: MarkPair, sent: Span) -> _Speaker | None:
    """“X’s message is crisp: “...”” -> the person named before the colon."""
    before = ctx.text[sent.start_char : pair.open].rstrip()
    if not before.endswith(":"):
        return None
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
    for start, end, name, *_rest in reversed(ctx.people):
        if sent.start_char <= start and end <= pair.open:
            return _Speaker(name, start, end, ":")
    for entity in ctx.entities:
        if entity.label == "ORG":
            for m in entity.mentions:
                if sent.start_char <= m.start and m.end <= pair.open and not ctx.in_quote(m.start):
                    return _Speaker(entity.canonical, m.start, m.end, ":")
    return None


def _speaker_by_dash(ctx: _Context, pair: MarkPair) -> _Speaker | None:
    """“...” — Donald J. Trump: a name right after a dash following the quote."""
    after = re.match(r"[,.]?\s*(—|–|--|-)\s*", ctx.text[pair.close + 1 : pair.close + 8])
    if not after:
        return None
    at = pair.close + 1 + after.end()
    for entity in ctx.entities:
        if entity.label not in ("PERSON", "ORG"):
            continue
        for m in entity.mentions:
            if m.start == at or ctx.text[at : m.start] in ("the ", "The "):
                return _Speaker(entity.canonical, m.start, m.end, after.group(1))
    return None


def _has_content(verb: Token) -> bool:
    """True when the verb reports a clause of its own ("said that ...", "argued the plan ...")."""
    return any(c.dep_ in ("ccomp", "xcomp", "csubj") for c in verb.children)


def _alone(ctx: _Context, sents: list[Span]) -> bool:
    return not any(ctx.words_outside(s) for s in sents)


def _find_speaker(ctx: _Context, pair: MarkPair) -> _Speaker | None:
    doc = ctx.doc
    first = ctx.token_at(pair.open).sent
    last = ctx.token_at(pair.close).sent
    sents = [s for s in doc.sents if first.start <= s.start <= last.start]
    found = _speaker_in_sentences(ctx, pair, sents) or _speaker_by_dash(ctx, pair)
    if found is None:
        found = _speaker_by_colon(ctx, pair, first)
    if found is not None or not _alone(ctx, sents):
        return found
    # The quote fills its sentences: look at the sentence before, then the one after.
    if first.start > 0:
        prev = doc[first.start - 1].sent
        while prev.start > 0 and not prev.text.strip():
            prev = doc[prev.start - 1].sent
        prev_pair = MarkPair(pair.open, pair.open, pair.open, pair.open, True)
        same_paragraph = "\n" not in ctx.text[prev.start_char + len(prev.text.rstrip()) : pair.open]
        cues = [t for t in prev if _is_cue(ctx, t)]
        for verb in sorted(cues, key=lambda t: -t.i):
            # Across a paragraph break only an introduction without its own content counts
            # ("Roberts added:"), not "He argued that ...".
            if not same_paragraph and _has_content(verb):
                continue
            found = _speaker_from_verb(ctx, verb)
            if found is not None:
                return found
        if prev.text.rstrip().endswith(":"):
            return _speaker_by_colon(ctx, prev_pair, prev) or _speaker_in_sentences(ctx, prev_pair, [prev])
    if last.end < len(doc):
        nxt = doc[last.end].sent
        while nxt.end < len(doc) and not nxt.text.strip():
            nxt = doc[nxt.end].sent
        # Only a bare attribution ("Smith said.") is trusted: a verb with its own content
        # ("He said that...") reports something else.
        for verb in (t for t in nxt if _is_cue(ctx, t)):
            if not _has_content(verb):
                found = _speaker_from_verb(ctx, verb)
                if found is not None:
                    return found
    return None


def _kind(ctx: _Context, pair: MarkPair, speaker: _Speaker | None, lex: dict[str, Any]) -> str:
    text = ctx.text[pair.start : pair.end]
    n_words = len(re.findall(r"[^\W_]+(?:[’'-][^\W_]+)*", text))
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in ctx.doc if pair.start <= t.idx < pair.end)
    attributed = speaker is not None
    if not attributed and (
        n_words <= int(lex.get("scare_always_words", 3))
        or (n_words <= int(lex.get("scare_max_words", 8)) and not has_verb)
    ):
        return "scare"
    before = ctx.text[: pair.open].rstrip()
    opens_clause = (
        not before
        or before[-1] in ":,.!?—–-\n"
        or ctx.text[pair.open - 1 : pair.open] == "\n"
        or text[:1].isupper()
    )
    if has_verb and n_words >= int(lex.get("direct_min_words", 3)) and opens_clause:
        return "direct"
    return "partial"


def extract_quotes(doc: Doc, *, entities: Sequence[Entity] = ()) -> list[Quote]:
    """Quotations in ``doc`` with speaker, cue and kind (see the module docstring for the rules).

    ``entities`` are the article's entities (computed with :func:`extract_entities` when empty);
    speakers are linked to their canonical names. ``doc.text[q.start:q.end] == q.text``; ids are
    ``q-{start}``. Never raises on unbalanced quote marks.
    """
    lex = load_lexicon(LEXICON)
    pairs = pair_quote_marks(doc_text(doc))
    if not pairs:
        return []
    if not entities:
        entities = extract_entities(doc)
    ctx = _Context(doc, entities, pairs)
    quotes = []
    for pair in pairs:
        if pair.parent is not None:
            continue
        speaker = _find_speaker(ctx, pair)
        kind = _kind(ctx, pair, speaker, lex)
        if kind == "scare":
            speaker = None
        quotes.append(
            Quote(
                id=f"q-{pair.start}",
                text=doc_text(doc)[pair.start : pair.end],
                start=pair.start,
                end=pair.end,
                kind=kind,
                speaker=speaker.name if speaker else None,
                speaker_start=speaker.start if speaker and speaker.name else None,
                speaker_end=speaker.end if speaker and speaker.name else None,
                cue=speaker.cue if speaker else None,
            )
        )
    return quotes
