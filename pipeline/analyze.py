"""The per-article function: one parsed article in, one ``Analysis`` out.

This is the unit every engine runs (local processes or Dask workers): it calls the extractors in
dependency order, then links their results by offsets (figures to the claim that states them, devices
to claims, every item to its section and paragraph). The extractors stay pure and ignorant of each
other; the linking happens here, once.
"""

from __future__ import annotations

import bisect
import dataclasses
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from .errors import InputRejected
from .extract.claims import extract_claims
from .extract.devices import extract_devices
from .extract.devices.package_lexicons import package_lexicon_versions
from .extract.entities import extract_entities
from .extract.figures import extract_figures
from .extract.frames import article_frames, score_frames
from .extract.quotes import extract_quotes
from .lexicons import lexicon_versions
from .nlp import load_model, model_id
from .nlp.blocks import parse_text
from .records import Analysis, Article, Claim, Device, Figure

T = TypeVar("T")


def analyze_doc(article: Article, doc: Doc, *, model: str = "") -> Analysis:
    """Run every extractor over ``doc`` (the parse of ``article.text``) and link the results."""
    entities = extract_entities(doc)
    figures = extract_figures(doc)
    quotes = extract_quotes(doc, entities=entities)
    claims = extract_claims(doc, entities=entities, figures=figures, quotes=quotes)
    devices = extract_devices(doc, quotes=quotes, claims=claims)
    claim_frames = score_frames(doc, [(c.start, c.end) for c in claims])
    section_frames = score_frames(doc, [(s.start, s.end) for s in article.sections])

    locate = _Locator(article)
    devices = [locate(d) for d in devices]
    claims = [
        locate(dataclasses.replace(c, frames=tuple(frames), devices=_ids_within(devices, c.start, c.end)))
        for c, frames in zip(claims, claim_frames)
    ]
    figures = [locate(_with_claim(f, claims)) for f in figures]
    return Analysis(
        article=article,
        entities=tuple(entities),
        figures=tuple(figures),
        quotes=tuple(locate(q) for q in quotes),
        claims=tuple(claims),
        devices=tuple(devices),
        frames=tuple(article_frames(doc)),
        section_frames={s.id: tuple(frames) for s, frames in zip(article.sections, section_frames)},
        model=model,
        versions=analysis_versions(),
    )


def analysis_versions() -> dict[str, str]:
    """The versions an analysis depends on: every YAML lexicon and every package lexicon read as data."""
    return {**lexicon_versions(), **package_lexicon_versions()}


def analyze_text(text: str, *, title: str | None = None, source: str = "text",
                 nlp: Language | None = None) -> Analysis:
    """Clean, parse and analyse one text: the library entry point for a single article."""
    from .ingest import IngestOptions, to_article
    from .ingest.readers import RawRecord, Rejected

    article = to_article(RawRecord(text=text, origin="<text>", fields={"title": title, "source": source}),
                         IngestOptions())
    if isinstance(article, Rejected):
        raise InputRejected(article.reason, article.detail)
    nlp = nlp or load_model()
    return analyze_doc(article, parse_text(nlp, article.text), model=model_id(nlp))


class _Locator:
    """Adds section and paragraph ids to any record with a ``start`` offset."""

    def __init__(self, article: Article) -> None:
        self.paragraphs = article.paragraphs
        self.starts = [p.start for p in article.paragraphs]

    def __call__(self, item: T) -> T:
        index = bisect.bisect_right(self.starts, item.start) - 1  # type: ignore[attr-defined]
        if index < 0:
            return item
        paragraph = self.paragraphs[index]
        return dataclasses.replace(item, section_id=paragraph.section_id,  # type: ignore[type-var]
                                   paragraph_id=paragraph.id)


def _ids_within(devices: list[Device], start: int, end: int) -> tuple[str, ...]:
    return tuple(d.id for d in devices if start <= d.start and d.end <= end)


def _with_claim(figure: Figure, claims: list[Claim]) -> Figure:
    """The figure's claim and the source that claim is attributed to."""
    for claim in claims:
        if claim.start <= figure.start and figure.end <= claim.end:
            return dataclasses.replace(figure, claim_id=claim.id,
                                       source=figure.source or claim.attribution.source)
    return figure


def versions_key(model: str, versions: dict[str, Any]) -> str:
    """What an analysis depends on: a change re-analyses the article on the next run."""
    from . import __version__

    return f"{__version__}|{model}|" + ",".join(f"{k}={v}" for k, v in sorted(versions.items()))
