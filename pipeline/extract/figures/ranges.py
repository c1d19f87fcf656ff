"""Sorted, disjoint character ranges, tested by bisection.

The scanner tests every candidate against the masked ranges of its sentence and the time finder tests
every date against the measured durations of the article: a scan of every range for every test made
both quadratic in a long sentence full of numbers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Ranges:
    """Character ranges merged into sorted, disjoint ones covering the same characters."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for a, b in sorted(ranges):
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        self.ranges = merged
        self.starts = [a for a, _ in merged]

    def covers(self, pos: int) -> bool:
        """Whether some range holds ``pos`` (start <= pos < end)."""
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ranges[k][1]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps some range."""
        k = bisect_left(self.starts, end) - 1  # the last range starting before ``end``
        return k >= 0 and self.ranges[k][1] > start
