"""BABE scoring: marked words, device precision and sentence macro-F1 on hand-made sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import GoldFormatError
from pipeline.evaluate.babe import BabeSentence, fold_of, read_babe, score_sentences
from pipeline.records import Device


def device(text: str, word: str, name: str = "loaded_language", score: float = 0.7) -> Device:
    start = text.index(word)
    return Device(id=f"d{start}", device=name, text=word, start=start, end=start + len(word), score=score)


def test_recall_precision_and_macro_f1() -> None:
    biased = "The senator gave a bizarre, rambling speech."
    plain = "The committee met on Tuesday."
    sentences = [BabeSentence(1, biased, True, ("bizarre", "rambling")), BabeSentence(2, plain, False, ())]
    found = [[device(biased, "bizarre"), device(biased, "senator")], [device(plain, "committee")]]
    score = score_sentences(sentences, [biased, plain], found)
    assert (score.words, score.words_hit, score.word_recall) == (2, 1, 0.5)
    assert (score.devices, score.on_marked) == (3, 1)
    assert score.confusion == {"tp": 1, "fp": 1, "fn": 0, "tn": 0}
    assert score.macro_f1 == pytest.approx((2 / 3 + 0.0) / 2)
    assert [(row, word) for row, word, _ in score.missed_words] == [(1, "rambling")]


def test_threshold_and_family_filter() -> None:
    text = "It was a bizarre and frankly absurd plan."
    sentences = [BabeSentence(1, text, True, ("bizarre", "absurd"))]
    found = [[device(text, "bizarre", score=0.3), device(text, "absurd", "hedge", 0.9)]]
    assert score_sentences(sentences, [text], found, min_score=0.5).words_hit == 1
    only_loaded = score_sentences(sentences, [text], found, keep=lambda d: d.device == "loaded_language")
    assert (only_loaded.devices, only_loaded.words_hit) == (1, 1)


def test_folds_depend_on_the_text_only() -> None:
    assert fold_of("Same sentence.") == fold_of("Same sentence.")
    assert {fold_of(f"sentence {i}") for i in range(100)} == {0, 1, 2, 3, 4}


def test_reading_a_babe_file(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text('text,label_bias,biased_words,outlet\n"A bizarre plan.",Biased,"[\'bizarre\']",X\n'
                    '"A plan.",Non-biased,[],Y\n"Unclear.",No agreement,[],Z\n', encoding="utf-8")
    sentences = read_babe(path)
    assert [(s.row, s.biased, s.words) for s in sentences] == [(1, True, ("bizarre",)), (2, False, ())]
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="missing column"):
        read_babe(tmp_path / "bad.csv")
