"""Which articles form which group: membership by source, author, date part or any metadata field,
and the groups table (sizes, totals, compared or too small)."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

import pandas as pd

from .core import CompareError

_DATE_PARTS = {"year": 4, "month": 7, "day": 10}


def _values(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value).strip()
    return [text] if text else []


def group_membership(articles: pd.DataFrame, by: str) -> list[tuple[str, str]]:
    """(article id, group) pairs for a grouping field; an article with no value is in no group.

    ``by``: ``source``, ``authors`` (one group per author), ``date:year|month|day`` (from the published
    date; implausible dates before 1800 count as missing), any article column, or any key of the
    articles' metadata (``bias_text``; ``metadata.KEY`` also works).
    """
    field_name, _, part = by.partition(":")
    pairs: list[tuple[str, str]] = []
    records = articles.to_dict("records")
    if field_name in ("date", "published"):
        width = _DATE_PARTS.get(part or "day")
        if width is None:
            raise CompareError(f"--by {by!r}: use date:year, date:month or date:day")
        for row in records:
            date = row.get("published")
            if isinstance(date, str) and re.match(r"\d{4}", date) and int(date[:4]) >= 1800:
                pairs.append((row["id"], date[:width]))
        return pairs
    key = field_name.removeprefix("metadata.")
    in_columns = field_name in articles.columns and field_name not in ("metadata", "text", "id")
    found = in_columns
    for row in records:
        if in_columns:
            values = _values(row.get(field_name))
        else:
            raw = row.get("metadata")
            metadata = raw if isinstance(raw, dict) else {}
            found = found or key in metadata
            values = _values(metadata.get(key))
        pairs.extend((row["id"], v) for v in dict.fromkeys(values))
    if not found:
        keys = sorted({k for row in records if isinstance(row.get("metadata"), dict)
                       for k in row["metadata"]})
        raise CompareError(f"no article has a field {by!r}; use source, authors, date:year, an article column"
                           f" or a metadata key ({', '.join(keys[:20]) or 'none stored'})")
    return pairs



def groups_table(ordered: list[str], counts: Counter[str], members: dict[str, list[str]],
                  per_article: pd.DataFrame, min_articles: int) -> pd.DataFrame:
    rows = []
    for g in ordered:
        compared = counts[g] >= min_articles
        measures = per_article.reindex(members[g]) if compared else None
        rows.append({
            "group": g, "articles": counts[g],
            "words": int(measures["words"].sum()) if measures is not None else None,
            "claims": int(measures["claims"].sum()) if measures is not None else None,
            "quotes": int(measures["quotes"].sum()) if measures is not None else None,
            "status": "compared" if compared else f"too small (< {min_articles} articles)",
            "article_ids": members[g],
        })
    table = pd.DataFrame(rows, columns=["group", "articles", "words", "claims", "quotes", "status",
                                        "article_ids"])
    # Nullable integers: too-small groups have no totals, and the others must not print as 318.0.
    return table.astype({"words": "Int64", "claims": "Int64", "quotes": "Int64"})

