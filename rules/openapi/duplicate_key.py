"""
## What it does
Flags a key written twice in the same mapping, such as two `/users` entries under
`paths` or two `200` responses. The finding is at the second one. A status code written
once as a YAML number (`200:`) and once quoted (`"200":`) counts too: YAML reads two keys,
but as JSON, and for OpenAPI, they are one.

## Why is this bad?
Readers disagree about a repeated key: most keep the last entry and silently drop
the first, some keep the first, some reject the file. Whatever the dropped entry
says (operations, parameters, a schema) is in the file a reviewer reads but not in
the API that tools see, or not in the same one for every tool.

Source: YAML 1.2.2, section 3.2.1.1 (mapping keys are unique); RFC 8259, section 4
(the names within a JSON object SHOULD be unique).

## Example
    paths:
      /users:
        get: ...
      /users:        # replaces the entry above
        post: ...

## Use instead
    paths:
      /users:
        get: ...
        post: ...
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI
from apilint.finding import Finding
from apilint.registry import ERROR, rule


@rule("duplicate-key", severity=ERROR, format="openapi")
def duplicate_key(api: OpenAPI, options: dict) -> Iterator[Finding]:
    reported: set[tuple] = set()
    for source in api.reachable_sources():
        # Loading found them; the pointer names the entry kept, so the span places the repeat.
        for node, span in source.repeated_keys:
            reported.add((source, _text(node.pointer)))
            yield node.finding(
                f"key {node.pointer[-1]!r} is written again in the same mapping: readers keep only one "
                "entry (most, like apilint, the last) and drop the other's content",
                suggestion="merge the two entries into one, or rename one of them",
                span=span,
            )
    # YAML reads `200:` as a number and `"200":` as text, two keys; as JSON (and for OpenAPI)
    # they are one status code, and which entry wins depends on the tool.
    for operation in api.operations:
        codes: set[str] = set()
        for response in operation.responses:
            written_at = response.written_at
            if response.code in codes and (written_at.source, _text(written_at.pointer)) not in reported:
                yield written_at.finding(
                    f"response code {response.code} is written twice in {operation.label}, once as a "
                    "number and once quoted: for JSON and OpenAPI tools they are the same key",
                    suggestion="merge the two entries into one (quote status codes: OpenAPI 3 asks for strings)",
                )
            codes.add(response.code)


def _text(pointer: tuple) -> tuple[str, ...]:
    return tuple(map(str, pointer))
