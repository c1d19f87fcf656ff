"""Figures: every number a reader would call a figure, normalised, with what it counts.

Two layers share one normaliser, so the Recognizers-Text measurement (benchmarks/recognizers_text.py)
means something for the extractor:

* ``find_quantities(text)`` / ``parse_quantity(text)`` scan a raw string with regular expressions and
  a number-word grammar: numerals ("116,868", "1.2bn", "3k", "1e6", "2 1/4"), number words
  ("twenty-five", "two thirds", "a dozen", "one and a half"), scale words, vague plurals ("millions",
  "thousands of miles"), qualifiers ("more than", "about"), ranges ("between 5 and 7 percent",
  "5-7%"), ratios ("one in five"), currencies, percent and percentage points, units of measure,
  multipliers ("12 times", "twofold", "doubled"), ranks ("third-largest", "No. 1", "the top three or
  four") and vote tallies ("a 2-1 decision", "voted 68-32": ratios, value first/second).
* ``extract_figures(doc)`` runs the scanner sentence by sentence over a parsed spaCy Doc, drops what is
  not a figure (dates and times, numbers inside names such as "Covid-19", "Title 42" or "Motel 6",
  the day of a date "Nov. 19", years, pronoun "one", labels such as "Section 8"), and uses the parse for
  what is counted (``subject``), the period (``time``) and the baseline of a change (``change_from``).

Durations (seconds to centuries) are figures of kind ``quantity`` when they measure something: "six
months in prison", "three-year work permits", "waited three weeks", "served 20 years", "a 10-year
path". They are not figures when they anchor a point or period in time, whatever the NER says: a
duration followed by "ago", "later", "earlier", "before", "after", "from now", "since", "into"...
("two years ago", "three weeks after the ruling"), or preceded by "past", "last", "next", "first",
"in", "within", "during", "every"... ("the past five years", "in two years", "over the next two
years"), or a spaced duration after "the"/"those"/"these" ("over those two days"); such anchors stay
available as the ``time`` of other figures, while a measured duration is never another figure's time.
Ages are quantities in years: "a 34-year-old man" (subject "man"), "Mr. McConnell, 76," (a bare
number set off by commas after a PERSON entity; subject the person) and "aged 34". The cue words are
in models/figures.yaml (``duration_anchors_*``, ``age_cues``).

Cue words and units live in models/figures.yaml. Not caught: numbers spelled with digits and words
mixed in unusual orders ("twenty twenty fifths"), European decimal commas ("1,3"), scores ("21-7"),
fractions over ordinals larger than twentieth, ages written "Smith (76)", and "No. 2" used as a noun
("Mr. Schumer's No. 2", his deputy), which is still read as a rank.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy
from spacy.attrs import IDX, LEMMA, LENGTH, POS, SENT_START
from spacy.tokens import Doc, Span, Token

from ..lexicons import load_lexicon
from ..nlp import doc_text
from ..records import Figure

LEXICON = "figures"

# Entity labels whose numbers are names or labels, not figures ("Title 42" LAW, "Boeing 737" PRODUCT).
_NAME_LABELS = {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "GPE", "LOC", "NORP"}
_WS = " \t\u00a0\u202f\r"  # spacing that never ends a construction; a newline ends paragraphs below


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
    kind: str  # count|percent|percentage_points|money|multiplier|ratio|quantity|rank
    unit: str | None = None
    currency: str | None = None
    approximate: bool = False
    qualifier: str | None = None
    range: tuple[float, float] | None = None
    bare: bool = False  # a plain number: no unit, scale word, currency, qualifier or range
    words: bool = False  # the number is spelled in words ("four"), not digits
    year_like: bool = False  # four digits 1800-2100 without a comma: probably a year


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


# ----------------------------------------------------------------------------------------------
# Lexicon compilation (once per process)


def _phrase_regex(phrases: list[str], *, case_sensitive: bool = False) -> re.Pattern[str]:
    """One regex for a list of phrases: longest first, spaces match any spacing, whole words."""
    parts = []
    for phrase in sorted({str(p) for p in phrases}, key=len, reverse=True):
        body = r"\s+".join(re.escape(piece) for piece in phrase.split())
        if phrase[-1].isalnum():
            body += r"(?![^\W_])"
        parts.append(body)
    return re.compile("(?:" + "|".join(parts) + ")", 0 if case_sensitive else re.IGNORECASE)


@dataclass(frozen=True)
class _Lex:
    version: str
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, float]
    glued_scales: dict[str, float]
    spaced_scales: dict[str, float]
    vague: dict[str, float]
    denominators: dict[str, float]
    ordinals: dict[str, int]
    negative: frozenset[str]
    qualifier_re: re.Pattern[str]
    range_prefix_re: re.Pattern[str]
    change_verbs: frozenset[str]
    change_cue_re: re.Pattern[str]
    percent_re: re.Pattern[str]
    pp_re: re.Pattern[str]
    currency_symbols: dict[str, str]
    symbol_re: re.Pattern[str]
    dollar_prefixes: dict[str, str]
    glued_only_prefixes: frozenset[str]
    iso_codes: dict[str, str]
    iso_re: re.Pattern[str]
    currency_words: dict[str, str]
    currency_word_re: re.Pattern[str]
    subunits: dict[str, str]
    subunit_re: re.Pattern[str]
    units_map: dict[str, str]
    unit_re: re.Pattern[str]
    cs_units: dict[str, str]
    cs_unit_re: re.Pattern[str]
    durations: frozenset[str]
    multiplier_followers: frozenset[str]
    multiplier_words: dict[str, float]
    multiplier_lemmas: dict[str, float]
    rank_words: frozenset[str]
    rank_openers: frozenset[str]
    tally_nouns: frozenset[str]
    tally_before: frozenset[str]
    anchor_after_re: re.Pattern[str]
    anchors_before: frozenset[str]
    definite_before: frozenset[str]
    age_cue_re: re.Pattern[str]
    honorifics: frozenset[str]
    month_before_re: re.Pattern[str]
    name_prefixes: frozenset[str]
    one_pronoun_before: frozenset[str]
    one_pronoun_heads: frozenset[str]
    never_re: re.Pattern[str]
    triggers: frozenset[str]  # lowercase words a quantity can start with (see ``_trigger_words``)
    start_chars: frozenset[str]  # other characters it can start with: digits, signs, currency symbols


def _lead_word(phrase: str) -> str:
    m = _WORD_RE.match(phrase)
    return m.group(0).lower() if m else ""


def _trigger_words(data: dict[str, Any]) -> frozenset[str]:
    """Every word ``_Scanner.quantity_at`` can succeed on when a quantity starts with a letter.

    The scanner tries each word start; most words (nouns, verbs) can never begin a quantity, and
    testing them through ``quantity_at`` was most of the extractor's time. This set is the union of
    the words each step of ``quantity_at`` can match first: qualifiers, range prefixes, "No." ranks,
    ordinals, signs, currency prefixes and codes, number words, vague plurals, fractions, multipliers.
    """
    nw = data["number_words"]
    words: set[str] = {"no", "minus", "negative", "a", "half", "quarter"}
    for group in (data["rank_openers"], data["qualifiers"], data["range_prefixes"], data["dollar_prefixes"], data["iso_codes"],
                  data["iso_aliases"], nw["units"], nw["tens"], nw["vague"], nw["ordinals"], nw["negative"],
                  data["multiplier_words"]):
        words.update(_lead_word(str(w)) for w in group)
    words.discard("")
    return frozenset(words)


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    data: dict[str, Any] = load_lexicon(LEXICON)
    nw = data["number_words"]
    iso = {str(c).upper(): str(c).upper() for c in data["iso_codes"]}
    iso.update({str(k).upper(): str(v).upper() for k, v in data["iso_aliases"].items()})
    units_map = {str(k).lower(): str(v) for k, v in data["units"].items()}
    return _Lex(
        version=str(data["version"]),
        units={str(k): int(v) for k, v in nw["units"].items()},
        tens={str(k): int(v) for k, v in nw["tens"].items()},
        scales={str(k): float(v) for k, v in nw["scales"].items()},
        glued_scales={str(k): float(v) for k, v in nw["glued_scales"].items()},
        spaced_scales={str(k): float(v) for k, v in nw["spaced_scales"].items()},
        vague={str(k): float(v) for k, v in nw["vague"].items()},
        denominators={str(k): float(v) for k, v in nw["denominators"].items()},
        ordinals={str(k): int(v) for k, v in nw["ordinals"].items()},
        negative=frozenset(nw["negative"]),
        qualifier_re=_phrase_regex(data["qualifiers"]),
        range_prefix_re=_phrase_regex(data["range_prefixes"]),
        change_verbs=frozenset(str(w).lower() for w in data["change_verbs"]),
        change_cue_re=re.compile(
            r"(?:^|[\s,;(])(?:" + _phrase_regex(data["change_cues"]).pattern[3:-1] + r")\s*$",
            re.IGNORECASE,
        ),
        percent_re=_phrase_regex(data["percent_words"]),
        pp_re=_phrase_regex(data["percentage_point_words"]),
        currency_symbols={str(k): str(v) for k, v in data["currency_symbols"].items()},
        symbol_re=_phrase_regex(list(data["currency_symbols"]), case_sensitive=True),
        dollar_prefixes={str(k).lower(): str(v) for k, v in data["dollar_prefixes"].items()},
        glued_only_prefixes=frozenset(str(w) for w in data["glued_only_prefixes"]),
        iso_codes=iso,
        iso_re=re.compile(r"(?:" + "|".join(sorted(iso, key=len, reverse=True)) + r")(?![A-Za-z])", re.IGNORECASE),
        currency_words={str(k).lower(): str(v) for k, v in data["currency_words"].items()},
        currency_word_re=_phrase_regex(list(data["currency_words"])),
        subunits={str(k).lower(): str(v) for k, v in data["currency_subunits"].items()},
        subunit_re=_phrase_regex([k for k in data["currency_subunits"] if k != "p"]),
        units_map=units_map,
        unit_re=_phrase_regex(list(units_map)),
        cs_units={str(k): str(v) for k, v in data["case_sensitive_units"].items()},
        cs_unit_re=_phrase_regex(list(data["case_sensitive_units"]), case_sensitive=True),
        durations=frozenset(data["durations"]),
        multiplier_followers=frozenset(str(w).lower() for w in data["multiplier_followers"]),
        multiplier_words={str(k): float(v) for k, v in data["multiplier_words"].items()},
        multiplier_lemmas={str(k): float(v) for k, v in data["multiplier_lemmas"].items()},
        rank_words=frozenset(data["rank_words"]),
        rank_openers=frozenset(str(w).lower() for w in data["rank_openers"]),
        tally_nouns=frozenset(str(w).lower() for w in data["tally_nouns"]),
        tally_before=frozenset(str(w).lower() for w in data["tally_before"]),
        anchor_after_re=re.compile(
            r"[^\S\n]*(?:" + _phrase_regex(data["duration_anchors_after"]).pattern + r")", re.IGNORECASE
        ),
        anchors_before=frozenset(str(w).lower() for w in data["duration_anchors_before"]),
        definite_before=frozenset(str(w).lower() for w in data["duration_definite_before"]),
        age_cue_re=re.compile(
            r"(?:^|\W)(?:" + "|".join(map(re.escape, map(str, data["age_cues"]))) + r")[^\S\n]+$", re.IGNORECASE
        ),
        honorifics=frozenset(str(w) for w in data["honorifics"]),
        # case-sensitive: "may 5" is rarely a date, "May 5" is
        month_before_re=re.compile(
            r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, map(str, data["month_names"]))) + r")\.?,?[^\S\n]*$"
        ),
        name_prefixes=frozenset(str(w).lower() for w in data["name_prefixes"]),
        one_pronoun_before=frozenset(data["one_pronoun_before"]),
        one_pronoun_heads=frozenset(data["one_pronoun_heads"]),
        never_re=_phrase_regex(data["never_figures"]),
        triggers=_trigger_words(data),
        # a numeral (digit or ".5"), a sign, a vulgar fraction or the first character of a currency sign
        start_chars=frozenset("0123456789.-\u2212" + "".join(_VULGAR) + "".join(str(k)[0] for k in data["currency_symbols"])),
    )


def lexicon_version() -> str:
    """Version of models/figures.yaml, stored beside the figures it produced."""
    return _lex().version


# ----------------------------------------------------------------------------------------------
# The string scanner

_NUMERAL_RE = re.compile(
    r"""(?P<int>\d{1,3}(?:,\d{3})+(?!\d)(?!,\d)
        |\d{1,2}(?:,\d{2})+,\d{3}(?!\d)
        |\d{1,3}(?:[\u202f\u00a0 ]\d{3})+(?![\d,]|\.\d{3})
        |\d+)?
        (?P<dec>\.\d+)?
        (?:(?P<exp>[eE][+-]?\d+)(?![A-Za-z])|\^(?P<pow>[+-]*\d+(?:\.\d+)?))?""",
    re.VERBOSE,
)
_WORD_RE = re.compile(r"[A-Za-z]+")
_TALLY_RE = re.compile(r"(\d{1,3})(?:[-–]|-to-|[^\S\n]to[^\S\n])(\d{1,3})(?![\d,.]?\d|[-–/%])")
# one or two lowercase modifier words (not function words) between "of" and a currency word
_MODIFIERS_RE = re.compile(r"(?:(?!(?:and|or|of|in|to|for|from|the|that|which|who|with)\s)[a-z]+(?:-[a-z]+)?\s+){1,2}")
_START_RE = re.compile(r"(?P<w>[A-Za-z]+)|\d+|[^\sA-Za-z\d]")
_ORDINAL_SUFFIX_RE = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])", re.IGNORECASE)
_VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅙": 1 / 6, "⅛": 0.125}
_MASK_RES = [
    re.compile(r"(?:\+?\d{1,2}[-.\s])?\(?\d{3}\)?[-.\s]\d{3}[-.]\d{4}(?:/\d+)?"),  # phone numbers
    re.compile(r"\+\d{1,3}(?:-\d+){2,}(?:/\d+)?"),  # +1-222-2222
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?", re.IGNORECASE),  # clock times
    re.compile(r"\b\d{1,2}\s?[ap]\.m\.|\b\d{1,2}[ap]m\b", re.IGNORECASE),
    re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"),  # dates 5/17/2018, 2023-06-01
    re.compile(r"\b\d+(?:\.\d+){2,}\b"),  # versions and IP addresses
    re.compile(r"(?:https?://|www\.)\S+|\b\S+\.(?:com|org|net|gov|rs|ly|co|io)/\S*", re.IGNORECASE),  # links
    re.compile(r"\S+@\S+\.\w+"),  # e-mail addresses
]
_N_DIGIT_MASKS = 6  # the first six patterns need a digit; then links ("/" or "www."), then e-mail ("@")
_DIGIT_RE = re.compile(r"\d")


def _masks(text: str) -> list[tuple[int, int]]:
    """Spans that look numeric but are never figures (phones, clock times, dates, links)."""
    # Most sentences have no digit, link or address: skip the patterns that need one (speed only).
    has_digit = _DIGIT_RE.search(text) is not None
    spans = [m.span() for rx in _MASK_RES[:_N_DIGIT_MASKS] for m in rx.finditer(text)] if has_digit else []
    if "/" in text or "www." in text.lower():
        spans += [m.span() for m in _MASK_RES[_N_DIGIT_MASKS].finditer(text)]
    if "@" in text:
        spans += [m.span() for m in _MASK_RES[_N_DIGIT_MASKS + 1].finditer(text)]
    spans += [m.span() for m in _lex().never_re.finditer(text) if _word_bounded(text, *m.span())]
    return sorted(spans)


def _word_bounded(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())


class _Scanner:
    """Parses quantities in one string; positions are character offsets."""

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
        frac = re.match(r"\s?/\s?(\d+)(?![\d/])", s[end:])
        if frac and not m.group("dec") and int(frac.group(1)) > 0:
            return _Num(value / int(frac.group(1)), end + frac.end(), fraction=True, digits=m.group(0))
        mixed = re.match(r"[ \u00a0]+(\d+)/(\d+)(?![\d/])", s[end:])
        if mixed and not m.group("dec") and 0 < int(mixed.group(1)) < int(mixed.group(2)):
            num.value = value + int(mixed.group(1)) / int(mixed.group(2))
            num.end = end + mixed.end()
            num.fraction = True
            return num
        return self.scale(num) if scaled else num

    def scale(self, num: _Num) -> _Num:
        """Apply glued ("3k", "1.2bn") and spaced ("2 million", "13 lakh crore") scale words."""
        s, lex = self.s, self.lex
        glued = re.match(r"[A-Za-z]+", s[num.end :])
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
            spaced = re.match(r"([kKMG])(?![A-Za-z])", s[start:])
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
        return not self._metre_context(end) and not re.match(r"\s*(?:x|by)\s+\d", self.s[end:])

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
            hy = None if m else re.match(r"[^\S\n]*-[^\S\n]*([A-Za-z]+)", self.s[end:])
            if hy and last in ("tens", "unit", "hundred"):
                nxt_w = hy.group(1).lower()
                if (last == "tens" and 0 < lex.units.get(nxt_w, 0) < 10) or (
                    last in ("unit", "tens") and (nxt_w in lex.scales or nxt_w in lex.denominators)
                ):
                    m = _WORD_RE.match(self.s, end + hy.start(1))
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
                hy = re.match(r"\s*-?\s*([A-Za-z]+)", self.s[end:])
                if hy and 0 < self.lex.units.get(hy.group(1).lower(), 0) < 10:
                    value += self.lex.units[hy.group(1).lower()]
                    end += hy.end()
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
        of = re.match(r"\s+of\s+([A-Za-z]+)", self.s[end:])
        if of and of.group(1).lower() in self.lex.vague and self.lex.vague[of.group(1).lower()] > value:
            value *= self.lex.vague[of.group(1).lower()]
            end += of.end()
        return _Num(value, end, words=True, scaled=True, vague=True)

    # -- quantities ----------------------------------------------------------------------------
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
        neg = re.match(r"(minus|negative)\s+|[-−]\s*(?=\d)", s[pos:], re.IGNORECASE)
        if neg and (neg.group(1) or pos == 0 or s[pos - 1] in " (\t\n") and not (
            neg.group(0).startswith(("-", "−")) and " " in neg.group(0) and pos != 0
        ):
            negative = True
            pos += neg.end()
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
        conn = re.match(r"[^\S\n]*(-|–|—|to|and|through)[^\S\n]*", s[end if kind != "count" else num.end :])
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
                    (end if kind != "count" else num.end) + conn.end(), num, kind, unit, currency
                )
                if second is not None and second[0] < second[1]:
                    lo, hi, kind, unit, end = second
                    lo_hi = (lo, hi)
                    value = lo
        if range_prefix and lo_hi is None and qualifier is None and rp:
            start = self.ws(rp.end())  # the prefix belongs to the sentence ("up from 15,362")
        if lo_hi is None and kind == "count":
            end = num.end
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
        pm = re.match(r"([A-Za-z]{1,3}(?:\.[A-Za-z]\.?)?)(\s*)([$])", s[pos:])
        if pm:
            prefix = pm.group(1).lower()
            glued = pm.group(2) == ""
            if prefix in lex.dollar_prefixes and (glued or prefix not in lex.glued_only_prefixes):
                return lex.dollar_prefixes[prefix], self.ws(pos + pm.end())
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
        hyphen = re.match(r"-(?=[A-Za-z])", s[end:])
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
            money = num.scaled and not num.vague or bool(re.match(r"\s+sterling", s[pounds.end() :], re.IGNORECASE))
            return ("money", "GBP", pounds.end(), value) if money else ("quantity", "pound", pounds.end(), value)
        start = self.ws(at)
        if num.vague:
            of = re.match(r"of\s+", s[start:], re.IGNORECASE)
            if of:
                after = start + of.end()
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
            if hyphen and unit in lex.durations and re.match(r"-old(?![A-Za-z])", s[uend:]):
                uend += 4  # an age: "a 34-year-old man"
            if unit in ("mile", "kilometer") and re.match(r"\s+(?:an|per)\s+hour", s[uend:]):
                unit += " per hour"
                uend += re.match(r"\s+(?:an|per)\s+hour", s[uend:]).end()  # type: ignore[union-attr]
            return "quantity", unit, uend, value
        csu = lex.cs_unit_re.match(s, start)
        if csu and (glued or start == at or csu.group(0) not in ("m", "g", "t", "pm")):
            return "quantity", lex.cs_units[csu.group(0)], csu.end(), value
        br = re.match(r"[(\[{<]\s*(kg|km|m|cm|mm|g|lb|lbs)\s*[)\]}>]", s[start:])
        if br:
            return "quantity", lex.units_map.get(br.group(1), lex.cs_units.get(br.group(1))), start + br.end(), value
        times = self.match(re.compile(r"(?:times|fold)(?![A-Za-z])|-fold(?![A-Za-z])", re.IGNORECASE), end)
        if times:
            after = self.word(times.end())
            before = self.prev_word(pos)
            if (
                "fold" in times.group(0).lower()
                or before in ("a", "an")
                or (after and (after[0] in lex.multiplier_followers or after[0].endswith("er")))
                or not s[times.end() :].strip()
            ):
                return "multiplier", None, times.end(), value
            return "count", None, times.end(), value  # occasions: "arrested three times"
        over = re.match(r"\s+(over|out\s+of|in)\s+", s[end:], re.IGNORECASE)
        if over and not num.fraction and not num.scaled:
            second = self.number(end + over.end())
            tail = second and re.match(r"[^\S\n]*(?:[.,;!?)]|$)", s[second.end :])
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
        no = re.match(r"No\.\s?(\d+)(?![\d,.]\d)", s[pos:])
        if no:
            return float(no.group(1)), pos + no.end()
        value: float | None = None
        m = _WORD_RE.match(s, pos)
        if m and self.low[pos : m.end()] in lex.ordinals:
            value, end = float(lex.ordinals[self.low[pos : m.end()]]), m.end()
        else:
            d = re.match(r"(\d+)(st|nd|rd|th)(?![A-Za-z])", s[pos:], re.IGNORECASE)
            if not d:
                return None
            value, end = float(d.group(1)), pos + d.end()
        sup = re.match(r"(?:-|\s+)(?:(?:most|least)\s+[A-Za-z]+|[A-Za-z]+est)(?![A-Za-z])", s[end:])
        if sup and not re.match(r"(?:-|\s+)(?:interest|west|east|request|guest|test|protest)\b", s[end:], re.IGNORECASE):
            return value, end + sup.end()
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
        alt = re.match(r"[^\S\n]+(?:or|to)[^\S\n]+|[-–]", self.s[end:])
        if alt:
            second = self.number(end + alt.end())
            if (
                second is not None
                and not second.vague
                and second.value > num.value
                and second.value == int(second.value)
                and self.unit_after(second, None, end + alt.end())[0] == "count"
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
            if any(a <= pos < b for a, b in masks):
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
            if any(a < pq.end and pq.start < b for a, b in masks):
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


# ----------------------------------------------------------------------------------------------
# The extractor over a parsed Doc


@dataclass(frozen=True)
class _DocIndex:
    """What the extractor reads from a Doc more than once, read once (spaCy rebuilds ``doc.sents``,
    ``doc.ents`` and ``span.sent`` on every access, which cost more than the extraction itself)."""

    text: str
    sents: list[tuple[int, int, int, int]]  # token start, token end, char start, char end
    sent_starts: list[int]  # token starts of ``sents``, for bisect
    ents: list[tuple[int, int, str, int, int]]  # token start, token end, label, char start, char end

    @classmethod
    def of(cls, doc: Doc) -> _DocIndex:
        sents = _sentence_bounds(doc)
        ents = [(e.start, e.end, e.label_, e.start_char, e.end_char) for e in doc.ents]
        return cls(doc_text(doc), sents, [s[0] for s in sents], ents)

    def sent_of(self, token_i: int) -> tuple[int, int, int, int]:
        """The sentence holding token ``token_i`` (what ``Span.sent`` returns for a span starting there)."""
        return self.sents[bisect_right(self.sent_starts, token_i) - 1]

    def sent_ents(self, sent: tuple[int, int, int, int]) -> list[tuple[int, int, str, int, int]]:
        """Entities wholly inside the sentence (``Span.ents``)."""
        return [e for e in self.ents if e[0] >= sent[0] and e[1] <= sent[1]]


def _sentence_bounds(doc: Doc) -> list[tuple[int, int, int, int]]:
    """``doc.sents`` as (token start, token end, char start, char end), read from one array.

    ``doc.sents`` checks ``has_annotation("SENT_START")`` token by token in Python on every call;
    the array gives the same boundaries (a token with sent_start 1 opens a sentence).
    """
    if len(doc) == 0 or "sents" in doc.user_hooks:
        return [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
    rows = doc.to_array([SENT_START, IDX, LENGTH]).astype("int64")  # sent_start -1 is stored unsigned
    if not rows[:, 0].any():
        return [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]  # raises: no boundaries
    starts = [0] + [int(i) for i in numpy.flatnonzero(rows[1:, 0] == 1) + 1]
    ends = starts[1:] + [len(rows)]
    idx, length = rows[:, 1].tolist(), rows[:, 2].tolist()
    return [(a, b, idx[a], idx[b - 1] + length[b - 1]) for a, b in zip(starts, ends)]


def extract_figures(doc: Doc) -> list[Figure]:
    """Figures in ``doc``: values normalised, with subject, time and change baseline.

    Pure: reads the doc's sentences, entities and dependency parse, leaves the doc unchanged.
    """
    lex = _lex()
    info = _DocIndex.of(doc)
    text = info.text
    candidates: list[ParsedQuantity] = []
    for _, _, offset, sent_end in info.sents:
        for pq in find_quantities(text[offset:sent_end]):
            candidates.append(replace(pq, start=pq.start + offset, end=pq.end + offset))
    candidates += _multiplier_verbs(doc, candidates)
    ages: dict[int, str | None] = {}  # start -> the person an age belongs to
    candidates = [_as_age(doc, pq, lex, info, ages) for pq in candidates]
    kept = [pq for pq in candidates if _is_figure(doc, pq, lex, info)]
    kept.sort(key=lambda q: q.start)
    figures: list[dict[str, Any]] = []
    # durations kept as figures measure something: their DATE entities are not another figure's time
    measured = [(q.start, q.end) for q in kept if q.kind == "quantity" and q.unit in lex.durations]
    for pq in kept:
        span = doc.char_span(pq.start, pq.end, alignment_mode="expand")
        if span is None:
            continue
        figures.append(
            {
                "id": f"fig-{pq.start}",
                "text": text[pq.start : pq.end],
                "start": pq.start,
                "end": pq.end,
                "value": pq.value,
                "kind": pq.kind,
                "unit": pq.unit,
                "approximate": pq.approximate,
                "qualifier": pq.qualifier,
                "range": pq.range,
                "subject": (subject := ages[pq.start] if pq.start in ages else _subject(doc, span, pq)),
                "time": _time(doc, span, info, subject, measured),
                "change_from": None,
                "_sent_start_char": info.sent_of(span.start)[2],
            }
        )
    _link_changes(figures, lex, text)
    for fig in figures:
        del fig["_sent_start_char"]
    return [Figure(**f) for f in figures]


def _multiplier_verbs(doc: Doc, found: list[ParsedQuantity]) -> list[ParsedQuantity]:
    """Verbs that state a multiplier by lemma ("could double", "tripled").

    Reads the lemma and POS columns as one array instead of running a Matcher (same tokens, faster).
    """
    lex = _lex()
    strings = doc.vocab.strings
    lemma_values = {strings[lemma]: value for lemma, value in lex.multiplier_lemmas.items()}
    verb = strings["VERB"]
    covered = {(q.start, q.end) for q in found}
    out = []
    rows = doc.to_array([LEMMA, POS])
    hits = numpy.flatnonzero((rows[:, 1] == verb) & numpy.isin(rows[:, 0], numpy.array(list(lemma_values), dtype=rows.dtype)))
    for i in hits.tolist():
        token = doc[i]
        lemma = strings[token.lemma_]
        key = (token.idx, token.idx + len(token.text))
        if key in covered:
            continue
        out.append(
            ParsedQuantity(
                text=token.text,
                start=key[0],
                end=key[1],
                value=lemma_values[lemma],
                kind="multiplier",
            )
        )
    return out


def _as_age(doc: Doc, pq: ParsedQuantity, lex: _Lex, info: _DocIndex, ages: dict[int, str | None]) -> ParsedQuantity:
    """A bare number that gives a person's age becomes a quantity in years ("McConnell, 76,",
    "aged 34"); its subject, the person, is recorded in ``ages``. Anything else is returned as is."""
    if not (pq.bare and not pq.words and pq.value is not None and 1 <= pq.value <= 120):
        return pq
    if pq.value != int(pq.value) or pq.text != str(int(pq.value)):
        return pq
    text = info.text
    before, after = text[max(0, pq.start - 2) : pq.start], text[pq.end : pq.end + 1]
    person: str | None = None
    if before == ", " and after == ",":
        # "Mr. McConnell, 76, is": the number is set off by commas right after a person's name
        last = doc.char_span(pq.start - 2, pq.start - 1, alignment_mode="expand")
        if last is None or last[0].i == 0:
            return pq
        prev = doc[last[0].i - 1]
        ent = next((e for e in info.ents if e[2] == "PERSON" and e[0] <= prev.i < e[1] and e[1] == prev.i + 1), None)
        if ent is None:
            return pq
        start = ent[0]
        if start > 0 and doc[start - 1].text in lex.honorifics:
            start -= 1
        person = text[doc[start].idx : ent[4]]
    elif lex.age_cue_re.search(text, max(0, pq.start - 8), pq.start):
        person = None  # "aged 76": the person is not named in a fixed place
    else:
        return pq
    ages[pq.start] = person
    return replace(pq, kind="quantity", unit="year", bare=False)


def _anchors_time(text: str, pq: ParsedQuantity, lex: _Lex) -> bool:
    """A duration that places something in time rather than measuring it: "two years ago", "three
    weeks later", "the past five years", "in two years", "every four years" (see models/figures.yaml)."""
    if lex.anchor_after_re.match(text, pq.end):
        return True
    # the word before, skipping the first number of "the past 40 or 50 years"
    m = re.search(r"([A-Za-z]+)[^\S\n]+(?:[\w,.]+[^\S\n]+(?:or|to|and)[^\S\n]+)?$", text[max(0, pq.start - 40) : pq.start])
    before = m.group(1).lower() if m else ""
    return before in lex.anchors_before or (before in lex.definite_before and "-" not in pq.text)


def _is_figure(doc: Doc, pq: ParsedQuantity, lex: _Lex, info: _DocIndex) -> bool:
    """Filter a scanner candidate with what the parse knows: dates, names, pronouns, labels."""
    span = doc.char_span(pq.start, pq.end, alignment_mode="expand")
    if span is None:
        return False
    text = info.text
    # the number itself, without the qualifier: the token the tests below look at
    core_start = pq.start + (len(pq.text) - len(pq.text.lstrip())) if pq.qualifier is None else pq.start
    if pq.qualifier:
        q = lex.qualifier_re.match(text, pq.start)
        core_start = q.end() if q else pq.start
        while core_start < pq.end and text[core_start].isspace():
            core_start += 1
    core = doc.char_span(core_start, pq.end, alignment_mode="expand") or span
    first = core[0]
    word = pq.text.lower()
    # number words capitalised inside a sentence and followed by another capitalised word belong to a
    # name ("the Six-Day War", "Three Mile Island", "the Hundred Years' War")
    if pq.words and first.is_title and not first.is_sent_start:
        nxt_i = core[-1].i + 1
        while nxt_i < len(doc) and doc[nxt_i].text in ("-", "'", "’"):
            nxt_i += 1
        if nxt_i < len(doc) and doc[nxt_i].is_title and pq.kind == "quantity":
            return False
    if (
        pq.kind == "multiplier"
        and word in lex.multiplier_words
        and first.pos_ != "VERB"
        and word not in ("twice", "thrice")
        and not word.endswith("fold")
    ):
        return False  # "double" as an adjective ("double standard")
    # dates and clock times are time anchors, not figures; a duration is one when it anchors
    # ("two years ago") and a figure when it measures ("six months in prison"), whatever NER says
    duration = pq.kind == "quantity" and pq.unit in lex.durations
    if duration and _anchors_time(text, pq, lex):
        return False
    if pq.kind in ("count", "ratio") and any(
        t.ent_type_ in ("DATE", "TIME") for t in core
    ):
        return False
    if pq.year_like and pq.kind == "count":
        head = first.head
        if not (first.dep_ == "nummod" and head.tag_ in ("NNS", "NNPS") and head.ent_type_ != "DATE"):
            return False
    # glued to letters or a hyphenated name: "Covid-19", "G20", "H-1B", "I-95", "MH370"
    before = text[max(0, core_start - 2) : core_start]
    if pq.kind != "money" and (before[-1:].isalpha() or (before.endswith("-") and before[:1].isalnum())):
        return False
    if pq.bare:
        if text[pq.end : pq.end + 1].isalpha():
            return False
        prev = doc[first.i - 1] if first.i > 0 else None
        if prev is not None and prev.lower_.rstrip(".") in {p.rstrip(".") for p in lex.name_prefixes}:
            return False
        # a number after the capitalised noun it labels: "Motel 6 added", "Apollo 11", "Channel 4"
        if prev is not None and prev.is_title and first.head.i == prev.i and first.dep_ in ("nummod", "compound"):
            return False
        # the day of a date the NER missed: "Nov, 19 ruling", "Sept. 20"
        if (
            not pq.words
            and pq.value is not None
            and 1 <= pq.value <= 31
            and pq.value == int(pq.value)
            and lex.month_before_re.search(text, max(0, pq.start - 12), pq.start)
        ):
            return False
        # a capitalised word just before a bare number makes a name ("Boeing 737", "Title 42")
        if (
            prev is not None
            and prev.is_title
            and not prev.is_sent_start
            and prev.pos_ == "PROPN"
            and not pq.words
        ):
            return False
        # "Zero Covid Policy", "Three Mile Island": a capitalised number word inside a name
        nxt = doc[core[-1].i + 1] if core[-1].i + 1 < len(doc) else None
        if pq.words and first.is_title and not first.is_sent_start and nxt is not None and nxt.is_title:
            return False
        if pq.words and first.is_title and nxt is not None and nxt.is_title and nxt.pos_ == "PROPN":
            return False
        if any(t.ent_type_ in _NAME_LABELS for t in core) and any(
            label in _NAME_LABELS and e_start <= first.i < e_end and e_end - e_start > len(core)
            for e_start, e_end, label, _, _ in info.ents
        ):
            return False
        # "one" alone is a pronoun or a determiner far more often than a count ("one of them",
        # "one route Republicans may pursue"); "zero" alone is an idiom ("ground zero")
        if pq.words and pq.value in (0, 1):
            return False
        # a capitalised number word inside a sentence belongs to a name ("the Gang of Eight")
        if pq.words and first.is_title and not first.is_sent_start:
            return False
        if pq.value == 0.5 and pq.words and first.lower_ == "half":
            nxt_word = doc[first.i + 1].lower_ if first.i + 1 < len(doc) else ""
            if nxt_word == "-" or first.ent_type_ in ("DATE", "TIME"):
                return False
        # list markers and footnotes: "1)" or "2." at the start of a line
        if text[pq.end : pq.end + 1] == ")" and not text[max(0, pq.start - 1) : pq.start].strip("( \n"):
            return False
    if pq.kind == "ratio" and pq.words and pq.value == 0.5 and first.lower_ == "half":
        nxt_word = doc[core[-1].i + 1].lower_ if core[-1].i + 1 < len(doc) else ""
        if nxt_word == "-":
            return False
    return True


# -- what is counted ------------------------------------------------------------------------------

_SUBJECT_STOP_DEPS = {"prep", "relcl", "punct", "cc", "conj", "appos", "advcl", "acl", "mark"}


def _np_right_edge(head: Token) -> int:
    """Index after the last token of ``head``'s noun phrase to the right: modifiers, "of" phrases,
    a participle and its object ("Chinese seeking asylum"), hyphenated words ("year-on-year")."""
    end = head.i + 1
    doc = head.doc
    for child in head.rights:
        if child.i > end and not (child.i == end + 1 and doc[end].text == "-"):
            break  # only contiguous material belongs to the phrase
        if child.dep_ == "prep" and child.lower_ == "of":
            end = child.right_edge.i + 1
        elif child.dep_ == "acl" and child.tag_ in ("VBG", "VBN"):
            end = child.i + 1
            for grandchild in child.rights:
                if grandchild.dep_ in ("dobj", "attr", "compound") and grandchild.i == end:
                    end = _np_right_edge(grandchild)
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


def _subject(doc: Doc, span: Span, pq: ParsedQuantity) -> str | None:
    """What the figure counts, as an exact substring of the text (None when the parse is silent)."""
    if pq.kind == "rank":
        # the noun the rank modifies, after it ("third-largest economy", "the top three or four
        # most populous countries": "four" hangs on "three", which hangs on "countries")
        heads = [t.head for t in span if t.head.i >= span.end]
        if heads and _noun_head(heads[-1]):
            return _phrase(doc, span.end, _np_right_edge(heads[-1]))
        return None
    root = span.root
    if pq.kind == "multiplier" and span.end < len(doc):
        # "a 12 times increase year-on-year": the parser often reads the noun after as a verb
        nxt = doc[span.end]
        if nxt.is_alpha and nxt.pos_ in ("NOUN", "VERB") and nxt.lower_ in _lex().multiplier_followers:
            end = span.end + 1
            for child in nxt.rights:
                if child.i == end and child.dep_ in ("npadvmod", "advmod", "amod", "compound"):
                    end = child.right_edge.i + 1
            return _phrase(doc, span.end, end)
        return None
    # "67 percent of respondents", "millions of people", "4,000 of the migrants"
    for child in root.rights:
        if child.lower_ == "of" and child.dep_ == "prep" and child.i >= span.end:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                obj = objs[0]
                left = min((c.i for c in obj.lefts if c.dep_ in ("compound", "amod", "nmod")), default=obj.i)
                return _phrase(doc, left, _np_right_edge(obj))
        break
    head = root.head
    # "116,868 Chinese seeking asylum", "four major international forums", "a 12 times increase"
    if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod") and head.i >= span.end:
        if root.dep_ == "quantmod" and head.head.i > head.i:
            head = head.head
        if _noun_head(head):
            return _phrase(doc, span.end, _np_right_edge(head))
    # "the highest acceptance rate, 67 percent": the apposed noun, its compounds only
    if root.dep_ == "appos" and _noun_head(head):
        left = head.i
        for child in reversed(list(head.lefts)):
            if child.dep_ == "compound" and child.i == left - 1:
                left = child.i
        return _phrase(doc, left, head.i + 1)
    # "unemployment rose to 5 percent", "the rate stood at 3%"
    if root.dep_ == "pobj" and head.lower_ in ("to", "at", "by") and head.head.pos_ in ("VERB", "AUX"):
        subj = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and _noun_head(subj[0]):
            s = subj[0]
            left = min((c.i for c in s.lefts if c.dep_ in ("compound", "amod")), default=s.i)
            return _phrase(doc, left, s.i + 1)
    # "lifted millions out of poverty": the resulting state names the people counted
    if root.dep_ == "dobj" and head.pos_ == "VERB":
        for child in head.rights:
            if child.i == span.end and child.dep_ == "prep" and child.lower_ in ("out", "into", "onto"):
                return _phrase(doc, child.i, child.right_edge.i + 1)
    return None


def _phrase(doc: Doc, start: int, end: int) -> str | None:
    while start < end and (doc[start].is_punct or doc[start].pos_ == "DET"):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if end <= start:
        return None
    return doc_text(doc)[doc[start].idx : doc[end - 1].idx + len(doc[end - 1].text)]


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


def _time(
    doc: Doc, span: Span, info: _DocIndex, subject: str | None = None, measured: list[tuple[int, int]] | None = None
) -> str | None:
    """The nearest DATE entity of the figure's sentence that does not overlap it."""
    sent = info.sent_of(span.start)
    ents = info.sent_ents(sent)
    if not any(label == "DATE" for _, _, label, _, _ in ents):
        return None
    best: tuple[int, str] | None = None
    for ent_start, ent_end in _periods(doc, ents):
        if ent_start < span.end and span.start < ent_end:
            continue
        start = ent_start
        # "Between October 2022 and February 2023": keep the preposition that makes it a period
        if start > sent[0] and doc[start - 1].lower_ in ("between", "from", "since"):
            start -= 1
        last = doc[ent_end - 1]
        ent_end_char = last.idx + len(last.text)
        text = info.text[doc[start].idx : ent_end_char]
        if subject and text in subject:
            continue  # "an increase year-on-year": already part of what is counted
        if _NOT_PERIOD_RE.search(text):
            continue  # ages ("19-year-old", "their early 20s", "35") and spans ("13-year") are not periods
        ent_start_char = doc[ent_start].idx
        if measured and any(a < ent_end_char and ent_start_char < b for a, b in measured):
            continue  # "served 12 years": a measured duration, not a period
        distance = min(abs(span.start_char - ent_end_char), abs(ent_start_char - span.end_char))
        if best is None or distance < best[0]:
            best = (distance, text)
    return best[1] if best else None


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
        compatible = prev["kind"] == fig["kind"] or {prev["kind"], fig["kind"]} <= {"count", "quantity"}
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
