"""
## What it does
Finds list fields whose size nothing bounds: a field that returns a Relay connection (a type
with an `edges` or `nodes` list) with no slicing argument and no `@listSize(assumedSize:)`,
and, in a schema that pages none of its lists, a field that returns a list of objects with
neither. One finding per field, at the field.

A slicing argument is a number argument (Int, Float or a custom scalar) whose name a
`graphql.slicing-arguments` pattern matches: by default `first`, `last`, `limit`, `size`,
`count`, `take`, `perPage`, `per_page`, `pageSize` and `max*` (GitHub's `maxRepositories`),
or the names `@listSize(slicingArguments:)` gives. A field that takes one is bounded when the
server's maximum page size is declared: in the configuration,

    graphql:
      max-page-size: 100   # GitHub refuses first/last above 100; Shopify above 250

or per field with the IBM GraphQL Cost Directives, `@listSize(assumedSize: 100,
slicingArguments: ["first", "last"])`. When none is declared, the schema gets one finding
for all of them, at the first, naming how many there are: one setting answers it.

Not reported: lists of scalars or enums (they end a query: they add to its size, but
multiply nothing below them); a list of the ids the client names (`nodes(ids: [ID!]!)`); a
connection's own `edges` and `nodes` (or the fields `@listSize(sizedFields:)` names): the
field that returns the connection is the one checked; an object's field that an interface it
implements declares (the interface's is checked); and types only a mutation returns (a
payload's lists echo what the mutation was given).

A plain list with no slicing argument, in a schema that pages its collections with
connections or slicing arguments, is not reported: there a plain list is the designers'
signal that it is small. Hand-checked on GitHub's schema, about 5 in 45 such lists grow
without end (`Blame.ranges`, `Tree.entries`); the rest are small by nature (a calendar's
weeks, a user's permission groups, a license's rules), and a reviewer rejected 8 in 10 of
them across seven public schemas. In a schema that pages nothing, every list of objects is
reported: nothing there tells a small list from a collection.

The rule is `info` by default. Big public APIs do bound their pages and costs (GitHub at 100,
Shopify at 250, Saleor at 100) but say so in their documentation or argument descriptions,
not in a form the schema carries: a reviewer judged fewer than half of the findings on seven
public schemas to be problems their designers would fix, rather than a bound the schema does
not state. Declare the bound (above) and the finding goes; raise the rule to `warning` to
require every schema to state it.

## Why is this bad?
A list with no bound lets one query ask for everything, and each level of nesting multiplies
it: `users { posts { comments } }` on lists of thousands is billions of objects. A cost
limit needs every list's size; a client needs to know the page it will get. Declaring the
bound (a slicing argument with a maximum, or `@listSize`) is what makes the other limits
(graphql-operation-cost) computable.

Source: IBM GraphQL Cost Directives specification (`@listSize`,
ibm.github.io/graphql-specs/cost-spec.html); OWASP GraphQL Cheat Sheet, "Query Limiting
(Depth & Amount)"; Relay Cursor Connections specification.

## Example
    type User {
      followers: [User!]!
    }

## Use instead
    type User {
      followers(first: Int, after: String): UserConnection!
        @listSize(assumedSize: 100, slicingArguments: ["first"])
    }
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding
from apilint.registry import INFO, rule

from ._limits import (
    ids_argument,
    is_connection,
    is_retired,
    list_size_of,
    queried_fields,
    sized_fields,
    slicing_arguments,
)
from ._schema import is_list


@rule("graphql-cost-limit", severity=INFO, format="graphql")
def graphql_cost_limit(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    from graphql import get_named_type, is_leaf_type

    max_page_size = schema.settings["max-page-size"]
    sized: set[tuple[str, str]] = set()  # (type, list field) that the slicing arguments of a field returning it size
    pages = False  # the schema pages some list: its plain lists are small by choice
    unbounded = []
    no_maximum = []  # sliced, with no maximum page size declared
    for type_, name, field in queried_fields(schema):
        target = get_named_type(field.type)
        list_size = list_size_of(field)
        sized.update((target.name, child) for child in sized_fields(target, list_size))
        # a connection, or a type whose lists @listSize(sizedFields:) says this field's arguments size
        connection = not is_list(field.type) and (is_connection(target) or list_size.sized_fields is not None)
        slicing = slicing_arguments(field, list_size, schema.settings)
        pages = pages or connection or bool(slicing)
        if not (connection or is_list(field.type)) or is_leaf_type(target) or list_size.assumed_size is not None:
            continue
        if ids_argument(field) is not None:
            continue  # as many items as the client names
        if any(name in interface.fields for interface in getattr(type_, "interfaces", ())):
            continue  # the interface's field is checked: one finding, not one per implementation
        if not slicing:
            unbounded.append((type_, name, field, target, connection))
        elif not max_page_size:
            no_maximum.append((type_, name, field))
    for type_, name, field, target, connection in unbounded:
        if (type_.name, name) in sized or (pages and not connection):
            continue
        yield schema.node((type_.name, name), field.ast_node).finding(
            f"{type_.name}.{name} returns {f'{target.name}, a connection' if connection else f'a list of {target.name}'} "
            "that nothing bounds: no slicing argument (first, last, limit, ...) and no @listSize(assumedSize:)",
            suggestion="take `first` (with a maximum the server enforces) or declare `@listSize(assumedSize: N)`",
        )
    if no_maximum:
        type_, name, field = min(no_maximum, key=lambda found: is_retired(found[1], found[2]))
        which = f"{type_.name}.{name} takes" if len(no_maximum) == 1 else f"{len(no_maximum)} list fields take"
        example = "" if len(no_maximum) == 1 else " (this one first)"
        yield schema.node((type_.name, name), field.ast_node).finding(
            f"{which} a slicing argument{example}, and the schema does not declare the largest page "
            "the server gives: neither clients nor a cost estimate can see it",
            suggestion="declare the server's bound: `graphql.max-page-size` in the configuration, "
            "or `@listSize(assumedSize: N)` on each field",
        )
