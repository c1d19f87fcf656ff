"""Issue and generic frames: hand-built docs for the scoring rules, the seed article for the gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.extract.frames import GENERIC, ISSUE, article_frames, cue_hits, score_frames

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "chinese-emigration-opinion.txt"
GOLD = ROOT.parent / "shared" / "gold" / "chinese-emigration-opinion.json"


def hand_doc(words: list[str], lemmas: list[str], ents: list[str] | None = None) -> Doc:
    vocab = spacy.blank("en").vocab
    doc = Doc(vocab, words=words, lemmas=lemmas, ents=ents)
    for token in doc:
        token.is_sent_start = token.i == 0 or doc[token.i - 1].text == "."
    return doc


def test_cues_match_by_lemma_with_offsets() -> None:
    doc = hand_doc(
        ["Smugglers", "were", "arrested", "near", "the", "border", "."],
        ["smuggler", "be", "arrest", "near", "the", "border", "."],
    )
    (frames,) = score_frames(doc, [(0, len(doc.text))])
    assert frames[0].frame == "crime_punishment"
    assert [e.text for e in frames[0].evidence] == ["Smugglers", "arrested"]
    assert all(doc.text[e.start : e.end] == e.text for e in frames[0].evidence)
    # A lone weak cue ("border", 0.5) is not a frame.
    assert "security_defense" not in {f.frame for f in frames}


def test_multiword_cue_counts_once_as_the_longest_match() -> None:
    doc = hand_doc(["The", "cost", "of", "living", "rose", "."], ["the", "cost", "of", "living", "rise", "."])
    economic = [h for h in cue_hits(doc, ISSUE) if h.frame == "economic"]
    assert [(doc.text[h.start : h.end], h.weight) for h in economic] == [("cost of living", 2.0)]


def test_repeated_cue_is_discounted_and_spans_are_separate() -> None:
    words = ["Taxes", "rose", ".", "Taxes", "rose", ".", "Police", "came", "."]
    lemmas = ["tax", "rise", ".", "tax", "rise", ".", "police", "come", "."]
    doc = hand_doc(words, lemmas)
    whole, first = score_frames(doc, [(0, len(doc.text)), (0, 10)])
    weights = {f.frame: f.score for f in whole}
    # tax 1.0 + 0.5 (repeat) = 1.5 economic vs police 2.0 crime: shares of 3.5 (policy "tax" absent).
    assert weights["crime_punishment"] > weights["economic"]
    assert [f.frame for f in first] == ["economic"]
    assert first[0].evidence[0].text == "Taxes"


def test_cue_inside_a_person_name_is_ignored() -> None:
    doc = hand_doc(["Bill", "Price", "spoke", "."], ["Bill", "Price", "speak", "."], ["B-PERSON", "I-PERSON", "O", "O"])
    assert [h for h in cue_hits(doc, ISSUE) if h.frame == "economic"] == []


@pytest.fixture(scope="module")
def seed():
    from pipeline.nlp import load_model

    lines = SEED.read_text(encoding="utf-8").split("\n")
    paragraphs: list[str] = []
    for line in lines:
        # The seed has one hard-wrapped line ("The physical\nand emotional"); join it like the cleaner.
        if paragraphs and line[:1].islower():
            paragraphs[-1] += " " + line.strip()
        elif line.strip():
            paragraphs.append(line.strip())
    text = "\n\n".join(paragraphs)
    return load_model()(text)


@pytest.mark.model
def test_seed_sections_top_two_frames_include_gold(seed) -> None:
    if not GOLD.exists():
        pytest.skip("../shared/gold is not present")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    text = seed.text
    cuts = [0]
    for section in gold["sections"][1:]:
        at = text.index("\n\n" + section["heading"] + "\n\n")
        cuts += [at, at + len(section["heading"]) + 4]
    cuts.append(len(text))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    results = score_frames(seed, spans)
    for expected, frames, (start, end) in zip(gold["section_frames"], results, spans):
        top_two = {f.frame for f in frames[:2]}
        assert set(expected["frames"]) <= top_two, (expected["heading"], [f.frame for f in frames[:4]])
        for f in frames:
            assert all(start <= e.start and e.end <= end and text[e.start : e.end] == e.text for e in f.evidence)


@pytest.mark.model
def test_article_frames_issue_shares_and_calibrated_generic(seed) -> None:
    frames = article_frames(seed)
    issue = [f for f in frames if f.taxonomy == ISSUE]
    generic = {f.frame: f for f in frames if f.taxonomy == GENERIC}
    assert abs(sum(f.share or 0 for f in issue) - 1.0) < 0.01
    assert {f.frame for f in issue if f.present} >= {"economic", "political", "quality_of_life"}
    assert set(generic) == {"conflict", "economic", "human_interest", "morality", "resolution"}
    assert generic["economic"].present
    for f in generic.values():
        assert f.present == (f.score >= 0.5)
        assert not f.present or f.evidence
        assert all(seed.text[e.start : e.end] == e.text for e in f.evidence)


def test_according_to_is_not_an_accord() -> None:
    doc = hand_doc(["According", "to", "the", "accord", ",", "trade", "grew", "."],
                   ["accord", "to", "the", "accord", ",", "trade", "grow", "."])
    cues = [doc.text[h.start : h.end] for h in cue_hits(doc, ISSUE) if h.frame == "external_regulation_reputation"]
    assert cues == ["accord"]


@pytest.mark.model
def test_token_columns_agree_with_spacy() -> None:
    from pipeline.extract.frames import _content_tokens, _sentence_starts, token_forms
    from pipeline.nlp import load_model

    doc = load_model()("Prices rose.  Mr. Smith's firm, however, said so.\n\nA new paragraph starts here!")
    assert token_forms(doc) == ([t.lower_ for t in doc], [t.lemma_ for t in doc])
    assert _sentence_starts(doc) == [s.start for s in doc.sents]
    assert _content_tokens(doc) == sum(1 for t in doc if not (t.is_punct or t.is_space))


def test_a_phrase_is_read_whole_across_frames() -> None:
    doc = hand_doc(["Homeland", "Security", "acted", "."], ["Homeland", "Security", "act", "."])
    assert [(h.frame, doc.text[h.start : h.end]) for h in cue_hits(doc, ISSUE)] == [
        ("security_defense", "Homeland Security")]


def test_generic_cues_inside_a_name_are_ignored() -> None:
    doc = hand_doc(["The", "White", "House", "lost", "a", "house", "."],
                   ["the", "White", "House", "lose", "a", "house", "."],
                   ["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"])
    houses = [h.start for h in cue_hits(doc, GENERIC) if doc.text[h.start : h.end].lower() == "house"]
    assert houses == [doc.text.index("house")]
    # Issue frames keep an institution's name as evidence of its domain.
    assert any(h.frame == "political" for h in cue_hits(doc, ISSUE))


def test_the_frames_lexicon_is_typed_and_checked() -> None:
    from pipeline.extract.frames import FramesLexicon, frames_lexicon
    from pipeline.lexicons import LexiconError, build_typed, load_lexicon

    lexicon = frames_lexicon()
    assert set(lexicon.generic_thresholds) == set(lexicon.generic_frames)
    assert lexicon.issue_present.min_distinct >= 1 and "according" in lexicon.not_by_lemma
    raw = {k: v for k, v in load_lexicon("frames").items() if k != "min_span_weight"}
    with pytest.raises(LexiconError, match="min_span_weight"):
        build_typed(raw, FramesLexicon, "models/frames.yaml")


def test_a_span_holds_exactly_the_cues_wholly_inside_it() -> None:
    doc = hand_doc(
        ["Smugglers", "were", "arrested", "near", "the", "border", "."],
        ["smuggler", "be", "arrest", "near", "the", "border", "."],
    )
    arrested = doc.text.index("arrested")
    end = arrested + len("arrested")
    inside, straddling, before = score_frames(doc, [(0, end), (0, end - 1), (arrested + 1, len(doc.text))])
    assert [e.text for e in inside[0].evidence] == ["Smugglers", "arrested"]
    assert [e.text for e in straddling[0].evidence] == ["Smugglers"]
    assert before == ()
    # The same evidence object serves the article, its sections and its claims.
    article = {f.frame: f for f in article_frames(doc)}
    assert article["crime_punishment"].evidence == inside[0].evidence
