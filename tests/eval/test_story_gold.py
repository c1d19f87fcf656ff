"""The story gold (evaluation/gold/stories.json, issue 12 item 5): format, split, consistency with the corpus.

The file is hand-annotated and read by the story evaluation; these tests keep it loadable and coherent:
the agreed schema, unique ids, no article in two stories, near-misses that straddle two different events,
the documented seeded split, and (when ../shared/data is present) every ID and date checked against
the AllSides file.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import allsides_records

GOLD = Path(__file__).resolve().parents[2] / "evaluation" / "gold" / "stories.json"
TOP_KEYS = {"schema", "corpus", "notes", "split_seed", "stories", "near_misses"}
STORY_KEYS = {"id", "split", "event", "date", "articles"}
NEAR_MISS_KEYS = {"id", "split", "articles", "why"}
ALLSIDES_ID = re.compile(r"^[A-Za-z0-9]{16}$")
# Articles report their event from the day before (previews) to a few days after (analyses).
DAYS_BEFORE, DAYS_AFTER = 2, 5


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return data


def split_draw(ids: list[str], rng: random.Random) -> set[str]:
    """The documented draw: shuffle the ids with the seeded generator, the first half is dev."""
    order = list(ids)
    rng.shuffle(order)
    return set(order[: len(order) // 2])


def test_top_level_format(gold: dict[str, Any]) -> None:
    assert set(gold) == TOP_KEYS
    assert gold["schema"] == "framelens/stories-gold@1"
    assert gold["corpus"] == "allsides-immigration"
    assert isinstance(gold["notes"], str) and len(gold["notes"]) > 100
    assert isinstance(gold["split_seed"], int)
    assert len(gold["stories"]) >= 40 and len(gold["near_misses"]) >= 20


def test_stories_format(gold: dict[str, Any]) -> None:
    ids = [story["id"] for story in gold["stories"]]
    assert len(ids) == len(set(ids))
    for story in gold["stories"]:
        assert set(story) == STORY_KEYS, story["id"]
        assert re.fullmatch(r"s\d{3}", story["id"])
        assert story["split"] in {"dev", "test"}
        assert isinstance(story["event"], str) and len(story["event"]) > 20
        dt.date.fromisoformat(story["date"])
        assert len(story["articles"]) >= 2, f"{story['id']}: singletons are not listed"
        assert all(ALLSIDES_ID.match(article) for article in story["articles"]), story["id"]


def test_no_article_in_two_stories(gold: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    for story in gold["stories"]:
        for article in story["articles"]:
            assert article not in seen, f"{article} is in {seen[article]} and {story['id']}"
            seen[article] = story["id"]


def test_near_misses_pair_two_different_events(gold: dict[str, Any]) -> None:
    story_of = {article: story["id"] for story in gold["stories"] for article in story["articles"]}
    ids = [near["id"] for near in gold["near_misses"]]
    assert len(ids) == len(set(ids))
    pairs = set()
    for near in gold["near_misses"]:
        assert set(near) == NEAR_MISS_KEYS, near["id"]
        assert re.fullmatch(r"n\d{3}", near["id"]) and near["split"] in {"dev", "test"}
        first, second = near["articles"]
        assert first != second and ALLSIDES_ID.match(first) and ALLSIDES_ID.match(second)
        assert isinstance(near["why"], str) and len(near["why"]) > 20
        if first in story_of and second in story_of:
            assert story_of[first] != story_of[second], f"{near['id']} pairs two articles of one story"
        pairs.add(frozenset(near["articles"]))
    assert len(pairs) == len(gold["near_misses"])


def test_split_is_the_documented_seeded_draw(gold: dict[str, Any]) -> None:
    rng = random.Random(gold["split_seed"])
    story_dev = split_draw([story["id"] for story in gold["stories"]], rng)
    near_dev = split_draw([near["id"] for near in gold["near_misses"]], rng)
    assert {story["id"] for story in gold["stories"] if story["split"] == "dev"} == story_dev
    assert {near["id"] for near in gold["near_misses"] if near["split"] == "dev"} == near_dev


def test_ids_exist_and_dates_fit_the_corpus(gold: dict[str, Any]) -> None:
    rows = {row["ID"]: row for row in allsides_records()}
    listed = [a for story in gold["stories"] for a in story["articles"]]
    listed += [a for near in gold["near_misses"] for a in near["articles"]]
    assert not [article for article in listed if article not in rows]
    for story in gold["stories"]:
        event_day = dt.date.fromisoformat(story["date"])
        assert len({rows[a]["source"] for a in story["articles"]}) >= 2, f"{story['id']}: one outlet only"
        for article in story["articles"]:
            try:
                published = dt.date.fromisoformat(rows[article]["date"])
            except ValueError:
                continue  # undated in the corpus: placed by reading
            if published.year < 2000:
                continue  # a bogus corpus date such as 0001-11-30
            offset = (published - event_day).days
            assert -DAYS_BEFORE <= offset <= DAYS_AFTER, f"{story['id']}: {article} is {offset} days off"
