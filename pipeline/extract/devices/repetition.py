"""Repetition: a content phrase said again and again in different paragraphs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from spacy.attrs import ENT_TYPE, IDX, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, LIKE_NUM, POS
from spacy.parts_of_speech import PROPN, VERB
from spacy.tokens import Doc

from ...lexicons import LexiconError, load_typed
from ...nlp import doc_text
from ...records import Device, Evidence
from ..frames import token_forms
from .base import LEXICON, make_device


@dataclass(frozen=True)
class RepetitionSpec:
    """``repetition`` of models/devices.yaml."""

    score: float
    # A gram repeated in at least this many paragraphs is a device.
    min_count: int
    skip_lemmas: frozenset[str]
    min_tokens: int
    max_tokens: int
    # A gram holds at least this many content (non-stop) words: "the end of the" is not rhetoric.
    min_content_words: int


@cache
def repetition_spec() -> RepetitionSpec:
    spec = load_typed(LEXICON, RepetitionSpec, "repetition")
    if not (0 <= spec.score <= 1 and 1 <= spec.min_tokens <= spec.max_tokens):
        raise LexiconError("models/devices.yaml [repetition]: score must be in [0, 1] and "
                           "1 <= min_tokens <= max_tokens")
    return spec


def repetitions(doc: Doc) -> list[Device]:
    spec = repetition_spec()
    skip, min_n, max_n = spec.skip_lemmas, spec.min_tokens, spec.max_tokens
    where: dict[tuple[str, ...], list[tuple[int, int, int]]] = defaultdict(list)
    if not len(doc):
        return []
    # Every n-gram of every sentence is tested, so the token attributes are read once as integer
    # columns (Token objects per n-gram cost most of this function's time).
    array = doc.to_array([IDX, LENGTH, IS_SPACE, IS_PUNCT, ENT_TYPE, POS, LIKE_NUM, IS_STOP])
    _, lemmas = token_forms(doc)
    lemma_lower = [lemma.lower() for lemma in lemmas]
    idx, length = array[:, 0].astype("int64").tolist(), array[:, 1].astype("int64").tolist()
    space, stop = (array[:, 2] != 0).tolist(), (array[:, 7] != 0).tolist()
    verb = (array[:, 5] == VERB).tolist()
    # A gram holding punctuation, a name, a number or a reporting word is never rhetoric.
    unfit = ((array[:, 3] != 0) | (array[:, 4] != 0) | (array[:, 5] == PROPN) | (array[:, 6] != 0)).tolist()
    bad = [u or lemma in skip for u, lemma in zip(unfit, lemma_lower)]
    text = doc_text(doc)
    for sent in doc.sents:
        tokens = [i for i in range(sent.start, sent.end) if not space[i]]
        paragraph = text.rfind("\n\n", 0, sent.start_char)
        m = len(tokens)
        # clean_until[j]: the first position at or after j holding a bad token; prefix counts of
        # content words and verbs make each window's tests constant time.
        clean_until = [m] * (m + 1)
        for j in range(m - 1, -1, -1):
            clean_until[j] = j if bad[tokens[j]] else clean_until[j + 1]
        content = [0] * (m + 1)
        verbs = [0] * (m + 1)
        for j, i in enumerate(tokens):
            content[j + 1] = content[j] + (not stop[i])
            verbs[j + 1] = verbs[j] + verb[i]
        # A window is tried only from a content word, and grown until it would take in a bad token
        # (every longer window from there holds it too). Grams of one length are still met in text
        # order, so which repeated gram is reported first does not change.
        for j, first_i in enumerate(tokens):
            if stop[first_i] or clean_until[j] == j:
                continue
            for n in range(min_n, min(max_n, clean_until[j] - j) + 1):
                last = j + n - 1
                last_i = tokens[last]
                if stop[last_i] or content[j + n] - content[j] < spec.min_content_words:
                    continue  # ends on a stop word, or holds too few content words
                if verbs[j + n] == verbs[j]:
                    continue  # a repeated noun phrase is the topic, not rhetoric
                where[tuple(lemma_lower[i] for i in tokens[j : j + n])].append(
                    (paragraph, idx[first_i], idx[last_i] + length[last_i])
                )
    out: list[Device] = []
    covered: list[tuple[int, int]] = []
    # Longest first, so "tell the story well" is reported once and not again as "the story well".
    for gram, places in sorted(where.items(), key=lambda kv: -len(kv[0])):
        paragraphs = {p[0] for p in places}
        if len(paragraphs) < spec.min_count:
            continue
        if all(any(cs <= s and e <= ce for cs, ce in covered) for _, s, e in places):
            continue
        covered.extend((s, e) for _, s, e in places)
        evidence = [Evidence(doc_text(doc)[s:e], s, e) for _, s, e in places]
        first = evidence[0]
        out.append(make_device(doc, "repetition", first.start, first.end, spec.score, None, evidence))
    return out
