"""GraphQL loading through the real CLI (apilint/documents/graphql.py): grouping files into
schemas, invalid SDL, operations, introspection JSON, input errors, suppression, locations."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DUPLICATE_OPERATION_ID_SPEC, run_apilint


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# These tests are about loading, so they pin the rules loading feeds: new rules must not change them.
LOADING_RULES = "graphql-schema-valid,graphql-operation-valid"


def _check(root: Path, *args: str) -> subprocess.CompletedProcess:
    pinned = [] if "--select" in args else ["--select", LOADING_RULES]
    run = run_apilint("check", *pinned, *args, cwd=root, timeout=60)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr + run.stdout, run
    return run


def _findings(root: Path, *args: str) -> list[dict]:
    run = _check(root, "--format", "json", *args)
    assert run.returncode in (0, 1), run
    return json.loads(run.stdout)["findings"]


def _where(findings: list[dict], rule: str | None = None) -> list[tuple[str, int, int]]:
    return [(f["file"], f["line"], f["column"]) for f in findings if rule is None or f["rule"] == rule]


def _input_error(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == 2, run
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("apilint: error: "), run
    return lines[0]


# -- invalid SDL: built anyway, every problem a finding --------------------------------------


def test_a_schema_using_an_undefined_type_is_still_checked_by_every_rule(tmp_path: Path) -> None:
    _write(tmp_path, {"schema.graphql": "type Query {\n  team: Team\n  teams(role: Role): [Team]\n}\n"})
    findings = _findings(tmp_path, "schema.graphql")
    assert _where(findings, "graphql-schema-valid") == [
        ("schema.graphql", 2, 9),
        ("schema.graphql", 3, 15),
        ("schema.graphql", 3, 23),
    ]
    assert not [f for f in findings if f["rule"] == "rule-crashed"]


def test_a_thing_defined_twice_is_reported_at_the_repeat_with_the_first_as_related(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "a.graphql": "type Query {\n  user: User\n}\n",
            "b.graphql": "type User {\n  id: ID\n}\ntype User {\n  name: String\n}\n",
        },
    )
    (finding,) = _findings(tmp_path, "a.graphql", "b.graphql")
    assert (finding["file"], finding["line"], finding["column"]) == ("b.graphql", 4, 6)
    assert [(r["file"], r["line"], r["column"], r["message"]) for r in finding["related"]] == [
        ("b.graphql", 1, 6, "first defined here")
    ]


# -- operations ------------------------------------------------------------------------------


def test_every_invalid_field_of_an_operations_file_is_reported_not_only_the_first_hundred(tmp_path: Path) -> None:
    fields = "\n".join(f"    unknown{number}" for number in range(150))
    _write(
        tmp_path,
        {"schema.graphql": "type Query {\n  name: String\n}\n", "ops.graphql": f"query Many {{\n{fields}\n}}\n"},
    )
    findings = _findings(tmp_path, ".")
    assert len(findings) == 150
    assert _where(findings)[:2] == [("ops.graphql", 2, 5), ("ops.graphql", 3, 5)]
    assert {f["pointer"] for f in findings} == {"query Many"}
    assert not [f for f in findings if "Too many" in f["message"]]


def test_a_fragment_no_operation_of_its_file_uses_is_no_finding(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "schema.graphql": "type Query {\n  name: String\n}\n",
            "fragments.graphql": "fragment Name on Query {\n  name\n}\n",
        },
    )
    assert _findings(tmp_path, ".") == []


# -- grouping files into schemas -------------------------------------------------------------

SPLIT_SCHEMA = {
    "api/schema.graphql": "type Query {\n  user: User\n}\n",
    "api/user.graphql": "type User {\n  team: Team\n}\n",
    "api/team/team.graphql": "type Team {\n  name: String\n}\nextend type Query {\n  team: Team\n}\n",
}


def test_a_schema_split_over_the_files_of_a_directory_is_one_schema(tmp_path: Path) -> None:
    _write(tmp_path, SPLIT_SCHEMA)
    assert _findings(tmp_path, "api") == []


def test_independent_schemas_in_one_directory_stay_apart(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "schemas/main.graphql": "type Query {\n  user: User\n}\n",
            "schemas/types.graphql": "type User {\n  name: String\n}\n",
            "schemas/user-extra.graphql": "extend type User {\n  email: String\n}\n",
            "schemas/billing/billing.graphql": "type Query {\n  invoice: Invoice\n}\ntype Invoice {\n  total: Int\n}\n",
            "schemas/billing/ops.graphql": "query Bill {\n  invoice {\n    total\n    user\n  }\n}\n",
            "schemas/admin.graphql": "type Query {\n  user: User\n}\n",
        },
    )
    findings = _findings(tmp_path, "schemas")
    # billing is its own schema (no second `type Query`); main and admin share the files beside them.
    assert [(f["file"], f["line"], f["message"]) for f in findings] == [
        ("schemas/billing/ops.graphql", 4, "Cannot query field 'user' on type 'Invoice'.")
    ]


def test_files_named_on_the_command_line_make_one_schema(tmp_path: Path) -> None:
    _write(tmp_path, {"a.graphql": "type Query {\n  a: Int\n}\n", "b.graphql": "type Query {\n  b: Int\n}\n"})
    assert _where(_findings(tmp_path, "a.graphql", "b.graphql")) == [("b.graphql", 1, 6)]


def test_a_named_file_without_the_query_root_is_checked_with_the_rest_of_its_schema(tmp_path: Path) -> None:
    """pre-commit names only the file that changed: it is checked with the schema a scan of the
    directory with the root file beside it (or above it) makes, not alone."""
    _write(tmp_path, SPLIT_SCHEMA)
    run = _check(tmp_path, "--format", "json", "api/user.graphql")
    assert run.returncode == 0 and json.loads(run.stdout)["findings"] == [], run
    assert sorted(json.loads(run.stdout)["files"]) == sorted(SPLIT_SCHEMA)
    # So is the root file, which uses types the others define.
    run = _check(tmp_path, "--format", "json", "api/schema.graphql")
    assert run.returncode == 0 and len(json.loads(run.stdout)["files"]) == 3, run


def test_a_configured_schema_is_read_whole_when_one_of_its_files_is_checked(tmp_path: Path) -> None:
    # No root file beside or above the types: only the configuration can say what the schema is.
    layout = {
        "schema/root.graphql": "type Query {\n  user: User\n}\n",
        "types/user.graphql": "type User {\n  team: Team\n}\n",
        "types/team.graphql": "type Team {\n  name: String\n}\n",
    }
    _write(tmp_path, layout)
    alone = [(f["line"], f["message"]) for f in _findings(tmp_path, "types/user.graphql")]
    assert alone == [(1, "Query root type must be provided."), (2, "Unknown type 'Team'.")]
    _write(tmp_path, {".apilint.yaml": "graphql:\n  schema: ['schema/*.graphql', 'types/*.graphql']\n"})
    run = _check(tmp_path, "--format", "json", "types/user.graphql")
    assert run.returncode == 0 and json.loads(run.stdout)["findings"] == [], run


def test_configured_operations_are_checked_against_the_configured_schema(tmp_path: Path) -> None:
    _write(tmp_path, SPLIT_SCHEMA)
    _write(
        tmp_path,
        {
            ".apilint.yaml": "graphql:\n  schema: ['api/**/*.graphql']\n  operations: ['client/*.gql']\n",
            "client/user.gql": "query User {\n  user {\n    nmae\n  }\n}\n",
        },
    )
    for checked in ("client/user.gql", "api/schema.graphql"):
        assert _where(_findings(tmp_path, checked)) == [("client/user.gql", 3, 5)]


def test_operations_named_with_the_option_are_checked_against_the_schema(tmp_path: Path) -> None:
    _write(tmp_path, {**SPLIT_SCHEMA, "client/user.gql": "query User {\n  user {\n    nmae\n  }\n}\n"})
    findings = _findings(tmp_path, "api", "--operations", "client/*.gql", "--operations", "client/user.gql")
    assert _where(findings) == [("client/user.gql", 3, 5)]


def test_operations_globs_matching_nothing_are_an_input_error(tmp_path: Path) -> None:
    _write(tmp_path, SPLIT_SCHEMA)
    message = _input_error(_check(tmp_path, "api", "--operations", "client/*.gql"))
    assert "client/*.gql" in message and "matches no file" in message


def test_an_operations_document_with_no_schema_is_an_input_error(tmp_path: Path) -> None:
    _write(tmp_path, {"ops.graphql": "query Q {\n  a\n}\n"})
    message = _input_error(_check(tmp_path, "ops.graphql"))
    assert message.startswith("apilint: error: ops.graphql: an operations document, and no schema"), message


def test_operations_in_a_schema_file_are_checked_against_its_schema(tmp_path: Path) -> None:
    _write(tmp_path, {"schema.graphql": "type Query {\n  a: Int\n}\n\nquery Q {\n  b\n}\n"})
    findings = _findings(tmp_path, "schema.graphql")
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("graphql-operation-valid", 6, 3)]


# -- logical locations: schema coordinates -----------------------------------------------------

KINDS_SCHEMA = """\
type Query {
  user(id: Team): User
}

type User {
  name: String
  name: String
}

query GetUser {
  user(id: 1) {
    nmae
  }
}
"""


def test_sarif_logical_locations_are_schema_coordinates_of_a_fitting_kind(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {"schema.graphql": KINDS_SCHEMA, "types.graphql": "type Team {\n  x: Int\n}\ntype Team {\n  y: Int\n}\n"},
    )
    run = _check(tmp_path, "--format", "sarif", "schema.graphql", "types.graphql")
    results = json.loads(run.stdout)["runs"][0]["results"]
    logical = {
        (r["logicalLocations"][0]["fullyQualifiedName"], r["logicalLocations"][0]["kind"])
        for r in ({"logicalLocations": result["locations"][0]["logicalLocations"]} for result in results)
    }
    assert {
        ("Team", "type"),
        ("User.name", "member"),
        ("Query.user(id:)", "parameter"),
        ("query GetUser", "function"),
    } <= logical


def test_a_graphql_baseline_round_trips_by_schema_coordinate(tmp_path: Path) -> None:
    _write(tmp_path, {"schema.graphql": KINDS_SCHEMA})
    run = _check(tmp_path, "schema.graphql", "--write-baseline", "baseline.json")
    assert run.returncode == 0, run
    pointers = {entry["pointer"] for entry in json.loads((tmp_path / "baseline.json").read_text())["findings"]}
    assert {"User.name", "query GetUser"} <= pointers
    # Lines move; coordinates do not: the baseline still accepts every finding.
    _write(tmp_path, {"schema.graphql": "# a comment\n\n" + KINDS_SCHEMA})
    run = _check(tmp_path, "--format", "json", "schema.graphql", "--baseline", "baseline.json")
    assert run.returncode == 0 and json.loads(run.stdout)["findings"] == [], run


def test_operations_are_validated_against_an_invalid_schema_too(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "schema.graphql": "type Query {\n  user(team: Team): Team\n}\ntype Team {\n  name: String\n}\n",
            "ops.graphql": "query Q {\n  user {\n    nmae\n  }\n}\n",
        },
    )
    findings = _findings(tmp_path, ".")
    assert [(f["rule"], f["file"], f["line"]) for f in findings] == [
        ("graphql-operation-valid", "ops.graphql", 3),
        ("graphql-schema-valid", "schema.graphql", 2),
    ]


# -- input errors: one line, exit 2 ----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"type Query {\n  a: Int\n", "schema.graphql:3:1: GraphQL syntax error: Expected Name, found <EOF>."),
        (b"type Query {\n  a: Int # \xff\n}\n", "schema.graphql:2: not UTF-8 text"),
        (b"", "schema.graphql: file is empty"),
        (b"# only a comment\n", "schema.graphql:2:1: GraphQL syntax error: Unexpected <EOF>."),
        (
            b"type Query {\n  a: A\n}\ntype A {\n  a: A\n}\nquery Q " + b"{ a " * 3000 + b" }" * 3000,
            "schema.graphql:7:",  # parsing stops: nested too deeply
        ),
    ],
    ids=["syntax", "not-utf8", "empty", "comment-only", "deeply-nested"],
)
def test_unreadable_graphql_is_one_input_error(tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "schema.graphql").write_bytes(content)
    assert _input_error(_check(tmp_path, "schema.graphql")).startswith(f"apilint: error: {expected}")


def test_a_graphql_file_over_the_size_limit_is_an_input_error(tmp_path: Path) -> None:
    fields = "".join(f"  field{number}: String\n" for number in range(60_000))
    _write(tmp_path, {"schema.graphql": f"type Query {{\n{fields}}}\n"})
    assert (tmp_path / "schema.graphql").stat().st_size > 1024 * 1024
    message = _input_error(_check(tmp_path, "--max-file-size", "1", "schema.graphql"))
    assert message.startswith("apilint: error: schema.graphql: ") and "MB" in message, message


def test_a_schema_with_no_query_type_is_a_finding_not_a_clean_exit(tmp_path: Path) -> None:
    _write(tmp_path, {"types.graphql": "type User {\n  name: String\n}\n"})
    run = _check(tmp_path, "types.graphql")
    assert (
        run.returncode == 1
        and "types.graphql:1:1: error graphql-schema-valid Query root type must be provided." in run.stdout
    )


# -- suppression: `# apilint: ignore[rule-id] reason` ----------------------------------------

SUPPRESSED_SCHEMA = '''\
type Query {
  # apilint: ignore[graphql-schema-valid] the team service adds it
  """
  The team.
  # apilint: ignore[graphql-schema-valid] inside a description: no comment
  """
  team: Team
  owner: Owner # apilint: ignore[graphql-schema-valid] added at run time
  other: Other
}

# apilint: ignore[graphql-schema-valid] generated
type User {
  a: A
  b: B
}
'''


def _by_line(findings: list[dict]) -> dict[int, tuple[str, str | None]]:
    return {f["line"]: (f["rule"], (f["suppressed"] or {}).get("reason")) for f in findings}


def test_an_ignore_comment_covers_the_definition_below_or_on_its_line_and_all_inside(tmp_path: Path) -> None:
    _write(tmp_path, {"schema.graphql": SUPPRESSED_SCHEMA})
    assert _by_line(_findings(tmp_path, "schema.graphql")) == {
        7: ("graphql-schema-valid", "the team service adds it"),  # above its description
        8: ("graphql-schema-valid", "added at run time"),  # at the end of its line
        9: ("graphql-schema-valid", None),
        14: ("graphql-schema-valid", "generated"),  # every field of the type
        15: ("graphql-schema-valid", "generated"),
    }


def test_an_ignore_comment_naming_an_unknown_rule_is_invalid_where_it_is_written(tmp_path: Path) -> None:
    _write(tmp_path, {"schema.graphql": "type Query {\n  a: Int # apilint: ignore[graphql-scheme-valid] typo\n}\n"})
    ((rule, line, column, message),) = [
        (f["rule"], f["line"], f["column"], f["message"]) for f in _findings(tmp_path, ".")
    ]
    assert (rule, line, column) == ("invalid-ignore", 2, 10) and "graphql-scheme-valid" in message


def test_an_ignore_comment_that_suppresses_nothing_is_reported_on_request(tmp_path: Path) -> None:
    _write(tmp_path, {"schema.graphql": "type Query {\n  # apilint: ignore[graphql-schema-valid] stale\n  a: Int\n}\n"})
    assert _findings(tmp_path, ".") == []
    findings = _findings(tmp_path, ".", "--report-unused-ignores")
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("unused-ignore", 2, 3)]


def test_an_ignore_comment_above_an_operation_covers_it(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "schema.graphql": "type Query {\n  a: Int\n}\n",
            "ops.graphql": "# apilint: ignore[graphql-operation-valid] being migrated\nquery Old {\n  b\n}\n\nquery New {\n  c\n}\n",
        },
    )
    assert _by_line(_findings(tmp_path, ".")) == {
        3: ("graphql-operation-valid", "being migrated"),
        7: ("graphql-operation-valid", None),
    }


# -- introspection JSON -------------------------------------------------------------------------

INTROSPECTED_SDL = """\
directive @auth(role: String) on FIELD_DEFINITION

type Query {
  user(id: ID!, role: Role = ADMIN): User
}

type User {
  name: String
}

enum Role {
  ADMIN
  MEMBER
}

input Filter {
  role: Role
}
"""


def _introspection(tmp_path: Path, wrapped: bool = True) -> Path:
    from graphql import build_schema, introspection_from_schema

    result = introspection_from_schema(build_schema(INTROSPECTED_SDL))
    path = tmp_path / "schema.json"
    path.write_text(json.dumps({"data": result} if wrapped else result, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize("wrapped", [True, False], ids=["data", "bare"])
def test_every_coordinate_of_an_introspection_result_is_located_at_its_name(tmp_path: Path, wrapped: bool) -> None:
    from apilint.documents.graphql_loading import IntrospectionSource

    path = _introspection(tmp_path, wrapped)
    source = IntrospectionSource.load(path, path.read_bytes())
    lines = path.read_text(encoding="utf-8").splitlines()
    coordinates = [
        ("Query",), ("Query", "user"), ("Query", "user", "id"), ("Query", "user", "role"), ("User", "name"),
        ("Role", "ADMIN"), ("Role", "MEMBER"), ("Filter", "role"), ("@auth",), ("@auth", "role"),
    ]  # fmt: skip
    for coordinate, location in zip(coordinates, source.locations(coordinates)):
        text = lines[location.line - 1]
        assert text[location.column - 1 :].startswith(f'"name": "{coordinate[-1].lstrip("@")}"'), (coordinate, text)
    assert [location.pointer for location in source.locations(coordinates[:3])] == [
        "Query",
        "Query.user",
        "Query.user(id:)",
    ]


def test_an_introspection_result_is_checked_as_a_schema(tmp_path: Path) -> None:
    _introspection(tmp_path)
    _write(tmp_path, {"ops.graphql": "query Q {\n  user(id: 1) {\n    nmae\n  }\n}\n"})
    findings = _findings(tmp_path, ".")
    assert _where(findings) == [("ops.graphql", 3, 5)]
    run = _check(tmp_path, "schema.json")
    assert run.returncode == 0 and "in 1 file" in run.stdout, run


def test_a_json_file_that_is_no_introspection_result_is_not_graphql(tmp_path: Path) -> None:
    _write(
        tmp_path, {"package.json": '{"name": "app", "__schema": 1}\n', "schema.graphql": "type Query {\n  a: Int\n}\n"}
    )
    run = _check(tmp_path, "--format", "json", ".")
    assert run.returncode == 0 and json.loads(run.stdout)["files"] == ["schema.graphql"], run


def test_a_malformed_introspection_result_is_an_input_error_at_its_schema(tmp_path: Path) -> None:
    _write(tmp_path, {"schema.json": '{\n  "data": {\n    "__schema": {\n      "types": 5\n    }\n  }\n}\n'})
    message = _input_error(_check(tmp_path, "schema.json"))
    assert message.startswith("apilint: error: schema.json:3:"), message


def test_error_locations_are_graphql_cores_lines_and_columns() -> None:
    from graphql import GraphQLError, Source

    from apilint.documents.graphql_loading import _speed_up_error_locations

    text = "type Query {\r\n  a: Int\r  b: Int\n\n  c: Int\n}\n"
    source = Source(text)
    positions = [0, text.index("a:"), text.index("b:"), text.index("c:"), len(text) - 1]
    _speed_up_error_locations()
    error = GraphQLError("x", source=source, positions=positions)
    assert [(place.line, place.column) for place in error.locations] == [(1, 1), (2, 3), (3, 3), (5, 3), (6, 2)]
    assert [GraphQLError("x", source=source, positions=[p]).locations[0].line for p in positions] == [1, 2, 3, 5, 6]


def test_a_fragment_defined_in_another_operations_file_of_the_schema_is_known(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "schema.graphql": "type Query {\n  user: User\n}\ntype User {\n  name: String\n  team: String\n}\n",
            "fragments.graphql": "fragment UserName on User {\n  name\n  ...UserTeam\n}\nfragment UserTeam on User {\n  taem\n}\n",
            "query.graphql": "query Me {\n  user {\n    ...UserName\n    ...Missing\n  }\n}\n",
        },
    )
    findings = [(f["file"], f["line"], f["message"]) for f in _findings(tmp_path, ".")]
    assert findings == [
        ("fragments.graphql", 6, "Cannot query field 'taem' on type 'User'. Did you mean 'team' or 'name'?"),
        ("query.graphql", 4, "Unknown fragment 'Missing'."),
    ]


def test_a_rule_of_the_spec_draft_is_a_warning_that_says_where_it_comes_from(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "schema.graphql": 'interface Node { id: ID! }\ntype Query { node: Node }\n'
            'type User implements Node {\n  id: ID! @deprecated(reason: "use uuid")\n}\n'
        },
    )
    [finding] = _findings(tmp_path, "schema.graphql")
    assert (finding["rule"], finding["severity"], finding["line"]) == ("graphql-schema-valid", "warning", 4)
    assert "working draft, graphql-spec#1053" in finding["message"]


def test_operations_with_no_graphql_schema_in_the_run_are_an_error(tmp_path: Path) -> None:
    _write(tmp_path, {"ops.graphql": "query Q { user { name } }\n"})
    (tmp_path / "openapi.yaml").write_text(DUPLICATE_OPERATION_ID_SPEC, encoding="utf-8")
    run = _check(tmp_path, "--operations", "ops.graphql", "openapi.yaml")
    assert run.returncode == 2, run
    assert run.stderr.startswith("apilint: error: ops.graphql: --operations: no GraphQL schema in this run"), run


def test_a_named_root_file_left_empty_for_extensions_is_checked_with_them(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "schema/common.graphql": "type Query\n\ntype Mutation\n",
            "schema/page.graphql": "extend type Query {\n  page(id: ID!): String\n}\n"
            "extend type Mutation {\n  publish(id: ID!): String\n}\n",
            "other/alone.graphql": "type Query {\n  ping: String\n}\n",
        },
    )
    run = _check(tmp_path, "--format", "json", "schema/common.graphql")
    assert run.returncode == 0, run
    assert sorted(json.loads(run.stdout)["files"]) == ["schema/common.graphql", "schema/page.graphql"]
