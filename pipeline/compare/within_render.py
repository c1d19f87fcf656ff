"""Rendering a comparison within stories (``compare --within-stories``): rich terminal tables and one
CSV stream."""

from __future__ import annotations

import io
import json
import math
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from .render import CSV_SEPARATOR


def _interval(value: float, low: float, high: float) -> str:
    if value is None or math.isnan(value):
        return "-"
    return f"{value:.2f} [{low:.2f}, {high:.2f}]"


def _p(value: float) -> str:
    if value is None or math.isnan(value):
        return "-"
    return f"{value:.2g}" if value >= 1e-4 else "<1e-4"


FRAME_ROWS_SHOWN = 15


def _difference_view(table: pd.DataFrame, title: str) -> Table:
    view = Table(title=title)
    for column in ("groups (A vs B)", "measure", "stories", "A", "B", "A - B [95%]", "p", "p (Holm)"):
        view.add_column(column, justify="left" if column in ("groups (A vs B)", "measure") else "right")
    for row in table.to_dict("records"):
        view.add_row(
            f"{row['group_a']} vs {row['group_b']}",
            str(row["measure"]),
            str(row["stories"]),
            f"{row['mean_a']:.3g}",
            f"{row['mean_b']:.3g}",
            _interval(row["difference"], row["low"], row["high"]),
            _p(row["p_value"]),
            _p(row["p_holm"]),
        )
    return view


def print_within(within: Any, console: Console) -> None:
    """The paired comparison within stories: pairs of groups, metric differences, frame differences."""
    compared = within.pairs[within.pairs["status"] == "compared"]
    pairs = Table(title=f"Pairs of groups by {within.by}, on the stories both told")
    for column in ("group A", "group B", "shared stories"):
        pairs.add_column(column, justify="right" if column == "shared stories" else "left")
    for row in compared.to_dict("records"):
        pairs.add_row(str(row["group_a"]), str(row["group_b"]), str(row["stories"]))
    console.print(pairs)
    for note in within.notes:
        console.print(f"[dim]{note}[/dim]", highlight=False)
    if within.metrics.empty:
        return
    console.print(_difference_view(within.metrics, "Paired differences per story (A - B), metrics"))
    frames = within.frames
    if not frames.empty:
        frames = frames.reindex(frames["difference"].abs().sort_values(ascending=False).index).head(
            FRAME_ROWS_SHOWN
        )
        console.print(
            _difference_view(
                frames, f"Paired differences per story (A - B), frame presence: the {len(frames)} largest"
            )
        )


def within_csv_text(within: Any) -> str:
    """Every table of a within-stories comparison in one CSV stream, each after a '# table: NAME' line."""
    buffer = io.StringIO()
    for name, table in within.tables().items():
        buffer.write(CSV_SEPARATOR.format(name=name) + "\n")
        flat = table.copy()
        if "story_ids" in flat:
            flat["story_ids"] = [json.dumps(v) for v in flat["story_ids"]]
        flat.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()
