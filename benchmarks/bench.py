"""Throughput and memory of framelens against bare spaCy, on the same texts in the same run.

    python benchmarks/bench.py --articles 200            # the README table
    python benchmarks/bench.py --articles 400 --memory --memory-sizes 350,1397  # adds peak memory

Measures, in one run: bare ``nlp.pipe`` (the reference: same texts, model, processes and batch size);
the first framelens run (ingest + analyze into an empty store and parse cache); the report; a second
run with nothing changed (incremental: nothing is parsed or analysed again); a forced re-extraction from
the cached parses (what a lexicon change costs); 1 vs 2 processes; peak resident memory of a whole run
in a child process at two corpus sizes. Prints words per second and ratios. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "allsides-immigration" / "immigration.jsonl"


def sample(n: int, folder: Path) -> Path:
    """The first n AllSides records as a JSONL file (the data stays in ../shared; this is a temp copy)."""
    path = folder / f"sample-{n}.jsonl"
    with DATA.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return path


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_spacy(texts: list[str], model: str | None, n_process: int, batch_size: int) -> float:
    import spacy

    from pipeline.nlp import resolve_model_name

    nlp = spacy.load(resolve_model_name(model))
    return timed(lambda: sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size)))


def bench_framelens(jsonl: Path, folder: Path, n_process: int, batch_size: int, tag: str) -> dict[str, float]:
    """Seconds for: the first run (ingest + analyze, empty store and parse cache), the report, a second
    run with nothing changed, and a forced re-extraction from the cached parses."""
    from pipeline import workflow
    from pipeline.report import write_report
    from pipeline.settings import load_settings
    from pipeline.store import Store

    # Each configuration gets its own folder: the parse cache lives beside the store, and a cache
    # shared between configurations would make the second one's "first run" a cached one.
    (folder / tag).mkdir()
    settings = load_settings(store=folder / tag / "store.sqlite", n_process=n_process, batch_size=batch_size)

    def full_run() -> None:
        workflow.ingest([jsonl], store, settings)
        workflow.analyze(store, settings)

    with Store(settings.store) as store:
        return {"first": timed(full_run),
                "report": timed(lambda: write_report(store, folder / tag / "report")),
                "second": timed(full_run),
                "reextract": timed(lambda: workflow.analyze(store, settings, force=True))}


def child_peak_memory(jsonl: Path, n_process: int) -> float:
    """Peak RSS (MB) of a whole ingest + analyze in a fresh process, its workers included (upper bound)."""
    command = [sys.executable, __file__, "--child-run", str(jsonl), "--n-process", str(n_process)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def child_run(jsonl: Path, n_process: int) -> None:
    """The measured process: ingest + analyze into a temporary store, then print peak RSS in MB."""
    import resource

    from pipeline import workflow
    from pipeline.settings import load_settings
    from pipeline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(store=Path(tmp) / "s.sqlite", n_process=n_process)
        with Store(settings.store) as store:
            workflow.ingest([jsonl], store, settings)
            workflow.analyze(store, settings)
    # The parent's peak plus each worker at the largest worker's peak: an upper bound on the total
    # resident memory (getrusage gives the largest child, not the sum).
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print((own + (n_process * worker if n_process > 1 else 0)) / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--model", default=None)
    parser.add_argument("--memory", action="store_true", help="also measure peak memory at two sizes")
    parser.add_argument("--memory-only", action="store_true", help="measure peak memory only")
    parser.add_argument("--memory-sizes", default=None,
                        help="corpus sizes for --memory, e.g. 350,1397 (default: a quarter of --articles, and all)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument("--child-run", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_run:
        child_run(args.child_run, args.n_process)
        return
    if not DATA.exists():
        sys.exit(f"benchmark data not found: {DATA}")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jsonl = sample(args.articles, folder)
        memory = {}
        # First, while this process has loaded nothing: the children inherit a clean environment.
        if args.memory or args.memory_only:
            sizes = ([int(n) for n in args.memory_sizes.split(",")] if args.memory_sizes
                     else [args.articles // 4, args.articles])
            for n in sizes:
                memory[n] = child_peak_memory(sample(n, folder), 2)

        if args.memory_only:
            for n, mb in memory.items():
                print(f"peak memory, {n} articles, 2 processes: {mb:,.0f} MB (parent + 2 x largest worker)")
            return
        from pipeline.ingest import read_articles

        texts = [a.text for a in read_articles([jsonl]) if hasattr(a, "text")]
        words = sum(len(t.split()) for t in texts)
        rows = []
        for n_process in (1, 2):
            bare = bench_spacy(texts, args.model, n_process, args.batch_size)
            runs = bench_framelens(jsonl, folder, n_process, args.batch_size, tag=str(n_process))
            rows.append({"processes": n_process, "bare_spacy_wps": words / bare,
                         "framelens_wps": words / runs["first"], "ratio_vs_spacy": bare / runs["first"],
                         "report_s": runs["report"], "second_run_s": runs["second"],
                         "second_run_speedup": runs["first"] / runs["second"],
                         "reextract_speedup": runs["first"] / runs["reextract"]})
    print(f"machine: {platform.machine()} {platform.processor() or ''}, {platform.python_version()}, "
          f"date {date.today()}, articles {len(texts)}, words {words:,}, batch {args.batch_size}")
    print("| processes | bare spaCy words/s | framelens words/s | framelens / spaCy | second run (unchanged) "
          "| re-extraction from cached parses | report |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['processes']} | {r['bare_spacy_wps']:,.0f} | {r['framelens_wps']:,.0f} | "
              f"{r['ratio_vs_spacy']:.2f} | {r['second_run_speedup']:.0f}x faster | "
              f"{r['reextract_speedup']:.1f}x faster | {r['report_s']:.1f} s |")
    print(f"2 vs 1 process: bare spaCy {rows[1]['bare_spacy_wps'] / rows[0]['bare_spacy_wps']:.2f}x, "
          f"framelens {rows[1]['framelens_wps'] / rows[0]['framelens_wps']:.2f}x")
    for n, mb in memory.items():
        print(f"peak memory, {n} articles, 2 processes: {mb:,.0f} MB (parent + 2 x largest worker)")
    if args.json:
        print(json.dumps({"rows": rows, "memory_mb": memory, "words": words}))


if __name__ == "__main__":
    main()
