"""
## What it does
Flags a POST that creates a resource but answers 200 instead of 201 Created,
and a POST's 201 response that documents no `Location` header.

## Why is this bad?
201 Created tells clients, caches and tooling that a new resource exists and,
with `Location`, where it lives; 200 says only "here is a result". When the
Location is missing, the target URI (the collection) is taken as the created
resource's identifier, which is wrong for a POST to a collection. Slow,
asynchronous creation answers 202 Accepted instead, which this rule accepts.

A POST is taken to create a resource when its path ends in a literal segment
that is not an action (`/payments/{id}/capture`, `/search`, `:batchGet` are
actions) and names a collection (a GET on the same path lists things, or it
has `/{id}` items below it; singletons are left alone), and either its summary (else the first sentence of its description,
else its operationId) starts with "create", "add", "new", "insert", "place" or
"register", or its success body is the same schema as the items the GET on the
same path lists. Upserts ("create or update") and POSTs answering with an array
(adding members to a set) are left alone.

Options: `require-location` (default `true`) also reports a 201 response
without a `Location` header on a POST to a collection (a path a GET lists, or
with `/{id}` items below it) that does not answer with its parent resource;
set it to `false` to check status codes only.

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

from apilint.documents.openapi import OpenAPI, Operation
from apilint.finding import Finding, Node
from apilint.registry import WARNING, Option, rule

from ._collections import collections, is_array
from ._words import words

_CREATE_WORDS = frozenset(
    "create creates add adds new insert inserts register registers provision provisions place places".split()
)
# First words of a last path segment that make it an action (controller) endpoint, not a collection.
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
_TAG = re.compile(r"<[^>]+>")


@rule("create-returns-201", severity=WARNING, format="openapi", options={"require-location": Option(True)})
def create_returns_201(api: OpenAPI, options: dict) -> Iterator[Finding]:
    listed = _listed_items_by_path(api)
    collections = _collection_paths(api, listed)
    items = _item_schemas_by_path(api)
    for operation in api.operations:
        if operation.method != "post":
            continue
        created = operation.response(201)
        if created is not None:
            if (
                options.get("require-location", True)
                and _to_collection(operation)
                and _collection_path(operation.path) in collections
                and "location" not in created.headers
                and not _answers_with_parent(api, operation, created, items)
            ):
                yield created.written_at.finding(
                    f"{operation.label}: the 201 response documents no `Location` header for the created resource",
                    suggestion="add `Location` under the 201 response's `headers`",
                )
            continue
        ok = operation.response(200)
        if ok is None or any(r.code.upper() in ("202", "2XX") for r in operation.responses):
            continue
        if _collection_path(operation.path) in collections and _creates(api, operation, listed.get(operation.path)):
            yield ok.written_at.finding(
                f"{operation.label} creates a resource but answers 200",
                suggestion="answer 201 Created with a `Location` header (or 202 Accepted if creation is asynchronous)",
            )


def _answers_with_parent(api: OpenAPI, operation: Operation, created, items: dict[str, Node]) -> bool:
    """`POST /issues/{n}/assignees` answering with the issue changes the issue; it creates nothing."""
    parent = operation.path.rstrip("/").rpartition("/")[0]
    body = api.schema(created.schema_node)
    return body is not None and parent in items and body[0] == items[parent]


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
    """The path ends in a literal segment that is not an action (`/capture`, `:batchGet`)."""
    segments = operation.segments
    return bool(segments) and not segments[-1].is_template and not _is_action(segments[-1].text)


def _creates(api: OpenAPI, operation: Operation, listed_items: Node | None) -> bool:
    if not _to_collection(operation):
        return False
    body = _success_schema(api, operation)
    if body is not None and is_array(body[1], api.version):
        return False  # adds members to a set and answers with the set
    words = _intent_words(operation)
    if words:
        sentence = " ".join(words)
        if " or update" in sentence or " or replace" in sentence or "upsert" in words:
            return False
        if words[0] in _CREATE_WORDS:
            return True
    return listed_items is not None and body is not None and body[0] == listed_items


def _is_action(segment: str) -> bool:
    if ":" in segment or "#" in segment:
        return True  # AIP-136 custom methods (`:batchGet`) and fragment-named operations
    parts = words(segment)
    if not parts or parts[0] not in _ACTION_WORDS:
        return False
    # `PayRunCalendars`, `test_clocks`: a verb-like first word in a plural noun phrase names a collection
    last = parts[-1]
    return len(parts) == 1 or not (last.endswith("s") and not last.endswith(("ss", "us")))


def _intent_words(operation: Operation) -> list[str]:
    """The words of what the operation says it does: its summary, else its description's first
    sentence, else its operationId without a namespace (`pulls/create-review`) or `post` prefix."""
    for key in ("summary", "description"):
        text = operation.data.get(key)
        if isinstance(text, str) and text.strip():
            first = _TAG.sub(" ", text).strip().split(". ")[0].split("\n")[0]
            return words(first)
    operation_id = operation.operation_id or ""
    parts = words(re.split(r"[/.]", operation_id)[-1])
    if parts[:1] == ["post"]:
        parts = parts[1:]
    # `apps_create_deployment`: the verb may follow a resource prefix
    verb = next((w for w in parts[:2] if w in _CREATE_WORDS), None)
    return [verb] if verb else []


def _success_schema(api: OpenAPI, operation: Operation) -> tuple | None:
    for response in operation.responses:
        if response.code.startswith("2"):
            return api.schema(response.schema_node)
    return None


def _collection_path(path: str) -> str:
    """The path without a format suffix: Twilio's `/Calls.json` and `/Calls/{Sid}.json`."""
    return re.sub(r"\.(json|xml|yaml|csv)$", "", path.rstrip("/"))


def _collection_paths(api: OpenAPI, listed: dict[str, Node]) -> set[str]:
    """Paths that name a collection: a GET lists them, or they have `/{id}` items below them.
    A singleton (`/branches/{b}/protection/required_signatures`) is neither."""
    found = {_collection_path(path) for path in listed}
    for operation in api.operations:
        path = _collection_path(operation.path)
        head, _, last = path.rpartition("/")
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
