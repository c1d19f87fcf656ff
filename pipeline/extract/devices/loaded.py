"""Loaded language scored word by word from broad lexicons, with context rules.

Method: every content word of the author's own text (adjectives, adverbs, verbs, nouns) gets three
lexicon features, VADER's absolute valence (/4), TextBlob's subjectivity and membership of framelens'
own list of loaded words (models/devices.yaml ``loaded.words``), plus its part of speech; a logistic
score of them (weights in ``loaded.weights``, fitted on BABE inside 5-fold cross-validation by
``framelens eval --babe FILE --fit``) is the probability that a careful reader marks the word as
loaded. Neighbouring scored words form one device ("characteristically bizarre").

Context rules, before any score: names and titles never count (named entities, proper nouns,
capitalised words inside a sentence: "Critical Care Unit", "Radical Republicans"); neutral senses
and technical uses listed in ``loaded.neutral_phrases`` ("heat wave", "critical care") and words
that name events rather than judge them (``loaded.neutral_words``: killed, crime, victims) are
skipped; words inside quotations are not the author's (direct and partial quotes are someone else's
words, and scare quotes are their own device) and are skipped; a negated word ("not radical")
keeps ``loaded.negated_factor`` of its score.

Does not catch: loadedness carried by a phrase whose words are plain ("took a swipe"), irony, or
words missing from all three lexicons; it cannot tell a loaded word chosen by the author from the
same word used neutrally in a sense the rules do not list.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from ...lexicons import load_lexicon
from ...package_lexicons import textblob_subjectivity, vader_valence
from ...records import Device, Evidence, Quote
from .base import LEXICON, make_device

FEATURES = ("vader", "subjectivity", "own", "adj", "adv", "verb")
_NEGATIONS = frozenset(["not", "n't", "never", "no", "hardly", "neither", "nor"])


@dataclass(frozen=True)
class LoadedLexicon:
    """The ``loaded`` section of models/devices.yaml, validated."""

    weights: dict[str, float]  # "bias" and one per FEATURES
    min_score: float  # below it no device is made at all
    negated_factor: float
    parts_of_speech: frozenset[str]
    words: frozenset[str]
    neutral_words: frozenset[str]
    neutral_phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def from_spec(cls, spec: dict) -> LoadedLexicon:
        weights = {str(k): float(v) for k, v in spec["weights"].items()}
        missing = {"bias", *FEATURES} - set(weights)
        if missing:
            raise ValueError(f"devices lexicon: loaded.weights lacks {sorted(missing)}")
        score = float(spec["min_score"])
        factor = float(spec["negated_factor"])
        if not (0 <= score <= 1 and 0 <= factor <= 1):
            raise ValueError("devices lexicon: loaded.min_score and negated_factor must be in [0, 1]")
        phrases = tuple(tuple(str(p).lower().split()) for p in spec["neutral_phrases"])
        return cls(weights, score, factor, frozenset(str(p) for p in spec["parts_of_speech"]),
                   frozenset(str(w).lower() for w in spec["words"]),
                   frozenset(str(w).lower() for w in spec["neutral_words"]), phrases)


@cache
def loaded_lexicon() -> LoadedLexicon:
    return LoadedLexicon.from_spec(load_lexicon(LEXICON)["loaded"])


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


def _in_spans(start: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in spans)


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if token.dep_ in {"acomp", "attr", "advmod", "amod", "xcomp", "dobj"} and any(
            c.dep_ == "neg" for c in token.head.children):
        return True
    return token.i > 0 and token.doc[token.i - 1].lower_ in _NEGATIONS


def _neutral_sense(token: Token, lemmas: Sequence[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the token is part of a listed neutral phrase ("heat wave", "critical care")."""
    for phrase in phrases:
        n = len(phrase)
        for start in range(max(0, token.i - n + 1), min(token.i, len(lemmas) - n) + 1):
            window = lemmas[start:start + n]
            lowers = [t.lower_ for t in token.doc[start:start + n]]
            if tuple(window) == phrase or tuple(lowers) == phrase:
                return True
    return False


def _is_name_or_title(token: Token) -> bool:
    """Named entities, proper nouns and capitalised words inside a sentence never count."""
    return bool(token.ent_type_) or token.pos_ == "PROPN" or (token.is_title and not token.is_sent_start)


def candidates(doc: Doc, quotes: Sequence[Quote] = ()) -> list[Candidate]:
    """Content words outside names, titles, quotes and neutral senses, with their lexicon features."""
    lexicon = loaded_lexicon()
    vader, subjectivity = vader_valence(), textblob_subjectivity()
    quoted = [(q.start, q.end) for q in quotes]
    lemmas = [t.lemma_.lower() for t in doc]
    found: list[Candidate] = []
    for token in doc:
        if token.pos_ not in lexicon.parts_of_speech or not token.is_alpha or token.is_stop:
            continue
        lower, lemma = token.lower_, lemmas[token.i]
        valence = vader.get(lower, vader.get(lemma, 0.0))
        subjective = subjectivity.get(lower, subjectivity.get(lemma, 0.0))
        own = lower in lexicon.words or lemma in lexicon.words
        if not (valence or subjective or own):
            continue
        if _is_name_or_title(token) or _in_spans(token.idx, quoted):
            continue
        if lemma in lexicon.neutral_words or lower in lexicon.neutral_words:
            continue
        if _neutral_sense(token, lemmas, lexicon.neutral_phrases):
            continue
        entries = tuple(entry for entry, present in (
            (f"vader:{lower}={valence:g}", valence), (f"textblob:{lower}={subjective:.2f}", subjective),
            ("devices.yaml:loaded.words", own)) if present)
        features = (abs(valence) / 4, subjective, float(own), float(token.pos_ == "ADJ"),
                    float(token.pos_ == "ADV"), float(token.pos_ == "VERB"))
        found.append(Candidate(token.i, features, _negated(token), entries))
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
