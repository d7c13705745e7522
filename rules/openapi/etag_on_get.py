"""
## What it does
Flags single-resource operations without conditional-request support: a GET
whose success response documents no `ETag` header, and a PUT or PATCH that
documents no `If-Match` request header.

A single resource is a path that ends in a template variable
(`/users/{userId}`). GETs are checked at their first 2xx response with a body;
array bodies (a list, not one resource) are skipped. A resource that carries
its own version in the body, as Google AIP-154 recommends (a top-level `etag`
property, or Kubernetes-style `metadata.resourceVersion`), counts as an ETag,
and a PUT/PATCH body with that field counts as `If-Match`.

## Why is this bad?
Without an `ETag`, clients cannot revalidate a cached copy cheaply
(`If-None-Match` -> `304 Not Modified`), and without `If-Match` two clients that
read, modify and write the same resource silently overwrite each other (the
"lost update" problem). Documenting both lets generated clients and caches use
them.

Source: RFC 9110 section 8.8.3 (ETag) and section 13.1.1 (If-Match); Google
AIP-154 (resource freshness validation).

## Example
    paths:
      /users/{userId}:
        get:
          responses:
            "200": {description: The user, content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}}
        put:
          requestBody: ...
          responses: {"200": {description: Updated}}

## Use instead
    paths:
      /users/{userId}:
        get:
          responses:
            "200":
              description: The user
              headers:
                ETag: {schema: {type: string}}
              content: {application/json: {schema: {$ref: "#/components/schemas/User"}}}
        put:
          parameters:
            - {name: If-Match, in: header, required: true, schema: {type: string}}
          requestBody: ...
          responses: {"200": {description: Updated}, "412": {description: The user changed meanwhile}}
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.openapi import OpenAPI, Operation, SchemaType
from apilint.finding import Finding, Node
from apilint.registry import INFO, rule


@rule("etag-on-get", severity=INFO, format="openapi")
def etag_on_get(api: OpenAPI, options: dict) -> Iterator[Finding]:
    versioned_body: dict[Node, bool] = {}  # shared schemas: inspect once
    resource_versioned: set[str] = set()  # paths whose GET body carries an etag/resourceVersion
    updates: list[Operation] = []
    for operation in api.operations:
        segments = operation.segments
        if not segments or not segments[-1].is_template:
            continue
        if operation.method in ("put", "patch"):
            updates.append(operation)
            continue
        if operation.method != "get":
            continue
        success = next((r for r in operation.responses if r.code.startswith("2") and r.schema_node is not None), None)
        if success is None or _streams(api, operation, success.media_types):
            continue
        resolved = api.schema(success.schema_node)
        if resolved is None or not _is_object(resolved[1], api.version):
            continue
        if _carries_version(api, resolved[0], versioned_body):
            resource_versioned.add(operation.path)
            continue
        if "etag" in success.headers:
            continue
        yield success.written_at.finding(
            f"{operation.label} {success.code} documents no `ETag` response header",
            suggestion="document an `ETag` header so clients can revalidate with If-None-Match "
            "and update with If-Match",
        )
    for operation in updates:
        if operation.request_body is None:
            continue  # `PUT /user/starred/{owner}/{repo}`: a toggle, nothing to overwrite
        if operation.path in resource_versioned or operation.parameter("If-Match", "header") is not None:
            continue
        if _body_carries_version(api, operation, versioned_body):
            continue
        yield operation.node.finding(
            f"{operation.label} documents no `If-Match` request header: concurrent updates overwrite each other",
            suggestion="accept `If-Match` and answer 412 Precondition Failed when the ETag changed",
        )


_STREAMING = re.compile(r"stream=|event-stream|ndjson|jsonl|json-seq", re.IGNORECASE)


def _streams(api: OpenAPI, operation: Operation, media_types: tuple[str, ...]) -> bool:
    """Watch/event streams (`application/json;stream=watch`, SSE) are not one resource."""
    listed = list(media_types)
    produces = operation.data.get("produces", api.data.get("produces"))
    if api.is_swagger and isinstance(produces, list):
        listed.extend(map(str, produces))
    return any(_STREAMING.search(media) for media in listed)


def _is_object(schema: dict, version: str) -> bool:
    """One resource: an object (declared, or implied by its properties/composition)."""
    if schema.get("type") is None:
        return True
    return "object" in SchemaType.of(schema, version).types


def _body_carries_version(api: OpenAPI, operation: Operation, cache: dict) -> bool:
    body = operation.request_body
    if body is None or body.schema_node is None:
        return False
    resolved = api.schema(body.schema_node)
    return resolved is not None and _carries_version(api, resolved[0], cache)


def _carries_version(api: OpenAPI, schema_at: Node, cache: dict) -> bool:
    """AIP-154 `etag` field, or Kubernetes `metadata.resourceVersion`."""
    if schema_at not in cache:
        properties = api.properties(schema_at)
        found = any(name.lower().lstrip("_") == "etag" for name in properties)
        if not found and "metadata" in properties:
            found = "resourceVersion" in api.properties(properties["metadata"][0])
        cache[schema_at] = found
    return cache[schema_at]
