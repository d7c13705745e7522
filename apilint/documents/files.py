"""The files one run reads, whatever their format: each read once, within the size limit.

Reading is kept apart from what a format makes of the bytes (YAML and `$ref`s for
OpenAPI, SDL for GraphQL), and goes through one replaceable `reader`, so a run can
later read another version of the same files (through git, for `apilint diff`).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Callable, Protocol, TypeVar

from apilint.errors import InputError, error_text
from apilint.finding import Source

DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024
STDIN_NAME = "<stdin>"

SourceT = TypeVar("SourceT", bound=Source)


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read a file, refusing anything larger than `max_bytes` before reading it all."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path),
                f"file is {size / 1048576:.1f} MB, above the {max_bytes / 1048576:.0f} MB limit (--max-file-size)",
            )
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error_text(error)}") from None


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def file_problem(path: Path) -> str | None:
    """Why `path` is no file to read ("no such file or directory", "broken symbolic link (to
    x.yaml)", "not a regular file (a FIFO)", ...), or None. Never opens it: opening a FIFO
    waits for a writer forever."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return f"broken symbolic link (to {os.readlink(path)})" if path.is_symlink() else "no such file or directory"
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the name
        return f"cannot read: {error_text(error)}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory, not a file"
    return f"not a regular file ({next((kind for is_kind, kind in _SPECIAL_FILES if is_kind(mode)), 'special')})"


class Reader(Protocol):
    """Where a run's bytes come from: the file system, or (later) a git revision."""

    def read(self, path: Path, max_bytes: int) -> bytes:
        """The file's bytes; InputError when it cannot be read or is larger than `max_bytes`."""

    def problem(self, path: Path) -> str | None:
        """Why `path` is no file to read, or None (see `file_problem`)."""


class FileSystem:
    read = staticmethod(read_limited)
    problem = staticmethod(file_problem)


class FileSet:
    """Every source a run loaded, by key (the resolved path, or a URL), and the bytes behind them.

    Standard input is a file named <stdin> in the working directory: that is how findings name
    it, and its `$ref`s are relative to the working directory."""

    def __init__(self, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, reader: Reader | None = None):
        self.max_file_bytes = max_file_bytes
        self._reader = reader if reader is not None else FileSystem()
        self._sources: dict[str, Source] = {}
        self.stdin_path = Path.cwd().resolve() / STDIN_NAME
        self._stdin: bytes | None = None

    @property
    def sources(self) -> list[Source]:
        """In the order they were loaded."""
        return list(self._sources.values())

    def read(self, path: Path) -> bytes:
        return self.read_stdin() if path == self.stdin_path else self._reader.read(path, self.max_file_bytes)

    def problem(self, path: Path) -> str | None:
        """Why `path` is no file to read ("no such file or directory", ...), or None."""
        return self._reader.problem(path)

    def read_stdin(self) -> bytes:
        """Standard input, read once (within the size limit); it loads as `stdin_path`."""
        if self._stdin is None:
            limit = self.max_file_bytes
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                raise InputError(STDIN_NAME, "cannot read: standard input is closed")
            try:
                self._stdin = stream.read(limit + 1)
            except OSError as error:
                raise InputError(STDIN_NAME, f"cannot read: {error_text(error)}") from None
            if len(self._stdin) > limit:
                raise InputError(STDIN_NAME, f"more than the {limit / 1048576:.0f} MB limit (--max-file-size)")
        return self._stdin

    def source(self, key: str, make: Callable[[], SourceT]) -> SourceT:
        """The source loaded under `key`, made (and its bytes read) the first time only."""
        if key not in self._sources:
            self._sources[key] = make()
        return self._sources[key]  # type: ignore[return-value]

    def get(self, key: str) -> Source | None:
        return self._sources.get(key)
