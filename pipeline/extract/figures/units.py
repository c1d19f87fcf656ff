"""What surrounds the number core: a currency before it, and after it a percent sign, a currency, a
unit of measure, "times" or a denominator ("one in five"). The words are in models/figures.yaml."""

from __future__ import annotations

import re

from .lexicon import _Lex
from .number_words import _Num, _NumberReader

# Patterns matched at a position of the whole string (``rx.match(s, pos)``), never on a slice
# ``s[pos:]``: a slice copies the rest of the string, which made long sentences quadratic.
_DOLLAR_PREFIX_RE = re.compile(r"([A-Za-z]{1,3}(?:\.[A-Za-z]\.?)?)(\s*)([$])")  # "US$", "c $"
_HYPHEN_RE = re.compile(r"-(?=[A-Za-z])")  # "six-mile"
_POUNDS_RE = re.compile(r"pounds?(?![A-Za-z])", re.IGNORECASE)
_STERLING_RE = re.compile(r"\s+sterling", re.IGNORECASE)
_OF_RE = re.compile(r"of\s+", re.IGNORECASE)
_OLD_RE = re.compile(r"-old(?![A-Za-z])")  # "34-year-old"
_PER_HOUR_RE = re.compile(r"\s+(?:an|per)\s+hour")
_TIMES_RE = re.compile(r"(?:times|fold)(?![A-Za-z])|-fold(?![A-Za-z])", re.IGNORECASE)
_TRAILING_SPACE_RE = re.compile(r"\s*\Z")
_OVER_RE = re.compile(r"\s+(over|out\s+of|in)\s+", re.IGNORECASE)  # "one in five", "3 out of 4"
_CLAUSE_END_RE = re.compile(r"[^\S\n]*(?:[.,;!?)]|$)")
_SPACES_RE = re.compile(r"\s+")
_SUBUNITS_PER_UNIT = 100  # cents in a dollar, pence in a pound

# What ``unit_after`` returns: kind, unit (or currency code), where the quantity ends, value.
Reading = tuple[str, str | None, int, float]


def _key(match: re.Match[str]) -> str:
    """A matched phrase as the lexicon's key: lower case, single spaces."""
    return _SPACES_RE.sub(" ", match.group(0).lower())


def _is_year(digits: str, lex: _Lex) -> bool:
    """Four digits in the year range, without a comma: probably a year ("2019")."""
    first_year, last_year = lex.data.year_range
    return len(digits) == len("2019") and digits.isdigit() and first_year <= int(digits) <= last_year


class _UnitReader(_NumberReader):
    """Reads currencies and units around the number core (``_NumberReader``)."""

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
            if prefix in lex.dollar_prefixes and (glued or prefix not in lex.data.glued_only_prefixes):
                return lex.dollar_prefixes[prefix], self.ws(pm.end())
        im = lex.iso_re.match(s, pos)
        if im and _word_bounded(s, *im.span()) or (im and s[im.end() : im.end() + 1].isdigit()):
            code = im.group(0).upper()
            after = self.ws(im.end())
            if (im.group(0).isupper() or im.group(0).lower() in lex.data.lowercase_iso_codes) and (
                after < len(s) and (s[after].isdigit() or s[after] == ".")
            ):
                return lex.iso_codes[code], after
        return None, pos

    def unit_after(self, num: _Num, currency: str | None, pos: int) -> Reading:
        """Kind, unit, end and value once the words after the number are read."""
        s = self.s
        end, value = num.end, num.value
        glued = end < len(s) and not s[end].isspace()
        hyphen = _HYPHEN_RE.match(s, end) is not None
        at = end + 1 if hyphen else end  # "six-mile", "12-cent", "45-acre"
        money = self._money_or_percent(num, currency, at, hyphen=hyphen)
        if money is not None:
            return money
        start = self.ws(at)
        if num.vague:
            return self._vague_of(num, start)
        found = (
            self._measure(num, start, at, glued=glued, hyphen=hyphen)
            or self._times(num, pos)
            or self._ratio(num)
        )
        if found is not None:
            return found
        if num.fraction and num.value < 1:
            return "ratio", None, end, value
        return "count", None, end, value

    def _money_or_percent(self, num: _Num, currency: str | None, at: int, *, hyphen: bool) -> Reading | None:
        """Money (a currency before, or a currency word, sub-unit or code after), percent or points."""
        lex, s, value = self.lex, self.s, num.value
        if currency is not None:
            # "$10 dollars", "US$ 5 million": a trailing currency word adds nothing
            cw = self.match(lex.currency_word_re, at)
            end = cw.end() if cw and lex.currency_words[_key(cw)] == currency else num.end
            return "money", currency, end, value
        pp = self.match(lex.pp_re, at)
        if pp:
            return "percentage_points", "percentage point", pp.end(), value
        pc = self.match(lex.percent_re, at)
        if pc and not hyphen:
            return "percent", "%", pc.end(), value
        cw = self.match(lex.currency_word_re, at)
        if cw:
            return "money", lex.currency_words[_key(cw)], cw.end(), value
        sub = self.match(lex.subunit_re, at)
        if sub:
            return "money", lex.subunits[sub.group(0).lower()], sub.end(), value / _SUBUNITS_PER_UNIT
        iso = self.match(lex.iso_re, at)
        if iso and (iso.group(0).isupper() or iso.group(0).lower() in lex.data.lowercase_iso_codes) and (
            iso.end() >= len(s) or not s[iso.end()].isalpha()
        ):
            return "money", lex.iso_codes[iso.group(0).upper()], iso.end(), value
        pounds = self.match(_POUNDS_RE, at)
        if pounds:
            # money with a scale word ("361 million pounds") or beside "sterling"; else a weight
            if num.scaled and not num.vague or _STERLING_RE.match(s, pounds.end()):
                return "money", "GBP", pounds.end(), value
            return "quantity", "pound", pounds.end(), value
        return None

    def _vague_of(self, num: _Num, start: int) -> Reading:
        """ "millions of dollars", "billions of federal dollars", "thousands of miles", or a count."""
        lex, s = self.lex, self.s
        of = _OF_RE.match(s, start)
        if of:
            after = of.end()
            cw = self.match(lex.currency_word_re, after, skip_ws=False)
            # "billions of federal dollars", "millions of taxpayer dollars": up to two modifiers
            mods = lex.modifiers_re.match(s, after)
            if cw is None and mods:
                cw = self.match(lex.currency_word_re, mods.end(), skip_ws=False)
            if cw:
                return "money", lex.currency_words[_key(cw)], cw.end(), num.value
            um = lex.unit_re.match(s, after)
            if um:
                return "quantity", lex.units_map[_key(um)], um.end(), num.value
        return "count", None, num.end, num.value

    def _measure(self, num: _Num, start: int, at: int, *, glued: bool, hyphen: bool) -> Reading | None:
        """A unit of measure: "25 miles", "six-mile", "a 34-year-old" (an age), "188 miles an hour",
        "5m", "5 (kg)"."""
        lex, s, value = self.lex, self.s, num.value
        um = lex.unit_re.match(s, start)
        if um and (not glued or hyphen or start == at):
            unit, uend = lex.units_map[_key(um)], um.end()
            if hyphen and unit in lex.data.durations and _OLD_RE.match(s, uend):
                return "age", unit, uend + len("-old"), value  # "a 34-year-old man"
            per_hour = _PER_HOUR_RE.match(s, uend) if unit in lex.data.per_hour_units else None
            if per_hour:
                return "quantity", unit + " per hour", per_hour.end(), value
            return "quantity", unit, uend, value
        csu = lex.cs_unit_re.match(s, start)
        if csu and (glued or start == at or csu.group(0) not in lex.data.glued_only_units):
            return "quantity", lex.cs_units[csu.group(0)], csu.end(), value
        br = lex.bracket_unit_re.match(s, start)
        if br:
            return "quantity", lex.units_map.get(br.group(1), lex.cs_units.get(br.group(1))), br.end(), value
        return None

    def _times(self, num: _Num, pos: int) -> Reading | None:
        """ "three times as many", "a 12 times increase", "twofold": a multiplier; "arrested three
        times": a count of occasions."""
        times = self.match(_TIMES_RE, num.end)
        if not times:
            return None
        after = self.word(times.end())
        if (
            "fold" in times.group(0).lower()
            or self.prev_word(pos) in ("a", "an")
            or (after and (after[0] in self.lex.multiplier_followers or after[0].endswith("er")))
            or _TRAILING_SPACE_RE.match(self.s, times.end())
        ):
            return "multiplier", None, times.end(), num.value
        return "count", None, times.end(), num.value

    def _ratio(self, num: _Num) -> Reading | None:
        """ "one in five", "3 out of 4", "2 over 3": a ratio, unless the second number is a year."""
        over = _OVER_RE.match(self.s, num.end)
        if not over or num.fraction or num.scaled:
            return None
        second = self.number(over.end())
        if second is None or not second.value or second.vague or _is_year(second.digits, self.lex):
            return None
        if over.group(1).lower() == "over":
            ok = _CLAUSE_END_RE.match(self.s, second.end) is not None
        else:
            ok = num.value <= second.value and not second.fraction
        return ("ratio", None, second.end, num.value / second.value) if ok else None


def _word_bounded(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())
