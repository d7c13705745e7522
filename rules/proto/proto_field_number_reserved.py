"""
## What it does
Looks for deleted fields whose number was not reserved. A message whose field numbers skip a few
values (`1, 2, 4`) that no `reserved` statement (nor extension range) covers is reported at the
first field after the gap, naming the missing numbers. Numbers of fields in a oneof count as
used. A skip of more than five numbers is taken as numbering in blocks on purpose (`1..9`,
`100..109`), not as deleted fields, and numbers above 19999 as hashed (Compute's generated protos
number fields so), in no order to have gaps in.

A `reserved` statement that keeps the numbers but not the names (or the names but not the
numbers) is reported too, in messages and enums alike: the protobuf guide asks for both.

Gaps between enum values are not reported: enums number their values in groups on purpose
(`100`, `200`) far more often than messages do. Numbers 19000 to 19999 are protoc's own
error, not this rule's.

This rule reports at `info`: a linter sees one version of the file, so it cannot tell a deleted
field from a number left free for a reason. In googleapis, where fewer than 9 in 10 of the gaps
are defects, the usual reasons are fields that exist in the API's `v1beta1` (numbers kept
aligned across versions) or in Google's internal version of the proto. `apilint diff` of two
versions is where a deleted field is certain.

## Why is this bad?
protobuf finds a field by its number. When a deleted field's number is given to a new field,
old messages (in storage, in queues, from clients not yet updated) are read into the new field,
with a different meaning or type: data is corrupted silently. A reused name breaks the JSON and
text formats the same way. `reserved 3; reserved "old_name";` makes protoc refuse both.

Source: protobuf language guide ("Deleting fields", "Reserved fields": reserve the number and
the name); AIP-180 (backwards compatibility); the seed notes' gRPC practice (evolvable contracts).

## Example
    message Order {
      string name = 1;
      string customer = 2;
      string note = 4;
    }

## Use instead
    message Order {
      reserved 3;
      reserved "discount_code";

      string name = 1;
      string customer = 2;
      string note = 4;
    }
"""

from __future__ import annotations

from typing import Any, Iterator

from apilint.documents.proto import (
    ENUM_RESERVED_NAME,
    ENUM_RESERVED_RANGE,
    MESSAGE_RESERVED_NAME,
    MESSAGE_RESERVED_RANGE,
    Element,
    Message,
    ProtoDocument,
)
from apilint.finding import Finding
from apilint.registry import INFO, rule

_LARGEST_GAP = 5  # a longer run of free numbers is numbering in blocks, not deleted fields
# Above protobuf's own block (19000-19999) numbers are hashed (Compute's generated protos): no order.
_HIGHEST_ORDERED = 18999


@rule("proto-field-number-reserved", severity=INFO, format="proto")
def proto_field_number_reserved(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    for file in document.files:
        for message in file.messages:
            if message.map_entry:
                continue
            yield from _gaps(message)
            yield from _half_reserved(message, "message", MESSAGE_RESERVED_RANGE, MESSAGE_RESERVED_NAME)
        for enum in file.enums:
            yield from _half_reserved(enum, "enum", ENUM_RESERVED_RANGE, ENUM_RESERVED_NAME)


def _gaps(message: Message) -> Iterator[Finding]:
    taken = [(r.start, r.end) for r in (*message.proto.reserved_range, *message.proto.extension_range)]
    fields = sorted(message.fields, key=lambda field: field.number)
    missing: list[int] = []
    after = None
    for previous, field in zip(fields, fields[1:]):
        free = range(previous.number + 1, field.number)
        if len(free) > _LARGEST_GAP or field.number > _HIGHEST_ORDERED:
            continue
        unreserved = [n for n in free if not any(start <= n < end for start, end in taken)]
        if unreserved and after is None:
            after = field
        missing += unreserved
    if after is not None:
        numbers = ", ".join(map(str, missing))
        yield after.node.finding(
            f"message {message.name} skips field number{'s' if len(missing) > 1 else ''} {numbers} without "
            f"reserving {'them' if len(missing) > 1 else 'it'}: if a field was deleted there, a new field may "
            "take its number and misread old data",
            suggestion=f"reserved {numbers}; and the deleted fields' names",
        )


def _half_reserved(element: Element, kind: str, ranges_at: int, names_at: int) -> Iterator[Finding]:
    proto: Any = element.proto
    member = "field" if kind == "message" else "value"
    if proto.reserved_range and not proto.reserved_name:
        yield element.part(ranges_at, 0).finding(
            f"{kind} {element.name} reserves numbers but not the deleted names: a new {member} may take an "
            "old name, and JSON and text-format data written with it are misread",
            suggestion='reserved "old_name";',
        )
    elif proto.reserved_name and not proto.reserved_range:
        yield element.part(names_at, 0).finding(
            f"{kind} {element.name} reserves names but not the deleted numbers: a new {member} may take an "
            "old number, and binary data written with it are misread",
            suggestion="reserved 3;",
        )
