"""The report as Markdown: the same sections as the HTML, with tables where the HTML has charts.

Article text is untrusted: every piece goes through :func:`md`, which escapes HTML (many Markdown
renderers pass raw HTML through) and the characters Markdown would read as formatting or table cells.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote

from .data import ClaimRow, ReportData, display_title

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md(value: Any) -> str:
    """Text safe inside Markdown (and Markdown table cells): one line, HTML and markup escaped."""
    text = " ".join(str(value if value is not None else "").split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def md_url(url: str | None) -> str:
    """An http(s) URL as an autolink; other schemes are shown as text, never linked."""
    from . import safe_url

    safe = safe_url(url)
    if not safe:
        return md(url) if url else ""
    return f"<{quote(safe, safe=':/?&=#%+,;@!$*~.-_')}>"


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _claim_line(i: int, c: ClaimRow) -> str:
    source = f"{c.kind}: {md(c.source)}" if c.source else f"{c.kind}: no source cited"
    cue = f" ({md(c.cue)})" if c.cue else ""
    types = f"; {md(', '.join(c.types))}" if c.types else ""
    return (f"{i}. {md(c.text)}  \n   check-worthiness {c.checkworthiness:.2f}, certainty {c.certainty:.2f}; "
            f"{source}{cue}{types}; *{md(c.article_title)}* ({md(c.article_source)})")


def render_markdown(data: ReportData, compare_md: str | None = None, stories_md: str | None = None) -> str:
    lines = [f"# {md(data.title)}", "",
             f"{data.n_analysed} analysed article(s) from {len(data.sources)} outlet(s).", "",
             "## Overview", ""]
    lines += _table(["articles", "sources", "words", "claims", "figures", "quotes", "devices", "entities"],
                    [[f"{data.n_analysed:,}", len(data.sources), f"{data.n_words:,}",
                      f"{data.counts['claims']:,}", f"{data.counts['figures']:,}",
                      f"{data.counts['quotes']:,}", f"{data.counts['devices']:,}",
                      f"{data.counts['entities']:,}"]])
    if data.n_analysed < data.n_articles:
        lines += [f"{data.n_articles - data.n_analysed} ingested article(s) are not analysed yet.", ""]
    for taxonomy, shares in data.frame_shares.items():
        lines += [f"### {taxonomy.capitalize()} frames (mean share of an article's framing)", ""]
        lines += _table(["frame", "share", "articles"],
                        [[md(f), f"{100 * s:.0f}%", data.frame_articles[(taxonomy, f)]]
                         for f, s in shares.items()])
    if data.devices:
        lines += ["### Devices per 1,000 words", ""]
        lines += _table(["device", "count", "per 1,000 words"],
                        [[md(d), data.devices[d], f"{v:.2f}"] for d, v in data.devices_per_1000.items()])
    lines += ["### Sources most cited", "",
              "Claims by source kind: " + ", ".join(f"{k} {data.attribution_kinds[k]}"
                                                    for k in ("named", "vague", "self", "none")
                                                    if data.attribution_kinds.get(k)), ""]
    if data.cited:
        lines += _table(["source", "how", "claims", "articles", "cues"],
                        [[md(s.name), s.kind, s.claims, len(s.articles),
                          md(", ".join(c for c, _ in s.cues.most_common(3)))]
                         for s in data.cited[:25]])
    lines += ["### Outlets", ""]
    lines += _table(["outlet", "articles", "words", "devices / 1,000 words"],
                    [[md(o), n, f"{data.words_by_source[o]:,}",
                      f"{1000 * data.devices_by_source[o] / max(data.words_by_source[o], 1):.2f}"]
                     for o, n in data.sources.most_common(25)])
    lines += ["## Most check-worthy claims", ""]
    lines += [_claim_line(i, c) for i, c in enumerate(data.top_claims, 1)] or ["No claims."]
    lines += ["", "## Claims on vague authority", ""]
    lines += ([_claim_line(i, c) for i, c in enumerate(data.vague_claims, 1)]
              or ["No claim rests on a vague source."])
    lines += ["", "## Claims", ""]
    if data.counts["claims"] > len(data.claims):
        lines += [(f"The {len(data.claims)} most check-worthy of {data.counts['claims']:,} claims; "
                   "every claim is in `framelens export claims`."), ""]
    lines += _table(["claim", "article", "source cited", "types", "figures", "certainty", "check-worthiness",
                     "frames", "devices"],
                    [[md(c.text), f"{md(c.article_title)} ({md(c.article_source)})",
                      f"{c.kind}: {md(c.source or '')}" + (f" ({md(c.cue)})" if c.cue else ""),
                      md(", ".join(c.types)), md(", ".join(c.figures)), f"{c.certainty:.2f}",
                      f"{c.checkworthiness:.2f}", md(", ".join(f"{f} {s:.2f}" for f, s in c.frames[:3])),
                      md(", ".join(c.devices))] for c in data.claims])
    if stories_md:
        lines += [stories_md.rstrip(), ""]  # the stories section's own Markdown (trusted: our code)
    if compare_md:
        lines += [compare_md.rstrip(), ""]  # the compare engine's own Markdown (trusted: our code)
    lines += ["## Articles", ""]
    if data.n_analysed > len(data.articles):
        lines += [(f"The {len(data.articles)} most claim-rich of {data.n_analysed:,} articles; "
                   "every article is in `framelens export articles`."), ""]
    for document in data.articles:
        lines += _article(document)
    return "\n".join(lines).rstrip() + "\n"


def _frame_list(frames: list[dict[str, Any]]) -> str:
    present = sorted((f for f in frames if f.get("present", True)), key=lambda f: -float(f.get("score", 0)))
    return ", ".join(f"{md(f['frame'])} {float(f['score']):.2f}" for f in present) or "none found"


def _article(document: dict[str, Any]) -> list[str]:
    article = document["article"]
    text = article["text"]
    meta = [md(article.get("source")), md(article.get("published") or "no date")]
    if article.get("url"):
        meta.append(md_url(article["url"]))
    lines = [f"### {md(display_title(article))}", "",
             " · ".join(meta) + f" · {len(document.get('claims', []))} claims · id `{article['id']}`", "",
             f"Frames: {_frame_list(document.get('frames', []))}", ""]
    sections = document.get("sections") or []
    if len(sections) > 1 or any(s.get("heading") for s in sections):
        lines += ["Sections:", ""]
        lines += [f"- {md(s.get('heading') or '(opening)')}: {_frame_list(s.get('frames', []))}"
                  for s in sections]
        lines.append("")
    figures = {f["id"]: f["text"] for f in document.get("figures", [])}
    if document.get("claims"):
        lines += ["Claims:", ""]
        for claim in document["claims"]:
            a = claim.get("attribution") or {}
            source = a.get("entity") or a.get("source")
            extras = [f"{a.get('kind', 'none')}: {md(source)}" if source else f"{a.get('kind', 'none')}"]
            if a.get("cue"):
                extras.append(f"cue {md(a['cue'])}")
            if claim.get("types"):
                extras.append(md(", ".join(claim["types"])))
            if claim.get("figures"):
                extras.append("figures " + md(", ".join(figures.get(f, f) for f in claim["figures"])))
            extras.append(f"check-worthiness {float(claim.get('checkworthiness', 0)):.2f}")
            lines.append(f"- {md(text[claim['start']:claim['end']])} ({'; '.join(extras)})")
        lines.append("")
    if document.get("devices"):
        lines += ["Devices: " + "; ".join(f"{md(d['device'])} \u201c{md(d['text'])}\u201d "
                                           f"({float(d.get('score', 0)):.2f})"
                                           for d in document["devices"]), ""]
    if document.get("quotes"):
        lines += ["Quotes:", ""]
        lines += [f"- \u201c{md(q['text'])}\u201d ({md(q.get('kind'))}), "
                  f"{md(q.get('speaker') or 'unknown speaker')}"
                  for q in document["quotes"]]
        lines.append("")
    entities = sorted(document.get("entities", []), key=lambda e: (-int(e.get("count", 0)), e["canonical"]))
    if entities:
        lines += ["Entities: " + ", ".join(f"{md(e['canonical'])} ({md(e['label'])}) \u00d7{e['count']}"
                                            for e in entities[:20]), ""]
    return lines
