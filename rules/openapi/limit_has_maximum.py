"""
## What it does
Flags a page-size query parameter (`limit`, `page_size`, `per_page`, ...) without a `maximum`.

The names checked are the `names` option (default: `limit`, `page_size`,
`per_page`, `max_results`, `size`, `count`, `top`, `max_page_size`); they
compare case- and punctuation-insensitively, so `page_size` also matches
`pageSize`, `PageSize` and `page[size]`, and `limit` matches `listOptions.limit`.
`size`, `count` and `top` often mean something else, so they are only checked
on GETs that return a list. A parameter with an `enum` is bounded. A shared
(`$ref`'d) parameter is reported once, where it is defined.

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

from apilint.documents.openapi import OpenAPI, Parameter
from apilint.finding import Finding, Node
from apilint.registry import WARNING, Option, rule

from ._collections import collection, fold, is_numeric, paging_names, schema_types

_NAMES = ["limit", "page_size", "per_page", "max_results", "size", "count", "top", "max_page_size"]
# Names that are a page size only on a list GET: `size` of an image, `count` of a dice roll.
_AMBIGUOUS = frozenset({"size", "count", "top"})


@rule("limit-has-maximum", severity=WARNING, format="openapi", options={"names": Option(_NAMES)})
def limit_has_maximum(api: OpenAPI, options: dict) -> Iterator[Finding]:
    names = {fold(str(name)) for name in options["names"]}
    unbounded: dict[Node, tuple[Parameter, list[str]]] = {}  # a shared parameter: once, where defined
    checked: set[Node] = set()
    for operation in api.operations:
        is_list: bool | None = None
        for parameter in operation.parameters:
            matched = paging_names(parameter.name) & names if parameter.location == "query" else set()
            if not matched or not is_numeric(api, parameter):
                continue
            if matched <= _AMBIGUOUS:
                if is_list is None:
                    is_list = collection(api, operation) is not None
                if not is_list:
                    continue
            if parameter.node in unbounded:
                unbounded[parameter.node][1].append(operation.label)
            elif parameter.node not in checked:
                checked.add(parameter.node)
                if not _has_maximum(api, parameter):
                    unbounded[parameter.node] = (parameter, [operation.label])
    for node, (parameter, users) in unbounded.items():
        used_by = users[0] if len(users) == 1 else f"{users[0]} and {len(users) - 1} more"
        yield node.finding(
            f"page size `{parameter.name}` has no maximum ({used_by})",
            suggestion="add `maximum` (e.g. 100) to its schema and say what happens above it",
        )


def _has_maximum(api: OpenAPI, parameter: Parameter) -> bool:
    schema, _ = schema_types(api, parameter)
    all_of = schema.get("allOf")
    parts = [schema, *(s for s in (all_of if isinstance(all_of, list) else ()) if isinstance(s, dict))]
    return any(
        _is_number(part.get("maximum")) or _is_number(part.get("exclusiveMaximum")) or "enum" in part for part in parts
    )


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
