"""What an RPC's name says it does, as the AIPs name methods: the verb it starts with
(`GetBook` -> "get", `BatchGetBooks` -> "batch get") and the standard method it is (AIP-131..135,
AIP-231). Shared by the proto rules that judge a method by its kind. Not a rule (no `@rule`).
"""

from __future__ import annotations

from apilint.documents.proto import Method

from .._verbs import MUTATING_VERBS, READ_VERBS
from .._words import words

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
LRO = "google.longrunning.Operation"


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
    if method.output_type == LRO and words(method.name)[-1:] != ["operation"]:
        return False  # `BatchReadFeatureValues` exports what it reads; `GetOperation` only reads
    return _reads(method) and not _writes_too(method)


def is_mutation(method: Method) -> bool:
    """The name says the RPC changes state (Create, Update, Delete, Cancel, ReadModifyWrite...),
    or it starts a long-running operation (`GetOperation`, a read, returns one too)."""
    if is_read(method):
        return False
    verb = rpc_verb(method).removeprefix("batch ")
    return verb in _WRITE_WORDS or (_reads(method) and _writes_too(method)) or method.output_type == LRO


def _reads(method: Method) -> bool:
    return rpc_verb(method).removeprefix("batch ") in _READ_WORDS


def _writes_too(method: Method) -> bool:
    return bool(_WRITE_WORDS.intersection(words(method.name)[1:]))
