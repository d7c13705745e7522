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
bounds it: make it an integer with `maximum` (for proto3's `int64`, written as
a string by its JSON mapping, declare the page size `int32`, which maps to a
number).

Exempt: a size the client may leave out to receive the whole list, as its
description says ("return all ... when omitted", "servers that do not support
it return all", "smaller chunks"): Kubernetes' `limit` beside a `continue`
token is such a chunk size; a maximum on it would bound nothing, since leaving
it out already asks for everything.

Where the description states the bound ("between 1 and 100", "maximum is 100",
"(max 100)", "up to 1,000"), the finding says so and suggests that number as
`maximum`: it is still reported, because generators and validators read the
schema, not the prose.

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

import re
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
# A size the client may leave out to get the whole list splits the load for the client's sake
# (Kubernetes' `limit`: "servers ... will return all of the available results", "smaller chunks").
_OPTIONAL_CHUNK = re.compile(
    r"\bchunk(s|ed)?\b"
    r"|\b(omit(ted)?|unset|left out|not (specified|set|provided|given)|ignored?|(not|not to) (support|implement))\b"
    r"[^.]*\ball\b"
    r"|\ball\b[^.]*\b(if|when) (it is )?(omitted|unset|not (specified|set|provided|given))\b",
    re.IGNORECASE,
)
# A bound stated in prose: "between 1 and 100", "from 1 to 100", "maximum is 100", "(max 100)",
# "up to 1,000", "at most 50", "100 max".
_N = r"(\d{1,3}(?:,\d{3})+|\d+)"
_STATED_MAXIMUM = re.compile(
    rf"\bbetween\s+\d[\d,]*\s+and\s+{_N}\b"
    rf"|\bfrom\s+\d[\d,]*\s+to\s+{_N}\b"
    rf"|\b(?:max(?:imum)?|up to|at most|no more than|not more than|cannot exceed|must not exceed|limit of)"
    rf"\W{{0,3}}(?:(?:is|of|value(?: is)?|allowed(?: is)?|=)\W{{0,3}})?{_N}\b"
    rf"|\bmaximum\b[^.]{{0,40}}?\bis\s+{_N}\b"
    rf"|\b{_N}\s+max(?:imum)?\b",
    re.IGNORECASE,
)


@rule("limit-has-maximum", severity=WARNING, format="openapi", options={"names": Option(_NAMES)})
def limit_has_maximum(api: OpenAPI, options: dict) -> Iterator[Finding]:
    names = {fold(str(name)) for name in options["names"]}
    # a shared definition once, where defined: node -> (name, schema, problem, stated maximum, users)
    unbounded: dict[Node, tuple[str, dict, str, str | None, list[str]]] = {}
    checked: set[Node] = set()

    def check(node: Node, name: str, schema: dict, types: frozenset[str], operation: Operation, said: str) -> None:
        if node in unbounded:
            unbounded[node][4].append(operation.label)
        elif node not in checked:
            checked.add(node)
            problem = _unbounded(schema, types)
            if problem and not _OPTIONAL_CHUNK.search(said):
                unbounded[node] = (name, schema, problem, _stated_maximum(said), [operation.label])

    for operation in api.operations:
        for parameter in _page_sizes(api, operation, names):
            schema, types = schema_types(api, parameter)
            said = f"{parameter.data.get('description', '')} {schema.get('description', '')}"
            check(parameter.node, parameter.name, schema, types, operation, said)
        for group in body_paging(api, operation):
            for field in group.sizes:
                types = field_types(api, field)
                if paging_names(field.name) & names and _size_typed(field.schema, types, beside_position=True):
                    check(field.node, field.name, field.schema, types, operation, str(field.schema.get("description", "")))
    for node, (name, schema, problem, stated, users) in unbounded.items():
        used_by = users[0] if len(users) == 1 else f"{users[0]} and {len(users) - 1} more"
        if problem == "string":
            proto = schema.get("format") in ("int64", "uint64")  # how proto3's JSON mapping writes a 64-bit int
            yield node.finding(
                f"page size `{name}` is a string, so it cannot declare a maximum"
                + (f" (its description states {stated})" if stated else "")
                + f" ({used_by})",
                suggestion=(
                    "declare the page size `int32` in the proto (its JSON is a number, which can carry `maximum`)"
                    if proto
                    else f"make it an integer with `maximum: {stated}`" if stated else "make it an integer with `maximum` (e.g. 100)"
                )
                + ", or bound the string with a `pattern` (e.g. `^([1-9][0-9]?|100)$`)"
                + ("" if stated else " and state the maximum in its description"),
            )
        elif stated:
            yield node.finding(
                f"page size `{name}` states its maximum ({stated}) only in its description ({used_by})",
                suggestion=f"add `maximum: {stated}` to its schema: generators and validators read the schema, "
                "not the prose",
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


def _stated_maximum(description: str) -> str | None:
    """The largest bound the description states ("between 1 and 100" -> "100"), or None."""
    found = [int(next(g for g in match.groups() if g).replace(",", "")) for match in _STATED_MAXIMUM.finditer(description)]
    return str(max(found)) if found else None


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
