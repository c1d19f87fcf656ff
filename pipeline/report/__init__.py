"""The corpus report: one self-contained HTML file (inline CSS, SVG charts and script; no network) and
the same content as Markdown.

A reader sees what the corpus claims and how it is framed: an overview with charts, the sources most
cited and how, the most check-worthy claims, claims on vague authority, a sortable and filterable
claims table, and each article's text with its claims, sources, figures, quotes and devices marked.
Large corpora are capped (the notes in the report say how); the exports hold everything.

Article text is untrusted input: templates autoescape, the hand-built marked text escapes each piece
(:mod:`.marks`), URLs other than http(s) are dropped, and a Content-Security-Policy lets only the
report's own script run. Reads the store only; never loads spaCy.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Collection
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..outputs import atomic_text, ensure_folder
from .charts import attribution_chart, devices_chart, frame_chart
from .data import HIGH_CHECKWORTHINESS, ReportData, collect, display_title
from .markdown import md, render_markdown
from .marks import LEGEND, claim_anchor, figure_detail, mark_text, marks_of

__all__ = ["collect", "compare_section", "render_html", "stories_section", "write_report"]

TEMPLATES = Path(__file__).parent / "templates"
MAX_SOURCES = 25
MAX_OUTLETS = 25
MAX_ENTITIES = 20


def compare_section(store: Any, *, by: str = "source", min_articles: int = 5, top: int = 10,
                    article_ids: Collection[str] | None = None, linked: Collection[str] = (),
                    min_device_score: float | None = None) -> tuple[str, str]:
    """The comparison across groups (HTML fragment, Markdown), or a note saying why there is none.

    ``article_ids`` limits the comparison to those articles (as the rest of the report); evidence ids
    of the articles in ``linked`` (shown in full) link to their claims. The HTML is trusted (our code
    escapes every article-derived string) and opens ``<section id="compare">``.
    """
    from ..compare import CompareError, compare_tables, load_tables
    from ..compare.report import render_section

    tables = load_tables(store, min_device_score)
    analysed = store.analysed_ids()
    if article_ids is not None:
        wanted = set(article_ids)
        tables["articles"] = tables["articles"][tables["articles"]["id"].isin(wanted)]
        analysed &= wanted
    try:
        comparison = compare_tables(tables, by, analysed=analysed, top=top, min_articles=min_articles)
    except CompareError as error:
        return _compare_note(by, f"{error}.")
    if len(comparison.compared) >= 2:
        return render_section(comparison, linked)
    sizes = ", ".join(f"{row['group']} {row['articles']}"
                      for row in comparison.groups.head(8).to_dict("records"))
    more = len(comparison.groups) - 8
    return _compare_note(by, f"it needs two groups of at least {min_articles} articles each, and "
                             f"{len(comparison.compared) or 'none'} of {len(comparison.groups)} has that "
                             f"many (articles per group: {sizes}{f' and {more} more' if more > 0 else ''}). "
                             "Lower the bar with `--min-articles`, or group by another field with `--by` "
                             "(`framelens report --by bias_text --min-articles 3`).")


def stories_section(store: Any, *, article_ids: Collection[str] | None = None, limit: int = 5,
                    min_device_score: float | None = None) -> tuple[str, str]:
    """The section "Stories told by several outlets" (HTML fragment opening ``<section id="stories">``,
    Markdown): the ``limit`` stories told by the most outlets, each version side by side. The HTML is
    trusted: a Jinja2 template with autoescape renders every article-derived string."""
    from ..compare.sides import stories_section as render

    return render(store, article_ids=article_ids, limit=limit, min_device_score=min_device_score)


def _compare_note(by: str, reason: str) -> tuple[str, str]:
    sentence = f"No comparison by {by}: {reason}"
    section = Markup('<section id="compare"><h2>Comparison</h2><p class="note">{}</p></section>')
    return str(section.format(sentence)), f"## Comparison\n\n{md(sentence)}\n"


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s); anything else (``javascript:``, ``data:``) is not linked."""
    if not url:
        return None
    return url if urlparse(url.strip()).scheme.lower() in ("http", "https") else None


def _frames(frames: list[dict[str, Any]], *, min_score: float = 0.05, top: int = 6) -> list[dict[str, Any]]:
    """Present frames worth a chip: issue frames first, strongest first; traces below min_score are noise."""
    present = [f for f in frames if f.get("present", True) and float(f.get("score", 0)) >= min_score]
    present.sort(key=lambda f: (f.get("taxonomy", "issue") != "issue", -float(f.get("score", 0))))
    issue = [f for f in present if f.get("taxonomy", "issue") == "issue"][:top]
    present = issue + [f for f in present if f.get("taxonomy", "issue") != "issue"][:top]
    return [{"frame": f["frame"], "taxonomy": f.get("taxonomy", "issue"), "score": float(f.get("score", 0)),
             "evidence": ", ".join(e["text"] for e in f.get("evidence", [])[:5])} for f in present]


def article_view(document: dict[str, Any]) -> dict[str, Any]:
    """One article ready for the template: metadata, sections with marked text, quotes, entities."""
    article = document["article"]
    text = article["text"]
    marks = marks_of(document)
    sections = []
    stored = document.get("sections") or []
    for section in stored:
        sections.append({"heading": section.get("heading"), "frames": _frames(section.get("frames", [])),
                         "html": mark_text(text, marks, section["start"], section["end"])})
    if not stored:
        sections.append({"heading": None, "frames": [], "html": mark_text(text, marks)})
    entities = sorted(document.get("entities", []), key=lambda e: (-int(e.get("count", 0)), e["canonical"]))
    items = marked_items(document)
    return {
        "id": article["id"], "title": display_title(article),
        "source": article.get("source"), "published": article.get("published"),
        "url": safe_url(article.get("url")),
        "authors": article.get("authors") or [], "n_words": int(article.get("n_words") or len(text.split())),
        "n_claims": len(document.get("claims", [])), "frames": _frames(document.get("frames", [])),
        "sections": sections, "quotes": document.get("quotes", []), "entities": entities[:MAX_ENTITIES],
        "more_entities": max(0, len(entities) - MAX_ENTITIES), **items,
    }


def marked_items(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """What the marks' hover titles say, as lists a reader sees without hovering (touch screens,
    print): each claim with its source, scores and cues; each figure normalised; each device."""
    article_id = document["article"]["id"]
    devices = {d["id"]: d for d in document.get("devices", [])}
    claims = []
    for claim in document.get("claims", []):
        attribution = claim.get("attribution") or {}
        claims.append({
            "text": claim["text"], "anchor": claim_anchor(article_id, claim["id"]),
            "kind": attribution.get("kind") or "none",
            "source": attribution.get("entity") or attribution.get("source"), "cue": attribution.get("cue"),
            "types": claim.get("types", []), "checkworthiness": float(claim.get("checkworthiness", 0)),
            "certainty": float(claim.get("certainty", 0)),
            "hedges": [h["text"] for h in claim.get("hedges", [])],
            "boosters": [b["text"] for b in claim.get("boosters", [])],
            "frames": [f"{f['frame']} ({', '.join(e['text'] for e in f.get('evidence', [])[:3])})"
                       for f in claim.get("frames", []) if f.get("present", True)],
            "devices": [devices[d]["device"] for d in claim.get("devices", []) if d in devices],
        })
    figures = [{"text": f["text"], "detail": figure_detail(f)} for f in document.get("figures", [])]
    shown_devices = [{"name": d["device"] + (f" ({d['family']})" if d.get("family") else ""),
                      "text": d["text"], "score": float(d.get("score", 0)),
                      "evidence": ", ".join(e["text"] for e in d.get("evidence", [])[:3])}
                     for d in document.get("devices", [])]
    return {"claims": claims, "figures": figures, "devices": shown_devices}


def _outlets(data: ReportData) -> list[dict[str, Any]]:
    return [{"source": source, "articles": n, "words": data.words_by_source[source],
             "devices_per_1000": 1000 * data.devices_by_source[source] / max(data.words_by_source[source], 1)}
            for source, n in data.sources.most_common(MAX_OUTLETS)]


def _script() -> tuple[Markup, str]:
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return Markup(script), f"sha256-{digest}"


def render_html(data: ReportData, compare_html: str | None = None, stories_html: str | None = None) -> str:
    """The report page for collected data."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    script, script_hash = _script()
    charts = {name: Markup(svg) if svg else None for name, svg in (
        ("frames", frame_chart(data.frame_shares)), ("devices", devices_chart(data.devices_per_1000)),
        ("attribution", attribution_chart(dict(data.attribution_kinds))))}
    claim_types = sorted({t for c in data.claims for t in c.types})
    return env.get_template("report.html.j2").render(
        title=data.title, data=data, charts=charts, cited=data.cited[:MAX_SOURCES], outlets=_outlets(data),
        attribution_kinds=[(k, data.attribution_kinds[k]) for k in ("named", "vague", "self", "none")
                           if data.attribution_kinds.get(k)],
        claim_types=claim_types, high=HIGH_CHECKWORTHINESS, legend=list(LEGEND.items()),
        articles=[article_view(d) for d in data.articles],
        compare_html=Markup(compare_html) if compare_html else None,
        stories_html=Markup(stories_html) if stories_html else None,
        script=script, script_hash=script_hash, version=__version__,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_report(store: Any, out_dir: str | Path, *, title: str = "framelens report", max_claims: int = 500,
                 max_articles: int = 50, by: str = "source", min_articles: int = 5,
                 article_ids: Collection[str] | None = None,
                 min_device_score: float | None = None) -> list[Path]:
    """Write ``report.html`` and ``report.md`` into ``out_dir``; returns their paths.

    ``max_claims`` caps the claims table (the most check-worthy are kept) and ``max_articles`` the
    articles shown in full (the most claim-rich); the report says when it capped. The comparison groups
    articles by ``by`` and compares groups of at least ``min_articles``; ``article_ids`` limits the
    whole report to those articles (None: every article in the store). Devices below ``min_device_score``
    (default: the shipped threshold) are not shown; each shown device carries its score.
    """
    out = ensure_folder(Path(out_dir))
    data = collect(store, title=title, max_claims=max_claims, max_articles=max_articles,
                   article_ids=article_ids, min_device_score=min_device_score)
    compare_html, compare_md = compare_section(store, by=by, min_articles=min_articles,
                                               article_ids=article_ids,
                                               linked={d["article"]["id"] for d in data.articles},
                                               min_device_score=min_device_score)
    stories_html, stories_md = stories_section(store, article_ids=article_ids,
                                               min_device_score=min_device_score)
    html_path, md_path = out / "report.html", out / "report.md"
    html = render_html(data, compare_html, stories_html)
    markdown = render_markdown(data, compare_md, stories_md)
    for path, text in ((html_path, html), (md_path, markdown)):
        with atomic_text(path) as stream:  # a killed run leaves the old report whole, never half
            stream.write(text)
    return [html_path, md_path]
