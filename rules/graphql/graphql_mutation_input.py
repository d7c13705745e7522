"""
## What it does
Checks the shape of mutations: each takes its data in one non-null input object
(`input: CreateUserInput!`) and returns a payload type, an object named `...Payload` (or a
union of results).

Arguments that name the objects a mutation acts on may stand beside the input object
(`productUpdate(id: ID!, input: ProductInput!)`, `giftCardDelete(id: ID!)`: Shopify's,
Saleor's and Linear's style), and the input object's argument may be named after the object
(`urlRedirectCreate(urlRedirect: UrlRedirectInput!)`, Shopify's) or be a list of input
objects: what matters for evolution is that new fields go into an input type. A mutation
without other arguments needs no input. A nullable input object is reported only when it has
required fields (a null input can only fail); one whose fields are all optional may be
optional on purpose (Shopify's `draftOrderInvoiceSend(id:, email: EmailInput)`).

When no mutation of the schema follows one of the two conventions, that is a choice of the
schema, not a slip: it is reported once, at the mutation type, with the count. Otherwise each
mutation that differs is reported, at the argument or the field. (That the input type's
name ends in `Input` is `graphql-naming`'s.)

Its findings are `info` by default: checked by hand on Shopify's, Saleor's and Linear's
schemas, about one in five loose arguments was another way to name the object acted on
(`productVariantDelete(sku:)`, `fileUploadDangerouslyDelete(assetUrl:)`), which a schema
cannot tell from data. Raise it to `warning` in the configuration where the convention is
the house style.

## Why is this bad?
A mutation's arguments and return type are its contract. With one `input` object, adding a
field to it never changes the mutation's signature, clients send one variable
(`mutation($input: CreateUserInput!)`), and every mutation reads the same way. A payload
type can grow (the created object, user errors, the viewer, a `clientMutationId`) without
breaking clients; a mutation that returns `User` or `Boolean` cannot.

Source: Relay GraphQL Server Specification, "Mutations" (a single `input` argument and a
payload object), as GitHub's schema follows it; graphql-eslint's `input-name` rule.

## Example
    type Mutation {
      createUser(name: String!, email: String): User
    }

## Use instead
    type Mutation {
      createUser(input: CreateUserInput!): CreateUserPayload
    }

    input CreateUserInput { name: String!, email: String }
    type CreateUserPayload { user: User, userErrors: [UserError!]! }
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from apilint.documents.graphql import GraphQLSchemaDocument
from apilint.finding import Finding, Node
from apilint.registry import INFO, rule

from ._schema import mutation_fields, named_type, node_of

if TYPE_CHECKING:
    from graphql import GraphQLArgument

_PAYLOAD_SUFFIX = "Payload"
_EXAMPLES = 3  # mutations named in a schema-wide finding


@rule("graphql-mutation-input", severity=INFO, format="graphql")
def graphql_mutation_input(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    from graphql import is_input_object_type, is_non_null_type, is_union_type

    mutations = list(mutation_fields(schema))
    inputs: list[tuple[str, Node, str]] = []  # (mutation, where, what is wrong)
    payloads: list[tuple[str, Node, str]] = []
    for mutation, name, field in mutations:
        arguments = {key: value for key, value in field.args.items() if not _names_target(key, value)}
        if len(arguments) > 1:
            names = ", ".join(f"`{argument}`" for argument in arguments)
            inputs.append((name, node_of(schema, (mutation.name, name), field), f"takes {names} as separate arguments"))
        elif arguments:
            (argument_name, argument), = arguments.items()
            where = node_of(schema, (mutation.name, name, argument_name), argument)
            if not is_input_object_type(named_type(argument.type)):
                inputs.append((name, where, f"takes `{argument_name}: {argument.type}`, not an input object"))
            elif not is_non_null_type(argument.type) and _has_required_fields(named_type(argument.type)):
                what = f"takes `{argument_name}: {argument.type}`, which may be null though it has required fields"
                inputs.append((name, where, what))
        returned = named_type(field.type)
        if not (returned.name.endswith(_PAYLOAD_SUFFIX) or is_union_type(returned)):
            payloads.append((name, node_of(schema, (mutation.name, name), field), f"returns `{field.type}`"))
    with_arguments = sum(1 for _, _, field in mutations if any(not _names_target(*item) for item in field.args.items()))
    yield from _report(schema, inputs, with_arguments, "take", "one non-null input object (`input: ...Input!`)")
    yield from _report(schema, payloads, len(mutations), "return", f"a `...{_PAYLOAD_SUFFIX}` type or a union")


def _names_target(name: str, argument: "GraphQLArgument") -> bool:
    """`id`, `productId`, `products: [ID!]!`: which objects the mutation acts on, beside its
    input (`productUpdate(id: ID!, input: ProductInput!)`: Shopify's, Saleor's, Linear's style)."""
    return name in ("id", "ids") or name.endswith(("Id", "Ids")) or named_type(argument.type).name == "ID"


def _has_required_fields(input_type: Any) -> bool:
    """An input object with a required field: a null `input` can only fail. One without may be
    optional on purpose (Shopify's `draftOrderInvoiceSend(id:, email: EmailInput)`)."""
    from graphql import is_required_input_field

    return any(is_required_input_field(field) for field in input_type.fields.values())


def _report(
    schema: GraphQLSchemaDocument, wrong: list[tuple[str, Node, str]], total: int, verb: str, wanted: str
) -> Iterator[Finding]:
    """Each mutation that differs, or one finding at the mutation type when none follows."""
    if len(wrong) == total > 1:
        mutation = schema.schema.mutation_type
        named = "; ".join(f"`{name}` {what}" for name, _, what in wrong[:_EXAMPLES])
        yield node_of(schema, (mutation.name,), mutation).finding(
            f"none of the {total} mutations {verb}s {wanted} (e.g. {named})"
        )
        return
    for name, node, what in wrong:
        yield node.finding(f"mutation `{name}` {what}: {verb} {wanted}")
