"""
## What it does
Flags literal path segments that are, or start with, a verb that repeats the
HTTP method: `/getUsers`, `/users/{id}/delete`, `/createOrder`, `/fetch-items`,
`/items/bulk-delete`, and RPC-style dotted methods (`/messages.delete`,
`/channels.list`, `/admin.users.create`).

Segments are split into words (`getUsers`, `get_users`, `get-users`) and the
first word is compared with a list of verbs that duplicate a method (get,
list, fetch, retrieve, read, find, create, add, insert, new, make, update,
upsert, set, modify, edit, change, patch, replace, save, delete, remove,
destroy, erase, ...); after a qualifier (`bulk`, `batch`, `mass`, `multi`) the
next word is the verb. Only the exact word counts, so plurals and gerunds
(`/updates`, `/edits`, `/listings`) and nouns that are also verbs (`/search`,
`/login`, `/export`, `/batch`, `/uploads`, `/refunds`, `/runs`, `/checks`,
`/orders`, `/reports`) are never reported; nor are phrasal nouns (`/add-ons`,
`/set-up`) or `new` before a noun (`/new-releases`); nor is `new` alone on a
GET (`GET /posts/new`: a form page, or what is new). `read` alone after a
resource on a write (`POST /notifications/all/read`) names the state the
request sets: an action (info), not a GET in the path.

A verb that is also a noun before a plural names a resource
(`/change_requests`, `/update_logs`, `/list_items`) unless the path's own
operations say it is a verb: an operationId that starts with the word
(`listUsers`, `changePasswords`; not `change_requests_list`) or a summary that
does before an article ("Change the passwords"). A segment of several words is
a resource when an operation's summary makes it the object of another verb,
right after it or past determiners only ("Create a remove token" for
`/runners/remove-token`); in "Check the status of a destroy with associated
resources request" the verb's object is the status, so
`.../destroy_with_associated_resources/status` still names an action: a
method verb is reported in any segment, not only the last.

The message says what the verb does to the path's own methods: it repeats
one (`GET /getUsers`, `DELETE .../delete-all`), belongs in another
(`POST /users/{id}/delete`: DELETE), or contradicts a GET that reads
(`GET .../destroy_with_associated_resources` whose summary says "List
associated resources").

A dotted segment is an RPC-style method name (`noun.verb`, as
`PathSegment.method_parts` reads it; domains such as `apps.k8s.io` and file
names are not): its last part is the method and is always in verb position,
so `chat.postMessage` and `conversations.archive` count as actions even though
`post` and `archive` are nouns elsewhere. The finding names the REST
equivalent (`messages.delete`: DELETE on /messages/{id}). When most of a
document's paths are dotted methods, the API is RPC-style by design: one
finding at `paths` sums up its method verbs instead of one per path, since
the fix is the design, not a path. The same holds when the method is the last
slash segment and every call is a POST (`POST /accounts/get`,
`POST /item/remove`, `POST /messages/send`): a path counts as such a method
when it has only POST and its last segment is reported (a method verb or an
action); dotted and slash methods together must be more than half of the
document's paths. REST APIs with many action endpoints stay far below
(Stripe 23%, OpenAI 13%, GitHub 3%).

Other verbs name an action (`cancel`, `capture`, `approve`, `merge`,
`associate`, `verify`, ...). A trailing action on a resource with POST, PUT or
PATCH (`POST /payments/{id}/capture`, `POST /payments/{id}/verify_microdeposits`,
`POST /items/bulk-delete`), an AIP-136 custom method (`POST /orders/{id}:cancel`)
or an action RPC method (`POST /chat.postMessage`) is the recognised
controller pattern: it is reported at info level (fine as the method it has,
`PUT /sites/{id}/enable` as PUT), or not at all with `allow-actions: true`
(default false). Actions include social, membership and admin verbs (`pin`,
`star`, `follow`, `join`, `ban`, `ignore`, `subscribe`, `register`, `move`,
`reload`, `invalidate`, `recycle`, `sync`, `migrate`, `regen`, ...). A segment
between an item and the id it acts on is in the trailing position
(`POST /bots/{bot_id}/assign/{user_id}`). A trailing verb the list does not
know counts as an action when the operation's summary uses it as one
("Instantiate a board" for `instantiateBoard`); so does a word that is also a
noun before a plural when the operation names it as its verb
(`/purge_indexes`, operationId `PurgeIndexes`). A verb phrase anywhere else
(`GET /calculateTax`, `/validateShopperId`) is a warning. A lone action word
outside that position (`GET /authorize`, Kubernetes `/exec`), an action word
before a noun it modifies (`/restart_count`, `/cancel_url`, `/install-details`:
details, summary, metadata, stats, info, status...) and AIP-233 batch
methods (`books:batchGet`) are not reported.

One problem, one finding: a state-changing verb at the end of a path that
only has GET or HEAD (`GET /users/{id}/delete`) is left to `get-is-safe`,
which says what is wrong with it (the GET is unsafe); when get-is-safe
exempts the GET because its name says it reads, this rule reports the verb
as contradicting GET. `path-segment-case` leaves the case of a segment this
rule tells you to drop the verb from.

Options: `allow-actions` (default false), `verbs` (extra words treated like
the method verbs, default none), `allow` (words never reported, default none).

## Why is this bad?
The HTTP method already says what happens to the resource the path names; a
verb in the path repeats it, can contradict it (`POST /users/{id}/delete`)
and leads to RPC-style endpoints that do not compose with caching, links and
the uniform interface. Name the resource and let the method act on it; model
a real action as a resource of its own (a `capture`, a `cancellation`).

Source: Zalando RESTful API Guidelines #141 (keep URLs verb-free) and #138
(avoid actions, think about resources); Google AIP-136 (custom methods) and
AIP-233 (batch methods).

## Example
    paths:
      /getUsers:
        get: ...
      /users/{id}/delete:
        post: ...
      /messages.delete:
        post: ...

## Use instead
    paths:
      /users:
        get: ...
      /users/{id}:
        delete: ...
      /messages/{id}:
        delete: ...
      /payments/{id}/capture:   # an action resource: info, or allow-actions: true
        post: ...
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import (
    TEMPLATE_VARIABLE,
    OpenAPI,
    Operation,
    PathSegment,
    path_segments,
    path_without_suffix,
)
from apilint.finding import Finding, Severity
from apilint.registry import WARNING, Option, rule

from .._verbs import (
    ACTION_VERBS,
    HEAD_NOUNS,
    METHOD_FOR_VERB,
    METHOD_VERBS,
    MUTATING_VERBS,
    NOUN_LIKE_ACTIONS,
    is_noun_compound,
    verb_phrase,
)
from .._words import words
from ._verbs import SAFE_METHODS, mutating_path_verb, named_as_noun, unsafe_evidence, used_as_verb
from ._versions import VERSION_LIKE

# Method verbs that are usually adjectives unless they stand alone (`/new-releases`).
_WHOLE_SEGMENT_ONLY = frozenset({"new"})
# Method verbs that, alone after a resource, name the state a write sets (`/messages/read`).
_STATE_WORDS = frozenset({"read"})
# Method verbs that act on one item: their REST form has an `{id}` (`users.get`: GET /users/{id}).
_ITEM_VERBS = frozenset(METHOD_VERBS - {"list", "find", "create", "add", "insert", "new", "make"})
_ACTION_METHODS = frozenset({"post", "put", "patch"})
_RPC_EXAMPLES = 3  # dotted methods named in a document's RPC-style summary


@rule(
    "no-verb-in-path",
    severity=WARNING,
    format="openapi",
    options={"allow-actions": Option(False), "verbs": Option([]), "allow": Option([])},
)
def no_verb_in_path(api: OpenAPI, options: dict) -> Iterator[Finding]:
    allowed = {str(word).lower() for word in options.get("allow") or ()}
    method_verbs = (METHOD_VERBS | {str(word).lower() for word in options.get("verbs") or ()}) - allowed
    action_verbs = (ACTION_VERBS | NOUN_LIKE_ACTIONS) - allowed
    allow_actions = options.get("allow-actions") is True

    operations_by_path: dict[str, list[Operation]] = {}
    for operation in api.operations:
        operations_by_path.setdefault(operation.path, []).append(operation)

    dotted_paths, slash_paths, rpc_findings = 0, 0, []
    for path, operations in operations_by_path.items():
        segments = path_segments(path_without_suffix(path))
        dotted = any(segment.method_parts for segment in segments)
        dotted_paths += dotted
        post_only = all(operation.method == "post" for operation in operations)
        for segment in segments:
            trailing = segment.index == len(segments) - 1 or _links_two_ids(segments, segment.index)
            if trailing and all(_unsafe_by_path(operation) for operation in operations):
                continue  # get-is-safe reports the GET that changes state: one problem, one finding
            for text, kind in _verb_positions(segment):
                finding = _check(
                    text,
                    kind,
                    segments[: segment.index + 1],
                    trailing,
                    kind != "segment" or _has_resource_before(segments, segment.index),
                    operations,
                    method_verbs,
                    action_verbs,
                )
                if finding is None:
                    continue
                severity, message, suggestion = finding
                # `POST /accounts/get`, `POST /item/remove`: a method named by the last slash segment.
                slash_method = kind == "segment" and segment.index == len(segments) - 1 and post_only and not dotted
                slash_paths += slash_method
                if severity is Severity.INFO and allow_actions:
                    continue
                found = (path, severity, message, suggestion)
                if kind == "RPC method" or slash_method:
                    rpc_findings.append(found)
                else:
                    yield _finding(api, *found)

    if _is_rpc_style(dotted_paths + slash_paths, len(operations_by_path)) and len(rpc_findings) >= _RPC_EXAMPLES:
        yield _rpc_summary(api, rpc_findings, dotted_paths, slash_paths, len(operations_by_path))
    else:
        yield from (_finding(api, *found) for found in rpc_findings)


def _is_rpc_style(method_paths: int, all_paths: int) -> bool:
    """More than half of the paths are methods: the design is RPC, not a path here and there
    (Stripe and GitHub, with many action endpoints, stay under a fifth)."""
    return method_paths * 2 > all_paths


def _unsafe_by_path(operation: Operation) -> bool:
    segments = operation.segments
    if operation.method not in SAFE_METHODS or not segments or mutating_path_verb(segments[-1]) is None:
        return False  # no verb in the path (most paths): no need to weigh the operation's other evidence
    return any(source == "path" for source, *_ in unsafe_evidence(operation))


def _finding(api: OpenAPI, path: str, severity: Severity, message: str, suggestion: str) -> Finding:
    # Actions are info; the rule's default (warning) grades the rest. Config overrides both.
    return api.root.child("paths", path).finding(
        f"path {path}: {message}",
        suggestion=suggestion,
        severity=Severity.INFO if severity is Severity.INFO else None,
    )


def _rpc_summary(api: OpenAPI, found: list, dotted: int, slash: int, all_paths: int) -> Finding:
    """One finding for an RPC-style API: its design, not each path, is what to change."""
    names = ", ".join(path for path, *_ in found[:_RPC_EXAMPLES])
    repeats = [(path, fix) for path, severity, _, fix in found if severity is not Severity.INFO]
    if repeats:
        suggestion = f"in a REST design the HTTP method is the verb: for {repeats[0][0]}, {repeats[0][1]}"
    else:
        suggestion = "name the resources and let the HTTP methods act on them; an action is a POST on a resource"
    if not dotted:
        design = f"{slash} of its {all_paths} paths are POST-only methods named by their last segment ({names}, ...)"
    else:
        kinds = (
            f"methods ({dotted} dotted, {slash} POST-only named by their last segment)" if slash else "dotted methods"
        )
        design = f"{dotted + slash} of its {all_paths} paths are {kinds}, {len(found)} of them named by a verb ({names}, ...)"
    return api.root.child("paths").finding(
        f"this API is RPC-style: {design}",
        suggestion=suggestion,
        severity=None if repeats else Severity.INFO,
    )


def _verb_positions(segment: PathSegment) -> list[tuple[str, str]]:
    """(text, kind) of what in a segment may be a verb: the method of a dotted RPC name, or the
    segment and its AIP-136 custom method (`orders:cancel`)."""
    if segment.method_parts:
        return [(segment.method_parts[-1], "RPC method")]
    resource, colon, custom = segment.text.partition(":")
    return [(resource, "segment"), (custom, "custom method")] if colon and custom else [(resource, "segment")]


def _check(
    text: str,
    kind: str,
    upto: tuple[PathSegment, ...],
    trailing: bool,
    on_resource: bool,
    operations: list[Operation],
    method_verbs: frozenset[str] | set[str],
    action_verbs: frozenset[str] | set[str],
) -> tuple[Severity, str, str] | None:
    literal = TEMPLATE_VARIABLE.sub(" ", text)
    found = words(literal)
    if not found or VERSION_LIKE.fullmatch(literal.strip()):
        return None
    verb, qualifiers, rest = verb_phrase(found)
    if verb is None or (qualifiers and kind == "custom method"):
        return None  # a phrasal noun (`add-ons`), or an AIP-233 batch method (`books:batchGet`)
    phrase = found[len(qualifiers) :]
    if (is_noun_compound(verb, rest) and not used_as_verb(phrase, operations)) or named_as_noun(phrase, operations):
        return None  # `change_requests`, `remove-token` ("Create a remove token"): a resource
    methods = [operation.method for operation in operations]
    segment = upto[-1]
    whole = not rest
    rpc = kind == "RPC method"
    shown = f"{kind} {text!r}" if kind == "custom method" else f"segment {segment.text!r}"
    controller = (trailing or kind != "segment") and on_resource and all(m in _ACTION_METHODS for m in methods)
    if kind == "custom method" and all(m in _ACTION_METHODS or m == "get" for m in methods):
        controller = True  # AIP-136 custom methods are POST, or GET when they do not change state
    reads_only = all(m in SAFE_METHODS for m in methods)
    if whole and not rpc and verb in _WHOLE_SEGMENT_ONLY and reads_only:
        return None  # `GET /posts/new`, `GET /notifications/new`: a form page or what is new, no create
    # `POST /notifications/all/read` marks them read: the state it sets, an action rather than a GET
    sets_state = whole and not rpc and verb in _STATE_WORDS and not reads_only
    if verb in method_verbs and not sets_state and (whole or verb not in _WHOLE_SEGMENT_ONLY):
        method = METHOD_FOR_VERB.get(verb, "the HTTP method")
        if rpc:
            message = f"{shown} is an RPC-style method: its verb {verb!r} belongs in the HTTP method"
            return Severity.WARNING, message, _rest_form(upto, verb, method)
        if qualifiers:
            batch = f"{shown} names a {qualifiers[0]} action ({verb!r})"
            if controller:
                return Severity.INFO, f"{batch}: a controller resource", f"fine as {_named(methods)} on the collection"
            return Severity.WARNING, batch, "name the resource it acts on, and POST to it"
        target = f"the resource ({'-'.join(rest)!r})" if rest else "the resource"
        if verb in MUTATING_VERBS and reads_only:
            # GET .../destroy_with_associated_resources that lists them: get-is-safe found it reads.
            return (
                Severity.WARNING,
                f"{shown} starts with the verb {verb!r}, which contradicts {_named(methods)}",
                f"name what the {_named(methods)} reads, without {verb!r}; {method} on a resource says {verb!r}",
            )
        return (
            Severity.WARNING,
            f"{shown} starts with the verb {verb!r}{_said_by(verb, method, methods)}",
            f"drop {verb!r}: {method} on {target} says it",
        )
    if not sets_state and verb not in action_verbs:
        if not (trailing and controller and rest and used_as_verb(phrase, operations)):
            return None  # a verb the list does not know, unless the operation says it is one
    elif verb in NOUN_LIKE_ACTIONS and not whole and not rpc:
        if not (trailing and controller and used_as_verb(phrase, operations)):
            return None  # `purge_snapshots` is an action only when "Purge all snapshots" says so
    if controller:
        action = "(an RPC-style method) names" if rpc else "names"
        return (
            Severity.INFO,
            f"{shown} {action} an action{'' if whole else f' ({verb!r})'}: a controller resource",
            f"fine as {_named(methods)} on a resource; consider modelling the outcome as a resource instead",
        )
    if (whole and not rpc) or (rest and rest[-1] in HEAD_NOUNS):
        return None  # a lone action word elsewhere (`GET /authorize`, `/exec`) is too often a noun
    return (
        Severity.WARNING,
        f"{shown} is {'an RPC-style method' if rpc else 'a verb phrase'} starting with {verb!r}",
        "name the resource the action creates or changes, and let the HTTP method act on it",
    )


def _named(methods: list[str]) -> str:
    """The path's own methods, as a finding names them: "PUT", "POST or PUT"."""
    return " or ".join(dict.fromkeys(method.upper() for method in methods))


def _said_by(verb: str, method: str, methods: list[str]) -> str:
    """What a method verb in the path does to the path's own methods: repeats one, or says what
    another method would (`POST /users/{id}/delete`). Nothing for a verb of the `verbs` option."""
    if verb not in METHOD_VERBS:
        return ""
    if any(m.upper() in method.split(" or ") for m in methods):
        return ", which repeats what the HTTP method says"
    return f", which belongs in the HTTP method ({method}), not the path"


def _rest_form(upto: tuple[PathSegment, ...], verb: str, method: str) -> str:
    """`/api/messages.delete` -> "DELETE on /api/messages/{id} says it"."""
    parts = [s.text for s in upto[:-1]] + list(upto[-1].method_parts[:-1])
    item = "/{id}" if verb in _ITEM_VERBS else ""
    return f"{method} on /{'/'.join(parts)}{item} says it"


def _links_two_ids(segments: tuple[PathSegment, ...], index: int) -> bool:
    """`/bots/{bot_id}/assign/{user_id}`: a segment between an item and the id it acts on is
    in the last position of a path, as the action's object is a parameter."""
    return 0 < index == len(segments) - 2 and segments[index - 1].is_template and segments[-1].is_template


def _has_resource_before(segments: tuple[PathSegment, ...], index: int) -> bool:
    """A trailing action needs something to act on: a collection or an id, not just `/v1`."""
    return any(
        not VERSION_LIKE.fullmatch(TEMPLATE_VARIABLE.sub("", s.text) or "x") or "{" in s.text for s in segments[:index]
    )
