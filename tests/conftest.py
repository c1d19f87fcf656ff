"""Shared fixtures: the sample corpus, a folder of broken inputs, the shared data when present."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "chinese-emigration-opinion.txt"
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
ALLSIDES = SHARED_DATA / "allsides-immigration" / "immigration.jsonl"


def allsides_records(n: int | None = None) -> list[dict]:
    """The first ``n`` AllSides records, or skip the test when ../shared/data is absent."""
    if not ALLSIDES.exists():
        pytest.skip("../shared/data is not present")
    records = []
    with ALLSIDES.open(encoding="utf-8") as handle:
        for line in handle:
            records.append(json.loads(line))
            if n is not None and len(records) >= n:
                break
    return records


@pytest.fixture
def broken_folder(tmp_path: Path) -> Path:
    """The seed article plus one broken file of each kind the ingest must name."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "empty.txt").write_text("")
    (folder / "report.pdf.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (folder / "nul.txt").write_bytes(b"some text\x00\x00\x00 with NUL bytes")
    (folder / "latin.txt").write_bytes(b"Caf\x81 \x8d\x8f\x90 undecodable \x9d bytes")
    (folder / "huge.txt").write_text("word " * 300_000)  # 1.5 MB, over the 1 MB limit the test sets
    (folder / "feed.jsonl").write_text(
        json.dumps({"title": "Good one", "text": "A fine article about immigration. It says things.",
                    "source": "Wire"}) + "\n{not json}\n", encoding="utf-8")
    (folder / "table.csv").write_text("headline,outlet\nNo text here,Wire\n", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return folder
