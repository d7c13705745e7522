"""Every rule is tested by its fixtures; adding a rule means adding a module and a fixture folder.

fixtures/<format>/<rule-id>/
    fail*.yaml | fail*.json | fail*/       must yield exactly the marked (file, line) findings
    pass*.yaml | pass*.json | pass*/       must yield nothing from that rule

Expected findings are marked on their line with a comment `# expect: <rule-id>` (YAML,
GraphQL, proto). JSON has no comments: list `LINE RULE-ID` lines in a sidecar `<file>.expect`.
A folder case is a multi-file spec: its entry point is `openapi.yaml` (or the only spec in
it) and marks may sit in any of its files, which checks locations inside $ref'd files.
A `.apilint.yaml` in a folder case configures the run, so rule options are tested the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from apilint.config import Config, load_config
from apilint.documents.workspace import LoadOptions
from apilint.registry import DOC_SECTIONS, all_rules
from apilint.runner import run_check
from tests.conftest import FIXTURES

_EXPECT = re.compile(r"#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")
_ENTRY_POINTS = ("openapi.yaml", "openapi.json", "schema.graphql", "api.proto")


def _rule_dirs() -> list[Path]:
    return sorted(path for path in FIXTURES.glob("*/*") if path.is_dir())


def _cases(kind: str) -> list[tuple[str, Path]]:
    return [
        (rule_dir.name, case)
        for rule_dir in _rule_dirs()
        for case in sorted(rule_dir.glob(f"{kind}*"))
        if not case.name.endswith(".expect")
    ]


def _files_of(case: Path) -> list[Path]:
    if case.is_dir():
        return sorted(p for p in case.rglob("*") if p.is_file() and p.name != ".apilint.yaml")
    sidecar = case.with_name(case.name + ".expect")
    return [case, sidecar] if sidecar.is_file() else [case]


def _entry_point(case: Path) -> Path:
    if case.is_file():
        return case
    for name in _ENTRY_POINTS:
        if (case / name).is_file():
            return case / name
    raise AssertionError(f"{case}: a folder case needs one of {', '.join(_ENTRY_POINTS)}")


def _expected(case: Path) -> set[tuple[str, int, str]]:
    expected = set()
    for file in _files_of(case):
        if file.suffix == ".expect":
            target = file.with_suffix("")
            for line in file.read_text().splitlines():
                if line.strip():
                    number, rule_id = line.split()
                    expected.add((target.resolve().as_posix(), int(number), rule_id))
            continue
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            match = _EXPECT.search(line)
            if match:
                for rule_id in match.group(1).split(","):
                    expected.add((file.resolve().as_posix(), number, rule_id.strip()))
    return expected


def _config(case: Path) -> Config:
    config_file = case / ".apilint.yaml"
    return load_config(config_file) if case.is_dir() and config_file.is_file() else Config()


def _found(case: Path, rule_id: str) -> set[tuple[str, int, str]]:
    result = run_check([_entry_point(case)], _config(case), LoadOptions(), select=[rule_id])
    assert not result.errors, result.errors
    return {
        (finding.node.source.path.as_posix(), finding.location.line, finding.rule_id)
        for finding in result.findings
        if finding.rule_id == rule_id
    }


@pytest.mark.parametrize(("rule_id", "case"), _cases("fail"), ids=lambda value: getattr(value, "name", value))
def test_fail_fixture_yields_exactly_the_marked_findings(rule_id: str, case: Path) -> None:
    expected = {item for item in _expected(case) if item[2] == rule_id}
    assert expected, f"{case} marks no `# expect: {rule_id}` line"
    assert _found(case, rule_id) == expected


@pytest.mark.parametrize(("rule_id", "case"), _cases("pass"), ids=lambda value: getattr(value, "name", value))
def test_pass_fixture_yields_nothing(rule_id: str, case: Path) -> None:
    assert _found(case, rule_id) == set()


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_every_rule_has_fixtures_both_ways(rule) -> None:
    folder = FIXTURES / rule.format / rule.id
    assert any(folder.glob("fail*")), f"{folder}: no fail* fixture"
    assert any(folder.glob("pass*")), f"{folder}: no pass* fixture"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_every_rule_documents_the_four_sections(rule) -> None:
    headings = re.findall(r"^## (.+)$", rule.docs, re.MULTILINE)
    assert headings[: len(DOC_SECTIONS)] == list(DOC_SECTIONS)
    assert rule.summary, "the first paragraph of 'What it does' is the one-line summary"
    assert "Source:" in rule.docs, "every rule names the practice or guideline it comes from"


def test_every_fixture_folder_belongs_to_a_rule() -> None:
    known = {(rule.format, rule.id) for rule in all_rules()}
    stray = [path for path in _rule_dirs() if (path.parent.name, path.name) not in known]
    assert not stray, f"fixture folders for unknown rules: {stray}"


def test_rule_options_are_declared_one_way() -> None:
    from apilint.registry import ERROR, Option, rule

    with pytest.raises(ValueError, match="Option"):
        rule("plain-default", severity=ERROR, format="openapi", options={"max-items": 100})
    with pytest.raises(ValueError, match="does not fit"):
        Option("kebab", choices=("snake", "camel"))
    assert all(isinstance(option, Option) for declared in all_rules() for option in declared.options.values())
