"""What the rules about RPCs share: the words of an RPC's name, which messages are resources,
and the messages AIPs let any number of RPCs return (Empty, long-running operations)."""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.proto import Message, Method, ProtoDocument

EMPTY = "google.protobuf.Empty"
HTTP_BODY = "google.api.HttpBody"  # a raw payload (AIP-127), not a message of the API's own

_NAME_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")
# `ExecuteStreamingSql`, `StreamGenerateContent`, `ServerStreamingPredict`: the streaming twin
# of a unary RPC, which takes the same request (Spanner, Vertex AI).
_STREAMING_WORDS = re.compile(r"ServerStreaming|Streaming|Stream")


def name_words(name: str) -> list[str]:
    """`FetchBook` -> [Fetch, Book]; `GetIamPolicy` -> [Get, Iam, Policy]."""
    return _NAME_WORD.findall(name)


def snake_case(name: str) -> str:
    """`IamPolicy` -> `iam_policy`."""
    return "_".join(word.lower() for word in name_words(name))


def short_name(full_name: str) -> str:
    return full_name.rsplit(".", 1)[-1]


def unary_name(method_name: str) -> str:
    """The RPC a streaming twin streams: `ExecuteStreamingSql` -> `ExecuteSql`."""
    return _STREAMING_WORDS.sub("", method_name) or method_name


def is_operation(full_name: str) -> bool:
    """A long-running operation (AIP-151): `google.longrunning.Operation`, or an API's own
    `Operation` (Compute's, AIP-151's extended operations)."""
    return short_name(full_name) == "Operation"


def all_methods(document: ProtoDocument) -> Iterator[Method]:
    """Every RPC compiled, imported files' too: what shares a message with what."""
    for file in document.all_files:
        for service in file.services:
            yield from service.methods


def resources(document: ProtoDocument) -> set[str]:
    """The full names of the resources: messages with a `(google.api.resource)` option, and,
    where an API has no such annotations, every message a `Get...` RPC returns (AIP-131: Get
    returns the resource itself)."""
    found = {name for name, message in document.messages.items() if message.resource is not None}
    found |= {method.output_type for method in all_methods(document) if name_words(method.name)[:1] == ["Get"]}
    return found


def fields_of_type(message: Message | None, type_name: str) -> list:
    return [field for field in message.fields if field.type_name == type_name] if message else []
