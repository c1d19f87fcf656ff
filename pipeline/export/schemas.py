"""JSON Schemas (draft 2020-12) of one exported row per kind, and the flat columns derived from them.

The nested schemas are written out by hand because they document meaning: every field has a
description, with its range where it has one (scores in [0, 1], offsets from 0); the flat column list
and column types used by CSV and Parquet are derived from them so the two never drift. Extra keys are
allowed everywhere: records may gain fields (with defaults) without breaking readers.

Flat rows (CSV, Parquet) spread nested objects into prefixed columns (``attribution_kind``,
``article_source``) and the article's metadata into one column per key (``article_metadata_bias_text``).
Lists stay lists in Parquet (list and struct columns); CSV holds them as JSON text.
"""

from __future__ import annotations

import copy
from typing import Any

from ..errors import ExportError

KINDS = ("claims", "articles", "entities", "figures", "quotes", "devices", "frames", "stories")
FLAT_FORMATS = ("csv", "parquet")
DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://framelens.dev/schema/export"  # an identifier, not fetched
METADATA_PREFIX = "article_metadata_"  # flat columns of the article's metadata, one per key


def _s(type_: str, nullable: bool = False, description: str | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": [type_, "null"] if nullable else type_, **extra}
    if description:
        schema["description"] = description
    return schema


def _array(items: dict[str, Any], description: str) -> dict[str, Any]:
    return _s("array", description=description, items=items)


def _score(description: str) -> dict[str, Any]:
    return _s("number", description=f"{description}; in [0, 1]", minimum=0, maximum=1)


OFFSET = _s("integer", minimum=0, description="character offset into the article text (0 or more)")
END = _s("integer", minimum=0,
         description="character offset just after the span; text == article.text[start:end]")
EVIDENCE = {"type": "object", "required": ["text", "start", "end"],
            "properties": {"text": _s("string", description="the words, as in the article"),
                           "start": OFFSET, "end": END},
            "description": "words in the article that justify a label; text == article.text[start:end]"}
FRAME: dict[str, Any] = {"type": "object", "required": ["frame", "score", "evidence"],
         "description": "one frame with its score and the cue words that triggered it",
         "properties": {
             "frame": _s("string", description="the frame's id: a Policy Frames Codebook issue frame "
                                               "(legality_constitutionality...) or a generic news frame "
                                               "(conflict, economic, human_interest, morality, resolution)"),
             "taxonomy": _s("string", description="issue (Policy Frames Codebook) or generic (news frames)",
                            enum=["issue", "generic"]),
             "score": _score("issue frames: the frame's share of the issue-frame cue weight; generic frames: "
                             "d / (d + t) for cue density d and the calibrated threshold t, so present when "
                             "at least 0.5"),
             "share": _s("number", True, "issue frames: share of the frame evidence (as score); "
                                         "generic: null; in [0, 1]", minimum=0, maximum=1),
             "present": _s("boolean", description="whether the frame counts as present (issue: enough share "
                                                  "and distinct cues; generic: density over the threshold)"),
             "evidence": _array(EVIDENCE, "the cue words, with offsets")}}
ARTICLE_REF: dict[str, Any] = {"type": "object", "required": ["id", "source"],
               "description": "the article this row comes from (join key: article_id = articles.id)",
               "properties": {
                   "id": _s("string", description="the article's id (16 hex digits)"),
                   "source": _s("string", description="the outlet"),
                   "title": _s("string", True, "the article's title"),
                   "url": _s("string", True, "the article's address"),
                   "published": _s("string", True, "publication date, ISO YYYY-MM-DD"),
                   "metadata": _s("object", description="every input field not mapped to text, title, "
                                                        "source, date, url or authors (AllSides: bias_text, "
                                                        "topic...); flat formats: one column "
                                                        "article_metadata_KEY each")}}
ATTRIBUTION = {
    "type": "object", "required": ["source", "kind"],
    "description": "who the claim is attributed to, by which cue (PolNeAR source / cue / content)",
    "properties": {
        "source": _s("string", True, "the source as written (or its canonical name); null when none"),
        "kind": _s("string", description="named (a person, body or document), vague (experts, officials), "
                                         "self (the author: I, we) or none",
                   enum=["named", "vague", "self", "none"]),
        "cue": _s("string", True, "the reporting verb or phrase (said, according to)"),
        "stance": _s("string", True, "what the cue implies: neutral, factive, distancing, alarm, concessive "
                                     "or hostile"),
        "start": _s("integer", True, "start offset of the source span", minimum=0),
        "end": _s("integer", True, "end offset of the source span", minimum=0),
        "cue_start": _s("integer", True, "start offset of the cue", minimum=0),
        "cue_end": _s("integer", True, "end offset of the cue", minimum=0),
        "entity": _s("string", True, "canonical name of the linked entity"),
        "content_start": _s("integer", True, "start offset of what is attributed: a clause, a quote or the "
                                             "whole claim", minimum=0),
        "content_end": _s("integer", True, "end offset of what is attributed", minimum=0),
    },
}
LOCATION = {"section_id": _s("string", True, "the section the item is in (s0, s1...)"),
            "paragraph_id": _s("string", True, "the paragraph the item is in (p0, p1...)")}


def _span(what: str) -> dict[str, Any]:
    return {"text": _s("string", description=f"{what}, exactly as in the article"), "start": OFFSET,
            "end": END}


def _id(prefix: str) -> dict[str, Any]:
    return _s("string", description=f"the item's id within its article ({prefix}-OFFSET, from its offsets)")


def _item(kind: str, properties: dict[str, Any], required: list[str], description: str) -> dict[str, Any]:
    head = {"article_id": _s("string", description="the article's id (first 16 hex digits of the sha256 of "
                                                   "its text); joins to the id of `export articles`"),
            "article": ARTICLE_REF,
            "uid": _s("string", description="stable key: article id and item id joined by ':' "
                                            "(`framelens show UID` opens it)")}
    return {"$schema": DIALECT, "$id": f"{SCHEMA_BASE}/{kind}.json", "title": f"framelens {kind} row",
            "description": description, "type": "object",
            "required": ["article_id", "article", "uid", *required], "properties": {**head, **properties}}


CLAIM_TYPES = ["statistical", "causal", "comparative", "predictive", "trend", "evaluative", "quote"]

_SCHEMAS: dict[str, dict[str, Any]] = {
    "claims": _item("claims", {
        "id": _id("c"), **_span("the claim sentence"), **LOCATION,
        "types": _array(_s("string", description="a claim type", enum=CLAIM_TYPES),
                        "what kind of claim: several may apply (type_evidence has the words)"),
        "attribution": ATTRIBUTION,
        "attributions": _array(ATTRIBUTION, "every attribution of the claim, the main one first (\"X said "
                                            "that Y argued ...\" has two); empty when attributed to nobody"),
        "figures": _array(_s("string", description="a figure id"), "ids of the figures the claim states"),
        "entities": _array(_s("string", description="a canonical name"),
                           "canonical names of entities in the claim"),
        "quote_id": _s("string", True, "the id of the quote the claim is, if any"),
        "certainty": _score("how certain the claim is put: 0.7 plus boosters, minus hedges, with modals and "
                            "negation"),
        "hedges": _array(EVIDENCE, "hedging words that lower certainty (may, reportedly)"),
        "boosters": _array(EVIDENCE, "words that raise certainty (clearly, in fact)"),
        "checkworthiness": _score("how worth checking the claim is: figures, named sources, factive cues, "
                                  "named actors and dates raise it; opinion, hedges, vague and self "
                                  "attribution lower it"),
        "type_evidence": _array(EVIDENCE, "the words that made each type"),
        "frames": _array(FRAME, "the claim's issue frames, strongest first"),
        "devices": _array(_s("string", description="a device id"), "ids of the devices inside the claim"),
    }, ["id", "text", "start", "end", "types", "attribution", "certainty", "checkworthiness"],
        "One claim: a sentence that asserts something checkable or contestable."),
    "entities": _item("entities", {
        "id": _id("ent"),
        "canonical": _s("string",
                        description="the entity's name, its mentions merged (US / the United States)"),
        "label": _s("string", description="spaCy NER label (PERSON, ORG, GPE, NORP...)"),
        "mentions": _array({"type": "object", "required": ["text", "start", "end"],
                            "description": "one mention", "properties": _span("the mention")},
                           "every mention, with offsets"),
        "count": _s("integer", description="number of mentions (1 or more)", minimum=0),
        "salience": _score("0.7 x relative frequency + 0.3 x earliness of first mention"),
    }, ["id", "canonical", "label", "mentions", "count"], "One entity with its mentions merged."),
    "figures": _item("figures", {
        "id": _id("fig"), **_span("the figure"),
        "value": _s("number", True, "the normalised value (116,868 -> 116868; 12% -> 12; $1.2bn -> 1.2e9)"),
        "kind": _s("string", description="count, percent, percentage_points, money, multiplier, ratio, "
                                         "quantity or rank"),
        "unit": _s("string", True, "the unit or currency (%, USD, mile)"),
        "approximate": _s("boolean", description="about, nearly, more than, up to, millions..."),
        "qualifier": _s("string", True, "the qualifier as written (about, more than)"),
        "range": {"type": ["array", "null"], "items": _s("number", description="a bound"), "minItems": 2,
                  "maxItems": 2,
                  "description": "[low, high] for a range (between 5 and 7 percent), else null"},
        "subject": _s("string", True, "what is counted (Chinese seeking asylum)"),
        "time": _s("string", True, "the date or period the figure refers to"),
        "change_from": _s("string", True, "id of the figure this one is compared with (up from ...)"),
        "source": _s("string", True, "who states it: the attribution of its claim"),
        "claim_id": _s("string", True, "the id of the claim that states it"),
        **LOCATION,
    }, ["id", "text", "start", "end", "value", "kind"], "One figure, normalised, with what it counts."),
    "quotes": _item("quotes", {
        "id": _id("q"), **_span("the words inside the quotation marks"),
        "kind": _s("string", description="direct (a full statement), partial (a fragment woven into the "
                                         "author's sentence) or scare (a quoted phrase with no speech)",
                   enum=["direct", "partial", "scare"]),
        "speaker": _s("string", True, "who is quoted (canonical name), null when unknown"),
        "speaker_start": _s("integer", True, "start offset of the speaker's mention", minimum=0),
        "speaker_end": _s("integer", True, "end offset of the speaker's mention", minimum=0),
        "cue": _s("string", True, "the reporting verb, colon or dash that introduces the quote"),
        "cue_start": _s("integer", True, "start offset of the cue when it is a word of the text", minimum=0),
        "cue_end": _s("integer", True, "end offset of the cue", minimum=0),
        **LOCATION,
    }, ["id", "text", "start", "end", "kind", "speaker"], "One quotation, its speaker when known."),
    "devices": _item("devices", {
        "id": _id("dev"),
        "device": _s("string", description="the device: a SemEval persuasion technique (loaded_language, "
                                           "name_calling_labeling...) or hedge, booster, metaphor, "
                                           "scare_quote, vague_attribution, rhetorical_question"),
        **_span("the device's words"),
        "score": _score("how confident the rule is"),
        "family": _s("string", True, "the metaphor family (water_mass, war_invasion...) where one applies"),
        "evidence": _array(EVIDENCE, "the cue words"),
        "entries": _array(_s("string", description="lexicon:entry"), "the lexicon entries that fired"),
        "target": _s("string", True,
                     "who or what the device is about (the labelled entity, the framed source)"),
        "claim_id": _s("string", True, "the claim the device frames"),
        "stance": _s("string", True, "the stance a loaded reporting verb implies"),
        **LOCATION,
    }, ["id", "device", "text", "start", "end", "score"], "One rhetorical device with its trigger words."),
    "frames": _item("frames", {
        "scope": _s("string", description="article or section", enum=["article", "section"]),
        "scope_id": _s("string", description="the article id or the section id"),
        **FRAME["properties"],
    }, ["scope", "scope_id", "frame", "score", "evidence"], "One frame score of an article or a section."),
    "articles": {
        "$schema": DIALECT, "$id": f"{SCHEMA_BASE}/articles.json", "title": "framelens articles row",
        "description": "One ingested article: metadata, sections, item counts and the cleaned text "
                       "every exported offset indexes into.",
        "type": "object",
        "required": ["id", "source", "text", "n_words", "analysed"],
        "properties": {
            "id": _s("string",
                     description="the article's id (first 16 hex digits of the sha256 of its text)"),
            "source": ARTICLE_REF["properties"]["source"], "title": ARTICLE_REF["properties"]["title"],
            "url": ARTICLE_REF["properties"]["url"], "published": ARTICLE_REF["properties"]["published"],
            "authors": _array(_s("string", description="an author"), "the article's authors"),
            "path": _s("string", True, "the file (and line or record) the article was read from"),
            "language": _s("string", True, "language code (en)"),
            "n_words": _s("integer", description="words in the cleaned text (0 or more)", minimum=0),
            "metadata": ARTICLE_REF["properties"]["metadata"],
            "analysed": _s("boolean", description="whether the article has been analysed"),
            "story_id": _s("string", True, "the story (the same event, possibly told by other outlets) the "
                                           "article is in; null when the article is not analysed"),
            "sections": _array({"type": "object", "required": ["id", "start", "end"],
                                "description": "a run of paragraphs under one heading", "properties": {
                "id": _s("string", description="the section id (s0, s1...)"),
                "heading": _s("string", True, "the heading, null for the opening section"),
                "start": OFFSET, "end": END,
                "heading_start": _s("integer", True, "start offset of the heading", minimum=0),
                "heading_end": _s("integer", True, "end offset of the heading", minimum=0)}},
                "the article's sections in order"),
            **{f"n_{k}": _s("integer", description=f"number of {k} found (0 or more)", minimum=0)
               for k in ("claims", "figures", "quotes", "entities", "devices")},
            "text": _s("string", description="the cleaned text; paragraphs separated by a blank line"),
        },
    },
    "stories": {
        "$schema": DIALECT, "$id": f"{SCHEMA_BASE}/stories.json", "title": "framelens stories row",
        "description": "One story: analysed articles that report the same event, from one or several "
                       "outlets.",
        "type": "object",
        "required": ["id", "label", "keyterms", "start", "end", "sources", "articles"],
        "properties": {
            "id": _s("string", description="'story-' and a hash of its article ids (stable while they are)"),
            "label": _s("string", description="its key terms, joined"),
            "keyterms": _array(_s("string"), "textacy YAKE key terms of its titles and leads, best first"),
            "start": _s("string", True, "first publication date of its dated articles (YYYY-MM-DD)"),
            "end": _s("string", True, "last publication date of its dated articles"),
            "sources": _array(_s("string"), "outlets, most articles first"),
            "articles": _array(_s("string"), "article ids, earliest first, undated last"),
            "n_articles": _s("integer", description="articles in the story (1 or more)", minimum=1),
            "n_sources": _s("integer", description="outlets that told it (1 or more)", minimum=1),
            "undated": _s("integer", minimum=0,
                          description="articles without a date, placed by content alone"),
            "cohesion": _s("number", minimum=0, maximum=1,
                           description="mean similarity of its articles to each other, in [0, 1] (1 for one "
                                       "article)"),
        },
    },
}

JSONLD_CLAIM = {
    "$schema": DIALECT, "$id": f"{SCHEMA_BASE}/claims.jsonld.json", "title": "framelens claims as JSON-LD",
    "description": "A JSON-LD document whose @graph holds schema.org Claim objects.",
    "type": "object", "required": ["@context", "@graph"],
    "properties": {"@graph": _array({
        "type": "object", "required": ["@type", "@id", "text", "appearance"],
        "properties": {
            "@type": {"const": "Claim"}, "@id": _s("string", description="urn:framelens:UID"),
            "text": _s("string", description="the claim sentence"),
            "author": {"type": "object", "required": ["@type", "name"], "description": "the named source",
                       "properties": {"@type": _s("string", description="Person or Organization",
                                                  enum=["Person", "Organization"]),
                                      "name": _s("string", description="the source's name")}},
            "appearance": {"type": "object", "required": ["@type"], "description": "the article",
                           "properties": {"@type": {"const": "CreativeWork"},
                                          "url": _s("string", True, "the article's address"),
                                          "headline": _s("string", True, "the article's title"),
                                          "datePublished": _s("string", True, "ISO date")}},
        },
    }, "the claims")},
}


def schema(kind: str, fmt: str = "json") -> dict[str, Any]:
    """The JSON Schema of one exported row of ``kind`` (json/jsonl), its flat record (csv/parquet),
    or the JSON-LD document (claims, jsonld)."""
    if kind not in _SCHEMAS:
        raise ExportError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if fmt == "jsonld":
        if kind != "claims":
            raise ExportError("jsonld is for claims only")
        return copy.deepcopy(JSONLD_CLAIM)
    if fmt in FLAT_FORMATS:
        return _flat_schema(kind, fmt)
    return copy.deepcopy(_SCHEMAS[kind])


def _flat_schema(kind: str, fmt: str) -> dict[str, Any]:
    """One flat record: nested objects spread into prefixed columns; lists as JSON text (CSV) or lists
    (Parquet); the article's metadata one text column per key."""
    properties: dict[str, Any] = {}
    for column, (prop, kind_of) in flat_properties(kind).items():
        flat = copy.deepcopy(prop)
        if kind_of == "json" and (fmt == "csv" or "items" not in prop):
            flat = {"type": ["string", "null"], "description": f"{prop.get('description', '')} (JSON text)"}
        elif isinstance(flat.get("type"), str):
            flat["type"] = [flat["type"], "null"]  # a missing value is an empty cell or null
        properties[column] = flat
    metadata = {"type": ["string", "null"], "description": "one key of the article's metadata, as text"}
    return {"$schema": DIALECT, "$id": f"{SCHEMA_BASE}/{kind}.{fmt}.json",
            "title": f"framelens {kind} row ({fmt})",
            "description": f"One flat {fmt} record: nested objects spread into prefixed columns; "
                           + ("lists and objects as JSON text." if fmt == "csv"
                              else "lists as list columns."),
            "type": "object", "properties": properties,
            "patternProperties": {} if kind in ("articles", "stories") else {f"^{METADATA_PREFIX}": metadata}}


def nested_objects(kind: str) -> tuple[str, ...]:
    """The row keys holding objects that flat formats spread into prefixed columns."""
    if kind == "claims":
        return ("attribution", "article")
    return () if kind in ("articles", "stories") else ("article",)


def flat_properties(kind: str) -> dict[str, tuple[dict[str, Any], str]]:
    """Flat column -> (its nested property schema, integer|number|boolean|string|json), in export order.
    The article's metadata object is not a column: flat rows spread it into article_metadata_KEY."""
    columns: dict[str, tuple[dict[str, Any], str]] = {}
    for name, prop in _SCHEMAS[kind]["properties"].items():
        if name in nested_objects(kind):
            for sub, sub_prop in prop["properties"].items():
                if not (name == "article" and sub == "metadata"):
                    columns.setdefault(f"{name}_{sub}", (sub_prop, _scalar(sub_prop)))
        else:
            columns.setdefault(name, (prop, _scalar(prop)))
    return columns


def column_types(kind: str) -> dict[str, str]:
    """Flat column -> integer|number|boolean|string|json, in export order."""
    return {column: kind_of for column, (_, kind_of) in flat_properties(kind).items()}


def _scalar(prop: dict[str, Any]) -> str:
    declared = prop.get("type", "string")
    names = [declared] if isinstance(declared, str) else list(declared)
    main = next((t for t in names if t != "null"), "string")
    return "json" if main in ("array", "object") else main


def flat_columns(kind: str) -> list[str]:
    return list(column_types(kind))
