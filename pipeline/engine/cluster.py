"""The Dask engine: the same per-article function (``analyze_batch``) on a Dask distributed cluster.

Workers load the model once each (``load_model`` is cached per process). Batches are submitted with a
bounded number in flight, so the client never holds the corpus in memory; results come back in input
order and flow into the store, or into partitioned Parquet with ``write_parquet`` for corpora that
outgrow SQLite.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import EngineError, FramelensError
from ..records import Analysis, Article
from .local import FailedArticle, analyze_batch, batches


def connect(scheduler: str | None = None, n_workers: int = 2) -> Any:
    """A client for the scheduler at ``scheduler``, or for a new LocalCluster of ``n_workers`` processes."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # an optional extra: say how to get it
        raise FramelensError("--engine dask needs Dask: pip install 'framelens[dask]'") from exc

    if scheduler:
        try:
            return Client(scheduler)  # waits distributed.comm.timeouts.connect (30 s) for the scheduler
        except (OSError, TimeoutError, ValueError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster)


def run_dask(articles: Iterable[Article], *, model: str | None = None, scheduler: str | None = None,
             batch_size: int = 16, n_workers: int = 2, cache_dir: str | None = None,
             budget: float | None = None, client: Any = None) -> Iterator[Analysis | FailedArticle]:
    """Analyses in input order, computed on the cluster."""
    own_client = client is None
    client = client or connect(scheduler, n_workers)
    in_flight_limit = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 4)
    pending: deque[Any] = deque()
    try:
        for chunk in batches(articles, batch_size):
            pending.append(
                client.submit(analyze_batch, chunk, model, batch_size, cache_dir, budget, pure=False))
            while len(pending) >= in_flight_limit:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        if own_client:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()


def write_parquet(analyses: Iterable[Analysis], out_dir: str, *, versions_key: str,
                  rows_per_file: int = 5000) -> list[str]:
    """The store's tables as folders of Parquet part files (``claims/part-00000.parquet`` ...).

    The same rows, built by the same functions, as the store writes: articles, each extracted kind,
    frames (article and section scopes), and ``analyses`` (model and versions key per article, so a
    later ``analyze`` into a store can tell what is current)."""
    from pathlib import Path

    import pandas as pd

    from ..outputs import atomic_path, ensure_folder
    from ..store import FRAME_COLUMNS, KINDS, article_row, frame_rows, record_row

    root = Path(out_dir)
    tables = ["articles", *KINDS, "frames", "analyses"]
    buffers: dict[str, list[dict[str, Any]]] = {kind: [] for kind in tables}
    parts: dict[str, int] = dict.fromkeys(buffers, 0)
    written: list[str] = []

    def flush(kind: str) -> None:
        if not buffers[kind]:
            return
        path = ensure_folder(root / kind) / f"part-{parts[kind]:05d}.parquet"
        with atomic_path(path) as temporary:  # a killed run leaves whole part files only
            pd.DataFrame(buffers[kind]).to_parquet(temporary, index=False)
        written.append(str(path))
        parts[kind] += 1
        buffers[kind].clear()

    for analysis in analyses:
        article = analysis.article
        buffers["articles"].append(article_row(article))
        for kind in KINDS:
            buffers[kind] += [{"article_id": article.id, **record_row(item)}
                              for item in getattr(analysis, kind)]
        buffers["frames"] += [dict(zip(FRAME_COLUMNS, row, strict=True)) for row in frame_rows(analysis)]
        buffers["analyses"].append({"article_id": article.id, "model": analysis.model,
                                    "versions": versions_key})
        for kind, rows in buffers.items():
            if len(rows) >= rows_per_file:
                flush(kind)
    for kind in buffers:
        flush(kind)
    return written
