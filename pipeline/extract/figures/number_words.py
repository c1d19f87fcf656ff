"""The number core of a quantity: numerals, scale words and numbers spelled in words.

``_NumberReader`` reads one string; ``_Scanner`` (scanner.py) builds on it to read units, currencies,
ranges and ranks around the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import _VULGAR, _WORD_RE, _WS, _lex


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
        m = re.search(r"([A-Za-z]+)[^\S\n]*$", self.s[max(0, pos - 40) : pos])
        return m.group(1).lower() if m else ""

    # -- the number core ---------------------------------------------------------------------
    def numeral(self, pos: int, *, scaled: bool = True) -> _Num | None:
        """A numeral written with digits, with glued or spaced scale ("3k", "2.5 million")."""
        s = self.s
        if pos < len(s) and s[pos] in _VULGAR:
            return _Num(_VULGAR[s[pos]], pos + 1, fraction=True)
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
            if nxt and nxt[0] in lex.scales and not (nxt[0] in ("dozen", "dozens") and num.fraction):
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
        return bool(nxt and nxt[0] in {"tall", "long", "high", "wide", "deep", "away", "above", "below"})

    def words_number(self, pos: int) -> _Num | None:
        """A number spelled in words, with digits allowed where words could be.

        Handles "one hundred and sixty-one", "twenty-one trillion three hundred", "3 hundred and 21",
        "two thirds", "a dozen", "half a dozen", "one and a half", "two hundred point zero three".
        """
        lex = self.lex
        total = 0.0
        current: float | None = None
        last = ""  # kind of the last element: unit|tens|hundred|scale|num|a
        end = pos
        used_words = False
        scaled = False
        max_scale = 1.0
        after_and: int | None = None  # where the number ended before its last "and"
        saved: tuple[int, float, float | None] = (pos, 0.0, None)
        pos0 = pos
        while True:
            start = self.ws(end)
            m = _WORD_RE.match(self.s, start)
            w = self.low[start : m.end()] if m else ""
            # number words joined by a hyphen: "fifty-two", "fifty - two", "two-dozen", "one-eighth"
            hy = None if m else _HYPHEN_WORD_RE.match(self.s, end)
            if hy and last in ("tens", "unit", "hundred"):
                nxt_w = hy.group(1).lower()
                if (last == "tens" and 0 < lex.units.get(nxt_w, 0) < 10) or (
                    last in ("unit", "tens") and (nxt_w in lex.scales or nxt_w in lex.denominators)
                ):
                    m = _WORD_RE.match(self.s, hy.start(1))
                    w = nxt_w
            if w == "a" and current is None and last in ("", "scale"):
                nxt = self.word(m.end()) if m else None
                if nxt and (nxt[0] in lex.scales or nxt[0] == "hundred" or nxt[0] in lex.denominators):
                    current, end, last = 1.0, m.end(), "a"
                    used_words = True
                    continue
                break
            if w in lex.units:
                value = lex.units[w]
                if current is None:
                    current = float(value)
                elif last == "tens" and 0 < value < 10 or last == "hundred" and value < 100 or last == "and" and (current % 100 == 0 or current % 1000 == 0) and value < 100:
                    current += value
                else:
                    break
                end, last, used_words = m.end(), "unit", True
                continue
            if w in lex.tens:
                value = lex.tens[w]
                if current is None:
                    current = float(value)
                elif last in ("hundred", "and") and current % 100 == 0:
                    current += value
                else:
                    break
                end, last, used_words = m.end(), "tens", True
                continue
            if w == "hundred" and last != "hundred":
                current = (1.0 if current is None else current) * 100
                end, last, used_words, scaled = m.end(), "hundred", True, True
                continue
            if w in lex.scales and w not in ("hundred",) and last not in ("", "and"):
                factor = lex.scales[w]
                if after_and is not None and max_scale > 1 and factor >= max_scale:
                    end, total, current = saved  # "4 million and 5 million" are two numbers
                    break
                if w in ("dozen", "dozens", "dzs", "dozs"):
                    current = (1.0 if current is None else current) * factor
                    end, last, used_words, scaled = m.end(), "scale", True, True
                    continue
                if current is None and total and factor > max_scale:
                    total *= factor  # "three lakh crore"
                else:
                    amount = (1.0 if current is None else current) * factor
                    if factor > max_scale and total:
                        total = (total + amount / factor) * factor  # "two hundred and two thousand"
                    else:
                        total += amount
                max_scale = max(max_scale, factor)
                current = None
                end, last, used_words, scaled = m.end(), "scale", True, True
                continue
            if w == "and" and last in ("hundred", "scale", "unit", "tens", "num"):
                # "one and a half", "twenty and three fifths", "two thousand and two hundred"
                frac = self.fraction_phrase(m.end())
                if frac is not None:
                    total += (current or 0) + frac[0]
                    return _Num(total, frac[1], words=True, scaled=scaled, fraction=True)
                nxt = self.word(m.end())
                nxt_num = self.numeral(self.ws(m.end())) if not nxt else None
                if last in ("hundred", "scale") and (
                    (nxt and (nxt[0] in lex.units or nxt[0] in lex.tens)) or nxt_num is not None
                ):
                    after_and = end
                    saved = (end, total, current)
                    end, last = m.end(), "and"
                    continue
                break
            if w == "point" and last in ("unit", "tens", "hundred") and current is not None:
                digits, dend = self.decimal_words(m.end())
                if digits:
                    current += float("0." + digits)
                    end, last = dend, "point"
                break
            if w in lex.denominators and last in ("unit", "tens", "a", "hundred", "scale", "num"):
                if w in ("half", "halves") and last not in ("a", "unit"):
                    break
                numerator = (total + (current or 0)) if last != "a" else 1.0
                if last == "a":
                    numerator = total + (current or 1.0)
                value = numerator / lex.denominators[w]
                return _Num(value, m.end(), words=True, fraction=True)
            if not m and last in ("", "scale", "and"):
                # digits inside a worded number: "4 thousand 3 hundred and 21", "3 hundred and 21"
                num = self.numeral(start, scaled=False) if start < len(self.s) else None
                if num is not None and not num.fraction and (
                    last == "" or (num.value < max_scale and num.value == int(num.value))
                ):
                    if last == "" and start != pos0:
                        break
                    follower = self.word(num.end)
                    if last == "scale" and not (follower and follower[0] in lex.scales):
                        break
                    current = num.value if current is None else current + num.value
                    end, last = num.end, "num"
                    continue
            break
        if last in ("", "a", "and"):
            return None
        if not used_words and not scaled:
            return None
        value = total + (current or 0)
        return _Num(value, end, words=True, scaled=scaled)

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
                if hy and 0 < self.lex.units.get(hy.group(1).lower(), 0) < 10:
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
                num = self.words_number(pos)
                if num is not None and num.value == 0.5 and w == "a":
                    return num
                return num
            return None
        num = self.numeral(pos)
        if num is None:
            return None
        # digits continued by words: "3 hundred and 21", "4 thousand 3 hundred", "3 dozens"
        raw = self.numeral(pos, scaled=False)
        nxt = self.word(raw.end) if raw is not None else None
        if nxt and nxt[0] in self.lex.scales and not raw.fraction:  # type: ignore[union-attr]
            worded = self.words_number(pos)
            if worded is not None and worded.end > num.end:
                worded.words = False
                worded.digits = num.digits
                return worded
        return num

    def _a_fraction(self, pos: int) -> bool:
        nxt = self.word(pos)
        return bool(nxt and nxt[0] in ("half", "quarter", "third", "fifth", "fourth"))

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
            w = den[0]
        elif w == "quarter":
            return None  # bare "quarter" is a period ("the first quarter") far more often than 1/4
        else:
            value = 0.5
        nxt = self.word(end)
        if nxt and nxt[0] == "a":
            after = self.word(nxt[2])
            if after and after[0] in ("dozen", "million", "billion", "thousand", "hundred"):
                return _Num(value * lex.scales[after[0]], after[2], words=True, scaled=True)
        if nxt and nxt[0] in ("million", "billion", "trillion", "thousand"):
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
