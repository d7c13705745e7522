"""
## What it does
Reports RPCs that make something new on every call, and so are not safe to retry, but take
no request id a server could recognise a retry by (AIP-155):

- Create RPCs (`CreateBook`) where the server names what is created: the request has no
  client-chosen id (`book_id`, AIP-133) nor `name`, and the resource it carries has no
  `name` the client may set (one with no field behavior, as in Cloud Tasks' `Queue`);
- custom methods whose verb adds, sends or copies (`AddSecretVersion`, `Publish`,
  `SubmitJob`, `SendMessage`, `CopyModel`, `AppendEvent`, Compute's `Insert`); an `Add`
  only where its request carries something new (a message or bytes), not references to
  existing things that join a set (`AddContextChildren(child_contexts)`).

A request field named `request_id`, `client_request_id`, `client_token`, or with
`idempotency` or `dedup` in its name (`idempotency_key`, `deduplication_id`) counts as a
request id. An RPC that declares `option idempotency_level = IDEMPOTENT;` (or
`NO_SIDE_EFFECTS`) says it is safe to retry as it is, and is left alone, as are
client-streaming RPCs (a stream is resumed by its own protocol, not retried whole) and every
other verb: updates, deletes and state changes (`Cancel`, `Pause`, `Deploy`) reach the same
state when repeated.

It is `info`: AIP-155 says APIs "may" add a request id, and most of googleapis does not (of
its Create RPCs, only Compute's take one), so a missing id is a choice to review, not a
defect by the guideline. Raise it to `warning` in the configuration for an API whose clients
retry writes.

## Why is this bad?
A client whose call times out cannot tell whether the server acted: retrying may create a
second book, publish a message twice, or add a duplicate version; not retrying may lose the
write. With a request id the server recognises the retry and returns the first result. It is
the gRPC face of the `Idempotency-Key` header (`post-idempotency-key`).

Source: AIP-155 (request identification: "APIs may add a string request_id parameter ... the
most important purpose ... is to provide idempotency guarantees"), AIP-133 (user-specified
ids); seed notes (resilience: retry only idempotent operations, or with an idempotency key).

## Example
    message CreateOrderRequest {
      string parent = 1;
      Order order = 2;
    }

## Use instead
    message CreateOrderRequest {
      string parent = 1;
      Order order = 2;
      // A UUID; a retry with the same id returns the first result.
      string request_id = 3 [(google.api.field_info).format = UUID4];
    }
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.proto import Message, ProtoDocument
from apilint.finding import Finding
from apilint.registry import INFO, rule

from ._methods import name_words, snake_case

# Verbs whose every call makes something new (a version, a message, a copy, a job).
_MAKING_VERBS = {
    "Add",
    "Append",
    "Submit",
    "Send",
    "Publish",
    "Post",
    "Copy",
    "Clone",
    "Duplicate",
    "Enqueue",
    "Insert",
}
_REQUEST_IDS = {"request_id", "client_request_id", "client_token"}
_SAFE_TO_RETRY = {"IDEMPOTENT", "NO_SIDE_EFFECTS"}


@rule("proto-create-request-id", severity=INFO, format="proto")
def proto_create_request_id(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    for method in document.methods():
        words = name_words(method.name)
        creates = words[0] == "Create" and len(words) > 1
        if not (creates or words[0] in _MAKING_VERBS) or method.proto.client_streaming:
            continue
        request = document.message(method.input_type)
        if request is None or method.idempotency_level in _SAFE_TO_RETRY or _has_request_id(request):
            continue
        if creates and _client_named(document, request, "".join(words[1:])):
            continue  # a retry finds the name taken (ALREADY_EXISTS): nothing is made twice
        if words[0] == "Add" and not _carries_content(request):
            continue  # `AddContextChildren(child_contexts)`: existing things join a set, once
        yield method.node.finding(
            f"{method.name} makes something new on every call and takes no request_id: a client that retries "
            "after a timeout may make it twice, one that does not may lose it",
            suggestion="string request_id = N [(google.api.field_info).format = UUID4];",
        )


def _has_request_id(request: Message) -> bool:
    return any(
        field.name in _REQUEST_IDS or "idempotency" in field.name or "dedup" in field.name for field in request.fields
    )


def _client_named(document: ProtoDocument, request: Message, noun: str) -> bool:
    """The client chooses the new resource's id (`book_id`, AIP-133) or name: pubsub's
    `CreateTopic(Topic)`, whose request has the topic's `name`, or Cloud Tasks' `CreateQueue`,
    whose queue's `name` has no field behavior (no `OUTPUT_ONLY`, no `IDENTIFIER`) to say the
    server assigns it."""
    if {"name", f"{snake_case(noun)}_id", "id"} & {field.name for field in request.fields}:
        return True
    bodies = (document.message(field.type_name) for field in request.fields if field.type_name and not field.repeated)
    return any(body is not None and (name := body.field("name")) and not name.behaviors for body in bodies)


def _carries_content(request: Message) -> bool:
    """A singular message or bytes field: something new to store (`AddSecretVersion`'s
    payload, `AddTrialMeasurement`'s measurement), not references to existing things."""
    return any(
        (field.type_name or field.proto.type == field.proto.TYPE_BYTES) and not field.repeated
        for field in request.fields
    )
