"""The quote extractor: paired marks, their speakers and kinds, one record per quote (or paragraph)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from ...lexicons import load_lexicon
from ...nlp import doc_text
from ...records import Entity, Quote
from ..entities import extract_entities
from ..quote_marks import _DOUBLE, MarkPair, _trimmed, pair_quote_marks
from .context import LEXICON, _Context
from .kinds import _has_verb, _is_nickname, _is_title, _kind, _n_words, _short_quote_reading
from .speakers import _find_speaker


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
