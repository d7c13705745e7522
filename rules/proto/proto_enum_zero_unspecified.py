"""
## What it does
Checks the first value of every enum: the default that a field never set reads as (in
proto3 it is the value `0`). It should say "not set", named after its enum:
`enum State { STATE_UNSPECIFIED = 0; ... }`. Three things are reported:

- a first value that is a real state or choice (`ACTIVE = 0`): a warning for a state enum (one
  named `State` or `Status`, or ending so, whose `*_UNSPECIFIED` value AIP-216 requires), info for
  any other, since AIP-126 allows "a clearly useful zero value". That exception is taken where the
  value names nothing (`NONE`, `NO_CHANGE`, `OK` for "no error") or its comment says it is the
  default (`// This is the default.`, or in the comment of a field of the enum's type: "If
  omitted, defaults to `PRECISE`."), and not reported;
- a bare `UNSPECIFIED` (or `UNKNOWN`, `UNSET`, `UNDEFINED`) in a package-level enum: enum values
  share their package's namespace, so no other enum in the package can ever have one;
- a "not set" value named after something else than its enum (`enum Color { SIZE_UNSPECIFIED = 0; }`):
  a copy and paste the next reader trips over.

A first value that says "not set" in another word is accepted, as AIP-126 accepts `UNKNOWN`:
`FOO_UNKNOWN`, `FOO_UNSET`, and Compute's `UNDEFINED_FOO` convention. So is any prefix made of
words of the enum's name and of the messages it is nested in (`MEDIA_RESOLUTION_UNSPECIFIED` in
`MediaResolution.Level`, `ERROR_TYPE_UNSPECIFIED` in `RecordErrorType`), and a bare
`UNSPECIFIED` in an enum nested in a message, whose values are scoped to that message. Other
values are not checked for an enum-name prefix: AIP-126 asks for none in nested enums, which is
why buf's `ENUM_VALUE_PREFIX` finds thousands of values in googleapis that are as they should be.

## Why is this bad?
A field that was never set reads as the first value, and so does, in a closed (proto2) enum, a
value a newer writer added that an older reader does not know. When that value is a real one,
`ACTIVE` or `PRECISE`, a reader cannot tell "active" from "not said", and a request that forgot
the field silently asks for that value instead of being rejected.

Source: AIP-126 (Enumerations: "the first value of the enum should be the name of the enum itself
followed by the suffix `_UNSPECIFIED`"; package-level enum values are prefixed with the enum's
name), AIP-216 (States); buf's `ENUM_ZERO_VALUE_SUFFIX`; api-linter's `core::0126::unspecified`.

## Example
    enum State {
      ACTIVE = 0;
      SUSPENDED = 1;
    }

## Use instead
    enum State {
      STATE_UNSPECIFIED = 0;
      ACTIVE = 1;
      SUSPENDED = 2;
    }
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from apilint.documents.proto import Enum, EnumValue, Field, ProtoDocument
from apilint.finding import Finding
from apilint.registry import INFO, WARNING, rule

from .._words import words

# Words that make a first value mean "not set" (AIP-126 names UNKNOWN; Compute writes UNDEFINED_).
_NOT_SET = frozenset({"unspecified", "unknown", "unset", "undefined"})
# First words of a value naming the absence of what the enum describes (NONE, NO_CHANGE, OK as
# "no error"): the natural default, AIP-126's "clearly useful zero value".
_NOTHING = frozenset({"none", "no", "ok"})
_STATE_WORDS = ("state", "status")  # AIP-216: a state enum's first value is STATE_UNSPECIFIED


@rule("proto-enum-zero-unspecified", severity=WARNING, format="proto")
def proto_enum_zero_unspecified(document: ProtoDocument, options: dict) -> Iterator[Finding]:
    typed_by: dict[str, list[Field]] = defaultdict(list)  # enum -> the fields of its type
    for file in document.files:
        for message in file.messages:
            for field in message.fields:
                typed_by[field.type_name].append(field)
    for file in document.files:
        for enum in file.enums:
            if enum.values:
                finding = _check(enum, typed_by[enum.full_name])
                if finding is not None:
                    yield finding


def _check(enum: Enum, fields: list[Field]) -> Finding | None:
    first = enum.values[0]
    wanted = "_".join(words(enum.name)).upper() + "_UNSPECIFIED"
    value_words = [word for word in first.name.lower().split("_") if word]
    if not _NOT_SET & set(value_words):
        if value_words[0] in _NOTHING or _documented_default(first, fields):
            return None  # AIP-126's "clearly useful zero value": nothing, or documented as the default
        state = any(words(enum.name)[-1:] == [word] for word in _STATE_WORDS)
        return first.node.finding(
            f"the first value of enum {enum.name!r}, {first.name}, is a real "
            f"{'state' if state else 'value'}: a field never set reads as it, so 'not said' looks like "
            "a real answer",
            suggestion=f"{wanted} = 0; and {first.name} after it, or say in its comment that it is the default",
            severity=None if state else INFO,
        )
    prefix = [word for word in value_words if word not in _NOT_SET]
    if not prefix:
        if enum.parent is not None:
            return None  # scoped to its message: AIP-126 asks no prefix of nested values
        return first.node.finding(
            f"the first value of package-level enum {enum.name!r} is a bare {first.name}: enum values share "
            f"the package's namespace, so no other enum in {enum.file.package or 'the file'} can have one",
            suggestion=f"{wanted} = 0;",
        )
    scope = "".join(word for name in enum.names for word in words(name))
    if "".join(prefix) not in scope:
        return first.node.finding(
            f"the first value of enum {enum.name!r}, {first.name}, is named after {'_'.join(prefix).upper()}, "
            "not its enum: a reader takes it for another enum's",
            suggestion=f"{wanted} = 0;",
        )
    return None


def _documented_default(first: EnumValue, fields: list[Field]) -> bool:
    """Is the first value documented as the default: in its own comment, or in the comment of a
    field of its enum's type that names it ("If omitted, defaults to `PRECISE`")?"""
    if "default" in words(first.comments):
        return True
    return any(first.name in field.comments and "default" in field.comments.lower() for field in fields)

