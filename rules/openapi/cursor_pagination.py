"""
## What it does
Suggests cursor pagination for a large list paged by offset or page number.

It flags the `offset`, `page`, `skip` or `start` query parameter (also
`page[number]`, `pageNumber`, `page_number`, `startIndex`, ...) of a GET that
returns a list, when the list may be large (the array has no `maxItems`, or
one above the `max-items` option, default 100) and no cursor parameter
(`cursor`, `after`, `page_token`, `starting_after`, `continue`, `marker`, ...)
is offered beside it. Lists of plain values (`[string]`) and reference data
named in the `fixed-lists` option (default: `regions`, `sizes`, `countries`,
`currencies`, `languages`, `timezones`, `types`, ...; a path's last segment
ending in one of them) are not flagged.

## Why is this bad?
An offset is a position in a list that keeps changing: when items are added
or removed while a client pages, it skips or repeats items. The server also
has to count past every skipped row, so deep pages get slower and slower. A
cursor names the last item seen: pages stay consistent and each costs the
same. Offsets are fine for small, stable lists: declare their `maxItems`.

Source: Google AIP-158 (pagination with `page_token`), Zalando guideline #160
(prefer cursor-based pagination), seed notes ("cursor-based for large/changing
lists; offset/page only for small, stable datasets").

## Example
    /orders:
      get:
        parameters:
          - {name: offset, in: query, schema: {type: integer}}
          - {name: limit, in: query, schema: {type: integer, maximum: 100}}

## Use instead
    /orders:
      get:
        parameters:
          - {name: cursor, in: query, schema: {type: string}}
          - {name: limit, in: query, schema: {type: integer, maximum: 100}}
        # and return the next cursor: {data: [...], next_cursor: "..."}
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.openapi import OpenAPI
from apilint.finding import Finding
from apilint.registry import INFO, Option, rule

from ._collections import (
    CURSOR_PARAMETERS,
    FIXED_LISTS,
    OFFSET_PARAMETERS,
    collections,
    has_paging_parameter,
    is_numeric,
    paging_names,
    query_parameters,
)


@rule(
    "cursor-pagination",
    severity=INFO,
    format="openapi",
    options={"max-items": Option(100), "fixed-lists": Option(FIXED_LISTS)},
)
def cursor_pagination(api: OpenAPI, options: dict) -> Iterator[Finding]:
    max_items = int(options["max-items"])
    fixed = list(options["fixed-lists"])
    for listed in collections(api):
        operation = listed.operation
        if listed.bounded(max_items) or listed.bounded_by_description(max_items):
            continue
        if not listed.holds_records(api) or listed.fixed_by_name(fixed):
            continue
        if has_paging_parameter(operation, CURSOR_PARAMETERS):
            continue
        offset = next(
            (
                p
                for p in query_parameters(operation)
                if p.location == "query" and paging_names(p.name) & OFFSET_PARAMETERS and is_numeric(api, p)
            ),
            None,
        )
        if offset is None:
            continue
        yield offset.written_at.finding(
            f"{operation.label} pages by position (`{offset.name}`); items shift while a client pages",
            suggestion="offer a cursor (`cursor`/`page_token`/`after`) returned with each page, with `limit`",
        )
