"""
## What it does
Checks the naming conventions of GraphQL schemas: type names in PascalCase, field and
argument names in camelCase, enum values in SCREAMING_SNAKE_CASE, and input types that a
mutation takes end in `Input`.

The boolean operators of filter inputs (`AND`, `OR`, `NOT`) may be upper case.
Acronyms may stay upper case (`URL`, `HTMLString`, `resourcePath`, `htmlURL`): GitHub's and
Shopify's schemas write them so, and both spellings read as one word. A name with a leading
underscore is outside the convention on purpose and not checked: Apollo Federation's own names
(`_entities`, `_Any`), a prefix that marks types stitched in from another API (Parabol's
`_xGitHubIssue`), a field kept for old clients (Artsy's `_do_not_use_conversation`); names
starting with `__` are reserved for introspection and reported by `graphql-schema-valid`. When most names of a kind (and at least ten) are in another case
(Linear writes its enum values in camelCase), that is the schema's convention: it is reported
once, at its first name, with the count; a convention of field names covers argument and
input field names too (Positron's snake_case `channel_id`), which are counted in that finding
and not reported one by one. The enum values of one enum in the wrong case are one finding,
at the first, naming the others: they were spelled in one decision.

The `Input` suffix is asked only of the input type a mutation argument takes: arguments of
query fields (`orderBy: IssueOrder`, `filter: UserFilter`) read better without it. A name
with `Input` as one of its words (Linear's `ReleaseCompleteInputBase`) says it already.

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
from typing import Any, Callable, Iterator

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
# Names in another case that, when they are most of their kind, are the schema's convention.
_CONVENTION = 10
# Kinds of member names that share one case (camelCase): a convention of one covers the others.
_MEMBERS = ("field", "argument", "input field")
_EXAMPLES = 3  # other names given in a type's finding
# Kinds of names reported once per type that has several in the wrong case, with what the type is called.
_GROUPED = {"enum value": ("values", "enum"), "field": ("fields", "type"), "input field": ("fields", "input type")}


@rule("graphql-naming", severity=WARNING, format="graphql")
def graphql_naming(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    from graphql import is_input_object_type

    # kind -> (how many names of that kind, the ones in the wrong case: (pointer, definition))
    names: dict[str, tuple[list[int], list[tuple[tuple[str, ...], Any]]]] = {kind: ([0], []) for kind in _CASES}

    def check(kind: str, pointer: tuple[str, ...], definition: Any) -> None:
        count, wrong = names[kind]
        count[0] += 1
        if _bad(pointer[-1], _CASES[kind][0]):
            wrong.append((pointer, definition))

    for named in own_types(schema):
        if named.name.startswith("_"):  # and its members: a type outside the convention on purpose
            continue
        check("type", (named.name,), named)
        for field_name, field in fields_of(named).items():
            if is_input_object_type(named):
                if field_name not in _OPERATORS:
                    check("input field", (named.name, field_name), field)
                continue
            check("field", (named.name, field_name), field)
            for argument_name, argument in field.args.items():
                check("argument", (named.name, field_name, argument_name), argument)
        for value_name, value in (getattr(named, "values", None) or {}).items():
            check("enum value", (named.name, value_name), value)
    conventions = [kind for kind, ((count,), wrong) in names.items() if _is_convention(count, len(wrong))]
    # A convention of fields holds for arguments and input fields too (Positron's snake_case):
    # their names in the same case are that one decision, not one slip each.
    members = next((kind for kind in conventions if kind in _MEMBERS), None)
    for kind, ((count,), wrong) in names.items():
        if kind in conventions:
            folded = [(other, len(names[other][1])) for other in _MEMBERS if kind == members and other not in conventions]
            yield _convention(schema, kind, count, wrong, [(other, n) for other, n in folded if n])
        elif members is not None and kind in _MEMBERS:
            continue
        elif kind in _GROUPED:
            yield from _per_type(schema, kind, wrong)
        else:
            for pointer, definition in wrong:
                yield _finding(schema, kind, pointer, definition)
    yield from _inputs_without_suffix(schema)


def _is_convention(count: int, wrong: int) -> bool:
    """Most names of a kind (and at least ten) in another case: the schema's convention (Linear
    writes enum values in camelCase), reported once."""
    return wrong >= _CONVENTION and wrong * 2 > count


def _convention(
    schema: GraphQLSchemaDocument, kind: str, count: int, wrong: list, folded: list[tuple[str, int]]
) -> Finding:
    """The convention once, at its first name, with the names of other member kinds it covers."""
    case, spell = _CASES[kind][1:]
    (pointer, definition), rest = wrong[0], wrong[1:]
    examples = ", ".join(f"`{other[-1]}`" for other, _ in rest[:2])
    also = "".join(f", nor {'are' if n > 1 else 'is'} {n} {other} name{'s' if n > 1 else ''}" for other, n in folded)
    return node_of(schema, pointer, definition).finding(
        f"{len(wrong)} of the schema's {count} {kind} names are not in {case} "
        f"(`{pointer[-1]}` here, {examples}...){also}: GraphQL clients and tools expect {case}",
        suggestion=spell(pointer[-1]),
    )


def _per_type(schema: GraphQLSchemaDocument, kind: str, wrong: list) -> Iterator[Finding]:
    """One finding per type, at its first name in the wrong case, naming the others: a type's
    names are spelled in one go (Artsy's `SearchCriteriaFields` mirrors field names; Parabol's
    `MeetingSubscriptionPayload` names its fields after the payload types)."""
    by_type: dict[str, list] = {}
    for pointer, definition in wrong:
        by_type.setdefault(pointer[0], []).append((pointer, definition))
    for owner, names in by_type.items():
        if len(names) == 1:
            yield _finding(schema, kind, *names[0])
            continue
        (pointer, definition), rest = names[0], names[1:]
        examples = ", ".join(f"`{other[-1]}`" for other, _ in rest[:_EXAMPLES]) + ("..." if len(rest) > _EXAMPLES else "")
        case, spell = _CASES[kind][1:]
        yield node_of(schema, pointer, definition).finding(
            f"{len(names)} {_GROUPED[kind][0]} of {_GROUPED[kind][1]} `{owner}` not in {case} (`{pointer[-1]}` here, {examples})",
            suggestion=spell(pointer[-1]),
        )


def _finding(schema: GraphQLSchemaDocument, kind: str, pointer: tuple[str, ...], definition: Any) -> Finding:
    case, spell = _CASES[kind][1:]
    return node_of(schema, pointer, definition).finding(f"{kind} `{pointer[-1]}` not in {case}", suggestion=spell(pointer[-1]))


def _inputs_without_suffix(schema: GraphQLSchemaDocument) -> Iterator[Finding]:
    from graphql import is_input_object_type

    reported = set()
    for _, _, field in mutation_fields(schema):
        for argument in field.args.values():
            input_type = named_type(argument.type)
            if is_input_object_type(input_type) and "input" not in words(input_type.name):
                if input_type.name not in reported:
                    reported.add(input_type.name)
                    yield node_of(schema, (input_type.name,), input_type).finding(
                        f"input type taken by a mutation, named without the `{_INPUT_SUFFIX}` suffix",
                        suggestion=_pascal(input_type.name) + _INPUT_SUFFIX,
                    )


def _bad(name: str, case: re.Pattern[str]) -> bool:
    """Not in `case`. A leading `_` marks a name outside the convention on purpose (Federation's
    `_entities`, a stitching prefix `_xGitHubIssue`); `__` names are the specification's
    (graphql-schema-valid reports misuse)."""
    return not name.startswith("_") and case.fullmatch(name) is None


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


# kind of name -> (its case, the case's name, how to spell a name in it)
_CASES: dict[str, tuple[re.Pattern[str], str, Callable[[str], str]]] = {
    "type": (_PASCAL, "PascalCase", _pascal),
    "field": (_CAMEL, "camelCase", _camel),
    "argument": (_CAMEL, "camelCase", _camel),
    "input field": (_CAMEL, "camelCase", _camel),
    "enum value": (_SCREAMING, "SCREAMING_SNAKE_CASE", _screaming),
}
