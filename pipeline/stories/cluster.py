"""Which articles tell the same event: candidate links within a date window, then average linkage.

Method.
1. Candidate links. Dated articles are sorted by day and compared in chunks of rows against the
   articles published up to ``window_days`` later (a sparse matrix product of the chunk's evidence
   rows with the window's), so an article is only ever compared with its window. Undated articles
   have no window: each is compared with the articles that share most of its most distinctive
   features, found in an inverted index (feature -> articles; ``UndatedLookup``). The cosine is
   weighted by recency (halved every ``half_life_days`` between the two dates; ``undated_weight``
   with an undated article): on one topic every article shares the topic's words and names, and what
   sets an event apart is that its versions appear together. A pair is a link when its weighted
   similarity reaches the link threshold; each article keeps its ``neighbours`` strongest links.
2. Stories. The links make a graph; each connected component is cut by average-linkage agglomerative
   clustering (scipy) on its members' full pairwise weighted similarities, at distance
   ``1 - threshold``: the
   articles of a story are, on average, at least as similar to each other as the threshold, so a
   chain of pairwise links (A~B, B~C) does not merge two events. Two dated articles more than the
   window apart never share a story (their distance is set beyond any average).

Complexity, for n articles: candidate links cost O(n * m) sparse row products, m the articles in a
window of ``window_days + 1`` days (set by the news rate, not the corpus size: linear in the corpus's
time span), plus, for u undated articles, the posting lists of their k most distinctive features (an
event's names, figures and quoted words are in the few articles that report it) and u * c full
comparisons with their c best candidates; memory holds only the links above the threshold
(at most n * neighbours) and never a dense n x n matrix. Cutting a component of c articles costs
O(c^2); components are stories and near-stories, a handful of articles each.

What it misses: an event reported more than ``window_days`` apart (an anniversary piece, a late
column) starts a new story; two events with the same actors, place and figures in one week (a
hearing and its follow-up vote) can merge; an undated article joins a story only on its words,
names, figures and quotes, and only with an article that shares enough of its most distinctive features.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

ROWS_PER_CHUNK = 512  # rows per sparse product: bounds memory of one product, not a tunable of the result
UNDATED_PER_CHUNK = 32  # undated articles scored against their candidates at once (memory only)


@dataclass(frozen=True)
class Links:
    """Candidate links (i < j) with their cosine similarity."""

    rows: np.ndarray
    cols: np.ndarray
    similarity: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Clustering:
    """Stories as lists of article positions, each with its members' cohesion (mean similarity to the
    story's other articles; 1.0 for a story of one)."""

    stories: list[list[int]]
    cohesion: list[list[float]]
    links: int
    largest_component: int


@dataclass(frozen=True)
class UndatedLookup:
    """How an undated article finds its candidates: its ``features`` most distinctive features are
    looked up in the inverted index and the ``candidates`` articles sharing most of them are scored."""

    features: int = 1_000_000  # the defaults: every feature, every article that shares one
    candidates: int = 1_000_000_000


# Larger than any sum of ordinary distances (at most 1 each) in a linked group.
APART_DISTANCE = 1e9


@dataclass(frozen=True)
class Recency:
    """How similarity fades with the days between two articles: times 0.5 every ``half_life`` days
    (None: it does not fade), and times ``undated_weight`` when either article has no date."""

    half_life: float | None = None
    undated_weight: float = 1.0

    def weight(self, gap: np.ndarray) -> np.ndarray:
        """The factor for each day gap (NaN: an undated article)."""
        faded = np.ones_like(gap) if self.half_life is None else 0.5 ** (np.nan_to_num(gap) / self.half_life)
        return np.where(np.isnan(gap), self.undated_weight, faded)


def day_number(published: str | None) -> int | None:
    """The proleptic ordinal of a YYYY-MM-DD date, or None when missing or implausible (before 1800)."""
    if not published or len(published) < 10:
        return None
    try:
        date = dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
    return date.toordinal() if date.year >= 1800 else None


def _keep(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, threshold: float) -> tuple[np.ndarray, ...]:
    mask = sims >= threshold
    return rows[mask], cols[mask], sims[mask]


def _dated_links(
    matrix: sp.csr_matrix, days: list[int | None], window: int, threshold: float, recency: Recency
) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    positions = np.array([i for i, d in enumerate(days) if d is not None], dtype=np.int64)
    order = np.argsort([days[i] for i in positions], kind="stable")
    positions = positions[order]
    sorted_days = np.array([days[i] for i in positions], dtype=np.int64)
    found: tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]] = ([], [], [])
    for start in range(0, len(positions), ROWS_PER_CHUNK):
        stop = min(start + ROWS_PER_CHUNK, len(positions))
        reach = int(np.searchsorted(sorted_days, sorted_days[stop - 1] + window, side="right"))
        product = (matrix[positions[start:stop]] @ matrix[positions[start:reach]].T).tocoo()
        row_at, col_at = product.row + start, product.col + start  # positions in the sorted order
        gap = (sorted_days[col_at] - sorted_days[row_at]).astype(np.float64)
        ahead = (col_at > row_at) & (gap <= window)
        weighted = (product.data[ahead] * recency.weight(gap[ahead])).astype(np.float32)
        kept = _keep(positions[row_at[ahead]], positions[col_at[ahead]], weighted, threshold)
        for bucket, values in zip(found, kept, strict=False):
            bucket.append(values)
    return found


def _distinctive_features(
    rows: sp.csr_matrix, frequency: np.ndarray, articles: int, count: int
) -> sp.csr_matrix:
    """Each row's ``count`` most distinctive features that some other article also has (document
    frequency at least 2): the heaviest by weight times inverse document frequency, so a rare name
    outranks both a common name and an incidental rare word pair. A 0/1 matrix of the same shape."""
    coo = rows.tocoo()
    shared = frequency[coo.col] >= 2
    row, col, weight = coo.row[shared], coo.col[shared], coo.data[shared]
    distinctive = weight * np.log(articles / frequency[col].astype(np.float64))
    order = np.lexsort((-distinctive, row))  # per row, most distinctive first
    row, col = row[order], col[order]
    rank = np.arange(len(row)) - np.searchsorted(row, row, side="left")
    top = rank < count
    return sp.csr_matrix(
        (np.ones(int(top.sum()), dtype=np.float32), (row[top], col[top])), shape=rows.shape
    )


def _pair_cosines(
    matrix: sp.csr_matrix, left: sp.csr_matrix, local: np.ndarray, cols: np.ndarray, position: np.ndarray
) -> np.ndarray:
    """The dot product of ``left[local[p]]`` with ``matrix[cols[p]]`` for each pair p, in time linear in
    the pairs' entries (``position``: a reusable array of -1, one per feature, left as found)."""
    features = np.unique(left.indices)
    position[features] = np.arange(len(features))
    dense = np.zeros((left.shape[0], len(features)), dtype=np.float32)
    dense[np.repeat(np.arange(left.shape[0]), np.diff(left.indptr)), position[left.indices]] = left.data
    starts = matrix.indptr[cols]
    lengths = matrix.indptr[cols + 1] - starts
    pair = np.repeat(np.arange(len(cols)), lengths)
    entry = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths) + starts[pair]
    feature = position[matrix.indices[entry]]
    shared = feature >= 0
    products = dense[local[pair[shared]], feature[shared]] * matrix.data[entry[shared]]
    position[features] = -1
    return np.bincount(pair[shared], weights=products, minlength=len(cols))


def _undated_links(
    matrix: sp.csr_matrix, days: list[int | None], threshold: float, recency: Recency, lookup: UndatedLookup
) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """Links of each undated article, found through an inverted index of the corpus's features.

    An undated article has no window. Its ``lookup.features`` most distinctive features (its event's
    names, figures, quoted words and uncommon words; the topic's common words are never looked up)
    are looked up in the inverted index (feature -> articles); the articles found are ranked by the
    part of the cosine those features make, and the ``lookup.candidates`` best are scored in full.
    Cost per undated article: the posting lists of its distinctive features (an event's own features
    are in the few articles that report it) and a bounded number of full comparisons. A pair that
    shares none of the undated article's distinctive features, or ranks below the candidates kept, is
    not found.
    """
    undated = np.array([i for i, d in enumerate(days) if d is None], dtype=np.int64)
    found: tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]] = ([], [], [])
    if not len(undated) or matrix.shape[1] == 0:
        return found
    is_undated = np.array([d is None for d in days])
    postings = matrix.T.tocsr()  # features x articles: a feature's row lists the articles that have it
    frequency = np.diff(postings.indptr)
    position = np.full(matrix.shape[1], -1, dtype=np.int64)
    for start in range(0, len(undated), UNDATED_PER_CHUNK):
        chunk = undated[start : start + UNDATED_PER_CHUNK]
        rows = matrix[chunk]
        distinctive = rows.multiply(_distinctive_features(rows, frequency, matrix.shape[0], lookup.features))
        partial = (sp.csr_matrix(distinctive) @ postings).tocoo()
        local, cols = partial.row, partial.col.astype(np.int64)
        # Each undated pair once (i < j); an undated article with a dated one always.
        keep = (chunk[local] != cols) & (~is_undated[cols] | (cols > chunk[local]))
        local, cols, share = local[keep], cols[keep], partial.data[keep]
        order = np.lexsort((-share, local))  # per undated article, the largest shared part first
        local, cols = local[order], cols[order]
        best = np.arange(len(local)) - np.searchsorted(local, local, side="left") < lookup.candidates
        local, cols = local[best], cols[best]
        similarity = _pair_cosines(matrix, rows, local, cols, position)
        weighted = (similarity * recency.undated_weight).astype(np.float32)
        kept = _keep(chunk[local], cols, weighted, threshold)
        for bucket, values in zip(found, kept, strict=False):
            bucket.append(values)
    return found


def _strongest(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, neighbours: int) -> np.ndarray:
    """Indices of the links that are among the ``neighbours`` strongest of at least one of their ends."""
    ends = np.concatenate([rows, cols])
    link = np.concatenate([np.arange(len(rows)), np.arange(len(rows))])
    strength = np.concatenate([sims, sims])
    order = np.lexsort((-strength, ends))  # by article, strongest first
    ends, link = ends[order], link[order]
    first = np.searchsorted(ends, ends, side="left")
    rank = np.arange(len(ends)) - first
    return np.unique(link[rank < neighbours])


def candidate_links(
    matrix: sp.csr_matrix, days: list[int | None], *, window: int, threshold: float, neighbours: int,
    recency: Recency = Recency(), lookup: UndatedLookup = UndatedLookup(),
) -> Links:
    """Every pair within the date window (or involving an undated article and one of the candidates
    its ``lookup`` finds) whose cosine, weighted by ``recency``, reaches the threshold, keeping for
    each article its ``neighbours`` strongest links."""
    dated = _dated_links(matrix, days, window, threshold, recency)
    undated = _undated_links(matrix, days, threshold, recency, lookup)
    parts = [
        np.concatenate(a + b) if a + b else np.array([], dtype=dtype)
        for a, b, dtype in zip(dated, undated, (np.int64, np.int64, np.float32), strict=False)
    ]
    rows, cols, sims = parts
    if len(rows):
        kept = _strongest(rows, cols, sims, neighbours)
        rows, cols, sims = rows[kept], cols[kept], sims[kept]
    return Links(rows, cols, sims)


def _cut(
    matrix: sp.csr_matrix, members: np.ndarray, days: list[int | None], window: int, threshold: float,
    recency: Recency,
) -> tuple[list[list[int]], list[list[float]]]:
    """Average-linkage stories within one connected component, with each member's cohesion."""
    from scipy.cluster.hierarchy import fcluster, linkage  # imported when clustering (slow to import)
    from scipy.spatial.distance import squareform

    similarity = (matrix[members] @ matrix[members].T).toarray().astype(np.float64)
    member_days = np.array([np.nan if days[i] is None else days[i] for i in members], dtype=np.float64)
    gap = np.abs(member_days[:, None] - member_days[None, :])  # NaN: an undated article
    with np.errstate(invalid="ignore"):
        apart = gap > window  # NaN compares False
    similarity *= recency.weight(gap)
    similarity[apart] = 0.0
    np.fill_diagonal(similarity, 1.0)
    distance = np.clip(1.0 - similarity, 0.0, None)
    # Two dated articles further apart than the window never share a story: their distance outweighs
    # any average, so no merge brings them together (undated articles still join on content alone).
    distance[apart] = APART_DISTANCE
    labels = fcluster(
        linkage(squareform(distance, checks=False), method="average"), t=1.0 - threshold, criterion="distance"
    )
    stories, cohesion = [], []
    for label in np.unique(labels):
        inside = np.flatnonzero(labels == label)
        stories.append([int(members[i]) for i in inside])
        block = similarity[np.ix_(inside, inside)]
        cohesion.append(
            [1.0]
            if len(inside) == 1
            else [float((block[k].sum() - 1.0) / (len(inside) - 1)) for k in range(len(inside))]
        )
    return stories, cohesion


def cluster_stories(
    matrix: sp.csr_matrix, days: list[int | None], *, window: int, threshold: float, neighbours: int,
    link_threshold: float | None = None, recency: Recency = Recency(),
    lookup: UndatedLookup = UndatedLookup(),
) -> Clustering:
    """Stories over the rows of ``matrix`` (see the module docstring): every article is in exactly one.
    Links need ``link_threshold`` (default: ``threshold``), a story's average similarity ``threshold``."""
    from scipy.sparse.csgraph import connected_components

    n = matrix.shape[0]
    links = candidate_links(matrix, days, window=window, threshold=link_threshold or threshold,
                            neighbours=neighbours, recency=recency, lookup=lookup)
    graph = sp.coo_matrix((np.ones(len(links)), (links.rows, links.cols)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    order = np.argsort(component, kind="stable")
    boundaries = np.flatnonzero(np.diff(component[order])) + 1
    stories: list[list[int]] = []
    cohesion: list[list[float]] = []
    largest = 0
    for members in np.split(order, boundaries) if n else []:
        largest = max(largest, len(members))
        if len(members) == 1:
            stories.append([int(members[0])])
            cohesion.append([1.0])
            continue
        cut, scores = _cut(matrix, members, days, window, threshold, recency)
        stories += cut
        cohesion += scores
    return Clustering(stories=stories, cohesion=cohesion, links=len(links), largest_component=largest)
