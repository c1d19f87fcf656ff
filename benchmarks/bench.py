"""framelens against bare spaCy on the same texts in the same run: speed, the unchanged run, memory, growth.

    python benchmarks/bench.py                         # every figure of the README's benchmark section
    python benchmarks/bench.py --only ratios --articles 100 --repeats 1   # a quick look
    python benchmarks/bench.py --json results.json     # also the raw figures

Parts (``--only`` picks some, comma-separated):

- ``ratios``: on the first ``--articles`` AllSides articles, for 1 and 2 processes, ``--repeats`` times
  (interleaved, so a change of machine load hits both sides): bare ``nlp.pipe`` of the stock model on the
  cleaned texts (model loaded before the clock starts), then framelens ``ingest``, ``analyze`` and the
  outputs of ``run`` into an empty store and parse cache. Each side runs in a fresh process, so framelens
  pays its imports and model loading and bare spaCy does not. Ratios are bare spaCy's time over
  framelens', taken within each repetition, and the median is printed; so is the same ratio in CPU
  seconds (all processes), which a loaded machine distorts far less than wall-clock time.
- ``unchanged``: the full corpus ingested and analysed (2 processes; its peak memory is the full-corpus
  figure), ``framelens run`` once to write the outputs, then again with nothing changed, timed from the
  command line as a user would.
- ``memory``: one article of about 988,000 characters through ingest and analyze, peak memory.
- ``growth``: one article at 10 KB, 100 KB and 1 MB, CPU seconds of each stage (linear growth is 10x).

Peak memory is the parent's peak plus, with worker processes, each worker at the largest worker's peak: an
upper bound on the resident memory of the whole run. The long articles are real AllSides text, articles
joined one after another (the data set's longest single article has 40,760 characters).
Not part of the test suite; ``make bench`` runs it all.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "allsides-immigration" / "immigration.jsonl"
FRAMELENS = Path(sys.executable).parent / "framelens"
PARTS = ("ratios", "unchanged", "memory", "growth")
LARGEST_CHARS = 988_000
GROWTH_SIZES = (10_000, 100_000, 1_000_000)
CHILD_TIMEOUT = 3600  # seconds: a stage slower than this is reported as such, not waited for


# -- inputs -------------------------------------------------------------------------------------------
def sample(n: int | None, folder: Path) -> Path:
    """The first n AllSides records (all with None) as a JSONL file in ``folder`` (a temp copy)."""
    path = folder / f"sample-{n or 'all'}.jsonl"
    with DATA.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if n is not None and i >= n:
                break
            dst.write(line)
    return path


def long_article(chars: int, folder: Path) -> Path:
    """A plain-text article of about ``chars`` characters: AllSides articles one after another, cut at a
    paragraph break."""
    paragraphs: list[str] = []
    total = 0
    with DATA.open(encoding="utf-8") as src:
        for line in src:
            for paragraph in json.loads(line)["content_original"].split("\n"):
                if paragraph.strip() and total < chars:
                    paragraphs.append(paragraph.strip())
                    total += len(paragraph) + 2
    path = folder / f"long-{chars}.txt"
    path.write_text("\n\n".join(paragraphs)[:chars].rsplit("\n\n", 1)[0] + "\n", encoding="utf-8")
    return path


# -- children: each measurement in a fresh process ----------------------------------------------------
def child(kind: str, *args: str) -> dict[str, Any]:
    """Run ``bench.py --child KIND ARGS`` and return the JSON it prints last (or the reason it failed)."""
    command = [sys.executable, __file__, "--child", kind, *args]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"over {CHILD_TIMEOUT} s"}
    if result.returncode != 0:
        return {"error": (result.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def _cpu() -> float:
    """CPU seconds of this process and of its finished children."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_mb(n_process: int) -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + (n_process * worker if n_process > 1 else 0)) / 1024


def child_bare(jsonl: str, n_process: int, batch_size: int) -> dict[str, Any]:
    import spacy

    from pipeline.ingest import read_articles
    from pipeline.nlp import resolve_model_name

    texts = [a.text for a in read_articles([jsonl]) if hasattr(a, "text")]
    nlp = spacy.load(resolve_model_name())
    wall, cpu = time.perf_counter(), _cpu()
    for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
        pass
    return {"wall": time.perf_counter() - wall, "cpu": _cpu() - cpu, "articles": len(texts),
            "words": sum(len(t.split()) for t in texts)}


def child_framelens(jsonl: str, n_process: int, batch_size: int, folder: str) -> dict[str, Any]:
    """A ``run`` as the CLI does it, stage by stage, into an empty store: ingest, analyze, outputs."""
    from pipeline import workflow
    from pipeline.settings import load_settings
    from pipeline.store import Store

    times: dict[str, Any] = {}

    def timed(stage: str, action: Any, *args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), _cpu()
        result = action(*args, **kwargs)
        times[stage], times[f"{stage}_cpu"] = time.perf_counter() - wall, _cpu() - cpu
        return result

    settings = load_settings(store=Path(folder) / "store.sqlite", n_process=n_process, batch_size=batch_size)
    with Store(settings.store) as store:
        ingested = timed("ingest", workflow.ingest, [jsonl], store, settings)
        analysed = timed("analyze", workflow.analyze, store, settings)
        timed("outputs", workflow.write_outputs, store, Path(folder) / "out",
              article_ids=ingested.article_ids)
    times["failed"] = len(analysed.failed)
    return times


def child_pipeline(path: str, n_process: int, folder: str) -> dict[str, Any]:
    """Ingest + analyze into a store in ``folder``; the peak memory of the whole run."""
    from pipeline import workflow
    from pipeline.settings import load_settings
    from pipeline.store import Store

    settings = load_settings(store=Path(folder) / "store.sqlite", n_process=n_process)
    wall = time.perf_counter()
    with Store(settings.store) as store:
        workflow.ingest([path], store, settings)
        summary = workflow.analyze(store, settings)
    return {"peak_mb": _peak_mb(n_process), "seconds": time.perf_counter() - wall,
            "analysed": summary.analysed, "failed": [reason for _, reason in summary.failed]}


def child_growth(path: str) -> dict[str, Any]:
    """CPU seconds of each stage for one article: parse, each extractor, the store write."""
    from timings import Clock, time_extractors

    from pipeline.analyze import analyze_doc
    from pipeline.ingest import read_articles
    from pipeline.nlp import load_model
    from pipeline.nlp.blocks import parse_text
    from pipeline.store import Store

    [article] = [a for a in read_articles([path]) if hasattr(a, "text")]
    nlp = load_model()
    warm = article.text[:2000].rsplit("\n\n", 1)[0]  # lexicons and indexes load on first use: not timed
    analyze_doc(dataclasses.replace(article, text=warm, sections=(), paragraphs=()), parse_text(nlp, warm))
    clock = Clock()
    doc = clock("parse", parse_text, nlp, article.text)
    time_extractors([article], [doc], clock)
    analysis = clock("analyze_doc (all extractors)", analyze_doc, article, doc)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.sqlite") as store:
        store.add_article(article)
        clock("store write", store.save_analyses, [analysis], "key")
    return {"chars": len(article.text), "cpu": dict(clock.cpu), "peak_mb": _peak_mb(1)}


CHILDREN = {
    "bare": child_bare, "framelens": child_framelens, "pipeline": child_pipeline, "growth": child_growth,
}


# -- parts ----------------------------------------------------------------------------------------------
def bench_ratios(folder: Path, articles: int, repeats: int, batch_size: int) -> dict[str, Any]:
    jsonl = sample(articles, folder)
    rows: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    for repeat in range(repeats):
        for n_process in (1, 2):
            bare = child("bare", str(jsonl), str(n_process), str(batch_size))
            work = folder / f"run-{n_process}-{repeat}"
            work.mkdir()
            framelens = child("framelens", str(jsonl), str(n_process), str(batch_size), str(work))
            rows[n_process].append({"bare": bare, "framelens": framelens, "load": os.getloadavg()[0]})
    return {str(n): _ratio_summary(reps) for n, reps in rows.items()}


def _ratio_summary(reps: list[dict[str, Any]]) -> dict[str, Any]:
    failed = [r for r in reps if "error" in r["bare"] or "error" in r["framelens"]]
    if failed:
        return {"error": failed[0]["bare"].get("error") or failed[0]["framelens"].get("error")}

    def median(fn: Any) -> float:
        return statistics.median(fn(r["bare"], r["framelens"]) for r in reps)

    words = reps[0]["bare"]["words"]
    return {
        "articles": reps[0]["bare"]["articles"], "words": words, "repeats": len(reps),
        "bare_wps": median(lambda b, f: words / b["wall"]),
        "analyze_wps": median(lambda b, f: words / f["analyze"]),
        "analyze_ratio": median(lambda b, f: b["wall"] / f["analyze"]),
        "run_ratio": median(lambda b, f: b["wall"] / (f["ingest"] + f["analyze"] + f["outputs"])),
        "analyze_cpu_ratio": median(lambda b, f: b["cpu"] / f["analyze_cpu"]),
        "run_cpu_ratio": median(
            lambda b, f: b["cpu"] / (f["ingest_cpu"] + f["analyze_cpu"] + f["outputs_cpu"])),
        "outputs_s": median(lambda b, f: f["outputs"]),
        "ingest_s": median(lambda b, f: f["ingest"]),
        "analyze_ratios": [r["bare"]["wall"] / r["framelens"]["analyze"] for r in reps],
        "loads": [r["load"] for r in reps],
    }


def bench_unchanged(folder: Path) -> dict[str, Any]:
    jsonl = sample(None, folder)
    work = folder / "full"
    work.mkdir()
    analysed = child("pipeline", str(jsonl), "2", str(work))
    command = [str(FRAMELENS), "run", str(jsonl), "--store", str(work / "store.sqlite"),
               "--out", str(work / "out"), "-q"]
    start = time.perf_counter()
    first = subprocess.run(command, capture_output=True, text=True, check=False)
    first_s = time.perf_counter() - start
    start = time.perf_counter()
    second = subprocess.run(command, capture_output=True, text=True, check=False)
    return {"full_corpus": analysed, "first_run_s": first_s, "unchanged_run_s": time.perf_counter() - start,
            "exit_codes": [first.returncode, second.returncode],
            "unchanged_stderr": second.stderr.strip().splitlines()[-3:]}


def bench_memory(folder: Path) -> dict[str, Any]:
    path = long_article(LARGEST_CHARS, folder)
    work = folder / "largest"
    work.mkdir()
    return {"chars": len(path.read_text(encoding="utf-8")), **child("pipeline", str(path), "2", str(work))}


def bench_growth(folder: Path) -> dict[str, Any]:
    return {str(size): child("growth", str(long_article(size, folder))) for size in GROWTH_SIZES}


# -- printing -------------------------------------------------------------------------------------------
def print_report(results: dict[str, Any]) -> None:
    import spacy

    from pipeline.nlp import resolve_model_id

    print(f"framelens benchmark, {date.today()}: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, spaCy {spacy.__version__}, {resolve_model_id()}; "
          f"load average {results['load_before']:.2f} before, {results['load_after']:.2f} after")
    if "ratios" in results:
        _print_ratios(results["ratios"])
    if "unchanged" in results:
        _print_unchanged(results["unchanged"])
    if "memory" in results:
        largest = results["memory"]
        print(f"\nPeak memory, one article of {largest.get('chars', 0):,} characters: "
              f"{_mb(largest)} ({largest.get('seconds', 0):.0f} s, "
              f"failed: {largest.get('failed') or 'none'})")
    if "growth" in results:
        _print_growth(results["growth"])


def _mb(result: dict[str, Any]) -> str:
    return result["error"] if "error" in result else f"{result['peak_mb']:,.0f} MB"


def _print_ratios(ratios: dict[str, Any]) -> None:
    first = next((r for r in ratios.values() if "error" not in r), None)
    if first is None:
        print(f"\nratios failed: {ratios}")
        return
    print(f"\n{first['articles']} AllSides articles ({first['words']:,} words), median of {first['repeats']} "
          "repetitions, ratios taken within each repetition (above 1: framelens is faster):\n")
    print("| processes | bare spaCy words/s | framelens analyze words/s | analyze / spaCy | run / spaCy "
          "| analyze / spaCy, CPU time | run / spaCy, CPU time |")
    print("|---|---|---|---|---|---|---|")
    for n, r in ratios.items():
        if "error" in r:
            print(f"| {n} | failed: {r['error']} | | | | | |")
            continue
        print(f"| {n} | {r['bare_wps']:,.0f} | {r['analyze_wps']:,.0f} | {r['analyze_ratio']:.2f} | "
              f"{r['run_ratio']:.2f} | {r['analyze_cpu_ratio']:.2f} | {r['run_cpu_ratio']:.2f} |")
    for n, r in ratios.items():
        if "error" not in r:
            print(f"{n} process(es): analyze / spaCy per repetition "
                  f"{', '.join(f'{x:.2f}' for x in r['analyze_ratios'])}; load averages "
                  f"{', '.join(f'{x:.1f}' for x in r['loads'])}; ingest {r['ingest_s']:.1f} s, "
                  f"report + claims export {r['outputs_s']:.1f} s")


def _print_unchanged(unchanged: dict[str, Any]) -> None:
    full = unchanged["full_corpus"]
    print(f"\nFull corpus: {full.get('analysed', 0):,} articles analysed in {full.get('seconds', 0):.0f} s "
          f"with 2 processes, peak memory {_mb(full)}")
    print(f"`framelens run` with nothing changed: {unchanged['unchanged_run_s']:.2f} s "
          f"(the first `run` over the analysed store: {unchanged['first_run_s']:.1f} s; "
          f"exit codes {unchanged['exit_codes']})")
    for line in unchanged["unchanged_stderr"]:
        print(f"  stderr: {line}")


def _print_growth(growth: dict[str, Any]) -> None:
    sizes = list(growth)
    good = [s for s in sizes if "error" not in growth[s]]
    print("\nOne article at growing length, CPU seconds per stage (linear growth: 10x per 10x):\n")
    print("| stage | " + " | ".join(f"{int(s) // 1000:,} KB" for s in sizes) + " | growth per 10x |")
    print("|---|" + "---|" * len(sizes) + "---|")
    stages = list(growth[good[0]]["cpu"]) if good else []
    for stage in stages:
        cells = [f"{growth[s]['cpu'][stage]:.2f}" if s in good else growth[s]["error"] for s in sizes]
        steps = [growth[b]["cpu"][stage] / max(growth[a]["cpu"][stage], 1e-3)
                 for a, b in pairwise(good)]
        print(f"| {stage} | " + " | ".join(cells) + " | " + ", ".join(f"{x:.0f}x" for x in steps) + " |")
    print("| peak memory | " + " | ".join(_mb(growth[s]) for s in sizes) + " | |")


# -- main -----------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("child_args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        values: list[Any] = [int(a) if a.isdigit() else a for a in args.child_args]
        print(json.dumps(CHILDREN[args.child](*values)))
        return
    if not DATA.exists():
        sys.exit(f"benchmark data not found: {DATA}")
    parts = [p for p in args.only.split(",") if p]
    unknown = set(parts) - set(PARTS)
    if unknown:
        sys.exit(f"unknown part(s): {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    results: dict[str, Any] = {"load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "memory" in parts:
            results["memory"] = bench_memory(folder)
        if "unchanged" in parts:
            results["unchanged"] = bench_unchanged(folder)
        if "growth" in parts:
            results["growth"] = bench_growth(folder)
        if "ratios" in parts:
            results["ratios"] = bench_ratios(folder, args.articles, args.repeats, args.batch_size)
    results["load_after"] = os.getloadavg()[0]
    print_report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
