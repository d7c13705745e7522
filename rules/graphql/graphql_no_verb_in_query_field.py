"""
## What it does
Checks the fields of the query root type for names that start with a verb: a read verb
(`getUser`, `fetchOrders`, `listItems`, `findProduct`), or a verb that changes data
(`deleteUser`, `createOrder`, `archiveProject`).

Not verbs here: a word that is also a noun and names a thing (`releaseNote`, `return`,
`changeRequests`, `updateLogs`, `restartCount`) unless the field's description starts with
an action in the third person ("Sends a test push notification" for `pushSubscriptionTest`), `search` (a search and its results:
GitHub's `search(query:, type:)`), and verbs that compute an answer without changing
anything (`validateAddress`, `calculateTaxes`, `previewInvoice`): those are queries.

## Why is this bad?
A query field is selected like a property of the graph: `{ user(id: 1) { name } }`. A verb
in its name is a REST or RPC habit that says nothing GraphQL does not already say (every
query reads), and it reads wrong next to the nouns around it. A query named after an action
that changes data is worse: queries may be retried, cached and run in parallel, so an
action belongs in a mutation.

Source: seed notes on API design ("Resource design. Nouns, not verbs": the same rule as
`no-verb-in-path`); GraphQL specification, "Query" ("a read-only fetch") and "Mutation";
the shared verb vocabulary of apilint (`rules/_verbs.py`).

## Example
    type Query {
      getUser(id: ID!): User
      deleteUser(id: ID!): Boolean
    }

## Use instead
    type Query {
      user(id: ID!): User
    }

    type Mutation {
      deleteUser(input: DeleteUserInput!): DeleteUserPayload
    }
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding
from apilint.registry import WARNING, rule

from .._verbs import (
    HEAD_NOUNS,
    MUTATING_VERBS,
    NOUN_LIKE_ACTIONS,
    NOUN_VERBS,
    READ_VERBS,
    verb_phrase,
)
from .._words import bare_verb, without_tags, words
from ._schema import node_of

# Read verbs that are also nouns when nothing follows them (`list`, `read`).
_NOUN_ALONE = frozenset({"list", "read"})


@rule("graphql-no-verb-in-query-field", severity=WARNING, format="graphql")
def graphql_no_verb_in_query_field(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    query = schema.schema.query_type
    for name, field in (query.fields if query is not None else {}).items():
        verb, _, rest = verb_phrase(words(name))
        if verb is None or _is_noun(verb, rest, field.description or ""):
            continue
        node = node_of(schema, (query.name, name), field)
        if verb in READ_VERBS:
            yield node.finding(
                f"query field `{name}` named like an RPC (`{verb}`): a query field names what it returns",
                suggestion=_without_verb(name, verb) if rest else None,
            )
        elif verb in MUTATING_VERBS:
            yield node.finding(
                f"query field `{name}` named after an action (`{verb}`): a query must not change data; "
                "an action is a mutation"
            )


def _is_noun(verb: str, rest: list[str], description: str) -> bool:
    """`list`, `restartCount`, `changeRequests`, `releaseNote`: the verb-looking word names a
    thing. A word that is also a noun (`release`, `push`) is a verb only when the field's
    description starts with an action in the third person ("Sends a test push notification")."""
    if rest and rest[-1] in HEAD_NOUNS:
        return True
    if verb in READ_VERBS:
        return not rest and verb in _NOUN_ALONE
    if verb in NOUN_LIKE_ACTIONS | NOUN_VERBS:
        said = words(without_tags(description))[:1]  # "Sends ...": a verb; "Release notes ...": a noun
        return not (said and bare_verb(said[0]) != said[0] and bare_verb(said[0]) in MUTATING_VERBS)
    return False


def _without_verb(name: str, verb: str) -> str:
    """`getUserByLogin` -> `userByLogin`."""
    start = name.lower().index(verb) + len(verb)
    rest = name[start:].lstrip("_")
    return rest[:1].lower() + rest[1:]
