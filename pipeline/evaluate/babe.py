"""Device accuracy on BABE: sentences whose biased words trained annotators marked.

BABE (Spinde et al., Findings of EMNLP 2021; AGPL-3.0, read from ../shared/data, never copied) gives
news sentences labelled Biased / Non-biased with the words that make them biased. Every sentence is
analysed as a one-sentence article by the whole pipeline (so derived devices such as hedges and vague
attribution take part), and three numbers are scored:

- biased-word recall: of the words marked in Biased sentences, the share that a device overlaps;
- device precision: of the devices found (in any sentence), the share overlapping a marked word;
- sentence macro-F1: a sentence is predicted biased when it holds a device; F1 of both classes, averaged.

All three are also given per device (family). Devices below ``min_score`` are not shown and not counted.
Folds for cross-validation are fixed by a hash of the sentence text, not by its position or label, so
they do not change when the file is reordered and were fixed before any number was tuned.
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from ..analyze import analyze_doc
from ..document import device_threshold
from ..errors import GoldFormatError
from ..extract.devices import combine_devices, rule_devices
from ..extract.devices.loaded import (
    FEATURES,
    Candidate,
    LoadedLexicon,
    candidates,
    devices_from_candidates,
    loaded_lexicon,
)
from ..ingest import IngestOptions, to_article
from ..ingest.readers import RawRecord, Rejected
from ..records import Claim, Device, Quote

N_FOLDS = 5
BABE_COLUMNS = ("text", "label_bias", "biased_words")
# Devices whose evidence is not a word choice are not scored against marked words: hedges and boosters
# (certainty markers read from claims: "may", "of course") and a vague source are epistemics, a scare
# quote is punctuation, a rhetorical question spans a sentence, repetition spans paragraphs. (Boosters
# were scored at first; they were moved here with hedges, their twin, after the first cross-validation.)
NOT_WORD_LEVEL = frozenset(["hedge", "booster", "vague_attribution", "scare_quote", "rhetorical_question",
                            "repetition"])
# The calibration's aim, fixed in advance: the most recall at this device precision (training folds).
TARGET_PRECISION = 0.50
CURVE = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 20))


def word_level(device: Device) -> bool:
    return device.device not in NOT_WORD_LEVEL


@dataclass(frozen=True)
class BabeSentence:
    row: int  # 1-based data row in the file
    text: str
    biased: bool
    words: tuple[str, ...]
    outlet: str = ""

    @property
    def fold(self) -> int:
        return fold_of(self.text)


def fold_of(text: str) -> int:
    """The cross-validation fold of a sentence (0..N_FOLDS-1), from a hash of its text."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % N_FOLDS


def read_babe(path: Path) -> list[BabeSentence]:
    """The sentences of a BABE CSV (columns text, label_bias, biased_words; outlet when present)."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise GoldFormatError(f"{path}: cannot read ({error.strerror})") from error
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in BABE_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise GoldFormatError(f"{path}: not a BABE file (missing column {', '.join(missing)})")
        sentences = []
        for row, record in enumerate(reader, start=1):
            try:
                words = ast.literal_eval(record["biased_words"] or "[]")
            except (ValueError, SyntaxError) as error:
                raise GoldFormatError(f"{path}: row {row}: biased_words is not a list ({error})") from error
            if not record["text"].strip() or record["label_bias"] not in ("Biased", "Non-biased"):
                continue  # "No agreement" rows and empty texts carry no label to score against
            sentences.append(BabeSentence(row, record["text"], record["label_bias"] == "Biased",
                                          tuple(str(w) for w in words if str(w).strip()),
                                          record.get("outlet") or ""))
    return sentences


def word_spans(text: str, word: str) -> list[tuple[int, int]]:
    """Every whole-word occurrence of ``word`` in ``text``, case-insensitive."""
    pattern = r"(?<!\w)" + re.escape(word.strip()) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]


@dataclass
class FamilyScore:
    """Counts for one device family (or for all devices: family ``all``)."""

    devices: int = 0
    on_marked: int = 0
    words_hit: int = 0
    sentences_tp: int = 0
    sentences_fp: int = 0

    @property
    def precision(self) -> float | None:
        return self.on_marked / self.devices if self.devices else None


@dataclass
class BabeScore:
    sentences: int = 0
    biased: int = 0
    words: int = 0  # marked words in Biased sentences
    words_hit: int = 0
    devices: int = 0
    on_marked: int = 0
    confusion: dict[str, int] = field(default_factory=lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
    families: dict[str, FamilyScore] = field(default_factory=lambda: defaultdict(FamilyScore))
    missed_words: list[tuple[int, str, str]] = field(default_factory=list)  # (row, word, text)
    wrong_devices: list[tuple[int, Device, str]] = field(default_factory=list)

    @property
    def word_recall(self) -> float | None:
        return self.words_hit / self.words if self.words else None

    @property
    def device_precision(self) -> float | None:
        return self.on_marked / self.devices if self.devices else None

    @property
    def macro_f1(self) -> float | None:
        if not self.sentences:
            return None
        c = self.confusion
        f_biased = _f1(c["tp"], c["fp"], c["fn"])
        f_plain = _f1(c["tn"], c["fn"], c["fp"])
        return (f_biased + f_plain) / 2

    def as_dict(self) -> dict[str, object]:
        return {
            "sentences": self.sentences, "biased_sentences": self.biased, "marked_words": self.words,
            "marked_words_found": self.words_hit, "devices": self.devices,
            "devices_on_marked": self.on_marked,
            "biased_word_recall": _r(self.word_recall), "device_precision": _r(self.device_precision),
            "sentence_macro_f1": _r(self.macro_f1), "confusion": dict(self.confusion),
            "families": {name: {"devices": f.devices, "precision": _r(f.precision),
                                "words_found": f.words_hit, "word_recall": _r(f.words_hit / self.words
                                                                              if self.words else None)}
                         for name, f in sorted(self.families.items())},
        }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def family_of(device: Device) -> str:
    return device.device


def score_sentences(sentences: Sequence[BabeSentence], texts: Sequence[str],
                    devices: Sequence[Sequence[Device]], *, min_score: float = 0.0,
                    keep: Callable[[Device], bool] | None = None) -> BabeScore:
    """Score the devices found in each sentence against its marked words.

    ``texts`` are the analysed (cleaned) texts the device offsets index into; marked words are looked
    up there. ``keep`` filters devices further (by family, for instance).
    """
    result = BabeScore()
    for sentence, text, found in zip(sentences, texts, devices, strict=True):
        shown = [d for d in found if d.score >= min_score and (keep is None or keep(d))]
        marked = [(w, word_spans(text, w)) for w in sentence.words]
        marked_spans = [s for _, spans in marked for s in spans]
        result.sentences += 1
        result.biased += sentence.biased
        for device in shown:
            hit = any(device.start < e and s < device.end for s, e in marked_spans)
            family = result.families[family_of(device)]
            result.devices += 1
            family.devices += 1
            result.on_marked += hit
            family.on_marked += hit
            if not hit:
                result.wrong_devices.append((sentence.row, device, text))
        predicted = bool(shown)
        key = ("tp" if sentence.biased else "fp") if predicted else ("fn" if sentence.biased else "tn")
        result.confusion[key] += 1
        for name in {family_of(d) for d in shown}:
            if sentence.biased:
                result.families[name].sentences_tp += 1
            else:
                result.families[name].sentences_fp += 1
        if not sentence.biased:
            continue
        for word, spans in marked:
            result.words += 1
            hitters = {family_of(d) for d in shown for s, e in spans if d.start < e and s < d.end}
            result.words_hit += bool(hitters)
            for name in hitters:
                result.families[name].words_hit += 1
            if not hitters:
                result.missed_words.append((sentence.row, word, text))
    return result


def in_folds(sentences: Iterable[BabeSentence], folds: Iterable[int]) -> list[int]:
    """Indexes of the sentences in ``folds``."""
    wanted = set(folds)
    return [i for i, s in enumerate(sentences) if s.fold in wanted]


# ---------------------------------------------------------------- analysis and calibration


@dataclass
class Prepared:
    """BABE sentences analysed once: what the calibration re-scores under different weights."""

    sentences: list[BabeSentence]
    texts: list[str]
    docs: list[Doc]
    quotes: list[tuple[Quote, ...]]
    claims: list[tuple[Claim, ...]]
    candidates: list[list[Candidate]]
    # Every device but the lexicon-scored words, found once: calibration re-scores only the words.
    rules: list[list[Device]] = field(default_factory=list)


def prepare(sentences: Sequence[BabeSentence], nlp: Language,
            progress: Callable[[int, int | None], None] | None = None, docs: Iterable[Doc] | None = None
            ) -> Prepared:
    """Clean, parse (unless ``docs`` are given) and analyse every sentence as a one-sentence article."""
    articles = []
    for sentence in sentences:
        article = to_article(RawRecord(text=sentence.text, origin=f"babe:{sentence.row}", fields={}),
                             IngestOptions())
        if isinstance(article, Rejected):
            raise GoldFormatError(f"BABE row {sentence.row}: {article.detail}")
        articles.append(article)
    prepared = Prepared(list(sentences), [a.text for a in articles], [], [], [], [], [])
    parsed = docs or nlp.pipe(prepared.texts, batch_size=64)
    for n, (article, doc) in enumerate(zip(articles, parsed, strict=False), start=1):
        analysis = analyze_doc(article, doc)
        prepared.docs.append(doc)
        prepared.quotes.append(analysis.quotes)
        prepared.claims.append(analysis.claims)
        prepared.candidates.append(candidates(doc, analysis.quotes))
        prepared.rules.append(rule_devices(doc, quotes=analysis.quotes, claims=analysis.claims,
                                           entities=analysis.entities))
        if progress:
            progress(n, len(articles))
    return prepared


def devices_of(prepared: Prepared, indexes: Sequence[int], loaded: LoadedLexicon | None = None
               ) -> list[list[Device]]:
    """The devices of each sentence under ``loaded``'s weights (as ``extract_devices`` finds them)."""
    lexicon = loaded or loaded_lexicon()
    return [combine_devices(prepared.rules[i] + devices_from_candidates(
        prepared.docs[i], prepared.candidates[i], weights=lexicon.weights,
        negated_factor=lexicon.negated_factor, min_score=lexicon.min_score), min_score=0.0) for i in indexes]


def score_indexes(prepared: Prepared, indexes: Sequence[int], devices: Sequence[Sequence[Device]], *,
                  min_score: float, keep: Callable[[Device], bool] | None = word_level) -> BabeScore:
    return score_sentences([prepared.sentences[i] for i in indexes], [prepared.texts[i] for i in indexes],
                           devices, min_score=min_score, keep=keep)


def token_examples(prepared: Prepared, indexes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Candidate features and whether each candidate word is marked (for fitting the weights)."""
    rows, labels = [], []
    for i in indexes:
        doc, text = prepared.docs[i], prepared.texts[i]
        marked = [s for w in prepared.sentences[i].words for s in word_spans(text, w)]
        for c in prepared.candidates[i]:
            token = doc[c.i]
            rows.append(c.features)
            labels.append(any(token.idx < e and s < token.idx + len(token) for s, e in marked))
    return np.array(rows, dtype=float).reshape(-1, len(FEATURES)), np.array(labels, dtype=float)


def fit_logistic(x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, iterations: int = 50) -> dict[str, float]:
    """Logistic regression by Newton's method (IRLS) with an L2 penalty on the weights, not the bias."""
    design = np.hstack([np.ones((len(x), 1)), x])
    beta = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-design @ beta))
        gradient = design.T @ (y - p) - penalty @ beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.abs(step).max() < 1e-6:
            break
    return {"bias": float(beta[0]), **{name: float(b) for name, b in zip(FEATURES, beta[1:], strict=True)}}


@dataclass(frozen=True)
class Fitted:
    weights: dict[str, float]
    min_device_score: float


def fit(prepared: Prepared, indexes: Sequence[int]) -> Fitted:
    """Weights by logistic regression on the candidates; then the lowest score threshold whose device
    precision on these sentences is at least TARGET_PRECISION (recall is maximised under it)."""
    weights = fit_logistic(*token_examples(prepared, indexes))
    lexicon = dataclasses.replace(loaded_lexicon(), weights=weights, min_score=0.0)
    devices = devices_of(prepared, indexes, lexicon)
    best = THRESHOLDS[-1]
    for threshold in THRESHOLDS:
        precision = score_indexes(prepared, indexes, devices, min_score=threshold).device_precision
        if precision is not None and precision >= TARGET_PRECISION:
            best = threshold
            break
    return Fitted({k: round(v, 2) for k, v in weights.items()}, best)


@dataclass
class CrossValidation:
    folds: list[Fitted]
    pooled: BabeScore  # every sentence scored once, by the fold that did not see it
    pooled_all: BabeScore  # the same, every device family
    curve: dict[float, BabeScore]  # weights fitted per fold, one fixed threshold for all folds


def cross_validate(prepared: Prepared, progress: Callable[[int, int | None], None] | None = None
                   ) -> CrossValidation:
    """5-fold cross-validation of the fitted numbers: fit on four folds, score the fifth."""
    folds: list[Fitted] = []
    test_devices: dict[int, list[Device]] = {}
    thresholds: dict[int, float] = {}
    for fold in range(N_FOLDS):
        train = [i for i, s in enumerate(prepared.sentences) if s.fold != fold]
        test = [i for i, s in enumerate(prepared.sentences) if s.fold == fold]
        fitted = fit(prepared, train)
        folds.append(fitted)
        lexicon = dataclasses.replace(loaded_lexicon(), weights=fitted.weights, min_score=0.0)
        for i, found in zip(test, devices_of(prepared, test, lexicon), strict=True):
            test_devices[i] = found
            thresholds[i] = fitted.min_device_score
        if progress:
            progress(fold + 1, N_FOLDS)
    order = sorted(test_devices)
    shown = [[d for d in test_devices[i] if d.score >= thresholds[i]] for i in order]
    every = [test_devices[i] for i in order]
    curve = {t: score_indexes(prepared, order, every, min_score=t) for t in CURVE}
    return CrossValidation(folds, score_indexes(prepared, order, shown, min_score=0.0),
                           score_indexes(prepared, order, shown, min_score=0.0, keep=None), curve)


# ---------------------------------------------------------------- the `framelens eval --babe` command


@dataclass
class BabeReport:
    path: str
    min_score: float
    shipped: BabeScore  # the shipped weights and threshold (in-sample for the fitted numbers)
    shipped_all: BabeScore
    cv: CrossValidation | None = None
    fitted_all: Fitted | None = None  # fitted on every sentence: the values to ship

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"file": self.path, "min_device_score": self.min_score,
                                  "word_level": self.shipped.as_dict(),
                                  "all_devices": self.shipped_all.as_dict()}
        if self.cv is not None:
            out["cross_validation"] = {
                "folds": [dataclasses.asdict(f) for f in self.cv.folds],
                "word_level": self.cv.pooled.as_dict(), "all_devices": self.cv.pooled_all.as_dict(),
                "curve": {str(t): {"biased_word_recall": _r(s.word_recall),
                                   "device_precision": _r(s.device_precision),
                                   "sentence_macro_f1": _r(s.macro_f1), "devices": s.devices}
                          for t, s in self.cv.curve.items()}}
        if self.fitted_all is not None:
            out["fitted_on_all"] = dataclasses.asdict(self.fitted_all)
        return out


def evaluate_babe(path: Path, *, nlp: Language, min_score: float | None = None, fit_folds: bool = False,
                  progress: Callable[[int, int | None], None] | None = None) -> BabeReport:
    """Score the shipped devices on a BABE file; with ``fit_folds``, cross-validate the fitted numbers."""
    sentences = read_babe(path)
    if not sentences:
        raise GoldFormatError(f"{path}: no labelled sentences")
    prepared = prepare(sentences, nlp, progress)
    every = range(len(sentences))
    threshold = device_threshold(min_score)
    devices = devices_of(prepared, every)
    report = BabeReport(str(path), threshold, score_indexes(prepared, every, devices, min_score=threshold),
                        score_indexes(prepared, every, devices, min_score=threshold, keep=None))
    if fit_folds:
        report.cv = cross_validate(prepared)
        report.fitted_all = fit(prepared, list(every))
    return report


def _line(name: str, score: BabeScore) -> str:
    def f(value: float | None) -> str:
        return "  -  " if value is None else f"{value:.3f}"
    return (f"{name:34s} {f(score.word_recall)}  {f(score.device_precision)}  {f(score.macro_f1)}  "
            f"{score.devices:7d}")


def render_babe(report: BabeReport, console: Any, *, show_misses: bool = False) -> None:
    """Print the BABE scores: overall, per device family, cross-validated when fitted."""
    word = report.shipped
    console.print(f"BABE {report.path}: {word.sentences} sentences ({word.biased} biased), "
                  f"{word.words} marked "
                  f"words in biased sentences; min device score {report.min_score}", highlight=False)
    console.print(f"{'':34s} recall  precis.  macroF1  devices", highlight=False)
    console.print(_line("word-level devices (shipped)", word), highlight=False)
    console.print(_line("all devices (shipped)", report.shipped_all), highlight=False)
    for name, family in sorted(report.shipped_all.families.items()):
        recall = family.words_hit / word.words if word.words else None
        precision = family.precision
        tag = "" if name not in NOT_WORD_LEVEL else "  (not word-level)"
        console.print(f"  {name:32s} {recall:.3f}  {precision if precision is not None else 0:.3f}  {'':7s}  "
                      f"{family.devices:7d}{tag}", highlight=False)
    if report.cv is not None:
        console.print("cross-validated (5 folds by text hash; weights and threshold fitted on 4, "
                      "scored on the 5th):",
                      highlight=False)
        console.print(_line("word-level devices (CV)", report.cv.pooled), highlight=False)
        console.print(_line("all devices (CV)", report.cv.pooled_all), highlight=False)
        for threshold, score in report.cv.curve.items():
            console.print(_line(f"  CV at min score {threshold}", score), highlight=False)
        for k, fitted in enumerate(report.cv.folds):
            console.print(f"  fold {k}: {fitted.weights} min_device_score {fitted.min_device_score}",
                          highlight=False)
        if report.fitted_all is not None:
            console.print(f"fitted on all sentences (to ship): {report.fitted_all.weights} "
                          f"min_device_score {report.fitted_all.min_device_score}", highlight=False)
    if show_misses:
        for row, word_missed, text in word.missed_words:
            console.print(f"missed  row {row}: {word_missed!r} in {text}", highlight=False)
        for row, device, text in word.wrong_devices:
            console.print(f"no mark row {row}: {device.device} {device.text!r} in {text}", highlight=False)
