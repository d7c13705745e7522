"""How OpenAPI operations use verbs: the verb a path segment, an operationId or a summary
says, and whether a GET looks like it changes state. The vocabulary itself (what is a verb,
which verbs read or change state) is `rules/_verbs.py`, shared with the other formats.

Not a rule (no `@rule`): `no-verb-in-path`, `path-segment-case`, `get-is-safe` and others
import it, so they agree on what an operation says it does.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from apilint.documents.openapi import TEMPLATE_VARIABLE, Operation, PathSegment

from .._verbs import (
    DETERMINERS,
    HEAD_NOUNS,
    KNOWN_VERBS,
    MUTATING_VERBS,
    NOUN_LIKE_ACTIONS,
    NOUN_VERBS,
    PREPOSITIONS,
    READ_NAMES,
    is_noun_compound,
    verb_phrase,
)
from .._words import bare_verb, singular, without_tags, words

# RFC 9110 §9.2.1: the methods a client may send without asking for any change.
SAFE_METHODS = frozenset({"get", "head"})


def mutating_path_verb(segment: PathSegment) -> tuple[str, bool] | None:
    """The state-changing verb a path's last segment ends in, and whether its position makes it
    certainly a verb: the method of a dotted RPC name (`tokens.revoke`) or an AIP-136 custom
    method (`:cancel`) is; a plain segment is unless the word is also a noun (`/posts/archive`,
    GitHub's `GET .../merge`). None for a noun phrase (`reset-password-form`, `update_logs`)."""
    if segment.is_template:
        return None
    resource, _, custom = segment.text.partition(":")
    text = segment.method_parts[-1] if segment.method_parts else custom or resource
    verb, _, rest = verb_phrase(words(TEMPLATE_VARIABLE.sub(" ", text)))
    if verb not in MUTATING_VERBS or (rest and (rest[-1] in HEAD_NOUNS or is_noun_compound(verb, rest))):
        return None
    certain = bool(segment.method_parts or custom) or verb not in NOUN_LIKE_ACTIONS | NOUN_VERBS
    return verb, certain


def operation_verb(operation: Operation) -> str | None:
    """The verb of the operationId: the first word of its first part that starts with a known
    verb, wherever a namespace or resource puts it (`deleteUser`, `repos/delete-hook`,
    `Users_Delete`, `droplets_list_associatedResources`), past a noun compound
    (`change_requests_list` -> "list"), past a namespace named by a noun-like verb
    (`SyncService_GetSyncLimit` -> "get"). None for an operationId made of the HTTP method and
    the path (`get-api-v1-chat.ignoreUser`, `GetCustomersCustomer`): it says nothing the path
    does not."""
    parts = [words(part) for part in re.split(r"[/._:\-\s]+", operation.operation_id or "")]
    parts = [part for part in parts if part]
    if _made_from_path(operation, [word for part in parts for word in part]):
        return None
    verbs = []
    for index, part in enumerate(parts):
        following = part[1:2] or (parts[index + 1][:1] if index + 1 < len(parts) else [])
        if part[0] in KNOWN_VERBS and not (len(part) == 1 and is_noun_compound(part[0], following)):
            verbs.append(part[0])
    while len(verbs) > 1 and verbs[0] in NOUN_LIKE_ACTIONS | NOUN_VERBS:
        verbs.pop(0)  # `SyncService_`, `ArchiveStore_`: a namespace, when a verb follows
    return verbs[0] if verbs else None


def _made_from_path(operation: Operation, id_words: list[str]) -> bool:
    """`get-api-v1-chat.ignoreUser` for `GET /api/v1/chat.ignoreUser`: the method, then words
    that end with the path's last segment (a template's name included)."""
    last = words(operation.segments[-1].text) if operation.segments else []
    return len(id_words) > len(last) > 0 and id_words[0] == operation.method and id_words[-len(last) :] == last


def stated_words(operation: Operation, *, description: bool = True) -> list[str]:
    """What an operation says it does, as words: its summary, else (unless `description` is
    false) the first sentence of its description; HTML tags removed."""
    for key in ("summary", "description") if description else ("summary",):
        text = operation.data.get(key)
        if isinstance(text, str) and text.strip():
            return list(_first_sentence_words(text))
    return []


# Cached: several rules ask what each operation says, some once per path segment.
@lru_cache(maxsize=8192)
def _first_sentence_words(text: str) -> tuple[str, ...]:
    return tuple(words(without_tags(text).strip().split(". ")[0].split("\n")[0]))


def used_as_verb(segment_words: list[str], operations: Iterable[Operation]) -> bool:
    """Whether an operation's own name uses a segment's first word as its verb: an operationId
    that starts with it (`changePassword`, `listUsers`; not `change_requests_list`, where the
    segment's words are followed by the verb) or a summary that does ("Instantiate a board")."""
    first = segment_words[0]
    for operation in operations:
        name = words(re.split(r"[/.:]", operation.operation_id or "")[-1])
        if name[:1] == [first] and not (len(name) > len(segment_words) and name[: len(segment_words)] == segment_words):
            return True
        if _starts_verb_phrase(stated_words(operation, description=False), first):
            return True
    return False


def named_as_noun(segment_words: list[str], operations: Iterable[Operation]) -> bool:
    """Whether an operation's summary uses a segment as the object of another verb: "Create a
    remove token" for `remove-token`, "Get the list of a card" for `list`. The object follows the verb, past determiners
    only: in "Check the status of a destroy with associated resources request" the verb's object
    is the status, and the segment still names the action. Not operationIds: many are made from
    the method and the path (Stripe's `PostPaymentIntentsIntentVerifyMicrodeposits`)."""
    single = len(segment_words) < 2
    wanted = [singular(word) for word in segment_words]
    for operation in operations:
        found = [singular(word) for word in stated_words(operation, description=False)]
        for start in range(1, len(found) - len(wanted) + 1):
            if found[start : start + len(wanted)] != wanted:
                continue
            before = start - 1
            while before > 0 and found[before] in DETERMINERS:
                before -= 1
            after = found[start + len(wanted) : start + len(wanted) + 1]
            # One word is a noun only as a whole object: "Get the list of a card" for Trello's
            # `/cards/{id}/list`; not "Soft delete a user" (no article) nor "Create a new user".
            if single and (before == start - 1 or (after and after[0] not in PREPOSITIONS | DETERMINERS)):
                continue
            if bare_verb(found[before]) in KNOWN_VERBS and found[before] != wanted[0]:
                return True
    return False


def _starts_verb_phrase(found: list[str], verb: str) -> bool:
    return len(found) > 1 and bare_verb(found[0]) == verb and found[1] in DETERMINERS


def unsafe_evidence(operation: Operation) -> list[tuple[str, str, bool]]:
    """Why a GET or HEAD looks like it changes state: (source, verb, certain) for its path's
    last segment, its operationId and its summary. Empty when its operationId or summary says it
    reads ("List associated resources" for `GET .../destroy_with_associated_resources`)."""
    summary = stated_words(operation, description=False)
    by_summary = bare_verb(summary[0]) if summary else None
    by_id = operation_verb(operation)
    if by_id in READ_NAMES or by_summary in READ_NAMES:
        return []
    evidence = []
    segments = operation.segments
    by_path = mutating_path_verb(segments[-1]) if segments else None
    if by_path:
        evidence.append(("path", *by_path))
    if by_id in MUTATING_VERBS:
        evidence.append(("operationId", by_id, True))
    noun_like = by_summary in NOUN_VERBS | NOUN_LIKE_ACTIONS  # "Favorite items of a user", "Archive of posts"
    if by_summary in MUTATING_VERBS and (not noun_like or _starts_verb_phrase(summary, by_summary)):
        evidence.append(("summary", by_summary, True))
    if len(evidence) == 1 and not evidence[0][2]:
        return []  # a word that is also a noun (`GET /posts/archive`) needs a second witness
    return evidence
