"""Which files an ingest reads, and reading one of them without hanging or running away.

A corpus folder is untrusted input. So:

- folders are walked without following a symbolic link that leads out of them (a link to ``..`` or to
  ``/etc/passwd`` is named and skipped; ``follow_symlinks=True`` follows links, each folder once, so a
  link loop still ends);
- glob patterns (``'articles/**/*.txt'``) are matched while walking, with the same rules: the standard
  library's ``glob`` follows every symlinked folder with no loop guard, so a link to ``..`` never ends;
- only regular files are read: a FIFO, a socket or a device (``/dev/zero``) is named and skipped, and the
  check is made on the opened file (``fstat``), so nothing can be swapped in between the check and the read;
- the size limit bounds what is *read*, not what ``stat`` says (``/proc`` files and devices report 0).

A path given by name (not found by walking) is the user's choice: it is read even through a link, but it
must still be a regular file.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterator
from fnmatch import fnmatchcase
from pathlib import Path

from ..errors import InputRejected
from .outcomes import Rejected

_FILE_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket",
               stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device", stat.S_IFDIR: "a folder"}


def display_path(path: str | Path) -> str:
    """A path as text that can always be stored and printed: bytes that are not UTF-8 shown as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def expand_paths(specs: list[str | Path], *, follow_symlinks: bool = False
                 ) -> Iterator[Path | Rejected]:
    """Files from files, folders (recursive) and glob patterns, in a stable order.

    Yields a ``Rejected`` for a link out of a folder, a broken link, an unreadable folder or a pattern
    that matches nothing.
    """
    for spec in specs:
        text = os.fspath(spec)
        if glob.has_magic(text):
            found = list(_expand_pattern(text, follow_symlinks))
            if not found:
                yield Rejected(display_path(text), "unreadable", "no file matches this pattern")
            yield from found
        elif os.path.isdir(text):
            yield from _walk(Path(text), None, follow_symlinks)
        else:
            yield Path(text)


def _expand_pattern(pattern: str, follow_symlinks: bool) -> Iterator[Path | Rejected]:
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = Path(*parts[:fixed]) if fixed else Path(".")
    if os.path.isdir(root):
        yield from _walk(root, parts[fixed:], follow_symlinks)


def _walk(root: Path, pattern: tuple[str, ...] | None, follow_symlinks: bool) -> Iterator[Path | Rejected]:
    """Every file under ``root`` (matching ``pattern`` relative to it, when given), sorted by path."""
    real_root = os.path.realpath(root)
    seen_folders = {_identity(root)}
    found: list[tuple[str, Path | Rejected]] = []
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while stack:
        folder, relative = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.append((str(folder), Rejected(display_path(folder), "unreadable", _reason(exc))))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files and folders (.git, .DS_Store, the store itself)
            path, parts = Path(entry.path), (*relative, entry.name)
            if pattern is not None and not _may_match(parts, pattern):
                continue
            if entry.is_symlink() and not follow_symlinks:
                rejected = _inside_link(path, real_root)
                if rejected is not None:
                    found.append((entry.path, rejected))
                    continue
                if os.path.isdir(path):
                    continue  # a link to a folder inside the root: that folder is walked anyway
            if os.path.isdir(path):
                identity = _identity(path)
                if identity not in seen_folders:  # a followed link loop ends here
                    seen_folders.add(identity)
                    stack.append((path, parts))
            elif pattern is None or any(_matches(parts[:k], pattern) for k in range(1, len(parts) + 1)):
                found.append((entry.path, path))  # the file, or a folder above it, matches
    for _, item in sorted(found, key=lambda pair: Path(pair[0]).parts):
        yield item


def _inside_link(path: Path, real_root: str) -> Rejected | None:
    """None when the link ``path`` leads inside ``real_root``; else why it is skipped."""
    target = os.path.realpath(path)
    if not os.path.exists(target):
        return Rejected(display_path(path), "unreadable", "a broken symbolic link")
    if os.path.commonpath([real_root, target]) != real_root:
        return Rejected(display_path(path), "symlink", f"a symbolic link out of the folder (to "
                        f"{display_path(target)}); --follow-symlinks reads it")
    return None


def _identity(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


def _matches(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Whether a relative path matches a glob pattern, ``**`` standing for any number of folders."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_matches(parts[i:], pattern[1:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatchcase(parts[0], pattern[0]) and _matches(parts[1:], pattern[1:])


def _may_match(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Whether ``parts`` matches, or is a folder inside which something may match, or inside a match.

    A folder matched by the pattern (``articles/*`` matching ``articles/reuters``) is read whole.
    """
    if not pattern or not parts or pattern[0] == "**":
        return True  # a folder above matched, or something deeper still may
    return fnmatchcase(parts[0], pattern[0]) and _may_match(parts[1:], pattern[1:])


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most ``max_bytes``; raises ``InputRejected`` for anything else."""
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever; regular files ignore it.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputRejected("unreadable", _reason(exc)) from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            kind = _FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise InputRejected("not_regular", f"{kind}, not a regular file")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise InputRejected("unreadable", _reason(exc)) from None
    if len(data) > max_bytes:
        raise InputRejected("too_large", f"more than the {max_bytes:,}-byte limit (--max-mb)")
    return data


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
