"""What kind a quote is (direct, partial, scare), and quoted names of shows, works and laws."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Token

from ..entities import entity_for
from ..quote_marks import MarkPair
from .context import _Context, _Speaker
from .speakers import _is_cue, _speaker_from_verb


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
