"""``compare``: read the store's tables, group the articles, and build every table of a ``Comparison``;
``report_section`` renders it for the HTML report."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from ..document import device_threshold
from ..ingest.outlets import outlet_key
from ..store import Store
from .core import CompareError, Comparison
from .entities import entity_table
from .facts import same_fact_pairs
from .groups import group_membership, groups_table
from .measures import article_measures, frame_tables, metric_tables
from .voices import name_resolver, voices
from .words import distinctive_terms


def compare(store: Store, by: str = "source", *, top: int | None = None, groups: list[str] | None = None,
            min_articles: int = 5, seed: int = 0) -> Comparison:
    """Compare the framing of groups of analysed articles in ``store`` (see the docstring of
    ``pipeline.compare``)."""
    tables = load_tables(store)
    return compare_tables(tables, by, analysed=store.analysed_ids(), top=top, groups=groups,
                          min_articles=min_articles, seed=seed)


# The columns compare reads, per table. Reading only these (and decoding only a claim's ``entities``
# and ``devices``) instead of whole tables keeps a 1,400-article store at about a second to load: the
# claims table's evidence columns are most of its bytes. A claim's ``frames`` stay raw JSON and are
# decoded only for the claims shown side by side.
FRAME_COLUMNS = ["article_id", "scope", "frame", "taxonomy", "score", "share", "present"]
CLAIM_COLUMNS = ["article_id", "id", "text", "attribution_kind", "attribution_source", "attribution_entity",
                 "attribution_cue", "entities", "devices", "hedges", "frames", "certainty", "checkworthiness"]
CLAIM_DECODED = ["entities", "devices"]
QUOTE_COLUMNS = ["article_id", "id", "speaker"]
DEVICE_COLUMNS = ["article_id", "id", "device", "score"]
ENTITY_COLUMNS = ["article_id", "canonical", "label", "salience"]
FIGURE_COLUMNS = ["article_id", "id", "value", "kind", "unit", "subject", "claim_id"]


def load_tables(store: Store, min_device_score: float | None = None) -> dict[str, pd.DataFrame]:
    """The store's tables as compare needs them: every article column, and the needed columns of the
    others (same names and meanings as the store's whole tables); devices below ``min_device_score``
    (default: the shipped threshold) are left out, from the claims' device ids too."""
    tables = {"articles": store.articles(), "frames": store.frames(FRAME_COLUMNS),
              "claims": store.claims(CLAIM_COLUMNS, decode=CLAIM_DECODED),
              "quotes": store.quotes(QUOTE_COLUMNS), "entities": store.entities(ENTITY_COLUMNS),
              "figures": store.figures(FIGURE_COLUMNS)}
    devices = store.devices(DEVICE_COLUMNS)
    tables["devices"] = devices[devices["score"] >= device_threshold(min_device_score)].reset_index(drop=True)
    kept = set(zip(tables["devices"]["article_id"], tables["devices"]["id"], strict=True))
    claims = tables["claims"]
    claims["devices"] = [[d for d in (ids or []) if (article, d) in kept] for article, ids
                         in zip(claims["article_id"], claims["devices"], strict=True)]
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
            notes.append(f"{skipped} ingested article(s) not analysed yet are left out "
                         "(run framelens analyze).")
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
    available = {g: counts[g] for g in ordered}
    unknown: list[str] = []
    if groups:
        # "fox news", "Fox-News" and "FOX NEWS" all name the group Fox News.
        by_key = {outlet_key(g): g for g in counts}
        wanted = [by_key.get(outlet_key(g)) for g in groups if g.strip()]
        unknown = [g.strip() for g, w in zip([g for g in groups if g.strip()], wanted, strict=True)
                   if w is None]
        if unknown:
            notes.append(f"no articles for group(s): {', '.join(unknown)}.")
        ordered = [g for g in ordered if g in set(wanted)]
    if top:
        ordered = ordered[:top]
    if by.partition(":")[0] in ("date", "published"):
        ordered.sort()  # periods in time order, not by size
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

    per_article = article_measures(articles, tables, compared_ids)
    group_table = groups_table(ordered, counts, members, per_article, min_articles)
    frames, frame_tests, primary = frame_tables(tables["frames"], compared, members, seed, notes)
    metrics, devices, attribution = metric_tables(compared, members, per_article, tables["devices"], seed)
    resolve = name_resolver(tables, compared_ids)
    cited, speakers = voices(tables["claims"], tables["quotes"], compared, members, resolve)
    sources = dict(zip(articles["id"], articles["source"], strict=True))
    own_names = {g: {g, *(sources[a] for a in members[g])} for g in compared}
    entities = entity_table(tables["entities"], compared, members, compared_ids, resolve, own_names)
    texts = dict(zip(articles["id"], articles["text"], strict=True))
    words = distinctive_terms({a: texts[a] for a in compared_ids}, compared_membership, compared,
                              own_names=own_names)
    claims = tables["claims"]
    claims = claims[claims["article_id"].isin(compared_ids)] if not claims.empty else claims
    figures = tables["figures"]
    figures = figures[figures["article_id"].isin(compared_ids)] if not figures.empty else figures
    device_names: dict[tuple[str, str], str] = {
        (str(r.article_id), str(r.id)): str(r.device) for r in tables["devices"].itertuples()} \
        if not tables["devices"].empty else {}
    same_fact = same_fact_pairs(claims, figures, device_names, compared_membership, len(compared_ids)) \
        if len(compared) >= 2 else same_fact_pairs(claims.iloc[:0], figures.iloc[:0], {}, [], 0)
    if same_fact.attrs.get("same_wording_skipped"):
        notes.append(f"{same_fact.attrs['same_wording_skipped']} claim pair(s) sharing a fact were worded "
                     "alike (syndicated copy) and are not shown as different framings.")
    return Comparison(by=by, groups=group_table, frames=frames, frame_tests=frame_tests, metrics=metrics,
                      devices=devices, attribution=attribution, cited_sources=cited, quoted_speakers=speakers,
                      entities=entities, words=words, same_fact=same_fact, primary_frame_test=primary,
                      notes=notes, available=available, unknown_groups=unknown)



def report_section(store: Store, by: str = "source", **options: Any) -> tuple[str, str] | None:
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

