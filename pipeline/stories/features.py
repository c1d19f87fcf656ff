"""The evidence vector of each article: what two reports of one event share and two articles on one topic
do not.

Four blocks, each TF-IDF weighted (sublinear term frequency, smoothed inverse document frequency over
the clustered corpus) and L2-normalised, then scaled by the square root of its weight and the row
normalised again: the dot product of two rows is the weighted sum of the blocks' cosines divided by
the square roots of the weight each article has evidence for, so two articles without figures (or
quotes) are compared on the evidence they have, while evidence one has and the other lacks counts
against them:

- words: content unigrams and bigrams of the title and text (``pipeline.evidence.terms``);
- entities: the named actors and places (a person by surname, since "Trump" and "Donald J. Trump" are
  one actor across outlets; other names lower-cased without a leading "the");
- figures: specific values (kind, unit, value to three significant digits): two versions of one
  event repeat its numbers, two articles on one topic rarely do; trivial values never count;
- quotes: runs of quoted words, so the same quotation carried by two outlets links them;
- title: the headline's content words (two headlines of one event name its actors and its act);
- lead: the content words of the first ``lead_words`` words (the lede states the event, the rest of an
  article is background the whole topic shares).

Inverse document frequency is what separates the event from the topic: in an immigration corpus
"border" and "immigration" are in most articles and weigh little, while "caravan", a judge's name or
"2,342 children" are in the few that report that event.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from ..evidence import is_trivial, terms
from .lexicon import BLOCKS, FeatureOptions

_QUOTE_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_LEADING_ARTICLE = re.compile(r"^the\s+")


@dataclass(frozen=True)
class StoryInput:
    """What the stories stage reads of one analysed article (from the store, never from spaCy)."""

    id: str
    source: str
    title: str
    text: str
    published: str | None  # YYYY-MM-DD or None
    entities: tuple[tuple[str, str], ...] = ()  # (canonical, label)
    figures: tuple[tuple[float, str, str | None], ...] = ()  # (value, kind, unit)
    quotes: tuple[str, ...] = ()  # direct quotations
    metadata: dict[str, object] = field(default_factory=dict, hash=False, compare=False)


def entity_tokens(entities: Sequence[tuple[str, str]], options: FeatureOptions) -> list[str]:
    """One token per named actor or place, in a form two outlets are likely to share."""
    tokens = []
    for canonical, label in entities:
        if label not in options.entity_labels or not canonical:
            continue
        name = _LEADING_ARTICLE.sub("", " ".join(canonical.lower().replace("’", "'").split()))
        name = name.removesuffix("'s")
        if label == "PERSON":
            name = name.split()[-1] if name.split() else ""
        if name:
            tokens.append(f"{label.lower()}:{name}")
    return tokens


def figure_tokens(figures: Sequence[tuple[float, str, str | None]]) -> list[str]:
    """Specific figure values as tokens: kind, unit and the value to three significant digits."""
    tokens = []
    for value, kind, unit in figures:
        if value is None or not math.isfinite(value) or is_trivial(value, kind):
            continue
        tokens.append(f"{kind}:{unit or ''}:{float(f'{value:.3g}'):g}")
    return tokens


def quote_tokens(quotes: Sequence[str], words: int) -> list[str]:
    """Overlapping runs of ``words`` quoted words (a quotation of fewer words is one run)."""
    tokens = []
    for quote in quotes:
        found = _QUOTE_WORD.findall(quote.lower().replace("’", "'"))
        if len(found) < 2:
            continue
        tokens += [" ".join(found[i : i + words]) for i in range(max(1, len(found) - words + 1))]
    return tokens


def block_tokens(article: StoryInput, options: FeatureOptions) -> dict[str, list[str]]:
    """The tokens of each block for one article."""
    words = terms(f"{article.title}\n{article.text}")
    title = terms(article.title)
    lead = terms(" ".join(article.text.split()[: options.lead_words]))
    return {
        "words": [t for t, n in words.items() for _ in range(n)],
        "title": [t for t, n in title.items() for _ in range(n)],
        "lead": [t for t, n in lead.items() for _ in range(n)],
        "entities": entity_tokens(article.entities, options),
        "figures": figure_tokens(article.figures),
        "quotes": quote_tokens(article.quotes, options.quote_shingle_words),
    }


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def evidence_matrix(articles: Sequence[StoryInput], options: FeatureOptions) -> sp.csr_matrix:
    """Rows: articles; the weighted, L2-normalised blocks side by side (see the module docstring).

    A block an article has no tokens in is a zero row: it adds nothing to the article's similarities
    and, after the final normalisation, takes nothing away from the evidence it has.
    """
    # Imported here: scikit-learn takes seconds to import, and deciding that the stored stories are
    # current (an unchanged `analyze`) must not pay for it.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    tokens = [block_tokens(a, options) for a in articles]
    blocks = []
    for block in BLOCKS:
        documents = [t[block] for t in tokens]
        weight = options.weights[block]
        if weight == 0 or not any(documents):
            continue
        vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2", dtype=np.float32)
        blocks.append(vectorizer.fit_transform(documents) * np.float32(math.sqrt(weight)))
    if not blocks:
        return sp.csr_matrix((len(articles), 0), dtype=np.float32)
    return normalize(sp.hstack(blocks, format="csr", dtype=np.float32), norm="l2", copy=False)
