"""Breaking-change rules for paths and operations: removed, added, renamed (operationId),
deprecated, and their stability (x-stability-level)."""

from __future__ import annotations

import datetime
from typing import Iterator

from apilint.diff import Change, stability_rank
from apilint.finding import Finding
from apilint.registry import BREAKING, DANGEROUS, NON_BREAKING, rule


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


def _methods(change: Change) -> str:
    """ " with its operations GET, POST" for a removed path: what clients lose."""
    methods = (change.old_value or {}).get("methods")
    return f" with its operation{'s' * (len(methods) > 1)} {', '.join(methods)}" if methods else ""


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

    Source: oasdiff `api-path-removed-without-deprecation`, `api-path-removed-before-sunset` and
    `api-path-removed-with-deprecation` (the last non-breaking here, as in oasdiff); RFC 8594 (the
    Sunset header); Zalando guideline 185 (deprecate before removing).

    ## Example
        # old                          # new
        paths:                         paths:
          /users/{id}: {get: ...}        /accounts/{id}: {get: ...}
    """
    if change.new is None:
        retired = _retired(change.old_value)
        if retired:
            yield change.finding(f"path {change.subject} removed{_methods(change)}; {retired}", severity=NON_BREAKING)
        else:
            yield change.finding(f"path {change.subject} removed{_methods(change)}")


@rule("path-added", severity=NON_BREAKING, format="openapi", changes=("path",))
def path_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A new path, with its operations.

    ## Why it matters
    Nothing breaks: clients that do not know it never call it. Listed for the changelog.

    Source: oasdiff `endpoint-added` (oasdiff reports one per operation).

    ## Example
        # new
        paths:
          /users/{id}/avatar: {get: ...}
    """
    if change.old is None:
        yield change.finding(f"path {change.subject} added")


@rule("path-template-changed", severity=DANGEROUS, format="openapi", changes=("path-template",))
def path_template_changed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A path is written with another template that matches the same URLs: the same literal
    segments, with variables where the old one had them (`/compare/{base}...{head}` became
    `/compare/{basehead}`). Its operations are compared as the same operations; only their
    path parameters are left to this change. (A variable only renamed, `{id}` to `{user_id}`,
    is no change at all.)

    ## Why it matters
    Clients that build URLs keep reaching it. Generated clients take the path's parameters as
    arguments, and those changed: their calls no longer compile or send the old names.
    Dangerous, not breaking.

    Source: no oasdiff check (oasdiff reports one path removed and another added); Optic
    pairs the operations as here. RFC 6570 (URI templates): both templates expand to the
    same URLs.

    ## Example
        # old                                    # new
        /repos/{owner}/{repo}/compare/{base}...{head}:   /repos/{owner}/{repo}/compare/{basehead}:
          get: ...                                          get: ...
    """
    yield change.finding(
        f"path {change.old_value} now written {change.new_value}: the same URLs, other path parameters"
    )


@rule("operation-removed", severity=BREAKING, format="openapi", changes=("operation",))
def operation_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation (a method of a path that is still there) is gone. Not breaking when it was
    deprecated (and its `x-sunset` date, where given, has passed): then it is reported as
    non-breaking.

    ## Why it matters
    Clients that call it get 405 or 404. Deprecate first, then remove.

    Source: oasdiff `api-removed-without-deprecation`, `api-removed-before-sunset` and
    `api-removed-with-deprecation` (the last non-breaking here, as in oasdiff); RFC 8594.

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


@rule("operation-added", severity=NON_BREAKING, format="openapi", changes=("operation",))
def operation_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A new operation on a path that was there already (a new path with its operations is
    `path-added`).

    ## Why it matters
    Nothing breaks: clients that do not know it never call it. Listed for the changelog.

    Source: oasdiff `endpoint-added`.

    ## Example
        # old                          # new
        /users/{id}:                   /users/{id}:
          get: ...                       get: ...
                                         delete: ...
    """
    if change.old is None:
        yield change.finding("operation added")


@rule("operation-id-changed", severity=BREAKING, format="openapi", changes=("operation-id",))
def operation_id_changed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation's `operationId` was renamed or removed. (Adding one where there was none is
    not reported: nothing was named after it.)

    ## Why it matters
    The HTTP call is the same, but generated SDKs name their methods after the operationId:
    `client.getUser()` becomes `client.fetchUser()` (or a name the generator makes up), and
    code calling the old method no longer compiles. Links and documentation anchors that
    name it break too.

    Source: oasdiff `api-operation-id-removed` (INFO there, for a removed or a changed operationId;
    generated clients make it breaking here).

    ## Example
        # old                          # new
        get:                           get:
          operationId: getUser           operationId: fetchUser
    """
    if change.new_value is None:
        yield change.finding(f"operationId {change.old_value!r} removed: generated clients lose the method's name")
    else:
        yield change.finding(
            f"operationId changed from {change.old_value!r} to {change.new_value!r}: generated clients rename the method"
        )


@rule("operation-deprecated", severity=NON_BREAKING, format="openapi", changes=("deprecated",))
def operation_deprecated(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation is now marked `deprecated: true`.

    ## Why it matters
    Nothing breaks yet: it is the announcement that the operation will go, which clients need
    to hear (listed for the changelog). Removing it later is not breaking (see
    `operation-removed`), so this is the step that makes a removal safe. Un-deprecating is
    not reported.

    Source: oasdiff `endpoint-deprecated` and `endpoint-deprecated-with-sunset`; RFC 8594 (the
    Sunset header).

    ## Example
        # old                          # new
        get:                           get:
          operationId: listUsers         operationId: listUsers
                                         deprecated: true
    """
    if change.new_value is True:
        yield change.finding("operation deprecated")


@rule("operation-stability-decreased", severity=BREAKING, format="openapi", changes=("stability",))
def operation_stability_decreased(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation's `x-stability-level` went down (`stable` to `beta`, `beta` to `alpha`, ...;
    none given means `stable`). Raising it is fine and not reported.

    ## Why it matters
    The level is a promise: clients built on a stable operation were told it would not break.
    Lowering it takes the promise back (breaking changes to draft, alpha and beta operations
    are reported only as dangerous), so it is a breaking change itself.

    Source: oasdiff `api-stability-decreased`.

    ## Example
        # old                          # new
        get:                           get:
          x-stability-level: stable      x-stability-level: beta
    """
    if stability_rank(change.new_value) < stability_rank(change.old_value):
        old, new = change.old_value or "stable", change.new_value or "stable"
        yield change.finding(f"x-stability-level lowered from {old} to {new}")
