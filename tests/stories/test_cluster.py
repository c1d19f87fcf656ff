"""Story clustering on texts written for the test: two versions of one event join, a near-miss stays apart."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import scipy.sparse as sp

from pipeline.stories import build_stories, story_id
from pipeline.stories.cluster import Recency, UndatedLookup, candidate_links, cluster_stories, day_number
from pipeline.stories.features import entity_tokens, figure_tokens, quote_tokens
from pipeline.stories.lexicon import story_model
from tests.stories.corpus import CORPUS, ORDER_NEAR_MISS, RULING_LEDGER, RULING_PLANET


@pytest.fixture(scope="module")
def result():
    return build_stories(CORPUS)


def _story_of(result, article_id: str):
    return next(s for s in result.stories if article_id in s.article_ids)


def test_two_versions_of_one_event_are_one_story(result) -> None:
    story = _story_of(result, RULING_PLANET.id)
    assert story.article_ids == (RULING_PLANET.id, RULING_LEDGER.id)  # earliest first
    assert story.sources == ("Daily Planet", "The Ledger")
    assert (story.start, story.end, story.undated) == ("2018-06-26", "2018-06-27", 0)
    assert story.id == story_id([RULING_LEDGER.id, RULING_PLANET.id])
    assert story.cohesion >= story_model().threshold


def test_near_miss_same_week_and_topic_stays_apart(result) -> None:
    assert _story_of(result, ORDER_NEAR_MISS.id).article_ids == (ORDER_NEAR_MISS.id,)


def test_every_article_is_in_exactly_one_story(result) -> None:
    placed = [a for s in result.stories for a in s.article_ids]
    assert sorted(placed) == sorted(a.id for a in CORPUS)
    assert [len(s.sources) for s in result.stories] == sorted(
        (len(s.sources) for s in result.stories), reverse=True
    )


def test_the_story_is_labelled_by_its_key_terms(result) -> None:
    story = _story_of(result, RULING_PLANET.id)
    assert story.keyterms and story.label == ", ".join(story.keyterms)
    assert any(word in " ".join(story.keyterms) for word in ("sabraw", "judge", "families", "reunite"))


def test_undated_article_is_counted(result) -> None:
    undated = _story_of(result, "i" * 16)
    assert undated.undated == 1 and undated.start is None


def test_a_later_article_on_the_same_event_outside_the_window_is_a_new_story() -> None:
    late = dataclasses.replace(RULING_LEDGER, id="z" * 16, published="2018-07-20")
    stories = build_stories([RULING_PLANET, late, *CORPUS[2:]]).stories
    assert _story_of(type("R", (), {"stories": stories})(), RULING_PLANET.id).article_ids == (
        RULING_PLANET.id,
    )


def test_an_undated_version_joins_on_its_content_alone() -> None:
    undated = dataclasses.replace(RULING_LEDGER, published=None)
    stories = build_stories([RULING_PLANET, undated, *CORPUS[2:]]).stories
    story = next(s for s in stories if RULING_PLANET.id in s.article_ids)
    assert story.article_ids == (RULING_PLANET.id, RULING_LEDGER.id) and story.undated == 1


# -- the parts ------------------------------------------------------------------------------------------


def test_feature_tokens() -> None:
    options = story_model().features
    assert entity_tokens(
        [("Donald J. Trump", "PERSON"), ("the White House", "ORG"), ("2018", "DATE")], options
    ) == ["person:trump", "org:white house"]
    assert figure_tokens(
        [(2342.0, "count", None), (7.0, "count", None), (11_312_000.0, "count", None), (50.0, "percent", "%")]
    ) == ["count::2340", "count::1.13e+07"]  # 3 significant digits
    assert quote_tokens(["We will keep families together", "Yes"], 4) == [
        "we will keep families",
        "will keep families together",
    ]


def test_day_numbers() -> None:
    assert day_number("2018-06-27") - day_number("2018-06-26") == 1
    assert day_number(None) is None and day_number("0001-11-30") is None and day_number("June 2018") is None


def _unit_rows(vectors: list[list[float]]) -> sp.csr_matrix:
    matrix = np.array(vectors, dtype=np.float32)
    return sp.csr_matrix(matrix / np.linalg.norm(matrix, axis=1, keepdims=True))


def test_links_respect_the_window_and_undated_articles_see_everyone() -> None:
    same = [1.0, 0.0]
    matrix = _unit_rows([same, same, same, same])
    days = [day_number("2020-01-01"), day_number("2020-01-03"), day_number("2020-01-09"), None]
    links = candidate_links(matrix, days, window=3, threshold=0.5, neighbours=10)
    pairs = sorted(zip(links.rows.tolist(), links.cols.tolist(), strict=False))
    assert pairs == [(0, 1), (3, 0), (3, 1), (3, 2)]  # 0-2 and 1-2 are more than 3 days apart


def test_average_linkage_does_not_chain_two_events() -> None:
    # A ~ B and B ~ C, but A and C share nothing: a chain, not one story.
    matrix = _unit_rows([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    days = [day_number("2020-01-01")] * 3
    clustering = cluster_stories(matrix, days, window=3, threshold=0.6, neighbours=10)
    assert sorted(map(sorted, clustering.stories)) in ([[0], [1, 2]], [[0, 1], [2]])
    assert clustering.links == 2 and clustering.largest_component == 3


def test_neighbour_cap_keeps_each_articles_strongest_links() -> None:
    # Five near-duplicates of one row: with neighbours=1 each article keeps its best link, still one story.
    base = np.array([1.0, 0.2, 0.1, 0.05, 0.0], dtype=np.float32)
    rows = [base + np.float32(0.01) * np.eye(5, dtype=np.float32)[i] for i in range(5)]
    matrix = _unit_rows(rows)
    days = [day_number("2020-01-01")] * 5
    capped = cluster_stories(matrix, days, window=3, threshold=0.5, neighbours=1)
    assert capped.links < 10 and [sorted(s) for s in capped.stories] == [[0, 1, 2, 3, 4]]


def test_similarity_fades_with_the_days_between_two_articles() -> None:
    # One vector four times: identical texts, the same day, two days apart, and undated.
    matrix = _unit_rows([[1.0, 0.0]] * 4)
    days = [day_number("2020-01-01"), day_number("2020-01-01"), day_number("2020-01-03"), None]
    recency = Recency(half_life=1.0, undated_weight=0.5)
    links = candidate_links(matrix, days, window=3, threshold=0.4, neighbours=10, recency=recency)
    triples = zip(links.rows.tolist(), links.cols.tolist(), links.similarity.tolist(), strict=True)
    found = {(min(r, c), max(r, c)): round(float(s), 3) for r, c, s in triples}
    # Same day: 1.0; two days apart: 0.25 (below 0.4, no link); with the undated article: 0.5.
    assert found == {(0, 1): 1.0, (0, 3): 0.5, (1, 3): 0.5, (2, 3): 0.5}
    stories = cluster_stories(matrix, days, window=3, threshold=0.4, neighbours=10, recency=recency).stories
    assert [2] in stories  # two days later, the same words are another event's


def test_the_shipped_recency_and_thresholds_are_validated() -> None:
    model = story_model()
    assert 0 < model.threshold <= model.link_threshold <= 1 and model.half_life_days > 0
    assert 0 < model.undated_weight <= 1


def test_two_dated_articles_beyond_the_window_never_share_a_story() -> None:
    # A, B, C tell the same words; A and C are 6 days apart and only an undated article D bridges them.
    matrix = _unit_rows([[1.0, 0.0]] * 4)
    days = [day_number("2020-01-01"), day_number("2020-01-03"), day_number("2020-01-07"), None]
    clustering = cluster_stories(matrix, days, window=3, threshold=0.1, neighbours=10)
    together = next(s for s in clustering.stories if 0 in s)
    assert 2 not in together and clustering.largest_component == 4


def test_an_undated_article_is_looked_up_by_its_most_distinctive_features() -> None:
    # Columns: a topic word every article has, and a name only articles 0 and 3 carry.
    matrix = _unit_rows([[1.0, 1.0], [1.0, 0.0], [1.0, 0.0], [1.0, 1.0]])
    days = [day_number("2020-01-01"), day_number("2020-01-01"), day_number("2020-01-02"), None]

    def undated_pairs(lookup: UndatedLookup) -> list[tuple[int, int]]:
        links = candidate_links(matrix, days, window=3, threshold=0.5, neighbours=10, lookup=lookup)
        return sorted((r, c) for r, c in zip(links.rows.tolist(), links.cols.tolist(), strict=True) if r == 3)

    # Indexed by its one most distinctive feature (the name), the undated article meets article 0 only;
    # the topic word alone (cosine 0.71 with articles 1 and 2) is never looked up.
    assert undated_pairs(UndatedLookup(features=1, candidates=10)) == [(3, 0)]
    # Every feature looked up: every article sharing one, but only the best candidate when one is kept.
    assert undated_pairs(UndatedLookup(features=2, candidates=10)) == [(3, 0), (3, 1), (3, 2)]
    assert undated_pairs(UndatedLookup(features=2, candidates=1)) == [(3, 0)]
