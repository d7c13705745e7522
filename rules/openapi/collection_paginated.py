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
25", "only one webhook per account is supported"). A bound stated where
the items are created counts too, when it is on those items: the `POST`
beside the list or the RPC create method (`/x/create` beside `/x/list`)
saying "only one alert channel can be created per integration" bounds
`/alert-channels`; "each webhook can listen to up to 5 event types" does
not bound `/webhooks`. Not bounds on the list: durations ("up to 5
minutes old", "up to one to two minutes"), page and batch sizes ("up to
100 per page", "up to 50 in a single request") and what runs at once
("limited to one concurrent export").

Evidence that a list grows large, structure first, any of:
- a top-level collection that clients grow: no parent item in its path (no
  template segment; literal prefixes such as `/v2`, `/api`, `/gen-ai` are
  versions and namespaces), not under the caller (`/me/...`, `/user/...`,
  `/account/...`), no required query parameter naming a parent
  (`/devices?cardId=...`), and clients add to it (`POST`/`PUT` on the path)
  or change or remove its items (`PUT`/`PATCH`/`DELETE` on `/x/{id}`):
  `/customers`, `/v2/databases`, `/Items`; in an RPC-style API, a list
  method (`/x/list`, `x.list`) beside `/x/create`, `/x/add` or `/x/update`,
  `/x/delete`, `/x/cancel` (the list method itself, even a `POST`, is no
  evidence);
- a membership: its items are another top-level collection's items
  (`/orgs/{org}/blocks/{username}` beside `/users/{username}`), so it is as
  large as that collection;
- under a parent item (`/sites/{id}/deploys`), the last path word names
  records that accumulate with use (`events`, `logs`, `messages`,
  `comments`, `commits`, `orders`, `invoices`, `payments`, `transactions`,
  `files`, `deploys`, `runs`, `scans`, `versions`, ..., plus the words in
  the `growing` option, e.g. `growing: [shipments, leads]`), and the list
  changes (clients `POST` or `PUT` to it, or its items have their own
  route) or is a log (`/events`, `/audit`). An RPC method's word is its
  collection's (`/ledger/entry/list` lists entries).
Only lists of objects are flagged (not `[string]`).

Not flagged, as lists that stay small: other lists under a parent item,
mostly what an owner configures (a user's e-mail addresses, a site's hooks,
a brand's vettings, a user's preferences, a video's tags), even where
clients add to them; a catalog clients only
read (`/licenses` beside a read-only `/licenses/{key}`); one item's
`history` (bounded by its edits); the parts of one run
(`/runs/{run_id}/jobs`); a path ending in a template; batch GETs with a
required `ids` parameter; and reference data named in the `fixed-lists`
option (default: `regions`, `sizes`, `countries`, `currencies`,
`languages`, `timezones`, `types`, `categories`, `rates`, `themes`, ...:
the last path segment ends in one). A generic list envelope carries
`has_more` or `total_count` on small lists too, so these filters apply to
envelopes that page as well.

An account's few top-level resources (webhooks, registries, contact groups,
payment services) are flagged on purpose: AIP-158 asks for pagination at the
outset, as adding it later breaks clients, and on the corpus 241 of 273
top-level lists that clients grow are paginated by their own teams (Stripe
even pages its tax rates and webhook endpoints, DigitalOcean its VPCs and
tags, Xero Payroll its deduction types). Where a team knows such a list
stays small, a `maxItems` (or a description's bound) says so and silences
the finding.

The default severity is info: whether a list stays small is domain
knowledge. Hand-checked on the corpus (DigitalOcean, Xero, Netlify, Box,
GitHub, OpenAI, Adyen), of the 24 findings the structural evidence added, 15
are lists that grow without bound, 7 are small top-level lists flagged on
purpose as above (Box's terms of service, at most two; DigitalOcean's log
sinks and registries; Xero's contact groups), and 2 are scoped to a parent
the structure cannot see (one shopper's stored payment methods, behind an
optional parameter; a Netlify user's teams). Raise the severity to warning
where every list must be paginated or bounded, and answer each finding with
pagination or a `maxItems`.

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
    collections,
    growing_lists,
    has_paging_parameter,
)


@rule(
    "collection-paginated",
    severity=INFO,
    format="openapi",
    options={"max-items": Option(100), "fixed-lists": Option(FIXED_LISTS), "growing": Option([])},
)
def collection_paginated(api: OpenAPI, options: dict) -> Iterator[Finding]:
    max_items = int(options["max-items"])
    fixed = list(options["fixed-lists"])
    growing = growing_lists(api, options["growing"])
    for listed in collections(api):
        operation = listed.operation
        if listed.bounded(max_items) or growing.bounded_by_description(listed, max_items):
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
