"""The comparison section of the HTML report (escaped fragment with inline SVG charts) and its Markdown.

Charts are drawn by matplotlib with the Agg backend and embedded as SVG with text drawn as paths, so
no article-derived string reaches the page unescaped (group names are untrusted input too).
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd

from ..report.marks import claim_anchor
from .core import Comparison
from .labels import frame_label

CHART_METRICS = ("devices per 1k words", "hedges per 1k words", "mean claim certainty", "mean check-worthiness")
MAX_SAME_FACT = 10
MAX_FRAMES = 24


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
    for i in range(rows):
        for j in range(cols):
            value = share.iat[i, j]
            if value is None or math.isnan(value):
                continue
            axis.text(j, i, f"{100 * value:.0f}%\n{100 * low.iat[i, j]:.0f}-{100 * high.iat[i, j]:.0f}",
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
    figure, axes = plt.subplots(1, len(CHART_METRICS), figsize=(2.6 * len(CHART_METRICS), 0.38 * len(groups) + 1.5),
                                sharey=True)
    positions = np.arange(len(groups))
    for axis, metric in zip(np.atleast_1d(axes), CHART_METRICS, strict=True):
        rows = comparison.metrics[comparison.metrics["metric"] == metric].set_index("group").reindex(groups)
        value = rows["value"].to_numpy(dtype=float)
        errors = np.vstack([value - rows["low"].to_numpy(dtype=float), rows["high"].to_numpy(dtype=float) - value])
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

def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _md(value: Any) -> str:
    text = " ".join(("" if value is None else str(value)).split())
    return re.sub(r"([\\|`*_\[\]<>])", r"\\\1", text)


def _ci(value: float, low: float, high: float, percent: bool = False) -> str:
    if value is None or math.isnan(value):
        return "-"
    if percent:
        return f"{100 * value:.0f}% ({100 * low:.0f}-{100 * high:.0f})"
    return f"{value:.2f} ({low:.2f}-{high:.2f})"


def _p(value: float) -> str:
    return "-" if value is None or math.isnan(value) else (f"{value:.2g}" if value >= 1e-4 else "< 0.0001")


def _table(headers: list[str], rows: list[list[str]]) -> tuple[str, str]:
    """The same table as HTML (cells escaped here) and Markdown."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    markdown = "| " + " | ".join(_md(h) for h in headers) + " |\n|" + "---|" * len(headers) + "\n"
    markdown += "".join("| " + " | ".join(_md(c) for c in row) + " |\n" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>", markdown


def _evidence_id(article: str, claim: str, linked: Collection[str]) -> str:
    """An evidence id as HTML: a link to the claim in its article when the report shows that article."""
    uid = f"{article}:{claim}"
    if article in linked:
        return f'<a class="evidence" href="#{_e(claim_anchor(article, claim))}"><code>{_e(uid)}</code></a>'
    return f"<code>{_e(uid)}</code>"


def render_section(comparison: Comparison, linked: Collection[str] = ()) -> tuple[str, str]:
    """(HTML fragment, Markdown) for a comparison with at least two compared groups; evidence ids of
    articles in ``linked`` (those the report shows in full) link to the claim in the article."""
    groups = comparison.compared
    parts: list[str] = [f'<section class="compare" id="compare"><h2>Framing by {_e(comparison.by)}</h2>']
    md: list[str] = [f"## Framing by {_md(comparison.by)}\n"]

    rows = [[r["group"], str(r["articles"]), str(r["words"]), str(r["claims"])]
            for r in comparison.groups[comparison.groups["status"] == "compared"].to_dict("records")]
    h, m = _table(["group", "articles", "words", "claims"], rows)
    parts.append(h)
    md.append(m)
    notes = list(comparison.notes)
    if comparison.too_small:
        notes.insert(0, "Too small to compare: " + ", ".join(comparison.too_small[:30])
                     + (f" and {len(comparison.too_small) - 30} more" if len(comparison.too_small) > 30 else ""))
    for note in notes:
        parts.append(f'<p class="note">{_e(note)}</p>')
        md.append(f"\n*{_md(note)}*\n")

    parts.append('<h3>Frames</h3><figure class="chart chart-scroll">' + heatmap_svg(comparison) + "</figure>")
    md.append("\n### Frames (share of articles where present, 95% interval)\n")
    share, low, high = _frame_matrix(comparison)
    _, m = _table(["frame", *groups], [[f, *[_ci(share.at[f, g], low.at[f, g], high.at[f, g], True) for g in groups]]
                                       for f in share.index])
    md.append(m)
    test = comparison.primary_frame_test
    if test is not None and not math.isnan(test.statistic):
        sentence = (f"Primary issue frame by group: chi-square = {test.statistic:.1f}, dof = {test.dof}, "
                    f"p = {_p(test.p_value)}, Cramér's V = {test.cramers_v:.2f} (n = {test.n} articles; "
                    f"smallest expected count {test.min_expected:.1f}).")
        parts.append(f"<p>{_e(sentence)}</p>")
        md.append(f"\n{_md(sentence)}\n")
    per_frame = comparison.frame_tests[comparison.frame_tests["test"] == "frame presence"].sort_values("p_value")
    significant = per_frame[per_frame["p_holm"] < 0.05]
    if not significant.empty:
        h, m = _table(["frame", "chi2", "p (Holm)", "Cramér's V"],
                      [[f"{r['taxonomy']}:{r['frame']}", f"{r['chi2']:.1f}", _p(r["p_holm"]), f"{r['cramers_v']:.2f}"]
                       for r in significant.to_dict("records")])
        parts.append("<p>Frames whose presence depends on the group (Holm-adjusted p &lt; 0.05):</p>" + h)
        md.append("\nFrames whose presence depends on the group (Holm-adjusted p < 0.05):\n\n" + m)

    parts.append('<h3>Devices, hedging, certainty</h3><figure class="chart chart-scroll">' + metrics_svg(comparison)
                 + "</figure>")
    md.append("\n### Devices, hedging, certainty (95% interval)\n")
    metric_rows = []
    for metric, table in comparison.metrics.groupby("metric", sort=False):
        by_group = table.set_index("group")
        metric_rows.append([metric, *[_ci(by_group.at[g, "value"], by_group.at[g, "low"], by_group.at[g, "high"])
                                      for g in groups]])
    h, m = _table(["metric", *groups], metric_rows)
    parts.append(h)
    md.append(m)

    attribution = comparison.attribution.set_index(["kind", "group"])
    h, m = _table(["attribution", *groups],
                  [[k, *[_ci(attribution.at[(k, g), "share"], attribution.at[(k, g), "low"],
                             attribution.at[(k, g), "high"], True) for g in groups]]
                   for k in dict.fromkeys(comparison.attribution["kind"])])
    parts.append("<h3>Attribution of claims</h3>" + h)
    md.append("\n### Attribution of claims\n" + m)

    voices = []
    for g in groups:
        sources = comparison.cited_sources[comparison.cited_sources["group"] == g].head(5)
        speakers = comparison.quoted_speakers[comparison.quoted_speakers["group"] == g].head(5)
        entities = comparison.entities[(comparison.entities["group"] == g)
                                       & (comparison.entities["ranking"] == "distinctive")].head(5)
        words = comparison.words[comparison.words["group"] == g].head(10)
        voices.append([g, "; ".join(f"{s} ({n})" for s, n in zip(sources["source"], sources["articles"])),
                       "; ".join(f"{s} ({n})" for s, n in zip(speakers["speaker"], speakers["articles"])),
                       "; ".join(entities["entity"]), ", ".join(words["term"])])
    h, m = _table(["group", "cites most (articles)", "quotes most (articles)", "distinctive entities",
                   "distinctive words (log-odds z)"], voices)
    parts.append("<h3>Voices, entities and words</h3>" + h)
    md.append("\n### Voices, entities and words\n" + m)

    parts.append("<h3>The same fact, framed differently</h3>")
    md.append("\n### The same fact, framed differently\n")
    if comparison.same_fact.empty:
        parts.append("<p>No claims in different groups share a specific figure or pair of entities.</p>")
        md.append("No claims in different groups share a specific figure or pair of entities.\n")
    for row in comparison.same_fact.head(MAX_SAME_FACT).to_dict("records"):
        parts.append(f'<div class="same-fact"><h4>{_e(row["fact"])} <small>({_e(row["basis"])}, in '
                     f'{_e(row["articles_with_fact"])} articles)</small></h4><div class="side-by-side">')
        md.append(f"\n**{_md(row['fact'])}** ({_md(row['basis'])}, in {row['articles_with_fact']} articles)\n")
        for s in ("a", "b"):
            detail = (f"frames: {', '.join(row[f'frames_{s}']) or '-'}; devices: {', '.join(row[f'devices_{s}']) or '-'};"
                      f" attribution: {row[f'attribution_{s}']}")
            parts.append(f'<blockquote data-article="{_e(row[f"article_{s}"])}" data-claim="{_e(row[f"claim_{s}"])}">'
                         f"<p><strong>{_e(row[f'group_{s}'])}</strong> "
                         f"{_evidence_id(row[f'article_{s}'], row[f'claim_{s}'], linked)}</p><p>{_e(row[f'text_{s}'])}</p>"
                         f'<p class="meta">{_e(detail)}</p></blockquote>')
            md.append(f"- **{_md(row[f'group_{s}'])}** `{row[f'article_{s}']}:{row[f'claim_{s}']}`: "
                      f"{_md(row[f'text_{s}'])} ({_md(detail)})\n")
        parts.append("</div></div>")
    parts.append("</section>")
    return "".join(parts), "".join(md)
