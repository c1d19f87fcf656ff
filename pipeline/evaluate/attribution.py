"""Attribution scored against brat standoff files (the PolNeAR format: Source, Cue, Content, Attribution).

A folder holds ``text/NAME.txt`` and ``attributions/NAME_XXXX.ann`` (or both side by side). Each ``E``
line of an ``.ann`` file is one attribution: a Content span (possibly discontinuous), a Cue and, unless
the event is ``Attribution-no-source``, a Source. The article is ingested with the project's own cleaner
and analysed; gold offsets index the raw file, so they are carried over to the cleaned text through a
character alignment of the two. An article annotated by several annotators is scored against the first
``.ann`` file in name order.

Predicted attributions come from two records: each quote with a speaker (content = the quote) and each
claim attribution with a source span (content = the attribution's content span, else the claim
sentence). Predictions with the same source span are one attribution (one mention of a speaker
introduces one event: '"A. B," he said' is one attribution over two sentences).

Measures, each matched one-to-one (a maximum bipartite matching, :func:`match_one_to_one`):
- ``attribution``: content spans overlap *and* the source is right: the spans overlap, or the predicted
  speaker's name agrees with the gold source text (``sources_agree``), or the gold source is a relative
  pronoun and the predicted one the noun phrase just before it ("the study, which notes"); an attribution
  without a gold source matches a prediction without a source or whose source is the cue itself;
- ``content``: content spans overlap, whatever the source;
- ``direct_quotes``: gold direct attributions against the predicted direct quotes (those with one
  speaker span count as one);
- per kind (``direct``, ``indirect``, ``partial``): recall over gold attributions of that kind, precision
  over predictions of that kind, after the ``attribution`` matching;
- ratios on matched items: ``cue`` (the cue spans overlap) and ``named_speaker`` (a gold direct quote
  whose source is a name, spoken by the right speaker).

Kind of an attribution: *direct* when at least 90% of its content's characters lie inside paired quote
marks (:func:`pipeline.extract.quote_marks.pair_quote_marks`), *partial* when some do, else *indirect*.
A gold source is a *name* when it overlaps a PERSON/ORG/GPE/NORP entity of the analysis or holds a
capitalised word after its first.

Held-out part: an article belongs to the held-out part when the first 8 hex digits of
``sha256(seed + ":" + name)`` are divisible by 3 (``--part held-out``); rules are developed on the other
part (``--part dev``) and the held-out figure is reported separately, so it measures text the rules were
not written from.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from ..extract.quote_marks import pair_quote_marks
from ..records import Analysis
from .matching import match_one_to_one, overlaps, sources_agree
from .results import Counts, Ratio

Span = tuple[int, int]
KINDS = ("direct", "indirect", "partial")
DIRECT_SHARE = 0.9
DEFAULT_SEED = "framelens-polnear-1"
PARTS = ("all", "dev", "held-out")
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
ANTECEDENT_REACH = 80  # characters between a relative pronoun and the end of its antecedent
# The targets attribution is measured against: (measure, statistic, target)
TARGETS = (("attribution", "f1", 0.75), ("attribution", "recall", 0.65), ("direct_quotes", "f1", 0.92),
           ("named_speaker", "accuracy", 0.88))


# ----------------------------------------------------------------------------------------- gold files

@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution; spans index the text it was read against."""

    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: tuple[Span, ...] = ()


def _spans(field_text: str, where: str) -> tuple[Span, ...]:
    try:
        pairs = [tuple(int(x) for x in part.split()) for part in field_text.split(";")]
    except ValueError:
        raise GoldFormatError(f"{where}: offsets {field_text!r} are not numbers") from None
    if any(len(p) != 2 or p[0] > p[1] for p in pairs):
        raise GoldFormatError(f"{where}: offsets {field_text!r} are not start-end pairs")
    return tuple((p[0], p[1]) for p in pairs)


def parse_brat(ann: str, *, name: str = "<ann>") -> list[GoldAttribution]:
    """The attributions of one ``.ann`` file (``T`` spans linked by ``E`` events); other lines are ignored."""
    spans: dict[str, tuple[Span, ...]] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    for number, line in enumerate(ann.splitlines(), start=1):
        where = f"{name}:{number}"
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            _label, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = _spans(offsets, where)
        elif line.startswith("E") and len(fields) >= 2:
            roles: dict[str, list[str]] = {}
            for argument in fields[1].split():
                role, _, ref = argument.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            events.append((where, roles))
    out = []
    for where, roles in events:
        missing = [ref for refs in roles.values() for ref in refs if ref not in spans]
        if missing:
            raise GoldFormatError(f"{where}: the event refers to unknown span(s) {', '.join(missing)}")

        def joined(role: str, roles: dict[str, list[str]] = roles) -> tuple[Span, ...]:
            return tuple(s for ref in roles.get(role, []) for s in spans[ref])

        if joined("Content"):
            out.append(GoldAttribution(joined("Content"), joined("Cue"), joined("Source")))
    return out


def brat_documents(folder: Path) -> list[tuple[str, Path, Path]]:
    """(name, text file, annotation file) for each annotated text of a brat folder."""
    text_dir = folder / "text" if (folder / "text").is_dir() else folder
    ann_dir = folder / "attributions" if (folder / "attributions").is_dir() else folder
    anns = sorted(ann_dir.glob("*.ann"))
    out = []
    for text in sorted(text_dir.glob("*.txt")):
        # PolNeAR names annotation files NAME_<annotator>.ann; several annotators: the first in name order.
        ann = next((a for a in anns if a.stem == text.stem or a.stem.rsplit("_", 1)[0] == text.stem), None)
        if ann is not None:
            out.append((text.stem, text, ann))
    if not out:
        raise GoldFormatError(f"{folder}: no .txt file with a matching .ann file (brat standoff)")
    return out


def is_brat_folder(path: Path) -> bool:
    """True for a folder of brat standoff annotations (``*.ann`` files, or an ``attributions/`` folder)."""
    return path.is_dir() and ((path / "attributions").is_dir() or any(path.glob("*.ann")))


def part_of(name: str, seed: str = DEFAULT_SEED) -> str:
    """``held-out`` or ``dev``: a fixed, seeded split of articles by the hash of their name."""
    digest = hashlib.sha256(f"{seed}:{name}".encode()).hexdigest()
    return "held-out" if int(digest[:8], 16) % 3 == 0 else "dev"


class OffsetMap:
    """Carries character offsets of a raw text over to its cleaned text (a character alignment)."""

    def __init__(self, raw: str, clean: str) -> None:
        blocks = difflib.SequenceMatcher(None, raw, clean, autojunk=False).get_matching_blocks()
        self.blocks = [(a, b, n) for a, b, n in blocks if n]
        self.starts = [a for a, _b, _n in self.blocks]
        self.clean_len = len(clean)

    def __call__(self, offset: int) -> int:
        k = bisect.bisect_right(self.starts, offset) - 1
        if k < 0:
            return self.blocks[0][1] if self.blocks else 0
        a, b, n = self.blocks[k]
        if offset < a + n:
            return b + offset - a
        # Inside a stretch the cleaner removed or changed: the next kept character.
        return self.blocks[k + 1][1] if k + 1 < len(self.blocks) else min(b + n, self.clean_len)

    def span(self, span: Span) -> Span:
        start = self(span[0])
        end = self(span[1] - 1) + 1 if span[1] > span[0] else start
        return start, max(start, end)

    def attribution(self, gold: GoldAttribution) -> GoldAttribution:
        return GoldAttribution(*(tuple(self.span(s) for s in spans)
                                 for spans in (gold.content, gold.cue, gold.source)))


# ---------------------------------------------------------------------------------------- predictions

@dataclass
class Predicted:
    """One predicted attribution (predictions sharing a source span are merged into one)."""

    content: list[Span]
    source: Span | None
    cue: Span | None
    name: str | None
    kind: str
    origin: str  # quote|claim|quote+claim


def _regions(text: str) -> list[Span]:
    return [(p.open, p.close + 1) for p in pair_quote_marks(text) if p.parent is None]


def kind_of(spans: Sequence[Span], regions: Sequence[Span]) -> str:
    """direct | partial | indirect by the share of the content's characters inside quote marks."""
    total = sum(e - s for s, e in spans)
    inside = sum(max(0, min(e, re_) - max(s, rs)) for s, e in spans for rs, re_ in regions)
    if total and inside >= DIRECT_SHARE * total:
        return "direct"
    return "partial" if inside else "indirect"


def predicted_attributions(analysis: Analysis, regions: Sequence[Span]) -> list[Predicted]:
    """The analysis' attributions: quotes with a speaker and claims with a source span; those sharing a
    source span and a cue (or whose cue was not located) are one attribution."""
    groups: dict[Span, list[Predicted]] = {}
    singles: list[Predicted] = []

    def add(item: Predicted) -> None:
        if item.source is None:
            singles.append(item)
            return
        same = groups.setdefault(item.source, [])
        known = next((k for k in same if k.cue is None or item.cue is None or overlaps(k.cue, item.cue)), None)
        if known is None:
            same.append(item)
            return
        known.content.extend(item.content)
        known.cue = known.cue or item.cue
        known.name = known.name or item.name
        if item.origin != known.origin:
            known.origin = "quote+claim"
        if item.origin == "quote" or known.origin == "quote":
            known.kind = item.kind if item.origin == "quote" else known.kind

    for quote in analysis.quotes:
        if quote.kind in ("direct", "partial") and quote.speaker_start is not None and quote.speaker_end is not None:
            add(Predicted([(quote.start, quote.end)], (quote.speaker_start, quote.speaker_end), _quote_cue(quote),
                          quote.speaker, quote.kind, "quote"))
    for claim in analysis.claims:
        for att in _claim_attributions(claim):
            if att.kind == "none" or att.start is None or att.end is None:
                continue
            content = _content_span(claim, att)
            cue = (att.cue_start, att.cue_end) if att.cue_start is not None and att.cue_end is not None else None
            source: Span | None = (att.start, att.end)
            if cue is not None and source == cue:
                source = None  # "it is believed": no source, the cue stands in
            add(Predicted([content], source, cue, att.entity or att.source, kind_of([content], regions), "claim"))
    return [p for same in groups.values() for p in same] + singles


def _quote_cue(quote: Any) -> Span | None:
    start, end = getattr(quote, "cue_start", None), getattr(quote, "cue_end", None)
    return (start, end) if start is not None and end is not None else None


def _claim_attributions(claim: Any) -> tuple[Any, ...]:
    several = getattr(claim, "attributions", ())
    return tuple(several) if several else (claim.attribution,)


def _content_span(claim: Any, att: Any) -> Span:
    start, end = getattr(att, "content_start", None), getattr(att, "content_end", None)
    return (start, end) if start is not None and end is not None else (claim.start, claim.end)


# ------------------------------------------------------------------------------------------- scoring

@dataclass
class KindScore:
    """Recall over gold items of one kind, precision over predicted items of that kind."""

    matched_gold: int = 0
    n_gold: int = 0
    matched_pred: int = 0
    n_pred: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched_pred / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.matched_gold / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: KindScore) -> KindScore:
        return KindScore(self.matched_gold + other.matched_gold, self.n_gold + other.n_gold,
                         self.matched_pred + other.matched_pred, self.n_pred + other.n_pred)


@dataclass
class ArticleScore:
    name: str
    part: str
    counts: dict[str, Counts] = field(default_factory=dict)
    kinds: dict[str, KindScore] = field(default_factory=dict)
    ratios: dict[str, Ratio] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    error: str | None = None


def _any(spans: Iterable[Span], span: Span | None) -> bool:
    return span is not None and any(overlaps(s, span) for s in spans)


def _text(text: str, spans: Sequence[Span], limit: int = 90) -> str:
    joined = " … ".join(" ".join(text[s:e].split()) for s, e in spans)
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"


def _source_ok(gold: GoldAttribution, pred: Predicted, text: str) -> bool:
    if not gold.source:
        return pred.source is None or _any(gold.cue, pred.source)
    if _any(gold.source, pred.source):
        return True
    if pred.source is not None and any(_antecedent(pred.source, s, text) for s in gold.source):
        return True
    return any(sources_agree(pred.name, text[s:e]) for s, e in gold.source)


def _antecedent(predicted: Span, gold: Span, text: str) -> bool:
    """A gold source that is a relative pronoun ("the study, which notes") is matched by the noun phrase
    it stands for, just before it in the same clause."""
    if text[gold[0]:gold[1]].lower() not in RELATIVE_PRONOUNS or predicted[1] > gold[0]:
        return False
    between = text[predicted[1]:gold[0]]
    return len(between) <= ANTECEDENT_REACH and not any(ch in between for ch in ".;:!?\n")


def _is_named(span: Span, text: str, analysis: Analysis) -> bool:
    if any(e.label in NAME_LABELS and any(overlaps((m.start, m.end), span) for m in e.mentions)
           for e in analysis.entities):
        return True
    return any(w[:1].isupper() for w in text[span[0]:span[1]].split()[1:])


def score_article(name: str, golds: Sequence[GoldAttribution], analysis: Analysis, *,
                  part: str = "dev") -> ArticleScore:
    """Score one analysed article against its gold attributions (pure: no model, no I/O)."""
    text = analysis.article.text
    regions = _regions(text)
    preds = predicted_attributions(analysis, regions)
    result = ArticleScore(name=name, part=part)
    pairs = match_one_to_one(len(golds), len(preds), lambda g, p: any(_any(golds[g].content, c) for c in preds[p].content)
                             and _source_ok(golds[g], preds[p], text))
    result.counts["attribution"] = Counts(len(pairs), len(preds), len(golds))
    content_pairs = match_one_to_one(len(golds), len(preds),
                                     lambda g, p: any(_any(golds[g].content, c) for c in preds[p].content))
    result.counts["content"] = Counts(len(content_pairs), len(preds), len(golds))
    gold_kinds = [kind_of(g.content, regions) for g in golds]
    matched_gold = {g for g, _p in pairs}
    matched_pred = {p for _g, p in pairs}
    for kind in KINDS:
        result.kinds[kind] = KindScore(
            sum(1 for g in matched_gold if gold_kinds[g] == kind), sum(1 for k in gold_kinds if k == kind),
            sum(1 for p in matched_pred if preds[p].kind == kind), sum(1 for p in preds if p.kind == kind))
    with_cue = [(g, p) for g, p in pairs if preds[p].cue is not None and golds[g].cue]
    result.ratios["cue"] = Ratio(sum(1 for g, p in with_cue if _any(golds[g].cue, preds[p].cue)), len(with_cue))
    _score_direct_quotes(golds, gold_kinds, analysis, text, result)
    content_matched = {g for g, _p in content_pairs}
    for g, gold in enumerate(golds):
        if g in matched_gold:
            continue
        near = [p for p in preds if any(_any(gold.content, c) for c in p.content)]
        why = "wrong source" if g in content_matched or near else "missed"
        given = "; ".join(f"{_text(text, [p.source]) if p.source else '-'} [{p.name}]" for p in near[:2])
        result.misses.append(f"{why} ({gold_kinds[g]}): {_text(text, gold.source) or '-'} | "
                             f"{_text(text, gold.cue, 30)} | {_text(text, gold.content)}"
                             + (f"  <- predicted: {given}" if given else ""))
    for p, pred in enumerate(preds):
        if p not in matched_pred:
            result.spurious.append(f"({pred.kind}, {pred.origin}) {_text(text, [pred.source]) if pred.source else '-'}"
                                   f" [{pred.name}] | {_text(text, pred.content)}")
    return result


def _score_direct_quotes(golds: Sequence[GoldAttribution], gold_kinds: Sequence[str], analysis: Analysis,
                         text: str, result: ArticleScore) -> None:
    groups: dict[Any, list[Any]] = {}
    for quote in analysis.quotes:
        if quote.kind == "direct":
            key = (quote.speaker_start, quote.speaker_end) if quote.speaker_start is not None else quote.id
            groups.setdefault(key, []).append(quote)
    quotes = list(groups.values())
    direct = [g for g, kind in enumerate(gold_kinds) if kind == "direct"]
    pairs = match_one_to_one(len(direct), len(quotes), lambda g, q: any(
        _any(golds[direct[g]].content, (x.start, x.end)) for x in quotes[q]))
    result.counts["direct_quotes"] = Counts(len(pairs), len(quotes), len(direct))
    matched_quotes = {q for _g, q in pairs}
    matched_direct = {g for g, _q in pairs}
    result.spurious.extend(f"direct quote [{group[0].speaker}] {_text(text, [(group[0].start, group[0].end)])}"
                           for q, group in enumerate(quotes) if q not in matched_quotes)
    result.misses.extend(f"direct quote: {_text(text, golds[g].source) or '-'} | {_text(text, golds[g].content)}"
                         for k, g in enumerate(direct) if k not in matched_direct)
    named = Ratio()
    for g, q in pairs:
        gold = golds[direct[g]]
        if not gold.source or not any(_is_named(s, text, analysis) for s in gold.source):
            continue
        quote = quotes[q][0]
        speaker = (quote.speaker_start, quote.speaker_end) if quote.speaker_start is not None else None
        right = _any(gold.source, speaker) or any(sources_agree(quote.speaker, text[s:e]) for s, e in gold.source)
        named += Ratio(int(right), 1)
        if not right:
            result.misses.append(f"direct quote speaker: gold {_text(text, gold.source)!r}, predicted "
                                 f"{quote.speaker!r} | {_text(text, gold.content)}")
    result.ratios["named_speaker"] = named


# --------------------------------------------------------------------------------------------- running

@dataclass
class AttributionReport:
    articles: list[ArticleScore]
    model: str
    part: str
    seed: str

    def counts(self) -> dict[str, Counts]:
        out: dict[str, Counts] = {}
        for article in self.articles:
            for key, value in article.counts.items():
                out[key] = out.get(key, Counts()) + value
        return out

    def kinds(self) -> dict[str, KindScore]:
        out = {kind: KindScore() for kind in KINDS}
        for article in self.articles:
            for key, value in article.kinds.items():
                out[key] = out[key] + value
        return out

    def ratios(self) -> dict[str, Ratio]:
        out: dict[str, Ratio] = {}
        for article in self.articles:
            for key, value in article.ratios.items():
                out[key] = out.get(key, Ratio()) + value
        return out

    def value(self, measure: str, statistic: str) -> float | None:
        if statistic == "accuracy":
            return self.ratios().get(measure, Ratio()).value
        return getattr(self.counts().get(measure, Counts()), statistic)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": "brat", "model": self.model, "part": self.part, "seed": self.seed,
            "articles": len(self.articles),
            "counts": {k: v.as_dict() for k, v in self.counts().items()},
            "kinds": {k: {"precision": _r(v.precision), "recall": _r(v.recall), "f1": _r(v.f1),
                          "gold": v.n_gold, "predicted": v.n_pred} for k, v in self.kinds().items()},
            "ratios": {k: v.as_dict() for k, v in self.ratios().items()},
            "targets": [{"measure": m, "statistic": s, "target": t, "value": _r(self.value(m, s))}
                        for m, s, t in TARGETS],
            "failed": [a.name for a in self.articles if a.error],
            "files": [{"name": a.name, "part": a.part, **{k: v.as_dict() for k, v in a.counts.items()}}
                      for a in self.articles],
        }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def evaluate_attribution(folder: Path, *, part: str = "all", seed: str = DEFAULT_SEED, model: str | None = None,
                         nlp: Any = None) -> AttributionReport:
    """Ingest, parse and analyse each annotated text of a brat folder and score its attributions."""
    from ..analyze import analyze_doc
    from ..ingest import IngestOptions, Rejected, to_article
    from ..ingest.readers import RawRecord
    from ..nlp import load_model, model_id

    if part not in PARTS:
        raise GoldFormatError(f"--part must be one of {', '.join(PARTS)}, not {part!r}")
    documents = [d for d in brat_documents(folder) if part == "all" or part_of(d[0], seed) == part]
    nlp = nlp or load_model(model)
    scores = []
    for name, text_path, ann_path in documents:
        raw = text_path.read_text(encoding="utf-8")
        golds = parse_brat(ann_path.read_text(encoding="utf-8"), name=str(ann_path))
        article = to_article(RawRecord(text=raw, origin=str(text_path), fields={}), IngestOptions())
        if isinstance(article, Rejected):
            raise GoldFormatError(f"{text_path}: rejected by ingest ({article.reason})")
        mapping = OffsetMap(raw, article.text)
        golds = [mapping.attribution(g) for g in golds]
        error = None
        try:
            analysis = analyze_doc(article, nlp(article.text), model=model_id(nlp))
        except Exception as exc:  # noqa: BLE001 - one crashing extractor must not hide the other files' scores
            analysis, error = Analysis(article=article), f"{type(exc).__name__}: {exc}"
        score = score_article(name, golds, analysis, part=part_of(name, seed))
        score.error = error
        scores.append(score)
    return AttributionReport(scores, model_id(nlp), part, seed)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render_attribution_report(report: AttributionReport, console: Any, *, show_misses: bool = False) -> None:
    """Print P/R/F1 per measure and per kind, the accuracies, the issue targets and (optionally) the misses."""
    from rich.table import Table

    title = f"Attribution, {len(report.articles)} article(s), part {report.part} [{report.model}]"
    table = Table(title=title)
    for column in ("measure", "P", "R", "F1", "matched", "predicted", "gold"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for key, c in report.counts().items():
        table.add_row(key, _fmt(c.precision), _fmt(c.recall), _fmt(c.f1), str(c.tp), str(c.n_pred), str(c.n_gold))
    for key, k in report.kinds().items():
        table.add_row(f"  kind {key}", _fmt(k.precision), _fmt(k.recall), _fmt(k.f1), str(k.matched_gold),
                      str(k.n_pred), str(k.n_gold))
    console.print(table)
    ratios = Table(title="Accuracy on matched items")
    for column in ("measure", "value", "correct", "total"):
        ratios.add_column(column, justify="left" if column == "measure" else "right")
    for key, r in report.ratios().items():
        ratios.add_row(key, _fmt(r.value), str(r.correct), str(r.total))
    console.print(ratios)
    targets = Table(title="Issue 11 targets")
    for column in ("measure", "statistic", "target", "measured", "met"):
        targets.add_column(column, justify="left" if column in ("measure", "statistic") else "right")
    for measure, statistic, target in TARGETS:
        value = report.value(measure, statistic)
        met = "[green]yes[/green]" if value is not None and value >= target else "[red]no[/red]"
        targets.add_row(measure, statistic, f"{target:.2f}", _fmt(value), met)
    console.print(targets)
    for article in report.articles:
        if article.error:
            console.print(f"[red]analysis failed[/red] {article.name}: {article.error}", highlight=False)
    if show_misses:
        for article in report.articles:
            for line in article.misses:
                console.print(f"  {article.name} {line}", highlight=False, soft_wrap=True, markup=False)
            for line in article.spurious:
                console.print(f"  {article.name} spurious {line}", highlight=False, soft_wrap=True, markup=False)
