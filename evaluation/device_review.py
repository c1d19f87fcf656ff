"""The 40 AllSides articles of the device precision review, and a sheet of every device shown in them.

The articles are drawn once, with a fixed seed, from the AllSides immigration articles that no gold file
names (ids found anywhere in evaluation/gold/*.json and ../shared/gold/*.json), between 200 and 1,500
words, at most three per outlet. No number of the device rules was fitted on them.

    .venv/bin/python -m evaluation.device_review ids            # the 40 ids, one a line
    .venv/bin/python -m evaluation.device_review sheet > r.tsv  # every device shown, with its sentence
    .venv/bin/python -m evaluation.device_review sheet second   # the same for the second sample (12 ids)
    .venv/bin/python -m evaluation.device_review sheet third    # the same for the third sample (15 ids)
    .venv/bin/python -m evaluation.device_review precision evaluation/device_review_blind.tsv

The judged files keep article id, offsets, the device's text (cut at 60 characters) and the verdict with a
one-word reason, never the article's sentences (the texts stay in ../shared/data).
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "allsides-immigration" / "immigration.jsonl"
GOLD_DIRS = (ROOT / "evaluation" / "gold", ROOT.parent / "shared" / "gold")
SEED = 16
N_ARTICLES = 40
# The ids drawn with SEED on 2026-12, after the story gold landed (kept literally so a later gold
# file cannot change the sample).
REVIEW_IDS = (
    "s8C6ufmisfbXiJXp",
    "L6dYsnx0iqZy6WyF",
    "GMmMXm4xDxF10eBU",
    "np4y3roEFpffF7cZ",
    "Jk02XVIJElD3kBZ0",
    "aHgwqAuFizoI893z",
    "rIibMge79nbN4WeB",
    "CvShvm3FdR09raPC",
    "FDg7qYzAzsH83l3v",
    "juwjhViSPuUd5lA4",
    "oRRLQxQKWxIUHIPH",
    "6cVcF7MqYjAuLfvY",
    "B7oLFPmdB0dTRmQs",
    "tmHxHTHZG9SAhuNX",
    "JrhUkICQhiXTTnyz",
    "y02q3XQ3YQkcqS39",
    "D3Xki7AdXbn9Rv4w",
    "eZTc36hwng1TxjpU",
    "66GNtofnm5Dc8Gkc",
    "WxEhDhZ5lIyLI8vP",
    "HFO2Ib0X3h4DqOr7",
    "0I9iRslxUGbZF1uA",
    "zJVwJhighjZtkt4X",
    "XJSVE4jkBCiM5XKu",
    "Z7cBmlLzQYGJ6SsP",
    "qslbg4jsshDkdUWN",
    "POd21VKtUvHmjVVm",
    "RtPkgTDT2zrY9wcK",
    "k6otycdagJtcjFod",
    "TlchTwyQxxjSsyFc",
    "95BejCmPmNf8nYb3",
    "LutWlAMV2ltawgtl",
    "y0m40ivj7UlQvTMj",
    "wWlrfTJNPPke6f1n",
    "rA8Fa4ZIV9SCm1Mg",
    "5i7DKKF3uCJpTfaI",
    "YmWYFnuu7WMvPZdd",
    "c2Cymm6W5u2b3Jcm",
    "YfZpx0oaE9FvCcCo",
    "HfB0a6yuKxqhrzpa",
)


# A second, smaller sample, drawn on 2026-12-01 (seed 1601) from the articles in no gold file and not in
# the first 40, after the rules written from the first review had landed: judged once, blind, to measure
# those rules on articles no rule was written from (evaluation/device_review_second_blind.tsv).
SECOND_SEED = 1601
SECOND_IDS = (
    "D1aej9xLtkQ3fpid", "6GMU6wLz0JuF24um", "74cJd75ZH04SeSKY", "TPhYBAvX99HRDQha", "N8aIAL2JmWLJxIIx",
    "7r13kzbn66w3s4BW", "pQSQoCL1YoavgnYQ", "rEJuYcDdvC2kUvqk", "BOWSX1cPVrl0kEiK", "LlEJZ5cc9718TvEd",
    "yNzAKbZF5B9rF5IK", "ETjfb6uwLaiYl6lf",
)

# A third sample, drawn on 2026-12-01 (seed 1612) from the articles in no gold file and in neither earlier
# sample, before the rules of the third round (issue 16: quotes of others, scare quotes as terms,
# interview questions, ability modals, poll shares) were written: none of them was read until those rules had
# landed, then every device shown was judged once (evaluation/device_review_third_blind.tsv).
THIRD_SEED = 1612
THIRD_IDS = (
    "WTC5AWayU6nkF6LX", "QH9r1BUHWq9gI7IE", "AW7Yebs41Dv04H5W", "7gpjfbImDiMX7nYF", "vKe3ybODKnm1Spf3",
    "TugW7apJiM1nZaXU", "qWqebvFP2SrUZ0hE", "MG0I5ugD36xzjUSa", "x2SRlCAk06TpV9YI", "WIUEbP77gHaMF5KQ",
    "RUdmakuJFdiXS5JB", "zX9PTFDUenz0Jinp", "LCgmsytQwJMXEGkK", "n619YSIwkGAfrN0s", "Jiu9jYO1L2vkP4M4",
)


def gold_ids() -> set[str]:
    """Every 16-character id that any gold file mentions (device gold, story gold, ...)."""
    found: set[str] = set()
    for folder in GOLD_DIRS:
        for path in folder.glob("*.json"):
            found.update(re.findall(r"(?<![A-Za-z0-9])([A-Za-z0-9]{16})(?![A-Za-z0-9])",
                                    path.read_text(encoding="utf-8")))
    return found


def load_rows(path: Path = DATA) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def draw_ids(rows: list[dict], *, seed: int = SEED, n_articles: int = N_ARTICLES,
             exclude: frozenset[str] = frozenset()) -> list[str]:
    excluded = gold_ids() | exclude
    candidates = [r for r in rows if r["ID"] not in excluded
                  and 200 <= len(r["content_original"].split()) <= 1500]
    random.Random(seed).shuffle(candidates)
    per_outlet: Counter[str] = Counter()
    chosen: list[str] = []
    for row in candidates:
        if per_outlet[row["source"]] >= 3:
            continue
        per_outlet[row["source"]] += 1
        chosen.append(row["ID"])
        if len(chosen) == n_articles:
            break
    return chosen


def review_ids() -> tuple[str, ...]:
    return REVIEW_IDS or tuple(draw_ids(load_rows()))


SHEET_COLUMNS = ("article_id", "device", "family", "score", "start", "end", "text", "target", "stance",
                 "sentence", "verdict", "reason")


def sheet_rows(min_device_score: float | None = None, ids: tuple[str, ...] | None = None
               ) -> list[dict[str, object]]:
    """Every device shown (at ``min_device_score``, default the shipped threshold) in the review articles
    (``ids``, default the first sample), with the sentence around it; verdict and reason are left for the
    reviewer."""
    from pipeline.analyze import analyze_doc
    from pipeline.document import device_threshold
    from pipeline.ingest import IngestOptions, Rejected, to_article
    from pipeline.ingest.readers import RawRecord
    from pipeline.nlp import load_model

    nlp = load_model()
    floor = device_threshold(min_device_score)
    by_id = {row["ID"]: row for row in load_rows()}
    rows: list[dict[str, object]] = []
    for article_id in ids or review_ids():
        article = to_article(RawRecord(text="", origin=f"allsides:{article_id}", fields=by_id[article_id],
                                       fmt="record"), IngestOptions())
        if isinstance(article, Rejected):
            continue
        doc = nlp(article.text)
        for device in analyze_doc(article, doc).devices:
            if device.score < floor:
                continue
            sentence = next((s.text for s in doc.sents if s.start_char <= device.start < s.end_char), "")
            rows.append({"article_id": article_id, "device": device.device, "family": device.family or "",
                         "score": device.score, "start": device.start, "end": device.end, "text": device.text,
                         "target": device.target or "", "stance": device.stance or "",
                         "sentence": " ".join(sentence.split()), "verdict": "", "reason": ""})
    return rows


def precision_table(path: Path) -> list[str]:
    """Defensible devices per family of a judged review file (columns device and verdict: yes / no)."""
    import csv

    judged: dict[str, list[int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            counts = judged.setdefault(row["device"], [0, 0])
            counts[0] += row["verdict"] == "yes"
            counts[1] += 1
    lines = [f"{'device':28s} defensible  shown  precision"]
    for device, (good, shown) in sorted(judged.items(), key=lambda item: -item[1][1]):
        lines.append(f"{device:28s} {good:10d} {shown:6d}  {good / shown:.2f}")
    good, shown = sum(c[0] for c in judged.values()), sum(c[1] for c in judged.values())
    lines.append(f"{'all':28s} {good:10d} {shown:6d}  {good / shown:.2f}")
    return lines


def main(argv: list[str]) -> int:
    ids = {"second": SECOND_IDS, "third": THIRD_IDS}.get(argv[1] if len(argv) > 1 else "")
    if argv[:1] == ["ids"]:
        print("\n".join(ids or review_ids()))
        return 0
    if argv[:1] == ["precision"] and len(argv) == 2:
        for line in precision_table(Path(argv[1])):
            print(line)
        return 0
    if argv[:1] == ["sheet"]:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=SHEET_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(sheet_rows(ids=ids))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
