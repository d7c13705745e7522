"""
## What it does
Flags a page-size query parameter (`limit`, `page_size`, `per_page`, ...) without a `maximum`.

The names checked are the `names` option (default: `limit`, `page_size`,
`per_page`, `max_results`, `size`, `count`, `top`, `max_page_size`); they
compare case- and punctuation-insensitively, so `page_size` also matches
`pageSize`, `PageSize` and `page[size]`, and `limit` matches `listOptions.limit`.
`size`, `count` and `top` often mean something else, so they are only checked
on GETs that return a list, or beside a page, offset or cursor parameter
(`page` + `count` is page pagination). A parameter with an `enum` is bounded.
A shared (`$ref`'d) parameter is reported once, where it is defined.

Evidence of a page size, besides the name: a number (or an untyped value), a
number written as a string (`{type: string, format: int64}`, as gRPC-gateway
writes int64; or a digits `pattern`, `default` or `example`), or any plain
string beside a page, offset or cursor parameter. A string cannot declare a
`maximum`, so a string page size is reported as such unless a `pattern`
bounds it: make it an integer with `maximum`.

In the request body of a POST that answers with a list (a search), a size
field (`limit`, `count`, ...) is checked when a position or cursor field
(`offset`, `page`, `cursor`) sits beside it, at the top of the body or one
level down (`options.count` beside `options.offset`). Exempt: a size alone in
a body (a spending `limit`, a `count` of items to create), `readOnly` fields,
and a body that is the very schema the POST answers with (a list envelope
whose `pagination.pageSize` is metadata).

## Why is this bad?
Without a maximum a client can ask for a million items in one request: the
server does unbounded work and memory, and one careless or hostile client
degrades the service for everyone. A documented maximum also tells clients
what to expect instead of a silent cap.

Source: OWASP API4:2023 (unrestricted resource consumption: "missing limits
on the maximum number of records returned"), Google AIP-158 (`page_size`
maximum), Zalando guideline #159 (pagination).

## Example
    parameters:
      - {name: limit, in: query, schema: {type: integer, default: 20}}

## Use instead
    parameters:
      - {name: limit, in: query, schema: {type: integer, default: 20, minimum: 1, maximum: 100}}
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI, Operation, Parameter
from apilint.finding import Finding, Node
from apilint.registry import WARNING, Option, rule

from ._collections import (
    CURSOR_PARAMETERS,
    OFFSET_PARAMETERS,
    body_paging,
    collection,
    field_types,
    fold,
    is_numeric_schema,
    numeric_string,
    paging_names,
    query_parameters,
    schema_types,
)

_NAMES = ["limit", "page_size", "per_page", "max_results", "size", "count", "top", "max_page_size"]
# Names that are a page size only on a list GET, or beside a page, offset or cursor parameter:
# `size` of an image, `count` of a dice roll.
_AMBIGUOUS = frozenset({"size", "count", "top"})


@rule("limit-has-maximum", severity=WARNING, format="openapi", options={"names": Option(_NAMES)})
def limit_has_maximum(api: OpenAPI, options: dict) -> Iterator[Finding]:
    names = {fold(str(name)) for name in options["names"]}
    unbounded: dict[Node, tuple[str, str, list[str]]] = {}  # a shared definition: once, where defined
    checked: set[Node] = set()

    def check(node: Node, name: str, schema: dict, types: frozenset[str], operation: Operation) -> None:
        if node in unbounded:
            unbounded[node][2].append(operation.label)
        elif node not in checked:
            checked.add(node)
            problem = _unbounded(schema, types)
            if problem:
                unbounded[node] = (name, problem, [operation.label])

    for operation in api.operations:
        for parameter in _page_sizes(api, operation, names):
            schema, types = schema_types(api, parameter)
            check(parameter.node, parameter.name, schema, types, operation)
        for group in body_paging(api, operation):
            for field in group.sizes:
                types = field_types(api, field)
                if paging_names(field.name) & names and _size_typed(field.schema, types, beside_position=True):
                    check(field.node, field.name, field.schema, types, operation)
    for node, (name, problem, users) in unbounded.items():
        used_by = users[0] if len(users) == 1 else f"{users[0]} and {len(users) - 1} more"
        if problem == "string":
            yield node.finding(
                f"page size `{name}` is a string, so it cannot declare a maximum ({used_by})",
                suggestion="make it an integer with `maximum` (e.g. 100), or bound the string with a `pattern` "
                "(e.g. `^([1-9][0-9]?|100)$`) and state the maximum in its description",
            )
        else:
            yield node.finding(
                f"page size `{name}` has no maximum ({used_by})",
                suggestion="add `maximum` (e.g. 100) to its schema and say what happens above it",
            )


def _page_sizes(api: OpenAPI, operation: Operation, names: set[str]) -> Iterator[Parameter]:
    """The operation's query parameters that set a page size: numbers, and numbers written as strings."""
    is_list: bool | None = None
    for parameter in operation.parameters:
        matched = paging_names(parameter.name) & names if parameter.location == "query" else set()
        if not matched:
            continue
        schema, types = schema_types(api, parameter)
        beside_position = _beside_position(operation, parameter)
        if not _size_typed(schema, types, beside_position):
            continue
        if matched <= _AMBIGUOUS and not beside_position:
            if is_list is None:
                is_list = collection(api, operation) is not None
            if not is_list:
                continue
        yield parameter


def _beside_position(operation: Operation, size: Parameter) -> bool:
    """A page, offset or cursor parameter sits beside it: `page` + `count` is page pagination."""
    return any(
        p is not size and paging_names(p.name) & (OFFSET_PARAMETERS | CURSOR_PARAMETERS) for p in query_parameters(operation)
    )


def _size_typed(schema: dict, types: frozenset[str], beside_position: bool) -> bool:
    """A number, a number written as a string (`format: int64`), or, beside a page or offset,
    any plain string: `page` + `count: string` still pages by `count`."""
    if is_numeric_schema(schema, types) or numeric_string(schema, types):
        return True
    return beside_position and types == {"string"} and "enum" not in schema and "format" not in schema


def _unbounded(schema: dict, types: frozenset[str]) -> str | None:
    """None when the schema bounds the size; else "string" (a string cannot declare a maximum)
    or "number"."""
    all_of = schema.get("allOf")
    parts = [schema, *(s for s in (all_of if isinstance(all_of, list) else ()) if isinstance(s, dict))]
    if any(_is_number(part.get("maximum")) or _is_number(part.get("exclusiveMaximum")) or "enum" in part for part in parts):
        return None
    if types == {"string"}:
        return None if "pattern" in schema else "string"  # a pattern is the bound a string can have
    return "number"


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
