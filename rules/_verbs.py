"""The verb vocabulary of API names, shared by every format's rules so they agree on what is a
verb: which verbs read (`get`, `list`), which repeat an HTTP method, which name an action
(`archive`, `revoke`), which change state, and when a verb-looking word is a noun after all
(`change_requests`, `add-ons`, `restart_count`).

Not a rule (no `@rule`). Words come from `_words.words` (lower case). How OpenAPI operations
use these verbs (paths, operationIds, summaries) is `rules/openapi/_verbs.py`.
"""

from __future__ import annotations

import re

from ._words import is_plural

# Verbs that say what an HTTP method already says (GET, POST, PUT/PATCH, DELETE).
READ_VERBS = frozenset("get list fetch retrieve read find".split())
METHOD_FOR_VERB = {
    **dict.fromkeys(READ_VERBS, "GET"),
    **dict.fromkeys("create add insert new make".split(), "POST"),
    **dict.fromkeys("update upsert set modify edit change patch replace save put".split(), "PUT or PATCH"),
    **dict.fromkeys("delete remove destroy erase".split(), "DELETE"),
}
METHOD_VERBS = frozenset(METHOD_FOR_VERB)
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
READ_NAMES = _SAFE_VERBS | frozenset("show view check download search watch count export list connect stream".split())
KNOWN_VERBS = METHOD_VERBS | ACTION_VERBS | NOUN_LIKE_ACTIONS | READ_NAMES
# Verbs whose request changes state (RFC 9110 §9.2.1: GET and HEAD must not).
MUTATING_VERBS = (METHOD_VERBS | ACTION_VERBS | NOUN_LIKE_ACTIONS) - _SAFE_VERBS
# Method and action verbs that are also nouns: before a plural (`change_requests`,
# `update_logs`, `set_items`) they name a resource unless the operation says otherwise.
NOUN_VERBS = frozenset(
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
PREPOSITIONS = frozenset("of for in on from to with by at".split())
DETERMINERS = frozenset({"a", "an", "the", "all", "this", "one", "each", "every", "some", "any", "my", "your"})


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
    return verb in NOUN_VERBS and bool(rest) and is_plural(rest[-1])


def says_upsert(phrase: list[str]) -> bool:
    """ "Create or update a member", `upsertMembers`: a write keyed by what the client names,
    which a repeat overwrites instead of duplicating."""
    return "upsert" in phrase or bool(_OR_UPDATE.search(" ".join(phrase)))
