"""
## What it does
Reports fields that are required on the wire: proto2's `required` label (reported at the
keyword) and, in editions, `[features.field_presence = LEGACY_REQUIRED]` (reported at the
option).

`(google.api.field_behavior) = REQUIRED` is not reported: it documents that a request must set
the field, and the server checks it, but the field stays optional to the parsers, so it can be
relaxed later. protobuf's own well-known types (`google/protobuf/descriptor.proto`, proto2 with
two `required` fields) are not the API's and not checked.

## Why is this bad?
Every reader built from the schema rejects a message without the field. It can never be
removed nor made optional again: readers built before the change reject what newer writers
send, and a message passing through a proxy compiled with the old schema is dropped. protobuf
removed `required` from proto3 for this reason, and its documentation says "required is
forever".

Source: protobuf language guide ("Field labels": do not use `required`), protobuf best
practices ("Don't add a required field"); buf's `FIELD_NOT_REQUIRED`; AIP-203 (field behavior
documentation, the replacement).

## Example
    syntax = "proto2";

    message Order {
      required string name = 1;
    }

## Use instead
    syntax = "proto2";

    message Order {
      // Required when creating an order.
      optional string name = 1 [(google.api.field_behavior) = REQUIRED];
    }
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.proto import FEATURE_FIELD_PRESENCE, FIELD_FEATURES, FIELD_LABEL, FIELD_OPTIONS, ProtoDocument
from apilint.finding import Finding
from apilint.registry import WARNING, rule


@rule("proto-no-required", severity=WARNING, format="proto")
def proto_no_required(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    for file in document.files:
        for message in file.messages:
            for field in message.fields:
                if not field.required:
                    continue
                legacy = field.proto.label != field.proto.LABEL_REQUIRED
                at = (
                    field.part(FIELD_OPTIONS, FIELD_FEATURES, FEATURE_FIELD_PRESENCE)
                    if legacy
                    else field.part(FIELD_LABEL)
                )
                yield at.finding(
                    f"field {message.name}.{field.name} is required on the wire: it can never be removed or made "
                    "optional without every older reader rejecting the messages",
                    suggestion="make it optional and mark it [(google.api.field_behavior) = REQUIRED]",
                )
