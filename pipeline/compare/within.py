"""Comparing groups within stories: each pair of groups on the stories both told, so a difference in
framing is not a difference in which events each group covers.

``compare_within_stories(store, by="source")`` keeps the stories told by two or more groups (groups as
in ``compare --by``: outlet, bias rating, any metadata field). For each story and each group in it, a
group's *version* pools that group's articles in the story: rates per 1,000 words and means of claim
scores are ratios of sums, a frame's value is the share of the version's articles where it is
present. For each pair of groups (A, B) and each measure, the paired difference A - B is taken on every
story both told; the table gives its mean with a 95% percentile bootstrap interval over stories (the
story is the sampling unit), the Wilcoxon signed-rank p-value (two-sided; zero differences dropped) and
Holm-adjusted p-values across every row of the table.

What it does not do: stories told by one group only are left out (they carry no paired evidence); a
pair of groups sharing fewer than ``min_stories`` stories is listed as too few, not compared.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import wilcoxon

from ..store import Store
from .comparison import load_tables
from .core import CompareError
from .groups import group_membership
from .measures import METRICS, article_measures
from .stats import bootstrap_ratio, group_rng, holm

PAIR_COLUMNS = ["group_a", "group_b", "stories", "status"]
DIFF_COLUMNS = [
    "group_a",
    "group_b",
    "measure",
    "stories",
    "mean_a",
    "mean_b",
    "difference",
    "low",
    "high",
    "p_value",
    "p_holm",
    "story_ids",
]
STORY_IDS_LISTED = 5


@dataclass
class WithinStories:
    """Paired comparisons of groups over the stories they both told."""

    by: str
    pairs: pd.DataFrame  # group_a, group_b, stories shared, status
    metrics: pd.DataFrame  # DIFF_COLUMNS, one row per pair and metric
    frames: pd.DataFrame  # DIFF_COLUMNS, one row per pair and frame (share of articles where present)
    notes: list[str] = field(default_factory=list)

    TABLES = ("pairs", "metrics", "frames")

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in self.TABLES}

    def to_json_data(self) -> dict[str, Any]:
        from .core import json_value

        data: dict[str, Any] = {"by": self.by, "within_stories": True, "notes": self.notes}
        for name, table in self.tables().items():
            data[name] = [{k: json_value(v) for k, v in row.items()} for row in table.to_dict("records")]
        return data


def _story_groups(
    membership: list[tuple[str, str]], story_of: dict[str, str], groups: set[str]
) -> dict[str, dict[str, list[str]]]:
    """story id -> group -> its articles in the story, for stories told by two or more groups."""
    stories: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for article_id, group in membership:
        story = story_of.get(article_id)
        if story is not None and group in groups:
            stories[story][group].append(article_id)
    return {s: dict(g) for s, g in stories.items() if len(g) >= 2}


def _version_values(
    per_article: pd.DataFrame, presence: pd.DataFrame, articles: list[str]
) -> dict[str, float]:
    """One group's version of one story: each metric as a ratio of sums, each frame's share of articles."""
    rows = per_article.loc[articles]
    values = {}
    for metric, (numerator, denominator, scale) in METRICS.items():
        total = float(rows[denominator].sum()) / scale
        values[metric] = float(rows[numerator].sum()) / total if total else math.nan
    for frame in presence.columns:
        values[f"frame:{frame}"] = float(presence.loc[articles, frame].mean())
    return values


def _paired_row(
    a: str,
    b: str,
    measure: str,
    stories: list[str],
    values: dict[str, dict[str, dict[str, float]]],
    seed: int,
) -> dict[str, Any] | None:
    pairs = [(values[s][a][measure], values[s][b][measure], s) for s in stories]
    pairs = [(x, y, s) for x, y, s in pairs if not (math.isnan(x) or math.isnan(y))]
    if not pairs:
        return None
    first = np.array([x for x, _, _ in pairs])
    second = np.array([y for _, y, _ in pairs])
    differences = first - second
    estimate, low, high = bootstrap_ratio(
        differences, np.ones(len(differences)), group_rng(seed, f"{a}|{b}|{measure}")
    )
    try:
        p_value = float(wilcoxon(differences).pvalue) if np.any(differences != 0) else 1.0
    except ValueError:  # too few non-zero differences for the test
        p_value = math.nan
    ranked = sorted(pairs, key=lambda item: -abs(item[0] - item[1]))
    return {
        "group_a": a,
        "group_b": b,
        "measure": measure,
        "stories": len(pairs),
        "mean_a": float(first.mean()),
        "mean_b": float(second.mean()),
        "difference": float(estimate[0]),
        "low": float(low[0]),
        "high": float(high[0]),
        "p_value": p_value,
        "p_holm": math.nan,
        "story_ids": [s for _, _, s in ranked[:STORY_IDS_LISTED]],
    }


def _difference_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=DIFF_COLUMNS)
    if not table.empty:
        table["p_holm"] = holm([float(p) for p in table["p_value"]])
        for column in ("mean_a", "mean_b", "difference", "low", "high"):
            table[column] = table[column].astype(float).round(4)
    return table


def _frame_presence(frames: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Articles x frames (taxonomy:frame), 1.0 where the frame is present in the article."""
    article_level = frames[(frames["scope"] == "article") & frames["article_id"].isin(ids)]
    present = article_level[article_level["present"].astype(bool)]
    table = pd.crosstab(present["article_id"], present["taxonomy"] + ":" + present["frame"]).clip(upper=1)
    return table.reindex(index=ids, fill_value=0).astype(float)


def compare_within_stories(
    store: Store,
    by: str = "source",
    *,
    groups: Sequence[str] | None = None,
    top: int | None = None,
    min_stories: int = 3,
    seed: int = 0,
) -> WithinStories:
    """Paired differences between groups over the stories both told (see the module docstring)."""
    from ..stories import ensure_stories

    ensure_stories(store)
    tables = load_tables(store)
    analysed = store.analysed_ids()
    articles = tables["articles"][tables["articles"]["id"].isin(analysed)]
    if articles.empty:
        raise CompareError("no analysed articles in the store; run `framelens analyze` first")
    membership = group_membership(articles, by)
    story_of = store.story_ids()
    wanted = {g.strip().lower() for g in groups or [] if g.strip()}
    names = {g for _, g in membership if not wanted or g.lower() in wanted}
    stories = _story_groups(membership, story_of, names)
    told = defaultdict(set)
    for story, by_group in stories.items():
        for group in by_group:
            told[group].add(story)
    ranked = (
        sorted(told, key=lambda g: (-len(told[g]), g))[:top]
        if top
        else sorted(told, key=lambda g: (-len(told[g]), g))
    )
    notes = [
        (f"{len(stories)} stories are told by two or more groups (of {len(set(story_of.values()))}); "
        "only those are compared.")
    ]
    ids = sorted({a for by_group in stories.values() for arts in by_group.values() for a in arts})
    per_article = article_measures(articles, tables, ids)
    presence = _frame_presence(tables["frames"], ids)
    values = {
        s: {g: _version_values(per_article, presence, arts) for g, arts in by_group.items()}
        for s, by_group in stories.items()
    }
    measures = [*METRICS, *(f"frame:{f}" for f in presence.columns)]
    pair_rows: list[dict[str, Any]] = []
    metric_rows: list[dict[str, Any]] = []
    frame_rows: list[dict[str, Any]] = []
    for a, b in combinations(ranked, 2):
        shared = sorted(told[a] & told[b])
        status = "compared" if len(shared) >= min_stories else f"too few shared stories (< {min_stories})"
        pair_rows.append({"group_a": a, "group_b": b, "stories": len(shared), "status": status})
        if len(shared) < min_stories:
            continue
        for measure in measures:
            row = _paired_row(a, b, measure, shared, values, seed)
            if row is not None:
                (frame_rows if measure.startswith("frame:") else metric_rows).append(row)
    pairs = pd.DataFrame(pair_rows, columns=PAIR_COLUMNS)
    if pairs.empty or not (pairs["status"] == "compared").any():
        notes.append(
            f"no pair of groups shares {min_stories} or more stories: nothing to compare "
            "(lower --min-stories, or group by a coarser field such as bias_text)."
        )
    frames_table = _difference_table(frame_rows)
    if not frames_table.empty:
        frames_table["measure"] = frames_table["measure"].str.removeprefix("frame:")
    return WithinStories(
        by=by,
        pairs=pairs.sort_values(["stories", "group_a"], ascending=[False, True]),
        metrics=_difference_table(metric_rows),
        frames=frames_table,
        notes=notes,
    )
