"""The 40 AllSides articles of the device precision review, and a sheet of every device shown in them.

The articles are drawn once, with a fixed seed, from the AllSides immigration articles that no gold file
names (ids found anywhere in evaluation/gold/*.json and ../shared/gold/*.json), between 200 and 1,500
words, at most three per outlet. No number of the device rules was fitted on them.

    .venv/bin/python -m evaluation.device_review ids            # the 40 ids, one a line
    .venv/bin/python -m evaluation.device_review sheet > r.tsv  # every device shown, with its sentence
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
# The ids drawn with SEED on 2026-12 (kept literally so a later gold file cannot change the sample).
REVIEW_IDS = (
    "V5ZwHv9ugy49lGAf",
    "ZcUVO18TcsvkHWc5",
    "SGv0AMrH18NvJEPW",
    "EkHV3FgotDQEaYfr",
    "VXs1brj03KMtsUGN",
    "Y5bv6N1eau5jARcN",
    "g1c8THBgZSsQHH7p",
    "fUGr2iySz2Fe3LAq",
    "XGrnOFiDGNmeMUMV",
    "xC7T4LFcUhjfvvtd",
    "xRIHqpO6CMZpWJ7U",
    "YZmt5yGyzJtORMH9",
    "cWizT4oeA579PUXd",
    "sdIgmAyz5YIH1sNC",
    "J8lZVwzZRUqX475T",
    "8YzOQKzenvz2Xbt8",
    "6JLe1bNZVIKl4hIE",
    "Rm5osyyEZyqccv2H",
    "M5ZMpLuJw0wsnHJr",
    "H2BSSO8YJi5Xgzz7",
    "Y0JHnetWwKf3Ssry",
    "vquWrZdp4UkOVR8P",
    "78jSlUXADuqqqfXu",
    "5lBxZkGmcE25MToY",
    "V4KPWSjvzrMvcvWZ",
    "FLIwcu3b25F6czQ3",
    "yfWjwGVotEVYIieR",
    "79Gh0CXA71VwMtmL",
    "yYki0ywhGBgOWQtp",
    "OOPrMtICIoep16Br",
    "iUBo5HCaWuR8mKju",
    "BihVGGksLbyV2cso",
    "OzXKhwNa3IELVhqo",
    "2JHIZCqUEOpZ6dzW",
    "v4okwurRfyORu7SR",
    "pxe2p5cZ7I6lroFP",
    "ubuQx5qSduawjb9p",
    "8gSVydKuu6j7KKFS",
    "yUPL7ka8l4qhStbF",
    "pyw3nnk3PsPtIe2R",
)


def gold_ids() -> set[str]:
    found: set[str] = set()
    for folder in GOLD_DIRS:
        for path in folder.glob("*.json"):
            found.update(re.findall(r"allsides-immigration:([A-Za-z0-9]{16})", path.read_text(encoding="utf-8")))
    return found


def load_rows(path: Path = DATA) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def draw_ids(rows: list[dict]) -> list[str]:
    excluded = gold_ids()
    candidates = [r for r in rows if r["ID"] not in excluded
                  and 200 <= len(r["content_original"].split()) <= 1500]
    random.Random(SEED).shuffle(candidates)
    per_outlet: Counter[str] = Counter()
    chosen: list[str] = []
    for row in candidates:
        if per_outlet[row["source"]] >= 3:
            continue
        per_outlet[row["source"]] += 1
        chosen.append(row["ID"])
        if len(chosen) == N_ARTICLES:
            break
    return chosen


def review_ids() -> tuple[str, ...]:
    return REVIEW_IDS or tuple(draw_ids(load_rows()))


def main(argv: list[str]) -> int:
    if argv[:1] == ["ids"]:
        print("\n".join(review_ids()))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
