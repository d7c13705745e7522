"""
## What it does
Flags error responses (4xx, 5xx, `default`) whose body has a different shape
from the document's usual error body.

Every JSON error body that is an object with properties is reduced to its
top-level property names (`$ref`s followed, `allOf` merged). The most common
shape is the document's error envelope. A response is reported at its status
code when its shape shares at most half of its property names with the
envelope's family: the names used by the envelope and its close variants
(so `{message, documentation_url}` beside `{message, documentation_url,
errors}` is one family, but `{code, message}` beside `{error: {...}}` is not). Responses without a body, non-JSON bodies and
bodies whose schema names no properties are not counted. OAuth 2.0 token errors
(`{error, error_description}`, RFC 6749 section 5.2) and operations with their
own `servers` (another service) are exempt.

## Why is this bad?
Clients handle errors in one place: they parse the body, show the message and
branch on a machine-readable code. When some operations answer with another
shape, that handler breaks exactly when something already went wrong. One
envelope for every error, ideally `application/problem+json`, lets every
client share one code path.

Source: RFC 9457 (Problem Details for HTTP APIs); Zalando RESTful API
Guidelines #176 (use Problem JSON); Microsoft REST API Guidelines (error
condition responses); seed notes (APIs & communication, "consistent error
envelopes").

## Example
    paths:
      /users:
        get:
          responses:
            "404": {content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
      /orders:
        get:
          responses:
            "404":
              content:
                application/json:
                  schema: {type: object, properties: {errorMessage: {type: string}}}

## Use instead
    paths:
      /orders:
        get:
          responses:
            "404": {content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}}
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from apilint.documents.openapi import OpenAPI, Operation, Response
from apilint.finding import Finding, Node
from apilint.registry import WARNING, rule

_OAUTH_ERROR = frozenset({"error", "error_description"})


@rule("error-schema-consistent", severity=WARNING, format="openapi")
def error_schema_consistent(api: OpenAPI, options: dict) -> Iterator[Finding]:
    shaped: list[tuple[Response, frozenset[str]]] = []
    shape_of_schema: dict[Node, frozenset[str] | None] = {}  # shared $ref targets: resolve once
    for operation in api.operations:
        if operation.data.get("servers"):
            continue
        for response in operation.responses:
            if not response.is_error or not _json_body(api, operation, response):
                continue
            shape = _shape(api, response, shape_of_schema)
            if shape and not _OAUTH_ERROR <= shape:
                shaped.append((response, shape))
    if len(shaped) < 3:
        return
    counts = Counter(shape for _, shape in shaped)
    envelope = max(counts, key=lambda shape: (counts[shape], sorted(shape)))
    # The envelope's family: its variants (`errors` added, `url` left out) and every name they use.
    vocabulary = frozenset().union(*(shape for shape in counts if _same_family(shape, envelope)))
    deviating = [(response, shape) for response, shape in shaped if len(shape & vocabulary) * 2 <= len(shape)]
    if len(deviating) * 2 >= len(shaped):
        return  # no envelope dominates: nothing to measure against
    usual = ", ".join(sorted(envelope))
    for response, shape in deviating:
        yield response.written_at.finding(
            f"error response {response.code} has body {{{', '.join(sorted(shape))}}} while "
            f"{len(shaped) - len(deviating)} of {len(shaped)} error responses use {{{usual}}} or a variant",
            suggestion="use one error envelope for every error response, e.g. `application/problem+json` (RFC 9457)",
        )


def _json_body(api: OpenAPI, operation: Operation, response: Response) -> bool:
    if response.schema_node is None:
        return False
    if api.is_swagger:
        produces = operation.data.get("produces", api.data.get("produces"))
        if isinstance(produces, list) and produces:
            return any("json" in str(media).lower() for media in produces)
        return True
    return any("json" in media.lower() for media in response.media_types)


def _shape(api: OpenAPI, response: Response, cache: dict) -> frozenset[str] | None:
    resolved = api.schema(response.schema_node)
    if resolved is None:
        return None
    where = resolved[0]
    if where not in cache:
        cache[where] = frozenset(api.properties(where)) or None
    return cache[where]


def _same_family(shape: frozenset[str], envelope: frozenset[str]) -> bool:
    """More than half of the smaller shape's property names are shared."""
    shared = len(shape & envelope)
    return shared * 2 > min(len(shape), len(envelope))
