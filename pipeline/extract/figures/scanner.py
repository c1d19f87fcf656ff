"""The string scanner: every quantity in a raw string, with its kind, unit, qualifier and range.

``find_quantities`` and ``parse_quantity`` need no parse; the extractor (extract.py) runs them
sentence by sentence and filters what they find with the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .lexicon import _WORD_RE, _WS, _lex
from .number_words import _Num, _NumberReader
from .ranges import Ranges


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
# one or two lowercase modifier words (not function words) between "of" and a currency word
_MODIFIERS_RE = re.compile(r"(?:(?!(?:and|or|of|in|to|for|from|the|that|which|who|with)\s)[a-z]+(?:-[a-z]+)?\s+){1,2}")
_START_RE = re.compile(r"(?P<w>[A-Za-z]+)|\d+|[^\sA-Za-z\d]")
_ORDINAL_SUFFIX_RE = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])", re.IGNORECASE)
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
_NEGATIVE_RE = re.compile(r"(minus|negative)\s+|[-−]\s*(?=\d)", re.IGNORECASE)
_RANGE_CONNECTOR_RE = re.compile(r"[^\S\n]*(-|–|—|to|and|through)[^\S\n]*")
_DOLLAR_PREFIX_RE = re.compile(r"([A-Za-z]{1,3}(?:\.[A-Za-z]\.?)?)(\s*)([$])")  # "US$", "c $"
_HYPHEN_RE = re.compile(r"-(?=[A-Za-z])")  # "six-mile"
_STERLING_RE = re.compile(r"\s+sterling", re.IGNORECASE)
_OF_RE = re.compile(r"of\s+", re.IGNORECASE)
_OLD_RE = re.compile(r"-old(?![A-Za-z])")  # "34-year-old"
_PER_HOUR_RE = re.compile(r"\s+(?:an|per)\s+hour")
_BRACKET_UNIT_RE = re.compile(r"[(\[{<]\s*(kg|km|m|cm|mm|g|lb|lbs)\s*[)\]}>]")  # "5 (kg)"
_TIMES_RE = re.compile(r"(?:times|fold)(?![A-Za-z])|-fold(?![A-Za-z])", re.IGNORECASE)
_TRAILING_SPACE_RE = re.compile(r"\s*\Z")
_OVER_RE = re.compile(r"\s+(over|out\s+of|in)\s+", re.IGNORECASE)  # "one in five", "3 out of 4"
_CLAUSE_END_RE = re.compile(r"[^\S\n]*(?:[.,;!?)]|$)")
_NUMBER_SIGN_RE = re.compile(r"No\.\s?(\d+)(?![\d,.]\d)")  # "No. 1"
_ORDINAL_DIGITS_RE = re.compile(r"(\d+)(st|nd|rd|th)(?![A-Za-z])", re.IGNORECASE)
_SUPERLATIVE_RE = re.compile(r"(?:-|\s+)(?:(?:most|least)\s+[A-Za-z]+|[A-Za-z]+est)(?![A-Za-z])")
_NOT_SUPERLATIVE_RE = re.compile(r"(?:-|\s+)(?:interest|west|east|request|guest|test|protest)\b", re.IGNORECASE)
_RANK_ALTERNATIVE_RE = re.compile(r"[^\S\n]+(?:or|to)[^\S\n]+|[-–]")  # "the top three or four"
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


def _word_bounded(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())


class _Scanner(_NumberReader):
    """Parses quantities in one string; positions are character offsets."""

    def quantity_at(self, pos: int) -> tuple[ParsedQuantity, int] | None:
        """The quantity starting at ``pos`` (qualifier, range prefix, sign, currency, number,
        unit, range end) and the position where scanning resumes."""
        lex, s = self.lex, self.s
        start = pos
        qualifier = None
        q = lex.qualifier_re.match(s, pos)
        if q and _word_bounded(s, *q.span()):
            qualifier = re.sub(r"\s+", " ", q.group(0).lower())
            pos = self.ws(q.end())
        range_prefix = None
        rp = lex.range_prefix_re.match(s, pos)
        if rp:
            word = rp.group(0).lower()
            if not (word == "from" and self.prev_word(start) in lex.change_verbs):
                range_prefix = word
                pos = self.ws(rp.end())
        rank = self.rank(pos)
        if rank is not None:
            value, end = rank
            pq = self._make(start, end, value, "rank", qualifier=qualifier)
            return pq, end
        top = self.top_rank(pos)
        if top is not None:
            value, end, lo_hi = top
            approx = qualifier is not None or lo_hi is not None
            return self._make(start, end, value, "rank", qualifier=qualifier, approximate=approx, range=lo_hi), end
        tally = self.tally(pos)
        if tally is not None:
            return self._make(start, tally[1], tally[0], "ratio", qualifier=qualifier), tally[1]
        negative = False
        neg = _NEGATIVE_RE.match(s, pos)
        if neg and (neg.group(1) or pos == 0 or s[pos - 1] in " (\t\n") and not (
            neg.group(0).startswith(("-", "−")) and " " in neg.group(0) and pos != 0
        ):
            negative = True
            pos = neg.end()
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
        approx = num.vague
        lo_hi: tuple[float, float] | None = None
        # ranges: "5-7%", "between 5 and 7 percent", "from 10 to 20 million", "$5 to $7"
        conn = _RANGE_CONNECTOR_RE.match(s, end if kind != "count" else num.end)
        if conn and kind not in ("rank", "multiplier") and not num.vague:
            sep = conn.group(1)
            change = re.search(r"([A-Za-z]+)\s+from\s*$", s[max(0, start - 40) : start], re.IGNORECASE)
            ok = (sep in ("-", "–", "—") and " " not in conn.group(0)) or (
                sep == "to" and range_prefix != "between"
                and not (change and change.group(1).lower() in lex.change_verbs)
            ) or (sep == "and" and range_prefix == "between") or (sep == "through" and range_prefix == "from")
            if sep in ("-", "–", "—") and range_prefix == "between":
                ok = False
            if ok:
                second = self.range_end(
                    conn.end(), num, kind, unit, currency
                )
                if second is not None and second[0] < second[1]:
                    lo, hi, kind, unit, end = second
                    lo_hi = (lo, hi)
                    value = lo
        if range_prefix and lo_hi is None and qualifier is None and rp:
            start = self.ws(rp.end())  # the prefix belongs to the sentence ("up from 15,362")
        if lo_hi is None and kind == "count":
            end = num.end
        if kind == "quantity" and unit in lex.durations:
            kind = "duration"  # "six months", "two decades", "a 20-day limit"
        pq = self._make(
            start,
            end,
            value,
            kind,
            unit=unit,
            currency=currency if kind == "money" else None,
            approximate=approx or qualifier is not None,
            qualifier=qualifier,
            range=lo_hi,
            bare=(
                kind == "count" and not num.scaled and qualifier is None and lo_hi is None and not num.fraction
            ),
            words=num.words,
            year_like=bool(re.fullmatch(r"1[89]\d\d|20\d\d|2100", num.digits)) and kind == "count",
        )
        return pq, end

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
        for factor in (1e12, 1e9, 1e6, 1e3, 100.0):
            if num.value >= factor and abs(num.value / factor) < 1000:
                return num.value / factor
        return None

    def currency_prefix(self, pos: int) -> tuple[str | None, int]:
        """A currency sign or code before the number: "$", "US$", "c $", "USD", "£"."""
        lex, s = self.lex, self.s
        m = lex.symbol_re.match(s, pos)
        if m:
            return lex.currency_symbols[m.group(0)], self.ws(m.end())
        pm = _DOLLAR_PREFIX_RE.match(s, pos)
        if pm:
            prefix = pm.group(1).lower()
            glued = pm.group(2) == ""
            if prefix in lex.dollar_prefixes and (glued or prefix not in lex.glued_only_prefixes):
                return lex.dollar_prefixes[prefix], self.ws(pm.end())
        im = lex.iso_re.match(s, pos)
        if im and _word_bounded(s, *im.span()) or (im and s[im.end() : im.end() + 1].isdigit()):
            code = im.group(0).upper()
            after = self.ws(im.end())
            if (im.group(0).isupper() or im.group(0).lower() in ("rmb", "usd", "eur", "gbp")) and (
                after < len(s) and (s[after].isdigit() or s[after] == ".")
            ):
                return lex.iso_codes[code], after
        return None, pos

    def unit_after(
        self, num: _Num, currency: str | None, pos: int
    ) -> tuple[str, str | None, int, float | None]:
        """Kind, unit, end and value once the words after the number are read."""
        lex, s = self.lex, self.s
        end, value = num.end, num.value
        glued = end < len(s) and not s[end].isspace()
        hyphen = _HYPHEN_RE.match(s, end)
        at = end + 1 if hyphen else end  # "six-mile", "12-cent", "45-acre"
        if currency is not None:
            # "$10 dollars", "US$ 5 million": a trailing currency word adds nothing
            cw = self.match(lex.currency_word_re, at)
            if cw and lex.currency_words[re.sub(r"\s+", " ", cw.group(0).lower())] == currency:
                end = cw.end()
            return "money", currency, end, value
        pp = self.match(lex.pp_re, at)
        if pp:
            return "percentage_points", "percentage point", pp.end(), value
        pc = self.match(lex.percent_re, at)
        if pc and not hyphen:
            return "percent", "%", pc.end(), value
        cw = self.match(lex.currency_word_re, at)
        if cw:
            code = lex.currency_words[re.sub(r"\s+", " ", cw.group(0).lower())]
            return "money", code, cw.end(), value
        sub = self.match(lex.subunit_re, at)
        if sub:
            return "money", lex.subunits[sub.group(0).lower()], sub.end(), value / 100
        iso = self.match(lex.iso_re, at)
        if iso and (iso.group(0).isupper() or iso.group(0).lower() in ("rmb", "usd", "eur", "gbp")) and (
            iso.end() >= len(s) or not s[iso.end()].isalpha()
        ):
            return "money", lex.iso_codes[iso.group(0).upper()], iso.end(), value
        pounds = self.match(re.compile(r"pounds?(?![A-Za-z])", re.IGNORECASE), at)
        if pounds:
            money = num.scaled and not num.vague or bool(_STERLING_RE.match(s, pounds.end()))
            return ("money", "GBP", pounds.end(), value) if money else ("quantity", "pound", pounds.end(), value)
        start = self.ws(at)
        if num.vague:
            of = _OF_RE.match(s, start)
            if of:
                after = of.end()
                cw = self.match(lex.currency_word_re, after, skip_ws=False)
                # "billions of federal dollars", "millions of taxpayer dollars": up to two modifiers
                mods = _MODIFIERS_RE.match(s, after)
                if cw is None and mods:
                    cw = self.match(lex.currency_word_re, mods.end(), skip_ws=False)
                if cw:
                    code = lex.currency_words[re.sub(r"\s+", " ", cw.group(0).lower())]
                    return "money", code, cw.end(), value
                um = lex.unit_re.match(s, after)
                if um:
                    return "quantity", lex.units_map[re.sub(r"\s+", " ", um.group(0).lower())], um.end(), value
            return "count", None, end, value
        um = lex.unit_re.match(s, start)
        if um and (not glued or hyphen or start == at):
            unit = lex.units_map[re.sub(r"\s+", " ", um.group(0).lower())]
            uend = um.end()
            if hyphen and unit in lex.durations and _OLD_RE.match(s, uend):
                return "age", unit, uend + 4, value  # "a 34-year-old man"
            per_hour = _PER_HOUR_RE.match(s, uend) if unit in ("mile", "kilometer") else None
            if per_hour:
                unit += " per hour"
                uend = per_hour.end()
            return "quantity", unit, uend, value
        csu = lex.cs_unit_re.match(s, start)
        if csu and (glued or start == at or csu.group(0) not in ("m", "g", "t", "pm")):
            return "quantity", lex.cs_units[csu.group(0)], csu.end(), value
        br = _BRACKET_UNIT_RE.match(s, start)
        if br:
            return "quantity", lex.units_map.get(br.group(1), lex.cs_units.get(br.group(1))), br.end(), value
        times = self.match(_TIMES_RE, end)
        if times:
            after = self.word(times.end())
            before = self.prev_word(pos)
            if (
                "fold" in times.group(0).lower()
                or before in ("a", "an")
                or (after and (after[0] in lex.multiplier_followers or after[0].endswith("er")))
                or _TRAILING_SPACE_RE.match(s, times.end())
            ):
                return "multiplier", None, times.end(), value
            return "count", None, times.end(), value  # occasions: "arrested three times"
        over = _OVER_RE.match(s, end)
        if over and not num.fraction and not num.scaled:
            second = self.number(over.end())
            tail = second and _CLAUSE_END_RE.match(s, second.end)
            word = over.group(1).lower()
            if second is not None and second.value and not second.vague and (
                (word == "over" and tail)
                or (word != "over" and num.value <= second.value and not second.fraction)
            ) and not re.fullmatch(r"1[89]\d\d|20\d\d", second.digits or "x"):
                return "ratio", None, second.end, num.value / second.value
        if num.fraction and num.value < 1:
            return "ratio", None, end, value
        return "count", None, end, value

    def multiplier_word(self, pos: int) -> tuple[float, int] | None:
        m = _WORD_RE.match(self.s, pos)
        if not m:
            return None
        w = self.low[pos : m.end()]
        if w not in self.lex.multiplier_words:
            return None
        if w in ("twice", "thrice"):
            nxt = self.word(m.end())
            if not (nxt and (nxt[0] in self.lex.multiplier_followers or nxt[0].endswith("er"))):
                return None  # "visited twice" counts occasions
        return self.lex.multiplier_words[w], m.end()

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
        if sup and not _NOT_SUPERLATIVE_RE.match(s, end):
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
