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


def test_security_alternatives_are_named_as_alternatives(tmp_path) -> None:
    # Each entry of `security` is one way in (any will do); the schemes inside an entry go together.
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: t, version: '1'}\n"
        "components:\n"
        "  securitySchemes:\n"
        "    basic: {type: http, scheme: basic}\n"
        "    token: {type: apiKey, in: header, name: X-Token}\n"
        "    app: {type: apiKey, in: header, name: X-App}\n"
        "paths:\n"
        "  /repos:\n"
        "    get:\n"
        "      security: [{basic: []}, {token: [], app: []}]\n"
        "      responses: {'200': {description: ok}, '404': {description: none}}\n"
        "    post:\n"
        "      security: [{basic: []}, {token: [], app: []}]\n"
        "      responses: {'201': {description: created}}\n"
    )
    result = run_check(
        [spec], Config(), LoadOptions(), select=["error-responses-documented", "auth-errors-documented"]
    )
    messages = {f.rule_id: f.message for f in result.findings}
    assert messages["auth-errors-documented"] == (
        "GET /repos requires one of basic or token + app but documents no 401 or 403 response"
    )
    assert "its authentication (one of basic or token + app) returns" in messages["error-responses-documented"]
