"""Loaded language scored word by word from broad lexicons, with context rules.

Method: every content word of the author's own text (adjectives, adverbs, verbs, nouns) found in a
lexicon gets these features: VADER's absolute valence (/4) and whether it is negative, TextBlob's
subjectivity, membership of framelens' own list of loaded words (models/devices.yaml ``loaded.words``) and
of its broad hand-written lexicon by kind (models/loaded_words.yaml: evaluative adjectives, adverbs, loaded
verbs, evaluative nouns, labels; each only in its part of speech), its part of speech, whether a degree
modifier intensifies it ("totally", "deeply": ``loaded.intensifiers``)
and how loaded the rest of its sentence is (the share of its other content words with strong lexicon
evidence, up to ``loaded.context_cap``: evaluative words come in evaluative sentences). A logistic score
of them (weights in ``loaded.weights``, fitted on BABE inside 5-fold cross-validation by ``framelens eval
--babe FILE --fit``) is the probability that a careful reader marks the word as loaded. Neighbouring
scored words form one device ("characteristically bizarre").

Context rules, before any score: names and titles never count (named entities, proper nouns,
capitalised words inside a sentence: "Critical Care Unit", "Radical Republicans"); neutral senses
and technical uses listed in ``loaded.neutral_phrases`` ("heat wave", "critical care") and words
that name events rather than judge them (``loaded.neutral_words``: killed, crime, victims) are
skipped; words inside quotations are not the author's (direct and partial quotes are someone else's
words, and scare quotes are their own device) and are skipped, as are words in the reported content of
someone else's speech or stated view ("critics described it as dangerous": voice.py); a negated word
("not radical", negation words of models/certainty.yaml) keeps ``loaded.negated_factor`` of its score.

Does not catch: loadedness carried by a phrase whose words are plain ("took a swipe"), irony, or
words missing from all three lexicons; it cannot tell a loaded word chosen by the author from the
same word used neutrally in a sense the rules do not list.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
from spacy.attrs import ENT_TYPE, IDX, IS_ALPHA, IS_STOP, IS_TITLE, POS, SENT_START
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Token

from ...lexicons import LexiconError, load_lexicon, load_typed
from ...package_lexicons import textblob_subjectivity, vader_valence
from ...records import Device, Evidence, Quote
from ..frames import token_forms
from .base import LEXICON, make_device, rules
from .voice import reported_by_other

FEATURES = ("vader", "negative", "subjectivity", "own", "broad", "adj", "adv", "verb", "intensified",
            "context")
BROAD = "loaded_words"


@dataclass(frozen=True)
class LoadedLexicon:
    """The ``loaded`` section of models/devices.yaml, validated by ``load_typed``."""

    weights: dict[str, float]  # "bias" and one per FEATURES
    min_score: float  # below it no device is made at all
    negated_factor: float
    parts_of_speech: frozenset[str]
    words: frozenset[str]
    intensifiers: frozenset[str]
    # A word is strong evidence for the sentence context at this |valence| or subjectivity.
    strong_valence: float
    strong_subjectivity: float
    context_cap: int
    neutral_words: frozenset[str]
    neutral_phrases: tuple[str, ...]

    def __post_init__(self) -> None:
        missing = {"bias", *FEATURES} - set(self.weights)
        if missing:
            raise LexiconError(f"models/devices.yaml [loaded]: weights lack {sorted(missing)}")
        if not (0 <= self.min_score <= 1 and 0 <= self.negated_factor <= 1 and self.context_cap > 0):
            raise LexiconError("models/devices.yaml [loaded]: min_score and negated_factor must be in "
                               "[0, 1], context_cap above 0")

    @cached_property
    def phrases(self) -> dict[str, tuple[tuple[tuple[str, ...], int], ...]]:
        """Each word of a neutral phrase -> the phrases holding it, with the word's position there."""
        index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for text in self.neutral_phrases:
            phrase = tuple(text.lower().split())
            for k, word in enumerate(phrase):
                index.setdefault(word, []).append((phrase, k))
        return {word: tuple(found) for word, found in index.items()}


@cache
def loaded_lexicon() -> LoadedLexicon:
    return load_typed(LEXICON, LoadedLexicon, "loaded")


@cache
def literal_subjects() -> frozenset[str]:
    """Physical forces whose figurative verbs are literal (``literal_subjects``, models/loaded_words.yaml)."""
    return frozenset(str(w).lower() for w in load_lexicon(BROAD).get("literal_subjects", ()))


@cache
def literal_prepositions() -> frozenset[str]:
    """Prepositions of physical movement that make a figurative verb literal ("ripped from", "slammed into
    the wall"); not "over", the preposition of a criticism's reason ("slammed Democrats over the
    shutdown")."""
    return frozenset(str(w).lower() for w in load_lexicon(BROAD).get("literal_prepositions", ()))


@cache
def broad_lexicon() -> dict[str, dict[str, str]]:
    """models/loaded_words.yaml by part of speech: POS -> word -> its kind ("adjectives", "labels"...).

    A word counts only in the parts of speech of its kind (``parts_of_speech``): "a sound plan" is not
    the noun, "the elite" as a noun is a label.
    """
    data = load_lexicon(BROAD)
    kinds = data.get("parts_of_speech")
    if not isinstance(kinds, dict):
        raise LexiconError("models/loaded_words.yaml: 'parts_of_speech' must map each kind to its POS tags")
    by_pos: dict[str, dict[str, str]] = {}
    for kind, tags in kinds.items():
        words = data.get(kind)
        if not isinstance(words, list) or not isinstance(tags, list):
            raise LexiconError(f"models/loaded_words.yaml: '{kind}' must be a list of words and of POS tags")
        for tag in tags:
            for word in words:
                by_pos.setdefault(str(tag), {}).setdefault(str(word).lower(), str(kind))
    return by_pos


@cache
def negation_words() -> frozenset[str]:
    """One list of negations for the project: models/certainty.yaml's."""
    return frozenset(str(w).lower() for w in load_lexicon("certainty")["negation_words"])


@dataclass(frozen=True)
class Candidate:
    """A content word with its lexicon features, before weights are applied."""

    i: int  # token index
    features: tuple[float, ...]  # in FEATURES order
    negated: bool
    entries: tuple[str, ...]


def score_of(candidate: Candidate, weights: dict[str, float], negated_factor: float) -> float:
    pairs = zip(FEATURES, candidate.features, strict=True)
    z = weights["bias"] + sum(weights[name] * value for name, value in pairs)
    score = 1 / (1 + math.exp(-z))
    return score * negated_factor if candidate.negated else score


def _negated(token: Token, negations: frozenset[str]) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if token.dep_ in {"acomp", "attr", "advmod", "amod", "xcomp", "dobj"} and any(
            c.dep_ == "neg" for c in token.head.children):
        return True
    return token.i > 0 and token.doc[token.i - 1].lower_ in negations


def _broad_verb_applies(verb: Token, kind: str) -> bool:
    """A verb of the broad lexicon in its loaded use.

    A verb of ``figurative_verbs`` counts only without a literal particle or object (the criticism rules
    of devices.yaml), a preposition of movement (``literal_prepositions``) and a physical force as its
    subject: "Democrats slashed funding", not "she slammed the door", "they ripped children from their
    parents", "the storm ripped ...".
    """
    if kind != "figurative_verbs":
        return True
    children = list(verb.children)
    rule = rules()
    if any((c.dep_ in {"prt", "advmod"} and c.lower_ in rule.criticism_literal_particles)
           or (c.dep_ == "prep" and c.lower_ in literal_prepositions())
           or (c.dep_ == "dobj" and c.lemma_.lower() in rule.criticism_literal_objects) for c in children):
        return False
    # A physical force as the subject is literal ("the explosion blasted ..."); people, groups and
    # abstractions ("the bill guts protections") are not told apart.
    subject = next((c for c in children if c.dep_ == "nsubj"), None)
    return subject is None or subject.lemma_.lower() not in literal_subjects()


def _intensified(token: Token, intensifiers: frozenset[str]) -> bool:
    """A degree modifier on the word ("deeply flawed", "totally unacceptable")."""
    if token.i > 0 and token.doc[token.i - 1].lower_ in intensifiers:
        return True
    return any(c.dep_ == "advmod" and c.lower_ in intensifiers for c in token.children)


def _neutral_sense(i: int, lemmas: Sequence[str], lowers: Sequence[str],
                   phrases: dict[str, tuple[tuple[tuple[str, ...], int], ...]]) -> bool:
    """Whether token ``i`` is part of a listed neutral phrase ("heat wave", "critical care"); only the
    phrases holding the token's word are tried, at the one place where the word sits in them."""
    for words in (lemmas, lowers):
        for phrase, k in phrases.get(words[i], ()):
            start = i - k
            if start >= 0 and tuple(words[start:start + len(phrase)]) == phrase:
                return True
    return False


@dataclass(frozen=True)
class _Hit:
    """A content word found in a lexicon, before the sentence context is known."""

    i: int
    sentence: int
    valence: float
    subjective: float
    own: bool
    broad: str  # the kind of models/loaded_words.yaml, "" when absent
    pos: str


def _lexicon_hits(doc: Doc, quotes: Sequence[Quote], lexicon: LoadedLexicon) -> list[_Hit]:
    """Content words with lexicon evidence outside names, titles, quotes and neutral senses.

    Reads the token attributes once as integer columns (``doc.to_array``) and looks strings up only for
    content words, so the Python loop stays cheap on long articles.
    """
    if not len(doc):
        return []
    vader, subjectivity, broad_words = vader_valence(), textblob_subjectivity(), broad_lexicon()
    pos_ids = {POS_IDS[p]: p for p in lexicon.parts_of_speech}
    array = doc.to_array([POS, IS_ALPHA, IS_STOP, ENT_TYPE, IS_TITLE, SENT_START, IDX])
    # Content words outside names and titles (entities, capitalised words inside a sentence), chosen on
    # the integer columns before any string is read.
    content = (np.isin(array[:, 0], list(pos_ids)) & (array[:, 1] != 0) & (array[:, 2] == 0)
               & (array[:, 3] == 0) & ~((array[:, 4] != 0) & (array[:, 5] != 1)))
    for quote in quotes:  # words quoted from someone else are theirs
        content &= (array[:, 6] < quote.start) | (array[:, 6] >= quote.end)
    sentences = np.cumsum(array[:, 5] == 1).tolist()
    lowers, lemma_forms = token_forms(doc)
    lemmas = [lemma.lower() for lemma in lemma_forms]
    hits = []
    for i in np.flatnonzero(content).tolist():
        pos = pos_ids[int(array[i, 0])]
        lower, lemma = lowers[i], lemmas[i]
        valence = vader.get(lower, vader.get(lemma, 0.0))
        subjective = subjectivity.get(lower, subjectivity.get(lemma, 0.0))
        own = lower in lexicon.words or lemma in lexicon.words
        by_kind = broad_words.get(pos, {})
        broad = by_kind.get(lower) or by_kind.get(lemma) or ""
        if broad and pos == "VERB" and not _broad_verb_applies(doc[i], broad):
            broad = ""
        if not (valence or subjective or own or broad):
            continue
        if lemma in lexicon.neutral_words or lower in lexicon.neutral_words:
            continue
        if _neutral_sense(i, lemmas, lowers, lexicon.phrases):
            continue
        hits.append(_Hit(i, sentences[i], valence, subjective, own, broad, pos))
    return hits


def candidates(doc: Doc, quotes: Sequence[Quote] = ()) -> list[Candidate]:
    """Content words outside names, titles, quotes and neutral senses, with their features."""
    lexicon = loaded_lexicon()
    hits = _lexicon_hits(doc, quotes, lexicon)
    is_strong = [hit.own or bool(hit.broad) or abs(hit.valence) >= lexicon.strong_valence
                 or hit.subjective >= lexicon.strong_subjectivity for hit in hits]
    strong: dict[int, int] = {}
    for hit, strong_hit in zip(hits, is_strong, strict=True):
        strong[hit.sentence] = strong.get(hit.sentence, 0) + strong_hit
    negations = negation_words()
    found: list[Candidate] = []
    for hit, strong_hit in zip(hits, is_strong, strict=True):
        token = doc[hit.i]
        if reported_by_other(token):
            continue  # "critics described it as dangerous": the critics' word, not the author's
        others = strong[hit.sentence] - strong_hit
        lower = token.lower_
        entries = tuple(entry for entry, present in (
            (f"vader:{lower}={hit.valence:g}", hit.valence),
            (f"textblob:{lower}={hit.subjective:.2f}", hit.subjective),
            ("devices.yaml:loaded.words", hit.own),
            (f"{BROAD}.yaml:{hit.broad}", hit.broad)) if present)
        features = (abs(hit.valence) / 4, float(hit.valence < 0), hit.subjective, float(hit.own),
                    float(bool(hit.broad)),
                    float(hit.pos == "ADJ"), float(hit.pos == "ADV"), float(hit.pos == "VERB"),
                    float(_intensified(token, lexicon.intensifiers)),
                    min(others, lexicon.context_cap) / lexicon.context_cap)
        found.append(Candidate(hit.i, features, _negated(token, negations), entries))
    return found


def devices_from_candidates(doc: Doc, found: Sequence[Candidate], *, weights: dict[str, float],
                            negated_factor: float, min_score: float) -> list[Device]:
    """Score the candidates; neighbouring words at or above ``min_score`` make one device."""
    scored = [(c, score_of(c, weights, negated_factor)) for c in found]
    kept = [(c, s) for c, s in scored if s >= min_score]
    groups: list[list[tuple[Candidate, float]]] = []
    for item in kept:
        if groups and groups[-1][-1][0].i + 1 == item[0].i:
            groups[-1].append(item)
        else:
            groups.append([item])
    out: list[Device] = []
    for group in groups:
        first, last = doc[group[0][0].i], doc[group[-1][0].i]
        evidence = [Evidence(doc[c.i].text, doc[c.i].idx, doc[c.i].idx + len(doc[c.i])) for c, _ in group]
        entries = tuple(e for c, _ in group for e in c.entries)
        score = max(s for _, s in group)
        out.append(make_device(doc, "loaded_language", first.idx, last.idx + len(last), score,
                               evidence=evidence, entries=entries))
    return out


def loaded_words(doc: Doc, quotes: Sequence[Quote], lexicon: LoadedLexicon) -> list[Device]:
    """Loaded language from the lexicons."""
    return devices_from_candidates(doc, candidates(doc, quotes), weights=lexicon.weights,
                                   negated_factor=lexicon.negated_factor, min_score=lexicon.min_score)
