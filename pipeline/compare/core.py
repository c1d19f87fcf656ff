"""The result of ``framelens compare``: the ``Comparison`` tables, the error it raises, and the
limits every table shares (rows per group, evidence ids per row)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CompareError  # noqa: F401 - its home is errors.py; compare re-exports it
from .stats import ChiSquare

TOP_PER_GROUP = 10
EVIDENCE_IDS = 5  # ids listed per row; the full set is one filter away in the store


@dataclass
class Comparison:
    """Everything ``framelens compare`` shows: one DataFrame per table, plus the tests and notes."""

    by: str
    groups: pd.DataFrame
    frames: pd.DataFrame
    frame_tests: pd.DataFrame
    metrics: pd.DataFrame
    devices: pd.DataFrame
    attribution: pd.DataFrame
    cited_sources: pd.DataFrame
    quoted_speakers: pd.DataFrame
    entities: pd.DataFrame
    words: pd.DataFrame
    same_fact: pd.DataFrame
    primary_frame_test: ChiSquare | None = None
    notes: list[str] = field(default_factory=list)
    available: dict[str, int] = field(default_factory=dict)  # every group found -> articles, largest first
    unknown_groups: list[str] = field(default_factory=list)  # asked for with --groups, not found

    TABLES = ("groups", "frames", "frame_tests", "metrics", "devices", "attribution", "cited_sources",
              "quoted_speakers", "entities", "words", "same_fact")

    @property
    def compared(self) -> list[str]:
        """The groups large enough to compare, largest first."""
        return list(self.groups.loc[self.groups["status"] == "compared", "group"])

    @property
    def too_small(self) -> list[str]:
        return list(self.groups.loc[self.groups["status"] != "compared", "group"])

    @property
    def left_out(self) -> dict[str, int]:
        """Groups found but not selected (beyond ``--top`` or not in ``--groups``), with their articles."""
        chosen = set(self.groups["group"])
        return {g: n for g, n in self.available.items() if g not in chosen}

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in self.TABLES}

    def to_json_data(self) -> dict[str, Any]:
        """One JSON-ready object: a key per table (list of row objects), plus the test and notes."""
        data: dict[str, Any] = {"by": self.by, "notes": self.notes, "available": self.available,
                                "unknown_groups": self.unknown_groups}
        for name, table in self.tables().items():
            data[name] = [{k: json_value(v) for k, v in row.items()} for row in table.to_dict("records")]
        return data


def json_value(value: Any) -> Any:
    if value is pd.NA:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value

