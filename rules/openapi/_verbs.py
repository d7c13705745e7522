"""Verbs in path segments and operation names: which words repeat an HTTP method, which name an
action, which change state, and when a verb-looking segment is a noun after all.

Not a rule (no `@rule`): `no-verb-in-path`, `path-segment-case` and `get-is-safe` import it,
so they agree on what is a verb. Words come from `_words.words` (lower case).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from apilint.documents.openapi import TEMPLATE_VARIABLE, Operation, PathSegment

from ._words import bare_verb, is_plural, singular, without_tags, words

# Verbs that say what an HTTP method already says (GET, POST, PUT/PATCH, DELETE).
READ_VERBS = frozenset("get list fetch retrieve read find".split())
METHOD_FOR_VERB = {
    **dict.fromkeys(READ_VERBS, "GET"),
    **dict.fromkeys("create add insert new make".split(), "POST"),
    **dict.fromkeys("update upsert set modify edit change patch replace save put".split(), "PUT or PATCH"),
    **dict.fromkeys("delete remove destroy erase".split(), "DELETE"),
}
METHOD_VERBS = frozenset(METHOD_FOR_VERB)
# RFC 9110 §9.2.1: the methods a client may send without asking for any change.
SAFE_METHODS = frozenset({"get", "head"})
# Verbs that name an action on a resource rather than repeat a method.
ACTION_VERBS = frozenset(
    "accept activate advance append apply approve assign associate attach authorize authorise calculate cancel "
    "capture clone confirm convert deactivate decline decrypt deliver deny detach disable disassociate disconnect "
    "dismiss downgrade duplicate enable encrypt enroll evaluate execute expire extract fail finalize finalise "
    "fulfil fulfill generate hangup ignore increment initiate install instantiate invalidate invoke kick migrate "
    "mute notify pause reactivate reassign recalculate recycle redact redeem refresh regen regenerate reject "
    "reload remind rename renew reopen rerequest rerun resend reset resize resolve restart resubmit resume retry "
    "reveal reverse revert revoke rotate seek send ship simulate snooze start stop submit subscribe succeed "
    "suspend terminate unarchive unassign unban unblock unfavorite unfollow unfreeze unignore uninstall unlink "
    "unlock unmute unpin unpublish unregister unstar unsubscribe upgrade validate verify void withdraw".split()
)
# Actions that are also common nouns or adjectives: an action only as a whole segment, or as
# the method part of a dotted RPC name (`conversations.archive`, `chat.postMessage`).
NOUN_LIKE_ACTIONS = frozenset(
    "archive ban block close commit compact complete copy favorite follow forward join leave lock lookup merge "
    "move open pay pin play post preview print publish purge push query register release restore return "
    "rollback share star sync trim".split()
)
# Verbs that read or compute without changing what the server stores: safe on a GET. `new` and
# `edit` are the form pages of web frameworks (`GET /posts/new`, `GET /posts/{id}/edit`);
# `authorize` is the OAuth endpoint a browser GETs; `return` is a redirect target; on a GET,
# `resolve` looks a name up (Discord's `invite_resolve`: what an invite code points to); a GET
# that syncs reads the changes since a cursor (Matrix `GET /sync`, `chat.syncMessages`).
_SAFE_VERBS = READ_VERBS | frozenset(
    "new edit authorize authorise calculate convert decrypt encrypt evaluate extract generate lookup preview "
    "print query resolve return reveal seek simulate sync validate verify play forward".split()
)
# What a GET's own name says when it reads: its path names what it reads, not what it does.
# `connect`, `watch`, `stream`: a WebSocket upgrade or an event stream must be a GET; what
# happens next happens on the stream (Kubernetes `GET .../pods/{name}/attach`).
_READ_NAMES = _SAFE_VERBS | frozenset("show view check download search watch count export list connect stream".split())
_KNOWN_VERBS = METHOD_VERBS | ACTION_VERBS | NOUN_LIKE_ACTIONS | _READ_NAMES
# Verbs whose request changes state (RFC 9110 §9.2.1: GET and HEAD must not).
MUTATING_VERBS = (METHOD_VERBS | ACTION_VERBS | NOUN_LIKE_ACTIONS) - _SAFE_VERBS
# Method and action verbs that are also nouns: before a plural (`change_requests`,
# `update_logs`, `set_items`) they name a resource unless the operation says otherwise.
_NOUN_VERBS = frozenset(
    "change update edit patch set list find read insert add save copy post release return merge lock purge "
    "play print query preview lookup".split()
)
# `bulk-delete`, `batchCreate`: the verb after one of these is still the segment's verb.
_QUALIFIERS = frozenset({"bulk", "batch", "mass", "multi", "multiple"})
# `add-ons`, `set-up`, `check-in`: verb + particle is a noun.
_PARTICLES = frozenset({"on", "ons", "up", "ups", "in", "ins", "out", "outs", "off", "offs", "over"})
# `restart_count`, `reset-password-form`, `cancel_url`: a verb before one of these modifies a noun.
HEAD_NOUNS = frozenset(
    "count counts rate rates status history time times duration date dates log logs policy policies settings "
    "config limit limits form forms page pages url urls link links reason reasons options info details "
    "summary metadata stats statistics".split()
)
# Words between a summary's verb and its object: "Instantiate a board", "Delete the user".
_OR_UPDATE = re.compile(r"\bor (?:update|replace)s?\b")
_PREPOSITIONS = frozenset("of for in on from to with by at".split())
_DETERMINERS = frozenset({"a", "an", "the", "all", "this", "one", "each", "every", "some", "any", "my", "your"})


def verb_phrase(segment_words: list[str]) -> tuple[str | None, list[str], list[str]]:
    """(verb, qualifiers, rest) of a segment's words: the verb is the first word, or the word
    after a qualifier (`bulk-delete` -> ("delete", ["bulk"], [])). None when the segment is a
    phrasal noun (`add-ons`, `set-up`)."""
    qualifiers = []
    found = list(segment_words)
    while len(found) > 1 and found[0] in _QUALIFIERS:
        qualifiers.append(found.pop(0))
    if not found:
        return None, qualifiers, []
    verb, rest = found[0], found[1:]
    if rest and rest[0] in _PARTICLES:
        return None, qualifiers, rest
    return verb, qualifiers, rest


def repeats_method(segment_words: list[str]) -> bool:
    """A segment that starts with a verb the HTTP method says (`getUsers`, `update-profile`):
    renaming it to the resource's name is the fix, whatever its case."""
    verb, qualifiers, rest = verb_phrase(segment_words)
    return verb in METHOD_VERBS and not qualifiers and (not rest or verb != "new") and not is_noun_compound(verb, rest)


def is_noun_compound(verb: str, rest: list[str]) -> bool:
    """`change_requests`, `update_logs`, `search_results`: a word that is also a noun before a
    plural names a resource (the operations' own words can still say it is a verb)."""
    return verb in _NOUN_VERBS and bool(rest) and is_plural(rest[-1])


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
    certain = bool(segment.method_parts or custom) or verb not in NOUN_LIKE_ACTIONS | _NOUN_VERBS
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
        if part[0] in _KNOWN_VERBS and not (len(part) == 1 and is_noun_compound(part[0], following)):
            verbs.append(part[0])
    while len(verbs) > 1 and verbs[0] in NOUN_LIKE_ACTIONS | _NOUN_VERBS:
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


def says_upsert(phrase: list[str]) -> bool:
    """ "Create or update a member", `upsertMembers`: a write keyed by what the client names,
    which a repeat overwrites instead of duplicating."""
    return "upsert" in phrase or bool(_OR_UPDATE.search(" ".join(phrase)))


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
            while before > 0 and found[before] in _DETERMINERS:
                before -= 1
            after = found[start + len(wanted) : start + len(wanted) + 1]
            # One word is a noun only as a whole object: "Get the list of a card" for Trello's
            # `/cards/{id}/list`; not "Soft delete a user" (no article) nor "Create a new user".
            if single and (before == start - 1 or (after and after[0] not in _PREPOSITIONS | _DETERMINERS)):
                continue
            if bare_verb(found[before]) in _KNOWN_VERBS and found[before] != wanted[0]:
                return True
    return False


def _starts_verb_phrase(found: list[str], verb: str) -> bool:
    return len(found) > 1 and bare_verb(found[0]) == verb and found[1] in _DETERMINERS


def unsafe_evidence(operation: Operation) -> list[tuple[str, str, bool]]:
    """Why a GET or HEAD looks like it changes state: (source, verb, certain) for its path's
    last segment, its operationId and its summary. Empty when its operationId or summary says it
    reads ("List associated resources" for `GET .../destroy_with_associated_resources`)."""
    summary = stated_words(operation, description=False)
    by_summary = bare_verb(summary[0]) if summary else None
    by_id = operation_verb(operation)
    if by_id in _READ_NAMES or by_summary in _READ_NAMES:
        return []
    evidence = []
    segments = operation.segments
    by_path = mutating_path_verb(segments[-1]) if segments else None
    if by_path:
        evidence.append(("path", *by_path))
    if by_id in MUTATING_VERBS:
        evidence.append(("operationId", by_id, True))
    noun_like = by_summary in _NOUN_VERBS | NOUN_LIKE_ACTIONS  # "Favorite items of a user", "Archive of posts"
    if by_summary in MUTATING_VERBS and (not noun_like or _starts_verb_phrase(summary, by_summary)):
        evidence.append(("summary", by_summary, True))
    if len(evidence) == 1 and not evidence[0][2]:
        return []  # a word that is also a noun (`GET /posts/archive`) needs a second witness
    return evidence
