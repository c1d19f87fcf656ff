"""What every device rule shares: the lexicon, its rule word lists, and Device construction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span

from ...lexicons import LexiconError, build_typed, load_lexicon, load_typed
from ...nlp import doc_text
from ...records import Device, Evidence

LEXICON = "devices"
SENTENCE_FINAL_QUOTES = "\"'”’»"


@dataclass(frozen=True)
class Rules:
    """The word lists and numbers of the syntactic rules (``rules`` in models/devices.yaml)."""

    neutral_regime_modifiers: frozenset[str]
    authority_nouns: frozenset[str]
    authority_verbs: frozenset[str]
    fear_modal_max_tokens: int
    fear_words_under_modal: frozenset[str]
    criticism_verbs: frozenset[str]
    criticism_subjects: frozenset[str]
    criticism_literal_particles: frozenset[str]
    criticism_literal_prepositions: frozenset[str]
    criticism_literal_objects: frozenset[str]
    # A verb's object at most this many tokens after it is part of the device ("sounded an alarm").
    max_object_distance: int
    # A critic (the target of a criticism verb) longer than this is named by its head word only.
    max_target_tokens: int
    so_called_score: float
    # Verbs of stated view whose content is the subject's words, not the author's (voice.py).
    view_verbs: frozenset[str]
    # Subjects whose reported views stay the author's, and how far up the tree voice.py looks.
    author_pronouns: frozenset[str]
    voice_max_depth: int


@cache
def rules() -> Rules:
    loaded = load_typed(LEXICON, Rules, "rules")
    if not 0 <= loaded.so_called_score <= 1:
        raise LexiconError("models/devices.yaml [rules]: so_called_score must be in [0, 1]")
    if loaded.voice_max_depth < 1:
        raise LexiconError("models/devices.yaml [rules]: voice_max_depth must be at least 1")
    return loaded


@dataclass(frozen=True)
class CueDevice:
    """One device of ``devices`` in models/devices.yaml: the score it is shown with, and its cues."""

    score: float
    words: tuple[str, ...] = ()  # matched by lemma or lower-case form
    phrases: tuple[str, ...] = ()  # token by token, lemma or lower-case
    # Token patterns in spaCy Matcher form, for cues with context; checked when cue_index compiles them.
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()


@cache
def cue_specs() -> dict[str, CueDevice]:
    """Every cue device of models/devices.yaml, typed and checked."""
    section = load_lexicon(LEXICON).get("devices")
    if not isinstance(section, dict):
        raise LexiconError("models/devices.yaml: 'devices' must map device names to their cues")
    specs = {str(name): build_typed(spec, CueDevice, f"models/devices.yaml [devices.{name}]")
             for name, spec in section.items()}
    bad = sorted(name for name, spec in specs.items() if not 0 <= spec.score <= 1)
    if bad:
        raise LexiconError(f"models/devices.yaml [devices]: score must be in [0, 1] ({', '.join(bad)})")
    return specs


@cache
def modals() -> frozenset[str]:
    """Epistemic modals: one list for the project, the certainty lexicon's (models/certainty.yaml)."""
    return frozenset(str(m).lower() for m in load_lexicon("certainty")["modals"])


def make_device(doc: Doc, device: str, start: int, end: int, score: float, family: str | None = None,
                evidence: Sequence[Evidence] = (), *, entries: Sequence[str] = (), target: str | None = None,
                claim_id: str | None = None, stance: str | None = None) -> Device:
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
        entries=tuple(entries) or (f"{LEXICON}.yaml:{device}",),
        target=target,
        claim_id=claim_id,
        stance=stance,
    )


def device_from_span(doc: Doc, device: str, span: Span, score: float, family: str | None = None) -> Device:
    return make_device(doc, device, span.start_char, span.end_char, score, family)
