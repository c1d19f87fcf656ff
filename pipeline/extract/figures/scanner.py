"""The string scanner: every quantity in a raw string, with its kind, unit, qualifier and range.

``find_quantities`` and ``parse_quantity`` need no parse; the extractor (extract.py) runs them
sentence by sentence and filters what they find with the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .lexicon import _WORD_RE, _WS, _lex
from .number_words import _Num
from .ranges import Ranges
from .units import Reading, _is_year, _key, _UnitReader, _word_bounded


@dataclass(frozen=True)
class ParsedQuantity:
    """One normalised quantity found in a string; offsets index into that string.

    ``value`` is the lower end for ranges (``range`` holds both ends). ``unit`` is "%" for percent,
    an ISO 4217 code for money, a singular unit name for quantities and None for counts.
    """

    text: str
    start: int
    end: int
    value: float | None
    kind: str  # count|percent|percentage_points|money|multiplier|ratio|quantity|duration|age|rank
    unit: str | None = None
    currency: str | None = None
    approximate: bool = False
    qualifier: str | None = None
    range: tuple[float, float] | None = None
    bare: bool = False  # a plain number: no unit, scale word, currency, qualifier or range
    words: bool = False  # the number is spelled in words ("four"), not digits
    year_like: bool = False  # four digits 1800-2100 without a comma: probably a year


_TALLY_RE = re.compile(r"(\d{1,3})(?:[-–]|-to-|[^\S\n]to[^\S\n])(\d{1,3})(?![\d,.]?\d|[-–/%])")
_START_RE = re.compile(r"(?P<w>[A-Za-z]+)|\d+|[^\sA-Za-z\d]")
_MASK_RES = [
    re.compile(r"(?:\+?\d{1,2}[-.\s])?\(?\d{3}\)?[-.\s]\d{3}[-.]\d{4}(?:/\d+)?"),  # phone numbers
    re.compile(r"\+\d{1,3}(?:-\d+){2,}(?:/\d+)?"),  # +1-222-2222
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?", re.IGNORECASE),  # clock times
    re.compile(r"\b\d{1,2}\s?[ap]\.m\.|\b\d{1,2}[ap]m\b", re.IGNORECASE),
    re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"),  # dates 5/17/2018, 2023-06-01
    re.compile(r"\b\d+(?:\.\d+){2,}\b"),  # versions and IP addresses
    # links and e-mail addresses; a host name has at most 253 characters and the part of an address
    # before "@" at most 64: the bounds keep the scan linear in a long run of non-spaces
    re.compile(r"(?:https?://|www\.)\S+|\b\S{1,253}\.(?:com|org|net|gov|rs|ly|co|io)/\S*", re.IGNORECASE),
    re.compile(r"\S{1,64}@\S{1,253}\.\w+"),
]
# Patterns matched at a position of the whole string (``rx.match(s, pos)``), never on a slice
# ``s[pos:]``: a slice copies the rest of the string, which made long sentences quadratic.
_FROM_BEFORE_RE = re.compile(r"([A-Za-z]+)\s+from\s*$", re.IGNORECASE)  # "rose from" before "10 to 20"
_NUMBER_SIGN_RE = re.compile(r"No\.\s?(\d+)(?![\d,.]\d)")  # "No. 1"
_ORDINAL_DIGITS_RE = re.compile(r"(\d+)(st|nd|rd|th)(?![A-Za-z])", re.IGNORECASE)
_SUPERLATIVE_RE = re.compile(r"(?:-|\s+)(?:(?:most|least)\s+[A-Za-z]+|[A-Za-z]+est)(?![A-Za-z])")
_RANK_ALTERNATIVE_RE = re.compile(r"[^\S\n]+(?:or|to)[^\S\n]+|[-–]")  # "the top three or four"
# scale words, largest first, and the step between them: "from 10 to 20 million" scales both ends
_SCALE_FACTORS = (1e12, 1e9, 1e6, 1e3, 100.0)
_NEXT_SCALE = 1000
_DASHES = ("-", "–", "—")  # a range when glued ("5-7"), punctuation when spaced
_N_DIGIT_MASKS = 6  # the first six patterns need a digit; then links ("/" or "www."), then e-mail ("@")
_DIGIT_RE = re.compile(r"\d")


def _masks(text: str) -> Ranges:
    """Spans that look numeric but are never figures (phones, clock times, dates, links)."""
    # Most sentences have no digit, link or address: skip the patterns that need one (speed only).
    has_digit = _DIGIT_RE.search(text) is not None
    spans = [m.span() for rx in _MASK_RES[:_N_DIGIT_MASKS] for m in rx.finditer(text)] if has_digit else []
    if "/" in text or "www." in text.lower():
        spans += [m.span() for m in _MASK_RES[_N_DIGIT_MASKS].finditer(text)]
    if "@" in text:
        spans += [m.span() for m in _MASK_RES[_N_DIGIT_MASKS + 1].finditer(text)]
    spans += [m.span() for m in _lex().never_re.finditer(text) if _word_bounded(text, *m.span())]
    return Ranges(spans)


class _Scanner(_UnitReader):
    """Parses quantities in one string; positions are character offsets."""

    def quantity_at(self, pos: int) -> tuple[ParsedQuantity, int] | None:
        """The quantity starting at ``pos`` (qualifier, range prefix, sign, currency, number,
        unit, range end) and the position where scanning resumes."""
        start = pos
        qualifier, range_prefix, prefix_end, pos = self._prefixes(pos)
        ranked = self._rank_or_tally(start, pos, qualifier)
        if ranked is not None:
            return ranked
        negative, pos = self._sign(pos)
        currency, pos = self.currency_prefix(pos)
        self.money_context = currency is not None
        num = self.number(pos)
        self.money_context = False
        if num is None:
            mult = self.multiplier_word(pos)
            if mult is not None and currency is None:
                return self._make(start, mult[1], mult[0], "multiplier", qualifier=qualifier), mult[1]
            return None
        if negative:
            num.value = -num.value
        kind, unit, end, value = self.unit_after(num, currency, pos)
        lo_hi = None
        if kind not in ("rank", "multiplier") and not num.vague:
            second = self._range_end(start, range_prefix, num, (kind, unit, end, value), currency)
            if second is not None:
                lo, hi, kind, unit, end = second
                lo_hi, value = (lo, hi), lo
        if range_prefix and lo_hi is None and qualifier is None and prefix_end is not None:
            start = self.ws(prefix_end)  # the prefix belongs to the sentence ("up from 15,362")
        if lo_hi is None and kind == "count":
            end = num.end
        if kind == "quantity" and unit in self.lex.data.durations:
            kind = "duration"  # "six months", "two decades", "a 20-day limit"
        pq = self._make(
            start, end, value, kind,
            unit=unit,
            currency=currency if kind == "money" else None,
            approximate=num.vague or qualifier is not None,
            qualifier=qualifier,
            range=lo_hi,
            bare=(kind == "count" and not num.scaled and qualifier is None and lo_hi is None
                  and not num.fraction),
            words=num.words,
            year_like=_is_year(num.digits, self.lex) and kind == "count",
        )
        return pq, end

    def _prefixes(self, pos: int) -> tuple[str | None, str | None, int | None, int]:
        """A qualifier ("about", "more than") and a range prefix ("between", "from") before the number:
        (qualifier, range prefix, where the prefix ends, where the number starts). "from" after a
        change verb ("rose from 10 to 20") is not a range prefix."""
        lex, s = self.lex, self.s
        start = pos
        qualifier = None
        q = lex.qualifier_re.match(s, pos)
        if q and _word_bounded(s, *q.span()):
            qualifier = _key(q)
            pos = self.ws(q.end())
        rp = lex.range_prefix_re.match(s, pos)
        if not rp:
            return qualifier, None, None, pos
        word = rp.group(0).lower()
        if word == "from" and self.prev_word(start) in lex.change_verbs:
            return qualifier, None, rp.end(), pos
        return qualifier, word, rp.end(), self.ws(rp.end())

    def _rank_or_tally(
        self, start: int, pos: int, qualifier: str | None
    ) -> tuple[ParsedQuantity, int] | None:
        """A rank ("third-largest", "No. 1", "the top three or four") or a vote tally ("a 2-1 decision")."""
        rank = self.rank(pos)
        if rank is not None:
            value, end = rank
            return self._make(start, end, value, "rank", qualifier=qualifier), end
        top = self.top_rank(pos)
        if top is not None:
            value, end, lo_hi = top
            approx = qualifier is not None or lo_hi is not None
            pq = self._make(start, end, value, "rank", qualifier=qualifier, approximate=approx, range=lo_hi)
            return pq, end
        tally = self.tally(pos)
        if tally is not None:
            return self._make(start, tally[1], tally[0], "ratio", qualifier=qualifier), tally[1]
        return None

    def _sign(self, pos: int) -> tuple[bool, int]:
        """A minus sign or word before the number ("minus 5", "-3.2", "(-4"); a spaced dash inside a
        sentence is punctuation, not a sign."""
        s = self.s
        neg = self.lex.negative_re.match(s, pos)
        if neg and (neg.group(1) or pos == 0 or s[pos - 1] in " (\t\n") and not (
            neg.group(0).startswith(("-", "−")) and " " in neg.group(0) and pos != 0
        ):
            return True, neg.end()
        return False, pos

    def _range_end(
        self, start: int, range_prefix: str | None, first: _Num, reading: Reading, currency: str | None
    ) -> tuple[float, float, str, str | None, int] | None:
        """The upper end of a range after the first number: "5-7%", "between 5 and 7 percent", "from 10
        to 20 million", "$5 to $7"; not "rose from 10 to 20" (a change) nor "between 5-7"."""
        kind, unit, end, _ = reading
        conn = self.lex.range_connector_re.match(self.s, end if kind != "count" else first.end)
        if not conn:
            return None
        sep = conn.group(1)
        if sep in _DASHES:
            ok = " " not in conn.group(0) and range_prefix != "between"
        elif sep == "to":
            reach = self.lex.data.context_chars.word_before
            change = _FROM_BEFORE_RE.search(self.s, max(0, start - reach), start)
            a_change = bool(change and change.group(1).lower() in self.lex.change_verbs)
            ok = range_prefix != "between" and not a_change
        else:
            ok = (sep == "and" and range_prefix == "between") or (sep == "through" and range_prefix == "from")
        second = self.range_end(conn.end(), first, kind, unit, currency) if ok else None
        return second if second is not None and second[0] < second[1] else None

    def _make(self, start: int, end: int, value: float | None, kind: str, **kw: Any) -> ParsedQuantity:
        while end > start and self.s[end - 1] in _WS + "\n":
            end -= 1
        if value is not None:
            value = float(f"{value:.12g}")  # 16.4 * 1e6 is 16399999.999999998 in binary
        if kw.get("range"):
            kw["range"] = tuple(float(f"{v:.12g}") for v in kw["range"])
        return ParsedQuantity(text=self.s[start:end], start=start, end=end, value=value, kind=kind, **kw)

    def range_end(
        self, pos: int, first: _Num, kind: str, unit: str | None, currency: str | None
    ) -> tuple[float, float, str, str | None, int] | None:
        """The upper end of a range; units and scale words of either end apply to both."""
        cur2, pos2 = self.currency_prefix(pos)
        num2 = self.number(pos2)
        if num2 is None or num2.vague:
            return None
        kind2, unit2, end2, value2 = self.unit_after(num2, cur2 or currency, pos2)
        lo = first.value
        if kind != "count" and kind2 == "count":
            kind2, unit2, value2 = kind, unit, num2.value
        elif kind not in ("count", kind2):
            return None
        if not first.scaled and num2.scaled and kind2 != "ratio":
            # "from 10 to 20 million": the scale word serves both ends
            base = self._base_of(num2)
            if base is not None and lo <= base:
                lo = lo * (num2.value / base)
        if kind2 == "count":
            end2 = num2.end
        return lo, value2, kind2, unit2, end2

    @staticmethod
    def _base_of(num: _Num) -> float | None:
        """The number before the scale word of a scaled number (20 for 20 million)."""
        for factor in _SCALE_FACTORS:
            if num.value >= factor and abs(num.value / factor) < _NEXT_SCALE:
                return num.value / factor
        return None

    def multiplier_word(self, pos: int) -> tuple[float, int] | None:
        m = _WORD_RE.match(self.s, pos)
        if not m:
            return None
        w = self.low[pos : m.end()]
        if w not in self.lex.data.multiplier_words:
            return None
        if w in self.lex.data.occasion_multipliers:
            nxt = self.word(m.end())
            if not (nxt and (nxt[0] in self.lex.multiplier_followers or nxt[0].endswith("er"))):
                return None  # "visited twice" counts occasions
        return self.lex.data.multiplier_words[w], m.end()

    def rank(self, pos: int) -> tuple[float, int] | None:
        """"third-largest", "3rd biggest", "135th largest", "No. 1", "top three"."""
        s, lex = self.s, self.lex
        no = _NUMBER_SIGN_RE.match(s, pos)
        if no:
            return float(no.group(1)), no.end()
        value: float | None = None
        m = _WORD_RE.match(s, pos)
        if m and self.low[pos : m.end()] in lex.ordinals:
            value, end = float(lex.ordinals[self.low[pos : m.end()]]), m.end()
        else:
            d = _ORDINAL_DIGITS_RE.match(s, pos)
            if not d:
                return None
            value, end = float(d.group(1)), d.end()
        sup = _SUPERLATIVE_RE.match(s, end)
        if sup and not lex.not_superlative_re.match(s, end):
            return value, sup.end()
        return -1.0, end  # an ordinal that is not a rank: skipped whole, never a figure

    def top_rank(self, pos: int) -> tuple[float, int, tuple[float, float] | None] | None:
        """"the top three", "top 10 donors", "the top three or four": a rank, with an "or" range.

        Not "the top 1%" or "top 10 percent": a number with a unit keeps its own kind.
        """
        m = _WORD_RE.match(self.s, pos)
        if not m or self.low[pos : m.end()] not in self.lex.rank_openers:
            return None
        at = self.ws(m.end())
        if at == m.end():
            return None
        num = self.number(at)
        if num is None or num.vague or num.fraction or num.value < 1 or num.value != int(num.value):
            return None
        kind, _, end, _ = self.unit_after(num, None, at)
        if kind != "count":
            return None
        end = num.end
        alt = _RANK_ALTERNATIVE_RE.match(self.s, end)
        if alt:
            second = self.number(alt.end())
            if (
                second is not None
                and not second.vague
                and second.value > num.value
                and second.value == int(second.value)
                and self.unit_after(second, None, alt.end())[0] == "count"
            ):
                return num.value, second.end, (num.value, second.value)
        return num.value, end, None

    def tally(self, pos: int) -> tuple[float, int] | None:
        """A vote tally "2-1", "7-2", "5-to-4" before "decision"/"vote"... or after "voted": a ratio."""
        m = _TALLY_RE.match(self.s, pos)
        if not m or int(m.group(2)) == 0:
            return None
        nxt = self.word(m.end())
        if not ((nxt and nxt[0] in self.lex.tally_nouns) or self.prev_word(pos) in self.lex.tally_before):
            return None
        return int(m.group(1)) / int(m.group(2)), m.end()

    # -- the loop -----------------------------------------------------------------------------
    def scan(self) -> list[ParsedQuantity]:
        s = self.s
        masks = _masks(s)
        out: list[ParsedQuantity] = []
        triggers, start_chars = self.lex.triggers, self.lex.start_chars
        low = self.low
        # word starts whose word cannot begin a quantity are skipped before quantity_at (speed only)
        starts = [
            m.start()
            for m in _START_RE.finditer(s)
            if (low[m.start() : m.end()] in triggers if m.lastgroup == "w" else s[m.start()] in start_chars)
        ]
        pos_floor = 0
        for pos in starts:
            if pos < pos_floor:
                continue
            if masks.covers(pos):
                continue
            if pos > 0 and s[pos].isalpha() and s[pos - 1].isalpha():
                continue
            found = self.quantity_at(pos)
            if found is None:
                continue
            pq, resume = found
            pos_floor = max(resume, pq.end)
            if pq.kind == "rank" and (pq.value is None or pq.value < 0):
                continue
            if masks.overlaps(pq.start, pq.end):
                continue
            out.append(pq)
        return out


def find_quantities(text: str) -> list[ParsedQuantity]:
    """Every quantity in ``text``, left to right, normalised (offsets index into ``text``)."""
    return _Scanner(text).scan()


def parse_quantity(text: str) -> ParsedQuantity | None:
    """Normalise one quantity written as a string ("$1.2bn", "about 67 percent", "a dozen").

    Returns the quantity covering the most of ``text``, or None when there is none.
    """
    found = find_quantities(text)
    if not found:
        return None
    return max(found, key=lambda q: (q.end - q.start, -q.start))
