"""Loaders, one per API format, and the registry that picks one for each file.

A format claims files by name and a peek at their first bytes, and loads them into
a document whose typed view its rules read. GraphQL and protobuf plug in here by
adding a `Format` to the list `formats()` returns; the engine does not change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from apilint.documents.workspace import Workspace
from apilint.finding import Node

PEEK_BYTES = 64 * 1024


class Document(Protocol):
    """What the runner needs of any loaded document."""

    format: str  # the rule format it is checked with: "openapi", "graphql", "proto"
    root: Node  # where findings about the document as a whole go


class Format(Protocol):
    name: str
    extensions: tuple[str, ...]

    def claims(self, path: Path, head: bytes, size: int) -> bool:
        """Is this file a document of this format? `head` is its first PEEK_BYTES bytes, of `size`."""

    def load(self, path: Path, workspace: Workspace) -> Document: ...


def formats() -> list[Format]:
    from apilint.documents.openapi import OpenAPIFormat

    return [OpenAPIFormat()]


def format_for(path: Path, head: bytes, size: int, by_content: bool = False) -> Format | None:
    """The format that claims the file, among those for its extension (or any, `by_content`: a
    file named explicitly, whatever its name, and standard input, which has none)."""
    for candidate in formats():
        if (by_content or path.suffix.lower() in candidate.extensions) and candidate.claims(path, head, size):
            return candidate
    return None
