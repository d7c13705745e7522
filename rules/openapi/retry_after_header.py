"""
## What it does
Flags 429 and 503 responses that do not document a `Retry-After` header.

A response shared through `$ref` (such as `components/responses/TooManyRequests`)
is reported once, at the shared definition, since that is where the header
goes; an inline response is reported at its status code.

## Why is this bad?
429 Too Many Requests and 503 Service Unavailable tell a client to come back
later; `Retry-After` tells it when. Without it, clients guess: they retry at
once and prolong the overload, or back off far longer than needed. Documenting
the header lets generated clients and retry middleware honour it.

Headers such as `RateLimit-Reset` or `X-RateLimit-Reset` (the IETF RateLimit
header fields draft, draft-ietf-httpapi-ratelimit-headers) are useful beside
it but do not replace it: `Retry-After` is the standard field that HTTP client
libraries act on.

Source: RFC 9110 §10.2.3 (Retry-After), RFC 6585 §4 (429 "MAY include a
Retry-After header"), RFC 9110 §15.6.4 (503); seed notes ("503 unavailable
(with Retry-After)").

## Example
    responses:
      "429":
        description: Too many requests

## Use instead
    responses:
      "429":
        description: Too many requests
        headers:
          Retry-After:
            description: Seconds to wait before retrying.
            schema: {type: integer}
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI, Operation, Response
from apilint.finding import Finding, Node
from apilint.registry import WARNING, rule

_CODES = {"429": "429 Too Many Requests", "503": "503 Service Unavailable"}
_RATE_LIMIT_RESET = ("ratelimit-reset", "x-ratelimit-reset", "ratelimit")


@rule("retry-after-header", severity=WARNING, format="openapi")
def retry_after_header(api: OpenAPI, options: dict) -> Iterator[Finding]:
    # Where the header must be added -> (the response, the operations that use it).
    missing: dict[Node, tuple[Response, list[Operation]]] = {}
    for operation in api.operations:
        for response in operation.responses:
            if response.code not in _CODES or "retry-after" in response.headers:
                continue
            # The response object itself: inline, that is the status code key; $ref'd, its shared definition.
            missing.setdefault(response.node, (response, []))[1].append(operation)
    for target, (response, users) in missing.items():
        also = next((name for name in _RATE_LIMIT_RESET if name in response.headers), None)
        note = f" (`{also}` is documented, but clients act on `Retry-After`)" if also else ""
        if target == response.written_at and len(users) == 1:
            where = users[0].label
        else:
            where = f"shared response used by {len(users)} operation{'s' if len(users) > 1 else ''}"
        yield target.finding(
            f"{where}: {_CODES[response.code]} documents no `Retry-After` header{note}",
            suggestion="add `headers: {Retry-After: {description: seconds to wait, schema: {type: integer}}}`",
        )
