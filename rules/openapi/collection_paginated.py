"""
## What it does
Flags a list GET with no way to page through the list.

A list GET returns a top-level array, or a list envelope such as
`{data: [...], has_more: true}`. It is paginated when it takes a paging query
parameter (`limit`, `page_size`, `per_page`, `cursor`, `page`, `offset`,
`starting_after`, ...), returns a `Link` header (RFC 8288), or its envelope
says where the next page is (`next`, `next_page_uri`, `@odata.nextLink`,
`links`, `pagination`).

An envelope that says there is more (`has_more`, `hasNext`, `more`,
`next_cursor`, `next_page_token`, `next_marker`, ...) without a paging
parameter is reported differently: the response pages but the request
documents no parameter to ask for the next page. One with a total
(`total`, `total_count`) beside the items and no paging parameter is reported
as a list with a total but no paging parameters.

Exempt, as small lists: an array with `maxItems` no larger than the
`max-items` option (default 100), and a list whose operation summary or
description, response description or array description states a bound no
larger than it ("at most 1 per parent", "returns up to 10", "a maximum of
25", "only one webhook per account is supported"; not "up to 5 minutes
old").

Evidence that a list grows large, both required: its last path word names
records that accumulate with use (`events`, `logs`, `messages`, `comments`,
`commits`, `orders`, `invoices`, `payments`, `transactions`, `files`,
`deploys`, `runs`, `versions`, ...: an issue's comments, an account's
invoices, a site's deploys), and the list changes (clients `POST` or `PUT`
to it, or its items have their own route) or is a log (`/events`, `/audit`).
Only lists of objects are flagged (not `[string]`).

Not flagged, as lists that stay small: lists named otherwise, mostly what an
owner configures (a user's e-mail addresses, a site's hooks, a brand's
vettings, an account's tax rates, roles or keys), even where clients add to
them and address their items; one item's `history` (bounded by its edits);
the parts of one run (`/runs/{run_id}/jobs`); a path ending in a template;
batch GETs with a required `ids` parameter; and reference data named in the
`fixed-lists` option (default: `regions`, `sizes`,
`countries`, `currencies`, `languages`, `timezones`, `types`, ...: the last
path segment ends in one). A generic list envelope carries `has_more` or
`total_count` on small lists too, so these filters apply to envelopes that
page as well.

The default severity is info: whether a list stays small is domain
knowledge. Measured on the corpus, lists that clients add to but that are
named otherwise were mostly small (about 5 in 11 findings were right before
the name was required); with it, 10 of its 11 findings were right (the
exception: a few dozen repeating-invoice templates). Raise it to warning
where every list must be paginated or bounded, and answer each finding
with pagination or a `maxItems`.

## Why is this bad?
A list without pagination grows with the data: responses get slower and
larger until they time out, and a client cannot ask for less. Adding
pagination later changes what the endpoint returns by default, which breaks
clients that expected the whole list. Small fixed lists (regions, sizes,
enum values) are fine: say so with `maxItems`.

Source: Zalando guideline #159 (support pagination), Google AIP-158
(pagination), OWASP API4:2023 (unrestricted resource consumption).

## Example
    paths:
      /orders:
        get:
          responses:
            '200':
              content:
                application/json:
                  schema: {type: array, items: {$ref: '#/components/schemas/Order'}}

## Use instead
    paths:
      /orders:
        get:
          parameters:
            - {name: limit, in: query, schema: {type: integer, maximum: 100}}
            - {name: cursor, in: query, schema: {type: string}}
          responses:
            '200':
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      data: {type: array, items: {$ref: '#/components/schemas/Order'}}
                      next_cursor: {type: string}
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI
from apilint.finding import Finding
from apilint.registry import INFO, Option, rule

from ._collections import (
    FIXED_LISTS,
    GrowingLists,
    collections,
    has_paging_parameter,
)


@rule(
    "collection-paginated",
    severity=INFO,
    format="openapi",
    options={"max-items": Option(100), "fixed-lists": Option(FIXED_LISTS)},
)
def collection_paginated(api: OpenAPI, options: dict) -> Iterator[Finding]:
    max_items = int(options["max-items"])
    fixed = list(options["fixed-lists"])
    growing = GrowingLists(api)
    for listed in collections(api):
        operation = listed.operation
        if listed.bounded(max_items) or listed.bounded_by_description(max_items):
            continue
        if has_paging_parameter(operation) or "link" in listed.response.headers or listed.links_next_page():
            continue
        if not listed.holds_records(api) or listed.bounded_by_request() or listed.fixed_by_name(fixed):
            continue
        if not growing.unbounded(listed):
            continue
        more = listed.says_more()
        if more is not None:
            yield operation.node.finding(
                f"{operation.label}: the response pages (`{more}`) but the request documents no paging parameters",
                suggestion="document the query parameters that ask for the next page (e.g. `cursor`, `limit`)",
            )
            continue
        total = listed.total()
        if total is not None:
            yield operation.node.finding(
                f"{operation.label} returns a list with a total (`{total}`) but documents no paging parameters",
                suggestion="add `limit` (with a maximum) and `cursor` query parameters, "
                f"or declare `maxItems` (at most {max_items}) if the list is small and fixed",
            )
            continue
        what = "an array" if not listed.envelope else f"a list ({listed.array_node.pointer[-1]})"
        yield operation.node.finding(
            f"{operation.label} returns {what} with no pagination parameters",
            suggestion="add `limit` (with a maximum) and `cursor` query parameters, "
            f"or declare `maxItems` (at most {max_items}) if the list is small and fixed",
        )
