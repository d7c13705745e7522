"""
## What it does
Finds a cycle in the schema's type graph that queries can reach (from `Query` or
`Subscription`, through fields of object, interface and union type, and an interface's or
union's possible types), in a schema that declares no maximum query depth. The message shows
the path into the cycle and round it (`Query.viewer -> User.friends -> User`), at the field
that closes it: one finding per schema, for the cycle nearest the root (the shortest
through its first type), however many cycles there are.

A maximum depth is declared in the configuration:

    graphql:
      max-depth: 10

or in the schema, with a schema directive:

    directive @maxDepth(value: Int!) on SCHEMA
    schema @maxDepth(value: 10) { query: Query }

When both declare one, the configuration's wins. graphql-operation-depth then checks every
operation against it. A cycle that only a mutation's result reaches is not reported.

## Why is this bad?
A cycle lets a client nest a query as deep as it likes, `user { friends { friends { friends
... } } }`, and each level multiplies the work: one request can take a server down. The
schema alone cannot stop it (cycles are normal and useful); the server must refuse queries
deeper than a limit, and the schema's reviewers and clients should know that limit. Declaring
it here records the decision and lets apilint check the operations against it.

Source: OWASP GraphQL Cheat Sheet, "Query Limiting (Depth & Amount)"; the "missing
GraphQL depth limits" anti-pattern.

## Example
    type Query { viewer: User }
    type User {
      name: String
      friends: [User]
    }

## Use instead
    directive @maxDepth(value: Int!) on SCHEMA
    schema @maxDepth(value: 10) { query: Query }
    type Query { viewer: User }
    type User {
      name: String
      friends: [User]
    }
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding
from apilint.registry import WARNING, rule

from ._limits import declared_max_depth, elided, shortest_cycle


@rule("graphql-depth-limit", severity=WARNING, format="graphql")
def graphql_depth_limit(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    if declared_max_depth(schema):
        return
    path = shortest_cycle(schema)
    if path is None:
        return
    closing = next(step for step in reversed(path) if step.field is not None)
    field = schema.schema.type_map[closing.source].fields[closing.field]
    shown = " -> ".join(elided([*(step.text for step in path if step.field is not None), path[-1].target]))
    yield schema.node((closing.source, closing.field), field.ast_node).finding(
        f"queries can nest without end ({shown} -> ...) and the schema declares no maximum depth",
        suggestion="declare the server's depth limit: `graphql.max-depth` in the configuration, "
        "or `schema @maxDepth(value: N)`",
    )
