"""Breaking-change rules for what clients receive: response statuses, media types, headers,
and the schemas of response bodies (and headers): properties, types, nullability, enums,
constraints and oneOf/anyOf alternatives.

The response side is read the other way round from the request side: a client accepts what it
was told it would receive, so widening what the server may send (a new type, a new enum value,
a looser bound, a property that may now be missing) is what breaks it, and narrowing it is safe.
"""

from __future__ import annotations

from typing import Any, Iterator

from apilint.rules.openapi.breaking._values import loosens, number, widening

from apilint.diff import RESPONSE, Change
from apilint.finding import Finding
from apilint.registry import BREAKING, DANGEROUS, NON_BREAKING, rule


def _received(change: Change, *within: str) -> bool:
    """Whether the change is on the response side, in one of the `within`s (any when none given)."""
    return change.side == RESPONSE and (not within or change.within in within)


def _named(subject: str) -> str:
    """How a message names the schema that changed: the subject as written when it is already
    words ("response 200 body"), a quoted name otherwise ('Customer.email')."""
    return subject if " " in subject else f"response schema {subject!r}"


def _listed(values: Any) -> str:
    return ", ".join(map(repr, values))


def _removal_severity(required: bool) -> Any:
    """A required member gone breaks every client that reads it; an optional one was never
    guaranteed, so clients should cope with its absence already: dangerous."""
    return BREAKING if required else DANGEROUS


# -- statuses and media types ------------------------------------------------------------


def _success(status: str) -> bool:
    return status[:1] in ("2", "3")


@rule("response-status-removed", severity=BREAKING, format="openapi", changes=("response",))
def response_status_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A response status of an operation is gone. Breaking for a success or redirect status
    (2xx, 3xx); dangerous for an error status, `default` or 1xx.

    ## Why it matters
    A success status is what clients wait for: when 200 becomes 201, a client that checks
    `status == 200` treats every answer as a failure, and generated clients lose the type they
    decoded that body into. A removed error status breaks nothing at run time (clients must
    cope with any status), but it is dangerous: code generated from the description loses the
    typed error clients catch, so their code no longer compiles, and if the server still sends
    that status clients now meet it undocumented.

    Source: oasdiff `response-success-status-removed` and `response-non-success-status-removed`
    (INFO there; dangerous here, for generated clients).

    ## Example
        # old                          # new
        responses:                     responses:
          "200": {description: ok}       "201": {description: created}
    """
    if _received(change) and change.new is None:
        status = str(change.old_value)
        if _success(status):
            yield change.finding(f"response status {status} removed")
        else:
            yield change.finding(f"error response status {status} removed", severity=DANGEROUS)


@rule("response-status-added", severity=NON_BREAKING, format="openapi", changes=("response",))
def response_status_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation documents a response status it did not before, success or error.

    ## Why it matters
    Non-breaking, as in oasdiff: clients already have to handle statuses they do not know
    (proxies and gateways answer 502 or 429 whatever the description says), and a newly
    documented status is most often one the server sent all along. Listed for the changelog:
    a new success status (202 beside 200) is worth a look by clients that test for one code.

    Source: oasdiff `response-success-status-added` and `response-non-success-status-added` (both
    INFO).

    ## Example
        # old                          # new
        responses:                     responses:
          "200": {description: ok}       "200": {description: ok}
                                         "429": {description: slow down}
    """
    if _received(change) and change.old is None:
        yield change.finding(f"response status {change.new_value} added")


@rule("response-media-type-removed", severity=BREAKING, format="openapi", changes=("media-type",))
def response_media_type_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A response no longer offers a media type it offered (a `content` entry in 3.x, a
    `produces` entry in 2.0), or a 2.0 response lost its `schema`: it has no body any more.

    ## Why it matters
    Clients that ask for that media type (`Accept`) get 406 or a body they cannot parse;
    clients that read the body find none.

    Source: oasdiff `response-media-type-removed` and `response-body-media-type-schema-removed` (the
    latter for Swagger 2.0, whose response loses its `schema`).

    ## Example
        # old                          # new
        content:                       content:
          application/json: ...          application/json: ...
          application/xml: ...
    """
    if _received(change) and change.new is None:
        if change.old_value == "body":  # 2.0: the response's `schema` is gone
            yield change.finding(f"{change.subject} no longer has a body")
        else:
            yield change.finding(f"media type {change.old_value} removed from {change.subject}")


@rule("response-media-type-added", severity=NON_BREAKING, format="openapi", changes=("media-type",))
def response_media_type_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A response offers a new media type (or, in 2.0, a response without a body now has one).

    ## Why it matters
    Nothing breaks: clients keep asking for the media types they know. Listed for the changelog.

    Source: oasdiff `response-media-type-added` and `response-body-media-type-schema-added` (INFO).

    ## Example
        # old                          # new
        content:                       content:
          application/json: ...          application/json: ...
                                         text/csv: ...
    """
    if _received(change) and change.old is None:
        if change.new_value == "body":
            yield change.finding(f"{change.subject} now has a body")
        else:
            yield change.finding(f"media type {change.new_value} added to {change.subject}")


# -- headers -------------------------------------------------------------------------


@rule("response-header-removed", severity=BREAKING, format="openapi", changes=("header",))
def response_header_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A response header is gone. Breaking when it was required; dangerous when it was optional.

    ## Why it matters
    Clients read headers such as `Location`, `ETag` or `X-RateLimit-Remaining` to take their
    next step; when a required one is gone that step fails. An optional header was never
    promised, so clients should cope without it, but those that relied on it lose it.

    Source: oasdiff `required-response-header-removed` and `optional-response-header-removed` (WARN
    there).

    ## Example
        # old                          # new
        "201":                         "201":
          headers:                       description: created
            Location: {required: true}
    """
    if _received(change) and change.new is None:
        required = bool((change.old_value or {}).get("required"))
        kind = "required" if required else "optional"
        yield change.finding(f"{kind} {change.subject} removed", severity=_removal_severity(required))


@rule("response-header-became-optional", severity=BREAKING, format="openapi", changes=("required",))
def response_header_became_optional(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A response header that was `required: true` no longer is.

    ## Why it matters
    Clients that read it unconditionally now meet responses without it.

    Source: oasdiff `response-header-became-optional` (ERR).

    ## Example
        # old                          # new
        Location: {required: true}     Location: {required: false}
    """
    if _received(change, "header") and change.old_value and not change.new_value:
        yield change.finding(f"{change.subject} became optional")


def _type_finding(change: Change, what: str) -> Finding:
    if change.kind == "nullable":
        return change.finding(f"{what} became nullable")
    how = widening(change.kind, change.old_value, change.new_value)
    old, new = change.old_value, change.new_value
    if change.kind == "type":
        message = f"{what} type {how} from {'/'.join(old)} to {'/'.join(new)}"
    elif old is None or new is None:
        message = f"{what} format {new} added" if old is None else f"{what} format {old} removed"
    else:
        message = f"{what} format {how} from {old} to {new}"
    if how == "narrowed":
        return change.finding(f"{message}: clients still understand every value", severity=NON_BREAKING)
    return change.finding(message)


@rule("response-header-type-changed", severity=BREAKING, format="openapi", changes=("type", "format", "nullable"))
def response_header_type_changed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    The schema of a response header changed its type or format, or became nullable. Breaking
    when it widens what the header may hold (integer to number or string, int32 to int64, a
    format dropped) or changes it to something else; non-breaking when it narrows it.

    ## Why it matters
    Clients parse headers into typed values: an `X-RateLimit-Remaining` that was an integer
    and may now be `1.5` fails their parser.

    Source: oasdiff `response-header-type-changed`, `response-header-type-generalized`,
    `response-header-became-nullable`, `response-header-type-specialized` and
    `response-header-type-compatible` (the last two INFO there; non-breaking here only when the type
    narrows).

    ## Example
        # old                          # new
        X-Rate-Limit:                  X-Rate-Limit:
          schema: {type: integer}        schema: {type: string}
    """
    if not _received(change, "header"):
        return
    if change.kind == "nullable" and not change.new_value:
        return  # no longer nullable: narrower, nothing to report
    yield _type_finding(change, _named(change.subject))


# -- body schemas --------------------------------------------------------------------


@rule("response-property-removed", severity=BREAKING, format="openapi", changes=("property",))
def response_property_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A property of a response body is gone. Breaking when it was required; dangerous when it
    was optional (clients had to cope with its absence already, but those that used it lose it).
    A `writeOnly` property is never received: its removal is not reported here.

    ## Why it matters
    Clients read it: typed clients fail to decode the body or read a missing value, others
    show blanks or crash on `undefined`. Deprecate the property first.

    Source: oasdiff `response-required-property-removed` and `response-optional-property-removed`
    (WARN there).

    ## Example
        # old                          # new
        User:                          User:
          required: [id, email]          required: [id]
          properties:                    properties:
            id: {type: string}             id: {type: string}
            email: {type: string}
    """
    if _received(change) and change.new is None:
        required = bool((change.old_value or {}).get("required"))
        kind = "required" if required else "optional"
        yield change.finding(
            f"{kind} response property {change.subject!r} removed", severity=_removal_severity(required)
        )


@rule("response-property-added", severity=NON_BREAKING, format="openapi", changes=("property",))
def response_property_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A response body has a new property.

    ## Why it matters
    Nothing breaks for clients that ignore unknown properties, as JSON clients should
    (Zalando guideline 108, "be tolerant"). Listed for the changelog.

    Source: oasdiff `response-required-property-added` and `response-optional-property-added`
    (INFO).

    ## Example
        # old                          # new
        User:                          User:
          properties:                    properties:
            id: {type: string}             id: {type: string}
                                           avatar: {type: string}
    """
    if _received(change) and change.old is None:
        required = bool((change.new_value or {}).get("required"))
        kind = "required" if required else "optional"
        yield change.finding(f"{kind} response property {change.subject!r} added")


@rule("response-property-became-optional", severity=BREAKING, format="openapi", changes=("property-required",))
def response_property_became_optional(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A response property was taken out of its object's `required` list: the server may now
    leave it out.

    ## Why it matters
    Clients that relied on it being there (typed clients generate it as non-optional) now
    meet bodies without it and fail to decode them or read a missing value.

    Source: oasdiff `response-property-became-optional` (ERR).

    ## Example
        # old                          # new
        User:                          User:
          required: [id, email]          required: [id]
    """
    if _received(change) and change.old_value and not change.new_value:
        yield change.finding(f"response property {change.subject!r} became optional")


@rule("response-property-became-required", severity=NON_BREAKING, format="openapi", changes=("property-required",))
def response_property_became_required(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A response property was added to its object's `required` list: the server now always sends it.

    ## Why it matters
    Nothing breaks: clients that handled its absence simply stop seeing it. Listed for the changelog.

    Source: oasdiff `response-property-became-required` (INFO).

    ## Example
        # old                          # new
        User:                          User:
          required: [id]                 required: [id, email]
    """
    if _received(change) and not change.old_value and change.new_value:
        yield change.finding(f"response property {change.subject!r} became required")


@rule("response-property-became-nullable", severity=BREAKING, format="openapi", changes=("nullable",))
def response_property_became_nullable(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A response body, or a property in it, may now be `null` (`nullable: true` in 3.0,
    `"null"` in its `type` list in 3.1, `x-nullable: true` in 2.0).

    ## Why it matters
    Clients that use the value without checking for null crash on it; typed clients decode
    it into a non-optional field and fail.

    Source: oasdiff `response-property-became-nullable` and `response-body-became-nullable` (ERR).

    ## Example
        # old                          # new
        email: {type: string}          email: {type: string, nullable: true}
    """
    if _received(change, "body") and change.new_value and not change.old_value:
        yield _type_finding(change, _named(change.subject))


@rule("response-property-type-changed", severity=BREAKING, format="openapi", changes=("type", "format"))
def response_property_type_changed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    The type or format of a response body, or of a property in it, changed. Graded by what
    the server may now send:
    - widened (every old value is still possible, and more: integer to number, string to
      string or object, int32 to int64, float to double, a format dropped): breaking;
    - changed to something else (string to integer, date to date-time): breaking;
    - narrowed (number to integer, int64 to int32, a format added): non-breaking.

    ## Why it matters
    Clients decode what they receive into the type they were told: a count that may now be
    `1.5`, or an id that was a string and is now an object, fails their parser. A narrower
    type is still one they understand.

    Source: oasdiff `response-property-type-changed`, `response-property-type-generalized`,
    `response-property-list-of-types-widened`, `response-property-type-specialized`,
    `response-property-type-compatible`, `response-property-list-of-types-narrowed`,
    `response-body-type-changed`, `response-body-type-generalized`,
    `response-body-list-of-types-widened`, `response-body-type-specialized`,
    `response-body-type-compatible` and `response-body-list-of-types-narrowed` (the last three INFO
    there; non-breaking here only when the type narrows).

    ## Example
        # old                          # new
        amount: {type: integer}        amount: {type: number}
    """
    if _received(change, "body"):
        yield _type_finding(change, _named(change.subject))


@rule("response-property-enum-value-added", severity=DANGEROUS, format="openapi", changes=("enum",))
def response_property_enum_value_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An enum in a response body (or header) has a new value, or it lost its `enum` altogether:
    the server may now send a value clients have not seen.

    ## Why it matters
    Dangerous: clients that switch over the values exhaustively, or decode them into a
    closed enum type (Java, Swift, TypeScript unions), fail on the new one. Clients written
    to tolerate unknown values (Zalando guideline 112, `x-extensible-enum`) are fine.

    Source: oasdiff `response-property-enum-value-added`, `response-property-const-changed`,
    `response-property-const-removed`, `response-body-const-changed` and
    `response-body-const-removed` (WARN there, the `const` ones ERR; a `const` is compared as a
    one-value enum).

    ## Example
        # old                          # new
        status:                        status:
          enum: [active, closed]         enum: [active, closed, frozen]
    """
    if not _received(change, "body", "header") or change.old_value is None:
        return  # no enum before: any value was possible already
    if change.new_value is None:
        yield change.finding(f"{_named(change.subject)} is no longer limited to its enum values")
        return
    added = [value for value in change.new_value if value not in change.old_value]
    if added:
        plural = "s" * (len(added) > 1)
        yield change.finding(f"{_named(change.subject)} may now be the new enum value{plural} {_listed(added)}")


@rule("response-property-enum-value-removed", severity=NON_BREAKING, format="openapi", changes=("enum",))
def response_property_enum_value_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An enum in a response body (or header) lost a value: the server no longer sends it.

    ## Why it matters
    Nothing breaks: clients keep handling a value they will not see again. Listed for the changelog.

    Source: oasdiff `response-property-enum-value-removed` and
    `response-mediatype-enum-value-removed` (INFO).

    ## Example
        # old                          # new
        status:                        status:
          enum: [active, closed, old]    enum: [active, closed]
    """
    if not _received(change, "body", "header") or change.old_value is None or change.new_value is None:
        return
    removed = [value for value in change.old_value if value not in change.new_value]
    if removed:
        plural = "s" * (len(removed) > 1)
        yield change.finding(f"{_named(change.subject)} no longer has the enum value{plural} {_listed(removed)}")


def _loosened(keyword: str, old: Any, new: Any) -> str | None:
    """How a bound changed so that the server may send values it could not before, in words;
    None when it did not loosen (it tightened, or was set where there was none)."""
    if not loosens(keyword, old, new):
        return None
    if new is None:
        return "removed"
    if isinstance(old, bool) or isinstance(new, bool):  # 3.0's exclusive bounds, uniqueItems
        return f"no longer {'exclusive' if keyword.startswith('exclusive') else 'true'}"
    if number(old) is not None and number(new) is not None and keyword != "multipleOf":
        return f"{'raised' if new > old else 'lowered'} from {old} to {new}"
    return f"changed from {old!r} to {new!r}" if keyword == "pattern" else f"changed from {old} to {new}"


@rule("response-property-constraint-loosened", severity=DANGEROUS, format="openapi", changes=("constraint",))
def response_property_constraint_loosened(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A bound on a response value was loosened: a maximum (`maximum`, `exclusiveMaximum`,
    `maxLength`, `maxItems`, `maxProperties`) raised or removed, a minimum lowered or removed,
    a `pattern` removed or changed, `uniqueItems` dropped, `multipleOf` made finer or removed.

    ## Why it matters
    Dangerous: clients may have sized buffers or columns, validated, or built UI on the old
    bounds (a name of at most 50 characters, a list of at least one item), and the server may
    now send values outside them. A tightened bound is safe for clients and is not reported.

    Source: oasdiff `response-property-max-increased`, `response-property-exclusive-max-increased`,
    `response-property-max-length-increased`, `response-property-max-length-unset`,
    `response-property-min-decreased`, `response-property-exclusive-min-decreased`,
    `response-property-min-items-decreased`, `response-property-min-items-unset`,
    `response-property-min-length-decreased`, `response-body-max-increased`,
    `response-body-exclusive-max-increased`, `response-body-max-length-increased`,
    `response-body-max-length-unset`, `response-body-min-decreased`,
    `response-body-exclusive-min-decreased`, `response-body-min-items-decreased`,
    `response-body-min-items-unset`, `response-body-min-length-decreased`,
    `response-property-pattern-changed` and `response-property-pattern-removed` (ERR there, the
    pattern ones INFO).

    ## Example
        # old                          # new
        name: {type: string,           name: {type: string,
               maxLength: 50}                 maxLength: 200}
    """
    if not _received(change, "body", "header"):
        return
    schema, _, keyword = change.subject.rpartition(" ")
    how = _loosened(keyword, change.old_value, change.new_value)
    if how:
        yield change.finding(f"{_named(schema)}: {keyword} {how}")


@rule("response-schema-alternative-added", severity=DANGEROUS, format="openapi", changes=("alternative",))
def response_schema_alternative_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A `oneOf` or `anyOf` in a response body has a new alternative.

    ## Why it matters
    Dangerous: the server may now send a shape clients do not know. Clients that decode the
    alternatives into a closed union (generated SDKs, exhaustive `switch` on a discriminator)
    fail on it; clients that skip what they do not recognise are fine.

    Source: oasdiff `response-body-one-of-added`, `response-property-one-of-added`,
    `response-body-wrapped-in-one-of`, `response-body-any-of-added` and
    `response-property-any-of-added` (the first three ERR there, the last two INFO).

    ## Example
        # old                          # new
        oneOf:                         oneOf:
          - $ref: '#/components/schemas/Card'    - $ref: '#/components/schemas/Card'
                                         - $ref: '#/components/schemas/Wallet'
    """
    if _received(change, "body", "header") and change.old is None:
        schema, _, keyword = change.subject.rpartition(" ")
        yield change.finding(f"{_named(schema)}: {keyword} alternative {change.new_value!r} added")
