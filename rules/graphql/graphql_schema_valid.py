"""
## What it does
Reports what the GraphQL specification's validation finds wrong in a schema: a field or
type defined twice, a reference to a type that does not exist, an object that does not
implement its interface's fields, a directive used where it is not allowed.

## Why is this bad?
Servers refuse to start on an invalid schema, and tools (code generators, graphql-core,
graphql-js) refuse to read it. apilint still builds what it can and runs its other
rules, so one mistake does not hide the rest; only a syntax error stops it.

Source: GraphQL specification, "Type System" (validation of type definitions and
extensions), as implemented by graphql-core.

## Example
    type User {
      name: String
      name: String
    }

## Use instead
    type User {
      name: String
    }
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding
from apilint.registry import ERROR, rule

# graphql-core names the first definition first, and the interface before the type that
# fails it: these findings go at the last place it names, where the user edits.
_AT_LAST = (
    (re.compile(r"There can be only one|can only be defined once|Must provide only one"), "first defined here"),
    (re.compile(r"^Interface field .* expect"), "the interface's field"),
)


@rule("graphql-schema-valid", severity=ERROR, format="graphql")
def graphql_schema_valid(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    for error in schema.sdl_errors:
        at_last = next((label for pattern, label in _AT_LAST if pattern.search(error.message)), None)
        if at_last is None:
            finding = schema.error_finding(error)
        else:
            finding = schema.error_finding(error, primary=-1, related_label=at_last)
        yield finding if finding is not None else schema.root.finding(error.message)
