"""Rules whose findings overlap report one problem once (issue 8), across rule boundaries that
the per-rule fixtures cannot see."""

from __future__ import annotations

from apilint.config import Config
from apilint.documents.workspace import LoadOptions
from apilint.runner import run_check
from tests.conftest import FIXTURES


def test_an_authenticated_operation_without_errors_gets_one_finding_that_names_the_401() -> None:
    spec = FIXTURES / "openapi" / "auth-errors-documented" / "pass-no-errors-at-all.yaml"
    result = run_check(
        [spec], Config(), LoadOptions(), select=["error-responses-documented", "auth-errors-documented"]
    )
    assert not result.errors
    assert [(f.rule_id, f.location.line) for f in result.findings] == [("error-responses-documented", 10)]
    assert "401" in result.findings[0].message and "bearerAuth" in result.findings[0].message
