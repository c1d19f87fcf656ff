"""Who speaks for each group: the sources its claims are attributed to and the speakers it quotes,
with names merged across forms by one resolver."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from .core import EVIDENCE_IDS, TOP_PER_GROUP
from .facts import text_or_none
from .names import NameResolver


def name_resolver(tables: dict[str, pd.DataFrame], ids: list[str]) -> NameResolver:
    """One resolver over every name form the compared articles use (entities, sources, speakers)."""
    names: list[str] = []
    persons: list[str] = []
    entities = tables["entities"]
    if not entities.empty:
        entities = entities[entities["article_id"].isin(ids)]
        names += list(entities["canonical"])
        persons += list(entities.loc[entities["label"] == "PERSON", "canonical"])
    claims = tables["claims"]
    if not claims.empty:
        claims = claims[claims["article_id"].isin(ids)]
        names += [n for column in ("attribution_entity", "attribution_source") for n in claims[column]]
    quotes = tables["quotes"]
    if not quotes.empty:
        names += list(quotes.loc[quotes["article_id"].isin(ids), "speaker"])
    return NameResolver(names, persons)


def voices(claims: pd.DataFrame, quotes: pd.DataFrame, compared: list[str],
            members: dict[str, list[str]], resolve: NameResolver) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sources each group's claims are attributed to, and the speakers it quotes, most first."""
    cited_rows, speaker_rows = [], []
    for g in compared:
        group_ids = set(members[g])
        if not claims.empty:
            sub = claims[claims["article_id"].isin(group_ids) & (claims["attribution_kind"] != "none")]
            tally: dict[str, dict[str, Any]] = {}
            for row in sub.to_dict("records"):
                raw = (text_or_none(row.get("attribution_entity"))
                       or text_or_none(row.get("attribution_source")))
                name = resolve(raw) if raw else None
                if name is None:
                    continue
                entry = tally.setdefault(name.lower(), {"source": name, "kinds": Counter(), "claims": 0,
                                                        "articles": set(), "claim_ids": []})
                entry["kinds"][row.get("attribution_kind")] += 1
                entry["claims"] += 1
                entry["articles"].add(row["article_id"])
                if len(entry["claim_ids"]) < EVIDENCE_IDS:
                    entry["claim_ids"].append(f"{row['article_id']}:{row['id']}")
            ranked = sorted(tally.values(), key=lambda e: (-len(e["articles"]), -e["claims"], e["source"]))
            for entry in ranked[:TOP_PER_GROUP]:
                cited_rows.append({"group": g, "source": entry["source"],
                                   "kind": entry["kinds"].most_common(1)[0][0], "claims": entry["claims"],
                                   "articles": len(entry["articles"]), "claim_ids": entry["claim_ids"]})
        if not quotes.empty:
            sub = quotes[quotes["article_id"].isin(group_ids) & quotes["speaker"].notna()]
            by_speaker: dict[str, dict[str, Any]] = {}
            for row in sub.to_dict("records"):
                name = resolve(str(row["speaker"]))
                if name is None:
                    continue
                entry = by_speaker.setdefault(name.lower(), {"speaker": name, "quotes": 0, "articles": set(),
                                                             "quote_ids": []})
                entry["quotes"] += 1
                entry["articles"].add(row["article_id"])
                if len(entry["quote_ids"]) < EVIDENCE_IDS:
                    entry["quote_ids"].append(f"{row['article_id']}:{row['id']}")
            for entry in sorted(by_speaker.values(), key=lambda e: (-len(e["articles"]), -e["quotes"],
                                                                     e["speaker"]))[:TOP_PER_GROUP]:
                speaker_rows.append({"group": g, "speaker": entry["speaker"], "quotes": entry["quotes"],
                                     "articles": len(entry["articles"]), "quote_ids": entry["quote_ids"]})
    return (pd.DataFrame(cited_rows, columns=["group", "source", "kind", "claims", "articles", "claim_ids"]),
            pd.DataFrame(speaker_rows, columns=["group", "speaker", "quotes", "articles", "quote_ids"]))

