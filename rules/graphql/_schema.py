"""What the GraphQL design rules share: the types a schema defines itself (not the
introspection types nor the built-in scalars), the named type under lists and non-nulls, and
the node of a type, field, argument or enum value.

Not a rule (no `@rule`). graphql-core is imported inside functions only: an OpenAPI run
discovers this module too and must not pay for `import graphql`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Node

if TYPE_CHECKING:
    from graphql import GraphQLField, GraphQLNamedType, GraphQLObjectType


def own_types(document: GraphQLSchemaDocument) -> list["GraphQLNamedType"]:
    """The types the schema's files define, in name order (findings come out in a stable order)."""
    from graphql import is_specified_scalar_type

    return [
        named
        for name, named in sorted(document.schema.type_map.items())
        if not name.startswith("__") and not is_specified_scalar_type(named)
    ]


def named_type(type_: Any) -> "GraphQLNamedType":
    """`User` for `[User!]!`."""
    while hasattr(type_, "of_type"):
        type_ = type_.of_type
    return type_


def is_list(type_: Any) -> bool:
    """`[User]`, `[User!]!`; not `User!`."""
    from graphql import is_list_type, is_non_null_type

    return is_list_type(type_.of_type if is_non_null_type(type_) else type_)


def fields_of(named: Any) -> dict[str, "GraphQLField"]:
    """The fields of an object, interface or input type; none for the other kinds."""
    return getattr(named, "fields", None) or {}


def mutation_fields(document: GraphQLSchemaDocument) -> Iterator[tuple["GraphQLObjectType", str, "GraphQLField"]]:
    mutation = document.schema.mutation_type
    for name, field in (mutation.fields if mutation is not None else {}).items():
        yield mutation, name, field


def node_of(document: GraphQLSchemaDocument, pointer: tuple[str, ...], definition: Any) -> Node:
    """The node of a schema coordinate, in the file whose AST defines it (`definition` is the
    graphql-core type, field, argument or enum value)."""
    return document.node(pointer, getattr(definition, "ast_node", None))
