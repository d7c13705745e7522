"""Where an OpenAPI document states its version: path segments, server URLs, basePath.

Shared by api-versioned and version-consistent (a private module: it declares no rule).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from apilint.documents.openapi import OpenAPI
from apilint.finding import Node

_V_STYLE = re.compile(r"[vV]\d+(?:\.\d+)*(?:(?:alpha|beta|rc|preview)\d*)?")
# `2.0`, `1.0` (Box, Xero, Bitbucket)
_NUMERIC = re.compile(r"\d+\.\d+")
# `2010-04-01` (Twilio), `2024-06-20`
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BARE_NUMBER = re.compile(r"\d{1,2}")
_VERSION_VARIABLE = re.compile(r"\{(?:api[-_]?)?version\}", re.IGNORECASE)
# Looser than version_scheme: any text that reads as a version (`v1`, `v2beta`, `2.0`, a date),
# for rules that leave such segments out of what they check.
VERSION_LIKE = re.compile(r"v\d+([a-z]+\d*)?|\d{4}-\d{2}-\d{2}|[\d.]+", re.IGNORECASE)


def version_scheme(segment: str) -> str | None:
    """The version scheme a path segment uses ("v", "numeric", "date", "variable"), or None."""
    if _V_STYLE.fullmatch(segment):
        return "v"
    if _NUMERIC.fullmatch(segment):
        return "numeric"
    if _DATE.fullmatch(segment):
        return "date"
    if _VERSION_VARIABLE.fullmatch(segment):
        return "variable"
    return None


def path_version(path: str) -> tuple[int, str, str] | None:
    """The first version segment of a path: (index, segment, scheme), or None."""
    previous = ""
    for index, segment in enumerate(part for part in path.split("/") if part):
        scheme = version_scheme(segment)
        # `/skills/{id}/versions/{version}` names a resource's version, not the API's
        if scheme is not None and not (scheme == "variable" and previous.lower().startswith("version")):
            return index, segment, scheme
        previous = segment
    return None


def server_versions(api: OpenAPI) -> list[tuple[Node, str]]:
    """(node, version) for every server URL (2.0: basePath) that carries a version."""
    found: list[tuple[Node, str]] = []
    if api.is_swagger:
        base = api.data.get("basePath")
        if isinstance(base, str):
            version = path_version(base)
            if version is not None:
                found.append((api.root.child("basePath"), version[1]))
        return found
    servers = api.data.get("servers")
    if not isinstance(servers, list):
        return found
    for index, server in enumerate(servers):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        version = _url_version(server["url"], server.get("variables"))
        if version is not None:
            found.append((api.root.child("servers", index, "url"), version))
    return found


def _url_version(url: str, variables: Any) -> str | None:
    if isinstance(variables, dict):
        for name, variable in variables.items():
            if f"{{{name}}}" not in url or not isinstance(variable, dict):
                continue
            enum = variable.get("enum")
            values = [variable.get("default"), *(enum if isinstance(enum, list) else ())]
            if "version" in str(name).lower() or any(
                isinstance(v, str) and version_scheme(v) in ("v", "numeric", "date") for v in values
            ):
                return f"{{{name}}}"
    split = urlsplit(url if "//" in url else "//" + url) if not url.startswith("/") else None
    path = split.path if split is not None else url
    version = path_version(path)
    if version is not None:
        return version[1]
    # https://api.trello.com/1: in a server URL a bare small number is the version
    bare = next((segment for segment in path.split("/") if _BARE_NUMBER.fullmatch(segment)), None)
    if bare is not None:
        return bare
    host = (split.hostname or "") if split is not None else ""
    # https://v2.api.example.com
    label = next((part for part in host.split(".") if _V_STYLE.fullmatch(part)), None)
    return label
