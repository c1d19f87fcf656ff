"""JSON Schemas (draft 2020-12) of one exported row per kind, and the flat columns derived from them.

The nested schemas are written out by hand because they document meaning (descriptions, enums); the
flat column list and column types used by CSV and Parquet are derived from them so the two never drift.
Extra keys are allowed everywhere: records may gain fields (with defaults) without breaking readers.
"""

from __future__ import annotations

import copy
from typing import Any

KINDS = ("claims", "articles", "entities", "figures", "quotes", "devices", "frames")
FLAT_FORMATS = ("csv", "parquet")
DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://framelens.dev/schema/export"  # an identifier, not fetched


def _s(type_: str, nullable: bool = False, description: str | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": [type_, "null"] if nullable else type_, **extra}
    if description:
        schema["description"] = description
    return schema


def _array(items: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    return _s("array", description=description, items=items)


OFFSET = _s("integer", minimum=0, description="character offset into the article text")
EVIDENCE = {"type": "object", "required": ["text", "start", "end"],
            "properties": {"text": _s("string"), "start": OFFSET, "end": OFFSET},
            "description": "words in the article that justify a label; text == article.text[start:end]"}
FRAME = {"type": "object", "required": ["frame", "score", "evidence"],
         "properties": {"frame": _s("string"), "taxonomy": _s("string", enum=["issue", "generic"]),
                        "score": _s("number"), "share": _s("number", True), "present": _s("boolean"),
                        "evidence": _array(EVIDENCE)}}
ARTICLE_REF = {"type": "object", "required": ["id", "source"],
               "description": "the article this row comes from",
               "properties": {"id": _s("string"), "source": _s("string"), "title": _s("string", True),
                              "url": _s("string", True), "published": _s("string", True,
                                                                         "ISO date YYYY-MM-DD")}}
ATTRIBUTION = {
    "type": "object", "required": ["source", "kind"],
    "description": "who the claim is attributed to, by which cue (PolNeAR source / cue / content)",
    "properties": {
        "source": _s("string", True, "the source as written (or its canonical name)"),
        "kind": _s("string", enum=["named", "vague", "self", "none"]),
        "cue": _s("string", True, "the reporting verb or phrase"),
        "stance": _s("string", True, "neutral, factive, distancing or alarm"),
        "start": _s("integer", True, "source span start"), "end": _s("integer", True),
        "cue_start": _s("integer", True), "cue_end": _s("integer", True),
        "entity": _s("string", True, "canonical name of the linked entity"),
    },
}
LOCATION = {"section_id": _s("string", True), "paragraph_id": _s("string", True)}
SPAN = {"text": _s("string"), "start": OFFSET, "end": OFFSET}


def _item(kind: str, properties: dict[str, Any], required: list[str], description: str) -> dict[str, Any]:
    head = {"article_id": _s("string", description="the article's id (sha256 of its text, 16 hex)"),
            "article": ARTICLE_REF,
            "uid": _s("string", description="stable key: article id and item id joined by ':'")}
    return {"$schema": DIALECT, "$id": f"{SCHEMA_BASE}/{kind}.json", "title": f"framelens {kind} row",
            "description": description, "type": "object",
            "required": ["article_id", "article", "uid", *required], "properties": {**head, **properties}}


_SCHEMAS: dict[str, dict[str, Any]] = {
    "claims": _item("claims", {
        "id": _s("string"), **SPAN, **LOCATION,
        "types": _array(_s("string", enum=["statistical", "causal", "comparative", "predictive", "trend",
                                           "evaluative", "quote"])),
        "attribution": ATTRIBUTION,
        "figures": _array(_s("string"), "ids of the figures the claim states"),
        "entities": _array(_s("string"), "canonical names of entities in the claim"),
        "quote_id": _s("string", True),
        "certainty": _s("number", minimum=0, maximum=1),
        "hedges": _array(EVIDENCE), "boosters": _array(EVIDENCE),
        "checkworthiness": _s("number", minimum=0, maximum=1),
        "type_evidence": _array(EVIDENCE), "frames": _array(FRAME),
        "devices": _array(_s("string"), "ids of the devices inside the claim"),
    }, ["id", "text", "start", "end", "types", "attribution", "certainty", "checkworthiness"],
        "One claim: a sentence that asserts something checkable or contestable."),
    "entities": _item("entities", {
        "id": _s("string"), "canonical": _s("string"), "label": _s("string"),
        "mentions": _array({"type": "object", "required": ["text", "start", "end"], "properties": SPAN}),
        "count": _s("integer", minimum=0), "salience": _s("number", minimum=0, maximum=1),
    }, ["id", "canonical", "label", "mentions", "count"], "One entity with its mentions merged."),
    "figures": _item("figures", {
        "id": _s("string"), **SPAN, "value": _s("number", True), "kind": _s("string"),
        "unit": _s("string", True), "approximate": _s("boolean"), "qualifier": _s("string", True),
        "range": {"type": ["array", "null"], "items": _s("number"), "minItems": 2, "maxItems": 2},
        "subject": _s("string", True, "what is counted"), "time": _s("string", True),
        "change_from": _s("string", True), "source": _s("string", True), "claim_id": _s("string", True),
        **LOCATION,
    }, ["id", "text", "start", "end", "value", "kind"], "One figure, normalised, with what it counts."),
    "quotes": _item("quotes", {
        "id": _s("string"), **SPAN, "kind": _s("string", enum=["direct", "partial", "scare"]),
        "speaker": _s("string", True), "speaker_start": _s("integer", True), "speaker_end": _s("integer", True),
        "cue": _s("string", True), **LOCATION,
    }, ["id", "text", "start", "end", "kind", "speaker"], "One quotation, its speaker when known."),
    "devices": _item("devices", {
        "id": _s("string"), "device": _s("string"), **SPAN, "score": _s("number"),
        "family": _s("string", True), "evidence": _array(EVIDENCE),
        "entries": _array(_s("string"), "the lexicon entries that fired"),
        "target": _s("string", True), "claim_id": _s("string", True), "stance": _s("string", True), **LOCATION,
    }, ["id", "device", "text", "start", "end", "score"], "One rhetorical device with its trigger words."),
    "frames": _item("frames", {
        "scope": _s("string", enum=["article", "section"]),
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
            "id": _s("string"), "source": _s("string"), "title": _s("string", True), "url": _s("string", True),
            "published": _s("string", True), "authors": _array(_s("string")), "path": _s("string", True),
            "language": _s("string", True), "n_words": _s("integer", minimum=0), "metadata": _s("object"),
            "analysed": _s("boolean"),
            "sections": _array({"type": "object", "required": ["id", "start", "end"], "properties": {
                "id": _s("string"), "heading": _s("string", True), "start": OFFSET, "end": OFFSET,
                "heading_start": _s("integer", True), "heading_end": _s("integer", True)}}),
            **{f"n_{k}": _s("integer", minimum=0) for k in ("claims", "figures", "quotes", "entities", "devices")},
            "text": _s("string", description="the cleaned text; paragraphs separated by a blank line"),
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
            "@type": {"const": "Claim"}, "@id": _s("string"), "text": _s("string"),
            "author": {"type": "object", "required": ["@type", "name"], "properties": {
                "@type": _s("string", enum=["Person", "Organization"]), "name": _s("string")}},
            "appearance": {"type": "object", "required": ["@type"], "properties": {
                "@type": {"const": "CreativeWork"}, "url": _s("string", True), "headline": _s("string", True),
                "datePublished": _s("string", True)}},
        },
    })},
}


def schema(kind: str, fmt: str = "json") -> dict[str, Any]:
    """The JSON Schema of one exported row of ``kind`` (json/jsonl), its flat record (csv/parquet),
    or the JSON-LD document (claims, jsonld)."""
    if kind not in _SCHEMAS:
        raise KeyError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if fmt == "jsonld":
        if kind != "claims":
            raise KeyError("jsonld is for claims only")
        return copy.deepcopy(JSONLD_CLAIM)
    if fmt in FLAT_FORMATS:
        types = column_types(kind)
        json_types = {"integer": "integer", "number": "number", "boolean": "boolean"}
        return {"$schema": DIALECT, "$id": f"{SCHEMA_BASE}/{kind}.flat.json",
                "title": f"framelens {kind} row (flat: {', '.join(FLAT_FORMATS)})",
                "description": "Nested objects spread into prefixed columns; lists and objects as JSON strings.",
                "type": "object",
                "properties": {c: {"type": [json_types.get(t, "string"), "null"]} for c, t in types.items()}}
    return copy.deepcopy(_SCHEMAS[kind])


def nested_objects(kind: str) -> tuple[str, ...]:
    """The row keys holding objects that flat formats spread into prefixed columns."""
    return ("attribution", "article") if kind == "claims" else () if kind == "articles" else ("article",)


def column_types(kind: str) -> dict[str, str]:
    """Flat column -> integer|number|boolean|string|json, in export order."""
    types: dict[str, str] = {}
    for name, prop in _SCHEMAS[kind]["properties"].items():
        if name in nested_objects(kind):
            for sub, sub_prop in prop["properties"].items():
                column = f"{name}_{sub}"
                types.setdefault(column, _scalar(sub_prop))
        else:
            types.setdefault(name, _scalar(prop))
    return types


def _scalar(prop: dict[str, Any]) -> str:
    declared = prop.get("type", "string")
    names = [declared] if isinstance(declared, str) else list(declared)
    main = next((t for t in names if t != "null"), "string")
    return "json" if main in ("array", "object") else main


def flat_columns(kind: str) -> list[str]:
    return list(column_types(kind))
