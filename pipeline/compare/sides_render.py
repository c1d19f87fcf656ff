"""Rendering stories: the terminal list (``framelens stories``), one story's side-by-side
(``framelens show STORY_ID``), and the report section "Stories told by several outlets" (HTML from a
Jinja2 template with autoescape, and Markdown)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..records import Story
from .labels import frame_label
from .sides import StorySides, Version

TEMPLATES = Path(__file__).parent / "templates"
FACTS_SHOWN = 6  # per list in a side-by-side; the JSON (show --json) holds them all
ATTRIBUTION_ORDER = ("named", "vague", "self", "none")


def dates(story: Story) -> str:
    if story.start is None:
        return "undated"
    return story.start if story.start == story.end else f"{story.start} to {story.end}"


def attribution_mix(version: Version) -> str:
    total = sum(version.attribution.values())
    if not total:
        return "no claims"
    return ", ".join(
        f"{kind} {100 * version.attribution.get(kind, 0) / total:.0f}%"
        for kind in ATTRIBUTION_ORDER
        if version.attribution.get(kind)
    )


def _clip(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_story_list(
    stories: Sequence[Story], console: Console, *, total: int, notes: Sequence[str] = ()
) -> None:
    """One line per story: id, dates, outlets, article count, label."""
    table = Table(title=f"Stories ({len(stories)} shown of {total})", show_lines=False)
    for column, justify in (
        ("story", "left"),
        ("dates", "left"),
        ("outlets", "left"),
        ("articles", "right"),
        ("key terms", "left"),
    ):
        # Ids and dates are copied into other commands: never wrapped.
        table.add_column(column, justify=justify, overflow="fold", no_wrap=column in ("story", "dates"))  # type: ignore[arg-type]
    for story in stories:
        table.add_row(
            story.id,
            dates(story),
            escape(", ".join(story.sources)),
            str(len(story.article_ids)),
            escape(story.label),
        )
    console.print(table)
    for note in notes:
        console.print(f"[dim]{escape(note)}[/dim]", highlight=False)


def _version_rows(view: StorySides) -> list[tuple[str, list[str]]]:
    rows = [
        ("headline", [v.title or "(untitled)" for v in view.versions]),
        ("date", [v.published or "undated" for v in view.versions]),
        ("article", [v.article_id for v in view.versions]),
        ("words", [str(v.words) for v in view.versions]),
        ("issue frames", [", ".join(v.issue_frames) or "-" for v in view.versions]),
        ("generic frames", [", ".join(v.generic_frames) or "-" for v in view.versions]),
        ("devices / 1k words", [f"{v.devices_per_1k:.1f}" for v in view.versions]),
        ("hedges / 1k words", [f"{v.hedges_per_1k:.1f}" for v in view.versions]),
        ("attribution", [attribution_mix(v) for v in view.versions]),
        ("quotes", [", ".join(v.speakers) or "-" for v in view.versions]),
        (
            "only this version: facts",
            [
                "\n".join(
                    f"{f.label}: {_clip(f.statements[v.article_id], 120)}"
                    for f in view.only_in(v.article_id)[:FACTS_SHOWN]
                )
                or "-"
                for v in view.versions
            ],
        ),
        (
            "only this version: quoted",
            [", ".join(view.speakers_only_in(v.article_id)) or "-" for v in view.versions],
        ),
        (
            "only this version: words",
            [", ".join(view.words.get(v.article_id, [])) or "-" for v in view.versions],
        ),
        (
            "leaves out",
            [
                "\n".join(f.label for f in view.left_out(v.article_id)[:FACTS_SHOWN]) or "-"
                for v in view.versions
            ],
        ),
    ]
    return rows


def print_story(view: StorySides, console: Console) -> None:
    """One story's versions as columns, then the facts they share with each version's wording."""
    story = view.story
    console.print(f"[bold]{escape(story.label or story.id)}[/bold]")
    console.print(
        f"{story.id} · {dates(story)} · {len(story.article_ids)} article(s) from "
        f"{len(story.sources)} outlet(s)" + (f" · {story.undated} undated" if story.undated else ""),
        highlight=False,
    )
    table = Table(show_lines=True, expand=True)
    table.add_column("")
    for version in view.versions:
        table.add_column(escape(version.source), overflow="fold")
    for label, cells in _version_rows(view):
        table.add_row(label, *(escape(c) for c in cells))
    console.print(table)
    shared = view.shared_facts()
    if not shared:
        console.print("No fact (figure, or claim naming the same actors) is stated by two versions.")
        return
    facts = Table(title="Shared facts, as each version states them", show_lines=True, expand=True)
    facts.add_column("fact")
    for version in view.versions:
        facts.add_column(escape(version.source), overflow="fold")
    for fact in shared[: FACTS_SHOWN * 2]:
        facts.add_row(
            escape(fact.label),
            *(escape(_clip(fact.statements.get(v.article_id, "-"), 240)) for v in view.versions),
        )
    console.print(facts)


# -- report section ----------------------------------------------------------------------------------------


@cache
def _template() -> Template:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2"], default=True)
    )
    return environment.get_template("stories.html.j2")


def _section_context(views: Sequence[StorySides], total: int, notes: Sequence[str]) -> dict[str, Any]:
    stories = []
    for view in views:
        versions = [
            {
                "source": v.source,
                "title": v.title or "(untitled)",
                "date": v.published or "undated",
                "article_id": v.article_id,
                "words": v.words,
                # Short names (as in the comparison's heatmap): a column 250 px wide holds them.
                "issue_frames": ", ".join(map(frame_label, v.issue_frames)) or "-",
                "generic_frames": ", ".join(map(frame_label, v.generic_frames)) or "-",
                "devices": f"{v.devices_per_1k:.1f}",
                "hedges": f"{v.hedges_per_1k:.1f}",
                "attribution": attribution_mix(v),
                "speakers": ", ".join(v.speakers) or "-",
                "only_facts": [
                    (f.label, _clip(f.statements[v.article_id], 200))
                    for f in view.only_in(v.article_id)[:FACTS_SHOWN]
                ],
                "only_speakers": view.speakers_only_in(v.article_id),
                "only_words": view.words.get(v.article_id, []),
                "left_out": [f.label for f in view.left_out(v.article_id)[:FACTS_SHOWN]],
            }
            for v in view.versions
        ]
        shared = [
            {
                "label": f.label,
                "basis": f.basis,
                "cells": [_clip(f.statements.get(v.article_id, ""), 240) for v in view.versions],
            }
            for f in view.shared_facts()[:FACTS_SHOWN]
        ]
        stories.append(
            {
                "id": view.story.id,
                "label": view.story.label or view.story.id,
                "dates": dates(view.story),
                "n_articles": len(view.story.article_ids),
                "n_sources": len(view.story.sources),
                "versions": versions,
                "shared": shared,
                "shared_speakers": view.shared_speakers(),
            }
        )
    return {"stories": stories, "total": total, "notes": list(notes)}


def render_stories_section(
    views: Sequence[StorySides], *, total: int, notes: Sequence[str] = ()
) -> tuple[str, str]:
    """(HTML fragment opening ``<section id="stories">``, Markdown) for the largest stories."""
    context = _section_context(views, total, notes)
    return _template().render(**context), _markdown(context)


def _md(value: Any) -> str:
    text = " ".join(("" if value is None else str(value)).split())
    return re.sub(r"([\\|`*_\[\]<>])", r"\\\1", text)


def _markdown(context: dict[str, Any]) -> str:
    lines = ["## Stories told by several outlets\n"]
    lines += [f"*{_md(note)}*\n" for note in context["notes"]]
    for story in context["stories"]:
        lines.append(
            f"\n### {_md(story['label'])}\n\n`{story['id']}` · {story['dates']} · {story['n_articles']} "
            f"articles from {story['n_sources']} outlets\n"
        )
        header = ["", *[_md(v["source"]) for v in story["versions"]]]
        lines.append("| " + " | ".join(header) + " |\n|" + "---|" * len(header) + "\n")
        for key, label in (
            ("title", "headline"),
            ("date", "date"),
            ("issue_frames", "issue frames"),
            ("devices", "devices / 1k words"),
            ("attribution", "attribution"),
            ("speakers", "quotes"),
        ):
            lines.append("| " + " | ".join([label, *[_md(v[key]) for v in story["versions"]]]) + " |\n")
        lines.append(
            "| "
            + " | ".join(
                [
                    "only this version",
                    *[
                        _md(
                            "; ".join(label for label, _ in v["only_facts"])
                            + (" / quoted: " + ", ".join(v["only_speakers"]) if v["only_speakers"] else "")
                        )
                        or "-"
                        for v in story["versions"]
                    ],
                ]
            )
            + " |\n"
        )
        lines.append(
            "| "
            + " | ".join(["leaves out", *[_md("; ".join(v["left_out"])) or "-" for v in story["versions"]]])
            + " |\n"
        )
        for fact in story["shared"]:
            lines.append(
                f"\n**{_md(fact['label'])}**: "
                + " / ".join(
                    f"{_md(v['source'])}: {_md(cell) or '-'}"
                    for v, cell in zip(story["versions"], fact["cells"], strict=False)
                )
                + "\n"
            )
    return "".join(lines)
