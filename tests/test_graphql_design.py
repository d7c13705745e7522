"""What the GraphQL design rules say, where the wording or the suggestion is the fix: the
fixtures check where each finding is, these check what it names and proposes."""

from __future__ import annotations

from pathlib import Path

from apilint.config import Config
from apilint.documents.workspace import LoadOptions
from apilint.finding import Severity
from apilint.runner import run_check


def _findings(tmp_path: Path, sdl: str, rule_id: str) -> dict[int, tuple[str, str | None]]:
    """line -> (message, suggestion) of `rule_id`'s findings on a schema made of `sdl`."""
    path = tmp_path / "schema.graphql"
    path.write_text(sdl)
    result = run_check([path], Config(), LoadOptions(), select=[rule_id])
    assert not result.errors, result.errors
    return {finding.location.line: (finding.message, finding.suggestion) for finding in result.findings}


def test_naming_suggests_the_name_in_the_right_case_keeping_acronyms(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        "type Query {\n"
        "  order_line: order_line\n"
        "}\n"
        "type order_line {\n"
        "  ProductURL: String\n"
        "}\n"
        "type deliveryPayload { id: ID }\n"
        "type Mutation { ship(input: ShipOrder): deliveryPayload }\n"
        "input ShipOrder { id: ID }\n",
        "graphql-naming",
    )
    assert found[2] == ("field `order_line` not in camelCase", "orderLine")
    assert found[4] == ("type `order_line` not in PascalCase", "OrderLine")
    assert found[5] == ("field `ProductURL` not in camelCase", "productURL")
    assert found[7] == ("type `deliveryPayload` not in PascalCase", "DeliveryPayload")
    assert found[9] == ("input type taken by a mutation, named without the `Input` suffix", "ShipOrderInput")


def test_naming_reports_the_fields_of_one_type_once_naming_them(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        "type Query { events: Events }\n"
        "type Events {\n"
        "  fieldName: String!\n"
        "  CommentAdded: String\n"
        "  PollCreated: String\n"
        "}\n",
        "graphql-naming",
    )
    assert found == {4: ("2 fields of type `Events` not in camelCase (`CommentAdded` here, `PollCreated`)", "commentAdded")}


def test_naming_reports_the_enum_values_of_one_enum_once_naming_them(tmp_path: Path) -> None:
    path = tmp_path / "schema.graphql"
    path.write_text(
        "type Query { status: Status, size: Size }\nenum Status {\n  inTransit\n  lost_in_transit\n  OK\n}\n"
        "enum Size {\n  SMALL\n  extraLarge\n}\n"
    )
    result = run_check([path], Config(), LoadOptions(), select=["graphql-naming"])
    assert [(f.location.line, f.message, f.suggestion) for f in result.findings] == [
        (3, "2 values of enum `Status` not in SCREAMING_SNAKE_CASE (`inTransit` here, `lost_in_transit`)", "IN_TRANSIT"),
        (9, "enum value `extraLarge` not in SCREAMING_SNAKE_CASE", "EXTRA_LARGE"),
    ]


def test_naming_counts_arguments_and_input_fields_in_a_field_convention(tmp_path: Path) -> None:
    fields = "".join(f"  field_{n}: Int\n" for n in range(10))
    found = _findings(
        tmp_path,
        f"type Query {{\n{fields}  find(item_id: ID, filter: F): Int\n}}\ninput F {{ channel_id: ID }}\n",
        "graphql-naming",
    )
    assert found == {
        2: (
            "10 of the schema's 11 field names are not in camelCase (`field_0` here, `field_1`, `field_2`...), "
            "nor is 1 argument name, nor is 1 input field name: GraphQL clients and tools expect camelCase",
            "field0",
        )
    }


def test_no_verb_in_query_field_suggests_the_noun_and_sends_actions_to_mutations(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        "type Query {\n  getUserByLogin(login: String!): User\n  bulk_get_users: [User]\n  cancelOrder(id: ID!): User\n}\n"
        "type User { id: ID }\n",
        "graphql-no-verb-in-query-field",
    )
    assert found[2] == (
        "query field `getUserByLogin` named like an RPC (`get`): a query field names what it returns",
        "userByLogin",
    )
    assert found[3][1] == "users"
    assert found[4] == (
        "query field `cancelOrder` named after an action (`cancel`): a query must not change data; an action is a mutation",
        None,
    )


def test_mutation_input_says_what_each_mutation_takes_and_returns(tmp_path: Path) -> None:
    path = tmp_path / "schema.graphql"
    path.write_text(
        "type Query { a: Int }\n"
        "type Mutation {\n"
        "  rename(id: ID!, name: String!, note: String!, profile: ProfileInput!): RenamePayload\n"
        "  archive(reason: String): ArchivePayload\n"
        "  touch(input: TouchInput): Int\n"
        "  create(input: TouchInput!): RenamePayload\n"
        "}\n"
        "input TouchInput { id: ID! }\n"
        "input ProfileInput { id: ID }\n"
        "type RenamePayload { id: ID }\n"
        "type ArchivePayload { id: ID }\n"
    )
    result = run_check([path], Config(), LoadOptions(), select=["graphql-mutation-input"])
    # The input object `profile` is not among the loose arguments, whatever its name.
    assert sorted((f.location.line, f.location.column, f.message) for f in result.findings) == [
        (3, 3, "mutation `rename` takes `name`, `note` as separate arguments: take the data in one input object (`input: ...Input!`)"),
        (5, 3, "mutation `touch` returns `Int`: return a `...Payload` type or a union"),
        (
            5,
            9,
            "mutation `touch` takes `input: TouchInput`, which may be null though it has required fields: "
            "take the data in one input object (`input: ...Input!`)",
        ),
    ]


def test_mutation_input_reports_a_convention_the_whole_schema_lacks_once(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        "type Query { a: Int }\ntype Mutation {\n  a(input: AInput!): Int\n  b(input: AInput!): Boolean\n  c: Int\n}\n"
        "input AInput { id: ID }\n",
        "graphql-mutation-input",
    )
    assert found == {
        2: (
            "none of the 3 mutations returns a `...Payload` type or a union "
            "(e.g. `a` returns `Int`; `b` returns `Boolean`; `c` returns `Int`)",
            None,
        )
    }


def test_mutation_input_reports_a_convention_most_mutations_follow_once(tmp_path: Path) -> None:
    """Ten of twelve mutations return the object itself: the schema's choice, one finding."""
    mutations = "".join(f"  m{n}(id: ID!): Int\n" for n in range(10)) + "  p(id: ID!): PPayload\n  q(id: ID!): PPayload\n"
    found = _findings(
        tmp_path, f"type Query {{ a: Int }}\ntype Mutation {{\n{mutations}}}\ntype PPayload {{ id: ID }}\n", "graphql-mutation-input"
    )
    assert found == {
        2: (
            "10 of the schema's 12 mutations do not return a `...Payload` type or a union "
            "(e.g. `m0` returns `Int`; `m1` returns `Int`; `m2` returns `Int`)",
            None,
        )
    }


def test_mutation_errors_names_the_payload_or_the_schema_wide_choice(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        "type Query { a: Int }\n"
        "type Mutation {\n  a(id: ID): APayload\n  b(id: ID): Boolean\n}\n"
        "type APayload { id: ID, userErrors: [E!]! }\ntype E { message: String }\n",
        "graphql-mutation-errors",
    )
    assert found == {
        4: (
            "mutation `b` returns `Boolean`, with no typed way to report a user error "
            "(an `errors` or `userErrors` field, or a union result)",
            "userErrors: [UserError!]!",
        )
    }
    path = tmp_path / "schema.graphql"
    path.write_text("type Query { a: Int }\ntype Mutation {\n  a: Int\n  b: Boolean\n}\n")
    (finding,) = run_check([path], Config(), LoadOptions(), select=["graphql-mutation-errors"]).findings
    # A schema-wide choice (GitHub documents top-level errors as its design): info, not warning.
    assert finding.severity == Severity.INFO
    assert finding.message == (
        "none of the 2 mutations can report a user error in its result (e.g. `a` (Int), `b` (Boolean)): "
        "only the untyped top-level `errors` list can say what was wrong"
    )


def test_mutation_errors_reports_once_when_nearly_no_mutation_has_a_typed_error(tmp_path: Path) -> None:
    # Linear: 2 of 371 payloads carry an `error`; the other 369 follow the schema's choice, not depart from it.
    mutations = "".join(f"  m{index}(id: ID): Boolean\n" for index in range(19))
    path = tmp_path / "schema.graphql"
    path.write_text(
        "type Query { a: Int }\n"
        f"type Mutation {{\n  typed(id: ID): APayload\n{mutations}}}\n"
        "type APayload { userErrors: [E!]! }\ntype E { message: String }\n"
    )
    (finding,) = run_check([path], Config(), LoadOptions(), select=["graphql-mutation-errors"]).findings
    assert finding.severity == Severity.INFO
    assert finding.message == (
        "19 of the 20 mutations cannot report a user error in their result "
        "(e.g. `m0` (Boolean), `m1` (Boolean), `m2` (Boolean)): "
        "only the untyped top-level `errors` list can say what was wrong"
    )
    # One more typed mutation in 20 and they are departures from the schema's own convention.
    path.write_text(path.read_text().replace("  m18(id: ID): Boolean", "  m18(id: ID): APayload"))
    findings = run_check([path], Config(), LoadOptions(), select=["graphql-mutation-errors"]).findings
    assert [finding.severity for finding in findings] == [Severity.WARNING] * 18


def test_mutation_errors_names_a_namespaced_mutation_by_its_path(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        "type Query { a: Int }\n"
        "type Mutation {\n  notes: NoteMutation\n  pin(id: ID): APayload\n}\n"
        "type NoteMutation {\n  archive(id: ID): Boolean\n}\n"
        "type APayload { id: ID, userErrors: [E!]! }\ntype E { message: String }\n",
        "graphql-mutation-errors",
    )
    # `notes` is a namespace: the mutation is `NoteMutation.archive`, called as `notes { archive }`.
    assert found == {
        7: (
            "mutation `notes.archive` returns `Boolean`, with no typed way to report a user error "
            "(an `errors` or `userErrors` field, or a union result)",
            "userErrors: [UserError!]!",
        )
    }


def test_id_fields_points_at_the_query_field_that_fetches_the_object_by_id(tmp_path: Path) -> None:
    path = tmp_path / "schema.graphql"
    path.write_text("type Query {\n  order(id: ID!): Order\n}\ntype Order {\n  number: Int\n}\n")
    result = run_check([path], Config(), LoadOptions(), select=["graphql-id-fields"])
    (finding,) = result.findings
    assert finding.message == "`Order`, an object fetched by id (`Query.order`), has no `id` field"
    assert (finding.location.line, finding.location.column) == (4, 6)
    assert [(location.line, location.column, label) for location, label in finding.related_locations] == [
        (2, 3, "fetched by id here")
    ]


def test_relay_pagination_grades_a_plain_list_info_and_names_what_a_connection_lacks(tmp_path: Path) -> None:
    path = tmp_path / "schema.graphql"
    path.write_text("type Query {\n  users: [User!]!\n}\ntype User { id: ID! }\n")
    (finding,) = run_check([path], Config(), LoadOptions(), select=["graphql-relay-pagination"]).findings
    assert finding.severity == Severity.INFO
    assert finding.suggestion == "users(first: Int, after: String): UserConnection"
    found = _findings(
        tmp_path,
        "type Query {\n  users: UserConnection\n}\ntype User { id: ID! }\ntype UserConnection {\n  nodes: [User]\n}\n",
        "graphql-relay-pagination",
    )
    assert found == {
        5: ("connection type `UserConnection` has no `edges` or `pageInfo`: clients cannot page through it the Relay way", None)
    }


def test_naming_reports_a_case_most_names_share_once_as_the_schema_convention(tmp_path: Path) -> None:
    values = " ".join(f"value{number}" for number in range(12))
    found = _findings(tmp_path, f"type Query {{ a: E }}\nenum E {{\n  {values} DONE\n}}\n", "graphql-naming")
    assert found == {
        3: (
            "12 of the schema's 13 enum value names are not in SCREAMING_SNAKE_CASE (`value0` here, `value1`, "
            "`value2`...): GraphQL clients and tools expect SCREAMING_SNAKE_CASE",
            "VALUE_0",
        )
    }


def test_relay_pagination_sends_a_list_paged_by_position_to_its_connection_sibling(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        "type Query {\n  fairs(page: Int): [Fair]\n  fairsConnection(first: Int, after: String): FairConnection\n"
        "  shows(page: Int): [Fair]\n}\n"
        "type Fair { id: ID! }\ntype FairConnection { edges: [FairEdge], pageInfo: PageInfo }\n"
        "type FairEdge { cursor: String, node: Fair }\ntype PageInfo { hasNextPage: Boolean }\n",
        "graphql-relay-pagination",
    )
    assert found[2] == (
        "`page` pages `fairs` by position: items are skipped or repeated when the list changes between pages; "
        "`fairsConnection` pages the same `Fair` items with a cursor",
        '@deprecated(reason: "Use `fairsConnection`.")',
    )
    # A connection of the same items under another name is another collection (a search, a filter).
    assert found[4][1] == "first: Int, after: String"


def test_deprecation_reason_asks_a_flag_why_it_goes_not_what_replaces_it(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        "type Query {\n  user(strict: Boolean @deprecated): Int\n  login: String @deprecated\n}\n",
        "graphql-deprecation-reason",
    )
    assert found == {
        2: (
            "deprecated Boolean argument without a reason: say why it goes and when, since nothing replaces a flag",
            '@deprecated(reason: "Removed in ...: the legacy behaviour it keeps goes away.")',
        ),
        3: ("deprecated field without a reason: say what to use instead", '@deprecated(reason: "Use `...` instead.")'),
    }
