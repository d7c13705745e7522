"""Every rule is tested by its fixtures; adding a rule means adding a module and a fixture folder.

fixtures/<format>/<rule-id>/
    fail*.yaml | fail*.json | fail*/       must yield exactly the marked findings
    pass*.yaml | pass*.json | pass*/       must yield nothing from that rule

Expected findings are marked on their line with a comment in the file's own syntax:
`# expect: <rule-id>` in YAML and GraphQL, `// expect: <rule-id>` in proto (the table is
`_COMMENT_BY_SUFFIX`). JSON has no comments: list `LINE RULE-ID` lines in a sidecar
`<file>.expect`. `<rule-id>@COL` also asserts the finding's 1-based column, the one
`apilint check` prints; without it only the line is checked. Marks are counted, not merged:
two findings of one rule on one line need two marks (`# expect: rule-id, rule-id`).
A folder case is a multi-file spec: its entry point is `openapi.yaml` (or the only spec in
it) and marks may sit in any of its files, which checks locations inside $ref'd files.
A `.apilint.yaml` in a folder case configures the run, so rule options are tested the same way.

A breaking-change rule's case is a folder with two versions, `old.yaml` and `new.yaml` (or
`old/` and `new/` folders, each with an entry point): `apilint diff` compares them, and the
marks sit in the new version, or in the old one for what was removed.
fixtures/refactors/<format>/<case>/ holds version pairs that differ only in how they are
written: they must yield no change at all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

from apilint.config import Config, load_config
from apilint.diff.openapi import changes
from apilint.diff.runner import run_diff
from apilint.documents.workspace import LoadOptions
from apilint.registry import BREAKING_CHANGE, DOC_SECTIONS, all_rules, get_rule
from apilint.runner import run_check
from tests.conftest import FIXTURES

# The comment that starts a mark, by file suffix; JSON has none and uses the `.expect` sidecar.
_COMMENT_BY_SUFFIX = {
    ".yaml": "#",
    ".yml": "#",
    ".graphql": "#",
    ".graphqls": "#",
    ".gql": "#",
    ".proto": "//",
    ".json5": "//",
}
_MARK = r"[a-z0-9-]+(?:@\d+)?"
_MARKS = rf"{_MARK}(?:\s*,\s*{_MARK})*"
_ENTRY_POINTS = ("openapi.yaml", "openapi.json", "schema.graphql", "api.proto")


REFACTORS = FIXTURES / "refactors"


def _rule_dirs() -> list[Path]:
    return sorted(path for path in FIXTURES.glob("*/*") if path.is_dir() and path.parent != REFACTORS)


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


class Mark(NamedTuple):
    """An expected finding, or a found one; an expected one may leave the column open."""

    file: str
    line: int
    rule_id: str
    column: int | None = None


def _parse_mark(file: str, line: int, text: str) -> Mark:
    rule_id, _, column = text.strip().partition("@")
    return Mark(file, line, rule_id, int(column) if column else None)


def parse_marks(text: str, comment: str, file: str = "") -> list[Mark]:
    """The `<comment> expect: rule-id[@COL], ...` marks of a fixture's text, one per rule id."""
    pattern = re.compile(rf"{re.escape(comment)}\s*expect:\s*({_MARKS})")
    return [
        _parse_mark(file, number, item)
        for number, line in enumerate(text.splitlines(), start=1)
        for match in pattern.finditer(line)
        for item in match.group(1).split(",")
    ]


def parse_sidecar(text: str, file: str = "") -> list[Mark]:
    """The `LINE RULE-ID[@COL]` lines of a JSON fixture's `.expect` sidecar."""
    marks = []
    for line in text.splitlines():
        if line.strip():
            number, item = line.split()
            marks.append(_parse_mark(file, int(number), item))
    return marks


def _expected(case: Path) -> list[Mark]:
    expected = []
    for file in _files_of(case):
        if file.suffix == ".expect":
            expected += parse_sidecar(file.read_text(), file.with_suffix("").resolve().as_posix())
        elif file.suffix != ".json":
            # An unknown suffix would drop its marks silently and let the case pass on nothing.
            assert file.suffix in _COMMENT_BY_SUFFIX, f"{file}: add its comment syntax to _COMMENT_BY_SUFFIX"
            text = file.read_text(encoding="utf-8")
            expected += parse_marks(text, _COMMENT_BY_SUFFIX[file.suffix], file.resolve().as_posix())
    return expected


def unmatched(expected: list[Mark], found: list[Mark]) -> tuple[list[Mark], list[Mark]]:
    """(marks no finding answers, findings no mark answers), pairing each finding with one mark.

    Marks with a column are paired first, so an open-column mark on the same line cannot take
    the finding a column mark needs.
    """
    remaining = list(found)
    missing = []
    for mark in sorted(expected, key=lambda mark: mark.column is None):
        answer = next(
            (finding for finding in remaining if finding[:3] == mark[:3] and mark.column in (None, finding.column)),
            None,
        )
        if answer is None:
            missing.append(mark)
        else:
            remaining.remove(answer)
    return missing, remaining


def _config(case: Path) -> Config:
    config_file = case / ".apilint.yaml"
    return load_config(config_file) if case.is_dir() and config_file.is_file() else Config()


def _checked(case: Path) -> Path:
    """What a case is checked as: a file; an OpenAPI folder by its entry point (the other files are
    read as it `$ref`s them); a GraphQL folder whole (a schema split over files, operations)."""
    return case if case.is_dir() and (case / "schema.graphql").is_file() else _entry_point(case)


def versions(case: Path) -> tuple[Path, Path]:
    """The old and the new version of a breaking-change case: files, or folders' entry points."""
    return tuple(
        case / f"{side}.yaml" if (case / f"{side}.yaml").is_file() else _entry_point(case / side)
        for side in ("old", "new")
    )


def _found(case: Path, rule_id: str) -> list[Mark]:
    if get_rule(rule_id).kind == BREAKING_CHANGE:
        old, new = versions(case)
        result = run_diff([old], [new], _config(case), LoadOptions(), select=[rule_id])
    else:
        result = run_check([_checked(case)], _config(case), LoadOptions(), select=[rule_id])
    assert not result.errors, result.errors
    return [
        Mark(finding.node.source.path.as_posix(), finding.location.line, finding.rule_id, finding.location.column)
        for finding in result.findings
        if finding.rule_id == rule_id
    ]


@pytest.mark.parametrize(("rule_id", "case"), _cases("fail"), ids=lambda value: getattr(value, "name", value))
def test_fail_fixture_yields_exactly_the_marked_findings(rule_id: str, case: Path) -> None:
    expected = [mark for mark in _expected(case) if mark.rule_id == rule_id]
    assert expected, f"{case} marks no `expect: {rule_id}` line"
    missing, unexpected = unmatched(expected, _found(case, rule_id))
    assert (missing, unexpected) == ([], [])


@pytest.mark.parametrize(("rule_id", "case"), _cases("pass"), ids=lambda value: getattr(value, "name", value))
def test_pass_fixture_yields_nothing(rule_id: str, case: Path) -> None:
    assert _found(case, rule_id) == []


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_every_rule_has_fixtures_both_ways(rule) -> None:
    folder = FIXTURES / rule.format / rule.id
    assert any(folder.glob("fail*")), f"{folder}: no fail* fixture"
    assert any(folder.glob("pass*")), f"{folder}: no pass* fixture"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_every_rule_documents_its_sections(rule) -> None:
    headings = re.findall(r"^## (.+)$", rule.docs, re.MULTILINE)
    assert headings[: len(DOC_SECTIONS[rule.kind])] == list(DOC_SECTIONS[rule.kind])
    assert rule.summary, "the first paragraph of 'What it does' (or 'What changed') is the one-line summary"
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


def test_marks_are_read_in_each_comment_syntax_with_optional_columns() -> None:
    yaml_text = "a: 1\nb: 2  # expect: rule-a@3, rule-b\n"
    proto_text = "message M {\n  string s = 1;  // expect: rule-a@10\n}\n"
    assert parse_marks(yaml_text, "#") == [Mark("", 2, "rule-a", 3), Mark("", 2, "rule-b")]
    assert parse_marks(proto_text, "//") == [Mark("", 2, "rule-a", 10)]
    assert parse_marks(proto_text, "#") == [], "a `#` reader must not see marks written for `//`"
    assert parse_sidecar("4 rule-a\n\n7 rule-b@12\n") == [Mark("", 4, "rule-a"), Mark("", 7, "rule-b", 12)]


def test_a_repeated_rule_on_one_line_is_two_marks() -> None:
    assert parse_marks("k: v  # expect: rule-a, rule-a\n", "#") == [Mark("", 1, "rule-a")] * 2


def test_the_harness_catches_a_doubled_finding_a_wrong_column_and_a_wrong_line() -> None:
    found = [Mark("f", 3, "rule-a", 5), Mark("f", 3, "rule-a", 5)]
    doubled = unmatched([Mark("f", 3, "rule-a")], found)
    assert doubled == ([], [Mark("f", 3, "rule-a", 5)])
    assert unmatched([Mark("f", 3, "rule-a")] * 2, found) == ([], [])
    assert unmatched([Mark("f", 3, "rule-a", 6)], found[:1]) == ([Mark("f", 3, "rule-a", 6)], found[:1])
    assert unmatched([Mark("f", 4, "rule-a")], found[:1]) == ([Mark("f", 4, "rule-a")], found[:1])
    assert unmatched([Mark("f", 3, "rule-a")] * 2, found[:1]) == ([Mark("f", 3, "rule-a")], [])


def test_a_column_mark_is_paired_before_an_open_one_on_its_line() -> None:
    found = [Mark("f", 3, "rule-a", 5), Mark("f", 3, "rule-a", 9)]
    # Read in order, the open mark would take the finding at 5 and leave the @5 mark unanswered.
    assert unmatched([Mark("f", 3, "rule-a"), Mark("f", 3, "rule-a", 5)], found) == ([], [])


@pytest.mark.parametrize("case", sorted(REFACTORS.glob("*/*")), ids=lambda case: f"{case.parent.name}-{case.name}")
def test_a_refactor_is_no_change(case: Path) -> None:
    """Writing the same contract another way (a schema moved into components, a component renamed,
    a file split, allOf parts reordered or merged, enum values reordered, descriptions changed)
    reports nothing: false alarms on refactors teach teams to ignore the gate."""
    old, new = versions(case)
    result = run_diff([old], [new], Config(), LoadOptions())
    assert not result.errors, result.errors
    assert [(f.rule_id, f.location.path, f.location.line, f.message) for f in result.findings] == []
    # Not even a change a rule could report one day (the api-version is what the version note reads).
    changed = [
        (change.kind, change.subject) for change in changes(_load(old), _load(new)) if change.kind != "api-version"
    ]
    assert changed == []


def _load(path: Path):
    from apilint.documents.files import FileSet
    from apilint.documents.openapi import OpenAPIFormat
    from apilint.documents.workspace import Workspace

    return OpenAPIFormat().load(path, Workspace(LoadOptions(), [path], FileSet()))
