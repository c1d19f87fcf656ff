"""Claims as schema.org ``Claim`` objects (JSON-LD), the vocabulary fact-checkers' tools read.

``author`` is the attributed source, typed Person or Organization only when the source is linked to an
entity whose NER label says which (a vague source such as "experts" has no author: who said it is the
point of contention). ``appearance`` is the article as a ``CreativeWork``. Everything framelens adds
(types, attribution details, certainty, check-worthiness, frames, devices, offsets) sits under the
``framelens:`` prefix so a schema.org consumer can ignore it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

CONTEXT: list[Any] = ["https://schema.org", {"framelens": "https://framelens.dev/ns#"}]
PERSON_LABELS = {"PERSON"}
ORGANIZATION_LABELS = {"ORG", "NORP", "GPE", "FAC"}


def author_type(label: str | None) -> str | None:
    """schema.org type of a source from its entity label; None when the label does not say."""
    if label in PERSON_LABELS:
        return "Person"
    if label in ORGANIZATION_LABELS:
        return "Organization"
    return None


def claim_object(row: dict[str, Any], labels: dict[tuple[str, str], str]) -> dict[str, Any]:
    """One exported claim row as a schema.org Claim."""
    article = row["article"]
    attribution = row.get("attribution") or {}
    appearance = {"@type": "CreativeWork", "url": article.get("url"), "headline": article.get("title"),
                  "datePublished": article.get("published"),
                  "publisher": {"@type": "Organization", "name": article.get("source")},
                  "identifier": row["article_id"]}
    claim: dict[str, Any] = {"@type": "Claim", "@id": f"urn:framelens:{row['uid']}", "text": row["text"],
                             "appearance": appearance}
    if article.get("published"):
        claim["datePublished"] = article["published"]
    entity = attribution.get("entity")
    kind = author_type(labels.get((row["article_id"], entity))) if entity else None
    if attribution.get("kind") == "named" and kind:
        claim["author"] = {"@type": kind, "name": entity}
    claim.update({
        "framelens:id": row["id"], "framelens:articleId": row["article_id"],
        "framelens:start": row["start"], "framelens:end": row["end"],
        "framelens:types": row.get("types", []),
        "framelens:attribution": attribution,
        "framelens:figures": row.get("figures", []),
        "framelens:certainty": row.get("certainty"),
        "framelens:checkworthiness": row.get("checkworthiness"),
        "framelens:frames": [{"frame": f["frame"], "score": f["score"]} for f in row.get("frames", [])],
        "framelens:devices": row.get("devices", []),
    })
    return claim


def claims_graph(rows: Iterable[dict[str, Any]],
                 labels: dict[tuple[str, str], str]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield claim_object(row, labels)
