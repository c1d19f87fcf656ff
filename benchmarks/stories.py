"""How the stories stage scales: a synthetic corpus at 5,000, 10,000 and 20,000 articles, and the real
AllSides store when one is given.

    python benchmarks/stories.py --sizes 5000,10000,20000           # the README table (synthetic)
    python benchmarks/stories.py --store allsides.sqlite   # the real 1,397 (read, cluster, labels)

The synthetic corpus is generated, not read: events on successive days at a constant rate (``--per-day``
articles a day, so a larger corpus spans more days, as a growing archive does), each told by one to six
outlets with the event's own names, figures, quote and rare words over a shared topic vocabulary, dates
jittered by up to two days, and ``--undated`` of the articles without a date (AllSides: 176 of 1,397). It
times the evidence matrix (TF-IDF) and the clustering separately, in processor seconds of this process
(on a shared machine wall time varies with the load; the wall total is printed beside it); key terms
(textacy YAKE, linear in the number of articles by construction) are timed on the real store only,
unless ``--labels``. It also reports B-cubed F1 against the generated events, as a sanity check, not
an accuracy claim. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate.stories import bcubed
from pipeline.stories import build_stories, read_inputs
from pipeline.stories.features import StoryInput

TOPIC_WORDS = [f"topic{i}" for i in range(400)]  # common to every article (immigration, border, ...)
COMMON_NAMES = [
    ("Donald Trump", "PERSON"),
    ("Congress", "ORG"),
    ("United States", "GPE"),
    ("Mexico", "GPE"),
    ("Department of Homeland Security", "ORG"),
    ("Democrats", "NORP"),
    ("Republicans", "NORP"),
]
OUTLETS = [f"Outlet {i}" for i in range(60)]


def _event(rng: random.Random, number: int) -> dict[str, object]:
    return {
        "words": [f"ev{number}w{i}" for i in range(25)],
        "names": [(f"Person{number} Name{i}", "PERSON") for i in range(2)] + [(f"Place{number}", "GPE")],
        "figures": [(float(rng.randint(100, 99_999)), "count", None)],
        "quote": f"quote {number} " + " ".join(f"q{number}x{i}" for i in range(10)),
    }


def _article(
    rng: random.Random, number: int, event: dict[str, object], day: date | None, outlet: str, words: int
) -> StoryInput:
    own = event["words"]
    body = [rng.choice(TOPIC_WORDS) if rng.random() < 0.8 else rng.choice(own) for _ in range(words)]  # type: ignore[arg-type]
    sentences = [" ".join(body[i : i + 20]) + "." for i in range(0, len(body), 20)]
    names = [*event["names"], *rng.sample(COMMON_NAMES, 3)]  # type: ignore[misc]
    return StoryInput(
        id=f"{number:016x}",
        source=outlet,
        title=" ".join(rng.sample(own, 6)),  # type: ignore[arg-type]
        text=" ".join(sentences),
        published=day.isoformat() if day else None,
        entities=tuple(names),
        figures=tuple(event["figures"]) if rng.random() < 0.7 else (),  # type: ignore[arg-type]
        quotes=(str(event["quote"]),) if rng.random() < 0.6 else (),
    )


def synthetic(
    n: int, *, per_day: float, undated: float, words: int, seed: int = 0
) -> tuple[list[StoryInput], dict[str, str]]:
    """n articles and their true event (article id -> event id)."""
    rng = random.Random(seed)
    start = date(2012, 1, 1)
    articles: list[StoryInput] = []
    truth: dict[str, str] = {}
    number = 0
    while len(articles) < n:
        event = _event(rng, number)
        day = start + timedelta(days=int(len(articles) / per_day))
        for outlet in rng.sample(OUTLETS, min(n - len(articles), rng.choice([1, 1, 1, 2, 2, 3, 4, 6]))):
            when = None if rng.random() < undated else day + timedelta(days=rng.randint(0, 2))
            article = _article(rng, len(articles), event, when, outlet, words)
            articles.append(article)
            truth[article.id] = f"e{number}"
        number += 1
    return articles, truth


def _run(inputs: list[StoryInput], label: bool) -> tuple[float, float, dict[str, object], dict[str, str]]:
    """Wall and processor seconds of one run, its details and each article's story."""
    clock, cpu = time.perf_counter(), time.process_time()
    result = build_stories(inputs, label=label)
    total, total_cpu = time.perf_counter() - clock, time.process_time() - cpu
    story_of = {a: s.id for s in result.stories for a in s.article_ids}
    return total, total_cpu, result.details, story_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="5000,10000,20000")
    parser.add_argument("--per-day", type=float, default=20.0, help="synthetic articles per day")
    parser.add_argument(
        "--undated", type=float, default=176 / 1397, help="share of synthetic articles without a date"
    )
    parser.add_argument("--words", type=int, default=500, help="words per synthetic article")
    parser.add_argument(
        "--labels", action="store_true", help="also compute key terms for the synthetic corpus"
    )
    parser.add_argument("--store", help="a store with the AllSides corpus analysed: time the real stage")
    args = parser.parse_args()
    print(f"# {platform.machine()}, Python {platform.python_version()}, {date.today()}")
    if args.store:
        from pipeline.store import Store

        with Store(args.store) as db:
            clock = time.perf_counter()
            inputs = read_inputs(db)
            read = time.perf_counter() - clock
        total, total_cpu, details, _ = _run(inputs, label=True)
        print(
            f"real store: {len(inputs)} articles; read {read:.1f} s; stage {total:.1f} s wall, "
            f"{total_cpu:.1f} s CPU; wall {details['seconds']}; CPU {details['cpu_seconds']}; "
            f"links {details['links']}, largest component {details['largest_component']}"
        )
    print(
        "| articles | days | undated | evidence matrix CPU (s) | clustering CPU (s) | total CPU (s) "
        "| CPU s per 1,000 | total wall (s) | links | largest component | B3 F1 vs generated events |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for n in (int(s) for s in args.sizes.split(",") if s):
        inputs, truth = synthetic(n, per_day=args.per_day, undated=args.undated, words=args.words)
        total, total_cpu, details, story_of = _run(inputs, label=args.labels)
        cpu: dict[str, float] = details["cpu_seconds"]  # type: ignore[assignment]
        _, _, f1 = bcubed(truth, story_of)
        print(
            f"| {n:,} | {int(n / args.per_day)} | {details['undated']} | {cpu['features']:.1f} | "
            f"{cpu['cluster']:.1f} | {total_cpu:.1f} | {1000 * total_cpu / n:.2f} | {total:.1f} | "
            f"{details['links']} | {details['largest_component']} | {f1:.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
