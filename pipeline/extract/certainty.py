"""How certain a stretch of text sounds: hedges, boosters and epistemic modals, with their words.

Shared by the claims extractor (``Claim.certainty``, ``hedges``, ``boosters``) and the devices
extractor (hedge / booster devices). Cues come from ``models/certainty.yaml`` (versioned): hedges and
boosters after Hyland (2005, *Metadiscourse*), modal weights a simplification of the FactBank scale
(Saurí & Pustejovsky 2009).

Formula (transparent, additive, clamped)::

    certainty = clamp(base + sum(booster weights) - sum(hedge weights) + sum(modal weights),
                      floor, ceiling)

with ``base`` = 0.7 for a bare assertion. Modal weights are signed (``might`` -0.25, ``will`` +0.05);
a negative modal is listed among the hedges, a positive one among the boosters. A booster with a
negation word up to ``negation_window`` tokens before it ("not always", "not clearly") reads as a hedge
of weight ``negated_booster_weight``. Overlapping cues are resolved longest first, so "no doubt" is one
booster, not a booster plus the hedge "doubt". Negation of the main verb alone changes polarity, not
certainty, and is not scored.

Cue conditions (``models/certainty.yaml``): a cue word counts only in its epistemic use. "doubt" only
as a verb; "prove" and "guarantee" only with a content clause; "possible" not after "as"/"if" ("as
soon as possible") or a superlative ("the greatest possible number"); "in fact" not after a noun
("basis in fact"); "clearly"/"plainly" not as manner
adverbs (of a verb of saying or seeing, or after "very"); "suggest" not with a person or group as
subject (that is a reporting verb); a negated "could" is (lack of) ability, not a hedge. "never"
states a fact more often than it boosts one and is not a booster; "always" says how often, and counts
only negated ("not always", a hedge). Root modals are not hedges: "may"/"could" with a person or group as
the subject of an action verb ("applicants may appeal", "the governor could veto it") state permission or
ability; before be/have/seem, in a passive or with an inanimate subject they stay epistemic ("could be
deported", "the plan may fail"). "possible" of ability ("possible for them to apply", "made it possible")
is no hedge.

Does not catch: hedging by approximators on numbers ("about 40") -- the figures extractor marks those
as approximate; irony; conditionals without a modal ("if X, Y").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from spacy.tokens import Doc, Span, Token

from ..lexicons import load_lexicon
from ..nlp import doc_text
from ..records import Evidence

TokenSeq = Span | Sequence[Token]

#: Up to this many tokens may fill a "*" gap in a cue phrase ("sound an alarm", "lift millions out of").
MAX_GAP = 3


def _token_keys(token: Token) -> tuple[str, str]:
    """The two forms a cue word may match: lower-cased text and lower-cased lemma."""
    return token.lower_, token.lemma_.lower()


@cache
def _compile(phrases: tuple[str, ...]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Index cue phrases by their first word for a linear scan."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for phrase in phrases:
        words = tuple(phrase.lower().split())
        if words:
            index.setdefault(words[0], []).append((phrase, words))
    return index


def _match_from(keys: Sequence[tuple[str, str]], i: int, words: tuple[str, ...]) -> int | None:
    """Token index one past the match of ``words`` starting at ``keys[i]``, or None."""
    if i >= len(keys) or words[0] not in keys[i]:
        return None
    if len(words) == 1:
        return i + 1
    if words[1] == "*":
        rest = words[2:]
        for gap in range(MAX_GAP + 1):
            end = _match_from(keys, i + 1 + gap, rest) if rest else i + 1 + gap
            if end is not None:
                return end
        return None
    return _match_from(keys, i + 1, words[1:])


def _doc_keys(doc: Doc) -> list[tuple[str, str]]:
    """Every token's match keys, computed once per Doc: building Token objects and lemma strings
    again for each of the dozen cue lists a sentence is matched against was most of the cost."""
    cached = doc.user_data.get("framelens_cue_keys")
    if cached is None or len(cached) != len(doc):
        cached = doc.user_data["framelens_cue_keys"] = [_token_keys(t) for t in doc]
    return cached


_COMPILED: dict[int, tuple[object, dict[str, list[tuple[str, tuple[str, ...]]]]]] = {}


def _index_of(phrases: Iterable[str]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """The compiled index of a cue list; lexicon lists are long-lived objects, so keep one per object."""
    hit = _COMPILED.get(id(phrases))
    if hit is not None and hit[0] is phrases:
        return hit[1]
    index = _compile(tuple(phrases))
    if isinstance(phrases, (dict, list, tuple, frozenset)) and len(_COMPILED) < 256:
        _COMPILED[id(phrases)] = (phrases, index)
    return index


def match_cues(tokens: TokenSeq, phrases: Iterable[str]) -> list[tuple[str, int, int]]:
    """Non-overlapping matches of cue ``phrases`` in ``tokens``: (phrase, first index, end index).

    A phrase is space-separated words, each matching a token's lower-cased text or lemma; ``*`` is
    a gap of 0-3 tokens. Indices are positions in ``tokens``. Longer matches win over shorter ones.
    """
    if isinstance(tokens, Span):
        keys = _doc_keys(tokens.doc)[tokens.start : tokens.end]
    else:
        seq = list(tokens)
        keys = [_doc_keys(seq[0].doc)[t.i] for t in seq] if seq else []
    index = _index_of(phrases)
    found: list[tuple[str, int, int]] = []
    for i, pair in enumerate(keys):
        for key in {pair[0], pair[1]}:
            for phrase, words in index.get(key, ()):
                end = _match_from(keys, i, words)
                if end is not None:
                    found.append((phrase, i, end))
    found.sort(key=lambda m: (-(m[2] - m[1]), m[1]))
    taken: set[int] = set()
    kept: list[tuple[str, int, int]] = []
    for phrase, start, end in found:
        if taken.isdisjoint(range(start, end)):
            kept.append((phrase, start, end))
            taken.update(range(start, end))
    return sorted(kept, key=lambda m: m[1])


def evidence_of(tokens: Sequence[Token], start: int, end: int) -> Evidence:
    """The character span of ``tokens[start:end]`` as Evidence (offsets into ``doc.text``)."""
    first, last = tokens[start], tokens[end - 1]
    text = doc_text(first.doc)
    return Evidence(text[first.idx : last.idx + len(last)], first.idx, last.idx + len(last))


def _prev_token(seq: Sequence[Token], start: int) -> Token | None:
    first = seq[start]
    return first.doc[first.i - 1] if first.i > 0 else None


def _subject_of(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _human_subject(verb: Token, human_nouns: frozenset[str]) -> bool:
    """True when the verb's subject is a person or group ("others", "Boehner", "they")."""
    subject = _subject_of(verb)
    if subject is None:
        return False
    if subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if subject.pos_ == "PRON":
        return subject.lower_ not in ("it", "this", "that", "which", "what")
    return subject.lemma_.lower() in human_nouns


def _cue_applies(seq: Sequence[Token], key: str, start: int, rules: dict) -> bool:
    """Whether the cue ``key`` at ``seq[start:end]`` is used in its epistemic sense (see module doc)."""
    token = seq[start]
    prev = _prev_token(seq, start)
    if key in rules["verb_only"] and token.pos_ != "VERB":
        return False
    if key in rules["needs_clause"] and not any(
        c.dep_ == "ccomp" or (c.dep_ == "mark" and c.lower_ == "that") for c in token.children
    ):
        return False
    if prev is not None and prev.lower_ in rules["not_after"].get(key, ()):
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ in rules["not_before"].get(key, ()):
        return False  # "possible for them to apply": ability
    if key in rules["not_before"] and token.head.lemma_.lower() in rules["causative_verbs"]:
        return False  # "made it possible"
    if key in rules["not_after_superlative"] and prev is not None and prev.tag_ in ("JJS", "RBS"):
        return False  # "the greatest possible number": a degree, not a hedge
    if key in rules["not_after_noun"] and prev is not None and prev.pos_ in ("NOUN", "PROPN"):
        return False
    if key in rules["manner_adverbs"] and (
        (prev is not None and prev.lower_ in rules["degree_words"])
        or (token.head.pos_ == "VERB" and token.head.lemma_.lower() in rules["manner_verbs"])
    ):
        return False
    return not (key in rules["reporting_hedges"] and _human_subject(token, rules["human_nouns"]))


@cache
def _rules(version: str) -> dict:
    """The cue conditions of the certainty lexicon as sets (cached per lexicon version)."""
    lex = load_lexicon("certainty")

    def low(name: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in lex.get(name, []))

    return {
        "verb_only": low("verb_only"),
        "needs_clause": low("needs_clause"),
        "not_after": {str(k).lower(): frozenset(str(w).lower() for w in v)
                      for k, v in (lex.get("not_after") or {}).items()},
        "not_after_noun": low("not_after_noun"),
        "not_after_superlative": low("not_after_superlative"),
        "manner_adverbs": low("manner_adverbs"),
        "manner_verbs": low("manner_verbs"),
        "degree_words": low("degree_words"),
        "reporting_hedges": low("reporting_hedges"),
        "human_nouns": low("human_subject_nouns"),
        "ability_modals": low("ability_modals"),
        "ability_negations": low("ability_negations"),
        "negation_intensifiers": low("negation_intensifiers"),
        "root_modals": low("root_modals"),
        "epistemic_verbs": low("epistemic_verbs"),
        "agent_nouns": low("agent_subject_nouns") | low("human_subject_nouns"),
        "personal_pronouns": low("personal_pronouns"),
        "negated_only": low("negated_only"),
        "not_before": {str(k).lower(): frozenset(str(w).lower() for w in v)
                       for k, v in (lex.get("not_before") or {}).items()},
        "causative_verbs": low("causative_verbs"),
    }


def _root_modal(modal: Token, rules: dict) -> bool:
    """ "applicants may appeal", "the governor could veto it": permission or ability, not a hedge."""
    if modal.lower_ not in rules["root_modals"]:
        return False
    verb = modal.head
    if verb is modal or verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in rules["epistemic_verbs"]:
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.i > modal.i and c.lemma_.lower() in ("be", "have")
           for c in verb.children):
        return False  # "could be deported", "may have left"
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None or subject.dep_ != "nsubj":
        return False
    if subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if subject.pos_ == "PRON":
        return subject.lower_ in rules["personal_pronouns"]
    return subject.lemma_.lower() in rules["agent_nouns"]


def _negated_modal(modal: Token, negations: frozenset[str]) -> bool:
    """ "could not afford", "couldn't", "could neither create": the modal's next word negates it."""
    doc = modal.doc
    following = doc[modal.i + 1 : modal.i + 3]
    return any(t.lower_ in negations for t in following[:1]) or (
        len(following) == 2 and following[0].pos_ == "ADV" and following[1].lower_ in negations
    )


def find_certainty(tokens: TokenSeq) -> tuple[float, tuple[Evidence, ...], tuple[Evidence, ...]]:
    """Certainty of a span in [0, 1] and the hedge and booster words that moved it.

    ``tokens`` is a spaCy Span or a sequence of tokens of one Doc. Returns
    ``(certainty, hedges, boosters)``; see the module docstring for the formula.
    """
    lex = load_lexicon("certainty")
    seq = list(tokens)
    hedges_w: dict[str, float] = {k.lower(): float(v) for k, v in lex["hedges"].items()}
    boosters_w: dict[str, float] = {k.lower(): float(v) for k, v in lex["boosters"].items()}
    modals_w: dict[str, float] = {k.lower(): float(v) for k, v in lex["modals"].items()}
    negations = {w.lower() for w in lex["negation_words"]}
    window = int(lex["negation_window"])

    rules = _rules(str(lex.get("version")))
    score = float(lex["base"])
    hedges: list[Evidence] = []
    boosters: list[Evidence] = []
    for phrase, start, end in match_cues(seq, [*hedges_w, *boosters_w]):
        ev = evidence_of(seq, start, end)
        key = phrase.lower()
        if not _cue_applies(seq, key, start, rules):
            continue
        if key in boosters_w:
            negated = any(t.lower_ in negations for t in seq[max(0, start - window) : start])
            if key in rules["negated_only"] and not negated:
                continue  # "he always votes no": how often, not how sure
            # "not always" / "not clearly" weaken instead of boost; "no ... whatsoever" intensifies.
            if negated and key not in rules["negation_intensifiers"]:
                score -= float(lex["negated_booster_weight"])
                hedges.append(ev)
            else:
                score += boosters_w[key]
                boosters.append(ev)
        else:
            score -= hedges_w[key]
            hedges.append(ev)
    for i, token in enumerate(seq):
        # Only modal auxiliaries: "May" the month and "will" the noun are not epistemic.
        if token.tag_ == "MD" and token.lower_ in modals_w:
            if token.lower_ in rules["ability_modals"] and _negated_modal(token, rules["ability_negations"]):
                continue
            if _root_modal(token, rules):
                continue
            weight = modals_w[token.lower_]
            score += weight
            if weight < 0:
                hedges.append(evidence_of(seq, i, i + 1))
            elif weight > 0:
                boosters.append(evidence_of(seq, i, i + 1))
    certainty = min(float(lex["ceiling"]), max(float(lex["floor"]), score))
    hedges.sort(key=lambda e: e.start)
    boosters.sort(key=lambda e: e.start)
    return round(certainty, 3), tuple(hedges), tuple(boosters)
