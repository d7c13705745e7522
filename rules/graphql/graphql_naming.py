"""
## What it does
Checks the naming conventions of GraphQL schemas: type names in PascalCase, field and
argument names in camelCase, enum values in SCREAMING_SNAKE_CASE, and input types that a
mutation takes end in `Input`.

The boolean operators of filter inputs (`AND`, `OR`, `NOT`) may be upper case.
Acronyms may stay upper case (`URL`, `HTMLString`, `resourcePath`, `htmlURL`): GitHub's and
Shopify's schemas write them so, and both spellings read as one word. A leading single
underscore is Apollo Federation's mark for its own names (`_entities`, `_Any`) and is not
part of the case; names starting with `__` are reserved for introspection and reported by
`graphql-schema-valid`. The `Input` suffix is asked only of the input type a mutation
argument takes: arguments of query fields (`orderBy: IssueOrder`, `filter: UserFilter`)
read better without it.

## Why is this bad?
Clients generate code from the schema: a field named `user_name` or a type named
`order_line` becomes an odd identifier in every client language, and a schema that mixes
conventions makes every reader guess. The conventions are those of the GraphQL
specification's examples and of the major public schemas.

Source: GraphQL specification (the conventions of its examples and of its introspection
schema: `__Type`, `ofType`, `ENUM_VALUE`); graphql-schema-linter's rules `types-are-capitalized`,
`fields-are-camel-cased`, `input-object-values-are-camel-cased`, `enum-values-all-caps`;
graphql-eslint's `naming-convention` and `input-name` (the `Input` suffix).

## Example
    type order_line {
      product_name: String
      status: LineStatus
    }

    enum LineStatus { shipped, inTransit }

## Use instead
    type OrderLine {
      productName: String
      status: LineStatus
    }

    enum LineStatus { SHIPPED, IN_TRANSIT }
"""

from __future__ import annotations

import re
from typing import Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding
from apilint.registry import WARNING, rule

from .._words import words
from ._schema import fields_of, mutation_fields, named_type, node_of, own_types

_PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*")
_CAMEL = re.compile(r"[a-z][A-Za-z0-9]*")
_SCREAMING = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
_INPUT_SUFFIX = "Input"
# Boolean operators of filter inputs (`where: {OR: [...]}`, Saleor, Prisma): upper case on purpose.
_OPERATORS = frozenset({"AND", "OR", "NOT"})


@rule("graphql-naming", severity=WARNING, format="graphql")
def graphql_naming(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    from graphql import is_input_object_type

    for named in own_types(schema):
        if _bad(named.name, _PASCAL):
            yield _finding(schema, (named.name,), named, "type", "PascalCase", _pascal(named.name))
        for field_name, field in fields_of(named).items():
            what = "input field" if is_input_object_type(named) else "field"
            if _bad(field_name, _CAMEL) and not (is_input_object_type(named) and field_name in _OPERATORS):
                yield _finding(schema, (named.name, field_name), field, what, "camelCase", _camel(field_name))
            for argument_name, argument in (getattr(field, "args", None) or {}).items():
                if _bad(argument_name, _CAMEL):
                    pointer = (named.name, field_name, argument_name)
                    yield _finding(schema, pointer, argument, "argument", "camelCase", _camel(argument_name))
        for value_name, value in (getattr(named, "values", None) or {}).items():
            if _bad(value_name, _SCREAMING):
                pointer = (named.name, value_name)
                yield _finding(schema, pointer, value, "enum value", "SCREAMING_SNAKE_CASE", _screaming(value_name))
    yield from _inputs_without_suffix(schema)


def _inputs_without_suffix(schema: GraphQLSchemaDocument) -> Iterator[Finding]:
    from graphql import is_input_object_type

    reported = set()
    for _, _, field in mutation_fields(schema):
        for argument in field.args.values():
            input_type = named_type(argument.type)
            if is_input_object_type(input_type) and not input_type.name.endswith(_INPUT_SUFFIX):
                if input_type.name not in reported:
                    reported.add(input_type.name)
                    yield node_of(schema, (input_type.name,), input_type).finding(
                        f"input type taken by a mutation, named without the `{_INPUT_SUFFIX}` suffix",
                        suggestion=_pascal(input_type.name) + _INPUT_SUFFIX,
                    )


def _bad(name: str, case: re.Pattern[str]) -> bool:
    """Not in `case`; a leading `_` (Federation's `_entities`) is not part of the name's case,
    and `__` names are the specification's (graphql-schema-valid reports misuse)."""
    if name.startswith("__"):
        return False
    return case.fullmatch(name.removeprefix("_")) is None


def _finding(schema: GraphQLSchemaDocument, pointer, definition, what: str, case: str, suggestion: str) -> Finding:
    return node_of(schema, pointer, definition).finding(f"{what} `{pointer[-1]}` not in {case}", suggestion=suggestion)


def _pascal(name: str) -> str:
    """`order_line` -> `OrderLine`; `deliveryPayload` -> `DeliveryPayload` (acronyms kept)."""
    if name.isalnum():
        return name[:1].upper() + name[1:]
    return "".join(word.capitalize() for word in words(name)) or name


def _camel(name: str) -> str:
    """`product_name` -> `productName`; `ProductURL` -> `productURL`; `URLPath` -> `urlPath`."""
    if name.isalnum():
        first = words(name)[:1] or [""]
        return first[0] + name[len(first[0]) :]
    pascal = _pascal(name)
    return pascal[:1].lower() + pascal[1:]


def _screaming(name: str) -> str:
    """`inTransit`, `in-transit` -> `IN_TRANSIT`."""
    return "_".join(word.upper() for word in words(name)) or name
