"""OpenAPI 2.0 / 3.0 / 3.1 documents and the typed view rules read.

The view hands rules operations with their path, method, parameters (path-level
and operation-level merged, `$ref`s followed) and responses, each carrying the
`Node` where a user would edit it, so rule code stays a few lines of intent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from apilint.documents.source import REF_KEY, SourceFile
from apilint.documents.workspace import RefError, Workspace
from apilint.errors import InputError
from apilint.finding import Node

if TYPE_CHECKING:
    from apilint.documents import LoadContext

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")

# `openapi:` / `swagger:` as a top-level YAML key (at a line start, or after the file's UTF-8
# byte order mark), or as a JSON member.
_MARKER = re.compile(
    rb'(?:^|(?<=\A\xef\xbb\xbf))["\']?(?:openapi|swagger)["\']?[ \t]*:|"(?:openapi|swagger)"\s*:\s*"', re.MULTILINE
)
_MAX_SNIFF_BYTES = 64 * 1024 * 1024  # beyond this, loading refuses the file anyway


class OpenAPIFormat:
    name = "openapi"
    extensions = (".yaml", ".yml", ".json")

    def claims(self, path: Path, head: bytes, size: int) -> bool:
        if _has_marker(head):
            return True
        # Keys come in any order: Stripe's spec says `openapi:` on line 40,015 and
        # Kubernetes puts "swagger" last, so look at the whole (size-limited) file.
        try:
            return len(head) < size <= _MAX_SNIFF_BYTES and _has_marker(path.read_bytes())
        except OSError:
            return False

    settings: dict = {}  # no section of its own: `ref-root` is a top-level key

    def load_all(self, paths: list[Path], context: "LoadContext") -> Iterator["OpenAPI | InputError"]:
        """Each file a spec of its own; the files they `$ref` are loaded as those are followed."""
        workspace = Workspace(context.options, context.named, context.files)
        for path in paths:
            try:
                yield self.load(path, workspace)
            except InputError as error:
                yield error

    def load(self, path: Path, workspace: Workspace) -> "OpenAPI":
        return OpenAPI(workspace, workspace.load_root(path))


def _text_tokens(pointer: tuple) -> tuple[str, ...]:
    return tuple(str(token) for token in pointer)


def _has_marker(raw: bytes) -> bool:
    # bytes.find runs at memchr speed; the regex only confirms each candidate (~10x faster).
    for word in (b"openapi", b"swagger"):
        start = raw.find(word)
        while start != -1:
            if _MARKER.match(raw, start) or (start and _MARKER.match(raw, start - 1)):
                return True
            start = raw.find(word, start + 1)
    return False


@dataclass(frozen=True)
class Parameter:
    node: Node  # the parameter object itself (after following $ref)
    written_at: Node  # where it is listed in the operation or path item (the $ref, if any)
    name: str
    location: str  # "path", "query", "header", "cookie", "body", "formData"
    required: bool
    data: dict


@dataclass(frozen=True)
class Response:
    node: Node  # the response object (after following $ref)
    written_at: Node  # the status code key in `responses`
    code: str  # "200", "4XX", "default"
    data: dict

    @property
    def headers(self) -> dict[str, Node]:
        """Documented response headers, by lower-case name (HTTP header names are case-insensitive)."""
        headers = self.data.get("headers")
        if not isinstance(headers, dict):
            return {}
        return {str(name).lower(): self.node.child("headers", name) for name in headers}

    @property
    def media_types(self) -> tuple[str, ...]:
        """3.x: the `content` keys; 2.0 has no per-response media types (see the operation's `produces`)."""
        content = self.data.get("content")
        return tuple(map(str, content)) if isinstance(content, dict) else ()

    @cached_property  # asked for by most rules, for every response
    def schema_node(self) -> Node | None:
        """Where the body schema is written (unresolved): 2.0 `schema`, 3.x the JSON-like media
        type's (or else the first one's) `schema`. None when the response has no body."""
        if isinstance(self.data.get("schema"), dict):
            return self.node.child("schema")
        content = self.data.get("content")
        if not isinstance(content, dict) or not content:
            return None
        media = next((m for m in content if "json" in str(m).lower()), next(iter(content)))
        body = content[media]
        if isinstance(body, dict) and isinstance(body.get("schema"), dict):
            return self.node.child("content", media, "schema")
        return None

    @property
    def status(self) -> int | None:
        """The numeric status code, or None for `default` and ranges such as `4XX`."""
        return int(self.code) if self.code.isascii() and self.code.isdigit() else None

    @property
    def is_error(self) -> bool:
        return is_error_code(self.code)


def is_error_code(code: str) -> bool:
    """A `responses` key for failures: 4xx, 5xx (or `4XX`, `5XX`), or `default`."""
    code = code.strip().lower()
    return code == "default" or code[:1] in ("4", "5")


@dataclass(frozen=True)
class RequestBody:
    node: Node  # 3.x: the Request Body Object; 2.0: the `in: body` parameter
    written_at: Node  # where the operation names it (the $ref, if any)
    data: dict
    media_types: tuple[str, ...]  # 3.x `content` keys; 2.0 the operation's `consumes`
    schema: dict | None  # the first media type's schema (2.0: the body parameter's), unresolved

    @cached_property  # asked for by most rules, for every request body
    def schema_node(self) -> Node | None:
        """Where `schema` is written (unresolved): 2.0 the body parameter's, 3.x the first media type's."""
        if self.schema is None:
            return None
        if "schema" in self.data:
            return self.node.child("schema")
        media = next(m for m, value in self.data["content"].items() if isinstance(value, dict))
        return self.node.child("content", media, "schema")


@dataclass(frozen=True)
class SchemaType:
    """What values a schema admits at the top level, the same way for 3.0 and 3.1.

    3.0 says `nullable: true` beside `type: string`; 3.1 (JSON Schema) says
    `type: [string, "null"]`. Swagger 2.0 has `x-nullable` by convention."""

    types: frozenset[str]  # empty: any type
    nullable: bool

    @classmethod
    def of(cls, schema: dict, version: str) -> "SchemaType":
        declared = schema.get("type")
        if isinstance(declared, str):
            types = {declared}
        elif isinstance(declared, list):
            types = {str(item) for item in declared}
        else:
            types = set()
        if version == "3.0":
            nullable = schema.get("nullable") is True
        elif version == "2.0":
            nullable = schema.get("x-nullable") is True
        else:
            nullable = "null" in types or schema.get("const", object()) is None
        types.discard("null")
        return cls(frozenset(types), nullable)


@dataclass
class Operation:
    node: Node  # the operation object: its location is the method key
    path: str
    method: str
    path_node: Node  # the path item key under `paths`
    data: dict
    parameters: list[Parameter]
    responses: list[Response]
    request_body: RequestBody | None

    @property
    def operation_id(self) -> str | None:
        value = self.data.get("operationId")
        return value if isinstance(value, str) else None

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def response(self, code: str | int) -> Response | None:
        return next((r for r in self.responses if r.code == str(code)), None)

    def parameter(self, name: str, location: str) -> Parameter | None:
        """A parameter by name and `in`; header names compare case-insensitively."""
        fold = str.lower if location == "header" else str
        return next((p for p in self.parameters if p.location == location and fold(p.name) == fold(name)), None)

    @property
    def segments(self) -> tuple["PathSegment", ...]:
        return path_segments(self.path)


@dataclass(frozen=True)
class PathSegment:
    text: str  # "users", "{id}", "orders:cancel"
    index: int  # 0-based position among the path's segments
    is_template: bool  # the whole segment is one `{variable}`

    @property
    def literal(self) -> str:
        """The segment without template variables: "files.{ext}" -> "files."."""
        return TEMPLATE_VARIABLE.sub("", self.text)

    @property
    def method_parts(self) -> tuple[str, ...]:
        """An RPC-style method name split at its dots: `admin.users.create` -> ("admin", "users", "create").

        Empty for what is not a method name: a single word, a domain (`apps.k8s.io`), a file name
        (`Calls.json`), a version (`2.0`) or a segment with a template (`{Sid}.json`).
        """
        parts = tuple(self.text.split("."))
        if len(parts) < 2 or not all(_IDENTIFIER.fullmatch(part) for part in parts):
            return ()
        last = parts[-1].lower()
        if last in _FILE_EXTENSIONS or last in _DOMAIN_ENDINGS or any(len(part) < 2 for part in parts):
            return ()
        return parts


TEMPLATE_VARIABLE = re.compile(r"\{[^{}]*\}")  # `{id}` in a path segment
_WHOLE_TEMPLATE = re.compile(r"\{[^{}/]+\}")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Endings that make a dotted segment a file or a host rather than `noun.verb`.
_FILE_EXTENSIONS = frozenset(
    "json xml yaml yml csv tsv txt html htm pdf png jpg jpeg gif svg webp zip gz tgz tar atom rss ics vcf "
    "js css md wav mp3 mp4 ogg webm bin".split()
)
_DOMAIN_ENDINGS = frozenset("io com org net dev app ai co uk de fr jp gov edu info biz us eu cloud local internal".split())


def path_without_suffix(path: str) -> str:
    """The path key without what Box and OpenAI append to tell operations apart (`#add`, `?beta=true`)."""
    return re.split(r"[?#]", path, maxsplit=1)[0]


@lru_cache(maxsize=4096)
def path_segments(path: str) -> tuple[PathSegment, ...]:
    """A path's segments; cached, as several rules ask for the same paths."""
    parts = [part for part in path.split("/") if part != ""]
    return tuple(PathSegment(part, index, bool(_WHOLE_TEMPLATE.fullmatch(part))) for index, part in enumerate(parts))


class OpenAPI:
    """A loaded OpenAPI description: the root file plus whatever its `$ref`s reach."""

    format = "openapi"

    def __init__(self, workspace: Workspace, source: SourceFile):
        self.workspace = workspace
        self.source = source
        self.data = source.data if isinstance(source.data, dict) else {}
        self._ref_sites_cache: dict[SourceFile, list[tuple[Node, str]]] = {}
        # Rules ask for the same schemas and properties over and over (every operation's bodies,
        # shared envelopes): resolve each node once per document.
        self._schemas: dict[Node, tuple[Node, dict] | None] = {}
        self._properties: dict[Node, dict[str, tuple[Node, dict]]] = {}
        self._external_refs_cache: dict[SourceFile, list[tuple[Node, str]]] = {}

    @property
    def root(self) -> Node:
        return self.source.root

    @cached_property
    def version(self) -> str:
        """"2.0", "3.0", "3.1" or "3.2"; "" when the document does not say."""
        raw = self.data.get("openapi", self.data.get("swagger", ""))
        match = re.match(r"(\d+)\.(\d+)", str(raw))
        return f"{match.group(1)}.{match.group(2)}" if match else ""

    @property
    def is_swagger(self) -> bool:
        return self.version == "2.0"

    def deref(self, node: Node) -> Node | None:
        """Follow `$ref`s; None where they lead nowhere (no-unresolved-ref reports those)."""
        return self.follow(node)[0]

    def follow(self, node: Node, value: Any = None) -> tuple[Node | None, Any]:
        """Like deref, with the value: (node, value), or (None, None) where the refs lead nowhere."""
        if value is not None and not (type(value) is dict and REF_KEY in value):
            return node, value  # most parameters and responses are written inline
        try:
            return self.workspace.follow(node, value)
        except RefError:
            return None, None

    def value(self, node: Node) -> Any:
        return self.workspace.value(node)

    def schema(self, node: Node | None) -> tuple[Node, dict] | None:
        """The schema at `node`, `$ref`s followed: (where it is defined, the schema), or None."""
        if node is None:
            return None
        if node not in self._schemas:
            target, schema = self.follow(node)
            self._schemas[node] = (target, schema) if target is not None and isinstance(schema, dict) else None
        return self._schemas[node]

    def properties(self, node: Node | None) -> dict[str, tuple[Node, dict]]:
        """An object schema's properties, `allOf` parts merged and `$ref`s followed, each with
        the node it is defined at. Cycle-safe; `oneOf`/`anyOf` alternatives are not merged.
        Shared by every caller: copy it before changing it."""
        if node is None:
            return {}
        if node in self._properties:
            return self._properties[node]
        found: dict[str, tuple[Node, dict]] = {}
        self._properties[node] = found
        pending, seen = [node], set()
        while pending:
            resolved = self.schema(pending.pop())
            if resolved is None or resolved[0] in seen:
                continue
            where, schema = resolved
            seen.add(where)
            props = schema.get("properties")
            if isinstance(props, dict):
                for name, prop in props.items():
                    if isinstance(prop, dict):
                        found.setdefault(str(name), (where.child("properties", name), prop))
            parts = schema.get("allOf")
            if isinstance(parts, list):
                pending.extend(where.child("allOf", index) for index in range(len(parts)))
        return found

    @cached_property
    def operations(self) -> list[Operation]:
        return list(self._operations())

    def _operations(self) -> Iterator[Operation]:
        paths = self.data.get("paths")
        if not isinstance(paths, dict):
            return
        for path, written in paths.items():
            path_node = self.root.child("paths", path)
            item_node, item = self.follow(path_node, written)
            if item_node is None or not isinstance(item, dict):
                continue
            shared = self._parameters(item_node, item)
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                # Multi-file layouts (Redocly's split format, DigitalOcean) $ref whole operations.
                node, operation = self.follow(item_node.child(method), item[method])
                if node is None or not isinstance(operation, dict):
                    continue
                own = self._parameters(node, operation)
                parameters = _merge_parameters(shared, own)
                yield Operation(
                    node=node,
                    path=str(path),
                    method=method,
                    path_node=path_node,
                    data=operation,
                    parameters=parameters,
                    responses=self._responses(node, operation),
                    request_body=self._request_body(node, operation, parameters),
                )

    def _parameters(self, owner: Node, owner_data: dict) -> list[Parameter]:
        listed = owner_data.get("parameters")
        if not isinstance(listed, list):
            return []
        parameters = []
        for index, written in enumerate(listed):
            written_at = owner.child("parameters", index)
            node, data = self.follow(written_at, written)
            if node is None or not isinstance(data, dict):
                continue
            parameters.append(
                Parameter(
                    node=node,
                    written_at=written_at,
                    name=str(data.get("name", "")),
                    location=str(data.get("in", "")),
                    required=data.get("required") is True,
                    data=data,
                )
            )
        return parameters

    def _request_body(self, operation: Node, data: dict, parameters: list[Parameter]) -> RequestBody | None:
        if self.is_swagger:
            body = next((p for p in parameters if p.location == "body"), None)
            if body is None:
                return None
            consumes = data.get("consumes", self.data.get("consumes", []))
            media = tuple(str(m) for m in consumes) if isinstance(consumes, list) else ()
            schema = body.data.get("schema")
            return RequestBody(body.node, body.written_at, body.data, media, schema if isinstance(schema, dict) else None)
        if "requestBody" not in data:
            return None
        written_at = operation.child("requestBody")
        node, body = self.follow(written_at, data["requestBody"])
        if node is None or not isinstance(body, dict):
            return None
        content = body.get("content")
        content = content if isinstance(content, dict) else {}
        first = next((m for m in content.values() if isinstance(m, dict)), {})
        schema = first.get("schema")
        return RequestBody(node, written_at, body, tuple(map(str, content)), schema if isinstance(schema, dict) else None)

    def _responses(self, operation: Node, operation_data: dict) -> list[Response]:
        listed = operation_data.get("responses")
        if not isinstance(listed, dict):
            return []
        responses = []
        for code, written in listed.items():
            written_at = operation.child("responses", code)
            node, data = self.follow(written_at, written)
            if node is not None and isinstance(data, dict):
                responses.append(Response(node=node, written_at=written_at, code=str(code), data=data))
        return responses

    # -- references across all files the document reaches ----------------------------

    def ref_sites(self, source: SourceFile) -> list[tuple[Node, str]]:
        """Every `$ref` in `source` that is a reference (not literal example data), as (node, ref)."""
        cached = self._ref_sites_cache.get(source)
        if cached is None:
            cached = [
                (Node(source, pointer), ref)
                for pointer, ref in source.markers[0]
                if not _inside_literal_data(pointer, swagger=self.is_swagger)
            ]
            self._ref_sites_cache[source] = cached
        return cached

    def reachable_sources(self) -> Iterator[SourceFile]:
        """The root file, then every file its `$ref`s load, each once (refs loaded on the way)."""
        seen: set[SourceFile] = set()
        queue = [self.source]
        while queue:
            source = queue.pop(0)
            if source in seen:
                continue
            seen.add(source)
            yield source
            for at_ref, ref in self._external_refs(source):  # "#/..." refs stay in this file
                try:
                    target = self.workspace.resolve(ref, at_ref)
                except RefError:
                    continue
                if target.source not in seen:
                    queue.append(target.source)

    def bundled(self) -> tuple[Any, "Splice"]:
        """The root data with every `$ref` to another file replaced by what it points to.

        This is what tools that read multi-file specs see, so it is what the OpenAPI schema
        is checked against. Targets are shared, not copied, and each is spliced once however
        often it is used; a target reached again through its own references stays a `$ref`,
        so cycles end. The returned Splice tree maps bundled positions back to their files.
        """
        done: dict[Node, tuple[Any, Splice]] = {}

        def splice(node: Node, stack: frozenset[Node]) -> tuple[Any, Splice]:
            if node in done:
                return done[node]
            data = self.value(node)
            tree = Splice(node, {})
            for at_ref, _ in self._external_refs(node.source):
                if at_ref.pointer[: len(node.pointer)] != node.pointer:
                    continue
                target = self.deref(Node(at_ref.source, at_ref.pointer[:-1]))
                if target is None:
                    continue  # no-unresolved-ref reports it
                if target in stack:
                    continue
                value, subtree = splice(target, stack | {target})
                relative = at_ref.pointer[len(node.pointer) : -1]
                tree.inner[_text_tokens(relative)] = subtree
                data = _replace(data, relative, value)
            done[node] = (data, tree)
            return done[node]

        return splice(self.root, frozenset({self.root}))

    def _external_refs(self, source: SourceFile) -> list[tuple[Node, str]]:
        cached = self._external_refs_cache.get(source)
        if cached is None:
            if all(ref.startswith("#") for ref in source.ref_strings):
                cached = []  # a one-file spec: no need to walk it for pointers
            else:
                cached = [(at, ref) for at, ref in self.ref_sites(source) if not ref.startswith("#")]
            self._external_refs_cache[source] = cached
        return cached


@dataclass
class Splice:
    """A file's content spliced into the bundled data: where it came from, and what was spliced into it."""

    node: Node
    inner: dict[tuple, "Splice"]  # pointer relative to `node`, tokens as text -> what was spliced there

    def origin(self, path: tuple) -> Node:
        """The node a position (relative to this splice) is written at, in whichever file that is.

        Tokens are compared as text: a YAML key `'500'` and a validator's `500` are one place."""
        text = _text_tokens(path)
        for length in range(len(path), 0, -1):
            inner = self.inner.get(text[:length])
            if inner is not None:
                return inner.origin(path[length:])
        return self.node.child(*path)


_NAMED_MAPS = frozenset(
    "properties patternProperties definitions $defs schemas parameters responses headers examples "
    "requestBodies securitySchemes securityDefinitions links callbacks paths content encoding "
    "variables mapping scopes webhooks pathItems".split()
)
_LITERAL_KEYWORDS = frozenset({"example", "default", "enum", "const"})
_LITERAL_HINTS = _LITERAL_KEYWORDS | {"examples", "value"}


def _inside_literal_data(pointer: tuple, *, swagger: bool) -> bool:
    """Is this position inside example/default/enum values or vendor extensions (plain data)?"""
    # Most $refs pass through none of these words: answer those without the walk below.
    if _LITERAL_HINTS.isdisjoint(pointer) and "\0x-" not in "\0" + "\0".join(map(str, pointer)):
        return False
    previous = None
    for index, token in enumerate(pointer[:-1]):
        naming = previous in _NAMED_MAPS  # then `token` is a user's name, not a keyword
        if not naming and isinstance(token, str):
            if token in _LITERAL_KEYWORDS or token.startswith("x-"):
                return True
            if token == "examples" and swagger:
                return True  # 2.0: a map of media type -> literal example
            if token == "value" and index >= 2 and pointer[index - 2] == "examples":
                return True  # 3.x Example Object's literal value
        previous = token
    return False


def _replace(data: Any, pointer: tuple, value: Any) -> Any:
    """A copy of `data` with `value` at `pointer`; only the containers along the way are copied."""
    if not pointer:
        return value
    head, rest = pointer[0], pointer[1:]
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _replace(data[head], rest, value)
    return copy


def _merge_parameters(shared: list[Parameter], own: list[Parameter]) -> list[Parameter]:
    """Operation parameters override path-level ones with the same name and location."""
    overridden = {(parameter.name, parameter.location) for parameter in own}
    return [p for p in shared if (p.name, p.location) not in overridden] + own


__all__ = [
    "OpenAPI",
    "OpenAPIFormat",
    "Operation",
    "Parameter",
    "PathSegment",
    "RequestBody",
    "Response",
    "SchemaType",
    "REF_KEY",
    "TEMPLATE_VARIABLE",
    "is_error_code",
    "path_segments",
    "path_without_suffix",
]
