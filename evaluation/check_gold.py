"""Check the AllSides gold files in evaluation/gold against the article texts.

Every span-like value (text, contains, subject, time, source, cue, starts_with, aliases, not_figures)
must be an exact substring of the article's content_original; only runs of whitespace are normalised.
Labels must come from the closed vocabularies of the brief. Exit 1 when anything is wrong.

Usage: python evaluation/check_gold.py [GOLD_FILE ...]
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from select_gold_articles import load_articles

GOLD_DIR = Path(__file__).resolve().parent / "gold"

FIGURE_KINDS = {"count", "percent", "percentage_points", "money", "multiplier", "quantity", "duration", "age",
                "ratio", "rank"}
QUOTE_KINDS = {"direct", "partial", "scare"}
SOURCE_KINDS = {"named", "vague", "self", "none"}
# The design's claim types, plus "factual" for checkable event/state assertions that fit none of them.
CLAIM_TYPES = {"statistical", "causal", "comparative", "predictive", "trend", "evaluative", "quote",
               "factual"}
FRAMES = {
    "economic", "capacity_resources", "morality", "fairness_equality", "legality_constitutionality",
    "policy_prescription", "crime_punishment", "security_defense", "health_safety", "quality_of_life",
    "cultural_identity", "public_opinion", "political", "external_regulation_reputation", "other",
}
DEVICES = {
    "loaded_language", "name_calling_labeling", "exaggeration_minimisation", "doubt", "appeal_to_fear",
    "appeal_to_authority", "flag_waving", "slogans", "repetition", "causal_oversimplification",
    "whataboutism", "black_and_white_fallacy", "thought_terminating_cliche", "bandwagon", "metaphor",
    "hedge", "booster", "scare_quote", "vague_attribution", "rhetorical_question",
}
FAMILIES = {"water_mass", "war_invasion", "disease", "animal", "burden"}
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
QUOTE_OPEN = "\"“‘'"
QUOTE_CLOSE = "\"”’'"


def norm(text: str) -> str:
    """Collapse whitespace runs: the only normalisation the brief allows."""
    return re.sub(r"\s+", " ", text)


def spans(gold: dict) -> Iterator[tuple[str, str]]:
    """Yield (where, value) for every value that must occur in the article."""
    yield from _section_and_entity_spans(gold)
    yield from _figure_quote_claim_spans(gold)


def _section_and_entity_spans(gold: dict) -> Iterator[tuple[str, str]]:
    for i, sec in enumerate(gold.get("sections", [])):
        yield f"sections[{i}].starts_with", sec["starts_with"]
        if sec.get("heading"):
            yield f"sections[{i}].heading", sec["heading"]
    for i, ent in enumerate(gold.get("entities", [])):
        yield f"entities[{i}].text", ent["text"]
        for alias in ent.get("aliases", []):
            yield f"entities[{i}].aliases", alias
    for i, err in enumerate(gold.get("entity_errors_to_avoid", [])):
        yield f"entity_errors_to_avoid[{i}].text", err["text"]


def _figure_quote_claim_spans(gold: dict) -> Iterator[tuple[str, str]]:
    for i, fig in enumerate(gold.get("figures", [])):
        for key in ("text", "subject", "time", "source"):
            if fig.get(key):
                yield f"figures[{i}].{key}", fig[key]
    for i, nf in enumerate(gold.get("not_figures", [])):
        yield f"not_figures[{i}]", nf
    for i, q in enumerate(gold.get("quotes", [])):
        yield f"quotes[{i}].text", q["text"]
    for i, c in enumerate(gold.get("claims", [])):
        for key in ("contains", "source", "cue"):
            if c.get(key):
                yield f"claims[{i}].{key}", c[key]
        for alt in c.get("source_alternatives", []):
            yield f"claims[{i}].source_alternatives", alt
    for i, d in enumerate(gold.get("devices", [])):
        yield f"devices[{i}].text", d["text"]


def check_labels(gold: dict) -> Iterator[str]:
    """Yield problems with closed-vocabulary labels and value types."""
    yield from _check_entities_and_figures(gold)
    yield from _check_quotes_and_claims(gold)
    yield from _check_frames_and_devices(gold)


def _check_entities_and_figures(gold: dict) -> Iterator[str]:
    for i, ent in enumerate(gold.get("entities", [])):
        if ent.get("label") not in ENTITY_LABELS:
            yield f"entities[{i}]: bad label {ent.get('label')!r}"
    for i, fig in enumerate(gold.get("figures", [])):
        if fig.get("kind") not in FIGURE_KINDS:
            yield f"figures[{i}]: bad kind {fig.get('kind')!r}"
        if not isinstance(fig.get("value"), int | float):
            yield f"figures[{i}]: value must be a number"


def _check_quotes_and_claims(gold: dict) -> Iterator[str]:
    for i, q in enumerate(gold.get("quotes", [])):
        if q.get("kind") not in QUOTE_KINDS:
            yield f"quotes[{i}]: bad kind {q.get('kind')!r}"
        if q.get("kind") == "scare" and q.get("speaker") is not None:
            yield f"quotes[{i}]: scare quotes have speaker null"
        if q.get("kind") != "scare" and not q.get("speaker"):
            yield f"quotes[{i}]: direct/partial quotes need a speaker"
    for i, c in enumerate(gold.get("claims", [])):
        if c.get("source_kind") not in SOURCE_KINDS:
            yield f"claims[{i}]: bad source_kind {c.get('source_kind')!r}"
        if not c.get("types") or set(c["types"]) - CLAIM_TYPES:
            yield f"claims[{i}]: bad types {c.get('types')!r}"
        if (c.get("source") is None) != (c.get("source_kind") == "none"):
            yield f"claims[{i}]: source null exactly when source_kind is none"


def _check_frames_and_devices(gold: dict) -> Iterator[str]:
    for i, sf in enumerate(gold.get("section_frames", [])):
        frames = sf.get("frames", [])
        if not 1 <= len(frames) <= 3 or set(frames) - FRAMES:
            yield f"section_frames[{i}]: bad frames {frames!r}"
    headings = [s.get("heading") for s in gold.get("sections", [])]
    if [sf.get("heading") for sf in gold.get("section_frames", [])] != headings:
        yield "section_frames headings do not match sections"
    for i, d in enumerate(gold.get("devices", [])):
        if d.get("device") not in DEVICES:
            yield f"devices[{i}]: bad device {d.get('device')!r}"
        if d.get("device") == "metaphor" and d.get("family") not in FAMILIES:
            yield f"devices[{i}]: metaphor needs a family from {sorted(FAMILIES)}"


def check_quote_marks(gold: dict, text: str) -> Iterator[str]:
    """Direct/partial/scare quote texts should sit right inside quotation marks somewhere.

    A quote flagged open_ended runs to a paragraph end without a closing mark (multi-paragraph quotes).
    """
    flat = norm(text)
    for i, q in enumerate(gold.get("quotes", [])):
        t = norm(q["text"])
        ok = False
        for m in re.finditer(re.escape(t), flat):
            before = flat[m.start() - 1] if m.start() else ""
            after = flat[m.end()] if m.end() < len(flat) else ""
            if before in QUOTE_OPEN and (after in QUOTE_CLOSE or after == "" or q.get("open_ended")):
                ok = True
        if not ok:
            yield f"quotes[{i}]: {q['text'][:40]!r} is not enclosed by quotation marks"


def check_file(path: Path, articles: dict[str, dict]) -> list[str]:
    """Return the problems found in one gold file."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    art_id = gold.get("article", "").removeprefix("allsides-immigration:")
    if art_id not in articles:
        return [f"unknown article {gold.get('article')!r}"]
    art = articles[art_id]
    problems = []
    if gold.get("source") != art["source"]:
        problems.append(f"source {gold.get('source')!r} != {art['source']!r}")
    if gold.get("title") != art["title"]:
        problems.append("title differs from the JSONL title")
    flat = norm(art["content_original"])
    for where, value in spans(gold):
        if not isinstance(value, str) or not value or norm(value) not in flat:
            problems.append(f"{where}: not in text: {value!r}")
    raw = art["content_original"]
    for i, sec in enumerate(gold.get("sections", [])):
        # A section starts a paragraph: at the very start of the text or right after a line break.
        pattern = r"\s+".join(map(re.escape, sec["starts_with"].split()))
        if not any(m.start() == 0 or raw[m.start() - 1] == "\n" for m in re.finditer(pattern, raw)):
            problems.append(f"sections[{i}]: starts_with is not at a paragraph start")
    problems.extend(check_labels(gold))
    problems.extend(check_quote_marks(gold, art["content_original"]))
    return problems


def main(argv: list[str]) -> int:
    """Check the given gold files (default: the article gold files evaluation/gold/allsides-*.json)."""
    articles = load_articles()
    paths = [Path(p) for p in argv] or sorted(GOLD_DIR.glob("allsides-*.json"))  # not stories.json
    bad = 0
    for path in paths:
        problems = check_file(path, articles)
        gold = json.loads(path.read_text(encoding="utf-8"))
        counts = {k: len(gold.get(k, [])) for k in ("figures", "quotes", "claims", "devices")}
        print(f"{path.name}: {'OK' if not problems else f'{len(problems)} problem(s)'} {counts}")
        for p in problems:
            print(f"   {p}")
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
