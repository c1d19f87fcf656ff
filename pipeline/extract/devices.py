"""Persuasion devices with the words that show them (cues in models/devices.yaml).

Cue devices (loaded language, name calling, exaggeration, doubt, appeal to fear/authority, flag
waving, slogans, causal oversimplification, whataboutism, black-and-white fallacy, thought-
terminating cliches, bandwagon) come from cue words, phrases and token patterns looked up by
lemma or lower-case form through a first-word index, plus a few syntactic rules: a leader's
possessive of a country ("Putin's Russia"), "regime" said of a government, generic experts as the
subject of a claim verb, fear words close under a modal future, and criticism told as violence
("Democrats blasted the move") with a person or group as the critic. Metaphors (water_mass,
war_invasion, disease, animal, burden) count only when the cue word is said of people or
migration ("a wave of migrants", "the war on migrants", "surges the number of workers").
Repetition, rhetorical questions (not the subheads or listed questions of an explainer) and the
devices derived from claims (hedge, booster, vague_attribution) and quotes (scare_quote) complete
the list.

Precision over recall: it does not catch devices carried by argument rather than wording
(most causal oversimplification, whataboutism, straw men), nor cues outside the lexicon.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import ENT_TYPE, IDX, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, LIKE_NUM, POS
from spacy.parts_of_speech import PROPN, VERB
from spacy.tokens import Doc, Span, Token

from ..lexicons import load_lexicon
from ..nlp import doc_text
from ..records import Claim, Device, Evidence, Quote
from .frames import token_forms

LEXICON = "devices"

# Word lists of the syntactic rules live in models/devices.yaml under `rules`.
_MODALS = frozenset(["could", "might", "may", "would", "will"])
# "so-called" distances the writer from a name, but news also uses it for neutral naming.
SO_CALLED_SCORE = 0.4
_SENTENCE_FINAL_QUOTES = "\"'”’»"


def lexicon_version() -> str:
    return str(load_lexicon(LEXICON)["version"])


def _rule_value(name: str) -> Any:
    return load_lexicon(LEXICON)["rules"][name]


def _rule_words(name: str) -> frozenset[str]:
    return frozenset(str(w) for w in load_lexicon(LEXICON)["rules"][name])


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    # Cue phrases are tokenized like the article ("so-called" -> so, -, called).
    return spacy.blank("en").tokenizer


# Token attributes a cue pattern may test (a subset of spaCy's Matcher keys, enough for cue words
# with a little context); values are a string or {IN: [...]}, and OP "?" makes a token optional.
_PATTERN_ATTRS = ("LOWER", "LEMMA", "ORTH", "POS", "TAG", "DEP", "ENT_TYPE")
# Attributes whose values are listed in the pattern, so a pattern can be indexed by its first token.
_INDEXED_ATTRS = ("LEMMA", "LOWER", "ORTH")
_TokenTest = tuple[tuple[str, frozenset[str]], ...]
_Pattern = tuple[tuple[_TokenTest, bool], ...]  # (tests, optional) per token


def _compile_pattern(pattern: Sequence[dict[str, Any]]) -> _Pattern:
    specs: list[tuple[_TokenTest, bool]] = []
    for token in pattern:
        tests: list[tuple[str, frozenset[str]]] = []
        optional = False
        for key, value in token.items():
            if key == "OP":
                if value != "?":
                    raise ValueError(f"devices lexicon: only OP '?' is supported, not {value!r}")
                optional = True
            elif key in _PATTERN_ATTRS:
                values = value["IN"] if isinstance(value, dict) else [value]
                tests.append((key, frozenset(str(v) for v in values)))
            else:
                raise ValueError(f"devices lexicon: pattern key {key!r} is not supported ({_PATTERN_ATTRS})")
        specs.append((tuple(tests), optional))
    return tuple(specs)


def _phrase_patterns(phrase: str) -> list[_Pattern]:
    words = [t.text.lower() for t in _tokenizer()(phrase)]
    return [_compile_pattern([{"LEMMA": w} for w in words]), _compile_pattern([{"LOWER": w} for w in words])]


class _Tokens:
    """Per-token forms of one doc, read once (lower case, lemma) or per token on demand (the rest)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.lower, self.lemma = token_forms(doc)
        self._lemma_lower: list[str] | None = None

    def value(self, attr: str, i: int) -> str:
        if attr == "LOWER":
            return self.lower[i]
        if attr == "LEMMA":
            return self.lemma[i]
        # Other attributes are tested only after a pattern's first word matched: read them per token.
        return str(getattr(self.doc[i], _TOKEN_ATTR_NAMES[attr]))

    def with_lemma(self, words: frozenset[str] | set[str] | dict[str, Any]) -> list[Token]:
        """Tokens whose lower-cased lemma is one of ``words``, in text order."""
        if self._lemma_lower is None:
            self._lemma_lower = [lemma.lower() for lemma in self.lemma]
        return [self.doc[i] for i, lemma in enumerate(self._lemma_lower) if lemma in words]


_TOKEN_ATTR_NAMES = {"ORTH": "text", "POS": "pos_", "TAG": "tag_", "DEP": "dep_", "ENT_TYPE": "ent_type_"}


class _PatternIndex:
    """Token patterns (cue phrases by lemma or lower-case form, and context patterns) by first word.

    Replaces a spaCy ``Matcher``: with a few hundred phrase patterns the Matcher tried every pattern
    at every token (about 55 ms an article); looking the first word up in a dictionary finds the
    same matches in about a millisecond. Returns every match, like the Matcher.
    """

    def __init__(self, patterns: Iterable[tuple[str, _Pattern]]) -> None:
        # Plain phrases (one lemma or lower-case form per token) are compared as word tuples.
        self.phrases: dict[str, dict[str, list[tuple[str, tuple[str, ...]]]]] = {
            "LEMMA": defaultdict(list), "LOWER": defaultdict(list)}
        self.by_first: dict[tuple[str, str], list[tuple[str, _Pattern]]] = defaultdict(list)
        self.anywhere: list[tuple[str, _Pattern]] = []  # no listed first word: tried at every token
        for label, pattern in patterns:
            words = _plain_phrase(pattern)
            if words is not None:
                attr, phrase = words
                self.phrases[attr][phrase[0]].append((label, phrase))
                continue
            tests, optional = pattern[0]
            # One listed attribute of the first token is enough to index by; the others are tested.
            first = next(((attr, values) for attr, values in tests if attr in _INDEXED_ATTRS), None)
            if optional or first is None:
                self.anywhere.append((label, pattern))
                continue
            for value in first[1]:
                self.by_first[(first[0], value)].append((label, pattern))

    def __call__(self, tokens: _Tokens) -> list[tuple[str, int, int]]:
        n = len(tokens.lower)
        found: set[tuple[str, int, int]] = set()
        for attr, words in (("LEMMA", tokens.lemma), ("LOWER", tokens.lower)):
            index = self.phrases[attr]
            if not index:
                continue
            for i, word in enumerate(words):
                for label, phrase in index.get(word, ()):
                    end = i + len(phrase)
                    if end <= n and (len(phrase) == 1 or tuple(words[i:end]) == phrase):
                        found.add((label, i, end))
        if self.by_first or self.anywhere:
            attrs = sorted({attr for attr, _ in self.by_first})
            for i in range(n):
                candidates = [c for attr in attrs for c in self.by_first.get((attr, tokens.value(attr, i)), ())]
                for label, pattern in candidates + self.anywhere:
                    for end in _match_at(pattern, 0, i, tokens):
                        if end > i:
                            found.add((label, i, end))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


def _plain_phrase(pattern: _Pattern) -> tuple[str, tuple[str, ...]] | None:
    """(attribute, words) when every token tests one value of the same LEMMA or LOWER attribute."""
    attrs = {tests[0][0] for tests, _ in pattern if len(tests) == 1}
    if len(attrs) != 1 or any(optional or len(tests) != 1 or len(tests[0][1]) != 1 for tests, optional in pattern):
        return None
    attr = attrs.pop()
    if attr not in ("LEMMA", "LOWER"):
        return None
    return attr, tuple(next(iter(tests[0][1])) for tests, _ in pattern)


def _match_at(pattern: _Pattern, k: int, i: int, tokens: _Tokens) -> Iterator[int]:
    """Ends of the matches of ``pattern[k:]`` starting at token ``i``."""
    if k == len(pattern):
        yield i
        return
    tests, optional = pattern[k]
    if optional:
        yield from _match_at(pattern, k + 1, i, tokens)
    if i < len(tokens.lower) and all(tokens.value(attr, i) in values for attr, values in tests):
        yield from _match_at(pattern, k + 1, i + 1, tokens)


@lru_cache(maxsize=1)
def _cue_index() -> _PatternIndex:
    """Every cue device's words, phrases and patterns; labels are the device names."""
    patterns: list[tuple[str, _Pattern]] = []
    for device, spec in load_lexicon(LEXICON)["devices"].items():
        for word in list(spec.get("words") or ()) + list(spec.get("phrases") or ()):
            patterns.extend((device, p) for p in _phrase_patterns(str(word)))
        patterns.extend((device, _compile_pattern(p)) for p in spec.get("patterns") or ())
    return _PatternIndex(patterns)


@lru_cache(maxsize=1)
def _metaphor_index() -> _PatternIndex:
    patterns: list[tuple[str, _Pattern]] = []
    for family, spec in load_lexicon(LEXICON)["metaphor"]["families"].items():
        for phrase in spec.get("always") or ():
            patterns.extend((family, p) for p in _phrase_patterns(str(phrase)))
    return _PatternIndex(patterns)


def _device(doc: Doc, device: str, start: int, end: int, score: float, family: str | None = None,
            evidence: Sequence[Evidence] = ()) -> Device:
    text = doc_text(doc)[start:end]
    return Device(
        id=f"dev-{start}-{device}",
        device=device,
        text=text,
        start=start,
        end=end,
        score=round(score, 3),
        family=family,
        evidence=tuple(evidence) or (Evidence(text, start, end),),
    )


def _from_span(doc: Doc, device: str, span: Span, score: float, family: str | None = None) -> Device:
    return _device(doc, device, span.start_char, span.end_char, score, family)


# ---------------------------------------------------------------- cue devices and their rules


def _cue_devices(doc: Doc, tokens: _Tokens) -> list[Device]:
    specs = load_lexicon(LEXICON)["devices"]
    out: list[Device] = []
    for device, start, end in _cue_index()(tokens):
        span = doc[start:end]
        # A cue inside a proper name is a name ("Tyrant Records", "Communist Party").
        if any(t.ent_type_ in {"ORG", "WORK_OF_ART", "PERSON", "FAC"} for t in span):
            continue
        score = float(specs[device]["score"])
        if device == "doubt" and span[0].lower_ == "so":
            # "the so-called Gang of Eight", "so-called Dreamers": naming a capitalised group or
            # programme, not doubting it ("this so-called judge", "so-called 'sanctuary' policies").
            if end < len(doc) and doc[end].is_title and doc[end].pos_ in {"PROPN", "NOUN", "ADJ"}:
                continue
            score = SO_CALLED_SCORE
        out.append(_from_span(doc, device, span, score))
    return out


def _is_people(token: Token, people: frozenset[str]) -> bool:
    return token.lemma_.lower() in people or token.lower_ in people or token.ent_type_ == "NORP"


def _has_people_object(token: Token, preps: frozenset[str], people: frozenset[str]) -> bool:
    """A preposition in ``preps`` under ``token`` whose object is people ("war on migrants")."""
    return any(
        child.dep_ == "prep" and child.lower_ in preps
        and any(_is_people(g, people) for g in child.children if g.dep_ == "pobj")
        for child in token.children
    )


def _aimed_at_people(token: Token, spec: dict[str, Any], people: frozenset[str]) -> bool:
    """"the war on migrants", "an assault on immigrant families", not "a sexual assault on a migrant"."""
    literal = frozenset(str(w) for w in spec["literal_modifiers"])
    if any(c.dep_ in {"amod", "compound", "nmod"} and c.lemma_.lower() in literal for c in token.children):
        return False
    return _has_people_object(token, frozenset(str(p) for p in spec["prepositions"]), people)


def _said_of_people(token: Token, people: frozenset[str], counts: frozenset[str] = frozenset()) -> bool:
    """Whether a metaphor cue is said of people or migration (the context rule)."""
    if token.pos_ in {"NOUN", "PROPN"}:
        for child in token.children:
            # "wave of migrants", "surge in asylum seekers", "exodus from ... of citizens"
            if (
                child.dep_ == "prep"
                and child.lower_ in {"of", "in"}
                and any(_is_people(g, people) for g in child.children if g.dep_ == "pobj")
            ):
                return True
            # "migrant surge", "refugee influx"
            if child.dep_ in {"compound", "amod", "nmod"} and _is_people(child, people):
                return True
        # "immigrants are a burden", "refugees became a drain on ..."
        if token.dep_ in {"attr", "dobj"}:
            return any(_is_people(s, people) for s in token.head.children if s.dep_ in {"nsubj", "nsubjpass"})
        return False
    if token.pos_ == "VERB":
        # "migrants pour across the border", "the town was swamped with refugees"
        for child in token.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and _is_people(child, people):
                return True
            if (
                child.dep_ == "prep"
                and child.lower_ in {"with", "by"}
                and any(_is_people(g, people) for g in child.children if g.dep_ == "pobj")
            ):
                return True
            # "surges the number of low-wage workers"
            if (
                child.dep_ == "dobj"
                and child.lemma_.lower() in counts
                and _has_people_object(child, frozenset(["of"]), people)
            ):
                return True
    return False


def _metaphors(doc: Doc, tokens: _Tokens) -> list[Device]:
    spec = load_lexicon(LEXICON)["metaphor"]
    score = float(spec["score"])
    people = frozenset(str(w) for w in spec["people"])
    nouns: dict[str, str] = {}
    verbs: dict[str, str] = {}
    for family, words in spec["families"].items():
        nouns.update({str(w): family for w in words.get("nouns") or ()})
        verbs.update({str(w): family for w in words.get("verbs") or ()})
    aimed = spec["aimed_at_people"]
    aimed_nouns: dict[str, str] = {str(w): str(f) for w, f in aimed["nouns"].items()}
    counts = frozenset(str(w) for w in spec["count_nouns"])
    out: list[Device] = []
    for family, start, end in _metaphor_index()(tokens):
        out.append(_from_span(doc, "metaphor", doc[start:end], score, family))
    # Only tokens whose lemma is a family word can be metaphors: look those up, not every token.
    for token in tokens.with_lemma(nouns.keys() | verbs.keys() | aimed_nouns.keys()):
        lemma = token.lemma_.lower()
        if token.ent_type_ in {"ORG", "WORK_OF_ART", "PERSON", "GPE", "FAC", "EVENT"}:
            continue  # "Exodus" the book, "Desert Storm"
        if token.pos_ in {"NOUN", "PROPN"} and lemma in nouns and _said_of_people(token, people):
            # The noun with its premodifiers: "an ever-growing wave".
            out.append(_from_span(doc, "metaphor", doc[token.left_edge.i : token.i + 1], score, nouns[lemma]))
        elif token.pos_ == "VERB" and lemma in verbs and _said_of_people(token, people, counts):
            out.append(_from_span(doc, "metaphor", doc[token.i : token.i + 1], score, verbs[lemma]))
        elif token.pos_ == "NOUN" and lemma in aimed_nouns and _aimed_at_people(token, aimed, people):
            # "the ongoing war against immigrant families": the noun phrase up to the people aimed at.
            target = next(g for c in token.children if c.dep_ == "prep" for g in c.children
                          if g.dep_ == "pobj" and _is_people(g, people))
            end = max(token.i, target.i) + 1
            out.append(_from_span(doc, "metaphor", doc[token.left_edge.i : end], score, aimed_nouns[lemma]))
    return out


def _possessive_leader_labels(doc: Doc, score: float) -> list[Device]:
    """"Xi Jinping's China", "Putin's Russia": a country named as its leader's possession."""
    out: list[Device] = []
    for token in (t for ent in doc.ents if ent.label_ == "GPE" for t in ent):
        for child in token.children:
            if child.dep_ != "poss" or child.pos_ != "PROPN" or child.ent_type_ in {"GPE", "ORG", "NORP", "LOC"}:
                continue
            if not any(c.dep_ == "case" for c in child.children):
                continue
            start = child.left_edge.i
            out.append(_from_span(doc, "name_calling_labeling", doc[start : token.i + 1], score))
    return out


def _regime_labels(doc: Doc, tokens: _Tokens, score: float) -> list[Device]:
    """"regime" said of a government ("the Iranian regime"), not of rules ("tax regime")."""
    neutral = _rule_words("neutral_regime_modifiers")
    out: list[Device] = []
    for token in tokens.with_lemma({"regime"}):
        if token.pos_ != "NOUN":
            continue
        modifiers = [c for c in token.children if c.dep_ in {"compound", "amod", "nmod"}]
        if any(m.lemma_.lower() in neutral for m in modifiers):
            continue
        start = min([token.i] + [m.i for m in modifiers])
        out.append(_from_span(doc, "name_calling_labeling", doc[start : token.i + 1], score))
    return out


def _authority_appeals(doc: Doc, tokens: _Tokens, score: float) -> list[Device]:
    """Generic authorities as the subject of a claim verb: "Experts have already sounded an alarm"."""
    nouns, verbs = _rule_words("authority_nouns"), _rule_words("authority_verbs")
    out: list[Device] = []
    for token in tokens.with_lemma(nouns):
        if token.dep_ != "nsubj":
            continue
        # Plural or bare generic ("experts", "studies"); a named one is ordinary attribution.
        if token.tag_ not in {"NNS"} and token.lower_ != "research":
            continue
        if any(c.pos_ == "PROPN" or c.ent_type_ for c in token.subtree if c is not token):
            continue
        verb = token.head
        if verb.lemma_.lower() not in verbs:
            continue
        end = verb.i + 1
        # Keep a short object ("sounded an alarm") but not the clause hanging off it.
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if objects and objects[0].i - verb.i <= 3:
            end = objects[0].i + 1
        out.append(_from_span(doc, "appeal_to_authority", doc[token.left_edge.i : end], score))
    return out


def _harsh_criticism(doc: Doc, tokens: _Tokens, score: float) -> list[Device]:
    """Criticism told as violence: "Democrats blasted the move", "Cruz ripped the administration".

    Only with a person, group or pronoun as the critic and a target (an object, "rip into", or
    the target as passive subject); literal uses ("ripped away", "slammed the door") are left out.
    """
    verbs = _rule_words("criticism_verbs")
    subjects = _rule_words("criticism_subjects")
    particles = _rule_words("criticism_literal_particles")
    literal_preps = _rule_words("criticism_literal_prepositions")
    literal_objects = _rule_words("criticism_literal_objects")
    out: list[Device] = []
    for verb in tokens.with_lemma(verbs):
        if verb.pos_ != "VERB":
            continue
        children = list(verb.children)
        if any((c.dep_ in {"prt", "advmod"} and c.lower_ in particles)
               or (c.dep_ == "prep" and c.lower_ in literal_preps) for c in children):
            continue
        objects = [c for c in children if c.dep_ == "dobj"]
        if any(o.lemma_.lower() in literal_objects for o in objects):
            continue
        critic = next((c for c in children if c.dep_ in {"nsubj", "agent"}), None)
        passive = next((c for c in children if c.dep_ == "nsubjpass"), None)
        into = any(c.dep_ == "prep" and c.lower_ == "into" for c in children)
        if passive is not None and _can_criticise(passive, subjects):
            out.append(_from_span(doc, "loaded_language", doc[verb.i : verb.i + 1], score))
            continue
        if critic is None or not _can_criticise(critic, subjects) or not (objects or into):
            continue
        end = objects[0].i + 1 if objects and objects[0].i - verb.i <= 3 else verb.i + 1
        out.append(_from_span(doc, "loaded_language", doc[verb.i : end], score))
    return out


def _can_criticise(token: Token, subjects: frozenset[str]) -> bool:
    """A named person or group, a personal pronoun or a noun for people who take positions."""
    if token.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or token.pos_ == "PROPN":
        return True
    if token.pos_ == "PRON":
        return token.lower_ not in {"it", "this", "that", "which", "what"}
    return token.lemma_.lower() in subjects


def _fear_under_modal(doc: Doc, tokens: _Tokens, score: float) -> list[Device]:
    """A fear word governed by a modal future: "these agents could carry out acts of sabotage"."""
    fear_words = _rule_words("fear_words_under_modal")
    max_tokens = int(_rule_value("fear_modal_max_tokens"))
    out: list[Device] = []
    for token in tokens.with_lemma(fear_words):
        head = token
        for _ in range(6):  # walk up to the governing verb
            if head.pos_ in {"VERB", "AUX"} or head.head is head:
                break
            head = head.head
        modal = next((c for c in head.children if c.tag_ == "MD" and c.lower_ in _MODALS), None)
        if modal is None or modal.i > token.i or token.i - modal.i > max_tokens:
            continue
        out.append(_from_span(doc, "appeal_to_fear", doc[modal.i : token.i + 1], score))
    return out


# ---------------------------------------------------------------- text-level devices


def _inside_quotation(doc: Doc, start: int, quotes: Sequence[Quote]) -> bool:
    if any(q.start <= start < q.end or (q.start - 1 <= start <= q.end) for q in quotes):
        return True
    # Without quote records, count quotation marks since the paragraph start.
    para_start = doc_text(doc).rfind("\n", 0, start) + 1
    before = doc_text(doc)[para_start:start]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


# "1) What ...?" numbered explainer headings (the number may be parsed into the previous sentence).
_ENUMERATOR = re.compile(r"^\s*(\d+|[a-z])[).](\s|$)")
_SPEAKER_LABEL = re.compile(r"^[A-Z][A-Z.' -]{1,30}:")


def _not_author_paragraph(doc: Doc, sent: Span, marks: tuple[str, ...]) -> bool:
    """Transcript turns ("WALLACE: ...") and paragraphs with embedded social-media posts."""
    start = doc_text(doc).rfind("\n", 0, sent.start_char) + 1
    end = doc_text(doc).find("\n", sent.end_char)
    paragraph = doc_text(doc)[start : end if end >= 0 else len(doc_text(doc))]
    # The previous paragraph matters too: a speaker label often stands on its own line.
    previous = doc_text(doc)[doc_text(doc).rfind("\n", 0, max(0, start - 2)) + 1 : start].strip()
    return (
        any(m in paragraph for m in marks)
        or bool(_SPEAKER_LABEL.match(paragraph))
        or bool(_SPEAKER_LABEL.match(previous))
    )


def _headline_like(sent: Span, question_words: frozenset[str]) -> bool:
    """A capitalised question word after the first token, e.g. "Show Hide Why are ...?"."""
    return any(t.is_title and t.lower_ in question_words for t in list(sent)[1:])


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs (blank-line separated) of the cleaned text."""
    spans, start = [], 0
    for piece in text.split("\n\n"):
        spans.append((start, start + len(piece)))
        start += len(piece) + 2
    return spans


def _explainer_paragraphs(doc: Doc, spec: dict[str, Any]) -> list[tuple[int, int]]:
    """Paragraphs whose questions are an explainer's, not the author's rhetoric.

    Two formats of news explainers: questions used as subheads (paragraphs that are one short
    question, ``subhead_questions_min`` or more in an article, "Is anyone exempt?"), and an introduction
    listing the questions the piece answers ("What is the likely impact? ... Here are some answers:").
    """
    text = doc_text(doc)
    openers = tuple(str(o) for o in spec["answer_openers"])
    max_words = int(spec["subhead_max_words"])
    arguing = frozenset(str(w) for w in spec["arguing_openings"])
    subheads: list[tuple[int, int]] = []
    skipped: list[tuple[int, int]] = []
    for start, end in _paragraphs(text):
        paragraph = text[start:end].strip()
        body = paragraph.rstrip(_SENTENCE_FINAL_QUOTES)
        if body.endswith("?") and not re.search(r"[.!?]\s", body[:-1]):
            words = body.split()
            # Subheads are short and plain; "If they are above the law, why not ...?" argues.
            if len(words) <= max_words and words[0].lower().strip("“\"'‘") not in arguing:
                subheads.append((start, end))
        elif "?" in paragraph and any(
            re.search(r"(^|[.!?]\s+)" + re.escape(o), paragraph, re.IGNORECASE) for o in openers
        ):
            skipped.append((start, end))
    if len(subheads) >= int(spec["subhead_questions_min"]):
        skipped.extend(subheads)
    return skipped


def _rhetorical_questions(doc: Doc, quotes: Sequence[Quote]) -> list[Device]:
    spec = load_lexicon(LEXICON)["rhetorical_question"]
    skips = tuple(str(s) for s in spec["skip_openings"])
    question_words = frozenset(str(w) for w in spec["question_words"])
    marks = tuple(str(m) for m in spec["skip_paragraph_marks"])
    explainer = _explainer_paragraphs(doc, spec)
    out: list[Device] = []
    for sent in doc.sents:
        text = sent.text.rstrip().rstrip(_SENTENCE_FINAL_QUOTES)
        if not text.endswith("?") or len(sent) < 4:
            continue
        if any(start <= sent.start_char < end for start, end in explainer):
            continue  # the questions of a Q&A explainer are its subheads, asked to be answered
        if sent.text.lower().startswith(skips) or _inside_quotation(doc, sent.start_char, quotes):
            continue
        if any(ch in sent.text for ch in "“”\""):
            continue  # a question quoted or about a quotation is not the author's own
        if ":" in sent.text or _headline_like(sent, question_words):
            continue  # "Immigration ban: Is it legal?", "Quick guide Why are ...?"
        line_start = doc_text(doc).rfind("\n", 0, sent.start_char) + 1
        before = doc_text(doc)[line_start : sent.start_char]
        if _ENUMERATOR.match(sent.text) or _ENUMERATOR.match(before) or _not_author_paragraph(doc, sent, marks):
            continue  # "1) What did the administration do?", transcripts, embedded posts
        # The sentence up to its question mark.
        end = sent.start_char + sent.text.rfind("?") + 1
        out.append(_device(doc, "rhetorical_question", sent.start_char, end, float(spec["score"])))
    return out


def _repetitions(doc: Doc) -> list[Device]:
    spec = load_lexicon(LEXICON)["repetition"]
    skip = frozenset(str(w) for w in spec["skip_lemmas"])
    min_n, max_n = int(spec["min_tokens"]), int(spec["max_tokens"])
    where: dict[tuple[str, ...], list[tuple[int, int, int]]] = defaultdict(list)
    if not len(doc):
        return []
    # Every n-gram of every sentence is tested, so the token attributes are read once as integer
    # columns (Token objects per n-gram cost most of this function's time).
    array = doc.to_array([IDX, LENGTH, IS_SPACE, IS_PUNCT, ENT_TYPE, POS, LIKE_NUM, IS_STOP])
    _, lemmas = token_forms(doc)
    lemma_lower = [lemma.lower() for lemma in lemmas]
    idx, length = array[:, 0].astype("int64").tolist(), array[:, 1].astype("int64").tolist()
    space, stop = (array[:, 2] != 0).tolist(), (array[:, 7] != 0).tolist()
    verb = (array[:, 5] == VERB).tolist()
    # A gram holding punctuation, a name, a number or a reporting word is never rhetoric.
    unfit = ((array[:, 3] != 0) | (array[:, 4] != 0) | (array[:, 5] == PROPN) | (array[:, 6] != 0)).tolist()
    bad = [u or lemma in skip for u, lemma in zip(unfit, lemma_lower)]
    text = doc_text(doc)
    for sent in doc.sents:
        tokens = [i for i in range(sent.start, sent.end) if not space[i]]
        paragraph = text.rfind("\n\n", 0, sent.start_char)
        m = len(tokens)
        # clean_until[j]: the first position at or after j holding a bad token; prefix counts of
        # content words and verbs make each window's tests constant time.
        clean_until = [m] * (m + 1)
        for j in range(m - 1, -1, -1):
            clean_until[j] = j if bad[tokens[j]] else clean_until[j + 1]
        content = [0] * (m + 1)
        verbs = [0] * (m + 1)
        for j, i in enumerate(tokens):
            content[j + 1] = content[j] + (not stop[i])
            verbs[j + 1] = verbs[j] + verb[i]
        for n in range(min_n, max_n + 1):
            for j in range(m - n + 1):
                last = j + n - 1
                if clean_until[j] <= last:
                    continue
                first_i, last_i = tokens[j], tokens[last]
                if stop[first_i] or stop[last_i]:
                    continue  # starts or ends on a stop word
                if content[j + n] - content[j] < 2:
                    continue
                if verbs[j + n] == verbs[j]:
                    continue  # a repeated noun phrase is the topic, not rhetoric
                where[tuple(lemma_lower[i] for i in tokens[j : j + n])].append(
                    (paragraph, idx[first_i], idx[last_i] + length[last_i])
                )
    out: list[Device] = []
    covered: list[tuple[int, int]] = []
    # Longest first, so "tell the story well" is reported once and not again as "the story well".
    for gram, places in sorted(where.items(), key=lambda kv: -len(kv[0])):
        paragraphs = {p[0] for p in places}
        if len(paragraphs) < int(spec["min_count"]):
            continue
        if all(any(cs <= s and e <= ce for cs, ce in covered) for _, s, e in places):
            continue
        covered.extend((s, e) for _, s, e in places)
        evidence = [Evidence(doc_text(doc)[s:e], s, e) for _, s, e in places]
        first = evidence[0]
        out.append(_device(doc, "repetition", first.start, first.end, float(spec["score"]), None, evidence))
    return out


# ---------------------------------------------------------------- derived from other records


def _derived(doc: Doc, quotes: Sequence[Quote], claims: Sequence[Claim]) -> list[Device]:
    scores = load_lexicon(LEXICON)["derived"]
    out: list[Device] = []
    for quote in quotes:
        if quote.kind == "scare":
            out.append(_device(doc, "scare_quote", quote.start, quote.end, float(scores["scare_quote"])))
    for claim in claims:
        for ev in claim.hedges:
            out.append(_device(doc, "hedge", ev.start, ev.end, float(scores["hedge"])))
        for ev in claim.boosters:
            out.append(_device(doc, "booster", ev.start, ev.end, float(scores["booster"])))
        attribution = claim.attribution
        if attribution.kind == "vague":
            # The vague source ("officials", "some say") when known, else its cue, else the claim.
            if attribution.start is not None and attribution.end is not None:
                start, end = attribution.start, attribution.end
            elif attribution.cue_start is not None and attribution.cue_end is not None:
                start, end = attribution.cue_start, attribution.cue_end
            else:
                start, end = claim.start, claim.end
            out.append(_device(doc, "vague_attribution", start, end, float(scores["vague_attribution"])))
    return out


def _deduplicate(devices: list[Device]) -> list[Device]:
    """One device per place: overlapping spans of the same device keep the longest (then earliest)."""
    by_device: dict[str, list[Device]] = defaultdict(list)
    for d in devices:
        by_device[d.device].append(d)
    kept: list[Device] = []
    for group in by_device.values():
        chosen: list[Device] = []
        for d in sorted(group, key=lambda d: (-(d.end - d.start), d.start)):
            if not any(d.start < c.end and c.start < d.end for c in chosen):
                chosen.append(d)
        kept.extend(chosen)
    # Exaggeration cues that are also migration metaphors ("in droves") are shown once, as metaphor.
    metaphors = [d for d in kept if d.device == "metaphor"]
    kept = [
        d for d in kept
        if d.device != "exaggeration_minimisation"
        or not any(d.start < m.end and m.start < d.end for m in metaphors)
    ]
    unique = {d.id: d for d in kept}
    return sorted(unique.values(), key=lambda d: (d.start, d.device))


def extract_devices(
    doc: Doc, *, quotes: Sequence[Quote] = (), claims: Sequence[Claim] = ()
) -> list[Device]:
    """Persuasion devices in ``doc``, each with evidence spans, a score and (metaphors) a family.

    ``quotes`` and ``claims`` are the records of the quote and claim extractors: scare quotes,
    hedges, boosters and vague attributions are read from them, and quotes keep their questions
    from being taken as the author's rhetorical questions.
    """
    specs = load_lexicon(LEXICON)["devices"]
    devices: list[Device] = []
    # Cue and syntactic devices need lemmas and a parse; a bare tokenized doc still gets the
    # devices derived from quotes and claims.
    if doc.has_annotation("LEMMA") and doc.has_annotation("DEP"):
        tokens = _Tokens(doc)
        devices += _cue_devices(doc, tokens)
        devices += _metaphors(doc, tokens)
        name_score = float(specs["name_calling_labeling"]["score"])
        devices += _possessive_leader_labels(doc, name_score)
        devices += _regime_labels(doc, tokens, name_score)
        devices += _authority_appeals(doc, tokens, float(specs["appeal_to_authority"]["score"]))
        devices += _fear_under_modal(doc, tokens, float(specs["appeal_to_fear"]["score"]))
        devices += _harsh_criticism(doc, tokens, float(_rule_value("criticism_score")))
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        devices += _rhetorical_questions(doc, quotes)
        devices += _repetitions(doc)
    devices += _derived(doc, quotes, claims)
    return _deduplicate(devices)


def device_counts(devices: Sequence[Device]) -> Counter[str]:
    """How many of each device, for summaries."""
    return Counter(d.device for d in devices)
