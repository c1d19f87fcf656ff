"""Scoring one analysis against one gold annotation (pure: no model, no I/O), key by key."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..records import Analysis, Article, Section
from .matching import (
    TextIndex,
    any_overlap,
    canonical_device,
    match_one_to_one,
    normalise_name,
    normalise_space,
    overlaps,
    sources_agree,
    values_agree,
)
from .results import Counts, FileScore, Ratio

# A gold source is looked for this far around the claim: pronoun sources ("he") occur all over an article.
SOURCE_WINDOW = 400


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
        g, attribution = golds[gi], _attribution_of(preds[pi], spans[gi])
        kind_ok += Ratio(int(g.get("source_kind") == attribution.kind), 1)
        if g.get("cue"):
            predicted_cue = normalise_space(attribution.cue or "").casefold()
            gold_cue = normalise_space(g["cue"]).casefold()
            cue += Ratio(int(bool(predicted_cue) and (gold_cue in predicted_cue or predicted_cue in gold_cue)), 1)
        if attribution.source:
            source.n_pred += 1
        if not g.get("source"):
            none_ok += Ratio(int(not attribution.source), 1)
            if attribution.source:  # listed by --misses: a source where the gold has none
                wrong_sources.append(f"no source <- predicted {attribution.source!r} "
                                     f"({attribution.cue!r}): {g.get('contains')}")
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


def _attribution_of(claim: Any, spans: list[tuple[int, int]]) -> Any:
    """The claim's attribution of the gold claim text: the main one, unless the text lies inside the
    content of another of the claim's attributions ("..., after the department said that it could not
    account for ...": the gold text is the department's)."""
    main = claim.attribution
    if not spans:
        return main
    start, end = spans[0]
    for other in getattr(claim, "attributions", ()):
        if other == main or other.content_start is None or other.content_end is None:
            continue
        inside = other.content_start <= start and end <= other.content_end
        if inside and (main.kind == "none" or main.content_start is None
                       or not (main.content_start <= start and end <= main.content_end)):
            return other
    return main


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
    """Devices, matched one to one by overlap, device name and family.

    A device inside a quotation the gold attributes to someone else (a direct or partial quote, not the
    quotation itself) is counted apart, as ``devices_in_quotes``, gold and predicted alike: issue 16 makes
    the extractor find no device of the author's there, while the gold files mark the quoted speaker's
    loaded words and certainty too. The headline ``devices`` counts everything else.
    """
    golds = gold.get("devices", [])
    preds = list(analysis.devices)
    spans = [locate(g.get("text"), "devices.text") for g in golds]
    quoted = [s for q in gold.get("quotes", []) if q.get("kind") in ("direct", "partial")
              for s in locate(q.get("text"), "quotes.text")]

    def in_quote(start: int, end: int) -> bool:
        return any(s <= start and end <= e and (start, end) != (s, e) for s, e in quoted)

    # A gold device is in a quote when its first occurrence is (its text is located, not placed).
    gold_quoted = [bool(spans[i]) and in_quote(*spans[i][0]) for i in range(len(golds))]
    pred_quoted = [in_quote(p.start, p.end) for p in preds]

    def compatible(gi: int, pi: int) -> bool:
        g, p = golds[gi], preds[pi]
        return (any_overlap(spans[gi], (p.start, p.end))
                and canonical_device(g.get("device")) == canonical_device(p.device)
                and (not g.get("family") or g["family"] == p.family))

    pairs = match_one_to_one(len(golds), len(preds), compatible)
    for key, quoted_side in (("devices", False), ("devices_in_quotes", True)):
        result.counts[key] = Counts(sum(1 for gi, _ in pairs if gold_quoted[gi] == quoted_side),
                                    sum(1 for q in pred_quoted if q == quoted_side),
                                    sum(1 for q in gold_quoted if q == quoted_side))
    labels = [f"{g.get('text')} [{g.get('device')}]" for g in golds]
    missed = _missed(labels, pairs)
    result.misses["devices"] = [m for m in missed if not gold_quoted[labels.index(m)]]
    result.misses["devices_in_quotes"] = [m for m in missed if gold_quoted[labels.index(m)]]


def _missed(labels: Sequence[str | None], pairs: list[tuple[int, int]]) -> list[str]:
    matched = {g for g, _ in pairs}
    return [str(label) for i, label in enumerate(labels) if i not in matched]

