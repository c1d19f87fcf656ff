"""The figures lexicon: models/figures.yaml read through one typed, validated view (``FiguresLexicon``,
a misspelt or missing key fails at load time) and compiled once into word tables and regexes (``_Lex``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ...lexicons import load_typed

LEXICON = "figures"
_WS = " \t\u00a0\u202f\r"  # spacing that never ends a construction; a newline ends paragraphs below
_WORD_RE = re.compile(r"[A-Za-z]+")


# -- the file, as typed data ------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberWords:
    """``number_words``: the vocabulary of spelled numbers."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, float]
    glued_scales: dict[str, float]
    spaced_scales: dict[str, float]
    vague: dict[str, float]
    denominators: dict[str, float]
    ordinals: dict[str, int]
    negative: tuple[str, ...]
    vulgar_fractions: dict[str, tuple[int, ...]]
    dozen_words: frozenset[str]
    a_fractions: frozenset[str]
    half_a_scales: frozenset[str]
    half_scales: frozenset[str]


@dataclass(frozen=True)
class ContextChars:
    """``context_chars``: how far the rules look, in characters."""

    word_before: int
    month_before: int
    age_cue_before: int
    provision_before: int
    change_cue_before: int
    from_before: int
    change_link_gap: int


@dataclass(frozen=True)
class SubjectRules:
    """``subject``: the dependency relations, tags and words that say what a figure counts."""

    modifier_deps: frozenset[str]
    phrase_stop_deps: frozenset[str]
    participle_tags: frozenset[str]
    participle_object_deps: frozenset[str]
    of_object_left_deps: frozenset[str]
    rate_prepositions: frozenset[str]
    rate_verb_pos: frozenset[str]
    clause_subject_deps: tuple[str, ...]
    clause_subject_left_deps: frozenset[str]
    multiplier_noun_pos: frozenset[str]
    multiplier_noun_deps: frozenset[str]
    noun_pos: frozenset[str]
    plural_noun_tags: frozenset[str]


@dataclass(frozen=True)
class FiguresLexicon:
    """models/figures.yaml, key for key (the file's comments say what each list is for)."""

    version: str
    number_words: NumberWords
    qualifiers: tuple[str, ...]
    range_prefixes: tuple[str, ...]
    range_connectors: tuple[str, ...]
    change_verbs: tuple[str, ...]
    change_cues: tuple[str, ...]
    percent_words: tuple[str, ...]
    percentage_point_words: tuple[str, ...]
    currency_symbols: dict[str, str]
    dollar_prefixes: dict[str, str]
    glued_only_prefixes: frozenset[str]
    iso_codes: tuple[str, ...]
    iso_aliases: dict[str, str]
    lowercase_iso_codes: frozenset[str]
    currency_words: dict[str, str]
    currency_subunits: dict[str, str]
    money_modifier_stops: tuple[str, ...]
    units: dict[str, str]
    case_sensitive_units: dict[str, str]
    durations: frozenset[str]
    per_hour_units: frozenset[str]
    glued_only_units: frozenset[str]
    bracketed_units: tuple[str, ...]
    metre_context_words: frozenset[str]
    multiplier_followers: tuple[str, ...]
    multiplier_words: dict[str, float]
    multiplier_lemmas: dict[str, float]
    occasion_multipliers: frozenset[str]
    rank_openers: tuple[str, ...]
    tally_nouns: tuple[str, ...]
    tally_before: tuple[str, ...]
    duration_anchors_after: tuple[str, ...]
    duration_anchors_before: tuple[str, ...]
    duration_definite_before: tuple[str, ...]
    age_cues: tuple[str, ...]
    honorifics: frozenset[str]
    month_names: tuple[str, ...]
    not_superlatives: tuple[str, ...]
    name_prefixes: tuple[str, ...]
    statute_codes: tuple[str, ...]
    section_signs: tuple[str, ...]
    furniture_counts: tuple[str, ...]
    never_figures: tuple[str, ...]
    name_entity_labels: frozenset[str]
    label_after_name_deps: frozenset[str]
    name_joiners: frozenset[str]
    time_entity_labels: frozenset[str]
    lone_word_values: frozenset[float]
    age_range: tuple[int, ...]
    year_range: tuple[int, ...]
    day_range: tuple[int, ...]
    context_chars: ContextChars
    period_openers: frozenset[str]
    period_joiners: frozenset[str]
    not_period_possessives: tuple[str, ...]
    subject: SubjectRules


# -- compiled once ----------------------------------------------------------------------------------


def _phrase_regex(phrases: Iterable[str], *, case_sensitive: bool = False) -> re.Pattern[str]:
    """One regex for a list of phrases: longest first, spaces match any spacing, whole words."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = r"\s+".join(re.escape(piece) for piece in phrase.split())
        if phrase[-1].isalnum():
            body += r"(?![^\W_])"
        parts.append(body)
    return re.compile("(?:" + "|".join(parts) + ")", 0 if case_sensitive else re.IGNORECASE)


def _words_regex(words: tuple[str, ...]) -> str:
    """The alternation of ``words``, escaped, for inclusion in a larger pattern."""
    return "|".join(re.escape(w) for w in words)


@dataclass(frozen=True)
class _Lex:
    """The lexicon as the scanner and the filters use it: lower-cased tables and compiled regexes."""

    data: FiguresLexicon
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, float]
    glued_scales: dict[str, float]
    spaced_scales: dict[str, float]
    vague: dict[str, float]
    denominators: dict[str, float]
    ordinals: dict[str, int]
    vulgar: dict[str, float]
    qualifier_re: re.Pattern[str]
    range_prefix_re: re.Pattern[str]
    range_connector_re: re.Pattern[str]
    negative_re: re.Pattern[str]
    change_verbs: frozenset[str]
    change_cue_re: re.Pattern[str]
    percent_re: re.Pattern[str]
    pp_re: re.Pattern[str]
    currency_symbols: dict[str, str]
    symbol_re: re.Pattern[str]
    dollar_prefixes: dict[str, str]
    iso_codes: dict[str, str]
    iso_re: re.Pattern[str]
    currency_words: dict[str, str]
    currency_word_re: re.Pattern[str]
    subunits: dict[str, str]
    subunit_re: re.Pattern[str]
    modifiers_re: re.Pattern[str]
    units_map: dict[str, str]
    unit_re: re.Pattern[str]
    cs_units: dict[str, str]
    cs_unit_re: re.Pattern[str]
    bracket_unit_re: re.Pattern[str]
    multiplier_followers: frozenset[str]
    rank_openers: frozenset[str]
    not_superlative_re: re.Pattern[str]
    tally_nouns: frozenset[str]
    tally_before: frozenset[str]
    anchor_after_re: re.Pattern[str]
    anchors_before: frozenset[str]
    definite_before: frozenset[str]
    age_cue_re: re.Pattern[str]
    month_before_re: re.Pattern[str]
    name_prefixes: frozenset[str]
    never_re: re.Pattern[str]
    provision_after_re: re.Pattern[str]  # a code abbreviation right after a number ("18 U.S.C.")
    provision_before_re: re.Pattern[str]  # a code abbreviation or section sign right before ("§ 1425")
    furniture_after_re: re.Pattern[str]  # "2 Images"
    not_period_re: re.Pattern[str]
    triggers: frozenset[str]  # lowercase words a quantity can start with (see ``_trigger_words``)
    start_chars: frozenset[str]  # other characters it can start with: digits, signs, currency symbols


def _lead_word(phrase: str) -> str:
    m = _WORD_RE.match(phrase)
    return m.group(0).lower() if m else ""


def _trigger_words(data: FiguresLexicon) -> frozenset[str]:
    """Every word ``_Scanner.quantity_at`` can succeed on when a quantity starts with a letter.

    The scanner tries each word start; most words (nouns, verbs) can never begin a quantity, and
    testing them through ``quantity_at`` was most of the extractor's time. This set is the union of
    the words each step of ``quantity_at`` can match first: qualifiers, range prefixes, "No." ranks,
    ordinals, signs, currency prefixes and codes, number words, vague plurals, fractions, multipliers.
    """
    nw = data.number_words
    words: set[str] = {"no", "a", "half", "quarter"}
    for group in (data.rank_openers, data.qualifiers, data.range_prefixes, data.dollar_prefixes,
                  data.iso_codes, data.iso_aliases, nw.units, nw.tens, nw.vague, nw.ordinals, nw.negative,
                  data.multiplier_words):
        words.update(_lead_word(str(w)) for w in group)
    words.discard("")
    return frozenset(words)


def _number_tables(data: FiguresLexicon) -> dict[str, object]:
    nw = data.number_words
    return {
        "units": nw.units, "tens": nw.tens, "scales": nw.scales, "glued_scales": nw.glued_scales,
        "spaced_scales": nw.spaced_scales, "vague": nw.vague, "denominators": nw.denominators,
        "ordinals": nw.ordinals,
        "vulgar": {sign: parts[0] / parts[1] for sign, parts in nw.vulgar_fractions.items()},
        "negative_re": re.compile(rf"({_words_regex(nw.negative)})\s+|[-−]\s*(?=\d)", re.IGNORECASE),
    }


def _money_tables(data: FiguresLexicon) -> dict[str, object]:
    iso = {c.upper(): c.upper() for c in data.iso_codes}
    iso.update({k.upper(): v.upper() for k, v in data.iso_aliases.items()})
    stops = _words_regex(data.money_modifier_stops)
    return {
        "percent_re": _phrase_regex(data.percent_words),
        "pp_re": _phrase_regex(data.percentage_point_words),
        "currency_symbols": data.currency_symbols,
        "symbol_re": _phrase_regex(data.currency_symbols, case_sensitive=True),
        "dollar_prefixes": {k.lower(): v for k, v in data.dollar_prefixes.items()},
        "iso_codes": iso,
        "iso_re": re.compile(
            r"(?:" + "|".join(sorted(iso, key=len, reverse=True)) + r")(?![A-Za-z])", re.IGNORECASE
        ),
        "currency_words": {k.lower(): v for k, v in data.currency_words.items()},
        "currency_word_re": _phrase_regex(data.currency_words),
        "subunits": {k.lower(): v for k, v in data.currency_subunits.items()},
        "subunit_re": _phrase_regex([k for k in data.currency_subunits if k != "p"]),
        # one or two lowercase modifier words (not function words) between "of" and a currency word
        "modifiers_re": re.compile(rf"(?:(?!(?:{stops})\s)[a-z]+(?:-[a-z]+)?\s+){{1,2}}"),
    }


def _unit_tables(data: FiguresLexicon) -> dict[str, object]:
    units_map = {k.lower(): v for k, v in data.units.items()}
    return {
        "units_map": units_map,
        "unit_re": _phrase_regex(list(units_map)),
        "cs_units": data.case_sensitive_units,
        "cs_unit_re": _phrase_regex(data.case_sensitive_units, case_sensitive=True),
        "bracket_unit_re": re.compile(rf"[(\[{{<]\s*({_words_regex(data.bracketed_units)})\s*[)\]}}>]"),
    }


def _cue_regexes(data: FiguresLexicon) -> dict[str, object]:
    return {
        "qualifier_re": _phrase_regex(data.qualifiers),
        "range_prefix_re": _phrase_regex(data.range_prefixes),
        "range_connector_re": re.compile(rf"[^\S\n]*({_words_regex(data.range_connectors)})[^\S\n]*"),
        "change_cue_re": re.compile(
            r"(?:^|[\s,;(])(?:" + _phrase_regex(data.change_cues).pattern[3:-1] + r")\s*$", re.IGNORECASE
        ),
        "not_superlative_re": re.compile(
            rf"(?:-|\s+)(?:{_words_regex(data.not_superlatives)})\b", re.IGNORECASE
        ),
        "anchor_after_re": re.compile(
            r"[^\S\n]*(?:" + _phrase_regex(data.duration_anchors_after).pattern + r")", re.IGNORECASE
        ),
        "age_cue_re": re.compile(r"(?:^|\W)(?:" + _words_regex(data.age_cues) + r")[^\S\n]+$", re.IGNORECASE),
        # case-sensitive: "may 5" is rarely a date, "May 5" is
        "month_before_re": re.compile(
            r"(?<![A-Za-z])(?:" + _words_regex(data.month_names) + r")\.?,?[^\S\n]*$"
        ),
        "never_re": _phrase_regex(data.never_figures),
        "provision_after_re": re.compile(
            r"[^\S\n]*" + _phrase_regex(data.statute_codes, case_sensitive=True).pattern
        ),
        "provision_before_re": re.compile(
            r"(?<![A-Za-z])"
            + _phrase_regex([*data.statute_codes, *data.section_signs], case_sensitive=True).pattern
            + r"[^\S\n]*$"
        ),
        "furniture_after_re": re.compile(
            r"[^\S\n]+" + _phrase_regex(data.furniture_counts, case_sensitive=True).pattern
        ),
        "not_period_re": re.compile(
            rf"year[- ]old|^(?:{_words_regex(data.not_period_possessives)})\b|^\d{{1,3}}$"
            r"|^\d+-(?:year|month|week|day)",
            re.IGNORECASE,
        ),
    }


def _word_sets(data: FiguresLexicon) -> dict[str, object]:
    def lower(words: tuple[str, ...]) -> frozenset[str]:
        return frozenset(w.lower() for w in words)

    return {
        "change_verbs": lower(data.change_verbs),
        "multiplier_followers": lower(data.multiplier_followers),
        "rank_openers": lower(data.rank_openers),
        "tally_nouns": lower(data.tally_nouns),
        "tally_before": lower(data.tally_before),
        "anchors_before": lower(data.duration_anchors_before),
        "definite_before": lower(data.duration_definite_before),
        "name_prefixes": lower(data.name_prefixes),
    }


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    data = load_typed(LEXICON, FiguresLexicon)
    return _Lex(
        data=data,
        **_number_tables(data),  # type: ignore[arg-type]
        **_money_tables(data),  # type: ignore[arg-type]
        **_unit_tables(data),  # type: ignore[arg-type]
        **_cue_regexes(data),  # type: ignore[arg-type]
        **_word_sets(data),  # type: ignore[arg-type]
        triggers=_trigger_words(data),
        # a numeral (digit or ".5"), a sign, a vulgar fraction or the first character of a currency sign
        start_chars=frozenset(
            "0123456789.-\u2212" + "".join(data.number_words.vulgar_fractions)
            + "".join(k[0] for k in data.currency_symbols)
        ),
    )
