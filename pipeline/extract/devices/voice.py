"""Whose words: a word inside the content of someone else's reported speech or stated view.

"Critics described the plan as dangerous", "Democrats claim that it is racist", "they portray the
shutdown as a catastrophe": the loaded word is the source's, reported by the author, so the author's
word-level devices (loaded language, labels, cue devices) leave it out. The content is what a reporting
verb of models/attribution.yaml (say, claim, insist...; not the factive show, find, reveal) or a verb of
stated view (``rules.view_verbs``: describe, call, portray...) governs through a clause ("that ...") or
an "as" predicate, when the verb's subject is not the author (I, we).

Does not catch: views reported without such a verb ("in their eyes ..."), and free indirect speech.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from ...lexicons import load_lexicon
from .base import rules

_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "oprd", "parataxis"})


@cache
def _speech_verbs() -> frozenset[str]:
    # Factive cues ("statistics show that ...", "the study found") present the content as fact in the
    # author's voice: their content stays the author's.
    cues = {str(k).lower() for k, stance in load_lexicon("attribution")["cue_verbs"].items()
            if stance != "factive"}
    return frozenset(cues | rules().view_verbs)


def _enters_content(child: Token, head: Token) -> bool:
    """Whether ``child`` hangs from the verb ``head`` as its reported content."""
    if child.dep_ in _CLAUSE_DEPS:
        return True
    return child.dep_ == "prep" and child.lower_ == "as"


def reported_by_other(token: Token) -> bool:
    """Whether ``token`` lies in the reported content of a speech or view verb whose subject is not the
    author."""
    verbs, rule = _speech_verbs(), rules()
    child = token
    for _ in range(rule.voice_max_depth):
        head = child.head
        if head.i == child.i:
            return False
        if head.lemma_.lower() in verbs and _enters_content(child, head):
            subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            return subject is None or subject.lower_ not in rule.author_pronouns
        child = head
    return False
