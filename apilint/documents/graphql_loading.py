"""Loading GraphQL: parse the claimed files, group them into schemas with their operations
(see `_Plan`), build each schema however invalid, and validate the operations. Imported only
when a run checks GraphQL files (apilint/documents/graphql.py holds the view rules read)."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from apilint.documents.graphql import (
    EXECUTABLE,
    INTROSPECTION,
    SDL_EXTENSIONS,
    GraphQLSchemaDocument,
    GraphQLSource,
    OperationsFile,
    coordinate_kind,
    coordinate_text,
    fragment_spreads,
    fragments_by_name,
    line_starts,
    position,
)
from apilint.documents.source import display_path
from apilint.errors import InputError
from apilint.finding import IgnoreMarker, Location, Node, Pointer, Span

if TYPE_CHECKING:
    from graphql import DocumentNode, GraphQLError, GraphQLSchema

    from apilint.documents import LoadContext
    from apilint.documents.source import SourceFile


def load_schemas(paths: list[Path], context: "LoadContext") -> Iterator["GraphQLSchemaDocument | InputError"]:
    """Parse every claimed file (a syntax error is an input error), group them into schemas with
    their operations (see `_Plan`), and build each schema however invalid its SDL (see
    `build_schema`).

    The cyclic garbage collector is off meanwhile: ASTs and schemas are millions of objects that
    live for the whole run, which it would walk again and again as they are made (a third of the
    time of parsing and building GitHub's schema) and could free none of."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield from _load(paths, context)
    finally:
        if collecting:
            gc.enable()


def _load(paths: list[Path], context: "LoadContext") -> Iterator["GraphQLSchemaDocument | InputError"]:
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
        fragments = fragments_by_name(operation_sources)
        operations = [OperationsFile(source, _validate(schema, source, fragments)) for source in operation_sources]
        yield GraphQLSchemaDocument(schema_sources, schema, sdl_errors, operations, context.settings, fragments)


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
        for source, offset in places:
            table = tables.get(id(source))
            if table is None or table[0] is not source:
                table = tables[id(source)] = (source, line_starts(source.body))
            found.append(location.SourceLocation(*position(table[1], offset)))
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
       them), completed from their directory when they are part of a bigger one (see
       `_rest_of_schema`).
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
        if not configured:
            self.named += self._rest_of_schema(self.named)

    def _rest_of_schema(self, named: list[Path]) -> list[Path]:
        """The other files of the schema that named files are part of, when they use types they
        do not define or leave a type empty for others to extend (`type Query` in common.graphql,
        its fields in `extend type Query` beside it): a commit that changes `user.graphql` (pre-commit names only it) is checked
        with the rest of its schema, not alone. That is the directory of the root file (a named
        one, or the nearest beside or above the named files, within the git work tree or, outside
        git, the working directory): its root file, and every SDL file below it that does not
        define a query root of its own, as a scan of that directory groups them."""
        from apilint.documents.files import git_work_tree, walk

        sources = [self.sources[path] for path in named]
        sdl = [source for source in sources if not source.executable and source.document is not None]
        if not sdl or len(sdl) < len(sources):
            return []
        definitions = [d for source in sdl for d in source.document.definitions]
        defined, used = _used_types(definitions)
        # Complete as named: every type it uses defined, no empty type left for other files to extend.
        placeholders = any(d.kind == "object_type_definition" and not d.fields for d in definitions)
        if set(used) <= defined and not placeholders:
            return []
        start = next((source.path.parent for source in sdl if source.defines_root), sdl[0].path.parent)
        top = git_work_tree(start) or Path.cwd().resolve()
        for directory in (start, *start.parents):
            siblings = sorted(p for p in directory.iterdir() if p.suffix.lower() in SDL_EXTENSIONS and p.is_file())
            for path in siblings:
                self._read(path)
            if any(self.sources[p.resolve()].defines_root for p in siblings if p.resolve() in self.sources):
                below = sorted(p.resolve() for p in walk(directory) if p.suffix.lower() in SDL_EXTENSIONS)
                for path in below:
                    self._read(path)
                rest = [self.sources[p] for p in below if p in self.sources and p not in named]
                # A named root file is the schema's root; else the one root file there (several
                # there are as many schemas). Root files further down start schemas of their own.
                roots = [s for s in rest if s.defines_root and s.path.parent == directory]
                own_root = any(source.defines_root for source in sdl) or len(roots) != 1
                return [s.path for s in rest if not s.executable and (not s.defines_root or (s in roots and not own_root))]
            if directory == top or top not in directory.parents:
                return []
        return []

    def _read(self, path: Path) -> None:
        key = path.resolve()
        if key in self.sources:
            return
        try:
            self.sources[key] = self.context.files.source(str(key), lambda: _parse_file(path, self.context))
        except InputError as error:
            self.errors.append(error)

    def _expand(self, patterns: list[str], base: Path, setting: str) -> list[Path]:
        import glob  # only for configured GraphQL globs: not on every run's start-up

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
    if path.suffix.lower() not in SDL_EXTENSIONS and INTROSPECTION.match(raw.removeprefix(b"\xef\xbb\xbf")):
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

    def ignore_markers(self, kind: str = "lint") -> list[IgnoreMarker]:
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


def _used_types(definitions: Any) -> tuple[set[str], dict[str, type]]:
    """(the type names the definitions define, with the built-in ones; each type name they use,
    with the kind of definition that fits where it is first used: an interface where one is
    implemented, an object in a union or as a root operation type, else a scalar, valid as both
    input and output)."""
    from graphql import (
        InterfaceTypeDefinitionNode,
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

    for definition in definitions:
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
    return defined, used


def _stand_ins(document: "DocumentNode") -> list[Any]:
    """A definition for each type the document uses and does not define, of a kind that fits
    where it is used (see `_used_types`)."""
    from graphql import NameNode, ScalarTypeDefinitionNode

    defined, used = _used_types(document.definitions)
    stand_ins = []
    for name, kind in used.items():
        if name not in defined:
            members = {} if kind is ScalarTypeDefinitionNode else {"fields": (), "interfaces": ()}
            stand_ins.append(kind(name=NameNode(value=name), directives=(), **members))
    return stand_ins


def _validate(schema: "GraphQLSchema", source: GraphQLSource, fragments: dict[str, Any]) -> list["GraphQLError"]:
    """Every error graphql-core's validation finds in an operations document (not only the
    first 100), but for unused fragments: SDKs and code generators keep fragments for client
    code to use, and a file of fragments is a library, not a mistake. A fragment the document
    spreads and another operations document of the schema defines is validated with it (as
    code generators do); errors in that fragment are reported with its own file."""
    from graphql import DocumentNode, NoUnusedFragmentsRule, specified_rules, validate

    rules = [rule for rule in specified_rules if rule is not NoUnusedFragmentsRule]
    own = [d for d in source.document.definitions if d.kind in EXECUTABLE]  # a mixed file's types are the schema's
    defined = {d.name.value for d in own if d.kind == "fragment_definition"}
    borrowed: list[Any] = []
    wanted = [name for definition in own for name in fragment_spreads(definition.selection_set)]
    while wanted:
        name = wanted.pop()
        if name not in defined and name in fragments:
            defined.add(name)
            borrowed.append(fragments[name])
            wanted.extend(fragment_spreads(fragments[name].selection_set))
    document = source.document
    if borrowed or source.mixed:
        document = DocumentNode(definitions=(*own, *borrowed), loc=document.loc)
    try:
        errors = validate(schema, document, rules, max_errors=sys.maxsize)
    except Exception as error:  # a rule of graphql-core's tripped over what an invalid schema lacks
        from graphql import GraphQLError

        return [GraphQLError(f"not validated: the schema is invalid (see graphql-schema-valid): {error}")]
    here = source.document.loc.source if source.document.loc else None
    return [e for e in errors if not e.nodes or any(n.loc is None or n.loc.source is here for n in e.nodes)]
