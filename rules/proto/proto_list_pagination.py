"""
## What it does
Checks that `List...` RPCs page with tokens (AIP-158): the request takes `int32 page_size` and
`string page_token`, the response returns `string next_page_token`.

- A standard List (`ListBooks`, whose response repeats the `Book` it names) without any of
  the three is reported, once, at the RPC.
- A List that has some of the three but not all is reported whatever its name: a
  `page_token` with no `next_page_token` to fill it from can never fetch a second page.
- A `page_token` or `next_page_token` that is not a string, or a `page_size` that is not an
  integer, is reported at the field.
- Offset or page-number pagination in a List request is reported at the field: an integer
  `offset`, `page`, `page_number`, `page_index` or `start_index`, or a `skip` where no
  `page_token` is offered (AIP-158 allows `int32 skip` beside page tokens, to skip results).

Left alone: server-streaming Lists (the stream delivers results as they come), and custom
Lists with no pagination at all whose name is not the plural of what they return
(`ListOptimalTrials` returning `Trial`s, Compute's `ListAssociations`): a view of a small,
bounded set, chosen on purpose. `max_results`, the name older APIs (Compute) use for the page
size, counts as one.

## Why is this bad?
A list without pagination returns everything at once: it grows with the data until calls
time out or responses exceed their size limit, and adding pagination later is a breaking
change, as clients that read one response would silently miss the rest. Offsets and page
numbers skip or repeat items when the list changes between calls, and cost the server a scan
of everything skipped; an opaque token lets it resume where it left off.

Source: AIP-158 (pagination: "must provide pagination at the outset"), AIP-132 (List); seed
notes (REST done right: cursor pagination for large, changing lists); api-linter's
`core::0158::request-page-size-field`, `request-page-token-field`,
`response-next-page-token-field`.

## Example
    message ListBooksRequest {
      string parent = 1;
      int32 offset = 2;
      int32 limit = 3;
    }
    message ListBooksResponse {
      repeated Book books = 1;
    }

## Use instead
    message ListBooksRequest {
      string parent = 1;
      int32 page_size = 2;
      string page_token = 3;
    }
    message ListBooksResponse {
      repeated Book books = 1;
      string next_page_token = 2;
    }
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.proto import Field, Message, Method, ProtoDocument
from apilint.finding import Finding
from apilint.registry import WARNING, rule

from ._methods import name_words, short_name

_PAGE_SIZES = ("page_size", "max_results")  # max_results: older APIs' name (Compute)
_OFFSETS = {"offset", "page", "page_number", "page_index", "start_index"}
_INTEGERS = {"int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64"}


@rule("proto-list-pagination", severity=WARNING, format="proto")
def proto_list_pagination(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    for method in document.methods():
        if name_words(method.name)[:1] != ["List"] or method.proto.server_streaming:
            continue
        request, response = document.message(method.input_type), document.message(method.output_type)
        if request is None or response is None:
            continue
        size = next((field for name in _PAGE_SIZES if (field := request.field(name))), None)
        token, next_token = request.field("page_token"), response.field("next_page_token")
        missing = [
            name
            for name, field in (("page_size", size), ("page_token", token), ("next_page_token", next_token))
            if field is None
        ]
        if token is not None and next_token is None:
            yield method.node.finding(
                f"List RPC {method.name} takes a page_token, but its response has no next_page_token: "
                "a client can never learn the token of a second page",
                suggestion=f"string next_page_token in {short_name(method.output_type)}",
            )
        elif missing and (len(missing) < 3 or _standard_list(method, response)):
            yield method.node.finding(
                f"List RPC {method.name} has no {_listed(missing)}: without page tokens a list comes back "
                "whole however large it grows, and adding them later breaks clients",
                suggestion="int32 page_size and string page_token in the request; string next_page_token in the response",
            )
        for field, wanted in ((size, "int32"), (token, "string"), (next_token, "string")):
            if field is not None and field.file.checked and not _is(field, wanted):
                yield field.node.finding(
                    f"{field.name} of {method.name} is a {'repeated ' if field.repeated else ''}{_type(field)}: "
                    "clients and generated pagers expect an integer page size and opaque string tokens",
                    suggestion=f"{wanted} {field.name}",
                )
        yield from _offsets(method, request, token)


def _standard_list(method: Method, response: Message) -> bool:
    """`ListBooks` whose response repeats `Book`: AIP-132's List of a collection."""
    noun = method.name[len("List") :]
    return any(
        field.repeated and field.type_name and noun in _plurals(short_name(field.type_name))
        for field in response.fields
    )


def _plurals(singular: str) -> set[str]:
    plurals = {singular + "s", singular + "es"}
    return plurals | {singular[:-1] + "ies"} if singular.endswith("y") else plurals


def _offsets(method: Method, request: Message, token: Field | None) -> Iterator[Finding]:
    for field in request.fields:
        offset = field.name in _OFFSETS or (field.name == "skip" and token is None)
        if offset and _type(field) in _INTEGERS and field.file.checked:
            yield field.node.finding(
                f"{method.name} pages by {field.name}: an offset or page number skips or repeats items when the "
                "list changes between calls, and makes the server scan everything skipped",
                suggestion="string page_token (and next_page_token in the response)",
            )


def _type(field: Field) -> str:
    """`int32`, `string`, `message`: the field's type as written for a scalar."""
    return field.proto.Type.Name(field.proto.type).removeprefix("TYPE_").lower()


def _is(field: Field, wanted: str) -> bool:
    """A page size of any integer type (Compute's `uint32 max_results`), or a string token."""
    return _type(field) in _INTEGERS if wanted == "int32" else _type(field) == wanted and not field.repeated


def _listed(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
