"""Which scanner candidates are figures: dates, names, labels and pronouns are dropped with the parse;
ages become figures of kind ``age``; durations that anchor a time are not figures."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from .doc_index import _DocIndex
from .lexicon import _Lex
from .scanner import ParsedQuantity

# Entity labels whose numbers are names or labels, not figures ("Title 42" LAW, "Boeing 737" PRODUCT).
_NAME_LABELS = {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "GPE", "LOC", "NORP"}


def _as_age(doc: Doc, pq: ParsedQuantity, lex: _Lex, info: _DocIndex, ages: dict[int, tuple[int, int] | None]) -> ParsedQuantity:
    """A bare number that gives a person's age becomes a quantity in years ("McConnell, 76,",
    "aged 34"); its subject, the person (a character range), is recorded in ``ages``. Anything else is returned as is."""
    if not (pq.bare and not pq.words and pq.value is not None and 1 <= pq.value <= 120):
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
        if start > 0 and doc[start - 1].text in lex.honorifics:
            start -= 1
        person = (doc[start].idx, ent[4])
    elif lex.age_cue_re.search(text, max(0, pq.start - 8), pq.start):
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
    # the word before, skipping the first number of "the past 40 or 50 years"
    m = re.search(r"([A-Za-z]+)[^\S\n]+(?:[\w,.]+[^\S\n]+(?:or|to|and)[^\S\n]+)?$", text[max(0, pq.start - 40) : pq.start])
    before = m.group(1).lower() if m else ""
    return before in lex.anchors_before or (before in lex.definite_before and "-" not in pq.text)


# a subsection glued to a number: "1425(a)", "1182(f)", "212(a)(9)", "8(iv)"
_SUBSECTION_RE = re.compile(r"\((?:[a-z]{1,4}|\d{1,3})\)")
_GLUED_SUBSECTION_RE = re.compile(r"\d\([a-z]\)$")


def _is_label(text: str, start: int, end: int, lex: _Lex) -> bool:
    """A number that names a legal provision or counts page furniture: "18 U.S.C. § 1425(a)",
    "8 U.S.C. 1182(f)", "the 287(g) program", "Slideshow (2 Images)" (the words are in models/figures.yaml)."""
    return bool(
        _SUBSECTION_RE.match(text, end)
        or _GLUED_SUBSECTION_RE.search(text, start, end)  # "287(g)" read as 287 grams
        or lex.provision_after_re.match(text, end)
        or lex.provision_before_re.search(text, max(0, start - 12), start)
        or lex.furniture_after_re.match(text, end)
    )


def _is_figure(doc: Doc, pq: ParsedQuantity, lex: _Lex, info: _DocIndex) -> bool:
    """Filter a scanner candidate with what the parse knows: dates, names, pronouns, labels."""
    span = doc.char_span(pq.start, pq.end, alignment_mode="expand")
    if span is None:
        return False
    text = info.text
    # the number itself, without the qualifier: the token the tests below look at
    core_start = pq.start + (len(pq.text) - len(pq.text.lstrip())) if pq.qualifier is None else pq.start
    if pq.qualifier:
        q = lex.qualifier_re.match(text, pq.start)
        core_start = q.end() if q else pq.start
        while core_start < pq.end and text[core_start].isspace():
            core_start += 1
    core = doc.char_span(core_start, pq.end, alignment_mode="expand") or span
    first = core[0]
    word = pq.text.lower()
    # number words capitalised inside a sentence and followed by another capitalised word belong to a
    # name ("the Six-Day War", "Three Mile Island", "the Hundred Years' War")
    if pq.words and first.is_title and not first.is_sent_start:
        nxt_i = core[-1].i + 1
        while nxt_i < len(doc) and doc[nxt_i].text in ("-", "'", "’"):
            nxt_i += 1
        if nxt_i < len(doc) and doc[nxt_i].is_title and pq.kind in ("quantity", "duration"):
            return False
    if (
        pq.kind == "multiplier"
        and word in lex.multiplier_words
        and first.pos_ != "VERB"
        and word not in ("twice", "thrice")
        and not word.endswith("fold")
    ):
        return False  # "double" as an adjective ("double standard")
    # dates and clock times are time anchors, not figures; a duration is one when it anchors
    # ("two years ago") and a figure when it measures ("six months in prison"), whatever NER says
    if pq.kind == "duration" and _anchors_time(text, pq, lex):
        return False
    if pq.kind in ("count", "ratio") and any(
        t.ent_type_ in ("DATE", "TIME") for t in core
    ):
        return False
    if pq.year_like and pq.kind == "count":
        head = first.head
        if not (first.dep_ == "nummod" and head.tag_ in ("NNS", "NNPS") and head.ent_type_ != "DATE"):
            return False
    # glued to letters or a hyphenated name: "Covid-19", "G20", "H-1B", "I-95", "MH370"
    before = text[max(0, core_start - 2) : core_start]
    if pq.kind != "money" and (before[-1:].isalpha() or (before.endswith("-") and before[:1].isalnum())):
        return False
    if pq.kind in ("count", "quantity") and _is_label(text, core_start, pq.end, lex):
        return False
    if pq.bare:
        if text[pq.end : pq.end + 1].isalpha():
            return False
        prev = doc[first.i - 1] if first.i > 0 else None
        if prev is not None and prev.lower_.rstrip(".") in {p.rstrip(".") for p in lex.name_prefixes}:
            return False
        # a number after the capitalised noun it labels: "Motel 6 added", "Apollo 11", "Channel 4"
        if prev is not None and prev.is_title and first.head.i == prev.i and first.dep_ in ("nummod", "compound"):
            return False
        # the day of a date the NER missed: "Nov, 19 ruling", "Sept. 20"
        if (
            not pq.words
            and pq.value is not None
            and 1 <= pq.value <= 31
            and pq.value == int(pq.value)
            and lex.month_before_re.search(text, max(0, pq.start - 12), pq.start)
        ):
            return False
        # a capitalised word just before a bare number makes a name ("Boeing 737", "Title 42")
        if (
            prev is not None
            and prev.is_title
            and not prev.is_sent_start
            and prev.pos_ == "PROPN"
            and not pq.words
        ):
            return False
        # "Zero Covid Policy", "Three Mile Island": a capitalised number word inside a name
        nxt = doc[core[-1].i + 1] if core[-1].i + 1 < len(doc) else None
        if pq.words and first.is_title and not first.is_sent_start and nxt is not None and nxt.is_title:
            return False
        if pq.words and first.is_title and nxt is not None and nxt.is_title and nxt.pos_ == "PROPN":
            return False
        if any(t.ent_type_ in _NAME_LABELS for t in core) and (name := info.ent_at(first.i)) is not None and (
            name[2] in _NAME_LABELS and name[1] - name[0] > len(core)
        ):
            return False
        # "one" alone is a pronoun or a determiner far more often than a count ("one of them",
        # "one route Republicans may pursue"); "zero" alone is an idiom ("ground zero")
        if pq.words and pq.value in (0, 1):
            return False
        # a capitalised number word inside a sentence belongs to a name ("the Gang of Eight")
        if pq.words and first.is_title and not first.is_sent_start:
            return False
        if pq.value == 0.5 and pq.words and first.lower_ == "half":
            nxt_word = doc[first.i + 1].lower_ if first.i + 1 < len(doc) else ""
            if nxt_word == "-" or first.ent_type_ in ("DATE", "TIME"):
                return False
        # list markers and footnotes: "1)" or "2." at the start of a line
        if text[pq.end : pq.end + 1] == ")" and not text[max(0, pq.start - 1) : pq.start].strip("( \n"):
            return False
    if pq.kind == "ratio" and pq.words and pq.value == 0.5 and first.lower_ == "half":
        nxt_word = doc[core[-1].i + 1].lower_ if core[-1].i + 1 < len(doc) else ""
        if nxt_word == "-":
            return False
    return True
