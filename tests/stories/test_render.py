"""The story section's template escapes article-derived text (headlines, outlets, facts, speakers)."""

from __future__ import annotations

from pipeline.compare.sides import Fact, StorySides, Version
from pipeline.compare.sides_render import render_stories_section
from pipeline.evaluate.stories import bcubed
from pipeline.records import Story

HOSTILE = '<script>alert("x")</script>'


def _version(article_id: str, source: str) -> Version:
    return Version(
        article_id=article_id,
        source=source,
        title=f"Title {HOSTILE}",
        published="2020-01-01",
        url=None,
        words=100,
        issue_frames=("political",),
        generic_frames=(),
        devices_per_1k=1.0,
        hedges_per_1k=0.0,
        attribution={"named": 1},
        speakers=(f"Speaker {HOSTILE}",),
    )


def test_every_article_derived_string_is_escaped() -> None:
    story = Story(
        id="story-abc",
        label=f"label {HOSTILE}",
        keyterms=("label",),
        start="2020-01-01",
        end="2020-01-01",
        sources=(f"Outlet {HOSTILE}", "Other"),
        article_ids=("a", "b"),
    )
    fact = Fact(label=f"fact {HOSTILE}", basis="figure", statements={"a": f"claim {HOSTILE}", "b": "claim"})
    only = Fact(label="only", basis="figure", statements={"a": f"only {HOSTILE}"})
    view = StorySides(
        story=story,
        versions=[_version("a", f"Outlet {HOSTILE}"), _version("b", "Other")],
        facts=[fact, only],
        speakers={f"Speaker {HOSTILE}": ["a", "b"]},
    )
    html, markdown = render_stories_section([view], total=1)
    assert "<script>" not in html and html.count("&lt;script&gt;") >= 6
    assert "<script>" not in markdown


def test_bcubed_known_values() -> None:
    # Gold {a, b} {c}; predicted {a} {b, c}: P = (1 + 1/2 + 1/2) / 3, R = (1/2 + 1/2 + 1) / 3.
    precision, recall, f1 = bcubed({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "y", "c": "y"})
    assert (round(precision, 4), round(recall, 4), round(f1, 4)) == (0.6667, 0.6667, 0.6667)
    assert bcubed({"a": "1", "b": "1"}, {"a": "x", "b": "x"}) == (1.0, 1.0, 1.0)
