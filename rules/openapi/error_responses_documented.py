"""
## What it does
Flags an operation that documents no error response: no 4xx or 5xx status, no
`4XX`/`5XX` range and no `default`.

When the operation requires authentication (as `auth-errors-documented`
decides: its own or the top-level `security`), the finding also asks for the
401 and `auth-errors-documented` stays silent on it, so one operation with no
errors gets one finding, not two.

## Why is this bad?
Every HTTP operation can fail: bad input, missing credentials, a missing
resource, rate limits, server errors. When the description lists only success
codes, client authors cannot tell which failures to handle or what an error
body looks like, and generated clients treat every error as an unknown
response. Document at least the errors the operation really returns (400, 401,
404, 409, 422, 429, ...), or a `default` response with the error schema.

Source: RFC 9110 §15.5 and §15.6 (client and server error status codes); seed
notes ("Status codes (use the real ones, not 200 for everything)").

## Example
    paths:
      /users/{id}:
        get:
          responses:
            "200": {description: The user}

## Use instead
    paths:
      /users/{id}:
        get:
          responses:
            "200": {description: The user}
            "404": {description: No such user}
            default: {$ref: "#/components/responses/Error"}
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI, is_error_code
from apilint.finding import Finding
from apilint.registry import WARNING, rule

from ._security import describe, required_schemes


@rule("error-responses-documented", severity=WARNING, format="openapi")
def error_responses_documented(api: OpenAPI, options: dict) -> Iterator[Finding]:
    for operation in api.operations:
        responses = operation.data.get("responses")
        if not isinstance(responses, dict):
            continue  # a missing `responses` is a schema error (oas-schema-valid)
        if any(is_error_code(str(code)) for code in responses):
            continue
        schemes = required_schemes(api, operation)
        if schemes:
            yield operation.node.child("responses").finding(
                f"{operation.label} documents no error response (4xx, 5xx or default), "
                f"not even the 401 that its authentication ({describe(schemes)}) returns",
                suggestion="document 401 (and 403 if permissions are checked) and the other errors it returns "
                "(e.g. 400, 404), or a `default` error response",
            )
            continue
        yield operation.node.child("responses").finding(
            f"{operation.label} documents no error response (4xx, 5xx or default)",
            suggestion="document the errors it returns (e.g. 400, 404) or a `default` error response",
        )
