"""
## What it does
Flags a 2xx response whose body or description models a failed request: a
`success`/`ok` flag next to an error or message, a `status`/`result`/`code`
enum of request outcomes (`success` | `error`), or an `error` member in a
response envelope.

## Why is this bad?
This is the "200 for everything" anti-pattern: the request failed, but the
status line says it succeeded. Caches store the failure, retries and circuit
breakers never see it, monitoring counts it as a success, and every client has
to parse the body to find out what the status code should have said. Failures
belong in 4xx/5xx responses with an error body (RFC 9457 Problem Details).

The rule tells a failed *request* apart from a resource that describes a failed
*thing*: a body with an identity (`id`, `url`, `object`, `created_at`, ...), a
lifecycle `status` enum (`pending`, `running`, `failed`, ...) such as a job,
payment or check run, fields like `last_error` or `failure_code`, an `errors`
list of partial batch results, stream frames and validation endpoints
(`/validate`, `/check`) are not reported.

Source: RFC 9110 §15 (status codes); seed notes ("Status codes (use the real
ones, not 200 for everything)").

## Example
    responses:
      "200":
        description: OK, or an error
        content:
          application/json:
            schema:
              type: object
              properties:
                success: {type: boolean}
                error: {type: string}
                data: {$ref: "#/components/schemas/User"}

## Use instead
    responses:
      "200":
        description: The user
        content:
          application/json:
            schema: {$ref: "#/components/schemas/User"}
      "404":
        description: No such user
        content:
          application/problem+json:
            schema: {$ref: "#/components/schemas/Problem"}
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.openapi import OpenAPI, Operation, Response
from apilint.finding import Finding
from apilint.registry import WARNING, rule

from ._collections import fold, is_array
from ._words import words

_FLAGS = frozenset("success ok succeeded successful issuccess issuccessful".split())
_OUTCOME_FIELDS = frozenset("status result code outcome state resultcode statuscode responsestatus".split())
_ERROR_FIELDS = frozenset("error errors errormessage errorcode errordescription errmsg message msg".split())
# A body with any of these is a resource, whose error fields describe the resource, not the request.
_IDENTITY = frozenset("id uuid object url self href createdat created creationtime".split())
_FAIL = frozenset("error errors err fail failed failure unsuccessful ko".split())
_SUCCESS = frozenset("success successful succeeded ok".split())
_NEUTRAL = frozenset("unspecified unknown none null undefined".split())
_NOT_A_REQUEST_CHECK = re.compile(r"^(validate|validation|check|verify|test|lint|preview|dry|simulate|diagnose)", re.I)
_FAILURE_DESCRIPTION = re.compile(
    r"^\W*(error|errors|failure|failed|fail|unsuccessful|bad request|invalid request)\b"
    r"|\b(on|upon|in case of) (an )?(error|failure)\b"
    r"|\bif (the )?(request|call|operation) (fails|failed|is unsuccessful)\b",
    re.I,
)


@rule("no-error-body-in-2xx", severity=WARNING, format="openapi")
def no_error_body_in_2xx(api: OpenAPI, options: dict) -> Iterator[Finding]:
    for operation in api.operations:
        if _is_check_operation(operation):
            continue  # "is this valid?" answers a failed check with 200: the request succeeded
        for response in operation.responses:
            if not response.code.startswith("2"):
                continue
            reason = _failure_description(response) or _failure_body(api, response)
            if reason:
                yield response.written_at.finding(
                    f"{operation.label}: the {response.code} response {reason}; a failed request should answer 4xx/5xx",
                    suggestion="document failures as 4xx/5xx responses with an error schema (RFC 9457)",
                )


def _is_check_operation(operation: Operation) -> bool:
    last = next((s.literal for s in reversed(operation.segments) if not s.is_template), "")
    name = re.split(r"[/.]", operation.operation_id or "")[-1]
    return bool(_NOT_A_REQUEST_CHECK.match(last.split(":")[-1]) or _NOT_A_REQUEST_CHECK.match(name))


def _failure_description(response: Response) -> str:
    description = response.data.get("description")
    if not isinstance(description, str) or re.search(r"success or failure|succeeds? or fails?", description, re.I):
        return ""
    if _FAILURE_DESCRIPTION.search(description.strip()):
        return f"is described as a failure ({description.strip().splitlines()[0][:60]!r})"
    return ""


def _failure_body(api: OpenAPI, response: Response) -> str:
    if _is_stream(response):
        return ""  # a stream's status is sent before the frames; errors must travel inside them
    properties = api.properties(response.schema_node)
    if not properties:
        return ""
    folded = {fold(name): (name, node) for name, (node, _) in properties.items()}
    if _IDENTITY & folded.keys():
        return ""
    error_fields = [folded[key][0] for key in folded if key in _ERROR_FIELDS]
    for key, (name, node) in folded.items():
        if key in _FLAGS and _is_boolean(api, node) and error_fields:
            return f"carries a `{name}` flag beside `{error_fields[0]}`"
    for key, (name, node) in folded.items():
        if key in _OUTCOME_FIELDS:
            values = _enum(api, node)
            if values and _is_outcome_enum(values):
                return f"has a `{name}` enum of request outcomes ({', '.join(map(str, values))})"
    single = folded.get("error")
    # beside a `status`/`state` that is not an outcome enum, `error` explains that state
    described_state = any(key in ("status", "state") for key in folded)
    if single is not None and not described_state and not _is_array(api, single[1]) and "errors" not in folded:
        return f"has an `{single[0]}` member"
    return ""


def _is_stream(response: Response) -> bool:
    media = " ".join(response.media_types).lower()
    if any(kind in media for kind in ("event-stream", "ndjson", "jsonl", "stream+json", "json-seq")):
        return True
    description = str(response.data.get("description", ""))
    schema = response.data.get("schema")
    title = str(schema.get("title", "")) if isinstance(schema, dict) else ""
    return bool(re.search(r"\bstream", description + " " + title, re.I))


def _resolved(api: OpenAPI, node) -> dict:
    resolved = api.schema(node)
    return resolved[1] if resolved is not None else {}


def _is_boolean(api: OpenAPI, node) -> bool:
    return _resolved(api, node).get("type") == "boolean"


def _is_array(api: OpenAPI, node) -> bool:
    return is_array(_resolved(api, node), api.version)


def _enum(api: OpenAPI, node) -> list:
    values = _resolved(api, node).get("enum")
    return values if isinstance(values, list) else []


def _is_outcome_enum(values: list) -> bool:
    """Only request outcomes (success, error, ...): a lifecycle enum (pending, running, failed)
    is a resource's state. `DELETE_STATUS_SUCCESS` / `DELETE_STATUS_FAIL` count as outcomes."""
    tokens = [words(str(v)) for v in values if v is not None]
    if not tokens:
        return False
    shared = set.intersection(*(set(t) for t in tokens)) if len(tokens) > 1 else set()
    failed = succeeded = False
    for value_words in tokens:
        own = [w for w in value_words if w not in shared]
        if any(w in _FAIL for w in own):
            failed = True
        elif any(w in _SUCCESS for w in own):
            succeeded = True
        elif not own or all(w in _NEUTRAL for w in own):
            continue
        else:
            return False  # pending, done, cancelled, ...: a lifecycle
    return failed and succeeded
