"""
## What it does
Flags POST operations that create or trigger something, and so are not safe
to retry, but accept no `Idempotency-Key` request header.

The header may be listed on the operation or its path item, inline or through
a `$ref`'d parameter; names compare case-insensitively, and any header whose
name contains `idempotency` (such as `X-Idempotency-Key`) also counts. These
POSTs are not reported, as retrying them is harmless or they cannot repeat an
effect:

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
from typing import Iterator

from apilint.documents.openapi import OpenAPI, Operation
from apilint.finding import Finding
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
    if options.get("only-if-used") and not any(_accepts_key(operation, header) for operation in operations):
        return
    for operation in operations:
        if operation.method not in methods or operation.data.get("x-idempotent") is True:
            continue
        if _accepts_key(operation, header) or _is_exempt(operation, exempt) or _safe_to_retry(operation):
            continue
        yield operation.node.finding(
            f"{operation.label} is not safe to retry and accepts no `{header}` header",
            suggestion=f"add an `{header}` header parameter (or mark the operation `x-idempotent: true`)",
        )


def _is_key(name: str, header: str) -> bool:
    name = name.lower()
    return name == header.lower() or "idempotency" in name


def _accepts_key(operation: Operation, header: str) -> bool:
    return any(p.location == "header" and _is_key(p.name, header) for p in operation.parameters)


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
        if isinstance(parameter, dict) and parameter.get("in") == "header" and _is_key(str(parameter.get("name", "")), header)
    ]
    # Declared once but listed by no operation: the API documents the header globally.
    return bool(declared) and not any(_accepts_key(operation, header) for operation in operations)


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
    if _names_a_query(last.literal.rsplit(":", 1)[-1]) or any(_words(s.literal) & _AUTH_WORDS or _words(s.literal) & _ANYWHERE for s in segments):
        return True
    on_an_item = ":" in last.text or any(segment.is_template for segment in segments[:-1])
    return on_an_item and bool(words & (_STATE_WORDS | _MEMBERSHIP_WORDS))


def _words(text: str) -> set[str]:
    return set(words(text))


def _names_a_query(action: str) -> bool:
    """`search`, `batchGet`, `validate-name`, `presigned_urls`; not `value_list_items`."""
    parts = words(action)
    return bool(parts) and bool({parts[0], parts[-1], "".join(parts)} & _QUERY_WORDS)
