"""
## What it does
Flags an API description that shows clients no version anywhere.

A version counts when a client can see it: in a server URL (3.x `servers[].url`,
its host or path (a bare small number counts there: Trello's
`https://api.trello.com/1`), or a server variable such as `{version}`) or the
2.0 `basePath`;
as a path segment (`/v1/...`, `/api/v2.0/...`, `/apis/apps/v1beta1/...`, a date
such as Twilio's `/2010-04-01/...`, or a `{version}` variable); as a documented
header or query parameter (`api-version`, `X-API-Version`, `Stripe-Version`,
`X-GitHub-Api-Version`, `Accept-Version`...), whether an operation or path item
lists it, it is declared once for all (3.x `components.parameters`, 2.0 top-level
`parameters`), or it is an `apiKey` security scheme sent in a header or the query
(a dated `Stripe-Version` declared so that generated clients always send it); or
in a documented media type (`application/vnd.github.v3+json`,
`application/json;version=2`). A header merely containing "version"
(`X-Version-Label`) or an API key header (`X-API-Key`) is not a version.
`info.version` alone does not count: it versions the document, and clients never
send it. One finding per document, at `servers` (3.x), `basePath` (2.0) or else
`paths`.

## Why is this bad?
Without a version that clients send, the first breaking change has nowhere to
go: every client is moved to the new behaviour at once. A version in the URL is
the most visible and cacheable choice; a header (Microsoft's `api-version`,
Stripe's dated `Stripe-Version`) works as long as the description documents it.

Source: seed notes (APIs & communication, "Versioning"); Microsoft REST API
Guidelines (Versioning, `api-version`); Zalando RESTful API Guidelines #113-#115
(versioning via media types, not URLs, but always explicit); Google AIP-185.

## Example
    openapi: 3.1.0
    info: {title: Shop, version: "1.4.0"}   # not visible to clients
    servers:
      - url: https://api.example.com
    paths:
      /orders: {get: ...}

## Use instead
    servers:
      - url: https://api.example.com/v1
    paths:
      /orders: {get: ...}
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.openapi import OpenAPI
from apilint.finding import Finding
from apilint.registry import WARNING, rule

from ._versions import path_version, server_versions

# `v1`, `V2`, `v1beta1`, `v2alpha`, `v2.0`, `v1.2.3`
# header names: api-version, X-API-Version, Stripe-Version, X-GitHub-Api-Version, Accept-Version
_VERSION_HEADER = re.compile(r"(?:^|[-_])(?:api[-_]?)?version$", re.IGNORECASE)
_VERSION_QUERY = re.compile(r"^api[-_.]?version$", re.IGNORECASE)
# application/vnd.github.v3+json, application/vnd.acme.v2, application/json;version=2, ;v=1
_VERSION_MEDIA = re.compile(r"(?:\.v\d+(?:[.+;]|$)|;\s*(?:api-?)?v(?:ersion)?\s*=)", re.IGNORECASE)


def _documents_version_elsewhere(api: OpenAPI) -> bool:
    """A version header/query parameter (listed, declared once for all, or an apiKey security
    scheme) or a versioned media type on any operation."""
    for media in _root_media_types(api):
        if _VERSION_MEDIA.search(media):
            return True
    if any(_is_version_parameter(location, name) for location, name in _declared_parameters(api)):
        return True
    for operation in api.operations:
        if any(_is_version_parameter(p.location, p.name) for p in operation.parameters):
            return True
        media_types: list[str] = []
        if operation.request_body is not None:
            media_types.extend(operation.request_body.media_types)
        for response in operation.responses:
            media_types.extend(response.media_types)
        for key in ("produces", "consumes"):
            listed = operation.data.get(key)
            if isinstance(listed, list):
                media_types.extend(map(str, listed))
        if any(_VERSION_MEDIA.search(media) for media in media_types):
            return True
    return False


def _is_version_parameter(location: str, name: str) -> bool:
    if location == "header":
        return bool(_VERSION_HEADER.search(name))
    return location == "query" and bool(_VERSION_QUERY.match(name))


def _declared_parameters(api: OpenAPI) -> list[tuple[str, str]]:
    """(in, name) of the parameters and apiKey security schemes declared for the whole document
    (3.x `components`, 2.0 top-level `parameters` and `securityDefinitions`), `$ref`s followed."""
    if api.is_swagger:
        sections = [
            ("parameters", api.data.get("parameters")),
            ("securityDefinitions", api.data.get("securityDefinitions")),
        ]
        owner = api.root
    else:
        components = api.data.get("components")
        components = components if isinstance(components, dict) else {}
        sections = [(key, components.get(key)) for key in ("parameters", "securitySchemes")]
        owner = api.root.child("components")
    found = []
    for key, declared in sections:
        if not isinstance(declared, dict):
            continue
        for name, written in declared.items():
            data = api.follow(owner.child(key, name), written)[1]
            if not isinstance(data, dict) or (key != "parameters" and data.get("type") != "apiKey"):
                continue
            found.append((str(data.get("in", "")), str(data.get("name", ""))))
    return found


def _root_media_types(api: OpenAPI) -> list[str]:
    found: list[str] = []
    for key in ("produces", "consumes"):
        listed = api.data.get(key)
        if isinstance(listed, list):
            found.extend(map(str, listed))
    return found


@rule("api-versioned", severity=WARNING, format="openapi")
def api_versioned(api: OpenAPI, options: dict) -> Iterator[Finding]:
    paths = api.data.get("paths")
    if not isinstance(paths, dict) or not paths:
        return  # webhook-only or component libraries: nothing a client calls
    if server_versions(api):
        return
    if any(path_version(str(path)) is not None for path in paths):
        return
    if _documents_version_elsewhere(api):
        return
    if api.is_swagger:
        at = api.root.child("basePath") if "basePath" in api.data else api.root.child("paths")
        where = "basePath"
    elif isinstance(api.data.get("servers"), list) and api.data["servers"]:
        at = api.root.child("servers")
        where = "server URLs"
    else:
        at = api.root.child("paths")
        where = "servers"
    yield at.finding(
        f"the API shows clients no version: none in the {where}, the paths, a documented "
        "version header or a media type (`info.version` is not sent by clients)",
        suggestion="put a major version in the server URL or path prefix (`/v1`), or document a "
        "version header such as `api-version` on every operation",
    )
