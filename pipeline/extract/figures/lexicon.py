"""The typed figures lexicon: models/figures.yaml compiled once into word tables and regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...lexicons import load_lexicon

LEXICON = "figures"
_WS = " \t\u00a0\u202f\r"  # spacing that never ends a construction; a newline ends paragraphs below
_WORD_RE = re.compile(r"[A-Za-z]+")
_VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅙": 1 / 6, "⅛": 0.125}


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
    provision_after_re: re.Pattern[str]  # a code abbreviation right after a number ("18 U.S.C.")
    provision_before_re: re.Pattern[str]  # a code abbreviation or section sign right before ("§ 1425")
    furniture_after_re: re.Pattern[str]  # "2 Images"
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
        provision_after_re=re.compile(
            r"[^\S\n]*" + _phrase_regex(data["statute_codes"], case_sensitive=True).pattern
        ),
        provision_before_re=re.compile(
            r"(?<![A-Za-z])" + _phrase_regex([*data["statute_codes"], *data["section_signs"]], case_sensitive=True).pattern
            + r"[^\S\n]*$"
        ),
        furniture_after_re=re.compile(r"[^\S\n]+" + _phrase_regex(data["furniture_counts"], case_sensitive=True).pattern),
        triggers=_trigger_words(data),
        # a numeral (digit or ".5"), a sign, a vulgar fraction or the first character of a currency sign
        start_chars=frozenset("0123456789.-\u2212" + "".join(_VULGAR) + "".join(str(k)[0] for k in data["currency_symbols"])),
    )


def lexicon_version() -> str:
    """Version of models/figures.yaml, stored beside the figures it produced."""
    return _lex().version
