"""
## What it does
Checks that every mutation can report a user error (an invalid value, a conflict, a missing
permission) in its result: its payload has an `errors` or `userErrors` list (any field whose
name ends in `errors`, such as Saleor's `productErrors`; best of objects with a code, the
field path and a message, though GitLab's `errors: [String!]!` is a place in the schema for
them too), or an `error` field of an object type (Parabol's `error: StandardMutationError`), or a field of a union with an error among its members (Artsy's
`brandKitOrError: CreateBrandKitSuccess | CreateBrandKitFailure`), or the mutation returns a
union of results (`CreateUserResult = User | EmailTaken`).

An outcome object also reports errors in a typed way: a payload field (or the result itself)
of an object with a `status` or a Boolean success flag (`succeeded`, `success`, `ok`), a
message or error field, and no `id` (Artsy's `result: BidderPositionResult {status,
messageHeader, rawError}`, Wiki.js's `responseResult: ResponseStatus {succeeded, errorCode,
message}`).

A mutation field with no arguments that returns an object whose fields take arguments is a
namespace (Wiki.js's `pages: PageMutation`, called as `mutation { pages { create(...) } }`):
its fields are the mutations, checked and reported at themselves.

When no mutation of the schema does, or nearly none (at most 1 in 20), that is the schema's
choice: it is reported once, at the mutation type, as `info`. GitHub documents that design
(user errors go to the response's top-level `errors` list, each with a `type`), and a team that
chose it knowingly will not change it; the finding says what the choice costs clients. Otherwise each mutation that
differs is reported at its field.

## Why is this bad?
This is the GraphQL face of "200 for errors". A GraphQL response is `200 OK` whatever
happens; the only structured place for failure is the top-level `errors` list, which is made
for what went wrong with the request (a syntax error, a server fault): its entries have no
type in the schema, so clients match on message strings, code generators give them no types,
and a partial success cannot say which input field was wrong. A typed `userErrors: [UserError!]!`
(field path, code, message) is part of the schema: clients switch on codes and show the
message beside the field.

Source: seed notes on API design ("use the real status codes, not 200 for everything");
Shopify's GraphQL design tutorial ("userErrors" on every mutation payload); GitHub's and
Saleor's `errors` fields; the Relay mutation convention's payload type.

## Example
    type Mutation {
      createUser(input: CreateUserInput!): CreateUserPayload
    }

    type CreateUserPayload { user: User }

## Use instead
    type CreateUserPayload {
      user: User
      userErrors: [UserError!]!
    }

    type UserError { field: [String!], code: UserErrorCode, message: String! }
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding, Node
from apilint.registry import INFO, WARNING, rule

from .._words import words
from ._schema import fields_of, is_list, mutation_fields, named_type, node_of

if TYPE_CHECKING:
    from graphql import GraphQLField

_EXAMPLES = 3  # mutations named in a schema-wide finding
# The share of mutations without a typed error that makes it the schema's choice: Linear's 2 of
# 371 payloads with an `error` do not make the other 369 departures from a convention.
_SCHEMA_CHOICE = 0.95
# Words in the name of a union member that is an error (`CreateBrandKitFailure`, `EmailTakenError`).
_ERROR_WORDS = frozenset({"error", "errors", "failure", "failed", "problem", "problems"})
# The last word of an outcome's Boolean success flag (Wiki.js's `succeeded`).
_SUCCESS_WORDS = frozenset({"succeeded", "success", "ok"})
# Words of the fields beside a `status` or a success flag that explain it, in an outcome object
# (Wiki.js's `errorCode`; not a bare `code`, which is often the object's own, as Braintree's `Product.code`).
_MESSAGE_WORDS = frozenset({"message", "messages", "error", "errors", "reason"})


@rule("graphql-mutation-errors", severity=WARNING, format="graphql")
def graphql_mutation_errors(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    mutations = list(_mutations(schema))
    untyped: list[tuple[str, Node, str]] = []
    for name, pointer, field in mutations:
        returned = named_type(field.type)
        if not _reports_errors(returned):
            untyped.append((name, node_of(schema, pointer, field), returned.name))
    if len(mutations) > 1 and len(untyped) >= _SCHEMA_CHOICE * len(mutations):
        mutation = schema.schema.mutation_type
        named = ", ".join(f"`{name}` ({returned})" for name, _, returned in untyped[:_EXAMPLES])
        counted = (
            f"none of the {len(mutations)} mutations can report a user error in its result"
            if len(untyped) == len(mutations)
            else f"{len(untyped)} of the {len(mutations)} mutations cannot report a user error in their result"
        )
        yield node_of(schema, (mutation.name,), mutation).finding(
            f"{counted} (e.g. {named}): only the untyped top-level `errors` list can say what was wrong",
            suggestion="userErrors: [UserError!]! on each payload",
            severity=INFO,
        )
        return
    for name, node, returned in untyped:
        yield node.finding(
            f"mutation `{name}` returns `{returned}`, with no typed way to report a user error "
            "(an `errors` or `userErrors` field, or a union result)",
            suggestion="userErrors: [UserError!]!",
        )


def _mutations(schema: GraphQLSchemaDocument) -> Iterator[tuple[str, tuple[str, str], "GraphQLField"]]:
    """Each mutation: its name in messages, its schema coordinate and its field. A root field
    with no arguments whose object's fields take arguments is a namespace (Wiki.js's
    `pages: PageMutation`, called as `mutation { pages { create(...) } }`): its fields are the
    mutations (`pages.create`), and the namespace itself is none."""
    for mutation, name, field in mutation_fields(schema):
        namespace = fields_of(named_type(field.type))
        if not field.args and any(inner.args for inner in namespace.values()):
            for inner_name, inner in namespace.items():
                yield f"{name}.{inner_name}", (named_type(field.type).name, inner_name), inner
        else:
            yield name, (mutation.name, name), field


def _reports_errors(returned) -> bool:
    """A union of results; an outcome object; or an object with a list of errors (`userErrors`,
    `errors`, Saleor's `productErrors`; GitLab's `errors: [String!]!`), an `error` object
    (Parabol's `error: StandardMutationError`), a field of a union with an error among
    its members (Artsy's `orderOrError`; not GitHub's `duplicate: IssueOrPullRequest`) or a
    field of an outcome object (Artsy's `result: BidderPositionResult`)."""
    from graphql import is_leaf_type, is_union_type

    if is_union_type(returned) or _outcome(returned):
        return True
    for name, field in fields_of(returned).items():
        named = named_type(field.type)
        if is_union_type(named) and any(_ERROR_WORDS & set(words(member.name)) for member in named.types):
            return True
        if words(name)[-1:] == ["errors"] and is_list(field.type):
            return True  # of objects (code, field path, message) at best; GitLab's strings still say which input failed
        if words(name)[-1:] == ["error"] and not is_leaf_type(named):
            return True  # one typed error (Parabol's `error: StandardMutationError`)
        if _outcome(named):
            return True
    return False


def _outcome(named) -> bool:
    """An object that says how the mutation went: a `status` or a Boolean success flag, and a
    message or error field (Artsy's `BidderPositionResult {status, messageHeader, rawError}`,
    Wiki.js's `ResponseStatus {succeeded, errorCode, slug, message}`), and no `id` (an object
    with an id is the data acted on, whose `status` is its own)."""
    fields = fields_of(named)
    if "id" in fields or not any(_says_how_it_went(name, field) for name, field in fields.items()):
        return False
    return any(_MESSAGE_WORDS & set(words(name)) for name in fields)


def _says_how_it_went(name: str, field) -> bool:
    last = words(name)[-1:]
    return last == ["status"] or (bool(_SUCCESS_WORDS & set(last)) and named_type(field.type).name == "Boolean")
