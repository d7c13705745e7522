"""
## What it does
Estimates the cost of every operation in the operations documents checked with the schema,
and reports those over the declared maximum (`graphql.max-cost` in the configuration). The
message gives the estimate and the most expensive path; the finding is at the operation.
Without a declared maximum there is nothing to check, and no finding.

The estimate follows the IBM GraphQL Cost Directives (`@cost`, `@listSize`):

    cost(selection set)  = the sum of cost(field) over its fields, fragments as if written in
                           place; fragments on different object types of an interface or
                           union (`... on Issue`, `... on Project`) are alternatives: an item
                           is one of them, so the costliest counts, not their sum
    cost(field)          = size × (weight + cost(its selection set))
    weight               = @cost(weight:) of the field, else of its type; else 1 for an
                           object, interface or union, 0 for a scalar or enum
    size                 = 1, unless the field returns a list (or is one a connection sizes):
                           the largest slicing argument the operation gives it (a literal, or
                           its variable's default value), or the number of ids it lists
                           (`nodes(ids: [...])`); else the slicing argument's default in the
                           schema (`maxRepositories: Int = 25`); else @listSize(assumedSize:);
                           else, for a field that takes a slicing argument, the server's page
                           size (`graphql.max-page-size`); else `graphql.assumed-list-size`
                           (default 1); never more than max-page-size

A plain list that no argument sizes (an issue's reactions, a release's notes) is assumed to
hold `graphql.assumed-list-size` items, 1 unless configured, as Apollo Router's demand
control assumes a configured `list_size`: counting each at a full page made every one of
Linear's operations cost tens of thousands, which no reader believed. The message marks
each size it did not read from the operation: `reactions ×10 (assumed:
assumed-list-size)`, `nodes ×50 (assumed: max-page-size)`, `top ×25 (argument default)`.

Slicing arguments are those `@listSize(slicingArguments:)` names, else the number arguments
the configured `graphql.slicing-arguments` patterns match (`first`, `last`, `limit`, `size`,
`max*`, ...: see graphql-cost-limit). On a field that returns a connection rather than a
list, they size its `edges` and `nodes` (or the fields `@listSize(sizedFields:)` names), as
Relay connections are sized. Each selection counts as written, even where the server would
merge two of them.

## Why is this bad?
The server refuses an operation over its cost limit (GitHub and Shopify both compute such a
cost before they run a query): the client that sends it fails in front of its users, or
spends its rate limit in a few calls. Checked in CI against the declared limit, it fails
before it ships.

Source: IBM GraphQL Cost Directives specification (ibm.github.io/graphql-specs/cost-spec.html);
OWASP GraphQL Cheat Sheet, "Query Cost Analysis".

## Example
    # graphql: {max-cost: 1000}
    query Everything {
      repositories(first: 100) { nodes { issues(first: 100) { nodes { title } } } }
    }

## Use instead
    query FirstIssues {
      repositories(first: 10) { nodes { issues(first: 10) { nodes { title } } } }
    }
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.graphql import GraphQLSchemaDocument, operation_name
from apilint.finding import Finding
from apilint.registry import WARNING, rule

from ._limits import CostEstimator, elided, operations_and_fragments


@rule("graphql-operation-cost", severity=WARNING, format="graphql")
def graphql_operation_cost(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    limit = schema.settings["max-cost"]
    if not limit:
        return
    operations, fragments = operations_and_fragments(schema)
    estimator = CostEstimator(schema, fragments)
    for source, operation in operations:
        cost, path = estimator.cost(operation)
        if cost > limit:
            name = operation_name(operation)
            yield source.root.child(name).finding(
                f"{name} has an estimated cost of {cost:,}, over the maximum of {limit:,}; "
                f"most expensive: {' > '.join(elided(list(path)))}"
            )
