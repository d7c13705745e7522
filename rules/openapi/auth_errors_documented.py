"""
## What it does
Flags operations that require authentication but document neither a 401 nor
a 403 response, nor a `4XX` range or a `default` response that could stand
for them.

An operation requires authentication when its own `security`, or else the
top-level `security`, lists at least one requirement. `security: []` on the
operation turns authentication off, and an empty requirement `{}` in the list
makes it optional; neither is reported. Works for Swagger 2.0
(`securityDefinitions`) and OpenAPI 3.x (`components.securitySchemes`).

An operation that documents no error response at all (no 4xx, 5xx or
`default`) is left to `error-responses-documented`, which reports it once and
names the 401 it needs: one problem, one finding. This rule reports the
operations that document some errors but not the authentication ones.

## Why is this bad?
Every authenticated call can fail with 401 Unauthorized (missing, expired or
invalid credentials: re-authenticate) or 403 Forbidden (valid credentials, no
permission: do not retry). Clients must tell these apart from other errors,
and generated SDKs can only raise typed errors for documented responses. A
`4XX` range counts, as it explicitly covers client errors. A `default`
response counts too (option `accept-default`, default `true`): many APIs
describe their single error envelope once, under `default`, and carry the
kind of error in its body (`{error: {type, code}}`), a deliberate design that
their teams would not call undocumented. Measured on the corpus, 1,205 of
1,677 findings were operations whose only error response was such a
`default` (885 of them in Stripe). Set `accept-default: false` where every
authenticated operation must name its 401/403, as a catch-all says neither
which of the two happens nor what its body looks like.

Evidence is the response codes only: a 401, 403, `4XX` or `default` key.
Exempt: public operations, optional authentication, and operations with no
error response at all (reported by `error-responses-documented`). On a
hand-checked corpus sample (21 findings, 8 APIs) 19 were right.

Source: RFC 9110 §15.5.2 (401 Unauthorized) and §15.5.4 (403 Forbidden);
seed notes ("401 unauthenticated"); OWASP API Security Top 10
(Spectral `owasp:api8:2019-define-error-responses-401`).

## Example
    security: [{bearerAuth: []}]
    paths:
      /orders:
        get:
          responses:
            "200": {description: ok}

## Use instead
    security: [{bearerAuth: []}]
    paths:
      /orders:
        get:
          responses:
            "200": {description: ok}
            "401": {$ref: "#/components/responses/Unauthorized"}
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI, is_error_code
from apilint.finding import Finding
from apilint.registry import WARNING, Option, rule

from ._security import describe, required_schemes

_AUTH_ERRORS = ("401", "403", "4XX")


@rule("auth-errors-documented", severity=WARNING, format="openapi", options={"accept-default": Option(True)})
def auth_errors_documented(api: OpenAPI, options: dict) -> Iterator[Finding]:
    accepted = set(_AUTH_ERRORS) | ({"DEFAULT"} if options.get("accept-default") else set())
    for operation in api.operations:
        schemes = required_schemes(api, operation)
        if not schemes:
            continue
        responses = operation.data.get("responses")
        if isinstance(responses, dict) and not any(is_error_code(str(code)) for code in responses):
            continue  # no error response at all: error-responses-documented reports it, naming the 401
        codes = {response.code.upper() for response in operation.responses}
        if codes & accepted:
            continue
        where = operation.node.child("responses") if "responses" in operation.data else operation.node
        yield where.finding(
            f"{operation.label} requires {describe(schemes)} but documents no 401 or 403 response",
            suggestion="add a 401 response (and a 403 if permissions are checked)",
        )

