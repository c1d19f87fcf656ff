"""Claims: assertive sentences a reader could check or contest, with attribution, types and scores.

A claim is one sentence of the cleaned text that asserts something. Sentences are *not* claims when
they are (reason codes from :func:`not_claim_reason`):

- ``boilerplate``: bylines, photo credits, "Click here", "Sign up" (regexes in ``models/claims.yaml``);
- ``heading``: no finite verb (unless a long full-stopped sentence with a past-tense verb the parser
  misread), or a short, title-cased one-sentence paragraph without final punctuation;
- ``question``: ends with "?", or is a quoted question with only a short tag after it ("..?" she asked);
- ``imperative``: the root is a bare verb with no subject ("Read the report", "Let us look");
- ``discourse``: meta-text ("Before concluding, X is worth considering") with no entity, figure or
  that-clause;
- ``fragment``: fewer than ``min_content_words`` content words ("But there is more.").

Attribution (PolNeAR Source / Cue / Content), first rule that applies wins:

1. *Quote*: the sentence overlaps a direct or partial quote whose speaker is known: the source is the
   speaker's mention (kind named unless the mention itself is vague, e.g. "officials", "a senior DHS
   official" whose quote speaker is the DHS), cue the quote's. A partial quote whose cue sits in a
   subordinate clause ("... after Trump dismissed Tigar as an “Obama judge.”") does not attribute the
   sentence, unless the clause is "as X said" or X is also the main clause's subject.
2. *Cue in the sentence*: a prepositional cue ("according to X", "as per X", sentence-initial "Per X"),
   a phrase cue ("X sounded an alarm over ..."), or a reporting verb (``models/attribution.yaml``) with
   a subject and a content clause ("X said (that) ...", "..., X said") or, for ``object_content_cues``,
   a noun object ("X denied any wrongdoing"); "read/hear/see reports" takes the
   object as the source; a passive cue takes its "by" agent; an agentless passive ("is widely thought
   to", "it is believed that") is a vague source spanning the cue. The cue nearest the root wins.
3. *Continuation* (deliberately narrow): a sentence with no cue of its own inherits the attribution of
   the claim just before it in the same paragraph when that attribution is named and its source is a
   document or data source ("the agency's statistics show ...") and this sentence states a figure in its
   main clause (not in a relative or adverbial clause) and is not evaluative. The chain
   continues through consecutive statistical sentences and stops at anything else. Speech continuing
   over several sentences is carried by the quotes (rule 1); "He added ..." has its own cue (rule 2).
   Without quote records, sentences of one multi-sentence quotation (tracked by quote marks within a
   paragraph) share the cue found in any of them ('"A. B," she said.').

Source kinds: ``self`` when the source is I/we (outside quotes) or an opinion frame ("in my view");
``named`` when the source span holds a person or organisation (an entity mention, a proper noun), a
document owned by a named body ("the US government's own statistics"), or a definite specific source
("the spokesman", "the report"); he/she are named (resolved to the last PERSON mentioned in this or the
previous paragraph for ``entity``); they/it are named when the last attribution in the paragraph was,
else vague; ``vague`` for unspecific sources (experts, critics, officials, reports, studies, "some",
"many", nationality-only modifiers as in "US officials"); ``none`` without a cue.
Stance is the cue's (neutral / factive / distancing / alarm).

Types (several may apply), each with its trigger words in ``type_evidence``: statistical (a figure by
offset overlap; without figures, number tokens that are not dates, times or ordinals), causal, trend,
predictive (cue phrases or a modal governing a verb), evaluative, comparative (cue phrases, superlatives,
comparatives followed by "than"), quote.

Check-worthiness (ClaimBuster-style features, Hassan et al. 2017, as a transparent weighted sum clamped
to [0, 1])::

    0.15 base
  + 0.25 has a figure          + 0.10 has a date            + 0.15 names an actor (entity)
  + 0.15 named source          + 0.05 vague source          + 0.10 factive cue
  + 0.05 per causal / comparative / trend type (at most 0.10) + 0.05 quote
  - 0.15 evaluative            - 0.10 self-attributed (the author's opinion)
  - 0.50 * max(0, base certainty - certainty)   (hedged statements are less checkable)
  - 0.10 fewer than 8 words

Does not catch: clause-level claims inside one sentence (a sentence is one claim), sources introduced
several sentences earlier without a quote, attribution by colon ("The agency: ..."), irony.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..lexicons import load_lexicon
from ..nlp import doc_text
from ..records import Attribution, Claim, Entity, Evidence, Figure, Quote
from .certainty import evidence_of, find_certainty, match_cues

FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"}
CONTENT_DEPS = {"ccomp", "parataxis"}
NAMED_LABELS = {"PERSON", "ORG", "FAC", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT"}
PLACE_LABELS = {"GPE", "NORP", "LOC"}
ACTOR_LABELS = NAMED_LABELS | PLACE_LABELS
NUMBER_LABELS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY"}
NOT_NUMBER_LABELS = {"DATE", "TIME", "ORDINAL"}
QUOTE_CHARS = "\"“”«»"
CLOSERS = "\"'”’»)]"
SOURCE_PREPS = {"of", "from", "at", "for", "by", "with", "in"}
DEFINITE = {"the", "this", "that", "these", "those"}
TYPE_ORDER = ("statistical", "causal", "comparative", "trend", "predictive", "evaluative", "quote")

BASE_CERTAINTY = 0.7
WEIGHTS = {
    "base": 0.15,
    "figure": 0.25,
    "date": 0.10,
    "actor": 0.15,
    "named_source": 0.15,
    "vague_source": 0.05,
    "factive": 0.10,
    "factual_type": 0.05,
    "factual_type_cap": 0.10,
    "quote": 0.05,
    "evaluative": -0.15,
    "self": -0.10,
    "hedged": -0.50,
    "short": -0.10,
}


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    canonical: str
    label: str


@dataclass(frozen=True)
class _Lex:
    cue_verbs: dict[str, str]
    cue_phrases: dict[str, str]
    prep_cues: dict[str, str]
    vague_nouns: frozenset[str]
    vague_dets: frozenset[str]
    document_nouns: frozenset[str]
    self_pronouns: frozenset[str]
    self_phrases: tuple[str, ...]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    generic_pronouns: frozenset[str]
    type_cues: dict[str, tuple[str, ...]]
    predictive_modals: frozenset[str]
    non_comparative: tuple[str, ...]
    discourse: tuple[str, ...]
    passive_vague: frozenset[str]
    object_content: frozenset[str]
    boilerplate: tuple[re.Pattern[str], ...]
    imperative_starters: frozenset[str]
    min_content_words: int


@lru_cache(maxsize=1)
def _lexicons() -> _Lex:
    att: dict[str, Any] = load_lexicon("attribution")
    cl: dict[str, Any] = load_lexicon("claims")

    def low(items: Sequence[str]) -> frozenset[str]:
        return frozenset(str(i).lower() for i in items)

    return _Lex(
        cue_verbs={k.lower(): v for k, v in att["cue_verbs"].items()},
        cue_phrases={k.lower(): v for k, v in att["cue_phrases"].items()},
        prep_cues={k.lower(): v for k, v in att["prepositional_cues"].items()},
        vague_nouns=low(att["vague_source_nouns"]),
        vague_dets=low(att["vague_determiners"]),
        document_nouns=low(att["document_nouns"]),
        self_pronouns=low(att["self_pronouns"]),
        self_phrases=tuple(p.lower() for p in att["self_phrases"]),
        person_pronouns=low(att["person_pronouns"]),
        group_pronouns=low(att["group_pronouns"]),
        generic_pronouns=low(att.get("generic_pronouns", [])),
        type_cues={k: tuple(str(p).lower() for p in v) for k, v in cl["types"].items()},
        predictive_modals=low(cl["predictive_modals"]),
        non_comparative=tuple(p.lower() for p in cl["non_comparative"]),
        discourse=tuple(p.lower() for p in cl["discourse_markers"]),
        passive_vague=low(att["passive_vague_cues"]),
        object_content=low(att.get("object_content_cues", [])),
        boilerplate=tuple(re.compile(p, re.IGNORECASE) for p in cl["boilerplate"]),
        imperative_starters=low(cl["imperative_starters"]),
        min_content_words=int(cl["min_content_words"]),
    )


# --------------------------------------------------------------------------------------------------
# Sentences and what is not a claim


def _trimmed(sent: Span) -> Span | None:
    """The sentence without the whitespace tokens spaCy attaches at its edges."""
    start, end = sent.start, sent.end
    while start < end and sent.doc[start].is_space:
        start += 1
    while end > start and sent.doc[end - 1].is_space:
        end -= 1
    return sent.doc[start:end] if end > start else None


def _has_finite_verb(span: Span) -> bool:
    """A finite verb, or (the small model mistags some) a verb other than a participle with a subject."""
    for t in span:
        if t.tag_ in FINITE_TAGS or "Fin" in t.morph.get("VerbForm"):
            return True
        if t.pos_ in {"VERB", "AUX"} and t.tag_ != "VBG" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children):
            return True
    return False


def _is_whole_paragraph(span: Span) -> bool:
    text = doc_text(span.doc)
    before = text[: span.start_char].rstrip(" \t")
    after = text[span.end_char :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def not_claim_reason(span: Span, *, mentions: Sequence[_Mention] = (), has_figure: bool = False) -> str | None:
    """Why the sentence ``span`` is not a claim (a reason code, see the module docstring), or None."""
    lex = _lexicons()
    text = span.text.strip()
    if not text:
        return "empty"
    if any(p.search(text) for p in lex.boilerplate):
        return "boilerplate"
    if re.match(r"^By\s+[A-Z]", text) and not _has_finite_verb(span):
        return "boilerplate"
    stripped = text.rstrip(CLOSERS + " ")
    if not _has_finite_verb(span):
        # The small parser sometimes reads a main verb as a participle ("3,000 migrants drowned"):
        # a long, full-stopped sentence with a past-tense-looking verb is kept.
        long_sentence = stripped[-1:] in ".!" and sum(t.is_alpha for t in span) >= 8
        if not (long_sentence and any(t.tag_ in {"VBN", "VBD"} and t.dep_ != "amod" for t in span)):
            return "heading"
    if _is_whole_paragraph(span) and stripped[-1:] not in ".!?:;" and len(span) <= 15:
        words = [t for t in span if t.is_alpha and not t.is_stop]
        # Headlines are title-cased; a sentence-case line is a claim that lost its full stop
        # ("Joseph Nye says immigration is a bright spot", story-highlight bullets).
        if words and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words):
            return "heading"
    if stripped.endswith("?"):
        return "question"
    if "?" in text:
        tail = text[text.rfind("?") + 1 :]
        if len(tail.split()) <= 5:
            return "question"
    if _is_imperative(span, lex):
        return "imperative"
    if _is_discourse(span, lex, mentions, has_figure):
        return "discourse"
    content = [t for t in span if (t.is_alpha and not t.is_stop) or t.like_num]
    if len(content) < lex.min_content_words:
        return "fragment"
    return None


def _is_imperative(span: Span, lex: _Lex) -> bool:
    root = span.root
    if root.tag_ != "VB" or any(c.dep_ in SUBJECT_DEPS for c in root.children):
        return False
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children):
        return False  # "Should X happen, ..." and elliptic modals are not orders
    first = next((t for t in span if not t.is_punct and t.lower_ not in QUOTE_CHARS), None)
    if first is None:
        return False
    return first.i == root.i or first.lower_ in lex.imperative_starters or first.lower_ in {"please", "just"}


def _is_discourse(span: Span, lex: _Lex, mentions: Sequence[_Mention], has_figure: bool) -> bool:
    if not match_cues(span, lex.discourse):
        return False
    if has_figure or any(m.label in ACTOR_LABELS for m in mentions):
        return False
    # "It is worth noting that X fell" carries content in its that-clause.
    return not any(t.dep_ == "ccomp" or (t.dep_ == "mark" and t.lower_ == "that") for t in span)


# --------------------------------------------------------------------------------------------------
# Attribution


@dataclass(frozen=True)
class _Found:
    """An attribution found in one sentence, before it becomes a record."""

    attribution: Attribution
    source_head_lemma: str | None = None  # to decide whether a data source may continue
    depth: int = 0


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _source_tokens(head: Token, lex: _Lex) -> tuple[int, int]:
    """Token range [start, end) of the source phrase headed by ``head``.

    Takes everything left of the head (determiners, possessives, modifiers) back to a dash, bracket or
    line break (datelines: "NEW YORK (Reuters) - Lawyers said"), conjoined sources, and prepositional
    attachments that name an organisation or person ("data from Syracuse University", "officials at
    the State Department"); leaves out places ("Cummings, from Iowa"), appositions, relative clauses
    and topics ("reports about X", "critics of X").
    """
    doc = head.doc
    lo, hi = head.left_edge.i, head.i
    for k in range(head.i - 1, lo - 1, -1):
        spaced = bool(doc[k].whitespace_) or (k > 0 and bool(doc[k - 1].whitespace_))
        if (doc[k].text in {"-", "--", "—", "–"} and spaced) or doc[k].text in "()[]" or "\n" in doc[k].text:
            lo = k + 1
            break
    person_group = head.lemma_.lower() in lex.vague_nouns and head.lemma_.lower() not in lex.document_nouns
    for child in head.rights:
        if child.dep_ in {"conj", "cc", "compound", "flat"}:
            hi = max(hi, child.right_edge.i)
        elif child.dep_ == "prep" and child.lower_ in SOURCE_PREPS:
            if person_group and child.lower_ == "of":
                continue
            sub = list(child.subtree)
            if any(t.ent_type_ in NAMED_LABELS or (t.pos_ == "PROPN" and t.ent_type_ not in PLACE_LABELS)
                   for t in sub):
                hi = max(hi, child.right_edge.i)
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return lo, hi + 1


def _overlapping(mentions: Sequence[_Mention], start: int, end: int) -> list[_Mention]:
    return [m for m in mentions if m.start < end and m.end > start]


def _link(mentions: Sequence[_Mention], start: int, end: int, head_char: int | None = None) -> str | None:
    """Canonical of the entity whose mention overlaps the source.

    The mention holding the source's head first ("Tea Party Patriots member Gregg Cummings" is
    Cummings), then people and bodies before places, then the longest overlap.
    """
    hits = _overlapping(mentions, start, end)
    if not hits:
        return None
    hits.sort(
        key=lambda m: (
            not (head_char is not None and m.start <= head_char < m.end),
            m.label not in NAMED_LABELS,
            -(min(end, m.end) - max(start, m.start)),
        )
    )
    return hits[0].canonical


def _link_surname(mentions: Sequence[_Mention], surname: str) -> str | None:
    """The one person whose canonical name ends with ``surname``; None when absent or ambiguous."""
    people = {m.canonical for m in mentions if m.label == "PERSON" and m.canonical.split()[-1:] == [surname]}
    return people.pop() if len(people) == 1 else None


def _named_by_text(doc: Doc, mentions: Sequence[_Mention], word: str) -> str | None:
    """The canonical of a person or body mentioned elsewhere by exactly ``word``."""
    text = doc_text(doc)
    return next((m.canonical for m in mentions if m.label in NAMED_LABELS and text[m.start : m.end] == word), None)


def _classify(doc: Doc, head: Token, lo: int, hi: int, mentions: Sequence[_Mention], lex: _Lex) -> str:
    """named | vague for the source tokens doc[lo:hi] (pronouns and self are handled by the caller)."""
    span = doc[lo:hi]
    lemma = head.lemma_.lower()
    hits = _overlapping(mentions, span.start_char, span.end_char)
    if head.lemma_.lower() in lex.vague_nouns and head.lemma_.lower() not in lex.document_nouns:
        # "critics of Obama": the entity after "of" is the topic, not who speaks.
        topic = {t.idx for c in head.rights if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree}
        hits = [m for m in hits if m.start not in topic]
    determiners = {t.lower_ for t in span if t.i < head.i and t.dep_ in {"det", "amod", "predet", "nummod"}}
    if head.lemma_.lower() in lex.vague_nouns and head.lemma_.lower() not in lex.document_nouns and (
        determiners & lex.vague_dets
    ) and not any(m.label == "PERSON" for m in hits):
        return "vague"  # "a senior DHS official", "some ICE officials": unnamed people of a named body
    if any(m.label in NAMED_LABELS for m in hits):
        return "named"
    if hi - lo == 1 and head.text[:1].isupper() and (
        _link_surname(mentions, head.text) is not None
        or _named_by_text(doc, mentions, head.text) is not None
    ):
        return "named"  # "Trump believes ..." with "Trump" tagged as a common noun: a name used elsewhere
    is_document = lemma in lex.document_nouns or head.lower_ in lex.document_nouns
    # A place or nationality names the speaker when it is the head ("China said") or owns a document
    # ("the US government's statistics"); as a mere modifier of people ("US officials") it does not.
    if any(m.label in PLACE_LABELS and m.start <= head.idx < m.end for m in hits):
        return "named"
    if is_document and hits:
        return "named"
    if head.pos_ == "PROPN" or (is_document and any(t.pos_ == "PROPN" for t in span if t.i < head.i)):
        return "named"  # "an ICE statement": a named body's document
    determiners = {t.lower_ for t in span if t.i < head.i and t.dep_ in {"det", "amod", "predet", "nummod"}}
    determiners |= {t.lemma_.lower() for t in span if t.i < head.i and t.dep_ == "amod"}
    has_owner = any(t.dep_ == "poss" for t in head.children)
    definite = bool(determiners & DEFINITE) or has_owner
    if determiners & lex.vague_dets:
        return "vague"
    if is_document:
        return "named" if definite and head.tag_ in {"NN", "NNP"} else "vague"
    if lemma in lex.vague_nouns or head.lower_ in lex.vague_nouns:
        # "The researchers said" points back at people already identified; "researchers said" does not.
        return "named" if definite and head.pos_ != "PRON" else "vague"
    if head.pos_ == "PRON":
        return "vague"
    return "named" if definite else "vague"


def _attribution_from_source(
    doc: Doc,
    source_head: Token,
    cue_lo: int,
    cue_hi: int,
    stance: str,
    mentions: Sequence[_Mention],
    lex: _Lex,
    context: _Context,
) -> _Found | None:
    lo, hi = _source_tokens(source_head, lex)
    src = doc[lo:hi]
    cue = doc[cue_lo:cue_hi]
    low = source_head.lower_
    entity: str | None = None
    if hi - lo == 1 and low in lex.self_pronouns:
        kind = "self"
    elif hi - lo == 1 and low in lex.person_pronouns:
        kind = "named"
        entity = context.person_for_pronoun(source_head.idx)
    elif hi - lo == 1 and low in lex.group_pronouns:
        # "they"/"it" stand for the source of the claim before (named or vague alike); with none
        # nearby the pronoun is unresolved and attributes nothing ("It's showing his supporters...").
        previous = context.previous_attribution(context.paragraph_of(source_head.idx))
        if previous is None:
            return None
        kind = previous.kind
        entity = previous.entity if previous.kind == "named" else None
    elif hi - lo == 1 and low in lex.generic_pronouns:
        return None  # generic "you" ("If you believe that ...") is nobody's claim
    else:
        kind = _classify(doc, source_head, lo, hi, mentions, lex)
        entity = None
        if kind == "named":
            entity = _link(mentions, src.start_char, src.end_char, source_head.idx)
            if entity is None and (source_head.pos_ == "PROPN" or source_head.text[:1].isupper()):
                entity = _link_surname(mentions, source_head.text) or _named_by_text(
                    doc, mentions, source_head.text
                )
    attribution = Attribution(
        source=src.text,
        kind=kind,
        cue=cue.text,
        stance=stance,
        start=src.start_char,
        end=src.end_char,
        cue_start=cue.start_char,
        cue_end=cue.end_char,
        entity=entity,
    )
    return _Found(attribution, source_head.lemma_.lower(), _depth(doc[cue_lo]))


def _subject_of(verb: Token) -> Token | None:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.head.i != verb.i and (
        verb.dep_ == "conj" or (verb.dep_ == "xcomp" and verb.head.lemma_ in {"go", "continue", "refuse"})
    ):
        # "X went on to say", "X stood up and said": the subject sits on the first verb.
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.tag_ in {"WDT", "WP"}:
        # "the agency, which said ...", "a new analysis that says ...": the noun the clause modifies.
        clause = verb
        while clause.dep_ in {"conj", "ccomp"} and clause.head.i != clause.i:
            clause = clause.head
        subject = clause.head if clause.dep_ == "relcl" else None
    return subject


def _is_clause(head: Token) -> bool:
    """A content clause: finite ("that prices rose", "prices will rise") or introduced by that/whether."""
    if head.tag_ in FINITE_TAGS or head.dep_ == "parataxis":
        return True
    return any(c.dep_ in {"aux", "auxpass", "mark"} and (c.tag_ in FINITE_TAGS or c.dep_ == "mark")
               for c in head.children)


def _has_content(verb: Token, span: Span) -> bool:
    if any(
        (c.dep_ in CONTENT_DEPS or (c.dep_ == "advcl" and c.i < verb.i)) and _is_clause(c)
        for c in verb.children
    ):
        return True
    # '"...," he said.' is often parsed with the quoted clause as a sibling, not a child.
    if verb.dep_ in {"parataxis", "ROOT"} and any(ch in span.text for ch in QUOTE_CHARS):
        return verb.lemma_.lower() in {"say", "tell", "add", "write", "state", "explain"}
    return any(t.text == ":" and t.i == verb.i + 1 for t in span) or any(
        t.text == ":" and t.head.i == verb.i for t in span
    )


def _sentence_attributions(
    span: Span, mentions: Sequence[_Mention], lex: _Lex, context: _Context
) -> list[_Found]:
    doc = span.doc
    tokens = list(span)
    found: list[_Found] = []
    taken: set[int] = set()

    # 1. Prepositional cues: the source is the object of the cue's last word.
    for phrase, a, b in match_cues(tokens, lex.prep_cues):
        last = tokens[b - 1]
        if phrase == "per" and (a != _first_word(tokens) or tokens[a].lower_ != "per"):
            continue  # "per cent", "per year", "$5 per day" are not cues
        obj = next((c for c in last.children if c.dep_ == "pobj"), None)
        if obj is None and b < len(tokens):
            obj = _noun_after(tokens, b)
        if obj is None:
            continue
        _append(
            found, _attribution_from_source(
                doc, obj, tokens[a].i, tokens[b - 1].i + 1, lex.prep_cues[phrase], mentions, lex, context
            )
        )
        taken.update(range(a, b))

    # 2. Phrase cues: "X sounded an alarm over ...", "X raised concerns that ...".
    for phrase, a, b in match_cues(tokens, lex.cue_phrases):
        verb = tokens[a]
        subject = _subject_of(verb)
        if subject is None or verb.pos_ not in {"VERB", "AUX"}:
            continue
        _append(
            found, _attribution_from_source(
                doc, subject, verb.i, tokens[b - 1].i + 1, lex.cue_phrases[phrase], mentions, lex, context
            )
        )
        taken.update(range(a, b))

    # 3. Reporting verbs with a subject (or a passive agent) and a content clause.
    for k, verb in enumerate(tokens):
        lemma = verb.lemma_.lower()
        if k in taken or lemma not in lex.cue_verbs or verb.pos_ not in {"VERB", "AUX"}:
            continue
        if verb.tag_ in {"VBG"} and verb.dep_ == "amod":
            continue  # "increasing reports": an adjective, not a cue
        stance = lex.cue_verbs[lemma]
        cue_hi = verb.i + 1
        if lemma == "point":
            particle = next((c for c in verb.children if c.dep_ == "prt" and c.lower_ == "out"), None)
            if particle is None:
                continue
            cue_hi = particle.i + 1
        if lemma in {"read", "hear", "see"}:
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.lemma_.lower() in lex.vague_nouns | lex.document_nouns:
                _append(found, _attribution_from_source(doc, obj, verb.i, cue_hi, stance, mentions, lex, context))
            continue
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is None and verb.tag_ == "VBN" and lemma in lex.passive_vague and _passive_content(verb):
            lo = min([verb.i] + [c.i for c in verb.lefts if c.dep_ == "advmod" and c.i == verb.i - 1])
            ev = evidence_of(doc, lo, verb.i + 1)
            found.append(_Found(
                Attribution(source=ev.text, kind="vague", cue=ev.text, stance=stance, start=ev.start,
                            end=ev.end, cue_start=ev.start, cue_end=ev.end),
                None,
                _depth(verb),
            ))
            continue
        if agent is not None:
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if obj is not None and _has_content(verb, span):
                _append(found, _attribution_from_source(doc, obj, verb.i, cue_hi, stance, mentions, lex, context))
            continue
        subject = _subject_of(verb)
        object_content = lemma in lex.object_content and any(
            c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN"} for c in verb.children
        )
        if subject is None or subject.dep_ == "expl" or not (object_content or _has_content(verb, span)):
            continue
        if subject.lower_.endswith(("self", "selves")):
            continue  # a reflexive is no source: the sentence was split badly
        if _describes_object(verb):
            continue
        if subject.lower_ in lex.self_pronouns and context.in_quote(subject.idx):
            continue  # "I think" inside a quote is the speaker's, found through the quote
        _append(found, _attribution_from_source(doc, subject, verb.i, cue_hi, stance, mentions, lex, context))

    # 4. Opinion frames of the author: "In my view, ...".
    if not found:
        for _phrase, a, b in match_cues(tokens, lex.self_phrases):
            if context.in_quote(tokens[a].idx):
                continue
            ev = evidence_of(tokens, a, b)
            found.append(
                _Found(
                    Attribution(
                        source=ev.text, kind="self", cue=ev.text, stance="neutral", start=ev.start,
                        end=ev.end, cue_start=ev.start, cue_end=ev.end,
                    ),
                    None,
                    _depth(tokens[a]),
                )
            )
            break
    return found


def _append(found: list[_Found], item: _Found | None) -> None:
    if item is not None:
        found.append(item)


def _describes_object(verb: Token) -> bool:
    """The cue is a present-tense relative clause on an object ("hotlines for immigrants who believe
    their rights were violated", "not to arrest immigrants who say ..."): it says who those people
    are, it does not report a statement. A past one reports one ("Tigar sided with legal groups who
    argued that ...") and attributes the sentence."""
    clause = verb
    while clause.dep_ in {"conj", "ccomp"} and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "relcl" or clause.head.dep_ not in {"pobj", "dobj", "dative"}:
        return False
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    return bool(tags & {"VBP", "VBZ"}) and "VBD" not in tags


def _passive_content(verb: Token) -> bool:
    """ "X is thought to be ...", "it is believed that ...": a passive with a content complement."""
    children = list(verb.children)
    if not any(c.dep_ == "auxpass" for c in children):
        return False
    if any(c.dep_ == "nsubjpass" for c in children) and any(c.dep_ == "xcomp" for c in children):
        return True
    return any(c.dep_ == "ccomp" and _is_clause(c) for c in children)


def _first_word(tokens: Sequence[Token]) -> int:
    return next((k for k, t in enumerate(tokens) if not t.is_punct and not t.is_space), 0)


def _noun_after(tokens: Sequence[Token], b: int) -> Token | None:
    for t in tokens[b : b + 6]:
        if t.pos_ in {"NOUN", "PROPN", "PRON"}:
            return t
    return None


def _quote_attribution(
    doc: Doc, quote: Quote, span: Span, mentions: Sequence[_Mention], lex: _Lex
) -> Attribution:
    stance = "neutral"
    cue_start = cue_end = None
    if quote.cue:
        cue_word = quote.cue.split()[0].lower()
        for t in span.doc[max(0, span.start - 40) : min(len(doc), span.end + 40)]:
            if t.lower_ == cue_word:
                stance = lex.cue_verbs.get(t.lemma_.lower(), "neutral")
                cue_start, cue_end = t.idx, t.idx + len(quote.cue)
                if doc_text(doc)[cue_start:cue_end] != quote.cue:
                    cue_start = cue_end = None
                break
    source, start, end = quote.speaker, None, None
    kind = "named"
    entity = quote.speaker
    if quote.speaker_start is not None and quote.speaker_end is not None:
        start, end = quote.speaker_start, quote.speaker_end
        source = doc_text(doc)[start:end]
        speaker_span = doc.char_span(start, end, alignment_mode="expand")
        # A description standing for a named body ("a senior DHS official" -> DHS) is classified
        # as written: the quote's speaker is the body, the claim's source is an unnamed official.
        is_mention = any(m.start == start and m.end == end for m in mentions)
        if speaker_span is not None and (quote.speaker is None or (not is_mention and len(speaker_span) > 1)):
            low = speaker_span.root.lower_
            if not (len(speaker_span) == 1 and low in lex.person_pronouns | lex.group_pronouns):
                kind = _classify(doc, speaker_span.root, speaker_span.start, speaker_span.end, mentions, lex)
                root = speaker_span.root
                vague_det = any(t.lower_ in lex.vague_dets for t in speaker_span if t.i < root.i)
                if quote.speaker is not None and kind == "vague" and not (
                    vague_det or root.lemma_.lower() in lex.vague_nouns
                ):
                    kind = "named"  # "US government": a body, though written without "the"
            if kind == "vague" and quote.speaker and speaker_span.root.lemma_.lower() in lex.document_nouns:
                kind = "named"  # "an ICE statement": the document of the named body that speaks
        if entity is None and kind == "named":
            entity = _link(mentions, start, end)
    return Attribution(
        source=source, kind=kind, cue=quote.cue, stance=stance, start=start, end=end,
        cue_start=cue_start, cue_end=cue_end, entity=entity,
    )


class _Context:
    """What earlier sentences tell the current one: quotes, people mentioned, the last attribution."""

    def __init__(self, doc: Doc, mentions: Sequence[_Mention], quotes: Sequence[Quote]) -> None:
        self.doc = doc
        self.people = sorted((m for m in mentions if m.label == "PERSON"), key=lambda m: m.start)
        self.people_starts = [m.start for m in self.people]
        self.quote_spans = [(q.start, q.end) for q in quotes]
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", doc_text(doc))]
        self.last: tuple[int, _Found | None, bool] | None = None  # paragraph, found, continuable
        self.last_named: tuple[int, str] | None = None  # paragraph, canonical of the last person source

    def paragraph_of(self, char: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, char) - 1

    def in_quote(self, char: int) -> bool:
        if any(s - 1 <= char < e + 1 for s, e in self.quote_spans):
            return True
        if not self.quote_spans:
            # Without quote records, count the quotation marks before the word in its paragraph.
            para_start = self.paragraph_starts[self.paragraph_of(char)]
            before = doc_text(self.doc)[para_start:char]
            opened = before.count("“") - before.count("”") + before.count('"') % 2
            return opened > 0
        return False

    def person_for_pronoun(self, char: int) -> str | None:
        """he/she: the last named person source nearby, else the last person mentioned nearby."""
        if self.last_named is not None:
            paragraph, canonical = self.last_named
            if self.paragraph_of(char) - paragraph <= 1:
                return canonical
        return self.last_person_before(char)

    def last_person_before(self, char: int) -> str | None:
        k = bisect.bisect_left(self.people_starts, char) - 1
        if k < 0:
            return None
        person = self.people[k]
        # Only within the pronoun's paragraph or the one before: further back is guessing.
        if self.paragraph_of(char) - self.paragraph_of(person.start) > 1:
            return None
        return person.canonical

    def previous_attribution(self, paragraph: int) -> Attribution | None:
        """The named or vague attribution of the claim just before, in this or the last paragraph."""
        if self.last is None or self.last[1] is None or paragraph - self.last[0] > 1:
            return None
        att = self.last[1].attribution
        return att if att.kind in ("named", "vague") else None

    def previous_named(self) -> str | None:
        if self.last is None or self.last[1] is None:
            return None
        att = self.last[1].attribution
        if att.kind != "named":
            return None
        return att.entity or att.source


# --------------------------------------------------------------------------------------------------
# Types


def _statistical_evidence(span: Span, figures: Sequence[Figure], use_tokens: bool) -> list[Evidence]:
    s, e = span.start_char, span.end_char
    if not use_tokens:
        return [Evidence(f.text, f.start, f.end) for f in figures if f.start < e and f.end > s]
    out: list[Evidence] = []
    for t in span:
        if t.ent_type_ in NOT_NUMBER_LABELS or t.ent_type_ in NAMED_LABELS or t.pos_ == "PROPN":
            continue
        if t.is_alpha and not t.is_lower:
            continue  # "Zero Covid Policy", "One Belt": capitalised number words inside names
        if t.ent_type_ in NUMBER_LABELS and (t.like_num or t.pos_ == "NUM") or (t.like_num and t.is_digit):
            if out and out[-1].end + 1 >= t.idx and doc_text(span.doc)[out[-1].end : t.idx].strip() == "":
                out[-1] = Evidence(doc_text(span.doc)[out[-1].start : t.idx + len(t)], out[-1].start, t.idx + len(t))
            else:
                out.append(Evidence(t.text, t.idx, t.idx + len(t)))
    return out


def _comparative_evidence(tokens: list[Token], lex: _Lex) -> list[Evidence]:
    out = [evidence_of(tokens, a, b) for _p, a, b in match_cues(tokens, lex.type_cues["comparative"])]
    excluded: set[int] = set()
    for _p, a, b in match_cues(tokens, lex.non_comparative):
        excluded.update(range(a, b))
    has_than = any(t.lower_ == "than" for t in tokens)
    for k, t in enumerate(tokens):
        if k in excluded or any(ev.start <= t.idx < ev.end for ev in out):
            continue
        if t.tag_ in {"JJS", "RBS"}:
            if t.lemma_.lower() == t.lower_ and t.lower_ not in {"most", "least", "best", "worst"}:
                continue  # the tagger calls "southwest" a superlative
            if t.lower_ in {"most", "least"}:
                # "the most dangerous" compares; "most people" quantifies.
                nxt = tokens[k + 1] if k + 1 < len(tokens) else None
                if nxt is None or nxt.pos_ not in {"ADJ", "ADV"}:
                    continue
                out.append(evidence_of(tokens, k, k + 2))
            else:
                out.append(evidence_of(tokens, k, k + 1))
        elif t.tag_ in {"JJR", "RBR"} and has_than and any(
            u.lower_ == "than" and 0 < u.i - t.i <= 6 for u in tokens
        ):
            out.append(evidence_of(tokens, k, k + 1))
    return out


def _predictive_evidence(tokens: list[Token], lex: _Lex) -> list[Evidence]:
    out = [evidence_of(tokens, a, b) for _p, a, b in match_cues(tokens, lex.type_cues["predictive"])]
    for k, t in enumerate(tokens):
        if t.tag_ == "MD" and t.lower_ in lex.predictive_modals and t.head.pos_ in {"VERB", "AUX"}:
            if t.lower_ == "would" and any(c.dep_ == "acomp" for c in t.head.children):
                continue  # "it would be prudent": an evaluation, not a prediction
            head = t.head
            end = head.i + 1 if head.i > t.i and head.i - t.i <= 3 else t.i + 1
            out.append(Evidence(doc_text(t.doc)[t.idx : t.doc[end - 1].idx + len(t.doc[end - 1])], t.idx,
                                t.doc[end - 1].idx + len(t.doc[end - 1])))
    return out


def _types(
    span: Span,
    figures: Sequence[Figure],
    use_number_tokens: bool,
    quote: Quote | None,
    lex: _Lex,
) -> tuple[tuple[str, ...], tuple[Evidence, ...]]:
    tokens = list(span)
    evidence: dict[str, list[Evidence]] = {}
    stats = _statistical_evidence(span, figures, use_number_tokens)
    stats += [evidence_of(tokens, a, b) for _p, a, b in match_cues(tokens, lex.type_cues["statistical"])]
    if stats:
        evidence["statistical"] = stats
    for kind in ("causal", "trend", "evaluative"):
        hits = [
            evidence_of(tokens, a, b)
            for _p, a, b in match_cues(tokens, lex.type_cues[kind])
            # An evaluative adjective judges when predicated ("the policy is cruel"); as a modifier
            # ("dangerous crossings") it mostly describes, and loaded words are the devices' business.
            if not (kind == "evaluative" and b - a == 1 and tokens[a].dep_ == "amod")
        ]
        if hits:
            evidence[kind] = hits
    comparative = _comparative_evidence(tokens, lex)
    if comparative:
        evidence["comparative"] = comparative
    predictive = _predictive_evidence(tokens, lex)
    if predictive:
        evidence["predictive"] = predictive
    if quote is not None:
        evidence["quote"] = [Evidence(quote.text, quote.start, quote.end)]
    elif _fallback_quote(span) is not None:
        evidence["quote"] = [_fallback_quote(span)]  # type: ignore[list-item]
    types = tuple(t for t in TYPE_ORDER if t in evidence)
    flat: dict[tuple[int, int], Evidence] = {}
    for t in types:
        for ev in evidence[t]:
            flat.setdefault((ev.start, ev.end), ev)
    return types, tuple(sorted(flat.values(), key=lambda e: (e.start, e.end)))


def _fallback_quote(span: Span) -> Evidence | None:
    """Without quote records: text between curly or straight double quotes, three words or more."""
    match = re.search(r"[“\"]([^”\"]{3,})[”\"]", span.text)
    if match is None or len(match.group(1).split()) < 3:
        return None
    start = span.start_char + match.start(1)
    return Evidence(match.group(1), start, start + len(match.group(1)))


# --------------------------------------------------------------------------------------------------
# Scores


def _checkworthiness(
    types: Sequence[str],
    attribution: Attribution,
    certainty: float,
    has_date: bool,
    has_actor: bool,
    n_words: int,
) -> float:
    w = WEIGHTS
    score = w["base"]
    score += w["figure"] if "statistical" in types else 0.0
    score += w["date"] if has_date else 0.0
    score += w["actor"] if has_actor else 0.0
    score += {"named": w["named_source"], "vague": w["vague_source"], "self": w["self"]}.get(attribution.kind, 0.0)
    score += w["factive"] if attribution.stance == "factive" else 0.0
    factual = sum(1 for t in ("causal", "comparative", "trend") if t in types)
    score += min(w["factual_type_cap"], factual * w["factual_type"])
    score += w["quote"] if "quote" in types else 0.0
    score += w["evaluative"] if "evaluative" in types else 0.0
    score += w["hedged"] * max(0.0, BASE_CERTAINTY - certainty)
    score += w["short"] if n_words < 8 else 0.0
    return round(min(1.0, max(0.0, score)), 3)


# --------------------------------------------------------------------------------------------------
# The extractor


def _mentions(doc: Doc, entities: Sequence[Entity]) -> list[_Mention]:
    if entities:
        return sorted(
            (_Mention(m.start, m.end, e.canonical, e.label) for e in entities for m in e.mentions),
            key=lambda m: m.start,
        )
    # Without the entities extractor's output, spaCy's entities stand in (canonical = surface text).
    return [_Mention(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents if e.label_ in ACTOR_LABELS]


def _quote_governs(span: Span, quote: Quote, mentions: Sequence[_Mention]) -> bool:
    """A partial quote attributes its sentence only when its cue is the main verb ("Sessions called
    the schedule “unacceptable.”") or its speaker is the main clause's subject ("Hernandez defended
    his reputation against what he called “smears”"); otherwise ("The ruling led to a dispute after
    Trump dismissed Tigar as an “Obama judge.”") the sentence is the writer's."""
    if quote.kind != "partial" or not quote.cue or not quote.cue[:1].isalpha():
        return True
    cue = quote.cue.split()[0].lower()
    cue_token = next((t for t in span if t.lower_ == cue and not (quote.start <= t.idx < quote.end)), None)
    if cue_token is None:
        return True
    head = cue_token
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    root = span.root
    if head.dep_ in {"ROOT", "parataxis"} or head.head.i == head.i:
        return True
    if head.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in head.children):
        return True  # "As NPR's Greg Myre has reported, the list “doesn't include ...”"
    if head.head.i == root.i and root.pos_ not in {"VERB", "AUX"}:
        return True  # a misparse hanging the verb on the subject name ("Cornyn ..., compared")
    subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or quote.speaker is None:
        return False
    linked = _link(mentions, subject.idx, subject.idx + len(subject.text))
    return linked == quote.speaker or (
        quote.speaker_start is not None and quote.speaker_start <= subject.idx < (quote.speaker_end or 0)
    )


def _claim_quote(span: Span, quotes: Sequence[Quote]) -> Quote | None:
    s, e = span.start_char, span.end_char
    inside = [q for q in quotes if q.kind in {"direct", "partial"} and q.start < e and q.end > s]
    if not inside:
        return None
    return max(inside, key=lambda q: (q.kind == "direct", min(e, q.end) - max(s, q.start)))


def extract_claims(
    doc: Doc,
    *,
    entities: Sequence[Entity] = (),
    figures: Sequence[Figure] = (),
    quotes: Sequence[Quote] = (),
) -> list[Claim]:
    """The claims of a parsed article, in text order (ids ``c-{start}``).

    ``entities``, ``figures`` and ``quotes`` are the other extractors' records for the same ``doc``;
    without them, spaCy's entities and number tokens stand in and quotes are found by their marks.
    The doc is not changed.
    """
    lex = _lexicons()
    mentions = _mentions(doc, entities)
    context = _Context(doc, mentions, quotes)
    use_number_tokens = not figures
    claims: list[Claim] = []
    features: list[tuple[int | None, bool, bool, bool, int]] = []  # run, own cue, date, actor, words
    spans = [t for t in (_trimmed(sent) for sent in doc.sents) if t is not None]
    runs = _quote_runs(spans, context) if not quotes else [None] * len(spans)
    for span, run in zip(spans, runs):
        s, e = span.start_char, span.end_char
        paragraph = context.paragraph_of(s)
        inside = _overlapping(mentions, s, e)
        fig_hits = [f for f in figures if f.start < e and f.end > s]
        reason = not_claim_reason(
            span, mentions=inside, has_figure=bool(fig_hits) or bool(_statistical_evidence(span, (), True))
        )
        if reason is not None:
            if reason == "heading":
                context.last = None
            continue
        quote = _claim_quote(span, quotes)
        types, type_evidence = _types(span, figures, use_number_tokens, quote, lex)

        continued = False
        found_here = _sentence_attributions(span, mentions, lex, context)
        if quote is not None and (quote.speaker or quote.speaker_start is not None) and _quote_governs(span, quote, mentions):
            attribution = _quote_attribution(doc, quote, span, mentions, lex)
            found: _Found | None = _Found(attribution)
        elif found_here:
            found = min(found_here, key=lambda f: (f.depth, f.attribution.cue_start or 0))
        else:
            found = None
            last = context.last
            if (
                last is not None
                and last[0] == paragraph
                and last[1] is not None
                and last[2]
                and "statistical" in types
                and "evaluative" not in types
                and _figure_in_main_clause(span, fig_hits)
            ):
                found = last[1]
                continued = True
        attribution = found.attribution if found is not None else Attribution(source=None, kind="none")
        continuable = (
            found is not None
            and attribution.kind == "named"
            and (found.source_head_lemma in lex.document_nouns or continued)
        )
        context.last = (paragraph, found, continuable)
        if attribution.kind == "named" and attribution.entity and any(
            m.canonical == attribution.entity and m.label == "PERSON" for m in mentions
        ):
            context.last_named = (paragraph, attribution.entity)

        certainty, hedges, boosters = find_certainty(span)
        canon = tuple(dict.fromkeys(m.canonical for m in inside))
        has_date = any(t.ent_type_ == "DATE" for t in span)
        n_words = sum(1 for t in span if t.is_alpha)
        features.append((run, bool(found_here) and not continued, has_date, bool(inside), n_words))
        claims.append(
            Claim(
                id=f"c-{s}",
                text=span.text,
                start=s,
                end=e,
                types=types,
                attribution=attribution,
                figures=tuple(f.id for f in fig_hits),
                entities=canon,
                quote_id=quote.id if quote is not None else None,
                certainty=certainty,
                hedges=hedges,
                boosters=boosters,
                checkworthiness=_checkworthiness(types, attribution, certainty, has_date, bool(inside), n_words),
                type_evidence=type_evidence,
            )
        )
    return _share_within_quote_runs(claims, features)


def _figure_in_main_clause(span: Span, figures: Sequence[Figure]) -> bool:
    """A figure outside relative and adverbial clauses ("Sticking with Mr. Trump, whose ratings top
    50 percent, is in his interest" states no figure of its own); true without figure records."""
    if not figures:
        return True
    doc = span.doc
    for f in figures:
        tok = doc.char_span(f.start, f.end, alignment_mode="expand")
        if tok is None:
            continue
        node, inside = tok.root, False
        while node.head.i != node.i:
            if node.dep_ in {"relcl", "advcl", "acl", "csubj"}:
                inside = True
                break
            node = node.head
        if not inside:
            return True
    return False


def _quote_runs(spans: Sequence[Span], context: _Context) -> list[int | None]:
    """For each sentence, the id of the multi-sentence quotation it belongs to (None if it is in none).

    Used only without quote records: '"A. B," she said.' makes one run of the two sentences.
    """
    runs: list[int | None] = []
    open_marks = 0
    paragraph = -1
    run_id = 0
    for span in spans:
        p = context.paragraph_of(span.start_char)
        if p != paragraph:
            paragraph, open_marks = p, 0
        starts_inside = open_marks > 0
        for ch in span.text:
            if ch == "“":
                open_marks += 1
            elif ch == "”":
                open_marks = max(0, open_marks - 1)
            elif ch == '"':
                open_marks = 0 if open_marks else 1
        ends_open = open_marks > 0
        if not starts_inside and ends_open:
            run_id += 1
        runs.append(run_id if starts_inside or ends_open else None)
    return runs


def _share_within_quote_runs(
    claims: list[Claim], features: Sequence[tuple[int | None, bool, bool, bool, int]]
) -> list[Claim]:
    """Sentences of one quotation without a cue take the cue found in another sentence of it."""
    by_run: dict[int, Attribution] = {}
    for claim, (run, own, *_rest) in zip(claims, features):
        if run is not None and own and run not in by_run and claim.attribution.kind in {"named", "vague"}:
            by_run[run] = claim.attribution
    out: list[Claim] = []
    for claim, (run, _own, has_date, has_actor, n_words) in zip(claims, features):
        if run in by_run and claim.attribution.kind == "none":
            attribution = by_run[run]
            score = _checkworthiness(claim.types, attribution, claim.certainty, has_date, has_actor, n_words)
            claim = replace(claim, attribution=attribution, checkworthiness=score)
        out.append(claim)
    return out
