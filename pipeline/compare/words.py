"""Distinctive words and phrases of each group against the rest ("Fightin' Words", n-way).

Terms are those of ``pipeline.evidence.terms`` (model-free unigrams and bigrams without stopwords); the
page-furniture list and the numbers of the statistic are in ``models/compare.yaml``.

Outlet boilerplate ("click here", a columnist's sign-off) is a real difference between outlets but
not framing; requiring a term in several of a group's articles (``min_group_articles``) keeps one
article's repeated phrase or a single template from topping a group's list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..evidence import WORD, terms
from .lexicon import compare_lexicon
from .stats import log_odds_z


def distinctive_terms(texts: dict[str, str], membership: Sequence[tuple[str, str]], groups: Iterable[str], *,
                      top: int | None = None, min_count: int | None = None,
                      min_group_articles: int | None = None, prior_strength: float | None = None,
                      own_names: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """The terms with the highest z-scores for each group against all other compared articles.

    ``texts`` maps article id -> text (the compared articles, each once); ``membership`` lists
    (article id, group) pairs. A term enters the vocabulary with at least ``min_count`` uses in the
    corpus; a group lists it only when it occurs in ``min_group_articles`` of the group's articles.
    ``own_names`` maps a group to names it signs with (its outlets): a term made only of those names'
    words ("fox news" for Fox News) is the group's byline, not its framing, and is not listed for it.
    Columns: group, term, kind (unigram|bigram), count, articles, rate_per_10k (in the group),
    rest_rate_per_10k, log_odds, z, article_ids (up to 5 articles using it most). Options left as None
    take their values from ``models/compare.yaml``.
    """
    lexicon = compare_lexicon()
    defaults = lexicon.distinctive_terms
    top = defaults.top if top is None else top
    min_count = defaults.min_count if min_count is None else min_count
    min_group_articles = defaults.min_group_articles if min_group_articles is None else min_group_articles
    prior_strength = defaults.prior_strength if prior_strength is None else prior_strength
    groups = list(groups)
    per_article = {article_id: terms(text) for article_id, text in texts.items()}
    total: Counter[str] = Counter()
    for counts in per_article.values():
        total.update(counts)
    vocabulary = [t for t, c in total.items() if c >= min_count]
    columns = {t: i for i, t in enumerate(vocabulary)}
    columns_of = {g: i for i, g in enumerate(groups)}
    counts_matrix = np.zeros((len(groups), len(vocabulary)))
    article_matrix = np.zeros((len(groups), len(vocabulary)))
    members: dict[str, list[str]] = {g: [] for g in groups}
    for article_id, group in membership:
        if group not in columns_of or article_id not in per_article:
            continue
        members[group].append(article_id)
        row = columns_of[group]
        for term, count in per_article[article_id].items():
            column = columns.get(term)
            if column is not None:
                counts_matrix[row, column] += count
                article_matrix[row, column] += 1
    empty = pd.DataFrame(columns=["group", "term", "kind", "count", "articles", "rate_per_10k",
                                  "rest_rate_per_10k", "log_odds", "z", "article_ids"])
    if not vocabulary or not groups:
        return empty
    total_vector = np.array([total[t] for t in vocabulary], dtype=float)
    delta, z = log_odds_z(counts_matrix, total_vector, prior_strength=prior_strength)
    # Rates use every token of the texts (not just the vocabulary) so they read as "per 10,000 terms".
    group_tokens = {g: sum(sum(per_article[a].values()) for a in members[g]) for g in groups}
    all_tokens = sum(sum(c.values()) for c in per_article.values())
    rows = []
    for g, row in columns_of.items():
        name_words = {w for name in (own_names or {}).get(g, ()) for w in WORD.findall(name.lower())}
        eligible = np.where(article_matrix[row] >= min_group_articles)[0]
        eligible = np.array([c for c in eligible if not set(vocabulary[c].split()) <= name_words
                             and not set(vocabulary[c].split()) & lexicon.page_furniture], dtype=int)
        best = eligible[np.argsort(-z[row, eligible])][:top]
        rest_tokens = max(all_tokens - group_tokens[g], 1)
        for column in best:
            if z[row, column] <= 0:
                break
            term = vocabulary[column]
            users = sorted(members[g], key=lambda a: -per_article[a].get(term, 0))[:5]
            rows.append({
                "group": g, "term": term, "kind": "bigram" if " " in term else "unigram",
                "count": int(counts_matrix[row, column]), "articles": int(article_matrix[row, column]),
                "rate_per_10k": round(1e4 * counts_matrix[row, column] / max(group_tokens[g], 1), 2),
                "rest_rate_per_10k": round(
                    1e4 * max(total_vector[column] - counts_matrix[row, column], 0) / rest_tokens, 2),
                "log_odds": round(float(delta[row, column]), 3), "z": round(float(z[row, column]), 2),
                "article_ids": [a for a in users if per_article[a].get(term)],
            })
    return pd.DataFrame(rows) if rows else empty
