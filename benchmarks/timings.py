"""Where the time goes, per article: parse, each extractor, the JSON document, the store write, the cache.

    python benchmarks/timings.py --articles 100
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "allsides-immigration" / "immigration.jsonl"


def main() -> None:
    from pipeline.analyze import analyze_doc
    from pipeline.document import to_document
    from pipeline.engine.local import ParseCache
    from pipeline.extract import claims, devices, entities, figures, frames, quotes
    from pipeline.ingest import read_articles
    from pipeline.nlp import load_model
    from pipeline.store import Store

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    n = parser.parse_args().articles
    articles = [a for a in itertools.islice(read_articles([DATA]), n) if hasattr(a, "text")]
    nlp = load_model()
    seconds: dict[str, float] = defaultdict(float)

    def timed(name: str, fn, *args, **kwargs):
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        seconds[name] += time.perf_counter() - start
        return result

    docs = timed("parse", lambda: list(nlp.pipe([a.text for a in articles], batch_size=16)))
    for article, doc in zip(articles, docs):
        found = timed("entities", entities.extract_entities, doc)
        numbers = timed("figures", figures.extract_figures, doc)
        said = timed("quotes", quotes.extract_quotes, doc, entities=found)
        stated = timed("claims", claims.extract_claims, doc, entities=found, figures=numbers, quotes=said)
        timed("devices", devices.extract_devices, doc, quotes=said, claims=stated)
        timed("frames", frames.score_frames, doc, [(c.start, c.end) for c in stated])
        timed("frames", frames.score_frames, doc, [(s.start, s.end) for s in article.sections])
        timed("frames", frames.article_frames, doc)
    for doc in docs:
        doc.user_data.clear()  # the extractors' per-Doc caches: time the whole analysis afresh
    analyses = timed("analyze_doc (all extractors)", lambda: [analyze_doc(a, d) for a, d in zip(articles, docs)])
    documents = timed("article JSON", lambda: [to_document(a) for a in analyses])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "s.sqlite")
        for article in articles:
            store.add_article(article)
        timed("store write", lambda: [store.save_analysis(a, d, "k") for a, d in zip(analyses, documents)])
        cache = ParseCache(Path(tmp), nlp)
        timed("cache write", lambda: [cache.put(a.id, d) for a, d in zip(articles, docs)])
        timed("cache read", lambda: [cache.get(a.id) for a in articles])
        store.close()
    for name, total in seconds.items():
        print(f"{name:30s} {1000 * total / len(articles):7.1f} ms per article")


if __name__ == "__main__":
    main()
