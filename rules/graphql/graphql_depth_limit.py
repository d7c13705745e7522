"""
## What it does
Finds a cycle in the schema's type graph that queries can reach (from `Query` or
`Subscription`, through fields of object, interface and union type, and an interface's or
union's possible types) and that passes through a list, in a schema that declares no
maximum query depth and no maximum cost. The message shows the path into the cycle and
round it (`Query.viewer -> User.friends -> User`), at the field that closes it: one finding
per schema, for the cycle nearest the root (the shortest through its first type), however
many cycles there are. The path avoids deprecated fields and those named with a leading `_`
(Artsy's `_do_not_use_...`) when another cycle exists.

Not reported: a cycle of single objects (GitHub's `Query.relay: Query`, Shopify's
`Job.query: QueryRoot`): each level adds one object, so the query grows with its text, not
multiplied; nor one whose only list is sized by the ids the client gives (`nodes(ids:)`),
which is as many objects as the query names. A cycle that only a mutation's result reaches
is not reported either.

A maximum depth is declared in the configuration:

    graphql:
      max-depth: 10

or in the schema, with a schema directive:

    directive @maxDepth(value: Int!) on SCHEMA
    schema @maxDepth(value: 10) { query: Query }

When both declare one, the configuration's wins. graphql-operation-depth then checks every
operation against it. A declared `graphql.max-cost` silences the rule too: a cost limit
bounds a nested query as well as a depth limit does (each level costs at least one, and
each list multiplies the cost), and it is how GitHub, Shopify, Linear and Saleor bound
their queries; graphql-operation-cost then checks the operations.

The rule is `info`: every real schema has such cycles, and the public APIs checked (GitHub,
Shopify, Saleor, Linear) bound them with a cost or node limit the schema does not show; the
finding asks to declare that limit, which a reviewer judged right in about 1 case in 3.

## Why is this bad?
A cycle through a list lets a client nest a query as deep as it likes, `user { friends {
friends { friends ... } } }`, and each level multiplies the work: one request can take a
server down. The schema alone cannot stop it (cycles are normal and useful); the server must
refuse queries deeper (or costlier) than a limit, and the schema's reviewers and clients
should know that limit. Declaring it here records the decision and lets apilint check the
operations against it.

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
from apilint.registry import INFO, rule

from ._limits import declared_max_depth, elided, multiplying_cycle


@rule("graphql-depth-limit", severity=INFO, format="graphql")
def graphql_depth_limit(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    if declared_max_depth(schema) or schema.settings["max-cost"]:
        return
    path = multiplying_cycle(schema)
    if path is None:
        return
    closing = next(step for step in reversed(path) if step.field is not None)
    field = schema.schema.type_map[closing.source].fields[closing.field]
    shown = " -> ".join(elided([*(step.text for step in path if step.field is not None), path[-1].target]))
    yield schema.node((closing.source, closing.field), field.ast_node).finding(
        f"queries can nest lists without end ({shown} -> ...), each level multiplying the result, "
        "and no maximum depth or cost is declared",
        suggestion="declare the server's limit: `graphql.max-depth` or `graphql.max-cost` in the configuration, "
        "or `schema @maxDepth(value: N)`",
    )
