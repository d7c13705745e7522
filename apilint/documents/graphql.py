"""GraphQL schemas (SDL files, or introspection JSON) and operation documents, and the view rules read.

A schema is often split over several files, and operations live in others: the format
loads every file it claimed in a run at once and groups them (graphql_loading.py, imported
only when GraphQL files are checked). Each file is a `GraphQLSource`, whose pointers are
schema coordinates: `("Query", "user", "id")` is `Query.user(id:)`. graphql-core is
imported only when a GraphQL file is loaded: `import graphql` costs ~250 ms that an
OpenAPI run must not pay.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from apilint.documents.source import display_path
from apilint.errors import InputError
from apilint.finding import Finding, IgnoreMarker, Location, Node, Pointer, Span
from apilint.registry import Option

if TYPE_CHECKING:
    from graphql import DocumentNode, GraphQLError, GraphQLSchema
    from graphql.language import Node as AstNode

    from apilint.documents import LoadContext

SDL_EXTENSIONS = (".graphql", ".graphqls", ".gql")
SCHEMA = "schema"  # the coordinate of the schema definition itself (`schema { query: Query }`)
# An introspection result: `{"data": {"__schema": ...}}` or `{"__schema": ...}`.
INTROSPECTION = re.compile(rb'^\s*\{\s*(?:"data"\s*:\s*\{\s*)?"__schema"\s*:')
# `# apilint: ignore[rule-a, rule-b] reason`
_IGNORE_COMMENT = re.compile(r"#\s*apilint:\s*ignore\b(?P<rest>.*)$")  # matched at a comment's start
_IGNORE_BODY = re.compile(r"\[(?P<ids>[^\]]*)\]\s*(?P<reason>.*)$")
IGNORE_SYNTAX = "apilint: ignore"
EXECUTABLE = ("operation_definition", "fragment_definition")


_LINE_BREAK = re.compile(r"\r\n|[\n\r]")  # the specification's LineTerminator


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts."""
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def position(starts: list[int], offset: int) -> tuple[int, int]:
    """(line, column) of a character offset, both from 1, given the text's `line_starts`."""
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def coordinate_text(pointer: Pointer) -> str:
    """The schema coordinate users read: `User`, `User.name`, `Query.user(id:)`, `@key(fields:)`."""
    if not pointer:
        return ""
    text = str(pointer[0])
    if len(pointer) >= 2:
        text += f"({pointer[1]}:)" if text.startswith("@") else f".{pointer[1]}"
    if len(pointer) >= 3:
        text += f"({pointer[2]}:)"
    return text


def coordinate_kind(pointer: Pointer) -> str:
    """What a coordinate names, as a SARIF logical location kind."""
    if not pointer:
        return "module"  # the file as a whole
    first = str(pointer[0])
    if first == "#":
        return "comment"  # an `# apilint: ignore` comment
    if first == SCHEMA or first.startswith(("query ", "mutation ", "subscription ", "fragment ")):
        return "declaration" if first == SCHEMA else "function"
    if first.startswith("@"):
        return "parameter" if len(pointer) >= 2 else "declaration"
    return ("type", "member", "parameter")[min(len(pointer), 3) - 1]


class GraphQLSource:
    """One GraphQL file: its text, its parsed document, and coordinate -> position on demand.

    Positions count characters (graphql-core's offsets), columns from 1 as editors do."""

    def __init__(self, path: Path, text: str, document: "DocumentNode"):
        self.path = path
        self.display = display_path(path)
        self.text = text
        self.document = document
        self._comments: dict[int, Span] = {}  # line -> the `# apilint: ignore` comment on it

    def __repr__(self) -> str:
        return f"GraphQLSource({self.display!r})"

    @property
    def root(self) -> Node:
        return Node(self, ())

    @cached_property
    def executable(self) -> bool:
        """Only operations and fragments: an operations document, checked against a schema."""
        return bool(self.document.definitions) and all(definition.kind in EXECUTABLE for definition in self.document.definitions)

    @cached_property
    def defines_root(self) -> bool:
        """Does this file start a schema: a `schema { }` definition, or `type Query`?"""
        return any(
            definition.kind == "schema_definition"
            or (definition.kind == "object_type_definition" and definition.name.value == "Query")
            for definition in self.document.definitions
        )

    @cached_property
    def mixed(self) -> bool:
        """Type definitions and operations in one file."""
        kinds = {definition.kind in EXECUTABLE for definition in self.document.definitions}
        return kinds == {True, False}

    @cached_property
    def index(self) -> dict[Pointer, "AstNode"]:
        """Every named thing this file defines or extends, by coordinate: its definition node.
        A coordinate defined twice (an invalid schema) keeps its first definition."""
        index: dict[Pointer, Any] = {}
        for definition, pointer in _definitions(self.document):
            index.setdefault(pointer, definition)
        return index

    @cached_property
    def _line_starts(self) -> list[int]:
        return line_starts(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of a character offset, both from 1."""
        return position(self._line_starts, offset)

    def span_of(self, pointer: Pointer) -> Span | None:
        """Where the name of the thing at `pointer` is written, or of its nearest ancestor; for
        ("#", line), where the `# apilint: ignore` comment on that line is."""
        if pointer[:1] == ("#",):
            return self._comments.get(int(pointer[1]))
        while pointer:
            node = self.index.get(pointer)
            if node is not None:
                named = getattr(node, "name", None) or node
                if named.loc is not None:
                    return named.loc.start, named.loc.end
            pointer = pointer[:-1]
        return None

    @cached_property
    def _extents(self) -> tuple[list[int], list[tuple[int, Pointer]]]:
        """Every definition's start offset, in order, and its (end, coordinate): repeated
        definitions included (the index keeps the first)."""
        extents = sorted((node.loc.start, node.loc.end, pointer) for node, pointer in _definitions(self.document) if node.loc)
        return [start for start, _, _ in extents], [(end, pointer) for _, end, pointer in extents]

    def pointer_at(self, offset: int) -> Pointer:
        """The coordinate of the innermost definition written around `offset` (() when none is):
        of those around it, the one that starts last."""
        starts, ends = self._extents
        for index in range(bisect.bisect_right(starts, offset) - 1, -1, -1):
            end, pointer = ends[index]
            if offset < end:
                return pointer
        return ()

    def locations(self, pointers: list[Pointer], spans: list[Span | None] | None = None) -> list[Location]:
        found = []
        for pointer, span in zip(pointers, spans or [None] * len(pointers)):
            span = span or self.span_of(tuple(pointer))
            start, end = span if span is not None else (0, 0)
            line, column = self.position(start)
            end_line, end_column = self.position(end)
            found.append(
                Location(self.display, line, column, end_line, end_column, coordinate_text(pointer), coordinate_kind(pointer))
            )
        return found

    def ignore_markers(self, kind: str = "lint") -> list[IgnoreMarker]:
        """`# apilint: ignore[rule-id] reason` on the line above a definition (or above its
        description), or at the end of its line: it covers that definition (the outermost one
        starting on that line) and all below it. Comments are read from graphql-core's tokens,
        so `#` inside a string or a description is no comment. (No breaking changes yet.)"""
        if kind != "lint" or "apilint" not in self.text:
            return []
        starts: dict[int, Pointer] = {}  # line -> the shortest coordinate defined (or named) there
        for node, pointer in _definitions(self.document):
            for where in (node, getattr(node, "name", None)):
                if where is not None and where.loc is not None:
                    line = where.loc.start_token.line
                    if line not in starts or len(pointer) < len(starts[line]):
                        starts[line] = pointer
        markers = []
        token = self.document.loc.start_token if self.document.loc else None
        while token is not None:
            match = _IGNORE_COMMENT.match("#" + token.value) if token.kind.value == "Comment" else None
            if match is not None:
                markers.append(self._marker(token, match, starts))
            token = token.next
        return markers

    def _marker(self, comment: Any, match: re.Match, starts: dict[int, Pointer]) -> IgnoreMarker:
        self._comments[comment.line] = (comment.start, comment.end)
        marker_node = Node(self, ("#", comment.line))
        target = comment.line
        if comment.prev is None or comment.prev.kind.value == "<SOF>" or comment.prev.line < comment.line:
            following = comment.next  # a comment line: it covers the definition below it
            while following is not None and following.kind.value == "Comment":
                following = following.next
            target = following.line if following is not None else 0
        scope = starts.get(target)
        body = _IGNORE_BODY.match(match.group("rest").strip())
        problem = ""
        entries = None
        if scope is None:
            problem = f"{IGNORE_SYNTAX} must be on the line above a definition, or at the end of its line"
        elif body is None:
            problem = f"{IGNORE_SYNTAX} takes rule ids in brackets: # apilint: ignore[rule-id] reason"
        else:
            ids = [item.strip() for item in body.group("ids").split(",") if item.strip()]
            reason = body.group("reason").strip()
            entries = tuple((rule_id, reason, marker_node) for rule_id in ids) or None
            if entries is None:
                problem = f"{IGNORE_SYNTAX}[] names no rule"
        return IgnoreMarker(Node(self, scope or ("#", comment.line)), marker_node, IGNORE_SYNTAX, entries, problem)


def _definitions(document: "DocumentNode") -> Iterator[tuple[Any, Pointer]]:
    """Every definition in an SDL or operations document with its coordinate."""
    for definition in document.definitions:
        kind = definition.kind
        if kind in ("operation_definition", "fragment_definition"):
            yield definition, (operation_name(definition),)
            continue
        if kind in ("schema_definition", "schema_extension"):
            yield definition, (SCHEMA,)
            continue
        if kind == "directive_definition":
            name = "@" + definition.name.value
            yield definition, (name,)
            for argument in definition.arguments or ():
                yield argument, (name, argument.name.value)
            continue
        name = definition.name.value
        yield definition, (name,)
        for member in getattr(definition, "fields", None) or ():
            yield member, (name, member.name.value)
            for argument in getattr(member, "arguments", None) or ():
                yield argument, (name, member.name.value, argument.name.value)
        for value in getattr(definition, "values", None) or ():
            yield value, (name, value.name.value)


def operation_name(definition: Any) -> str:
    """How an operation or fragment is named in findings: `query GetUser`, `fragment UserFields`."""
    if definition.kind == "fragment_definition":
        return f"fragment {definition.name.value}"
    name = definition.name.value if definition.name else "(anonymous)"
    return f"{definition.operation.value} {name}"


def fragments_by_name(sources: Iterable[GraphQLSource]) -> dict[str, Any]:
    """The fragments operations files define, by name (the first of a name: a repeated one is
    graphql-operation-valid's)."""
    fragments: dict[str, Any] = {}
    for source in sources:
        for definition in source.document.definitions:
            if definition.kind == "fragment_definition":
                fragments.setdefault(definition.name.value, definition)
    return fragments


def fragment_spreads(selection_set: Any) -> list[str]:
    """The names of the fragments spread anywhere in a selection set, in order (iterative:
    selections nest deeper than Python's stack)."""
    names, stack = [], [selection_set]
    while stack:
        for selection in reversed(stack.pop().selections):
            if selection.kind == "fragment_spread":
                names.append(selection.name.value)
            elif selection.selection_set is not None:
                stack.append(selection.selection_set)
    return names


@dataclass
class OperationsFile:
    """An operations document, validated against the schema it was grouped with."""

    source: GraphQLSource
    errors: list["GraphQLError"] = field(default_factory=list)


class GraphQLSchemaDocument:
    """One schema (from one or several files) and the operations checked against it."""

    format = "graphql"

    def __init__(
        self,
        sources: list[GraphQLSource],
        schema: "GraphQLSchema",
        sdl_errors: list["GraphQLError"],
        operations: list[OperationsFile],
        settings: dict[str, Any],
        fragments: dict[str, Any] | None = None,
    ):
        self.sources = sources
        self.schema = schema
        self.sdl_errors = sdl_errors  # what graphql-core's validation says of the SDL
        self.operations = operations
        self.settings = settings
        # Every fragment of the operations files by name, as `fragments_by_name` gives them.
        self.fragments = fragments if fragments is not None else fragments_by_name(f.source for f in operations)
        self._by_source = {id(source.document.loc.source): source for source in sources if source.document and source.document.loc}
        for operations_file in operations:
            if operations_file.source.document.loc:
                self._by_source[id(operations_file.source.document.loc.source)] = operations_file.source

    @property
    def root(self) -> Node:
        return Node(self.sources[0], ())

    def source_of(self, ast_node: "AstNode") -> GraphQLSource | None:
        return self._by_source.get(id(ast_node.loc.source)) if ast_node.loc else None

    def error_finding(
        self, error: "GraphQLError", message: str | None = None, *, primary: int = 0, related_label: str = "and here"
    ) -> Finding | None:
        """A finding at the place of graphql-core's error numbered `primary` (the others related,
        as `related_label`), with the error's message unless another is given. None when the
        error has no place. graphql-core names a thing defined twice first where it is defined
        first: `primary=-1` puts the finding at the repeat, where the user edits."""
        places = []
        for offset in error.positions or ():
            source = self._by_source.get(id(error.source)) if error.source is not None else None
            if source is not None:
                places.append((Node(source, source.pointer_at(offset)), (offset, offset)))
        if error.nodes:  # each node its own source: an error may span several files
            places = []
            for ast_node in error.nodes:
                source = self.source_of(ast_node)
                if source is not None:
                    start = ast_node.loc.start
                    if ast_node.kind.endswith(("_definition", "_extension")) and getattr(ast_node, "name", None):
                        ast_node = ast_node.name  # a definition is where its name is, not its description
                    places.append((Node(source, source.pointer_at(start)), (ast_node.loc.start, ast_node.loc.end)))
        if not places:
            return None
        node, span = places.pop(primary)
        return node.finding(message or error.message, span=span, related=[(other, related_label, at) for other, at in places])

    def node(self, pointer: Pointer, ast_node: "AstNode | None" = None) -> Node:
        """The node for a coordinate, in the file whose `ast_node` defines it (the first file that
        defines it when none is given)."""
        source = self.source_of(ast_node) if ast_node is not None else None
        if source is None:
            source = next((s for s in self.sources if pointer[:1] in s.index or pointer in s.index), self.sources[0])
        return Node(source, pointer)


class GraphQLFormat:
    name = "graphql"
    extensions = (*SDL_EXTENSIONS, ".json")
    settings = {
        "schema": Option([]),  # globs of the files that make one schema, relative to the config file
        "operations": Option([]),  # globs of operation documents to check against it
        "max-depth": Option(0),  # the server's query depth limit; 0: none declared
        "max-cost": Option(0),  # the server's query cost limit; 0: none declared
        "max-page-size": Option(0),  # the server-side bound of first/last on every list; 0: none
        "assumed-list-size": Option(1),  # the size graphql-operation-cost assumes for a list nothing sizes
        # the arguments that set a list's size (fnmatch patterns; number arguments only)
        "slicing-arguments": Option(["first", "last", "limit", "size", "count", "take", "perPage", "per_page", "pageSize", "max*"]),
    }

    def claims(self, path: Path, head: bytes, size: int) -> bool:
        if path.suffix.lower() in SDL_EXTENSIONS:
            return b"\x00" not in head and bool(head.strip())
        return bool(INTROSPECTION.match(head.lstrip(b"\xef\xbb\xbf")))

    def load_all(self, paths: list[Path], context: "LoadContext") -> Iterator["GraphQLSchemaDocument | InputError"]:
        from apilint.documents.graphql_loading import load_schemas

        return load_schemas(paths, context)
