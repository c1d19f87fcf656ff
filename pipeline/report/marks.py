"""The article text with its claims, sources, cues, figures, quotes and devices marked, as safe HTML.

Marks overlap freely (a figure inside a claim inside a quote), so the text is cut at every mark
boundary and each piece is wrapped in one ``<span>`` carrying the classes of every mark covering it and
a ``title`` explaining each (shown on hover). Every piece of article text and every title is escaped
here: article text is untrusted input and this is the one place HTML is built by hand.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .data import HIGH_CHECKWORTHINESS

# class -> (legend label, what it means); the template's legend and CSS use the same names.
LEGEND: dict[str, tuple[str, str]] = {
    "cl": ("claim", "a sentence the article asserts (hover for types, source, scores)"),
    "cw": ("check-worthy claim", f"check-worthiness at least {HIGH_CHECKWORTHINESS}"),
    "src": ("named source", "who the claim is attributed to"),
    "vg": ("vague source", "an unspecific authority: experts, officials, reports"),
    "cue": ("attribution cue", "the reporting verb or phrase"),
    "fig": ("figure", "a number, normalised (hover for value and subject)"),
    "q": ("quote", "words in quotation marks (hover for the speaker)"),
    "spk": ("speaker", "who is quoted"),
    "dev": ("device", "a rhetorical device (hover for which and the score)"),
}


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    cls: str
    title: str
    anchor: str | None = None  # an element id at the mark's start (claims: links from the claim lists)


def claim_anchor(article_id: str, claim_id: str) -> str:
    """The HTML id of a claim in the article text: ``#cl-ARTICLE-CLAIM`` links to it."""
    return f"cl-{article_id}-{claim_id}"


def _pct(value: Any) -> str:
    return f"{float(value):.2f}" if isinstance(value, (int, float)) else "?"


def figure_detail(fig: dict[str, Any]) -> str:
    """A figure normalised, in words: "count · value 116868 · subject: Chinese seeking asylum"."""
    parts = [f"{fig.get('kind')}"]
    if fig.get("value") is not None:
        parts.append(f"value {fig['value']:g}" + (f" {fig['unit']}" if fig.get("unit") else ""))
    if fig.get("range"):
        parts.append(f"range {fig['range'][0]:g}-{fig['range'][1]:g}")
    if fig.get("approximate"):
        parts.append("approximate" + (f" ({fig['qualifier']})" if fig.get("qualifier") else ""))
    for key in ("subject", "time", "source"):
        if fig.get(key):
            parts.append(f"{key}: {fig[key]}")
    return " · ".join(parts)


def marks_of(document: dict[str, Any]) -> list[Mark]:
    """Every mark of an analysed article, with the words of its explanation."""
    text_len = len(document["article"]["text"])
    marks: list[Mark] = []
    figures = {f["id"]: f for f in document.get("figures", [])}
    devices = {d["id"]: d for d in document.get("devices", [])}
    for claim in document.get("claims", []):
        a = claim.get("attribution") or {}
        cls = "cl cw" if float(claim.get("checkworthiness", 0)) >= HIGH_CHECKWORTHINESS else "cl"
        parts = [f"Claim {claim['id']}"]
        if claim.get("types"):
            parts.append("types: " + ", ".join(claim["types"]))
        source = a.get("entity") or a.get("source")
        parts.append(f"source: {source} ({a.get('kind')}" + (f", cue '{a['cue']}')" if a.get("cue") else ")")
                     if source else f"source: none cited ({a.get('kind', 'none')})")
        parts.append(f"check-worthiness {_pct(claim.get('checkworthiness'))}, "
                     f"certainty {_pct(claim.get('certainty'))}")
        hedges = [h["text"] for h in claim.get("hedges", [])]
        boosters = [b["text"] for b in claim.get("boosters", [])]
        if hedges:
            parts.append("hedges: " + ", ".join(hedges))
        if boosters:
            parts.append("boosters: " + ", ".join(boosters))
        frames = [f"{f['frame']} {_pct(f['score'])} "
                  f"({', '.join(e['text'] for e in f.get('evidence', [])[:3])})"
                  for f in claim.get("frames", []) if f.get("present", True)]
        if frames:
            parts.append("frames: " + "; ".join(frames))
        if claim.get("figures"):
            parts.append("figures: "
                         + ", ".join(figures.get(i, {}).get("text", i) for i in claim["figures"]))
        if claim.get("devices"):
            parts.append("devices: "
                         + ", ".join(devices.get(i, {}).get("device", i) for i in claim["devices"]))
        marks.append(Mark(claim["start"], claim["end"], cls, " · ".join(parts),
                          claim_anchor(document["article"]["id"], claim["id"])))
        if a.get("start") is not None and a.get("end") is not None:
            kind = a.get("kind")
            stance = f" [stance {a['stance']}]" if a.get("stance") else ""
            marks.append(Mark(a["start"], a["end"], "vg" if kind == "vague" else "src",
                              f"Source ({kind}): {source}" + stance))
        if a.get("cue_start") is not None and a.get("cue_end") is not None:
            marks.append(Mark(a["cue_start"], a["cue_end"], "cue", f"Attribution cue: {a.get('cue')}"))
    for fig in document.get("figures", []):
        marks.append(Mark(fig["start"], fig["end"], "fig", f"Figure: {fig['text']} · {figure_detail(fig)}"))
    for quote in document.get("quotes", []):
        speaker = quote.get("speaker") or "unknown speaker"
        marks.append(Mark(quote["start"], quote["end"], "q",
                          f"Quote ({quote.get('kind')}) · speaker: {speaker}"
                          + (f" · cue: {quote['cue']}" if quote.get("cue") else "")))
        if quote.get("speaker_start") is not None and quote.get("speaker_end") is not None:
            marks.append(Mark(quote["speaker_start"], quote["speaker_end"], "spk", f"Speaker: {speaker}"))
    for device in document.get("devices", []):
        label = device["device"] + (f" ({device['family']})" if device.get("family") else "")
        evidence = ", ".join(e["text"] for e in device.get("evidence", [])[:3])
        marks.append(Mark(device["start"], device["end"], "dev",
                          f"Device: {label} · score {_pct(device.get('score'))}"
                          + (f" · evidence: {evidence}" if evidence else "")))
    # A mark outside the text (a stale document) is dropped rather than mis-drawn.
    return [m for m in marks if 0 <= m.start < m.end <= text_len]


def mark_text(text: str, marks: list[Mark], start: int = 0, end: int | None = None) -> Markup:
    """``text[start:end]`` as escaped HTML with each mark-covered piece wrapped in a titled span."""
    end = len(text) if end is None else end
    if end <= start:
        return Markup("")  # an empty section (a heading right after a heading) has start > end
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted({start, end, *(max(m.start, start) for m in inside), *(min(m.end, end) for m in inside)})
    pieces: list[str] = []
    for a, b in itertools.pairwise(cuts):
        covering = [m for m in inside if m.start <= a and m.end >= b]
        chunk = escape(text[a:b])
        if not covering:
            pieces.append(str(chunk))
            continue
        classes = " ".join(dict.fromkeys(c for m in covering for c in m.cls.split()))
        if any(m.start == a and m.cls.startswith("cl") for m in covering):
            classes += " cs"  # a claim starts here: adjacent claims would otherwise read as one
        title = "\n".join(m.title for m in covering)
        anchor = next((m.anchor for m in covering if m.anchor and m.start == a), None)
        id_attr = f' id="{escape(anchor)}"' if anchor else ""
        pieces.append(f'<span{id_attr} class="{escape(classes)}" title="{escape(title)}">{chunk}</span>')
    return Markup("".join(pieces))
