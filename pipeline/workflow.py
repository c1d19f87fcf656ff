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

from . import __version__
from .document import device_threshold
from .ingest import IngestOptions, Note, Rejected, read_input_file
from .ingest.outlets import OutletNames
from .ingest.paths import display_path, expand_paths
from .lexicons import MODELS_DIR
from .nlp import resolve_model_id
from .records import Analysis, Article
from .settings import Settings
from .store import Store, freshness

Progress = Callable[[int, int | None], None]
log = logging.getLogger("framelens")


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)  # new article ids
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (origin, article id)
    skipped: list[Rejected] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # stored outlets given another name
    notes: list[Note] = field(default_factory=list)  # about inputs that were ingested (bytes replaced...)
    unchanged: list[tuple[str, list[str]]] = field(default_factory=list)  # (file, its article ids): not read
    files_read: int = 0

    @property
    def skipped_by_reason(self) -> Counter[str]:
        return Counter(r.reason for r in self.skipped)

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped else 0

    @property
    def article_ids(self) -> list[str]:
        """Every article the inputs hold: the new ones, then those already stored (duplicates, and the
        articles of files not read again because they have not changed)."""
        return list(dict.fromkeys([*self.ingested, *(article_id for _, article_id in self.duplicates),
                                   *(article_id for _, ids in self.unchanged for article_id in ids)]))


@dataclass
class AnalyzeSummary:
    analysed: int = 0
    unchanged: int = 0
    claims: int = 0
    figures: int = 0
    quotes: int = 0
    devices: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, reason)
    stories: int | None = None  # stories told by two or more outlets, when the stories were recomputed
    story_articles: int = 0  # articles the stories were computed over

    def count(self, analysis: Analysis, sign: int = 1) -> None:
        """Add an analysis to the counts (sign -1: take it out again)."""
        self.analysed += sign
        self.claims += sign * len(analysis.claims)
        self.figures += sign * len(analysis.figures)
        self.quotes += sign * len(analysis.quotes)
        self.devices += sign * len(analysis.devices)


def ingest(paths: Iterable[str | Path], store: Store, settings: Settings,
           progress: Progress | None = None, *, force: bool = False) -> IngestSummary:
    """Read every input into the store: each article in its own transaction, each failure named.

    A file that has not changed since it was last read with the same options (same size, modification
    time and ingest signature, its articles still stored) is not read again; what it gave then is
    reported again (``summary.unchanged``). ``force`` reads every file.
    """
    summary = IngestSummary()
    options = IngestOptions(fields=settings.fields, max_bytes=settings.max_bytes,
                            max_chars=settings.max_chars, csv_delimiter=settings.csv_delimiter,
                            follow_symlinks=settings.follow_symlinks)
    paths = list(paths)
    run_id = store.begin_run("ingest", {"paths": [display_path(p) for p in paths]})
    outlets = OutletNames(settings.sources, store.outlets())
    _rename_outlets(store, outlets, summary)
    signature = ingest_signature(options)
    done = 0
    for entry in expand_paths(paths, follow_symlinks=options.follow_symlinks):
        if isinstance(entry, Rejected):
            items: Iterable[Article | Rejected | Note | None] = [entry]
        elif (known := None if force else freshness.unchanged_input(store.db, entry, signature)) is not None:
            _replay(store, entry, known, run_id, summary)
            items = [None]  # one step of progress
        else:
            items = _read_and_remember(store, entry, options, signature, summary)
        for item in items:
            if item is not None:
                _take(store, item, run_id, summary, outlets)
            done += 1
            if progress:
                progress(done, None)
    store.finish_run(run_id, {"ingested": len(summary.ingested), "duplicates": len(summary.duplicates),
                              "skipped": dict(summary.skipped_by_reason), "notes": len(summary.notes),
                              "unchanged_files": len(summary.unchanged)})
    return summary


def ingest_signature(options: IngestOptions) -> str:
    """What reading a file depends on besides the file: the options, framelens, the ingest code, lexicons."""
    return freshness.digest([repr(options), __version__, *freshness.code_files("ingest", "records"),
                             *sorted(MODELS_DIR.glob("*.yaml"))])


def _take(store: Store, item: Article | Rejected | Note, run_id: int, summary: IngestSummary,
          outlets: OutletNames) -> None:
    """One item read from an input: an article stored (or a duplicate), a rejection, or a note."""
    if isinstance(item, Note):
        log.info("note on %s: %s: %s", item.origin, item.reason, item.detail)
        summary.notes.append(item)
        store.record_input(run_id, item.origin, "note", item.reason, item.detail)
        return
    if not isinstance(item, Rejected):
        item = dataclasses.replace(item, source=outlets.resolve(item.source))
        _rename_outlets(store, outlets, summary)
    rejected = item if isinstance(item, Rejected) else _store_article(store, item, run_id, summary)
    if rejected is not None:
        log.info("skipped %s: %s: %s", rejected.origin, rejected.reason, rejected.detail)
        summary.skipped.append(rejected)
        store.record_input(run_id, rejected.origin, "skipped", rejected.reason, rejected.detail)


def _read_and_remember(store: Store, path: Path, options: IngestOptions, signature: str,
                       summary: IngestSummary) -> Iterator[Article | Rejected | Note]:
    """The items of one file, as they are read; once they are all taken, what the file gave is recorded."""
    state = freshness.input_state(path)  # before reading: a file changed meanwhile is read again next time
    before = _marks(summary)
    summary.files_read += 1
    yield from read_input_file(path, options)
    freshness.remember_input(store.db, path, signature, _outcome(summary, before),
                             None if _transient(summary, before) else state)


def _marks(summary: IngestSummary) -> tuple[int, int, int, int]:
    return len(summary.ingested), len(summary.duplicates), len(summary.skipped), len(summary.notes)


def _outcome(summary: IngestSummary, before: tuple[int, int, int, int]) -> dict[str, Any]:
    """What one file gave: its article ids (new or already stored), its rejections and notes."""
    ingested, duplicates, skipped, notes = before
    return {"articles": [*summary.ingested[ingested:], *(i for _, i in summary.duplicates[duplicates:])],
            "skipped": [[r.origin, r.reason, r.detail] for r in summary.skipped[skipped:]],
            "notes": [[n.origin, n.reason, n.detail] for n in summary.notes[notes:]]}


def _transient(summary: IngestSummary, before: tuple[int, int, int, int]) -> bool:
    """Whether reading the file met a failure that may not happen again (worth reading it next time)."""
    return any(r.reason in ("unreadable", "read_error") for r in summary.skipped[before[2]:])


def _replay(store: Store, path: Path, outcome: dict[str, Any], run_id: int, summary: IngestSummary) -> None:
    """Report an unchanged file as it was read last time, without reading it."""
    origin = display_path(path)
    summary.unchanged.append((origin, list(outcome.get("articles", []))))
    store.record_input(run_id, origin, "unchanged", None,
                       "not read again: same size, modification time and ingest options as when last read")
    for rejected in (Rejected(*row) for row in outcome.get("skipped", [])):
        summary.skipped.append(rejected)
        store.record_input(run_id, rejected.origin, "skipped", rejected.reason, rejected.detail)
    summary.notes += [Note(*row) for row in outcome.get("notes", [])]


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
    from .versions import analysis_versions, versions_key

    model = resolve_model_id(settings.model)
    key = versions_key(model, analysis_versions())
    ids = store.article_ids() if force else store.article_ids(unanalysed_for=key)
    summary = AnalyzeSummary(unchanged=store.count() - len(ids))
    cache_dir = settings.cache_dir or store.path.parent / "parse-cache"
    run_id = store.begin_run("analyze", {"model": model, "force": force, "articles": len(ids)})
    if not ids:  # nothing to parse: no engine, no model, not even spaCy's imports
        store.finish_run(run_id, {"analysed": 0, "unchanged": summary.unchanged, "failed": 0})
        _update_stories(store, summary)  # still due when the stories stage changed or an article went
        return summary
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
                             batch_size=settings.batch_size, cache_dir=str(cache_dir),
                             budget=settings.time_budget)
    counted = _counted(analyses, summary, progress, len(ids))
    if out_parquet is not None:
        from .engine.cluster import write_parquet

        write_parquet((a for a in counted if isinstance(a, Analysis)), str(out_parquet), versions_key=key)
    else:
        _save_in_batches(store, counted, key, summary, settings.batch_size)
    store.finish_run(run_id, {"analysed": summary.analysed, "unchanged": summary.unchanged,
                              "failed": len(summary.failed), "parquet": str(out_parquet or "")})
    if out_parquet is None:
        _update_stories(store, summary)
    return summary


def _update_stories(store: Store, summary: AnalyzeSummary) -> None:
    """The corpus-level stage: the stories follow the analysed articles and the stories stage's code and
    lexicons; deciding they are current costs one read of the analyses' keys (no clustering import)."""
    from .stories import ensure_stories

    stories = ensure_stories(store)
    if stories is not None:
        summary.stories, summary.story_articles = len(stories.multi_source), len(stories.cohesion)


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


def write_outputs(store: Store, out_dir: Path, *, article_ids: Collection[str] | None = None,
                  min_device_score: float | None = None) -> list[Path]:
    """The report (HTML + Markdown) and the claims export, as ``framelens run`` writes them.

    ``article_ids`` limits both to those articles (``run PATHS`` reports on the articles of its paths,
    not on everything an earlier run left in the store); None means the whole store. Devices below
    ``min_device_score`` (default: the shipped threshold) are not shown. What they were written for
    (threshold included) is remembered, so ``current_outputs`` can tell when writing them again would
    change nothing.
    """
    from .export import export
    from .outputs import ensure_folder
    from .report import write_report

    ensure_folder(out_dir)
    claims_path = out_dir / "claims.jsonl"
    signature = _outputs_signature(store, article_ids, min_device_score)
    export(store, "claims", "jsonl", claims_path, article_ids=article_ids, min_device_score=min_device_score)
    written = [*write_report(store, out_dir, article_ids=article_ids, min_device_score=min_device_score),
               claims_path]
    freshness.remember_outputs(store.db, signature, written)
    return written


def current_outputs(store: Store, out_dir: Path, *, article_ids: Collection[str] | None = None,
                    min_device_score: float | None = None) -> list[Path] | None:
    """The outputs ``write_outputs`` would write, if they are on disk as it wrote them for the store as it
    is now (same articles and analyses, same framelens and lexicons, same device threshold); None when
    they must be written."""
    paths = [out_dir / "report.html", out_dir / "report.md", out_dir / "claims.jsonl"]
    signature = _outputs_signature(store, article_ids, min_device_score)
    current = freshness.outputs_current(store.db, signature, paths)
    return paths if current else None


def _outputs_signature(store: Store, article_ids: Collection[str] | None,
                       min_device_score: float | None) -> str:
    ids = "*" if article_ids is None else ",".join(sorted(article_ids))
    return freshness.digest([str(freshness.generation(store.db)), ids, __version__,
                             f"min_device_score={device_threshold(min_device_score)}",
                             *freshness.code_files("report", "export", "compare", "store", "stories",
                                                   "evidence"),
                             *sorted(MODELS_DIR.glob("*.yaml"))])
