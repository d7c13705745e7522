"""Breaking-change rules for the base URL clients call: OpenAPI 3.x `servers`, Swagger 2.0
`host` + `basePath`.

The differ reports each old base URL the new version no longer lists (kind `server`; with the
new URL when exactly one server was there before and after: a changed URL). Two ids, one per
way of writing it, so that a team can configure or accept one without the other and the
docs can speak each one's vocabulary: `server-removed` for 3.x `servers`, `base-path-changed`
for 2.0 `host`/`basePath`.

A URL that differs only in a version segment (`/v70` to `/v71`) while `info.version` changes
its major is a new version published at its own address: the old address normally keeps
serving the old version (that is what putting the version in the URL is for), so clients of
the old one are not broken by it. It is reported as non-breaking; as dangerous when
`info.version` keeps its major (the description claims the same version at a new address).
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from apilint.diff import Change
from apilint.finding import Finding, Node, Severity
from apilint.registry import BREAKING, DANGEROUS, NON_BREAKING, rule

_VERSION_SEGMENT = re.compile(r"(?<=/)v\d+(?=/|$)", re.IGNORECASE)


def _major(node: Node | None) -> Any:
    """The major of the document's `info.version` (its first number; anything else whole)."""
    info = node.source.data.get("info") if node is not None and isinstance(node.source.data, dict) else None
    version = str(info.get("version", "")) if isinstance(info, dict) else ""
    first = version.lstrip("vV").split(".")[0]
    return int(first) if first.isdigit() else version


def _finding(change: Change, what: str) -> Iterator[Finding]:
    old, new = change.old_value, change.new_value
    if new is None:
        yield change.finding(f"{what} {old} removed: clients calling it lose every operation")
        return
    level: Severity = BREAKING
    note = "clients calling the old one get nothing there"
    if _VERSION_SEGMENT.sub("v", old) == _VERSION_SEGMENT.sub("v", new) and _VERSION_SEGMENT.search(old):
        if _major(change.old) != _major(change.new):
            level, note = NON_BREAKING, "a new major version at its own address; clients of the old one keep theirs"
        else:
            level, note = DANGEROUS, "only its version segment changed, but info.version keeps its major"
    yield change.finding(f"{what} changed from {old} to {new}: {note}", severity=level)


def _is_swagger(change: Change) -> bool:
    return change.old is not None and change.old.pointer[:1] in (("host",), ("basePath",))


@rule("server-removed", severity=BREAKING, format="openapi", changes=("server",))
def server_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A server URL (OpenAPI 3.x `servers`) is gone, or the only server changed its URL. Not
    reported when either version lists no servers (the client picks the base URL then). A URL
    that differs only in its version segment (`/v1` to `/v2`) along with a new major
    `info.version` is non-breaking: the old address keeps serving the old version.

    ## Why it matters
    Clients, and SDKs generated from the description, call the base URL they were given: when
    it moves, every call they make fails. Keep serving the old URL (list both) until clients
    have moved.

    Source: no oasdiff check (oasdiff has none for servers: it treats them as deployment
    metadata); the base URL is the first part of every operation's URL.

    ## Example
        # old                              # new
        servers:                           servers:
          - url: https://api.example.com     - url: https://example.com/api
    """
    if not _is_swagger(change):
        yield from _finding(change, "server")


@rule("base-path-changed", severity=BREAKING, format="openapi", changes=("server",))
def base_path_changed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A Swagger 2.0 description's base URL (`host` + `basePath`) changed. Not reported when
    either version leaves both out. A change of only the version segment (`/v1` to `/v2`)
    along with a new major `info.version` is non-breaking: the old address keeps serving the
    old version.

    ## Why it matters
    Every operation's URL is `host` + `basePath` + its path: all of them moved, and clients
    calling the old ones fail.

    Source: no oasdiff check (oasdiff has none for servers: it treats them as deployment
    metadata); the base URL is the first part of every operation's URL.

    ## Example
        # old                          # new
        host: api.example.com          host: api.example.com
        basePath: /api                 basePath: /rest
    """
    if _is_swagger(change):
        yield from _finding(change, "base URL")
