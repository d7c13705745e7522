"""Tests for the reporters (text, JSON, SARIF, GitHub Actions, JUnit, HTML, Markdown), on hand-built findings."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from apilint.errors import InputError
from apilint.finding import Finding, Location, Severity
from apilint.reporters import ReportContext, RuleInfo, github, html, json_report, junit, markdown, sarif, text
from tests.conftest import SHARED

SCHEMA_PATH = SHARED / "schemas" / "sarif-schema-2.1.0.json"

UNIQUE_DOCS = """
## What it does
Flags an `operationId` used by more than one operation.

## Why is this bad?
Code generators name client methods after operationIds.

## Example
    paths:
      /users:
        get: {operationId: listUsers}
"""

RULES = {
    "operation-id-unique": RuleInfo(
        "operation-id-unique", "error", "openapi", "operationIds must be unique", UNIQUE_DOCS, ("unique-op-id",)
    ),
    "path-params-defined": RuleInfo(
        "path-params-defined", "warning", "openapi", "Path parameters must be declared", "## What it does\nChecks."
    ),
    "tags-sorted": RuleInfo("tags-sorted", "info", "openapi", "Tags are sorted", "## What it does\nSorts."),
    "never-fires": RuleInfo("never-fires", "error", "openapi", "Has no findings here", "Nothing."),
}

SOURCE = {
    "spec.yaml": [
        "openapi: 3.0.0",
        "info: {title: Pets, version: '1'}",
        "paths:",
        "  /users:",
        "    get: {operationId: listUsers}",
        "  /admins:",
        "    get: {operationId: listUsers}",
    ]
}


def make_finding(
    rule_id: str = "operation-id-unique",
    severity: Severity = Severity.ERROR,
    message: str = "operationId 'listUsers' is already used by GET /users",
    *,
    path: str = "spec.yaml",
    line: int = 7,
    column: int = 24,
    pointer: str = "/paths/~1admins/get/operationId",
    suggestion: str | None = None,
    suppressed_reason: str | None = None,
    related_locations: tuple[tuple[Location, str], ...] = (),
) -> Finding:
    location = Location(path, line, column, line, column + 9, pointer)
    return Finding(
        rule_id,
        severity,
        message,
        suggestion=suggestion,
        location=location,
        suppressed_reason=suppressed_reason,
        related_locations=related_locations,
    )


# Where the duplicated operationId was first used: in the spec and in a $ref'd file.
FIRST_USES = (
    (Location("spec.yaml", 5, 24, 5, 33, "/paths/~1users/get/operationId"), "first used here"),
    (Location("common/ops.yaml", 2, 3, 2, 12, "/get/operationId"), "also used here"),
)


def with_related() -> Finding:
    return make_finding(related_locations=FIRST_USES)


def make_context(files: tuple[str, ...] = ("spec.yaml",), errors: tuple[InputError, ...] = ()) -> ReportContext:
    def source_line(path: str, line: int) -> str:
        lines = SOURCE.get(path, [])
        return lines[line - 1] if 0 < line <= len(lines) else ""

    return ReportContext(
        tool_version="1.2.3", rules=RULES, files=list(files), source_line=source_line, errors=list(errors)
    )


# Two files that could not be checked: one with a position, one without.
INPUT_ERRORS = (
    InputError("broken.yaml", "YAML syntax error: mapping values are not allowed here", 3, 7),
    InputError("gone.yaml", "no such file or directory"),
)


def mixed_findings() -> list[Finding]:
    return [
        make_finding("path-params-defined", Severity.WARNING, "Path parameter {id} is not declared", line=4, column=3,
                     pointer="/paths/~1users"),
        make_finding(suggestion="Rename it to listAdmins"),
        make_finding("tags-sorted", Severity.INFO, "Tags are not sorted", line=2, column=1, pointer="/tags"),
        make_finding("path-params-defined", Severity.WARNING, "Legacy path", line=6, column=3,
                     pointer="/paths/~1admins", suppressed_reason="kept for old clients"),
    ]


@pytest.fixture(autouse=True)
def in_a_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SARIF URIs are relative to the git work tree around the working directory: make it this one."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)


def render_sarif(findings: list[Finding], context: ReportContext | None = None) -> dict:
    return json.loads(sarif.render(findings, context or make_context()))


def fingerprint(finding: Finding) -> str:
    [result] = render_sarif([finding])["runs"][0]["results"]
    return result["partialFingerprints"]["apilintFingerprint/v1"]


# --- text


def test_text_summary_counts_files_that_could_not_be_checked():
    context = make_context(files=("spec.yaml", "clean.yaml", "other.yaml"), errors=INPUT_ERRORS[:1])
    summary = text.render(mixed_findings(), context).splitlines()[-1]

    assert summary == "3 findings (1 error, 1 warning, 1 info) in 3 files (1 suppressed); 1 file could not be checked"
    twice_in_one_file = (*INPUT_ERRORS, InputError("gone.yaml", "another problem"))
    summary = text.render([], make_context(files=(), errors=twice_in_one_file)).splitlines()[-1]
    assert summary == "0 findings (0 errors, 0 warnings, 0 infos) in 0 files; 2 files could not be checked"


def test_text_quiet_prints_the_finding_lines_and_nothing_else():
    context = make_context(files=("spec.yaml", "clean.yaml"), errors=INPUT_ERRORS)
    context.quiet = True

    assert text.render(mixed_findings(), context).splitlines() == [
        "spec.yaml:4:3: warning path-params-defined Path parameter {id} is not declared",
        "spec.yaml:7:24: error operation-id-unique operationId 'listUsers' is already used by GET /users",
        "    suggestion: Rename it to listAdmins",
        "spec.yaml:2:1: info tags-sorted Tags are not sorted",
    ]
    assert text.render([], context) == ""


def test_text_shows_control_characters_as_escapes_and_keeps_unicode():
    finding = make_finding(
        message="path /a\x1b[2J\x07 café ✓ 日本 \u202egnp.exe",
        suggestion="rename\r\nit \x9b31m",
        path="sp\x1bec.yaml",
    )
    output = text.render([finding], make_context())

    assert not any(character in output for character in "\x1b\x07\r\x9b\u202e")
    lines = output.splitlines()
    assert lines[0] == "sp\\x1bec.yaml"
    assert lines[1] == (
        "sp\\x1bec.yaml:7:24: error operation-id-unique path /a\\x1b[2J\\x07 café ✓ 日本 \\u202egnp.exe"
    )
    assert lines[2] == "    suggestion: rename\\r\\nit \\x9b31m"


def test_text_colour_codes_are_ours_only():
    context = make_context()
    context.color = True
    output = text.render([make_finding(message="clear \x1b[2J")], context)

    assert "\x1b[31merror\x1b[0m" in output
    assert "clear \\x1b[2J" in output and "\x1b[2J" not in output


# --- JSON


def test_json_lists_input_errors():
    report = json.loads(json_report.render([], make_context(errors=INPUT_ERRORS)))

    assert report["errors"] == [
        {"file": "broken.yaml", "line": 3, "column": 7,
         "message": "YAML syntax error: mapping values are not allowed here"},
        {"file": "gone.yaml", "line": None, "column": None, "message": "no such file or directory"},
    ]
    assert json.loads(json_report.render(mixed_findings(), make_context()))["errors"] == []


# --- SARIF


def test_sarif_validates_against_the_sarif_2_1_0_schema():
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA_PATH.exists():
        pytest.skip(f"SARIF schema not found at {SCHEMA_PATH}")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    context = make_context(files=("spec.yaml", "clean.yaml"))

    jsonschema.validate(render_sarif(mixed_findings(), context), schema)
    jsonschema.validate(render_sarif([], context), schema)
    jsonschema.validate(render_sarif([], make_context(errors=INPUT_ERRORS)), schema)
    in_ref_file = make_finding(path="common/params.yaml")
    named_twice = make_context(files=("spec.yaml", "./spec.yaml"), errors=INPUT_ERRORS)
    jsonschema.validate(render_sarif([*mixed_findings(), in_ref_file], named_twice), schema)
    jsonschema.validate(render_sarif([*mixed_findings(), with_related()], context), schema)


def test_sarif_renders_related_locations_as_primary_locations_are():
    run = render_sarif([with_related()], make_context(files=("spec.yaml",)))["runs"][0]
    [result] = run["results"]
    assert result["relatedLocations"] == [
        {
            "id": 0,
            "physicalLocation": {
                "artifactLocation": {"uri": "spec.yaml", "uriBaseId": "%SRCROOT%", "index": 0},
                "region": {"startLine": 5, "startColumn": 24, "endLine": 5, "endColumn": 33},
            },
            "message": {"text": "first used here"},
        },
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "common/ops.yaml", "uriBaseId": "%SRCROOT%", "index": 1},
                "region": {"startLine": 2, "startColumn": 3, "endLine": 2, "endColumn": 12},
            },
            "message": {"text": "also used here"},
        },
    ]
    assert [artifact["location"]["uri"] for artifact in run["artifacts"]] == ["spec.yaml", "common/ops.yaml"]
    assert "relatedLocations" not in render_sarif([make_finding()])["runs"][0]["results"][0]


def test_sarif_reports_input_errors_as_a_failed_invocation():
    run = render_sarif([], make_context(errors=INPUT_ERRORS))["runs"][0]

    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    broken, gone = invocation["toolExecutionNotifications"]
    assert broken == {
        "level": "error",
        "message": {"text": "YAML syntax error: mapping values are not allowed here"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "broken.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 3, "startColumn": 7},
                }
            }
        ],
    }
    assert gone["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "gone.yaml", "uriBaseId": "%SRCROOT%"}}}
    ]


def test_sarif_invocation_is_successful_without_input_errors():
    assert render_sarif(mixed_findings())["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_sarif_lists_each_file_once_however_it_is_named():
    context = make_context(files=("spec.yaml", "./spec.yaml", "specs/../spec.yaml"))
    run = render_sarif([make_finding(path="./spec.yaml"), make_finding(line=5)], context)["runs"][0]

    assert run["artifacts"] == [{"location": {"uri": "spec.yaml", "uriBaseId": "%SRCROOT%"}}]
    locations = [result["locations"][0]["physicalLocation"]["artifactLocation"] for result in run["results"]]
    assert locations == [{"uri": "spec.yaml", "uriBaseId": "%SRCROOT%", "index": 0}] * 2


def test_sarif_artifacts_include_every_file_a_result_points_into():
    in_ref_file = make_finding("path-params-defined", Severity.WARNING, "x", path="common/params.yaml", pointer="/id")
    run = render_sarif([make_finding(), in_ref_file], make_context(files=("spec.yaml", "clean.yaml")))["runs"][0]

    assert [artifact["location"]["uri"] for artifact in run["artifacts"]] == [
        "spec.yaml", "clean.yaml", "common/params.yaml"
    ]
    indexes = [result["locations"][0]["physicalLocation"]["artifactLocation"]["index"] for result in run["results"]]
    assert indexes == [0, 2]


def test_sarif_rules_link_to_their_section_of_the_rules_page():
    rules = render_sarif(mixed_findings())["runs"][0]["tool"]["driver"]["rules"]

    assert {rule["id"]: rule["helpUri"] for rule in rules} == {
        rule_id: f"https://github.com/apilint/apilint/blob/v1.2.3/docs/rules.md#{rule_id}"
        for rule_id in ("operation-id-unique", "path-params-defined", "tags-sorted")
    }


def test_sarif_describes_only_rules_that_have_findings():
    driver = render_sarif(mixed_findings())["runs"][0]["tool"]["driver"]

    assert (driver["name"], driver["version"]) == ("apilint", "1.2.3")
    assert driver["informationUri"] == "https://github.com/apilint/apilint"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {"operation-id-unique", "path-params-defined", "tags-sorted"}
    unique = rules["operation-id-unique"]
    assert unique["shortDescription"]["text"] == "operationIds must be unique"
    assert unique["fullDescription"]["text"] == "Flags an `operationId` used by more than one operation."
    assert unique["help"]["markdown"].startswith("## What it does")
    assert "get: {operationId: listUsers}" in unique["help"]["text"]
    assert unique["deprecatedIds"] == ["unique-op-id"]
    assert "deprecatedIds" not in rules["tags-sorted"]
    levels = {rule_id: rule["defaultConfiguration"]["level"] for rule_id, rule in rules.items()}
    assert levels == {"operation-id-unique": "error", "path-params-defined": "warning", "tags-sorted": "note"}


def test_sarif_result_points_at_rule_region_and_json_pointer():
    run = render_sarif(mixed_findings())["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "operation-id-unique")

    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "operation-id-unique"
    assert result["level"] == "error"
    assert result["message"]["text"] == (
        "operationId 'listUsers' is already used by GET /users\nSuggestion: Rename it to listAdmins"
    )
    [location] = result["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "spec.yaml"
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert physical["region"] == {"startLine": 7, "startColumn": 24, "endLine": 7, "endColumn": 33}
    assert location["logicalLocations"] == [
        {"fullyQualifiedName": "/paths/~1admins/get/operationId", "kind": "member"}
    ]
    assert [r["level"] for r in run["results"]] == ["warning", "error", "note", "warning"]


def test_sarif_run_anchors_srcroot_and_lists_artifacts():
    path = os.path.join("specs", "v1 api.yaml")  # as displayed on this system
    context = make_context(files=(path,))
    run = render_sarif([make_finding(path=path)], context)["runs"][0]

    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root == Path.cwd().as_uri() + "/"
    assert run["artifacts"] == [{"location": {"uri": "specs/v1%20api.yaml", "uriBaseId": "%SRCROOT%"}}]
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "specs/v1%20api.yaml", "uriBaseId": "%SRCROOT%", "index": 0}


@pytest.mark.skipif(os.sep != "/", reason="a backslash separates paths on Windows")
def test_a_backslash_in_a_posix_file_name_stays_part_of_the_name():
    # `a\b.yaml` is one file here; reading it as a/b.yaml would annotate a file that does not exist.
    context = make_context(files=("a\\b.yaml",))
    run = render_sarif([make_finding(path="a\\b.yaml")], context)["runs"][0]
    assert run["artifacts"] == [{"location": {"uri": "a%5Cb.yaml", "uriBaseId": "%SRCROOT%"}}]
    assert "file=a\\b.yaml," in github.render([make_finding(path="a\\b.yaml")], context)


def test_fingerprint_survives_line_moves_but_not_pointer_changes():
    original = fingerprint(make_finding(line=7, column=24))

    assert fingerprint(make_finding(line=42, column=8)) == original
    assert fingerprint(make_finding(pointer="/paths/~1admins/post/operationId")) != original
    assert fingerprint(make_finding(path="other.yaml")) != original
    assert fingerprint(make_finding(rule_id="tags-sorted")) != original
    assert re.fullmatch(r"[0-9a-f]{64}", original)


def test_fingerprint_counts_repeated_findings_at_the_same_node():
    def fingerprints(first_line: int) -> list[str]:
        findings = [make_finding(line=first_line), make_finding(line=first_line + 1)]
        return [r["partialFingerprints"]["apilintFingerprint/v1"] for r in render_sarif(findings)["runs"][0]["results"]]

    first, second = fingerprints(7)
    assert first != second
    assert fingerprints(30) == [first, second]


def test_sarif_marks_suppressed_findings_in_source():
    results = render_sarif(mixed_findings())["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]

    assert [r["message"]["text"] for r in suppressed] == ["Legacy path"]
    assert suppressed[0]["suppressions"] == [{"kind": "inSource", "justification": "kept for old clients"}]


# --- GitHub Actions


def test_github_writes_one_command_per_reported_finding():
    lines = github.render(mixed_findings(), make_context()).splitlines()

    assert lines == [
        "::warning file=spec.yaml,line=4,col=3,endLine=4,endColumn=12,title=path-params-defined"
        "::Path parameter {id} is not declared",
        "::error file=spec.yaml,line=7,col=24,endLine=7,endColumn=33,title=operation-id-unique"
        "::operationId 'listUsers' is already used by GET /users%0ASuggestion: Rename it to listAdmins",
        "::notice file=spec.yaml,line=2,col=1,endLine=2,endColumn=10,title=tags-sorted::Tags are not sorted",
    ]


def test_github_escapes_message_and_property_values():
    finding = make_finding(message="100% sure\r\nsee: a,b", path="dir,1/a:b%.yaml")
    [line] = github.render([finding], make_context()).splitlines()

    assert line.startswith("::error file=dir%2C1/a%3Ab%25.yaml,line=7,")
    assert line.endswith("::100%25 sure%0D%0Asee: a,b")


def test_github_outputs_nothing_without_findings():
    assert github.render([], make_context()) == ""


def test_github_annotates_files_that_could_not_be_checked():
    lines = github.render([make_finding()], make_context(errors=INPUT_ERRORS)).splitlines()

    assert lines[:2] == [
        "::error file=broken.yaml,line=3,col=7::YAML syntax error: mapping values are not allowed here",
        "::error file=gone.yaml::no such file or directory",
    ]
    assert len(lines) == 3 and lines[2].startswith("::error file=spec.yaml,line=7,")


def test_github_shows_control_characters_as_escapes():
    finding = make_finding(message="path /a\x1b[2J", suggestion="ring \x07", path="a\x1b.yaml")
    error = InputError("b\x1b.yaml", "bad \x1b]8;;")
    output = github.render([finding], make_context(errors=(error,)))

    assert "\x1b" not in output and "\x07" not in output
    error_line, finding_line = output.splitlines()
    assert error_line == "::error file=b\\x1b.yaml::bad \\x1b]8;;"
    assert finding_line.startswith("::error file=a\\x1b.yaml,line=7,")
    assert finding_line.endswith("::path /a\\x1b[2J%0ASuggestion: ring \\x07")


# --- JUnit


def test_junit_has_a_suite_per_file_and_correct_counts():
    context = make_context(files=("spec.yaml", "clean.yaml"))
    root = ET.fromstring(junit.render(mixed_findings(), context))

    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("4", "3")
    spec_suite, clean_suite = root.findall("testsuite")
    assert (spec_suite.get("name"), spec_suite.get("tests"), spec_suite.get("failures")) == ("apilint", "3", "3")
    assert (clean_suite.get("tests"), clean_suite.get("failures")) == ("1", "0")
    [passing] = clean_suite.findall("testcase")
    assert passing.get("classname") == "clean.yaml" and passing.find("failure") is None
    names = [case.get("name") for case in spec_suite.findall("testcase")]
    assert names == ["path-params-defined 4:3", "operation-id-unique 7:24", "tags-sorted 2:1"]


def test_junit_failure_carries_severity_message_and_location():
    root = ET.fromstring(junit.render([make_finding()], make_context()))
    failure = root.find("testsuite/testcase/failure")

    assert failure is not None
    assert failure.get("type") == "error"
    assert failure.get("message") == "operationId 'listUsers' is already used by GET /users"
    assert failure.text == "spec.yaml:7:24 /paths/~1admins/get/operationId"


def test_junit_reports_each_file_that_could_not_be_checked_as_an_error():
    root = ET.fromstring(junit.render([make_finding()], make_context(errors=INPUT_ERRORS)))

    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "2")
    suites = {suite.find("testcase").get("classname"): suite for suite in root.findall("testsuite")}
    assert list(suites) == ["spec.yaml", "broken.yaml", "gone.yaml"]
    assert suites["spec.yaml"].get("errors") == "0"
    broken = suites["broken.yaml"]
    assert (broken.get("tests"), broken.get("failures"), broken.get("errors")) == ("1", "0", "1")
    error = broken.find("testcase/error")
    assert error is not None and broken.find("testcase/failure") is None
    assert error.get("message") == "YAML syntax error: mapping values are not allowed here"
    assert error.text == "broken.yaml:3:7: YAML syntax error: mapping values are not allowed here"


def test_junit_stays_well_formed_with_markup_and_control_characters():
    finding = make_finding(message='<tag attr="x"> & \x07bell')
    failure = ET.fromstring(junit.render([finding], make_context())).find("testsuite/testcase/failure")

    assert failure is not None
    assert failure.get("message") == '<tag attr="x"> & \ufffdbell'


# --- HTML


def render_html(findings: list[Finding], context: ReportContext | None = None) -> str:
    return html.render(findings, context or make_context())


def test_html_shows_every_reported_finding_with_location_and_suggestion():
    page = render_html(mixed_findings())

    for message in ("Path parameter {id} is not declared", "operationId &#39;listUsers&#39; is already used",
                    "Tags are not sorted"):
        assert message in page
    assert "Rename it to listAdmins" in page
    assert "spec.yaml:7:24" in page
    assert "/paths/~1admins/get/operationId" in page
    assert page.count('<article class="card ') == 3


def test_html_escapes_untrusted_text():
    malicious = "<script>alert('owned')</script>"
    page = render_html([make_finding(message=malicious, suggestion="<img src=x onerror=alert(1)>")])

    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_html_loads_nothing_from_the_network():
    page = render_html(mixed_findings())

    assert "<link" not in page
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert not re.search(r"url\(|@import", page)
    assert "default-src 'none'" in page


def test_html_snippet_shows_numbered_context_and_highlights_the_span():
    page = render_html([make_finding(line=5, column=24)])
    numbers = re.findall(r'<div class="line( target)?" data-line="(\d+)">', page)

    assert numbers == [("", "3"), ("", "4"), (" target", "5"), ("", "6"), ("", "7")]
    assert '<span class="code">    get: {operationId: <mark>listUsers</mark>}</span>' in page


def test_html_snippet_drops_lines_past_the_end_of_the_file():
    page = render_html([make_finding(line=7, column=24)])

    assert re.findall(r'data-line="(\d+)"', page) == ["5", "6", "7"]


def test_html_renders_rule_docs_once_per_card():
    page = render_html([make_finding(), make_finding(line=5)])

    assert page.count("<h4>What it does</h4>") == 2
    assert "<p>Flags an <code>operationId</code> used by more than one operation.</p>" in page


def test_html_renders_code_spans_in_rule_summaries_and_escapes_the_rest():
    rule = RuleInfo("operation-id-unique", "error", "openapi", "Flags a `$ref` to <nowhere>", "## What it does\nX.")
    context = make_context()
    context.rules = {rule.id: rule}
    page = render_html([make_finding()], context)

    assert "Flags a <code>$ref</code> to &lt;nowhere&gt;" in page
    assert "`$ref`" not in page


def test_html_summarises_counts_by_severity_and_rule():
    page = render_html(mixed_findings())
    tiles = dict(
        (label, int(count))
        for count, label in re.findall(r'<div class="count">(\d+)</div><div class="label">(\w+)</div>', page)
    )

    assert tiles == {"error": 1, "warning": 1, "info": 1, "suppressed": 1}
    rows = re.findall(r"<tr><td><code>([\w-]+)</code></td>.*?<td class=\"count\">(\d+)</td></tr>", page)
    assert rows == [("operation-id-unique", "1"), ("path-params-defined", "1"), ("tags-sorted", "1")]


def test_html_puts_suppressed_findings_in_a_collapsed_section():
    page = render_html(mixed_findings())
    findings_part, suppressed_part = page.split('<details class="suppressed-section">')

    assert "Legacy path" not in findings_part
    assert "Legacy path" in suppressed_part
    assert "Reason: kept for old clients" in suppressed_part
    assert "Suppressed findings (1)" in suppressed_part


def test_html_empty_report_says_no_findings():
    page = render_html([])

    assert "No findings" in page
    assert 'id="filters"' not in page
    assert "<details" not in page


def test_html_lists_files_that_could_not_be_checked_at_the_top():
    page = render_html(mixed_findings(), make_context(errors=INPUT_ERRORS))
    errors_section = re.search(r'<section class="input-errors".*?</section>', page, re.DOTALL)

    assert errors_section is not None and errors_section.start() < page.index('<section class="tiles"')
    assert "2 files could not be checked" in errors_section.group()
    listed = errors_section.group()
    assert "<code>broken.yaml:3:7</code> YAML syntax error: mapping values are not allowed here" in listed
    assert "<code>gone.yaml</code> no such file or directory" in listed
    assert "2 files not checked" in page[: page.index("</title>")]


def test_html_empty_report_with_input_errors_does_not_claim_a_clean_run():
    page = render_html([], make_context(errors=INPUT_ERRORS))

    assert '<section class="input-errors"' in page
    assert '<p class="big">No findings</p>' not in page
    assert "No findings in the files that could be checked" in page


def test_markdown_renders_headings_paragraphs_and_code_safely():
    rendered = html.markdown_to_html(
        "## Why <bad>?\nUse `a<b>` here\nand there.\n\n    x: <y>\n\n    z: 1\n\n```yaml\nq: '&'\n```\n- one `1`\n- two"
    )

    assert rendered == (
        "<h4>Why &lt;bad&gt;?</h4>\n"
        "<p>Use <code>a&lt;b&gt;</code> here and there.</p>\n"
        "<pre><code>x: &lt;y&gt;\n\nz: 1</code></pre>\n"
        "<pre><code>q: &#x27;&amp;&#x27;</code></pre>\n"
        "<ul><li>one <code>1</code></li><li>two</li></ul>"
    )


# --- related locations in the other formats


def test_text_and_json_show_related_locations():
    assert text.render([with_related()], make_context()).splitlines()[1:4] == [
        "spec.yaml:7:24: error operation-id-unique operationId 'listUsers' is already used by GET /users",
        "    related: spec.yaml:5:24 first used here",
        "    related: common/ops.yaml:2:3 also used here",
    ]
    [finding] = json.loads(json_report.render([with_related()], make_context()))["findings"]
    assert finding["related"] == [
        {"file": "spec.yaml", "line": 5, "column": 24, "message": "first used here"},
        {"file": "common/ops.yaml", "line": 2, "column": 3, "message": "also used here"},
    ]
    [finding] = json.loads(json_report.render([make_finding()], make_context()))["findings"]
    assert finding["related"] == []


def test_github_junit_and_html_mention_related_locations():
    related = "related: spec.yaml:5:24 first used here"
    assert f"%0A{related}%0Arelated: common/ops.yaml:2:3 also used here\n" in github.render([with_related()], make_context())
    failure = ET.fromstring(junit.render([with_related()], make_context())).find("testsuite/testcase/failure")
    assert failure.text.splitlines()[1:] == [related, "related: common/ops.yaml:2:3 also used here"]
    page = html.render([with_related()], make_context())
    assert "first used here: <code>spec.yaml:5:24</code>" in page
    assert "also used here: <code>common/ops.yaml:2:3</code>" in page


# --- apilint diff: levels for severities, and the markdown changelog

DIFF_RULES = {
    "operation-removed": RuleInfo("operation-removed", "error", "openapi", "An operation is gone", "## What changed\nGone."),
    "enum-value-added": RuleInfo("enum-value-added", "warning", "openapi", "A new enum value", "## What changed\nNew."),
    "path-added": RuleInfo("path-added", "info", "openapi", "A new path", "## What changed\nNew."),
}
OLD_SIDE = Location("HEAD:api.yaml", 9, 5, 9, 11, "/paths/~1users/delete")
NEW_SIDE = Location("api.yaml", 4, 3, 4, 9, "/paths/~1users")


def diff_finding(rule_id: str, severity: Severity, message: str, subjects: tuple[str, ...], **kwargs) -> Finding:
    finding = make_finding(rule_id, severity, message, **kwargs)
    finding.subjects = subjects
    return finding


def diff_findings() -> list[Finding]:
    """A removal (in the old version, its place in the new one related), a dangerous change, a
    path added (no operation), and a break accepted with a reason."""
    return [
        diff_finding("path-added", Severity.INFO, "path /pets added", (), path="api.yaml", line=12, pointer="/paths/~1pets"),
        diff_finding("enum-value-added", Severity.WARNING, "response enum value 'b' added", ("GET /users",),
                     path="api.yaml", line=7),
        diff_finding("operation-removed", Severity.ERROR, "operation removed (DELETE /users)", ("DELETE /users",),
                     path=OLD_SIDE.path, line=OLD_SIDE.line, pointer=OLD_SIDE.pointer,
                     related_locations=((NEW_SIDE, "gone from here in the new version"),)),
        diff_finding("operation-removed", Severity.ERROR, "operation removed (PUT /users)", ("PUT /users",),
                     path=OLD_SIDE.path, line=11, pointer="/paths/~1users/put", suppressed_reason="v1 clients are gone"),
    ]


def diff_context(errors: tuple[InputError, ...] = ()) -> ReportContext:
    context = make_context(files=("HEAD:api.yaml", "api.yaml"), errors=errors)
    context.rules = DIFF_RULES
    context.levels = {"error": "breaking", "warning": "dangerous", "info": "non-breaking"}
    return context


def test_markdown_diff_is_a_changelog_grouped_by_operation_breaking_first():
    assert markdown.render(diff_findings(), diff_context()).splitlines() == [
        "## API changes: 1 breaking, 1 dangerous, 1 non-breaking (1 suppressed)",
        "",
        "### `DELETE /users`",
        "",
        "- **breaking** operation removed (`operation-removed`)",
        "",
        "### `GET /users`",
        "",
        "- **dangerous** response enum value 'b' added (`enum-value-added`)",
        "",
        "### API-wide",
        "",
        "- **non-breaking** path /pets added (`path-added`)",
        "",
        "<details>",
        "<summary>Suppressed (1)</summary>",
        "",
        "- **breaking** operation removed (`operation-removed`): v1 clients are gone",
        "",
        "</details>",
    ]


def test_markdown_puts_a_change_to_several_operations_under_them_all_once():
    shared = diff_finding("enum-value-added", Severity.WARNING, "enum value added", ("GET /a", "GET /b"))
    worse = diff_finding("operation-removed", Severity.ERROR, "removed", ("GET /a",))
    lines = markdown.render([shared, worse], diff_context()).splitlines()

    assert [line for line in lines if line.startswith("###")] == ["### `GET /a`", "### `GET /a`, `GET /b`"]
    assert lines.count("- **dangerous** enum value added (`enum-value-added`)") == 1


def test_markdown_with_no_changes_says_so_and_never_reads_clean_when_a_file_was_unreadable():
    assert markdown.render([], diff_context()) == "## API changes: none\n"
    lines = markdown.render([], diff_context(errors=INPUT_ERRORS)).splitlines()
    assert lines[0] == "## API changes: 0 breaking, 0 dangerous, 0 non-breaking; 2 files could not be checked"
    assert lines[2:6] == ["### Could not be checked", "", "Their changes are missing from this report.", ""]
    assert "- `broken.yaml:3:7` YAML syntax error: mapping values are not allowed here" in lines
    assert "- `gone.yaml` no such file or directory" in lines


def test_markdown_escapes_what_markdown_and_github_would_act_on():
    message = "property '@type' is *gone* <script>x</script> [a](http://x) `c` a|b $x$ &amp; #1 \\ line\nbreak _i_ a_b"
    [item] = [line for line in markdown.render([diff_finding("path-added", Severity.INFO, message, ())],
                                               diff_context()).splitlines() if line.startswith("- ")]

    assert item == (
        "- **non-breaking** property '@\u2060type' is \\*gone\\* \\<script\\>x\\</script\\> \\[a\\](http://x) "
        "\\`c\\` a\\|b \\$x\\$ \\&amp; \\#1 \\\\ line\\\\nbreak \\_i\\_ a_b (`path-added`)"
    )
    backticked = markdown.render([diff_finding("path-added", Severity.INFO, "m", ("GET /a`b",))], diff_context())
    assert "### ``GET /a`b``" in backticked


def test_markdown_for_check_groups_by_file_with_lines_and_suggestions():
    lines = markdown.render(mixed_findings(), make_context()).splitlines()

    assert lines[0] == "## apilint: 1 error, 1 warning, 1 info (1 suppressed)"
    assert lines[2:8] == [
        "### `spec.yaml`",
        "",
        "- **warning** Path parameter {id} is not declared (`path-params-defined`, line 4)",
        "- **error** operationId 'listUsers' is already used by GET /users (`operation-id-unique`, line 7)"
        "<br>Suggestion: Rename it to listAdmins",
        "- **info** Tags are not sorted (`tags-sorted`, line 2)",
        "",
    ]
    assert markdown.render([], make_context()) == "## apilint: no findings\n"


def test_every_report_of_a_diff_names_the_levels():
    findings, context = diff_findings(), diff_context()
    annotations = github.render(findings, context).splitlines()
    assert [line.split("::")[1].split(",")[0] + " " + line.split("title=")[1].split("::")[0] for line in annotations] == [
        "notice file=api.yaml non-breaking%3A path-added",
        "warning file=api.yaml dangerous%3A enum-value-added",
        "error file=HEAD%3Aapi.yaml breaking%3A operation-removed",
    ]
    failures = ET.fromstring(junit.render(findings, context)).findall(".//failure")
    assert sorted(failure.get("type") for failure in failures) == ["breaking", "dangerous", "non-breaking"]
    page = html.render(findings, context)
    assert '<span class="badge error">breaking</span>' in page
    assert '<div class="label">dangerous</div>' in page and '<div class="label">warning</div>' not in page
    assert '<input type="checkbox" name="severity" value="info" checked> non-breaking</label>' in page
    assert '<span class="badge suppressed">breaking</span>' in page
    assert "<th>Level</th>" in page and "<th>Severity</th>" not in page
    results = render_sarif(findings, context)["runs"][0]["results"]
    assert [(result["level"], result["properties"]["level"]) for result in results] == [
        ("note", "non-breaking"), ("warning", "dangerous"), ("error", "breaking"), ("error", "breaking")
    ]
    assert "properties" not in render_sarif(mixed_findings())["runs"][0]["results"][0]


def test_sarif_of_a_diff_validates_and_relates_the_other_version():
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA_PATH.exists():
        pytest.skip(f"SARIF schema not found at {SCHEMA_PATH}")
    report = render_sarif(diff_findings(), diff_context(errors=INPUT_ERRORS))

    jsonschema.validate(report, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    removal = report["runs"][0]["results"][2]
    assert removal["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "HEAD%3Aapi.yaml"
    [related] = removal["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "api.yaml"
    assert related["message"]["text"] == "gone from here in the new version"


def test_sarif_fingerprints_of_a_diff_are_stable_and_tell_the_versions_apart():
    def fingerprints() -> list[str]:
        results = render_sarif(diff_findings(), diff_context())["runs"][0]["results"]
        return [result["partialFingerprints"]["apilintFingerprint/v1"] for result in results]

    assert fingerprints() == fingerprints()
    assert len(set(fingerprints())) == 4
    at_old = diff_finding("operation-removed", Severity.ERROR, "m", (), path="HEAD:api.yaml", pointer="/paths/~1a")
    at_new = diff_finding("operation-removed", Severity.ERROR, "m", (), path="api.yaml", pointer="/paths/~1a")
    assert fingerprint(at_old) != fingerprint(at_new)


@pytest.mark.parametrize("text, escaped", [("- x", "\\- x"), ("+ x", "\\+ x"), ("1. x", "1\\. x"), ("2) x", "2\\) x")])
def test_markdown_escapes_a_list_marker_at_the_start_of_a_message(text: str, escaped: str):
    assert markdown.escape(text) == escaped
