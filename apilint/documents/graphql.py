"""GraphQL schemas (SDL files, or introspection JSON) and operation documents, and the view rules read.

A schema is often split over several files, and operations live in others: the format
loads every file it claimed in a run at once and groups them (see `_Plan`). Each file
is a `GraphQLSource`, whose pointers are schema coordinates: `("Query", "user", "id")`
is `Query.user(id:)`. graphql-core is imported only here, and only when a GraphQL file
is loaded: `import graphql` costs ~250 ms that an OpenAPI run must not pay.
"""

from __future__ import annotations

import bisect
import glob
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from apilint.documents.source import display_path
from apilint.errors import InputError
from apilint.finding import Finding, IgnoreMarker, Location, Node, Pointer, Span
from apilint.registry import Option

if TYPE_CHECKING:
    from graphql import DocumentNode, GraphQLError, GraphQLSchema
    from graphql.language import Node as AstNode

    from apilint.documents import LoadContext
    from apilint.documents.source import SourceFile

SDL_EXTENSIONS = (".graphql", ".graphqls", ".gql")
SCHEMA = "schema"  # the coordinate of the schema definition itself (`schema { query: Query }`)
# An introspection result: `{"data": {"__schema": ...}}` or `{"__schema": ...}`.
_INTROSPECTION = re.compile(rb'^\s*\{\s*(?:"data"\s*:\s*\{\s*)?"__schema"\s*:')
# `# apilint: ignore[rule-a, rule-b] reason`
_IGNORE_COMMENT = re.compile(r"#\s*apilint:\s*ignore\b(?P<rest>.*)$")  # matched at a comment's start
_IGNORE_BODY = re.compile(r"\[(?P<ids>[^\]]*)\]\s*(?P<reason>.*)$")
IGNORE_SYNTAX = "apilint: ignore"
_EXECUTABLE = ("operation_definition", "fragment_definition")


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
        return bool(self.document.definitions) and all(definition.kind in _EXECUTABLE for definition in self.document.definitions)

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
        kinds = {definition.kind in _EXECUTABLE for definition in self.document.definitions}
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
        return [0, *(match.end() for match in re.finditer(r"\r\n|[\n\r]", self.text))]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of a character offset, both from 1."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

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

    def ignore_markers(self) -> list[IgnoreMarker]:
        """`# apilint: ignore[rule-id] reason` on the line above a definition (or above its
        description), or at the end of its line: it covers that definition (the outermost one
        starting on that line) and all below it. Comments are read from graphql-core's tokens,
        so `#` inside a string or a description is no comment."""
        if "apilint" not in self.text:
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
    ):
        self.sources = sources
        self.schema = schema
        self.sdl_errors = sdl_errors  # what graphql-core's validation says of the SDL
        self.operations = operations
        self.settings = settings
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
    }

    def claims(self, path: Path, head: bytes, size: int) -> bool:
        if path.suffix.lower() in SDL_EXTENSIONS:
            return b"\x00" not in head and bool(head.strip())
        return bool(_INTROSPECTION.match(head.lstrip(b"\xef\xbb\xbf")))

    def load_all(self, paths: list[Path], context: "LoadContext") -> Iterator["GraphQLSchemaDocument | InputError"]:
        return load_schemas(paths, context)


def load_schemas(paths: list[Path], context: "LoadContext") -> Iterator["GraphQLSchemaDocument | InputError"]:
    """Parse every claimed file (a syntax error is an input error), group them into schemas with
    their operations (see `_Plan`), and build each schema however invalid its SDL (see
    `build_schema`)."""
    _speed_up_error_locations()
    plan = _Plan(paths, context)
    groups = plan.groups()
    yield from plan.errors
    for schema_sources, operation_sources in groups:
        if not schema_sources:
            for source in operation_sources:
                yield InputError(
                    source.display,
                    "an operations document, and no schema to check it against: name the schema's files too, "
                    "or set `graphql.schema` in the configuration",
                )
            continue
        try:
            schema, sdl_errors = build_schema(schema_sources)
        except InputError as error:  # a malformed introspection result
            yield error
            continue
        operations = [OperationsFile(source, _validate(schema, source)) for source in operation_sources]
        yield GraphQLSchemaDocument(schema_sources, schema, sdl_errors, operations, context.settings)


def _speed_up_error_locations() -> None:
    """graphql-core gives each error its line and column by counting lines from the start of
    the text, in Python: 0.03 s per error in a 1 MB schema (GitHub's has 14 SDL errors, 0.4 s).
    Replace that with a lookup in a table of line starts, made once per text; same results."""
    from graphql.language import location

    if getattr(location.get_locations, "apilint", False):
        return
    tables: dict[int, tuple[Any, list[int]]] = {}  # id(source) -> (source, its line starts)

    def get_locations(places: Any) -> list[Any]:
        found = []
        for source, position in places:
            table = tables.get(id(source))
            if table is None or table[0] is not source:
                table = tables[id(source)] = (source, [0, *(m.end() for m in location._re_newline.finditer(source.body))])
            line = bisect.bisect_right(table[1], position)
            found.append(location.SourceLocation(line, position + 1 - table[1][line - 1]))
        return found

    get_locations.apilint = True  # type: ignore[attr-defined]
    location.get_locations = get_locations


class _Plan:
    """Which files make which schema, and which operations are checked against it:

    1. `graphql.schema` (globs, relative to the config file) names the files of one schema.
       When a file of the run is one of them, or an operations document of `graphql.operations`,
       the whole configured schema is read, with those operations: pre-commit passes only the
       files that changed, and one changed file is checked with its whole schema.
    2. The files named on the command line make one schema (with the operations documents among
       them).
    3. The files found in a named directory are grouped by directory: each file that defines the
       query root (`type Query`, or a `schema { }` definition) starts a schema, and every other
       file (types, `extend type Query`, operations) joins the schemas whose root files are in
       its own directory or, when there are none there, in the nearest directory above it. So a
       schema split over sibling files is one schema, and independent schemas in their own files
       or directories stay apart. A file with no root above it joins the named files' schema,
       or, when there is none, the other such files.
    4. Operations documents of `graphql.operations` and `--operations` are checked against the
       configured schema; without one, against the named files' schema, or the only schema.

    A file mixing type definitions and operations is a schema file whose operations are
    checked against its schema too. An introspection result (JSON) is a whole schema, never
    merged with SDL files; operations join it as they join a root file."""

    def __init__(self, paths: list[Path], context: "LoadContext"):
        self.context = context
        self.errors: list[InputError] = []
        self.sources: dict[Path, GraphQLSource] = {}
        for path in paths:
            self._read(path)
        claimed = [path.resolve() for path in paths]
        named = {path.resolve() for path in context.named}
        settings = context.settings
        schema_paths = self._expand(settings.get("schema") or [], context.base_dir, "graphql.schema")
        config_operations = self._expand(settings.get("operations") or [], context.base_dir, "graphql.operations")
        extra_operations = self._expand(context.operations, Path.cwd(), "--operations")
        configured: list[Path] = []
        operations = [*config_operations, *extra_operations]
        pulling = set(claimed) & {path.resolve() for path in (*schema_paths, *config_operations)}
        if schema_paths and (pulling or extra_operations):
            configured = schema_paths
        elif not extra_operations and not pulling:
            operations = []  # the configured operations are checked with a configured schema
        for path in (*configured, *operations):
            self._read(path)
        self.configured = [path.resolve() for path in configured]
        self.operations = [path.resolve() for path in operations]
        taken = {*self.configured, *self.operations}
        self.named = [path for path in claimed if path in named and path not in taken and path in self.sources]
        self.found = [path for path in claimed if path not in named and path not in taken and path in self.sources]

    def _read(self, path: Path) -> None:
        key = path.resolve()
        if key in self.sources:
            return
        try:
            self.sources[key] = self.context.files.source(str(key), lambda: _parse_file(path, self.context))
        except InputError as error:
            self.errors.append(error)

    def _expand(self, patterns: list[str], base: Path, setting: str) -> list[Path]:
        found: dict[Path, None] = {}
        for pattern in patterns:
            matches = sorted(glob.glob(pattern, root_dir=base, recursive=True))
            # As the user would spell them (errors name them): relative to the working directory.
            files = [Path(os.path.relpath(base / match)) for match in matches if (base / match).is_file()]
            if not files:
                self.errors.append(InputError(pattern, f"{setting}: matches no file (relative to {display_path(base)})"))
            found.update(dict.fromkeys(files))
        return list(found)

    def groups(self) -> list[tuple[list[GraphQLSource], list[GraphQLSource]]]:
        """(schema files, operations files) of each schema, in the order of their first file."""
        groups: list[tuple[list[GraphQLSource], list[GraphQLSource]]] = []
        configured = self._group([self.sources[path] for path in self.configured if path in self.sources])
        named = self._group([self.sources[path] for path in self.named])
        found = [self.sources[path] for path in self.found]
        # An introspection result is a whole schema: one of its own, which only operations join.
        for source in named[0]:
            if isinstance(source, IntrospectionSource):
                groups.append(([source], []))
        named[0][:] = [source for source in named[0] if not isinstance(source, IntrospectionSource)]
        roots: dict[Path, list[tuple[list[GraphQLSource], list[GraphQLSource]]]] = {}
        for source in found:
            if not source.executable and source.defines_root:
                group = ([source], [source] if source.mixed else [])
                groups.append(group)
                roots.setdefault(source.path.parent, []).append(group)
        homeless = []
        for source in found:
            if source.executable or not source.defines_root:
                homes = next((roots[d] for d in (source.path.parent, *source.path.parents) if d in roots), [])
                if not source.executable:
                    homes = [group for group in homes if not isinstance(group[0][0], IntrospectionSource)]
                for group in homes:
                    _add(group, source)
                if not homes:
                    homeless.append(source)
        if homeless:
            if named[0]:
                for source in homeless:
                    _add(named, source)
            else:
                groups.append(self._group(homeless))
        operations = [self.sources[path] for path in self.operations if path in self.sources]
        if named[0] or named[1]:
            groups.insert(0, named)
        if configured[0]:
            groups.insert(0, configured)
        if operations:
            target = configured if configured[0] else named if named[0] else groups[0] if len(groups) == 1 else None
            if target is None:
                self.errors.append(
                    InputError(
                        display_path(operations[0].path),
                        "several GraphQL schemas in this run: name the one to check operations against "
                        "with `graphql.schema` in the configuration",
                    )
                )
            else:
                for source in operations:
                    if source not in target[1]:
                        target[1].append(source)
        return groups

    @staticmethod
    def _group(sources: list[GraphQLSource]) -> tuple[list[GraphQLSource], list[GraphQLSource]]:
        group: tuple[list[GraphQLSource], list[GraphQLSource]] = ([], [])
        for source in sources:
            _add(group, source)
        return group


def _add(group: tuple[list[GraphQLSource], list[GraphQLSource]], source: GraphQLSource) -> None:
    """Add a file to a schema: as schema file, operations file, or both (a mixed file)."""
    if not source.executable:
        group[0].append(source)
    if source.executable or source.mixed:
        group[1].append(source)


def _parse_file(path: Path, context: "LoadContext") -> "GraphQLSource | IntrospectionSource":
    from graphql import GraphQLError, Source, parse

    raw = context.files.read(path)
    display = display_path(path)
    if path.suffix.lower() not in SDL_EXTENSIONS and _INTROSPECTION.match(raw.removeprefix(b"\xef\xbb\xbf")):
        return IntrospectionSource.load(path, raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        from apilint.errors import undecodable_line

        raise InputError(display, "not UTF-8 text", undecodable_line(raw, error)) from None
    try:
        document = parse(Source(text, str(path)))
    except GraphQLError as error:
        where = error.locations[0] if error.locations else None
        message = error.message.removeprefix("Syntax Error: ")
        raise InputError(display, f"GraphQL syntax error: {message}", *((where.line, where.column) if where else ())) from None
    except RecursionError:
        raise InputError(display, "GraphQL document nested too deeply to parse") from None
    return GraphQLSource(path.resolve(), text, document)


class IntrospectionSource:
    """A schema as an introspection result (JSON): `{"data": {"__schema": ...}}` or
    `{"__schema": ...}`. Each coordinate is located at the `name` member of its JSON object.
    JSON has no comments: no ignore markers (suppress in the configuration)."""

    executable = mixed = False
    defines_root = True
    document = None

    def __init__(self, file: "SourceFile", base: Pointer):
        self.file = file
        self.path = file.path
        self.display = file.display
        self.base = base  # the JSON pointer of `__schema`
        self.index = dict(_introspection_coordinates(file.data, base))  # coordinate -> JSON pointer of its name

    @classmethod
    def load(cls, path: Path, raw: bytes) -> "IntrospectionSource":
        from apilint.documents.source import SourceFile
        from apilint.documents.structured import load_structured

        display = display_path(path)
        file = SourceFile(path.resolve(), raw, load_structured(raw, display))
        data = file.data
        base: Pointer = ("data", "__schema") if isinstance(data, dict) and "data" in data else ("__schema",)
        return cls(file, base)

    def __repr__(self) -> str:
        return f"IntrospectionSource({self.display!r})"

    @property
    def root(self) -> Node:
        return Node(self, ())

    def build(self) -> "GraphQLSchema":
        """The schema; a malformed introspection result is an input error at its `__schema`."""
        from graphql import build_client_schema

        result = self.file.data
        for key in self.base[:-1]:
            result = result[key]
        try:
            return build_client_schema(result, assume_valid=True)
        except (TypeError, KeyError, ValueError, AttributeError) as error:
            where = self.file.locations([self.base])[0]
            message = error.args[0] if isinstance(error, KeyError) else str(error)
            raise InputError(self.display, f"not a valid introspection result: {message}", where.line, where.column) from None

    def pointer_at(self, offset: int) -> Pointer:
        return ()

    def locations(self, pointers: list[Pointer], spans: list[Span | None] | None = None) -> list[Location]:
        json_pointers = []
        for pointer in pointers:
            pointer = tuple(pointer)
            while pointer and pointer not in self.index:
                pointer = pointer[:-1]
            json_pointers.append(self.index.get(pointer, self.base))
        found = self.file.locations(json_pointers)
        return [
            Location(at.path, at.line, at.column, at.end_line, at.end_column, coordinate_text(p), coordinate_kind(p))
            for at, p in zip(found, pointers)
        ]

    def ignore_markers(self) -> list[IgnoreMarker]:
        return []


def _introspection_coordinates(data: Any, base: Pointer) -> Iterator[tuple[Pointer, Pointer]]:
    """(coordinate, JSON pointer of its `name`) of every type, field, argument, input field, enum
    value and directive of an introspection result; nothing for parts of the wrong shape (the
    build reports those)."""

    def items(container: Any, key: str) -> list[tuple[int, dict]]:
        values = container.get(key) if isinstance(container, dict) else None
        return [(i, v) for i, v in enumerate(values) if isinstance(v, dict)] if isinstance(values, list) else []

    schema = data
    for key in base:
        schema = schema.get(key) if isinstance(schema, dict) else None
    for i, kind in items(schema, "types"):
        name = str(kind.get("name"))
        at = (*base, "types", i)
        yield (name,), (*at, "name")
        for member_key in ("fields", "inputFields", "enumValues"):
            for j, member in items(kind, member_key):
                yield (name, str(member.get("name"))), (*at, member_key, j, "name")
                for k, argument in items(member, "args"):
                    yield (name, str(member.get("name")), str(argument.get("name"))), (*at, member_key, j, "args", k, "name")
    for i, directive in items(schema, "directives"):
        name = "@" + str(directive.get("name"))
        yield (name,), (*base, "directives", i, "name")
        for k, argument in items(directive, "args"):
            yield (name, str(argument.get("name"))), (*base, "directives", i, "args", k, "name")


def build_schema(sources: list[GraphQLSource]) -> tuple["GraphQLSchema", list["GraphQLError"]]:
    """The schema the files define, and what graphql-core's validation says of them. An invalid
    schema is built all the same (`assume_valid_sdl`), so the other rules still run: graphql-core
    builds past everything but a reference to a type nobody defines, which gets a stand-in
    definition (and the SDL error that names it)."""
    from graphql import DocumentNode, build_ast_schema, validate_schema
    from graphql.validation.validate import validate_sdl

    if isinstance(sources[0], IntrospectionSource):  # always alone in its schema (see _Plan)
        schema = sources[0].build()
        errors = list(validate_schema(schema))
        schema._validation_errors = []
        return schema, errors
    document = DocumentNode(definitions=tuple(d for source in sources for d in source.document.definitions))
    errors = list(validate_sdl(document))
    stand_ins: list[Any] = []
    try:
        schema = build_ast_schema(document, assume_valid_sdl=True)
    except TypeError:  # "Unknown type: 'Team'": validate_sdl has reported where it is used
        stand_ins = _stand_ins(document)
        schema = build_ast_schema(DocumentNode(definitions=(*document.definitions, *stand_ins)), assume_valid_sdl=True)
    # What a stand-in lacks (an interface with no fields) is no problem of the user's schema.
    made_up = {id(node) for node in stand_ins}
    errors.extend(e for e in validate_schema(schema) if not any(id(node) in made_up for node in e.nodes or ()))
    # The problems are findings now; operations are still validated against what was built
    # (graphql-core's `validate` refuses a schema with validation errors on record).
    schema._validation_errors = []
    return schema, errors


def _stand_ins(document: "DocumentNode") -> list[Any]:
    """A definition for each type the document uses and does not define, of a kind that fits
    where it is used: an interface where one is implemented, an object in a union or as a root
    operation type, else a scalar (valid as both input and output)."""
    from graphql import (
        InterfaceTypeDefinitionNode,
        NameNode,
        ObjectTypeDefinitionNode,
        ScalarTypeDefinitionNode,
        introspection_types,
        specified_scalar_types,
    )

    defined = {*specified_scalar_types, *introspection_types}
    used: dict[str, type] = {}

    def use(type_node: Any, kind: type) -> None:
        while type_node.kind != "named_type":  # [T!]! -> T
            type_node = type_node.type
        used.setdefault(type_node.name.value, kind)

    for definition in document.definitions:
        if definition.kind.endswith("_type_definition"):
            defined.add(definition.name.value)
        for interface in getattr(definition, "interfaces", None) or ():
            use(interface, InterfaceTypeDefinitionNode)
        for member in getattr(definition, "types", None) or ():  # a union's members
            use(member, ObjectTypeDefinitionNode)
        for operation_type in getattr(definition, "operation_types", None) or ():
            use(operation_type.type, ObjectTypeDefinitionNode)
        for member in (*(getattr(definition, "fields", None) or ()), *(getattr(definition, "arguments", None) or ())):
            use(member.type, ScalarTypeDefinitionNode)
            for argument in getattr(member, "arguments", None) or ():
                use(argument.type, ScalarTypeDefinitionNode)
    stand_ins = []
    for name, kind in used.items():
        if name not in defined:
            members = {} if kind is ScalarTypeDefinitionNode else {"fields": (), "interfaces": ()}
            stand_ins.append(kind(name=NameNode(value=name), directives=(), **members))
    return stand_ins


def _validate(schema: "GraphQLSchema", source: GraphQLSource) -> list["GraphQLError"]:
    """Every error graphql-core's validation finds in an operations document (not only the
    first 100), but for unused fragments: SDKs and code generators keep fragments for client
    code to use, and a file of fragments is a library, not a mistake."""
    from graphql import DocumentNode, NoUnusedFragmentsRule, specified_rules, validate

    rules = [rule for rule in specified_rules if rule is not NoUnusedFragmentsRule]
    document = source.document
    if source.mixed:  # its type definitions are part of the schema
        document = DocumentNode(definitions=tuple(d for d in document.definitions if d.kind in _EXECUTABLE), loc=document.loc)
    try:
        return list(validate(schema, document, rules, max_errors=sys.maxsize))
    except Exception as error:  # a rule of graphql-core's tripped over what an invalid schema lacks
        from graphql import GraphQLError

        return [GraphQLError(f"not validated: the schema is invalid (see graphql-schema-valid): {error}")]
