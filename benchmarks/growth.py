"""How figure extraction grows with sentence and article length, against bare spaCy in the same run.

    .venv/bin/python benchmarks/growth.py                      # 10 KB, 100 KB, 1 MB
    .venv/bin/python benchmarks/growth.py --sizes 10000,40000 --profile

Texts are generated here (no data file): clauses full of numbers, dates, money, percentages, ranges,
ages and durations ("1,234 migrants arrived in March 2019, up from 567 in 2018; 12% of 3,400
respondents said so 5 years ago ..."), joined into ONE sentence (shape ``sentence``, the worst case:
every figure shares its sentence's dates and parse) or into sentences of about 200 characters
(shape ``article``). Each text is parsed once (``parse s``: bare spaCy, en_core_web_sm), then
``extract_figures`` runs on the parsed Doc (``figures s``). Times are CPU seconds of this process
(``time.process_time``), which a machine shared with other work disturbs less than wall time. Linear
growth shows as a constant ``figures us/char`` down a column; ``x parse`` is figures time over parse time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MONTHS = ["January", "March", "June", "October", "December"]
WORDS = ["two", "three", "twenty-five", "forty", "six hundred", "a dozen", "half a million"]


def _clause(rng: random.Random) -> str:
    y, y2 = rng.randint(1990, 2023), rng.randint(1990, 2023)
    n, m, k = rng.randint(100, 999_999), rng.randint(10, 99_999), rng.randint(2, 30)
    return rng.choice(
        [
            f"{n:,} migrants arrived in {rng.choice(MONTHS)} {y}",
            f"up from {m:,} in {y2}",
            f"{rng.randint(1, 99)}% of {n:,} respondents said so {k} years ago",
            f"${rng.randint(1, 99)}.{rng.randint(1, 9)} billion over the next {k} years",
            f"a {k}-year-old man waited {k} months",
            f"{rng.choice(WORDS)} people in {y}",
            f"between {k} and {k + 5} percent in {rng.choice(MONTHS)} {y}",
            f"the number rose from {k} to {k * 3} million from {y} to {y2}",
            f"{k} times more than in {y}",
        ]
    )


def number_text(chars: int, *, shape: str = "sentence", seed: int = 0) -> str:
    """About ``chars`` characters of number-heavy prose (never more), as one sentence or many."""
    rng = random.Random(seed)
    parts = ["In the survey"]
    size, sentence = len(parts[0]), len(parts[0])
    while True:
        if shape == "article" and sentence > 200:
            piece = ". In the next survey, " + _clause(rng)
            sentence = len(piece)
        else:
            piece = rng.choice([", ", " and ", "; "]) + _clause(rng)
            sentence += len(piece)
        if size + len(piece) + 1 > chars:
            break
        parts.append(piece)
        size += len(piece)
    return "".join(parts) + "."


def main() -> None:
    from pipeline.extract.figures import extract_figures
    from pipeline.nlp import load_model

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000", help="characters, comma-separated")
    parser.add_argument("--shapes", default="sentence,article")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of each run")
    args = parser.parse_args()
    nlp = load_model()
    print("| shape | chars | sentences | figures | parse s | figures s | figures us/char | x parse |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for shape in args.shapes.split(","):
        for chars in (int(c) for c in args.sizes.split(",")):
            text = number_text(chars, shape=shape)
            nlp.max_length = max(nlp.max_length, len(text) + 1)  # this run measures length on purpose
            start = time.process_time()
            doc = nlp(text)
            parse = time.process_time() - start
            profile = cProfile.Profile() if args.profile else None
            start = time.process_time()
            if profile:
                profile.enable()
            figures = extract_figures(doc)
            if profile:
                profile.disable()
            seconds = time.process_time() - start
            sentences = sum(1 for _ in doc.sents)
            print(
                f"| {shape} | {len(text):,} | {sentences:,} | {len(figures):,} | {parse:.1f} | {seconds:.2f} "
                f"| {seconds / len(text) * 1e6:.1f} | {seconds / parse:.2f} |",
                flush=True,
            )
            if profile:
                pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(15)


if __name__ == "__main__":
    main()
