"""What every quote of one document looks up: tokens by offset, quoted regions, the named people
(antecedents of pronouns and roles), and how a subject token becomes a speaker."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ...lexicons import load_lexicon
from ...nlp import doc_text
from ...records import Entity
from ..entities import entity_for, initials_match
from ..paragraphs import paragraph_index, paragraph_starts
from ..quote_marks import MarkPair
from ..resolver import Person, Resolver

LEXICON = "quotes"


@dataclass(frozen=True)
class _Speaker:
    name: str | None
    start: int | None
    end: int | None
    cue: str | None


class _Context:
    """Per-document lookups shared by all quotes, computed once: tokens by offset, sentences,
    quote masks, named people (the antecedents of "he"/"she"), entity mentions."""

    def __init__(self, doc: Doc, entities: Sequence[Entity], pairs: list[MarkPair]) -> None:
        lex = load_lexicon(LEXICON)
        self.doc = doc
        self.text = doc_text(doc)
        self.entities = entities
        self.pairs = pairs
        self.verbs = {str(v) for v in lex.get("reporting_verbs", [])}
        self.object_verbs = {str(v) for v in lex.get("not_speech_with_object", [])}
        self.frame_nouns = {str(v) for v in lex.get("speech_frame_nouns", [])}
        self.org_nouns = {str(v) for v in lex.get("organisation_voice_nouns", [])}
        self.tokens = list(doc)
        self.starts = [t.idx for t in self.tokens]
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self.paragraph_starts = paragraph_starts(self.text)
        # Merged quoted regions (nested pairs lie inside their parents) for bisect lookups.
        regions: list[list[int]] = []
        for p in sorted(pairs, key=lambda p: p.open):
            if regions and p.open <= regions[-1][1]:
                regions[-1][1] = max(regions[-1][1], p.close)
            else:
                regions.append([p.open, p.close])
        self.region_starts = [r[0] for r in regions]
        self.region_ends = [r[1] for r in regions]
        self.quoted = [self._covered(t.idx, inclusive=True) for t in self.tokens]
        # Named people and descriptions: the in-article resolver, shared with the claim extractor.
        self.resolver = Resolver(doc, entities, self.in_quote)
        self.pronouns = self.resolver.rules.person_pronouns

    @property
    def people(self) -> list[Person]:
        """Named people outside quotes, in text order (the resolver's, with the speakers found so far)."""
        return self.resolver.people

    def add_speaker(self, start: int, end: int, name: str) -> None:
        """A speaker resolved from a phrase the NER missed becomes an antecedent for later pronouns."""
        self.resolver.add_speaker(start, end, name)

    def _covered(self, offset: int, *, inclusive: bool) -> bool:
        k = bisect.bisect_right(self.region_starts, offset) - 1
        if k < 0:
            return False
        lo, hi = self.region_starts[k], self.region_ends[k]
        return lo <= offset <= hi if inclusive else lo < offset < hi

    def in_quote(self, offset: int) -> bool:
        return self._covered(offset, inclusive=False)

    def token_at(self, offset: int) -> Token:
        return self.tokens[max(0, bisect.bisect_right(self.starts, offset) - 1)]

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens starting in [start, end)."""
        return self.tokens[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]

    def sentences(self, first: Span, last: Span) -> list[Span]:
        k = bisect.bisect_left(self.sent_starts, first.start)
        out = []
        while k < len(self.sents) and self.sents[k].start <= last.start:
            out.append(self.sents[k])
            k += 1
        return out

    def words_outside(self, sent: Span) -> list[Token]:
        return [t for t in sent if not self.quoted[t.i] and (t.is_alpha or t.like_num)]

    # -- resolving a subject token to a speaker
    def resolve(self, token: Token, cue: str) -> _Speaker | None:
        found = entity_for(self.entities, token.idx, token.idx + len(token.text))
        if found is not None and found[0].label != "NORP":
            entity, mention = found
            return _Speaker(entity.canonical, mention.start, mention.end, cue)
        low = token.lower_
        if low in self.pronouns:
            referent = self.resolver.pronoun(token)
            if referent is None:
                return None
            # The chain of reference goes on: "he" is now the latest mention of that person.
            self.add_speaker(referent.start, referent.end, referent.canonical)
            return _Speaker(referent.canonical, referent.start, referent.end, cue)
        # A name in apposition ("The lawyer, Beth Krause, said"; "said one of the study's authors,
        # Edward Kaplan", which the parser often reads as a comma-conjunct); not a possessive
        # ("Obama's lawyers argue" is the lawyers speaking).
        named = self._apposed_name(token)
        if named is not None:
            return _Speaker(named[0], named[1], named[2], cue)
        if token.pos_ == "PRON":
            return None  # "I", "we", "they", "it": the author or an unnamed group
        described = self.resolver.description(token)
        if described is not None and described.label == "PERSON":
            # "the senator", "the presumptive Republican nominee": the person the article describes so.
            return _Speaker(described.canonical, described.start, described.end, cue)
        voice = self._organisation_voice(token, cue)
        if voice is not None:
            return voice
        return self.phrase(token, cue)

    def _apposed_name(self, token: Token) -> tuple[str, int, int] | None:
        for child in token.children:
            if child.dep_ == "conj":
                # A true conjunct ("Smith and Jones") has "and"/"or"; an apposition only a comma.
                if child.i == 0 or self.tokens[child.left_edge.i - 1].text != "," or any(
                    c.dep_ == "cc" for c in token.children
                ):
                    continue
            elif child.dep_ != "appos":
                continue
            for t in child.subtree:
                if t.i > child.i:
                    break
                found = entity_for(self.entities, t.idx, t.idx + len(t.text))
                if found is not None and found[0].label == "PERSON" and not self.in_quote(t.idx):
                    return found[0].canonical, found[1].start, found[1].end
        return None

    def _organisation_voice(self, token: Token, cue: str) -> _Speaker | None:
        """ "a senior DHS official", "a spokesman for the agency", "an ICE statement": an unnamed
        voice of a named organisation speaks for it. The span is the whole description."""
        if token.lemma_.lower() not in self.org_nouns:
            return None
        left = token.left_edge.i
        right = token.i
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "at", "with", "of", "from"):
                right = child.right_edge.i
                break
        words = [t for t in self.tokens[left : right + 1] if not self.quoted[t.i]]
        if not words:
            return None
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        org = self._organisation_in(start, end)
        if org is None:
            return None
        return _Speaker(org, start, end, cue)

    def _organisation_in(self, start: int, end: int) -> str | None:
        """The ORG named in [start, end): a mention, or an acronym of a named ORG ("ICE")."""
        found = entity_for(self.entities, start, end, inside=True)
        if found is not None and found[0].label == "ORG":
            return found[0].canonical
        for t in self.tokens_between(start, end):
            if t.text.isupper() and 2 <= len(t.text) <= 6 and t.is_alpha:
                orgs = {e.canonical for e in self.entities if e.label == "ORG" and initials_match(t.text, e.canonical)}
                if len(orgs) == 1:
                    return orgs.pop()
        return None

    def phrase(self, token: Token, cue: str) -> _Speaker | None:
        """The subject as written ("a spokesman for the agency"), cut at a comma or clause."""
        words: list[Token] = []
        clauses = [c.left_edge.i for c in token.children if c.dep_ in ("relcl", "acl", "appos") and c.i > token.i]
        stop = min(clauses, default=len(self.tokens))
        for t in token.subtree:
            if t.i > token.i and (t.is_punct or t.i >= stop):
                break
            if self.quoted[t.i]:
                break
            words.append(t)
        words = words[:10]
        if self.quoted[token.i] or not any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for t in words):
            return None  # "the “Gang of Eight” senators who wrote": no speaker outside the quote
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        name = self.text[start:end]
        # "Feinstein commented" when the NER missed the surname of a person named in full earlier.
        if len(words) == 1 and token.pos_ == "PROPN":
            people = {p.canonical for p in self.people if p.start < start and p.canonical.split()[-1] == name}
            if len(people) == 1:
                name = people.pop()
        elif all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words) and 2 <= len(words) <= 3:
            self.add_speaker(start, end, name)  # a name the NER missed ("Julia Solórzano")
        return _Speaker(name, start, end, cue)

    def paragraph_of(self, offset: int) -> int:
        return paragraph_index(self.paragraph_starts, offset)
