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
sentences, or an "as X said" clause on the governing verb) and its subject; "according to X"; a colon
introduction ("X’s message is crisp: “...”", or a list after "X listed two challenges: ..."); a dash
after the quote ("— X"); a sentence framed as X's text ("In a letter to EU leaders, he ..."); for a
quote standing alone in its sentence, the previous sentence of its paragraph, then a bare attribution
after it ('“...?” Hanen responded.'), then the paragraph before (only an introduction without content
of its own, or the attribution of the quote that ended it). Reporting verbs with a noun object of
their own ("adding deterrence") are not speech. Pronouns ("he", "she") resolve to the last compatible
named person before them (gender from titles or common first names; a subject two paragraphs back
loses to a person named nearer; photo credits are never antecedents), and each resolved speaker is the
latest mention of that person for later pronouns. Role nouns ("the senator") resolve to the last
person with that title, or, when nobody has it, to the person speaking in this or the last paragraph.
A name in apposition, also when parsed as a comma-conjunct ("said one of the study’s authors, Edward
Kaplan"), is the speaker; an unnamed voice of a named organisation ("a senior DHS official", "an ICE
statement") speaks for the organisation (speaker = the ORG, span = the description). The speaker is the
entity's canonical name when linked, else the subject phrase as written; speaker_start/end are the
offsets of that mention.

Units: a quote running over several paragraphs is reported as one quote per paragraph (same speaker);
a quoted nickname inside a name (Juan Antonio “Tony” Hernandez) is no quote; a nested quote is part of
the outer one, except a one-word or short verbless one, the speaker's own scare quote, which is also
reported (kind scare).

Kind (documented rule): *scare* = no attribution and at most ``scare_always_words`` words, or at most
``scare_max_words`` words without a verb; *direct* = at least ``direct_min_words`` words with a verb,
opening a clause (after a colon, comma, dash, sentence end or paragraph start, or starting with a
capital letter); *partial* = anything else (a fragment inside the author's sentence).
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
from .entities import entity_for, extract_entities, initials_match, title_before

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
    """Per-document lookups shared by all quotes, computed once: tokens by offset, sentences,
    quote masks, named people (the antecedents of "he"/"she"), entity mentions."""

    def __init__(self, doc: Doc, entities: Sequence[Entity], pairs: list[MarkPair]) -> None:
        lex = load_lexicon(LEXICON)
        self.doc = doc
        self.text = doc_text(doc)
        self.entities = entities
        self.pairs = pairs
        self.verbs = {str(v) for v in lex.get("reporting_verbs", [])}
        self.object_verbs = {str(v) for v in lex.get("not_speech_with_object", [])}
        self.frame_nouns = {str(v) for v in lex.get("speech_frame_nouns", [])}
        self.org_nouns = {str(v) for v in lex.get("organisation_voice_nouns", [])}
        self.pronouns = {str(k): str(v) for k, v in lex.get("person_pronouns", {}).items()}
        self.role_nouns = {str(k): str(v) for k, v in lex.get("role_nouns", {}).items()}
        self.tokens = list(doc)
        self.starts = [t.idx for t in self.tokens]
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", self.text)]
        # Merged quoted regions (nested pairs lie inside their parents) for bisect lookups.
        regions: list[list[int]] = []
        for p in sorted(pairs, key=lambda p: p.open):
            if regions and p.open <= regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], p.close)
            else:
                regions.append([p.open, p.close])
        self.region_starts = [r[0] for r in regions]
        self.region_ends = [r[1] for r in regions]
        self.quoted = [self._covered(t.idx, inclusive=True) for t in self.tokens]
        ent_lex = load_lexicon("entities")
        gender_of_title = {str(t): g for g, ts in ent_lex.get("gendered_titles", {}).items() for t in ts}
        self.gender_of_name = {str(n).lower(): g for g, ns in ent_lex.get("first_names", {}).items() for n in ns}
        # Named people outside quotes, in text order, with the roles and gender their titles (or
        # first names) give, and whether the mention is a verb's subject (the usual antecedent of
        # "he said").
        self.people: list[tuple[int, int, str, set[str], str | None, bool]] = []
        subjects = self._subject_offsets()
        for entity in entities:
            if entity.label != "PERSON":
                continue
            roles = {r for m in entity.mentions if (r := title_before(self.text, m.start))}
            genders = {gender_of_title[r] for r in roles if r in gender_of_title}
            gender = genders.pop() if len(genders) == 1 else self.name_gender(entity.canonical)
            for m in entity.mentions:
                if not self.in_quote(m.start) and not self._is_credit(m.start, m.end):
                    is_subject = any(m.start <= s < m.end for s in subjects)
                    self.people.append((m.start, m.end, entity.canonical, roles, gender, is_subject))
        self.people.sort()

    def _is_credit(self, start: int, end: int) -> bool:
        """A photo credit ("REUTERS/Kevin Lamarque", "Photograph: Marko Mumm/AFP") names no actor."""
        before = self.text[max(0, start - 12) : start]
        return (
            before.endswith("/")
            or self.text[end : end + 1] == "/"
            or re.search(r"(?:Photograph|Photo|Credit|Image)s?:?\s*(?:by\s*)?$", before) is not None
        )

    def name_gender(self, name: str) -> str | None:
        """male|female from a common first name ("Julia Solórzano"), else None."""
        first = name.split()[0].lower() if name.split() else ""
        return self.gender_of_name.get(first)

    def add_speaker(self, start: int, end: int, name: str) -> None:
        """A speaker resolved from a phrase the NER missed becomes an antecedent for later pronouns."""
        if any(p[0] == start for p in self.people):
            return
        roles = next((p[3] for p in self.people if p[2] == name), set())
        gender = next((p[4] for p in self.people if p[2] == name and p[4]), None) or self.name_gender(name)
        bisect.insort(self.people, (start, end, name, roles, gender, True))

    def _covered(self, offset: int, *, inclusive: bool) -> bool:
        k = bisect.bisect_right(self.region_starts, offset) - 1
        if k < 0:
            return False
        lo, hi = self.region_starts[k], self.region_ends[k]
        return lo <= offset <= hi if inclusive else lo < offset < hi

    def _subject_offsets(self) -> list[int]:
        """Offsets of each verb's first subject (and its appositives), outside quotes."""
        offsets = []
        for token in self.tokens:
            if token.pos_ not in ("VERB", "AUX") or self.quoted[token.i]:
                continue
            subject = next(
                (c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and not self.quoted[c.i]), None
            )
            if subject is not None:
                offsets.append(subject.idx)
                offsets.extend(c.idx for c in subject.children if c.dep_ in ("appos", "conj"))
        return offsets

    def in_quote(self, offset: int) -> bool:
        return self._covered(offset, inclusive=False)

    def token_at(self, offset: int) -> Token:
        return self.tokens[max(0, bisect.bisect_right(self.starts, offset) - 1)]

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens starting in [start, end)."""
        return self.tokens[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]

    def sentences(self, first: Span, last: Span) -> list[Span]:
        k = bisect.bisect_left(self.sent_starts, first.start)
        out = []
        while k < len(self.sents) and self.sents[k].start <= last.start:
            out.append(self.sents[k])
            k += 1
        return out

    def words_outside(self, sent: Span) -> list[Token]:
        return [t for t in sent if not self.quoted[t.i] and (t.is_alpha or t.like_num)]

    # -- resolving a subject token to a speaker
    def resolve(self, token: Token, cue: str) -> _Speaker | None:
        found = entity_for(self.entities, token.idx, token.idx + len(token.text))
        if found is not None and found[0].label != "NORP":
            entity, mention = found
            return _Speaker(entity.canonical, mention.start, mention.end, cue)
        low = token.lower_
        if low in self.pronouns:
            person = self._last_person(token.idx, gender=self.pronouns[low])
            if person is None:
                return None
            # The chain of reference goes on: "he" is now the latest mention of that person.
            self.add_speaker(token.idx, token.idx + len(token.text), person)
            return _Speaker(person, token.idx, token.idx + len(token.text), cue)
        # A name in apposition ("The lawyer, Beth Krause, said"; "said one of the study's authors,
        # Edward Kaplan", which the parser often reads as a comma-conjunct); not a possessive
        # ("Obama's lawyers argue" is the lawyers speaking).
        named = self._apposed_name(token)
        if named is not None:
            return _Speaker(named[0], named[1], named[2], cue)
        if token.pos_ == "PRON":
            return None  # "I", "we", "they", "it": the author or an unnamed group
        if low in self.role_nouns and any(c.lower_ == "the" for c in token.children):
            role = self.role_nouns[low]
            person = self._last_person(token.idx, role=role)
            if person is None and not any(role in p[3] for p in self.people):
                # "Donald Tusk said ... The former Polish president said": with nobody titled so, a
                # role description names the person who was just speaking (this or the last paragraph).
                person = self._last_person(token.idx, within=1)
            if person is not None:
                phrase_start = min(c.idx for c in token.children if c.lower_ == "the")
                return _Speaker(person, phrase_start, token.idx + len(token.text), cue)
        voice = self._organisation_voice(token, cue)
        if voice is not None:
            return voice
        return self.phrase(token, cue)

    def _apposed_name(self, token: Token) -> tuple[str, int, int] | None:
        for child in token.children:
            if child.dep_ == "conj":
                # A true conjunct ("Smith and Jones") has "and"/"or"; an apposition only a comma.
                if child.i == 0 or self.tokens[child.left_edge.i - 1].text != "," or any(
                    c.dep_ == "cc" for c in token.children
                ):
                    continue
            elif child.dep_ != "appos":
                continue
            for t in child.subtree:
                if t.i > child.i:
                    break
                found = entity_for(self.entities, t.idx, t.idx + len(t.text))
                if found is not None and found[0].label == "PERSON" and not self.in_quote(t.idx):
                    return found[0].canonical, found[1].start, found[1].end
        return None

    def _organisation_voice(self, token: Token, cue: str) -> _Speaker | None:
        """ "a senior DHS official", "a spokesman for the agency", "an ICE statement": an unnamed
        voice of a named organisation speaks for it. The span is the whole description."""
        if token.lemma_.lower() not in self.org_nouns:
            return None
        left = token.left_edge.i
        right = token.i
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "at", "with", "of", "from"):
                right = child.right_edge.i
                break
        words = [t for t in self.tokens[left : right + 1] if not self.quoted[t.i]]
        if not words:
            return None
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        org = self._organisation_in(start, end)
        if org is None:
            return None
        return _Speaker(org, start, end, cue)

    def _organisation_in(self, start: int, end: int) -> str | None:
        """The ORG named in [start, end): a mention, or an acronym of a named ORG ("ICE")."""
        found = entity_for(self.entities, start, end, inside=True)
        if found is not None and found[0].label == "ORG":
            return found[0].canonical
        for t in self.tokens_between(start, end):
            if t.text.isupper() and 2 <= len(t.text) <= 6 and t.is_alpha:
                orgs = {e.canonical for e in self.entities if e.label == "ORG" and initials_match(t.text, e.canonical)}
                if len(orgs) == 1:
                    return orgs.pop()
        return None

    def phrase(self, token: Token, cue: str) -> _Speaker | None:
        """The subject as written ("a spokesman for the agency"), cut at a comma or clause."""
        words: list[Token] = []
        clauses = [c.left_edge.i for c in token.children if c.dep_ in ("relcl", "acl", "appos") and c.i > token.i]
        stop = min(clauses, default=len(self.tokens))
        for t in token.subtree:
            if t.i > token.i and (t.is_punct or t.i >= stop):
                break
            if self.quoted[t.i]:
                break
            words.append(t)
        words = words[:10]
        if self.quoted[token.i] or not any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for t in words):
            return None  # "the “Gang of Eight” senators who wrote": no speaker outside the quote
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        name = self.text[start:end]
        # "Feinstein commented" when the NER missed the surname of a person named in full earlier.
        if len(words) == 1 and token.pos_ == "PROPN":
            people = {p[2] for p in self.people if p[0] < start and p[2].split()[-1] == name}
            if len(people) == 1:
                name = people.pop()
        elif all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words) and 2 <= len(words) <= 3:
            self.add_speaker(start, end, name)  # a name the NER missed ("Julia Solórzano")
        return _Speaker(name, start, end, cue)

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def _last_person(
        self, before: int, *, gender: str | None = None, role: str | None = None, within: int | None = None
    ) -> str | None:
        fallback: str | None = None
        here = self.paragraph_of(before)
        for start, _end, name, roles, person_gender, is_subject in reversed(self.people):
            if start >= before:
                continue
            if within is not None and here - self.paragraph_of(start) > within:
                return None
            if within is not None and not is_subject:
                continue
            if gender and person_gender and gender != person_gender:
                continue
            if role and role not in roles:
                continue
            if role or is_subject:
                # A subject two paragraphs back loses to a person named in this or the last one
                # ("Some scholars, including Alan Dershowitz, believe ... "...," he told NPR").
                if fallback is not None and here - self.paragraph_of(start) >= 2:
                    return fallback
                return name
            # A possessive or object ("said Sabraw’s ban ...") is a weaker antecedent than a subject.
            if fallback is None and here - self.paragraph_of(start) <= 1:
                fallback = name
        return fallback


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
    for start, end, name, *_rest in reversed(ctx.people):
        if sent.start_char <= start and end <= pair.open:
            return _Speaker(name, start, end, ":")
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


def _n_words(text: str) -> int:
    return len(re.findall(r"[^\W_]+(?:[’'-][^\W_]+)*", text))


def _has_verb(ctx: _Context, pair: MarkPair) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in ctx.tokens_between(pair.start, pair.end))


def _kind(ctx: _Context, pair: MarkPair, speaker: _Speaker | None, lex: dict[str, Any]) -> str:
    text = ctx.text[pair.start : pair.end]
    n_words = _n_words(text)
    has_verb = _has_verb(ctx, pair)
    attributed = speaker is not None
    if not attributed and (
        n_words <= int(lex.get("scare_always_words", 3))
        or (n_words <= int(lex.get("scare_max_words", 8)) and not has_verb)
    ):
        return "scare"
    before = ctx.text[max(0, pair.open - 80) : pair.open].rstrip()
    opens_clause = (
        not before
        or before[-1] in ":,.!?—–-\n"
        or ctx.text[pair.open - 1 : pair.open] == "\n"
        or text[:1].isupper()
    )
    if has_verb and n_words >= int(lex.get("direct_min_words", 3)) and opens_clause:
        return "direct"
    return "partial"


def _ends_with(patterns: Sequence[str], before: str) -> bool:
    return any(re.search(rf"(?:{p})\s*[,:]?\s*$", before, re.IGNORECASE) for p in patterns)


def _title_case(content: str, lex: dict[str, Any]) -> bool:
    """Every word capitalised except small function words ("State of the Union with Candy Crowley")."""
    words = content.rstrip(".,;:!?").split()
    small = {str(w) for w in lex.get("title_small_words", [])}
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() or w.lower() in small or not w[:1].isalpha() for w in words
    )


def _is_title(ctx: _Context, pair: MarkPair, lex: dict[str, Any]) -> bool:
    """A title-case name of a show, work, law or programme (see ``title_*`` in quotes.yaml)."""
    content = ctx.text[pair.start : pair.end]
    if not 2 <= len(content.split()) <= 10 or not _title_case(content, lex):
        return False
    words = content.rstrip(".,;:!?").split()
    before = ctx.text[max(0, pair.open - 60) : pair.open]
    if _ends_with(lex.get("scare_markers", []), before):
        return False
    if words[-1].lower() in {str(w) for w in lex.get("title_heads", [])}:
        return True
    if _ends_with([rf"\b{w}" for w in lex.get("title_before", [])], before):
        return True
    # "CNN’s “State of the Union”": owned by an organisation (a person's "“America First”" is a slogan).
    owner = re.search(r"(\S+)['’]s\s*$", before)
    if owner is None:
        return False
    at = pair.open - len(owner.group(0))
    found = entity_for(ctx.entities, at, at + len(owner.group(1)))
    return (found is not None and found[0].label == "ORG") or owner.group(1).isupper()


def _speech_context(ctx: _Context, pair: MarkPair, lex: dict[str, Any]) -> tuple[bool, _Speaker | None]:
    """Whether a short quote without a found speaker is someone's words rather than a scare quote.

    True when a reporting verb or a noun of speech governs it ("declaring that he wants to end the
    “ridiculous” right", "his warnings of migrants “pouring across the border”"), when a reporting verb
    is conjoined to a verb that governs it ("objected “very forcefully” and said"), or when a
    parenthetical reporting verb in its sentence has a known speaker ("..., he reportedly said, ... a
    “sanctuary city”").
    Returns (is speech, the speaker when one is resolved).
    """
    speech_nouns = {str(w) for w in lex.get("speech_nouns", [])}
    inner = ctx.tokens_between(pair.open + 1, pair.close)
    if not inner:
        return False, None
    sent = inner[0].sent
    head = inner[0]
    seen = 0
    while head is not head.head and ctx.quoted[head.i] and seen < 12:
        head, seen = head.head, seen + 1
    steps = 0
    came_from: Token | None = None

    def owner_of(noun: Token) -> _Speaker | None:
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        return ctx.resolve(owner, noun.text) if owner is not None else None

    while steps < 12:
        if _is_cue(ctx, head):
            return True, _speaker_from_verb(ctx, head)
        if head.pos_ == "NOUN" and head.lemma_.lower() in speech_nouns and not ctx.quoted[head.i]:
            return True, owner_of(head)
        if came_from is not None and came_from.dep_ == "ccomp":
            # "bolster his warnings that the U.S. is being infiltrated by immigrants “pouring ...”":
            # the that-clause of a speech noun, hung by the parser on the noun's verb.
            noun = next((c for c in head.children if c.dep_ == "dobj" and c.lemma_.lower() in speech_nouns), None)
            if noun is not None and noun.i < came_from.i:
                return True, owner_of(noun)
        for conj in head.children:
            if conj.dep_ == "conj" and _is_cue(ctx, conj):
                return True, _speaker_from_verb(ctx, conj)
        if head is head.head:
            break
        if steps > 0 and head.dep_ in ("relcl", "advcl") and head.pos_ in ("VERB", "AUX"):
            break  # a relative or adverbial clause is not the content of the verb above it
        came_from, head, steps = head, head.head, steps + 1
    for token in sent:
        # Only a parenthetical attribution ("..., he reportedly said, ...") covers the whole
        # sentence; a cue in another clause reports something else.
        if token.dep_ == "parataxis" and _is_cue(ctx, token):
            found = _speaker_from_verb(ctx, token)
            if found is not None and found.name:
                return True, found
    return False, None


def _has_clause_verb(ctx: _Context, pair: MarkPair) -> bool:
    """A finite verb, or a verb with its object or complement inside the quote ("“finish the job”",
    "“be ready to go”"): words of a sentence, quoted. A bare verb pair ("“catch and release”") or a
    gerund ("“maliciously licking”") is the usual shape of a quoted catchphrase."""
    inside = ctx.tokens_between(pair.start, pair.end)
    ids = {t.i for t in inside}
    for t in inside:
        if t.pos_ not in ("VERB", "AUX") or t.tag_ == "VBG":
            continue
        if t.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
            c.i in ids and c.dep_ in ("dobj", "acomp", "attr", "xcomp", "ccomp", "prep") for c in t.children
        ):
            return True
    return False


def _short_quote_reading(
    ctx: _Context, pair: MarkPair, lex: dict[str, Any]
) -> tuple[str, _Speaker | None]:
    """Kind and speaker of a quote the basic rule calls scare (unattributed and short).

    "so-called" keeps it a scare quote; a phrase named as a phrase ("the term “public charge”") is a
    partial quote of a term; speech around it (:func:`_speech_context`) makes it a partial quote of
    that speaker; a fragment with a finite verb of three or more words ("“can leave.”") is somebody's
    words even when we cannot tell whose.
    """
    before = ctx.text[max(0, pair.open - 60) : pair.open]
    if _ends_with(lex.get("scare_markers", []), before):
        return "scare", None
    if _ends_with(lex.get("mention_before", []), before):
        return "partial", None
    is_speech, speaker = _speech_context(ctx, pair, lex)
    if is_speech:
        return "partial", speaker if speaker is not None and speaker.name else None
    content = ctx.text[pair.start : pair.end]
    n_words = _n_words(content)
    if n_words >= 3 and _has_clause_verb(ctx, pair):
        return "partial", None
    if any(ch.isdigit() for ch in content):
        return "partial", None  # "“95, 96 percent perfect”": a number quoted is a statement quoted
    if n_words > int(lex.get("scare_plain_max_words", 4)) and not _title_case(content, lex):
        # A scare quote marks a word or a short expression; a longer lower-case phrase ("a workable
        # electronic employment verification system") is lifted from a source. Title case is a
        # name or slogan ("Chinese Dream of National Rejuvenation") and stays a scare quote.
        return "partial", None
    return "scare", None


def _paragraph_pieces(text: str, pair: MarkPair) -> list[MarkPair]:
    """A quote running over paragraphs, one piece per paragraph (the reader's units, and what
    annotators list), each without the continuation mark that opens its paragraph."""
    if "\n" not in text[pair.start : pair.end]:
        return [pair]
    pieces = []
    for m in re.finditer(r"[^\n]+", text[pair.start : pair.end]):
        lo, hi = pair.start + m.start(), pair.start + m.end()
        while lo < hi and (text[lo].isspace() or (text[lo] in _DOUBLE and lo > pair.start)):
            lo += 1
        lo, hi = _trimmed(text, lo, hi)
        if lo < hi:
            pieces.append(MarkPair(lo - 1 if lo > pair.start else pair.open, hi if hi < pair.end else pair.close,
                                   lo, hi, pair.double, pair.parent))
    return pieces or [pair]


def _is_nickname(text: str, pair: MarkPair) -> bool:
    """Juan Antonio “Tony” Hernandez: a capitalised quoted word between two capitalised names."""
    content = text[pair.start : pair.end]
    before = text[max(0, pair.open - 30) : pair.open]
    after = text[pair.close + 1 : pair.close + 30]
    return (
        len(content.split()) <= 2
        and content[:1].isupper()
        and content[-1:].isalpha()
        and re.search(r"\b[A-Z][\w.-]*\s$", before) is not None
        and re.match(r"\s[A-Z]\w", after) is not None
    )


def extract_quotes(doc: Doc, *, entities: Sequence[Entity] = ()) -> list[Quote]:
    """Quotations in ``doc`` with speaker, cue and kind (see the module docstring for the rules).

    ``entities`` are the article's entities (computed with :func:`extract_entities` when empty);
    speakers are linked to their canonical names. ``doc.text[q.start:q.end] == q.text``; ids are
    ``q-{start}``. Never raises on unbalanced quote marks.
    """
    lex = load_lexicon(LEXICON)
    text = doc_text(doc)
    pairs = pair_quote_marks(text)
    if not pairs:
        return []
    if not entities:
        entities = extract_entities(doc)
    ctx = _Context(doc, entities, pairs)
    quotes = []
    for pair in pairs:
        if _is_nickname(text, pair):
            continue
        if pair.parent is not None:
            # A nested quote is part of the outer one, except the speaker's own scare quotes
            # (“these children are not ‘lost,’” she said): one word, or a few without a verb.
            content = text[pair.start : pair.end]
            n_words = _n_words(content)
            if n_words > 1 and (
                n_words > int(lex.get("scare_always_words", 4)) or _has_verb(ctx, pair) or "," in content[:-1]
            ):
                continue  # quoted speech inside speech ("‘No, thanks,’", "‘finish it,’")
            quotes.append(Quote(id=f"q-{pair.start}", text=text[pair.start : pair.end], start=pair.start,
                                end=pair.end, kind="scare"))
            continue
        speaker = _find_speaker(ctx, pair)
        if (speaker is None or not speaker.name) and _is_title(ctx, pair, lex):
            continue  # a name of a show, work or law, not a quotation
        for piece in _paragraph_pieces(text, pair):
            kind = _kind(ctx, piece, speaker, lex)
            said = None if kind == "scare" else speaker
            if kind == "scare":
                kind, said = _short_quote_reading(ctx, piece, lex)
            quotes.append(
                Quote(
                    id=f"q-{piece.start}",
                    text=text[piece.start : piece.end],
                    start=piece.start,
                    end=piece.end,
                    kind=kind,
                    speaker=said.name if said else None,
                    speaker_start=said.start if said and said.name else None,
                    speaker_end=said.end if said and said.name else None,
                    cue=said.cue if said else None,
                )
            )
    return quotes
