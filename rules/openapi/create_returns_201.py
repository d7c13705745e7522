"""
## What it does
Flags a POST that creates a resource but answers 200 instead of 201 Created,
a 201 response that documents no `Location` header where the created item has
a URL, and a 200 documented beside 201 without saying when it happens.

## Why is this bad?
201 Created tells clients, caches and tooling that a new resource exists and,
with `Location`, where it lives; 200 says only "here is a result". When the
Location is missing, the target URI (the collection) is taken as the created
resource's identifier, which is wrong for a POST to a collection. Slow,
asynchronous creation answers 202 Accepted instead, which this rule accepts.
A 200 beside 201 that does not say when it happens leaves clients unable to
tell a create from a no-op.

What counts as evidence of a create: the POST's path ends in a literal segment
that is not an action (`/payments/{id}/capture`, `/search`, `:batchGet` are
actions), and
- its summary (else the first sentence of its description, else its
  operationId) starts with "create", "add", "new", "insert", "place",
  "register" or "provision", and what it adds can be addressed: the path has
  `/{id}` items below it, or a GET lists the path and the answer or the listed
  items have an identifier (`id`, `uuid`, `sid`, `note_id`, ...); "Add log
  message" beside a GET that lists log lines as strings appends to a log and
  creates nothing. Without such a GET or item route, the answer must have an
  identifier and the path must end in a plural noun (`POST /tickets/{id}/notes`,
  "Create a note"; not `/fund_cash_balance`); or
- it says "upload" and its items have their own route (`POST /files` beside
  `GET /files/{id}`); or
- its success body is the same schema as the items the GET on the same path
  lists.

Exempt: upserts ("create or update", "upsert"), POSTs answering with an array
(adding members to a set), answers that are computed results without an
identifier ("Create an embedding"), and operations that also document 202.

RPC-style creates are exempt by design, not by accident: a path that ends in a
verb (`POST /transfer/create`, `/templates/add.json`, `/devices/register`) or
in a dotted method name (`channels.create`, `chat.postMessage`) names a
procedure, not a collection. Such an API answers every call 200 and has no item
URL a `Location` could point at; `no-verb-in-path` reports the design itself.

`Location` is asked for only where there is an item route to point at: the
POST's path has `/{id}` items below it (`/rooms/{id}/messages` beside
`/rooms/{id}/messages/{message_id}`), the 201 does not answer with the
parent resource (`POST /issues/{n}/assignees` answering with the issue), and
it does not answer with several new resources. A batch create (an array, or an
object without an identifier of its own around an array of identified items,
`{file_infos: [{id, ...}], client_ids: [...]}`) still answers 201 (RFC 9110:
"one or more new resources"), but no single URL identifies what it created.
Option `require-location` (default `true`); set it to `false` to check status
codes only.

A POST that documents both 201 and 200 is reported at info level when its
200's description does not say when it happens. When it says the resource
already existed or was updated (GitHub's "Reaction exists", Netlify's
"Database already exists"), that is the legitimate get-or-create pattern and
nothing is reported. It stays info because a spec alone cannot prove that an
operation only ever creates (Kubernetes documents 200, 201 and 202 on every
create).

Source: RFC 9110 §15.3.2 (201 Created), §10.2.2 (Location) and §9.3.3 (POST);
seed notes ("201 Created (+ Location)").

## Example
    paths:
      /customers:
        post:
          summary: Create a customer
          responses:
            "200": {description: The new customer}

## Use instead
    paths:
      /customers:
        post:
          summary: Create a customer
          responses:
            "201":
              description: The new customer
              headers:
                Location: {schema: {type: string, format: uri}}
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.openapi import OpenAPI, Operation, PathSegment
from apilint.finding import Finding, Node, Severity
from apilint.registry import WARNING, Option, rule

from .._verbs import says_upsert
from .._words import words
from ._collections import collections, is_array
from ._verbs import stated_words

_CREATE_WORDS = frozenset(
    "create creates add adds new insert inserts register registers provision provisions place places".split()
)
# First words of a last path segment that make it an action (controller) endpoint, not a collection;
# so do the create words (`/transfer/create`, `/templates/add`): an RPC-style create.
_ACTION_WORDS = frozenset(
    """
    accept activate apply approve archive assign attach authorize batch bulk calculate cancel capture change check
    clone close commit compute create confirm convert copy deactivate decline delete detach disable dismiss download
    duplicate enable estimate evaluate execute expire export finalize fork generate import invalidate invite lock
    mark merge move pause pay preview process promote propose publish purge query reactivate recycle redact
    refresh refund reject release remove render reopen replace reply reset resend restart restore resume retry
    revert review revoke rollback rotate run schedule search send set simulate start stop submit suspend sync
    terminate test toggle transfer trigger unarchive unlock unpublish unsubscribe update upgrade validate verify void
    """.split()
)
# "Upload a file" creates a file where files have their own route.
_UPLOAD_WORDS = frozenset({"upload", "uploads"})
# Last words of property names that identify a resource: `id`, `uuid`, `sid`, `noteId`, `note_id`.
_IDENTIFIERS = frozenset({"id", "uuid", "sid", "guid"})
# What "create" names when it computes an answer and stores nothing ("Create presigned URLs",
# "Create a chat completion"): without a list or item route beside it, not a resource.
# (Matched in the words run together, as `words()` splits `URLs` into "ur", "ls".)
_COMPUTED_RESULTS = re.compile(r"url|link|response|completion|embedding|transcription|translation|speech|moderation")
# A 200 that says when it happens instead of a create: get-or-create, upsert, replay.
_NOT_A_CREATE = re.compile(r"exist|already|updat|found|replac|unchanged|modif|idempot|replay|dry.?run", re.IGNORECASE)


@rule("create-returns-201", severity=WARNING, format="openapi", options={"require-location": Option(True)})
def create_returns_201(api: OpenAPI, options: dict) -> Iterator[Finding]:
    listed = _listed_items_by_path(api)
    addressable = _addressable_paths(api)
    collections = {_collection_path(path) for path in listed} | _item_heads(api)
    items = _item_schemas_by_path(api)
    for operation in api.operations:
        if operation.method != "post":
            continue
        path = _collection_path(operation.path)
        ok, created = operation.response(200), operation.response(201)
        if created is not None:
            if (
                options.get("require-location", True)
                and _to_collection(operation)
                and path in addressable
                and "location" not in created.headers
                and not _answers_with_parent(api, operation, created, items)
                and not _answers_with_many(api, created.schema_node)
            ):
                yield created.written_at.finding(
                    f"{operation.label}: the 201 response documents no `Location` header for the created resource",
                    suggestion="add `Location` under the 201 response's `headers`",
                )
            if ok is not None and not _NOT_A_CREATE.search(str(ok.data.get("description", ""))):
                yield ok.written_at.finding(
                    f"{operation.label} documents 200 beside 201 Created without saying when 200 happens; "
                    "if the operation only ever creates, 201 alone tells clients what happened",
                    suggestion="drop 200, or describe it (e.g. 'already exists: the existing resource')",
                    severity=Severity.INFO,
                )
            continue
        if ok is None or any(r.code.upper() in ("202", "2XX") for r in operation.responses):
            continue
        if _creates(api, operation, listed.get(operation.path), path in collections, path in addressable):
            one = path in addressable and not _answers_with_many(api, ok.schema_node)
            where = " with a `Location` header" if one else ""
            yield ok.written_at.finding(
                f"{operation.label} creates a resource but answers 200",
                suggestion=f"answer 201 Created{where} (or 202 Accepted if creation is asynchronous)",
            )


def _answers_with_parent(api: OpenAPI, operation: Operation, created, items: dict[str, Node]) -> bool:
    """`POST /issues/{n}/assignees` answering with the issue changes the issue; it creates nothing."""
    parent = operation.path.rstrip("/").rpartition("/")[0]
    body = api.schema(created.schema_node)
    return body is not None and parent in items and body[0] == items[parent]


def _answers_with_many(api: OpenAPI, schema_at: Node | None) -> bool:
    """A batch create answers with the new resources, which have no single URL for `Location`: an
    array, or an object with no identifier of its own around an array of identified items
    (`{file_infos: [{id, ...}], client_ids: [...]}`)."""
    body = api.schema(schema_at)
    if body is None:
        return False
    if is_array(body[1], api.version):
        return True
    if _has_identifier(api, body[0]):
        return False
    members = (api.schema(node) for node, _ in api.properties(body[0]).values())
    return any(
        member is not None and is_array(member[1], api.version) and _has_identifier(api, member[0].child("items"))
        for member in members
    )


def _item_schemas_by_path(api: OpenAPI) -> dict[str, Node]:
    """For each path with a GET of one object, where that object's schema is defined."""
    found: dict[str, Node] = {}
    for operation in api.operations:
        ok = operation.response(200) if operation.method == "get" else None
        resolved = api.schema(ok.schema_node) if ok is not None else None
        if resolved is not None and not is_array(resolved[1], api.version):
            found[operation.path] = resolved[0]
    return found


def _to_collection(operation: Operation) -> bool:
    """The path ends in a literal segment that is not an action (`/capture`, `:batchGet`, `/create`,
    `channels.create`)."""
    segments = operation.segments
    return bool(segments) and not segments[-1].is_template and not _is_action(segments[-1])


def _creates(api: OpenAPI, operation: Operation, listed_items: Node | None, collection: bool, addressable: bool) -> bool:
    """Whether a POST answering 200 creates something (see the module docs for the evidence).
    `collection`: a GET lists the path or it has `/{id}` items below it; `addressable`: its
    items have a route (see `_addressable_paths`)."""
    if not _to_collection(operation):
        return False
    body = _success_schema(api, operation)
    if body is not None and is_array(body[1], api.version):
        return False  # adds members to a set and answers with the set
    words = _intent_words(operation)
    if words:
        if says_upsert(words):
            return False
        if words[0] in _CREATE_WORDS:
            if collection and (addressable or _identified(api, body, listed_items)):
                return True
            if _creates_unlisted(api, operation, body, words):
                return True
        if words[0] in _UPLOAD_WORDS and addressable:
            return True  # `POST /files` beside `GET /files/{id}`: the upload is the new file
    return listed_items is not None and body is not None and body[0] == listed_items


def _identified(api: OpenAPI, body: tuple | None, listed_items: Node | None) -> bool:
    """What the POST adds can be told apart: the answer or the listed items have an identifier.
    "Add log message" appends a line to a log whose GET lists strings: nothing new to point at."""
    return any(_has_identifier(api, at) for at in (body[0] if body else None, listed_items) if at is not None)


def _creates_unlisted(api: OpenAPI, operation: Operation, body: tuple | None, intent: list[str]) -> bool:
    """A create no GET lists: the path ends in a plural noun (`/tickets/{id}/notes`; not
    `/fund_cash_balance`, `/token/scoped`), and the answer has an identifier and is not a
    computed result."""
    last = words(_collection_path(operation.path).rpartition("/")[2])
    plural = bool(last) and last[-1].endswith("s") and not last[-1].endswith(("ss", "us"))
    return (
        plural
        and body is not None
        and _has_identifier(api, body[0])
        and not _COMPUTED_RESULTS.search("".join(intent))
    )


def _has_identifier(api: OpenAPI, schema_at: Node) -> bool:
    """The answer names a new resource (`id`, `uuid`, `note_id`, `noteId`), itself or wrapped
    in one property (`{note: {id: ...}}`): computed results ("Create an embedding") have none."""
    properties = api.properties(schema_at)
    if len(properties) == 1:
        properties = properties | api.properties(next(iter(properties.values()))[0])
    return any(words(name)[-1:] and words(name)[-1] in _IDENTIFIERS for name in properties)


def _is_action(segment: PathSegment) -> bool:
    if ":" in segment.text or "#" in segment.text or segment.method_parts:
        # AIP-136 custom methods (`:batchGet`), fragment-named operations, RPC methods (`channels.create`)
        return True
    parts = words(segment.text)
    if not parts or parts[0] not in _ACTION_WORDS | _CREATE_WORDS:
        return False
    # `PayRunCalendars`, `test_clocks`: a verb-like first word in a plural noun phrase names a collection
    last = parts[-1]
    return len(parts) == 1 or not (last.endswith("s") and not last.endswith(("ss", "us")))


def _intent_words(operation: Operation) -> list[str]:
    """The words of what the operation says it does: its summary, else its description's first
    sentence, else its operationId without a namespace (`pulls/create-review`) or `post` prefix."""
    stated = stated_words(operation)
    if stated:
        return stated
    operation_id = operation.operation_id or ""
    parts = words(re.split(r"[/.]", operation_id)[-1])
    if parts[:1] == ["post"]:
        parts = parts[1:]
    # `apps_create_deployment`: the verb may follow a resource prefix
    verb = next((w for w in parts[:2] if w in _CREATE_WORDS | _UPLOAD_WORDS), None)
    return [verb] if verb else []


def _success_schema(api: OpenAPI, operation: Operation) -> tuple | None:
    for response in operation.responses:
        if response.code.startswith("2"):
            return api.schema(response.schema_node)
    return None


def _collection_path(path: str) -> str:
    """The path without a format suffix: Twilio's `/Calls.json` and `/Calls/{Sid}.json`."""
    return re.sub(r"\.(json|xml|yaml|csv)$", "", path.rstrip("/"))


def _addressable_paths(api: OpenAPI) -> set[str]:
    """Paths whose items have their own route, where a `Location` can point: `/{id}` below them,
    or below another path ending in the same name (`POST /me/playlists` beside
    `GET /playlists/{playlist_id}`). A singleton (`/branches/{b}/protection/required_signatures`)
    has none."""
    heads = _item_heads(api)
    names = {head.rpartition("/")[2] for head in heads}
    return heads | {
        path
        for path in map(_collection_path, (operation.path for operation in api.operations))
        if path.rpartition("/")[2] in names
    }


def _item_heads(api: OpenAPI) -> set[str]:
    """Paths with `/{id}` items right below them."""
    found = set()
    for operation in api.operations:
        head, _, last = _collection_path(operation.path).rpartition("/")
        if re.fullmatch(r"\{[^{}/]+\}", last):
            found.add(head)
    return found


def _listed_items_by_path(api: OpenAPI) -> dict[str, Node]:
    """For each path with a GET that lists things, where the listed items' schema is defined."""
    found: dict[str, Node] = {}
    for listed in collections(api):
        items = api.schema(listed.array_node.child("items"))
        if items is not None:
            found[listed.operation.path] = items[0]
    return found
