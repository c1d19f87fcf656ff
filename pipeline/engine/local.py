"""The local engine: spaCy ``nlp.pipe`` in this process, or a pool of worker processes.

With several processes, each worker loads the model once and runs parse + extraction itself, so only
small ``Analysis`` records cross process boundaries (spaCy's own ``n_process`` would send every
parsed Doc back to the parent, and the extraction would then run on one core).
Input is consumed in bounded windows, so memory does not grow with the corpus.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..analyze import analyze_doc
from ..nlp import load_model, model_id
from ..records import Analysis, Article


@dataclass(frozen=True)
class FailedArticle:
    """An article whose analysis raised: named in the summary, the run goes on."""

    article_id: str
    error: str


def analyze_batch(articles: list[Article], model: str | None = None,
                  batch_size: int = 16) -> list[Analysis | FailedArticle]:
    """Parse and analyse a batch of articles in this process (the model is loaded once per process)."""
    nlp = load_model(model)
    name = model_id(nlp)
    results: list[Analysis | FailedArticle] = []
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=batch_size)):
        try:
            results.append(analyze_doc(article, doc, model=name))
        except Exception as exc:  # one bad article must not stop the corpus
            results.append(FailedArticle(article.id, f"{type(exc).__name__}: {exc}"))
    return results


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _pool_task(args: tuple[list[Article], str | None, int]) -> list[Analysis | FailedArticle]:
    return analyze_batch(*args)


def run_local(articles: Iterable[Article], *, model: str | None = None, n_process: int = 1,
              batch_size: int = 16) -> Iterator[Analysis | FailedArticle]:
    """Analyses in input order, streamed."""
    batches = _batches(articles, batch_size)
    if n_process <= 1:
        for batch in batches:
            yield from analyze_batch(batch, model, batch_size)
        return
    context = multiprocessing.get_context("spawn")  # fork after loading spaCy/BLAS is unsafe
    with context.Pool(n_process) as pool:
        while window := list(itertools.islice(batches, n_process * 2)):
            for result in pool.imap(_pool_task, [(b, model, batch_size) for b in window]):
                yield from result
