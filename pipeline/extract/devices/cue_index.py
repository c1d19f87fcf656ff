"""Cue words, phrases and token patterns of models/devices.yaml, indexed by their first word."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property, lru_cache
from typing import Any

from spacy.lang.en import English
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
from spacy.vocab import Vocab

from ...lexicons import load_lexicon
from ..frames import token_forms
from .base import LEXICON, cue_specs


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """spaCy's English tokenizer for the lexicon's cue phrases, so they split like the article
    ("so-called" -> so, -, called).

    Built as ``spacy.blank("en")`` builds it, but with only the special cases ("don't", "gonna") whose
    text occurs somewhere in models/devices.yaml: a special case can only fire on a phrase holding its
    text, so the tokens are the same, and loading all 1,300 of them cost ~0.4 s per process (several
    ms per article of a 100-article run).
    """
    defaults = English.Defaults
    lexicon_text = "\n".join(_strings(load_lexicon(LEXICON)))
    rules = {text: case for text, case in defaults.tokenizer_exceptions.items() if text in lexicon_text}
    return Tokenizer(
        Vocab(), rules=rules,
        prefix_search=compile_prefix_regex(defaults.prefixes or ()).search,
        suffix_search=compile_suffix_regex(defaults.suffixes or ()).search,
        infix_finditer=compile_infix_regex(defaults.infixes or ()).finditer,
        token_match=defaults.token_match, url_match=defaults.url_match,
    )


def _strings(value: Any) -> Iterator[str]:
    """Every string in a YAML value (keys and values, at any depth)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


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


def phrase_patterns(phrase: str) -> list[_Pattern]:
    words = [t.text.lower() for t in _tokenizer()(phrase)]
    return [_compile_pattern([{"LEMMA": w} for w in words]), _compile_pattern([{"LOWER": w} for w in words])]


class Tokens:
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


class PatternIndex:
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

    def __call__(self, tokens: Tokens) -> list[tuple[str, int, int]]:
        n = len(tokens.lower)
        found: set[tuple[str, int, int]] = set()
        forms = {"LEMMA": tokens.lemma, "LOWER": tokens.lower}
        for attr, words in forms.items():
            index = self.phrases_by_length[attr]
            # Only the positions holding a phrase's first word are looked at (one set test a token),
            # and there one dictionary lookup per phrase length ("the" starts a dozen phrases).
            for i in [i for i, word in enumerate(words) if word in index] if index else ():
                for length, phrases in index[words[i]].items():
                    for label in phrases.get(tuple(words[i:i + length]), ()) if i + length <= n else ():
                        found.add((label, i, i + length))
        # Patterns indexed by a first word are tried only where that word stands; unindexed ones at
        # every token.
        starts: dict[int, list[tuple[str, _Pattern]]] = defaultdict(list)
        for attr, first in self.first_words.items():
            words = forms.get(attr) or [tokens.value(attr, i) for i in range(n)]
            for i in [i for i, word in enumerate(words) if word in first]:
                starts[i].extend(first[words[i]])
        for i in range(n) if self.anywhere else ():
            starts[i].extend(self.anywhere)
        for i, patterns in starts.items():
            for label, pattern in patterns:
                for end in _match_at(pattern, 0, i, tokens):
                    if end > i:
                        found.add((label, i, end))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))

    @cached_property
    def phrases_by_length(self) -> dict[str, dict[str, dict[int, dict[tuple[str, ...], list[str]]]]]:
        """Plain phrases by attribute, first word, length, then words -> labels."""
        index: dict[str, dict[str, dict[int, dict[tuple[str, ...], list[str]]]]] = {}
        for attr, by_word in self.phrases.items():
            index[attr] = {}
            for first, phrases in by_word.items():
                lengths = index[attr].setdefault(first, {})
                for label, phrase in phrases:
                    lengths.setdefault(len(phrase), {}).setdefault(phrase, []).append(label)
        return index

    @cached_property
    def first_words(self) -> dict[str, dict[str, list[tuple[str, _Pattern]]]]:
        """The indexed patterns by attribute, then by the first word's value."""
        by_attr: dict[str, dict[str, list[tuple[str, _Pattern]]]] = defaultdict(dict)
        for (attr, value), patterns in sorted(self.by_first.items()):
            by_attr[attr][value] = patterns
        return dict(by_attr)


def _plain_phrase(pattern: _Pattern) -> tuple[str, tuple[str, ...]] | None:
    """(attribute, words) when every token tests one value of the same LEMMA or LOWER attribute."""
    attrs = {tests[0][0] for tests, _ in pattern if len(tests) == 1}
    if len(attrs) != 1 or any(optional or len(tests) != 1 or len(tests[0][1]) != 1 for tests, optional in pattern):
        return None
    attr = attrs.pop()
    if attr not in ("LEMMA", "LOWER"):
        return None
    return attr, tuple(next(iter(tests[0][1])) for tests, _ in pattern)


def _match_at(pattern: _Pattern, k: int, i: int, tokens: Tokens) -> Iterator[int]:
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
def cue_index() -> PatternIndex:
    """Every cue device's words, phrases and patterns; labels are the device names."""
    patterns: list[tuple[str, _Pattern]] = []
    for device, spec in cue_specs().items():
        for word in (*spec.words, *spec.phrases):
            patterns.extend((device, p) for p in phrase_patterns(word))
        patterns.extend((device, _compile_pattern(p)) for p in spec.patterns)
    return PatternIndex(patterns)
