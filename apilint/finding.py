"""What a rule reports: severity, location and the finding itself.

Findings are format-neutral. A rule names the node it is unhappy with (a `Node`:
a `Source` + a pointer in it, a JSON pointer or a GraphQL schema coordinate); the
runner turns that into a physical `Location` (file, line, column) only for the
findings that survive filtering, because computing line numbers is the one
expensive step and most nodes never need it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple, Protocol


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


Pointer = tuple  # tuple[str | int, ...]: a JSON pointer split into its tokens
_new_tuple = tuple.__new__  # builds a named tuple without its Python-level __new__


def format_pointer(pointer: Pointer) -> str:
    """RFC 6901 text form: ("paths", "/users") -> "/paths/~1users"."""
    return "".join("/" + str(token).replace("~", "~0").replace("/", "~1") for token in pointer)


def parse_pointer(text: str) -> Pointer:
    """Inverse of format_pointer; "" and "#" are the document root."""
    text = text.lstrip("#")
    if not text:
        return ()
    if not text.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {text!r}")
    return tuple(token.replace("~1", "/").replace("~0", "~") for token in text[1:].split("/"))


Span = tuple[int, int]  # [start, end) offsets in a source, in the units the source counts in


class Source(Protocol):
    """One file a format loaded: what the engine needs to place, name and suppress findings.

    Each format brings its own: a YAML/JSON file (`documents.source.SourceFile`), a GraphQL
    file. The pointer space is the source's own (JSON pointers, schema coordinates)."""

    path: Path  # absolute
    display: str  # as findings name it

    def locations(self, pointers: list[Pointer], spans: list[Span | None]) -> list["Location"]:
        """Where each pointer is (or the span given for it, which wins), computed in one batch."""

    def ignore_markers(self, kind: str = "lint") -> list["IgnoreMarker"]:
        """The inline suppressions written in this file, in the format's own syntax: of lint
        findings (`x-apilint-ignore`), or of breaking changes (kind "breaking", accepted with
        `x-apilint-accept-breaking`)."""


@dataclass(frozen=True)
class IgnoreMarker:
    """An inline suppression: it silences the rules it names for `scope` and everything below it.
    `entries`: (rule id as written, reason or "", where the id is written); None when the marker
    has no form the format accepts, which `problem` then explains."""

    scope: "Node"
    written_at: "Node"
    syntax: str  # how users see it in messages: "x-apilint-ignore", "apilint: ignore"
    entries: tuple[tuple[str, str, "Node"], ...] | None
    problem: str = ""


class Node(NamedTuple):
    """A place in a loaded document: the source it lives in and its pointer there.

    A named tuple, not a dataclass: the view makes tens of thousands of them for a big
    spec, and this is half the cost of a frozen dataclass while just as immutable."""

    source: Source
    pointer: Pointer

    def child(self, *tokens: str | int) -> "Node":
        return _new_tuple(Node, (self.source, self.pointer + tokens))

    def finding(
        self,
        message: str,
        *,
        suggestion: str | None = None,
        severity: "Severity | None" = None,
        span: tuple[int, int] | None = None,
        related: Iterable[tuple["Node", str] | tuple["Node", str, Span | None]] = (),
    ) -> "Finding":
        """A finding at this node. The runner stamps the rule id, and the rule's default severity
        unless one is given here (a rule may grade its own findings, e.g. info for a borderline
        case); a severity the user sets for the rule in config overrides both. `span`, `related`:
        see Finding."""
        return Finding(
            rule_id="",
            severity=severity,
            message=message,
            node=self,
            suggestion=suggestion,
            span=span,
            related=tuple((place[0], place[1], place[2] if len(place) > 2 else None) for place in related),
        )


def operations_phrase(operations: tuple[str, ...]) -> str:
    """The operations a breaking change concerns, as its message names them: "GET /a", "GET /a and
    3 other operations" ("" for none)."""
    if not operations:
        return ""
    others = len(operations) - 1
    return operations[0] + (f" and {others} other operation{'s' * (others > 1)}" if others else "")


@dataclass(frozen=True)
class Location:
    """Where a user must edit: 1-based line and column, like editors and SARIF."""

    path: str  # as shown to the user (relative to the working directory when possible)
    line: int
    column: int
    end_line: int
    end_column: int
    pointer: str  # logical location: JSON pointer, schema coordinate or full name
    kind: str = "member"  # what the pointer names, as SARIF's logicalLocation.kind: type, member, parameter...


@dataclass
class Finding:
    rule_id: str
    severity: Severity  # None only between a rule yielding it and the runner grading it
    message: str
    node: Node | None = None
    suggestion: str | None = None
    location: Location | None = None
    # Set when an inline `x-apilint-ignore` covers this finding: the reason given there.
    suppressed_reason: str | None = None
    # Offsets [start, end) in node.source, for the rare finding its pointer cannot place: a
    # repeated key shares its pointer with the entry kept. Loading records them; the runner locates.
    span: Span | None = None
    # Other places the finding points at, each with a short label ("first used here") and a span
    # where its node cannot place it: a rule names them as nodes, never as line numbers in its
    # message; the runner locates them.
    related: tuple[tuple[Node, str, Span | None], ...] = ()
    related_locations: tuple[tuple[Location, str], ...] = ()
    # A breaking change's: the operations it concerns (a changelog groups by them), and where an
    # inline suppression covers it when not at its node (a removal is reported in the old version
    # and accepted in the new one).
    subjects: tuple[str, ...] = ()
    suppress_at: Node | None = None

    @property
    def suppressed(self) -> bool:
        return self.suppressed_reason is not None

    def sort_key(self) -> tuple:
        loc = self.location
        if loc is None:
            return ("", 0, 0, self.rule_id)
        return (loc.path, loc.line, loc.column, self.rule_id, self.message)
