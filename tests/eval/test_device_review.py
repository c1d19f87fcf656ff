"""The device precision review's samples: drawn as documented, apart from each other and from the gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.device_review import (
    DATA,
    REVIEW_IDS,
    SECOND_IDS,
    SECOND_SEED,
    draw_ids,
    gold_ids,
    load_rows,
    precision_table,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_samples_are_apart_from_each_other_and_from_the_gold() -> None:
    assert len(REVIEW_IDS) == 40 and len(SECOND_IDS) == 12
    assert not set(REVIEW_IDS) & set(SECOND_IDS)
    assert not (set(REVIEW_IDS) | set(SECOND_IDS)) & gold_ids()


@pytest.mark.skipif(not DATA.exists(), reason="the AllSides data of ../shared/data is absent")
def test_the_second_sample_is_the_documented_draw() -> None:
    drawn = draw_ids(load_rows(), seed=SECOND_SEED, n_articles=len(SECOND_IDS), exclude=frozenset(REVIEW_IDS))
    assert tuple(drawn) == SECOND_IDS


@pytest.mark.parametrize("name", ["device_review_blind.tsv", "device_review_second_blind.tsv"])
def test_judged_files_hold_a_verdict_for_every_device(name: str) -> None:
    path = ROOT / "evaluation" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(line.split("\t")[7] in ("yes", "no") for line in lines[1:])
    assert precision_table(path)[-1].startswith("all")
