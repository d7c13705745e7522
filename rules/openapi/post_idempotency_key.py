"""
## What it does
Flags POST operations that create or trigger something, and so are not safe
to retry, but accept no idempotency key (by default the `Idempotency-Key`
request header).

What counts as accepting a key:

- a header parameter, on the operation or its path item (inline or `$ref`'d),
  named like the header (case-insensitively) or with `idempotency` in its
  name (`X-Idempotency-Key`);
- a request body property (through `$ref`s, `allOf` and `oneOf`/`anyOf`)
  with `idempotency` or `dedup` in its name (`idempotency_key`,
  `idempotencyKey`, `deduplication_id`);
- a header or body field whose description says it makes the request
  idempotent or deduplicates it, whatever its name;
- a client request id (`request_id`, `client_request_id`, `client_token`,
  `X-Request-Id`, `Request-Id`) when its description says it deduplicates
  (mentions idempotency, duplicates or retries), or, in the body, when it is
  required: a trace id goes in a header and is optional, so a required body
  request id is there to recognise a repeated request.

Not reported, as retrying them is harmless or they cannot repeat an effect:

- updates of one item (the path ends in a template: `POST /customers/{id}`);
- queries and computations, by the last path segment or custom method:
  `/search`, `:batchGet`, `/validate`, `/preview`, `/estimate`, `/lint`,
  `/graphql`, ...;
- sign-in and token endpoints (`/token`, `/login`, `/oauth/...`);
- state changes that end in the same state however often they are sent
  (`/cancel`, `/archive`, `/lock`, `/approve`, `/close`, ...);
- operations marked `x-idempotent: true`.

A document that declares the header once for the whole API counts as
declaring it for every operation: a reusable header parameter of that name
(`components.parameters`, 2.0 `parameters`) that no operation references, a
top-level `x-idempotency...` extension, or `info.description` naming the
header.

The default severity is info, not warning: whether a POST can really act
twice depends on semantics a description does not state. A POST whose body
carries a unique natural key (a repository name, a Kubernetes object name, a
Git object hash) is already safe to retry, since a repeat fails with 409 or
422, and no wording in the path reveals that. On 14 real APIs about 4 in 5
findings were ones a reviewer would agree with (GitHub, with many natural
keys, about 1 in 2). Set `only-if-used: true` (default `false`) to check
only documents in which some operation already accepts the header: those
findings are inconsistencies and can be raised to a warning in
`.apilint.yaml`.

Options: `methods` (default `["post"]`; add `"patch"` to check PATCH too:
every PATCH is then checked except those taking `application/merge-patch+json`),
`header` (default `Idempotency-Key`), `exempt` (default `[]`: operationIds or
`"METHOD /path"` strings, shell-style globs allowed, such as `"POST /admin/*"`).

## Why is this bad?
POST is neither safe nor idempotent. When a request times out the client
cannot know whether it took effect; retrying it may charge a card or place an
order twice, and not retrying may lose it. An idempotency key lets the server
record the first outcome and return it for every retry with the same key, so
clients (and retry middleware) can retry safely.

Source: IETF draft-ietf-httpapi-idempotency-key-header ("The Idempotency-Key
HTTP Header Field"); Stripe's idempotent requests; seed notes ("For
unsafe-to-retry operations (payments, orders) accept an Idempotency-Key").

## Example
    paths:
      /payments:
        post:
          requestBody: {$ref: "#/components/requestBodies/Payment"}
          responses: {"201": {description: created}}

## Use instead
    paths:
      /payments:
        post:
          parameters:
            - name: Idempotency-Key
              in: header
              required: false
              schema: {type: string, maxLength: 255}
          requestBody: {$ref: "#/components/requestBodies/Payment"}
          responses: {"201": {description: created}}
"""

from __future__ import annotations

import fnmatch
import re
from typing import Iterator

from apilint.documents.openapi import OpenAPI, Operation
from apilint.finding import Finding, Node
from apilint.registry import INFO, Option, rule

from ._words import words

# Last path segment (or custom method) words that mark a POST as a read or a computation.
_QUERY_WORDS = frozenset(
    "search searches query find lookup lookups filter list get batchget fetch count exists "
    "validate validation validations verify check checks preview previews estimate estimates "
    "calculate calculation simulate simulation dryrun lint render parse graphql introspect "
    "upcoming match matches compare diff metrics stats statistics analytics markdown completions embeddings "
    "moderations speech transcriptions translations tokenize presigned url urls ping pings test tests proxy exec portforward".split()
)
_AUTH_WORDS = frozenset(
    "token tokens oauth oauth2 login logout signin signout sign authorize authenticate auth refresh revoke "
    "introspection authorizations".split()
)
# Transitions into a state: sending them twice leaves the same state.
_STATE_WORDS = frozenset(
    "cancel cancels close reopen archive unarchive restore lock unlock enable disable activate deactivate "
    "suspend unsuspend resume pause unpause start stop approve reject accept decline void finalize publish "
    "unpublish hide unhide star unstar follow unfollow mute unmute pin unpin subscribe unsubscribe expire "
    "redact detach rename mark read unread dismiss resolve unresolve ack acknowledge block unblock "
    "verify reset attach fork forks set merge rollback".split()
)
# Reads or computations wherever they appear in the path (`/graphql`, `/markdown/raw`).
_ANYWHERE = frozenset({"graphql", "markdown"})
# Adding a member to a set twice leaves the same set (`POST /issues/{n}/labels`).
_MEMBERSHIP_WORDS = frozenset("assignees labels tags reviewers members collaborators".split())

# Usual names of a client-chosen request id, folded: a key only where the spec says what it is for.
_REQUEST_ID_NAMES = frozenset("requestid clientrequestid clienttoken requesttoken".split())
_KEY_TEXT = re.compile(r"idempoten|de-?dup", re.IGNORECASE)
_DEDUP_TEXT = re.compile(r"idempoten|de-?dup|duplicat|retr(?:y|ies|ied|ying)|replay", re.IGNORECASE)


@rule(
    "post-idempotency-key",
    severity=INFO,
    format="openapi",
    options={
        "methods": Option(["post"]),
        "header": Option("Idempotency-Key"),
        "exempt": Option([]),
        "only-if-used": Option(False),
    },
)
def post_idempotency_key(api: OpenAPI, options: dict) -> Iterator[Finding]:
    header = str(options.get("header") or "Idempotency-Key")
    methods = {str(method).lower() for method in options.get("methods") or ["post"]}
    exempt = [str(pattern) for pattern in options.get("exempt") or []]
    operations = api.operations
    if _declared_for_whole_api(api, operations, header):
        return
    if options.get("only-if-used") and not any(_accepts_key(api, operation, header) for operation in operations):
        return
    for operation in operations:
        if operation.method not in methods or operation.data.get("x-idempotent") is True:
            continue
        if _accepts_key(api, operation, header) or _is_exempt(operation, exempt) or _safe_to_retry(operation):
            continue
        yield operation.node.finding(
            f"{operation.label} is not safe to retry and accepts no `{header}` header",
            suggestion=f"add an `{header}` header parameter (or mark the operation `x-idempotent: true`)",
        )


def _is_key(name: str, description: object, header: str, *, required: bool = False) -> bool:
    """Named as an idempotency key, documented as one, or a request id that is required (in a body) or
    documented as deduplicating."""
    lowered = name.lower()
    if lowered == header.lower() or "idempoten" in lowered or "dedup" in lowered:
        return True
    text = description if isinstance(description, str) else ""
    if _KEY_TEXT.search(text):
        return True
    folded = re.sub(r"[^a-z0-9]", "", lowered)
    return folded.removeprefix("x") in _REQUEST_ID_NAMES and (required or bool(_DEDUP_TEXT.search(text)))


def _accepts_key(api: OpenAPI, operation: Operation, header: str) -> bool:
    if any(p.location == "header" and _is_key(p.name, p.data.get("description"), header) for p in operation.parameters):
        return True
    for schema in _body_schemas(api, operation):
        required = _required(api, schema)
        for name, (_, field) in api.properties(schema).items():
            if _is_key(name, field.get("description"), header, required=name in required):
                return True
    return False


def _declared_for_whole_api(api: OpenAPI, operations: list[Operation], header: str) -> bool:
    if any(str(key).lower().startswith("x-idempoten") for key in api.data):
        return True
    info = api.data.get("info")
    if isinstance(info, dict) and header.lower() in str(info.get("description", "")).lower():
        return True
    if api.is_swagger:
        reusable = api.data.get("parameters")
    else:
        components = api.data.get("components")
        reusable = components.get("parameters") if isinstance(components, dict) else None
    if not isinstance(reusable, dict):
        return False
    declared = [
        name
        for name, parameter in reusable.items()
        if isinstance(parameter, dict)
        and parameter.get("in") == "header"
        and _is_key(str(parameter.get("name", "")), parameter.get("description"), header)
    ]
    # Declared once but listed by no operation: the API documents the header globally.
    return bool(declared) and not any(_accepts_key(api, operation, header) for operation in operations)


def _is_exempt(operation: Operation, patterns: list[str]) -> bool:
    names = [f"{operation.method.upper()} {operation.path}"]
    if operation.operation_id:
        names.append(operation.operation_id)
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns for name in names)


def _safe_to_retry(operation: Operation) -> bool:
    if operation.response(200) is not None and operation.response(201) is not None:
        return True  # get-or-create: 200 "already exists", 201 "created"
    segments = operation.segments
    if not segments:
        return False
    last = segments[-1]
    if operation.method == "patch":
        body = operation.request_body
        # JSON Merge Patch (RFC 7396) sets values, so repeating it is harmless; JSON Patch may append.
        return body is not None and any("merge-patch" in media for media in body.media_types)
    if "{" in last.text and ":" not in last.literal:
        return True  # POST /customers/{id}, /Calls/{Sid}.json: an update of one item
    words = _words(last.literal)
    if _names_a_query(last.literal.rsplit(":", 1)[-1]) or any(
        _words(s.literal) & _AUTH_WORDS or _words(s.literal) & _ANYWHERE for s in segments
    ):
        return True
    on_an_item = ":" in last.text or any(segment.is_template for segment in segments[:-1])
    return on_an_item and bool(words & (_STATE_WORDS | _MEMBERSHIP_WORDS))


def _words(text: str) -> set[str]:
    return set(words(text))


def _names_a_query(action: str) -> bool:
    """`search`, `batchGet`, `validate-name`, `presigned_urls`; not `value_list_items`."""
    parts = words(action)
    return bool(parts) and bool({parts[0], parts[-1], "".join(parts)} & _QUERY_WORDS)


# -- the request body -------------------------------------------------------------------


def _body_schemas(api: OpenAPI, operation: Operation) -> list[Node]:
    """Where the request body's schema is defined, and its `oneOf`/`anyOf` alternatives."""
    body = operation.request_body
    if body is None or body.schema is None:
        return []
    if api.is_swagger:
        written = body.node.child("schema")
    else:
        content = body.data.get("content")
        media = next(m for m, value in content.items() if isinstance(value, dict))
        written = body.node.child("content", media, "schema")
    resolved = api.schema(written)
    if resolved is None:
        return []
    where, schema = resolved
    schemas = [where]
    for keyword in ("oneOf", "anyOf"):
        alternatives = schema.get(keyword)
        if isinstance(alternatives, list):
            schemas.extend(where.child(keyword, index) for index in range(len(alternatives)))
    return schemas


def _required(api: OpenAPI, node: Node, depth: int = 0) -> set[str]:
    """The required property names of an object schema, `allOf` parts included."""
    resolved = api.schema(node)
    if resolved is None or depth > 8:
        return set()
    where, schema = resolved
    required = {str(name) for name in schema.get("required") or [] if isinstance(name, str)}
    parts = schema.get("allOf")
    for index in range(len(parts) if isinstance(parts, list) else 0):
        required |= _required(api, where.child("allOf", index), depth + 1)
    return required
