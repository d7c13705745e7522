"""Breaking-change rules for request parameters (path, query, header, cookie; 2.0 formData):
added, removed, moved, required or not, and their schema's type, format, enum, bounds,
default and nullability.

The schema kinds reach these rules with `within == "parameter"` for the parameter's own
schema and for what lies inside it (the properties and items of an object- or array-typed
parameter, e.g. a deepObject query parameter): both are what a client sends, so both are
classified here; the message names which one changed."""

from __future__ import annotations

import re
from typing import Iterator

from apilint.rules.openapi.breaking._values import shown, tightens, widening

from apilint.diff import REQUEST, Change
from apilint.finding import Finding
from apilint.registry import BREAKING, DANGEROUS, NON_BREAKING, rule

_PARAMETER = re.compile(r"^\w+ parameter '")  # the differ's subject for a parameter itself


def _parameter_schema(change: Change) -> bool:
    """Is this a schema change in what a client sends as a parameter?"""
    return change.within == "parameter" and change.side == REQUEST


def _what(subject: str) -> str:
    """The parameter (or its part: `query parameter 'filter.status'`, `query parameter 'ids[]'`)
    a schema change is about; a shared component's change is named by the component."""
    return subject if _PARAMETER.match(subject) else f"schema {subject!r} of a request parameter"


def _parameter(value: dict) -> str:
    return f"{value['in']} parameter {value['name']!r}"


@rule("request-parameter-added-required", severity=BREAKING, format="openapi", changes=("parameter",))
def request_parameter_added_required(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation has a new required parameter (a path-level parameter counts for every
    operation of the path, and is reported once).

    ## Why it matters
    Clients written for the old version do not send it, and the new version rejects their
    requests (400). Add new parameters as optional, with a default that keeps the old behaviour.

    Source: oasdiff `new-required-request-parameter`, `new-request-path-parameter` and
    `new-required-request-default-parameter-to-existing-path`.

    ## Example
        # old                          # new
        parameters: []                 parameters:
                                         - {name: tenant, in: header, required: true, schema: {type: string}}
    """
    if change.old is None and change.new_value["required"]:
        yield change.finding(f"required {_parameter(change.new_value)} added")


@rule("request-parameter-added", severity=NON_BREAKING, format="openapi", changes=("parameter",))
def request_parameter_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation has a new optional parameter.

    ## Why it matters
    Nothing breaks: clients that do not send it get the behaviour they had, as long as its
    absence means what the old version did. Listed for the changelog.

    Source: oasdiff `new-optional-request-parameter` and
    `new-optional-request-default-parameter-to-existing-path`.

    ## Example
        # new
        parameters:
          - {name: sort, in: query, schema: {type: string}}
    """
    if change.old is None and not change.new_value["required"]:
        yield change.finding(f"optional {_parameter(change.new_value)} added")


@rule("request-parameter-removed", severity=DANGEROUS, format="openapi", changes=("parameter",))
def request_parameter_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A parameter an operation took is gone. Dangerous, not breaking: servers usually ignore
    parameters they do not know, so requests still succeed, but what the parameter asked for
    (a filter, a page size, a tenant) silently no longer happens. A removed path parameter is
    breaking: the URL clients build no longer matches. A parameter that was deprecated is
    reported as non-breaking, the end of a deprecation.

    ## Why it matters
    A client that sends `?status=open` and now gets every item, or whose required header is
    now ignored, gets no error to tell it; check what the parameter did, and deprecate it
    (`deprecated: true`) before removing it.

    Source: oasdiff `request-parameter-removed` and `request-parameter-removed-with-deprecation`.

    ## Example
        # old                          # new
        parameters:                    parameters: []
          - {name: status, in: query, schema: {type: string}}
    """
    if change.new is not None:
        return
    removed = change.old_value
    what = f"{'required ' if removed['required'] else ''}{_parameter(removed)} removed"
    if removed["in"] == "path":
        yield change.finding(f"{what}; the URL clients build no longer matches", severity=BREAKING)
    elif removed.get("deprecated"):
        yield change.finding(f"{what}; it was deprecated", severity=NON_BREAKING)
    else:
        yield change.finding(f"{what}; servers ignore it when clients still send it, or reject the request")


@rule("request-parameter-moved", severity=BREAKING, format="openapi", changes=("parameter-in",))
def request_parameter_moved(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A parameter is still there under its name, but in another place (`in`): a query
    parameter became a header, a header a cookie.

    ## Why it matters
    Clients send it where it was; the new version looks for it elsewhere and does not find it.
    Accept it in both places for a while, deprecating the old one.

    Source: apilint (oasdiff reports a move as `request-parameter-removed` plus a
    `new-*-request-parameter`).

    ## Example
        # old                                # new
        - {name: api_version, in: query}      - {name: api_version, in: header}
    """
    subject = change.subject.split(" ", 1)[1]
    yield change.finding(f"{subject} moved from {change.old_value} to {change.new_value}")


@rule("request-parameter-became-required", severity=BREAKING, format="openapi", changes=("required",))
def request_parameter_became_required(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An optional parameter is now required.

    ## Why it matters
    Clients that left it out get 400 from the new version. Keep it optional, with a default.

    Source: oasdiff `request-parameter-became-required`.

    ## Example
        # old                                     # new
        - {name: limit, in: query, required: false}   - {name: limit, in: query, required: true}
    """
    if change.within == "parameter" and change.new_value and not change.old_value:
        yield change.finding(f"{change.subject} became required")


@rule("request-parameter-became-optional", severity=NON_BREAKING, format="openapi", changes=("required",))
def request_parameter_became_optional(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A required parameter is now optional.

    ## Why it matters
    Nothing breaks: clients that send it still may. Make sure leaving it out means something
    sensible (document its default). Listed for the changelog.

    Source: oasdiff `request-parameter-became-optional`.

    ## Example
        # old                                    # new
        - {name: limit, in: query, required: true}   - {name: limit, in: query}
    """
    if change.within == "parameter" and change.old_value and not change.new_value:
        yield change.finding(f"{change.subject} became optional")


@rule("request-parameter-type-changed", severity=BREAKING, format="openapi", changes=("type", "format"))
def request_parameter_type_changed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A parameter's `type` or `format` changed. Breaking when the new one rejects values the old
    one accepted (`string` to `integer`, `date-time` to `date`). A widening (`integer` to
    `number`, `int32` to `int64`, `float` to `double`, a type added to a 3.1 type list, a
    format dropped, a scalar to `string`: outside a body a parameter is text, so `string`
    accepts what was sent) is reported as non-breaking. A format added where there was none is
    dangerous: it may reject values the server took before, but far more often it documents
    what the server already required (a `since` parameter "in ISO 8601 format" gaining
    `format: date-time`); check that the server did not start validating.

    ## Why it matters
    Clients keep sending values of the old type; those the new one rejects fail with 400.
    Generated clients change their signatures too.

    Source: oasdiff `request-parameter-type-changed`, `request-parameter-type-generalized`,
    `request-parameter-list-of-types-narrowed`, `request-parameter-list-of-types-widened`,
    `request-parameter-property-type-changed`, `request-parameter-property-type-generalized`,
    `request-parameter-property-type-specialized`,
    `request-parameter-property-list-of-types-narrowed` and
    `request-parameter-property-list-of-types-widened`.

    ## Example
        # old                               # new
        schema: {type: string}              schema: {type: integer}
    """
    if not _parameter_schema(change):
        return
    old, new = change.old_value, change.new_value
    what = _what(change.subject)
    if change.kind == "type":
        shown = " or ".join(old), " or ".join(new)
        # A parameter outside a body is text on the wire: a string admits what any scalar was sent as.
        if widening("type", old, new, as_text=True) == "widened":
            yield change.finding(f"{what} type widened from {shown[0]} to {shown[1]}", severity=NON_BREAKING)
        else:
            yield change.finding(f"{what} type changed from {shown[0]} to {shown[1]}")
    elif widening("format", old, new) == "widened":
        yield change.finding(f"{what} format widened from {old} to {new or 'none'}", severity=NON_BREAKING)
    elif old is None:
        # Mostly documents what the server already required ("an ISO 8601 timestamp").
        yield change.finding(f"{what} format {new} added: values in other forms may be rejected", severity=DANGEROUS)
    else:
        yield change.finding(f"{what} format changed from {old} to {new}")


@rule("request-parameter-enum-value-removed", severity=BREAKING, format="openapi", changes=("enum",))
def request_parameter_enum_value_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A parameter's `enum` (or `const`) lost values, or a parameter that took any value now has
    an enum. The reverse (values added, the enum dropped) widens what is accepted and is not
    reported.

    ## Why it matters
    Clients that send a value no longer listed get 400.

    Source: oasdiff `request-parameter-enum-value-removed`, `request-parameter-became-enum`,
    `request-parameter-property-enum-value-removed` and `request-header-property-became-enum`.

    ## Example
        # old                                   # new
        schema: {enum: [asc, desc, random]}     schema: {enum: [asc, desc]}
    """
    if not _parameter_schema(change):
        return
    old, new, what = change.old_value, change.new_value, _what(change.subject)
    if old is None:
        yield change.finding(f"{what} now only accepts {_values(new)}")
    elif new is not None:
        removed = [value for value in old if value not in new]
        if removed:
            yield change.finding(f"{what} no longer accepts {_values(removed)}")


def _values(values: list) -> str:
    return ", ".join(map(shown, values))


@rule("request-parameter-constraint-tightened", severity=BREAKING, format="openapi", changes=("constraint",))
def request_parameter_constraint_tightened(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A bound on a parameter's value was added or tightened: `maximum`, `maxLength`, `maxItems`
    lowered (or set where there was none), `minimum`, `minLength`, `minItems` raised (or set),
    an exclusive bound set or moved in, a `pattern` added or changed (a changed pattern is
    assumed stricter: apilint cannot compare patterns), `multipleOf` set or changed to a value
    that the old one is not a multiple of, `uniqueItems` turned on. A loosened or removed
    bound is not reported: it rejects nothing that was accepted.

    ## Why it matters
    Clients that send a value the old version accepted and the new one does not get 400.

    Source: oasdiff `request-parameter-max-decreased`, `request-parameter-max-set`,
    `request-parameter-exclusive-max-decreased`, `request-parameter-exclusive-max-set`,
    `request-parameter-min-increased`, `request-parameter-min-set`,
    `request-parameter-exclusive-min-increased`, `request-parameter-exclusive-min-set`,
    `request-parameter-max-length-decreased`, `request-parameter-max-length-set`,
    `request-parameter-min-length-increased`, `request-parameter-max-items-decreased`,
    `request-parameter-min-items-increased`, `request-parameter-min-items-set`,
    `request-parameter-pattern-added`, `request-parameter-pattern-changed` and
    `request-parameter-pattern-generalized` (the last INFO there: a changed pattern is reported here
    whichever way it went).

    ## Example
        # old                                  # new
        schema: {type: integer, maximum: 100}  schema: {type: integer, maximum: 50}
    """
    if not _parameter_schema(change):
        return
    label, _, keyword = change.subject.rpartition(" ")
    old, new = change.old_value, change.new_value
    if tightens(keyword, old, new):
        how = f"{shown(old)} -> {shown(new)}" if old is not None else f"{shown(new)} added"
        yield change.finding(f"{_what(label)} accepts less: {keyword} {how}")


@rule("request-parameter-default-changed", severity=BREAKING, format="openapi", changes=("default",))
def request_parameter_default_changed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A parameter's `default` changed, was added or was removed.

    ## Why it matters
    Clients that leave the parameter out get what the default says, and now that is something
    else: another page size, another sort order, another behaviour. Nothing tells them.

    Source: oasdiff `request-parameter-default-value-changed`,
    `request-parameter-default-value-added` and `request-parameter-default-value-removed`.

    ## Example
        # old                                  # new
        schema: {type: integer, default: 20}   schema: {type: integer, default: 50}
    """
    if not _parameter_schema(change):
        return
    old, new, what = change.old_value, change.new_value, _what(change.subject)
    if old is None:
        yield change.finding(f"{what} default {shown(new)} added")
    elif new is None:
        yield change.finding(f"{what} default {shown(old)} removed")
    else:
        yield change.finding(f"{what} default changed from {shown(old)} to {shown(new)}")


@rule("request-parameter-became-not-nullable", severity=BREAKING, format="openapi", changes=("nullable",))
def request_parameter_became_not_nullable(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A parameter (or a property inside an object-typed one) no longer accepts null
    (`nullable: true` dropped in 3.0, `"null"` dropped from the type list in 3.1,
    `x-nullable` in 2.0).

    ## Why it matters
    Clients that send null (an empty value, `null` in a JSON-encoded parameter) get 400.

    Source: oasdiff `request-parameter-became-not-nullable` and
    `request-parameter-property-became-not-nullable`.

    ## Example
        # old                                      # new
        schema: {type: string, nullable: true}     schema: {type: string}
    """
    if _parameter_schema(change) and change.old_value and not change.new_value:
        yield change.finding(f"{_what(change.subject)} no longer accepts null")
