"""Cue words in their everyday sense are not frame or certainty cues (issue: errors a reader notices).

Each case is a sentence written for the test, with the cue once in the frame's sense and once not."""

from __future__ import annotations

import pytest

from pipeline.analyze import analyze_text

pytestmark = pytest.mark.model


def _evidence(text: str, frame: str, taxonomy: str = "issue") -> list[str]:
    analysis = analyze_text(text)
    return [e.text for f in analysis.frames if (f.frame, f.taxonomy) == (frame, taxonomy) for e in f.evidence]


@pytest.mark.parametrize("text", [
    "Many young migrants are securing stable employment in the cities, officials said.",
    "She waited two years to secure a US visa for her son.",
])
def test_secure_as_obtaining_is_no_security_cue(text: str) -> None:
    assert not any(word.lower().startswith("secur") for word in _evidence(text, "security_defense"))


def test_secure_the_border_is_a_security_cue() -> None:
    assert "secure" in _evidence("The administration vowed to secure the border against smugglers.",
                                 "security_defense")


def test_a_message_is_political_only_as_a_political_message() -> None:
    assert "message" not in _evidence("President Xi Jinping’s message to Chinese people everywhere is crisp.",
                                      "political")
    assert "message" in _evidence("The senator's campaign message focused on the election.", "political")


def test_the_banks_of_a_river_are_no_economic_cue() -> None:
    text = "Migrants camped on the banks of the Rio Grande for weeks, waiting to cross."
    assert _evidence(text, "economic") == [] and _evidence(text, "economic", "generic") == []
    assert "bank" in _evidence("The bank raised its rates and loans became expensive.", "economic")


def test_but_alone_is_contrast_and_with_conflict_cues_it_is_conflict() -> None:
    assert _evidence("The city grew quickly, but the river stayed clean.", "conflict", "generic") == []
    conflict = _evidence("Critics oppose the plan, but the mayor defends it.", "conflict", "generic")
    assert "but" in conflict and "oppose" in conflict


def test_possible_after_a_superlative_is_no_hedge() -> None:
    degree = analyze_text("The party wants to persuade the greatest possible number of people, aides said.")
    assert [h.text for c in degree.claims for h in c.hedges] == []
    hedged = analyze_text("It is possible that the plan will fail, officials said.")
    assert [h.text for c in hedged.claims for h in c.hedges] == ["possible"]


def test_the_seed_article_keeps_its_real_frames_without_the_false_cues() -> None:
    from tests.conftest import SEED

    analysis = analyze_text(SEED.read_text(encoding="utf-8"))
    frames = {(f.frame, f.taxonomy): [e.text for e in f.evidence] for f in analysis.frames}
    political = frames[("political", "issue")]
    assert "message" not in political and "Communist Party" in political
    assert "but" not in [w.lower() for w in frames[("conflict", "generic")]]
    assert not any(w.lower().startswith("secur") for w in frames.get(("security_defense", "issue"), []))
    assert "infiltration" in [w.lower() for w in frames[("security_defense", "issue")]]
    possible = [c for c in analysis.claims if "greatest possible number" in c.text]
    assert possible and not possible[0].hedges
