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
from .context import LEXICON, _Context, _Speaker
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
    previous: tuple[MarkPair, _Speaker] | None = None  # the last quote with a named speaker
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
        if (speaker is None and previous is not None and _continues(ctx, previous[0], previous[1], pair)
                and _kind(ctx, pair, previous[1], lex) == "direct"):
            speaker = previous[1]  # whole sentences running on, not a short phrase (a scare quote)
        if (speaker is None or not speaker.name) and _is_title(ctx, pair, lex):
            continue  # a name of a show, work or law, not a quotation
        if speaker is not None and speaker.name:
            previous = (pair, speaker)
        for piece in _paragraph_pieces(text, pair):
            kind = _kind(ctx, piece, speaker, lex)
            said = None if kind == "scare" else speaker
            if kind == "scare":
                kind, said = _short_quote_reading(ctx, piece, lex)
            cue_at = _locate_cue(ctx, pair, said) if said else None
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
                    cue_start=cue_at[0] if cue_at else None,
                    cue_end=cue_at[1] if cue_at else None,
                )
            )
    return quotes


def _continues(ctx: _Context, before: MarkPair, speaker: _Speaker, pair: MarkPair) -> bool:
    """The quote goes on with the words of ``speaker``, who said the quote ``before``: in the same
    paragraph with no other reporting verb or person between them outside the sentence that attributes
    ``before`` ('“A,” said X, an economist. “B.”'), or opening the next paragraph when the sentence of
    ``before`` closed its own ('“A,” X said.¶“B.”'), the news convention for words running on."""
    attribution = ctx.token_at(before.close).sent
    others = [t for t in ctx.tokens_between(before.close + 1, pair.open)
              if not ctx.quoted[t.i] and t.idx >= attribution.end_char]
    if any(t.ent_type_ == "PERSON" or (t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in ctx.verbs)
           for t in others):
        return False
    between = ctx.text[before.close + 1 : pair.open]
    if "\n" not in between:
        return True
    paragraph_start = ctx.text.rfind("\n", 0, pair.open) + 1
    # Only the next paragraph, opened by the quote, after a paragraph that the attribution ended.
    return (between.count("\n\n") <= 1 and not ctx.text[paragraph_start : pair.open].strip()
            and not ctx.text[attribution.end_char : paragraph_start].strip())


def _locate_cue(ctx: _Context, pair: MarkPair, speaker: _Speaker) -> tuple[int, int] | None:
    """Offsets of the cue: the occurrence of its words outside quotes nearest the speaker (or the quote)."""
    if not speaker.cue:
        return None
    anchor = speaker.start if speaker.start is not None else pair.open
    lo = max(0, min(anchor, pair.open) - 300)
    hi = min(len(ctx.text), max(anchor, pair.close) + 300)
    pattern = re.compile(rf"(?<!\w){re.escape(speaker.cue)}(?!\w)")
    hits = [m for m in pattern.finditer(ctx.text, lo, hi) if not ctx.in_quote(m.start())]
    if not hits:
        return None
    best = min(hits, key=lambda m: min(abs(m.start() - anchor), abs(m.start() - pair.open), abs(m.start() - pair.close)))
    return best.start(), best.end()
