"""Compare framing across groups of articles: by source or any metadata field (framelens issue 7).

``compare(store, by="source")`` reads the store's tables (never spaCy) and returns a ``Comparison``:
pandas DataFrames, one per question a reader asks, each row carrying the article / claim / quote ids
that back it, so the evidence is one click away (``framelens show ARTICLE``).

Statistical choices (documented in the README excerpt too):
- Intervals are 95% percentile bootstrap intervals over articles (articles are the sampling unit:
  cues, claims and words within one article are not independent), 1000 resamples, seeded per group.
- Rates per 1,000 words are ratios of sums (pooled text), means of claim scores are per claim.
- Does framing depend on the group? Two chi-square tests of independence, both counting each article
  once per group: (1) group x *primary* issue frame (the issue frame with the largest share of the
  article's frame evidence; one per article, so the multinomial assumption holds, unlike counts of
  cues or of multi-label "present" frames); (2) for every frame, group x present/absent, with
  Holm-adjusted p-values across frames. Effect size: Cramér's V. With a multi-valued field (authors)
  an article can sit in several groups and the tests are approximate; the result says so.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import FramelensError
from .facts import same_fact_pairs, text_or_none
from .names import NameResolver
from .stats import ChiSquare, bootstrap_ratio, chi_square, group_rng, holm
from .words import distinctive_terms

__all__ = ["CompareError", "Comparison", "compare", "compare_tables", "group_membership", "report_section"]

# Certainty markers are counted on their own (hedging), not as persuasion devices.
NOT_PERSUASION = frozenset({"hedge", "booster"})
ATTRIBUTION_KINDS = ("named", "vague", "self", "none")
# Entity labels that name things a group can make salient (dates and numbers are figures, not actors).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT",
                           "WORK_OF_ART", "LANGUAGE"})
TOP_PER_GROUP = 10
EVIDENCE_IDS = 5  # ids listed per row; the full set is one filter away in the store
_DATE_PARTS = {"year": 4, "month": 7, "day": 10}


class CompareError(FramelensError):
    """The requested grouping cannot be made (unknown field, no analysed articles...)."""


@dataclass
class Comparison:
    """Everything ``framelens compare`` shows: one DataFrame per table, plus the tests and notes."""

    by: str
    groups: pd.DataFrame
    frames: pd.DataFrame
    frame_tests: pd.DataFrame
    metrics: pd.DataFrame
    devices: pd.DataFrame
    attribution: pd.DataFrame
    cited_sources: pd.DataFrame
    quoted_speakers: pd.DataFrame
    entities: pd.DataFrame
    words: pd.DataFrame
    same_fact: pd.DataFrame
    primary_frame_test: ChiSquare | None = None
    notes: list[str] = field(default_factory=list)

    TABLES = ("groups", "frames", "frame_tests", "metrics", "devices", "attribution", "cited_sources",
              "quoted_speakers", "entities", "words", "same_fact")

    @property
    def compared(self) -> list[str]:
        """The groups large enough to compare, largest first."""
        return list(self.groups.loc[self.groups["status"] == "compared", "group"])

    @property
    def too_small(self) -> list[str]:
        return list(self.groups.loc[self.groups["status"] != "compared", "group"])

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in self.TABLES}

    def to_json_data(self) -> dict[str, Any]:
        """One JSON-ready object: a key per table (list of row objects), plus the test and notes."""
        data: dict[str, Any] = {"by": self.by, "notes": self.notes}
        for name, table in self.tables().items():
            data[name] = [{k: _json_value(v) for k, v in row.items()} for row in table.to_dict("records")]
        return data


def _json_value(value: Any) -> Any:
    if value is pd.NA:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


# -- grouping -----------------------------------------------------------------------------------------

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
            metadata = row.get("metadata") if isinstance(row.get("metadata"), dict) else {}
            found = found or key in metadata
            values = _values(metadata.get(key))
        pairs.extend((row["id"], v) for v in dict.fromkeys(values))
    if not found:
        keys = sorted({k for row in records if isinstance(row.get("metadata"), dict) for k in row["metadata"]})
        raise CompareError(f"no article has a field {by!r}; use source, authors, date:year, an article column"
                           f" or a metadata key ({', '.join(keys[:20]) or 'none stored'})")
    return pairs


# -- the comparison ---------------------------------------------------------------------------------------

def compare(store: Any, by: str = "source", *, top: int | None = None, groups: list[str] | None = None,
            min_articles: int = 5, seed: int = 0) -> Comparison:
    """Compare the framing of groups of analysed articles in ``store`` (see the module docstring)."""
    tables = load_tables(store)
    analysed = {r[0] for r in store.db.execute("SELECT article_id FROM analyses")}
    return compare_tables(tables, by, analysed=analysed, top=top, groups=groups, min_articles=min_articles,
                          seed=seed)


# The columns compare reads, per table, and which of them hold JSON. Reading only these (and decoding
# only these) instead of ``store.table(kind)`` keeps a 1,400-article store at about a second to load:
# the claims table's evidence columns are most of its bytes. A claim's ``frames`` stay raw JSON and
# are decoded only for the claims shown side by side.
NEEDED_COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    "frames": (["article_id", "scope", "frame", "taxonomy", "score", "share", "present"], []),
    "claims": (["article_id", "id", "text", "attribution_kind", "attribution_source", "attribution_entity",
                "attribution_cue", "entities", "devices", "hedges", "frames", "certainty", "checkworthiness"],
               ["entities", "devices"]),
    "quotes": (["article_id", "id", "speaker"], []),
    "devices": (["article_id", "id", "device"], []),
    "entities": (["article_id", "canonical", "label", "salience"], []),
    "figures": (["article_id", "id", "value", "kind", "unit", "subject", "claim_id"], []),
}


def load_tables(store: Any) -> dict[str, pd.DataFrame]:
    """The store's tables as compare needs them: ``store.table("articles")`` and the needed columns of
    the others (same names and meanings as ``store.table(kind)``)."""
    tables = {"articles": store.table("articles")}
    for kind, (columns, json_columns) in NEEDED_COLUMNS.items():
        quoted = ", ".join(f'"{c}"' for c in columns)
        frame = pd.read_sql_query(f"SELECT {quoted} FROM {kind} ORDER BY rowid", store.db)
        for column in json_columns:
            frame[column] = [json.loads(v) if isinstance(v, str) else v for v in frame[column]]
        tables[kind] = frame
    return tables


def compare_tables(tables: dict[str, pd.DataFrame], by: str = "source", *, analysed: set[str] | None = None,
                   top: int | None = None, groups: list[str] | None = None, min_articles: int = 5,
                   seed: int = 0) -> Comparison:
    """``compare`` over store DataFrames (``store.table(kind)``): pure, for tests and notebooks."""
    notes: list[str] = []
    articles = tables["articles"]
    if analysed is not None:
        skipped = int((~articles["id"].isin(analysed)).sum())
        articles = articles[articles["id"].isin(analysed)]
        if skipped:
            notes.append(f"{skipped} ingested article(s) not analysed yet are left out (run framelens analyze).")
    if articles.empty:
        raise CompareError("no analysed articles in the store; run `framelens analyze` first")
    membership = group_membership(articles, by)
    missing = len(articles) - len({a for a, _ in membership})
    if missing:
        notes.append(f"{missing} article(s) have no value for {by!r} and are in no group.")
    if len({a for a, _ in membership}) < len(membership):
        notes.append(f"{by!r} gives some articles several groups: they count in each, so the chi-square "
                     "tests and the 'rest' of each group are approximate.")
    counts = Counter(g for _, g in membership)
    ordered = sorted(counts, key=lambda g: (-counts[g], g))
    if groups:
        by_lower = {g.lower(): g for g in counts}
        wanted = [by_lower.get(g.strip().lower()) for g in groups if g.strip()]
        unknown = [g for g, w in zip(groups, wanted) if w is None]
        if unknown:
            notes.append(f"no articles for group(s): {', '.join(unknown)}.")
        ordered = [g for g in ordered if g in set(wanted)]
    if top:
        ordered = ordered[:top]
    compared = [g for g in ordered if counts[g] >= min_articles]
    small = [g for g in ordered if counts[g] < min_articles]
    if small:
        notes.append(f"{len(small)} group(s) with fewer than {min_articles} articles are listed as too small "
                     "and not compared.")
    if len(compared) < 2:
        notes.append("fewer than two groups are large enough to compare: tests and contrasts are empty.")
    members = {g: [a for a, grp in membership if grp == g] for g in ordered}
    kept = set(compared)
    compared_membership = [(a, g) for a, g in membership if g in kept]
    compared_ids = sorted({a for a, _ in compared_membership})

    per_article = _article_measures(articles, tables, compared_ids)
    group_table = _groups_table(ordered, counts, members, per_article, min_articles)
    frames, frame_tests, primary = _frame_tables(tables["frames"], compared, members, seed, notes)
    metrics, devices, attribution = _metric_tables(compared, members, per_article, tables["devices"], seed)
    resolve = _name_resolver(tables, compared_ids)
    cited, speakers = _voices(tables["claims"], tables["quotes"], compared, members, resolve)
    sources = dict(zip(articles["id"], articles["source"]))
    own_names = {g: {g, *(sources[a] for a in members[g])} for g in compared}
    entities = _entities(tables["entities"], compared, members, compared_ids, resolve, own_names)
    texts = dict(zip(articles["id"], articles["text"]))
    words = distinctive_terms({a: texts[a] for a in compared_ids}, compared_membership, compared,
                              own_names=own_names)
    claims = tables["claims"]
    claims = claims[claims["article_id"].isin(compared_ids)] if not claims.empty else claims
    figures = tables["figures"]
    figures = figures[figures["article_id"].isin(compared_ids)] if not figures.empty else figures
    device_names = {(r.article_id, r.id): r.device for r in tables["devices"].itertuples()} \
        if not tables["devices"].empty else {}
    same_fact = same_fact_pairs(claims, figures, device_names, compared_membership, len(compared_ids)) \
        if len(compared) >= 2 else same_fact_pairs(claims.iloc[:0], figures.iloc[:0], {}, [], 0)
    if same_fact.attrs.get("same_wording_skipped"):
        notes.append(f"{same_fact.attrs['same_wording_skipped']} claim pair(s) sharing a fact were worded alike "
                     "(syndicated copy) and are not shown as different framings.")
    return Comparison(by=by, groups=group_table, frames=frames, frame_tests=frame_tests, metrics=metrics,
                      devices=devices, attribution=attribution, cited_sources=cited, quoted_speakers=speakers,
                      entities=entities, words=words, same_fact=same_fact, primary_frame_test=primary,
                      notes=notes)


def _article_measures(articles: pd.DataFrame, tables: dict[str, pd.DataFrame], ids: list[str]) -> pd.DataFrame:
    """One row per compared article: words and the counts the metrics are ratios of."""
    frame = pd.DataFrame(index=pd.Index(ids, name="article_id"))
    words = articles.set_index("id")["n_words"]
    frame["words"] = words.reindex(ids).fillna(0).astype(float)
    devices = tables["devices"]
    if not devices.empty:
        devices = devices[devices["article_id"].isin(ids)]
    device_series = devices["device"] if not devices.empty else pd.Series(dtype=str)
    is_hedge = device_series == "hedge"
    frame["devices"] = (devices[~device_series.isin(NOT_PERSUASION)].groupby("article_id").size()
                        if not devices.empty else 0)
    claims = tables["claims"]
    claims = claims[claims["article_id"].isin(ids)] if not claims.empty else claims
    if not devices.empty and is_hedge.any():
        frame["hedges"] = devices[is_hedge].groupby("article_id").size()
    elif not claims.empty:
        # No hedge devices stored (an older devices extractor): count the hedges found inside claims.
        frame["hedges"] = claims.groupby("article_id")["hedges"].apply(
            lambda cells: sum(len((json.loads(h) if isinstance(h, str) else h) or []) for h in cells))
    else:
        frame["hedges"] = 0
    if not claims.empty:
        grouped = claims.groupby("article_id")
        frame["claims"] = grouped.size()
        frame["certainty_sum"] = grouped["certainty"].sum()
        frame["checkworthiness_sum"] = grouped["checkworthiness"].sum()
        kinds = claims.pivot_table(index="article_id", columns="attribution_kind", values="id", aggfunc="count")
        for kind in ATTRIBUTION_KINDS:
            frame[f"attribution_{kind}"] = kinds.get(kind, 0)
    else:
        for column in ("claims", "certainty_sum", "checkworthiness_sum",
                       *(f"attribution_{k}" for k in ATTRIBUTION_KINDS)):
            frame[column] = 0
    quotes = tables["quotes"]
    frame["quotes"] = (quotes[quotes["article_id"].isin(ids)].groupby("article_id").size()
                       if not quotes.empty else 0)
    return frame.fillna(0)


def _groups_table(ordered: list[str], counts: Counter[str], members: dict[str, list[str]],
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
    table = pd.DataFrame(rows, columns=["group", "articles", "words", "claims", "quotes", "status", "article_ids"])
    # Nullable integers: too-small groups have no totals, and the others must not print as 318.0.
    return table.astype({"words": "Int64", "claims": "Int64", "quotes": "Int64"})


def _frame_tables(frames: pd.DataFrame, compared: list[str], members: dict[str, list[str]], seed: int,
                  notes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, ChiSquare | None]:
    """Frame shares by group with bootstrap intervals, and the chi-square tests."""
    columns = ["group", "taxonomy", "frame", "articles", "present", "share", "low", "high", "rest_share",
               "mean_evidence_share", "article_ids"]
    test_columns = ["test", "taxonomy", "frame", "basis", "chi2", "dof", "p_value", "p_holm", "cramers_v", "n",
                    "min_expected"]
    if frames.empty or not compared:
        return pd.DataFrame(columns=columns), pd.DataFrame(columns=test_columns), None
    ids = sorted({a for g in compared for a in members[g]})
    article_level = frames[(frames["scope"] == "article") & frames["article_id"].isin(ids)]
    keys = sorted({(t, f) for t, f in zip(article_level["taxonomy"], article_level["frame"])})
    # Dense (articles x frames) matrices: present (0/1), score, and the issue frames' evidence share.
    row_of = {a: i for i, a in enumerate(ids)}
    column_of = {k: j for j, k in enumerate(keys)}
    present = np.zeros((len(ids), len(keys)))
    score = np.zeros((len(ids), len(keys)))
    evidence = np.zeros((len(ids), len(keys)))
    rows_index = article_level["article_id"].map(row_of).to_numpy()
    cols_index = np.array([column_of[k] for k in zip(article_level["taxonomy"], article_level["frame"])], dtype=int)
    present[rows_index, cols_index] = article_level["present"].astype(float).to_numpy()
    score[rows_index, cols_index] = article_level["score"].astype(float).fillna(0).to_numpy()
    evidence[rows_index, cols_index] = article_level["share"].astype(float).fillna(0).to_numpy()
    issue_columns = [j for j, (t, _) in enumerate(keys) if t == "issue"]
    group_rows = {g: np.array([row_of[a] for a in members[g]], dtype=int) for g in compared}
    rows = []
    for g in compared:
        inside = group_rows[g]
        outside = np.setdiff1d(np.arange(len(ids)), inside)
        estimate, low, high = bootstrap_ratio(present[inside], np.ones(len(inside)), group_rng(seed, g))
        rest = present[outside].mean(0) if len(outside) else np.full(len(keys), np.nan)
        for j, (taxonomy, frame) in enumerate(keys):
            used = inside[present[inside, j] > 0]
            strongest = used[np.argsort(-score[used, j], kind="stable")][:EVIDENCE_IDS]
            rows.append({"group": g, "taxonomy": taxonomy, "frame": frame, "articles": len(inside),
                         "present": len(used), "share": round(float(estimate[j]), 4),
                         "low": round(float(low[j]), 4), "high": round(float(high[j]), 4),
                         "rest_share": round(float(rest[j]), 4),
                         "mean_evidence_share": round(float(evidence[inside, j].mean()), 4)
                         if taxonomy == "issue" else None,
                         "article_ids": [ids[i] for i in strongest]})
    frame_table = pd.DataFrame(rows, columns=columns)

    tests = []
    primary: ChiSquare | None = None
    if len(compared) >= 2:
        # (1) one primary issue frame per article: a valid multinomial sample for Pearson's test.
        # Ties go to the frame first in name order (keys are sorted), so the test is deterministic.
        issue = evidence[:, issue_columns]
        has_issue = issue.max(1) > 0 if issue_columns else np.zeros(len(ids), dtype=bool)
        primary_column = issue.argmax(1) if issue_columns else np.zeros(len(ids), dtype=int)
        table = np.array([np.bincount(primary_column[group_rows[g]][has_issue[group_rows[g]]],
                                      minlength=len(issue_columns)) for g in compared])
        primary = chi_square(table)
        without = int((~has_issue).sum())
        if without:
            notes.append(f"{without} compared article(s) have no issue-frame evidence, so no primary frame.")
        tests.append({"test": "primary issue frame", "taxonomy": "issue", "frame": "(all)",
                      "basis": "articles by primary issue frame", **_test_row(primary)})
        # (2) per frame: present / absent by group; Holm across frames.
        per_frame = []
        for j, (taxonomy, frame) in enumerate(keys):
            counts = [[present[group_rows[g], j].sum(), len(group_rows[g]) - present[group_rows[g], j].sum()]
                      for g in compared]
            per_frame.append((taxonomy, frame, chi_square(np.array(counts))))
        adjusted = holm([t.p_value for _, _, t in per_frame])
        for (taxonomy, frame, result), p_holm in zip(per_frame, adjusted):
            tests.append({"test": "frame presence", "taxonomy": taxonomy, "frame": frame,
                          "basis": "articles where present / absent", **_test_row(result), "p_holm": p_holm})
    return frame_table, pd.DataFrame(tests, columns=test_columns), primary


def _test_row(result: ChiSquare) -> dict[str, Any]:
    return {"chi2": result.statistic, "dof": result.dof, "p_value": result.p_value, "p_holm": result.p_value,
            "cramers_v": result.cramers_v, "n": result.n, "min_expected": result.min_expected}


# metric name -> (numerator column, denominator column, scale)
METRICS: dict[str, tuple[str, str, float]] = {
    "devices per 1k words": ("devices", "words", 1000.0),
    "hedges per 1k words": ("hedges", "words", 1000.0),
    "claims per 1k words": ("claims", "words", 1000.0),
    "quotes per 1k words": ("quotes", "words", 1000.0),
    "mean claim certainty": ("certainty_sum", "claims", 1.0),
    "mean check-worthiness": ("checkworthiness_sum", "claims", 1.0),
}


def _metric_tables(compared: list[str], members: dict[str, list[str]], per_article: pd.DataFrame,
                   devices: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Rates and means with bootstrap intervals; the device mix; the attribution mix of claims."""
    metric_rows, device_rows, attribution_rows = [], [], []
    ids = list(per_article.index)
    names = sorted(set(devices["device"]) - NOT_PERSUASION) if not devices.empty else []
    if names:
        subset = devices[devices["article_id"].isin(ids) & devices["device"].isin(names)]
        device_counts = (subset.pivot_table(index="article_id", columns="device", values="id", aggfunc="count")
                         .reindex(index=ids, columns=names).fillna(0.0))
    for g in compared:
        measures = per_article.loc[members[g]]
        rng = group_rng(seed, g)
        numerators = np.column_stack([measures[num] for num, _, _ in METRICS.values()])
        denominators = np.column_stack([measures[den] / scale for _, den, scale in METRICS.values()])
        estimate, low, high = bootstrap_ratio(numerators, denominators, rng)
        for j, metric in enumerate(METRICS):
            metric_rows.append({"group": g, "metric": metric, "value": estimate[j], "low": low[j],
                                "high": high[j], "articles": len(measures)})
        if names:
            counts = device_counts.loc[members[g]].to_numpy()
            estimate, low, high = bootstrap_ratio(counts, measures["words"].to_numpy() / 1000, rng)
            for j, device in enumerate(names):
                device_rows.append({"group": g, "device": device, "count": int(counts[:, j].sum()),
                                    "per_1k_words": estimate[j], "low": low[j], "high": high[j]})
        kinds = np.column_stack([measures[f"attribution_{k}"] for k in ATTRIBUTION_KINDS])
        estimate, low, high = bootstrap_ratio(kinds, measures["claims"].to_numpy(), rng)
        for j, kind in enumerate(ATTRIBUTION_KINDS):
            attribution_rows.append({"group": g, "kind": kind, "claims": int(kinds[:, j].sum()),
                                     "share": estimate[j], "low": low[j], "high": high[j]})
    return (_rounded(pd.DataFrame(metric_rows, columns=["group", "metric", "value", "low", "high", "articles"])),
            _rounded(pd.DataFrame(device_rows, columns=["group", "device", "count", "per_1k_words", "low", "high"])),
            _rounded(pd.DataFrame(attribution_rows, columns=["group", "kind", "claims", "share", "low", "high"])))


def _rounded(frame: pd.DataFrame, digits: int = 4) -> pd.DataFrame:
    for column in frame.columns:
        if frame[column].dtype.kind == "f":
            frame[column] = frame[column].round(digits)
    return frame


def _name_resolver(tables: dict[str, pd.DataFrame], ids: list[str]) -> NameResolver:
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


def _voices(claims: pd.DataFrame, quotes: pd.DataFrame, compared: list[str],
            members: dict[str, list[str]], resolve: NameResolver) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sources each group's claims are attributed to, and the speakers it quotes, most first."""
    cited_rows, speaker_rows = [], []
    for g in compared:
        group_ids = set(members[g])
        if not claims.empty:
            sub = claims[claims["article_id"].isin(group_ids) & (claims["attribution_kind"] != "none")]
            tally: dict[str, dict[str, Any]] = {}
            for row in sub.to_dict("records"):
                raw = text_or_none(row.get("attribution_entity")) or text_or_none(row.get("attribution_source"))
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
            for entry in sorted(tally.values(), key=lambda e: (-len(e["articles"]), -e["claims"], e["source"]))[
                    :TOP_PER_GROUP]:
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


def _entities(entities: pd.DataFrame, compared: list[str], members: dict[str, list[str]], ids: list[str],
              resolve: NameResolver, own_names: dict[str, set[str]]) -> pd.DataFrame:
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
            z = (p_in - p_out) / np.sqrt(pooled * (1 - pooled) * (1 / n_in + 1 / max(n_out, 1)))
        table = pd.DataFrame({"articles": df_in, "share": p_in, "rest_share": p_out, "z": z, "salience": salience})
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
                             "salience": round(float(row["salience"]), 3), "article_ids": evidence.get(name, [])})
    return pd.DataFrame(rows, columns=columns)


def report_section(store: Any, by: str = "source", **options: Any) -> tuple[str, str] | None:
    """The comparison section of the HTML report and its Markdown, or None with fewer than two groups
    to compare. ``options`` go to ``compare`` (top, groups, min_articles, seed)."""
    from .report import render_section

    options.setdefault("top", 10)  # a report page cannot hold a heatmap row per outlet of a large corpus
    try:
        comparison = compare(store, by, **options)
    except CompareError:
        return None
    if len(comparison.compared) < 2:
        return None
    return render_section(comparison)

