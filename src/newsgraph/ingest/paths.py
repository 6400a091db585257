"""What a path, directory or glob names on disk: each real file once, every other entry said.

`expand(source)` walks directories recursively and expands globs (`*`, `?`, `[…]` in any
part, `**` for any depth) itself, following symbolic links to folders but entering each
real folder once, so `ln -s . d/loop` neither loops nor reads a file twice; a file reached by
two paths is read once, under the shortest (then the first in name order). Every entry
found that is not a readable regular file — a dangling link, a FIFO, a device such as
/dev/zero, a socket — is named with the reason, so that the ingest records it instead of
skipping it in silence (reading a FIFO or /dev/zero would block or never end).

Names given to the store are `display_name(path)`: a file name that is not UTF-8 keeps its
bytes as `\\xff` escapes, so it can be stored, printed and found again on the next run.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Entry:
    """One path a source names: a regular file to read (reason None), or why not."""

    path: str
    reason: str | None = None

    @property
    def name(self) -> str:
        return display_name(self.path)


def display_name(path: str) -> str:
    """The path as text that can be stored: undecodable bytes as backslash escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _kind(mode: int) -> str:
    for test, what in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "not a regular file"


def _check(path: str) -> Entry:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Entry(path, "a symbolic link to nothing (dangling link)")
    except OSError as err:
        return Entry(path, f"cannot be read: {err.strerror or err}")
    if stat.S_ISREG(mode):
        return Entry(path)
    return Entry(path, f"{_kind(mode)}, not a regular file")


def _join(folder: str, name: str) -> str:
    return name if folder in ("", os.curdir) else os.path.join(folder, name)


def _is_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path or os.curdir).st_mode)
    except OSError:
        return False


def _listing(folder: str, hidden: bool = True) -> list[str]:
    try:
        names = sorted(os.listdir(folder or os.curdir))
    except OSError:
        return []
    return names if hidden else [n for n in names if not n.startswith(".")]


class _Walk:
    """Walks folders ("" is the current one), each real folder once (device and inode)."""

    def __init__(self) -> None:
        self.seen: set[tuple[int, int]] = set()

    def enter(self, folder: str) -> bool:
        """Whether `folder` is a folder not entered before (and is now entered)."""
        try:
            info = os.stat(folder or os.curdir)
        except OSError:
            return False
        key = (info.st_dev, info.st_ino)
        if not stat.S_ISDIR(info.st_mode) or key in self.seen:
            return False
        self.seen.add(key)
        return True

    def below(self, folder: str) -> Iterator[str]:
        """Every entry under `folder`, folders followed (each real one once)."""
        if not self.enter(folder):
            return
        for name in _listing(folder):
            path = _join(folder, name)
            if _is_dir(path):
                yield from self.below(path)
            else:
                yield path

    def folders(self, folder: str) -> Iterator[str]:
        """`folder` and every folder under it (what `**` matches, as glob: no hidden ones)."""
        if not self.enter(folder):
            return
        yield folder
        for name in _listing(folder, hidden=False):
            path = _join(folder, name)
            if _is_dir(path):
                yield from self.folders(path)

    def match(self, base: str, parts: list[str]) -> Iterator[str]:
        """The paths under `base` matching the glob parts (hidden names need a dot)."""
        if not parts:
            if base:
                yield base
            return
        head, rest = parts[0], parts[1:]
        if head == "**":
            for folder in list(self.folders(base)):
                yield from self.match(folder, rest)
                if not rest:
                    yield from (_join(folder, n) for n in _listing(folder, hidden=False))
            return
        if not GLOB_CHARS & set(head):
            path = _join(base, head)
            if os.path.lexists(path):
                yield from self.match(path, rest)
            return
        for name in _listing(base):
            if fnmatch.fnmatchcase(name, head) and (head[0] == "." or name[0] != "."):
                yield from self.match(_join(base, name), rest)


def _glob(source: str) -> list[str]:
    base = os.sep if source.startswith(os.sep) else ""
    return sorted(set(_Walk().match(base, [p for p in source.split(os.sep) if p])))


def expand(source: str) -> list[Entry] | None:
    """The entries a path, folder or glob names, in name order, each real file once;
    None when it names nothing at all."""
    paths = _glob(source) if GLOB_CHARS & set(source) else [source]
    paths = [p for p in paths if os.path.lexists(p)]
    if not paths:
        return None
    found: list[str] = []
    for path in (str(PurePath(p)) for p in paths):  # "./d/" → "d", as pathlib names it
        found += _Walk().below(path) if _is_dir(path) else [path]
    best: dict[tuple[int, int], str] = {}
    for path in found:  # one path per file (or FIFO, device …): the shortest, then by name
        key = _identity(path)
        if key not in best or _shorter(path, best[key]):
            best[key] = path
    return [_check(path) for path in sorted(best.values())]


def _shorter(path: str, other: str) -> bool:
    return (path.count(os.sep), path) < (other.count(os.sep), other)


def _identity(path: str) -> tuple[int, int]:
    """(device, inode) of what the path leads to; of the link itself when it leads nowhere."""
    try:
        info = os.stat(path)
    except OSError:
        info = os.lstat(path)
    return info.st_dev, info.st_ino
