"""The typed lexicon loader and the analysis key: a changed extractor or lexicon re-analyses."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.analyze import versions_key
from pipeline.lexicons import (
    MODELS_DIR,
    OUTPUT_STAGE_LEXICONS,
    PACKAGE_DIR,
    LexiconError,
    build_typed,
    code_digest,
    code_files,
    lexicon_versions,
)


@dataclass(frozen=True)
class _Inner:
    weight: float


@dataclass(frozen=True)
class _Schema:
    words: frozenset[str]
    phrases: tuple[str, ...]
    scores: dict[str, float]
    inner: _Inner
    limit: int
    note: str | None = None


def test_build_typed_converts_to_declared_types() -> None:
    built = build_typed({"version": "1", "words": ["a", "b", "a"], "phrases": ["x y"], "scores": {"k": 1},
                         "inner": {"weight": 2}, "limit": 3}, _Schema, "t.yaml")
    assert built == _Schema(words=frozenset({"a", "b"}), phrases=("x y",), scores={"k": 1.0},
                            inner=_Inner(weight=2.0), limit=3)
    assert isinstance(built.scores["k"], float)


@pytest.mark.parametrize(("data", "message"), [
    ({"words": [], "phrases": [], "scores": {}, "inner": {"weight": 1}, "limit": 1, "wrods": []},
     "t.yaml: unknown key(s) wrods"),
    ({"words": [], "phrases": [], "scores": {}, "inner": {"weight": 1}}, "t.yaml: missing key(s) limit"),
    ({"words": "a b", "phrases": [], "scores": {}, "inner": {"weight": 1}, "limit": 1},
     "t.yaml words: expected a list, found str"),
    ({"words": [], "phrases": [], "scores": {}, "inner": {"weight": "heavy"}, "limit": 1},
     "t.yaml inner weight: expected float, found 'heavy'"),
    ({"words": [], "phrases": [], "scores": {}, "inner": {"weight": 1}, "limit": True},
     "t.yaml limit: expected int, found True"),
])
def test_build_typed_names_the_file_and_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(LexiconError) as raised:
        build_typed(data, _Schema, "t.yaml")
    assert str(raised.value).startswith(message)


def test_every_extractor_file_is_in_the_code_digest() -> None:
    files = {p.relative_to(PACKAGE_DIR).as_posix() for p in code_files()}
    extractors = {p.relative_to(PACKAGE_DIR).as_posix() for p in (PACKAGE_DIR / "extract").rglob("*.py")}
    assert extractors <= files
    assert {"analyze.py", "records.py"} <= files


def test_changing_extractor_code_changes_the_analysis_key(tmp_path: Path) -> None:
    package = tmp_path / "pipeline"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_digest(package)
    assert before == code_digest(PACKAGE_DIR)
    extractor = next(iter(sorted((package / "extract").rglob("*.py"))))
    extractor.write_text(extractor.read_text(encoding="utf-8") + "\nTUNED = 0.5\n", encoding="utf-8")
    assert code_digest(package) != before


def test_analysis_key_carries_code_and_lexicon_content() -> None:
    versions = lexicon_versions()
    assert versions["code"] == code_digest()
    names = {p.stem for p in MODELS_DIR.glob("*.yaml")} - OUTPUT_STAGE_LEXICONS
    assert names <= set(versions)
    # compare's and the stories stage's data change no analysis: editing them must not re-analyse.
    assert not OUTPUT_STAGE_LEXICONS & set(versions)
    assert all("+" in versions[name] for name in names)  # version+content digest
    key = versions_key("en_core_web_sm-3.8.0", versions)
    assert f"code={versions['code']}" in key
