"""The side-by-side of a story, on the versions written for the test and analysed by the real pipeline:
the Ledger's extra figure and extra quoted speaker are what the Planet's version leaves out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.compare.sides import story_sides
from pipeline.store import Store
from pipeline.stories import ensure_stories
from tests.stories.corpus import ORDER_NEAR_MISS, RULING_LEDGER, RULING_PLANET

pytestmark = pytest.mark.model


def _ids_by_source(store: Store) -> dict[str, str]:
    articles = store.articles(["id", "source", "title"])
    return {title: article_id for article_id, _, title in articles.itertuples(index=False)}


@pytest.fixture
def sides(store: Store):
    ids = _ids_by_source(store)
    ruling = store.story(store.story_ids()[ids[RULING_PLANET.title]])
    assert ruling is not None and ids[RULING_PLANET.title] in ruling.article_ids
    return story_sides(store, ruling), ids


def test_the_two_versions_are_one_story_and_the_near_miss_is_not(store: Store) -> None:
    ids = _ids_by_source(store)
    story_of = store.story_ids()
    assert story_of[ids[RULING_PLANET.title]] == story_of[ids[RULING_LEDGER.title]]
    near_miss = store.story(story_of[ids[ORDER_NEAR_MISS.title]])
    assert near_miss is not None and near_miss.article_ids == (ids[ORDER_NEAR_MISS.title],)
    multi = store.stories(min_sources=2)
    assert [s.sources for s in multi] == [("Daily Planet", "The Ledger")]


def test_the_extra_figure_is_left_out_by_the_other_version(sides) -> None:
    view, ids = sides
    planet, ledger = ids[RULING_PLANET.title], ids[RULING_LEDGER.title]
    extra = [f for f in view.only_in(ledger) if f.basis == "figure"]
    assert [f.label for f in extra] == ["2,342 (count)"]
    assert "2,342 children were separated" in extra[0].statements[ledger]
    assert "2,342 (count)" in [f.label for f in view.left_out(planet)]
    # Both open on the ruling in San Diego against the Trump administration: a fact by its actors.
    shared = [f for f in view.shared_facts() if f.basis == "actors"]
    assert [f.label for f in shared] == ["San Diego + Trump"] and set(shared[0].statements) == {
        planet,
        ledger,
    }


def test_the_extra_speaker_is_quoted_by_one_version_only(sides) -> None:
    view, ids = sides
    ledger, planet = ids[RULING_LEDGER.title], ids[RULING_PLANET.title]
    assert "Lee Gelernt" in view.speakers_only_in(ledger)
    assert "Lee Gelernt" not in view.speakers_only_in(planet)
    versions = {v.article_id: v for v in view.versions}
    assert "Lee Gelernt" in versions[ledger].speakers and "Lee Gelernt" not in versions[planet].speakers


def test_versions_carry_their_headline_outlet_and_measures(sides) -> None:
    view, ids = sides
    versions = {v.article_id: v for v in view.versions}
    ledger = versions[ids[RULING_LEDGER.title]]
    assert (ledger.source, ledger.title, ledger.published) == (
        "The Ledger",
        RULING_LEDGER.title,
        "2018-06-27",
    )
    assert ledger.words > 50 and sum(ledger.attribution.values()) >= 1
    data = view.to_json_data()
    assert [v["source"] for v in data["versions"]] == ["Daily Planet", "The Ledger"]


def test_stories_are_recomputed_only_when_the_analysed_articles_change(
    store_path: Path, tmp_path: Path
) -> None:
    store = Store(shutil.copy(store_path, tmp_path / "copy.sqlite"))
    assert ensure_stories(store) is None  # current: nothing recomputed
    with store.db:
        store.db.execute(
            "UPDATE analyses SET versions = 'changed' WHERE article_id = ?",
            (store.articles(["id"])["id"].iloc[0],),
        )
    recomputed = ensure_stories(store)
    # Recomputed: every analysed article is placed in exactly one story again.
    assert recomputed is not None
    placed = sorted(i for s in recomputed.stories for i in s.article_ids)
    assert placed == sorted(store.articles(["id"])["id"])
    assert ensure_stories(store) is None
