"""The ``framelens`` command: thin typer commands over the library (pipeline.workflow and friends).

Exit codes: 0 success, 1 some inputs were skipped or failed (the rest was processed), 2 usage errors.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
import typer.core
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from . import __version__
from .errors import FramelensError
from .settings import WORKING_FOLDER_FILE, Settings, load_settings, working_folder_config
from .terminal import SafeConsole, safe

if TYPE_CHECKING:
    from .store import Store



def _without_flag_placeholders(params: list[Any]) -> list[Any]:
    """Flags take no value, so --help shows none beside them (typer prints ``--force <bool>``)."""
    for param in params:
        if getattr(param, "is_flag", False) and getattr(param, "metavar", "") is None:
            param.metavar = ""
    return params


# Typer's parameter classes come from its own vendored click, so they are typed loosely here.
class _Command(typer.core.TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_placeholders(super().get_params(ctx))


class _Group(typer.core.TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_placeholders(super().get_params(ctx))

    def invoke(self, ctx: Any) -> Any:
        """Run the command; its errors become one line on stderr and exit code 2, for every command.

        The library raises ``FramelensError`` (errors.py) with a message that says what to do; a store
        that fails under a query (damaged, disk full) raises sqlite3's errors, and a write the operating
        system refuses raises OSError. Anything else is a bug and keeps its traceback.
        """
        _opened_stores.clear()
        try:
            return super().invoke(ctx)
        except FramelensError as error:
            _fail(error)
        except sqlite3.Error as error:
            where = f" {_opened_stores[-1]}" if _opened_stores else ""
            _fail(f"the store{where} failed: {error} (is it damaged, or the disk full?)")
        except BrokenPipeError:
            # The reader of the output left (`framelens export claims | head`): stop quietly, as Unix tools
            # do, with stdout on /dev/null so Python's last flush does not complain (the Python docs' recipe).
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except OSError as error:
            name = f" {error.filename}" if error.filename else ""
            _fail(f"cannot read or write{name}: {error.strerror or errno.errorcode.get(error.errno or 0, error)}")


class _App(typer.Typer):
    """The typer app whose commands are all :class:`_Command`, including those added by other modules."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", _Command)
        return super().command(*args, **kwargs)


app = _App(cls=_Group, no_args_is_help=True, rich_markup_mode="rich",
           help="framelens: what articles claim, on whose authority, with which numbers, how framed.\n\n"
                "Start with `framelens run ARTICLES/ --out out/`; every command has --help with an example.")
console = SafeConsole(stderr=True)
out = SafeConsole()
_opened_stores: list[Path] = []  # the stores the running command opened, for messages about them

StoreOpt = Annotated[Path | None, typer.Option("--store", help="SQLite store (default .framelens/store.sqlite)")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy pipeline name or path")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML settings file (a \\[framelens] table)")]
QuietOpt = Annotated[bool, typer.Option("-q", "--quiet", help="No progress bars or notes; errors only")]
VerboseOpt = Annotated[bool, typer.Option("-v", "--verbose", help="Log details")]
NProcOpt = Annotated[int | None, typer.Option("--n-process", help="Worker processes (default: cores, max 2)")]
MinDeviceOpt = Annotated[float | None, typer.Option(
    "--min-device-score", min=0.0, max=1.0,
    help="Show only devices scoring at least this (default: min_device_score of the settings, else 0.5)")]
CsvDelimiterOpt = Annotated[str | None, typer.Option("--csv-delimiter",
                                                      help="CSV field separator (default ','; e.g. ';' or '\\t')")]
FollowSymlinksOpt = Annotated[bool | None, typer.Option("--follow-symlinks",
                                                         help="Follow symbolic links out of the given folders")]


def _print_version(value: bool) -> None:
    if value:
        out.print(f"framelens {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit")] = False,
) -> None:
    """The options before any command."""


def _settings(config: Path | None = None, verbose: bool = False, **flags: Any) -> Settings:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")
    # trafilatura logs every page it cannot parse; the ingest summary already names each one.
    logging.getLogger("trafilatura").setLevel(logging.INFO if verbose else logging.CRITICAL)
    if config is None and working_folder_config() is not None:
        # Said even with -q: a corpus folder is untrusted, and its settings file is deliberately ignored.
        console.print(f"note: {WORKING_FOLDER_FILE} in the working folder is not read; pass --config "
                      f"{WORKING_FOLDER_FILE} to use it", highlight=False, soft_wrap=True)
    return load_settings(config, **flags)


@contextmanager
def _progress(label: str, quiet: bool) -> Iterator[Callable[[int, int | None], None]]:
    """A rich progress bar (count, rate, ETA) fed by the library's progress callback."""
    if quiet or not console.is_terminal and not console.is_jupyter:
        yield lambda done, total: None
        return
    columns = [TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=None, rate="")

        def update(done: int, total: int | None) -> None:
            elapsed = bar.tasks[0].elapsed or 0
            bar.update(task, completed=done, total=total,
                       rate=f"{done / elapsed:.1f}/s" if elapsed > 0 else "")

        yield update


def _fail(error: object) -> NoReturn:
    """An error: one line on stderr (the data in it shown as text), exit code 2."""
    console.print(f"[red]error:[/red] {safe(' '.join(str(error).split()))}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _usage(message: str) -> NoReturn:
    """A usage error: one line on stderr, exit code 2."""
    _fail(message)


def _open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The store; read commands open it read-only (never created, migrated or written)."""
    from .store import Store  # imported late: --help stays fast

    _opened_stores.append(settings.store)
    return Store(settings.store, read_only=read_only)


@contextmanager
def _open_store_with_stories(settings: Settings) -> Iterator[Store]:
    """The store, read-only like every read command, with current stories: when the stored ones are out
    of date (analyses written by another tool or version) they are recomputed for this run only."""
    from .stories import ensure_stories

    with _open_store(settings, read_only=True) as db:
        ensure_stories(db)
        yield db


def _print_ingest(summary: Any) -> None:
    table = Table(title="Ingest", show_header=True)
    table.add_column("outcome")
    table.add_column("count", justify="right")
    table.add_row("ingested", str(len(summary.ingested)))
    table.add_row("duplicate", str(len(summary.duplicates)))
    if summary.unchanged:
        table.add_row("unchanged files, not read again", f"{len(summary.unchanged)} "
                      f"({sum(len(ids) for _, ids in summary.unchanged)} articles)")
    for reason, count in sorted(Counter(n.reason for n in summary.notes).items()):
        table.add_row(f"ingested with a note: {reason}", str(count))
    for reason, count in sorted(summary.skipped_by_reason.items()):
        table.add_row(f"skipped: {reason}", str(count))
    out.print(table)
    for rejected in summary.skipped[:50]:
        out.print(f"  [yellow]skipped[/yellow] {safe(rejected.origin)}: {rejected.reason}: {safe(rejected.detail)}",
                  highlight=False, soft_wrap=True)
    if len(summary.skipped) > 50:
        out.print(f"  ... and {len(summary.skipped) - 50} more (see the store's run_inputs table)")
    for old, new in summary.renamed:
        out.print(f"  outlet [bold]{old}[/bold] is now [bold]{new}[/bold] (one outlet, however it is written)",
                  highlight=False)
    if summary.duplicates:
        # One line however many: a re-run of the same folder makes every file a duplicate.
        out.print(f"  [dim]{len(summary.duplicates)} duplicate(s): the same text is already in the store, "
                  "nothing added (-v lists them)[/dim]", highlight=False)
    for note in summary.notes[:50]:
        out.print(f"  [cyan]note[/cyan] {safe(note.origin)}: {note.reason}: {safe(note.detail)}", highlight=False,
                  soft_wrap=True)


def _print_analyze(summary: Any) -> None:
    out.print(f"Analysed {summary.analysed} article(s) ({summary.unchanged} already analysed and unchanged): "
              f"{summary.claims} claims, {summary.figures} figures, {summary.quotes} quotes, "
              f"{summary.devices} devices.")
    for article_id, error in summary.failed:
        out.print(f"  [red]failed[/red] article {article_id}: {safe(error)}", highlight=False)
    if summary.stories is not None:
        out.print(f"Stories: {summary.stories} told by two or more outlets, over {summary.story_articles} "
                  "analysed article(s) (framelens stories lists them).")


def _print_article_summary(document: dict[str, Any]) -> None:
    """A few lines on one article: where its claims come from, its frames, its strongest claim."""
    article, claims = document["article"], document["claims"]
    kinds = Counter(c["attribution"]["kind"] for c in claims)
    frames = [f["frame"] for f in document["frames"] if f["taxonomy"] == "issue" and f["present"]][:3]
    devices = Counter(d["device"] for d in document["devices"]).most_common(3)
    out.print(f"\n[bold]{safe(article.get('title') or article['path'])}[/bold] ({safe(article['source'])}, "
              f"id {article['id'][:8]})", highlight=False)
    out.print(f"  {len(claims)} claims: {kinds['named']} on named sources, {kinds['vague']} on vague ones, "
              f"{kinds['self']} by the author, {kinds['none']} unattributed", highlight=False)
    out.print(f"  frames: {', '.join(frames) or '-'}; devices: "
              f"{', '.join(f'{name} ×{n}' for name, n in devices) or '-'}", highlight=False)
    if claims:
        top = max(claims, key=lambda c: c["checkworthiness"])
        source = top["attribution"]["source"] or "no source"
        out.print(f"  most check-worthy: “{safe(top['text'])}” ({safe(source)})", highlight=False)


@app.command()
def info(store: StoreOpt = None, model: ModelOpt = None, config: ConfigOpt = None, quiet: QuietOpt = False,
         verbose: VerboseOpt = False) -> None:
    """Versions, the spaCy model in use and the store location.

    Example: framelens info
    """
    import spacy

    from .lexicons import lexicon_versions
    from .nlp import load_model, model_id

    settings = _settings(config, verbose, store=store, model=model)
    nlp = load_model(settings.model)
    out.print(f"framelens {__version__}  python {sys.version.split()[0]}  spaCy {spacy.__version__}")
    out.print(f"model     {model_id(nlp)} ({nlp.meta.get('name')}; pipes: {', '.join(nlp.pipe_names)})")
    out.print(f"store     {settings.store.resolve()}{'' if settings.store.exists() else ' (not created yet)'}")
    if settings.store.exists():
        with _open_store(settings, read_only=True) as db:
            outlets = db.outlets()
        shown = ", ".join(f"{safe(name)} {n}" for name, n in list(outlets.items())[:12])
        out.print(f"outlets   {len(outlets)}: {shown}{' ...' if len(outlets) > 12 else ''}", highlight=False)
    aliases = "; ".join(f"{safe(repr(raw))} -> {safe(repr(name))}" for raw, name in settings.sources.items())
    out.print(f"aliases   {aliases or 'none'} (the [framelens.sources] table of the settings file)", highlight=False)
    out.print(f"lexicons  {', '.join(f'{k} {v}' for k, v in lexicon_versions().items())}")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or glob patterns")],
    store: StoreOpt = None, config: ConfigOpt = None, quiet: QuietOpt = False, verbose: VerboseOpt = False,
    text_field: Annotated[str | None, typer.Option(help="Record field holding the text")] = None,
    title_field: Annotated[str | None, typer.Option(help="Record field holding the title")] = None,
    source_field: Annotated[str | None, typer.Option(help="Record field holding the outlet")] = None,
    date_field: Annotated[str | None, typer.Option(help="Record field holding the date")] = None,
    url_field: Annotated[str | None, typer.Option(help="Record field holding the URL")] = None,
    authors_field: Annotated[str | None, typer.Option(help="Record field holding the authors")] = None,
    max_mb: Annotated[float | None, typer.Option(help="Skip files larger than this (MB)")] = None,
    csv_delimiter: CsvDelimiterOpt = None, follow_symlinks: FollowSymlinksOpt = None,
) -> None:
    """Read articles (txt, md, html, json, jsonl, csv) into the store.

    Example: framelens ingest articles/ exports/*.jsonl --source-field outlet
    """
    from . import workflow

    settings = _settings(config, verbose, store=store, text_field=text_field, title_field=title_field,
                         source_field=source_field, published_field=date_field, url_field=url_field,
                         authors_field=authors_field, csv_delimiter=csv_delimiter, follow_symlinks=follow_symlinks,
                         max_bytes=int(max_mb * 1024 * 1024) if max_mb else None)
    with _open_store(settings) as db, _progress("ingest", quiet) as progress:
        summary = workflow.ingest(paths, db, settings, progress)
    _print_ingest(summary)
    raise typer.Exit(summary.exit_code)


@app.command()
def analyze(
    store: StoreOpt = None, model: ModelOpt = None, config: ConfigOpt = None, n_process: NProcOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Re-analyse articles already analysed")] = False,
    engine: Annotated[str | None, typer.Option(help="local or dask")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (default: a LocalCluster)")] = None,
    out_parquet: Annotated[Path | None, typer.Option(help="Write results as partitioned Parquet here")] = None,
    quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """Extract entities, figures, quotes, claims, frames and devices for every ingested article.

    Only new or changed articles are analysed; --force redoes all. Parsed Docs are cached beside the
    store, so a lexicon change re-runs extraction without parsing again.
    Example: framelens analyze --n-process 2   |   framelens analyze --engine dask --scheduler tcp://host:8786
    """
    from . import workflow

    settings = _settings(config, verbose, store=store, model=model, n_process=n_process, engine=engine,
                         scheduler=scheduler)
    with _open_store(settings) as db, _progress("analyze", quiet) as progress:
        summary = workflow.analyze(db, settings, force=force, progress=progress, out_parquet=out_parquet)
    _print_analyze(summary)
    raise typer.Exit(1 if summary.failed else 0)


@app.command("analyze-file")
def analyze_file(
    file: Annotated[Path, typer.Argument(help="One article file (txt, md, html, or a one-record json)")],
    model: ModelOpt = None,
    output_format: Annotated[str, typer.Option("--format", help="json (the article JSON) or text (as `show`)")]
    = "json",
    config: ConfigOpt = None, min_device_score: MinDeviceOpt = None,
    quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """Analyse one file and print its JSON (schema framelens/article@1) without touching the store.

    Example: framelens analyze-file corpus/chinese-emigration-opinion.txt > seed.json
    """
    from .analyze import analyze_doc
    from .document import to_document, with_min_device_score
    from .ingest import Note, Rejected, read_articles
    from .nlp import load_model, model_id
    from .nlp.blocks import parse_text
    from .records import Article
    from .show import render_article

    if output_format not in ("json", "text"):
        _usage(f"--format must be json or text, not {output_format!r}")
    settings = _settings(config, verbose, min_device_score=min_device_score)
    items = list(read_articles([str(file)]))
    nlp = load_model(model)
    articles = [a for a in items if isinstance(a, Article)]
    for rejected in (r for r in items if isinstance(r, Rejected | Note)):
        label = "[yellow]skipped[/yellow]" if isinstance(rejected, Rejected) else "[cyan]note[/cyan]"
        console.print(f"{label} {safe(rejected.origin)}: {rejected.reason}: {safe(rejected.detail)}", highlight=False)
    if not articles:
        raise typer.Exit(1)
    documents = [with_min_device_score(to_document(analyze_doc(a, parse_text(nlp, a.text), model=model_id(nlp))),
                                       settings.min_device_score) for a in articles]
    if output_format == "text":
        for document in documents:
            render_article(document, out)
    else:
        sys.stdout.write(json.dumps(documents[0] if len(documents) == 1 else documents, ensure_ascii=False,
                                    indent=2) + "\n")


@app.command()
def show(
    article: Annotated[str, typer.Argument(
        help="Article id or a prefix of it; ID:ITEM (3f2a9c:c-1227, as in compare's evidence) also shows the "
             "item; or a story id (story-...) for its versions side by side")],
    as_json: Annotated[bool, typer.Option("--json", help="A story's side-by-side as JSON")] = False,
    store: StoreOpt = None, config: ConfigOpt = None, min_device_score: MinDeviceOpt = None,
    quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """Print an article's sections with their frames and its claims with attribution and devices, or a
    story's versions side by side: what each outlet says, whom it quotes, and what it leaves out.

    An id prefix that fits several articles lists them; `framelens list` finds an article's id,
    `framelens stories` a story's.
    Example: framelens show 3f2a9c   |   framelens show 3f2a9c:c-1227 --min-device-score 0.7   |
    framelens show story-1a2b3c
    """
    from .document import with_min_device_score
    from .show import render_article, render_item

    settings = _settings(config, verbose, store=store, min_device_score=min_device_score)
    if article.strip().startswith("story-"):
        _show_story(article.strip(), settings, as_json)
        return
    prefix, _, item = article.strip().partition(":")
    with _open_store(settings, read_only=True) as db:
        matches = db.match_ids(prefix) if prefix else []
        document = db.document(matches[0][0]) if len(matches) == 1 else None
    if not matches:
        _usage(f"no article with an id starting {prefix!r} (`framelens list` lists the articles and their ids)")
    if len(matches) > 1:
        console.print(f"[red]error:[/red] {prefix!r} is the start of several article ids; give more of it:",
                      highlight=False)
        for article_id, source, title in matches[:10]:
            console.print(f"  {article_id}  {safe(source)}  {safe(title or '')}", highlight=False)
        if len(matches) > 10:
            console.print("  ... and more", highlight=False)
        raise typer.Exit(2)
    if document is None:
        _usage(f"article {matches[0][0]} is not analysed yet: run `framelens analyze`")
    document = with_min_device_score(document, settings.min_device_score)
    render_article(document, out)
    if item and not render_item(document, item, out):
        _usage(f"article {matches[0][0]} has no claim, quote, figure, device or entity {item!r}")


def _show_story(story_id: str, settings: Settings, as_json: bool) -> None:
    from .compare.sides import story_sides
    from .compare.sides_render import print_story

    with _open_store_with_stories(settings) as db:
        story = db.story(story_id)
        view = story_sides(db, story, settings.min_device_score) if story is not None else None
    if view is None:
        _usage(f"no story with id {story_id!r} (see `framelens stories`)")
    if as_json:
        sys.stdout.write(json.dumps(view.to_json_data(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_story(view, out)


@app.command()
def stories(
    min_outlets: Annotated[int, typer.Option("--min-outlets", help="Only stories told by this many outlets")] = 2,
    source: Annotated[str | None, typer.Option("--source", help="Only stories this outlet told")] = None,
    top: Annotated[int, typer.Option("--top", help="At most this many stories (most outlets first)")] = 20,
    output_format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    store: StoreOpt = None, config: ConfigOpt = None, quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """List the stories: articles that report the same event, most outlets first.

    Stories are recomputed when the analysed articles changed (`analyze` does it too). See one with
    `framelens show STORY_ID`; export them all with `framelens export stories`.
    Example: framelens stories --min-outlets 3 --top 10
    """
    from .compare.sides_render import print_story_list

    if output_format not in ("table", "json"):
        _usage(f"--format must be table or json, not {output_format!r}")
    if min_outlets < 1 or top < 1:
        _usage("--min-outlets and --top must be at least 1")
    settings = _settings(config, verbose, store=store)
    with _open_store_with_stories(settings) as db:
        found = db.stories(min_sources=min_outlets, source=source)
        state = db.stories_state()
    if output_format == "json":
        rows = [{"id": s.id, "label": s.label, "keyterms": list(s.keyterms), "start": s.start, "end": s.end,
                 "sources": list(s.sources), "articles": list(s.article_ids), "undated": s.undated,
                 "cohesion": s.cohesion} for s in found[:top]]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    notes = [] if quiet else [
        f"{state.get('stories', 0)} stories over {state.get('articles', 0)} analysed articles "
        + f"({state.get('undated', 0)} undated, placed by content alone)."]
    print_story_list(found[:top], out, total=len(found), notes=notes)


@app.command("list")
def list_command(
    source: Annotated[str | None, typer.Option("--source", help="Only this outlet (any case or spelling)")] = None,
    search: Annotated[str | None, typer.Option(
        "--search", help='Words in the title or text, best matches first ("a phrase", prefix*, OR, NOT)')] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many (0: all)")] = 50,
    output_format: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    store: StoreOpt = None, config: ConfigOpt = None, quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """List the stored articles: id, outlet, date, title and how many claims, figures and quotes.

    Example: framelens list --source "fox news" --search "border wall"
    """
    from .report.data import display_title

    if output_format not in ("table", "csv", "json"):
        _usage(f"--format must be table, csv or json, not {output_format!r}")
    settings = _settings(config, verbose, store=store)
    with _open_store(settings, read_only=True) as db:
        sources = _outlets_named(db, source, quiet)
        rows, total = db.list_articles(sources=sources, search=search, limit=limit or None)
    for row in rows:
        row["title"] = display_title(row)
    if output_format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    if output_format == "csv":
        import csv

        from .outputs import guard_formula

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: guard_formula(v) for k, v in row.items()} for row in rows)
        return
    table = Table(box=None, pad_edge=False, header_style="bold", expand=True)
    for column in ("id", "outlet", "date", "title", "c/f/q"):
        table.add_column(column, justify="right" if column == "c/f/q" else "left", no_wrap=True,
                         overflow="ellipsis", max_width=14 if column == "outlet" else None,
                         ratio=1 if column == "title" else None)
    for row in rows:
        counts = "/".join(str(row[k]) for k in ("claims", "figures", "quotes")) if row["analysed"] else "-"
        table.add_row(row["id"][:12], safe(row["source"]), row["published"] or "", safe(row["title"]), counts)
    out.print(table)
    if not quiet and not total:
        console.print("No article matches.", highlight=False)
    elif not quiet:
        console.print(f"{len(rows)} of {total:,} article(s)"
                      + (" (--limit 0 lists all)" if len(rows) < total else "")
                      + "; c/f/q: claims, figures, quotes ('-': not analysed yet); `framelens show ID` "
                      "opens one", highlight=False)


def _outlets_named(db: Store, source: str | None, quiet: bool) -> list[str] | None:
    """The stored outlet names a --source value stands for; a warning listing the outlets when none."""
    if source is None:
        return None
    names = db.outlet_names(source)
    if not names and not quiet:
        known = db.outlets()
        listed = ", ".join(f"{safe(name)} ({n})" for name, n in list(known.items())[:20])
        console.print(f"[yellow]warning:[/yellow] no outlet {safe(repr(source))}; the outlets are: {listed}"
                      + (" ..." if len(known) > 20 else ""), highlight=False)
    return names


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs to ingest")],
    out_dir: Annotated[Path, typer.Option("--out", help="Where the report and exports go")] = Path("out"),
    store: StoreOpt = None, model: ModelOpt = None, config: ConfigOpt = None, n_process: NProcOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Read, analyse and render everything again")] = False,
    csv_delimiter: CsvDelimiterOpt = None, follow_symlinks: FollowSymlinksOpt = None,
    min_device_score: MinDeviceOpt = None, quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """Ingest, analyse, then write the report and the claims export of the articles in PATHS.

    The report and claims.jsonl cover the articles of these paths only, even when the store holds
    others from earlier runs (`framelens report` covers the whole store).
    Example: framelens run articles/ --out out/
    """
    from . import workflow
    from .document import with_min_device_score

    settings = _settings(config, verbose, store=store, model=model, n_process=n_process,
                         csv_delimiter=csv_delimiter, follow_symlinks=follow_symlinks,
                         min_device_score=min_device_score)
    with _open_store(settings) as db:
        with _progress("ingest", quiet) as progress:
            ingested = workflow.ingest(paths, db, settings, progress, force=force)
        _print_ingest(ingested)
        with _progress("analyze", quiet) as progress:
            analysed = workflow.analyze(db, settings, force=force, progress=progress)
        _print_analyze(analysed)
        # The outputs cover the articles of these paths (new or already stored), not the whole store.
        seen = ingested.article_ids
        threshold = settings.min_device_score
        current = None if force else workflow.current_outputs(db, out_dir, article_ids=seen,
                                                              min_device_score=threshold)
        written = current or workflow.write_outputs(db, out_dir, article_ids=seen, min_device_score=threshold)
        # A short summary per article for small runs.
        documents = [db.document(i) for i in seen] if len(seen) <= 5 else []
        documents = [with_min_device_score(d, settings.min_device_score) for d in documents if d]
    for document in filter(None, documents):
        _print_article_summary(document)
    if current and not ingested.files_read and not analysed.analysed:
        console.print(f"Nothing changed since the last run wrote {out_dir}: no input read again, nothing parsed, "
                      "analysed or re-rendered.", highlight=False, soft_wrap=True)
    elif current:
        console.print(f"The store has not changed since the outputs in {out_dir} were written: they were not "
                      "re-rendered.", highlight=False, soft_wrap=True)
    out.print("[bold]Up to date[/bold]" if current else "[bold]Wrote[/bold]")
    for path in written:
        out.print(f"  {path}", highlight=False, soft_wrap=True)  # a path is copied: never wrapped
    raise typer.Exit(1 if ingested.skipped or analysed.failed else 0)


@app.command("eval")
def eval_gold(
    gold_dirs: Annotated[list[Path] | None, typer.Argument(help="Folders of gold JSON files (or the files), or one "
                                                                "folder of brat attribution files")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON")] = False,
    model: ModelOpt = None, config: ConfigOpt = None,
    data: Annotated[Path | None, typer.Option("--data", help="Shared data folder (AllSides JSONL)")] = None,
    misses: Annotated[bool, typer.Option("--misses", help="List the gold items each key missed")] = False,
    gold_format: Annotated[str, typer.Option("--format", help="auto, gold (JSON gold files) or brat "
                                                              "(standoff attributions, PolNeAR)")] = "auto",
    part: Annotated[str, typer.Option("--part", help="brat only: all, dev or held-out (a seeded split by "
                                                     "file name)")] = "all",
    seed: Annotated[str, typer.Option("--seed", help="brat only: the seed of the dev/held-out split")]
    = "framelens-polnear-1",
    store: StoreOpt = None, quiet: QuietOpt = False, verbose: VerboseOpt = False,
    babe: Annotated[Path | None, typer.Option("--babe", help="Score devices on a BABE sentences CSV instead")] = None,
    fit: Annotated[bool, typer.Option("--fit", help="With --babe: 5-fold cross-validation of the fitted "
                                      "weights and threshold, and their values fitted on the whole file")] = False,
    min_device_score: Annotated[float | None, typer.Option("--min-device-score", min=0.0, max=1.0,
                                help="Devices below this score are not counted (default: the shown ones)")]
    = None,
) -> None:
    """Score the analysis of each gold file's article: precision, recall, F1 per key, per file and overall.

    A folder of brat standoff files (PolNeAR: text/*.txt, attributions/*.ann) is scored for attribution.
    With --babe FILE: biased-word recall, device precision against the marked words and sentence
    macro-F1, overall and per device family (--fit cross-validates the fitted numbers).

    Story gold (schema framelens/stories-gold@1, evaluation/gold/stories.json) scores the stories of
    --store, where the corpus it names is ingested and analysed: B-cubed P/R/F1 and adjusted Rand index
    per split (dev, test, all).

    Example: framelens eval ../shared/gold evaluation/gold --json > scores.json

    Example: framelens eval evaluation/gold/stories.json --store allsides.sqlite

    Example: framelens eval ../shared/data/polnear-dev --part held-out

    Example: framelens eval --babe ../shared/data/babe/sentences.csv --fit
    """
    settings = _settings(config, verbose, model=model, store=store, min_device_score=min_device_score)
    if babe is not None:
        _eval_babe(babe, settings, as_json=as_json, misses=misses, fit=fit,
                   min_device_score=settings.min_device_score, quiet=quiet)
        return
    if not gold_dirs:
        out.print("framelens eval: give gold folders or --babe FILE", highlight=False)
        raise typer.Exit(2)
    from .evaluate import evaluate, render_report
    from .evaluate.attribution import PARTS, evaluate_attribution, is_brat_folder, render_attribution_report

    if gold_format not in ("auto", "gold", "brat"):
        raise typer.BadParameter(f"--format must be auto, gold or brat, not {gold_format!r}")
    if part not in PARTS:
        raise typer.BadParameter(f"--part must be one of {', '.join(PARTS)}, not {part!r}")
    brat = gold_format == "brat" or (gold_format == "auto" and any(is_brat_folder(p) for p in gold_dirs))
    if not brat and _eval_story_gold(gold_dirs, settings, as_json=as_json, misses=misses, data=data):
        return
    if brat and len(gold_dirs) != 1:
        raise typer.BadParameter("brat attribution files are scored one folder at a time")
    if brat:
        attribution = evaluate_attribution(gold_dirs[0], part=part, seed=seed, model=settings.model)
    else:
        report = evaluate(gold_dirs, model=settings.model, data_dir=data, min_device_score=settings.min_device_score)
    if brat:
        if as_json:
            sys.stdout.write(json.dumps(attribution.as_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            render_attribution_report(attribution, out, show_misses=misses)
        raise typer.Exit(1 if any(a.error for a in attribution.articles) else 0)
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        render_report(report, out, show_misses=misses)
    # A gold article whose analysis crashed was scored as finding nothing: say so in the exit code.
    raise typer.Exit(1 if report.failed else 0)


def _eval_story_gold(gold_dirs: list[Path], settings: Settings, *, as_json: bool, misses: bool,
                     data: Path | None) -> bool:
    """Score story gold files (and any article gold beside them); False when there is no story gold."""
    from .evaluate import evaluate, gold_files, render_report
    from .evaluate.stories import is_story_gold, render_story_report

    files = gold_files(gold_dirs)
    story_files = [f for f in files if is_story_gold(f)]
    if not story_files:
        return False
    article_files = [f for f in files if f not in story_files]
    report = evaluate(article_files, model=settings.model, data_dir=data) if article_files else None
    story_reports, skipped = _score_story_gold(story_files, settings)
    if as_json:
        data_out: dict[str, Any] = report.as_dict() if report is not None else {}
        data_out["stories"] = [r.as_dict() for r in story_reports]
        data_out["stories_skipped"] = [{"gold": str(f), "reason": reason} for f, reason in skipped]
        sys.stdout.write(json.dumps(data_out, ensure_ascii=False, indent=2) + "\n")
    else:
        if report is not None:
            render_report(report, out, show_misses=misses)
        for story_report in story_reports:
            render_story_report(story_report, out)
    for path, reason in skipped:
        console.print(f"[yellow]note:[/yellow] {safe(str(path))} not scored: {safe(reason)}. Story gold scores the "
                      "stories of a store holding its corpus: framelens ingest "
                      "../shared/data/allsides-immigration/immigration.jsonl --store S && framelens analyze "
                      f"--store S && framelens eval {safe(str(path))} --store S", highlight=False, soft_wrap=True)
    # A gold article whose analysis crashed was scored as finding nothing: say so in the exit code.
    raise typer.Exit(1 if report is not None and report.failed else 0)


def _score_story_gold(story_files: list[Path], settings: Settings) -> tuple[list[Any], list[tuple[Path, str]]]:
    """Each story gold file scored against the store's stories, or skipped with the reason: story gold
    scores the clustering of a whole corpus, so without a store holding that corpus there is nothing to
    score (article gold beside it is scored all the same)."""
    from .evaluate.stories import evaluate_stories

    if not settings.store.is_file():
        return [], [(f, f"no store at {settings.store}") for f in story_files]
    reports, skipped = [], []
    with _open_store(settings, read_only=True) as db:  # stories recomputed for this run if out of date
        for path in story_files:
            report = evaluate_stories(path, db)
            if report.scores["all"].articles == 0:
                skipped.append((path, f"none of its articles is analysed in {settings.store}"))
            else:
                reports.append(report)
    return reports, skipped


def _eval_babe(path: Path, settings: Settings, *, as_json: bool, misses: bool, fit: bool,
               min_device_score: float | None, quiet: bool) -> None:
    from .evaluate.babe import evaluate_babe, render_babe
    from .nlp import load_model

    with _progress("BABE sentences", quiet) as update:
        report = evaluate_babe(path, nlp=load_model(settings.model), min_score=min_device_score,
                               fit_folds=fit, progress=update)
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        render_babe(report, out, show_misses=misses)


@app.command()
def compare(
    by: Annotated[str, typer.Option("--by", help="source, authors, date:year, or any metadata field (bias_text)")]
    = "source",
    top: Annotated[int | None, typer.Option("--top", help="Only the N largest groups (by article count)")] = None,
    groups: Annotated[str | None, typer.Option("--groups", help='Comma-separated groups, e.g. "Fox News,Reuters"')]
    = None,
    min_articles: Annotated[int, typer.Option("--min-articles", help="Smaller groups are listed, not compared")] = 5,
    output_format: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    out_path: Annotated[Path | None, typer.Option(
        "--out", help="Write to a file (x.csv, x.json) or a folder (one CSV per table) instead of the terminal")]
    = None,
    seed: Annotated[int, typer.Option("--seed", help="Bootstrap seed")] = 0,
    within_stories: Annotated[bool, typer.Option(
        "--within-stories", help="Compare groups only on the stories both told: paired differences")] = False,
    min_stories: Annotated[int, typer.Option(
        "--min-stories", help="With --within-stories: pairs sharing fewer stories are not compared")] = 3,
    store: StoreOpt = None, config: ConfigOpt = None, quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """Compare frames, devices, attribution, words and shared facts across sources or any metadata field.

    At a terminal the tables fit its width; --format csv or json (or --out x.csv / x.json) keep every row.
    With --within-stories each pair of groups is compared on the stories both told (the same events), so
    a difference in framing is not a difference in which events each group covers.
    Example: framelens compare --by source --top 6   |   framelens compare --by bias_text --out compare.csv
             framelens compare --by bias_text --within-stories
    """
    from .compare import compare as run_compare
    from .compare.render import csv_text, json_text, print_comparison, write_csv
    from .outputs import atomic_text

    if output_format not in ("table", "csv", "json"):
        _usage(f"--format must be table, csv or json, not {output_format!r}")
    settings = _settings(config, verbose, store=store)
    chosen = [g for g in groups.split(",") if g.strip()] if groups else None
    if within_stories:
        _compare_within(settings, by, chosen, top, min_stories, seed, output_format)
        return
    with _open_store(settings, read_only=True) as db:
        comparison = run_compare(db, by, top=top, groups=chosen, min_articles=min_articles, seed=seed)
    if comparison.unknown_groups and not quiet:
        known = ", ".join(f"{safe(g)} ({n})" for g, n in list(comparison.available.items())[:20])
        console.print(f"[yellow]warning:[/yellow] no group {safe(', '.join(map(repr, comparison.unknown_groups)))} "
                      f"by {by}; the groups are: {known}{' ...' if len(comparison.available) > 20 else ''}",
                      highlight=False)
    suffix = out_path.suffix.lower() if out_path is not None else ""
    if out_path is not None and suffix in (".csv", ".json"):
        with atomic_text(out_path) as stream:
            stream.write(json_text(comparison) + "\n" if suffix == ".json" else csv_text(comparison))
        if not quiet:
            console.print(f"wrote {out_path}", highlight=False, soft_wrap=True)
    elif out_path is not None:
        for path in write_csv(comparison, out_path):
            if not quiet:
                console.print(f"wrote {path}", highlight=False, soft_wrap=True)
    elif output_format == "json":
        sys.stdout.write(json_text(comparison) + "\n")
    elif output_format == "csv":
        sys.stdout.write(csv_text(comparison))
    else:
        print_comparison(comparison, out)


def _compare_within(settings: Settings, by: str, groups: list[str] | None, top: int | None, min_stories: int,
                    seed: int, output_format: str) -> None:
    from .compare.within import compare_within_stories
    from .compare.within_render import print_within, within_csv_text

    with _open_store_with_stories(settings) as db:
        within = compare_within_stories(db, by, groups=groups, top=top, min_stories=min_stories, seed=seed)
    if output_format == "json":
        sys.stdout.write(json.dumps(within.to_json_data(), ensure_ascii=False, indent=2) + "\n")
    elif output_format == "csv":
        sys.stdout.write(within_csv_text(within))
    else:
        print_within(within, out)


@app.command("export")
def export_kind(
    kind: Annotated[str, typer.Argument(
        help="claims, articles, entities, figures, quotes, devices, frames or stories")],
    output_format: Annotated[str, typer.Option("--format", help="jsonl, json, csv, parquet, jsonld (claims)")]
    = "jsonl",
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout; parquet needs it)")]
    = None,
    source: Annotated[str | None, typer.Option("--source", help="Only articles from this outlet")] = None,
    min_checkworthiness: Annotated[float | None, typer.Option("--min-checkworthiness",
                                                              help="Claims only: at least this score")] = None,
    claim_type: Annotated[str | None, typer.Option("--claim-type", help="Claims only: of this type")] = None,
    min_device_score: MinDeviceOpt = None,
    store: StoreOpt = None, config: ConfigOpt = None, quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """Write one kind of item from the store, with its article's id, source, title, url and date.

    Devices (and the device ids of claims) below --min-device-score are left out; each device row
    carries its score.
    Example: framelens export claims --format csv --min-checkworthiness 0.6 --out claims.csv

    Example: framelens export devices --format csv --min-device-score 0.3 --out devices.csv
    """
    from .export import CLAIM_TYPES
    from .export import export as run_export

    settings = _settings(config, verbose, store=store, min_device_score=min_device_score)
    if claim_type is not None and claim_type.lower() not in CLAIM_TYPES and not quiet:
        console.print(f"[yellow]warning:[/yellow] no claim type {claim_type!r}; the types are: "
                      f"{', '.join(CLAIM_TYPES)}", highlight=False)
    opened = _open_store_with_stories(settings) if kind in ("articles", "stories") \
        else _open_store(settings, read_only=True)  # story ids follow the analysed articles
    with opened as db:
        _outlets_named(db, source, quiet)
        written = run_export(db, kind, output_format, out_path if out_path is not None else sys.stdout,
                             source=source, min_checkworthiness=min_checkworthiness, claim_type=claim_type,
                             min_device_score=settings.min_device_score)
    if not quiet:
        console.print(f"{written} {kind} row(s)" + (f" written to {out_path}" if out_path else ""), highlight=False)


@app.command("schema")
def schema_kind(
    kind: Annotated[str, typer.Argument(
        help="claims, articles, entities, figures, quotes, devices, frames or stories")],
    output_format: Annotated[str, typer.Option("--format", help="json (also jsonl), csv/parquet (flat), jsonld")]
    = "json",
    quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of one exported row of KIND.

    Example: framelens schema claims > claims.schema.json
    """
    from .export import schema

    _settings(None, verbose)
    document = schema(kind, "json" if output_format == "jsonl" else output_format)
    sys.stdout.write(json.dumps(document, indent=2) + "\n")


@app.command("report")
def report_corpus(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for report.html and report.md")] = Path("out"),
    title: Annotated[str, typer.Option("--title", help="The report's title")] = "framelens report",
    max_claims: Annotated[int, typer.Option("--max-claims", help="Claims table cap (most check-worthy)")] = 500,
    max_articles: Annotated[int, typer.Option("--max-articles", help="Articles shown in full (most claims)")] = 50,
    by: Annotated[str, typer.Option("--by", help="The comparison's grouping, as in `compare --by`")] = "source",
    min_articles: Annotated[int, typer.Option("--min-articles", help="Smaller groups are not compared")] = 5,
    min_device_score: MinDeviceOpt = None,
    store: StoreOpt = None, config: ConfigOpt = None, quiet: QuietOpt = False, verbose: VerboseOpt = False,
) -> None:
    """Write a self-contained HTML report (opens offline) and the same content as Markdown.

    The report covers every analysed article in the store, with a comparison across outlets (or
    any field, --by) of the groups with at least --min-articles articles.
    Example: framelens report --out out/ --title "Immigration coverage, 2023" --by bias_text
    """
    from .report import write_report

    settings = _settings(config, verbose, store=store, min_device_score=min_device_score)
    with _open_store_with_stories(settings) as db:  # the report's story section
        paths = write_report(db, out_dir, title=title, max_claims=max_claims, max_articles=max_articles,
                             by=by, min_articles=min_articles, min_device_score=settings.min_device_score)
    for path in paths:
        out.print(f"  {path}", highlight=False)


if __name__ == "__main__":  # pragma: no cover
    app()
