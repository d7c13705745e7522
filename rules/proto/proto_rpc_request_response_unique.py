"""
## What it does
Checks that every RPC takes a request message of its own and returns a response of its own:

- a request of `google.protobuf.Empty`;
- a request message that RPCs of different names take (`GetBookRequest` taken by `GetBook`
  and `FetchBook`); the RPC it is named for keeps it (when none is, the first RPC that takes
  it), and each of the others is reported;
- a request not named for its RPC (`<Rpc>Request`), such as a resource taken as the request
  itself (`rpc CreateTopic(Topic)`);
- a response message made for one RPC (named `...Response`) and returned by another too,
  kept the same way (Spanner's `PartitionResponse` of `PartitionQuery` and `PartitionRead`
  is one finding, at `PartitionRead`). At **info**: where two RPCs return the same result
  (Spanner's two ways to partition a query), their authors share it on purpose, and a reviewer
  of googleapis called that debatable rather than a defect; the other findings are warnings.

Not reported, because AIPs ask for them or allow them:

- the same RPC in several services (the IAM mixin's `GetIamPolicy`, one method per resource
  in Compute): one method, served in several places;
- a streaming twin of a unary RPC taking its request (`ExecuteStreamingSql` takes
  `ExecuteSqlRequest`, `StreamGenerateContent` `GenerateContentRequest`);
- bidirectional streams: their messages are the frames of a session protocol, often one
  envelope (a `oneof` of message kinds) shared by every RPC that opens such a session;
- responses that are resources (Get, Create and Update return the resource itself, AIP-131,
  133, 134): a message with a `(google.api.resource)` option, or, without annotations, one
  a `Get...` RPC returns; long-running operations (`google.longrunning.Operation`, AIP-151,
  or an API's own `Operation`); `google.protobuf.Empty` (Delete, AIP-135); `google.api.HttpBody`;
- a response that is not named `...Response` and returned by several RPCs, such as Spanner's
  `ResultSet` (from `ExecuteSql` and `Read`): a representation of results meant to be shared,
  like a resource, which the rule cannot tell from a resource without annotations;
- requests named for the RPC and then the resource its service implies, as in Compute
  (`InsertAddressRequest` for `Addresses.Insert`, `SetLabelsDiskRequest` for `Disks.SetLabels`).

## Why is this bad?
A request or response message is the one place a method can grow: a new filter, a
`validate_only` flag, a new result field. Where two RPCs share one message, a field added
for one appears in the other, where it means nothing or the wrong thing, and neither can
change alone; where an RPC takes `Empty` or a resource, nothing can be added at all without
changing the wire type, a breaking change. AIP-131..136 give each RPC its own `XxxRequest`
and, unless it returns a resource or an operation, its own `XxxResponse`.

Source: AIP-131, 132, 133, 134, 135 (standard methods' request messages), AIP-136 (custom
methods: "request message ... named after the RPC"), AIP-151 (long-running operations); buf's
`RPC_REQUEST_RESPONSE_UNIQUE` and `RPC_REQUEST_STANDARD_NAME` (which report every shared
resource and operation: 1,107 and 1,002 findings on googleapis); api-linter's
`core::0136::request-message-name`.

## Example
    service LibraryService {
      rpc GetShelf(google.protobuf.Empty) returns (Shelf);
      rpc GetBook(GetBookRequest) returns (Book);
      rpc FetchBook(GetBookRequest) returns (Book);
      rpc CreateBook(Book) returns (Book);
    }

## Use instead
    service LibraryService {
      rpc GetShelf(GetShelfRequest) returns (Shelf);
      rpc GetBook(GetBookRequest) returns (Book);
      rpc CreateBook(CreateBookRequest) returns (Book);
    }
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterator

from apilint.documents.proto import METHOD_INPUT, METHOD_OUTPUT, Method, ProtoDocument
from apilint.finding import Finding
from apilint.registry import INFO, WARNING, rule

from ._methods import (
    EMPTY,
    HTTP_BODY,
    all_methods,
    is_operation,
    resources,
    short_name,
    snake_case,
    unary_name,
)


@rule("proto-rpc-request-response-unique", severity=WARNING, format="proto")
def proto_rpc_request_response_unique(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    takers = _users(document, lambda method: method.input_type)
    returners = _users(document, lambda method: method.output_type)
    resource_names = resources(document)
    for method in document.methods():
        request, response = short_name(method.input_type), short_name(method.output_type)
        if method.input_type == EMPTY:
            yield method.part(METHOD_INPUT).finding(
                f"RPC {method.name} takes google.protobuf.Empty: no field can ever be added to its request",
                suggestion=f"rpc {method.name}({method.name}Request)",
            )
        elif _bidirectional(method):
            continue  # a session protocol's frames, see the docs
        elif others := _others(method, request, takers.get(method.input_type, []), "Request"):
            yield method.part(METHOD_INPUT).finding(
                f"RPC {method.name} takes {request}, shared with {_listed(others)}: a field added for one "
                "RPC appears in the other's request, so neither can evolve alone",
                suggestion=f"message {method.name}Request",
            )
        elif method.input_type in resource_names:
            yield method.part(METHOD_INPUT).finding(
                f"RPC {method.name} takes the resource {request} itself as its request: nothing outside the "
                "resource (a parent, an id, validate_only) can ever be added to the call",
                suggestion=f"message {method.name}Request {{ {request} {snake_case(request)} = 1; }}",
            )
        elif not _named_for(request, method.name, "Request"):
            yield method.part(METHOD_INPUT).finding(
                f"RPC {method.name} takes {request}, a message not named for it: name it {method.name}Request "
                "so that it is plainly this RPC's own to change",
                suggestion=f"message {method.name}Request",
            )
        if (
            _bidirectional(method)
            or _shareable(method.output_type, resource_names)
            or not response.endswith("Response")
        ):
            continue
        if others := _others(method, response, returners.get(method.output_type, []), "Response"):
            yield method.part(METHOD_OUTPUT).finding(
                f"RPC {method.name} returns {response}, shared with {_listed(others)}: a field added for one "
                "RPC appears in the other's response, so neither can evolve alone",
                suggestion=f"message {method.name}Response",
                severity=INFO,  # often shared on purpose: see the docs
            )


def _users(document: ProtoDocument, message_of: Callable[[Method], str]) -> dict[str, list[str]]:
    """Message -> the RPC names that use it, in the order written, a streaming twin under its
    unary RPC's name."""
    users: dict[str, dict[str, None]] = defaultdict(dict)
    for method in all_methods(document):
        if not _bidirectional(method):
            users[message_of(method)][unary_name(method.name)] = None
    return {message: list(names) for message, names in users.items()}


def _others(method: Method, message: str, users: list[str], suffix: str) -> list[str]:
    """The other RPCs sharing `message`, when `method` is not the one that keeps it: the RPC it
    is named for, or else the first that uses it (one finding per RPC that should get its own
    message, not one for every RPC sharing it)."""
    name = unary_name(method.name)
    if len(users) < 2 or _named_for(message, method.name, suffix):
        return []
    if not any(_named_for(message, user, suffix) for user in users) and users[0] == name:
        return []
    return sorted(set(users) - {name})


def _named_for(message: str, method_name: str, suffix: str) -> bool:
    """`GetBookRequest` for `GetBook`; `ExecuteSqlRequest` for its twin `ExecuteStreamingSql`;
    Compute's `InsertAddressRequest` for `Addresses.Insert` (its service implies the resource)."""
    if not message.endswith(suffix):
        return False
    stem = message[: -len(suffix)]
    return unary_name(stem) == unary_name(method_name) or stem.startswith(method_name)


def _shareable(full_name: str, resource_names: set[str]) -> bool:
    """Responses any number of RPCs may return (AIP-131..135, 151)."""
    return full_name in (EMPTY, HTTP_BODY) or is_operation(full_name) or full_name in resource_names


def _bidirectional(method: Method) -> bool:
    return method.proto.client_streaming and method.proto.server_streaming


def _listed(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
