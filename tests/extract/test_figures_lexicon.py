"""models/figures.yaml through its typed loader: every key known, typed and used."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.extract.figures.lexicon import FiguresLexicon, _lex
from pipeline.lexicons import LexiconError, build_typed, load_lexicon


def test_the_lexicon_loads_typed() -> None:
    data = _lex().data
    assert isinstance(data, FiguresLexicon)
    assert data.number_words.units["twelve"] == 12
    assert data.number_words.scales["million"] == 1e6
    assert _lex().vulgar["⅔"] == 2 / 3
    assert data.age_range == (1, 120)
    assert data.context_chars.change_link_gap == 120
    assert "nsubj" in data.subject.clause_subject_deps


def test_a_misspelt_key_fails_at_load_time_with_its_name() -> None:
    raw = dict(load_lexicon("figures"))
    raw["qualifierz"] = raw.pop("qualifiers")
    with pytest.raises(LexiconError, match="qualifierz") as err:
        build_typed(raw, FiguresLexicon, "models/figures.yaml")
    assert "models/figures.yaml" in str(err.value)


def test_a_yaml_boolean_where_a_word_belongs_fails() -> None:
    # YAML reads a bare `no` as false: the loader refuses it instead of matching the word "False"
    raw = dict(load_lexicon("figures"))
    raw["rank_openers"] = ["top", False]
    with pytest.raises(LexiconError, match="rank_openers"):
        build_typed(raw, FiguresLexicon, "models/figures.yaml")


def test_every_key_of_the_file_is_a_field_and_every_field_a_key() -> None:
    raw = load_lexicon("figures")
    fields = {f.name for f in dataclasses.fields(FiguresLexicon)}
    assert set(raw) == fields
