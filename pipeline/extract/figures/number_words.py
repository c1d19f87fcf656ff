"""The number core of a quantity: numerals, scale words and numbers spelled in words.

``_NumberReader`` reads one string; ``_Scanner`` (scanner.py) builds on it to read units, currencies,
ranges and ranks around the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import _WORD_RE, _WS, _lex


@dataclass
class _Num:
    """The number core of a quantity: value and where it ends, before any unit."""

    value: float
    end: int
    words: bool = False
    scaled: bool = False  # a scale word or suffix multiplied it ("2.5 million", "3k")
    vague: bool = False  # "millions", "dozens"
    fraction: bool = False  # "two thirds", "3/4"
    digits: str = ""  # the numeral as written, for the year test


_NUMERAL_RE = re.compile(
    r"""(?P<int>\d{1,3}(?:,\d{3})+(?!\d)(?!,\d)
        |\d{1,2}(?:,\d{2})+,\d{3}(?!\d)
        |\d{1,3}(?:[\u202f\u00a0 ]\d{3})+(?![\d,]|\.\d{3})
        |\d+)?
        (?P<dec>\.\d+)?
        (?:(?P<exp>[eE][+-]?\d+)(?![A-Za-z])|\^(?P<pow>[+-]*\d+(?:\.\d+)?))?""",
    re.VERBOSE,
)
# Patterns matched at a position of the whole string (``rx.match(s, pos)``), never on a slice
# ``s[pos:]``: a slice copies the rest of the string, which made long sentences quadratic.
_FRACTION_RE = re.compile(r"\s?/\s?(\d+)(?![\d/])")  # "3/4" after the "3"
_MIXED_RE = re.compile(r"[ \u00a0]+(\d+)/(\d+)(?![\d/])")  # "2 1/4" after the "2"
_SPACED_SCALE_RE = re.compile(r"([kKMG])(?![A-Za-z])")  # "3 k"
_BY_RE = re.compile(r"\s*(?:x|by)\s+\d")  # "12m by 3": a length
_HYPHEN_WORD_RE = re.compile(r"[^\S\n]*-[^\S\n]*([A-Za-z]+)")  # "fifty-two"
_DIGIT_WORD_RE = re.compile(r"\s*-?\s*([A-Za-z]+)")  # "seventy-one" after "point"
_OF_WORD_RE = re.compile(r"\s+of\s+([A-Za-z]+)")  # "tens of thousands"
_LAST_WORD_RE = re.compile(r"([A-Za-z]+)[^\S\n]*$")


# The arithmetic of spelled numbers (not tunable): units below ten follow a tens word ("twenty-one"),
# tens and units follow a whole hundred ("three hundred and two").
_TEN = 10
_HUNDRED = 100
_THOUSAND = 1000


@dataclass
class _Spelled:
    """What ``words_number`` has read so far of a spelled number."""

    start: int
    end: int  # where the number read so far ends
    saved: tuple[int, float, float | None]  # end, total and current before the last "and"
    total: float = 0.0  # the completed groups ("two thousand" in "two thousand three hundred")
    current: float | None = None  # the group being read
    last: str = ""  # kind of the last element: unit|tens|hundred|scale|num|a|and|point
    used_words: bool = False
    scaled: bool = False
    max_scale: float = 1.0
    after_and: bool = False  # an "and" joined two groups

    def took(self, end: int, last: str, *, scaled: bool = False) -> None:
        """A number word was read up to ``end``."""
        self.end, self.last, self.used_words = end, last, True
        self.scaled = self.scaled or scaled

    def add_unit(self, value: int, end: int) -> bool:
        current, last = self.current, self.last
        if current is None:
            self.current = float(value)
        elif (
            last == "tens" and 0 < value < _TEN
            or last == "hundred" and value < _HUNDRED
            or last == "and" and (current % _HUNDRED == 0 or current % _THOUSAND == 0) and value < _HUNDRED
        ):
            self.current = current + value
        else:
            return False
        self.took(end, "unit")
        return True

    def add_tens(self, value: int, end: int) -> bool:
        if self.current is None:
            self.current = float(value)
        elif self.last in ("hundred", "and") and self.current % _HUNDRED == 0:
            self.current += value
        else:
            return False
        self.took(end, "tens")
        return True

    def add_scale(self, factor: float, end: int, *, dozen: bool) -> bool:
        """A scale word: "thousand", "million", "lakh crore", "dozen"."""
        if self.after_and and self.max_scale > 1 and factor >= self.max_scale:
            self.end, self.total, self.current = self.saved  # "4 million and 5 million" are two numbers
            return False
        if dozen:
            self.current = (1.0 if self.current is None else self.current) * factor
        else:
            if self.current is None and self.total and factor > self.max_scale:
                self.total *= factor  # "three lakh crore"
            else:
                amount = (1.0 if self.current is None else self.current) * factor
                if factor > self.max_scale and self.total:
                    self.total = (self.total + amount / factor) * factor  # "two hundred and two thousand"
                else:
                    self.total += amount
            self.max_scale = max(self.max_scale, factor)
            self.current = None
        self.took(end, "scale", scaled=True)
        return True

    def result(self) -> _Num | None:
        """The number read, or None when what was read is not a number ("a", "and", nothing)."""
        if self.last in ("", "a", "and") or not (self.used_words or self.scaled):
            return None
        return _Num(self.total + (self.current or 0), self.end, words=True, scaled=self.scaled)


class _NumberReader:
    """Reads the number at a position of one string; positions are character offsets."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.low = text.lower()
        self.lex = _lex()
        self.money_context = False  # a currency sign precedes the number being read

    # -- small helpers -----------------------------------------------------------------------
    def ws(self, pos: int) -> int:
        """Skip spacing, at most one line break (a blank line ends every construction)."""
        s, n = self.s, len(self.s)
        newlines = 0
        while pos < n and (s[pos] in _WS or s[pos] == "\n"):
            if s[pos] == "\n":
                newlines += 1
                if newlines > 1:
                    return n  # nothing continues past a paragraph break
            pos += 1
        return pos

    def word(self, pos: int) -> tuple[str, int, int] | None:
        """The next word after spacing: (lowercase word, start, end)."""
        start = self.ws(pos)
        m = _WORD_RE.match(self.s, start)
        if not m:
            return None
        return self.low[m.start() : m.end()], m.start(), m.end()

    def match(self, rx: re.Pattern[str], pos: int, *, skip_ws: bool = True) -> re.Match[str] | None:
        start = self.ws(pos) if skip_ws else pos
        return rx.match(self.s, start)

    def prev_word(self, pos: int) -> str:
        m = _LAST_WORD_RE.search(self.s, max(0, pos - self.lex.data.context_chars.word_before), pos)
        return m.group(1).lower() if m else ""

    # -- the number core ---------------------------------------------------------------------
    def numeral(self, pos: int, *, scaled: bool = True) -> _Num | None:
        """A numeral written with digits, with glued or spaced scale ("3k", "2.5 million")."""
        s = self.s
        if pos < len(s) and s[pos] in self.lex.vulgar:
            return _Num(self.lex.vulgar[s[pos]], pos + 1, fraction=True)
        if pos > 0 and (s[pos - 1].isdigit() or (s[pos - 1] in ".," and pos > 1 and s[pos - 2].isdigit())):
            return None  # the middle of a longer numeral
        m = _NUMERAL_RE.match(s, pos)
        if not m or not (m.group("int") or m.group("dec")):
            return None
        int_part = re.sub(r"[,\s\u202f\u00a0]", "", m.group("int") or "")
        value = float(int_part + (m.group("dec") or "")) if int_part else float("0" + m.group("dec"))
        if m.group("exp"):
            value *= 10 ** int(m.group("exp")[1:])
        elif m.group("pow"):
            exp = m.group("pow")
            sign = -1 if exp.count("-") % 2 else 1
            value = value ** (sign * float(exp.lstrip("+-")))
        num = _Num(value, m.end(), digits=m.group(0))
        end = m.end()
        # a proper fraction "3/4", or a mixed number "2 1/4"
        frac = _FRACTION_RE.match(s, end)
        if frac and not m.group("dec") and int(frac.group(1)) > 0:
            return _Num(value / int(frac.group(1)), frac.end(), fraction=True, digits=m.group(0))
        mixed = _MIXED_RE.match(s, end)
        if mixed and not m.group("dec") and 0 < int(mixed.group(1)) < int(mixed.group(2)):
            num.value = value + int(mixed.group(1)) / int(mixed.group(2))
            num.end = mixed.end()
            num.fraction = True
            return num
        return self.scale(num) if scaled else num

    def scale(self, num: _Num) -> _Num:
        """Apply glued ("3k", "1.2bn") and spaced ("2 million", "13 lakh crore") scale words."""
        s, lex = self.s, self.lex
        glued = _WORD_RE.match(s, num.end)
        if glued and not num.scaled:
            suffix = glued.group(0)
            if suffix in lex.glued_scales and self._glued_scale_ok(suffix, num.end + len(suffix)):
                num.value *= lex.glued_scales[suffix]
                num.end += len(suffix)
                num.scaled = True
            elif suffix.lower() in lex.scales:
                num.value *= lex.scales[suffix.lower()]
                num.end += len(suffix)
                num.scaled = True
        while True:
            nxt = self.word(num.end)
            dozen_of_a_fraction = nxt and nxt[0] in lex.data.number_words.dozen_words and num.fraction
            if nxt and nxt[0] in lex.scales and not dozen_of_a_fraction:
                # "three hundred and two dozens" is handled by the word grammar; here, digits only
                num.value *= lex.scales[nxt[0]]
                num.end = nxt[2]
                num.scaled = True
                continue
            start = self.ws(num.end)
            spaced = _SPACED_SCALE_RE.match(s, start)
            if spaced and start > num.end and not num.scaled:
                letter = spaced.group(1)
                if letter != "M" or not self._metre_context(start + 1):
                    num.value *= lex.spaced_scales[letter]
                    num.end = start + 1
                    num.scaled = True
                    continue
            break
        return num

    def _glued_scale_ok(self, suffix: str, end: int) -> bool:
        """"$1.2m" and "1.2m people" are millions in news copy; "1.8m tall" and "48m" are lengths."""
        if suffix != "m":
            return True
        if self.money_context:
            return True
        return not self._metre_context(end) and not _BY_RE.match(self.s, end)

    def _metre_context(self, end: int) -> bool:
        nxt = self.word(end)
        return bool(nxt and nxt[0] in self.lex.data.metre_context_words)

    def words_number(self, pos: int) -> _Num | None:
        """A number spelled in words, with digits allowed where words could be.

        Handles "one hundred and sixty-one", "twenty-one trillion three hundred", "3 hundred and 21",
        "two thirds", "a dozen", "half a dozen", "one and a half", "two hundred point zero three".
        Reads word by word (``_spelled_step``) until a word cannot continue the number.
        """
        st = _Spelled(start=pos, end=pos, saved=(pos, 0.0, None))
        while True:
            step = self._spelled_step(st, *self._next_number_word(st))
            if isinstance(step, _Num):
                return step
            if not step:
                return st.result()

    def _next_number_word(self, st: _Spelled) -> tuple[str, re.Match[str] | None, int]:
        """The next word (lower case, or "" before digits or punctuation), its match and its start;
        number words joined by a hyphen count as the next word ("fifty-two", "two-dozen", "one-eighth")."""
        lex = self.lex
        start = self.ws(st.end)
        m = _WORD_RE.match(self.s, start)
        w = self.low[start : m.end()] if m else ""
        hy = None if m else _HYPHEN_WORD_RE.match(self.s, st.end)
        if hy and st.last in ("tens", "unit", "hundred"):
            nxt_w = hy.group(1).lower()
            if (st.last == "tens" and 0 < lex.units.get(nxt_w, 0) < _TEN) or (
                st.last in ("unit", "tens") and (nxt_w in lex.scales or nxt_w in lex.denominators)
            ):
                m = _WORD_RE.match(self.s, hy.start(1))
                w = nxt_w
        return w, m, start

    def _spelled_step(self, st: _Spelled, w: str, m: re.Match[str] | None, start: int) -> _Num | bool:
        """Read one word into ``st``: True to go on, False to stop, or the whole number when a word
        ends it (a fraction: "two thirds", "one and a half")."""
        lex = self.lex
        if m is None:
            return st.last in ("", "scale", "and") and self._spelled_digits(st, start)
        if w == "a" and st.current is None and st.last in ("", "scale"):
            nxt = self.word(m.end())
            if nxt and (nxt[0] in lex.scales or nxt[0] == "hundred" or nxt[0] in lex.denominators):
                st.current = 1.0
                st.took(m.end(), "a")
                return True
            return False
        if w in lex.units:
            return st.add_unit(lex.units[w], m.end())
        if w in lex.tens:
            return st.add_tens(lex.tens[w], m.end())
        if w == "hundred" and st.last != "hundred":
            st.current = (1.0 if st.current is None else st.current) * _HUNDRED
            st.took(m.end(), "hundred", scaled=True)
            return True
        if w in lex.scales and w != "hundred" and st.last not in ("", "and"):
            return st.add_scale(lex.scales[w], m.end(), dozen=w in lex.data.number_words.dozen_words)
        if w == "and" and st.last in ("hundred", "scale", "unit", "tens", "num"):
            return self._spelled_and(st, m.end())
        if w == "point" and st.last in ("unit", "tens", "hundred") and st.current is not None:
            digits, dend = self.decimal_words(m.end())
            if digits:
                st.current += float("0." + digits)
                st.end, st.last = dend, "point"
            return False
        if w in lex.denominators and st.last in ("unit", "tens", "a", "hundred", "scale", "num"):
            if w in ("half", "halves") and st.last not in ("a", "unit"):
                return False
            numerator = st.total + (st.current or 1.0) if st.last == "a" else st.total + (st.current or 0)
            return _Num(numerator / lex.denominators[w], m.end(), words=True, fraction=True)
        return False

    def _spelled_and(self, st: _Spelled, after: int) -> _Num | bool:
        """ "and" inside a spelled number: "one and a half", "twenty and three fifths", "two thousand
        and two hundred"; not "4 million and 5 million" (two numbers)."""
        frac = self.fraction_phrase(after)
        if frac is not None:
            st.total += (st.current or 0) + frac[0]
            return _Num(st.total, frac[1], words=True, scaled=st.scaled, fraction=True)
        nxt = self.word(after)
        nxt_num = self.numeral(self.ws(after)) if not nxt else None
        if st.last in ("hundred", "scale") and (
            (nxt and (nxt[0] in self.lex.units or nxt[0] in self.lex.tens)) or nxt_num is not None
        ):
            st.after_and = True
            st.saved = (st.end, st.total, st.current)
            st.end, st.last = after, "and"
            return True
        return False

    def _spelled_digits(self, st: _Spelled, start: int) -> bool:
        """Digits inside a worded number: "4 thousand 3 hundred and 21", "3 hundred and 21"."""
        num = self.numeral(start, scaled=False) if start < len(self.s) else None
        if num is None or num.fraction or not (
            st.last == "" or (num.value < st.max_scale and num.value == int(num.value))
        ):
            return False
        if st.last == "" and start != st.start:
            return False
        follower = self.word(num.end)
        if st.last == "scale" and not (follower and follower[0] in self.lex.scales):
            return False
        st.current = num.value if st.current is None else st.current + num.value
        st.end, st.last = num.end, "num"
        return True

    def decimal_words(self, pos: int) -> tuple[str, int]:
        """Digits after "point": "zero three" -> "03", "seventy-one" -> "71"."""
        digits, end = "", pos
        while True:
            nxt = self.word(end)
            if not nxt:
                break
            w = nxt[0]
            if w in self.lex.units:
                digits += str(self.lex.units[w])
                end = nxt[2]
            elif w in self.lex.tens:
                value = self.lex.tens[w]
                end = nxt[2]
                hy = _DIGIT_WORD_RE.match(self.s, end)
                if hy and 0 < self.lex.units.get(hy.group(1).lower(), 0) < _TEN:
                    value += self.lex.units[hy.group(1).lower()]
                    end = hy.end()
                digits += str(value)
            else:
                break
        return digits, end

    def fraction_phrase(self, pos: int) -> tuple[float, int] | None:
        """"a half", "a quarter", "three fifths", "one fourth" after "and"."""
        nxt = self.word(pos)
        if not nxt:
            return None
        if nxt[0] in ("a", "one"):
            den = self.word(nxt[2])
            if den and den[0] in self.lex.denominators:
                return 1 / self.lex.denominators[den[0]], den[2]
            return None
        if nxt[0] in self.lex.units or nxt[0] in self.lex.tens:
            sub = self.words_number(nxt[1])
            if sub is not None and sub.fraction:
                return sub.value, sub.end
        return None

    def number(self, pos: int) -> _Num | None:
        """The number core at ``pos``: a numeral or number words, or a vague plural."""
        lex = self.lex
        m = _WORD_RE.match(self.s, pos)
        if m:
            w = self.low[pos : m.end()]
            if w in lex.vague:
                return self.vague(w, m.end())
            if w in ("half", "quarter") or (w == "a" and self._a_fraction(m.end())):
                return self.half(pos)
            if w in lex.units or w in lex.tens or w == "a":
                return self.words_number(pos)
            return None
        num = self.numeral(pos)
        if num is None:
            return None
        # digits continued by words: "3 hundred and 21", "4 thousand 3 hundred", "3 dozens"
        raw = self.numeral(pos, scaled=False)
        nxt = self.word(raw.end) if raw is not None and not raw.fraction else None
        if nxt and nxt[0] in self.lex.scales:
            worded = self.words_number(pos)
            if worded is not None and worded.end > num.end:
                worded.words = False
                worded.digits = num.digits
                return worded
        return num

    def _a_fraction(self, pos: int) -> bool:
        nxt = self.word(pos)
        return bool(nxt and nxt[0] in self.lex.data.number_words.a_fractions)

    def half(self, pos: int) -> _Num | None:
        """"half", "a half", "half a dozen", "half million", "a quarter (million)"."""
        lex = self.lex
        m = _WORD_RE.match(self.s, pos)
        assert m
        w = self.low[pos : m.end()]
        end = m.end()
        if w == "a":
            den = self.word(end)
            assert den
            value, end = 1 / lex.denominators[den[0]], den[2]
        elif w == "quarter":
            return None  # bare "quarter" is a period ("the first quarter") far more often than 1/4
        else:
            value = 1 / lex.denominators[w]  # "half"
        nxt = self.word(end)
        if nxt and nxt[0] == "a":
            after = self.word(nxt[2])
            if after and after[0] in lex.data.number_words.half_a_scales:
                return _Num(value * lex.scales[after[0]], after[2], words=True, scaled=True)
        if nxt and nxt[0] in lex.data.number_words.half_scales:
            return _Num(value * lex.scales[nxt[0]], nxt[2], words=True, scaled=True)
        return _Num(value, end, words=True, fraction=True)

    def vague(self, w: str, end: int) -> _Num:
        """"millions", "tens of thousands", "hundreds of millions": the order of magnitude."""
        value = self.lex.vague[w]
        of = _OF_WORD_RE.match(self.s, end)
        if of and of.group(1).lower() in self.lex.vague and self.lex.vague[of.group(1).lower()] > value:
            value *= self.lex.vague[of.group(1).lower()]
            end = of.end()
        return _Num(value, end, words=True, scaled=True, vague=True)

    # -- quantities ----------------------------------------------------------------------------
