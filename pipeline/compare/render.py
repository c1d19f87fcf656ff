"""Rendering a ``Comparison``: terminal tables that fit the console (80 columns and up), CSV (a file per
table, one file, or one stream) and JSON.

At a terminal every cell is two short lines (the value, then its 95% interval, dimmed) under short
frame and device names (:mod:`.labels`); a table whose groups do not fit the width is cut into several
tables of as many groups as fit, each repeating the row names. Rows are sorted by how much the groups
differ (the spread of the values), rows where every group is at zero are left out, and groups beyond
``--top`` are summarised in one line. The JSON and CSV keep every row and the full ids.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ..outputs import atomic_text, ensure_folder, guard_formula
from ..terminal import safe
from .core import Comparison
from .labels import device_label, frame_label

CSV_SEPARATOR = "# table: {name}"
LABEL_WIDTH = 18  # row names are cut to this many characters
GROUP_WIDTH = 10  # group names wrap within this width in the lists' first column
MIN_HEADING = 6  # column headings wrap at the column's width, but not narrower than this
MAX_LIST = 5  # sources, speakers, entities per group
MAX_WORDS = 8
# Compact tables: a rule under the header, one space between columns, no frame.
TABLE_STYLE: dict[str, Any] = {"box": box.SIMPLE_HEAD, "pad_edge": False, "padding": (0, 1),
                               "collapse_padding": True, "show_edge": False}


@dataclass(frozen=True)
class Cell:
    """A value and its interval, as two lines of a table cell."""

    value: str
    interval: str = ""

    def render(self) -> Text:
        text = Text(self.value, style="bold")
        if self.interval:
            text.append("\n" + self.interval, style="dim")
        return text

    @property
    def width(self) -> int:
        return max(len(self.value), len(self.interval))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def percent_cell(value: float, low: float, high: float) -> Cell:
    if _missing(value):
        return Cell("-")
    if value == low == high == 0:
        return Cell("0%")  # no article of the group: an interval of 0-0 says nothing more
    return Cell(f"{100 * value:.0f}%", f"{100 * low:.0f}-{100 * high:.0f}")


def _short(number: float) -> str:
    """A bound in few characters: 36 and 6.2 for rates, .66 for shares and scores below 1."""
    if abs(number) >= 10:
        return f"{number:.0f}"
    if abs(number) >= 1:
        return f"{number:.1f}"
    return f"{number:.2f}".replace("0.", ".", 1)


def number_cell(value: float, low: float, high: float) -> Cell:
    if _missing(value):
        return Cell("-")
    if value == low == high == 0:
        return Cell("0")
    return Cell(f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}",
                f"{_short(low)}-{_short(high)}")


def _p(value: float) -> str:
    if _missing(value):
        return "-"
    return f"{value:.2g}" if value >= 1e-4 else "<1e-4"


def _short_id(uid: str) -> str:
    """``article_id:item_id`` with the article id cut to 12 hex digits (`framelens show` takes a prefix)."""
    article, _, item = uid.partition(":")
    return f"{article[:12]}:{item}" if item else article[:12]


def _clip(text: Any, width: int = 220) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"

METRIC_LABELS = {"devices per 1k words": "devices per 1k", "hedges per 1k words": "hedges per 1k",
                 "claims per 1k words": "claims per 1k", "quotes per 1k words": "quotes per 1k",
                 "mean claim certainty": "certainty", "mean check-worthiness": "check-worthiness"}

Rows = list[tuple[str, dict[str, Cell]]]


def grid_rows(table: pd.DataFrame, key: str, value: str, cell: Callable[[Any], Cell],
              groups: list[str], label: Callable[[str], str], *, by_spread: bool = True) -> Rows:
    """One row per value of ``key``: a cell per group. Rows where every group is at zero are left out;
    with ``by_spread`` the rows where the groups differ most come first."""
    rows = []
    for name, part in table.groupby(key, sort=False):
        by_group = {r["group"]: r for r in part.to_dict("records")}
        values = [float(by_group[g][value]) for g in groups
                  if g in by_group and not _missing(by_group[g][value])]
        if not any(values):
            continue
        rows.append((max(values) - min(values), label(str(name)),
                     {g: cell(by_group[g]) if g in by_group else Cell("-") for g in groups}))
    if by_spread:
        rows.sort(key=lambda row: -row[0])  # stable: ties keep the table's order
    return [(name, cells) for _, name, cells in rows]


def _heading(group: str, width: int) -> str:
    """A group name wrapped for a column heading: at spaces and hyphens, a word cut only when it is
    longer than GROUP_WIDTH ("townhall" stays whole and widens its column)."""
    import textwrap

    longest = max((len(word) for word in group.replace("-", "- ").split()), default=0)
    return "\n".join(textwrap.wrap(group, width, break_on_hyphens=True,
                                   break_long_words=longest > GROUP_WIDTH)) or group


def _grid_table(rows: Rows, groups: list[str], widths: dict[str, int], label_width: int) -> Table:
    view = Table(**TABLE_STYLE, title_justify="left", caption_justify="left")
    view.add_column("", width=label_width, no_wrap=True, overflow="ellipsis")
    for group in groups:
        view.add_column(_heading(group, widths[group]), justify="right", width=widths[group], no_wrap=True)
    for name, cells in rows:
        view.add_row(name, *[cells[g].render() for g in groups])
    return view


def _chunks(console: Console, rows: Rows, groups: list[str], widths: dict[str, int],
            label_width: int) -> list[list[str]]:
    """The groups in runs of even size whose tables fit the console's width (measured as rich lays out)."""
    unbounded = console.options.update(max_width=10 * console.width)  # measure, do not squeeze

    def width(n: int) -> int:  # of a table of the first n groups
        return Measurement.get(console, unbounded, _grid_table(rows, groups[:n], widths, label_width)).maximum

    fit = 1
    while fit < len(groups) and width(fit + 1) <= console.width:
        fit += 1
    runs = math.ceil(len(groups) / fit)
    size = math.ceil(len(groups) / runs)  # 4 groups where 3 fit: two tables of 2, not 3 and 1
    return [groups[i:i + size] for i in range(0, len(groups), size)]


def print_grid(console: Console, title: str, rows: Rows, groups: list[str], *,
               caption: str | None = None) -> None:
    """Rows x groups as one table, or several when the groups do not fit the console's width."""
    if not rows:
        return
    label_width = min(LABEL_WIDTH, max(len(name) for name, _ in rows))
    # A column is as wide as its cells, or its heading wrapped to that width ("cnn-web-" / "news"), never
    # narrower than MIN_HEADING so a name does not fall apart letter by letter.
    widths = {}
    for g in groups:
        cells = max(cells_of[g].width for _, cells_of in rows)
        lines = _heading(g, max(cells, MIN_HEADING)).split("\n")
        widths[g] = max(cells, *(len(line) for line in lines))
    chunks = _chunks(console, rows, groups, widths, label_width)
    for i, chunk in enumerate(chunks):
        console.print()
        console.print(f"[bold]{title}[/bold]" + (f" ({i + 1}/{len(chunks)})" if len(chunks) > 1 else ""),
                      highlight=False)
        console.print(_grid_table(rows, chunk, widths, label_width))
    if caption:
        console.print(f"[dim]{caption}[/dim]", highlight=False)



def _escaped(comparison: Comparison) -> Comparison:
    """The comparison with every text from the articles (outlets, sources, words, claims) escaped for Rich
    markup: an outlet named "[/bold]" prints as itself instead of crashing or styling the tables."""
    def cell(value: Any) -> Any:
        if isinstance(value, str):
            return safe(value)
        if isinstance(value, (list, tuple)):
            return [safe(v) if isinstance(v, str) else v for v in value]
        return value

    def escaped(table: pd.DataFrame) -> pd.DataFrame:
        # Claim texts are printed as rich Text (no markup), so they stay as they are.
        return table.apply(lambda column: column if pd.api.types.is_numeric_dtype(column)
                           or str(column.name).startswith("text_") else column.map(cell))

    changes: dict[str, Any] = {name: escaped(table) for name, table in comparison.tables().items()}
    changes.update(by=safe(comparison.by), notes=[safe(n) for n in comparison.notes],
                   available={safe(g): n for g, n in comparison.available.items()},
                   unknown_groups=[safe(g) for g in comparison.unknown_groups])
    return dataclasses.replace(comparison, **changes)


def _summary(comparison: Comparison, console: Console) -> None:
    groups = comparison.compared
    total = int(comparison.groups.loc[comparison.groups["status"] == "compared", "articles"].sum())
    console.print(f"[bold]Comparing {len(groups)} group(s) by {comparison.by}[/bold] ({total} articles). "
                  "Each cell: the value, and below it the 95% bootstrap interval.", highlight=False)
    view = Table(**TABLE_STYLE)
    for column in ("group", "articles", "words", "claims", "quotes"):
        view.add_column(column, justify="left" if column == "group" else "right",
                        overflow="fold" if column == "group" else "ellipsis")
    for row in comparison.groups[comparison.groups["status"] == "compared"].to_dict("records"):
        view.add_row(*[f"{row[c]:,}" if isinstance(row[c], int) else str(row[c])
                       for c in ("group", "articles", "words", "claims", "quotes")])
    if groups:
        console.print(view)
    sizes = comparison.groups.set_index("group")["articles"].to_dict()
    if comparison.too_small:
        small = comparison.too_small
        listed = ", ".join(f"{g} {sizes[g]}" for g in small[:12])
        # "too small (< 5 articles)"
        status = str(comparison.groups.set_index("group").loc[small[0], "status"])
        console.print(f"Too small to compare{status.removeprefix('too small')}: {listed}"
                      + (f" ... and {len(small) - 12} more" if len(small) > 12 else ""), highlight=False)
    left_out = comparison.left_out
    if left_out and not comparison.unknown_groups:
        listed = ", ".join(f"{g} {n}" for g, n in list(left_out.items())[:8])
        console.print(f"Not shown: {len(left_out)} more group(s), {sum(left_out.values()):,} articles "
                      f"({listed}{' ...' if len(left_out) > 8 else ''}); --top or --groups choose.",
                      highlight=False)
    for note in comparison.notes:
        if not note.startswith(("no articles for group", "fewer than two groups")) \
                and "listed as too small" not in note:
            console.print(f"[dim]note:[/dim] {note}", highlight=False)


def _tests(comparison: Comparison, console: Console) -> None:
    test = comparison.primary_frame_test
    if test is not None and not _missing(test.statistic):
        console.print(f"Does the main issue frame depend on the group? chi2={test.statistic:.1f}, "
                      f"dof={test.dof}, p={_p(test.p_value)}, Cramér's V={test.cramers_v:.2f} "
                      f"(n={test.n} articles, smallest "
                      f"expected count {test.min_expected:.1f})", highlight=False)
    tests = comparison.frame_tests
    per_frame = tests[(tests["test"] == "frame presence") & tests["p_value"].notna()].sort_values("p_value")
    if per_frame.empty:
        return
    console.print()
    console.print("[bold]Frame present or not, by group: chi-square, Holm-adjusted p[/bold]", highlight=False)
    view = Table(**TABLE_STYLE)
    for column in ("frame", "chi2", "p", "p (Holm)", "Cramér's V"):
        view.add_column(column, justify="left" if column == "frame" else "right")
    for row in per_frame.head(8).to_dict("records"):
        name = frame_label(row["frame"]) + (" (generic)" if row["taxonomy"] == "generic" else "")
        view.add_row(name, f"{row['chi2']:.1f}", _p(row["p_value"]), _p(row["p_holm"]),
                     f"{row['cramers_v']:.2f}")
    console.print(view)


def _lists(comparison: Comparison, console: Console) -> None:
    groups = comparison.compared

    def show(title: str, items: dict[str, str]) -> None:
        console.print()
        view = Table(title=title, title_justify="left", **TABLE_STYLE, show_header=False)
        view.add_column("group", max_width=GROUP_WIDTH + 4, overflow="fold", style="bold")
        view.add_column("items", overflow="fold", ratio=1)
        for group in groups:
            view.add_row(group, items.get(group) or "-")
        console.print(view)

    def joined(table: pd.DataFrame, render: Callable[[Any], str], n: int) -> dict[str, str]:
        return {g: "; ".join(render(r) for r in table[table["group"] == g].head(n).to_dict("records"))
                for g in groups}

    show("Sources claims are attributed to (articles; an evidence id)",
         joined(comparison.cited_sources,
                lambda r: f"{r['source']} ({r['articles']}; "
                          f"{_short_id(r['claim_ids'][0]) if r['claim_ids'] else '-'})",
                MAX_LIST))
    show("Speakers quoted (articles)",
         joined(comparison.quoted_speakers, lambda r: f"{r['speaker']} ({r['articles']})", MAX_LIST))
    distinctive = comparison.entities[comparison.entities["ranking"] == "distinctive"]
    show("Entities named more than by the rest (% of articles vs rest)",
         joined(distinctive,
                lambda r: f"{r['entity']} {100 * r['share']:.0f}% vs {100 * r['rest_share']:.0f}%",
                MAX_LIST))
    show("Distinctive words (log-odds z; above 2: used more than the rest)",
         {g: ", ".join(f"{r['term']} ({r['z']:.1f})" for r in comparison.words[comparison.words["group"] == g]
                       .head(MAX_WORDS).to_dict("records")) for g in groups})


def _same_fact(comparison: Comparison, console: Console, examples: int) -> None:
    console.print()
    if comparison.same_fact.empty:
        console.print("Same fact, framed differently: no shared figure or entity pair across groups.")
        return
    console.print("[bold]Same fact, framed differently[/bold] (most specific shared fact first; "
                  "`framelens show ID` opens an id)")
    for row in comparison.same_fact.head(examples).to_dict("records"):
        console.print(f"\n#{row['rank']} {row['fact']} [dim]({row['basis']}, in {row['articles_with_fact']} "
                      "articles)[/dim]", highlight=False)
        for s in ("a", "b"):
            claim_id = _short_id(row[f"article_{s}"] + ":" + row[f"claim_{s}"])
            console.print(f"  [bold]{row[f'group_{s}']}[/bold] {claim_id}  "
                          f"[dim]attribution[/dim] {row[f'attribution_{s}']}", highlight=False)
            console.print(Text("    “" + _clip(row[f"text_{s}"]) + "”"))
            frames = ", ".join(frame_label(f) for f in row[f"frames_{s}"]) or "-"
            devices = ", ".join(device_label(d) for d in row[f"devices_{s}"]) or "-"
            console.print(f"    [dim]frames[/dim] {frames}  [dim]devices[/dim] {devices}", highlight=False)


def print_comparison(comparison: Comparison, console: Console, *, examples: int = 5) -> None:
    """Every table of the comparison, fitted to the console's width (see the module docstring)."""
    comparison = _escaped(comparison)
    _summary(comparison, console)
    groups = comparison.compared
    if len(groups) < 2:
        console.print("Fewer than two groups are large enough to compare: lower --min-articles or choose "
                      "another --by.", highlight=False)
        return
    frames = comparison.frames
    for taxonomy, title in (("issue", "Issue frames: % of articles where present"),
                            ("generic", "Generic frames: % of articles where present")):
        rows = grid_rows(frames[frames["taxonomy"] == taxonomy], "frame", "share",
                         lambda r: percent_cell(r["share"], r["low"], r["high"]), groups, frame_label)
        print_grid(console, title, rows, groups, caption="most different across groups first; "
                   "frames no group uses are left out" if taxonomy == "issue" else None)
    _tests(comparison, console)
    metric_rows = grid_rows(comparison.metrics, "metric", "value",
                            lambda r: number_cell(r["value"], r["low"], r["high"]), groups,
                            lambda m: METRIC_LABELS.get(m, m), by_spread=False)
    print_grid(console, "Devices, hedging, certainty (per 1k: per 1,000 words; certainty and "
               "check-worthiness: means over claims, 0 to 1)", metric_rows, groups)
    if not comparison.devices.empty:
        busiest = comparison.devices.groupby("device")["count"].sum().sort_values(ascending=False).index[:10]
        devices = comparison.devices[comparison.devices["device"].isin(busiest)]
        print_grid(console, "Devices per 1,000 words (the 10 most frequent)",
                   grid_rows(devices, "device", "per_1k_words",
                             lambda r: number_cell(r["per_1k_words"], r["low"], r["high"]), groups,
                             device_label),
                   groups)
    print_grid(console, "Attribution of claims", grid_rows(
        comparison.attribution, "kind", "share", lambda r: percent_cell(r["share"], r["low"], r["high"]),
        groups, str, by_spread=False), groups)
    _lists(comparison, console)
    _same_fact(comparison, console, examples)


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    """Lists become space-separated cells so a CSV stays one row per record; a text cell a spreadsheet
    would run as a formula (an outlet named "=cmd|...") gets a leading '."""
    flat = table.copy()
    for column in flat.columns:
        if flat[column].map(lambda v: isinstance(v, (list, tuple))).any():
            flat[column] = flat[column].map(
                lambda v: " ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
        if not pd.api.types.is_numeric_dtype(flat[column]):
            flat[column] = flat[column].map(guard_formula)
    return flat


def write_csv(comparison: Comparison, out_dir: Path) -> list[Path]:
    """One CSV per table in ``out_dir`` (created): groups.csv, frames.csv, ..."""
    ensure_folder(out_dir)
    written = []
    for name, table in comparison.tables().items():
        path = out_dir / f"{name}.csv"
        with atomic_text(path) as stream:
            _flat(table).to_csv(stream, index=False)
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
