"""Print AllSides immigration articles for gold annotation.

Usage:
    python evaluation/select_gold_articles.py list [OUTLET]   # candidates: id, words, digits, quotes, title
    python evaluation/select_gold_articles.py show ID         # full content_original of one article
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# The data lives beside the repo, never inside it (see /work/shared/data/README.md).
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data" / "allsides-immigration" / "immigration.jsonl"


def load_articles(path: Path = DATA) -> dict[str, dict]:
    """Return the AllSides articles keyed by their ID."""
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return {row["ID"]: row for row in rows}


def list_candidates(outlet: str | None = None, lo: int = 300, hi: int = 1200) -> None:
    """Print articles of moderate length with their numeric and quote density."""
    for art in load_articles().values():
        if outlet and art["source"] != outlet:
            continue
        text = art["content_original"]
        words = len(text.split())
        if not lo <= words <= hi:
            continue
        digits = len(re.findall(r"\d[\d,.]*", text))
        quotes = len(re.findall(r"[\"“]", text))
        print(f"{art['ID']}\t{art['source']}\t{art['bias_text']}\t{words}w\t{digits}n\t{quotes}q\t{art['title'][:70]}")


def main(argv: list[str]) -> int:
    """CLI entry point."""
    if len(argv) >= 2 and argv[0] == "show":
        art = load_articles()[argv[1]]
        print(f"# {art['ID']} | {art['source']} | {art['bias_text']} | {art['title']}\n")
        print(art["content_original"])
        return 0
    if argv and argv[0] == "list":
        list_candidates(argv[1] if len(argv) > 1 else None)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
