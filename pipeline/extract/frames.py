"""Issue frames and generic news frames from versioned cue lexicons (models/frames.yaml).

Issue frames follow the Policy Frames Codebook (Boydstun et al. 2014); generic frames follow
Semetko & Valkenburg (2000). Both are found the same way: a spaCy ``Matcher`` built from the
lexicon matches cue words and multiword cues by lemma or lower-case form; each sentence
contributes a cue once per frame (a word repeated in one sentence is one piece of evidence);
cue weights are summed over a span. Every score carries the cue words with their offsets.

What it does not catch: frames carried by argument structure rather than vocabulary (irony,
a frame implied by which facts are chosen), and cues outside the lexicon.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import ENT_TYPE, IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, SENT_START
from spacy.tokens import Doc

from ..lexicons import LexiconError, load_typed
from ..nlp import doc_text
from ..records import Evidence, FrameScore
from .frame_senses import drop_lonely, sense_filter

LEXICON = "frames"
ISSUE = "issue"
GENERIC = "generic"
# Article-level evidence lists are capped so exports stay readable; the score uses every cue.
MAX_ARTICLE_EVIDENCE = 30


@dataclass(frozen=True)
class CueHit:
    """One cue occurrence: which frame it signals, its weight and where it is."""

    frame: str
    key: str  # the lexicon cue that matched, so repeats in a sentence count once
    weight: float
    start: int
    end: int
    sent_start: int
    # The cue's words with offsets, built once: the article, its sections and its claims all cite it.
    evidence: Evidence


@lru_cache(maxsize=1)
def _cue_tokenizer() -> Any:
    # Cues are tokenized like article text ("socio-economic" -> socio, -, economic) so that
    # multiword and hyphenated cues line up with the document's tokens.
    return spacy.blank("en").tokenizer


@dataclass(frozen=True)
class IssuePresent:
    """When an issue frame is present at article level."""

    min_share: float  # of the article's issue-frame evidence
    min_distinct: int  # distinct cues


@dataclass(frozen=True)
class FramesLexicon:
    """models/frames.yaml, typed and checked (the ``senses`` rules are typed by frame_senses)."""

    tier_weights: dict[str, float]
    not_by_lemma: frozenset[str]
    issue_present: IssuePresent
    min_span_weight: float
    repeat_decay: float
    issue_frames: dict[str, dict[str, tuple[str, ...]]]  # frame -> tier -> cues
    generic_frames: dict[str, dict[str, tuple[str, ...]]]
    generic_thresholds: dict[str, float]
    senses: Any = None


@lru_cache(maxsize=1)
def frames_lexicon() -> FramesLexicon:
    lexicon = load_typed(LEXICON, FramesLexicon)
    tiers = {tier for frames in (lexicon.issue_frames, lexicon.generic_frames)
             for cues in frames.values() for tier in cues}
    if tiers - set(lexicon.tier_weights):
        unweighted = sorted(tiers - set(lexicon.tier_weights))
        raise LexiconError(f"models/frames.yaml: tiers without a weight: {unweighted}")
    if set(lexicon.generic_thresholds) != set(lexicon.generic_frames):
        raise LexiconError("models/frames.yaml: generic_thresholds must name exactly the generic_frames")
    if not 0 < lexicon.repeat_decay <= 1:
        raise LexiconError("models/frames.yaml: repeat_decay must be in (0, 1]")
    return lexicon


def _taxonomy(taxonomy: str) -> dict[str, dict[str, tuple[str, ...]]]:
    lexicon = frames_lexicon()
    return lexicon.issue_frames if taxonomy == ISSUE else lexicon.generic_frames


def _cue_table(taxonomy: str) -> dict[str, dict[tuple[str, ...], float]]:
    """frame -> {cue tokens: weight}; a cue listed in two tiers keeps its highest weight."""
    weights = frames_lexicon().tier_weights
    tokenizer = _cue_tokenizer()
    table: dict[str, dict[tuple[str, ...], float]] = {}
    for frame, tiers in _taxonomy(taxonomy).items():
        cues: dict[tuple[str, ...], float] = {}
        for tier, words in tiers.items():
            for word in words:
                tokens = tuple(t.text.lower() for t in tokenizer(word))
                cues[tokens] = max(cues.get(tokens, 0.0), weights[tier])
        table[frame] = cues
    return table


def token_forms(doc: Doc) -> tuple[list[str], list[str]]:
    """(lower-case form, lemma) of every token, read once per doc and kept in ``doc.user_data``.

    Frames and devices look words up by both forms; reading them through ``doc.to_array`` costs
    a fraction of creating a ``Token`` per word, and the cache shares the work between extractors.
    """
    cached = doc.user_data.get("framelens_token_forms")
    if cached is None or len(cached[0]) != len(doc):
        strings = doc.vocab.strings
        if len(doc):
            array = doc.to_array([LOWER, LEMMA])
            lowers = [strings[int(h)] for h in array[:, 0]]
            lemmas = [strings[int(h)] if h else "" for h in array[:, 1]]
        else:
            lowers, lemmas = [], []
        cached = doc.user_data["framelens_token_forms"] = (lowers, lemmas)
    return cached


class _CueIndex:
    """Exact phrase lookup over lemmas and lower-case forms, indexed by first token.

    Written by hand because a spaCy ``Matcher`` with thousands of phrase patterns tries every
    pattern at every token (about 70 ms an article here); a dictionary keyed by the first word
    finds the same matches in a few milliseconds.
    """

    def __init__(self, cues: Iterable[tuple[tuple[str, ...], tuple[str, float]]]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, float]]]] = defaultdict(list)
        for phrase, label in cues:  # one phrase may cue several frames
            self.by_first[phrase[0]].append((phrase, label))

    def __call__(self, doc: Doc, use_lemma: bool) -> set[tuple[tuple[str, float], int, int]]:
        lowers, lemmas = token_forms(doc)
        if use_lemma:
            # Some inflected forms are other words: "according (to)" is not an "accord".
            blocked = _not_by_lemma()
            lemmas = [lemma if lower not in blocked else lower
                      for lemma, lower in zip(lemmas, lowers, strict=True)]
        # LEMMA matching is case-sensitive in spaCy patterns; lemmas of common words are lower case.
        forms = [lemmas, lowers] if use_lemma else [lowers]
        found: set[tuple[tuple[str, float], int, int]] = set()
        for words in forms:
            for i, word in enumerate(words):
                for phrase, label in self.by_first.get(word, ()):
                    end = i + len(phrase)
                    if end <= len(words) and tuple(words[i:end]) == phrase:
                        found.add((label, i, end))
        return found


@lru_cache(maxsize=1)
def _not_by_lemma() -> frozenset[str]:
    return frames_lexicon().not_by_lemma


@lru_cache(maxsize=8)
def _cue_index(taxonomy: str) -> _CueIndex:
    """frame cues of one taxonomy, each labelled (frame, weight)."""
    return _CueIndex((tokens, (frame, weight)) for frame, cues in _cue_table(taxonomy).items()
                     for tokens, weight in cues.items())


def _sentence_starts(doc: Doc) -> list[int]:
    """Token index of each sentence start; the whole doc is one sentence when unparsed.

    Read from the SENT_START column, as ``doc.sents`` would find them, without building a Span
    per sentence (that was a third of this module's time).
    """
    if len(doc) and (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        flags = doc.to_array([SENT_START])
        return [0] + [i for i in (flags == 1).nonzero()[0].tolist() if i > 0]
    return [0]


def cue_hits(doc: Doc, taxonomy: str = ISSUE) -> list[CueHit]:
    """Every cue occurrence in ``doc`` for one taxonomy, longest match per frame, in text order.

    Kept in ``doc.user_data`` (a cache, not serialised): claims, sections and the article reuse it.
    """
    cache_key = f"framelens_cues_{taxonomy}"
    if cache_key not in doc.user_data:
        doc.user_data[cache_key] = _find_cue_hits(doc, taxonomy)
    return list(doc.user_data[cache_key])


def _find_cue_hits(doc: Doc, taxonomy: str) -> list[CueHit]:
    starts = _sentence_starts(doc)
    sent_of = [0] * len(doc)
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(doc)
        for t in range(start, end):
            sent_of[t] = start
    # frame -> candidate spans; overlapping candidates of one frame keep the longest, so
    # "cost of living" counts once rather than as "cost" plus the phrase.
    candidates: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    for (frame, weight), start, end in _cue_index(taxonomy)(doc, doc.has_annotation("LEMMA")):
        candidates[frame].append((start, end, weight))
    hits: list[CueHit] = []
    if not candidates:
        return hits
    array = doc.to_array([IDX, LENGTH, ENT_TYPE])
    char_start, length = array[:, 0].tolist(), array[:, 1].tolist()
    person = (array[:, 2] == doc.vocab.strings["PERSON"]).tolist()
    # Generic frames are ways of telling a story, and a word inside a name tells nothing ("the
    # White House" is no home); issue frames keep such words, because an institution's name is
    # evidence of its domain ("the U.N. refugee agency", "the Supreme Court").
    name_of = _name_spans(doc) if taxonomy == GENERIC else [None] * len(doc)
    _, lemmas = token_forms(doc)
    in_sense = sense_filter(doc)  # "secure a visa" is no security cue (models/frames.yaml: senses)
    text = doc_text(doc)
    for frame, spans in candidates.items():
        taken: set[int] = set()
        for start, end, weight in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), -s[2], s[0])):
            if any(i in taken for i in range(start, end)):
                continue
            # Cue words inside a person's name are not cues ("Bill Price", "Hope Hicks").
            if any(person[start:end]):
                continue
            names = {span for i in range(start, end) if (span := name_of[i]) is not None}
            if any(not (start <= n_start and n_end <= end) for n_start, n_end in names):
                continue  # a cue word inside a longer name, unless the cue is the whole name
            if not in_sense(frame, start, end):
                continue
            taken.update(range(start, end))
            key = " ".join(lemma.lower() for lemma in lemmas[start:end])
            first, last = char_start[start], char_start[end - 1] + length[end - 1]
            hits.append(CueHit(frame, key, weight, first, last, sent_of[start],
                               Evidence(text[first:last], first, last)))
    # A phrase is read as a whole across frames too: "Homeland" inside "Homeland Security" is no
    # cultural-identity cue, "Court" inside "Supreme Court" no crime cue.
    hits = _outside_longer_phrases(hits)
    hits.sort(key=lambda h: (h.start, h.frame))
    return drop_lonely(hits, doc)


def _outside_longer_phrases(hits: list[CueHit]) -> list[CueHit]:
    """The hits not inside a longer multiword hit (only a multiword cue can hold another cue).

    A phrase holding a hit starts at most the longest phrase's length before it, so each hit is checked
    against the phrases in that window only (sorted, by bisection): linear in the article, not quadratic.
    """
    phrases = sorted((o for o in hits if " " in o.key), key=lambda o: o.start)
    if not phrases:
        return hits
    starts = [o.start for o in phrases]
    longest = max(o.end - o.start for o in phrases)

    def inside_a_phrase(h: CueHit) -> bool:
        window = phrases[bisect_left(starts, h.start - longest):bisect_right(starts, h.start)]
        return any(h.end <= o.end and o.end - o.start > h.end - h.start for o in window)

    return [h for h in hits if not inside_a_phrase(h)]


# Entity labels whose words are part of a name; a leading "the" is not part of it.
_NAME_LABELS = frozenset(["ORG", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT"])


def _name_spans(doc: Doc) -> list[tuple[int, int] | None]:
    """For each token, the (start, end) token span of the name entity holding it, else None."""
    name_of: list[tuple[int, int] | None] = [None] * len(doc)
    for ent in doc.ents:
        if ent.label_ not in _NAME_LABELS:
            continue
        start = ent.start + 1 if doc[ent.start].lower_ == "the" else ent.start
        for i in range(start, ent.end):
            name_of[i] = (start, ent.end)
    return name_of


def _rollup(
    hits: Iterable[CueHit]
) -> tuple[dict[str, float], dict[str, list[Evidence]], dict[str, set[str]]]:
    """Sum cue weights per frame.

    A cue counts once per sentence and frame, and each further sentence repeating it counts
    ``repeat_decay`` (the lexicon: a half) times the previous one (1, 1/2, 1/4...): one word said over
    and over is one signal, not a frame.
    """
    decay = frames_lexicon().repeat_decay
    weight: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    distinct: dict[str, set[str]] = defaultdict(set)
    seen: set[tuple[int, str, str]] = set()
    repeats: dict[tuple[str, str], int] = {}
    for hit in hits:
        frame, key = hit.frame, hit.key
        evidence[frame].append(hit.evidence)
        marker = (hit.sent_start, frame, key)
        if marker in seen:
            continue
        seen.add(marker)
        cue = (frame, key)
        repeated = repeats.get(cue, 0)
        weight[frame] += hit.weight * decay ** repeated
        repeats[cue] = repeated + 1
        distinct[frame].add(key)
    return weight, evidence, distinct


def score_frames(doc: Doc, spans: Sequence[tuple[int, int]]) -> list[tuple[FrameScore, ...]]:
    """Issue frames of each character span (a claim, a section), best first.

    A frame is listed when its cue weight in the span reaches ``min_span_weight`` (the lexicon); its score is
    its share of the span's frame weight (0..1), its evidence the cue words inside the span.
    """
    hits = sorted(cue_hits(doc, ISSUE), key=lambda h: h.start)  # stable: text order kept
    hit_starts = [h.start for h in hits]
    min_weight = frames_lexicon().min_span_weight
    results: list[tuple[FrameScore, ...]] = []
    for start, end in spans:
        # The hits starting inside the span, found by bisection (a scan per span is quadratic).
        starting = hits[bisect_left(hit_starts, start):bisect_left(hit_starts, end)]
        inside = [h for h in starting if h.end <= end]
        weight, evidence, distinct = _rollup(inside)
        total = sum(weight.values())
        kept = [f for f, w in weight.items() if w >= min_weight]
        # Ties go to the frame with more distinct cues, then to the earlier evidence.
        kept.sort(key=lambda f: (-weight[f], -len(distinct[f]), evidence[f][0].start))
        results.append(
            tuple(
                FrameScore(
                    frame=f,
                    score=round(weight[f] / total, 4),
                    evidence=tuple(evidence[f]),
                    taxonomy=ISSUE,
                    share=round(weight[f] / total, 4),
                )
                for f in kept
            )
        )
    return results


def _content_tokens(doc: Doc) -> int:
    if not len(doc):
        return 1
    array = doc.to_array([IS_PUNCT, IS_SPACE])
    return max(1, int(((array[:, 0] == 0) & (array[:, 1] == 0)).sum()))


def generic_frame_densities(doc: Doc) -> dict[str, tuple[float, list[Evidence]]]:
    """Each generic frame's cue weight per 100 words, with its evidence (all five frames)."""
    weight, evidence, _ = _rollup(cue_hits(doc, GENERIC))
    n = _content_tokens(doc)
    frames = frames_lexicon().generic_frames
    return {f: (100.0 * weight.get(f, 0.0) / n, evidence.get(f, [])) for f in frames}


def article_frames(doc: Doc) -> list[FrameScore]:
    """Article-level issue frames (share of the frame evidence) and the five generic frames.

    Issue frames: score and share are the frame's share of all issue-frame cue weight; present
    when the share and the number of distinct cues reach ``issue_present`` in the lexicon.
    Generic frames: score = d / (d + t) for cue density d (weight per 100 words) and the
    frame's calibrated threshold t, so present <=> score >= 0.5.
    """
    lexicon = frames_lexicon()
    rule = lexicon.issue_present
    weight, evidence, distinct = _rollup(cue_hits(doc, ISSUE))
    total = sum(weight.values())
    issue = sorted(weight, key=lambda f: (-weight[f], -len(distinct[f])))
    out: list[FrameScore] = []
    for f in issue:
        share = weight[f] / total
        out.append(
            FrameScore(
                frame=f,
                score=round(share, 4),
                evidence=tuple(evidence[f][:MAX_ARTICLE_EVIDENCE]),
                taxonomy=ISSUE,
                share=round(share, 4),
                present=share >= rule.min_share and len(distinct[f]) >= rule.min_distinct,
            )
        )
    thresholds = lexicon.generic_thresholds
    for f, (density, ev) in generic_frame_densities(doc).items():
        threshold = thresholds[f]
        score = density / (density + threshold) if density > 0 else 0.0
        out.append(
            FrameScore(
                frame=f,
                score=round(score, 4),
                evidence=tuple(ev[:MAX_ARTICLE_EVIDENCE]),
                taxonomy=GENERIC,
                share=None,
                present=density >= threshold and bool(ev),
            )
        )
    return out
