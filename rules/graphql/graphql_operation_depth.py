"""
## What it does
Measures the depth of every operation in the operations documents checked with the schema,
and reports those deeper than the declared maximum depth (`graphql.max-depth` in the
configuration, or `schema @maxDepth(value: N)`: see graphql-depth-limit). The message gives
the depth and the path to the deepest field; the finding is at the operation.

Depth is counted as graphql-depth-limit counts it, and graphql-eslint's
`selection-set-depth`, envelop's and GraphQL Armor's depth limits after it: the root fields
are level 0 and each nested selection set adds one (`{ viewer { friends { name } } }` is 2
deep); fragments and inline fragments count as if written in place (a cycle of fragments,
which graphql-operation-valid reports, adds nothing); introspection fields (`__schema`,
`__type`, `__typename`) are not counted, nor anything below them, as those servers ignore
them by default.

Without a declared maximum there is nothing to check, and no finding.

## Why is this bad?
The server refuses an operation deeper than its limit: the client that sends it fails in
front of its users. Checked against the schema's declared limit in CI, it fails before it
ships.

Source: OWASP GraphQL Cheat Sheet, "Query Limiting (Depth & Amount)"; graphql-depth-limit.

## Example
    # graphql: {max-depth: 2}
    query Friends {
      viewer { friends { friends { name } } }
    }

## Use instead
    query Friends {
      viewer { friends { name } }
    }
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.graphql import GraphQLSchemaDocument, operation_name
from apilint.finding import Finding
from apilint.registry import ERROR, rule

from ._limits import DepthCounter, declared_max_depth, elided, operations_and_fragments


@rule("graphql-operation-depth", severity=ERROR, format="graphql")
def graphql_operation_depth(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    limit = declared_max_depth(schema)
    if not limit:
        return
    operations, fragments = operations_and_fragments(schema)
    counter = DepthCounter(fragments)
    for source, operation in operations:
        depth, path = counter.depth(operation.selection_set)
        if depth > limit:
            name = operation_name(operation)
            yield source.root.child(name).finding(
                f"{name} is {depth} levels deep, deeper than the maximum depth of {limit}: {' > '.join(elided(list(path)))}"
            )
