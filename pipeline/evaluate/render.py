"""Printing an evaluation: per-file F1, micro-averaged P/R/F1, accuracies and the issue targets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .results import COUNT_KEYS, INDICATIVE_PRECISION, EvalReport

if TYPE_CHECKING:
    from rich.table import Table

# The acceptance targets of issues 3 (figures, quotes), 4 (claims, attribution) and 5 (devices: recall is
# reported, no target given): (key, measure, target).
ISSUE_TARGETS = (
    ("figures", "f1", 0.90),
    ("quotes", "f1", 0.85),
    ("claims", "recall", 0.85),
    ("attribution_source", "f1", 0.75),
    ("source_kind", "accuracy", 0.85),
)

# Four-letter column names keep the per-file table within 80 columns; a legend line spells them out.
_SHORT = {"sections": "sect", "section_headings": "head", "entities": "ent", "figures": "fig",
          "quotes": "quot", "quotes_span": "qspn", "claims": "clm", "attribution_source": "src",
          "section_frames@2": "fr@2", "section_frames@3": "fr@3", "devices": "dev",
          "devices_in_quotes": "dvq"}


def overall_value(report: EvalReport, key: str, measure: str) -> float | None:
    """One overall number: ``measure`` is precision|recall|f1 for a count key, accuracy for a ratio key."""
    if measure == "accuracy":
        return report.overall_ratios()[key].value
    return getattr(report.overall_counts()[key], measure)


def target_results(report: EvalReport) -> list[tuple[str, str, float, float | None]]:
    """(key, measure, target, measured) for each issue target."""
    return [(key, measure, target, overall_value(report, key, measure))
            for key, measure, target in ISSUE_TARGETS]


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render_report(report: EvalReport, console: Any, *, show_misses: bool = False) -> None:
    """Print the per-file F1 table, the micro-averaged P/R/F1 table and the accuracies (rich tables)."""
    console.print(_per_file_table(report))
    console.print("[dim]" + ", ".join(f"{short}={key}" for key, short in _SHORT.items()) + "[/dim]\n")
    console.print(_overall_table(report))
    console.print(_accuracy_table(report))
    console.print(_targets_table(report))
    _print_problems(report, console, show_misses=show_misses)


def _per_file_table(report: EvalReport) -> Table:
    from rich.table import Table

    per_file = Table(title="F1 per gold file", box=None, pad_edge=False, padding=(0, 0, 0, 1))
    per_file.add_column("file", no_wrap=True, overflow="ellipsis", max_width=22)
    for key in COUNT_KEYS:
        per_file.add_column(_SHORT[key], justify="right", no_wrap=True, min_width=4)
    for f in report.files:
        per_file.add_row(f.name, *(_fmt(f.counts[k].f1) if k in f.counts else "–" for k in COUNT_KEYS))
    return per_file


def _overall_table(report: EvalReport) -> Table:
    from rich.table import Table

    overall = Table(title=f"Overall, micro-averaged over {len(report.files)} file(s) [{report.model}]")
    for column in ("key", "P", "R", "F1", "matched", "predicted", "gold"):
        overall.add_column(column, justify="left" if column == "key" else "right")
    for key, c in report.overall_counts().items():
        label = f"{key} (P indicative)" if key in INDICATIVE_PRECISION else key
        overall.add_row(label, _fmt(c.precision), _fmt(c.recall), _fmt(c.f1), str(c.tp), str(c.n_pred),
                        str(c.n_gold))
    return overall


def _accuracy_table(report: EvalReport) -> Table:
    from rich.table import Table

    accuracy = Table(title="Accuracy on matched items, and errors")
    for column in ("measure", "value", "correct", "total"):
        accuracy.add_column(column, justify="left" if column == "measure" else "right")
    for key, r in report.overall_ratios().items():
        accuracy.add_row(key, _fmt(r.value), str(r.correct), str(r.total))
    for key, n in report.overall_errors().items():
        accuracy.add_row(f"{key} (errors)", str(n), "", "")
    return accuracy


def _targets_table(report: EvalReport) -> Table:
    from rich.table import Table

    targets = Table(title="Issue targets (overall)")
    for column in ("key", "measure", "target", "measured", "met"):
        targets.add_column(column, justify="left" if column in ("key", "measure") else "right")
    for key, measure, target, value in target_results(report):
        met = "[green]yes[/green]" if value is not None and value >= target else "[red]no[/red]"
        targets.add_row(key, measure, f"{target:.2f}", _fmt(value), met)
    return targets


def _print_problems(report: EvalReport, console: Any, *, show_misses: bool) -> None:
    """The failed analyses, the gold strings not found in the text and, with ``show_misses``, each miss."""
    for f in report.failed:
        console.print(f"[red]analysis failed[/red] {f.name}: {f.error} (scored as finding nothing)",
                      highlight=False, soft_wrap=True)
    unlocated = sum(len(f.unlocated) for f in report.files)
    if unlocated:
        console.print(f"[yellow]{unlocated} gold string(s) not found in the cleaned text[/yellow] "
                      "(--json lists them)")
    if show_misses:
        for f in report.files:
            for key, items in f.misses.items():
                for item in items:
                    console.print(f"  [dim]{f.name}[/dim] missed {key}: {item}", highlight=False,
                                  soft_wrap=True)
