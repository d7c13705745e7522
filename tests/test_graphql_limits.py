"""The GraphQL limit rules' messages and numbers: the cycle graphql-depth-limit shows, the depth
and path graphql-operation-depth gives, the cost graphql-operation-cost computes, and how
graphql-cost-limit reads GitHub's and Shopify's connections once their page size is declared.
The fixtures check where findings are; these check what they say."""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.config import Config, load_config
from apilint.documents.workspace import LoadOptions
from apilint.runner import run_check
from tests.conftest import CORPUS, FIXTURES


def _check(paths: list[Path], rule_id: str, config: Path | None = None) -> list:
    result = run_check(paths, load_config(config) if config else Config(), LoadOptions(), select=[rule_id])
    assert not result.errors, result.errors
    return [finding for finding in result.findings if finding.rule_id == rule_id]


def _messages(case: Path, rule_id: str) -> dict[str, str]:
    """message by the coordinate it is at (an operation's name), for a fixture folder."""
    config = case / ".apilint.yaml"
    findings = _check([case], rule_id, config if config.is_file() else None)
    return {finding.location.pointer: finding.message for finding in findings}


def _schema(tmp_path: Path, sdl: str, name: str = "schema.graphql") -> Path:
    path = tmp_path / name
    path.write_text(sdl, encoding="utf-8")
    return path


def test_depth_limit_shows_the_path_into_the_cycle_and_round_it() -> None:
    [finding] = _check([FIXTURES / "graphql/graphql-depth-limit/fail-through-interface.graphql"], "graphql-depth-limit")
    assert finding.message == (
        "queries can nest lists without end (Query.node -> User.posts -> PostConnection.nodes -> Post.author -> User -> ...), "
        "each level multiplying the result, and no maximum depth or cost is declared"
    )
    assert finding.location.pointer == "Post.author", "reported at the field that closes the cycle"
    assert all(word in finding.suggestion for word in ("graphql.max-depth", "graphql.max-cost", "@maxDepth"))
    assert finding.severity.label == "info"


def test_depth_limit_reports_the_cycle_nearest_the_root_once(tmp_path: Path) -> None:
    # Y's self-cycle comes first in the file, but A is one step from Query and Y two.
    sdl = """
    type Query { deep: X  a: A }
    type X { y: Y }
    type Y { me: [Y] }
    type A { b: B }
    type B { a: [A] }
    """
    [finding] = _check([_schema(tmp_path, sdl)], "graphql-depth-limit")
    assert "(Query.a -> A.b -> B.a -> A -> ...)" in finding.message
    assert finding.location.pointer == "B.a"


def test_depth_limit_walks_a_type_graph_deeper_than_the_python_stack(tmp_path: Path) -> None:
    # A chain of 3,000 types: a recursive walk would raise RecursionError (an internal error).
    chain = "\n".join(f"type T{i} {{ next: T{i + 1} }}" for i in range(3000))
    sdl = f"type Query {{ start: T0 }}\n{chain}\ntype T3000 {{ back: [T0] }}\n"
    [finding] = _check([_schema(tmp_path, sdl)], "graphql-depth-limit")
    assert finding.location.pointer == "T3000.back"
    assert "(Query.start -> T0.next -> T1.next -> T2.next -> T3.next -> T4.next -> (2991 more) -> " in finding.message
    assert " -> T2998.next -> T2999.next -> T3000.back -> T0 -> ...)" in finding.message


def test_depth_limit_reads_max_depth_from_a_schema_extension_too(tmp_path: Path) -> None:
    sdl = "type Query { me: User }\ntype User { friends: [User] }\nextend schema @maxDepth(value: 7)\n"
    assert _check([_schema(tmp_path, sdl)], "graphql-depth-limit") == []


def test_operation_depth_gives_the_depth_and_the_path_to_the_deepest_field() -> None:
    messages = _messages(FIXTURES / "graphql/graphql-operation-depth/fail", "graphql-operation-depth")
    assert messages == {
        "query TooDeep": "query TooDeep is 3 levels deep, deeper than the maximum depth of 2: viewer > friends > friends > name",
        "query ThroughFragments": (
            "query ThroughFragments is 3 levels deep, deeper than the maximum depth of 2: viewer > friends > friends > id"
        ),
        "query Cyclic": "query Cyclic is 3 levels deep, deeper than the maximum depth of 2: viewer > friends > friends",
        "query (anonymous)": (
            "query (anonymous) is 3 levels deep, deeper than the maximum depth of 2: node > friends > friends > id"
        ),
    }


def test_operation_cost_shows_the_estimate_and_the_most_expensive_path() -> None:
    messages = _messages(FIXTURES / "graphql/graphql-operation-cost/fail", "graphql-operation-cost")
    assert messages == {
        "query Nested": "query Nested has an estimated cost of 221, over the maximum of 100; most expensive: users > nodes ×20 > friends ×10",
        "query ByVariable": (
            "query ByVariable has an estimated cost of 2,551, over the maximum of 100; most expensive: users > nodes ×50 > friends ×50 (assumed: max-page-size)"
        ),
        "query Weighted": "query Weighted has an estimated cost of 123, over the maximum of 100; most expensive: report",
        "query Searching": (
            "query Searching has an estimated cost of 161, over the maximum of 100; most expensive: search > hits ×40 > friends ×3"
        ),
    }


def test_operation_cost_marks_the_sizes_it_assumed() -> None:
    # The reviewer could not tell a `first: 50` the operation gave from a size apilint assumed.
    messages = _messages(FIXTURES / "graphql/graphql-operation-cost/fail-assumed-sizes", "graphql-operation-cost")
    assert messages == {
        "query Reactions": (
            "query Reactions has an estimated cost of 111, over the maximum of 50; "
            "most expensive: tickets > nodes ×10 > reactions ×10 (assumed: assumed-list-size)"
        ),
        "query Page": (
            "query Page has an estimated cost of 51, over the maximum of 50; most expensive: tickets > nodes ×50 (assumed: max-page-size)"
        ),
        "query Top": (
            "query Top has an estimated cost of 275, over the maximum of 50; "
            "most expensive: top ×25 (argument default) > watchers ×10 (assumed: assumed-list-size)"
        ),
    }


def test_operation_cost_weighs_an_int_cost_and_a_type_cost(tmp_path: Path) -> None:
    # @cost on a type applies to every field of that type; the field's own @cost wins. Some
    # servers (Apollo, Grafbase) declare weight as Int: read both.
    _schema(
        tmp_path,
        "type Query { a: Heavy  b: Heavy @cost(weight: 2)  c: [Heavy] @listSize(assumedSize: 4) }\n"
        'type Heavy @cost(weight: "30") { x: Int }\n',
    )
    _schema(tmp_path, "query Q { a { x } b { x } c { x } }\n", "operations.graphql")
    (tmp_path / ".apilint.yaml").write_text("graphql:\n  max-cost: 10\n", encoding="utf-8")
    assert _messages(tmp_path, "graphql-operation-cost") == {
        "query Q": "query Q has an estimated cost of 152, over the maximum of 10; most expensive: c ×4 (assumed: @listSize)",
    }


def test_cost_limit_counts_the_sliced_fields_without_a_maximum_in_one_finding() -> None:
    findings = _check([FIXTURES / "graphql/graphql-cost-limit/fail.graphql"], "graphql-cost-limit")
    by_field = {finding.location.pointer: finding for finding in findings}
    assert by_field["Query.usersByPage"].message == (
        "3 list fields take a slicing argument (this one first), and the schema does not declare the largest page "
        "the server gives: neither clients nor a cost estimate can see it"
    )
    assert by_field["Query.everyone"].message.startswith("Query.everyone returns UserConnection, a connection that nothing bounds")
    assert [by_field[name].severity.label for name in ("Query.usersByPage", "Query.everyone")] == ["info", "info"]


def test_cost_limit_never_says_nothing_bounds_a_list_a_number_argument_bounds(tmp_path: Path) -> None:
    # Artsy's `size`, GitHub's `maxRepositories`: with no maximum page size declared, they are
    # counted in the one page-size finding, not reported as lists that nothing bounds.
    sdl = "type Query { galleries(size: Int): [Gallery!]!  top(maxItems: Int = 25): [Gallery!]! }\ntype Gallery { name: String }\n"
    [finding] = _check([_schema(tmp_path, sdl)], "graphql-cost-limit")
    assert finding.message == (
        "2 list fields take a slicing argument (this one first), and the schema does not declare the largest page "
        "the server gives: neither clients nor a cost estimate can see it"
    )


def test_cost_limit_gives_a_current_field_as_the_example(tmp_path: Path) -> None:
    # Artsy's first sliced field is `_unused_auctionsLotStandingConnection`: a poor example.
    sdl = (
        "type Query { _unusedItems(first: Int): [Item!]!  oldItems(first: Int): [Item!]! @deprecated  items(first: Int): [Item!]! }\n"
        "type Item { name: String }\n"
    )
    [finding] = _check([_schema(tmp_path, sdl)], "graphql-cost-limit")
    assert finding.location.pointer == "Query.items"
    assert finding.message.startswith("3 list fields take a slicing argument (this one first)")


@pytest.fixture
def graphql_corpus() -> Path:
    path = CORPUS / "graphql"
    if not path.is_dir():
        pytest.skip("../shared/corpus/graphql is not present")
    return path


@pytest.mark.parametrize(("api", "page_size"), [("github", 100), ("shopify-admin", 250)])
def test_declared_page_size_bounds_every_connection_of_github_and_shopify(
    graphql_corpus: Path, tmp_path: Path, api: str, page_size: int
) -> None:
    config = tmp_path / ".apilint.yaml"
    config.write_text(f"graphql:\n  max-page-size: {page_size}\n", encoding="utf-8")
    findings = _check([graphql_corpus / api], "graphql-cost-limit", config)
    # Their plain lists are small by choice (they page their collections), and the lists a
    # number argument bounds (GitHub's `maxRepositories`) or ids (`nodes(ids:)`) are bounded.
    assert [finding.message for finding in findings] == []


def test_linear_operations_are_measured_against_declared_limits(graphql_corpus: Path, tmp_path: Path) -> None:
    config = tmp_path / ".apilint.yaml"
    config.write_text("graphql:\n  max-depth: 5\n  max-cost: 1000\n  max-page-size: 50\n", encoding="utf-8")
    linear = graphql_corpus / "linear"
    depth = _check([linear], "graphql-operation-depth", config)
    cost = _check([linear], "graphql-operation-cost", config)
    assert depth and cost
    assert all(finding.location.path.endswith("_generated_documents.graphql") for finding in depth + cost)


def test_operations_through_a_chain_of_fragments_deeper_than_the_python_stack(tmp_path: Path) -> None:
    # Valid GraphQL: 600 fragments, each spreading the next inside a field. A walk that recurses
    # from fragment to fragment raises RecursionError (an internal error) long before the end.
    _schema(tmp_path, "type Query { me: User }\ntype User { name: String  friends: [User] }\n")
    chain = "\n".join(f"fragment F{i} on User {{ friends {{ ...F{i + 1} }} }}" for i in range(600))
    _schema(tmp_path, f"query Q {{ me {{ ...F0 }} }}\n{chain}\nfragment F600 on User {{ name }}\n", "operations.graphql")
    (tmp_path / ".apilint.yaml").write_text("graphql:\n  max-depth: 10\n  max-cost: 10\n", encoding="utf-8")
    assert _messages(tmp_path, "graphql-operation-depth") == {
        "query Q": "query Q is 601 levels deep, deeper than the maximum depth of 10: "
        "me > friends > friends > friends > friends > friends > (590 more) > friends > friends > friends > friends > friends > name",
    }
    assert _messages(tmp_path, "graphql-operation-cost")["query Q"].startswith("query Q has an estimated cost of 601,")
