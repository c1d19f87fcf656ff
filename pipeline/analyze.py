"""The per-article function: one parsed article in, one ``Analysis`` out.

This is the unit every engine runs (local processes or Dask workers): it calls the extractors in
dependency order, then links their results by offsets (figures to the claim that states them, devices
to claims, every item to its section and paragraph). The extractors stay pure and ignorant of each
other; the linking happens here, once.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from .errors import InputRejected
from .extract.claims import extract_claims
from .extract.devices import extract_devices
from .extract.entities import extract_entities
from .extract.figures import extract_figures
from .extract.frames import article_frames, score_frames
from .extract.quotes import extract_quotes
from .nlp import load_model, model_id
from .nlp.blocks import parse_text
from .records import Analysis, Article, Claim, Device, Figure
from .versions import analysis_versions, versions_key

__all__ = ["analysis_versions", "analyze_doc", "analyze_text", "versions_key"]

T = TypeVar("T")


def analyze_doc(article: Article, doc: Doc, *, model: str = "") -> Analysis:
    """Run every extractor over ``doc`` (the parse of ``article.text``) and link the results."""
    entities = extract_entities(doc)
    figures = extract_figures(doc)
    quotes = extract_quotes(doc, entities=entities)
    claims = extract_claims(doc, entities=entities, figures=figures, quotes=quotes)
    devices = extract_devices(doc, quotes=quotes, claims=claims, entities=entities)
    claim_frames = score_frames(doc, [(c.start, c.end) for c in claims])
    section_frames = score_frames(doc, [(s.start, s.end) for s in article.sections])

    locate = _Locator(article)
    devices = [locate(d) for d in devices]
    claims = [
        locate(dataclasses.replace(c, frames=tuple(frames), devices=inside))
        for c, frames, inside in zip(claims, claim_frames, _devices_by_claim(claims, devices), strict=True)
    ]
    figures = [locate(f) for f in _figures_with_claims(figures, claims)]
    return Analysis(
        article=article,
        entities=tuple(entities),
        figures=tuple(figures),
        quotes=tuple(locate(q) for q in quotes),
        claims=tuple(claims),
        devices=tuple(devices),
        frames=tuple(article_frames(doc)),
        section_frames={
            s.id: tuple(frames) for s, frames in zip(article.sections, section_frames, strict=True)
        },
        model=model,
        versions=dict(_versions_of_this_process()),
    )


@functools.cache
def _versions_of_this_process() -> tuple[tuple[str, str], ...]:
    """``analysis_versions()``, read once per process: the lexicons are loaded once per process and the
    packages read as lexicons are imported once, so they cannot change under it; asking
    ``importlib.metadata`` for the package versions again cost about 1.3 ms an article."""
    return tuple(analysis_versions().items())


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


def _devices_by_claim(claims: list[Claim], devices: list[Device]) -> list[tuple[str, ...]]:
    """For each claim, the ids of the devices inside it, in the devices' order.

    Devices sorted by start are searched from the claim's start, so the work grows with the number of
    items, not with claims times devices (which made a 1 MB article quadratic).
    """
    order = sorted(range(len(devices)), key=lambda i: devices[i].start)
    starts = [devices[i].start for i in order]
    found = []
    for claim in claims:
        inside = []
        for position in range(bisect.bisect_left(starts, claim.start), len(order)):
            device = devices[order[position]]
            if device.start > claim.end:
                break
            if device.end <= claim.end:
                inside.append(order[position])
        found.append(tuple(devices[i].id for i in sorted(inside)))
    return found


def _figures_with_claims(figures: list[Figure], claims: list[Claim]) -> list[Figure]:
    """Each figure with the first claim (in the claims' order) that contains it, and that claim's source.

    Claims sorted by start are searched backwards from the figure's start; the running maximum of their
    ends says when no earlier claim can reach the figure's end, so the search stops there.
    """
    order = sorted(range(len(claims)), key=lambda i: (claims[i].start, i))
    starts = [claims[i].start for i in order]
    reach = list(itertools.accumulate((claims[i].end for i in order), max))
    linked = []
    for figure in figures:
        best: int | None = None
        position = bisect.bisect_right(starts, figure.start) - 1
        while position >= 0 and reach[position] >= figure.end:
            index = order[position]
            if claims[index].end >= figure.end and (best is None or index < best):
                best = index
            position -= 1
        if best is None:
            linked.append(figure)
        else:
            claim = claims[best]
            linked.append(dataclasses.replace(figure, claim_id=claim.id,
                                              source=figure.source or claim.attribution.source))
    return linked
