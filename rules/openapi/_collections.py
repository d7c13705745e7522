"""What the pagination rules share: which GETs (and POST searches) return lists, and how a list
is paginated, by query parameters or by fields of a POST search's body (`body_paging`).

Not a rule (no `@rule`): `collection-paginated`, `cursor-pagination` and `limit-has-maximum`
import it. Parameter and property names are compared folded (`fold`): lower case with
punctuation dropped, so `page_size`, `pageSize`, `page[size]` and `PageSize` are one name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, TypeVar
from weakref import WeakKeyDictionary

from apilint.documents.openapi import OpenAPI, Operation, Parameter, Response, SchemaType, path_segments
from apilint.finding import Node

from .._words import is_plural, singular, words

# How many items per request the client may ask for.
SIZE_PARAMETERS = frozenset(
    "limit pagesize perpage size maxresults count top first last maxitems pagelimit maxpagesize "
    "numresults resultsperpage itemsperpage batchsize pagelength take rows".split()
)
# Where to start, by position: page numbers and offsets.
OFFSET_PARAMETERS = frozenset(
    "offset page skip start pagenumber pagenum pageno pageindex pageoffset startindex startat startrow".split()
)
# Where to start, by an opaque token or a key of the last item seen.
CURSOR_PARAMETERS = frozenset(
    "cursor after before pagetoken nextpagetoken pagecursor pageafter pagebefore startingafter endingbefore "
    "startafter continue continuationtoken continuation marker since sinceid maxid minid nexttoken skiptoken "
    "nextcursor pagekey exclusivestartkey startcursor endcursor afterid beforeid startkey".split()
)
PAGINATION_PARAMETERS = SIZE_PARAMETERS | OFFSET_PARAMETERS | CURSOR_PARAMETERS

# Names under which a list envelope carries its items (`{data: [...], has_more: true}`).
_ITEM_PROPERTIES = frozenset(
    "data items results entries records values value elements list content objects rows hits nodes edges".split()
)
# Properties that say where the next page is (a URL, or an object of links): a client follows
# them, so the server paginates even where no parameter says so.
_NEXT_LINK_PROPERTIES = frozenset(
    "next nextpage nextlink odatanextlink nexturl nextpageurl nextpageuri pagination paging links".split()
)
# Properties that say "there is more" (a flag, or a token to send back): paging the client can
# only continue with a request parameter.
_MORE_PROPERTIES = frozenset(
    "hasmore hasnext more moreresults nextcursor nextpagetoken nexttoken nextmarker continuationtoken continue "
    "cursor cursors".split()
)
# The size of the whole list, which a list returned whole has no need of.
_TOTAL_PROPERTIES = frozenset("total totalcount totalitems totalresults totalsize".split())
# Properties that mark an object as a list envelope.
# (`count`, `url`, `page` are left out: single resources have them too.)
_ENVELOPE_PROPERTIES = _NEXT_LINK_PROPERTIES | _MORE_PROPERTIES | _TOTAL_PROPERTIES
# A description that bounds the list: "at most 1 per parent", "returns up to 10", "a maximum of
# 25", "only one ... is supported". Group 1: the bound, when it is a number (else it is one).
_STATED_BOUND = re.compile(
    r"\b(?:at most|up to|a maximum of|maximum of|no more than|not more than|limited to|only)\s+"
    r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a single)\b"
    r"(?!(?:\s*(?:to|or|-)\s*\w+)?\s*(?:%|percent|seconds?|minutes?|hours?|days?|weeks?|months?|years?|ms|[kmg]b|bytes|characters|chars)\b)"
    r"|\bonly\b[^.]{1,60}?\b(?:is|are) supported\b",
    re.IGNORECASE,
)
# Text _STATED_BOUND cannot match without (in lower case; no i, k or s, which case-insensitive patterns
# also match in other scripts): a substring test skips most descriptions at a fraction of the cost.
_STATED_BOUND_HINTS = ("at mo", "up to", "max", "more than", "ted to", "only")
# ... unless what follows says it bounds something else: a page or batch ("up to 100 results
# per page", "only 20 on each page", "up to 100. This field paginates", "up to 50 in a single
# request"), or what runs at once ("limited to one concurrent build": the builds still pile up).
_NOT_THE_LIST_SIZE = re.compile(
    r"page|paginat|per (?:request|call|response)|at a time|in (?:one|a single|each|a) (?:request|call|batch)|batch"
    r"|concurrent|simultaneous|in parallel|at once|at the same time",
    re.IGNORECASE,
)
_NUMBER_WORDS = {"one": 1, "a single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


_T = TypeVar("_T")

# Rules ask the same questions of the same document: which operations return lists, how each
# pages, which lists grow (three pagination rules and create-returns-201), indexes that spare a
# scan of every operation per operation. Each answer is computed once and kept with the document
# (documents compare by identity), forgotten when it is.
_PER_DOCUMENT: WeakKeyDictionary[OpenAPI, dict] = WeakKeyDictionary()


def per_document(api: OpenAPI, key: tuple, compute: Callable[[], _T]) -> _T:
    """`compute()`, once per document and `key` (a tuple: what is asked, then of what)."""
    known = _PER_DOCUMENT.setdefault(api, {})
    if key not in known:
        known[key] = compute()
    return known[key]


# Cached: big specs repeat the same few parameter and property names thousands of times.
@lru_cache(maxsize=8192)
def fold(name: str) -> str:
    """`page[size]`, `page_size`, `pageSize`, `$top` -> `pagesize`, `pagesize`, `pagesize`, `top`."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@lru_cache(maxsize=8192)
def paging_names(name: str) -> frozenset[str]:
    """The folded name, and its last dotted part: Kubernetes-style `listOptions.limit` is `limit`."""
    return frozenset({fold(name), fold(name.rsplit(".", 1)[-1])})


def has_paging_parameter(operation: Operation, names: frozenset[str] = PAGINATION_PARAMETERS) -> bool:
    return any(paging_names(p.name) & names for p in query_parameters(operation))


@dataclass(frozen=True)
class Collection:
    """A GET (or a POST search) that returns a list: the response and the array schema that holds the items."""

    operation: Operation
    response: Response
    array_node: Node  # where the array schema is defined ($refs followed)
    array: dict
    envelope: tuple[str, ...]  # the envelope's property names; empty for a bare array

    @property
    def envelope_properties(self) -> frozenset[str]:
        """The envelope's property names, folded."""
        return frozenset(map(fold, self.envelope))

    def max_items(self) -> int | None:
        value = self.array.get("maxItems")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def bounded(self, limit: int) -> bool:
        """The array declares `maxItems` no larger than `limit`."""
        value = self.max_items()
        return value is not None and value <= limit

    def holds_records(self, api: OpenAPI) -> bool:
        """The items are objects (or unknown), not scalars: `[string]` lists of names, flags or
        codes are enumerations or answers to the request, not resources that pile up."""
        resolved = api.schema(self.array_node.child("items"))
        if resolved is None:
            return True
        items = resolved[1]
        types = SchemaType.of(items, api.version).types
        if types:
            return "object" in types
        return not ("enum" in items or "items" in items)

    def bounded_by_request(self) -> bool:
        """A batch GET (`?ids=a,b,c` required): the client chose the items, so it chose the size."""
        return any(p.required and fold(p.name).endswith("ids") for p in query_parameters(self.operation))

    def fixed_by_name(self, nouns: list[str]) -> bool:
        """The path ends in reference data (`/regions`, `/instance_sizes`, `/genres`): small, fixed lists."""
        rpc = rpc_method(self.operation)
        if rpc is not None:
            last = fold(_plural(rpc.noun))
        else:
            last = fold(self.operation.segments[-1].literal) if self.operation.segments else ""
        return any(last.endswith(fold(noun)) for noun in nouns if fold(noun))

    def links_next_page(self) -> bool:
        """The envelope says where the next page is (`next`, `next_page_uri`, `links`, `@odata.nextLink`)."""
        return bool(self.envelope_properties & _NEXT_LINK_PROPERTIES)

    def says_more(self) -> str | None:
        """The envelope property that says there is more (`has_more`, `next_cursor`), if any."""
        return next((name for name in self.envelope if fold(name) in _MORE_PROPERTIES), None)

    def total(self) -> str | None:
        """The envelope property that counts the whole list (`total`, `total_count`), if any."""
        return next((name for name in self.envelope if fold(name) in _TOTAL_PROPERTIES), None)

    def bounded_by_description(self, limit: int, creators: Iterable[Operation] = ()) -> bool:
        """The operation, response or array, or an operation that creates the items (`creators`:
        "only one forwarder can be created per provider"), says the list is small: "at most 1
        per parent", "returns up to 10", "only one ... is supported" (a stated number no larger
        than `limit`), not a page or batch size ("up to 100 per page", "up to 50 per request")."""
        own = [self.operation.data.get("summary"), self.operation.data.get("description")]
        own += [self.response.data.get("description"), self.array.get("description")]
        # A creator's text bounds other things too ("a test clock can be associated with up to 5
        # recurring transfers"): only a bound on the items themselves counts.
        noun = _last_word(self.operation)
        created = [text for creator in creators for text in (creator.data.get("summary"), creator.data.get("description"))]
        return any(_states_bound(text, limit) for text in own) or any(_states_bound(text, limit, noun) for text in created)


def _states_bound(text: object, limit: int, noun: str | None = None) -> bool:
    """`text` states a bound no larger than `limit`, on `noun` when given (one of the next few
    words shares its stem: "only one data forwarder" bounds `/forwarding`)."""
    text = text if isinstance(text, str) else ""
    lowered = text.lower()
    if not any(hint in lowered for hint in _STATED_BOUND_HINTS):
        return False
    for match in _STATED_BOUND.finditer(text):
        if _NOT_THE_LIST_SIZE.search(text, match.end(), match.end() + 60):
            continue
        if noun is not None and not any(_same_stem(word, noun) for word in words(text[match.end() : match.end() + 40])[:4]):
            continue
        bound = (match.group(1) or "one").lower()
        if (int(bound) if bound.isdigit() else _NUMBER_WORDS.get(bound, 1)) <= limit:
            return True
    return False


def _same_stem(word: str, noun: str) -> bool:
    """`forwarder` and `forwarding`, `build` and `builds`; not `transfers` and `transactions`."""
    stem = noun[:-3] if noun.endswith("ies") else singular(noun)
    shared = next((i for i, (a, b) in enumerate(zip(word, stem)) if a != b), min(len(word), len(stem)))
    return bool(stem) and shared >= min(len(stem), 6)


# Path endings of reference data: lists that stay small and change with releases, not with use.
FIXED_LISTS = (
    "regions sizes markets countries currencies languages locales timezones time_zones enums types kinds genres "
    "categories rates themes"
).split()
# Last words of lists whose items record what happened or what was exchanged: they pile up with
# use, without bound (an issue's comments, an account's invoices, a site's deploys), unlike what
# an owner configures (a user's e-mail aliases, a site's hooks, an app's alert policies). Not
# `history` (one item's history is bounded by its edits) nor `backups` (bounded by retention),
# nor `sweeps` (Plaid's are money moved, Adyen's the rules that move it).
ACCUMULATING = frozenset(
    "events logs audit auditlog notifications messages comments replies reviews posts commits "
    "transactions payments invoices orders receipts transfers claims refunds charges payouts disputes "
    "repayments settlements withdrawals "
    "journals files documents uploads artifacts versions revisions snapshots migrations runs builds reactions "
    "deploys deployments jobs invocations executions scans calls recordings submissions records entries "
    "tickets issues incidents episodes followers following subscribers stargazers forks releases digests".split()
)
# Records of one execution: a list under one of them (`/runs/{run_id}/jobs`,
# `/check-suites/{id}/check-runs`) holds the parts of that execution, bounded by it.
_EXECUTIONS = frozenset("runs jobs builds executions invocations attempts suites deployments deploys".split())
# Path words of a log of what happened (`/users/{u}/events/public`, `/history`) or of a search
# over a growing set (`/search/code`): such lists change whether or not clients add to them.
_LOGS_AND_SEARCHES = frozenset("events logs audit auditlog history timeline search searches query".split())
# Last words of what an account configures rather than produces: credentials, network plumbing,
# access rules and hooks (`/v2/vpcs`, `/openai/keys`, `/vpc_nat_gateways`). Top-level and
# changed by clients, but few and stable, so paging them by position is fine (seed notes: offset
# for small, stable datasets); `collection-paginated` still wants them paginated (AIP-158).
_CONFIGURATION = frozenset(
    "keys tokens secrets credentials vpcs subnets gateways peerings routers prefixes settings policies roles "
    "webhooks hooks".split()
)
# Query parameters that order a list, window it by time or search it: pointless on a list small
# enough to take whole. Compared folded; time windows also by ending (`created_after`,
# `DateFrom`, `updated_since`).
_ORDERING = frozenset("sort sortby sortorder sortdirection order orderby direction".split())
_FULL_TEXT = frozenset("q query search searchterm filterterm term keyword keywords".split())
_TIME_WINDOW_ENDINGS = ("date", "time", "since", "until", "from", "after", "before")


# Path segments that name the caller (`/me/playlists`, `/user/emails`, `/v2/account/keys`):
# what follows belongs to one parent item, as under `/users/{id}`.
_CALLER = frozenset("me my self user account currentuser viewer".split())
# Item templates that name no kind of thing, so sharing one says nothing about what a list holds.
_GENERIC_TEMPLATES = frozenset("id uuid key name slug sid".split())


def _path_key(segments: list) -> tuple[str, ...]:
    return tuple("{}" if segment.is_template else segment.text for segment in segments)


# Verbs that end an RPC-style method name (`/transfer/list`, `channels.create`), by what the
# method does to the collection the rest of the name names: reads it, adds to it, or changes or
# removes its items.
_READ_VERBS = frozenset("list get search query find fetch".split())
_CREATE_VERBS = frozenset("create add insert new".split())
_WRITE_VERBS = frozenset("update edit modify patch delete remove cancel archive".split())


@dataclass(frozen=True)
class RpcMethod:
    """An RPC-style path read as a verb on a collection: `/transfer/list` is `list` on
    `transfer` (key `("transfer",)`), `/api/v1/channels.create` is `create` on `channels`."""

    key: tuple[str, ...]  # the collection's path key, which the sibling methods share
    noun: str  # what the collection is called, often singular (`transfer`, `bank_transfer`)
    verb: str


def rpc_method(operation: Operation) -> RpcMethod | None:
    """The method, when the path ends in a bare verb after a literal segment (`/transfer/list`,
    `/x/add.json`) or in a dotted method whose last part is one (`users.list`); None for REST
    paths and for methods that say more (`chat.getPinnedMessages`)."""
    return _rpc_method(operation.path)


# By path, as _last_word and _list_key: the pagination rules ask of every list and its siblings, many times.
@lru_cache(maxsize=8192)
def _rpc_method(path: str) -> RpcMethod | None:
    segments = path_segments(path)
    if not segments or segments[-1].is_template:
        return None
    last = segments[-1]
    parts = last.method_parts
    if parts:
        verb = fold(parts[-1])
        if verb not in _READ_VERBS | _CREATE_VERBS | _WRITE_VERBS:
            return None
        return RpcMethod(_path_key(segments[:-1]) + (".".join(parts[:-1]),), parts[-2], verb)
    verb = fold(last.literal.split(".")[0])
    if verb not in _READ_VERBS | _CREATE_VERBS | _WRITE_VERBS or len(segments) < 2 or segments[-2].is_template:
        return None
    return RpcMethod(_path_key(segments[:-1]), segments[-2].literal, verb)


def _plural(word: str) -> str:
    """`transfer` -> `transfers`, `policy` -> `policies`: RPC names say the collection in the
    singular (`/transfer/list`), the vocabularies here say lists in the plural."""
    if is_plural(word):
        return word
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def _last_word(operation: Operation) -> str:
    """The last word of the path's last segment, a file extension dropped: `/build_hooks` ->
    `hooks`, `/search.json` -> `search`, `/BatchPayments` -> `payments`; empty when the path
    ends in a template (`/submissions/{id}` names one item, whatever list it answers with).
    An RPC method's word is its collection's, in the plural: `/transfer/list` -> `transfers`."""
    return _last_word_of(operation.path)


@lru_cache(maxsize=8192)
def _last_word_of(path: str) -> str:
    rpc = _rpc_method(path)
    if rpc is not None:
        found = words(rpc.noun)
        return _plural(found[-1]) if found else ""
    segments = path_segments(path)
    if not segments or segments[-1].is_template:
        return ""
    last = segments[-1]
    text = last.literal if last.method_parts else last.literal.split(".")[0]
    found = words(text)
    return found[-1] if found else ""


class GrowingLists:
    """Which lists keep changing and which grow large, decided once per document for
    `collection-paginated` (`unbounded`) and `cursor-pagination` (`large`).

    Structure first. A top-level collection that clients grow (`/customers`, `/v2/droplets`:
    no parent item in its path, and clients add to it or change or remove its items at
    `/customers/{id}`) is what the API is for, and nothing bounds how many a client makes
    (`grown_at_top`). In an RPC-style API the list is a method (`/transfer/list`, `channels.list`)
    and the evidence sits on its siblings (`/transfer/create`, `/transfer/cancel`): see
    `rpc_method`. So is
    a membership (`/orgs/{org}/members/{username}` beside `/users/{username}`): it is as large
    as the collection its items come from (`lists_members`).

    Words second. A sub-collection of one parent item (`/users/{id}/emails`, `/me/playlists`,
    `/trusted-devices?cardId=...`) is mostly what an owner configures (a user's e-mail aliases,
    a site's hooks, a brand's vettings), so it needs more evidence, any of:
    - its last word names records that accumulate with use (`ACCUMULATING`, plus the `growing`
      option: payments, messages, deploys, comments, ...), unless it lists the parts of one run;
    - it is a log (`/events`, `/audit`, `/history`) or a search (`/search/code`);
    - (`large` only) it changes (clients add to it or address its items) and the client may sort
      it, window it by time or search it (`_sorted_or_searched`). Requiring both a create and an
      item route here lost large lists (an org's repositories, Xero's prepayments) and no
      false alarm on the corpus.

    Lists with none of these are computed or stable views (rankings, top tens, charts, opening
    hours, recommendations, an album's tracks) and catalogs clients only read (`/licenses`
    beside a read-only `/licenses/{key}`). For `large`, a top-level list of configuration
    (`_CONFIGURATION`: keys, VPCs, gateways, hooks) is small and stable: offsets are fine there.
    Known blind spot: definitions clients add once and never change (a payroll's benefit
    types) look like any top-level list clients add to (`POST /pets` beside `GET /pets/{id}`)."""

    def __init__(self, api: OpenAPI, growing: Iterable[str] = ()):
        self.accumulating = ACCUMULATING | {noun.lower() for noun in growing}
        self.creatable: set[tuple[str, ...]] = set()
        self.addressable: set[tuple[str, ...]] = set()
        self.written_items: set[tuple[str, ...]] = set()
        # Item templates of top-level collections (`{username}` of `/users/{username}`) -> the
        # collection's last word, and of sub-collections -> (list path key, the list's last word).
        top_items: dict[str, str] = {}
        sub_items: dict[str, set[tuple[tuple[str, ...], str]]] = {}
        # Operations that add to a list, by its key, whose descriptions may bound it.
        self.creators: dict[tuple[str, ...], list[Operation]] = {}
        self._bounded: dict[tuple[str, int], bool] = {}
        for operation in api.operations:
            rpc = rpc_method(operation)
            if rpc is not None:
                self._add_method(api, operation, rpc)
                continue
            segments = operation.segments
            key = _path_key(segments)
            if operation.method in ("post", "put"):
                self.creatable.add(key)
                self.creators.setdefault(key, []).append(operation)
            if not key or key[-1] != "{}":
                continue
            self.addressable.add(key[:-1])
            if operation.method in ("put", "patch", "delete"):
                self.written_items.add(key[:-1])
            if len(segments) < 2 or segments[-2].is_template:
                continue
            template, listed_word = segments[-1].text[1:-1], _singular(segments[-2].literal)
            if not any(segment.is_template for segment in segments[:-1]):
                top_items[template] = listed_word
            else:
                sub_items.setdefault(template, set()).add((key[:-1], listed_word))
        # Lists whose items are another top-level collection's items (`/orgs/{org}/members/{username}`
        # beside `/users/{username}`): memberships, bounded only by that collection.
        self.memberships = {
            list_key
            for template, lists in sub_items.items()
            if template.lower() not in _GENERIC_TEMPLATES and template in top_items
            for list_key, listed_word in lists
            if listed_word != top_items[template]
        }

    def _add_method(self, api: OpenAPI, operation: Operation, rpc: RpcMethod) -> None:
        """An RPC method, filed under its collection: `/x/create` adds to it, `/x/update` and
        `/x/cancel` change its items, `/x/get` answering with one item addresses them. A method
        that reads (`/x/list`, `/x/search`, even by POST) adds nothing."""
        if rpc.verb in _CREATE_VERBS:
            self.creatable.add(rpc.key)
            self.creators.setdefault(rpc.key, []).append(operation)
        elif rpc.verb in _WRITE_VERBS:
            self.written_items.add(rpc.key)
            self.addressable.add(rpc.key)
        elif collection(api, operation, operation.method) is None:
            self.addressable.add(rpc.key)

    def creators_of(self, listed: Collection) -> list[Operation]:
        """The operations that add to the list (`POST` on its path, or `/x/create` beside `/x/list`)."""
        return self.creators.get(_list_key(listed.operation), [])

    def bounded_by_description(self, listed: Collection, limit: int) -> bool:
        """`listed.bounded_by_description(limit, its creators)`, remembered: two rules ask it of every list."""
        key = (listed.operation.label, limit)
        if key not in self._bounded:
            self._bounded[key] = listed.bounded_by_description(limit, self.creators_of(listed))
        return self._bounded[key]

    def unbounded(self, listed: Collection) -> bool:
        """Grows without a bound a client could take whole: a top-level collection clients grow,
        or records that accumulate in a list that changes or logs (`/sites/{id}/deploys` with
        `POST`, `/apps/{id}/events`)."""
        operation = listed.operation
        if self.grown_at_top(operation) or self.lists_members(operation):
            return True
        return self._accumulates(operation) and (self.changes(operation) or _logs_or_searches(operation))

    def large(self, listed: Collection) -> bool:
        """Large and changing, so that paging by position skips or repeats items: a top-level
        collection clients grow, records that accumulate, a log or a search, or a list that
        changes and that clients sort, window by time or search (`/orgs/{org}/repos?sort=updated`)."""
        operation = listed.operation
        if self.grown_at_top(operation) and _last_word(operation) not in _CONFIGURATION:
            return True
        if self.lists_members(operation) or self._accumulates(operation) or _logs_or_searches(operation):
            return True
        return self.changes(operation) and _sorted_or_searched(operation)

    def changes(self, operation: Operation) -> bool:
        """Clients add to the list or address its items."""
        key = _list_key(operation)
        return key in self.creatable or key in self.addressable

    def grown_at_top(self, operation: Operation) -> bool:
        """A top-level collection (`_top_level`) that clients grow: they add to it (`POST` or
        `PUT` on it), or change or remove its items (`PUT`, `PATCH` or `DELETE` on `/x/{id}`).
        A catalog whose items clients only read (`/licenses/{key}`) is the provider's, not grown."""
        key = _list_key(operation)
        return _top_level(operation) and (key in self.creatable or key in self.written_items)

    def lists_members(self, operation: Operation) -> bool:
        """A sub-collection whose items are another top-level collection's items (an org's members)."""
        return _list_key(operation) in self.memberships

    def _accumulates(self, operation: Operation) -> bool:
        """The last word names records that pile up, and the list is not the parts of one execution."""
        return _last_word(operation) in self.accumulating and not _parts_of_execution(operation)


def _list_key(operation: Operation) -> tuple[str, ...]:
    """The key a list's siblings share: its path's, or an RPC method's collection's."""
    return _list_key_of(operation.path)


@lru_cache(maxsize=8192)
def _list_key_of(path: str) -> tuple[str, ...]:
    rpc = _rpc_method(path)
    return rpc.key if rpc is not None else _path_key(path_segments(path))


def _singular(segment: str) -> str:
    """A segment's last word without a plural `s`: `vpc_peerings` and `peerings` -> `peering`."""
    found = words(segment)
    return found[-1].removesuffix("s") if found else ""


def _top_level(operation: Operation) -> bool:
    """No parent item before the list: no template segment (`/v2/droplets`, `/gen-ai/agents`:
    literal prefixes are namespaces or versions), no segment naming the caller (`/user/emails`,
    `/me/tracks`), and no required query parameter that scopes the list to a parent
    (`/trusted-devices?cardId=...` is `/cards/{id}/trusted-devices` written otherwise)."""
    segments = operation.segments
    if not segments or any(segment.is_template for segment in segments):
        return False
    # An RPC method's own collection may be called `user` (`/user/list`): only what comes before it names the caller.
    parents = segments[:-2] if rpc_method(operation) is not None and not segments[-1].method_parts else segments[:-1]
    if any(fold(segment.literal) in _CALLER for segment in parents):
        return False
    return not any(p.required for p in query_parameters(operation) if p.location == "query")


def _parts_of_execution(operation: Operation) -> bool:
    """`/runs/{run_id}/artifacts`, `/attempts/{n}/jobs`: the list sits under one run."""
    segments = operation.segments
    if len(segments) < 3 or not segments[-2].is_template:
        return False
    found = words(segments[-3].literal)
    return bool(found) and found[-1] in _EXECUTIONS


def _logs_or_searches(operation: Operation) -> bool:
    """A word of the path names a log or a search: `/users/{u}/events/public`, `/search/code`."""
    return any(word in _LOGS_AND_SEARCHES for segment in operation.segments for word in words(segment.literal))


def _sorted_or_searched(operation: Operation) -> bool:
    """The client may sort the list, window it by time or search it, by an optional query
    parameter (`sort`, `direction`, `since`, `DateFrom`, `q`): only large lists need that.
    Facet filters (`region`, `status`, `name`) narrow small lists too, so they do not count; nor
    does a required parameter, which is part of the question rather than a way to narrow it."""
    for parameter in operation.parameters:
        name = fold(parameter.name)
        if parameter.location != "query" or parameter.required or paging_names(parameter.name) & PAGINATION_PARAMETERS:
            continue
        if name in _ORDERING or name in _FULL_TEXT or name.endswith(_TIME_WINDOW_ENDINGS) or name == "to":
            return True
    return False


def query_parameters(operation: Operation) -> list[Parameter]:
    """Parameters a client sends to shape a list: query (and, for some APIs, header) parameters."""
    return [p for p in operation.parameters if p.location in ("query", "header")]


def success_response(operation: Operation) -> Response | None:
    """`200`, else the first other 2xx response."""
    found = operation.response("200")
    if found is None:
        found = next((r for r in operation.responses if r.status is not None and 200 <= r.status < 300), None)
    return found


def is_array(schema: dict, version: str) -> bool:
    types = SchemaType.of(schema, version).types
    return types == {"array"} or (not types and isinstance(schema.get("items"), dict))


def growing_lists(api: OpenAPI, growing: Iterable[str] = ()) -> GrowingLists:
    """The document's GrowingLists, with the `growing` option's nouns: built once per document."""
    growing = tuple(growing)
    return per_document(api, ("growing", growing), lambda: GrowingLists(api, growing))


def collection(api: OpenAPI, operation: Operation, method: str = "get") -> Collection | None:
    """The list a GET (or, asked for, a POST search) returns, or None when it returns something else.

    A list is a top-level array body, or, when the path ends in a literal segment, the array
    property of a list envelope: an object whose array is named like items (`data`, `items`,
    `results`, ...) or like the path's last segment (`/droplets` -> `droplets`, `accountDroplets`), or sits beside
    paging properties (`has_more`, `total_count`, `links`, ...), or is the object's only property.
    A single resource with an array field (`GET /orders/{id}` -> `{id, items: [...]}`) is not a list."""
    if operation.method != method:
        return None
    return per_document(api, ("collection", operation.label), lambda: _collection(api, operation))


def _collection(api: OpenAPI, operation: Operation) -> Collection | None:
    response = success_response(operation)
    if response is None:
        return None
    resolved = api.schema(response.schema_node)
    if resolved is None:
        return None
    where, schema = resolved
    if is_array(schema, api.version):
        return Collection(operation, response, where, schema, ())
    segments = operation.segments
    if not segments or segments[-1].is_template or SchemaType.of(schema, api.version).types - {"object"}:
        return None
    properties = api.properties(where)
    rpc = rpc_method(operation)
    if rpc is None:
        last_name = fold(segments[-1].literal)
        named = [n for n in properties if fold(n) in _ITEM_PROPERTIES or _names_path(fold(n), last_name)]
    else:
        named = [n for n in properties if fold(n) in _ITEM_PROPERTIES or _names_collection(fold(n), fold(rpc.noun))]
    enveloped = len(properties) == 1 or bool({fold(name) for name in properties} & _ENVELOPE_PROPERTIES)
    if not named and not enveloped:
        return None  # no property could hold the items (most single resources): nothing to resolve
    arrays: dict[str, tuple[Node, dict]] = {}
    for name, (node, _) in properties.items():
        prop = api.schema(node)
        if prop is not None and is_array(prop[1], api.version):
            arrays[name] = prop
    chosen = next((n for n in named if n in arrays), None)
    if chosen is None and len(arrays) == 1 and enveloped:
        chosen = next(iter(arrays))
    if chosen is None:
        return None
    node, array = arrays[chosen]
    return Collection(operation, response, node, array, tuple(properties))


def _names_path(array_name: str, last_segment: str) -> bool:
    """`/droplets` -> `droplets`; `/payoutSchedules` -> `balanceAccountPayoutSchedules`."""
    return bool(last_segment) and (array_name == last_segment or (len(last_segment) > 3 and array_name.endswith(last_segment)))


def _names_collection(array_name: str, noun: str) -> bool:
    """An RPC list's array named after its collection, in any number and with a qualifier:
    `/transfer/list` -> `transfers`, `/transfer/recurring/list` -> `recurring_transfers`."""
    return len(noun) > 3 and (noun in array_name or _plural(noun) in array_name)


def collections(api: OpenAPI) -> tuple[Collection, ...]:
    """Every list-returning GET of the document."""
    return per_document(api, ("collections",), lambda: _collections(api))


def _collections(api: OpenAPI) -> tuple[Collection, ...]:
    found = (collection(api, operation) for operation in api.operations)
    return tuple(listed for listed in found if listed is not None)


def schema_types(api: OpenAPI, parameter: Parameter) -> tuple[dict, frozenset[str]]:
    """A parameter's value schema (3.x `schema`, $refs followed; 2.0 the parameter itself) and its types."""
    if "schema" in parameter.data:
        resolved = api.schema(parameter.node.child("schema"))
        schema = resolved[1] if resolved is not None else {}
    else:
        schema = parameter.data
    return schema, SchemaType.of(schema, api.version).types


def is_numeric(api: OpenAPI, parameter: Parameter) -> bool:
    """Integer, number or untyped: `start=2024-01-01` and `page=next` are not positions or sizes."""
    schema, types = schema_types(api, parameter)
    return is_numeric_schema(schema, types)


def is_numeric_schema(schema: dict, types: frozenset[str]) -> bool:
    """Integer, number or untyped (without an `enum`)."""
    if not types:
        return "enum" not in schema
    return bool(types & {"integer", "number"})


def numeric_string(schema: dict, types: frozenset[str]) -> bool:
    """A number written as a string: gRPC-gateway's `int64` (`{type: string, format: int64}`),
    or a digits `pattern`, `default` or `example`."""
    if types != {"string"} or "enum" in schema:
        return False
    if schema.get("format") in ("int32", "int64", "integer", "uint32", "uint64"):
        return True
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and re.fullmatch(r"\^?(\[0-9\]|\\d)[^a-zA-Z]*\$?", pattern):
        return True
    return any(isinstance(schema.get(key), str) and schema[key].isdigit() for key in ("default", "example"))


@dataclass(frozen=True)
class Field:
    """A paging field of a request body: `options.offset`, where it is defined, its schema."""

    name: str
    node: Node
    schema: dict


@dataclass(frozen=True)
class BodyPaging:
    """Paging fields side by side in one object of a request body: a position (`offset`, `page`)
    or a cursor beside a size (`limit`, `count`)."""

    positions: tuple[Field, ...]
    sizes: tuple[Field, ...]
    cursors: tuple[Field, ...]


def body_paging(api: OpenAPI, operation: Operation) -> list[BodyPaging]:
    """Paging in the request body of a POST list or search (`{query, offset, limit}`, or one level
    down: `{filter, options: {offset, count}}`): the body's object and each object property, where
    a numeric position or a cursor sits beside a size. `count`, `limit` and `offset` alone in a
    body mean other things (a quantity, a spending limit, a time-zone offset).

    Only a POST that answers with a list, whose body is not the schema it answers with (Xero
    posts the list envelope it returns, `pagination.pageSize` included: metadata, not a request
    to page), and only fields that are not `readOnly`. Shared by the rules that ask: do not change it."""
    return per_document(api, ("body paging", operation.label), lambda: _body_paging(api, operation))


def _body_paging(api: OpenAPI, operation: Operation) -> list[BodyPaging]:
    at = operation.request_body.schema_node if operation.request_body is not None else None
    listed = collection(api, operation, "post") if at is not None else None
    if at is None or listed is None:
        return []
    body = api.schema(at)
    answer = api.schema(listed.response.schema_node)
    if body is None or (answer is not None and body[0] == answer[0]):
        return []
    top = api.properties(at)
    groups = [("", top)]
    for name, (node, _) in top.items():
        inner = api.properties(node)
        if inner:
            groups.append((f"{name}.", inner))
    found = []
    for prefix, properties in groups:
        fields = []
        for name, (node, _) in properties.items():
            resolved = api.schema(node)
            if resolved is not None and resolved[1].get("readOnly") is not True:
                fields.append(Field(prefix + name, resolved[0], resolved[1]))
        positions = tuple(
            f for f in fields if paging_names(f.name) & OFFSET_PARAMETERS and is_numeric_schema(f.schema, field_types(api, f))
        )
        cursors = tuple(f for f in fields if paging_names(f.name) & CURSOR_PARAMETERS)
        sizes = tuple(f for f in fields if paging_names(f.name) & SIZE_PARAMETERS)
        if sizes and (positions or cursors):
            found.append(BodyPaging(positions, sizes, cursors))
    return found


def field_types(api: OpenAPI, field: Field) -> frozenset[str]:
    return SchemaType.of(field.schema, api.version).types
