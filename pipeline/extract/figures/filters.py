"""Which scanner candidates are figures: dates, names, labels and pronouns are dropped with the parse;
ages become figures of kind ``age``; durations that anchor a time are not figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from .doc_index import _DocIndex
from .lexicon import _Lex
from .scanner import ParsedQuantity

_HALF = 0.5  # the value of "half"
# a subsection glued to a number: "1425(a)", "1182(f)", "212(a)(9)", "8(iv)"
_SUBSECTION_RE = re.compile(r"\((?:[a-z]{1,4}|\d{1,3})\)")
_GLUED_SUBSECTION_RE = re.compile(r"\d\([a-z]\)$")
# the word before a duration, skipping the first number of "the past 40 or 50 years"
_WORD_BEFORE_RANGE_RE = re.compile(r"([A-Za-z]+)[^\S\n]+(?:[\w,.]+[^\S\n]+(?:or|to|and)[^\S\n]+)?$")


def _as_age(
    doc: Doc, pq: ParsedQuantity, lex: _Lex, info: _DocIndex, ages: dict[int, tuple[int, int] | None]
) -> ParsedQuantity:
    """A bare number that gives a person's age becomes a figure of kind age, in years ("McConnell, 76,",
    "aged 34"); its subject, the person (a character range), is recorded in ``ages``. Anything else is
    returned as is."""
    youngest, oldest = lex.data.age_range
    if not (pq.bare and not pq.words and pq.value is not None and youngest <= pq.value <= oldest):
        return pq
    if pq.value != int(pq.value) or pq.text != str(int(pq.value)):
        return pq
    text = info.text
    before, after = text[max(0, pq.start - 2) : pq.start], text[pq.end : pq.end + 1]
    person: tuple[int, int] | None = None
    if before == ", " and after == ",":
        # "Mr. McConnell, 76, is": the number is set off by commas right after a person's name
        last = doc.char_span(pq.start - 2, pq.start - 1, alignment_mode="expand")
        if last is None or last[0].i == 0:
            return pq
        prev = doc[last[0].i - 1]
        ent = info.ent_at(prev.i)
        if ent is None or ent[2] != "PERSON" or ent[1] != prev.i + 1:
            return pq
        start = ent[0]
        if start > 0 and doc[start - 1].text in lex.data.honorifics:
            start -= 1
        person = (doc[start].idx, ent[4])
    elif lex.age_cue_re.search(text, max(0, pq.start - lex.data.context_chars.age_cue_before), pq.start):
        person = None  # "aged 76": the person is not named in a fixed place
    else:
        return pq
    ages[pq.start] = person
    return replace(pq, kind="age", unit="year", bare=False)


def _anchors_time(text: str, pq: ParsedQuantity, lex: _Lex) -> bool:
    """A duration that places something in time rather than measuring it: "two years ago", "three
    weeks later", "the past five years", "in two years", "every four years" (see models/figures.yaml)."""
    if lex.anchor_after_re.match(text, pq.end):
        return True
    m = _WORD_BEFORE_RANGE_RE.search(text, max(0, pq.start - lex.data.context_chars.word_before), pq.start)
    before = m.group(1).lower() if m else ""
    return before in lex.anchors_before or (before in lex.definite_before and "-" not in pq.text)


def _is_label(text: str, start: int, end: int, lex: _Lex) -> bool:
    """A number that names a legal provision or counts page furniture: "18 U.S.C. § 1425(a)", "8 U.S.C.
    1182(f)", "the 287(g) program", "Slideshow (2 Images)" (the words are in models/figures.yaml)."""
    reach = lex.data.context_chars
    return bool(
        _SUBSECTION_RE.match(text, end)
        or _GLUED_SUBSECTION_RE.search(text, start, end)  # "287(g)" read as 287 grams
        or lex.provision_after_re.match(text, end)
        or lex.provision_before_re.search(text, max(0, start - reach.provision_before), start)
        or lex.furniture_after_re.match(text, end)
    )


@dataclass(frozen=True)
class _Candidate:
    """A scanner candidate with the tokens the filters look at."""

    pq: ParsedQuantity
    text: str  # the whole document text
    core_start: int  # where the number starts, after any qualifier
    core: Span  # the number's tokens, without the qualifier
    first: Token
    next: Token | None  # the token after the number

    @property
    def inside_a_sentence(self) -> bool:
        return not self.first.is_sent_start


def _candidate(doc: Doc, pq: ParsedQuantity, lex: _Lex, text: str, span: Span) -> _Candidate:
    core_start = pq.start + (len(pq.text) - len(pq.text.lstrip())) if pq.qualifier is None else pq.start
    if pq.qualifier:
        q = lex.qualifier_re.match(text, pq.start)
        core_start = q.end() if q else pq.start
        while core_start < pq.end and text[core_start].isspace():
            core_start += 1
    core = doc.char_span(core_start, pq.end, alignment_mode="expand") or span
    after = core[-1].i + 1
    return _Candidate(pq, text, core_start, core, core[0], doc[after] if after < len(doc) else None)


def _is_figure(doc: Doc, pq: ParsedQuantity, lex: _Lex, info: _DocIndex) -> bool:
    """Filter a scanner candidate with what the parse knows: dates, names, pronouns, labels."""
    span = doc.char_span(pq.start, pq.end, alignment_mode="expand")
    if span is None:
        return False
    c = _candidate(doc, pq, lex, info.text, span)
    return not (
        _in_a_capitalised_name(doc, c, lex)
        or _adjective_multiplier(c, lex)
        or _a_time(c, lex)
        or _glued_or_a_label(c, lex)
        or (pq.bare and (_bare_label(doc, c, lex, info) or _bare_word_not_a_count(c, lex)
                         or _bare_mark(c, lex)))
        or (pq.kind == "ratio" and pq.words and pq.value == _HALF and c.first.lower_ == "half"
            and c.next is not None and c.next.lower_ == "-")
    )


def _in_a_capitalised_name(doc: Doc, c: _Candidate, lex: _Lex) -> bool:
    """Number words capitalised inside a sentence and followed by another capitalised word belong to
    a name ("the Six-Day War", "Three Mile Island", "the Hundred Years' War")."""
    measured = c.pq.kind in ("quantity", "duration")
    if not (c.pq.words and c.first.is_title and c.inside_a_sentence and measured):
        return False
    nxt_i = c.core[-1].i + 1
    while nxt_i < len(doc) and doc[nxt_i].text in lex.data.name_joiners:
        nxt_i += 1
    return nxt_i < len(doc) and doc[nxt_i].is_title


def _adjective_multiplier(c: _Candidate, lex: _Lex) -> bool:
    """ "double" as an adjective ("double standard"), not a verb."""
    word = c.pq.text.lower()
    return (
        c.pq.kind == "multiplier"
        and word in lex.data.multiplier_words
        and c.first.pos_ != "VERB"
        and word not in lex.data.occasion_multipliers
        and not word.endswith("fold")
    )


def _a_time(c: _Candidate, lex: _Lex) -> bool:
    """Dates and clock times are time anchors, not figures; a duration is one when it anchors ("two
    years ago") and a figure when it measures ("six months in prison"), whatever the NER says."""
    pq = c.pq
    if pq.kind == "duration" and _anchors_time(c.text, pq, lex):
        return True
    if pq.kind in ("count", "ratio") and any(t.ent_type_ in lex.data.time_entity_labels for t in c.core):
        return True
    if pq.year_like and pq.kind == "count":
        head = c.first.head
        plural = head.tag_ in lex.data.subject.plural_noun_tags
        return not (c.first.dep_ == "nummod" and plural and head.ent_type_ != "DATE")
    return False


def _glued_or_a_label(c: _Candidate, lex: _Lex) -> bool:
    """Glued to letters or a hyphenated name ("Covid-19", "G20", "H-1B", "I-95", "MH370"), or a legal
    provision or a picture count (``_is_label``)."""
    before = c.text[max(0, c.core_start - 2) : c.core_start]
    if c.pq.kind != "money" and (before[-1:].isalpha() or (before.endswith("-") and before[:1].isalnum())):
        return True
    return c.pq.kind in ("count", "quantity") and _is_label(c.text, c.core_start, c.pq.end, lex)


def _bare_label(doc: Doc, c: _Candidate, lex: _Lex, info: _DocIndex) -> bool:
    """A plain number that is part of a name or a label: "Title 42", "Motel 6", "Boeing 737"."""
    first, pq = c.first, c.pq
    prev = doc[first.i - 1] if first.i > 0 else None
    if prev is not None and prev.lower_.rstrip(".") in {p.rstrip(".") for p in lex.name_prefixes}:
        return True
    if prev is not None and prev.is_title:
        # after the capitalised noun it labels ("Motel 6 added", "Apollo 11"), or any capitalised
        # proper noun inside the sentence ("Boeing 737", "Title 42")
        if first.head.i == prev.i and first.dep_ in lex.data.label_after_name_deps:
            return True
        if not prev.is_sent_start and prev.pos_ == "PROPN" and not pq.words:
            return True
    labels = lex.data.name_entity_labels
    if any(t.ent_type_ in labels for t in c.core):
        name = info.ent_at(first.i)
        return name is not None and name[2] in labels and name[1] - name[0] > len(c.core)
    return False


def _bare_word_not_a_count(c: _Candidate, lex: _Lex) -> bool:
    """A spelled number that is a name, a pronoun or an idiom: "Zero Covid Policy", "Three Mile
    Island", "the Gang of Eight", "one of them", "ground zero", "half-hearted"."""
    pq, first, nxt = c.pq, c.first, c.next
    if not pq.words:
        return False
    if first.is_title and nxt is not None and nxt.is_title and (c.inside_a_sentence or nxt.pos_ == "PROPN"):
        return True
    if pq.value in lex.data.lone_word_values:
        return True
    if first.is_title and c.inside_a_sentence:
        return True
    if pq.value == _HALF and first.lower_ == "half":
        after = first.doc[first.i + 1].lower_ if first.i + 1 < len(first.doc) else ""
        return after == "-" or first.ent_type_ in lex.data.time_entity_labels
    return False


def _bare_mark(c: _Candidate, lex: _Lex) -> bool:
    """Glued to a word ("5x"), the day of a date the NER missed ("Nov, 19 ruling", "Sept. 20"), or a
    list marker or footnote ("1)" at the start of a line)."""
    pq, text = c.pq, c.text
    if text[pq.end : pq.end + 1].isalpha():
        return True
    first_day, last_day = lex.data.day_range
    if (
        not pq.words
        and pq.value is not None
        and first_day <= pq.value <= last_day
        and pq.value == int(pq.value)
        and lex.month_before_re.search(text, max(0, pq.start - lex.data.context_chars.month_before), pq.start)
    ):
        return True
    return text[pq.end : pq.end + 1] == ")" and not text[max(0, pq.start - 1) : pq.start].strip("( \n")
