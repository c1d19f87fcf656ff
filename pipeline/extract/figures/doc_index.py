"""What the extractor reads from a parsed Doc more than once, read once."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import HEAD, IDX, LENGTH, SENT_START
from spacy.tokens import Doc, Span, Token

from ...nlp import doc_text


@dataclass(frozen=True)
class _DocIndex:
    """What the extractor reads from a Doc more than once, read once (spaCy rebuilds ``doc.sents``,
    ``doc.ents`` and ``span.sent`` on every access, which cost more than the extraction itself)."""

    text: str
    sents: list[tuple[int, int, int, int]]  # token start, token end, char start, char end
    sent_starts: list[int]  # token starts of ``sents``, for bisect
    ents: list[tuple[int, int, str, int, int]]  # token start, token end, label, char start, char end
    ent_starts: list[int]  # token starts of ``ents`` (sorted, the entities never overlap), for bisect
    tree: _Tree

    @classmethod
    def of(cls, doc: Doc) -> _DocIndex:
        sents = _sentence_bounds(doc)
        ents = [(e.start, e.end, e.label_, e.start_char, e.end_char) for e in doc.ents]
        return cls(doc_text(doc), sents, [s[0] for s in sents], ents, [e[0] for e in ents], _Tree(doc))

    def sent_of(self, token_i: int) -> tuple[int, int, int, int]:
        """The sentence holding token ``token_i`` (what ``Span.sent`` returns for a span starting there)."""
        return self.sents[bisect_right(self.sent_starts, token_i) - 1]

    def sent_ents(self, sent: tuple[int, int, int, int]) -> list[tuple[int, int, str, int, int]]:
        """Entities wholly inside the sentence (``Span.ents``)."""
        first = bisect_left(self.ent_starts, sent[0])
        last = bisect_left(self.ent_starts, sent[1], first)
        return [e for e in self.ents[first:last] if e[1] <= sent[1]]

    def ent_at(self, token_i: int) -> tuple[int, int, str, int, int] | None:
        """The entity holding token ``token_i``, if any."""
        k = bisect_right(self.ent_starts, token_i) - 1
        return self.ents[k] if k >= 0 and token_i < self.ents[k][1] else None


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
    return [(a, b, idx[a], idx[b - 1] + length[b - 1]) for a, b in zip(starts, ends, strict=True)]


class _Tree:
    """The children of every token, read once from the HEAD column.

    ``Token.rights``, ``.lefts`` and ``.children`` walk the token's whole subtree on every call, so in a
    long right-branching sentence each call costs the length of the sentence and the extractor became
    quadratic; here a token's children are found by bisection in the heads sorted once.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        heads = numpy.arange(len(doc), dtype="int64") + doc.to_array([HEAD]).astype("int64").reshape(-1)
        order = numpy.argsort(heads, kind="stable")  # children of one head stay in text order
        self.heads: list[int] = heads.tolist()
        self.depths: list[int] | None = None
        self.heads_sorted: list[int] = heads[order].tolist()
        self.order: list[int] = order.tolist()
        self.first_children: dict[tuple[int, tuple[str, ...]], Token | None] = {}

    def children(self, token: Token) -> Iterator[Token]:
        """``token.children``, in text order, read lazily (a sentence root can have thousands)."""
        lo, hi = self._block(token.i)
        return (self.doc[self.order[k]] for k in range(lo, hi) if self.order[k] != token.i)

    def rights(self, token: Token) -> Iterator[Token]:
        """``token.rights``, in text order, read lazily."""
        lo, hi = self._block(token.i)
        mid = bisect_right(self.order, token.i, lo, hi)  # a root is its own head: skip it
        return (self.doc[self.order[k]] for k in range(mid, hi))

    def lefts(self, token: Token) -> list[Token]:
        """``token.lefts``, in text order."""
        lo, hi = self._block(token.i)
        mid = bisect_left(self.order, token.i, lo, hi)
        return [self.doc[self.order[k]] for k in range(lo, mid)]

    def first_child(self, token: Token, deps: tuple[str, ...]) -> Token | None:
        """The first child of ``token`` whose relation is one of ``deps``, remembered (many figures
        of a long sentence ask it of the same verb)."""
        key = (token.i, deps)
        if key not in self.first_children:
            self.first_children[key] = next((c for c in self.children(token) if c.dep_ in deps), None)
        return self.first_children[key]

    def root(self, span: Span) -> Token:
        """``span.root``: a sentence root in the span, else the token nearest the sentence root (the
        first of equals). spaCy counts each token's path to the root on every call: O(depth), and a
        long sentence can be thousands of words deep."""
        heads = self.heads
        for i in range(span.start, span.end):
            if heads[i] == i:
                return self.doc[i]
        outside = [i for i in range(span.start, span.end) if not span.start <= heads[i] < span.end]
        if len(outside) == 1:
            return self.doc[outside[0]]
        if not outside:
            return self.doc[span.start]
        depths, doc = self._depths(), self.doc

        def height(i: int) -> int:  # as spaCy ranks them: a childless space or punctuation comes last
            token = doc[i]
            if (token.is_space or token.is_punct) and self._block(i)[0] == self._block(i)[1]:
                return len(doc) - 1
            return depths[i]

        return doc[min(outside, key=height)]  # min keeps the first of equals, as spaCy does

    def _depths(self) -> list[int]:
        """How many steps from each token to its sentence root, all computed once in O(n)."""
        if self.depths is None:
            heads, depths = self.heads, [-1] * len(self.heads)
            for i in range(len(heads)):
                path = []
                while depths[i] < 0 and heads[i] != i:
                    path.append(i)
                    i = heads[i]
                depth = max(depths[i], 0)
                for j in reversed(path):
                    depth += 1
                    depths[j] = depth
                depths[i] = max(depths[i], 0)
            self.depths = depths
        return self.depths

    def _block(self, i: int) -> tuple[int, int]:
        """Where the children of token ``i`` sit in ``order`` (they are sorted by index there)."""
        lo = bisect_left(self.heads_sorted, i)
        return lo, bisect_right(self.heads_sorted, i, lo)
