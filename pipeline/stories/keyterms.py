"""A story's label: its key terms, by textacy's YAKE over the titles and leads of its articles.

YAKE (Campos et al. 2018, textacy.extract.keyterms.yake) scores candidate 1- to 3-grams by statistics of
the text alone (casing, position, frequency, spread over sentences, context diversity), so it needs no
tagger: the stories stage tokenises with spaCy's rule-based English tokenizer and sentencizer
(``spacy.blank("en")``, no trained model) and output stages never load a model. Only the lead of each
article is read (``keyterms.lead_words``): the lede names the event; the rest repeats the topic.

What it misses: YAKE ranks by salience in the text, not by what distinguishes this story from others
on the same topic, so a generic term ("immigration") can appear in a label; terms are lower-cased.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from .lexicon import KeytermOptions

_MAX_CHARS = 20_000  # a lead of a few hundred words per article never comes near it; a guard, not a setting


@cache
def _tokenizer() -> Any:
    import spacy  # the rule-based tokenizer only: no model is loaded

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def lead_text(title: str | None, text: str, lead_words: int) -> str:
    """The title and the first ``lead_words`` words of the text, as one paragraph."""
    lead = " ".join(text.split()[:lead_words])
    return f"{title.strip().rstrip('.')}.\n{lead}" if title and title.strip() else lead


def story_keyterms(leads: Sequence[str], options: KeytermOptions) -> list[str]:
    """The story's key terms, most salient first (YAKE: a lower score is a better term).

    An empty list when the leads hold no candidate (textacy raises on some degenerate texts: a story
    without a label is better than a stage that stops)."""
    from textacy.extract.keyterms import yake

    text = "\n\n".join(lead for lead in leads if lead.strip())[:_MAX_CHARS]
    if not text.strip():
        return []
    doc = _tokenizer()(text)
    try:
        scored = yake(
            doc,
            normalize="lower",
            include_pos=None,
            ngrams=tuple(range(1, options.max_words_per_term + 1)),
            topn=options.top * 3,
        )
    except (
        ValueError,
        ZeroDivisionError,
        IndexError,
    ):  # textacy's failures on texts without usable candidates
        return []
    chosen: list[str] = []
    for term, _ in scored:
        term = " ".join(term.split())
        # A term inside an already chosen one adds nothing ("trump" after "president trump").
        if any(char.isalpha() for char in term) and not any(f" {term} " in f" {other} " for other in chosen):
            chosen.append(term)
        if len(chosen) == options.top:
            break
    return chosen
