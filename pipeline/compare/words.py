"""Distinctive words and phrases of each group against the rest ("Fightin' Words", n-way).

Tokenisation is deliberately simple and model-free (output stages never load spaCy): lower-case
word tokens, no token crosses punctuation, unigrams without stopwords or bare numbers, bigrams
without a stopword at either end ("border wall" stays, "of the" goes).

Outlet boilerplate ("click here", a columnist's sign-off) is a real difference between outlets but
not framing; requiring a term in several of a group's articles (``min_group_articles``) keeps one
article's repeated phrase or a single template from topping a group's list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .stats import log_odds_z

# A small English stopword list (function words and reporting boilerplate); kept here rather than in
# models/ because it changes no label: it only decides which words are worth listing.
_STOPWORD_TEXT = """
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each either else ever every few for from further had hadn't has hasn't have haven't having he
he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if
in into is isn't it it's its itself just let's like may me might more most much must mustn't my myself
neither no nor not now of off on once one only or other ought our ours ourselves out over own per
quite rather really said same say says shall shan't she she'd she'll she's should shouldn't since so
some such than that that's the their theirs them themselves then there there's these they they'd
they'll they're they've this those though through thus to too under until up upon us very via was
wasn't we we'd we'll we're we've were weren't what what's when when's where where's whether which while
who who's whom whose why why's will with within without won't would wouldn't yet you you'd you'll
you're you've your yours yourself yourselves mr mrs ms dr also would could told according since
get got go going gone make made many well even still back two three four five six seven eight nine ten
first last new https http www com html
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Words of scraped page furniture (photo credits, video players, reprint notices): outlets differ in
# them, but they say nothing about framing, so they are never listed as distinctive.
_PAGE_FURNITURE_TEXT = """
advertisement caption click close copyright getty image images newsletter newsletters permission photo
photos reprint reprints replay share sign subscribe video videos watch watched slideshow
"""
PAGE_FURNITURE = frozenset(_PAGE_FURNITURE_TEXT.split())

_CHUNK = re.compile(r"[^.,;:!?()\[\]{}\"“”«»—–…/|]+")
_WORD = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")
_NUMBER = re.compile(r"[0-9][0-9'\-]*")


def terms(text: str) -> Counter[str]:
    """Unigram and bigram counts of one text (bigrams joined by a space)."""
    found: list[str] = []
    for chunk in _CHUNK.findall(text.lower().replace("’", "'")):
        tokens = _WORD.findall(chunk)
        if not tokens:
            continue
        keep = [len(t) > 1 and t not in STOPWORDS for t in tokens]
        number = [t[0].isdigit() and _NUMBER.fullmatch(t) is not None for t in tokens]
        found += [t for t, k, n in zip(tokens, keep, number) if k and not n]
        found += [f"{a} {b}" for a, b, ka, kb, na, nb in zip(tokens, tokens[1:], keep, keep[1:], number, number[1:])
                  if ka and kb and not (na and nb)]
    return Counter(found)


def distinctive_terms(texts: dict[str, str], membership: Sequence[tuple[str, str]], groups: Iterable[str], *,
                      top: int = 15, min_count: int = 10, min_group_articles: int = 3,
                      prior_strength: float = 1000.0,
                      own_names: dict[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """The terms with the highest z-scores for each group against all other compared articles.

    ``texts`` maps article id -> text (the compared articles, each once); ``membership`` lists
    (article id, group) pairs. A term enters the vocabulary with at least ``min_count`` uses in the
    corpus; a group lists it only when it occurs in ``min_group_articles`` of the group's articles.
    ``own_names`` maps a group to names it signs with (its outlets): a term made only of those names'
    words ("fox news" for Fox News) is the group's byline, not its framing, and is not listed for it.
    Columns: group, term, kind (unigram|bigram), count, articles, rate_per_10k (in the group),
    rest_rate_per_10k, log_odds, z, article_ids (up to 5 articles using it most).
    """
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
        name_words = {w for name in (own_names or {}).get(g, ()) for w in _WORD.findall(name.lower())}
        eligible = np.where(article_matrix[row] >= min_group_articles)[0]
        eligible = np.array([c for c in eligible if not set(vocabulary[c].split()) <= name_words
                             and not set(vocabulary[c].split()) & PAGE_FURNITURE], dtype=int)
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
