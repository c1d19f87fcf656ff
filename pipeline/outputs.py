"""Writing output files safely: atomically, into folders that are checked, and as spreadsheet-safe CSV.

- ``atomic_path(path)`` gives a temporary file beside ``path`` and renames it over ``path`` when the
  block succeeds, so a run killed while writing ``report.html`` or ``claims.jsonl`` leaves the previous
  file whole (or none), never half a file; on failure the temporary file is removed. A target that exists
  and is not a regular file (``/dev/stdout``, ``/dev/full``, a FIFO) is written in place: nothing can be
  renamed over a device. ``atomic_text(path)`` opens that file for text.
- ``ensure_folder(path)`` creates an output folder, or says why it cannot (a file in the way, no permission).
- Operating-system errors (a full disk, no permission) become ``OutputError`` naming the path.
- ``guard_formula`` / ``unguard_formula``: CSV cells that a spreadsheet would run as a formula (starting
  with ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading ``'``, as OWASP recommends for
  CSV exports; reading back removes exactly one.

Used by the exports, the report and compare's CSV files: one place for every file framelens writes.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import OutputError

_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def ensure_folder(path: Path) -> Path:
    """``path`` as an existing folder (created with its parents), or OutputError saying why not."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path} is a file, not a folder: give a folder (it is created when missing)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {path}: {_reason(exc)}") from None
    return path


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path to write; renamed to ``path`` when the block ends without an error."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target} is a folder: give a file name")
    if target.exists() and not target.is_file():
        with _os_errors(target):
            yield target  # a device or FIFO: written in place
        return
    folder = ensure_folder(target.parent)
    with _os_errors(target):
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
    temporary = Path(name)
    try:
        with _os_errors(target):
            yield temporary
            os.chmod(temporary, _mode_for(target))
            os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def atomic_text(path: str | Path) -> Iterator[IO[str]]:
    """A text stream (UTF-8, newlines as written) whose content replaces ``path`` atomically."""
    with atomic_path(path) as temporary, _os_errors(Path(path)), \
            temporary.open("w", encoding="utf-8", newline="") as stream:
        yield stream
        stream.flush()
        if temporary.is_file():
            os.fsync(stream.fileno())  # the bytes are on disk before the rename makes them the file


def _mode_for(target: Path) -> int:
    """The permissions the output gets: the old file's, else what the umask gives a new file."""
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def _os_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def guard_formula(value: Any) -> Any:
    """A CSV cell a spreadsheet will show as text: ``'`` before a leading ``= + - @``, tab or return."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def unguard_formula(value: Any) -> Any:
    """The cell as it was before :func:`guard_formula`."""
    if isinstance(value, str) and value.startswith("'") and _FORMULA.match(value[1:]):
        return value[1:]
    return value
