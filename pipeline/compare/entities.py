"""The entities each group makes salient, and those it mentions more often than the rest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .core import EVIDENCE_IDS, TOP_PER_GROUP
from .names import NameResolver

# Entity labels that name things a group can make salient (dates and numbers are figures, not actors).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT",
                           "WORK_OF_ART", "LANGUAGE"})


def entity_table(entities: pd.DataFrame, compared: list[str], members: dict[str, list[str]], ids: list[str],
              resolve: NameResolver, own_names: Mapping[str, Iterable[str]]) -> pd.DataFrame:
    """Entities each group makes salient, and those it mentions more often than the rest (two-proportion z).

    A group's own outlet names ("Washington Times" in its copyright line) are its byline, not a choice
    of salience, and are left out of its lists."""
    columns = ["group", "ranking", "entity", "label", "articles", "share", "rest_share", "z", "salience",
               "article_ids"]
    if entities.empty or not compared:
        return pd.DataFrame(columns=columns)
    sub = entities[entities["article_id"].isin(ids) & entities["label"].isin(ENTITY_LABELS)].copy()
    resolved = {c: resolve(c) for c in sub["canonical"].unique()}  # names repeat across articles
    sub["canonical"] = sub["canonical"].map(resolved)
    sub = sub[sub["canonical"].notna()]
    # Each name's most frequent label (the same name can be tagged ORG in one article, GPE in another).
    labels = (sub.groupby(["canonical", "label"]).size().reset_index(name="n")
              .sort_values(["n", "label"], ascending=[False, True]).drop_duplicates("canonical")
              .set_index("canonical")["label"])
    by_entity = sub.groupby("canonical")
    total_df = by_entity["article_id"].nunique()
    n_total = len(ids)
    rows = []
    for g in compared:
        group_ids = members[g]
        n_in, n_out = len(group_ids), n_total - len(group_ids)
        inside = sub[sub["article_id"].isin(group_ids)]
        if inside.empty:
            continue
        grouped = inside.groupby("canonical")
        df_in = grouped["article_id"].nunique()
        salience = grouped["salience"].sum()
        df_out = (total_df.reindex(df_in.index) - df_in).clip(lower=0)
        p_in = df_in / n_in
        p_out = df_out / n_out if n_out else df_out * np.nan
        pooled = (df_in + df_out) / max(n_total, 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            z: pd.Series = (p_in - p_out) / np.sqrt(pooled * (1 - pooled) * (1 / n_in + 1 / max(n_out, 1)))
        table = pd.DataFrame({"articles": df_in, "share": p_in, "rest_share": p_out, "z": z,
                              "salience": salience})
        own = {name.lower() for name in own_names.get(g, ())}
        table = table[[name.lower() not in own for name in table.index]]
        salient = table.sort_values(["salience", "articles"], ascending=False).head(TOP_PER_GROUP)
        distinctive = table[(table["articles"] >= 2) & (table["z"] > 0)].sort_values("z", ascending=False)
        distinctive = distinctive.head(TOP_PER_GROUP)
        shown = set(salient.index) | set(distinctive.index)
        # Evidence: the articles where the entity is most salient.
        evidence = (inside[inside["canonical"].isin(shown)].sort_values("salience", ascending=False)
                    .drop_duplicates(["canonical", "article_id"]).groupby("canonical")["article_id"]
                    .agg(lambda s: list(s)[:EVIDENCE_IDS]))
        for ranking, chosen in (("salient", salient), ("distinctive", distinctive)):
            for name, row in chosen.iterrows():
                rows.append({"group": g, "ranking": ranking, "entity": name, "label": labels.get(name),
                             "articles": int(row["articles"]), "share": round(float(row["share"]), 4),
                             "rest_share": round(float(row["rest_share"]), 4),
                             "z": None if pd.isna(row["z"]) else round(float(row["z"]), 2),
                             "salience": round(float(row["salience"]), 3),
                             "article_ids": evidence.get(name, [])})
    return pd.DataFrame(rows, columns=columns)

