"""
## What it does
Flags RPCs that do what a standard method does, on a resource of the API, under another verb:

- `FetchBook`, `RetrieveBook`, `ReadBook`, `LoadBook`, `DescribeBook` returning the `Book` it
  names, from a request with its `name` (or a `book` field) -> `GetBook`;
- `GetBooks`, `FetchBooks`, `RetrieveBooks`, `ReadBooks`, `AllBooks` whose response holds a
  repeated `Book` -> `ListBooks`;
- `AddBook`, `InsertBook`, `NewBook`, `MakeBook`, `PostBook` taking a `Book` and returning it
  (or an operation) -> `CreateBook`;
- `ModifyBook`, `EditBook`, `PatchBook`, `ChangeBook`, `SetBook`, `ReplaceBook`, `AlterBook`
  taking a `Book` and returning it (or an operation) -> `UpdateBook`;
- `RemoveBook`, `DestroyBook`, `EraseBook`, `DropBook` returning `google.protobuf.Empty` (or an
  operation), from a request with the book's `name` (or a `book` field) -> `DeleteBook`. Not
  Compute's `TargetPools.RemoveHealthCheck`, which takes the pool: it removes a member.

It also flags a `Get...` or `List...` RPC whose request carries something to write: an
`update_mask`, or a field holding a resource of the API.

A resource is a message with a `(google.api.resource)` option or, without annotations, one a
`Get...` RPC returns. Custom methods (AIP-136) are never reported: only synonyms of the five
standard verbs, where the RPC has the standard method's shape. So `SetIamPolicy` (no
`IamPolicy` resource), `AddSecretVersion` (its request carries a payload, not a
`SecretVersion`), `DestroySecretVersion` (returns the version: a state change),
`LookupStudy`, `SearchBooks`, `QueryBooks`, `PurgeBooks` (AIP-165), `BatchGetBooks` and RPCs
named by a bare verb (Compute's `Addresses.Insert`) are left alone. Naming case belongs to
`proto-naming`.

## Why is this bad?
The five standard methods mean the same everywhere: clients, gateways, generated libraries
and people know what `GetBook` does, that it is safe to retry, how `ListBooks` pages, what
`DeleteBook` returns. A synonym hides all that: `FetchBook` might write, `RemoveBook` might
archive. And a read that carries an update mask or a resource to write is not safe to call
twice, which every client of a `Get` assumes it is.

Source: AIP-130 (methods), AIP-131 Get, AIP-132 List, AIP-133 Create, AIP-134 Update, AIP-135
Delete, AIP-136 (custom methods "should not" be used for what a standard method does);
api-linter's `core::0136::verb-noun` family.

## Example
    service LibraryService {
      rpc FetchBook(FetchBookRequest) returns (Book);
      rpc RemoveBook(RemoveBookRequest) returns (google.protobuf.Empty);
    }

## Use instead
    service LibraryService {
      rpc GetBook(GetBookRequest) returns (Book);
      rpc DeleteBook(DeleteBookRequest) returns (google.protobuf.Empty);
    }
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.proto import Method, ProtoDocument
from apilint.finding import Finding
from apilint.registry import WARNING, rule

from ._methods import (
    EMPTY,
    fields_of_type,
    is_operation,
    name_words,
    resources,
    short_name,
    snake_case,
)

_READ_ONE = {"Fetch", "Retrieve", "Read", "Load", "Describe"}
_SYNONYMS = {
    "Get": _READ_ONE,
    "List": _READ_ONE | {"Get", "All"},
    "Create": {"Add", "Insert", "New", "Make", "Post"},
    "Update": {"Modify", "Edit", "Patch", "Change", "Set", "Replace", "Alter"},
    "Delete": {"Remove", "Destroy", "Erase", "Drop"},
}
_AIPS = {"Get": 131, "List": 132, "Create": 133, "Update": 134, "Delete": 135}


@rule("proto-rpc-standard-names", severity=WARNING, format="proto")
def proto_rpc_standard_names(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    resource_names = resources(document)
    by_short_name: dict[str, str] = {}
    for full_name in sorted(resource_names):
        by_short_name.setdefault(short_name(full_name), full_name)
    for method in document.methods():
        words = name_words(method.name)
        if len(words) < 2:
            continue  # a bare verb (`Addresses.Insert`): no resource named to judge by
        verb, noun = words[0], "".join(words[1:])
        standard = _standard_verb(method, verb, noun, by_short_name, document)
        if standard is not None:
            yield method.node.finding(
                f"RPC {method.name} does what {standard}{noun} does under another verb: clients, gateways and "
                f"generated libraries know what the standard method {standard} means (AIP-{_AIPS[standard]}), "
                f"not what {verb} means",
                suggestion=f"rpc {standard}{noun}",
            )
        if verb in ("Get", "List"):
            yield from _writes(method, verb, resource_names, document)


def _standard_verb(
    method: Method, verb: str, noun: str, by_short_name: dict[str, str], document: ProtoDocument
) -> str | None:
    """The standard verb whose shape the RPC has, when `verb` is a synonym of it."""
    request, response = document.message(method.input_type), document.message(method.output_type)
    singular = by_short_name.get(noun)
    names_one = request is not None and bool({"name", snake_case(noun)} & {field.name for field in request.fields})
    if verb in _SYNONYMS["Get"] and singular == method.output_type and names_one:
        return "Get"
    plural = by_short_name.get(noun[:-1]) if noun.endswith("s") else None
    if verb in _SYNONYMS["List"] and plural and any(field.repeated for field in fields_of_type(response, plural)):
        return "List"
    if singular is None or method.streaming:
        return None
    returns_it = method.output_type == singular or is_operation(method.output_type)
    if verb in _SYNONYMS["Create"] and returns_it and fields_of_type(request, singular):
        return "Create"
    if verb in _SYNONYMS["Update"] and returns_it and fields_of_type(request, singular):
        return "Update"
    if verb in _SYNONYMS["Delete"] and names_one and (method.output_type == EMPTY or is_operation(method.output_type)):
        return "Delete"
    return None


def _writes(method: Method, verb: str, resource_names: set[str], document: ProtoDocument) -> Iterator[Finding]:
    """A read's request fields that say what to write: an update mask, a resource to store."""
    request = document.message(method.input_type)
    if request is None:
        return
    for field in request.fields:
        if field.name == "update_mask" or (field.type_name in resource_names and not field.repeated):
            where = field.node if request.file.checked else method.node
            yield where.finding(
                f"{verb} RPC {method.name} takes {field.name} ({short_name(field.type_name) or field.name}) in "
                f"its request: a {verb} only reads, and a client retries it freely, so nothing in it may be written",
                suggestion=f"move {field.name} to an Update{method.name[len(verb) :]} or a custom method",
            )
