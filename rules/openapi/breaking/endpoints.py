"""Breaking-change rules for paths and operations: removed, added, renamed (operationId),
deprecated, and their stability (x-stability-level)."""

from __future__ import annotations

import datetime
from typing import Iterator

from apilint.diff import Change
from apilint.finding import Finding
from apilint.registry import BREAKING, NON_BREAKING, rule


def _retired(deprecation: dict | None) -> str | None:
    """Why removing it is allowed (it was deprecated, and its x-sunset, if given, has passed), or None."""
    if not deprecation or not deprecation.get("deprecated"):
        return None
    sunset = deprecation.get("sunset")
    if sunset is None:
        return "it was deprecated"
    try:
        day = datetime.date.fromisoformat(str(sunset)[:10])
    except ValueError:
        return None
    return f"it was deprecated, with x-sunset {day} passed" if day <= datetime.date.today() else None


@rule("path-removed", severity=BREAKING, format="openapi", changes=("path",))
def path_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A path is gone, with every operation it had. Not breaking when every one of them was
    deprecated (and their `x-sunset` date, where given, has passed): then it is reported as
    non-breaking, the end of a deprecation.

    ## Why it matters
    Clients that call it get 404 from the new version. Remove an operation only after
    deprecating it (`deprecated: true`, a `Sunset` header, RFC 8594) and giving clients time
    to move.

    Source: oasdiff `api-path-removed-without-deprecation` and `api-path-removed-before-sunset`;
    RFC 8594 (the Sunset header); Zalando guideline 185 (deprecate before removing).

    ## Example
        # old                          # new
        paths:                         paths:
          /users/{id}: {get: ...}        /accounts/{id}: {get: ...}
    """
    if change.new is None:
        retired = _retired(change.old_value)
        if retired:
            yield change.finding(f"path {change.subject} removed; {retired}", severity=NON_BREAKING)
        else:
            yield change.finding(f"path {change.subject} removed")


@rule("path-added", severity=NON_BREAKING, format="openapi", changes=("path",))
def path_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A new path, with its operations.

    ## Why it matters
    Nothing breaks: clients that do not know it never call it. Listed for the changelog.

    Source: oasdiff `endpoint-added`.

    ## Example
        # new
        paths:
          /users/{id}/avatar: {get: ...}
    """
    if change.old is None:
        yield change.finding(f"path {change.subject} added")


@rule("operation-removed", severity=BREAKING, format="openapi", changes=("operation",))
def operation_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation (a method of a path that is still there) is gone. Not breaking when it was
    deprecated (and its `x-sunset` date, where given, has passed): then it is reported as
    non-breaking.

    ## Why it matters
    Clients that call it get 405 or 404. Deprecate first, then remove.

    Source: oasdiff `api-removed-without-deprecation` and `api-removed-before-sunset`; RFC 8594.

    ## Example
        # old                          # new
        /users/{id}:                   /users/{id}:
          get: ...                       get: ...
          delete: ...
    """
    if change.new is None:
        retired = _retired(change.old_value)
        if retired:
            yield change.finding(f"operation removed; {retired}", severity=NON_BREAKING)
        else:
            yield change.finding("operation removed")
