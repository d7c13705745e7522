"""
## What it does
Checks that the types a client can refetch by id expose a non-null `id` field: `id: ID!` on
the object types and interfaces that implement `Node` (the Relay Global Object Identification
interface); on those a query root field with an `id` argument returns, a non-null `id` of the
argument's type (`id: String!` beside `oauthApplication(id: String!)`, Linear's style for its
non-`Node` types, round-trips and caches as well) or `ID!`. Such a field must name the type it
returns (`user(id: ID!): User`; not `customViewHasSubscribers(id: ID!): ...Payload`, an answer
computed about the object with that id, nor a result that points at the object the id names
with a field such as `productId`).

## Why is this bad?
A client that was given an object must be able to ask for it again: to refresh it, to
follow a link, to update its cache. Relay, Apollo Client and urql normalise their caches by
`id` (Apollo: `__typename` + `id`): an object without one cannot be cached apart from its
parent, and two copies of it go out of step. An id that is a `String` or an `Int` works,
but tells clients nothing: `ID` says it is opaque (serialised as a string, never to be
parsed or computed), and non-null says every object has one.

Source: GraphQL Global Object Identification specification (Relay: "the `Node` interface
... `id: ID!`"); GraphQL specification, "ID" scalar; Apollo Client's cache normalisation by
`id`.

## Example
    type Query {
      order(id: ID!): Order
    }

    type Order {
      number: Int!
      total: Money
    }

## Use instead
    type Order {
      id: ID!
      number: Int!
      total: Money
    }
"""

from __future__ import annotations

from typing import Any, Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding, Node
from apilint.registry import WARNING, rule

from .._words import singular, words
from ._schema import fields_of, named_type, node_of, own_types

_NODE = "Node"  # the Global Object Identification interface
# Last words of types that carry a computed answer, not the object an `id` argument names.
_RESULT_WORDS = frozenset({"payload", "response", "result", "results", "impact", "preview", "summary"})


@rule("graphql-id-fields", severity=WARNING, format="graphql")
def graphql_id_fields(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    from graphql import is_interface_type, is_object_type

    # type name -> (why it needs an id, where that is said, the type of the `id` argument that fetches it)
    why: dict[str, tuple[str, Node | None, Any]] = {}
    for named in own_types(schema):
        if is_object_type(named) or is_interface_type(named):
            if any(interface.name == _NODE for interface in named.interfaces):
                why[named.name] = (f"that implements `{_NODE}`", None, None)
    query = schema.schema.query_type
    for name, field in (query.fields if query is not None else {}).items():
        returned = named_type(field.type)
        if "id" in field.args and (is_object_type(returned) or is_interface_type(returned)) and _names(name, returned):
            fetched_at = node_of(schema, (query.name, name), field)
            why.setdefault(returned.name, (f"fetched by id (`{query.name}.{name}`)", fetched_at, field.args["id"].type))
    for type_name, (reason, fetched_at, argument_type) in sorted(why.items()):
        named = schema.schema.type_map[type_name]
        related = [(fetched_at, "fetched by id here")] if fetched_at is not None else []
        id_field = fields_of(named).get("id")
        if id_field is None:
            yield node_of(schema, (type_name,), named).finding(
                f"`{type_name}`, an object {reason}, has no `id` field", suggestion="id: ID!", related=related
            )
        elif str(id_field.type) != "ID!" and not _round_trips(id_field.type, argument_type):
            yield node_of(schema, (type_name, "id"), id_field).finding(
                f"`{type_name}.id` is `{id_field.type}`, not `ID!`: an object {reason} needs an opaque, non-null id",
                suggestion="id: ID!",
                related=related,
            )


def _round_trips(id_type: Any, argument_type: Any) -> bool:
    """`id: String!` on a type fetched by `oauthApplication(id: String!)`: the id the object
    gives is the one the field takes back, and caches normalise by it (Linear gives its
    non-`Node` types such ids). Only `Node` asks for `ID!` itself."""
    from graphql import is_non_null_type

    return argument_type is not None and is_non_null_type(id_type) and named_type(id_type) is named_type(argument_type)


def _names(field_name: str, returned: Any) -> bool:
    """Whether a field's `id` argument identifies what the field returns: `user(id:)` returns
    a `User`, `order(id:)` a `ShopOrder`. Not `customViewHasSubscribers(id:)`, a computed
    `...Payload` about the object with that id, nor Shopify's `productResourceFeedback(id:)`,
    whose result points at the product the id names (`productId`)."""
    field_words, type_words = words(field_name), words(returned.name)
    if not (field_words and type_words) or type_words[-1] in _RESULT_WORDS:
        return False
    if singular(field_words[-1]) != singular(type_words[-1]):
        return False
    return not any(
        reference != field_name and field_name.startswith(reference)
        for reference in (name[:-2] for name in fields_of(returned) if name.endswith(("Id", "ID")))
    )
