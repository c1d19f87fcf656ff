"""What a figure counts (``subject``), when (``time``) and compared with what (``change_from``)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from .doc_index import _DocIndex, _Tree
from .lexicon import _Lex, _lex
from .ranges import Ranges
from .scanner import ParsedQuantity

# -- what is counted ------------------------------------------------------------------------------

_SUBJECT_STOP_DEPS = {"prep", "relcl", "punct", "cc", "conj", "appos", "advcl", "acl", "mark"}


def _np_right_edge(head: Token, tree: _Tree) -> int:
    """Index after the last token of ``head``'s noun phrase to the right: modifiers, "of" phrases,
    a participle and its object ("Chinese seeking asylum"), hyphenated words ("year-on-year")."""
    end = head.i + 1
    doc = head.doc
    for child in tree.rights(head):
        if child.i > end and not (child.i == end + 1 and doc[end].text == "-"):
            break  # only contiguous material belongs to the phrase
        if child.dep_ == "prep" and child.lower_ == "of":
            end = child.right_edge.i + 1
        elif child.dep_ == "acl" and child.tag_ in ("VBG", "VBN"):
            end = child.i + 1
            for grandchild in tree.rights(child):
                if grandchild.dep_ in ("dobj", "attr", "compound") and grandchild.i == end:
                    end = _np_right_edge(grandchild, tree)
                else:
                    break
        elif child.dep_ not in _SUBJECT_STOP_DEPS:
            end = child.right_edge.i + 1
        else:
            break
    # hyphenated compounds written as one word: "increase year-on-year"
    while end < len(doc) and doc[end - 1].whitespace_ == "" and (
        doc[end].text == "-" or doc[end - 1].text == "-"
    ):
        end += 1
    if end < len(doc) and doc[end - 1].text == "-":
        end -= 1
    return end


def _noun_head(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "ADJ" and token.tag_ in ("NNS", "NNPS"))


def _subject(doc: Doc, span: Span, pq: ParsedQuantity, tree: _Tree) -> tuple[int, int] | None:
    """What the figure counts, as a character range of the text (None when the parse is silent)."""
    if pq.kind == "rank":
        # the noun the rank modifies, after it ("third-largest economy", "the top three or four
        # most populous countries": "four" hangs on "three", which hangs on "countries")
        heads = [t.head for t in span if t.head.i >= span.end]
        if heads and _noun_head(heads[-1]):
            return _phrase(doc, span.end, _np_right_edge(heads[-1], tree))
        return None
    root = tree.root(span)
    if pq.kind == "multiplier" and span.end < len(doc):
        # "a 12 times increase year-on-year": the parser often reads the noun after as a verb
        nxt = doc[span.end]
        if nxt.is_alpha and nxt.pos_ in ("NOUN", "VERB") and nxt.lower_ in _lex().multiplier_followers:
            end = span.end + 1
            for child in tree.rights(nxt):
                if child.i == end and child.dep_ in ("npadvmod", "advmod", "amod", "compound"):
                    end = child.right_edge.i + 1
            return _phrase(doc, span.end, end)
        return None
    # "67 percent of respondents", "millions of people", "4,000 of the migrants"
    for child in tree.rights(root):
        if child.lower_ == "of" and child.dep_ == "prep" and child.i >= span.end:
            obj = tree.first_child(child, ("pobj",))
            if obj is not None:
                left = min((c.i for c in tree.lefts(obj) if c.dep_ in ("compound", "amod", "nmod")), default=obj.i)
                return _phrase(doc, left, _np_right_edge(obj, tree))
        break
    head = root.head
    # "116,868 Chinese seeking asylum", "four major international forums", "a 12 times increase"
    if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod") and head.i >= span.end:
        if root.dep_ == "quantmod" and head.head.i > head.i:
            head = head.head
        if _noun_head(head):
            return _phrase(doc, span.end, _np_right_edge(head, tree))
    # "the highest acceptance rate, 67 percent": the apposed noun, its compounds only
    if root.dep_ == "appos" and _noun_head(head):
        left = head.i
        for child in reversed(tree.lefts(head)):
            if child.dep_ == "compound" and child.i == left - 1:
                left = child.i
        return _phrase(doc, left, head.i + 1)
    # "unemployment rose to 5 percent", "the rate stood at 3%"
    if root.dep_ == "pobj" and head.lower_ in ("to", "at", "by") and head.head.pos_ in ("VERB", "AUX"):
        s = tree.first_child(head.head, ("nsubj", "nsubjpass"))
        if s is not None and _noun_head(s):
            left = min((c.i for c in tree.lefts(s) if c.dep_ in ("compound", "amod")), default=s.i)
            return _phrase(doc, left, s.i + 1)
    # Nothing else names what is counted: a figure that is itself the object ("lifted millions out of
    # poverty", "poured $200 million into the firm") counts what the text leaves unsaid, and the verb's
    # other complements ("out of poverty", "into the firm") are where it went, not what it counts.
    return None


def _phrase(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The character range of tokens ``start:end`` without leading determiners and edge punctuation."""
    while start < end and (doc[start].is_punct or doc[start].pos_ == "DET"):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


# -- when ----------------------------------------------------------------------------------------


def _periods(doc: Doc, ents: list[tuple[int, int, str, int, int]]) -> list[tuple[int, int]]:
    """DATE entities of a sentence as token ranges, "October 2022 and February 2023" merged."""
    periods: list[tuple[int, int]] = []
    for ent_start, ent_end, label, _, _ in ents:
        if label != "DATE":
            continue
        if periods:
            gap = doc[periods[-1][1] : ent_start]
            if len(gap) == 1 and gap[0].lower_ in ("and", "to", "through", "-", "–", "until"):
                periods[-1] = (periods[-1][0], ent_end)
                continue
        periods.append((ent_start, ent_end))
    return periods


_NOT_PERIOD_RE = re.compile(
    r"year[- ]old|^(?:their|his|her|its|our|my)\b|^\d{1,3}$|^\d+-(?:year|month|week|day)", re.IGNORECASE
)


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

    def __init__(self, doc: Doc, info: _DocIndex, measured: list[tuple[int, int]]) -> None:
        self.doc, self.info = doc, info
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
        for ent_start, ent_end in _periods(doc, self.info.sent_ents(sent)):
            start = ent_start
            # "Between October 2022 and February 2023": keep the preposition that makes it a period
            if start > sent[0] and doc[start - 1].lower_ in ("between", "from", "since"):
                start -= 1
            last = doc[ent_end - 1]
            end_char = last.idx + len(last.text)
            period = text[doc[start].idx : end_char]
            if _NOT_PERIOD_RE.search(period):
                continue  # ages ("19-year-old", "their early 20s", "35") and spans ("13-year") are not periods
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


def _link_changes(figures: list[dict[str, Any]], lex: _Lex, text: str) -> None:
    """Set ``change_from`` on a figure compared with a baseline ("116,868, up from 15,362"
    or "rose from 10 to 20")."""
    for i, fig in enumerate(figures):
        if i == 0:
            continue
        sent_start = fig["_sent_start_char"]
        prev = figures[i - 1]
        if prev["start"] < sent_start:
            continue
        between = text[prev["end"] : fig["start"]]
        compatible = prev["kind"] == fig["kind"] or {prev["kind"], fig["kind"]} <= {"count", "quantity", "duration"}
        if not compatible:
            continue
        before = text[max(sent_start, fig["start"] - 30) : fig["start"]]
        # "from X to Y": Y changed from X
        if re.fullmatch(r"\s*to\s*", between, re.IGNORECASE) and re.search(
            r"\bfrom\s*$", text[max(sent_start, prev["start"] - 10) : prev["start"]], re.IGNORECASE
        ):
            fig["change_from"] = prev["id"]
            continue
        cue = lex.change_cue_re.search(before)
        if cue and cue.group(0).strip().lower() != "from" and len(between) <= 120:
            prev["change_from"] = fig["id"]
            if fig["subject"] is None:
                fig["subject"] = prev["subject"]  # "116,868 Chinese ..., up from 15,362": same thing
