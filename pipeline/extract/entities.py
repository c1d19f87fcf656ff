"""Named entities of an article: spaCy NER, cleaned, de-junked and merged into one record per thing.

Method: the model's entities of the labels in ``models/entities.yaml`` are trimmed (leading "the",
quote marks, titles such as "Sen.", trailing possessives and punctuation; the *span* is trimmed so
``text[start:end] == mention.text`` holds), junk is dropped (one character, numbers, number words,
lower-case strings, names sitting in a scare quote), names the model split at a conjunction are
re-joined ("US Customs" + "and" + "Border Protection"), and mentions of one thing are merged:
aliases (US / U.S. / America -> United States), acronyms defined in the text or matching a long form's
initials (CPC -> Communist Party of China), a person's first or last name after the full name.

Salience = 0.7 * count / max_count + 0.3 * (1 - first_start / len(text)), rounded to 4 places:
mostly frequency, with a bonus for appearing early (headline and lead).

Not caught: coreference by description ("the agency"), metonymy (Beijing for China's government),
two different people sharing a surname when only the surname is used after both full names
(the most recent full name wins).
"""

from __future__ import annotations

import bisect
import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span

from ..lexicons import load_lexicon
from ..nlp import doc_text
from ..records import Entity, Mention
from .quote_marks import MarkPair, pair_quote_marks

LEXICON = "entities"

# Quote marks and brackets that the model sometimes swallows into an entity.
_LEAD_STRIP = "\"“”‘’'«»([{<*•-–—:;,. \t\n"
_TRAIL_STRIP = "\"“”‘’'«»)]}>*•-–—:;,!? \t\n"
# Function words skipped when an acronym is matched against a long form's initials.
_MINOR_WORDS = {"of", "and", "the", "for", "on", "in", "to", "at", "&", "de", "des", "du", "la", "le"}
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z&.]{1,9}$")


@dataclass
class _Mention:
    start: int
    end: int
    label: str
    text: str
    title: str | None = None  # role of the title word stripped or seen before a person's name
    group: int = -1
    canonical: str | None = None  # fixed canonical from the alias table
    canonical_label: str | None = None


class _Reach:
    """Spans sorted by start with the running maximum of their ends: how far the spans starting before
    a point reach, found by one bisection. Asking "does any span hold this one / overlap it" with a scan
    of every span made a long article quadratic (988,000 characters: 46 s of entities)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(itertools.accumulate((end for _, end in ordered), max))

    def furthest_end(self, before: int) -> int:
        """The largest end among the spans starting before ``before``; -1 when there is none."""
        k = bisect_left(self.starts, before)
        return self.reach[k - 1] if k else -1


def _lexicon() -> dict[str, Any]:
    return load_lexicon(LEXICON)


def alias_key(text: str) -> str:
    """The key under which aliases are compared: no periods, spaces or case ("U.S." -> "us")."""
    return re.sub(r"[.\s’']", "", text).lower()


@cache
def _word_set(key: str, lower: bool = True) -> frozenset[str]:
    """A word list of the lexicon as a set, built once per process (the lexicon is loaded once too):
    building it for every mention was a tenth of this extractor's time."""
    return frozenset(str(w).lower() if lower else str(w) for w in _lexicon().get(key, []))


def _caption_words() -> frozenset[str]:
    return _word_set("caption_words")


@cache
def _titles() -> tuple[tuple[str, str], ...]:
    """Title words longest first, so "Vice President" wins over "President"."""
    titles = _lexicon().get("titles", {})
    return tuple(sorted(((str(k), str(v)) for k, v in titles.items()), key=lambda kv: -len(kv[0])))


def title_before(text: str, start: int) -> str | None:
    """The role of a title written just before ``start`` ("Sen. " -> "senator"), else None."""
    window = text[max(0, start - 30) : start]
    if not window.endswith((" ", "\u00a0")):
        return None
    window = window.rstrip().lower()
    for title, role in _titles():
        if window.endswith(title) and (len(window) == len(title) or not window[-len(title) - 1].isalnum()):
            return role
    return None


def _trim(text: str, start: int, end: int, label: str) -> tuple[int, int, str | None]:
    """Shrink [start, end) to the name itself; returns the new span and a stripped title's role."""
    keep_period = _word_set("keep_final_period", lower=False)
    title: str | None = None
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in _LEAD_STRIP:
            start += 1
            changed = True
        low = text[start:end].lower()
        if low.startswith("the ") and end - start > 4:
            start += 4
            changed = True
            continue
        if label == "PERSON":
            for word, role in _titles():
                if low.startswith(word + " ") and end - start > len(word) + 1:
                    start += len(word) + 1
                    title = role
                    changed = True
                    break
            if changed:
                continue
        span = text[start:end]
        words = span.split()
        if len(words) > 1 and words[-1].lower().strip(":") in _caption_words():
            end = start + span.rstrip().rfind(" ")  # "Donald Tusk Photograph" -> "Donald Tusk"
            changed = True
            continue
        if span.endswith(("’s", "'s")) and end - start > 2:
            end -= 2
            changed = True
        elif (span.endswith(("s’", "s'")) and end - start > 2) or (span and span[-1] in _TRAIL_STRIP):
            end -= 1
            changed = True
        elif span.endswith("."):
            last_word = span.split()[-1].lower()
            # "U.S." and "Jr." keep their period; "Washington." loses it.
            if last_word not in keep_period and not re.fullmatch(r"(?:[a-z]\.)+", last_word):
                end -= 1
                changed = True
    return start, end, title


def _is_junk(text: str) -> bool:
    junk = _word_set("junk")
    # One letter, with or without its period, is a party label ("R-Texas") or an initial, not a name.
    if len(text.strip(".")) < 2 or "\n" in text:
        return True
    if not any(ch.isalpha() for ch in text) or not any(ch.isupper() for ch in text):
        return True
    if text.lower() in junk:
        return True
    furniture = _word_set("junk_words")
    if any(w.lower().strip(".,:;") in furniture for w in text.split()):
        return True
    # Spelled-out or digit numbers ("Zero", "2,000") are figures, not names.
    return all(w.lower() in junk or re.fullmatch(r"[\d.,%-]+", w) for w in text.split())


def initials_match(acronym: str, long_form: str) -> bool:
    """Public name of :func:`_initials_match` (the quotes extractor links "ICE" to its long form)."""
    return _initials_match(acronym, long_form)


def _initials_match(acronym: str, long_form: str) -> bool:
    """True when the acronym's letters are the initials of the long form's words.

    Both with and without function words ("CPC" and "CPOC" both match "Communist Party of China"),
    and ignoring a leading country word ("CBP" for "US Customs and Border Protection").
    """
    letters = _letters(acronym)
    return len(letters) >= 2 and letters in _initials_of(long_form)


def _letters(acronym: str) -> str:
    return re.sub(r"[^A-Za-z]", "", acronym).upper()


def _initials_of(long_form: str) -> set[str]:
    """The acronyms a name of two words or more can have (see ``_initials_match``)."""
    words = [w for w in re.split(r"[\s-]+", long_form) if w]
    if len(words) < 2:
        return set()
    candidates = [words, [w for w in words if w.lower() not in _MINOR_WORDS]]
    if alias_key(words[0]) in {"us", "uk", "un", "eu"}:
        candidates += [c[1:] for c in candidates]
    return {"".join(w[0] for w in cand if w[0].isalpha()).upper() for cand in candidates}


def _spans_from_model(doc: Doc, labels: set[str]) -> list[tuple[int, int, str]]:
    """The model's entities, with names split at a conjunction joined back together."""
    text = doc_text(doc)
    heads = _word_set("institution_heads")
    ents = [e for e in doc.ents if e.label_ in labels]
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        start, end, label = _without_verbs(ent)
        while i + 1 < len(ents):
            nxt = ents[i + 1]
            between = text[end : nxt.start_char]
            institutions = ("ORG", "FAC")
            if between not in (" and ", " & ") or nxt.label_ not in institutions or label not in institutions:
                break
            first = text[start:end]
            second = nxt.text.lower()
            # "France and Germany" stay apart; "US Customs and Border Protection" and
            # "Department of Health and Human Services" are one name.
            country_led = alias_key(first.split()[0]) in {"us", "uk", "eu", "un"}
            if not (country_led or " of " in first or any(second.endswith(h) for h in heads)):
                break
            end = nxt.end_char
            i += 1
        spans.append((start, end, label))
        i += 1
    # Descriptive names the model cuts ("United Nations" + "refugee agency").
    for phrase in _lexicon().get("phrases", []):
        for m in re.finditer(re.escape(str(phrase["text"])), text):
            spans = [s for s in spans if s[1] <= m.start() or s[0] >= m.end()]
            spans.append((m.start(), m.end(), str(phrase["label"])))
    return sorted(spans)


# Tags of a verb a name never holds (not VB/VBN/VBP, which the tagger gives some first names: "Hope").
_VERB_TAGS = frozenset({"VBD", "VBZ", "VBG"})


def _without_verbs(ent: Span) -> tuple[int, int, str]:
    """A name the model ran into a verb ("Injecting Clinton's", "Trump accused Holt"): the verb and what
    follows it are no part of the name; a leading verb is dropped."""
    tokens = list(ent)
    while len(tokens) > 1 and tokens[0].tag_ in _VERB_TAGS:
        tokens = tokens[1:]
    cut = next((k for k, t in enumerate(tokens) if k > 0 and t.tag_ in _VERB_TAGS), len(tokens))
    tokens = tokens[:cut]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1]), ent.label_


def _scare_quote_spans(text: str, pairs: Sequence[MarkPair]) -> list[tuple[int, int]]:
    """Content spans of short quoted phrases: a name inside one is a coined slogan, not an entity."""
    spans = []
    for pair in pairs:
        if pair.parent is None and len(text[pair.start : pair.end].split()) <= 6:
            spans.append((pair.start, pair.end))
    return spans


def _collect_mentions(doc: Doc, pairs: Sequence[MarkPair]) -> list[_Mention]:
    """``pairs``: the text's quote marks paired (``pair_quote_marks``)."""
    lex = _lexicon()
    labels = {str(x) for x in lex.get("labels", [])}
    text = doc_text(doc)
    scare = sorted(_scare_quote_spans(text, pairs))
    scare_starts = [qs for qs, _ in scare]
    mentions: list[_Mention] = []
    for raw_start, raw_end, label in _spans_from_model(doc, labels):
        start, end, title = _trim(text, raw_start, raw_end, label)
        if label == "PERSON":
            # Scraped link lists glue names together ("Donald John TrumpKamala Harris"): keep the
            # name before the join. Only long parts count, so "McConnell" and "DeSantis" stay whole.
            join = re.search(r"[A-Z][a-z]{3,}(?=[A-Z][a-z]{3,})", text[start:end])
            if join is not None:
                end = start + join.end()
                start, end, title = _trim(text, start, end, label)
        if start >= end:
            continue
        name = text[start:end]
        if _is_junk(name):
            continue
        # A name making up most of a short quoted phrase (‘Chinese Dream of National Rejuvenation’).
        # Such a phrase starts at most the name's length before it: only those few are looked at.
        window = scare[bisect_left(scare_starts, start - (end - start)):bisect_right(scare_starts, start)]
        if any(qs <= start and end <= qe and (end - start) * 2 >= (qe - qs) for qs, qe in window):
            continue
        if label == "PERSON" and title is None:
            title = title_before(text, start)
        mentions.append(_Mention(start, end, label, name, title))
    mentions = _add_acronym_mentions(text, mentions)
    # Overlaps (a phrase match over a model span): keep the longer.
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Mention] = []
    for m in mentions:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _add_acronym_mentions(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Acronyms defined in parentheses: every whole-word use becomes a mention of the long form.

    The model often tags "CPC" in one sentence and misses it in the next; a definition in the text
    ("Communist Party of China (CPC)") is strong evidence, so all uses are collected.
    """
    defined: dict[str, str] = {}
    for m in mentions:
        after = re.match(r"\s*\(([A-Z][A-Za-z&.]{1,9})\)", text[m.end : m.end + 16])
        if after and _initials_match(after.group(1), m.text):
            defined[after.group(1)] = m.label
    if not defined:
        return mentions
    taken = _Reach([(m.start, m.end) for m in mentions])
    extra = []
    for acronym, label in defined.items():
        for hit in re.finditer(rf"(?<![\w.]){re.escape(acronym)}(?![\w])", text):
            if taken.furthest_end(hit.end()) > hit.start():  # a mention overlaps it
                continue
            extra.append(_Mention(hit.start(), hit.end(), label, acronym))
    return mentions + extra


def _group_mentions(text: str, mentions: list[_Mention]) -> list[list[_Mention]]:
    """Union mentions that name the same thing; returns groups in order of first mention."""
    aliases = {str(k): v for k, v in _lexicon().get("aliases", {}).items()}
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    by_key: dict[str, int] = {}
    for i, m in enumerate(mentions):
        key = alias_key(m.text)
        entry = aliases.get(key)
        if entry is not None and m.label in ("GPE", "LOC", "ORG", "NORP", "PERSON", "FAC"):
            # "America" as NORP is rare; "American" never gets here since the key differs.
            m.canonical, m.canonical_label = str(entry["canonical"]), str(entry["label"])
            key = "alias:" + alias_key(m.canonical)
        if key in by_key:
            union(i, by_key[key])
        else:
            by_key[key] = i

    # Acronyms beside their long form (defined in parentheses or just used in the same article).
    # Indexed by their possible acronyms, so each acronym looks up its long forms (no scan per mention).
    long_forms: dict[str, list[int]] = defaultdict(list)
    for j, candidate in enumerate(mentions):
        if len(candidate.text.split()) >= 2:
            for initials in _initials_of(candidate.text):
                long_forms[initials].append(j)
    for i, m in enumerate(mentions):
        if m.canonical is not None or not _ACRONYM_RE.match(m.text):
            continue
        letters = _letters(m.text)
        matches = {find(j) for j in long_forms.get(letters, ())} if len(letters) >= 2 else set()
        if len(matches) == 1:
            union(i, matches.pop())

    # People: "Leahy" / "Patrick" after "Patrick Leahy"; "Donald J. Trump" with "Donald Trump".
    def name_words(name: str) -> list[str]:
        # "Pedro Trevino Jr." is "Trevino" for later mentions.
        words = name.split()
        while len(words) > 1 and words[-1].rstrip(".,").lower() in _NAME_SUFFIXES:
            words = words[:-1]
        return words

    def suffix(name: str) -> str:
        last = name.split()[-1].rstrip(".,").lower() if name.split() else ""
        return last if last in _NAME_SUFFIXES and len(name.split()) > 1 else ""

    full = [i for i, m in enumerate(mentions) if m.label == "PERSON" and len(name_words(m.text)) >= 2]
    # Full names indexed by first word, last word and both, in mention order (no scan per mention).
    full_words = {j: name_words(mentions[j].text) for j in full}
    by_last_word: dict[str, list[int]] = defaultdict(list)
    by_first_word: dict[str, list[int]] = defaultdict(list)
    by_ends: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j in full:
        first, last = full_words[j][0], full_words[j][-1]
        by_last_word[last].append(j)
        by_first_word[first].append(j)
        by_ends[(first, last)].append(j)
    for i, m in enumerate(mentions):
        words = name_words(m.text)
        # Surnames come with any label ("Vladeck" is often a GPE to the small model).
        if m.canonical is not None:
            continue
        if len(words) == 1:
            by_last = list(by_last_word.get(words[0], ()))
            by_first = {find(j) for j in by_first_word.get(words[0], ())}
            chosen: int | None = None
            if by_last:
                before = [j for j in by_last if mentions[j].start < m.start]
                # A relative introduced as such ("his brother, Juan Antonio Hernandez") is not whom a
                # later bare surname means when another full name shares it.
                main = [j for j in before if not _is_relative(text, mentions[j].start)]
                before = main or before
                # "Trump" after "Donald Trump Jr." and "Donald Trump" is the father: the son is "Trump Jr.".
                plain = [j for j in before if not suffix(mentions[j].text)]
                before = plain or before
                chosen = max(before, key=lambda j: mentions[j].start) if before else by_last[0]
            elif len(by_first) == 1 and m.label == "PERSON":
                chosen = by_first.pop()
            if chosen is not None:
                union(i, chosen)
        elif m.label == "PERSON":
            for j in by_ends.get((words[0], words[-1]), ()):
                other = full_words[j]
                # Donald Trump Jr. is not his father
                same_generation = suffix(mentions[j].text) == suffix(m.text)
                if j != i and same_generation and _middles_agree(words, other):
                    union(i, j)
    groups: dict[int, list[_Mention]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(find(i), []).append(m)
    return sorted(groups.values(), key=lambda g: g[0].start)


def _middles_agree(a: list[str], b: list[str]) -> bool:
    """ "Donald J. Trump" and "Donald Trump" are one person; "Juan Orlando Hernandez" and
    "Juan Antonio “Tony” Hernandez" are brothers: middle names must agree where both have them."""
    def middles(words: list[str]) -> list[str]:
        return [w.strip(".").lower() for w in words[1:-1] if not w[:1] in "“\"‘'("]

    ma, mb = middles(a), middles(b)
    if not ma or not mb:
        return True
    return all(x[0] == y[0] and (x == y or len(x) == 1 or len(y) == 1) for x, y in zip(ma, mb, strict=False))


def _is_relative(text: str, start: int) -> bool:
    """The name follows a kinship word ("his brother, X", "X's wife Y")."""
    words = re.findall(r"[a-z]+", text[max(0, start - 25) : start].lower())
    kin = _word_set("kinship_words", lower=False)
    return bool(words) and words[-1] in kin


def _canonical(group: list[_Mention], quoted: _Reach) -> tuple[str, str]:
    """The canonical name (alias table, else the longest form the article itself writes, outside
    the ``quoted`` spans: "Crooked Hillary Clinton" in a quoted tweet is not her name) and the
    majority label."""
    fixed = next((m for m in group if m.canonical), None)
    if fixed is not None:
        return str(fixed.canonical), str(fixed.canonical_label)
    own = [m for m in group if quoted.furthest_end(m.start) < m.end] or group
    counts = Counter(m.text for m in own)
    name = max(counts, key=lambda t: (len(t), counts[t], -min(m.start for m in own if m.text == t)))
    labels = Counter(m.label for m in group)
    top = max(labels.values())
    label = next(m.label for m in group if labels[m.label] == top)
    return name, label


def extract_entities(doc: Doc) -> list[Entity]:
    """One :class:`Entity` per named thing in ``doc``, most salient first.

    Mentions are trimmed spans of the model's entities (plus acronym uses defined in the text);
    ``doc.text[m.start:m.end] == m.text`` holds for each. Ids are ``ent-{first mention start}``.
    """
    text = doc_text(doc)
    pairs = pair_quote_marks(text)  # read once: names in scare quotes, canonical names outside quotes
    mentions = _collect_mentions(doc, pairs)
    groups = _group_mentions(text, mentions)
    if not groups:
        return []
    quoted = _Reach([(pair.open, pair.close) for pair in pairs if pair.parent is None])
    max_count = max(len(g) for g in groups)
    entities = []
    for group in groups:
        group.sort(key=lambda m: m.start)
        canonical, label = _canonical(group, quoted)
        first = group[0].start
        salience = 0.7 * len(group) / max_count + 0.3 * (1 - first / max(len(text), 1))
        entities.append(
            Entity(
                id=f"ent-{first}",
                canonical=canonical,
                label=label,
                mentions=tuple(Mention(m.text, m.start, m.end) for m in group),
                count=len(group),
                salience=round(min(max(salience, 0.0), 1.0), 4),
            )
        )
    entities.sort(key=lambda e: (-e.salience, e.mentions[0].start))
    return entities


def canonical_for(entities: Sequence[Entity], start: int, end: int, *, inside: bool = False) -> str | None:
    """The canonical name of the entity whose mention covers the char span [start, end).

    With ``inside=True`` a mention lying within the span also counts (the longest one wins), so a
    source phrase such as "the US government’s own statistics" yields "United States".
    Returns None when no mention qualifies.
    """
    found = entity_for(entities, start, end, inside=inside)
    return found[0].canonical if found else None


def entity_for(
    entities: Sequence[Entity], start: int, end: int, *, inside: bool = False
) -> tuple[Entity, Mention] | None:
    """Like :func:`canonical_for`, but returns the entity and the matching mention.

    The first mention (in entity, then mention order) holding the span; else, with ``inside``, the
    longest mention inside it (the first of equal ones). Found through an index of the mentions by
    start, built once per entity list, because quotes ask for every speaker candidate.
    """
    index = _mention_index(entities)
    # A mention holding or inside the span starts at most the longest mention's length before it.
    lo = bisect.bisect_left(index.starts, start - index.longest)
    hi = bisect.bisect_right(index.starts, end)
    near = index.rows[lo:hi]
    holding = [row for row in near if row[0] <= start and end <= row[1]]
    if holding:
        _, _, _, entity, mention = min(holding, key=lambda row: row[2])
        return entity, mention
    if not inside:
        return None
    within = [row for row in near if start <= row[0] and row[1] <= end]
    if not within:
        return None
    _, _, _, entity, mention = min(within, key=lambda row: (row[0] - row[1], row[2]))
    return entity, mention


@dataclass
class _MentionIndex:
    starts: list[int]
    rows: list[tuple[int, int, int, Entity, Mention]]  # start, end, order, entity, mention; by start
    longest: int


_LAST_INDEX: list[tuple[Sequence[Entity], _MentionIndex]] = []


def _mention_index(entities: Sequence[Entity]) -> _MentionIndex:
    # One slot: the quotes and claims of an article ask about the same entity list many times in a row.
    # Read the slot once: another thread (a Dask worker's) may replace it meanwhile.
    last = _LAST_INDEX[0] if _LAST_INDEX else None
    if last is not None and last[0] is entities:
        return last[1]
    rows = sorted(((m.start, m.end, order, e, m)
                   for order, (e, m) in enumerate((e, m) for e in entities for m in e.mentions)),
                  key=lambda row: (row[0], row[2]))
    index = _MentionIndex([row[0] for row in rows], rows, max((r[1] - r[0] for r in rows), default=0))
    _LAST_INDEX[:] = [(entities, index)]
    return index
