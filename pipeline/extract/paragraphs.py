"""Paragraphs of the cleaned text, for the extractors that reason by paragraph (a speaker stays the
subject of their paragraph; a question in an explainer's heading paragraph is not rhetorical).

Ingest joins paragraphs with one blank line (``ingest.cleaning.PARAGRAPH_BREAK``); a blank line with
spaces in it, or several, also ends a paragraph here, so texts analysed without ingest split the same way.
"""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\n\s*\n")


def paragraph_starts(text: str) -> list[int]:
    """The offset where each paragraph starts, in order (the first is 0)."""
    return [0] + [m.end() for m in _BREAK.finditer(text)]


def paragraph_index(starts: list[int], offset: int) -> int:
    """The paragraph (index into ``starts``) holding the character at ``offset``; one bisection."""
    return bisect.bisect_right(starts, offset) - 1


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the paragraphs, without the blank lines between them."""
    breaks = list(_BREAK.finditer(text))
    starts = [0] + [m.end() for m in breaks]
    ends = [m.start() for m in breaks] + [len(text)]
    return list(zip(starts, ends, strict=True))
