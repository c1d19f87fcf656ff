"""Bytes to text: which encoding a file is in, and whether it is text at all.

Hand-written rather than a charset guesser (charset-normalizer, chardet): those weigh dozens of codecs
and can pick a different one for two files that differ by a byte, while articles come in very few
encodings and a reader must be able to predict the result. The rules, in order:

1. A byte-order mark says UTF-8, UTF-16 or UTF-32.
2. UTF-16 without a mark: text in a Latin script has a NUL in every other byte, on one side only.
3. Strict UTF-8.
4. Mostly UTF-8: the file holds valid multi-byte UTF-8 sequences (curly quotes, accents) and fewer
   invalid ones than valid ones: a UTF-8 file with stray bytes. Decoded with U+FFFD for each invalid
   sequence, and the count is reported.
5. cp1252 (Windows Western European, a superset of Latin-1's printable range), strictly.
Otherwise the file is undecodable.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# Magic numbers of formats people drop into article folders by mistake.
_BINARY_MAGIC = {b"%PDF": "PDF", b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image",
                 b"PK\x03\x04": "ZIP/Office file", b"\x1f\x8b": "gzip file",
                 b"\xd0\xcf\x11\xe0": "Office file"}
# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SAMPLE = 8192  # bytes looked at to tell text from binary
_UTF16_NUL_SHARE = 0.3  # share of NULs on one side of each byte pair for BOM-less UTF-16 (ASCII text: ~1.0)
_CONTROL_SHARE = 0.05  # share of control bytes above which a file is binary
_SPACE = 32  # bytes below are control characters
_TEXT_CONTROLS = frozenset(b"\t\n\f\r")  # the control characters text files hold
_MIN_UTF16 = 4  # bytes: two characters


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # invalid byte sequences replaced by U+FFFD


def binary_kind(data: bytes) -> str | None:
    """The name of a binary format, or None for something that may be text."""
    for magic, name in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return name
    return None


def decode(data: bytes) -> Decoded | str:
    """The text of ``data``, or why it is not text (a short phrase for the reason's detail)."""
    encoding = _bom_encoding(data) or _utf16_without_bom(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            return f"not valid {encoding.upper().removesuffix('-SIG')} text"
        return Decoded(text, encoding)
    head = data[:_SAMPLE]
    if b"\x00" in head:
        return "binary content (NUL bytes), not text"
    control = sum(1 for b in head if b < _SPACE and b not in _TEXT_CONTROLS)
    if head and control / len(head) > _CONTROL_SHARE:
        return "binary content (control characters), not text"
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return "not valid UTF-8, UTF-16 or cp1252 text"


def _bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:_SAMPLE]
    if len(head) < _MIN_UTF16 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul >= _UTF16_NUL_SHARE and even_nul == 0:
        return "utf-16-le"  # "A\x00B\x00": the high byte of each Latin character is zero
    if even_nul >= _UTF16_NUL_SHARE and odd_nul == 0:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> Decoded | None:
    text = data.decode("utf-8", "replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    valid_multibyte = sum(1 for ch in text if not ch.isascii() and ch != "\ufffd")
    if valid_multibyte > invalid:
        return Decoded(text, "utf-8", replaced=invalid)
    return None
