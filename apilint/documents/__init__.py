"""Loaders, one per API format, and the registry that picks one for each file.

A format claims files by name and a peek at their first bytes, and loads all the
files it claimed in a run at once (a GraphQL schema is often split over several
files; protobuf compiles file sets) into documents whose typed view its rules read.
GraphQL and protobuf plug in here by adding a `Format` to the list `formats()`
returns; the engine does not change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Protocol

from apilint.documents.files import FileSet
from apilint.documents.workspace import LoadOptions
from apilint.errors import InputError
from apilint.finding import Node
from apilint.registry import Option

PEEK_BYTES = 64 * 1024


class Document(Protocol):
    """What the runner needs of any loaded document."""

    format: str  # the rule format it is checked with: "openapi", "graphql", "proto"
    root: Node  # where findings about the document as a whole go


@dataclass
class LoadContext:
    """What a format may use to load its files."""

    files: FileSet  # read every file through it: once, within the size limit
    options: LoadOptions
    named: list[Path] = field(default_factory=list)  # the paths the user named (files and directories)
    settings: dict[str, Any] = field(default_factory=dict)  # the format's config section, defaults filled in
    base_dir: Path = Path()  # where the globs and paths of the config are relative to
    operations: list[str] = field(default_factory=list)  # GraphQL operation documents (--operations globs)
    proto_paths: list[Path] = field(default_factory=list)  # protobuf import roots (--proto-path)


class Format(Protocol):
    name: str
    extensions: tuple[str, ...]
    settings: dict[str, Option]  # the keys of its section in the configuration (`graphql:`)

    def claims(self, path: Path, head: bytes, size: int) -> bool:
        """Is this file a document of this format? `head` is its first PEEK_BYTES bytes, of `size`."""

    def load_all(self, paths: list[Path], context: LoadContext) -> Iterator[Document | InputError]:
        """Every document the claimed files make, or the error that stopped one from loading;
        lazily, so the runner checks each before the next is loaded."""


def formats() -> list[Format]:
    from apilint.documents.graphql import GraphQLFormat
    from apilint.documents.openapi import OpenAPIFormat
    from apilint.documents.proto import ProtoFormat

    return [OpenAPIFormat(), GraphQLFormat(), ProtoFormat()]


def format_for(path: Path, head: bytes, size: int, by_content: bool = False) -> Format | None:
    """The format that claims the file, among those for its extension (or any, `by_content`: a
    file named explicitly, whatever its name, and standard input, which has none)."""
    for candidate in formats():
        if (by_content or path.suffix.lower() in candidate.extensions) and candidate.claims(path, head, size):
            return candidate
    return None
