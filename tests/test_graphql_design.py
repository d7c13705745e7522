"""What the GraphQL design rules say, where the wording or the suggestion is the fix: the
fixtures check where each finding is, these check what it names and proposes."""

from __future__ import annotations

from pathlib import Path

from apilint.config import Config
from apilint.documents.workspace import LoadOptions
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
        "  ProductURL: String\n"
        "}\n"
        "type order_line { id: ID }\n"
        "type deliveryPayload { id: ID }\n"
        "type Mutation { ship(input: ShipOrder): deliveryPayload }\n"
        "input ShipOrder { id: ID }\n",
        "graphql-naming",
    )
    assert found[2] == ("field `order_line` not in camelCase", "orderLine")
    assert found[3] == ("field `ProductURL` not in camelCase", "productURL")
    assert found[5] == ("type `order_line` not in PascalCase", "OrderLine")
    assert found[6] == ("type `deliveryPayload` not in PascalCase", "DeliveryPayload")
    assert found[8] == ("input type taken by a mutation, named without the `Input` suffix", "ShipOrderInput")


def test_naming_reports_each_enum_value_with_its_screaming_snake_case(tmp_path: Path) -> None:
    path = tmp_path / "schema.graphql"
    path.write_text("type Query { status: Status }\nenum Status {\n  inTransit\n  lost_in_transit\n}\n")
    result = run_check([path], Config(), LoadOptions(), select=["graphql-naming"])
    assert [(f.message, f.suggestion) for f in result.findings] == [
        ("enum value `inTransit` not in SCREAMING_SNAKE_CASE", "IN_TRANSIT"),
        ("enum value `lost_in_transit` not in SCREAMING_SNAKE_CASE", "LOST_IN_TRANSIT"),
    ]


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
