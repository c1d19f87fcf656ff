"""Cleaning raw article text into paragraphs and sections.

Hand-written because no library does this for plain text: trafilatura finds structure in HTML only,
and a scraped .txt export carries its structure in line breaks. The rules:

- Unicode NFC, line endings unified, no-break spaces made plain; quote marks are kept as they are
  (curly and straight quotes carry meaning for the quote extractor).
- A file with blank lines uses them as paragraph breaks, and lines inside a block are joined (they are
  hard wraps). A file without blank lines has one paragraph a line, except a line that stops mid-sentence
  (no final punctuation, next line starts in lower case), which is joined to the next.
- A heading is a markdown ``#`` line, or a short capitalised line with no final punctuation standing
  between paragraphs ("Escaping Economic Constraints"). It is kept in the text as its own paragraph and
  opens a new section.
- The cleaned text is the paragraphs joined by a blank line, so offsets are stable and every sentence
  stays inside its paragraph.
- A plain-text file's first line is its title when it reads as a headline over a body
  (:func:`split_headline`); the title is metadata, not text, so it is never taken for a claim.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..lexicons import load_lexicon, load_typed
from ..records import Paragraph, Section

PARAGRAPH_BREAK = "\n\n"
_TERMINAL = tuple('.!?:;"”’\')]…')
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "is", "nor", "of",
                "on", "or", "the", "to", "vs", "with", "without", "over", "under", "up", "down", "after",
                "before", "about", "than", "via", "its", "their", "our", "out"}


@dataclass(frozen=True)
class Block:
    """A paragraph or heading of the cleaned text, before offsets are assigned."""

    text: str
    is_heading: bool = False
    explicit: bool = False  # marked up as a heading (markdown #, HTML h1-h6), not guessed


@dataclass(frozen=True)
class CleanText:
    text: str
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]


def boilerplate_pattern() -> re.Pattern[str]:
    """Whole lines that scrapers leave in bodies ("Advertisement", "Sign up for ... newsletters")."""
    lines = load_lexicon("boilerplate")["lines"]
    return re.compile("|".join(f"(?:{line})" for line in lines), re.IGNORECASE)


def normalise(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    # Zero-width and other format characters break tokenisation and offsets a reader cannot see.
    text = re.sub(r"[\u200b\u200c\u200d\u2060]", "", text)
    boilerplate = boilerplate_pattern()
    return "\n".join("" if boilerplate.search(line.strip()) else line.rstrip() for line in text.split("\n"))


def looks_like_heading(line: str) -> bool:
    """A short capitalised line with no final punctuation: a plain-text section heading."""
    line = line.strip()
    if not line or len(line) > 90 or line.endswith(_TERMINAL) or line.endswith(","):
        return False
    words = line.split()
    if not 1 <= len(words) <= 12 or not (line[0].isupper() or line[0].isdigit()):
        return False
    if words[0].lower() in {"by", "photo", "image", "credit", "updated", "posted"}:
        return False
    content = [w for w in words if w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.6 or line.isupper()


def _starts_sentence(line: str) -> bool:
    first = line.lstrip()[:1]
    return bool(first) and not first.islower()


@dataclass(frozen=True)
class HeadlineRules:
    """The ``headline`` section of models/boilerplate.yaml (see the comment there)."""

    max_words: int
    max_chars: int
    min_body_words: int
    not_first_words: frozenset[str]
    kicker_max_words: int
    kicker_last_words: int
    kicker_body_ratio: float
    abbreviations: frozenset[str]


def headline_rules() -> HeadlineRules:
    return load_typed("boilerplate", HeadlineRules, section="headline")


# A sentence ends at . ? or ! (and a closing quote), before a capital, digit or opening quote.
_SENTENCE_END = re.compile(r"[.?!][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences(line: str, abbreviations: frozenset[str]) -> list[str]:
    """The sentences of one line, not cut after an initial ("J.") or an abbreviation ("Oct.", "Mr.")."""
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        word = line[start:match.start()].split()[-1:] or [""]
        stem = word[0].lstrip("\"“‘(").lower()
        if match.group().startswith(".") and (len(stem) == 1 or stem in abbreviations):
            continue
        parts.append(line[start:match.end()].strip())
        start = match.end()
    return [*parts, line[start:].strip()]


def looks_like_headline(line: str, body: str = "") -> bool:
    """A line that reads as a headline: short, starting with a capital (or digit or quote mark), not a
    byline, and either with no final period, comma, colon or semicolon (a question or exclamation mark
    may end it), or a headline with its kicker ("... today. Here's what we know.") over a longer ``body``."""
    rules = headline_rules()
    line = line.strip()
    words = line.split()
    if not 2 <= len(words) <= rules.max_words or len(line) > rules.max_chars:
        return False
    first = line.lstrip("\"'“‘(")[:1]
    if not (first.isupper() or first.isdigit()) or not any(w[:1].isalpha() for w in words):
        return False
    if words[0].lower().strip(":") in rules.not_first_words:
        return False
    end = line.rstrip("\"'”’)")
    if not end.endswith((".", ",", ":", ";", "…")):
        return True
    return end.endswith(".") and not end.endswith("..") and _has_kicker(line, body, rules)


def _has_kicker(line: str, body: str, rules: HeadlineRules) -> bool:
    parts = sentences(line, rules.abbreviations)
    return (len(line.split()) <= rules.kicker_max_words and len(parts) >= 2
            and len(parts[-1].split()) <= rules.kicker_last_words
            and len(body.split()) >= rules.kicker_body_ratio * len(line.split()))


def split_headline(raw: str) -> tuple[str | None, str]:
    """A plain-text article's title and the text after it, or (None, raw) when it has none.

    The first line (page furniture such as "6 years ago" skipped) is the title when it reads as a
    headline (:func:`looks_like_headline`) and the body follows it: after a blank line, or, in a file
    without blank lines (one paragraph a line), on the next line starting a new sentence. A file that
    wraps its paragraphs has its first line followed directly by the rest of the paragraph, so that line
    is never taken for a title.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    furniture = boilerplate_pattern()
    first = next((i for i, line in enumerate(lines)
                  if line.strip() and not furniture.search(line.strip())), None)
    if first is None:
        return None, raw
    rest = lines[first + 1:]
    body = next((line for line in rest if line.strip()), "")
    if not looks_like_headline(lines[first], body):
        return None, raw
    if sum(len(line.split()) for line in rest) < headline_rules().min_body_words:  # a headline heads a body
        return None, raw
    uses_blank_lines = any(not line.strip() for line in rest[1:])
    followed_by_blank = bool(rest) and not rest[0].strip()
    if uses_blank_lines and not followed_by_blank:
        return None, raw
    if not followed_by_blank and not _starts_sentence(body):
        return None, raw
    title = " ".join(unicodedata.normalize("NFC", lines[first]).split())
    return title, "\n".join(rest)


def split_blocks(text: str) -> list[Block]:
    """The paragraphs and headings of normalised text, in order."""
    lines = text.split("\n")
    uses_blank_lines = any(not line.strip() for line in lines[1:-1])
    blocks: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(Block(" ".join(part.strip() for part in current)))
            current.clear()

    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        markdown = _MARKDOWN_HEADING.match(line)
        next_line = next((candidate for candidate in lines[i + 1:] if candidate.strip()), "")
        next_is_blank = i + 1 < len(lines) and not lines[i + 1].strip()
        previous_ended = not current or current[-1].rstrip().endswith(_TERMINAL)
        if markdown and markdown.group(2):
            flush()
            blocks.append(Block(markdown.group(2), is_heading=True, explicit=True))
            continue
        if (looks_like_heading(stripped) and previous_ended and (not next_line or _starts_sentence(next_line))
                and (not uses_blank_lines or not current or next_is_blank or i + 1 == len(lines))):
            flush()
            blocks.append(Block(stripped, is_heading=True))
            continue
        if uses_blank_lines:
            current.append(stripped)
            continue
        # One paragraph a line, unless the previous line stopped mid-sentence (a hard wrap).
        if current and not current[-1].endswith(_TERMINAL) and not _starts_sentence(stripped):
            current.append(stripped)
        else:
            flush()
            current.append(stripped)
    flush()
    return demote_heading_runs([b for b in blocks if b.text])


def demote_heading_runs(blocks: list[Block]) -> list[Block]:
    """Guessed headings in a row are not headings: they are bylines ("Jane Roe" / "USA TODAY"),
    timelines ("December 20" / "Noon") or lists of related links. A heading must head some text."""
    result = list(blocks)
    for i, block in enumerate(blocks):
        if not block.is_heading or block.explicit:
            continue
        neighbours = blocks[max(0, i - 1):i] + blocks[i + 1:i + 2]
        if any(n.is_heading and not n.explicit for n in neighbours):
            result[i] = Block(block.text)
    return result


def clean_text(raw: str, *, title: str | None = None) -> CleanText:
    """Cleaned text with its sections and paragraphs.

    A heading at the very start that repeats the title is dropped (it is metadata); an earlier version
    of the title (scraped headlines get edited) is kept as a paragraph, not a section heading. A guessed
    all-capitals heading of five words or more inside the body is another story's headline inserted by
    the site ("related" links), dropped.
    """
    blocks = split_blocks(normalise(raw))
    if blocks and title and blocks[0].is_heading:
        if blocks[0].text.strip().lower() == title.strip().lower():
            blocks = blocks[1:]
        elif _similar(blocks[0].text, title):  # an earlier headline: text of the page, not a section
            blocks[0] = Block(blocks[0].text)
    blocks = [b for b in blocks
              if not (b.is_heading and not b.explicit and b.text.isupper() and len(b.text.split()) >= 5)]
    # A lone heading-like line at the end has nothing under it: keep it as a paragraph.
    if blocks and blocks[-1].is_heading:
        blocks[-1] = Block(blocks[-1].text)
    return assemble(blocks)


def _similar(a: str, b: str) -> bool:
    """Two headlines share most of their words (Jaccard >= 0.5 over lower-case words)."""
    words_a, words_b = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(words_a and words_b) and len(words_a & words_b) / len(words_a | words_b) >= 0.5


def assemble(blocks: list[Block]) -> CleanText:
    """Join blocks into one text and compute section and paragraph offsets."""
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    offset = 0
    open_section: dict | None = None

    def close_section(end: int) -> None:
        if open_section is not None:
            sections.append(Section(id=f"s{len(sections)}", end=end, **open_section))

    for block in blocks:
        start, end = offset, offset + len(block.text)
        if block.is_heading:
            close_section(start - len(PARAGRAPH_BREAK) if parts else 0)
            open_section = {"heading": block.text, "start": end + len(PARAGRAPH_BREAK),
                            "heading_start": start, "heading_end": end}
        else:
            if open_section is None:
                open_section = {"heading": None, "start": start, "heading_start": None, "heading_end": None}
            paragraphs.append(Paragraph(id=f"p{len(paragraphs)}", start=start, end=end,
                                        section_id=f"s{len(sections)}"))
        parts.append(block.text)
        offset = end + len(PARAGRAPH_BREAK)
    text = PARAGRAPH_BREAK.join(parts)
    close_section(len(text))
    return CleanText(text=text, sections=tuple(sections), paragraphs=tuple(paragraphs))
