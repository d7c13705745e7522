"""
## What it does
Flags GET, HEAD and DELETE operations that declare a request body. In
OpenAPI 3.x that is a `requestBody`; in Swagger 2.0 an `in: body` or
`in: formData` parameter. An optional body that admits nothing (every schema
an object with no properties and `additionalProperties: false`, as Stripe's
generator writes on every GET) is not reported: it tells clients to send
nothing.

## Why is this bad?
HTTP gives content in a GET, HEAD or DELETE request no defined semantics:
servers may reject it, and proxies, caches and client libraries (browsers'
`fetch`, many HTTP stacks) drop it or refuse to send it. Clients that follow
the spec cannot call such an operation reliably. Put filters in query
parameters, use POST for complex searches, or model the action as a resource.

Source: RFC 9110 §9.3.1 (GET), §9.3.2 (HEAD) and §9.3.5 (DELETE): "content
received in a ... request has no generally defined semantics".

## Example
    paths:
      /reports:
        get:
          requestBody:
            content:
              application/json:
                schema: {$ref: '#/components/schemas/ReportFilter'}

## Use instead
    paths:
      /reports:
        get:
          parameters:
            - {name: since, in: query, schema: {type: string, format: date}}
      /report-searches:
        post:
          requestBody:
            content:
              application/json:
                schema: {$ref: '#/components/schemas/ReportFilter'}
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI, RequestBody
from apilint.finding import Finding
from apilint.registry import ERROR, rule

_BODYLESS_METHODS = {"get": "9.3.1", "head": "9.3.2", "delete": "9.3.5"}
_OPEN_KEYWORDS = ("properties", "patternProperties", "items", "allOf", "oneOf", "anyOf", "$ref")


def _admits_no_content(api: OpenAPI, body: RequestBody) -> bool:
    """An optional body whose every schema is a closed, empty object (`properties: {}`,
    `additionalProperties: false`) says "send nothing": Stripe's generator writes one on
    every GET. It is noise, not a body clients must send."""
    if body.data.get("required") is True:
        return False
    content = body.data.get("content")
    if not isinstance(content, dict) or not content:
        return False
    for media_type in content:
        resolved = api.schema(body.node.child("content", media_type, "schema"))
        if resolved is None:
            return False
        schema = resolved[1]
        if schema.get("additionalProperties") is not False or any(schema.get(k) for k in _OPEN_KEYWORDS):
            return False
    return True


@rule("no-body-on-get", severity=ERROR, format="openapi")
def no_body_on_get(api: OpenAPI, options: dict) -> Iterator[Finding]:
    reported = set()  # a path-level body parameter is shared by every operation: report it once
    for operation in api.operations:
        section = _BODYLESS_METHODS.get(operation.method)
        if section is None:
            continue
        method = operation.method.upper()
        if api.is_swagger:
            for parameter in operation.parameters:
                if parameter.location not in ("body", "formData") or parameter.written_at in reported:
                    continue
                reported.add(parameter.written_at)
                kind = "a body parameter" if parameter.location == "body" else "a form parameter"
                yield parameter.written_at.finding(
                    f"{operation.label} has {kind} ({parameter.name!r}): a {method} request body "
                    f"has no defined semantics (RFC 9110 §{section})",
                    suggestion="send it as query parameters, or use POST",
                )
        elif operation.request_body is not None and not _admits_no_content(api, operation.request_body):
            yield operation.node.child("requestBody").finding(
                f"{operation.label} has a requestBody: a {method} request body has no defined "
                f"semantics (RFC 9110 §{section})",
                suggestion="send it as query parameters, or use POST",
            )
