"""Errors that end a run with exit code 2: bad input or bad usage, never a traceback."""

from __future__ import annotations

from typing import Iterable


class ApilintError(Exception):
    """Base for errors reported to the user as one line."""


class InputError(ApilintError):
    """A file cannot be read as what it claims to be. Names the file and, when known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path = printable(path)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class UsageError(ApilintError):
    """A command-line or configuration mistake."""


def error_text(error: Exception) -> str:
    """What went wrong, as one says it: an OSError's text without its errno and file name."""
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)


def undecodable_line(raw: bytes, error: UnicodeDecodeError) -> int:
    """The 1-based line of the first byte that is not UTF-8."""
    return raw[: error.start].count(b"\n") + 1


def clipped(text: str, limit: int) -> str:
    """`text`, cut to `limit` characters with an ellipsis when longer: for quoting in messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def printable(text: str) -> str:
    """Text every output can encode. Python keeps the bytes of a file name that are not UTF-8
    as lone surrogates, which no encoder accepts: show them as escapes (`caf\\xe9.yaml`)."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file name decodes to
        raw = text.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """"; did you mean 'x'?" for the closest known spelling, or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
