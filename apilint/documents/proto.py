"""Protocol Buffers: `.proto` files compiled by the real protobuf compiler, and the view rules read.

The files a run claims are compiled by protoc (grpcio-tools ships it as a Python module) into
one `FileDescriptorSet` with source info; proto_loading.py does that, imported only when a
`.proto` file is checked. Each checked file is a `ProtoSource`; a finding's pointer there is
the name of what it is about, relative to the file's package: `("OrderService", "GetOrder")`
is `acme.orders.v1.OrderService.GetOrder`, `("Order", "status")` a field, `()` the package
statement. That name, never protoc's index path (which shifts when definitions are
reordered), is the logical location reports, baselines and fingerprints use. A pointer may
end in one part token, `":4.34"`: the descriptor fields below the named element (here a
method's `idempotency_level` option) whose span protoc recorded, for a finding that belongs
on a keyword or an option rather than the name.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from apilint.documents.source import display_path
from apilint.errors import InputError
from apilint.finding import IgnoreMarker, Location, Node, Pointer, Span
from apilint.registry import Option

if TYPE_CHECKING:
    from apilint.documents import LoadContext

EXTENSIONS = (".proto",)
IGNORE_SYNTAX = "apilint: ignore"
_IGNORE_COMMENT = re.compile(r"apilint:\s*ignore\b(?P<rest>.*)")
_IGNORE_BODY = re.compile(r"\[(?P<ids>[^\]]*)\]\s*(?P<reason>.*)$")
_IGNORE_IN_TEXT = re.compile(r"(?://|/\*|^\s*\*).*?(?P<marker>apilint:\s*ignore\b)")
_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")
_COMMENT_LINE = ":line"  # pointer (":line", n): a suppression comment on line n
TAB_WIDTH = 8  # protoc's columns advance to the next multiple of 8 at a tab

# Field numbers of the descriptor messages (google/protobuf/descriptor.proto): the index paths
# protoc's SourceCodeInfo uses. Named once here; rules name parts through the element classes.
FILE_PACKAGE, FILE_MESSAGE, FILE_ENUM, FILE_SERVICE, FILE_SYNTAX = 2, 4, 5, 6, 12
MESSAGE_FIELD, MESSAGE_NESTED, MESSAGE_ENUM, MESSAGE_ONEOF = 2, 3, 4, 8
MESSAGE_RESERVED_RANGE, MESSAGE_RESERVED_NAME = 9, 10
ENUM_VALUE, ENUM_RESERVED_RANGE, ENUM_RESERVED_NAME = 2, 4, 5
SERVICE_METHOD = 2
NAME = 1
FIELD_LABEL, FIELD_OPTIONS = 4, 8
METHOD_INPUT, METHOD_OUTPUT, METHOD_OPTIONS = 2, 3, 4
METHOD_IDEMPOTENCY_LEVEL = 34  # in MethodOptions
FIELD_FEATURES, FEATURE_FIELD_PRESENCE = 21, 1  # FieldOptions.features, FeatureSet.field_presence
# protobuf's own well-known types (descriptor.proto, timestamp.proto, ...): protoc's, not the API's.
WELL_KNOWN_PACKAGE = "google.protobuf"

# Extensions googleapis defines (google/api/*.proto, google/longrunning/operations.proto).
HTTP_EXTENSION = 72295728  # MethodOptions: (google.api.http), a google.api.HttpRule
FIELD_BEHAVIOR_EXTENSION = 1052  # FieldOptions: (google.api.field_behavior), repeated enum
RESOURCE_EXTENSION = 1053  # MessageOptions: (google.api.resource), a google.api.ResourceDescriptor
OPERATION_INFO_EXTENSION = 1049  # MethodOptions: (google.longrunning.operation_info)
FIELD_BEHAVIORS = {1: "OPTIONAL", 2: "REQUIRED", 3: "OUTPUT_ONLY", 4: "INPUT_ONLY", 5: "IMMUTABLE", 6: "UNORDERED_LIST", 7: "NON_EMPTY_DEFAULT", 8: "IDENTIFIER"}  # fmt: skip
HTTP_METHODS = {2: "get", 3: "put", 4: "post", 5: "delete", 6: "patch"}  # HttpRule's pattern fields
HTTP_BODY, HTTP_CUSTOM, HTTP_ADDITIONAL_BINDINGS = 7, 8, 11
# A template or body in an http option's text: `post: "/v1/..."`, `path: '/v1/...'`, `body: "*"`,
# or `option (google.api.http).get = "/v1/...";`.
_OPTION_LITERAL = re.compile(
    r"""\b(?P<key>get|put|post|delete|patch|path|body)\s*[:=]\s*(?P<value>"[^"\n]*"|'[^'\n]*')"""
)
_KINDS = {"message": "type", "enum": "type", "service": "interface", "method": "function", "field": "member", "oneof": "member", "value": "member"}  # fmt: skip


def char_column(line: str, column: int) -> int:
    """The 1-based character column of protoc's 0-based `column` on `line`: protoc counts a
    tab as reaching the next multiple of 8, and counts bytes, not characters."""
    width = 0
    for index, char in enumerate(line):
        if width >= column:
            return index + 1
        width = width + TAB_WIDTH - width % TAB_WIDTH if char == "\t" else width + len(char.encode("utf-8", "replace"))
    return len(line) + 1


def qualified(package: str, names: tuple[str, ...]) -> str:
    """The full name of a definition: `acme.orders.v1.Order.status`."""
    return ".".join(filter(None, (package, *names)))


class ProtoSource:
    """One checked `.proto` file: its text, its compiled descriptor, and name -> position."""

    def __init__(self, path: Path, raw: bytes):
        self.path = path
        self.display = display_path(path)
        self.raw = raw
        self.text = raw.decode("utf-8", "replace")
        self.file: ProtoFile | None = None  # set when compiled

    def __repr__(self) -> str:
        return f"ProtoSource({self.display!r})"

    @property
    def root(self) -> Node:
        return Node(self, ())

    @cached_property
    def _lines(self) -> list[str]:
        """The lines as protoc counts them: ended by \n only (not by a form feed in a comment)."""
        return self.text.split("\n")

    @cached_property
    def _line_starts(self) -> list[int]:
        """The character offset in `text` at which each line starts."""
        return [0, *itertools.accumulate(len(line) + 1 for line in self._lines)][:-1]

    def text_between(self, span: tuple[int, ...]) -> tuple[int, str]:
        """(character offset, text) of a protoc span: what is written there."""
        start_line, start_column, end_line, end_column = self.span_of_protoc(span)
        start = self._line_starts[start_line - 1] + start_column - 1
        end = self._line_starts[min(end_line, len(self._line_starts)) - 1] + end_column - 1
        return start, self.text[start:end]

    def span_of_protoc(self, span: tuple[int, ...]) -> tuple[int, int, int, int]:
        start_line, start_column = self._position(span[0], span[1])
        end_line, end_column = self._position(span[2], span[3]) if len(span) == 4 else self._position(span[0], span[2])
        return start_line, start_column, end_line, end_column

    def _offset_position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in `text`."""
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    @property
    def _locations(self) -> dict[tuple[int, ...], Any]:
        return self.file.locations if self.file is not None else {}

    def _position(self, line: int, column: int) -> tuple[int, int]:
        """1-based (line, character column) of protoc's 0-based line and column."""
        text = self._lines[line] if line < len(self._lines) else ""
        return line + 1, char_column(text, column)

    def span_of(self, pointer: Pointer) -> tuple[int, int, int, int] | None:
        """(line, column, end line, end column), 1-based, of what `pointer` names."""
        if pointer[:1] == (_COMMENT_LINE,):
            line, column = int(pointer[1]), int(pointer[2])
            return line, column, line, column + len(IGNORE_SYNTAX)
        part: tuple[int, ...] = ()
        if pointer and str(pointer[-1]).startswith(":"):
            part = tuple(int(number) for number in str(pointer[-1])[1:].split("."))
            pointer = pointer[:-1]
        index = self.file.index if self.file is not None else {}
        while pointer and pointer not in index:  # a name protoc never saw: its nearest parent
            pointer, part = pointer[:-1], ()
        path = index[pointer][0] if pointer else ()
        candidates = [path + part[:length] for length in range(len(part), 0, -1)]
        candidates += [path + (NAME,), path] if pointer else [(FILE_PACKAGE,), (FILE_SYNTAX,)]
        locations = self._locations
        found = next((locations[candidate] for candidate in candidates if candidate in locations), None)
        return (1, 1, 1, 1) if found is None else self.span_of_protoc(found.span)

    def recorded_span(self, path: tuple[int, ...]) -> tuple[int, ...] | None:
        """protoc's span of an index path (a whole definition), if it recorded one."""
        found = self._locations.get(path)
        return tuple(found.span) if found is not None else None

    def logical_name(self, pointer: Pointer) -> tuple[str, str]:
        """(full name, SARIF logical location kind) of what `pointer` names."""
        if pointer[:1] == (_COMMENT_LINE,):
            return "", "comment"
        names = tuple(name for name in pointer if not str(name).startswith(":"))
        package = self.file.package if self.file is not None else ""
        if not names:
            return package, "namespace"
        entry = self.file.index.get(names) if self.file is not None else None
        return qualified(package, names), _KINDS.get(entry[1], "member") if entry else "member"

    def locations(self, pointers: list[Pointer], spans: list[Span | None] | None = None) -> list[Location]:
        found = []
        for pointer, span in zip(pointers, spans or [None] * len(pointers)):
            if span is not None:  # character offsets in `text`: a place protoc records no span for
                line, column = self._offset_position(span[0])
                end_line, end_column = self._offset_position(span[1])
            else:
                line, column, end_line, end_column = self.span_of(tuple(pointer))
            name, kind = self.logical_name(tuple(pointer))
            found.append(Location(self.display, line, column, end_line, end_column, name, kind))
        return found

    def ignore_markers(self, kind: str = "lint") -> list[IgnoreMarker]:
        """`// apilint: ignore[rule-id] reason` in the comment protoc attaches to a definition:
        the one right above it (no blank line between), or at the end of its line. It covers
        that definition and everything in it; on the `package` statement, the whole file.
        Comments are protoc's, so `//` inside a string is no comment. (No breaking changes yet.)"""
        if kind != "lint" or b"apilint" not in self.raw or self.file is None:
            return []
        markers, claimed = [], set()
        definitions = {path: names for names, (path, _) in self.file.index.items()}
        definitions[(FILE_PACKAGE,)] = ()
        for path, location in self.file.locations.items():
            names = definitions.get(path)
            if names is None:
                continue
            for comment, leading in ((location.leading_comments, True), (location.trailing_comments, False)):
                match = _IGNORE_COMMENT.search(comment)
                if match is None:
                    continue
                line = self._marker_line(location.span, leading)
                if line is None or line in claimed:
                    continue
                claimed.add(line)
                markers.append(self._marker(Node(self, names), line, match.group("rest")))
        for number, text in enumerate(self._lines, start=1):
            if number not in claimed and (stray := _IGNORE_IN_TEXT.search(_without_strings(text))):
                at = Node(self, (_COMMENT_LINE, number, stray.start("marker") + 1))
                problem = f"{IGNORE_SYNTAX} must be in the comment right above a definition, or at the end of its line"
                markers.append(IgnoreMarker(at, at, IGNORE_SYNTAX, None, problem))
        return markers

    def _marker_line(self, span: Any, leading: bool) -> int | None:
        """The 1-based line of the `apilint: ignore` comment protoc attached to the definition at
        `span`: the nearest line above its start (leading), or from its end line down (trailing)."""
        start, end = span[0], span[2] if len(span) == 4 else span[0]
        lines = range(start - 1, -1, -1) if leading else range(end, min(end + 3, len(self._lines)))
        return next((index + 1 for index in lines if _IGNORE_IN_TEXT.search(self._lines[index])), None)

    def _marker(self, scope: Node, line: int, rest: str) -> IgnoreMarker:
        column = _IGNORE_IN_TEXT.search(self._lines[line - 1]).start("marker") + 1
        written_at = Node(self, (_COMMENT_LINE, line, column))
        body = _IGNORE_BODY.match(rest.strip())
        if body is None:
            problem = f"{IGNORE_SYNTAX} takes rule ids in brackets: // apilint: ignore[rule-id] reason"
            return IgnoreMarker(scope, written_at, IGNORE_SYNTAX, None, problem)
        ids = [item.strip() for item in body.group("ids").split(",") if item.strip()]
        reason = body.group("reason").strip().removesuffix("*/").strip()
        entries = tuple((rule_id, reason, written_at) for rule_id in ids) or None
        return IgnoreMarker(
            scope, written_at, IGNORE_SYNTAX, entries, "" if entries else f"{IGNORE_SYNTAX}[] names no rule"
        )


def _without_strings(line: str) -> str:
    """The line with its string literals blanked (same length): `//` in a string is no comment."""
    return _STRING.sub(lambda match: " " * len(match.group()), line)


@dataclass(eq=False)
class Element:
    """A definition in a compiled file: its names below the package, protoc's index path to it
    (for its spans and comments), and its descriptor message (`descriptor_pb2`)."""

    file: "ProtoFile"
    names: tuple[str, ...]
    path: tuple[int, ...]
    proto: Any

    @property
    def name(self) -> str:
        return self.names[-1]

    @property
    def full_name(self) -> str:
        return qualified(self.file.package, self.names)

    @property
    def node(self) -> Node:
        """Where a finding about this definition goes (its name)."""
        return Node(self.file.source, self.names)

    def part(self, *numbers: int) -> Node:
        """A finding's place on a part of this definition: the descriptor fields below it, as
        protoc numbers them (`part(FIELD_LABEL)`: a field's `required` keyword). Where protoc
        recorded no span for them, the definition's name."""
        return Node(self.file.source, (*self.names, ":" + ".".join(map(str, numbers))))

    @cached_property
    def comments(self) -> str:
        """The comments protoc attached to this definition (leading and trailing), as written."""
        location = self.file.locations.get(self.path)
        return "\n".join(filter(None, (location.leading_comments, location.trailing_comments))) if location else ""


@dataclass(eq=False)
class Field(Element):
    @property
    def number(self) -> int:
        return self.proto.number

    @property
    def type_name(self) -> str:
        """The full name of a message or enum type (without protoc's leading dot); "" for scalars."""
        return self.proto.type_name.lstrip(".")

    @property
    def repeated(self) -> bool:
        return self.proto.label == self.proto.LABEL_REPEATED

    @property
    def required(self) -> bool:
        """proto2's `required`, or an edition's `features.field_presence = LEGACY_REQUIRED`."""
        options = self.proto.options
        legacy = options.HasField("features") and options.features.field_presence == options.features.LEGACY_REQUIRED
        return self.proto.label == self.proto.LABEL_REQUIRED or legacy

    @cached_property
    def behaviors(self) -> frozenset[str]:
        """Its `(google.api.field_behavior)` values: REQUIRED, OUTPUT_ONLY, ..."""
        return frozenset(
            FIELD_BEHAVIORS.get(value, str(value)) for value in _varints(self.proto.options, FIELD_BEHAVIOR_EXTENSION)
        )


@dataclass(eq=False)
class Message(Element):
    fields: list[Field]
    oneofs: list[Element]  # synthetic ones too (proto3 `optional x` has `_x`)

    @property
    def map_entry(self) -> bool:
        """A message protoc generated for a `map<K, V>` field."""
        return self.proto.options.map_entry

    def field(self, name: str) -> Field | None:
        return next((field for field in self.fields if field.name == name), None)

    @cached_property
    def resource(self) -> Any:
        """Its `(google.api.resource)` (a google.api.ResourceDescriptor: `type`, `pattern`,
        `plural`...), or None: the message is no annotated resource."""
        option = _length_delimited(self.proto.options, RESOURCE_EXTENSION)
        return self.file.document.option_message(option[0], "google.api.ResourceDescriptor") if option else None


@dataclass(eq=False)
class EnumValue(Element):
    @property
    def number(self) -> int:
        return self.proto.number


@dataclass(eq=False)
class Enum(Element):
    values: list[EnumValue]
    parent: Message | None  # the message it is nested in


@dataclass(eq=False)
class HttpBinding:
    """One `google.api.http` binding of a method: its HTTP method, URL template and body."""

    verb: str  # get, put, post, delete, patch, or a custom method's kind
    path: str
    body: str
    node: Node  # where the URL template is written (the whole option when not known)
    body_node: Node
    method: "Method"
    index: int  # among the method's bindings

    # Character spans of the template's and the body's string literals, for `finding(span=...)`:
    # protoc records no position inside an option's `{ ... }` value. None when not found. Found
    # only when asked for: only a binding with a finding needs them.
    @property
    def span(self) -> Span | None:
        return self.method._literal_spans[self.index][0]

    @property
    def body_span(self) -> Span | None:
        return self.method._literal_spans[self.index][1]


@dataclass(eq=False)
class Method(Element):
    service: "Service"

    @property
    def input_type(self) -> str:
        return self.proto.input_type.lstrip(".")

    @property
    def output_type(self) -> str:
        return self.proto.output_type.lstrip(".")

    @property
    def streaming(self) -> bool:
        return self.proto.client_streaming or self.proto.server_streaming

    @property
    def idempotency_level(self) -> str:
        """IDEMPOTENCY_UNKNOWN (not declared), NO_SIDE_EFFECTS or IDEMPOTENT."""
        options = self.proto.options
        return options.IdempotencyLevel.Name(options.idempotency_level)

    @cached_property
    def http(self) -> list[HttpBinding]:
        """Its `google.api.http` bindings: the main one, then the additional bindings."""
        option = _length_delimited(self.proto.options, HTTP_EXTENSION)
        if not option:
            return []
        rule = self.file.document.option_message(option[0], "google.api.HttpRule")
        if rule is None:
            return []
        bindings = []
        for index, binding in enumerate([rule, *rule.additional_bindings]):
            prefix = (METHOD_OPTIONS, HTTP_EXTENSION) + ((HTTP_ADDITIONAL_BINDINGS, index - 1) if index else ())
            pattern = binding.WhichOneof("pattern")
            if pattern is None:
                continue
            if pattern == "custom":
                verb, path, number = binding.custom.kind.lower(), binding.custom.path, HTTP_CUSTOM
            else:
                verb, path, number = (
                    pattern,
                    getattr(binding, pattern),
                    next(n for n, v in HTTP_METHODS.items() if v == pattern),
                )
            here = (self.part(*prefix, number), self.part(*prefix, HTTP_BODY))
            bindings.append(HttpBinding(verb, path, binding.body, *here, self, len(bindings)))
        return bindings

    @cached_property
    def _literal_spans(self) -> list[tuple[Span | None, Span | None]]:
        """Each binding's template and body string as written in the rpc's options: the n-th
        binding with a value takes the n-th literal of that value after its key (`get: "..."`,
        `body: "*"`). No other option of an rpc has these keys."""
        placed: list[tuple[Span | None, Span | None]] = [(None, None)] * len(self.http)
        source = self.file.source
        span = source.recorded_span(self.path) if source else None  # the whole rpc, its options too
        if span is None:
            return placed
        start, text = source.text_between(span)
        literals: dict[tuple[str, str], list[Span]] = {}
        for match in _OPTION_LITERAL.finditer(text):
            key = "body" if match.group("key") == "body" else "path"
            value = match.group("value")[1:-1]
            literals.setdefault((key, value), []).append((start + match.start("value"), start + match.end("value")))
        for binding in self.http:
            path_found, body_found = literals.get(("path", binding.path)), literals.get(("body", binding.body))
            placed[binding.index] = (
                path_found.pop(0) if path_found else None,
                body_found.pop(0) if binding.body and body_found else None,
            )
        return placed

    @cached_property
    def operation_info(self) -> Any:
        """Its `(google.longrunning.operation_info)`, or None."""
        option = _length_delimited(self.proto.options, OPERATION_INFO_EXTENSION)
        return self.file.document.option_message(option[0], "google.longrunning.OperationInfo") if option else None


@dataclass(eq=False)
class Service(Element):
    methods: list[Method]


class ProtoFile:
    """One compiled file (checked, or only imported): its definitions in the order written."""

    def __init__(self, descriptor: Any, document: "ProtoDocument", source: ProtoSource | None):
        self.descriptor = descriptor
        self.document = document
        self.source = source  # None for a file only imported
        self.package = descriptor.package
        self.syntax = descriptor.syntax or "proto2"  # protoc leaves it empty for proto2
        self.messages: list[Message] = []  # nested ones too, each after its parent
        self.enums: list[Enum] = []  # nested ones too
        self.services: list[Service] = []
        self.index: dict[Pointer, tuple[tuple[int, ...], str]] = {}  # names -> (index path, kind)
        self._walk_messages(descriptor.message_type, (), (FILE_MESSAGE,))
        self._add_enums(descriptor.enum_type, (), (FILE_ENUM,), None)
        for number, service in enumerate(descriptor.service):
            names, path = (service.name,), (FILE_SERVICE, number)
            element = Service(self, names, path, service, [])
            element.methods = [
                Method(self, (*names, method.name), (*path, SERVICE_METHOD, index), method, element)
                for index, method in enumerate(service.method)
            ]
            self._add(element, "service")
            for method in element.methods:
                self._add(method, "method")
            self.services.append(element)

    def __repr__(self) -> str:
        return f"ProtoFile({self.descriptor.name!r})"

    @property
    def checked(self) -> bool:
        return self.source is not None

    @property
    def well_known(self) -> bool:
        """One of protobuf's own well-known types files (package `google.protobuf`), as trees
        like googleapis vendor them: written by protobuf's authors before today's conventions
        (proto2 `required`, enums without an unspecified value), and no API author's to change."""
        return self.package == WELL_KNOWN_PACKAGE

    @property
    def name(self) -> str:
        """The name imports use: `google/api/http.proto`."""
        return self.descriptor.name

    @property
    def node(self) -> Node:
        """The package statement (or the top of the file, without one)."""
        return Node(self.source, ())

    def _add(self, element: Element, kind: str) -> None:
        self.index.setdefault(element.names, (element.path, kind))

    def _walk_messages(self, protos: Any, parent: tuple[str, ...], path: tuple[int, ...]) -> None:
        for number, proto in enumerate(protos):
            names, here = (*parent, proto.name), (*path, number)
            message = Message(self, names, here, proto, [], [])
            message.fields = [
                Field(self, (*names, field.name), (*here, MESSAGE_FIELD, index), field)
                for index, field in enumerate(proto.field)
            ]
            message.oneofs = [
                Element(self, (*names, oneof.name), (*here, MESSAGE_ONEOF, index), oneof)
                for index, oneof in enumerate(proto.oneof_decl)
            ]
            self.messages.append(message)
            self._add(message, "message")
            for member in message.fields:
                self._add(member, "field")
            for oneof in message.oneofs:
                self._add(oneof, "oneof")
            self._walk_messages(proto.nested_type, names, (*here, MESSAGE_NESTED))
            self._add_enums(proto.enum_type, names, (*here, MESSAGE_ENUM), message)

    def _add_enums(self, protos: Any, parent: tuple[str, ...], path: tuple[int, ...], outer: Message | None) -> None:
        for number, proto in enumerate(protos):
            names, here = (*parent, proto.name), (*path, number)
            enum = Enum(self, names, here, proto, [], outer)
            enum.values = [
                EnumValue(self, (*names, value.name), (*here, ENUM_VALUE, index), value)
                for index, value in enumerate(proto.value)
            ]
            self.enums.append(enum)
            self._add(enum, "enum")
            for value in enum.values:
                self._add(value, "value")

    @cached_property
    def locations(self) -> dict[tuple[int, ...], Any]:
        """protoc's Location message (span, comments) of each index path it recorded, the first
        where an option's path repeats: one pass over the file's source info, for its findings'
        places and its definitions' comments alike."""
        locations: dict[tuple[int, ...], Any] = {}
        for location in self.descriptor.source_code_info.location:
            locations.setdefault(tuple(location.path), location)
        return locations


class ProtoDocument:
    """The files one protoc call compiled: the checked ones, and every file they import."""

    format = "proto"

    def __init__(self, descriptors: list[Any], sources: dict[str, ProtoSource], settings: dict[str, Any]):
        self.settings = settings
        self._descriptors = {descriptor.name: descriptor for descriptor in descriptors}
        self.all_files = [ProtoFile(descriptor, self, sources.get(descriptor.name)) for descriptor in descriptors]
        checked = [file for file in self.all_files if file.checked]  # the ones the user named
        for file in checked:
            file.source.file = file
        # The files rules report on: all checked ones but protobuf's own well-known types, which a
        # tree may hold (googleapis vendors them) but whose author is protobuf, not the API's.
        self.files = [file for file in checked if not file.well_known]
        self._root = checked[0].node
        self._pool: Any = None

    @property
    def root(self) -> Node:
        return self._root

    @cached_property
    def messages(self) -> dict[str, Message]:
        """Every message of every file, imported ones too, by full name."""
        return {message.full_name: message for file in self.all_files for message in file.messages}

    def message(self, full_name: str) -> Message | None:
        return self.messages.get(full_name)

    def option_message(self, data: bytes, type_name: str) -> Any:
        """Option bytes decoded as the message `type_name` (`google.api.HttpRule`), from the
        definition of that type among the compiled files; None when none of them defines it."""
        from google.protobuf import descriptor_pool, message_factory

        if self._pool is None:
            self._pool = descriptor_pool.DescriptorPool()
        try:
            descriptor = self._pool.FindMessageTypeByName(type_name)
        except KeyError:
            defining = next((d for d in self._descriptors.values() if _defines(d, type_name)), None)
            if defining is None:
                return None
            for name in self._with_dependencies(defining.name):
                try:
                    self._pool.FindFileByName(name)
                except KeyError:
                    self._pool.Add(self._descriptors[name])
            descriptor = self._pool.FindMessageTypeByName(type_name)
        try:
            return message_factory.GetMessageClass(descriptor).FromString(data)
        except Exception:  # noqa: BLE001 - protoc checked the option; a mismatch is not the user's error
            return None

    def _with_dependencies(self, name: str) -> list[str]:
        """`name` and the files it imports, transitively, each after its imports."""
        ordered: list[str] = []
        stack = [(name, False)]
        while stack:
            current, expanded = stack.pop()
            if current in ordered or current not in self._descriptors:
                continue
            if expanded:
                ordered.append(current)
                continue
            stack.append((current, True))
            stack.extend((dependency, False) for dependency in self._descriptors[current].dependency)
        return ordered

    def methods(self) -> Iterator[Method]:
        """Every RPC of the files rules report on."""
        for file in self.files:
            for service in file.services:
                yield from service.methods


def _defines(descriptor: Any, type_name: str) -> bool:
    package, _, name = type_name.rpartition(".")
    return descriptor.package == package and any(message.name == name for message in descriptor.message_type)


def _unknown(options: Any, number: int) -> list[Any]:
    """The values of the extension `number` in an options message: extensions the descriptor
    classes do not know, which they keep as unknown fields."""
    from google.protobuf.unknown_fields import UnknownFieldSet

    if not options.ByteSize():
        return []
    return [field for field in UnknownFieldSet(options) if field.field_number == number]


def _length_delimited(options: Any, number: int) -> list[bytes]:
    return [field.data for field in _unknown(options, number) if isinstance(field.data, bytes)]


def _varints(options: Any, number: int) -> list[int]:
    """The values of a repeated enum extension, packed or not."""
    values = []
    for field in _unknown(options, number):
        if isinstance(field.data, int):
            values.append(field.data)
        else:  # packed: varints one after another
            value = shift = 0
            for byte in field.data:
                value |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80:
                    values.append(value)
                    value = shift = 0
    return values


class ProtoFormat:
    name = "proto"
    extensions = EXTENSIONS
    settings = {
        "paths": Option([]),  # import roots, relative to the config file (as protoc's -I); before the defaults
    }

    def claims(self, path: Path, head: bytes, size: int) -> bool:
        return path.suffix.lower() in EXTENSIONS and b"\x00" not in head and bool(head.strip())

    def load_all(self, paths: list[Path], context: "LoadContext") -> Iterator["ProtoDocument | InputError"]:
        from apilint.documents.proto_loading import load_protos

        return load_protos(paths, context)
