"""
## What it does
Flags a GET or HEAD operation that changes state: `GET /users/{id}/delete`,
`GET /tokens.revoke`, `GET /plugins.uninstall`, `GET /pages/{id}:publish`, a
GET whose operationId is `deleteUser` or whose summary is "Delete a user".

Evidence is a state-changing verb (delete, remove, create, add, update, set,
revoke, cancel, uninstall, publish, archive, reset, start, stop, send, and
social or membership actions: ignore, mute, star, favorite, follow, join,
leave, kick, ban, block, pin, subscribe, ...) in one of three places:
- the path's last segment: its first word, the method of a dotted RPC name
  (`tokens.revoke`) or an AIP-136 custom method (`:cancel`), also after a
  qualifier (`bulk-delete`);
- the operationId's verb (`deleteUser`, `users/delete`, `Users_Delete`),
  past a namespace named by a word that is also a noun
  (`SyncService_GetSyncLimit` says "get"); an operationId made of the method
  and the path (`get-api-v1-chat.ignoreUser`) is no evidence either way;
- the summary's first word ("Delete a user", "Revokes the token"); a word
  that is also a noun counts only before an article ("Favorite items of a
  user" is not "Favorite the item").

Severity follows the evidence: two places agree -> error; the path or the
operationId alone -> warning; the summary alone (which may be a copy-paste slip
in the docs) -> info. A word that is also a noun (`archive`, `merge`, `close`,
`update`, `set`) in a plain path segment counts only with a second witness, so
`GET /blog/archive` and GitHub's "is it merged" `GET .../merge` are not reported.

Exempt: verbs that read or compute (`export`, `preview`, `calculate`,
`validate`, `verify`, `generate`, `resolve`; `sync`, which on a GET reads the
changes since a cursor), streams a GET must open
(`connect`, `watch`, `stream`: WebSocket upgrades, server-sent events), the
form pages of web frameworks
(`GET /posts/new`, `GET /posts/{id}/edit`), OAuth's `GET /authorize`; noun
phrases (`/deleted-items`, `/deletions`, `/reset-password-form`,
`/cancel_url`, `/update_logs`, `/install-details`); and a GET whose operationId or summary says
it reads ("List associated resources" for
`GET .../destroy_with_associated_resources`, "Get the cancel URL").
`GET /oauth/revoke` is reported: RFC 7009 §2.1 requires POST for token
revocation. The same verb in the path of a GET-only path is not also reported
by `no-verb-in-path`: the unsafe GET is the problem to fix. A GET exempt
because it says it reads is left to `no-verb-in-path`, which reports the verb
in its path as contradicting GET: one finding either way.

## Why is this bad?
GET and HEAD are safe by definition: the client asks for nothing to change
(RFC 9110 §9.2.1). Crawlers, link previews in chat and mail, browser
prefetchers, caches and automatic retries send them without asking anyone, so
a GET that deletes, revokes or publishes will one day do it by accident; and
responses to it may be cached, so the change may not even happen when meant.

Source: RFC 9110 §9.2.1 (safe methods) and §9.3.1 (GET); Zalando RESTful API
Guidelines #148 (use HTTP methods correctly) and #149 (common method
properties); seed notes ("GET (read, safe)").

## Example
    paths:
      /users/{id}/delete:
        get:
          operationId: deleteUser
      /tokens.revoke:
        get: ...

## Use instead
    paths:
      /users/{id}:
        delete:
          operationId: deleteUser
      /tokens.revoke:
        post: ...
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI
from apilint.finding import Finding, Severity
from apilint.registry import WARNING, rule

from .._verbs import METHOD_FOR_VERB
from ._verbs import SAFE_METHODS, unsafe_evidence

_WHERE = {
    "path": "its path ends in {verb!r}",
    "operationId": "its operationId says {verb!r}",
    "summary": "its summary says {verb!r}",
}


@rule("get-is-safe", severity=WARNING, format="openapi")
def get_is_safe(api: OpenAPI, options: dict) -> Iterator[Finding]:
    for operation in api.operations:
        if operation.method not in SAFE_METHODS:
            continue
        evidence = unsafe_evidence(operation)
        if not evidence:
            continue
        if len(evidence) > 1:
            severity = Severity.ERROR
        elif evidence[0][0] == "summary":
            severity = Severity.INFO
        else:
            severity = None  # the rule's default, warning
        verb = evidence[0][1]
        method = METHOD_FOR_VERB.get(verb, "POST")
        said = ", ".join(_WHERE[source].format(verb=word) for source, word, _ in evidence)
        name = operation.method.upper()
        yield operation.node.finding(
            f"{operation.label} {'may change' if severity is Severity.INFO else 'changes'} state ({said}): "
            f"{name} must be safe (RFC 9110 §9.2.1), "
            "and crawlers, link previews, prefetchers and retries send it unasked",
            suggestion=f"use {method} for it; keep {name} for reading",
            severity=severity,
        )
