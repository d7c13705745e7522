"""
## What it does
Checks that every `@deprecated` field, argument, input field and enum value gives a
`reason`: what to use instead, or why it goes. For a Boolean flag, which nothing replaces
(Saleor's `useLegacyErrorFlow`), the suggestion is a reason that says when it is removed and
what goes with it.

## Why is this bad?
A deprecation without a reason tells a client developer to stop using something and not
what to do next. graphql-core and graphql-js then serve the default "No longer supported",
which says nothing either; tools that show deprecations (GraphiQL, IDE plugins, code
generators) show that text to every user of the field.

Source: GraphQL specification, "@deprecated" ("the reason ... should be formatted using
the syntax of Markdown" and explain the alternative); graphql-schema-linter's
`deprecations-have-a-reason`.

## Example
    type User {
      login: String @deprecated
    }

## Use instead
    type User {
      login: String @deprecated(reason: "Use `username`.")
    }
"""

from __future__ import annotations

from typing import Any, Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding
from apilint.registry import WARNING, rule

from ._schema import fields_of, named_type, node_of, own_types


@rule("graphql-deprecation-reason", severity=WARNING, format="graphql")
def graphql_deprecation_reason(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    for named in own_types(schema):
        members: list[tuple[tuple[str, ...], Any, str]] = []
        for field_name, field in fields_of(named).items():
            members.append(((named.name, field_name), field, "field"))
            for argument_name, argument in (getattr(field, "args", None) or {}).items():
                members.append(((named.name, field_name, argument_name), argument, "argument"))
        for value_name, value in (getattr(named, "values", None) or {}).items():
            members.append(((named.name, value_name), value, "enum value"))
        for pointer, member, what in members:
            if not _deprecated_without_reason(member):
                continue
            if _is_flag(member):
                yield node_of(schema, pointer, member).finding(
                    f"deprecated Boolean {what} without a reason: say why it goes and when, since nothing replaces a flag",
                    suggestion='@deprecated(reason: "Removed in ...: the legacy behaviour it keeps goes away.")',
                )
            else:
                yield node_of(schema, pointer, member).finding(
                    f"deprecated {what} without a reason: say what to use instead",
                    suggestion='@deprecated(reason: "Use `...` instead.")',
                )


def _is_flag(member: Any) -> bool:
    """A Boolean field, argument or input field (Saleor's `useLegacyErrorFlow`): when it goes,
    its behaviour goes with it or becomes the only one, and nothing replaces it."""
    type_ = getattr(member, "type", None)  # enum values have none
    return type_ is not None and named_type(type_).name == "Boolean"


def _deprecated_without_reason(member: Any) -> bool:
    """`@deprecated` or `@deprecated(reason: "")` in the SDL. The built schema cannot tell:
    graphql-core fills in "No longer supported" for a directive without a reason."""
    ast_node = getattr(member, "ast_node", None)
    for directive in getattr(ast_node, "directives", None) or ():
        if directive.name.value != "deprecated":
            continue
        reason = next((argument.value for argument in directive.arguments or () if argument.name.value == "reason"), None)
        return reason is None or (reason.kind == "string_value" and not reason.value.strip())
    return False
