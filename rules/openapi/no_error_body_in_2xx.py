"""
## What it does
Flags a 2xx response whose body or description models a failed request: a
`success`/`ok` flag next to an error or message, a `status`/`result`/`code`
enum of request outcomes (`success` | `error`), or an `error` member in a
response envelope.

It also finds the RPC-style "every call answers 200" design, where a boolean
flag tells success from failure: the 2xx body has `ok: true` (or `success`, a
boolean `status`, or any boolean allowed only `true`) and a failure body has the
same flag, either allowed only `false` or beside an error code (`error:
not_authed`). The failure body
is a branch of the 2xx body's `oneOf`/`anyOf`, or the `default` response of an
operation that documents no 4xx/5xx status. It is reported at the failure body's
schema, once for a shared schema, naming error codes that should have been
statuses (`not_authed` 401, `ratelimited` 429, `channel_not_found` 404,
`invalid_*` 400).

Each problem is reported where it is fixed, once: a response described as a
failure at that response, a body at the schema that defines the flag, enum or
`error` member (a shared envelope, even in another file, once), naming how
many operations use it.

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

Evidence of an error beside a flag: a property named `error`, `errors`,
`error_code`, `error_message`...; a `message` only when it is text or an
error-shaped object (with `code`, `message`, `detail`, `reason`...): the
`message` of a chat API's 200 is the message posted, not an error. Not
reported: a `default` error body without the flag (an ordinary error body); a
flag that appears only in 2xx bodies (redundant, but nothing shows failures
answered as 200); and a flag repeated in a documented 4xx/5xx response (the
status code already tells failure apart; the flag is redundant, not wrong).

An operation that documents a 4xx/5xx status (not only `default`) answers its
failures with it, so there an outcome enum alone is not evidence: a shared
envelope (JSend, Prometheus-style `status: success | error`) names its error
value although failures never come as 200. It still counts beside an error
text, or when its description says it tells whether the request worked
("whether", "successfully", "failed"). For the same reason a lone `error`
member is not evidence there (it reports a background job's or an item's
failure, not the request's), nor is a `message` beside a flag (the success
text). A 2xx described as a failure and a flag beside an error field stay
evidence whatever the operation documents. An error member whose schema says
failures are answered with 4xx/5xx ("4xx codes are for caller errors") is not
evidence anywhere: it describes the state of something the response returns.

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

An RPC-style API (every call answers 200):

    responses:
      "200":
        content:
          application/json:
            schema:
              properties:
                ok: {type: boolean, enum: [true]}
      default:
        content:
          application/json:
            schema:              # reported here
              properties:
                ok: {type: boolean, enum: [false]}
                error: {type: string, enum: [not_authed, ratelimited]}

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

from apilint.documents.openapi import OpenAPI, Operation, Response, SchemaType
from apilint.finding import Finding, Node
from apilint.registry import WARNING, rule

from .._words import words
from ._collections import fold, is_array

_FLAGS = frozenset("success ok succeeded successful issuccess issuccessful".split())
_OUTCOME_FIELDS = frozenset("status result code outcome state resultcode statuscode responsestatus".split())
_ERROR_FIELDS = frozenset("error errors errormessage errorcode errordescription errmsg message msg".split())
_MESSAGE_FIELDS = frozenset("message msg".split())  # error evidence only when text or error-shaped
_ERROR_SHAPE = frozenset("code errorcode message detail details reason errormessage".split())
# Words of RPC error codes (`not_authed`, `invalid_auth`, `missing_scope`) by the status they stand for.
_AUTHENTICATION = frozenset("auth authed authenticated unauthenticated unauthorized token login credentials".split())
_PERMISSION = frozenset("forbidden permission permissions scope denied restricted".split())
_STATUS_ORDER = (401, 403, 429, 404, 409, 400, 500, 503)
# A body with any of these is a resource, whose error fields describe the resource, not the request.
_IDENTITY = frozenset("id uuid object url self href createdat created creationtime".split())
_FAIL = frozenset("error errors err fail failed failure unsuccessful ko".split())
_SUCCESS = frozenset("success successful succeeded ok".split())
_NEUTRAL = frozenset("unspecified unknown none null undefined".split())
_NOT_A_REQUEST_CHECK = re.compile(r"^(validate|validation|check|verify|test|lint|preview|dry|simulate|diagnose)", re.I)
_NAME_PARTS = re.compile(r"[/.]")
_REPORTS_FAILURE = re.compile(r"\bwhether\b|\b(succeeded|successfully|failed)\b", re.I)
_FAILURES_USE_STATUSES = re.compile(r"\b[45]xx\b", re.I)
_FAILURE_DESCRIPTION = re.compile(
    r"^\W*(error|errors|failure|failed|fail|unsuccessful|bad request|invalid request)\b"
    r"|\b(on|upon|in case of) (an )?(error|failure)\b"
    r"|\bif (the )?(request|call|operation) (fails|failed|is unsuccessful)\b",
    re.I,
)
_STATUSES = "document failures as 4xx/5xx responses with an error schema (RFC 9457)"
_DROP_THE_FLAG = "answer each failure with its 4xx/5xx status and an error body (RFC 9457), and drop the flag"


@rule("no-error-body-in-2xx", severity=WARNING, format="openapi")
def no_error_body_in_2xx(api: OpenAPI, options: dict) -> Iterator[Finding]:
    # Each problem is reported where its fix goes (a response's description, the schema that models
    # failure), a shared one once: where -> (what it says, its suggestion, operation label -> subject).
    reported: dict[Node, tuple[str, str, dict[str, str]]] = {}
    for operation in api.operations:
        if _is_check_operation(operation):
            continue  # "is this valid?" answers a failed check with 200: the request succeeded
        answers_errors = any(r.is_error and r.code != "default" for r in operation.responses)
        for response in operation.responses:
            if not response.code.startswith("2"):
                continue
            found = _failure_description(response) or _failure_body(api, response, answers_errors)
            if found:
                at, reason = found
                entry = reported.setdefault(at, (f"{reason}; a failed request should answer 4xx/5xx", _STATUSES, {}))
                entry[2].setdefault(operation.label, f"the {response.code} response")
        for at, subject, reason in _flagged_failures(api, operation, answers_errors):
            reported.setdefault(at, (reason, _DROP_THE_FLAG, {}))[2].setdefault(operation.label, subject)
    for at, (reason, suggestion, users) in reported.items():
        first, subject = next(iter(users.items()))
        where = first if len(users) == 1 else f"{len(users)} operations (e.g. {first})"
        yield at.finding(f"{where}: {subject} {reason}", suggestion=suggestion)


def _flagged_failures(api: OpenAPI, operation: Operation, answers_errors: bool) -> Iterator[tuple[Node, str, str]]:
    """The RPC-style "every call answers 200" pattern: a boolean flag (`ok`, `success`, a boolean
    `status`) that is true in the success body and false in the failure body: (failure body schema,
    what it is, what is wrong). The failure body is a branch of a 2xx `oneOf`/`anyOf`, or the
    `default` response of an operation that documents no 4xx/5xx status (`answers_errors`: with one,
    the status already tells failure apart)."""
    success_flags: set[str] = set()
    failures: list[tuple[Node, str]] = []  # (failure body schema, what it is)
    for response in operation.responses:
        if not response.code.startswith("2") or _is_stream(response):
            continue
        resolved = api.schema(response.schema_node)
        if resolved is None:
            continue
        success_flags.update(_flags(api, api.properties(response.schema_node), True))
        for branch in _branches(*resolved):
            properties = api.properties(branch)
            if _failure_marks(api, properties)[0]:
                failures.append((branch, f"a {response.code} `oneOf` branch"))
            else:
                success_flags.update(_flags(api, properties, True))
    default = operation.response("default")
    if default is not None and not answers_errors:
        resolved = api.schema(default.schema_node)
        if resolved is not None:
            failures.append((resolved[0], "the `default` error body"))
    for at, what in failures:
        properties = api.properties(at)
        flags, error = _failure_marks(api, properties)
        flag = next((name for name in flags if name in success_flags), None)
        if flag is None:
            continue
        codes = _status_examples(_enum(api, properties[error][0])) if error else ""
        yield (
            at,
            what,
            (
                f"carries the success flag `{flag}` (false here)"
                + (f" beside `{error}`" if error else "")
                + ": failures are answered like successes and told apart only by the flag"
                + (f"; error codes that should be statuses, e.g. {codes}" if codes else "")
            ),
        )


def _failure_marks(api: OpenAPI, properties: dict[str, tuple[Node, dict]]) -> tuple[list[str], str | None]:
    """The flags that mark a body as a failure, and its error field: a flag allowed only `false`
    marks it by itself, a plain boolean only beside an error (`error`, `error_code`...)."""
    error = _error_field(api, properties)
    flags = [name for name in _flags(api, properties, False) if error or _allowed(api, properties[name][0]) == [False]]
    return flags, error


def _branches(at: Node, schema: dict) -> list[Node]:
    for key in ("oneOf", "anyOf"):
        listed = schema.get(key)
        if isinstance(listed, list):
            return [at.child(key, index) for index in range(len(listed))]
    return []


def _flags(api: OpenAPI, properties: dict[str, tuple[Node, dict]], value: bool) -> list[str]:
    """Boolean properties that can be `value` and read as a request's outcome: named like one
    (`ok`, `success`, a boolean `status`) or allowed only that value (`enum: [true]`, `const: false`)."""
    found = []
    for name, (node, written) in properties.items():
        if "$ref" not in written and written.get("type") != "boolean":
            continue  # an inline non-boolean, as most properties are: no need to resolve it
        if not _is_boolean(api, node):
            continue
        allowed = _allowed(api, node)
        if allowed is not None and value not in allowed:
            continue
        if fold(name) in _FLAGS or fold(name) in _OUTCOME_FIELDS or allowed == [value]:
            found.append(name)
    return found


def _allowed(api: OpenAPI, node: Node) -> list | None:
    """The only values a schema allows (`enum`, `const`), or None when it does not restrict them."""
    schema = _resolved(api, node)
    if isinstance(schema.get("enum"), list):
        return schema["enum"]
    return [schema["const"]] if "const" in schema else None


def _error_field(api: OpenAPI, properties: dict[str, tuple[Node, dict]]) -> str | None:
    """The property that carries an error: named `error`, `errors`, `error_code`...; a `message`
    only if it is text or an error-shaped object (a chat message's `message` is the payload)."""
    for name, (node, _) in properties.items():
        key = fold(name)
        if key not in _ERROR_FIELDS:
            continue
        if key not in _MESSAGE_FIELDS:
            return name
        schema = _resolved(api, node)
        if "string" in SchemaType.of(schema, api.version).types:
            return name
        if {fold(inner) for inner in api.properties(node)} & _ERROR_SHAPE:
            return name
    return None


def _status_examples(codes: list) -> str:
    """`not_authed` (401), `ratelimited` (429), ...: one code per status, at most three."""
    by_status: dict[int, str] = {}
    for code in codes:
        status = _status_of(str(code))
        if status is not None:
            by_status.setdefault(status, str(code))
    shown = sorted(by_status.items(), key=lambda item: _STATUS_ORDER.index(item[0]))[:3]
    return ", ".join(f"`{code}` ({status})" for status, code in shown)


def _status_of(code: str) -> int | None:
    parts = words(code)
    joined = "".join(parts)
    if any(marker in joined for marker in ("ratelimit", "toomanyrequests", "throttl")):
        return 429
    if _AUTHENTICATION & set(parts):
        return 401
    if _PERMISSION & set(parts) or "notallowed" in joined:
        return 403
    if "notfound" in joined or parts[:1] == ["unknown"]:
        return 404
    if {"already", "exists", "conflict", "duplicate"} & set(parts):
        return 409
    if {"internal", "fatal"} & set(parts):
        return 500
    if {"unavailable", "maintenance", "timeout"} & set(parts):
        return 503
    if {"invalid", "missing", "bad", "required", "malformed"} & set(parts) or "toolong" in joined:
        return 400
    return None


def _is_check_operation(operation: Operation) -> bool:
    last = next((s.literal for s in reversed(operation.segments) if not s.is_template), "")
    name = _NAME_PARTS.split(operation.operation_id or "")[-1]
    return bool(_NOT_A_REQUEST_CHECK.match(last.split(":")[-1]) or _NOT_A_REQUEST_CHECK.match(name))


def _failure_description(response: Response) -> tuple[Node, str] | None:
    """A 2xx response described as a failure, at the response (a shared one is fixed once)."""
    description = response.data.get("description")
    if not isinstance(description, str) or re.search(r"success or failure|succeeds? or fails?", description, re.I):
        return None
    if _FAILURE_DESCRIPTION.search(description.strip()):
        return response.node, f"is described as a failure ({description.strip().splitlines()[0][:60]!r})"
    return None


def _failure_body(api: OpenAPI, response: Response, answers_errors: bool) -> tuple[Node, str] | None:
    """A 2xx body that models a failed request, at the schema that defines the evidence (where the
    fix goes: a shared envelope once). `answers_errors`: the operation documents a 4xx/5xx status."""
    if _is_stream(response):
        return None  # a stream's status is sent before the frames; errors must travel inside them
    properties = api.properties(response.schema_node)
    if not properties:
        return None
    folded = {fold(name): (name, node) for name, (node, _) in properties.items()}
    if _IDENTITY & folded.keys():
        return None
    error = _error_field(api, properties)
    if error is not None and _says_failures_use_statuses(api, properties[error][0]):
        error = None  # Plaid's nullable `error`: "4xx codes are for ... errors", so this one is not
    # With 4xx/5xx statuses documented, a `message` beside a flag is the success text and a lone
    # `error` member reports something else (a job's failure, an item's state), not the request.
    weak_error = error is not None and answers_errors and fold(error) in _MESSAGE_FIELDS
    for key, (name, node) in folded.items():
        if key in _FLAGS and _is_boolean(api, node) and error is not None and not weak_error:
            codes = _status_examples(_enum(api, properties[error][0]))
            because = f", whose codes should be statuses, e.g. {codes}" if codes else ""
            return _owner(node), f"carries the success flag `{name}` beside `{error}`{because}"
    for key, (name, node) in folded.items():
        if key not in _OUTCOME_FIELDS:
            continue
        values = _enum(api, node)
        if not values or not _is_outcome_enum(values):
            continue
        # An operation with 4xx/5xx statuses answers failures with them: there an envelope enum that
        # merely names `error` (JSend, Prometheus) shows nothing, unless an error text sits beside it
        # or the enum says it tells whether the request succeeded.
        if answers_errors and error is None and not _says_it_reports_failure(api, node, properties[name][1]):
            continue
        return _owner(node), f"has the request-outcome enum `{name}` ({', '.join(map(str, values))})"
    single = folded.get("error")
    # beside a `status`/`state` that is not an outcome enum, `error` explains that state
    described_state = any(key in ("status", "state") for key in folded)
    if single is None or answers_errors or error is None:
        return None
    if not described_state and not _is_array(api, single[1]) and "errors" not in folded:
        return _owner(single[1]), f"has an `{single[0]}` member"
    return None


def _says_it_reports_failure(api: OpenAPI, node: Node, written: dict) -> bool:
    """The property's description says it tells whether the request (or what it asked for) worked."""
    text = f"{written.get('description', '')} {_resolved(api, node).get('description', '')}"
    return bool(_REPORTS_FAILURE.search(text))


def _says_failures_use_statuses(api: OpenAPI, node: Node) -> bool:
    """The error member's schema says failures are answered with 4xx/5xx statuses."""
    return bool(_FAILURES_USE_STATUSES.search(str(_resolved(api, node).get("description", ""))))


def _owner(property_node: Node) -> Node:
    """The schema a property is defined in (`.../properties/<name>` -> `...`)."""
    return property_node._replace(pointer=property_node.pointer[:-2])


def _is_stream(response: Response) -> bool:
    media = " ".join(response.media_types).lower()
    if any(kind in media for kind in ("event-stream", "ndjson", "jsonl", "stream+json", "json-seq")):
        return True
    description = str(response.data.get("description", ""))
    schema = response.data.get("schema")
    title = str(schema.get("title", "")) if isinstance(schema, dict) else ""
    text = description + " " + title
    # "tream" first: a substring test is far cheaper than the case-insensitive pattern (which also
    # matches a long s, hence not "stream"), and few responses speak of streams.
    return "tream" in text.lower() and bool(re.search(r"\bstream", text, re.I))


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
