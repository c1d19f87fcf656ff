"""The records every stage passes on: primitives and character offsets, never spaCy objects.

Offsets index into ``Article.text`` (the cleaned text that is stored and exported), so
``article.text[item.start:item.end] == item.text`` holds for every item below.
Ids are local to an article and derived from offsets (``fig-1234``), so they are stable
across runs as long as the text is; exports pair them with the article id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """Words in the article that justify a label."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    """A run of paragraphs under one heading (or none, for the opening section)."""

    id: str
    heading: str | None
    start: int  # body start: first character after the heading line
    end: int
    heading_start: int | None = None
    heading_end: int | None = None


@dataclass(frozen=True)
class Paragraph:
    id: str
    start: int
    end: int
    section_id: str


@dataclass(frozen=True)
class Article:
    """One ingested article: cleaned text, its structure and metadata."""

    id: str
    text: str
    source: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    path: str | None = None
    language: str = "en"
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def n_words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Mention:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """One real-world thing named in the article, its mentions merged."""

    id: str
    canonical: str
    label: str
    mentions: tuple[Mention, ...]
    count: int
    salience: float  # 0..1: frequency and earliness of mention


@dataclass(frozen=True)
class Figure:
    """A number a reader would call a figure, normalised, with what it counts."""

    id: str
    text: str
    start: int
    end: int
    value: float | None
    kind: str  # count|percent|percentage_points|money|multiplier|ratio|quantity|duration|age|rank
    unit: str | None = None  # "mile", "USD", "%"...
    approximate: bool = False
    qualifier: str | None = None  # about, nearly, more than, up to, at least...
    range: tuple[float, float] | None = None
    subject: str | None = None  # what is counted
    time: str | None = None  # the date or period it refers to
    change_from: str | None = None  # id of the figure this one is compared with ("up from")
    source: str | None = None  # filled from the claim's attribution
    claim_id: str | None = None
    section_id: str | None = None
    paragraph_id: str | None = None


@dataclass(frozen=True)
class Quote:
    id: str
    text: str  # inside the quotation marks
    start: int
    end: int
    kind: str  # direct|partial|scare
    speaker: str | None = None  # canonical name when resolved to an entity
    speaker_start: int | None = None  # offsets of the speaker's mention in the text
    speaker_end: int | None = None
    cue: str | None = None  # the reporting verb or the colon/dash that introduces it
    cue_start: int | None = None  # offsets of the cue when it is a word of the text
    cue_end: int | None = None
    section_id: str | None = None
    paragraph_id: str | None = None


@dataclass(frozen=True)
class Attribution:
    """Who a claim is attributed to, by which cue (PolNeAR's Source / Cue / Content)."""

    source: str | None
    kind: str  # named|vague|self|none
    cue: str | None = None
    stance: str | None = None  # neutral|factive|distancing|alarm|concessive|hostile
    start: int | None = None  # the source span
    end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    entity: str | None = None  # canonical name of the linked entity
    content_start: int | None = None  # what is attributed: a clause, a quote, or the whole claim
    content_end: int | None = None


@dataclass(frozen=True)
class FrameScore:
    frame: str
    score: float
    evidence: tuple[Evidence, ...] = ()
    taxonomy: str = "issue"  # issue|generic
    share: float | None = None  # share of the article's frame evidence
    present: bool = True


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    start: int
    end: int
    section_id: str | None = None
    paragraph_id: str | None = None
    types: tuple[str, ...] = ()
    attribution: Attribution = Attribution(source=None, kind="none")
    # Every attribution of the claim, the main one (``attribution``) first: "X said that Y argued ..."
    # has two; empty when the claim is attributed to nobody.
    attributions: tuple[Attribution, ...] = ()
    figures: tuple[str, ...] = ()  # figure ids
    entities: tuple[str, ...] = ()  # canonical names
    quote_id: str | None = None
    certainty: float = 0.5
    hedges: tuple[Evidence, ...] = ()
    boosters: tuple[Evidence, ...] = ()
    checkworthiness: float = 0.0
    type_evidence: tuple[Evidence, ...] = ()
    frames: tuple[FrameScore, ...] = ()
    devices: tuple[str, ...] = ()  # device ids


@dataclass(frozen=True)
class Device:
    id: str
    device: str
    text: str
    start: int
    end: int
    score: float
    family: str | None = None
    evidence: tuple[Evidence, ...] = ()
    # The lexicon entries that fired ("vader:bizarre=-1.3", "devices.yaml:loaded_language").
    entries: tuple[str, ...] = ()
    # Who or what the device is about: the labelled entity (name calling), the source whose words a
    # loaded reporting verb frames; the claim it frames and the stance its verb implies.
    target: str | None = None
    claim_id: str | None = None
    stance: str | None = None
    section_id: str | None = None
    paragraph_id: str | None = None


@dataclass(frozen=True)
class Story:
    """Articles that report the same event, from one or several outlets (the corpus-level stories stage)."""

    id: str  # "story-" + a hash of its article ids: stable while its articles are
    label: str  # its key terms joined, for a one-line listing
    keyterms: tuple[str, ...]
    start: str | None  # first and last publication dates of its dated articles
    end: str | None
    sources: tuple[str, ...]  # outlets, most articles first
    article_ids: tuple[str, ...]  # earliest first, undated last
    undated: int = 0  # articles without a usable date (placed by their content alone)
    cohesion: float = 1.0  # mean similarity of its articles to each other (1.0 for one article)


@dataclass(frozen=True)
class Analysis:
    """Everything extracted from one article: the unit the engine produces and the store saves."""

    article: Article
    entities: tuple[Entity, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    devices: tuple[Device, ...] = ()
    frames: tuple[FrameScore, ...] = ()  # article level, issue and generic
    section_frames: dict[str, tuple[FrameScore, ...]] = field(default_factory=dict, hash=False, compare=False)
    model: str = ""
    versions: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
