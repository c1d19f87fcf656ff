"""Evaluation against the gold annotations: every key must stay above its floor.

Runs the whole chain (project ingest, spaCy parse, analyze_doc) over ../shared/gold and evaluation/gold,
prints the score tables, and fails when a key drops below the floor measured when the extractors landed
(set a little below the measurement, so a regression fails and noise does not). Raise a floor when the
score improves; never lower one without saying why in the commit message.
The issue targets (figures F1 0.90, quotes F1 0.85, claim recall 0.85, attribution source F1 0.75,
source-kind accuracy 0.85) are printed beside the measurements.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from pipeline.evaluate import ALLSIDES_PREFIX, EvalReport, evaluate, gold_files, load_gold, overall_value

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
GOLD_DIRS = [SHARED / "gold", ROOT / "evaluation" / "gold"]
ALLSIDES = SHARED / "data" / "allsides-immigration" / "immigration.jsonl"
STORY_GOLD = "stories.json"

# (key, measure) -> floor. Measured over 13 gold files (seed + 12 AllSides); see the module docstring.
FLOORS: dict[tuple[str, str], float] = {
    ("sections", "f1"): 0.88,  # measured 0.92
    ("sections", "recall"): 0.95,  # 1.00
    ("entities", "recall"): 0.82,  # 0.86
    ("figures", "f1"): 0.93,  # 0.97
    ("figures", "recall"): 0.93,  # 0.97
    ("quotes", "f1"): 0.85,  # 0.90
    ("quotes_span", "f1"): 0.95,  # 0.99
    ("claims", "recall"): 0.90,  # 0.95
    ("attribution_source", "f1"): 0.81,  # 0.86
    ("section_frames@2", "recall"): 0.66,  # 0.72
    ("section_frames@3", "recall"): 0.74,  # 0.79
    # Devices outside quotations the gold attributes to someone else (issue 16: no device of the author's
    # inside one; those gold devices are scored apart as devices_in_quotes, 0 of 26 found): 42 of 51, then
    # 38 of 51 once scare quotes scored below the shown threshold (four gold terms in quotation marks:
    # "zero tolerance", "catch and release", "safe third country", "look like"; found at 0.4).
    ("devices", "recall"): 0.72,  # 0.75
    ("figure_kind", "accuracy"): 0.96,  # 1.00
    ("quote_kind", "accuracy"): 0.88,  # 0.92
    ("source_kind", "accuracy"): 0.86,  # 0.90
    ("attribution_none", "accuracy"): 0.90,  # 0.95
    ("entity_label", "accuracy"): 0.88,  # 0.94
    ("checkworthiness_auc", "accuracy"): 0.65,  # 0.72: gold claims outrank the other claim sentences
}
# Errors gold names explicitly (predicted canonicals containing an error string; figures inside not_figures).
ERROR_CEILINGS = {"entity_errors": 10, "not_figures": 4}  # measured 8 and 2 (the two "No. 2" of asV7UKJZ7Obdhtdz)


def _gold_paths() -> list[Path]:
    dirs = [d for d in GOLD_DIRS if d.is_dir()]
    paths = []
    for path in gold_files(dirs) if dirs else []:
        if path.name == STORY_GOLD:
            continue  # the story gold (issue 12) is scored by the story evaluation, not per article
        if load_gold(path)["article"].startswith(ALLSIDES_PREFIX) and not ALLSIDES.exists():
            continue  # the AllSides texts live in ../shared/data, absent on some machines
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def report() -> EvalReport:
    paths = _gold_paths()
    if not paths:
        pytest.skip("no gold files (../shared/gold and evaluation/gold are absent)")
    return evaluate(paths)


@pytest.mark.model
def test_print_score_table(report: EvalReport, capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.evaluate import render_report

    with capsys.disabled():
        render_report(report, Console(width=110, force_terminal=False))
    assert report.files and all(not f.unlocated for f in report.files), [f.unlocated for f in report.files]


@pytest.mark.model
@pytest.mark.parametrize(("key", "measure"), list(FLOORS))
def test_floor(report: EvalReport, key: str, measure: str) -> None:
    value = overall_value(report, key, measure)
    misses = [f"{f.name}: {m}" for f in report.files for m in f.misses.get(key, [])][:15]
    assert value is not None and value >= FLOORS[key, measure], f"{key} {measure} = {value}; missed: {misses}"


@pytest.mark.model
@pytest.mark.parametrize("key", list(ERROR_CEILINGS))
def test_error_ceiling(report: EvalReport, key: str) -> None:
    errors = [f"{f.name}: {e}" for f in report.files for e in f.errors.get(key, [])]
    assert len(errors) <= ERROR_CEILINGS[key], errors
