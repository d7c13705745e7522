"""
## What it does
Checks operation documents (queries, mutations, subscriptions, fragments) against the
schema with the GraphQL specification's validation: unknown fields and arguments, missing
required arguments, fragments on the wrong type, fields that conflict in one selection.
Every error is reported, however many. A fragment that no operation of its file uses is
not: SDKs and code generators keep fragments for client code to use.

## Why is this bad?
A server rejects an invalid operation at run time, in front of a user. Checked in CI
against the schema, the client code that sends it fails before it ships, and a schema
change that breaks a real operation is seen in the pull request that makes it.

Source: GraphQL specification, "Validation" (operations), as implemented by graphql-core.

## Example
    query Viewer {
      viewer { nmae }
    }

## Use instead
    query Viewer {
      viewer { name }
    }
"""

from __future__ import annotations

from typing import Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding
from apilint.registry import ERROR, rule


@rule("graphql-operation-valid", severity=ERROR, format="graphql")
def graphql_operation_valid(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    for operations in schema.operations:
        # A conflict inside a fragment is found once per pair of places it conflicts with: one
        # finding at the place, with every other place related.
        findings: dict[tuple, Finding] = {}
        for error in operations.errors:
            finding = schema.error_finding(error) or operations.source.root.finding(error.message)
            key = (finding.node, finding.message, finding.span)
            if key in findings:
                seen = findings[key]
                seen.related = (*seen.related, *(place for place in finding.related if place not in seen.related))
            else:
                findings[key] = finding
        yield from findings.values()
