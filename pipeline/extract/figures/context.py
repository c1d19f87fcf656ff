"""When a figure holds (``time``) and what it is compared with (``change_from``)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from .doc_index import _DocIndex
from .lexicon import _Lex
from .ranges import Ranges

# -- when ----------------------------------------------------------------------------------------


def _periods(doc: Doc, ents: list[tuple[int, int, str, int, int]], lex: _Lex) -> list[tuple[int, int]]:
    """DATE entities of a sentence as token ranges, "October 2022 and February 2023" merged."""
    periods: list[tuple[int, int]] = []
    for ent_start, ent_end, label, _, _ in ents:
        if label != "DATE":
            continue
        if periods:
            gap = doc[periods[-1][1] : ent_start]
            if len(gap) == 1 and gap[0].lower_ in lex.data.period_joiners:
                periods[-1] = (periods[-1][0], ent_end)
                continue
        periods.append((ent_start, ent_end))
    return periods


@dataclass(frozen=True)
class _SentencePeriods:
    """The periods of one sentence that can be a figure's time, in text order (they never overlap)."""

    token_starts: list[int]
    token_ends: list[int]
    char_starts: list[int]  # where ``texts`` start (with a "between"/"from"/"since" kept in front)
    char_ends: list[int]
    entity_starts: list[int]  # where the DATE entity itself starts, for distances
    texts: list[str]


class _Times:
    """The ``time`` of each figure: the nearest DATE period of its sentence that does not overlap it.

    The periods of a sentence are read once and each figure finds its nearest period by bisection, so
    a sentence with n figures and m dates costs O((n + m) log m), not O(n * m) (a 200 KB sentence of
    numbers took minutes when every figure re-read every date).
    """

    def __init__(self, doc: Doc, info: _DocIndex, measured: list[tuple[int, int]], lex: _Lex) -> None:
        self.doc, self.info, self.lex = doc, info, lex
        self.measured = Ranges(measured)  # durations kept as figures: their dates are not periods
        self.by_sentence: dict[int, _SentencePeriods] = {}

    def of(self, span: Span, subject: tuple[int, int] | None) -> str | None:
        """The nearest period not overlapping ``span`` nor inside the ``subject`` range."""
        sent = self.info.sent_of(span.start)
        periods = self.by_sentence.get(sent[0])
        if periods is None:
            periods = self.by_sentence[sent[0]] = self._read(sent)
        if not periods.texts:
            return None
        # periods wholly inside the subject are part of what is counted ("an increase year-on-year")
        inside_from, inside_to = (
            (bisect_left(periods.char_starts, subject[0]), bisect_right(periods.char_ends, subject[1]))
            if subject else (0, 0)
        )
        left = bisect_right(periods.token_ends, span.start) - 1
        if inside_from <= left < inside_to:
            left = inside_from - 1
        right = bisect_left(periods.token_starts, span.end)
        if inside_from <= right < inside_to:
            right = inside_to
        best: tuple[int, str] | None = None
        if left >= 0:
            best = (span.start_char - periods.char_ends[left], periods.texts[left])
        if right < len(periods.texts):
            distance = periods.entity_starts[right] - span.end_char
            if best is None or distance < best[0]:
                best = (distance, periods.texts[right])
        return best[1] if best else None

    def _read(self, sent: tuple[int, int, int, int]) -> _SentencePeriods:
        doc, text = self.doc, self.info.text
        out = _SentencePeriods([], [], [], [], [], [])
        for ent_start, ent_end in _periods(doc, self.info.sent_ents(sent), self.lex):
            start = ent_start
            # "Between October 2022 and February 2023": keep the preposition that makes it a period
            if start > sent[0] and doc[start - 1].lower_ in self.lex.data.period_openers:
                start -= 1
            last = doc[ent_end - 1]
            end_char = last.idx + len(last.text)
            period = text[doc[start].idx : end_char]
            if self.lex.not_period_re.search(period):
                continue  # ages ("19-year-old", "their early 20s", "35"), spans ("13-year"): not periods
            entity_start = doc[ent_start].idx
            if self.measured.overlaps(entity_start, end_char):
                continue  # "served 12 years": a measured duration, not a period
            out.token_starts.append(ent_start)
            out.token_ends.append(ent_end)
            out.char_starts.append(doc[start].idx)
            out.char_ends.append(end_char)
            out.entity_starts.append(entity_start)
            out.texts.append(period)
        return out


# -- changes -------------------------------------------------------------------------------------

# a count can change into a quantity or a duration and back ("from 10 to 20 miles")
_COMPARABLE_KINDS = {"count", "quantity", "duration"}
# matched on short slices (a few dozen characters): "^" and "\b" must see the slice's edges
_TO_RE = re.compile(r"\s*to\s*", re.IGNORECASE)
_FROM_RE = re.compile(r"\bfrom\s*$", re.IGNORECASE)


def _link_changes(figures: list[dict[str, Any]], lex: _Lex, text: str) -> None:
    """Set ``change_from`` on a figure compared with a baseline ("116,868, up from 15,362"
    or "rose from 10 to 20")."""
    reach = lex.data.context_chars
    for i, fig in enumerate(figures):
        if i == 0:
            continue
        sent_start = fig["_sent_start_char"]
        prev = figures[i - 1]
        if prev["start"] < sent_start:
            continue
        between = text[prev["end"] : fig["start"]]
        if prev["kind"] != fig["kind"] and not {prev["kind"], fig["kind"]} <= _COMPARABLE_KINDS:
            continue
        before = text[max(sent_start, fig["start"] - reach.change_cue_before) : fig["start"]]
        # "from X to Y": Y changed from X
        if _TO_RE.fullmatch(between) and _FROM_RE.search(
            text[max(sent_start, prev["start"] - reach.from_before) : prev["start"]]
        ):
            fig["change_from"] = prev["id"]
            continue
        cue = lex.change_cue_re.search(before)
        if cue and cue.group(0).strip().lower() != "from" and len(between) <= reach.change_link_gap:
            prev["change_from"] = fig["id"]
            if fig["subject"] is None:
                fig["subject"] = prev["subject"]  # "116,868 Chinese ..., up from 15,362": same thing
