"""What the verb rules say, beyond where (the fixtures check locations): get-is-safe's severity
follows its evidence, RPC-style methods are named as such, and one problem in a path gets one
finding from no-verb-in-path, path-segment-case and get-is-safe together."""

from __future__ import annotations

from pathlib import Path

from apilint.config import Config, load_config
from apilint.documents.workspace import LoadOptions
from apilint.finding import Finding
from apilint.runner import run_check
from tests.conftest import FIXTURES


def _findings(spec: Path, *rules: str) -> list[Finding]:
    result = run_check([spec], Config(), LoadOptions(), select=list(rules))
    assert not result.errors, result.errors
    return result.findings


def _by_line(findings: list[Finding]) -> dict[int, Finding]:
    return {finding.location.line: finding for finding in findings}


def test_get_is_safe_grades_by_evidence() -> None:
    found = _by_line(_findings(FIXTURES / "openapi/get-is-safe/fail.yaml", "get-is-safe"))
    graded = {line: found[line].severity.label for line in (7, 13, 29, 33)}
    # path alone: warning; path + operationId: error; summary alone: info; path + summary: error
    assert graded == {7: "warning", 13: "error", 29: "info", 33: "error"}
    assert "use DELETE" in found[13].suggestion
    assert "may change state" in found[29].message


def test_rpc_methods_are_named_with_their_rest_form() -> None:
    found = _by_line(_findings(FIXTURES / "openapi/no-verb-in-path/fail-rpc-methods.yaml", "no-verb-in-path"))
    assert "RPC-style method" in found[10].message and found[10].suggestion == "DELETE on /messages/{id} says it"
    assert found[16].suggestion == "POST on /admin/users says it"
    assert found[18].severity.label == "info"  # chat.postMessage: an action, as POST


def test_an_rpc_style_api_gets_one_finding() -> None:
    [summary] = _findings(FIXTURES / "openapi/no-verb-in-path/fail-rpc-api.yaml", "no-verb-in-path")
    assert summary.message.startswith("this API is RPC-style: 6 of its 8 paths are dotted methods")
    assert "GET on /conversations says it" in summary.suggestion


def test_a_batch_action_is_a_controller() -> None:
    found = _by_line(_findings(FIXTURES / "openapi/no-verb-in-path/fail-batch-and-actions.yaml", "no-verb-in-path"))
    assert found[6].severity.label == "info" and "bulk action ('delete')" in found[6].message
    assert found[10].severity.label == "warning"  # `/mass_delete` acts on nothing in particular


def test_one_problem_one_finding(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: t, version: '1'}\n"
        "paths:\n"
        "  /getUsers: {get: {responses: {'200': {description: ok}}}}\n"  # line 4
        "  /users/{id}/delete:\n"  # line 5
        "    get: {operationId: deleteUser, responses: {'200': {description: ok}}}\n"  # line 6
        "  /users/{id}/resetPassword: {post: {responses: {'200': {description: ok}}}}\n"  # line 7
        "  /user-groups: {get: {responses: {'200': {description: ok}}}}\n"  # kebab-case: the majority
        "  /login-events: {get: {responses: {'200': {description: ok}}}}\n"
    )
    found = {
        (f.location.line, f.rule_id) for f in _findings(spec, "no-verb-in-path", "path-segment-case", "get-is-safe")
    }
    assert found == {
        (4, "no-verb-in-path"),  # drop the verb; its case is moot
        (6, "get-is-safe"),  # the unsafe GET, not the verb in its path
        (7, "no-verb-in-path"),  # an action (info) ...
        (7, "path-segment-case"),  # ... whose case is still wrong: two problems
    }


def test_a_dotted_method_names_its_miscased_part() -> None:
    case = FIXTURES / "openapi/path-segment-case/fail-rpc-method-parts"
    result = run_check(
        [case / "openapi.yaml"], load_config(case / ".apilint.yaml"), LoadOptions(), select=["path-segment-case"]
    )
    found = _by_line(result.findings)
    assert "'teamMembers' in segment 'teamMembers.archive' is camelCase, not snake_case" in found[8].message
    assert "rename 'publishDraft' to 'publish_draft'" in found[6].suggestion


def test_a_verb_against_a_get_that_reads_is_reported_once_as_a_contradiction() -> None:
    spec = FIXTURES / "openapi/no-verb-in-path/fail-verb-against-get.yaml"
    found = _findings(spec, "no-verb-in-path", "get-is-safe")
    by_line = _by_line(found)
    assert len(found) == len(by_line) == 4 and {f.rule_id for f in found} == {"no-verb-in-path"}
    for line in (8, 13):  # the GET itself, and a GET below the verb's segment
        assert by_line[line].message.endswith("starts with the verb 'remove', which contradicts GET")
        assert (
            by_line[line].suggestion == "name what the GET reads, without 'remove'; DELETE on a resource says 'remove'"
        )
    assert by_line[18].message.endswith("which repeats what the HTTP method says")  # the DELETE


def test_an_action_is_fine_as_the_method_it_has() -> None:
    found = _by_line(_findings(FIXTURES / "openapi/no-verb-in-path/fail-verb-against-get.yaml", "no-verb-in-path"))
    assert found[22].suggestion.startswith("fine as PUT on a resource;")
    found = _by_line(_findings(FIXTURES / "openapi/no-verb-in-path/fail.yaml", "no-verb-in-path"))
    assert found[6].message.endswith("which belongs in the HTTP method (DELETE), not the path")  # POST .../delete


def test_an_rpc_api_over_slashes_gets_one_finding_for_its_design() -> None:
    found = _findings(FIXTURES / "openapi/no-verb-in-path/fail-rpc-over-slashes.yaml", "no-verb-in-path")
    assert len(found) == 1 and found[0].severity.label == "warning"
    assert found[0].message.startswith(
        "this API is RPC-style: 6 of its 8 paths are POST-only methods named by their last segment"
    )
    assert "/ledger/entries/get" in found[0].message


def test_read_after_a_resource_on_a_write_is_an_action_not_a_get() -> None:
    found = _findings(FIXTURES / "openapi/no-verb-in-path/fail-read-as-state.yaml", "no-verb-in-path")
    # "belongs in GET" would steer `POST .../read` (mark as read) towards an unsafe GET
    assert {finding.severity.label for finding in found} == {"info"}
    assert not any("GET" in finding.message + (finding.suggestion or "") for finding in found)
