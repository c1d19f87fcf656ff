"""spaCy's two rule components, memoised: the same annotations at a fraction of the cost.

In ``en_core_web_sm`` the attribute ruler and the rule lemmatizer cost about a quarter of the parse
(profiled with ``benchmarks/timings.py``), although their outputs are pure functions of a few token
attributes that repeat all the time:

- the lemmatizer's lemma is a function of the token's text, part of speech and morphology
  (``Lemmatizer.rule_lemmatize`` reads nothing else: its own cache uses that key), but spaCy only caches
  some paths and walks every token in Python;
- the attribute ruler runs 179 Matcher patterns at every token, though all but a handful are
  single-token patterns whose outcome depends only on the token's own attributes (TAG, LOWER, DEP...).

Both wrappers keep the original component and call it on a miss, so every annotation still comes from
spaCy's own code; only repeats are served from a per-process memo. Patterns a memo cannot serve
exactly (several tokens, operators, extension attributes) still run through a Matcher of their own.
``tests/nlp/test_memo.py`` compares every token attribute with the stock pipeline on real articles.
"""

from __future__ import annotations

import re
from typing import Any, cast

import numpy as np
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d

# Token attributes whose values ``Doc.to_array`` gives exactly as the Matcher compares them.
_MEMO_KEYS = {"ORTH", "TEXT", "LOWER", "NORM", "SHAPE", "TAG", "POS", "DEP", "LEMMA", "MORPH", "IS_SPACE",
              "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_STOP",
              "LIKE_NUM", "ENT_TYPE", "ENT_IOB"}


class MemoisedLemmatizer:
    """``Lemmatizer`` in rule mode with a memo keyed by (text, part of speech, morphology)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = range(len(doc)) if self.lemmatizer.overwrite else np.flatnonzero(columns[:, 3] == 0).tolist()
        lemmas = columns[:, 3:4].astype(np.uint64)
        strings = doc.vocab.strings
        memo = self.memo
        rows = columns.tolist()
        for i in todo:
            orth, pos, morph, _ = rows[i]
            key = (orth, pos, morph)
            lemma = memo.get(key)
            if lemma is None:
                lemma = memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i, 0] = lemma
        doc.from_array([LEMMA], cast(Ints2d, lemmas))
        return doc


class MemoisedAttributeRuler:
    """``AttributeRuler`` whose single-token patterns are matched once per distinct token.

    The matches are the ruler's own (its Matcher run on a one-token span on a memo miss) and are
    applied by the ruler's own ``set_annotations`` in the ruler's order, so the result is identical.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.single = Matcher(ruler.vocab)  # single-token patterns the memo can serve
        self.other = Matcher(ruler.vocab)  # the rest, matched over the whole Doc as spaCy does
        predicates: dict[str, list[Any]] = {}
        strings = ruler.vocab.strings
        for index in range(len(ruler.attrs)):
            key = str(index)
            _, patterns = ruler.matcher.get(strings[key])
            memoisable = [p for p in patterns if _memoisable(p)]
            rest = [p for p in patterns if not _memoisable(p)]
            for pattern in memoisable:
                for name, predicate in pattern[0].items():
                    predicates.setdefault("ORTH" if name == "TEXT" else name, []).append(predicate)
            if memoisable:
                self.single.add(key, memoisable)
            if rest:
                self.other.add(key, rest)
        names = sorted(predicates)
        self.attr_ids = [IDS[name] for name in names]
        # Tokens whose attribute values fall in the same classes match the same single-token patterns.
        self.classes = [_value_classes(predicates[name], strings) for name in names]
        self.memo: dict[tuple[int, ...], list[tuple[int, int]]] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        strings = doc.vocab.strings
        matches: list[tuple[int, int, int, int]] = []
        rows = doc.to_array(self.attr_ids).tolist() if self.attr_ids else [[]] * len(doc)
        classes = self.classes
        memo = self.memo
        for i, row in enumerate(rows):
            key = tuple(v if sort is None else sort(v) for v, sort in zip(row, classes, strict=True))
            found = memo.get(key)
            if found is None:
                found = memo[key] = [(int(strings[m]), m) for m, _, _ in
                                     self.single(doc[i:i + 1], allow_missing=True)]
            matches += [(order, match_id, i, i + 1) for order, match_id in found]
        matches += [(int(strings[m]), m, s, e) for m, s, e in self.other(doc, allow_missing=True)]
        matches.sort()
        self.ruler.set_annotations(doc, matches)
        return doc


class _ValueClasses:
    """Sorts an attribute's values into classes that every single-token predicate on it treats alike.

    A value named literally by some pattern is its own class; any other value falls in one class per
    outcome of the patterns' regular expressions (searched on the value's string, as the Matcher does).
    """

    def __init__(self, literals: set[int], regexes: list[re.Pattern[str]], strings: Any) -> None:
        self.literals = literals
        self.regexes = regexes
        self.strings = strings
        self.classes: dict[int, Any] = {}

    def __call__(self, value: int) -> Any:
        found = self.classes.get(value)
        if found is None:
            if value in self.literals:
                found = value
            else:
                text = self.strings[value] if self.regexes else ""
                found = ("other", *(bool(rx.search(text)) for rx in self.regexes))
            self.classes[value] = found
        return found


def _value_classes(predicates: list[Any], strings: Any) -> _ValueClasses | None:
    """Classes for an attribute when its predicates are literals, IN / NOT_IN lists of literals or
    REGEX; None (every value its own class) for anything else."""
    literals: set[int] = set()
    regexes: list[re.Pattern[str]] = []
    for predicate in predicates:
        if isinstance(predicate, dict):
            if set(predicate) == {"REGEX"} and isinstance(predicate["REGEX"], str):
                regexes.append(re.compile(predicate["REGEX"]))
                continue
            if not set(predicate) <= {"IN", "NOT_IN"}:
                return None
            items = [item for group in predicate.values() for item in group]
        else:
            items = [predicate]
        for item in items:
            if isinstance(item, bool):
                literals.add(int(item))
            elif isinstance(item, str):
                literals.add(strings[item])
            else:
                return None
    return _ValueClasses(literals, regexes, strings)


# ``is_base_form`` implementations known to read only the token's part of speech and morphology.
_KNOWN_BASE_FORM_RULES = (Lemmatizer.is_base_form, EnglishLemmatizer.is_base_form)


def _memoisable(pattern: list[dict[str, Any]]) -> bool:
    return len(pattern) == 1 and all(key in _MEMO_KEYS for key in pattern[0])


@Language.factory("memoised_lemmatizer")
def make_memoised_lemmatizer(nlp: Language, name: str) -> MemoisedLemmatizer:
    return MemoisedLemmatizer(nlp.get_pipe("lemmatizer"))  # type: ignore[arg-type]


@Language.factory("memoised_attribute_ruler")
def make_memoised_attribute_ruler(nlp: Language, name: str) -> MemoisedAttributeRuler:
    return MemoisedAttributeRuler(nlp.get_pipe("attribute_ruler"))  # type: ignore[arg-type]


def memoise_rule_components(nlp: Language) -> None:
    """Swap the stock attribute ruler and rule lemmatizer for their memoised wrappers, where present.

    The stock components stay in the pipeline, disabled, and do the work on every memo miss. A
    lemmatizer that is not spaCy's rule lemmatizer (another mode, or a subclass that overrides
    ``rule_lemmatize``) is left alone: its output might depend on more than the memo's key.
    """
    names = nlp.component_names
    if "attribute_ruler" in nlp.pipe_names and type(nlp.get_pipe("attribute_ruler")) is AttributeRuler:
        nlp.add_pipe("memoised_attribute_ruler", after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if (isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule"
            and type(lemmatizer).rule_lemmatize is Lemmatizer.rule_lemmatize
            and type(lemmatizer).is_base_form in _KNOWN_BASE_FORM_RULES
            and "memoised_lemmatizer" not in names):
        _index_as_sets(lemmatizer)
        nlp.add_pipe("memoised_lemmatizer", after="lemmatizer")
        nlp.disable_pipe("lemmatizer")


def _index_as_sets(lemmatizer: Lemmatizer) -> None:
    """The lemma index holds lists of tens of thousands of words that ``rule_lemmatize`` only tests
    for membership (``form in index``): sets give the same answers without a linear scan."""
    if "lemma_index" not in lemmatizer.lookups:
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)
