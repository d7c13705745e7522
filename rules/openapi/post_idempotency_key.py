"""
## What it does
Flags POST operations that create or trigger something, and so are not safe
to retry, but accept no idempotency key (by default the `Idempotency-Key`
request header).

What counts as accepting a key:

- a header parameter, on the operation or its path item (inline or `$ref`'d),
  named like the header (case-insensitively) or with `idempotency` in its
  name (`X-Idempotency-Key`), or a name ending in `Retry-Key` (LINE's
  `X-Line-Retry-Key`);
- a request body property (through `$ref`s, `allOf` and `oneOf`/`anyOf`)
  with `idempotency` or `dedup` in its name (`idempotency_key`,
  `idempotencyKey`, `deduplication_id`);
- a header or body field whose description says it makes the request
  idempotent or deduplicates it, whatever its name;
- a client request id (`request_id`, `client_request_id`, `client_token`,
  `X-Request-Id`, `Request-Id`) when its description says it deduplicates
  (mentions idempotency, duplicates or retries), or, in the body, when it is
  required: a trace id goes in a header and is optional, so a required body
  request id is there to recognise a repeated request.

A document that declares the header once for the whole API counts as
declaring it for every operation: a reusable header parameter of that name
(`components.parameters`, 2.0 `parameters`) that no operation references, a
top-level `x-idempotency...` extension, or `info.description` naming the
header.

A document that shows the API takes keys, yet where no operation accepts one,
gets ONE finding (at `components.parameters`, or where that section would go)
instead of one per POST: the server supports keys and the document never says
how to send them. Evidence is a schema property or enum value with the word
`idempotency` in its name (`idempotency_key` on a logged request, an error type
`idempotency_error`), or a description that speaks of an idempotency key (or
names the header). That an operation is idempotent, or that names serve
"creation idempotence", is no evidence: it says nothing about keys. Where some
operation does accept a key, the others are reported one by one, as
inconsistencies.

Evidence of what an operation does comes from its path's last literal
segment, its method name (after a `:` as in `/orders/{id}:cancel`, or the last
part of a dotted RPC name as in `/orders.cancel`, `/members.setStatus`), and
the verb it states: the first word of its summary (without a summary, of its
description: `Updates ...` reads as `update`), or, where that is no verb
known here, of its operationId, also after a resource prefix
(`databases_add_user`, `repos/create-fork`); prose comes first, as an
operationId is often copied from a neighbour. After `perform`, `run`,
`execute` or `do` the next word is the verb. These POSTs are not reported, as
retrying them is harmless or a repeat fails safely:

- updates of one item: the path ends in a template (`POST /customers/{id}`,
  `/Calls/{Sid}.json`), unless the template is a credential (its name says
  `secret`, `token`, `signature`, `password`...: `POST /hooks/{id}/{token}`
  runs the hook, and is judged by the rest of the path) or follows a dotted
  method (`POST /rooms.upload/{room_id}` uploads into that room, and is
  judged by the method);
- uploads to a singleton, and switches: a path that is also DELETEd, has no
  items under it, and whose last word is not a plural or whose POST takes no
  body (`POST /saml/certificate` beside `DELETE /saml/certificate`,
  `POST /branches/{b}/protection/required_signatures`): each upload replaces
  the one before, a switch turned on stays on. A body sent to a plural
  (`/policies/{id}/channels` `{channel_ids}`) adds to a collection;
- reads and computations: the last segment or method name says so (`/search`,
  `/get`, `/query`, `/download`, `:batchGet`, `.list`, `.info`, `.history`,
  `/validate`, `/preview`, `/graphql`, `/enrich`, `/classify` (data sent to
  be computed on and returned), ..., also after `pre`: `/precheck`,
  `/prevalidate`), or the stated verb does (get, list, search, query, fetch,
  retrieve, find, count, download, export, return, ...: "Get aggregated page
  views", "Return the senders", `searchWidgets`, `tickets_list_by_filter`;
  not "Return an order" at `/orders/{id}/returns`);
- sign-in and token issuing: a path with `token`, `login`, `oauth`,
  `authorize`... in it (`/oauth/token`, `/login`, `/auth/refresh`), unless
  it ends in a plural that the summary or description says it creates,
  adds or registers (`/users/{id}/tokens` "Create a user access token",
  `/oauth/apps` "Register an OAuth app": long-lived things, reported; an
  operationId alone does not say so);
- actions that end in the same state however often they are sent, in a path
  or dotted name, with or without an `{id}` before them (`/payment/cancel`,
  `/orders.cancel`, `/archive`, `/approve`, `/todos.complete`,
  `/invites.deny`, `/terminate_sessions`), and those that set or remove a
  value, named by their first or last word (`set_reader_display`,
  `members.setStatus`, `markAsRead`, `messages.delete`,
  `channels.removeUser`), or by the stated verb ("Update subscription tier",
  "Assign a role", "Merge a branch"). These include symmetric pairs
  (`open`/`close`, `favorite`/`unfavorite`, `link`/`unlink`,
  `associate`/`dissociate`, `unregister`), `promote`/`demote`, converting
  the item (`convert_to_bot`, `teams.convertToChannel`), regenerating or
  rotating (`regenerate_invite_id`: last write wins), and saving settings
  (`saveSettings`, `rooms.saveRoomSettings`, "Save preferences"; not
  `saveDraft`). As a stated verb, `start`, `fork`, `reset`, `open`,
  `convert` and the item transitions below do not count ("Start a migration",
  "Release a new version" make a new one each time). A many-word segment that
  starts with such a word is the verb and its object (`terminate_sessions`,
  even where the summary says "Create jobs to terminate sessions"), unless the
  word can name the plural after it and the operation says it creates
  ("Create a merge request" at `/merge_requests`, "Create a lock file" at
  `/lock_files`, "Create a link session" at `/link_sessions`): then it is a
  noun and the POST is reported;
- generating the secret of an item the path names (`/users/{id}/mfa/generate`
  "Generate MFA secret", also `totp`, `otp`, `password`): the item has one,
  and the last one made wins. Generating a key into a collection
  (`/users/{id}/keys` "Generate an API key") is reported;
- transitions of an item the path names, which move it once so that a repeat
  finds it moved (release, confirm, commit, submit, fail, succeed:
  `/schedules/{schedule}/release`, `/claims/{claim}/submit`, `{job}:fail`, or
  stated with that item as object: "Submit a draft" at
  `/drafts/{draft_id}/events`). The item is a template named for the
  collection before it or as an id, not a container
  (`/pipelines/{namespace}/submit` submits a new pipeline); without one
  (`/payments/confirm`) the body may describe a new thing. Not `capture`
  (partial captures), `pay`, `refund` or `reverse` (an amount each time), nor
  `send` (the mail goes out again);
- adding a member to a set: a method named `add` + a set member (`addLabel`,
  `reactions.add`, `groups.addUser`: labels, tags, users, members, groups,
  teams, roles, permissions, reviewers, assignees, collaborators, reactions,
  pins, stars, leaders, moderators, maintainers, editors ..., and `addAll`),
  or a POST to such a collection under an item, or stated as "Add a user ..."
  (the noun before a preposition: "Add a user picture" adds a picture, and is
  reported even with no body) or "Add ... to ..." with a body ("Add rooms to
  a team" `{team_id, rooms: [ids]}`), whose body only points at existing things: ids
  (`user_id`, `label_ids`), names in a list (`labels: [bug]`), e-mail
  addresses, beside choices such as a role from an enum (or with no body).
  `addComment`, `reminders.add` or a body that describes a new label
  (`{name, color}` at `POST /projects/{id}/labels`) create something each
  time and are reported;
- relations set between existing things: the summary or description starts
  with "Set"/"Sets" and the body only points at existing things, beside
  choices ("Sets the status of a policy for a user" with `{policy: {id},
  user: {id}, accepted: true}`, even at a collection whose summary says
  "Create"): the pair keys the relation and a repeat sets it again. A body
  that also carries content (a note's `text`), or one of only ids that says
  it creates ("Creates a subscription" `{customer_id, price_id}`), is
  reported;
- short-lived credentials ("Create an ephemeral API token", "client secrets
  are short-lived tokens", "tokens expire one hour after ..."): like a sign-in, one minted twice expires unused;
  a long-lived API key, or an ephemeral environment, is reported;
- webhook redeliveries ("Redeliver a delivery", `/redeliver`): the same
  delivery again, which receivers must recognise by its id anyway, as the
  sender retries too;
- upserts: `upsert` in the method name or operationId, or a summary or
  operationId that starts with a verb and "or update" / "or replace" ("Add
  or update members", "Provisions or updates a certificate",
  `createOrReplaceLimit`);
- invitations keyed by the invitee (`/invites`, `/invitations`,
  `admin.users.invite`, "Invite ..."), whose body names an e-mail address or a
  user: a repeat finds the invitation pending;
- creates keyed by something unique, where an error response says so ("Returns
  an error if a policy with this name already exists", `tuple_already_exists`,
  "a label with the same name", "not unique"): a repeat fails;
- get-or-create operations documenting both 200 and 201;
- operations marked `x-idempotent: true`, or whose own summary or description
  says they are idempotent ("Idempotent: returns 200 if the link already
  exists"; not "not idempotent").

The default severity is info, not warning: whether a POST can really act
twice depends on semantics a description does not state. A POST whose body
carries a unique natural key (a repository name, a Kubernetes object name, a
Git object hash, a milestone title or team name the API keeps unique) is
already safe to retry, since a repeat fails with 409 or 422; unless an error
response says so (above), neither the path nor a bare "409 Conflict" reveals
that, nor whether a rule added by value (a firewall rule) joins a set or is
added again: both are reported. Of 51 findings hand-checked on 10 real APIs,
37 were ones a reviewer would agree with, 12 borderline (creates keyed by a
unique name the document does not call unique, ephemeral sessions, actions
that may be no-ops) and 2 false alarms.
Set `only-if-used: true` (default `false`) to check only documents in which
some operation already accepts a key, or which show that the API takes keys
(the one finding above): those findings are inconsistencies and can be raised
to a warning in `.apilint.yaml` (the exemptions above are never reported, so
raising cannot reach them).

Options: `methods` (default `["post"]`; add `"patch"` to check PATCH too:
every PATCH is then checked except those taking `application/merge-patch+json`),
`header` (default `Idempotency-Key`), `exempt` (default `[]`: operationIds or
`"METHOD /path"` strings, shell-style globs allowed, such as `"POST /admin/*"`).

## Why is this bad?
POST is neither safe nor idempotent. When a request times out the client
cannot know whether it took effect; retrying it may charge a card or place an
order twice, and not retrying may lose it. An idempotency key lets the server
record the first outcome and return it for every retry with the same key, so
clients (and retry middleware) can retry safely.

Source: IETF draft-ietf-httpapi-idempotency-key-header ("The Idempotency-Key
HTTP Header Field"); Stripe's idempotent requests; seed notes ("For
unsafe-to-retry operations (payments, orders) accept an Idempotency-Key").

## Example
    paths:
      /payments:
        post:
          requestBody: {$ref: "#/components/requestBodies/Payment"}
          responses: {"201": {description: created}}

## Use instead
    paths:
      /payments:
        post:
          parameters:
            - name: Idempotency-Key
              in: header
              required: false
              schema: {type: string, maxLength: 255}
          requestBody: {$ref: "#/components/requestBodies/Payment"}
          responses: {"201": {description: created}}
"""

from __future__ import annotations

import fnmatch
import re
from typing import Callable, Iterator

from apilint.documents.openapi import TEMPLATE_VARIABLE, OpenAPI, Operation, PathSegment
from apilint.finding import Finding, Node, format_pointer
from apilint.registry import INFO, Option, rule

from .._verbs import is_noun_compound, says_upsert
from .._words import bare_verb, first_words, is_plural, singular, without_tags, words
from ._collections import fold, per_document
from ._verbs import stated_words

# Last path segment (or custom method) words that mark a POST as a read or a computation.
_QUERY_WORDS = frozenset(
    "search searches query find lookup lookups filter list get batchget fetch count exists "
    "validate validation validations verify check checks preview previews estimate estimates "
    "calculate calculation simulate simulation dryrun lint render parse graphql introspect "
    "upcoming match matches compare diff metrics stats statistics analytics markdown completions embeddings "
    "moderations speech transcriptions translations tokenize presigned url urls ping pings test tests proxy exec portforward "
    "info history download export reveal retrieve enrich enhance classify categorize".split()
)
# Sign-in and token issuing (`/oauth/token`, `/login`); not a collection of tokens or apps a Create summary
# creates (`/users/{id}/tokens` "Create a user access token", `/oauth/apps` "Register an OAuth app").
_AUTH_WORDS = frozenset(
    "token tokens oauth oauth2 login logout signin signout sign authorize authenticate auth refresh revoke "
    "introspection authorizations".split()
)
# Transitions into a state, and values set or removed: sending them twice leaves the same state.
_STATE_WORDS = frozenset(
    "cancel cancels close reopen archive unarchive restore lock unlock enable disable activate deactivate "
    "suspend unsuspend resume pause unpause start stop approve reject accept decline deny void finalize publish "
    "unpublish hide unhide star unstar follow unfollow mute unmute pin unpin subscribe unsubscribe expire "
    "redact detach rename mark read unread dismiss resolve unresolve ack acknowledge block unblock complete "
    "verify reset attach fork forks set unset merge rollback update change edit modify replace move resize "
    "upgrade downgrade sync purge clear remove delete end terminate assign unassign grant join leave "
    "open favorite unfavorite link unlink associate dissociate disassociate unregister deregister "
    "regenerate rotate promote demote convert".split()
)
# Transitions of the item the path names (`/schedules/{id}/release`, `{id}:confirm`): it moves once, and a
# repeat finds it moved. Without an item (`/payments/confirm`) the body may describe a new one. Not `capture`
# (partial captures), `pay`, `refund` or `reverse` (an amount each time), nor `send` (mail goes out again).
_ITEM_TRANSITIONS = frozenset("release confirm commit fail succeed submit".split())
# ...except as the verb an operation states: "Start a migration", "Fork a repository", "Release a new
# version" make a new one each time.
_ONLY_IN_PATHS = frozenset("start fork forks reset open convert".split()) | _ITEM_TRANSITIONS
# Transition words above that also name things: `link_account_sessions` is a noun compound.
_ALSO_NOUNS = frozenset({"link", "open"})
# `saveSettings`, "Save notification preferences": saving settings sets them ("Save a search" creates one).
_SETTINGS_NOUNS = frozenset("settings setting preferences preference prefs config configuration options".split())
# `/users/{id}/mfa/generate` "Generate MFA secret": an item's one secret, replaced by each new one.
_SECRET_WORDS = frozenset("secret secrets mfa totp otp password passphrase".split())
# "Creates a short-lived API key", "Client secrets are short-lived tokens": one minted twice expires unused.
_SHORT_LIVED_CREDENTIAL = re.compile(
    r"\b(?:ephemeral|short-lived|temporary)\b[^.]{0,40}?\b(?:token|secret|key|credential)s?\b"
    r"|\b(?:token|secret|key|credential)s?\b[^.]{0,20}?\bexpires?\b[^.]{0,15}?\b(?:\d+|one|an?)\s+(?:second|minute|hour)s?\b",
    re.IGNORECASE,
)
# Text the pattern cannot match without (in lower case; no i, k or s, which case-insensitive patterns
# also match in other scripts): a substring test skips most descriptions at a fraction of the cost.
_SHORT_LIVED_HINTS = ("ephemeral", "hort-l", "temporary", "exp")
# An error response that says the thing exists already: the POST is keyed by something unique, so a repeat
# fails ("Returns an error if a policy with this name already exists", `tuple_already_exists`).
_ALREADY_EXISTS = re.compile(
    r"\balready[\s_]+(?:exists?|present|in[\s_]+place|in[\s_]+use|taken|registered)\b|\bsame\s+name\b|\bnot\s+unique\b",
    re.IGNORECASE,
)
# A webhook delivery sent again: receivers dedupe by its id, as they must for the sender's own retries.
_REDELIVERY_WORDS = frozenset("redeliver redelivery redeliveries".split())
# The verb an operation states (summary, description, operationId) when it reads or computes.
_READ_VERBS = frozenset(
    "get list search query fetch retrieve lookup look find count download export read view show describe "
    "check validate preview estimate calculate compute return".split()
)
_CREATE_VERBS = frozenset("create new insert make".split())
_VERBS = (
    _READ_VERBS | _CREATE_VERBS | _STATE_WORDS | _ITEM_TRANSITIONS | _REDELIVERY_WORDS | {"add", "upsert", "invite"}
)
# Reads or computations wherever they appear in the path (`/graphql`, `/markdown/raw`).
_ANYWHERE = frozenset({"graphql", "markdown"})
# What a parent holds as a set: adding one twice leaves the same set (`/issues/{n}/labels`, `addMember`).
_MEMBER_NOUNS = frozenset(
    "user member group team role permission scope label tag assignee reviewer collaborator admin owner "
    "watcher subscriber follower app pin star reaction leader moderator maintainer manager editor viewer "
    "participant all".split()
)
# Words that end the noun phrase after "Add": "Add a user to the group" adds a user, "Add a user picture" a picture.
_PREPOSITIONS = frozenset("to from into in on onto for of with as by at".split())
_INVITE_WORDS = frozenset("invite invites invitation invitations".split())
_INVITEE_WORDS = frozenset("email emails login invitee user users".split())
# A path template that carries a secret rather than naming an item (`/hooks/{id}/{token}`).
_CREDENTIAL_WORDS = frozenset("secret token signature password credential credentials hmac".split())
# The last word of a body field that points at an existing item or person (`user_id`, `label_ids`, `email`).
_ID_WORDS = frozenset(
    "id ids uuid uuids sid sids slug slugs urn urns email emails login logins username usernames".split()
)
# Usual names of a client-chosen request id, folded: a key only where the spec says what it is for.
_REQUEST_ID_NAMES = frozenset("requestid clientrequestid clienttoken requesttoken".split())
_IDEMPOTENT = re.compile(r"\bidempotent\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(not|non|never|isn't)\W*$", re.IGNORECASE)
_KEY_TEXT = re.compile(r"idempoten|de-?dup", re.IGNORECASE)
_DEDUP_TEXT = re.compile(r"idempoten|de-?dup|duplicat|retr(?:y|ies|ied|ying)|replay", re.IGNORECASE)
# "Add or update members", "Provisions or updates a certificate", `createOrReplaceLimit`: an upsert.
_ARTICLES = frozenset("a an the one some".split())
# Verbs that say only that something is done; the word after them tells what (`perform-search`).
_GENERIC_VERBS = frozenset("perform run execute do".split())


@rule(
    "post-idempotency-key",
    severity=INFO,
    format="openapi",
    options={
        "methods": Option(["post"]),
        "header": Option("Idempotency-Key"),
        "exempt": Option([]),
        "only-if-used": Option(False),
    },
)
def post_idempotency_key(api: OpenAPI, options: dict) -> Iterator[Finding]:
    header = str(options.get("header") or "Idempotency-Key")
    methods = {str(method).lower() for method in options.get("methods") or ["post"]}
    exempt = [str(pattern) for pattern in options.get("exempt") or []]
    operations = api.operations
    # Asked up to three times per operation below (a walk over its body's properties): answer once.
    keyed: dict[str, bool] = {}

    def accepts_key(operation: Operation) -> bool:
        if operation.label not in keyed:
            keyed[operation.label] = _accepts_key(api, operation, header)
        return keyed[operation.label]

    if _declared_for_whole_api(api, operations, header, accepts_key):
        return
    unsafe = [
        operation
        for operation in operations
        if operation.method in methods
        and operation.data.get("x-idempotent") is not True
        and not _says_it_is_idempotent(operation)
        and not accepts_key(operation)
        and not _is_exempt(operation, exempt)
        and not _safe_to_retry(api, operation)
    ]
    if not unsafe:
        return
    if not any(accepts_key(operation) for operation in operations):
        evidence = _key_support(api, header)
        if evidence is not None:
            # The server takes keys and the document never says how to send one: one gap, not one per POST.
            where, place = _where_a_shared_header_goes(api)
            count = f"{len(unsafe)} operation{'' if len(unsafe) == 1 else 's'}"
            yield where.finding(
                f"the API appears to support idempotency keys ({evidence}) but declares no `{header}` header: "
                f"clients cannot tell how to send one to the {count} not safe to retry (e.g. {unsafe[0].label})",
                suggestion=f"declare `{header}` once as a shared header parameter under {place} and list it "
                "on the operations that are not safe to retry",
            )
            return
        if options.get("only-if-used"):
            return
    for operation in unsafe:
        yield operation.node.finding(
            f"{operation.label} is not safe to retry and accepts no `{header}` header",
            suggestion=f"add an `{header}` header parameter (or mark the operation `x-idempotent: true`)",
        )


def _is_key(name: str, description: object, header: str, *, required: bool = False) -> bool:
    """Named as an idempotency or retry key, documented as one, or a request id that is required (in a
    body) or documented as deduplicating."""
    lowered = name.lower()
    if lowered == header.lower() or "idempoten" in lowered or "dedup" in lowered:
        return True
    text = description if isinstance(description, str) else ""
    # A plain substring test first (see _SHORT_LIVED_HINTS): on long descriptions the pattern costs ten times more.
    lowered_text = text.lower()
    if ("dempoten" in lowered_text or "dup" in lowered_text) and _KEY_TEXT.search(text):
        return True
    folded = fold(name)
    if folded.endswith("retrykey"):
        return True  # LINE's `X-Line-Retry-Key`: a client-made key that makes retries safe, by its name
    return folded.removeprefix("x") in _REQUEST_ID_NAMES and (required or bool(_DEDUP_TEXT.search(text)))


def _accepts_key(api: OpenAPI, operation: Operation, header: str) -> bool:
    if any(p.location == "header" and _is_key(p.name, p.data.get("description"), header) for p in operation.parameters):
        return True
    for schema in _body_schemas(api, operation):
        required = _required(api, schema)
        for name, (_, field) in api.properties(schema).items():
            if _is_key(name, field.get("description"), header, required=name in required):
                return True
    return False


def _declared_for_whole_api(
    api: OpenAPI, operations: list[Operation], header: str, accepts_key: Callable[[Operation], bool]
) -> bool:
    if any(str(key).lower().startswith("x-idempoten") for key in api.data):
        return True
    info = api.data.get("info")
    if isinstance(info, dict) and header.lower() in str(info.get("description", "")).lower():
        return True
    if api.is_swagger:
        reusable = api.data.get("parameters")
    else:
        components = api.data.get("components")
        reusable = components.get("parameters") if isinstance(components, dict) else None
    if not isinstance(reusable, dict):
        return False
    declared = [
        name
        for name, parameter in reusable.items()
        if isinstance(parameter, dict)
        and parameter.get("in") == "header"
        and _is_key(str(parameter.get("name", "")), parameter.get("description"), header)
    ]
    # Declared once but listed by no operation: the API documents the header globally.
    return bool(declared) and not any(accepts_key(operation) for operation in operations)


def _key_support(api: OpenAPI, header: str) -> str | None:
    """Where the document shows that the API takes idempotency keys without declaring the header: a
    schema property or enum value named for idempotency (`idempotency_key`, `idempotency_error`), or a
    description that speaks of an idempotency key. None if it shows nothing of the kind; that an
    operation is idempotent, or names are for "creation idempotence", says nothing about keys."""
    says_key = re.compile(rf"\bidempotency[-_ ]?keys?\b|{re.escape(header)}", re.IGNORECASE)
    header_word = header.lower().encode()
    # The default header contains the word: then one search finds both.
    words_to_find = {b"idempotency"} if b"idempotency" in header_word else {b"idempotency", header_word}
    for source in api.reachable_sources():
        if not _mentions(source.raw, words_to_find):
            continue  # a text search first (3 ms): the walk below costs 0.15 s on GitHub's spec
        where = "" if source is api.source else source.path.name
        pending: list[tuple[tuple, object]] = [((), source.data)]
        while pending:
            pointer, value = pending.pop()
            if isinstance(value, list):
                pending.extend(((*pointer, index), item) for index, item in reversed(list(enumerate(value))))
                continue
            if not isinstance(value, dict):
                continue
            found = _names_idempotency(value.get("properties"), value.get("enum"))
            if found is not None:
                return f"{found} at {where}#{format_pointer(pointer)}"
            description = value.get("description")
            if isinstance(description, str) and says_key.search(description):
                return f"the description at {where}#{format_pointer((*pointer, 'description'))}"
            pending.extend(((*pointer, key), item) for key, item in reversed(list(value.items())))
    return None


def _mentions(raw: bytes, words: set[bytes]) -> bool:
    """Whether `raw` contains one of the lower-case `words`, in any case. Lowered a slice at a time
    (overlapping by a word's length): half the cost of lowering a big spec whole."""
    step, overlap = 1 << 16, max(map(len, words)) - 1
    for start in range(0, len(raw), step):
        piece = raw[start : start + step + overlap].lower()
        if any(word in piece for word in words):
            return True
    return False


def _names_idempotency(properties: object, enum: object) -> str | None:
    """`property `idempotency_key``, `enum value `idempotency_error``: the word, not `idempotent`."""
    for name in properties if isinstance(properties, dict) else ():
        if "idempotency" in words(str(name)):
            return f"property `{name}`"
    for value in enum if isinstance(enum, list) else ():
        if isinstance(value, str) and "idempotency" in words(value):
            return f"enum value `{value}`"
    return None


def _where_a_shared_header_goes(api: OpenAPI) -> tuple[Node, str]:
    """The reusable parameters section (or, where there is none, the section that would hold it)."""
    if api.is_swagger:
        if isinstance(api.data.get("parameters"), dict):
            return api.root.child("parameters"), "`parameters`"
        return api.root.child("paths"), "a top-level `parameters`"
    components = api.data.get("components")
    if not isinstance(components, dict):
        return api.root.child("paths"), "`components.parameters`"
    where = api.root.child("components")
    if isinstance(components.get("parameters"), dict):
        where = where.child("parameters")
    return where, "`components.parameters`"


def _says_it_is_idempotent(operation: Operation) -> bool:
    """Its own summary or description declares it repeat-safe ("Idempotent: returns 200 if the link
    already exists"), as `x-idempotent: true` would; "not idempotent" does not."""
    text = " ".join(str(operation.data.get(key, "")) for key in ("summary", "description"))
    if "dempotent" not in text.lower():
        return False  # the common case, found without the case-insensitive pattern (see _SHORT_LIVED_HINTS)
    return any(not _NEGATED.search(text[: match.start()][-20:]) for match in _IDEMPOTENT.finditer(text))


def _is_exempt(operation: Operation, patterns: list[str]) -> bool:
    names = [f"{operation.method.upper()} {operation.path}"]
    if operation.operation_id:
        names.append(operation.operation_id)
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns for name in names)


def _safe_to_retry(api: OpenAPI, operation: Operation) -> bool:
    if operation.response(200) is not None and operation.response(201) is not None:
        return True  # get-or-create: 200 "already exists", 201 "created"
    if any(r.is_error and _ALREADY_EXISTS.search(str(r.data.get("description") or "")) for r in operation.responses):
        return True  # a unique name or pair keys it: a repeat fails, as the API documents
    if operation.method == "patch":
        body = operation.request_body
        # JSON Merge Patch (RFC 7396) sets values, so repeating it is harmless; JSON Patch may append.
        return body is not None and any("merge-patch" in media for media in body.media_types)
    segments = operation.segments
    if segments and segments[-1].is_template and _is_credential(segments[-1]):
        segments = segments[:-1]  # POST /hooks/{id}/{token} runs the hook: no update of one item
    elif len(segments) > 1 and segments[-1].is_template and segments[-2].method_parts:
        segments = segments[:-1]  # POST /rooms.media/{rid}: the method acts in its parent, as its body would say
    elif segments and "{" in segments[-1].text and ":" not in segments[-1].literal:
        return True  # POST /customers/{id}, /Calls/{Sid}.json: an update of one item
    action, name, noun = _method_name(segments)
    stated = _stated(operation)
    verbs = {phrase[0] for phrase in stated}
    if "return" in {singular(word) for word in name}:
        verbs -= {"return"}  # "Return all or part of an order" at `/orders/{id}/returns` makes a return
    if _names_a_query(action) or verbs & _READ_VERBS:
        return True
    if any(_words(s.literal) & _ANYWHERE for s in segments) or _signs_in(segments, name, _said(operation)):
        return True
    if _replaces_singleton(api, operation):
        return True  # POST /ldap/certificate/public beside its DELETE: the upload replaces the one before
    if any(_says_short_lived(str(operation.data.get(key) or "")) for key in ("summary", "description")):
        return True  # like a sign-in: a credential minted twice leaves one to expire unused
    if (verbs | set(name)) & _REDELIVERY_WORDS:
        return True  # the same delivery again, which receivers recognise by its id
    if says_upsert(name) or any(says_upsert(phrase) for phrase in stated):
        return True
    if any(_saves_settings(phrase) for phrase in (name, *stated)):
        return True  # `saveRoomSettings`: the settings are set, to the same values again on a repeat
    if _regenerates_secret(segments, name, verbs):
        return True  # `/users/{id}/mfa/generate`: the user's one secret, replaced by the last one made
    if _adds_member(name, noun):
        return True  # the API names the method for the set: `addLabel`, `reactions.add`
    # Prose and plain collections say "add" for creating too ("Add a database user"): the body tells.
    stated_add = any(_adds_member(phrase, []) for phrase in stated)
    # "Add rooms to a team" {team_id, rooms: [ids]}: existing things of any kind, given by reference, join a
    # parent's set ("Add a thumbnail to a video" with no body makes one).
    stated_add |= operation.request_body is not None and any(p[:1] == ["add"] and "to" in p for p in stated)
    collection_of_members = bool(name) and singular(name[-1]) in _MEMBER_NOUNS
    if (stated_add or collection_of_members and any(s.is_template for s in segments[:-1])) and _names_existing_items(
        api, operation
    ):
        return True  # POST /issues/{n}/labels ["bug"]: existing labels join the set
    if (_INVITE_WORDS & set(name) or "invite" in verbs) and _names_invitee(api, operation):
        return True  # keyed by the invitee: a repeat finds the invitation pending
    if _says_it_sets(operation) and operation.request_body is not None and _names_existing_items(api, operation):
        return True  # "Sets the status of a user for a policy" {policy, user, accepted}: a relation's upsert
    path_state = bool(name) and bool({name[0], name[-1]} & _STATE_WORDS)
    if path_state and len(name) == 1:
        return True  # `/rollback`, `.cancel`: a one-word method is the action
    if _moves_named_item(segments, name, stated):
        return True  # `/schedules/{id}/release`, "Submit a review" at `/reviews/{id}/events`: it moves once
    if path_state and name[0] in _STATE_WORDS and not _is_noun_compound(name):
        return True  # `/terminate_sessions`: the verb and its object, even where prose says "Create jobs to ..."
    if verbs & _CREATE_VERBS:
        return False  # "Create a merge request" at /merge_requests: a noun compound, not `merge`
    return path_state or bool(verbs & (_STATE_WORDS - _ONLY_IN_PATHS))


def _says_short_lived(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _SHORT_LIVED_HINTS) and bool(_SHORT_LIVED_CREDENTIAL.search(text))


def _is_noun_compound(name: list[str]) -> bool:
    """`change_requests`, `link_account_sessions`: a word that is also a noun before a plural."""
    return is_noun_compound(name[0], name[1:]) or (name[0] in _ALSO_NOUNS and is_plural(name[-1]))


def _signs_in(segments: tuple[PathSegment, ...], name: list[str], said: set[str]) -> bool:
    """Sign-in and token issuing (`/oauth/token`, `/login`, `/auth/refresh`): a repeat signs in again. Not
    a plural collection the operation says it creates or registers under such a path (`/users/{id}/tokens`
    "Create a user access token", `/oauth/apps` "Register an OAuth app"; an operationId alone, often
    `createX` for a step of the sign-in such as Netlify's `/oauth/tickets`, is not enough)."""
    if not any(_words(s.literal) & _AUTH_WORDS for s in segments):
        return False
    return not (name and is_plural(name[-1]) and said & (_CREATE_VERBS | {"add", "register"}))


def _replaces_singleton(api: OpenAPI, operation: Operation) -> bool:
    """A POST to a path that is also DELETEd and has no items under it (`/ldap/certificate/public`,
    `/brand/image`, a switch such as `/protection/required_signatures` with no body): the path is one
    thing, which each POST replaces or turns on; not a collection, such as a plural that a POST with a
    body adds to and a DELETE with a body removes from (`/policies/{id}/channels`)."""
    last = [word for s in operation.segments if not s.is_template for word in words(s.literal)][-1:]
    if not last or is_plural(last[0]) and operation.request_body is not None:
        return False  # `/policies/{id}/channels` {channel_ids}: a collection, not `/required_signatures`
    deleted, parents_of_items = per_document(api, ("post-idempotency-key", "singletons"), lambda: _singleton_index(api))
    return operation.path in deleted and operation.path.rstrip("/") + "/" not in parents_of_items


def _singleton_index(api: OpenAPI) -> tuple[set[str], set[str]]:
    """The paths that are DELETEd, and every path prefix up to a `/` with a template after it
    (`/a/` and `/a/b/` of `/a/b/{id}`): built once, not a scan of every operation per POST."""
    deleted = {o.path for o in api.operations if o.method == "delete"}
    parents_of_items = set()
    for o in api.operations:
        last_template = o.path.rfind("{")
        parents_of_items.update(o.path[: at + 1] for at in range(last_template) if o.path[at] == "/")
    return deleted, parents_of_items


def _said(operation: Operation) -> set[str]:
    """The verb the summary (or description) starts with: `Creates` -> {create}."""
    return {bare_verb(word) for word in stated_words(operation)[:1]}


def _saves_settings(phrase: list[str]) -> bool:
    """`saveSettings`, `rooms.saveRoomSettings`, "Save notification preferences"."""
    return phrase[:1] == ["save"] and bool(set(phrase[1:4]) & _SETTINGS_NOUNS)


def _regenerates_secret(segments: tuple[PathSegment, ...], name: list[str], verbs: set[str]) -> bool:
    """(Re)generating the secret of an item the path names (`/users/{id}/mfa/generate` "Generate MFA
    secret"): it has one, and the last one made wins. Not `/users/{id}/keys` "Generate an API key"."""
    if "generate" not in set(name) | verbs or not any(s.is_template for s in segments):
        return False
    return any(_words(s.literal) & _SECRET_WORDS for s in segments)


def _moves_named_item(segments: tuple[PathSegment, ...], name: list[str], stated: list[list[str]]) -> bool:
    """A transition of an item the path names: the one-word method after it (`/disputes/{dispute}/submit`,
    `{job}:fail`), or a stated transition whose object is that item ("Submit a review" at
    `/reviews/{review_id}/events`; not "Release a new version" at `/apps/{app_id}/releases`)."""
    items = _named_items(segments)
    if not items:
        return False  # `/payments/confirm`, `/workflows/{namespace}/submit`: the body may describe a new one
    if len(name) == 1 and name[0] in _ITEM_TRANSITIONS:
        return True
    for phrase in stated:
        rest = [word for word in phrase[1:] if word not in _ARTICLES]
        if phrase[0] in _ITEM_TRANSITIONS and rest and singular(rest[0]) == items[-1]:
            return True
    return False


def _named_items(segments: tuple[PathSegment, ...]) -> list[str]:
    """The items a path names, by their collection's word: a template named for the collection before it
    (`disputes/{dispute}`, `transfers/{outbound_transfer}`) or as an id (`reviews/{review_id}`, `{pull_number}`).
    Not a container such as `workflows/{namespace}`."""
    items = []
    for index, segment in enumerate(segments):
        collection = words(segments[index - 1].literal) if index else []
        for variable in TEMPLATE_VARIABLE.findall(segment.text):
            found = words(variable)
            head = singular(collection[-1]) if collection else ""
            if found and (found[-1] in _ID_WORDS or found[-1] == "number" or singular(found[-1]) == head):
                items.append(head or singular(found[0]))
    return items


def _says_it_sets(operation: Operation) -> bool:
    """The summary or the description starts with "Set"/"Sets" (not "Set up", which creates)."""
    for key in ("summary", "description"):
        text = operation.data.get(key)
        found = first_words(without_tags(text), 2) if isinstance(text, str) else []
        if found[:1] and bare_verb(found[0]) == "set" and found[1:] != ["up"]:
            return True
    return False


def _is_credential(segment: PathSegment) -> bool:
    return bool(_words(segment.text) & _CREDENTIAL_WORDS)


def _method_name(segments: tuple[PathSegment, ...]) -> tuple[list[str], list[str], list[str]]:
    """The words of the segment that names what a POST does, of its method name, and of the noun
    before that: `/orders/{id}:cancel` -> [cancel], [orders]; `/reactions.add` -> [add], [reactions];
    `/cards/{id}/addLabel` -> [add, label], [cards]."""
    literal = [segment for segment in segments if not segment.is_template]
    if not literal:
        return [], [], []
    last, before = literal[-1], literal[:-1]
    previous = words(before[-1].literal) if before else []
    if ":" in last.text:
        noun_text, method = last.text.rsplit(":", 1)
        noun = words(TEMPLATE_VARIABLE.sub("", noun_text)) or previous
        return words(method), words(method), noun
    parts = last.method_parts
    if parts:
        return words(last.text), words(parts[-1]), words(parts[-2])
    return words(last.literal), words(last.literal), previous


def _stated(operation: Operation) -> list[list[str]]:
    """What the operation says it does, as word lists starting with the verb: its summary (without
    one, its description; `Updates` read as `update`); where that names no verb known here, its
    operationId, also after a resource prefix (`databases_add_user`, `repos/create-fork`). Prose
    comes first: an operationId is often copied from a neighbour."""
    prose = stated_words(operation)[:12]
    if prose:
        prose = _past_generic_verb([bare_verb(prose[0]), *prose[1:]])
        if prose[0] in _VERBS:
            return [prose]
    phrases = [prose]
    operation_id = operation.operation_id
    if operation_id:
        phrases.append(_past_generic_verb(words(operation_id)))
        prefix = re.search(r"[/._]", operation_id)
        if prefix:
            phrases.append(_past_generic_verb(words(operation_id[prefix.end() :])))
    return [phrase for phrase in phrases if phrase]


def _past_generic_verb(phrase: list[str]) -> list[str]:
    """ "Perform a search" -> [search]: the verb that says what is done."""
    if phrase and phrase[0] in _GENERIC_VERBS:
        rest = phrase[1:]
        while rest and rest[0] in _ARTICLES:
            rest = rest[1:]
        return [bare_verb(rest[0]), *rest[1:]] if rest else phrase
    return phrase


def _adds_member(phrase: list[str], noun: list[str]) -> bool:
    """`addLabel`, `reactions.add`, "Add a user to the group": adding to a set, not creating a thing."""
    if not phrase or phrase[0] != "add":
        return False
    rest = [word for word in phrase[1:] if word not in _ARTICLES]
    if _PREPOSITIONS & set(rest):
        rest = rest[: min(rest.index(word) for word in _PREPOSITIONS & set(rest))]
    added = rest[-1] if rest else (noun[-1] if noun else "")
    return singular(added) in _MEMBER_NOUNS


def _words(text: str) -> set[str]:
    return set(words(text))


def _names_a_query(action: list[str]) -> bool:
    """`search`, `batchGet`, `validate-name`, `presigned_urls`, `precheck`; not `value_list_items`."""
    ends = {action[0], action[-1], "".join(action)} if action else set()
    return bool((ends | {word.removeprefix("pre") for word in ends}) & _QUERY_WORDS)


# -- the request body -------------------------------------------------------------------


def _body_schemas(api: OpenAPI, operation: Operation) -> list[Node]:
    """Where the request body's schema is defined, and its `oneOf`/`anyOf` alternatives."""
    body = operation.request_body
    if body is None or body.schema_node is None:
        return []
    resolved = api.schema(body.schema_node)
    if resolved is None:
        return []
    where, schema = resolved
    schemas = [where]
    for keyword in ("oneOf", "anyOf"):
        alternatives = schema.get(keyword)
        if isinstance(alternatives, list):
            schemas.extend(where.child(keyword, index) for index in range(len(alternatives)))
    return schemas


def _required(api: OpenAPI, node: Node, depth: int = 0) -> set[str]:
    """The required property names of an object schema, `allOf` parts included."""
    resolved = api.schema(node)
    if resolved is None or depth > 8:
        return set()
    where, schema = resolved
    required = {str(name) for name in schema.get("required") or [] if isinstance(name, str)}
    parts = schema.get("allOf")
    for index in range(len(parts) if isinstance(parts, list) else 0):
        required |= _required(api, where.child("allOf", index), depth + 1)
    return required


def _names_existing_items(api: OpenAPI, operation: Operation) -> bool:
    """The body only points at existing things (`{label_ids: [1]}`, `["bug"]`, `{user_id, role}`),
    or there is no body to describe a new one."""
    if operation.request_body is None:
        return True
    return any(_refers(api, schema) for schema in _body_schemas(api, operation))


def _refers(api: OpenAPI, node: Node) -> bool:
    resolved = api.schema(node)
    if resolved is None:
        return False
    where, schema = resolved
    if schema.get("type") == "array":
        return _is_scalar_list(api, where)
    fields = api.properties(where)
    required = _required(api, where)
    names = [name for name in fields if name in required] or list(fields)
    references = {name for name in names if _is_reference(api, name, fields[name][0])}
    # Besides references only choices (a role from an enum, a flag), never content such as a name.
    return bool(references) and all(name in references or _is_choice(api, fields[name][0]) for name in names)


def _is_reference(api: OpenAPI, name: str, node: Node) -> bool:
    if words(name)[-1:] and words(name)[-1] in _ID_WORDS:
        return True
    if _is_scalar_list(api, node):
        return True  # `labels: [bug]`: names of existing items
    inner = set(api.properties(node))
    return "id" in inner and inner <= {"id", "type"}  # `user: {type: user, id: "42"}`


def _is_scalar_list(api: OpenAPI, node: Node, depth: int = 0) -> bool:
    """An array of strings or integers, also when written as `allOf: [{$ref: ...}, {description: ...}]`."""
    resolved = api.schema(node)
    if resolved is None or depth > 8:
        return False
    where, schema = resolved
    parts = schema.get("allOf")
    if isinstance(parts, list):
        return any(_is_scalar_list(api, where.child("allOf", index), depth + 1) for index in range(len(parts)))
    items = api.schema(where.child("items")) if schema.get("type") == "array" else None
    return items is not None and items[1].get("type") in ("string", "integer")


def _is_choice(api: OpenAPI, node: Node) -> bool:
    resolved = api.schema(node)
    return resolved is not None and ("enum" in resolved[1] or resolved[1].get("type") == "boolean")


def _names_invitee(api: OpenAPI, operation: Operation) -> bool:
    """The body names whom it invites: an e-mail address or a user, at its top level or one below."""
    pending = [(schema, 0) for schema in _body_schemas(api, operation)]
    while pending:
        node, depth = pending.pop()
        for name, (field, _) in api.properties(node).items():
            if _words(name) & _INVITEE_WORDS:
                return True
            if depth < 1:
                pending.append((field, depth + 1))
    return False
