"""One story's versions side by side: what each outlet's article says, whom it quotes, which facts it
shares with the other versions and which it leaves out.

A *version* is one article of the story. For each: headline, outlet, date, the issue and generic frames
present, persuasion devices and hedges per 1,000 words, the attribution mix of its claims, and the
speakers it quotes. Across versions:

- facts: a specific figure (same kind, unit and value; trivial values never count) or a claim naming
  two or more of the same actors as a claim of another version (names merged across outlets by the
  comparison's resolver). A fact is shared when several versions state it; a version *leaves out* the
  facts the others state and it does not;
- speakers quoted in one version and in none of the others;
- words one version uses and the others never do, ranked by the weighted log-odds ratio of that
  version against the rest of the story (``stats.log_odds_z``).

Reads the stored analysis documents of the story's articles only; never loads spaCy.

What it misses: the same fact stated with a different number (rounded, other units) or without naming
the same actors; a speaker paraphrased rather than quoted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

import numpy as np

from ..document import with_min_device_score
from ..evidence import is_trivial, terms
from ..records import Story
from ..store import Store
from .facts import figure_key, figure_label
from .measures import NOT_PERSUASION
from .names import NameResolver
from .stats import log_odds_z

ISSUE_FRAMES_SHOWN = 3
MIN_SHARED_ACTORS = 2  # two claims naming two of the same actors state a fact together
WORDS_SHOWN = 8
MIN_WORD_Z = 1.96


@dataclass(frozen=True)
class Version:
    """One article's telling of the story."""

    article_id: str
    source: str
    title: str
    published: str | None
    url: str | None
    words: int
    issue_frames: tuple[str, ...]
    generic_frames: tuple[str, ...]
    devices_per_1k: float
    hedges_per_1k: float
    attribution: dict[str, int]  # claims by attribution kind
    speakers: tuple[str, ...]  # most quoted first


@dataclass(frozen=True)
class Fact:
    """A figure or a set of actors, with the claim that states it in each version that does."""

    label: str
    basis: str  # "figure" or "actors"
    statements: dict[str, str]  # article id -> the claim (or figure) in that version

    @property
    def articles(self) -> set[str]:
        return set(self.statements)


@dataclass
class StorySides:
    story: Story
    versions: list[Version]
    facts: list[Fact]  # shared by most versions first
    speakers: dict[str, list[str]]  # speaker -> article ids quoting them
    words: dict[str, list[str]] = field(default_factory=dict)  # article id -> words only it uses

    def shared_facts(self) -> list[Fact]:
        return [f for f in self.facts if len(f.statements) >= 2]

    def only_in(self, article_id: str) -> list[Fact]:
        """Facts this version states and no other does."""
        return [f for f in self.facts if f.articles == {article_id}]

    def left_out(self, article_id: str) -> list[Fact]:
        """Facts other versions state and this one does not (those stated by most versions first)."""
        return [f for f in self.facts if article_id not in f.statements]

    def speakers_only_in(self, article_id: str) -> list[str]:
        return [s for s, ids in self.speakers.items() if ids == [article_id]]

    def shared_speakers(self) -> list[str]:
        return [s for s, ids in self.speakers.items() if len(ids) >= 2]

    def to_json_data(self) -> dict[str, Any]:
        return {
            "story": {
                "id": self.story.id,
                "label": self.story.label,
                "keyterms": list(self.story.keyterms),
                "start": self.story.start,
                "end": self.story.end,
                "sources": list(self.story.sources),
            },
            "versions": [
                {
                    **v.__dict__,
                    "issue_frames": list(v.issue_frames),
                    "generic_frames": list(v.generic_frames),
                    "speakers": list(v.speakers),
                    "only_in": [f.label for f in self.only_in(v.article_id)],
                    "left_out": [f.label for f in self.left_out(v.article_id)],
                    "speakers_only_in": self.speakers_only_in(v.article_id),
                    "words_only_in": self.words.get(v.article_id, []),
                }
                for v in self.versions
            ],
            "facts": [{"label": f.label, "basis": f.basis, "statements": f.statements} for f in self.facts],
            "speakers": self.speakers,
        }


def _per_1k(count: int, words: int) -> float:
    return round(1000 * count / words, 2) if words else 0.0


def _version(document: dict[str, Any], resolve: NameResolver) -> Version:
    article = document["article"]
    words = int(article.get("n_words") or len(article.get("text", "").split()))
    frames = [f for f in document.get("frames", []) if f.get("present")]
    issue = sorted(
        (f for f in frames if f.get("taxonomy") == "issue"), key=lambda f: -float(f.get("share") or 0)
    )
    devices = Counter(d.get("device") for d in document.get("devices", []))
    speakers = Counter(
        name
        for name in (
            resolve(q["speaker"])
            for q in document.get("quotes", [])
            if q.get("speaker") and q.get("kind") != "scare"
        )
        if name
    )
    return Version(
        article_id=article["id"],
        source=article.get("source") or "",
        title=article.get("title") or "",
        published=article.get("published"),
        url=article.get("url"),
        words=words,
        issue_frames=tuple(f["frame"] for f in issue[:ISSUE_FRAMES_SHOWN]),
        generic_frames=tuple(sorted(f["frame"] for f in frames if f.get("taxonomy") == "generic")),
        devices_per_1k=_per_1k(sum(n for d, n in devices.items() if d not in NOT_PERSUASION), words),
        hedges_per_1k=_per_1k(devices.get("hedge", 0), words),
        attribution=dict(
            Counter((c.get("attribution") or {}).get("kind") or "none" for c in document.get("claims", []))
        ),
        speakers=tuple(name for name, _ in speakers.most_common()),
    )


def _resolver(documents: list[dict[str, Any]]) -> NameResolver:
    names, persons = [], []
    for document in documents:
        for entity in document.get("entities", []):
            names.append(entity.get("canonical"))
            if entity.get("label") == "PERSON":
                persons.append(entity.get("canonical"))
        names += [q.get("speaker") for q in document.get("quotes", []) if q.get("speaker")]
    return NameResolver([n for n in names if isinstance(n, str)], persons)


def _figure_facts(documents: list[dict[str, Any]]) -> dict[tuple[Any, ...], Fact]:
    facts: dict[tuple[Any, ...], Fact] = {}
    for document in documents:
        article_id = document["article"]["id"]
        claims = {c["id"]: c["text"] for c in document.get("claims", [])}
        for figure in document.get("figures", []):
            value, kind = figure.get("value"), figure.get("kind")
            if value is None or is_trivial(float(value), kind):
                continue
            key = figure_key(float(value), kind, figure.get("unit"))
            fact = facts.setdefault(
                key, Fact(figure_label(float(value), kind, figure.get("unit")), "figure", {})
            )
            fact.statements.setdefault(article_id, claims.get(figure.get("claim_id"), figure.get("text", "")))
    return facts


def _actor_facts(documents: list[dict[str, Any]], resolve: NameResolver, stated: set[str]) -> list[Fact]:
    """Claims of different versions naming at least two of the same actors, grouped into facts; a claim
    already stating a shared figure is not counted twice."""
    claims = []  # (article id, claim text, actor keys)
    for document in documents:
        article_id = document["article"]["id"]
        for claim in document.get("claims", []):
            actors = {
                name.lower()
                for name in (resolve(e) for e in claim.get("entities", []) if isinstance(e, str))
                if name
            }
            if len(actors) >= MIN_SHARED_ACTORS and claim["text"] not in stated:
                claims.append((article_id, claim["text"], actors, float(claim.get("checkworthiness") or 0)))
    parent = list(range(len(claims)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(claims)), 2):
        if claims[i][0] != claims[j][0] and len(claims[i][2] & claims[j][2]) >= MIN_SHARED_ACTORS:
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        groups[root(i)].append(i)
    facts = []
    for members in groups.values():
        members.sort(key=lambda i: -claims[i][3])  # each version's most check-worthy statement of it
        # Named by the actors most of its claims share (a chain A~B~C may share none across all three).
        named = Counter(actor for i in members for actor in claims[i][2])
        common = sorted(named, key=lambda a: (-named[a], a))
        if len(members) > 1:
            common = [a for a in common if named[a] >= 2]
        label = " + ".join(sorted(resolve.display.get(a, a) for a in common[:4]))
        statements: dict[str, str] = {}
        for i in members:
            statements.setdefault(claims[i][0], claims[i][1])
        facts.append(Fact(label, "actors", statements))
    return facts


def _distinctive_words(documents: list[dict[str, Any]]) -> dict[str, list[str]]:
    counts = {
        d["article"]["id"]: terms(f"{d['article'].get('title') or ''}\n{d['article'].get('text', '')}")
        for d in documents
    }
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    vocabulary = [t for t, n in total.items() if n >= 2]
    if len(counts) < 2 or not vocabulary:
        return {}
    ids = list(counts)
    matrix = np.array([[counts[a].get(t, 0) for t in vocabulary] for a in ids], dtype=float)
    _, z = log_odds_z(matrix, matrix.sum(0), prior_strength=float(matrix.sum()))
    words = {}
    for row, article_id in enumerate(ids):
        alone = [
            j for j in np.argsort(-z[row]) if z[row, j] >= MIN_WORD_Z and matrix[row, j] == matrix[:, j].sum()
        ]  # used by this version only
        words[article_id] = [vocabulary[j] for j in alone[:WORDS_SHOWN]]
    return words


def story_sides(store: Store, story: Story, min_device_score: float | None = None) -> StorySides:
    """The side-by-side of one story from the stored analyses of its articles; devices count from
    ``min_device_score`` (default: the shipped threshold), as in the rest of the report."""
    documents = [with_min_device_score(d, min_device_score)
                 for d in (store.document(a) for a in story.article_ids) if d is not None]
    resolve = _resolver(documents)
    versions = [_version(d, resolve) for d in documents]
    figures = [f for f in _figure_facts(documents).values()]
    stated = {text for f in figures if len(f.statements) >= 2 for text in f.statements.values()}
    facts = figures + _actor_facts(documents, resolve, stated)
    facts.sort(key=lambda f: (-len(f.statements), f.basis != "figure", f.label))
    speakers: dict[str, list[str]] = {}
    for version in versions:
        for name in version.speakers:
            speakers.setdefault(name, []).append(version.article_id)
    speakers = dict(sorted(speakers.items(), key=lambda item: (-len(item[1]), item[0])))
    return StorySides(
        story=story, versions=versions, facts=facts, speakers=speakers, words=_distinctive_words(documents)
    )


def multi_source_stories(
    store: Store, *, article_ids: Collection[str] | None = None, min_sources: int = 2
) -> list[Story]:
    """Stories told by at least ``min_sources`` outlets, most outlets first (the stored stories are
    recomputed first if the analysed articles changed). With ``article_ids``, each story keeps only
    those articles and must still have ``min_sources`` outlets."""
    from ..stories import ensure_stories

    ensure_stories(store)
    stories = store.stories(min_sources=min_sources)
    if article_ids is None:
        return stories
    wanted = set(article_ids)
    articles = store.articles(["id", "source"])
    sources = {str(a): str(s) for a, s in zip(articles["id"], articles["source"], strict=True)}
    kept = []
    for story in stories:
        members = tuple(a for a in story.article_ids if a in wanted)
        counts = Counter(sources[a] for a in members)
        if len(counts) >= min_sources:
            kept.append(
                replace(
                    story, article_ids=members, sources=tuple(sorted(counts, key=lambda s: (-counts[s], s)))
                )
            )
    return kept


def stories_section(
    store: Store, *, article_ids: Collection[str] | None = None, limit: int = 5,
    min_device_score: float | None = None,
) -> tuple[str, str]:
    """The report section "Stories told by several outlets" (HTML, Markdown): the ``limit`` stories told
    by the most outlets, each side by side."""
    from .sides_render import render_stories_section

    stories = multi_source_stories(store, article_ids=article_ids)
    notes = (
        []
        if len(stories) <= limit
        else [
            (
                f"The {limit} stories told by the most outlets of {len(stories)} "
                "told by two or more are shown."
            )
        ]
    )
    views = [story_sides(store, story, min_device_score) for story in stories[:limit]]
    return render_stories_section(views, total=len(stories), notes=notes)
