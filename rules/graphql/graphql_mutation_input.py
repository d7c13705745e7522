"""
## What it does
Checks the shape of mutations: each takes its data in an input object
(`input: CreateUserInput!`) rather than as several loose arguments, and returns a payload
type: an object named `...Payload`, a union of results, or an object that only mutations
return, a payload in all but name (Saleor's `WebhookCreate`, Linear's `LogoutResponse`). A
mutation that returns the object itself (`updateUser: User`, a type queries return too) or a
scalar is reported.

Only data sitting loose is reported: two required arguments that are neither input objects
nor identifiers (`createUser(name: String!, email: String!)`), or four such arguments in all
(Linear's `attachmentLinkJiraIssue(title:, url:, displayIconUrl:, createAsUser:)`). These
are not loose data:

- any input-object argument, whatever its name (`urlRedirectCreate(urlRedirect: UrlRedirectInput!)`,
  `deliveryProfileUpdate(id:, profile: DeliveryProfileInput!)`, Shopify's) or a list of
  them: new fields go into an input type, which is what matters for evolution;
- identifiers of the objects acted on (`id`, `ids`, arguments of type `ID`, and names ending
  in `Id`, `Code`, `Key`, `Slug`, `Sku`, `Handle`, `Token` or `Reference`:
  `productVariantDelete(sku:)`, `taxCountryConfigurationDelete(countryCode:)`), and
  credentials and sign-in parameters (`password`, `secret`, `codeVerifier`, `redirectUrl`,
  `scope`: sign-in, password and OAuth mutations take them as arguments by convention,
  Saleor's `tokenCreate(email:, password:)`, Linear's `integrationZendesk(code:, redirectUri:)`);
- one required value and up to two optional modifiers (`issueDelete(id:, permanentlyDelete: Boolean)`,
  `appSubscriptionCancel(id:, prorate: Boolean = false)`,
  `fulfillmentOrderAcceptCancellationRequest(id:, message: String)`,
  `passwordChange(newPassword: String!, oldPassword: String)`): one value needs no wrapper,
  and an optional argument can be added later as safely as an input field.

A nullable input object that is the mutation's only argument is reported if it has required
fields (a null input can only fail). Beside other arguments it may be optional on purpose
(Saleor's `channelDelete(id:, input:)` needs its input only when orders must move; Linear's
`teamUpdate(input:, mapping:)`), and so may one whose fields are all optional or a list.

When most mutations of the schema (at least ten) differ in the same way (all of a schema's
mutations return the object itself), that is a choice of the schema, not a
slip: it is reported once, at the mutation type, with the count. Otherwise each mutation that
differs is reported, at the argument or the field. (That the input type's name ends in
`Input` is `graphql-naming`'s.)

Its findings are `info` by default: several loose arguments are sometimes a deliberate style
(Shopify's `segmentCreate(name:, query:)`, Saleor's payment mutations an `amount` beside the
gateway), which a schema cannot tell from a slip; checked by hand on Shopify's, Saleor's and
Linear's schemas, about six findings in ten were ones their designers would accept. Raise it to `warning`
in the configuration where the convention is the house style.

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

from .._words import words
from ._schema import is_list, mutation_fields, named_type, node_of, own_types

if TYPE_CHECKING:
    from graphql import GraphQLArgument

_PAYLOAD_SUFFIX = "Payload"
_EXAMPLES = 3  # mutations named in a schema-wide finding
# Last words of argument names that identify the objects a mutation acts on, beside its data.
_IDENTIFIER_WORDS = frozenset(
    {"id", "ids", "code", "codes", "key", "keys", "slug", "slugs", "sku", "skus", "handle", "handles", "token", "reference"}
)
# Words of credentials and sign-in parameters: sign-in, password and OAuth mutations take them
# as arguments by convention (Saleor's `tokenCreate(email:, password:)`,
# `requestPasswordReset(email:, redirectUrl:)`, Linear's `integrationZendesk(code:,
# redirectUri:, scope:)`); they are not an object's data.
_SIGN_IN_WORDS = frozenset({"password", "secret", "verifier", "redirect", "scope", "scopes"})
# Loose values that need no input object: one required value with up to two optional modifiers.
_MODIFIERS = 2
# Mutations that, when most of the schema's differ in the same way, make that its convention.
_CONVENTION = 10


@rule("graphql-mutation-input", severity=INFO, format="graphql")
def graphql_mutation_input(schema: GraphQLSchemaDocument, options: dict) -> Iterator[Finding]:
    from graphql import is_input_object_type, is_non_null_type, is_union_type

    mutations = list(mutation_fields(schema))
    own_results = _mutation_results(schema)
    inputs: list[tuple[str, Node, str]] = []  # (mutation, where, what is wrong)
    payloads: list[tuple[str, Node, str]] = []
    for mutation, name, field in mutations:
        loose = [key for key, value in field.args.items() if _carries_data(key, value)]
        required = [key for key in loose if _required(field.args[key])]
        if len(required) > 1 or len(loose) > 1 + _MODIFIERS:
            names = ", ".join(f"`{argument}`" for argument in loose)
            inputs.append((name, node_of(schema, (mutation.name, name), field), f"takes {names} as separate arguments"))
        if len(field.args) == 1:
            (argument_name, argument), = field.args.items()
            input_type = named_type(argument.type)
            if (
                is_input_object_type(input_type)
                and not (is_non_null_type(argument.type) or is_list(argument.type))
                and _has_required_fields(input_type)
            ):
                where = node_of(schema, (mutation.name, name, argument_name), argument)
                what = f"takes `{argument_name}: {argument.type}`, which may be null though it has required fields"
                inputs.append((name, where, what))
        returned = named_type(field.type)
        if not (returned.name.endswith(_PAYLOAD_SUFFIX) or is_union_type(returned) or returned.name in own_results):
            payloads.append((name, node_of(schema, (mutation.name, name), field), f"returns `{field.type}`"))
    yield from _report(schema, inputs, len(mutations), "take", "the data in one input object (`input: ...Input!`)")
    yield from _report(schema, payloads, len(mutations), "return", f"a `...{_PAYLOAD_SUFFIX}` type or a union")


def _carries_data(name: str, argument: "GraphQLArgument") -> bool:
    """A loose value: not an input object (the data's place, whatever its name) nor an
    identifier of the objects acted on (`id`, `productId`, `sku`, `countryCode`, `products: [ID!]!`)."""
    from graphql import is_input_object_type

    named = named_type(argument.type)
    if is_input_object_type(named) or named.name == "ID":
        return False
    return not (_IDENTIFIER_WORDS.intersection(words(name)[-1:]) or _SIGN_IN_WORDS.intersection(words(name)))


def _required(argument: "GraphQLArgument") -> bool:
    from graphql import Undefined, is_non_null_type

    return is_non_null_type(argument.type) and argument.default_value is Undefined


def _mutation_results(schema: GraphQLSchemaDocument) -> set[str]:
    """Object types that only mutations return: payloads in all but name (Saleor's
    `WebhookCreate`, Linear's `LogoutResponse`). Not `User`, which a query also returns: a
    mutation returning it cannot add user errors or other results later."""
    from graphql import is_interface_type, is_object_type

    mutation = schema.schema.mutation_type
    returned_elsewhere = {
        named_type(field.type).name
        for named in own_types(schema)
        if (is_object_type(named) or is_interface_type(named)) and named is not mutation
        for field in named.fields.values()
    }
    return {
        named_type(field.type).name
        for _, _, field in mutation_fields(schema)
        if is_object_type(named_type(field.type)) and named_type(field.type).name not in returned_elsewhere
    }


def _has_required_fields(input_type: Any) -> bool:
    """An input object with a required field: a null `input` can only fail. One without may be
    optional on purpose (Shopify's `draftOrderInvoiceSend(id:, email: EmailInput)`)."""
    from graphql import is_required_input_field

    return any(is_required_input_field(field) for field in input_type.fields.values())


def _report(
    schema: GraphQLSchemaDocument, wrong: list[tuple[str, Node, str]], total: int, verb: str, wanted: str
) -> Iterator[Finding]:
    """Each mutation that differs; or, when most do (the schema's convention), one finding at
    the mutation type with the count."""
    differing = len({name for name, _, _ in wrong})
    if differing >= min(_CONVENTION, total) and differing * 2 > total and total > 1:
        mutation = schema.schema.mutation_type
        named = "; ".join(f"`{name}` {what}" for name, _, what in wrong[:_EXAMPLES])
        if differing == total:
            yield node_of(schema, (mutation.name,), mutation).finding(f"none of the {total} mutations {verb}s {wanted} (e.g. {named})")
        else:
            yield node_of(schema, (mutation.name,), mutation).finding(
                f"{differing} of the schema's {total} mutations do not {verb} {wanted} (e.g. {named})"
            )
        return
    for name, node, what in wrong:
        yield node.finding(f"mutation `{name}` {what}: {verb} {wanted}")
