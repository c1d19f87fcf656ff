"""Where the time goes, per article: each spaCy component, each extractor, what crosses processes,
the JSON document, the store write, the parse cache.

    python benchmarks/timings.py --articles 100               # CPU ms per article, stage by stage
    python benchmarks/timings.py --articles 50 --profile 30   # plus the 30 costliest functions of extraction

Times are CPU seconds of this process (``time.process_time``), not wall-clock seconds: on a machine
shared with other work, CPU time stays close to what a quiet machine would show, wall time does not.
The load average is printed with the figures so a reader can judge them. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pickle
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "allsides-immigration" / "immigration.jsonl"


class Clock:
    """CPU and wall seconds per named stage."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)

    def __call__(self, name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        result = fn(*args, **kwargs)
        self.cpu[name] += time.process_time() - cpu
        self.wall[name] += time.perf_counter() - wall
        return result

    def print(self, n: int) -> None:
        print(f"{'stage':34s} {'CPU ms/article':>15s} {'wall ms/article':>16s}")
        for name, total in self.cpu.items():
            print(f"{name:34s} {1000 * total / n:15.1f} {1000 * self.wall[name] / n:16.1f}")


def parse_by_component(nlp: Any, texts: list[str], clock: Clock, batch_size: int = 16) -> list[Any]:
    """The parse, one component at a time over all texts, so each component's cost shows."""
    docs = clock("parse: tokenizer", lambda: [nlp.make_doc(t) for t in texts])
    for name, component in nlp.pipeline:
        if hasattr(component, "pipe"):
            docs = clock(f"parse: {name}", lambda c=component, d=docs: list(c.pipe(d, batch_size=batch_size)))
        else:  # a function component
            docs = clock(f"parse: {name}", lambda c=component, d=docs: [c(doc) for doc in d])
    return docs


def time_extractors(articles: list[Any], docs: list[Any], clock: Clock) -> None:
    from pipeline.extract import claims, devices, entities, figures, frames, quotes

    for article, doc in zip(articles, docs, strict=True):
        found = clock("extract: entities", entities.extract_entities, doc)
        numbers = clock("extract: figures", figures.extract_figures, doc)
        said = clock("extract: quotes", quotes.extract_quotes, doc, entities=found)
        stated = clock("extract: claims", claims.extract_claims, doc,
                       entities=found, figures=numbers, quotes=said)
        clock("extract: devices", devices.extract_devices, doc, quotes=said, claims=stated)
        clock("extract: frames", frames.score_frames, doc, [(c.start, c.end) for c in stated])
        clock("extract: frames", frames.score_frames, doc, [(s.start, s.end) for s in article.sections])
        clock("extract: frames", frames.article_frames, doc)
    for doc in docs:
        doc.user_data.clear()  # the extractors' per-Doc caches: time the whole analysis afresh


def time_outputs(articles: list[Any], docs: list[Any], analyses: list[Any], nlp: Any, clock: Clock) -> None:
    """What follows extraction: crossing processes, the JSON document, the store, the parse cache."""
    from pipeline.engine.local import ParseCache
    from pipeline.store import Store

    clock("pickle round trip (worker->parent)", lambda: [pickle.loads(pickle.dumps(a)) for a in analyses])
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "s.sqlite") as store:
            for article in articles:
                store.add_article(article)
            clock("store write (incl. JSON document)", store.save_analyses, analyses, "key")
        cache = ParseCache(Path(tmp), nlp)
        clock("cache write", lambda: [cache.put(a.id, d) for a, d in zip(articles, docs, strict=True)])
        clock("cache read", lambda: [cache.get(a.id) for a in articles])


def main() -> None:
    from pipeline.analyze import analyze_doc
    from pipeline.ingest import read_articles
    from pipeline.nlp import load_model, model_id

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also print the N functions with the most own time during extraction")
    args = parser.parse_args()
    articles = [a for a in itertools.islice(read_articles([DATA]), args.articles) if hasattr(a, "text")]
    clock = Clock()
    nlp = clock("model load (once per process)", load_model)
    docs = parse_by_component(nlp, [a.text for a in articles], clock)
    time_extractors(articles, docs, clock)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    analyses = clock("analyze_doc (all extractors)",
                     lambda: [analyze_doc(a, d, model=model_id(nlp))
                              for a, d in zip(articles, docs, strict=True)])
    if profiler:
        profiler.disable()
    time_outputs(articles, docs, analyses, nlp, clock)
    print(f"{len(articles)} articles, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    clock.print(len(articles))
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
