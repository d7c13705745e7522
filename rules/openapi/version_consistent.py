"""
## What it does
Flags paths whose version prefix deviates from the rest of the document.

Each path is classified by the first version segment it carries: `v1`/`v2beta1`
style, a dotted number (`2.0`), a date (`2010-04-01`), a `{version}` variable, or
none. The most common class is the document's scheme, and paths that deviate
are reported at their path key:
- an unversioned path among versioned ones (`/v1/users` beside `/orders`),
- a different scheme (`/v1/users` beside `/api/2.0/orders`),
- a leading version among unversioned paths (`/users` beside `/v2/search`),
- a version repeated in both the server URL (2.0: `basePath`) and the path,
  which clients call as `/v1/v1/...` (one finding at the server URL when most
  paths repeat it).

Not reported: discovery paths that list the versions below them (`/`, `/api/`,
`/apis/apps/` beside `/apis/apps/v1/...`), `/.well-known/...` and operational
endpoints (`/version`, `/health`, `/healthz`, `/livez`, `/readyz`, `/ping`, `/logs`,
`/metrics`, `/status`), paths or operations with their own `servers`, and
pseudo paths such as `/<upload_url>`. Several versions of one scheme in one
document (`/v1/...` and `/v2/...`, or Kubernetes' per-group `v1beta1`) are
allowed unless the option `allow-multiple-versions` (default `true`) is `false`;
then paths off the most common version are reported too.

## Why is this bad?
A client library is built around one base URL and one way to pick a version.
Paths that leave the scheme out (or use another one) are not moved when the
version changes, so a `v2` release silently keeps serving them with `v1`
behaviour, and users cannot tell which version a call belongs to.

Source: seed notes (APIs & communication, "Versioning"); Microsoft REST API
Guidelines (Versioning: one consistent scheme per service); Google AIP-185.

## Example
    paths:
      /v1/users: {get: ...}
      /v1/users/{id}: {get: ...}
      /orders: {get: ...}          # unversioned
      /api/2.0/invoices: {get: ...}  # another scheme

## Use instead
    paths:
      /v1/users: {get: ...}
      /v1/users/{id}: {get: ...}
      /v1/orders: {get: ...}
      /v1/invoices: {get: ...}
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from apilint.documents.openapi import OpenAPI
from apilint.finding import Finding
from apilint.registry import WARNING, Option, rule

from ._versions import path_version, server_versions

_OPERATIONAL = frozenset("version versions health healthz livez readyz ping metrics status logs .well-known".split())
_NONE = "none"
# How a path's version is named in messages, from its actual segment: "a `v3` segment".
_SCHEME_NAMES = {
    "v": "a `{}` segment",
    "numeric": "a dotted-number version `{}`",
    "date": "a date version `{}`",
    "variable": "a `{}` variable",
    _NONE: "no version",
}


@rule("version-consistent", severity=WARNING, format="openapi", options={"allow-multiple-versions": Option(True)})
def version_consistent(api: OpenAPI, options: dict) -> Iterator[Finding]:
    paths = api.data.get("paths")
    if not isinstance(paths, dict) or len(paths) < 2:
        return
    elsewhere = {op.path for op in api.operations if op.data.get("servers")}
    versions = {}
    for path, item in paths.items():
        text = str(path)
        if "<" in text or ">" in text or text in elsewhere:
            continue
        resolved = api.follow(api.root.child("paths", path), item)[1]
        if isinstance(resolved, dict) and resolved.get("servers"):
            continue
        versions[text] = path_version(text)
    if not versions:
        return
    discovery = _discovery_paths(versions)
    counted = {path: version for path, version in versions.items() if not _exempt(path, version, discovery)}
    schemes = Counter(version[2] if version else _NONE for version in counted.values())
    if not schemes:
        return
    dominant = max(schemes, key=lambda scheme: (schemes[scheme], scheme != _NONE))

    servers = server_versions(api)
    if servers:
        doubled = [path for path, version in counted.items() if version is not None and _leading(path, version)]
        if doubled and len(doubled) * 2 > len(counted):
            at, server_version = servers[0]
            yield at.finding(
                f"the server URL already carries version {server_version!r} and {len(doubled)} paths "
                f"carry one too (e.g. {doubled[0]}): clients call the version twice",
                suggestion="keep the version in one place: the server URL or the path prefix",
            )
            return
        for path in doubled:
            yield api.root.child("paths", path).finding(
                f"path {path} repeats a version already in the server URL ({servers[0][1]!r}): "
                "clients call it with the version twice",
                suggestion="drop the version from the path",
            )
        return

    common_version = Counter(v[1].lower() for v in counted.values() if v is not None).most_common(1)
    # The dominant scheme as the other paths write it: their most common segment (`v3`, `2.0`).
    dominant_segment = Counter(v[1] for v in counted.values() if v is not None and v[2] == dominant).most_common(1)
    expected = _SCHEME_NAMES[dominant].format(dominant_segment[0][0] if dominant_segment else "")
    for path, version in counted.items():
        scheme = version[2] if version else _NONE
        node = api.root.child("paths", path)
        if scheme != dominant:
            if scheme != _NONE and dominant == _NONE and not _leading(path, version):
                continue  # `/scim/v2/...`: a sub-protocol's own version, not an API version prefix
            own = _SCHEME_NAMES[scheme].format(version[1] if version else "")
            yield node.finding(
                f"path {path} uses {own} where the other paths use {expected}",
                suggestion="version every path the same way (e.g. all under `/v1`)",
            )
        elif (
            version is not None
            and not options.get("allow-multiple-versions", True)
            and common_version
            and version[1].lower() != common_version[0][0]
        ):
            yield node.finding(
                f"path {path} is version {version[1]!r} while most paths are {common_version[0][0]!r}",
                suggestion="describe each major version in its own document",
            )


def _discovery_paths(versions: dict) -> set[str]:
    """`/api`, `/apis/apps`: what comes before the version segment of some versioned path."""
    found = {""}
    for path, version in versions.items():
        if version is not None:
            segments = [part for part in path.split("/") if part]
            for end in range(version[0] + 1):
                found.add("/".join(segments[:end]))
    return found


def _exempt(path: str, version: tuple | None, discovery: set[str]) -> bool:
    if version is not None:
        return False
    segments = [part for part in path.split("/") if part]
    if "/".join(segments) in discovery:
        return True
    return bool(segments) and segments[0].lower() in _OPERATIONAL


def _leading(path: str, version: tuple) -> bool:
    """The version is the path's prefix: `/v2/...` or `/api/v2/...`."""
    segments = [part for part in path.split("/") if part]
    return version[0] == 0 or (version[0] == 1 and segments[0].lower() in ("api", "rest"))
