"""
## What it does
Checks that collections are paged with cursor connections, per the Relay Cursor
Connections specification:

- an `offset`, `skip` or `page` argument (offset paging) on a field that returns a list, or
  a connection without a cursor argument; when the list has a connection sibling named after
  it (Artsy's `Show.images(page:)` beside `imagesConnection`), the finding proposes to
  deprecate the list in its favour;
- a connection type (a name ending in `Connection`) without `pageInfo` or `edges`, and an
  edge type without `cursor`;
- a field that takes a cursor (`after`, `before`) but returns a plain list: the client
  has no `pageInfo` or edge to get a cursor from;
- in a schema with no connection at all, a query root field that returns a plain list of
  objects with an `id` (`users: [User!]!`), reported as `info`.

A connection that takes `page` or `skip` beside its cursor (`after`, `before`) is not
reported: that is a second way to address its pages, added on purpose (Artsy's numbered
pages with `pageCursors`, GitHub's `skip` to jump into long timelines), and the cursor is
still there for clients that walk the list.

Plain lists are otherwise not reported. Whether a list can grow without bound is a judgment
the schema does not show: GitHub's `Query.licenses` and Shopify's `Order.transactions` are
small, Saleor's `Group.users` is not. Flagging plain lists of items that the schema pages
elsewhere was tried on the corpus (GitHub, Shopify, Saleor, Linear, Artsy, Braintree): about
one in five was a collection that should page, far too few. The query root check is `info`
for the same reason (`countries: [Country!]!` is a fixed list). Lists of scalars or enums (a
repository's `[Language!]!`) and lists whose items the client names (`nodes(ids: [ID!]!)`)
are never reported.

## Why is this bad?
An offset pages by position: when an item is added or removed while a client pages, items
are skipped or repeated, and a deep offset makes the server count past every earlier row.
A cursor marks a place in the ordering, stays valid as the data changes and lets the server
seek straight to it. A plain list of a growing collection has no paging at all: one day it
returns ten thousand objects in one response. Connections also give every collection the
same shape (`edges { cursor node }`, `pageInfo { hasNextPage endCursor }`) that Relay,
Apollo and urql page through without code for each field.

Source: GraphQL Cursor Connections Specification (Relay): "Connection Types", "Edge Types",
"Arguments" (`first`/`after`, `last`/`before`), "PageInfo"; seed notes on API design
("cursor pagination" among the signals of REST done right); graphql-schema-linter's
`relay-connection-types-spec` and `relay-page-info-spec`.

## Example
    type Query {
      users(offset: Int, limit: Int): [User!]!
    }

## Use instead
    type Query {
      users(first: Int, after: String): UserConnection!
    }

    type UserConnection {
      edges: [UserEdge!]!
      pageInfo: PageInfo!
    }

    type UserEdge {
      cursor: String!
      node: User!
    }
"""

from __future__ import annotations

from typing import Any, Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding
from apilint.registry import INFO, WARNING, rule

from .._words import words
from ._schema import fields_of, is_list, named_type, node_of, own_types

_OFFSET_ARGUMENTS = {("offset",), ("skip",), ("page",), ("page", "number"), ("page", "index")}
_CONNECTION = "Connection"
_CURSORS = ("after", "before")


@rule("graphql-relay-pagination", severity=WARNING, format="graphql")
def graphql_relay_pagination(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    from graphql import is_object_type

    types = own_types(schema)
    has_connections = any(is_object_type(named) and named.name.endswith(_CONNECTION) for named in types)
    query = schema.schema.query_type
    edges_checked: set[str] = set()
    for named in types:
        if not is_object_type(named):
            continue
        connection = named.name.endswith(_CONNECTION)
        if connection:
            yield from _connection_shape(schema, named, edges_checked)
        for field_name, field in named.fields.items():
            returned = named_type(field.type)
            listed = is_list(field.type)
            paged_by_position = False  # then that finding says what to do; a second one would repeat it
            for argument_name, argument in field.args.items():
                if tuple(words(argument_name)) not in _OFFSET_ARGUMENTS or not (listed or returned.name.endswith(_CONNECTION)):
                    continue
                if not listed and any(cursor in field.args for cursor in _CURSORS):
                    continue  # a second way to address a connection's pages, beside its cursor
                paged_by_position = True
                node = node_of(schema, (named.name, field_name, argument_name), argument)
                sibling = _connection_sibling(named, field_name, returned) if listed else None
                if sibling is not None:
                    yield node.finding(
                        f"`{argument_name}` pages `{field_name}` by position: items are skipped or repeated when the "
                        f"list changes between pages; `{sibling}` pages the same `{returned.name}` items with a cursor",
                        suggestion=f'@deprecated(reason: "Use `{sibling}`.")',
                    )
                    continue
                yield node.finding(
                    f"`{argument_name}` pages `{field_name}` by position: items are skipped or repeated "
                    "when the list changes between pages; page with a cursor (`first`/`after`)",
                    suggestion="first: Int, after: String",
                )
            if not listed or not is_object_type(returned) or connection:
                continue
            cursors = [name for name in _CURSORS if name in field.args]
            if cursors:
                yield node_of(schema, (named.name, field_name, cursors[0]), field.args[cursors[0]]).finding(
                    f"`{named.name}.{field_name}` takes a cursor (`{cursors[0]}`) but returns a plain list: "
                    "no `pageInfo` or edge gives the client a cursor to pass",
                    suggestion=f"{field_name}(first: Int, after: String): {returned.name}{_CONNECTION}",
                )
            elif (
                named is query
                and not (has_connections or paged_by_position or _names_its_items(field))
                and "id" in returned.fields
            ):
                yield node_of(schema, (named.name, field_name), field).finding(
                    f"`{named.name}.{field_name}` returns a plain list of `{returned.name}` objects, a collection "
                    "with no paging: return a connection",
                    suggestion=f"{field_name}(first: Int, after: String): {returned.name}{_CONNECTION}",
                    severity=INFO,
                )


def _connection_shape(schema: GraphQLSchemaDocument, connection: Any, edges_checked: set[str]) -> Iterator[Finding]:
    missing = [name for name in ("edges", "pageInfo") if name not in connection.fields]
    if missing:
        names = " or ".join(f"`{name}`" for name in missing)
        yield node_of(schema, (connection.name,), connection).finding(
            f"connection type `{connection.name}` has no {names}: clients cannot page through it the Relay way"
        )
    edges = connection.fields.get("edges")
    edge = named_type(edges.type) if edges is not None else None
    if edge is not None and edge.name not in edges_checked and "cursor" not in fields_of(edge):
        edges_checked.add(edge.name)
        yield node_of(schema, (edge.name,), edge).finding(
            f"edge type `{edge.name}` has no `cursor`: a client cannot resume paging after one of its items"
        )


def _connection_sibling(parent: Any, field_name: str, item: Any) -> str | None:
    """A field of the same type, named after the list, returning a connection of the same items
    (Artsy's `Show.images` beside `imagesConnection`): the plain list is the legacy one."""
    for name, field in parent.fields.items():
        connection = named_type(field.type)
        if name == field_name or not name.startswith(field_name) or not connection.name.endswith(_CONNECTION):
            continue
        nodes = fields_of(connection).get("nodes")
        edge = fields_of(connection).get("edges")
        node = fields_of(named_type(edge.type)).get("node") if edge is not None else None
        if any(member is not None and named_type(member.type) is item for member in (nodes, node)):
            return name
    return None


def _names_its_items(field: Any) -> bool:
    """`nodes(ids: [ID!]!)`: a list argument names the items, so it bounds the list."""
    return any(is_list(argument.type) for argument in field.args.values())
