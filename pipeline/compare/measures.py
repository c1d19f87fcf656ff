"""Per-article measures and the per-group tables built on them: frame shares with bootstrap intervals
and chi-square tests, rates per 1,000 words, the device mix and the attribution mix of claims."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from .core import EVIDENCE_IDS
from .stats import ChiSquare, bootstrap_ratio, chi_square, group_rng, holm

# Certainty markers are counted on their own (hedging), not as persuasion devices.
NOT_PERSUASION = frozenset({"hedge", "booster"})
ATTRIBUTION_KINDS = ("named", "vague", "self", "none")


def article_measures(articles: pd.DataFrame, tables: dict[str, pd.DataFrame], ids: list[str]) -> pd.DataFrame:
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
        kinds = claims.pivot_table(index="article_id", columns="attribution_kind", values="id",
                                   aggfunc="count")
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



def frame_tables(frames: pd.DataFrame, compared: list[str], members: dict[str, list[str]], seed: int,
                  notes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, ChiSquare | None]:
    """Frame shares by group with bootstrap intervals, and the chi-square tests."""
    columns = ["group", "taxonomy", "frame", "articles", "present", "share", "low", "high", "rest_share",
               "mean_evidence_share", "article_ids"]
    test_columns = ["test", "taxonomy", "frame", "basis", "chi2", "dof", "p_value", "p_holm", "cramers_v",
                    "n", "min_expected"]
    if frames.empty or not compared:
        return pd.DataFrame(columns=columns), pd.DataFrame(columns=test_columns), None
    ids = sorted({a for g in compared for a in members[g]})
    article_level = frames[(frames["scope"] == "article") & frames["article_id"].isin(ids)]
    keys = sorted({(t, f) for t, f in zip(article_level["taxonomy"], article_level["frame"], strict=True)})
    # Dense (articles x frames) matrices: present (0/1), score, and the issue frames' evidence share.
    row_of = {a: i for i, a in enumerate(ids)}
    column_of = {k: j for j, k in enumerate(keys)}
    present = np.zeros((len(ids), len(keys)))
    score = np.zeros((len(ids), len(keys)))
    evidence = np.zeros((len(ids), len(keys)))
    rows_index = article_level["article_id"].map(row_of).to_numpy()
    cols_index = np.array([column_of[k] for k
                           in zip(article_level["taxonomy"], article_level["frame"], strict=True)], dtype=int)
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
            notes.append(f"{without} compared article(s) have no issue-frame evidence, "
                         "so no primary frame.")
        tests.append({"test": "primary issue frame", "taxonomy": "issue", "frame": "(all)",
                      "basis": "articles by primary issue frame", **_test_row(primary)})
        # (2) per frame: present / absent by group; Holm across frames.
        per_frame = []
        for j, (taxonomy, frame) in enumerate(keys):
            counts = [[present[group_rows[g], j].sum(), len(group_rows[g]) - present[group_rows[g], j].sum()]
                      for g in compared]
            per_frame.append((taxonomy, frame, chi_square(np.array(counts))))
        adjusted = holm([t.p_value for _, _, t in per_frame])
        for (taxonomy, frame, result), p_holm in zip(per_frame, adjusted, strict=True):
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


def metric_tables(compared: list[str], members: dict[str, list[str]], per_article: pd.DataFrame,
                   devices: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Rates and means with bootstrap intervals; the device mix; the attribution mix of claims."""
    metric_rows, device_rows, attribution_rows = [], [], []
    ids = list(per_article.index)
    names = sorted(set(devices["device"]) - NOT_PERSUASION) if not devices.empty else []
    if names:
        subset = devices[devices["article_id"].isin(ids) & devices["device"].isin(names)]
        device_counts = (subset.pivot_table(index="article_id", columns="device", values="id",
                                            aggfunc="count")
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
    return (_rounded(pd.DataFrame(metric_rows,
                                  columns=["group", "metric", "value", "low", "high", "articles"])),
            _rounded(pd.DataFrame(device_rows,
                                  columns=["group", "device", "count", "per_1k_words", "low", "high"])),
            _rounded(pd.DataFrame(attribution_rows,
                                  columns=["group", "kind", "claims", "share", "low", "high"])))


def _rounded(frame: pd.DataFrame, digits: int = 4) -> pd.DataFrame:
    for column in frame.columns:
        if frame[column].dtype.kind == "f":
            frame[column] = frame[column].round(digits)
    return frame

