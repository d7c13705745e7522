"""
## What it does
Checks the case of every name a `.proto` file defines: messages, enums, services and RPCs in
PascalCase (`OrderLine`, `GetOrder`), fields and oneofs in lower_snake_case (`order_id`), enum
values in UPPER_SNAKE_CASE (`IN_TRANSIT`). The values of one enum in the wrong case are one
finding, at the first: they were spelled in one decision.

Acronyms may stay upper case in PascalCase names (`HTTPRule`, `GRPCHealthCheck`), as buf
accepts them; digits are fine anywhere but first (`Int32Value`, `ipv4_range`, `v1_field`). The
synthetic oneofs protoc makes for proto3 `optional` fields (`_name`) are not names the author
wrote and are not checked, nor are protobuf's own well-known types.

That a service's name ends in `Service` is not asked by default: AIP-190 names interfaces with a
plain noun (`service Library`, `Publisher`, `Spanner`) and wants a suffix only to tell two names
apart, and most googleapis services have none. Teams that follow buf's `SERVICE_SUFFIX` set
the option `service-suffix: Service` to have every service end in it.

## Why is this bad?
Code generators turn these names into classes, fields and constants in every client language,
and protoc derives the JSON name of a field from its snake_case name (`order_id` -> `orderId`):
a field named `orderId` or `Order_Id` gives odd accessors and JSON names, and a schema that
mixes conventions makes every reader guess.

Source: protobuf style guide (message, service and RPC names in PascalCase, field names in
lower_snake_case, enum values in UPPER_SNAKE_CASE); AIP-190 (naming: UpperCamelCase definitions,
interface names), AIP-140 (field names), AIP-126 (enum values); buf's `MESSAGE_PASCAL_CASE`,
`ENUM_PASCAL_CASE`, `SERVICE_PASCAL_CASE`, `RPC_PASCAL_CASE`, `FIELD_LOWER_SNAKE_CASE`,
`ONEOF_LOWER_SNAKE_CASE`, `ENUM_VALUE_UPPER_SNAKE_CASE` and `SERVICE_SUFFIX`.

## Example
    message order_line {
      string productId = 1;
      oneof Source { string web_order = 2; }
    }

    enum Status { shipped = 0; in_transit = 1; }

## Use instead
    message OrderLine {
      string product_id = 1;
      oneof source { string web_order = 2; }
    }

    enum Status { STATUS_UNSPECIFIED = 0; SHIPPED = 1; IN_TRANSIT = 2; }
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.proto import ProtoDocument
from apilint.finding import Finding, Node
from apilint.registry import WARNING, Option, rule

from .._words import words

_PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*")
_LOWER_SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_UPPER_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")


def _pascal(name: str) -> str:
    return "".join(word.capitalize() for word in words(name))


# A word boundary inside a chunk between underscores: `productId`, `HTTPRule`; digits stay with
# their word (`pv4`), as the author wrote them.
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _snake_words(name: str) -> list[str]:
    return [word.lower() for chunk in name.split("_") for word in _CAMEL_BOUNDARY.split(chunk) if word]


def _lower_snake(name: str) -> str:
    return "_".join(_snake_words(name))


def _upper_snake(name: str) -> str:
    return "_".join(_snake_words(name)).upper()


@rule("proto-naming", severity=WARNING, format="proto", options={"service-suffix": Option("")})
def proto_naming(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    suffix = options["service-suffix"]
    for file in document.files:
        for message in file.messages:
            if message.map_entry:
                continue  # protoc's own `XxxEntry` for a map field
            yield from _case(message.node, "message", message.name, _PASCAL, _pascal)
            for field in message.fields:
                yield from _case(field.node, "field", f"{message.name}.{field.name}", _LOWER_SNAKE, _lower_snake)
            synthetic = {field.proto.oneof_index for field in message.fields if field.proto.proto3_optional}
            for index, oneof in enumerate(message.oneofs):
                if index not in synthetic:
                    yield from _case(oneof.node, "oneof", f"{message.name}.{oneof.name}", _LOWER_SNAKE, _lower_snake)
        for enum in file.enums:
            yield from _case(enum.node, "enum", enum.name, _PASCAL, _pascal)
            wrong = [value for value in enum.values if not _UPPER_SNAKE.fullmatch(value.name)]
            if wrong:
                others = f" (and {len(wrong) - 1} more of its values)" if len(wrong) > 1 else ""
                yield wrong[0].node.finding(
                    f"enum value {enum.name}.{wrong[0].name}{others} is not UPPER_SNAKE_CASE, the protobuf style "
                    "every code generator expects",
                    suggestion=_upper_snake(wrong[0].name),
                )
        for service in file.services:
            yield from _case(service.node, "service", service.name, _PASCAL, _pascal)
            if suffix and not service.name.endswith(suffix):
                yield service.node.finding(
                    f"service {service.name} does not end in {suffix!r}, as this project's services do "
                    "(option service-suffix)",
                    suggestion=f"{service.name}{suffix}",
                )
            for method in service.methods:
                yield from _case(method.node, "RPC", f"{service.name}.{method.name}", _PASCAL, _pascal)


def _case(at: Node, kind: str, shown: str, pattern: re.Pattern[str], fixed) -> Iterator[Finding]:
    name = shown.rpartition(".")[2]
    if pattern.fullmatch(name):
        return
    case = {_PASCAL: "PascalCase", _LOWER_SNAKE: "lower_snake_case"}[pattern]
    yield at.finding(
        f"{kind} {shown} is not {case}, the protobuf style every code generator expects",
        suggestion=fixed(name) or None,
    )
