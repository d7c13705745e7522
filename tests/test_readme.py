"""The README stays true: its rule table and its quick-start output come from the tool."""

from __future__ import annotations

import re

from click.testing import CliRunner

from apilint.cli import main
from apilint.registry import documented_rules
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
RULES_PAGE = REPO / "docs" / "rules.md"


def test_rule_table_is_the_generated_one() -> None:
    table = CliRunner().invoke(main, ["rules", "--format", "markdown"]).stdout.strip()
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) == len(documented_rules())  # a row per rule, built-in finding and breaking change
    assert table in README, "regenerate the README rule table with `apilint rules --format markdown`"


def test_rules_page_is_the_generated_one() -> None:
    page = CliRunner().invoke(main, ["rules", "--format", "markdown-docs"]).stdout
    assert RULES_PAGE.exists() and RULES_PAGE.read_text(encoding="utf-8") == page, (
        "regenerate it with `apilint rules --format markdown-docs > docs/rules.md`"
    )


def test_rules_page_has_the_section_each_help_link_points_at() -> None:
    # SARIF helpUri and `apilint rules --format json` link to docs/rules.md#<rule-id>.
    headings = re.findall(r"^## (.+)$", RULES_PAGE.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings == [rule.id for rule in documented_rules()]


def test_quick_start_output_matches_the_bundled_example(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["check", "examples/petstore.yaml"])
    assert result.exit_code == 1
    shown = re.search(r"prints[^\n]*:\n\n```\n(.*?)```", README, re.DOTALL).group(1).splitlines()
    actual = [line for line in result.stdout.splitlines() if line.startswith("examples/petstore.yaml:")]
    assert len(shown) == len(actual)
    for documented, produced in zip(shown, actual):
        assert produced.startswith(documented.removesuffix("..."))


def test_graphql_example_output_is_what_apilint_prints(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["check", "examples/schema.graphql"])
    assert result.exit_code == 0  # warnings and infos: below the default --fail-on error
    shown = re.search(r"schema.graphql`[^`]*?prints among others:\n\n```\n(.*?)```", README, re.DOTALL).group(1)
    actual = result.stdout.splitlines()
    assert shown.splitlines() and all(line in actual for line in shown.splitlines())


def test_proto_example_output_is_what_apilint_prints(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["check", "examples/orders.proto"])
    assert result.exit_code == 1  # an error: a DELETE binding with a body
    shown = re.search(r"orders.proto`[^`]*?prints among others:\n\n```\n(.*?)```", README, re.DOTALL).group(1)
    actual = result.stdout.splitlines()
    assert shown.splitlines() and all(line in actual for line in shown.splitlines())
    # The example shows most of the protobuf rules at work, not one or two.
    assert len({line.split()[2] for line in actual if line.startswith("examples/orders.proto:")}) >= 8


def test_diff_example_output_is_what_apilint_prints(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["diff", "examples/petstore.yaml", "examples/petstore-v2.yaml"])
    assert result.exit_code == 1  # breaking changes
    shown = re.search(r"petstore-v2.yaml` exits 1 and prints[^\n]*\n[^\n]*:\n\n```\n(.*?)```", README, re.DOTALL).group(1)
    actual = result.stdout.splitlines()
    assert shown.splitlines() and all(line in actual for line in shown.splitlines())


def test_ci_runs_exactly_the_readme_test_command() -> None:
    command = re.search(r"Run the tests:\n\n```sh\n(.+)\n```", README).group(1)
    ci_lines = (REPO / ".ci" / "run").read_text().splitlines()
    assert command in ci_lines


def test_pre_commit_snippets_name_this_release() -> None:
    # The snippets pin `rev:` to a tag; a tag that names another version installs other code.
    from apilint import __version__

    hooks = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for text in (README, hooks):
        assert re.findall(r"rev: (\S+)", text) == [f"v{__version__}"]
