"""Evaluation: score the analysis of each gold article against its hand annotation.

A gold file (format: ../shared/gold/README.md) names its article and lists what a careful reader expects:
sections, entities, figures, quotes, claims with attribution, section frames and devices. Gold gives
strings, not offsets: every string is an exact substring of the raw article, so it is found in the
*cleaned* text after normalising whitespace runs (the cleaner joins hard-wrapped lines) and mapped back to
character spans. A predicted item matches a gold item when their spans overlap and, where gold gives
one, the value / speaker / source / label agrees; matching is one-to-one (a maximum bipartite matching,
so one predicted claim cannot account for two gold claims).

Three kinds of result per file, micro-averaged over files:
- ``Counts`` (precision, recall, F1) per key: sections, section_headings, entities, figures, quotes,
  quotes_span, claims, attribution_source, section_frames@2, section_frames@3, devices;
- ``Ratio`` (accuracy on matched items): figure_kind, quote_kind, source_kind, claim_cue,
  attribution_none, entity_label, sections_count, paragraph_joins, checkworthiness_auc (how often a gold claim outranks another claim: ROC AUC);
- error counts: entity_errors (predicted canonicals containing a string gold lists as an error),
  not_figures (predicted figures overlapping a string gold says is not a figure).

Gold lists are what a reader expects, not always every item in the article, so precision over predicted
claims, entities and devices is only indicative where gold is not exhaustive; recall is the firm number.
Scoring (``score_analysis``) is pure and needs no model; ``evaluate`` ingests, parses and analyses.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GoldFormatError
from .records import Analysis, Article, Section

REPO_ROOT = Path(__file__).resolve().parents[1]
# The shared data lives beside the repo, never inside it.
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"
ALLSIDES_PREFIX = "allsides-immigration:"
ALLSIDES_JSONL = Path("allsides-immigration") / "immigration.jsonl"

COUNT_KEYS = ("sections", "section_headings", "entities", "figures", "quotes", "quotes_span", "claims",
              "attribution_source", "section_frames@2", "section_frames@3", "devices")
RATIO_KEYS = ("figure_kind", "quote_kind", "source_kind", "claim_cue", "attribution_none", "entity_label",
              "sections_count", "paragraph_joins", "checkworthiness_auc")
ERROR_KEYS = ("entity_errors", "not_figures")
# Keys whose precision is only indicative: gold lists what a reader expects, not every item.
INDICATIVE_PRECISION = ("entities", "claims", "devices")

FIGURE_TOLERANCE = 0.01  # relative: gold values are often rounded by the annotator ("millions" -> 1e6)
# A gold source is looked for this far around the claim: pronoun sources ("he") occur all over an article.
SOURCE_WINDOW = 400
DEVICE_ALIASES = {"exaggeration": "exaggeration_minimisation", "minimisation": "exaggeration_minimisation"}
# Words too empty to carry a source on their own: "the" is contained in "the US government" but is no
# source. Pronoun sources still match when equal or when the spans overlap.
_EMPTY_WORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "by", "and", "or", "as", "at", "per", "with",
                "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "this",
                "that", "these", "those", "who", "which", "some", "many", "s"}
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


# --------------------------------------------------------------------------------------------- results

@dataclass
class Counts:
    """One-to-one matches against predicted and gold totals: precision, recall, F1."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "predicted": self.n_pred, "gold": self.n_gold, "precision": _round(self.precision),
                "recall": _round(self.recall), "f1": _round(self.f1)}


@dataclass
class Ratio:
    """Correct out of total: an accuracy over matched items."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.correct + other.correct, self.total + other.total)

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": _round(self.value)}


@dataclass
class FileScore:
    """The scores of one gold file, with the gold items missed and the strings gold has that the text lacks."""

    name: str
    article: str
    counts: dict[str, Counts] = field(default_factory=dict)
    ratios: dict[str, Ratio] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)
    unlocated: list[str] = field(default_factory=list)
    error: str | None = None  # the analysis failed: scored as if nothing was found

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "article": self.article,
                "scores": {k: v.as_dict() for k, v in self.counts.items()},
                "accuracy": {k: v.as_dict() for k, v in self.ratios.items()},
                "errors": {k: {"count": len(v), "items": v} for k, v in self.errors.items()},
                "misses": self.misses, "unlocated": self.unlocated, "error": self.error}


@dataclass
class EvalReport:
    """Per-file scores and their micro-average."""

    files: list[FileScore]
    model: str = ""

    @property
    def failed(self) -> list[FileScore]:
        """Files whose analysis raised: their gold items all count as missed."""
        return [f for f in self.files if f.error]

    def overall_counts(self) -> dict[str, Counts]:
        return {key: sum((f.counts.get(key, Counts()) for f in self.files), Counts()) for key in COUNT_KEYS}

    def overall_ratios(self) -> dict[str, Ratio]:
        return {key: sum((f.ratios.get(key, Ratio()) for f in self.files), Ratio()) for key in RATIO_KEYS}

    def overall_errors(self) -> dict[str, int]:
        return {key: sum(len(f.errors.get(key, [])) for f in self.files) for key in ERROR_KEYS}

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "files": [f.as_dict() for f in self.files],
                "overall": {"scores": {k: v.as_dict() for k, v in self.overall_counts().items()},
                            "accuracy": {k: v.as_dict() for k, v in self.overall_ratios().items()},
                            "errors": self.overall_errors()},
                "notes": {"indicative_precision": list(INDICATIVE_PRECISION),
                          "micro_average": "sums of matches and totals over files"}}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# ------------------------------------------------------------------------------------- text location

def normalise_space(text: str) -> str:
    """NFC, invisible characters removed, whitespace runs as one space: what the cleaner preserves."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", " ", text).strip()


class TextIndex:
    """Finds gold strings in the cleaned text (whitespace runs normalised) as character spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        flat: list[str] = []
        offsets: list[int] = []  # offsets[i]: where flat[i] sits in ``text``
        for i, char in enumerate(text):
            if char.isspace():
                if flat and flat[-1] == " ":
                    continue
                char = " "
            flat.append(char)
            offsets.append(i)
        self.flat = "".join(flat)
        self.offsets = offsets
        self._cache: dict[str, list[tuple[int, int]]] = {}

    def find(self, needle: str | None) -> list[tuple[int, int]]:
        """Every occurrence of ``needle`` as (start, end) in the text; a word is never found inside a word."""
        if not needle:
            return []
        key = normalise_space(needle)
        if key in self._cache:
            return self._cache[key]
        spans: list[tuple[int, int]] = []
        if key:
            at = self.flat.find(key)
            while at >= 0:
                end = at + len(key)
                # "US" must not match inside "focus", "four" not inside "fourteen".
                left_ok = not (key[0].isalnum() and at > 0 and self.flat[at - 1].isalnum())
                right_ok = not (key[-1].isalnum() and end < len(self.flat) and self.flat[end].isalnum())
                if left_ok and right_ok:
                    spans.append((self.offsets[at], self.offsets[end - 1] + 1))
                at = self.flat.find(key, at + 1)
        self._cache[key] = spans
        return spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def any_overlap(spans: Iterable[tuple[int, int]], span: tuple[int, int]) -> bool:
    return any(overlaps(s, span) for s in spans)


# -------------------------------------------------------------------------------------------- matching

def match_one_to_one(n_gold: int, n_pred: int, compatible: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching (gold index, predicted index) over compatible pairs (Kuhn's algorithm).

    Maximum rather than greedy, so the score does not depend on the order items are listed in.
    """
    edges = [[p for p in range(n_pred) if compatible(g, p)] for g in range(n_gold)]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(n_gold):
        augment(g, set())
    return sorted((g, p) for p, g in owner.items())


def normalise_name(name: str | None) -> str:
    """A name compared loosely: case, curly apostrophes, possessive, leading article, edge punctuation."""
    if not name:
        return ""
    text = normalise_space(name).casefold().replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s?$", "", text).strip(" .,;:!?\"'()[]-–—")
    return _LEADING_ARTICLE.sub("", text)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", normalise_name(text))


def _contains_words(outer: str, inner: str) -> bool:
    """``inner``'s words appear contiguously in ``outer`` and carry content (not just "the" or "he")."""
    big, small = _words(outer), _words(inner)
    if not small or not any(w not in _EMPTY_WORDS for w in small):
        return False
    n = len(small)
    return any(big[i:i + n] == small for i in range(len(big) - n + 1))


def sources_agree(predicted: str | None, gold: str) -> bool:
    """Equal after normalisation, or one contains the other as whole words with some content."""
    if not predicted:
        return False
    a, b = normalise_name(predicted), normalise_name(gold)
    return bool(a) and (a == b or _contains_words(a, b) or _contains_words(b, a))


def canonical_device(name: str | None) -> str:
    name = (name or "").strip().lower()
    return DEVICE_ALIASES.get(name, name)


def values_agree(predicted: float | None, gold: float | None, tolerance: float = FIGURE_TOLERANCE) -> bool:
    """Within ``tolerance`` relative to the gold value (exact when gold is 0)."""
    if predicted is None or gold is None:
        return False
    if gold == 0:
        return predicted == 0
    return abs(predicted - gold) <= tolerance * abs(gold)


# --------------------------------------------------------------------------------------------- scoring

def score_analysis(gold: dict[str, Any], analysis: Analysis, *, name: str = "") -> FileScore:
    """Score one analysis against one gold annotation (pure: no model, no I/O)."""
    article = analysis.article
    index = TextIndex(article.text)
    result = FileScore(name=name or str(gold.get("article", "")), article=str(gold.get("article", "")))

    def locate(value: str | None, where: str) -> list[tuple[int, int]]:
        spans = index.find(value)
        if value and not spans:
            result.unlocated.append(f"{where}: {value}")
        return spans

    _score_sections(gold, article, locate, result)
    _score_entities(gold, analysis, index, result)
    _score_figures(gold, analysis, index, locate, result)
    _score_quotes(gold, analysis, locate, result)
    _score_claims(gold, analysis, index, locate, result)
    _score_section_frames(gold, analysis, index, result)
    _score_devices(gold, analysis, locate, result)
    return result


Locate = Callable[[str | None, str], list[tuple[int, int]]]


def _section_span(section: Section) -> tuple[int, int]:
    """From the heading (when there is one) to the end: gold's first words may be a line the cleaner
    took for a heading, and that mistake is scored by section_headings, not twice."""
    start = section.start if section.heading_start is None else min(section.heading_start, section.start)
    return (start, max(section.end, section.start + 1))


def _score_sections(gold: dict[str, Any], article: Article, locate: Locate, result: FileScore) -> None:
    golds = gold.get("sections", [])
    preds = list(article.sections)
    starts = [locate(g.get("starts_with"), "sections.starts_with") for g in golds]

    def compatible(gi: int, pi: int) -> bool:
        g, p = golds[gi], preds[pi]
        if g.get("heading") and p.heading and normalise_space(g["heading"]) == normalise_space(p.heading):
            return True
        return bool(starts[gi]) and starts[gi][0][0] in range(*_section_span(p))

    pairs = match_one_to_one(len(golds), len(preds), compatible)
    result.counts["sections"] = Counts(len(pairs), len(preds), len(golds))
    result.misses["sections"] = _missed([g.get("heading") or g.get("starts_with") for g in golds], pairs)
    gold_headings = [normalise_space(g["heading"]) for g in golds if g.get("heading")]
    pred_headings = [normalise_space(p.heading) for p in preds if p.heading]
    heading_pairs = match_one_to_one(len(gold_headings), len(pred_headings),
                                     lambda gi, pi: gold_headings[gi] == pred_headings[pi])
    result.counts["section_headings"] = Counts(len(heading_pairs), len(pred_headings), len(gold_headings))
    result.ratios["sections_count"] = Ratio(int(len(preds) == len(golds)), 1)
    joins = gold.get("paragraph_joins", [])
    if joins:
        paragraphs = [(p.start, p.end) for p in article.paragraphs]
        joined = sum(1 for j in joins if any(p[0] <= s[0] and s[1] <= p[1] for s in locate(j.get("text"),
                     "paragraph_joins") for p in paragraphs))
        result.ratios["paragraph_joins"] = Ratio(joined, len(joins))


def _entity_names(entity: dict[str, Any]) -> set[str]:
    names = {entity.get("canonical"), entity.get("text"), *entity.get("aliases", [])}
    return {normalise_name(n) for n in names if n} - {""}


def _score_entities(gold: dict[str, Any], analysis: Analysis, index: TextIndex, result: FileScore) -> None:
    golds = gold.get("entities", [])
    preds = list(analysis.entities)
    gold_names = [_entity_names(g) for g in golds]
    pred_names = [{normalise_name(p.canonical)} | {normalise_name(m.text) for m in p.mentions} for p in preds]
    pairs = match_one_to_one(len(golds), len(preds), lambda gi, pi: bool(gold_names[gi] & pred_names[pi]))
    result.counts["entities"] = Counts(len(pairs), len(preds), len(golds))
    result.misses["entities"] = _missed([g.get("canonical") for g in golds], pairs)
    result.ratios["entity_label"] = Ratio(sum(golds[g].get("label") == preds[p].label for g, p in pairs),
                                          len(pairs))
    # Containment, not equality: "Xi Jinping’s China" carries the possessive error too.
    bad_strings = [err["text"] for err in gold.get("entity_errors_to_avoid", []) if err.get("text")]
    result.errors["entity_errors"] = [f"{p.canonical} (contains {bad!r})" for p in preds for bad in bad_strings
                                      if TextIndex(p.canonical).find(bad)]


def _score_figures(gold: dict[str, Any], analysis: Analysis, index: TextIndex, locate: Locate,
                   result: FileScore) -> None:
    golds = gold.get("figures", [])
    preds = list(analysis.figures)
    spans = [locate(g.get("text"), "figures.text") for g in golds]

    def compatible(gi: int, pi: int) -> bool:
        p = preds[pi]
        return any_overlap(spans[gi], (p.start, p.end)) and values_agree(p.value, golds[gi].get("value"))

    pairs = match_one_to_one(len(golds), len(preds), compatible)
    result.counts["figures"] = Counts(len(pairs), len(preds), len(golds))
    result.misses["figures"] = _missed([g.get("text") for g in golds], pairs)
    result.ratios["figure_kind"] = Ratio(sum(golds[g].get("kind") == preds[p].kind for g, p in pairs), len(pairs))
    not_spans = [s for text in gold.get("not_figures", []) for s in locate(text, "not_figures")]
    result.errors["not_figures"] = [f"{p.text} @{p.start}" for p in preds if any_overlap(not_spans, (p.start, p.end))]


def _score_quotes(gold: dict[str, Any], analysis: Analysis, locate: Locate, result: FileScore) -> None:
    golds = gold.get("quotes", [])
    preds = list(analysis.quotes)
    spans = [locate(g.get("text"), "quotes.text") for g in golds]
    # A gold speaker and a predicted canonical name agree when they name the same gold entity
    # ("Joseph Nye" is an alias of "Joseph S. Nye Jr.").
    groups = [_entity_names(e) for e in gold.get("entities", [])]

    def same_speaker(gold_speaker: str | None, predicted: str | None) -> bool:
        if gold_speaker is None or predicted is None:
            return gold_speaker is None and predicted is None
        a, b = normalise_name(gold_speaker), normalise_name(predicted)
        return a == b or any(a in names and b in names for names in groups)

    def span_ok(gi: int, pi: int) -> bool:
        return any_overlap(spans[gi], (preds[pi].start, preds[pi].end))

    pairs = match_one_to_one(len(golds), len(preds), lambda gi, pi: span_ok(gi, pi)
                             and same_speaker(golds[gi].get("speaker"), preds[pi].speaker))
    result.counts["quotes"] = Counts(len(pairs), len(preds), len(golds))
    result.misses["quotes"] = [
        f"{g.get('text')} [speaker {g.get('speaker')!r}; predicted "
        f"{[preds[p].speaker for p in range(len(preds)) if span_ok(i, p)]!r}]"
        for i, g in enumerate(golds) if i not in {gi for gi, _ in pairs}]
    span_pairs = match_one_to_one(len(golds), len(preds), span_ok)
    result.counts["quotes_span"] = Counts(len(span_pairs), len(preds), len(golds))
    result.ratios["quote_kind"] = Ratio(sum(golds[g].get("kind") == preds[p].kind for g, p in span_pairs),
                                        len(span_pairs))


def _score_claims(gold: dict[str, Any], analysis: Analysis, index: TextIndex, locate: Locate,
                  result: FileScore) -> None:
    golds = gold.get("claims", [])
    preds = list(analysis.claims)
    spans = [locate(g.get("contains"), "claims.contains") for g in golds]
    for g in golds:
        for value in (g.get("source"), g.get("cue"), *g.get("source_alternatives", [])):
            locate(value, "claims.source/cue")

    def overlap(gi: int, pi: int) -> int:
        p = preds[pi]
        return max((min(s[1], p.end) - max(s[0], p.start) for s in spans[gi]), default=0)

    pairs = match_one_to_one(len(golds), len(preds), lambda gi, pi: overlap(gi, pi) > 0)
    result.counts["claims"] = Counts(len(pairs), len(preds), len(golds))
    result.misses["claims"] = _missed([g.get("contains") for g in golds], pairs)

    source = Counts(n_gold=sum(1 for g in golds if g.get("source")))
    none_ok, kind_ok, cue = Ratio(), Ratio(), Ratio()
    wrong_sources = []
    for gi, pi in pairs:
        g, attribution = golds[gi], preds[pi].attribution
        kind_ok += Ratio(int(g.get("source_kind") == attribution.kind), 1)
        if g.get("cue"):
            predicted_cue = normalise_space(attribution.cue or "").casefold()
            gold_cue = normalise_space(g["cue"]).casefold()
            cue += Ratio(int(bool(predicted_cue) and (gold_cue in predicted_cue or predicted_cue in gold_cue)), 1)
        if attribution.source:
            source.n_pred += 1
        if not g.get("source"):
            none_ok += Ratio(int(not attribution.source), 1)
        elif _source_matches(g, attribution, index, (preds[pi].start, preds[pi].end)):
            source.tp += 1
        else:
            wrong_sources.append(f"{g['source']!r} <- predicted {attribution.source!r}: {g.get('contains')}")
    result.counts["attribution_source"] = source
    result.misses["attribution_source"] = wrong_sources
    result.ratios["source_kind"] = kind_ok
    result.ratios["attribution_none"] = none_ok
    result.ratios["claim_cue"] = cue
    result.ratios["checkworthiness_auc"] = _ranking(
        [preds[pi].checkworthiness for _, pi in pairs],
        [p.checkworthiness for i, p in enumerate(preds) if i not in {pi for _, pi in pairs}])


def _ranking(gold_scores: list[float], other_scores: list[float]) -> Ratio:
    """How often a gold claim outranks another claim sentence (the ROC AUC; a tie counts half).

    Counted in half-points so that it stays a Ratio of integers: correct = 2*wins + ties, total = 2*pairs.
    """
    wins = sum(2 if g > o else 1 if g == o else 0 for g in gold_scores for o in other_scores)
    return Ratio(wins, 2 * len(gold_scores) * len(other_scores))


def _source_matches(g: dict[str, Any], attribution: Any, index: TextIndex, claim: tuple[int, int]) -> bool:
    """The predicted source span overlaps the gold source near the claim, or the names contain each other."""
    candidates = [g["source"], *g.get("source_alternatives", [])]
    window = (claim[0] - SOURCE_WINDOW, claim[1] + SOURCE_WINDOW)
    if attribution.start is not None and attribution.end is not None and attribution.end > attribution.start:
        for text in candidates:
            near = [s for s in index.find(text) if overlaps(s, window)]
            if any_overlap(near, (attribution.start, attribution.end)):
                return True
    return any(sources_agree(name, text) for name in (attribution.source, attribution.entity) for text in candidates)


def _score_section_frames(gold: dict[str, Any], analysis: Analysis, index: TextIndex, result: FileScore) -> None:
    sections = list(analysis.article.sections)
    gold_sections = gold.get("sections", [])
    for k in (2, 3):
        result.counts[f"section_frames@{k}"] = Counts()
    misses = []
    for i, entry in enumerate(gold.get("section_frames", [])):
        gold_frames = set(entry.get("frames", []))
        section = _find_section(entry.get("heading"), gold_sections[i] if i < len(gold_sections) else {},
                                sections, index)
        ranked = []
        if section is not None:
            scored = sorted(analysis.section_frames.get(section.id, ()), key=lambda f: -f.score)
            ranked = [f.frame for f in scored if f.score > 0 and f.taxonomy == "issue"]
        for k in (2, 3):
            top = ranked[:k]
            hits = len(gold_frames & set(top))
            result.counts[f"section_frames@{k}"] += Counts(hits, len(top), len(gold_frames))
        if gold_frames - set(ranked[:2]):
            misses.append(f"{entry.get('heading')!r}: gold {sorted(gold_frames)} top-3 {ranked[:3]}")
    result.misses["section_frames"] = misses


def _find_section(heading: str | None, gold_section: dict[str, Any], sections: list[Section],
                  index: TextIndex) -> Section | None:
    """The predicted section holding the gold section's first words, else the one with its heading."""
    for start, _ in index.find(gold_section.get("starts_with"))[:1]:
        for section in sections:
            if start in range(*_section_span(section)):
                return section
    if heading:
        for section in sections:
            if section.heading and normalise_space(section.heading) == normalise_space(heading):
                return section
    return None


def _score_devices(gold: dict[str, Any], analysis: Analysis, locate: Locate, result: FileScore) -> None:
    golds = gold.get("devices", [])
    preds = list(analysis.devices)
    spans = [locate(g.get("text"), "devices.text") for g in golds]

    def compatible(gi: int, pi: int) -> bool:
        g, p = golds[gi], preds[pi]
        return (any_overlap(spans[gi], (p.start, p.end))
                and canonical_device(g.get("device")) == canonical_device(p.device)
                and (not g.get("family") or g["family"] == p.family))

    pairs = match_one_to_one(len(golds), len(preds), compatible)
    result.counts["devices"] = Counts(len(pairs), len(preds), len(golds))
    result.misses["devices"] = _missed([f"{g.get('text')} [{g.get('device')}]" for g in golds], pairs)


def _missed(labels: Sequence[str | None], pairs: list[tuple[int, int]]) -> list[str]:
    matched = {g for g, _ in pairs}
    return [str(label) for i, label in enumerate(labels) if i not in matched]


# ------------------------------------------------------------------------------- gold files and runs

def gold_files(paths: Iterable[str | Path]) -> list[Path]:
    """The gold JSON files in the given folders (or the files themselves), in a stable order."""
    files: list[Path] = []
    for spec in paths:
        path = Path(spec)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.json")))
        elif path.is_file():
            files.append(path)
        else:
            raise GoldFormatError(f"{path}: no such gold file or folder")
    if not files:
        raise GoldFormatError(f"no gold .json files in {', '.join(map(str, paths))}")
    return files


def load_gold(path: Path) -> dict[str, Any]:
    """One gold annotation, checked for the keys scoring relies on."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldFormatError(f"{path}: cannot read gold JSON ({exc})") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("article"), str):
        raise GoldFormatError(f"{path}: a gold file is an object with an \"article\" key (see shared/gold/README.md)")
    return gold


class ArticleResolver:
    """Finds and ingests each gold file's article with the project's own ingest, as the CLI would."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir or DEFAULT_DATA_DIR
        self._allsides: dict[str, tuple[int, dict[str, Any]]] | None = None

    def allsides_path(self) -> Path:
        """``--data`` may name the shared data folder, the allsides folder or the JSONL itself."""
        for candidate in (self.data_dir, self.data_dir / ALLSIDES_JSONL, self.data_dir / "immigration.jsonl"):
            if candidate.is_file():
                return candidate
        raise GoldFormatError(f"AllSides data not found under {self.data_dir} (expected {ALLSIDES_JSONL}); "
                              f"pass --data DIR")

    def article(self, gold: dict[str, Any], gold_path: Path) -> Article:
        from .ingest import IngestOptions, Rejected, read_articles, to_article
        from .ingest.readers import RawRecord

        ref = gold["article"]
        if ref.startswith(ALLSIDES_PREFIX):
            path = self.allsides_path()
            if self._allsides is None:
                with path.open(encoding="utf-8") as handle:
                    rows = (json.loads(line) for line in handle if line.strip())
                    self._allsides = {row["ID"]: (n, row) for n, row in enumerate(rows, start=1)}
            key = ref.removeprefix(ALLSIDES_PREFIX)
            if key not in self._allsides:
                raise GoldFormatError(f"{gold_path}: article {ref!r} is not in {path}")
            line, row = self._allsides[key]
            item: Any = to_article(RawRecord(text="", origin=f"{path}:{line}", fields=row, fmt="record"),
                                   IngestOptions())
        else:
            candidates = [gold_path.parent.parent / "corpus-dev" / ref, REPO_ROOT / "corpus" / ref,
                          gold_path.parent / ref]
            found = next((c for c in candidates if c.is_file()), None)
            if found is None:
                raise GoldFormatError(f"{gold_path}: article file {ref!r} not found in "
                                      f"{', '.join(str(c.parent) for c in candidates)}")
            item = next(iter(read_articles([found])), None)
        if item is None or isinstance(item, Rejected):
            raise GoldFormatError(f"{gold_path}: article {ref!r} was rejected by ingest: {item}")
        return item


def evaluate(paths: Sequence[str | Path], *, model: str | None = None, data_dir: Path | None = None,
             nlp: Any = None) -> EvalReport:
    """Ingest, parse and analyse each gold file's article, then score it against the gold."""
    from .analyze import analyze_doc
    from .nlp import load_model, model_id

    paths = gold_files(paths)  # a wrong folder fails before the model is loaded
    nlp = nlp or load_model(model)
    resolver = ArticleResolver(data_dir)
    files = []
    for path in paths:
        gold = load_gold(path)
        article = resolver.article(gold, path)
        error = None
        try:
            analysis = analyze_doc(article, nlp(article.text), model=model_id(nlp))
        except Exception as exc:  # noqa: BLE001 - one crashing extractor must not hide the other files' scores
            analysis, error = Analysis(article=article), f"{type(exc).__name__}: {exc}"
        score = score_analysis(gold, analysis, name=path.stem)
        score.error = error
        files.append(score)
    return EvalReport(files=files, model=model_id(nlp))


# ------------------------------------------------------------------------------------------ printing

# The acceptance targets of issues 3 (figures, quotes), 4 (claims, attribution) and 5 (devices: recall is
# reported, no target given): (key, measure, target).
ISSUE_TARGETS = (
    ("figures", "f1", 0.90),
    ("quotes", "f1", 0.85),
    ("claims", "recall", 0.85),
    ("attribution_source", "f1", 0.75),
    ("source_kind", "accuracy", 0.85),
)

# Four-letter column names keep the per-file table within 80 columns; a legend line spells them out.
_SHORT = {"sections": "sect", "section_headings": "head", "entities": "ent", "figures": "fig", "quotes": "quot",
          "quotes_span": "qspn", "claims": "clm", "attribution_source": "src", "section_frames@2": "fr@2",
          "section_frames@3": "fr@3", "devices": "dev"}


def overall_value(report: EvalReport, key: str, measure: str) -> float | None:
    """One overall number: ``measure`` is precision|recall|f1 for a count key, accuracy for a ratio key."""
    if measure == "accuracy":
        return report.overall_ratios()[key].value
    return getattr(report.overall_counts()[key], measure)


def target_results(report: EvalReport) -> list[tuple[str, str, float, float | None]]:
    """(key, measure, target, measured) for each issue target."""
    return [(key, measure, target, overall_value(report, key, measure)) for key, measure, target in ISSUE_TARGETS]


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render_report(report: EvalReport, console: Any, *, show_misses: bool = False) -> None:
    """Print the per-file F1 table, the micro-averaged P/R/F1 table and the accuracies (rich tables)."""
    from rich.table import Table

    per_file = Table(title="F1 per gold file", box=None, pad_edge=False, padding=(0, 0, 0, 1))
    per_file.add_column("file", no_wrap=True, overflow="ellipsis", max_width=22)
    for key in COUNT_KEYS:
        per_file.add_column(_SHORT[key], justify="right", no_wrap=True, min_width=4)
    for f in report.files:
        per_file.add_row(f.name, *(_fmt(f.counts[k].f1) if k in f.counts else "–" for k in COUNT_KEYS))
    console.print(per_file)
    console.print("[dim]" + ", ".join(f"{short}={key}" for key, short in _SHORT.items()) + "[/dim]\n")

    overall = Table(title=f"Overall, micro-averaged over {len(report.files)} file(s) [{report.model}]")
    for column in ("key", "P", "R", "F1", "matched", "predicted", "gold"):
        overall.add_column(column, justify="left" if column == "key" else "right")
    for key, c in report.overall_counts().items():
        label = f"{key} (P indicative)" if key in INDICATIVE_PRECISION else key
        overall.add_row(label, _fmt(c.precision), _fmt(c.recall), _fmt(c.f1), str(c.tp), str(c.n_pred),
                        str(c.n_gold))
    console.print(overall)

    accuracy = Table(title="Accuracy on matched items, and errors")
    for column in ("measure", "value", "correct", "total"):
        accuracy.add_column(column, justify="left" if column == "measure" else "right")
    for key, r in report.overall_ratios().items():
        accuracy.add_row(key, _fmt(r.value), str(r.correct), str(r.total))
    for key, n in report.overall_errors().items():
        accuracy.add_row(f"{key} (errors)", str(n), "", "")
    console.print(accuracy)
    targets = Table(title="Issue targets (overall)")
    for column in ("key", "measure", "target", "measured", "met"):
        targets.add_column(column, justify="left" if column in ("key", "measure") else "right")
    for key, measure, target, value in target_results(report):
        met = "[green]yes[/green]" if value is not None and value >= target else "[red]no[/red]"
        targets.add_row(key, measure, f"{target:.2f}", _fmt(value), met)
    console.print(targets)
    for f in report.failed:
        console.print(f"[red]analysis failed[/red] {f.name}: {f.error} (scored as finding nothing)",
                      highlight=False, soft_wrap=True)
    unlocated = sum(len(f.unlocated) for f in report.files)
    if unlocated:
        console.print(f"[yellow]{unlocated} gold string(s) not found in the cleaned text[/yellow] (--json lists them)")
    if show_misses:
        for f in report.files:
            for key, items in f.misses.items():
                for item in items:
                    console.print(f"  [dim]{f.name}[/dim] missed {key}: {item}", highlight=False, soft_wrap=True)
