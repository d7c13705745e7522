"""Breaking-change rules for the request body, what clients send: the body itself, its media
types, and its schema (properties, types and formats, enums, constraints, defaults,
nullability, `additionalProperties`, `oneOf`/`anyOf` alternatives).

The request side reads the other way round from responses: narrowing what the server accepts
breaks clients that send what used to be valid, widening it breaks nobody."""

from __future__ import annotations

from typing import Iterator

from apilint.rules.openapi.breaking._values import shown, tightens, widening

from apilint.diff import REQUEST, Change
from apilint.finding import Finding
from apilint.registry import BREAKING, DANGEROUS, NON_BREAKING, rule


def _in_body(change: Change) -> bool:
    """A change to the request body's schema (not a parameter's, not a response's)."""
    return change.side == REQUEST and change.within == "body"


def _named(subject: str) -> str:
    """What changed, for a message: the body itself in words ("request body (application/json)"),
    a property or a component by its path in quotes ('Pet.owner.name')."""
    return subject if subject.startswith("request body") else f"'{subject}'"


def _split(subject: str) -> tuple[str, str]:
    """A constraint's or an alternative's subject, "Pet.name maxLength": (what, keyword)."""
    what, _, keyword = subject.rpartition(" ")
    return _named(what), keyword


def _types(types: list[str]) -> str:
    return " or ".join(types)


# -- the body ----------------------------------------------------------------------------------


@rule("request-body-added-required", severity=BREAKING, format="openapi", changes=("request-body",))
def request_body_added_required(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation that took no request body now requires one (`requestBody.required: true`;
    Swagger 2.0: a `required` `in: body` parameter). An optional body added is not reported.

    ## Why it matters
    Every existing client calls it without a body and is rejected with 400 or 415.

    Source: oasdiff `request-body-added-required`.

    ## Example
        # old                          # new
        post:                          post:
          responses: ...                 requestBody:
                                           required: true
                                           content: {application/json: ...}
    """
    if change.old is None and change.side == REQUEST and change.new_value.get("required"):
        yield change.finding("required request body added")


@rule("request-body-removed", severity=DANGEROUS, format="openapi", changes=("request-body",))
def request_body_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An operation no longer takes a request body. Breaking when the body was required: every
    client sends one; dangerous when it was optional.

    ## Why it matters
    Clients still send the body. A server that validates requests rejects it; one that does not
    ignores it silently, so the data clients send is dropped while their calls still succeed.
    Both are breaks for the clients that sent it; when the body was optional, some clients
    never did, so the level is dangerous, not breaking.

    Source: oasdiff `request-body-removed` (ERR there; apilint grades it by `required`, as a removed
    request property is dangerous).

    ## Example
        # old                          # new
        put:                           put:
          requestBody:                   responses: ...
            required: true
            content: {application/json: ...}
          responses: ...
    """
    if change.new is None and change.side == REQUEST:
        if change.old_value.get("required"):
            yield change.finding("required request body removed; clients still send one", severity=BREAKING)
        else:
            yield change.finding("request body removed; clients that send one are ignored or rejected")


@rule("request-body-became-required", severity=BREAKING, format="openapi", changes=("required",))
def request_body_became_required(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An optional request body became required (`required: true`).

    ## Why it matters
    Clients that call the operation without a body are rejected. Dangerous rather than
    breaking when the old body's schema already required properties: a client that sent no
    body broke that rule already, so the change most likely writes down what the server
    always did (GitHub's description made 113 such bodies required in one release).

    Source: oasdiff `request-body-became-required`.

    ## Example
        # old                          # new
        requestBody:                   requestBody:
          content: ...                   required: true
                                         content: ...
    """
    if _in_body(change) and change.new_value and not change.old_value:
        if change.detail:
            required = ", ".join(change.detail)
            message = f"request body became required; its schema already required {required}"
            yield change.finding(message, severity=DANGEROUS)
        else:
            yield change.finding("request body became required")


@rule("request-body-became-optional", severity=NON_BREAKING, format="openapi", changes=("required",))
def request_body_became_optional(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A required request body became optional.

    ## Why it matters
    Nothing breaks: clients that send a body still may. Listed for the changelog.

    Source: oasdiff `request-body-became-optional`.

    ## Example
        # old                          # new
        requestBody:                   requestBody:
          required: true                 content: ...
          content: ...
    """
    if _in_body(change) and change.old_value and not change.new_value:
        yield change.finding("request body became optional")


@rule("request-media-type-removed", severity=BREAKING, format="openapi", changes=("media-type",))
def request_media_type_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    The request body no longer accepts a media type it accepted (a `content` entry, or in
    Swagger 2.0 an entry of `consumes`). Parameters (`; charset=utf-8`) and case do not count.

    ## Why it matters
    Clients that send that media type get 415 Unsupported Media Type.

    Source: oasdiff `request-body-media-type-removed`.

    ## Example
        # old                          # new
        content:                       content:
          application/json: ...          application/json: ...
          application/xml: ...
    """
    if change.new is None and change.side == REQUEST:
        yield change.finding(f"request media type {change.old_value} removed")


@rule("request-media-type-added", severity=NON_BREAKING, format="openapi", changes=("media-type",))
def request_media_type_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    The request body accepts a new media type.

    ## Why it matters
    Nothing breaks: clients keep sending what they sent. Listed for the changelog.

    Source: oasdiff `request-body-media-type-added`.

    ## Example
        # old                          # new
        content:                       content:
          application/json: ...          application/json: ...
                                         multipart/form-data: ...
    """
    if change.old is None and change.side == REQUEST:
        yield change.finding(f"request media type {change.new_value} added")


# -- properties ------------------------------------------------------------------------------


@rule("request-property-added-required", severity=BREAKING, format="openapi", changes=("property",))
def request_property_added_required(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A new property of the request body is required: listed in `required`, directly or through
    an `allOf` member that was added. A `default` does not help: a required property must be
    sent.

    ## Why it matters
    Every existing client sends the body without it and is rejected.

    Source: oasdiff `new-required-request-property`, `new-required-request-property-with-default`,
    `request-body-all-of-added` and `request-property-all-of-added` (the last two when the new
    `allOf` member brings required properties: `allOf` members are merged before comparing).

    ## Example
        # old                          # new
        Pet:                           Pet:
          properties:                    required: [species]
            name: ...                    properties:
                                           name: ...
                                           species: {type: string}
    """
    if change.old is None and _in_body(change) and change.new_value.get("required"):
        yield change.finding(f"required request property '{change.subject}' added")


@rule("request-property-added", severity=NON_BREAKING, format="openapi", changes=("property",))
def request_property_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A new optional property of the request body.

    ## Why it matters
    Nothing breaks: clients that do not know it leave it out. Listed for the changelog.

    Source: oasdiff `new-optional-request-property`.

    ## Example
        # old                          # new
        Pet:                           Pet:
          properties:                    properties:
            name: ...                      name: ...
                                           nickname: {type: string}
    """
    if change.old is None and _in_body(change) and not change.new_value.get("required"):
        yield change.finding(f"optional request property '{change.subject}' added")


@rule("request-property-removed", severity=DANGEROUS, format="openapi", changes=("property",))
def request_property_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A property of the request body is gone (a `readOnly` one, never sent, does not count).

    ## Why it matters
    Clients still send it. A server that accepts other properties ignores it, so what the
    client meant by it is silently lost: dangerous. Where the new schema accepts no other
    properties (`additionalProperties: false`), the request is rejected: breaking.

    Source: oasdiff `request-property-removed` (WARN); openapi-diff reports the closed case.

    ## Example
        # old                          # new
        Pet:                           Pet:
          properties:                    properties:
            name: ...                      name: ...
            nickname: ...
    """
    if change.new is None and _in_body(change):
        if change.detail:  # the new schema is closed
            message = f"request property '{change.subject}' removed; the schema now rejects requests that send it"
            yield change.finding(message, severity=BREAKING)
        else:
            yield change.finding(
                f"request property '{change.subject}' removed; servers that accept other properties ignore what clients send in it"
            )


@rule("request-property-became-required", severity=BREAKING, format="openapi", changes=("property-required",))
def request_property_became_required(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An optional property of the request body became required.

    ## Why it matters
    Clients that leave it out are rejected.

    Source: oasdiff `request-property-became-required` and
    `request-property-became-required-with-default`.

    ## Example
        # old                          # new
        Pet:                           Pet:
          properties:                    required: [name]
            name: ...                    properties:
                                           name: ...
    """
    if _in_body(change) and change.new_value and not change.old_value:
        yield change.finding(f"request property '{change.subject}' became required")


@rule("request-property-became-optional", severity=NON_BREAKING, format="openapi", changes=("property-required",))
def request_property_became_optional(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A required property of the request body became optional.

    ## Why it matters
    Nothing breaks: clients that send it still may. Listed for the changelog.

    Source: oasdiff `request-property-became-optional`.

    ## Example
        # old                          # new
        Pet:                           Pet:
          required: [name]               properties:
          properties:                      name: ...
            name: ...
    """
    if _in_body(change) and change.old_value and not change.new_value:
        yield change.finding(f"request property '{change.subject}' became optional")


# -- values ---------------------------------------------------------------------------------------


@rule("request-property-type-changed", severity=BREAKING, format="openapi", changes=("type", "format"))
def request_property_type_changed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    The type or the format of the request body, or of one of its properties, changed. Graded:
    a narrowing is breaking (`number` to `integer`, `string` to `object`, a type dropped from a
    3.1 type list, a `format` changed, `int64` to `int32`); a widening is non-breaking
    (`integer` to `number`, a type added to a list, a `format` removed, `int32` to `int64`,
    `float` to `double`). A `format` added where there was none is dangerous, as for
    parameters: it may reject values the server took, but far more often it writes down what
    the description already asked for (GitHub's `started_at`, "an ISO 8601 timestamp",
    gaining `format: date-time`).

    ## Why it matters
    Clients send values of the old type. Where the new one does not admit them (`1.5` is no
    integer, `"abc"` no `uuid`), the request is rejected.

    Source: oasdiff `request-property-type-changed`, `request-property-type-generalized`,
    `request-property-type-compatible`, `request-property-list-of-types-narrowed`,
    `request-property-list-of-types-widened`, `request-body-type-changed`,
    `request-body-type-generalized`, `request-body-type-compatible`,
    `request-body-list-of-types-narrowed` and `request-body-list-of-types-widened`.

    ## Example
        # old                          # new
        amount: {type: number}         amount: {type: integer}
    """
    if not _in_body(change):
        return
    what = _named(change.subject)
    if change.kind == "type":
        before, after = _types(change.old_value), _types(change.new_value)
        if widening("type", change.old_value, change.new_value) == "widened":
            yield change.finding(f"type of {what} widened from {before} to {after}", severity=NON_BREAKING)
        else:
            yield change.finding(f"type of {what} changed from {before} to {after}")
        return
    before, after = change.old_value, change.new_value
    if after is None:
        yield change.finding(f"format {before} of {what} dropped", severity=NON_BREAKING)
    elif widening("format", before, after) == "widened":
        yield change.finding(f"format of {what} widened from {before} to {after}", severity=NON_BREAKING)
    elif before is None:
        yield change.finding(
            f"format of {what} set to {after}: values in other forms may be rejected", severity=DANGEROUS
        )
    else:
        yield change.finding(f"format of {what} changed from {before} to {after}")


@rule("request-property-enum-value-removed", severity=BREAKING, format="openapi", changes=("enum",))
def request_property_enum_value_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    The request body, or one of its properties, accepts fewer values: an `enum` value (or a
    3.1 `const`) was removed, or an `enum` now limits what used to be free. Values added to an
    enum, or an enum dropped, widen what is accepted and are not reported.

    ## Why it matters
    Clients that send a value no longer listed are rejected.

    Source: oasdiff `request-property-enum-value-removed`, `request-property-became-enum`,
    `request-property-const-added`, `request-property-const-changed`,
    `request-body-enum-value-removed`, `request-body-became-enum`, `request-body-const-added` and
    `request-body-const-changed` (a `const` is compared as a one-value enum).

    ## Example
        # old                              # new
        status: {enum: [draft, sent]}      status: {enum: [sent]}
    """
    if not _in_body(change) or change.new_value is None:
        return
    what = _named(change.subject)
    if change.old_value is None:
        yield change.finding(f"{what} is now limited to the values {shown(change.new_value)}")
        return
    removed = [value for value in change.old_value if value not in change.new_value]
    if removed:
        listed = ", ".join(map(shown, removed))
        yield change.finding(f"value{'s' * (len(removed) > 1)} {listed} no longer accepted in {what}")


@rule("request-property-constraint-tightened", severity=BREAKING, format="openapi", changes=("constraint",))
def request_property_constraint_tightened(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A constraint on the request body, or on one of its properties, rejects values it used to
    accept: a `maximum`, `maxLength`, `maxItems` or `maxProperties` lowered or set; a `minimum`,
    `minLength`, `minItems` or `minProperties` raised or set; `exclusiveMaximum` /
    `exclusiveMinimum` set (3.0 `true`, 3.1 a number) or moved inward; a `pattern` added or
    changed; `uniqueItems` set; `multipleOf` set or changed to a value the old one is not a
    multiple of. Loosened constraints are not reported.

    ## Why it matters
    Clients that send values valid under the old limits are rejected. A changed `pattern` is
    reported whatever it is: whether it accepts everything the old one did cannot be told in
    general.

    Source: oasdiff `request-property-max-decreased`, `request-property-max-set`,
    `request-property-exclusive-max-decreased`, `request-property-exclusive-max-set`,
    `request-property-min-increased`, `request-property-min-set`,
    `request-property-exclusive-min-increased`, `request-property-exclusive-min-set`,
    `request-property-max-length-decreased`, `request-property-max-length-set`,
    `request-property-min-length-increased`, `request-property-min-items-increased`,
    `request-property-min-items-set`, `request-body-max-decreased`, `request-body-max-set`,
    `request-body-exclusive-max-decreased`, `request-body-exclusive-max-set`,
    `request-body-min-increased`, `request-body-min-set`, `request-body-exclusive-min-increased`,
    `request-body-exclusive-min-set`, `request-body-max-length-decreased`,
    `request-body-max-length-set`, `request-body-min-length-increased`,
    `request-body-min-items-increased`, `request-body-min-items-set`,
    `request-property-pattern-added`, `request-property-pattern-changed` and
    `request-property-pattern-generalized` (the last INFO there: a changed pattern is reported here
    whichever way it went).

    ## Example
        # old                          # new
        name:                          name:
          type: string                   type: string
          maxLength: 100                 maxLength: 50
    """
    if not _in_body(change):
        return
    what, keyword = _split(change.subject)
    before, after = change.old_value, change.new_value
    if tightens(keyword, before, after):
        if before is None:
            yield change.finding(f"{keyword} of {what} set to {shown(after)}")
        else:
            yield change.finding(f"{keyword} of {what} changed from {shown(before)} to {shown(after)}")


@rule("request-property-default-changed", severity=DANGEROUS, format="openapi", changes=("default",))
def request_property_default_changed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    The `default` of the request body, or of one of its properties, changed or was removed
    (dangerous); a default set where there was none is listed as non-breaking.

    ## Why it matters
    Clients that leave the property out rely on the server filling in the default. A new
    default changes what their requests mean without any change on their side; a removed one
    leaves the behaviour undocumented.

    Source: oasdiff `request-property-default-value-changed`,
    `request-property-default-value-removed`, `request-property-default-value-added`,
    `request-body-default-value-changed`, `request-body-default-value-removed` and
    `request-body-default-value-added` (INFO there).

    ## Example
        # old                                  # new
        notify: {type: boolean, default: true}  notify: {type: boolean, default: false}
    """
    if not _in_body(change):
        return
    what, before, after = _named(change.subject), change.old_value, change.new_value
    if before is None:
        yield change.finding(f"default of {what} set to {shown(after)}", severity=NON_BREAKING)
    elif after is None:
        yield change.finding(f"default {shown(before)} of {what} removed")
    else:
        yield change.finding(f"default of {what} changed from {shown(before)} to {shown(after)}")


@rule("request-property-became-not-nullable", severity=BREAKING, format="openapi", changes=("nullable",))
def request_property_became_not_nullable(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    The request body, or one of its properties, no longer accepts `null` (3.0 `nullable: true`
    removed, 3.1 `"null"` dropped from `type`, Swagger 2.0 `x-nullable`).

    ## Why it matters
    Clients that send `null` (often to clear a value) are rejected.

    Source: oasdiff `request-property-became-not-nullable` and `request-body-became-not-nullable`.

    ## Example
        # old                                    # new
        nickname: {type: string, nullable: true}  nickname: {type: string}
    """
    if _in_body(change) and change.old_value and not change.new_value:
        yield change.finding(f"{_named(change.subject)} no longer accepts null")


@rule("request-additional-properties-closed", severity=BREAKING, format="openapi", changes=("additional-properties",))
def request_additional_properties_closed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    An object of the request body that accepted other properties than those listed no longer
    does (`additionalProperties: false`).

    ## Why it matters
    Clients that send anything else (a property from an older version, metadata of their own)
    are rejected instead of having it ignored.

    Source: apilint (oasdiff has no `additionalProperties` check; its nearest is the 3.1
    `request-body-unevaluated-properties-added`).

    ## Example
        # old                          # new
        Pet:                           Pet:
          type: object                   type: object
          properties: ...                additionalProperties: false
                                         properties: ...
    """
    if _in_body(change) and change.old_value and not change.new_value:
        yield change.finding(f"{_named(change.subject)} no longer accepts other properties")


@rule("request-schema-alternative-removed", severity=BREAKING, format="openapi", changes=("alternative",))
def request_schema_alternative_removed(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A `oneOf` or `anyOf` alternative of the request body, or of one of its properties, was
    removed. Alternatives are matched by the component they name, else their `title`, else
    their type.

    ## Why it matters
    Clients that send a value of the removed alternative are rejected.

    Source: oasdiff `request-property-one-of-removed`, `request-property-any-of-removed`,
    `request-body-one-of-removed` and `request-body-any-of-removed`.

    ## Example
        # old                          # new
        pet:                           pet:
          oneOf:                         oneOf:
            - $ref: '#/.../Cat'            - $ref: '#/.../Cat'
            - $ref: '#/.../Dog'
    """
    if change.new is None and _in_body(change):
        what, keyword = _split(change.subject)
        yield change.finding(f"{keyword} alternative '{change.old_value}' of {what} removed")


@rule("request-schema-alternative-added", severity=NON_BREAKING, format="openapi", changes=("alternative",))
def request_schema_alternative_added(change: Change, options: dict) -> Iterator[Finding]:
    """
    ## What changed
    A new `oneOf` or `anyOf` alternative of the request body, or of one of its properties.

    ## Why it matters
    Clients keep sending what they sent. Listed for the changelog; with `oneOf`, check that a
    value valid under an old alternative does not also match the new one, which `oneOf` rejects.

    Source: oasdiff `request-property-one-of-added`, `request-property-any-of-added`,
    `request-body-one-of-added`, `request-body-any-of-added` and `request-body-wrapped-in-one-of`
    (ERR there; here the wrapped schema is compared with the alternative it became, and the others
    are reported as added).

    ## Example
        # old                          # new
        pet:                           pet:
          oneOf:                         oneOf:
            - $ref: '#/.../Cat'            - $ref: '#/.../Cat'
                                           - $ref: '#/.../Dog'
    """
    if change.old is None and _in_body(change):
        what, keyword = _split(change.subject)
        yield change.finding(f"{keyword} alternative '{change.new_value}' of {what} added")
