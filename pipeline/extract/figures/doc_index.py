"""What the extractor reads from a parsed Doc more than once, read once."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

from ...nlp import doc_text


@dataclass(frozen=True)
class _DocIndex:
    """What the extractor reads from a Doc more than once, read once (spaCy rebuilds ``doc.sents``,
    ``doc.ents`` and ``span.sent`` on every access, which cost more than the extraction itself)."""

    text: str
    sents: list[tuple[int, int, int, int]]  # token start, token end, char start, char end
    sent_starts: list[int]  # token starts of ``sents``, for bisect
    ents: list[tuple[int, int, str, int, int]]  # token start, token end, label, char start, char end

    @classmethod
    def of(cls, doc: Doc) -> _DocIndex:
        sents = _sentence_bounds(doc)
        ents = [(e.start, e.end, e.label_, e.start_char, e.end_char) for e in doc.ents]
        return cls(doc_text(doc), sents, [s[0] for s in sents], ents)

    def sent_of(self, token_i: int) -> tuple[int, int, int, int]:
        """The sentence holding token ``token_i`` (what ``Span.sent`` returns for a span starting there)."""
        return self.sents[bisect_right(self.sent_starts, token_i) - 1]

    def sent_ents(self, sent: tuple[int, int, int, int]) -> list[tuple[int, int, str, int, int]]:
        """Entities wholly inside the sentence (``Span.ents``)."""
        return [e for e in self.ents if e[0] >= sent[0] and e[1] <= sent[1]]


def _sentence_bounds(doc: Doc) -> list[tuple[int, int, int, int]]:
    """``doc.sents`` as (token start, token end, char start, char end), read from one array.

    ``doc.sents`` checks ``has_annotation("SENT_START")`` token by token in Python on every call;
    the array gives the same boundaries (a token with sent_start 1 opens a sentence).
    """
    if len(doc) == 0 or "sents" in doc.user_hooks:
        return [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
    rows = doc.to_array([SENT_START, IDX, LENGTH]).astype("int64")  # sent_start -1 is stored unsigned
    if not rows[:, 0].any():
        return [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]  # raises: no boundaries
    starts = [0] + [int(i) for i in numpy.flatnonzero(rows[1:, 0] == 1) + 1]
    ends = starts[1:] + [len(rows)]
    idx, length = rows[:, 1].tolist(), rows[:, 2].tolist()
    return [(a, b, idx[a], idx[b - 1] + length[b - 1]) for a, b in zip(starts, ends)]
