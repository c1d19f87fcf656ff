"""``framelens show``: one article's sections with their frames, its claims with attribution and devices."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def _frames(frames: list[dict[str, Any]], top: int = 3) -> str:
    ranked = sorted(frames, key=lambda f: -f["score"])[:top]
    return ", ".join(f"{f['frame']} ({f['score']:.2f}: {escape(_first_words(f['evidence']))})"
                     for f in ranked) or "-"


def _first_words(evidence: list[dict[str, Any]], n: int = 3) -> str:
    return "; ".join(e["text"] for e in evidence[:n])


def render_article(document: dict[str, Any], console: Console) -> None:
    """Print the analysis document of one article for a reader at a terminal."""
    article = document["article"]
    console.print(f"[bold]{escape(article.get('title') or '(untitled)')}[/bold]")
    console.print(f"{escape(article['source'])} · {article.get('published') or 'no date'} · "
                  f"{article['n_words']} words · id {article['id']}"
                  + (f"\n{escape(article['url'])}" if article.get("url") else ""), highlight=False)
    generic = [f for f in document["frames"] if f["taxonomy"] == "generic" and f["present"]]
    issue = [f for f in document["frames"] if f["taxonomy"] == "issue"]
    console.print(f"\n[bold]Frames[/bold] issue: {_frames(issue)}")
    console.print(f"        generic: {', '.join(f['frame'] for f in generic) or '-'}")

    console.print("\n[bold]Sections[/bold]")
    for section in document["sections"]:
        console.print(f"  {section['id']} [cyan]{escape(section['heading'] or '(opening)')}[/cyan]: "
                      f"{_frames(section['frames'], 2)}", highlight=False)

    devices = {d["id"]: d for d in document["devices"]}
    table = Table(title=f"Claims ({len(document['claims'])})", show_lines=True, expand=True)
    for column in ("claim", "source (cue)", "types", "cert.", "check", "devices"):
        table.add_column(column)
    for claim in document["claims"]:
        attribution = claim["attribution"]
        source = (f"{attribution['source']} [{attribution['kind']}]" if attribution["source"]
                  else attribution["kind"])
        if attribution.get("cue"):
            source += f" ({attribution['cue']})"
        names = [f"{devices[i]['device']}: {devices[i]['text']} ({float(devices[i].get('score', 0)):.2f})"
                 for i in claim["devices"] if i in devices]
        table.add_row(escape(claim["text"]), escape(source), ", ".join(claim["types"]),
                      f"{claim['certainty']:.2f}", f"{claim['checkworthiness']:.2f}",
                      escape("; ".join(names)))
    console.print(table)
    if document["quotes"]:
        console.print("[bold]Quotes[/bold]")
        for quote in document["quotes"]:
            speaker = escape(quote["speaker"] or "-")
            console.print(f"  [{quote['kind']}] “{escape(quote['text'])}” — {speaker}", highlight=False)
    if document["figures"]:
        console.print("[bold]Figures[/bold]")
        for figure in document["figures"]:
            console.print(f"  {escape(figure['text'])} = {figure['value']} {figure['kind']}"
                          f"{' ~' if figure['approximate'] else ''} · {escape(figure.get('subject') or '-')}"
                          f" · {escape(figure.get('time') or '-')}"
                          f" · source {escape(figure.get('source') or '-')}",
                          highlight=False)


ITEM_KINDS = ("claims", "quotes", "figures", "devices", "entities")


def render_item(document: dict[str, Any], item_id: str, console: Console) -> bool:
    """Print one claim, quote, figure, device or entity of the article by its id; False when none has it."""
    for kind in ITEM_KINDS:
        item = next((i for i in document.get(kind, []) if i.get("id") == item_id), None)
        if item is None:
            continue
        text = item.get("text") or item.get("canonical") or ""
        console.print(f"\n[bold]{kind[:-1].capitalize()} {item_id}[/bold]: “{escape(text)}”", highlight=False)
        for key, value in item.items():
            if key in ("id", "text") or value in (None, [], {}, ""):
                continue
            if isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in value.items() if v not in (None, "", []))
            elif isinstance(value, list):
                value = "; ".join(v.get("text") or v.get("frame") or str(v) if isinstance(v, dict) else str(v)
                                  for v in value)
            console.print(f"  {key}: {escape(str(value))}", highlight=False)
        return True
    return False
