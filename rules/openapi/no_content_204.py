"""
## What it does
Flags a 204 No Content or 304 Not Modified response that documents a body.

## Why is this bad?
HTTP forbids a body in these responses: a 204 "cannot contain content" and a
304 is terminated by the end of its header section. Clients and proxies do not
read a body there, so a documented schema is never delivered; generated clients
may still try to parse one and fail on the empty response. If the operation
returns data, answer 200 with the body; if it returns nothing, drop the
`content` (3.x) or `schema` (2.0).

Source: RFC 9110 §15.3.5 (204 No Content) and §15.4.5 (304 Not Modified).

## Example
    responses:
      "204":
        description: Deleted
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}

## Use instead
    responses:
      "204":
        description: Deleted
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI, Response
from apilint.finding import Finding
from apilint.registry import ERROR, rule

_BODILESS = {204: "204 No Content", 304: "304 Not Modified"}


@rule("no-content-204", severity=ERROR, format="openapi")
def no_content_204(api: OpenAPI, options: dict) -> Iterator[Finding]:
    for operation in api.operations:
        for response in operation.responses:
            name = _BODILESS.get(response.status or 0)
            if name is None:
                continue
            documented = _documented_body(api, response)
            if documented:
                yield response.written_at.finding(
                    f"{operation.label}: a {name} response cannot have a body, but it documents {documented}",
                    suggestion=f"remove the {'schema' if api.is_swagger else 'content'}, "
                    "or answer 200 if the operation returns data",
                )


def _documented_body(api: OpenAPI, response: Response) -> str:
    """What the response says it carries ("" for nothing)."""
    if api.is_swagger:
        return "a `schema`" if isinstance(response.data.get("schema"), dict) else ""
    content = response.data.get("content")
    if isinstance(content, dict) and content:
        return "`content` (" + ", ".join(map(str, content)) + ")"
    return ""
