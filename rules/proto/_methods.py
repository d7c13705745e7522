"""What the rules about RPCs share: the words of an RPC's name, the verb it starts with and the
standard method it is (AIP-131..135, AIP-231: `GetBook` -> "get", `BatchGetBooks` -> "batch get"),
which messages are resources, and the messages AIPs let any number of RPCs return (Empty,
long-running operations). Not a rule (no `@rule`)."""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.proto import Message, Method, ProtoDocument

from .._verbs import MUTATING_VERBS, READ_VERBS
from .._words import words

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


# The HTTP method of each standard method (AIP-131..135; AIP-231 batch get).
STANDARD_HTTP = {
    "get": "get",
    "list": "get",
    "create": "post",
    "update": "patch",
    "delete": "delete",
    "batch get": "get",
}
# Reads beyond the method verbs: an RPC named so changes nothing (AIP-136 custom methods that
# only read, such as `SearchBooks`, `LookupEntities`).
_READ_WORDS = READ_VERBS | {"search", "lookup"}
_WRITE_WORDS = MUTATING_VERBS | {"write"}


def rpc_verb(method: Method) -> str:
    """The verb an RPC's name starts with, lower case; a `Batch` prefix stays with it
    (`BatchGetBooks` -> "batch get")."""
    found = words(method.name)
    if len(found) > 1 and found[0] == "batch":
        return f"batch {found[1]}"
    return found[0] if found else ""


def is_read(method: Method) -> bool:
    """The name says the RPC only reads: Get, List, BatchGet, Search, Read, ...; and no later
    word says it writes as well (`ReadModifyWriteRow`), nor does it start a long-running operation."""
    if is_operation(method.output_type) and words(method.name)[-1:] != ["operation"]:
        return False  # `BatchReadFeatureValues` exports what it reads; `GetOperation` only reads
    return _reads(method) and not _writes_too(method)


def is_mutation(method: Method) -> bool:
    """The name says the RPC changes state (Create, Update, Delete, Cancel, ReadModifyWrite...),
    or it starts a long-running operation (`GetOperation`, a read, returns one too)."""
    if is_read(method):
        return False
    verb = rpc_verb(method).removeprefix("batch ")
    return verb in _WRITE_WORDS or (_reads(method) and _writes_too(method)) or is_operation(method.output_type)


def _reads(method: Method) -> bool:
    return rpc_verb(method).removeprefix("batch ") in _READ_WORDS


def _writes_too(method: Method) -> bool:
    return bool(_WRITE_WORDS.intersection(words(method.name)[1:]))
