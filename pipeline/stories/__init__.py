"""Stories: the same event told by different outlets (a corpus-level stage over the stored analyses).

``refresh_stories(store)`` clusters the analysed articles into stories (``cluster``: candidate links
within a date window from sparse TF-IDF evidence vectors of words, entities, figures and quotes, then
average linkage), labels each with textacy key terms (``keyterms``) and keeps them in the store's
story tables. ``ensure_stories(store)`` does so only when the analysed articles changed.
``story_sides`` sets one story's versions side by side: what each outlet says, whom it quotes, and the
facts and speakers one version has and the others lack.

Stories read the store only and never load a spaCy model. The window, threshold and features are
in ``models/stories.yaml``.
"""

from __future__ import annotations

from .stage import (
    ID_PREFIX,
    StoriesResult,
    build_stories,
    ensure_stories,
    read_inputs,
    refresh_stories,
    stories_are_current,
    story_id,
)

__all__ = [
    "ID_PREFIX",
    "StoriesResult",
    "build_stories",
    "ensure_stories",
    "read_inputs",
    "refresh_stories",
    "stories_are_current",
    "story_id",
]
