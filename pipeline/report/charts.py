"""The report's charts as inline SVG strings (matplotlib, Agg backend: no display, no files, no network).

Text stays text in the SVG (``svg.fonttype: none``) so charts are small, searchable and use the page's
font; the hash salt makes the SVG ids, and therefore the report, identical across runs.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")  # must precede pyplot: the report is written on servers without a display

import matplotlib.pyplot as plt

# Typed dict[Any, Any]: matplotlib types rc keys as a Literal of every rc name.
STYLE: dict[Any, Any] = {"svg.fonttype": "none", "svg.hashsalt": "framelens", "font.size": 9,
                         "axes.spines.top": False, "axes.spines.right": False, "font.family": "sans-serif"}
COLOURS = {"issue": "#1c7ed6", "generic": "#f08c00", "devices": "#e03131", "named": "#2f9e44",
           "vague": "#e03131", "self": "#7048e8", "none": "#adb5bd"}


def _svg(fig: plt.Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    # Inline SVG needs no XML prolog or DOCTYPE; drop everything before the root element.
    svg = svg[svg.index("<svg"):]
    return svg.replace("<svg ", '<svg role="img" class="chart" ', 1)


def _barh(ax: plt.Axes, labels: list[str], values: list[float], colour: str, fmt: str) -> None:
    positions = range(len(labels))[::-1]  # largest on top
    ax.barh(list(positions), values, color=colour, height=0.7)
    ax.set_yticks(list(positions), labels)
    for y, v in zip(positions, values, strict=True):
        ax.text(v, y, " " + fmt.format(v), va="center", fontsize=8)
    ax.set_xlim(0, max(values) * 1.25 if values and max(values) > 0 else 1)
    ax.tick_params(axis="y", length=0)


def frame_chart(frame_shares: dict[str, dict[str, float]], *, top: int = 20) -> str | None:
    """Horizontal bars: each frame's mean share of an article's framing, issue and generic side by side.
    Every frame found is drawn (15 issue and 5 generic frames at most), as the Markdown lists them."""
    taxonomies = [t for t in ("issue", "generic") if frame_shares.get(t)]
    taxonomies += [t for t in frame_shares if t not in taxonomies and frame_shares[t]]
    if not taxonomies:
        return None
    rows = max(min(len(frame_shares[t]), top) for t in taxonomies)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(taxonomies), figsize=(4.6 * len(taxonomies), 0.32 * rows + 1.0),
                                 squeeze=False)
        for ax, taxonomy in zip(axes[0], taxonomies, strict=True):
            items = list(frame_shares[taxonomy].items())[:top]
            _barh(ax, [f.replace("_", " ") for f, _ in items], [100 * s for _, s in items],
                  COLOURS.get(taxonomy, "#495057"), "{:.0f}%")
            ax.set_title(f"{taxonomy} frames: mean share of an article's framing", fontsize=9, loc="left")
        fig.tight_layout()
        return _svg(fig)


def devices_chart(per_1000: dict[str, float], *, top: int = 40) -> str | None:
    """Horizontal bars: devices per 1,000 words across the corpus, every device found (the Markdown's
    list)."""
    items = list(per_1000.items())[:top]
    if not items:
        return None
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(5.2, 0.3 * len(items) + 0.9))
        _barh(ax, [d.replace("_", " ") for d, _ in items], [v for _, v in items], COLOURS["devices"],
              "{:.2f}")
        ax.set_title("devices per 1,000 words", fontsize=9, loc="left")
        fig.tight_layout()
        return _svg(fig)


def attribution_chart(kinds: dict[str, int]) -> str | None:
    """One stacked bar: how claims are sourced (named, vague, self, none)."""
    total = sum(kinds.values())
    if not total:
        return None
    order = [k for k in ("named", "vague", "self", "none") if kinds.get(k)]
    order += [k for k in kinds if k not in order and kinds[k]]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 0.9))
        left = 0.0
        for kind in order:
            share = 100 * kinds[kind] / total
            ax.barh([0], [share], left=left, color=COLOURS.get(kind, "#868e96"), height=0.6)
            if share >= 7:
                ax.text(left + share / 2, 0, f"{kind} {share:.0f}%", ha="center", va="center", fontsize=8,
                        color="white")
            left += share
        ax.set_xlim(0, 100)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_title("claims by source cited (% of claims)", fontsize=9, loc="left")
        fig.tight_layout()
        return _svg(fig)
