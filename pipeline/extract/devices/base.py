"""What every device rule shares: the lexicon, its rule word lists, and Device construction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Span

from ...lexicons import load_lexicon
from ...nlp import doc_text
from ...records import Device, Evidence

LEXICON = "devices"

# Word lists of the syntactic rules live in models/devices.yaml under `rules`.
MODALS = frozenset(["could", "might", "may", "would", "will"])
# "so-called" distances the writer from a name, but news also uses it for neutral naming.
SO_CALLED_SCORE = 0.4
SENTENCE_FINAL_QUOTES = "\"'”’»"


def lexicon_version() -> str:
    return str(load_lexicon(LEXICON)["version"])


def rule_value(name: str) -> Any:
    return load_lexicon(LEXICON)["rules"][name]


def rule_words(name: str) -> frozenset[str]:
    return frozenset(str(w) for w in load_lexicon(LEXICON)["rules"][name])


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
