"""The comparison section of the HTML report (escaped fragment with inline SVG charts) and its Markdown.

The HTML comes from a Jinja2 template with autoescape (templates/compare.html.j2), as the rest of the
report: group names, notes and claims are untrusted input. Charts are drawn by matplotlib with the Agg
backend and embedded as SVG with text drawn as paths, so no article-derived string reaches the page as
markup. The Markdown escapes its own special characters.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from markupsafe import Markup

from ..report.marks import claim_anchor
from .core import Comparison
from .labels import frame_label

CHART_METRICS = ("devices per 1k words", "hedges per 1k words", "mean claim certainty",
                 "mean check-worthiness")
MAX_SAME_FACT = 10
MAX_FRAMES = 24
TEMPLATES = Path(__file__).parent / "templates"


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # no display on servers; the report is a file
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "path"
    return plt


def _svg(figure: Any) -> str:
    plt = _pyplot()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    svg = buffer.getvalue()
    # Inline in HTML: drop the XML prolog and DOCTYPE, keep the <svg> element.
    return svg[svg.index("<svg"):]


def _frame_matrix(comparison: Comparison) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Frames x groups (share, low, high): the frames some group uses, issue frames first, each issue
    and generic block in order of how much the groups differ."""
    frames = comparison.frames.assign(
        label=lambda f: f["frame"].map(frame_label) + f["taxonomy"].map({"generic": " (G)"}).fillna(""))
    share = frames.pivot_table(index="label", columns="group", values="share", aggfunc="first")
    low = frames.pivot_table(index="label", columns="group", values="low", aggfunc="first")
    high = frames.pivot_table(index="label", columns="group", values="high", aggfunc="first")
    used = share.max(axis=1) > 0
    spread = (share.max(axis=1) - share.min(axis=1))[used]
    keep = sorted(spread.index, key=lambda label: (label.endswith("(G)"), -spread[label], label))[:MAX_FRAMES]
    groups = comparison.compared
    return share.reindex(index=keep, columns=groups), low.reindex(index=keep, columns=groups), \
        high.reindex(index=keep, columns=groups)


def heatmap_svg(comparison: Comparison) -> str:
    """Frames (rows, short names) x groups (columns), colour = share of articles where the frame is
    present, each cell giving the share and its 95% interval. Sized so its text is about 9 points at its
    natural width; on a narrow screen it scrolls sideways rather than shrinking."""
    plt = _pyplot()
    share, low, high = _frame_matrix(comparison)
    rows, cols = share.shape
    figure, axis = plt.subplots(figsize=(2.2 + 0.95 * cols, 0.45 * rows + 1.6))
    image = axis.imshow(share.to_numpy(dtype=float), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    axis.set_xticks(range(cols), [_short(g, 18) for g in share.columns], rotation=30 if cols > 4 else 0,
                    ha="right" if cols > 4 else "center", fontsize=9)
    axis.set_yticks(range(rows), list(share.index), fontsize=9)
    axis.xaxis.tick_top()
    values, lows, highs = (table.to_numpy(dtype=float) for table in (share, low, high))
    for i in range(rows):
        for j in range(cols):
            value = values[i, j]
            if math.isnan(value):
                continue
            axis.text(j, i, f"{100 * value:.0f}%\n{100 * lows[i, j]:.0f}-{100 * highs[i, j]:.0f}",
                      ha="center", va="center", fontsize=7.5, color="white" if value > 0.55 else "black")
    figure.colorbar(image, ax=axis, fraction=0.03, label="share of articles where present")
    axis.set_xlabel("% of each group's articles where the frame is present, 95% interval below; (G): generic "
                    "frame", fontsize=8)
    return _svg(figure)


# Metrics that are shares or scores in [0, 1] get the whole [0, 1] axis; rates start at 0.
UNIT_METRICS = frozenset({"mean claim certainty", "mean check-worthiness"})


def metrics_svg(comparison: Comparison) -> str:
    """The metrics chart (:func:`metrics_figure`) as SVG."""
    return _svg(metrics_figure(comparison))


def metrics_figure(comparison: Comparison) -> Any:
    """One panel per metric: each group's value with its 95% interval as an error bar. Every axis starts
    at 0 (scores run 0 to 1), so a difference of 0.01 is not drawn as a gulf."""
    plt = _pyplot()
    groups = comparison.compared
    figure, axes = plt.subplots(1, len(CHART_METRICS),
                                figsize=(2.6 * len(CHART_METRICS), 0.38 * len(groups) + 1.5), sharey=True)
    positions = np.arange(len(groups))
    for axis, metric in zip(np.atleast_1d(axes), CHART_METRICS, strict=True):
        rows = comparison.metrics[comparison.metrics["metric"] == metric].set_index("group").reindex(groups)
        value = rows["value"].to_numpy(dtype=float)
        errors = np.vstack([value - rows["low"].to_numpy(dtype=float),
                            rows["high"].to_numpy(dtype=float) - value])
        axis.errorbar(value, positions, xerr=np.nan_to_num(errors), fmt="o", capsize=2, markersize=4)
        top = np.nanmax(rows["high"].to_numpy(dtype=float)) if len(rows) else 1.0
        axis.set_xlim(0, 1 if metric in UNIT_METRICS else max(top * 1.15, 1e-9))
        axis.set_title(metric, fontsize=9)
        axis.tick_params(labelsize=8)
        axis.grid(axis="x", alpha=0.3)
    first = np.atleast_1d(axes)[0]
    first.set_yticks(positions, [_short(g) for g in groups], fontsize=9)
    first.invert_yaxis()
    return figure


def _short(name: str, width: int = 28) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


# -- HTML and Markdown ------------------------------------------------------------------------------------

@cache
def _template() -> Template:
    environment = Environment(loader=FileSystemLoader(TEMPLATES),
                              autoescape=select_autoescape(["j2"], default=True),
                              trim_blocks=False, lstrip_blocks=False)
    return environment.get_template("compare.html.j2")


def _md(value: Any) -> str:
    text = " ".join(("" if value is None else str(value)).split())
    return re.sub(r"([\\|`*_\[\]<>])", r"\\\1", text)


def _ci(value: Any, low: Any, high: Any, percent: bool = False) -> str:
    """A value and its interval as text; the cells come from pandas tables, hence ``Any``."""
    if value is None or math.isnan(value):
        return "-"
    value, low, high = float(value), float(low), float(high)
    if percent:
        return f"{100 * value:.0f}% ({100 * low:.0f}-{100 * high:.0f})"
    return f"{value:.2f} ({low:.2f}-{high:.2f})"


def _p(value: float) -> str:
    return "-" if value is None or math.isnan(value) else (f"{value:.2g}" if value >= 1e-4 else "< 0.0001")


def _markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    markdown = "| " + " | ".join(_md(h) for h in headers) + " |\n|" + "---|" * len(headers) + "\n"
    return markdown + "".join("| " + " | ".join(_md(c) for c in row) + " |\n" for row in rows)


def _notes(comparison: Comparison) -> list[str]:
    notes = list(comparison.notes)
    if comparison.too_small:
        more = len(comparison.too_small) - 30
        notes.insert(0, "Too small to compare: " + ", ".join(comparison.too_small[:30])
                     + (f" and {more} more" if more > 0 else ""))
    return notes


def _primary_test(comparison: Comparison) -> str | None:
    test = comparison.primary_frame_test
    if test is None or math.isnan(test.statistic):
        return None
    return (f"Primary issue frame by group: chi-square = {test.statistic:.1f}, dof = {test.dof}, "
            f"p = {_p(test.p_value)}, Cramér's V = {test.cramers_v:.2f} (n = {test.n} articles; "
            f"smallest expected count {test.min_expected:.1f}).")


def _significant_frames(comparison: Comparison) -> list[list[str]]:
    tests = comparison.frame_tests
    per_frame = tests[tests["test"] == "frame presence"].sort_values("p_value")
    significant = per_frame[per_frame["p_holm"] < 0.05]
    return [[f"{r['taxonomy']}:{r['frame']}", f"{r['chi2']:.1f}", _p(r["p_holm"]), f"{r['cramers_v']:.2f}"]
            for r in significant.to_dict("records")]


def _metric_rows(comparison: Comparison) -> list[list[str]]:
    rows = []
    for metric, table in comparison.metrics.groupby("metric", sort=False):
        by_group = table.set_index("group")
        rows.append([str(metric), *[_ci(by_group.at[g, "value"], by_group.at[g, "low"],
                                        by_group.at[g, "high"])
                                    for g in comparison.compared]])
    return rows


def _attribution_rows(comparison: Comparison) -> list[list[str]]:
    attribution = comparison.attribution.set_index(["kind", "group"])
    return [[k, *[_ci(attribution.at[(k, g), "share"], attribution.at[(k, g), "low"],
                      attribution.at[(k, g), "high"], True) for g in comparison.compared]]
            for k in dict.fromkeys(comparison.attribution["kind"])]


def _voice_rows(comparison: Comparison) -> list[list[str]]:
    rows = []
    for g in comparison.compared:
        sources = comparison.cited_sources[comparison.cited_sources["group"] == g].head(5)
        speakers = comparison.quoted_speakers[comparison.quoted_speakers["group"] == g].head(5)
        entities = comparison.entities[(comparison.entities["group"] == g)
                                       & (comparison.entities["ranking"] == "distinctive")].head(5)
        words = comparison.words[comparison.words["group"] == g].head(10)
        rows.append([g, "; ".join(f"{s} ({n})"
                                  for s, n in zip(sources["source"], sources["articles"], strict=True)),
                     "; ".join(f"{s} ({n})"
                               for s, n in zip(speakers["speaker"], speakers["articles"], strict=True)),
                     "; ".join(entities["entity"]), ", ".join(words["term"])])
    return rows


def _same_facts(comparison: Comparison, linked: Collection[str]) -> list[dict[str, Any]]:
    """The first same-fact pairs; a side whose article the report shows in full (in ``linked``) carries the
    anchor of its claim there, so its evidence id links to it."""
    facts = []
    for row in comparison.same_fact.head(MAX_SAME_FACT).to_dict("records"):
        sides = [{"group": row[f"group_{s}"], "article": row[f"article_{s}"], "claim": row[f"claim_{s}"],
                  "text": row[f"text_{s}"],
                  "anchor": claim_anchor(row[f"article_{s}"], row[f"claim_{s}"])
                  if row[f"article_{s}"] in linked else None,
                  "detail": (f"frames: {', '.join(row[f'frames_{s}']) or '-'}; "
                             f"devices: {', '.join(row[f'devices_{s}']) or '-'}; "
                             f"attribution: {row[f'attribution_{s}']}")}
                 for s in ("a", "b")]
        facts.append({"fact": row["fact"], "basis": row["basis"],
                      "articles_with_fact": row["articles_with_fact"], "sides": sides})
    return facts


def render_section(comparison: Comparison, linked: Collection[str] = ()) -> tuple[str, str]:
    """(HTML fragment, Markdown) for a comparison with at least two compared groups; evidence ids of
    articles in ``linked`` (those the report shows in full) link to the claim in the article."""
    groups = comparison.compared
    context: dict[str, Any] = {
        "by": comparison.by, "compared": groups,
        "groups": [[r["group"], str(r["articles"]), str(r["words"]), str(r["claims"])]
                   for r in comparison.groups[comparison.groups["status"] == "compared"].to_dict("records")],
        "notes": _notes(comparison), "primary_test": _primary_test(comparison),
        "significant": _significant_frames(comparison), "metrics": _metric_rows(comparison),
        "attribution": _attribution_rows(comparison), "voices": _voice_rows(comparison),
        "same_fact": _same_facts(comparison, linked),
        # Trusted markup: matplotlib's SVG with every label drawn as paths.
        "heatmap": Markup(heatmap_svg(comparison)), "metrics_chart": Markup(metrics_svg(comparison)),
    }
    html_text = _template().render(**context)
    return html_text, _markdown(comparison, context)


def _markdown(comparison: Comparison, context: dict[str, Any]) -> str:
    groups = comparison.compared
    md = [f"## Framing by {_md(comparison.by)}\n", _markdown_table(["group", "articles", "words", "claims"],
                                                                  context["groups"])]
    md += [f"\n*{_md(note)}*\n" for note in context["notes"]]
    md.append("\n### Frames (share of articles where present, 95% interval)\n")
    share, low, high = _frame_matrix(comparison)
    md.append(_markdown_table(["frame", *groups],
                              [[f, *[_ci(share.at[f, g], low.at[f, g], high.at[f, g], True) for g in groups]]
                               for f in share.index]))
    if context["primary_test"]:
        md.append(f"\n{_md(context['primary_test'])}\n")
    if context["significant"]:
        md.append("\nFrames whose presence depends on the group (Holm-adjusted p < 0.05):\n\n"
                  + _markdown_table(["frame", "chi2", "p (Holm)", "Cramér's V"], context["significant"]))
    md.append("\n### Devices, hedging, certainty (95% interval)\n"
              + _markdown_table(["metric", *groups], context["metrics"]))
    md.append("\n### Attribution of claims\n"
              + _markdown_table(["attribution", *groups], context["attribution"]))
    md.append("\n### Voices, entities and words\n" + _markdown_table(
        ["group", "cites most (articles)", "quotes most (articles)", "distinctive entities",
         "distinctive words (log-odds z)"], context["voices"]))
    md.append("\n### The same fact, framed differently\n")
    if not context["same_fact"]:
        md.append("No claims in different groups share a specific figure or pair of entities.\n")
    for fact in context["same_fact"]:
        md.append(f"\n**{_md(fact['fact'])}** ({_md(fact['basis'])}, "
                  f"in {fact['articles_with_fact']} articles)\n")
        md += [f"- **{_md(side['group'])}** `{side['article']}:{side['claim']}`: {_md(side['text'])} "
               f"({_md(side['detail'])})\n" for side in fact["sides"]]
    return "".join(md)
