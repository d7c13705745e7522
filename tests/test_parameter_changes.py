"""The request-parameter rules grade their own findings: a widened type, an enum dropped, a
deprecated parameter removed are non-breaking, a format added dangerous, a narrowing breaking.
The fixtures check where findings are; this checks how bad each one is said to be."""

from __future__ import annotations

import pytest

from apilint.config import Config
from apilint.diff.runner import run_diff
from apilint.documents.workspace import LoadOptions
from apilint.registry import BREAKING, DANGEROUS, NON_BREAKING
from tests.conftest import FIXTURES


def _graded(rule_id: str, case: str) -> dict[str, str]:
    """The findings' messages (up to the operation) by severity label."""
    folder = FIXTURES / "openapi" / rule_id / case
    result = run_diff([str(folder / "old.yaml")], [str(folder / "new.yaml")], Config(), LoadOptions(), select=[rule_id])
    assert not result.errors, result.errors
    return {
        finding.message.split(" (")[0]: finding.severity.label
        for finding in result.findings
        if finding.rule_id == rule_id
    }


@pytest.mark.parametrize(
    ("rule_id", "case", "expected"),
    [
        (
            "request-parameter-type-changed",
            "fail-oas3",
            {
                "query parameter 'id' type changed from string to integer": BREAKING.label,
                "query parameter 'since' format changed from date-time to date": BREAKING.label,
                "query parameter 'score' type widened from integer to number": NON_BREAKING.label,
                "query parameter 'count' format widened from int32 to int64": NON_BREAKING.label,
            },
        ),
        (
            "request-parameter-type-changed",
            "fail-format-added",
            {
                "query parameter 'since' format date-time added: values in other forms may be rejected": (
                    DANGEROUS.label
                )
            },
        ),
        (
            "request-parameter-enum-value-removed",
            "fail-oas3",
            {
                "query parameter 'sort' no longer accepts \"random\"": BREAKING.label,
                'query parameter \'state\' now only accepts "open", "closed"': BREAKING.label,
            },
        ),
        (
            "request-parameter-removed",
            "fail-oas3",
            {
                "query parameter 'status' removed; servers ignore it when clients still send it, or reject the request": DANGEROUS.label,
                "required header parameter 'X-Tenant' removed; servers ignore it when clients still send it, or reject the request": (
                    DANGEROUS.label
                ),
                "query parameter 'legacy' removed; it was deprecated": NON_BREAKING.label,
            },
        ),
        (
            "request-parameter-removed",
            "fail-path-parameter",
            {"required path parameter 'version' removed; the URL clients build no longer matches": BREAKING.label},
        ),
    ],
)
def test_findings_are_graded_by_what_clients_lose(rule_id: str, case: str, expected: dict[str, str]) -> None:
    assert _graded(rule_id, case) == expected
