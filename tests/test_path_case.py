"""What path-segment-case's default (`case: auto`) says about the case it holds a document to: the
fixtures check where it reports, these check that the message is true of the document."""

from __future__ import annotations

from pathlib import Path

from apilint.config import Config
from apilint.documents.workspace import LoadOptions
from apilint.finding import Finding
from apilint.runner import run_check
from tests.conftest import FIXTURES

CASE_FIXTURES = FIXTURES / "openapi/path-segment-case"


def _findings(spec: Path) -> list[Finding]:
    result = run_check([spec], Config(), LoadOptions(), select=["path-segment-case"])
    assert not result.errors, result.errors
    return result.findings


def test_a_clear_majority_is_named_once_per_finding() -> None:
    found = {finding.location.line: finding for finding in _findings(CASE_FIXTURES / "fail-default-auto.yaml")}
    assert (
        found[12].message
        == "path /v1/carrier-accounts: segment 'carrier-accounts' is kebab-case; this API mostly uses snake_case"
    )
    assert found[12].suggestion == "rename 'carrier-accounts' to 'carrier_accounts'"
    assert found[14].suggestion == "rename 'StockLevels' to 'stock_levels'"


def test_a_near_tie_is_not_called_a_majority() -> None:
    found = _findings(CASE_FIXTURES / "fail-near-tie.yaml")
    messages = {finding.message for finding in found}
    assert (
        "path /usage_reports: segment 'usage_reports' is snake_case; no case has most of this API's names; "
        "more of its paths use kebab-case" in messages
    )
    # Which half strays is a judgement call without a majority: info, not a warning.
    assert {finding.severity.label for finding in found} == {"info"}


def test_a_clear_majority_and_other_problems_stay_warnings() -> None:
    found = _findings(CASE_FIXTURES / "fail-default-auto.yaml")
    assert {finding.severity.label for finding in found} == {"warning"}


def test_a_full_tie_goes_to_the_guideline(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: t, version: '1'}\n"
        "paths:\n"
        "  /api_keys: {get: {responses: {'200': {description: ok}}}}\n"
        "  /audit-logs: {get: {responses: {'200': {description: ok}}}}\n"
    )
    [finding] = _findings(spec)
    assert finding.message == (
        "path /api_keys: segment 'api_keys' is snake_case; "
        "this API's names and paths are split between cases; kebab-case is the common guideline"
    )
