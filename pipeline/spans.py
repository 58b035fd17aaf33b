"""Spans of text already taken, for stages that claim non-overlapping spans one by one."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class DisjointSpans:
    """Spans taken so far, sorted and disjoint: whether a new one overlaps is a question for its neighbour, found by
    bisection, not for every span of the document."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            if not self.overlaps(start, end):
                self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)  # spans starting before this one ends
        return bool(i) and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._starts, end)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
