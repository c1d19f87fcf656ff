"""Gold files and their articles: finding and checking gold JSON, and ingesting the article each names
(a file of ../shared/corpus-dev or corpus/, or an AllSides record by its ID) as the CLI would."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from ..records import Article

REPO_ROOT = Path(__file__).resolve().parents[2]
# The shared data lives beside the repo, never inside it.
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"
ALLSIDES_PREFIX = "allsides-immigration:"
ALLSIDES_JSONL = Path("allsides-immigration") / "immigration.jsonl"


def gold_files(paths: Iterable[str | Path]) -> list[Path]:
    """The gold JSON files in the given folders (or the files themselves), in a stable order."""
    files: list[Path] = []
    for spec in paths:
        path = Path(spec)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.json")))
        elif path.is_file():
            files.append(path)
        else:
            raise GoldFormatError(f"{path}: no such gold file or folder")
    if not files:
        raise GoldFormatError(f"no gold .json files in {', '.join(map(str, paths))}")
    return files


def load_gold(path: Path) -> dict[str, Any]:
    """One gold annotation, checked for the keys scoring relies on."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldFormatError(f"{path}: cannot read gold JSON ({exc})") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("article"), str):
        raise GoldFormatError(f"{path}: a gold file is an object with an \"article\" key "
                              "(see shared/gold/README.md)")
    return gold


class ArticleResolver:
    """Finds and ingests each gold file's article with the project's own ingest, as the CLI would."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir or DEFAULT_DATA_DIR
        self._allsides: dict[str, tuple[int, dict[str, Any]]] | None = None

    def allsides_path(self) -> Path:
        """``--data`` may name the shared data folder, the allsides folder or the JSONL itself."""
        for candidate in (self.data_dir, self.data_dir / ALLSIDES_JSONL, self.data_dir / "immigration.jsonl"):
            if candidate.is_file():
                return candidate
        raise GoldFormatError(f"AllSides data not found under {self.data_dir} (expected {ALLSIDES_JSONL}); "
                              f"pass --data DIR")

    def article(self, gold: dict[str, Any], gold_path: Path) -> Article:
        from ..ingest import IngestOptions, Rejected, read_articles, to_article
        from ..ingest.readers import RawRecord

        ref = gold["article"]
        if ref.startswith(ALLSIDES_PREFIX):
            path = self.allsides_path()
            if self._allsides is None:
                with path.open(encoding="utf-8") as handle:
                    rows = (json.loads(line) for line in handle if line.strip())
                    self._allsides = {row["ID"]: (n, row) for n, row in enumerate(rows, start=1)}
            key = ref.removeprefix(ALLSIDES_PREFIX)
            if key not in self._allsides:
                raise GoldFormatError(f"{gold_path}: article {ref!r} is not in {path}")
            line, row = self._allsides[key]
            item: Any = to_article(RawRecord(text="", origin=f"{path}:{line}", fields=row, fmt="record"),
                                   IngestOptions())
        else:
            candidates = [gold_path.parent.parent / "corpus-dev" / ref, REPO_ROOT / "corpus" / ref,
                          gold_path.parent / ref]
            found = next((c for c in candidates if c.is_file()), None)
            if found is None:
                raise GoldFormatError(f"{gold_path}: article file {ref!r} not found in "
                                      f"{', '.join(str(c.parent) for c in candidates)}")
            item = next(iter(read_articles([found])), None)
        if item is None or isinstance(item, Rejected):
            raise GoldFormatError(f"{gold_path}: article {ref!r} was rejected by ingest: {item}")
        return item
