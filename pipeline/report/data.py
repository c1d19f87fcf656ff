"""What the report shows, gathered in one streaming pass over the store's article documents.

Only aggregates, the top claims (a bounded heap) and the articles shown in full (another heap) are
kept in memory, so a corpus of any size makes a report of bounded size; the note fields say what was
left out and where to find it (the exports).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from ..document import with_min_device_score

if TYPE_CHECKING:
    from ..store import Store

HIGH_CHECKWORTHINESS = 0.7  # claims at or above are marked "check-worthy" in the text


@dataclass
class ClaimRow:
    """One claim as the report lists it."""

    uid: str
    text: str
    article_id: str
    article_title: str
    article_source: str
    source: str | None
    kind: str
    cue: str | None
    types: list[str]
    figures: list[str]  # the figures' words
    figure_values: list[float]  # their values, for sorting by number
    certainty: float
    checkworthiness: float
    frames: list[tuple[str, float]]
    devices: list[str]  # device names
    shown: bool = False  # its article is rendered in full (so the row can link to it)

    @property
    def anchor(self) -> str:
        """The id of the claim in its article's marked text (see ``marks.claim_anchor``)."""
        return f"cl-{self.article_id}-{self.uid.split(':', 1)[1]}"


@dataclass
class SourceStat:
    name: str
    kind: str
    claims: int = 0
    articles: set[str] = field(default_factory=set)
    cues: Counter[str] = field(default_factory=Counter)
    # An unnamed description ("the president") counted for its own article only: the same words in
    # two articles may mean two people, so they are never merged across articles.
    article: str | None = None


@dataclass
class ReportData:
    title: str
    n_articles: int = 0  # ingested
    n_analysed: int = 0
    n_words: int = 0
    counts: Counter[str] = field(default_factory=Counter)  # claims, figures, quotes, devices, entities
    sources: Counter[str] = field(default_factory=Counter)  # outlet -> analysed articles
    words_by_source: Counter[str] = field(default_factory=Counter)
    devices_by_source: Counter[str] = field(default_factory=Counter)
    frame_shares: dict[str, dict[str, float]] = field(default_factory=dict)  # taxonomy -> frame -> share
    frame_articles: Counter[tuple[str, str]] = field(default_factory=Counter)  # (taxonomy, frame) -> articles
    devices: Counter[str] = field(default_factory=Counter)
    attribution_kinds: Counter[str] = field(default_factory=Counter)
    cited: list[SourceStat] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)  # top by check-worthiness
    top_claims: list[ClaimRow] = field(default_factory=list)
    vague_claims: list[ClaimRow] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)  # full documents shown per article
    index: list[dict[str, Any]] = field(default_factory=list)  # every analysed article, one line each
    max_claims: int = 0
    max_articles: int = 0
    max_index: int = 0

    @property
    def devices_per_1000(self) -> dict[str, float]:
        words = max(self.n_words, 1)
        return {name: 1000 * count / words for name, count in self.devices.most_common()}


def display_title(article: dict[str, Any]) -> str:
    """The title, else the file name the article came from (not its full path), else its id."""
    if article.get("title"):
        return str(article["title"])
    path = str(article.get("path") or "")
    return PurePath(path.split(":")[0].split("#")[0]).name or article["id"] if path else article["id"]


def frame_weights(frames: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per taxonomy, each present frame's share of the article's framing (shares sum to 1).

    The extractor's ``share`` is used when given; otherwise the scores are normalised, so articles
    from older runs still count.
    """
    by_taxonomy: dict[str, dict[str, float]] = defaultdict(dict)
    for frame in frames:
        if not frame.get("present", True):
            continue
        weight = frame.get("share")
        weight = frame.get("score", 0.0) if weight is None else weight
        if weight and weight > 0:
            by_taxonomy[frame.get("taxonomy") or "issue"][frame["frame"]] = float(weight)
    return {tax: {f: w / sum(ws.values()) for f, w in ws.items()} for tax, ws in by_taxonomy.items()}


def _claim_row(document: dict[str, Any], claim: dict[str, Any]) -> ClaimRow:
    article = document["article"]
    figures = {f["id"]: f for f in document.get("figures", [])}
    devices = {d["id"]: d["device"] for d in document.get("devices", [])}
    attribution = claim.get("attribution") or {}
    frames = sorted(((f["frame"], float(f["score"])) for f in claim.get("frames", []) if f.get("present", True)),
                    key=lambda fs: -fs[1])
    return ClaimRow(
        uid=f"{article['id']}:{claim['id']}", text=claim["text"], article_id=article["id"],
        article_title=display_title(article),
        article_source=article.get("source") or "unknown",
        source=attribution.get("entity") or attribution.get("source"), kind=attribution.get("kind") or "none",
        cue=attribution.get("cue"), types=list(claim.get("types", [])),
        figures=[figures[fid]["text"] if fid in figures else fid for fid in claim.get("figures", [])],
        figure_values=[float(figures[fid]["value"]) for fid in claim.get("figures", [])
                       if fid in figures and figures[fid].get("value") is not None],
        certainty=float(claim.get("certainty", 0.5)), checkworthiness=float(claim.get("checkworthiness", 0.0)),
        frames=frames, devices=sorted({devices.get(did, did) for did in claim.get("devices", [])}),
    )


class _Top:
    """The n largest items by key, first-come first-kept on ties (a bounded min-heap)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.heap: list[tuple[float, int, Any]] = []
        self.seen = 0

    def add(self, key: float, item: Any) -> None:
        self.seen += 1
        entry = (key, -self.seen, item)
        if len(self.heap) < self.n:
            heapq.heappush(self.heap, entry)
        elif entry[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, entry)

    def items(self) -> list[Any]:
        return [item for _, _, item in sorted(self.heap, key=lambda e: (-e[0], -e[1]))]


_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their",
                          "our", "my", "your"])


def _unnamed_description(claim: dict[str, Any]) -> bool:
    """A named source the article did not bind to a name: a description ("the president", "the
    agency", "her spokesman"), which two articles may use for two different people or bodies."""
    attribution = claim.get("attribution") or {}
    source = str(attribution.get("source") or "")
    words = source.split()
    # A quote's unresolved speaker comes as its own entity ("the official" -> "the official").
    entity = str(attribution.get("entity") or "")
    bound = bool(entity) and entity.casefold() != source.casefold()
    if attribution.get("kind") != "named" or bound or not words:
        return False
    return words[0].lower() in _DETERMINERS or words[0][:1].islower()


def _no_source(claim: dict[str, Any]) -> bool:
    """An agentless passive ("is expected to", "it is believed"): the cue stands where a source would."""
    attribution = claim.get("attribution") or {}
    start = attribution.get("start")
    return start is not None and (start, attribution.get("end")) == (attribution.get("cue_start"),
                                                                       attribution.get("cue_end"))


def merge_name_forms(stats: Iterable[SourceStat], persons: set[str]) -> list[SourceStat]:
    """One row per source across articles ("Trump", "Donald J. Trump" -> Donald Trump), with the same
    conservative merge the comparison uses; pronoun sources ("they") name nobody and are left out."""
    from ..compare.names import NameResolver

    stats = list(stats)
    resolve = NameResolver([s.name for s in stats for _ in range(s.claims)], persons)
    merged: dict[tuple[str, str, str | None], SourceStat] = {}
    for stat in stats:
        name = stat.name if stat.article is not None else resolve(stat.name)
        if name is None:
            continue
        into = merged.setdefault((name.casefold(), stat.kind, stat.article),
                                 SourceStat(name=name, kind=stat.kind, article=stat.article))
        into.claims += stat.claims
        into.articles |= stat.articles
        into.cues.update(stat.cues)
    return list(merged.values())


def collect(store: Store, *, title: str, max_claims: int = 500, max_articles: int = 50, top_n: int = 15,
            max_index: int = 1000, article_ids: Collection[str] | None = None,
            min_device_score: float | None = None) -> ReportData:
    """Everything the report shows, from one pass over the analysed articles (``article_ids``: only those;
    devices below ``min_device_score``, default the shipped threshold, left out)."""
    data = ReportData(title=title, max_claims=max_claims, max_articles=max_articles, max_index=max_index)
    wanted = None if article_ids is None else set(article_ids)
    data.n_articles = store.count("articles") if wanted is None else len(wanted)
    claims, top, vague = _Top(max_claims), _Top(top_n), _Top(top_n)
    articles = _Top(max_articles)
    share_sums: dict[str, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
    framed_articles: Counter[str] = Counter()
    cited: dict[tuple[str, str, str | None], SourceStat] = {}
    persons: set[str] = set()
    for stored in store.documents(ids=wanted):  # other articles' documents are never decoded
        document = with_min_device_score(stored, min_device_score)
        article = document["article"]
        source = article.get("source") or "unknown"
        words = int(article.get("n_words") or len(article.get("text", "").split()))
        data.n_analysed += 1
        data.n_words += words
        data.sources[source] += 1
        data.words_by_source[source] += words
        for kind in ("claims", "figures", "quotes", "devices", "entities"):
            data.counts[kind] += len(document.get(kind, []))
        persons.update(e["canonical"] for e in document.get("entities", []) if e.get("label") == "PERSON")
        for device in document.get("devices", []):
            data.devices[device["device"]] += 1
            data.devices_by_source[source] += 1
        for taxonomy, weights in frame_weights(document.get("frames", [])).items():
            framed_articles[taxonomy] += 1
            for frame, weight in weights.items():
                share_sums[taxonomy][frame] += weight
                data.frame_articles[(taxonomy, frame)] += 1
        for claim in document.get("claims", []):
            row = _claim_row(document, claim)
            data.attribution_kinds[row.kind] += 1
            if row.source and row.kind in ("named", "vague") and not _no_source(claim):
                local = row.article_id if _unnamed_description(claim) else None
                key = (row.source.casefold(), row.kind, local)
                stat = cited.setdefault(key, SourceStat(name=row.source, kind=row.kind, article=local))
                stat.claims += 1
                stat.articles.add(row.article_id)
                if row.cue:
                    stat.cues[row.cue.casefold()] += 1
            claims.add(row.checkworthiness, row)
            top.add(row.checkworthiness, row)
            if row.kind == "vague":
                vague.add(row.checkworthiness, row)
        if len(data.index) < max_index:
            data.index.append(_index_line(document))
        articles.add(len(document.get("claims", [])), document)
    data.frame_shares = {tax: {f: s / framed_articles[tax]
                                for f, s in sorted(sums.items(), key=lambda fs: -fs[1])}
                         for tax, sums in sorted(share_sums.items(), key=lambda kv: (kv[0] != "issue", kv[0]))}
    data.cited = sorted(merge_name_forms(cited.values(), persons),
                        key=lambda s: (-s.claims, -len(s.articles), s.name.casefold()))
    data.articles = articles.items()
    shown = {d["article"]["id"] for d in data.articles}
    data.claims, data.top_claims, data.vague_claims = claims.items(), top.items(), vague.items()
    for row in [*data.claims, *data.top_claims, *data.vague_claims]:
        row.shown = row.article_id in shown
    for line in data.index:
        line["shown"] = line["id"] in shown
    return data


def _index_line(document: dict[str, Any]) -> dict[str, Any]:
    article = document["article"]
    frames = sorted((f for f in document.get("frames", []) if f.get("present", True)
                     and f.get("taxonomy", "issue") == "issue"), key=lambda f: -float(f.get("score", 0)))
    return {"id": article["id"], "title": display_title(article),
            "source": article.get("source"), "published": article.get("published"),
            "n_words": article.get("n_words"), "claims": len(document.get("claims", [])),
            "top_frame": frames[0]["frame"] if frames else None}
