"""Quote marks paired in plain text: the quoted regions that quotes, entities and devices build on.

Quote marks are paired by hand (:func:`pair_quote_marks`) rather than with
``textacy.extract.triples.direct_quotations``: textacy raises on an odd number of marks, so one stray
mark (common in scraped news) would cost the whole document, and it knows neither single curly quotes
nor the convention of a quote running over several paragraphs. Here a stray mark only loses itself.

Pairing rules, per paragraph (a run of text without a line break):
- Two apostrophes ('') are a double mark (an archive convention: "''It is,'' he said"); ``open`` is then
  the offset of the second apostrophe of the opening mark and ``close`` of the first of the closing one.
- “ opens and ” closes (a mark with a space on its other side is read the other way round, for
  mistyped marks); a straight " opens when a word follows and a space precedes it, closes in the mirror
  case, else toggles.
- ‘ (or ') opens only at the start of a word, ’ (or ') closes only at the end of one, so the
  apostrophes in "China’s" and "don't" are never marks. Single pairs nest inside double quotes.
- A quote left open at the end of a paragraph continues when the next paragraph opens with a mark
  (the multi-paragraph convention); otherwise it is dropped as unbalanced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


# Two apostrophes stand for a double quote mark in some archives ("''It is,'' he said").
_APOSTROPHES = re.compile(r"(?<!')''(?!')")


def _double_marks(text: str, lo: int, hi: int, doubled: set[int]) -> list[tuple[int, int, str]]:
    """(first char, last char, role) of each double mark in the paragraph [lo, hi); a two-apostrophe
    mark is read like a straight double quote from the characters around both apostrophes."""
    marks = []
    for i in range(lo, hi):
        if text[i] in _DOUBLE:
            marks.append((i, i, _double_role(text, i, lo, hi)))
        elif i in doubled and text[i : i + 2] == "''":
            prev = text[i - 1] if i > lo else " "
            nxt = text[i + 2] if i + 2 < hi else " "
            left = (prev.isspace() or prev in _OPEN_BEFORE) and not nxt.isspace()
            right = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_AFTER)
            role = "open" if left and not right else "close" if right and not left else "toggle"
            marks.append((i, i + 1, role))
    return marks


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
    doubled = {m.start() for m in _APOSTROPHES.finditer(text)}
    apostrophe_marks = doubled | {i + 1 for i in doubled}
    for lo, hi in _paragraphs(text):
        open_at: int | None = None
        first_mark = True
        for first, last, role in _double_marks(text, lo, hi, doubled):
            if first_mark and pending is not None:
                first_mark = False
                if role != "close" and not text[lo:first].strip():
                    open_at = pending  # the quote continues into this paragraph
                    pending = None
                    continue
            first_mark = False
            if role == "open" or (role == "toggle" and open_at is None):
                open_at = last  # an earlier unclosed mark here was a stray one
            elif open_at is not None:
                doubles.append((open_at, first))
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
            if ch not in _SINGLE or i in apostrophe_marks:
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
