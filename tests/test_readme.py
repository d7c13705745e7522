"""The README stays true: its rule table and its quick-start output come from the tool."""

from __future__ import annotations

import re

from click.testing import CliRunner

from apilint.cli import main
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_rule_table_is_the_generated_one() -> None:
    table = CliRunner().invoke(main, ["rules", "--markdown"]).stdout.strip()
    assert table in README, "regenerate the README rule table with `apilint rules --markdown`"


def test_quick_start_output_matches_the_bundled_example(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["check", "examples/petstore.yaml"])
    assert result.exit_code == 1
    shown = re.search(r"prints[^\n]*:\n\n```\n(.*?)```", README, re.DOTALL).group(1).splitlines()
    actual = [line for line in result.stdout.splitlines() if line.startswith("examples/petstore.yaml:")]
    assert len(shown) == len(actual)
    for documented, produced in zip(shown, actual):
        assert produced.startswith(documented.removesuffix("..."))


def test_ci_runs_exactly_the_readme_test_command() -> None:
    command = re.search(r"Run the tests:\n\n```sh\n(.+)\n```", README).group(1)
    ci_lines = (REPO / ".ci" / "run").read_text().splitlines()
    assert command in ci_lines
