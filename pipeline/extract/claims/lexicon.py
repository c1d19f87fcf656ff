"""The claim extractor's word lists (models/attribution.yaml, models/claims.yaml) and tag sets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...lexicons import load_lexicon

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


@dataclass(frozen=True)
class _Lex:
    cue_verbs: dict[str, str]
    act_verbs: dict[str, str]
    cue_phrases: dict[str, str]
    act_phrases: dict[str, str]
    prep_cues: dict[str, str]
    noun_cues: dict[str, str]
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
    infinitive_content: frozenset[str]
    object_act_stances: frozenset[str]
    source_nouns: frozenset[str]
    human_suffixes: tuple[str, ...]
    quantity_heads: frozenset[str]
    non_sources: frozenset[str]
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
        act_verbs={k.lower(): v for k, v in att["act_cues"].items()},
        cue_phrases={k.lower(): v for k, v in att["cue_phrases"].items()},
        act_phrases={k.lower(): v for k, v in att["act_phrases"].items()},
        prep_cues={k.lower(): v for k, v in att["prepositional_cues"].items()},
        noun_cues={k.lower(): v for k, v in att["noun_cues"].items()},
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
        infinitive_content=low(att.get("infinitive_content_cues", [])),
        object_act_stances=low(att["object_act_stances"]),
        source_nouns=low(att["source_nouns"]),
        human_suffixes=tuple(str(x).lower() for x in att["human_suffixes"]),
        quantity_heads=low(att["quantity_heads"]),
        non_sources=low(att["non_sources"]),
        boilerplate=tuple(re.compile(p, re.IGNORECASE) for p in cl["boilerplate"]),
        imperative_starters=low(cl["imperative_starters"]),
        min_content_words=int(cl["min_content_words"]),
    )
