"""
## What it does
Flags literal path segments that are, or start with, a verb that repeats the
HTTP method: `/getUsers`, `/users/{id}/delete`, `/createOrder`, `/fetch-items`.

Segments are split into words (`getUsers`, `get_users`, `get-users`) and the
first word is compared with a list of verbs that duplicate a method (get,
list, fetch, retrieve, read, find, create, add, insert, new, make, update,
upsert, set, modify, edit, change, patch, replace, save, delete, remove,
destroy, erase, ...). Only the exact word counts, so plurals and gerunds
(`/updates`, `/edits`, `/listings`) and nouns that are also verbs (`/search`,
`/login`, `/export`, `/batch`, `/uploads`, `/refunds`, `/runs`, `/checks`,
`/orders`, `/reports`) are never reported; nor are phrasal nouns (`/add-ons`,
`/set-up`) or `new` before a noun (`/new-releases`).

Other verbs name an action (`cancel`, `capture`, `approve`, `merge`,
`verify`, ...). A trailing action on a resource with POST, PUT or PATCH
(`POST /payments/{id}/capture`, `POST /payments/{id}/verify_microdeposits`)
or an AIP-136 custom method (`POST /orders/{id}:cancel`) is the recognised
controller pattern: it is reported at info level, or not at all with
`allow-actions: true` (default false). A verb phrase anywhere else
(`GET /calculateTax`, `/validateShopperId`) is a warning. A lone action word
outside that position (`GET /authorize`, Kubernetes `/exec`) and an action
word before a measure (`/restart_count`) are nouns too often to report.

Options: `allow-actions` (default false), `verbs` (extra words treated like
the method verbs, default none), `allow` (words never reported, default none).

## Why is this bad?
The HTTP method already says what happens to the resource the path names; a
verb in the path repeats it, can contradict it (`POST /users/{id}/delete`)
and leads to RPC-style endpoints that do not compose with caching, links and
the uniform interface. Name the resource and let the method act on it; model
a real action as a resource of its own (a `capture`, a `cancellation`).

Source: Zalando RESTful API Guidelines #141 (keep URLs verb-free) and #138
(avoid actions, think about resources); Google AIP-136 (custom methods).

## Example
    paths:
      /getUsers:
        get: ...
      /users/{id}/delete:
        post: ...

## Use instead
    paths:
      /users:
        get: ...
      /users/{id}:
        delete: ...
      /payments/{id}/capture:   # an action resource: info, or allow-actions: true
        post: ...
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import TEMPLATE_VARIABLE, OpenAPI, path_without_suffix
from apilint.finding import Finding, Severity
from apilint.registry import WARNING, Option, rule

from ._versions import VERSION_LIKE
from ._words import words

# Verbs that say what an HTTP method already says (GET, POST, PUT/PATCH, DELETE).
METHOD_VERBS = frozenset(
    "get list fetch retrieve read find create add insert new make update upsert set modify edit "
    "change patch replace save put delete remove destroy erase".split()
)
_METHOD_FOR_VERB = {
    **dict.fromkeys("get list fetch retrieve read find".split(), "GET"),
    **dict.fromkeys("create add insert new make".split(), "POST"),
    **dict.fromkeys("update upsert set modify edit change patch replace save put".split(), "PUT or PATCH"),
    **dict.fromkeys("delete remove destroy erase".split(), "DELETE"),
}
# Method verbs that are usually adjectives unless they stand alone (`/new-releases`).
_WHOLE_SEGMENT_ONLY = frozenset({"new"})
# Verbs that name an action on a resource rather than repeat a method.
ACTION_VERBS = frozenset(
    "accept activate advance append apply approve assign attach authorize authorise calculate cancel capture "
    "clone confirm convert deactivate decline decrypt deliver deny detach disable disconnect dismiss downgrade "
    "duplicate enable encrypt enroll evaluate execute expire extract fail finalize finalise fulfil fulfill "
    "generate hangup increment initiate install invoke mute notify pause reactivate reassign recalculate redact "
    "redeem refresh regenerate reject remind rename renew reopen rerequest rerun resend reset resize resolve "
    "restart resubmit resume retry reveal reverse revert revoke rotate seek send ship simulate snooze start stop "
    "submit succeed suspend terminate unarchive unassign unblock unfreeze uninstall unlink unlock unmute "
    "unpublish unsubscribe upgrade validate verify void withdraw".split()
)
# Actions that are also common nouns or adjectives: an action only as a whole segment.
_WHOLE_SEGMENT_ACTIONS = frozenset(
    "archive close commit compact complete copy forward lock lookup merge pay play post preview print publish purge "
    "query release restore return rollback trim".split()
)
# `add-ons`, `set-up`, `check-in`: verb + particle is a noun.
_PARTICLES = frozenset({"on", "ons", "up", "ups", "in", "ins", "out", "outs", "off", "offs", "over"})
# `restart_count`, `retry_status`: a verb before one of these is a noun modifier.
_MEASURE_NOUNS = frozenset(
    "count counts rate rates status history time times duration date dates log logs policy policies settings "
    "config limit limits".split()
)
_ACTION_METHODS = frozenset({"post", "put", "patch"})

@rule(
    "no-verb-in-path",
    severity=WARNING,
    format="openapi",
    options={"allow-actions": Option(False), "verbs": Option([]), "allow": Option([])},
)
def no_verb_in_path(api: OpenAPI, options: dict) -> Iterator[Finding]:
    allowed = {str(word).lower() for word in options.get("allow") or ()}
    method_verbs = (METHOD_VERBS | {str(word).lower() for word in options.get("verbs") or ()}) - allowed
    action_verbs = (ACTION_VERBS | _WHOLE_SEGMENT_ACTIONS) - allowed
    allow_actions = options.get("allow-actions") is True

    methods_by_path: dict[str, list[str]] = {}
    path_nodes = {}
    for operation in api.operations:
        methods_by_path.setdefault(operation.path, []).append(operation.method)
        path_nodes[operation.path] = operation.path_node

    for path, methods in methods_by_path.items():
        segments = [s for s in path_without_suffix(path).split("/") if s]
        for index, segment in enumerate(segments):
            resource, colon, custom = segment.partition(":")
            trailing = index == len(segments) - 1
            checks = [(resource, "segment")]
            if colon and custom:
                checks.append((custom, "custom method"))
            for text, kind in checks:
                finding = _check(
                    text,
                    kind,
                    segment,
                    trailing,
                    _has_resource_before(segments, index) or kind == "custom method",
                    methods,
                    method_verbs,
                    action_verbs,
                )
                if finding is None:
                    continue
                severity, message, suggestion = finding
                if severity is Severity.INFO and allow_actions:
                    continue
                # Actions are info; the rule's default (warning) grades the rest. Config overrides both.
                yield path_nodes[path].finding(
                    f"path {path}: {message}",
                    suggestion=suggestion,
                    severity=Severity.INFO if severity is Severity.INFO else None,
                )


def _check(
    text: str,
    kind: str,
    segment: str,
    trailing: bool,
    on_resource: bool,
    methods: list[str],
    method_verbs: frozenset[str] | set[str],
    action_verbs: frozenset[str] | set[str],
) -> tuple[Severity, str, str] | None:
    literal = TEMPLATE_VARIABLE.sub(" ", text)
    found = words(literal)
    if not found or VERSION_LIKE.fullmatch(literal.strip()):
        return None
    verb, rest = found[0], found[1:]
    if rest and rest[0] in _PARTICLES:
        return None
    whole = not rest
    shown = f"custom method {text!r}" if kind == "custom method" else f"segment {segment!r}"
    if verb in method_verbs and (whole or verb not in _WHOLE_SEGMENT_ONLY):
        repeats = ", which repeats what the HTTP method says" if verb in METHOD_VERBS else ""
        method = _METHOD_FOR_VERB.get(verb, "the HTTP method")
        target = f"the resource ({'-'.join(rest)!r})" if rest else "the resource"
        return (
            Severity.WARNING,
            f"{shown} starts with the verb {verb!r}{repeats}",
            f"drop {verb!r}: {method} on {target} says it",
        )
    if verb not in action_verbs or (verb in _WHOLE_SEGMENT_ACTIONS and not whole):
        return None
    controller = (trailing or kind == "custom method") and on_resource and all(m in _ACTION_METHODS for m in methods)
    if kind == "custom method" and all(m in _ACTION_METHODS or m == "get" for m in methods):
        controller = True  # AIP-136 custom methods are POST, or GET when they do not change state
    if controller:
        return (
            Severity.INFO,
            f"{shown} names an action{'' if whole else f' ({verb!r})'}: a controller resource",
            "fine as POST on a resource; consider modelling the outcome as a resource instead",
        )
    if whole or rest[-1] in _MEASURE_NOUNS:
        return None  # a lone action word elsewhere (`GET /authorize`, `/exec`) is too often a noun
    return (
        Severity.WARNING,
        f"{shown} is a verb phrase starting with {verb!r}",
        "name the resource the action creates or changes, and let the HTTP method act on it",
    )


def _has_resource_before(segments: list[str], index: int) -> bool:
    """A trailing action needs something to act on: a collection or an id, not just `/v1`."""
    return any(not VERSION_LIKE.fullmatch(TEMPLATE_VARIABLE.sub("", s) or "x") or "{" in s for s in segments[:index])
