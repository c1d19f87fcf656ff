"""The local engine: spaCy ``nlp.pipe`` in this process, or a pool of worker processes.

With several processes, each worker loads the model once and runs parse + extraction itself, so only
small ``Analysis`` records cross process boundaries (spaCy's own ``n_process`` would send every
parsed Doc back to the parent, and the extraction would then run on one core).
Input is consumed in bounded windows, so memory does not grow with the corpus.

Parse cache: with ``cache_dir`` set, each parsed Doc is kept as a DocBin file named by the article id
(a hash of the text) under a folder named by the model and its version. A change of lexicons or
extraction code then re-runs extraction without parsing again.

One article never costs the others: a text spaCy cannot parse, an analysis that raises, or one that
runs past its time budget is reported as a ``FailedArticle`` with its reason, and the batch goes on.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..analyze import analyze_doc
from ..errors import TimeBudgetExceeded
from ..ingest import is_article_id
from ..nlp import load_model, model_id
from ..nlp.blocks import parse_texts
from ..records import Analysis, Article
from .budget import time_budget

WORKER_BATCHES = 8  # batches (of 16 articles) a worker analyses before it is replaced: ~0.5 GB a worker


@dataclass(frozen=True)
class FailedArticle:
    """An article whose analysis raised: named in the summary, the run goes on."""

    article_id: str
    error: str


class ParseCache:
    """Parsed Docs on disk, keyed by text hash and model; writes are atomic (temp file + rename)."""

    def __init__(self, root: Path, nlp: Language) -> None:
        self.folder = root / model_id(nlp)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.vocab = nlp.vocab

    def _path(self, article_id: str) -> Path | None:
        """Where an article's parse is kept; None (not cached) for an id that is not hex digits: the id
        comes from the store, and a store edited to hold "../../x" must not reach outside the cache."""
        if not is_article_id(article_id):
            return None
        return self.folder / article_id[:2] / f"{article_id}.spacy"

    def get(self, article_id: str) -> Doc | None:
        path = self._path(article_id)
        if path is None or not path.exists():
            return None
        try:
            return next(iter(DocBin().from_bytes(path.read_bytes()).get_docs(self.vocab)))
        except Exception:  # noqa: BLE001 - a corrupt cache entry is re-parsed, never fatal
            return None

    def put(self, article_id: str, doc: Doc) -> None:
        path = self._path(article_id)
        if path is None:
            return
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(DocBin(docs=[doc]).to_bytes())
        tmp.replace(path)


def parse(articles: list[Article], nlp: Language, cache: ParseCache | None,
          batch_size: int) -> list[Doc | Exception]:
    """A Doc per article (from the cache where present, parsed otherwise), or the parse's exception."""
    docs: list[Doc | Exception | None] = [cache.get(a.id) if cache else None for a in articles]
    missing = [i for i, doc in enumerate(docs) if doc is None]
    parsed = parse_texts(nlp, (articles[i].text for i in missing), batch_size=batch_size)
    for i, doc in zip(missing, parsed, strict=True):
        docs[i] = doc
        if cache and isinstance(doc, Doc):
            cache.put(articles[i].id, doc)
    return [doc for doc in docs if doc is not None]


def analyze_batch(articles: list[Article], model: str | None = None, batch_size: int = 16,
                  cache_dir: str | None = None,
                  budget: float | None = None) -> list[Analysis | FailedArticle]:
    """Parse and analyse a batch of articles in this process (the model is loaded once per process).

    ``budget``: seconds each article's analysis may take (None: no limit).
    """
    nlp = load_model(model)
    name = model_id(nlp)
    cache = ParseCache(Path(cache_dir), nlp) if cache_dir else None
    return [_analyze_one(article, doc, name, budget)
            for article, doc in zip(articles, parse(articles, nlp, cache, batch_size), strict=True)]


def _analyze_one(article: Article, doc: Doc | Exception, model: str,
                 budget: float | None) -> Analysis | FailedArticle:
    if isinstance(doc, Exception):
        return FailedArticle(article.id, f"spaCy could not parse it: {type(doc).__name__}: {doc}")
    try:
        with time_budget(budget):
            return analyze_doc(article, doc, model=model)
    except TimeBudgetExceeded:
        return FailedArticle(article.id, f"time budget exceeded: the analysis ran past {budget:g} s "
                                         "(time_budget in the settings; 0 for no limit)")
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the corpus
        return FailedArticle(article.id, f"{type(exc).__name__}: {exc}")


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _pool_task(args: tuple[list[Article], str | None, int, str | None, float | None],
               ) -> list[Analysis | FailedArticle]:
    return analyze_batch(*args)


def run_local(articles: Iterable[Article], *, model: str | None = None, n_process: int = 1,
              batch_size: int = 16, cache_dir: str | None = None,
              budget: float | None = None) -> Iterator[Analysis | FailedArticle]:
    """Analyses in input order, streamed."""
    chunks = batches(articles, batch_size)
    if n_process <= 1:
        for chunk in chunks:
            yield from analyze_batch(chunk, model, batch_size, cache_dir, budget)
        return
    context = multiprocessing.get_context("spawn")  # fork after loading spaCy/BLAS is unsafe
    # Workers are replaced now and then: spaCy's string store only grows, so a long-lived worker
    # would grow with the corpus.
    with context.Pool(n_process, maxtasksperchild=WORKER_BATCHES) as pool:
        # A few batches in flight per worker: no worker waits between batches, and memory does not
        # grow with the corpus (Pool.imap would read the whole input at once).
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_pool_task, ((chunk, model, batch_size, cache_dir, budget),)))
            while len(pending) > 2 * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
