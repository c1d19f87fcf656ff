"""Printing untrusted text to a terminal: no control sequences through, no markup taken from the data.

Article titles, sources, metadata keys, file names and error messages all come from the user's files.
Printed raw, an escape sequence in a title can rewrite the terminal (move the cursor, change the title,
hide text), and a Rich markup tag such as ``[/bold]`` in an outlet name crashes the printing (MarkupError).

- ``SafeConsole`` strips C0 and C1 control characters (except newline and tab) from every string it
  renders, and when a string's markup is broken it prints the string as it is instead of crashing.
- ``safe(value)`` escapes Rich markup in one piece of data before it goes into a markup string:
  ``console.print(f"[bold]{safe(title)}[/bold]")``.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.errors import MarkupError
from rich.markup import escape
from rich.text import Text

# C0 controls except tab and newline, DEL, and the C1 controls (0x9b is a one-byte CSI on some terminals).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """``text`` without terminal control characters (tab and newline kept)."""
    return _CONTROL.sub("", text)


def safe(value: Any) -> str:
    """One piece of data ready to go inside a Rich markup string: control characters gone, markup escaped."""
    return escape(strip_control(str(value)))


class SafeConsole(Console):
    """A Rich console that never sends a control character from the data, and never crashes on markup."""

    def render_str(self, text: str, **options: Any) -> Text:
        text = strip_control(text)
        try:
            return super().render_str(text, **options)
        except MarkupError:
            # Data that reached a markup string unescaped: print it literally rather than crash.
            return super().render_str(text, **{**options, "markup": False})
