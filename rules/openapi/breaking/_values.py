"""What a change of type, format or bound does to the values a schema admits, read one way for
every rule: the request rules report what now admits less (clients' values are rejected), the
response rules what now admits more (clients meet values they were not told of)."""

from __future__ import annotations

import json
from typing import Any

WIDER_FORMATS = {("int32", "int64"), ("float", "double")}  # (narrower, wider)
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_COUNTS = ("minLength", "minItems", "minProperties")  # a minimum count of 0 is no limit


def shown(value: Any) -> str:
    """A value in a message as the spec's JSON writes it: true, 20, "asc", ["a", "b"]."""
    return json.dumps(value, default=str)


def number(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def admitted(types: Any, as_text: bool = False) -> set[str]:
    """The types a type list admits: a `number` admits every `integer`; `as_text` (a parameter
    outside a body is text) makes a `string` admit every scalar."""
    kinds = set(types or ())
    if "number" in kinds:
        kinds.add("integer")
    if as_text and "string" in kinds:
        kinds |= {"integer", "number", "boolean"}
    return kinds


def widening(kind: str, old: Any, new: Any, as_text: bool = False) -> str:
    """How a `type` or `format` change moves what a schema admits: "widened" (every old value
    still, maybe more), "narrowed" (only old values) or "changed" (some of each)."""
    if kind == "format":
        if new is None or (old, new) in WIDER_FORMATS:
            return "widened"
        return "narrowed" if old is None or (new, old) in WIDER_FORMATS else "changed"
    before, after = admitted(old, as_text), admitted(new, as_text)
    if after >= before:
        return "widened"
    return "narrowed" if after <= before else "changed"


def tightens(keyword: str, old: Any, new: Any) -> bool:
    """Does the constraint `keyword` going from `old` to `new` (None: not there) reject a value it
    accepted? A changed `pattern` is taken to: patterns cannot be compared. `loosens` is the
    same question the other way round."""
    if new is None:
        return False  # dropped: looser
    if keyword in ("pattern", "uniqueItems"):
        return bool(new) and new != old
    before, after = number(old), number(new)
    if keyword in ("exclusiveMaximum", "exclusiveMinimum") and (before is None or after is None):
        # 3.0 writes them as booleans beside maximum/minimum, 3.1 as the bound itself.
        return bool(new) and not bool(old) or after is not None and before is None
    if after is None:
        return False
    if old is None:
        return not (keyword in _COUNTS and after == 0)
    if before is None:
        return True
    if keyword == "multipleOf":
        return after == 0 or before % after != 0  # 4 -> 2 admits every multiple of 4; 2 -> 4 does not
    return after < before if keyword in UPPER_BOUNDS else after > before


def loosens(keyword: str, old: Any, new: Any) -> bool:
    """Does the constraint going from `old` to `new` admit a value it rejected?"""
    return tightens(keyword, new, old)
