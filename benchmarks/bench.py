"""Throughput and memory of framelens against bare spaCy, on the same texts in the same run.

    python benchmarks/bench.py --articles 200            # the README table
    python benchmarks/bench.py --articles 1397 --memory  # adds peak memory at two corpus sizes

Measures: bare ``nlp.pipe`` (the reference, same model, same processes and batch size); the full
``framelens analyze`` on a fresh store and cache; a second, cached run (``--force``: every article is
re-extracted from cached parses); 1 vs 2 processes; peak resident memory of a whole run in a child
process at two corpus sizes. Prints words per second and ratios. Not part of the test suite.
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


def timed(fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_spacy(texts: list[str], model: str | None, n_process: int, batch_size: int) -> float:
    import spacy

    from pipeline.nlp import resolve_model_name

    nlp = spacy.load(resolve_model_name(model))
    return timed(lambda: sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size)))


def bench_framelens(jsonl: Path, folder: Path, n_process: int, batch_size: int, force: bool = False,
                    tag: str = "") -> float:
    from pipeline import workflow
    from pipeline.settings import load_settings
    from pipeline.store import Store

    settings = load_settings(store=folder / f"store{tag}.sqlite", n_process=n_process, batch_size=batch_size)
    with Store(settings.store) as store:
        if store.count() == 0:
            workflow.ingest([jsonl], store, settings)
        return timed(lambda: workflow.analyze(store, settings, force=force))


def child_peak_memory(jsonl: Path, n_process: int) -> float:
    """Peak RSS (MB) of a whole ingest + analyze in a fresh process, workers included."""
    code = (
        "import resource, sys, tempfile; from pathlib import Path; sys.path.insert(0, %r)\n"
        "from pipeline import workflow; from pipeline.settings import load_settings; from pipeline.store import Store\n"
        "d = Path(tempfile.mkdtemp()); s = load_settings(store=d / 's.sqlite', n_process=%d)\n"
        "st = Store(s.store); workflow.ingest([%r], st, s); workflow.analyze(st, s)\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(max(own, kids) / 1024)\n"
    ) % (str(ROOT), n_process, str(jsonl))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--model", default=None)
    parser.add_argument("--memory", action="store_true", help="also measure peak memory at two sizes")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"benchmark data not found: {DATA}")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jsonl = sample(args.articles, folder)
        from pipeline.ingest import read_articles

        texts = [a.text for a in read_articles([jsonl]) if hasattr(a, "text")]
        words = sum(len(t.split()) for t in texts)
        rows = []
        for n_process in (1, 2):
            bare = bench_spacy(texts, args.model, n_process, args.batch_size)
            first = bench_framelens(jsonl, folder, n_process, args.batch_size, tag=str(n_process))
            cached = bench_framelens(jsonl, folder, n_process, args.batch_size, force=True, tag=str(n_process))
            rows.append({"processes": n_process, "bare_spacy_wps": words / bare, "framelens_wps": words / first,
                         "cached_wps": words / cached, "ratio_vs_spacy": bare / first,
                         "cached_speedup": first / cached})
        memory = {}
        if args.memory:
            for n in (args.articles // 4, args.articles):
                memory[n] = child_peak_memory(sample(n, folder), 2)

    print(f"machine: {platform.machine()} {platform.processor() or ''}, {platform.python_version()}, "
          f"date {date.today()}, articles {len(texts)}, words {words:,}, batch {args.batch_size}")
    print("| processes | bare spaCy words/s | framelens words/s | framelens / spaCy | cached words/s | cached speed-up |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['processes']} | {r['bare_spacy_wps']:,.0f} | {r['framelens_wps']:,.0f} | "
              f"{r['ratio_vs_spacy']:.2f} | {r['cached_wps']:,.0f} | {r['cached_speedup']:.1f}x |")
    print(f"2 vs 1 process: bare spaCy {rows[1]['bare_spacy_wps'] / rows[0]['bare_spacy_wps']:.2f}x, "
          f"framelens {rows[1]['framelens_wps'] / rows[0]['framelens_wps']:.2f}x")
    for n, mb in memory.items():
        print(f"peak memory, {n} articles, 2 processes: {mb:,.0f} MB")
    if args.json:
        print(json.dumps({"rows": rows, "memory_mb": memory, "words": words}))


if __name__ == "__main__":
    main()
