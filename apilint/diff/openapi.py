"""The OpenAPI differ (2.0, 3.0, 3.1): what changed between two versions, where, old and new.

Operations are matched by method and path template (`/users/{id}` is `/users/{user_id}`),
parameters by `in` and name, responses by status, media types by name, properties by
name. Schemas are compared resolved, never by their `$ref` strings, so moving a schema
into `components`, renaming a component or splitting a file changes nothing. `allOf`
parts are merged before comparing (reordering or merging them changes nothing), enums
compare as sets (`oneOf` alternatives that each list values count as one enum), a schema
moved into a `oneOf`/`anyOf` is compared with the alternative it became, descriptions and
examples are not compared.

One pass, linear in the two documents: each pair of schemas (old, new) is compared once
per direction and what it found is reused wherever the pair is reached again, so shared
components cost once and recursive schemas terminate. Change kinds (values in brackets):

    server              [url or base path]         removed or changed (old/new value)
    path                [path]                      added or removed
    path-template       [path]                      a path written with another template, matching the same URLs
    operation           [deprecation]               added or removed; values: {"deprecated", "sunset"}
    operation-id        [operationId]
    deprecated          [bool]                      an operation's `deprecated`
    stability           [x-stability-level]
    security            [list of requirements]      the effective requirements (OR of ANDs); a scheme
                                                    only renamed keeps its old name on the new side
    parameter           [{"in", "name", "required", "deprecated"}] added or removed
    parameter-in        ["query", "header", ...]    the same name moved to another `in`
    required            [bool]                      `required` of a parameter, request body or header (within says which);
                                                    a body's detail: the properties its old schema required
    request-body        [{"required"}]              added or removed
    media-type          [media type]                added or removed (side: request or response)
    response            [status]                    added or removed
    header              [{"required"}]              a response header added or removed
    property            [{"required"}]              added or removed; a removal's detail: whether the
                                                    new schema is closed (additionalProperties: false)
    property-required   [bool]                      in the parent's `required`
    type                [sorted types]
    nullable            [bool]
    format              [format]
    enum                [list of values]
    constraint          [number, text or bool]      subject names the keyword (maxLength, pattern, ...)
    default             [value]
    additional-properties [bool]                   whether other properties are allowed
    alternative         [name]                      a oneOf/anyOf alternative added or removed (also when a
                                                    schema is wrapped in a oneOf/anyOf: it is compared with
                                                    its matching alternative, the others are added)
    api-version         [info.version]              the version's major (and /vN prefixes) stayed the same
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Iterator

from apilint.diff import REQUEST, RESPONSE, STABILITY_LEVELS, Change, stability_rank
from apilint.documents.openapi import OpenAPI, Operation, Parameter, Response, SchemaType, is_error_code
from apilint.documents.source import REF_KEY
from apilint.finding import Node

_TEMPLATE = re.compile(r"\{[^}/]*\}")
_PARAMETER_LABEL = re.compile(r"^\w+ parameter '.*'$")  # what _describe says
# Keywords that bound values, compared one by one: a rule decides what a change in each means.
CONSTRAINTS = (
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "multipleOf",
)
_COMPONENT_PREFIXES = (("components", "schemas"), ("definitions",))


def changes(old: OpenAPI | None, new: OpenAPI | None) -> Iterator[Change]:
    """Every change from `old` to `new`, each once, with the operations it concerns."""
    differ = _Differ(old, new)
    differ.compare()
    yield from differ.merged()


@dataclass
class _Flat:
    """A schema with its `allOf` parts merged: each keyword with the node it is written at."""

    node: Node
    keywords: dict[str, tuple[Node, Any]] = field(default_factory=dict)  # first part that says it wins
    properties: dict[str, tuple[Node, dict]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)


class _Differ:
    def __init__(self, old: OpenAPI | None, new: OpenAPI | None):
        self.old, self.new = old, new
        self.found: list[tuple[Change, str | None, str]] = []  # (change, operation label, its stability)
        # Each pair of schemas compared, by (old node, new node, side, within): its own
        # changes (not those of the schemas inside it), the pairs it was reached from, and the
        # operations that reach it directly (label -> (stability, only from an error response)).
        # A change's operations are
        # found by walking back from its pair once, at the end: copying every nested change
        # into each operation would cost operations x changes (Stripe: 15 million).
        self._schemas: dict[tuple, list[Change]] = {}
        self._parents: dict[tuple, set[tuple]] = {}
        self._users: dict[tuple, dict[str, tuple[str, bool]]] = {}
        self._comparing: list[tuple] = []  # the pairs being compared, innermost last
        self._operation_now: tuple[str, str] = ("", "")  # (label, stability) of the operation compared
        self._in_error_response = False  # comparing an error response's (4xx, 5xx, default)
        self._flat: dict[Node, _Flat] = {}
        self._ref_free: dict[int, bool] = {}  # id of a schema's data -> it holds no $ref (see _refers)

    # -- the document -------------------------------------------------------------

    def compare(self) -> None:
        old_ops = _operations(self.old)
        new_ops = _operations(self.new)
        old_version, new_version = _api_version(self.old), _api_version(self.new)
        if old_version and new_version and old_version[0] == new_version[0]:
            (_, old_shown, old_at), (_, new_shown, new_at) = old_version, new_version
            self.found.append((Change("api-version", old_at, new_at, old_shown, new_shown), None, ""))
        self._servers()
        old_paths = {path_template(op.path): op.path_node for op in old_ops.values()}
        new_paths = {path_template(op.path): op.path_node for op in new_ops.values()}
        # A path whose template changed but whose URLs still match it (`/compare/{base}...{head}`
        # became `/compare/{basehead}`) is the same path: its operations are compared.
        for old_template, new_template in _retemplated(old_paths, new_paths).items():
            old_node, new_node = old_paths.pop(old_template), new_paths[new_template]
            old_paths[new_template] = old_node
            old_ops = {(new_template if key[0] == old_template else key[0], key[1]): op for key, op in old_ops.items()}
            change = Change("path-template", old_node, new_node, old_node.pointer[-1], new_node.pointer[-1])
            self.found.append((change, None, ""))
        for key, old_op in old_ops.items():
            new_op = new_ops.get(key)
            if new_op is not None:
                self._operation(old_op, new_op)
            elif key[0] not in new_paths:
                continue  # the whole path is gone: reported once, below
            else:
                anchor = new_paths[key[0]]
                self._add(Change("operation", old_op.node, None, _deprecation(old_op), None, anchor=anchor), old_op)
        for template, node in old_paths.items():
            if template not in new_paths:
                ops = [op for key, op in old_ops.items() if key[0] == template]
                deprecation = _path_deprecation(ops)
                anchor = self.new.root.child("paths") if self.new is not None and "paths" in self.new.data else None
                change = Change("path", node, None, deprecation, None, subject=ops[0].path, anchor=anchor)
                self.found.append((change, None, _least_stable(ops)))
        for key, new_op in new_ops.items():
            if key not in old_ops and key[0] in old_paths:
                self._add(Change("operation", None, new_op.node), new_op)
        for template, node in new_paths.items():
            if template not in old_paths:
                self.found.append((Change("path", None, node, subject=str(node.pointer[-1])), None, ""))

    def _servers(self) -> None:
        old, new = _servers(self.old), _servers(self.new)
        if not old or not new:
            return  # none declared on one side: the base URL is the client's to choose
        for url, node in old.items():
            if url not in new:
                candidate = next(iter(new.values())) if len(old) == 1 and len(new) == 1 else None
                new_url = next(iter(new)) if candidate is not None else None
                anchor = self.new.root.child("servers") if self.new is not None and "servers" in self.new.data else None
                self.found.append(
                    (Change("server", node, candidate, url, new_url, anchor=anchor or self.new.root), None, "")
                )

    def _add(self, change: Change, operation: Operation, stability: str | None = None) -> None:
        level = stability if stability is not None else _stability(operation)
        self.found.append((change, operation.label, level))

    def merged(self) -> Iterator[Change]:
        """Each change once, with every operation it concerns (a shared component's change
        concerns every operation that uses it) and the stability they all share."""
        by_key: dict[tuple, tuple[Change, list[str], list[str]]] = {}
        found = list(self.found)
        for pair, own in self._schemas.items():
            if own:
                for operation, stability in self._operations_reaching(pair).items():
                    found.extend((change, operation, stability) for change in own)
        for change, operation, stability in found:
            key = (change.kind, change.old, change.new, change.side, change.subject)
            entry = by_key.setdefault(key, (change, [], []))
            if operation is not None and operation not in entry[1]:
                entry[1].append(operation)
            entry[2].append(stability)
        for change, operations, levels in by_key.values():
            # Breaking an unstable operation is allowed only when every operation it touches is.
            unstable = max(levels, key=stability_rank) if all(levels) else ""
            yield replace(change, operations=tuple(operations), unstable=unstable)

    def _operations_reaching(self, pair: tuple) -> dict[str, str]:
        """The operations whose schemas lead to this pair of schemas, with their stability,
        those that use it most directly first (in Stripe, expandable fields lead every
        operation to almost every schema; the nearest ones are what a reader wants named).
        Operations it reaches only through an error response are left out when others reach it
        otherwise: in Stripe every error body leads to a payment intent, and so to most of the
        API, which would name all 374 operations for a change in an invoice."""
        reaching: dict[str, tuple[str, bool]] = {}
        seen, level = {pair}, [pair]
        while level:
            following = []
            for current in level:
                for operation, (stability, from_error) in self._users.get(current, {}).items():
                    if operation not in reaching or not from_error:
                        reaching[operation] = (stability, from_error and reaching.get(operation, (0, True))[1])
                for parent in sorted(self._parents.get(current, ()), key=_pair_order):
                    if parent not in seen:
                        seen.add(parent)
                        following.append(parent)
            level = following
        direct = {operation: stability for operation, (stability, from_error) in reaching.items() if not from_error}
        return direct or {operation: stability for operation, (stability, _) in reaching.items()}

    # -- one operation --------------------------------------------------------------

    def _operation(self, old: Operation, new: Operation) -> None:
        def add(change: Change) -> None:
            self._add(change, new, stability)

        # The level clients were promised is the old one: lowering it does not make this
        # version's breaks (the lowering included) only dangerous; raising it is for the next.
        stability = _stability(old)
        self._operation_now = (new.label, stability)
        old_level, new_level = old.data.get("x-stability-level"), new.data.get("x-stability-level")
        if old_level != new_level:
            at = new.node.child("x-stability-level") if new_level is not None else new.node
            add(Change("stability", old.node, at, old_level, new_level))
        if old.operation_id != new.operation_id and old.operation_id is not None:
            at = new.node.child("operationId") if new.operation_id is not None else new.node
            add(Change("operation-id", old.node.child("operationId"), at, old.operation_id, new.operation_id))
        if bool(old.data.get("deprecated") is True) != bool(new.data.get("deprecated") is True):
            at = new.node.child("deprecated") if "deprecated" in new.data else new.node
            add(
                Change(
                    "deprecated", old.node, at, old.data.get("deprecated") is True, new.data.get("deprecated") is True
                )
            )
        for change in self._security(old, new):
            add(change)
        for change in self._parameters(old, new):
            add(change)
        for change in self._request_body(old, new):
            add(change)
        for change in self._responses(old, new):
            add(change)

    def _security(self, old: Operation, new: Operation) -> Iterator[Change]:
        old_required, old_node = _security(self.old, old)
        new_required, new_node = _security(self.new, new, self._renamed_schemes)
        if _requirement_set(old_required) != _requirement_set(new_required):
            yield Change("security", old_node, new_node, old_required, new_required, side=REQUEST)

    @cached_property
    def _renamed_schemes(self) -> dict[str, str]:
        """new name -> old name of each security scheme only renamed (the same definition, its
        description aside): clients send the same credentials, so requirements compare by it."""
        old, new = _security_schemes(self.old), _security_schemes(self.new)
        renamed = {}
        for name, definition in new.items():
            if name not in old:
                same = [was for was, before in old.items() if was not in new and before == definition]
                if len(same) == 1:
                    renamed[name] = same[0]
        return renamed

    # -- parameters ---------------------------------------------------------------------

    def _parameters(self, old: Operation, new: Operation) -> Iterator[Change]:
        renamed = _path_variable_names(old.path, new.path)  # old name -> new name, by position
        # Where the template itself changed, its variables are the path-template change's.
        skipped = {"body", "path"} if _TEMPLATE.sub("{}", old.path) != _TEMPLATE.sub("{}", new.path) else {"body"}
        old_params = {_parameter_key(p, renamed): p for p in old.parameters if p.location not in skipped}
        new_params = {_parameter_key(p): p for p in new.parameters if p.location not in skipped}
        new_by_name = {key[1]: p for key, p in new_params.items()}
        for key, before in old_params.items():
            after = new_params.get(key)
            if after is None:
                moved = new_by_name.get(key[1])
                if moved is not None and (moved.location, key[1]) not in old_params:
                    yield Change(
                        "parameter-in",
                        before.node.child("in"),
                        moved.node.child("in"),
                        before.location,
                        moved.location,
                        side=REQUEST,
                        subject=_describe(before),
                    )
                    yield from self._parameter(before, moved)
                else:
                    yield Change(
                        "parameter",
                        before.written_at,  # where the operation (or path) listed it, maybe by $ref
                        None,
                        _parameter_value(before),
                        None,
                        side=REQUEST,
                        subject=_describe(before),
                        anchor=new.node,
                    )
                continue
            yield from self._parameter(before, after)
        old_names = {key[1] for key in old_params}
        for key, after in new_params.items():
            if key not in old_params and key[1] not in old_names:
                yield Change(
                    "parameter",
                    None,
                    after.written_at,
                    None,
                    _parameter_value(after),
                    side=REQUEST,
                    subject=_describe(after),
                )

    def _parameter(self, old: Parameter, new: Parameter) -> Iterator[Change]:
        subject = _describe(new)
        if old.required != new.required:
            at = new.node.child("required") if "required" in new.data else new.node
            yield Change(
                "required", old.node, at, old.required, new.required, side=REQUEST, subject=subject, within="parameter"
            )
        yield from self._schema(_parameter_schema(old), _parameter_schema(new), REQUEST, "parameter", subject)

    # -- request body -------------------------------------------------------------------

    def _request_body(self, old: Operation, new: Operation) -> Iterator[Change]:
        before, after = old.request_body, new.request_body
        if before is None and after is None:
            return
        if before is None or after is None:
            required = lambda body: body.data.get("required") is True  # noqa: E731
            if after is not None:
                yield Change(
                    "request-body",
                    None,
                    after.node,
                    None,
                    {"required": required(after)},
                    side=REQUEST,
                    subject="request body",
                )
            else:
                yield Change(
                    "request-body",
                    before.node,
                    None,
                    {"required": required(before)},
                    None,
                    side=REQUEST,
                    subject="request body",
                    anchor=new.node,
                )
            return
        old_required, new_required = before.data.get("required") is True, after.data.get("required") is True
        if old_required != new_required:
            at = after.node.child("required") if "required" in after.data else after.node
            yield Change(
                "required",
                before.node,
                at,
                old_required,
                new_required,
                side=REQUEST,
                subject="request body",
                within="body",
                detail=tuple(sorted(self._flatten(self.old, before.schema_node).required))
                if before.schema_node
                else (),
            )
        if "content" in after.data or "content" in before.data:  # 3.x
            yield from self._content(before.node, after.node, REQUEST, "request body")
        else:  # 2.0: a body parameter, and the operation's (or document's) `consumes`
            (old_types, old_at), (new_types, new_at) = (
                _listed(old, self.old, "consumes"),
                _listed(new, self.new, "consumes"),
            )
            yield from self._media_types(old_types, new_types, old_at, new_at, REQUEST, "request body")
            yield from self._schema(
                before.node.child("schema"), after.node.child("schema"), REQUEST, "body", "request body"
            )

    # -- responses ----------------------------------------------------------------------

    def _responses(self, old: Operation, new: Operation) -> Iterator[Change]:
        new_responses = {response.code.upper(): response for response in new.responses}
        old_codes = {response.code.upper() for response in old.responses}
        for before in old.responses:
            after = new_responses.get(before.code.upper())
            if after is None:
                anchor = new.node.child("responses") if "responses" in new.data else new.node
                yield Change(
                    "response",
                    before.written_at,
                    None,
                    before.code,
                    None,
                    side=RESPONSE,
                    subject=f"response {before.code}",
                    anchor=anchor,
                )
                continue
            self._in_error_response = is_error_code(before.code)
            yield from self._response(old, new, before, after)
            self._in_error_response = False
        for code, after in new_responses.items():
            if code not in old_codes:
                yield Change(
                    "response",
                    None,
                    after.written_at,
                    None,
                    after.code,
                    side=RESPONSE,
                    subject=f"response {after.code}",
                )

    def _response(self, old_op: Operation, new_op: Operation, old: Response, new: Response) -> Iterator[Change]:
        subject = f"response {new.code}"
        old_headers, new_headers = old.headers, new.headers
        for name, before in old_headers.items():
            after = new_headers.get(name)
            header = f"response header {before.pointer[-1]!r} of {subject}"
            old_required = self._value(self.old, before).get("required") is True
            if after is None:
                yield Change(
                    "header",
                    before,
                    None,
                    {"required": old_required},
                    None,
                    side=RESPONSE,
                    subject=header,
                    anchor=new.node,
                )
                continue
            new_data = self._value(self.new, after)
            if old_required != (new_data.get("required") is True):
                yield Change(
                    "required",
                    before,
                    after,
                    old_required,
                    new_data.get("required") is True,
                    side=RESPONSE,
                    subject=header,
                    within="header",
                )
            yield from self._schema(
                _header_schema(before, self._value(self.old, before)),
                _header_schema(after, new_data),
                RESPONSE,
                "header",
                header,
            )
        for name, after in new_headers.items():
            if name not in old_headers:
                header = f"response header {after.pointer[-1]!r} of {subject}"
                yield Change(
                    "header",
                    None,
                    after,
                    None,
                    {"required": self._value(self.new, after).get("required") is True},
                    side=RESPONSE,
                    subject=header,
                )
        if "content" in new.data or "content" in old.data:  # 3.x
            yield from self._content(old.node, new.node, RESPONSE, subject)
        else:  # 2.0: `schema`, and the operation's (or document's) `produces`
            if "schema" in old.data and "schema" in new.data:
                old_types, new_types = (
                    _listed(old_op, self.old, "produces")[0],
                    _listed(new_op, self.new, "produces")[0],
                )
                yield from self._media_types(old_types, new_types, old.node, new.node, RESPONSE, subject)
            yield from self._body_presence(old, new, RESPONSE, subject)
            yield from self._schema(
                old.node.child("schema"), new.node.child("schema"), RESPONSE, "body", f"{subject} body"
            )

    def _value(self, api: OpenAPI | None, node: Node) -> dict:
        followed = api.follow(node)[1] if api is not None else None
        return followed if isinstance(followed, dict) else {}

    def _body_presence(self, old: Response, new: Response, side: str, subject: str) -> Iterator[Change]:
        if "schema" in old.data and "schema" not in new.data:
            yield Change(
                "media-type", old.node.child("schema"), None, "body", None, side=side, subject=subject, anchor=new.node
            )
        elif "schema" not in old.data and "schema" in new.data:
            yield Change("media-type", None, new.node.child("schema"), None, "body", side=side, subject=subject)

    # -- content and media types -------------------------------------------------------------

    def _content(self, old: Node, new: Node, side: str, subject: str) -> Iterator[Change]:
        old_content = self._value(self.old, old).get("content")
        new_content = self._value(self.new, new).get("content")
        old_content = old_content if isinstance(old_content, dict) else {}
        new_content = new_content if isinstance(new_content, dict) else {}
        new_by_type = {_media_key(media): media for media in new_content}
        for media in old_content:
            match = new_by_type.get(_media_key(media))
            if match is None:
                anchor = new.child("content") if new_content else new
                yield Change(
                    "media-type",
                    old.child("content", media),
                    None,
                    str(media),
                    None,
                    side=side,
                    subject=subject,
                    anchor=anchor,
                )
                continue
            body = subject if subject.endswith(" body") else f"{subject} body"  # "request body" is one already
            yield from self._schema(
                old.child("content", media, "schema"),
                new.child("content", match, "schema"),
                side,
                "body",
                f"{body} ({match})" if len(new_content) > 1 else body,
            )
        old_types = {_media_key(media) for media in old_content}
        for media in new_content:
            if _media_key(media) not in old_types:
                yield Change(
                    "media-type", None, new.child("content", media), None, str(media), side=side, subject=subject
                )

    def _media_types(
        self, old: list[str], new: list[str], old_at: Node, new_at: Node, side: str, subject: str
    ) -> Iterator[Change]:
        old_keys, new_keys = {_media_key(m): m for m in old}, {_media_key(m): m for m in new}
        for key, media in old_keys.items():
            if key not in new_keys:
                yield Change("media-type", old_at, None, media, None, side=side, subject=subject, anchor=new_at)
        for key, media in new_keys.items():
            if key not in old_keys:
                yield Change("media-type", None, new_at, None, media, side=side, subject=subject)

    # -- schemas ---------------------------------------------------------------------------

    def _schema(self, old: Node | None, new: Node | None, side: str, within: str, label: str) -> Iterator[Change]:
        """Compare two schemas as `side` sees them, in a `within` ("parameter", "body",
        "header"); `label` names the schema in messages (a component by its name, wherever it
        is used). Each pair of resolved schemas is compared once per context; its changes are
        kept with the pair (see merged), so this yields nothing: it is called as the operation's
        other comparisons are."""
        old_resolved = self.old.schema(old) if old is not None and self.old is not None else None
        new_resolved = self.new.schema(new) if new is not None and self.new is not None else None
        if old_resolved is None or new_resolved is None:
            return iter(())
        if self._comparing or within == "body":  # a referenced schema is named by its own name
            label = _schema_name(new, new_resolved[0]) or _schema_name(old, old_resolved[0]) or label
            pair = (old_resolved[0], new_resolved[0], side, within)
        else:  # a parameter's or header's schema: named by its owner ("query parameter 'limit'")
            pair = (old_resolved[0], new_resolved[0], side, within, label)
        if self._comparing:
            self._parents.setdefault(pair, set()).add(self._comparing[-1])
        else:
            operation, stability = self._operation_now
            users = self._users.setdefault(pair, {})
            from_error = self._in_error_response and users.get(operation, (stability, True))[1]
            users[operation] = (stability, from_error)
        if pair not in self._schemas:  # else compared already, or being compared (a recursive schema)
            own = self._schemas[pair] = []
            if self._same(old_resolved[1], new_resolved[1]):
                return iter(())
            self._comparing.append(pair)
            try:
                own.extend(self._compare(old_resolved[0], new_resolved[0], _Context(side, within), label))
            finally:
                self._comparing.pop()
        return iter(())

    def _same(self, old: dict, new: dict) -> bool:
        """Written the same, with no `$ref` inside that could lead to different schemas: most
        of a big spec between two versions, skipped at the cost of one comparison."""
        return self.old.version == self.new.version and old == new and not _refers(old, self._ref_free)

    def _compare(self, old_node: Node, new_node: Node, context: "_Context", label: str) -> Iterator[Change]:
        old, new = self._flatten(self.old, old_node), self._flatten(self.new, new_node)
        wrapped = self._wrapped(old, new, context, label)
        if wrapped is not None:
            yield from wrapped
            return
        change = context.change
        old_type = SchemaType.of({k: v for k, (_, v) in old.keywords.items()}, self.old.version)
        new_type = SchemaType.of({k: v for k, (_, v) in new.keywords.items()}, self.new.version)
        if old_type.types and new_type.types and old_type.types != new_type.types:
            yield change(
                "type", _at(old, "type"), _at(new, "type"), sorted(old_type.types), sorted(new_type.types), label
            )
        if old_type.nullable != new_type.nullable:
            nullable = "nullable" if self.new.version == "3.0" else "x-nullable" if self.new.is_swagger else "type"
            yield change(
                "nullable", _at(old, nullable), _at(new, nullable), old_type.nullable, new_type.nullable, label
            )
        for keyword in ("format", "default", *CONSTRAINTS):
            before, after = _get(old, keyword), _get(new, keyword)
            if before != after:
                kind = keyword if keyword in ("format", "default") else "constraint"
                yield change(
                    kind,
                    _at(old, keyword),
                    _at(new, keyword),
                    before,
                    after,
                    f"{label} {keyword}" if kind == "constraint" else label,
                )
        old_enum, new_enum = _enum(old), _enum(new)
        if (old_enum is None) != (new_enum is None) or (
            old_enum is not None and set(map(_hashable, old_enum)) != set(map(_hashable, new_enum))
        ):
            yield change("enum", _at(old, "enum"), _at(new, "enum"), old_enum, new_enum, label)
        yield from self._properties(old, new, context, label)
        yield from self._additional(old, new, context, label)
        if isinstance(_get(old, "items"), dict) and isinstance(_get(new, "items"), dict):
            yield from self._schema(
                _at(old, "items"), _at(new, "items"), context.side, context.within, _child_label(label, "[]")
            )
        for keyword in ("oneOf", "anyOf"):
            yield from self._alternatives(old, new, keyword, context, label)

    def _properties(self, old: _Flat, new: _Flat, context: "_Context", label: str) -> Iterator[Change]:
        # A read-only property is not sent, a write-only one not received: not part of this side.
        hidden = "readOnly" if context.side == REQUEST else "writeOnly"
        for name, (before, before_data) in old.properties.items():
            if before_data.get(hidden) is True:
                continue
            child = _child_label(label, name)
            found = new.properties.get(name)
            if found is None:
                anchor = new.keywords["properties"][0] if "properties" in new.keywords else new.node
                closed = _get(new, "additionalProperties") is False  # the new schema rejects it when sent
                yield context.change(
                    "property", before, None, {"required": name in old.required}, None, child, anchor, closed
                )
                continue
            after, after_data = found
            if after_data.get(hidden) is True:
                continue
            if (name in old.required) != (name in new.required):
                yield context.change(
                    "property-required", before, after, name in old.required, name in new.required, child
                )
            yield from self._schema(before, after, context.side, context.within, child)
        for name, (after, after_data) in new.properties.items():
            if name not in old.properties and after_data.get(hidden) is not True:
                yield context.change(
                    "property", None, after, None, {"required": name in new.required}, _child_label(label, name)
                )

    def _additional(self, old: _Flat, new: _Flat, context: "_Context", label: str) -> Iterator[Change]:
        before, after = _get(old, "additionalProperties"), _get(new, "additionalProperties")
        if (before is False) != (after is False):
            at_old, at_new = _at(old, "additionalProperties"), _at(new, "additionalProperties")
            yield context.change(
                "additional-properties", at_old, at_new, before is not False, after is not False, label
            )
        elif isinstance(before, dict) and isinstance(after, dict):
            at_old, at_new = _at(old, "additionalProperties"), _at(new, "additionalProperties")
            yield from self._schema(at_old, at_new, context.side, context.within, _child_label(label, "*"))

    def _alternatives(self, old: _Flat, new: _Flat, keyword: str, context: "_Context", label: str) -> Iterator[Change]:
        old_list, new_list = _get(old, keyword), _get(new, keyword)
        if not isinstance(old_list, list) or not isinstance(new_list, list):
            return
        old_at, new_at = _at(old, keyword), _at(new, keyword)
        old_names = [self._alternative_name(self.old, old_at.child(i)) for i in range(len(old_list))]
        new_names = [self._alternative_name(self.new, new_at.child(i)) for i in range(len(new_list))]
        # Pair alternatives by name, those written alike first, then in order (Stripe's `anyOf:
        # [{type: string}, {type: string, enum: [""]}]` has two of one type; two unnamed objects
        # pair first with first); then what is left on both sides by type, in order: a renamed
        # title or component is the same alternative, compared like any schema.
        matches: dict[int, int] = {}

        def pair(fits) -> None:
            for index in range(len(old_names)):
                if index not in matches:
                    taken = set(matches.values())
                    match = next((c for c in range(len(new_names)) if c not in taken and fits(index, c)), None)
                    if match is not None:
                        matches[index] = match

        pair(
            lambda index, candidate: old_names[index] == new_names[candidate] and old_list[index] == new_list[candidate]
        )
        pair(lambda index, candidate: old_names[index] == new_names[candidate])
        old_types = [self._alternative_type(self.old, old_at.child(index)) for index in range(len(old_list))]
        new_types = [self._alternative_type(self.new, new_at.child(index)) for index in range(len(new_list))]
        pair(lambda index, candidate: old_types[index] is not None and old_types[index] == new_types[candidate])
        for index in range(len(old_names)):
            if index in matches:
                yield from self._schema(
                    old_at.child(index), new_at.child(matches[index]), context.side, context.within, label
                )
            else:
                yield context.change(
                    "alternative",
                    old_at.child(index),
                    None,
                    old_names[index],
                    None,
                    f"{label} {keyword}",
                    anchor=new_at,
                )
        matched = set(matches.values())
        for index, name in enumerate(new_names):
            if index not in matched:
                yield context.change("alternative", None, new_at.child(index), None, name, f"{label} {keyword}")

    def _alternative_type(self, api: OpenAPI, node: Node) -> str | None:
        """An alternative's type, for pairing what names did not; None for a component the other
        version still defines (dropped from the list, not renamed) or an untyped alternative."""
        resolved = api.schema(node)
        if resolved is None:
            return None
        component = _is_component(resolved[0])
        if component is not None and api is self.old and self.new is not None and _has_component(self.new, component):
            return None
        declared = resolved[1].get("type")
        return str(declared) if declared is not None else None

    def _wrapped(self, old: _Flat, new: _Flat, context: "_Context", label: str) -> list[Change] | None:
        """A schema that became a oneOf/anyOf, or the reverse: compared with the alternative that
        matches it (by name, or else by being the only one of its type), the other alternatives
        added (or removed); when none matches for sure and all are objects, every alternative is
        (GitHub's issue timeline event became a choice of 21 event types, each with some of its
        properties: not 40 properties removed).
        None when neither side is such a choice: comparing a plain schema with a choice keyword
        by keyword would report all its properties as removed."""
        for keyword in ("oneOf", "anyOf"):
            old_list, new_list = _get(old, keyword), _get(new, keyword)
            if isinstance(old_list, list) == isinstance(new_list, list):
                continue
            grew = isinstance(new_list, list)  # the new version wraps the old schema
            plain, choice = (old, new) if grew else (new, old)
            plain_api, choice_api = (self.old, self.new) if grew else (self.new, self.old)
            if choice.properties or any(other in plain.keywords for other in ("oneOf", "anyOf")):
                return None  # properties beside the choice, or a choice on both sides: compare as usual
            at = _at(choice, keyword)
            members = [at.child(index) for index in range(len(new_list if grew else old_list))]
            names = [self._alternative_name(choice_api, member) for member in members]
            match = self._matching(plain_api, plain, choice_api, members, names)
            if match is None and not (_is_object(plain) and all(self._is_object_at(choice_api, m) for m in members)):
                return None
            found = []
            if match is not None:
                found = list(
                    self._schema(old.node, members[match], context.side, context.within, label)
                    if grew
                    else self._schema(members[match], new.node, context.side, context.within, label)
                )
            subject = f"{label} {keyword}"
            for index, (member, name) in enumerate(zip(members, names)):
                if index == match:
                    continue
                if grew:
                    found.append(context.change("alternative", None, member, None, name, subject))
                else:
                    found.append(context.change("alternative", member, None, name, None, subject, anchor=plain.node))
            return found
        return None

    def _is_object_at(self, api: OpenAPI, node: Node) -> bool:
        return _is_object(self._flatten(api, api.schema(node)[0])) if api.schema(node) else False

    def _matching(
        self, plain_api: OpenAPI, plain: _Flat, choice_api: OpenAPI, members: list[Node], names: list[str]
    ) -> int | None:
        """The index of the alternative that is `plain`: the only one of the same name, or else the
        only one of its type; arrays that tie are told apart by their items. None when unsure."""
        name = self._alternative_name(plain_api, plain.node)
        candidates = [index for index, each in enumerate(names) if each == name]
        if not candidates and _get(plain, "type") is not None:
            candidates = [
                index
                for index, member in enumerate(members)
                if _keyword(choice_api, member, "type") == _get(plain, "type")
            ]
        if len(candidates) > 1 and isinstance(_get(plain, "items"), dict):
            items = self._alternative_name(plain_api, _at(plain, "items"))
            candidates = [
                index
                for index in candidates
                if isinstance(_keyword(choice_api, members[index], "items"), dict)
                and self._alternative_name(choice_api, choice_api.schema(members[index])[0].child("items")) == items
            ]
        return candidates[0] if len(candidates) == 1 else None

    def _alternative_name(self, api: OpenAPI, node: Node) -> str:
        """What identifies an alternative across versions: the component it names (by `$ref`),
        its title, or else its type."""
        resolved = api.schema(node)
        if resolved is not None:
            component = _is_component(resolved[0])
            if component is not None:
                return component
            schema = resolved[1]
            if isinstance(schema.get("title"), str):
                return schema["title"]
            declared = schema.get("type")
            if declared is not None:
                return str(declared)
        return f"#{node.pointer[-1]}"

    def _flatten(self, api: OpenAPI, node: Node) -> _Flat:
        """The schema at `node` with its `allOf` parts (and theirs) merged, `$ref`s followed."""
        flat = self._flat.get(node)
        if flat is not None:
            return flat
        flat = self._flat[node] = _Flat(node)
        pending, seen = [node], set()
        while pending:
            resolved = api.schema(pending.pop(0))
            if resolved is None or resolved[0] in seen:
                continue
            where, schema = resolved
            seen.add(where)
            for keyword, value in schema.items():
                if keyword in ("allOf", "properties", "required", REF_KEY):
                    continue
                flat.keywords.setdefault(keyword, (where.child(keyword), value))
            required = schema.get("required")
            if isinstance(required, list):
                flat.required.update(str(name) for name in required)
            parts = schema.get("allOf")
            if isinstance(parts, list):
                pending.extend(where.child("allOf", index) for index in range(len(parts)))
        flat.properties = api.properties(node)
        if flat.properties and "properties" not in flat.keywords:
            first = next(iter(flat.properties.values()))[0]
            flat.keywords["properties"] = (Node(first.source, first.pointer[:-1]), None)
        return flat


# -- helpers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """Whose schema is compared: the side (request or response) and the owner kind."""

    side: str
    within: str

    def change(
        self,
        kind: str,
        old: Node | None,
        new: Node | None,
        old_value: Any,
        new_value: Any,
        subject: str,
        anchor: Node | None = None,
        detail: Any = None,
    ) -> Change:
        return Change(
            kind, old, new, old_value, new_value, self.side, subject, within=self.within, anchor=anchor, detail=detail
        )


def _operations(api: OpenAPI | None) -> dict[tuple[str, str], Operation]:
    if api is None:
        return {}
    return {(path_template(op.path), op.method): op for op in api.operations}


def path_template(path: str) -> str:
    """A path as it matches: its variables unnamed (`/users/{id}` and `/users/{user_id}` are one
    path). Accepting breaks by path (the diff runner) matches paths the same way."""
    return _TEMPLATE.sub("{}", path.rstrip("/") or "/")


def _retemplated(old_paths: dict[str, Node], new_paths: dict[str, Node]) -> dict[str, str]:
    """Old path templates gone from the new version -> the one new template each matches the
    same URLs as: the same literal segments, a variable wherever the other has one."""
    gone = [template for template in old_paths if template not in new_paths]
    added = [template for template in new_paths if template not in old_paths]
    pairs = {}
    for old in gone:
        matching = [new for new in added if _same_urls(old, new)]
        if len(matching) == 1 and sum(_same_urls(other, matching[0]) for other in gone) == 1:
            pairs[old] = matching[0]
    return pairs


def _same_urls(old: str, new: str) -> bool:
    old_segments, new_segments = old.split("/"), new.split("/")
    return len(old_segments) == len(new_segments) and all(
        a == b or ("{" in a and "{" in b) for a, b in zip(old_segments, new_segments)
    )


def _path_variable_names(old: str, new: str) -> dict[str, str]:
    return dict(
        zip((m.group()[1:-1] for m in _TEMPLATE.finditer(old)), (m.group()[1:-1] for m in _TEMPLATE.finditer(new)))
    )


def _parameter_key(parameter: Parameter, renamed: dict[str, str] | None = None) -> tuple[str, str]:
    name = parameter.name
    if parameter.location == "path" and renamed:
        name = renamed.get(name, name)
    return parameter.location, name.lower() if parameter.location == "header" else name


def _parameter_value(parameter: Parameter) -> dict:
    return {
        "in": parameter.location,
        "name": parameter.name,
        "required": parameter.required,
        "deprecated": parameter.data.get("deprecated") is True,
    }


def _describe(parameter: Parameter) -> str:
    return f"{parameter.location} parameter {parameter.name!r}"


def _parameter_schema(parameter: Parameter) -> Node:
    """3.x: `schema`, or the first `content` entry's; 2.0: the parameter object itself."""
    if isinstance(parameter.data.get("schema"), dict):
        return parameter.node.child("schema")
    content = parameter.data.get("content")
    if isinstance(content, dict) and content:
        return parameter.node.child("content", next(iter(content)), "schema")
    return parameter.node


def _header_schema(node: Node, data: dict) -> Node:
    return node.child("schema") if isinstance(data.get("schema"), dict) else node


def _media_key(media: Any) -> str:
    """A media type without parameters, lower case: `application/json; charset=utf-8` is JSON."""
    return str(media).split(";")[0].strip().lower()


def _listed(operation: Operation, api: OpenAPI, key: str) -> tuple[list[str], Node]:
    """A 2.0 `consumes` or `produces` that applies to the operation (its own, else the document's)
    and where it is written (else the operation)."""
    if key in operation.data:
        value, node = operation.data[key], operation.node.child(key)
    else:
        value, node = api.data.get(key, []), api.root.child(key) if key in api.data else operation.node
    return ([str(item) for item in value] if isinstance(value, list) else []), node


def _servers(api: OpenAPI | None) -> dict[str, Node]:
    """The base URLs clients call: 3.x `servers`, 2.0 `host` + `basePath`."""
    if api is None:
        return {}
    if api.is_swagger:
        base = f"{api.data.get('host', '')}{api.data.get('basePath', '')}".rstrip("/")
        key = "basePath" if "basePath" in api.data else "host"
        return {base: api.root.child(key)} if key in api.data else {}
    listed = api.data.get("servers")
    if not isinstance(listed, list):
        return {}
    return {
        str(server["url"]).rstrip("/"): api.root.child("servers", index, "url")
        for index, server in enumerate(listed)
        if isinstance(server, dict) and isinstance(server.get("url"), str)
    }


def _security(
    api: OpenAPI, operation: Operation, renamed: dict[str, str] | None = None
) -> tuple[list[dict[str, list[str]]], Node]:
    """The security requirements that apply (the operation's, or else the document's), each
    scheme's scopes sorted (and its name the old one where `renamed` says so), and where they
    are written."""
    renamed = renamed or {}
    if "security" in operation.data:
        listed, node = operation.data["security"], operation.node.child("security")
    elif "security" in api.data:
        listed, node = api.data["security"], api.root.child("security")
    else:
        return [], operation.node
    requirements = [
        {
            renamed.get(str(scheme), str(scheme)): sorted(map(str, scopes)) if isinstance(scopes, list) else []
            for scheme, scopes in sorted(each.items())
        }
        for each in (listed if isinstance(listed, list) else [])
        if isinstance(each, dict)
    ]
    return requirements, node


def _requirement_set(requirements: list[dict[str, list[str]]]) -> frozenset:
    """Requirements as what they accept: their order is no matter, and none (`[]`) is one empty
    requirement (`[{}]`), no credentials."""
    return frozenset(repr(requirement) for requirement in requirements) or frozenset({repr({})})


def _security_schemes(api: OpenAPI | None) -> dict[str, dict]:
    """Each security scheme's definition by name, its description left out (3.x components,
    2.0 securityDefinitions)."""
    if api is None:
        return {}
    components = api.data.get("components")
    listed = api.data.get("securityDefinitions") if api.is_swagger else None
    if listed is None and isinstance(components, dict):
        listed = components.get("securitySchemes")
    if not isinstance(listed, dict):
        return {}
    return {
        str(name): {key: value for key, value in definition.items() if key != "description"}
        for name, definition in listed.items()
        if isinstance(definition, dict)
    }


def _stability(operation: Operation) -> str:
    level = operation.data.get("x-stability-level")
    return level if level in STABILITY_LEVELS[:-1] else ""


def _least_stable(operations: list[Operation]) -> str:
    levels = [_stability(op) for op in operations]
    return max(levels, key=stability_rank) if all(levels) else ""


def _deprecation(operation: Operation) -> dict:
    sunset = operation.data.get("x-sunset")
    return {
        "deprecated": operation.data.get("deprecated") is True,
        "sunset": str(sunset) if sunset is not None else None,
    }


def _path_deprecation(operations: list[Operation]) -> dict:
    """A path is deprecated when all its operations are; its sunset is their latest."""
    each = [_deprecation(op) for op in operations]
    sunsets = [d["sunset"] for d in each if d["sunset"]]
    return {
        "deprecated": all(d["deprecated"] for d in each),
        "sunset": max(sunsets) if len(sunsets) == len(each) else None,
        "methods": [operation.method.upper() for operation in operations],
    }


_VERSION_SEGMENT = re.compile(r"/v(\d+)(?=[/.]|$)", re.IGNORECASE)


def _api_version(api: OpenAPI | None) -> tuple[tuple, str, Node] | None:
    """(what must change for clients to see a new major version, `info.version` as written, its
    node): the major of a semantic version (0.x: the minor too; any other form, all of it) and
    the `/vN` segments of the paths and base URLs. None when `info.version` is no version."""
    if api is None:
        return None
    info = api.data.get("info")
    written = str(info.get("version", "")) if isinstance(info, dict) else ""
    if not any(character.isdigit() for character in written):
        return None  # "unversioned" (Kubernetes: its versions are in its paths, one per API group)
    parts = written.lstrip("vV").split(".")
    major = ".".join(parts[:2]) if parts[0] == "0" else parts[0] if parts[0].isdigit() else written
    paths = api.data.get("paths")
    segments = {
        m.group(1)
        for text in [*(paths if isinstance(paths, dict) else ()), *_servers(api)]
        for m in _VERSION_SEGMENT.finditer(str(text))
    }
    node = api.root.child("info", "version") if written else api.root
    return (major, frozenset(segments)), written, node


def _pair_order(pair: tuple) -> tuple:
    """A stable order of schema pairs (sets of them have none): by the new node's place, then
    the old one's (one new schema may be compared with several old ones)."""
    old, new = pair[0], pair[1]
    return (
        new.source.display,
        tuple(map(str, new.pointer)),
        old.source.display,
        tuple(map(str, old.pointer)),
        *pair[2:],
    )


def _refers(data: Any, known: dict[int, bool]) -> bool:
    """Whether a `$ref` is anywhere inside `data` (`known` remembers the containers seen, so a
    spec's data is walked at most once)."""
    if type(data) is dict:
        if id(data) not in known:
            known[id(data)] = REF_KEY not in data and not any(_refers(value, known) for value in data.values())
        return not known[id(data)]
    if type(data) is list:
        return any(_refers(item, known) for item in data)
    return False


def _is_object(flat: _Flat) -> bool:
    return _get(flat, "type") == "object" or bool(flat.properties)


def _keyword(api: OpenAPI, node: Node, keyword: str) -> Any:
    """A keyword of the schema at `node`, its `$ref` followed."""
    resolved = api.schema(node)
    return resolved[1].get(keyword) if resolved is not None else None


def _get(flat: _Flat, keyword: str) -> Any:
    entry = flat.keywords.get(keyword)
    return entry[1] if entry is not None else None


def _at(flat: _Flat, keyword: str) -> Node:
    entry = flat.keywords.get(keyword)
    return entry[0] if entry is not None else flat.node


def _enum(flat: _Flat) -> list | None:
    if "const" in flat.keywords:
        return [_get(flat, "const")]
    values = _get(flat, "enum")
    if isinstance(values, list):
        return values
    for keyword in ("oneOf", "anyOf"):  # alternatives that each list values are one enum of them all
        parts = _get(flat, keyword)
        if (
            isinstance(parts, list)
            and parts
            and all(isinstance(p, dict) and isinstance(p.get("enum"), list) for p in parts)
        ):
            return [value for part in parts for value in part["enum"]]
    return None


def _hashable(value: Any) -> Any:
    return repr(value) if isinstance(value, (dict, list)) else value


def _schema_name(written: Node, defined: Node) -> str | None:
    """The name messages give a schema reached through a `$ref`: its component's name, the name
    of the file it is (`schemas/user.yaml` -> user), or the last step of the pointer. Inline
    schemas have none: they are named by the path to them. The name depends on where the schema
    is defined only, so a recursive schema is compared once, whatever leads to it."""
    if written == defined:
        return None
    if not defined.pointer:
        return defined.source.path.stem
    return _is_component(defined) or str(defined.pointer[-1])


def _is_component(node: Node) -> str | None:
    """The component name of a schema defined under components/schemas (or definitions)."""
    pointer = node.pointer
    for prefix in _COMPONENT_PREFIXES:
        if len(pointer) == len(prefix) + 1 and pointer[: len(prefix)] == prefix:
            return str(pointer[-1])
    return None


def _has_component(api: OpenAPI, name: str) -> bool:
    for prefix in _COMPONENT_PREFIXES:
        found: Any = api.data
        for key in prefix:
            found = found.get(key) if isinstance(found, dict) else None
        if isinstance(found, dict) and name in found:
            return True
    return False


def _child_label(label: str, name: str) -> str:
    """`Customer` + `email` -> `Customer.email`; `property 'data'` + `[]` -> `data[]`."""
    base = label[len("property '") : -1] if label.startswith("property '") else label
    if _PARAMETER_LABEL.match(base):  # "query parameter 'filter'" -> "query parameter 'filter.status'"
        return f"{base[:-1]}{'' if name == '[]' else '.'}{name}'"
    if " " in base:  # "request body", "response 200 body": a property path starts here
        return name if name != "[]" else "[]"
    return f"{base}{name}" if name == "[]" else f"{base}.{name}"
