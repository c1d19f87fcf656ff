"""Parsing any number of texts of any length in bounded memory, one failure per text.

spaCy's memory grows with the characters it parses at once, and it refuses a text over
``nlp.max_length`` (error E088) by failing the whole ``nlp.pipe`` call. Here:

- a text longer than ``block_chars`` is cut into blocks at paragraph breaks (else line breaks, sentence
  ends, spaces; a hard cut only in a block without any), each block is parsed, and the blocks' Docs are
  joined with ``Doc.from_docs`` into one Doc whose text is exactly the original, so every character
  offset stays exact. A sentence never crosses a paragraph break anyway (``paragraph_boundaries``), so
  blocks cut there change little beyond the few tokens of context the tagger sees across the cut;
- a batch holds at most ``batch_size`` texts and ``batch_chars`` characters;
- when a batch fails, its texts are parsed one by one, and only the text that fails is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import FramelensError
from ..lexicons import load_lexicon

# Where a block may end, best first: after a paragraph break, a line break, a sentence end, a space.
_CUTS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)\]]*\s+"),
         re.compile(r"\s+"))


@dataclass(frozen=True)
class ParseLimits:
    """``models/parse.yaml``: how many characters spaCy is given at once."""

    block_chars: int
    batch_chars: int


@cache
def parse_limits() -> ParseLimits:
    data = load_lexicon("parse")
    try:
        limits = ParseLimits(block_chars=int(data["block_chars"]), batch_chars=int(data["batch_chars"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise FramelensError(f"models/parse.yaml needs integer block_chars and batch_chars ({exc})") from exc
    if limits.block_chars < 1000 or limits.batch_chars < 1:
        raise FramelensError("models/parse.yaml: block_chars must be at least 1000 and batch_chars positive")
    return limits


def block_bounds(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive blocks of at most ``limit`` characters covering ``text`` exactly."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, limit_end: int) -> int:
    """The best place to end a block that starts at ``start`` and may not pass ``limit_end``.

    The separator stays with the block it ends, so the next block starts on a word. Only a cut in the
    second half of the window counts, so blocks do not shrink to slivers.
    """
    floor = start + (limit_end - start) // 2
    for pattern in _CUTS:
        ends = [match.end() for match in pattern.finditer(text, floor, limit_end)]
        if ends:
            return ends[-1]
    return limit_end


def parse_texts(nlp: Language, texts: Iterable[str], *, batch_size: int = 16,
                limits: ParseLimits | None = None) -> Iterator[Doc | Exception]:
    """A Doc per text, in order, or the exception that parsing that text raised."""
    limits = limits or parse_limits()
    block_chars = min(limits.block_chars, nlp.max_length)
    batch: list[str] = []
    size = 0
    for text in texts:
        if len(text) > block_chars:
            yield from _parse_batch(nlp, batch)
            batch, size = [], 0
            yield _parse_long(nlp, text, block_chars, limits.batch_chars)
            continue
        if batch and (len(batch) >= batch_size or size + len(text) > limits.batch_chars):
            yield from _parse_batch(nlp, batch)
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    yield from _parse_batch(nlp, batch)


def parse_text(nlp: Language, text: str) -> Doc:
    """One text of any length as one Doc (in blocks when long); raises what spaCy raised."""
    result = next(parse_texts(nlp, [text]))
    if isinstance(result, Exception):
        raise result
    return result


def _parse_batch(nlp: Language, texts: list[str]) -> list[Doc | Exception]:
    if not texts:
        return []
    try:
        return list(nlp.pipe(texts, batch_size=len(texts)))
    except Exception:  # noqa: BLE001 - find the text that failed; the others are parsed alone
        return [_parse_one(nlp, text) for text in texts]


def _parse_one(nlp: Language, text: str) -> Doc | Exception:
    try:
        return nlp(text)
    except Exception as exc:  # noqa: BLE001 - reported as this text's failure, the run goes on
        return exc


def _parse_long(nlp: Language, text: str, block_chars: int, batch_chars: int) -> Doc | Exception:
    """One long text parsed block by block, a few blocks at a time, then joined into one Doc."""
    blocks = [text[start:end] for start, end in block_bounds(text, block_chars)]
    per_batch = max(1, batch_chars // block_chars)
    try:
        docs = list(nlp.pipe(blocks, batch_size=per_batch))
        joined = Doc.from_docs(docs, ensure_whitespace=False)
    except Exception as exc:  # noqa: BLE001 - reported as this text's failure, the run goes on
        return exc
    if joined.text != text:  # from_docs keeps every character; a failure here is a bug, not bad input
        return FramelensError("the parsed blocks do not join into the original text")
    return joined
