"""The library behind each CLI verb: ingest, analyze, run. The CLI only parses flags and prints.

Progress is reported through an optional callback ``progress(done, total)`` so the library stays free
of any terminal code.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ingest import IngestOptions, Note, Rejected, read_articles
from .ingest.outlets import OutletNames
from .ingest.paths import display_path
from .nlp import resolve_model_id
from .records import Analysis, Article
from .settings import Settings
from .store import Store

Progress = Callable[[int, int | None], None]
log = logging.getLogger("framelens")


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)  # new article ids
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (origin, article id)
    skipped: list[Rejected] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # stored outlets given another name
    notes: list[Note] = field(default_factory=list)  # about inputs that were ingested (bytes replaced...)

    @property
    def skipped_by_reason(self) -> Counter[str]:
        return Counter(r.reason for r in self.skipped)

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped else 0

    @property
    def article_ids(self) -> list[str]:
        """Every article the inputs hold: the new ones, then those already stored (duplicates)."""
        return list(dict.fromkeys([*self.ingested, *(article_id for _, article_id in self.duplicates)]))


@dataclass
class AnalyzeSummary:
    analysed: int = 0
    unchanged: int = 0
    claims: int = 0
    figures: int = 0
    quotes: int = 0
    devices: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, reason)

    def count(self, analysis: Analysis, sign: int = 1) -> None:
        """Add an analysis to the counts (sign -1: take it out again)."""
        self.analysed += sign
        self.claims += sign * len(analysis.claims)
        self.figures += sign * len(analysis.figures)
        self.quotes += sign * len(analysis.quotes)
        self.devices += sign * len(analysis.devices)


def ingest(paths: Iterable[str | Path], store: Store, settings: Settings,
           progress: Progress | None = None) -> IngestSummary:
    """Read every input into the store: each article in its own transaction, each failure named."""
    summary = IngestSummary()
    options = IngestOptions(fields=settings.fields, max_bytes=settings.max_bytes,
                            max_chars=settings.max_chars, csv_delimiter=settings.csv_delimiter,
                            follow_symlinks=settings.follow_symlinks)
    paths = list(paths)
    run_id = store.begin_run("ingest", {"paths": [display_path(p) for p in paths]})
    outlets = OutletNames(settings.sources, store.outlets())
    _rename_outlets(store, outlets, summary)
    for done, item in enumerate(read_articles(paths, options), start=1):
        if isinstance(item, Note):
            log.info("note on %s: %s: %s", item.origin, item.reason, item.detail)
            summary.notes.append(item)
            store.record_input(run_id, item.origin, "note", item.reason, item.detail)
            continue
        if not isinstance(item, Rejected):
            item = dataclasses.replace(item, source=outlets.resolve(item.source))
            _rename_outlets(store, outlets, summary)
        rejected = item if isinstance(item, Rejected) else _store_article(store, item, run_id, summary)
        if rejected is not None:
            log.info("skipped %s: %s: %s", rejected.origin, rejected.reason, rejected.detail)
            summary.skipped.append(rejected)
            store.record_input(run_id, rejected.origin, "skipped", rejected.reason, rejected.detail)
        if progress:
            progress(done, None)
    store.finish_run(run_id, {"ingested": len(summary.ingested), "duplicates": len(summary.duplicates),
                              "skipped": dict(summary.skipped_by_reason), "notes": len(summary.notes)})
    return summary


def _rename_outlets(store: Store, outlets: OutletNames, summary: IngestSummary) -> None:
    """Apply the renames the outlet names asked for (a better-written form or an alias arrived)."""
    while outlets.renamed:
        old, new = outlets.renamed.pop(0)
        if store.rename_outlet(old, new):
            log.info("outlet %r is now %r", old, new)
            summary.renamed.append((old, new))


def _store_article(store: Store, item: Article, run_id: int, summary: IngestSummary) -> Rejected | None:
    """Store one article; a record the store cannot take (bad data, not a full disk) is rejected."""
    try:
        added = store.add_article(item)
    except (ValueError, TypeError, OverflowError, UnicodeError, RecursionError) as exc:
        return Rejected(item.path or item.id, "unstorable", f"{type(exc).__name__}: {exc}"[:200])
    if added:
        log.info("ingested %s as %s (%s, %d words, %d sections)", item.path, item.id, item.source,
                 item.n_words, len(item.sections))
        summary.ingested.append(item.id)
        store.record_input(run_id, item.path or "", "ingested", article_id=item.id)
    else:
        log.info("duplicate %s: same text as article %s", item.path, item.id)
        summary.duplicates.append((item.path or "", item.id))
        store.record_input(run_id, item.path or "", "duplicate", "duplicate",
                           f"same text as article {item.id}", item.id)
    return None


def analyze(store: Store, settings: Settings, *, force: bool = False, progress: Progress | None = None,
            out_parquet: Path | None = None) -> AnalyzeSummary:
    """Analyse every stored article not yet analysed with this model and these lexicons.

    Results are saved as they arrive, a batch per transaction and each article in its own savepoint, so
    a run killed at any point keeps every batch it finished, never part of an article, and the next run
    resumes with the rest. With ``out_parquet`` the results go to partitioned Parquet files instead of
    the store (for corpora that outgrow SQLite).
    """
    from .analyze import analysis_versions, versions_key

    model = resolve_model_id(settings.model)
    key = versions_key(model, analysis_versions())
    ids = store.article_ids() if force else store.article_ids(unanalysed_for=key)
    summary = AnalyzeSummary(unchanged=store.count() - len(ids))
    cache_dir = settings.cache_dir or store.path.parent / "parse-cache"
    run_id = store.begin_run("analyze", {"model": model, "force": force, "articles": len(ids)})
    if settings.engine == "dask":
        from .engine.cluster import run_dask

        analyses = run_dask(store.iter_articles(ids), model=settings.model, scheduler=settings.scheduler,
                            batch_size=settings.batch_size, n_workers=settings.n_process,
                            cache_dir=str(cache_dir), budget=settings.time_budget)
    else:
        from .engine.local import run_local

        # Starting worker processes costs a model load each: not worth it for a handful of articles.
        n_process = settings.n_process if len(ids) >= 4 * settings.batch_size else 1
        analyses = run_local(store.iter_articles(ids), model=settings.model, n_process=n_process,
                             batch_size=settings.batch_size, cache_dir=str(cache_dir), budget=settings.time_budget)
    counted = _counted(analyses, summary, progress, len(ids))
    if out_parquet is not None:
        from .engine.cluster import write_parquet

        write_parquet((a for a in counted if isinstance(a, Analysis)), str(out_parquet))
    else:
        _save_in_batches(store, counted, key, summary, settings.batch_size)
    store.finish_run(run_id, {"analysed": summary.analysed, "unchanged": summary.unchanged,
                              "failed": len(summary.failed), "parquet": str(out_parquet or "")})
    return summary


def _save_in_batches(store: Store, analyses: Iterable[Any], key: str, summary: AnalyzeSummary,
                     size: int) -> None:
    """Save the analyses ``size`` at a time; one that cannot be stored moves to the failures."""
    batch: list[Analysis] = []
    for item in analyses:
        if isinstance(item, Analysis):
            batch.append(item)
        if len(batch) >= size:
            _save_batch(store, batch, key, summary)
            batch = []
    _save_batch(store, batch, key, summary)


def _save_batch(store: Store, batch: list[Analysis], key: str, summary: AnalyzeSummary) -> None:
    if not batch:
        return
    by_id = {analysis.article.id: analysis for analysis in batch}
    for article_id, reason in store.save_analyses(batch, key):
        log.warning("analysis of %s not stored: %s", article_id, reason)
        summary.count(by_id[article_id], -1)
        summary.failed.append((article_id, reason))


def _counted(analyses: Iterable[Any], summary: AnalyzeSummary, progress: Progress | None,
             total: int) -> Iterator[Any]:
    """Pass analyses through, counting them (and the failures) into the summary."""
    for analysis in analyses:
        if isinstance(analysis, Analysis):
            log.info("analysed %s: %d claims, %d figures, %d quotes, %d devices", analysis.article.id,
                     len(analysis.claims), len(analysis.figures), len(analysis.quotes), len(analysis.devices))
            summary.count(analysis)
        else:
            log.warning("analysis of %s failed: %s", analysis.article_id, analysis.error)
            summary.failed.append((analysis.article_id, analysis.error))
        if progress:
            progress(summary.analysed + len(summary.failed), total)
        yield analysis


def write_outputs(store: Store, out_dir: Path, *, article_ids: Collection[str] | None = None) -> list[Path]:
    """The report (HTML + Markdown) and the claims export, as ``framelens run`` writes them.

    ``article_ids`` limits both to those articles (``run PATHS`` reports on the articles of its paths,
    not on everything an earlier run left in the store); None means the whole store.
    """
    from .export import export
    from .outputs import ensure_folder
    from .report import write_report

    ensure_folder(out_dir)
    claims_path = out_dir / "claims.jsonl"
    export(store, "claims", "jsonl", claims_path, article_ids=article_ids)
    return [*write_report(store, out_dir, article_ids=article_ids), claims_path]
