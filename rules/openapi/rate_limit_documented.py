"""
## What it does
Flags an API description in which no operation documents a `429 Too Many
Requests` response, or one that says its whole API is rate limited but lists
the 429 on fewer than half of its operations. One finding per document, not
per operation.

- **warning** when no operation lists a 429 and the document itself says that
  it limits request rates: its `info.description`, a documentation section (a
  tag no operation lists, such as a "Rate limiting" page in Redoc's
  `x-tagGroups`), an operation's or a response's description mentions a
  "rate limit", "rate-limit", "429", "Too Many Requests" or throttling; a
  response documents rate-limit headers (`X-RateLimit-Limit`, `RateLimit`,
  `RateLimit-Policy`...); or an error body lists a rate-limit error code
  (`rate_limited`, `RATE_LIMIT_EXCEEDED`, `too_many_requests`).
- **warning** when some operations list a 429 but fewer than half of them do,
  and the document says the limit applies to the whole API: `info.description`
  or a documentation section mentions rate limits, or an operation reports the
  caller's rate limits (below). The message names the coverage ("on only 1 of
  425 operations"). An operation's own text ("this endpoint is limited to 20
  emails an hour") speaks for that operation only, and so do the 429s
  themselves: a document whose 429s are its only evidence (two of 200
  operations list one) is read as limiting just those. A text that says only
  some endpoints are limited ("Some endpoints are rate limited", "rate limits
  apply to the following endpoints") is exempt too. From half of the
  operations on, the ones without a 429 may well be exempt (a health check, a
  login) and a per-operation complaint would be noise.
- **info** when no operation lists a 429 and nothing says the API limits
  rates, for a document that does describe its errors
  (some 4xx/5xx or `default` response) and has at least `min-operations`
  operations (default 10): almost every public API limits rates, and its
  clients should see how. A document that describes no errors at all is left to
  `error-responses-documented`, which already reports that; a smaller one is
  most often an example or an excerpt (on our corpus: the OpenAPI examples
  with 1-6 operations and a few small APIs with 2-8, against 10-1,100 for the
  large APIs without a 429).

A 429 counts wherever its definition lives (inline, `components.responses`, a
`$ref`'d file), as long as some operation lists it, and descriptions and headers
of responses in `$ref`'d files are read like inline ones; a `4XX` range or a
`default` response does not count, since clients cannot tell from them when a
limit applies.

An operation about a rate-limit *resource* (`GET /rate_limits`,
`fetchRateLimit`) is evidence only when it reports the limits the API sets on
its caller: the resource hangs off the API's root (`GET /v2/rate_limits`) or
the operation names the caller as its owner ("Get account rate limits", "rate
limit status for the authenticated user", a project's or API key's limits). A
feature that limits the user's *own* traffic is not evidence, nor is a name
that leaves the owner open: rate-limiting rules of a zone, firewall, gateway,
route or site, or a metric of requests over a load balancer's limit. Neither
are schema descriptions (a carrier's `rate_limit` setting).

A tag that groups operations describes them, not the API (it may be a zone's
rate-limiting rules), so only a tag that no operation lists counts as a section.

The finding points where a shared 429 belongs: `components.responses` (2.0:
the top-level `responses`), else `components`, else `paths`; or at a shared
response named for rate limits (`TooManyRequests`) that no operation lists
(always a warning: defining it says the API limits rates); or, when only some
operations list a 429, at the shared response they refer to, which the others
should list too.
Once 429s exist, `retry-after-header` checks that they carry `Retry-After`: the
two rules never report the same problem.

## Why is this bad?
A rate limit that is not documented is discovered in production: generated
clients treat the 429 as an unexpected error, retry middleware does not know it
may retry, and nobody knows how long to wait. Documenting the 429 with its
`Retry-After` header (RFC 9110 §10.2.3) and the IETF `RateLimit` /
`RateLimit-Policy` header fields (draft-ietf-httpapi-ratelimit-headers) lets
clients back off before and after they hit the limit.

Source: seed notes (resilience: "Rate limiting & quotas", "429 rate-limited");
RFC 6585 §4 (429 Too Many Requests); RFC 9110 §10.2.3 (Retry-After).

## Example
    info:
      title: Shop
      description: Requests are rate limited to 100 per minute.
    paths:
      /orders:
        get:
          responses:
            "200": {description: The orders}

## Use instead
    paths:
      /orders:
        get:
          responses:
            "200": {description: The orders}
            "429": {$ref: "#/components/responses/TooManyRequests"}
    components:
      responses:
        TooManyRequests:
          description: Rate limit exceeded; retry after the given delay.
          headers:
            Retry-After: {schema: {type: integer}}
            RateLimit-Policy: {schema: {type: string}}
            RateLimit: {schema: {type: string}}
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.openapi import OpenAPI, Operation
from apilint.finding import Finding, Node
from apilint.registry import INFO, WARNING, Option, rule

from .._words import words
from ._collections import fold
from ._verbs import stated_words
from ._versions import version_scheme

_SAYS_RATE_LIMITED = re.compile(r"\brate[- _]?limit|\b429\b|\btoo many requests\b|\bthrottl", re.IGNORECASE)
# Who a rate-limit resource belongs to: the caller (the API limits it), or the user's own traffic.
_CALLER = frozenset(
    "account accounts user users me organization organizations org orgs project projects "
    "key keys token tokens client clients caller your my authenticated".split()
)
_TRAFFIC = frozenset(
    "rule rules ruleset rulesets zone zones firewall firewalls waf traffic balancer balancers loadbalancer "
    "loadbalancers gateway gateways route routes listener listeners ingress connections metrics plugin plugins "
    "site sites domain domains host hosts".split()
)
# "Some endpoints are rate limited", "rate limits apply to the following endpoints": not the whole API.
_SOME_ENDPOINTS = re.compile(
    r"\b(some|certain|specific|selected|particular|individual|following|listed)\s+(\w+\s+){0,2}"
    r"(endpoints?|operations?|routes?|methods?|calls?|resources?)\b",
    re.IGNORECASE,
)
# X-RateLimit-Limit, RateLimit-Policy, X-Rate-Limit-Remaining
_RATE_LIMIT_HEADER = re.compile(r"^(x-)?rate-?limit", re.IGNORECASE)


@rule("rate-limit-documented", severity=WARNING, format="openapi", options={"min-operations": Option(10)})
def rate_limit_documented(api: OpenAPI, options: dict) -> Iterator[Finding]:
    operations = api.operations
    limited = [op for op in operations if op.response(429) is not None]
    if limited:
        yield from _partly_documented(api, operations, limited)
        return
    if not operations:
        return
    at, unused = _where_a_shared_429_goes(api)
    if unused:
        yield at.finding(
            f"`{unused}` is defined for rate limiting but no operation lists it as its 429 response: "
            "clients cannot tell when to back off",
            suggestion=f"list `{unused}` as the 429 response of the operations it limits",
        )
        return
    place = "the top-level `responses`" if api.is_swagger else "`components.responses`"
    suggestion = (
        f"add a shared 429 response under {place} with `Retry-After` and the IETF `RateLimit` / "
        "`RateLimit-Policy` header fields, and list it on the operations"
    )
    evidence = _says_it_rate_limits(api)
    if evidence is not None:
        yield at.finding(
            f"the API says it limits request rates ({evidence}) but no operation documents a 429 Too Many "
            "Requests response: clients cannot tell when to back off",
            suggestion=suggestion,
        )
        return
    documents_errors = any(response.is_error for op in operations for response in op.responses)
    if documents_errors and len(operations) >= int(options["min-operations"]):
        # Without any error documented, error-responses-documented says it; smaller documents are mostly examples.
        yield at.finding(
            "no operation documents a 429 Too Many Requests response: if the API limits request rates, "
            "its clients learn of it only when they hit the limit",
            suggestion=suggestion,
            severity=INFO,
        )


def _partly_documented(api: OpenAPI, operations: list[Operation], limited: list[Operation]) -> Iterator[Finding]:
    """The document says its rate limit applies to the whole API, but under half of its operations list a 429."""
    if 2 * len(limited) >= len(operations):
        return
    evidence = _says_the_whole_api_is_limited(api)
    if evidence is None:
        return
    shared = next(filter(None, map(_shared_429, limited)), None)
    if shared is not None:
        at, name = shared, str(shared.pointer[-1])
    else:
        at, name = _where_a_shared_429_goes(api)
    if name is not None:
        suggestion = f"list `{name}` as the 429 response of every operation the limit applies to"
    else:
        place = "the top-level `responses`" if api.is_swagger else "`components.responses`"
        suggestion = (
            f"add a shared 429 response under {place} with `Retry-After` and the IETF `RateLimit` / "
            "`RateLimit-Policy` header fields, and list it on every operation the limit applies to"
        )
    yield at.finding(
        f"the API says it limits request rates ({evidence}) but documents a 429 Too Many Requests response "
        f"on only {len(limited)} of {len(operations)} operations: clients of the others cannot tell when to back off",
        suggestion=suggestion,
    )


def _shared_429(operation: Operation) -> Node | None:
    """The shared response an operation's 429 refers to (`#/components/responses/TooManyRequests`)."""
    response = operation.response(429)
    if response is None or response.node == response.written_at or response.node.pointer[-2:-1] != ("responses",):
        return None
    return response.node


def _says_the_whole_api_is_limited(api: OpenAPI) -> str | None:
    """Where the document says its rate limit applies to all its operations, for the message: its
    `info.description` or a documentation-only tag says so, and not only of some endpoints; or an
    operation reports the caller's rate limits. None if nothing does."""
    description = _info_description(api)
    if _SAYS_RATE_LIMITED.search(description) and not _only_some_are_limited(description):
        return "in `info.description`"
    tag = _rate_limit_section(api)
    if tag is not None and not _only_some_are_limited(str(tag.get("description", ""))):
        return f"in the `{tag.get('name')}` section"
    return next(
        (
            f"{operation.label} reports the caller's rate limits"
            for operation in api.operations
            if _is_about_rate_limits(operation) and _reports_callers_limits(operation)
        ),
        None,
    )


def _only_some_are_limited(text: str) -> bool:
    """A sentence about rate limits says they apply to some endpoints only ("Some endpoints are rate limited")."""
    sentences = re.split(r"(?<=[.!?])\s+|\n\s*\n", text)
    return any(_SAYS_RATE_LIMITED.search(sentence) and _SOME_ENDPOINTS.search(sentence) for sentence in sentences)


def _info_description(api: OpenAPI) -> str:
    info = api.data.get("info")
    description = info.get("description") if isinstance(info, dict) else None
    return description if isinstance(description, str) else ""


def _rate_limit_section(api: OpenAPI) -> dict | None:
    """A tag that no operation lists, i.e. a section of the API's documentation (Redoc's `x-tagGroups`,
    `x-traitTag`), whose name or description is about rate limits. A tag that groups operations
    describes them, not the API: it may be the API's rate-limiting *rules* for the user's own traffic."""
    tags = api.data.get("tags")
    listed = [operation.data.get("tags") for operation in api.operations]
    used = {str(tag) for tags_of_one in listed if isinstance(tags_of_one, list) for tag in tags_of_one}
    for tag in tags if isinstance(tags, list) else ():
        if isinstance(tag, dict) and str(tag.get("name")) not in used:
            if _SAYS_RATE_LIMITED.search(f"{tag.get('name', '')} {tag.get('description', '')}"):
                return tag
    return None


def _says_it_rate_limits(api: OpenAPI) -> str | None:
    """Where the document says it limits request rates, for the message; None if it does not."""
    if _SAYS_RATE_LIMITED.search(_info_description(api)):
        return "in `info.description`"
    tag = _rate_limit_section(api)
    if tag is not None:
        return f"in the `{tag.get('name')}` section"
    codes: dict[Node, str | None] = {}  # most error bodies are a few shared schemas: read each once
    for operation in api.operations:
        if _is_about_rate_limits(operation):
            if _reports_callers_limits(operation):
                return f"{operation.label} reports the caller's rate limits"
            continue  # a rate-limiting rule for the user's own traffic, not a limit on the API's callers
        if _SAYS_RATE_LIMITED.search(str(operation.data.get("description", ""))):
            return f"in the description of {operation.label}"
        for response in operation.responses:
            if _SAYS_RATE_LIMITED.search(str(response.data.get("description", ""))):
                return f"in the {response.code} description of {operation.label}"
            header = next((node for name, node in response.headers.items() if _RATE_LIMIT_HEADER.match(name)), None)
            if header is not None:
                return f"the `{header.pointer[-1]}` header of {operation.label}"
            resolved = api.schema(response.schema_node) if response.is_error else None
            if resolved is not None:
                if resolved[0] not in codes:
                    codes[resolved[0]] = _rate_limit_code(api, resolved[0])
                code = codes[resolved[0]]
                if code is not None:
                    return f"error code `{code}` of {operation.label}"
    return None


def _is_about_rate_limits(operation: Operation) -> bool:
    names = [segment.literal for segment in operation.segments] + [operation.operation_id or ""]
    return any(_SAYS_RATE_LIMITED.search(" ".join(words(name))) for name in names)


def _reports_callers_limits(operation: Operation) -> bool:
    """A rate-limit resource that reports the limits the API sets on its caller: it hangs off the
    API's root (`/v2/rate_limits`) or names the caller as its owner (account, user, project, key),
    and nothing says it limits the user's own traffic (a zone's rules, a load balancer's metric)."""
    literals = [
        segment.literal
        for segment in operation.segments
        if not segment.is_template and not version_scheme(segment.literal) and fold(segment.literal) != "api"
    ]
    said = set(words(" ".join(literals)) + words(operation.operation_id or "") + stated_words(operation))
    if said & _TRAFFIC:
        return False
    at_root = bool(literals) and _SAYS_RATE_LIMITED.search(" ".join(words(literals[0])))
    return bool(at_root or said & _CALLER)


def _rate_limit_code(api: OpenAPI, schema: Node) -> str | None:
    """An enum value of the error body (or of its `error` object) that names a rate limit."""
    properties = dict(api.properties(schema))
    nested = properties.get("error")
    if nested is not None:
        properties.update(api.properties(nested[0]))
    for node, _ in properties.values():
        resolved = api.schema(node)
        values = resolved[1].get("enum") if resolved is not None else None
        for value in values if isinstance(values, list) else ():
            if value == 429 or isinstance(value, str) and _SAYS_RATE_LIMITED.search(" ".join(words(value))):
                return str(value)
    return None


def _where_a_shared_429_goes(api: OpenAPI) -> tuple[Node, str | None]:
    """Where to add a shared 429 response, and the name of one that exists but is never listed."""
    if api.is_swagger:
        owner, section = api.root, api.data
    else:
        components = api.data.get("components")
        owner, section = api.root.child("components"), components if isinstance(components, dict) else {}
    responses = section.get("responses")
    if isinstance(responses, dict):
        for name in responses:
            if _SAYS_RATE_LIMITED.search(" ".join(words(str(name)))) or str(name) == "429":
                return owner.child("responses", name), str(name)
        return owner.child("responses"), None
    if not api.is_swagger and "components" in api.data:
        return owner, None
    return api.root.child("paths"), None
