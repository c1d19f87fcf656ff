"""Rendering a ``Comparison``: rich terminal tables, CSV (a file per table or one stream) and JSON."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from . import Comparison

CSV_SEPARATOR = "# table: {name}"


def _interval(value: float, low: float, high: float, *, percent: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if percent:
        return f"{100 * value:.0f}% [{100 * low:.0f}-{100 * high:.0f}]"
    return f"{value:.2f} [{low:.2f}-{high:.2f}]"


def _p(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.2g}" if value >= 1e-4 else "<1e-4"


def _clip(text: Any, width: int = 220) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _pivot(table: pd.DataFrame, row: str, groups: list[str], cell: Any, title: str) -> Table:
    view = Table(title=title, show_lines=False)
    view.add_column(row)
    for g in groups:
        view.add_column(g, justify="right", overflow="fold")
    for key, rows in table.groupby(row, sort=False):
        by_group = {r["group"]: r for r in rows.to_dict("records")}
        view.add_row(str(key), *[cell(by_group[g]) if g in by_group else "-" for g in groups])
    return view


def print_comparison(comparison: Comparison, console: Console, *, examples: int = 5) -> None:
    """Every table of the comparison, one rich table per section, the evidence ids beside the numbers."""
    groups = comparison.compared
    summary = Table(title=f"Groups by {comparison.by}")
    for column in ("group", "articles", "words", "claims", "quotes", "status"):
        summary.add_column(column, justify="right" if column in ("articles", "words", "claims", "quotes") else "left")
    shown = comparison.groups[comparison.groups["status"] == "compared"]
    for row in shown.to_dict("records"):
        summary.add_row(*[str(row[c]) for c in ("group", "articles", "words", "claims", "quotes", "status")])
    console.print(summary)
    if comparison.too_small:
        small = comparison.too_small
        console.print(f"Too small (not compared, {len(small)}): {', '.join(small[:30])}"
                      + (f" ... and {len(small) - 30} more" if len(small) > 30 else ""), highlight=False)
    for note in comparison.notes:
        console.print(f"[dim]note:[/dim] {note}", highlight=False)
    if len(groups) < 2:
        return

    frames = comparison.frames.assign(frame=lambda f: f["taxonomy"] + ":" + f["frame"])
    console.print(_pivot(frames, "frame", groups, lambda r: _interval(r["share"], r["low"], r["high"], percent=True),
                         "Frames: share of articles where present [95% bootstrap interval]"))
    tests = comparison.frame_tests
    if comparison.primary_frame_test is not None:
        t = comparison.primary_frame_test
        console.print(f"Primary issue frame x group: chi2={t.statistic:.1f}, dof={t.dof}, p={_p(t.p_value)}, "
                      f"Cramér's V={t.cramers_v:.2f}, n={t.n} articles (min expected count {t.min_expected:.1f})",
                      highlight=False)
    per_frame = tests[(tests["test"] == "frame presence") & tests["p_value"].notna()].sort_values("p_value")
    view = Table(title="Does each frame's presence depend on the group? (chi-square, Holm-adjusted)")
    for column in ("frame", "chi2", "dof", "p", "p (Holm)", "Cramér's V"):
        view.add_column(column, justify="left" if column == "frame" else "right")
    for row in per_frame.head(12).to_dict("records"):
        view.add_row(f"{row['taxonomy']}:{row['frame']}", f"{row['chi2']:.1f}", str(row["dof"]), _p(row["p_value"]),
                     _p(row["p_holm"]), f"{row['cramers_v']:.2f}")
    console.print(view)

    console.print(_pivot(comparison.metrics, "metric", groups,
                         lambda r: _interval(r["value"], r["low"], r["high"]), "Devices, hedging, certainty"))
    if not comparison.devices.empty:
        busiest = (comparison.devices.groupby("device")["count"].sum().sort_values(ascending=False).index[:10])
        devices = comparison.devices[comparison.devices["device"].isin(busiest)]
        devices = devices.set_index("device").loc[list(busiest)].reset_index()
        console.print(_pivot(devices, "device", groups,
                             lambda r: _interval(r["per_1k_words"], r["low"], r["high"]),
                             "Devices per 1,000 words (10 most frequent)"))
    console.print(_pivot(comparison.attribution, "kind", groups,
                         lambda r: _interval(r["share"], r["low"], r["high"], percent=True),
                         "Attribution of claims (share)"))

    def lists(table: pd.DataFrame, name: str, count: str, ids: str, title: str) -> None:
        view = Table(title=title, show_lines=True)
        view.add_column("group")
        view.add_column(f"{name} ({count}) -- first evidence id", overflow="fold")
        for g in groups:
            rows = table[table["group"] == g].head(examples).to_dict("records")
            view.add_row(g, "; ".join(f"{r[name]} ({r[count]}) {r[ids][0] if r[ids] else ''}" for r in rows) or "-")
        console.print(view)

    lists(comparison.cited_sources, "source", "articles", "claim_ids", "Sources claims are attributed to")
    lists(comparison.quoted_speakers, "speaker", "articles", "quote_ids", "Speakers quoted")
    distinctive = comparison.entities[comparison.entities["ranking"] == "distinctive"]
    view = Table(title="Entities each group names more than the rest (share of articles vs rest, z)", show_lines=True)
    view.add_column("group")
    view.add_column("entities", overflow="fold")
    for g in groups:
        rows = distinctive[distinctive["group"] == g].head(examples).to_dict("records")
        view.add_row(g, "; ".join(f"{r['entity']} {100 * r['share']:.0f}% vs {100 * r['rest_share']:.0f}% "
                                  f"z={r['z']}" for r in rows) or "-")
    console.print(view)
    view = Table(title="Distinctive words and phrases (weighted log-odds, informative Dirichlet prior; z)",
                 show_lines=True)
    view.add_column("group")
    view.add_column("terms (z)", overflow="fold")
    for g in groups:
        rows = comparison.words[comparison.words["group"] == g].head(12).to_dict("records")
        view.add_row(g, ", ".join(f"{r['term']} ({r['z']:.1f})" for r in rows) or "-")
    console.print(view)

    if comparison.same_fact.empty:
        console.print("Same fact, framed differently: no shared figure or entity pair across groups.")
        return
    view = Table(title="Same fact, framed differently (most specific shared fact first)", show_lines=True)
    view.add_column("#", justify="right")
    view.add_column("shared fact", overflow="fold")
    view.add_column("claim A", overflow="fold", ratio=1)
    view.add_column("claim B", overflow="fold", ratio=1)
    for row in comparison.same_fact.head(examples * 2).to_dict("records"):
        sides = []
        for s in ("a", "b"):
            sides.append(f"[bold]{row[f'group_{s}']}[/bold] {row[f'article_{s}'][:12]}:{row[f'claim_{s}']}\n"
                         f"{_clip(row[f'text_{s}'])}\n[dim]frames[/dim] {', '.join(row[f'frames_{s}']) or '-'}  "
                         f"[dim]devices[/dim] {', '.join(row[f'devices_{s}']) or '-'}  "
                         f"[dim]attribution[/dim] {row[f'attribution_{s}']}")
        view.add_row(str(row["rank"]), f"{row['fact']}\n[dim]{row['basis']}, in {row['articles_with_fact']} "
                     f"articles[/dim]", *sides)
    console.print(view)


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    """Lists become space-separated cells so a CSV stays one row per record."""
    flat = table.copy()
    for column in flat.columns:
        if flat[column].map(lambda v: isinstance(v, (list, tuple))).any():
            flat[column] = flat[column].map(lambda v: " ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return flat


def write_csv(comparison: Comparison, out_dir: Path) -> list[Path]:
    """One CSV per table in ``out_dir`` (created): groups.csv, frames.csv, ..."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in comparison.tables().items():
        path = out_dir / f"{name}.csv"
        _flat(table).to_csv(path, index=False)
        written.append(path)
    return written


def csv_text(comparison: Comparison) -> str:
    """Every table as CSV in one stream, each preceded by a ``# table: NAME`` line."""
    buffer = io.StringIO()
    for name, table in comparison.tables().items():
        buffer.write(CSV_SEPARATOR.format(name=name) + "\n")
        _flat(table).to_csv(buffer, index=False)
        buffer.write("\n")
    return buffer.getvalue()


def json_text(comparison: Comparison) -> str:
    """One JSON object with a key per table (a list of rows), plus ``by`` and ``notes``."""
    return json.dumps(comparison.to_json_data(), ensure_ascii=False, indent=1, default=str)
