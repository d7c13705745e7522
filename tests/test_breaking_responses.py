"""The response rules grade some changes below their declared level; fixture marks check only
the rule and the line, so the level each marked line gets is checked here."""

from __future__ import annotations

import pytest

from apilint.config import Config
from apilint.diff.runner import run_diff
from apilint.documents.workspace import LoadOptions
from apilint.registry import LEVEL_NAMES
from tests.conftest import FIXTURES

_CASES = FIXTURES / "openapi"

# (rule id, case): the level of the finding on each line, in the old version for a removal.
GRADED = {
    ("response-status-removed", "fail-openapi3"): {7: "breaking", 8: "breaking", 9: "dangerous", 10: "dangerous"},
    ("response-header-removed", "fail-openapi3"): {10: "breaking", 11: "dangerous"},
    ("response-property-removed", "fail-shared-component"): {27: "breaking", 28: "dangerous"},
    ("response-header-type-changed", "fail-openapi3"): {10: "breaking", 11: "breaking", 12: "non-breaking"},
    (
        "response-property-type-changed",
        "fail-graded",
    ): {
        14: "breaking",  # integer -> number: widened
        15: "breaking",  # string -> object: another type
        16: "non-breaking",  # number -> integer: narrowed
        17: "breaking",  # int32 -> int64
        18: "non-breaking",  # int64 -> int32
        19: "non-breaking",  # a format added
        20: "breaking",  # date -> date-time
        21: "breaking",  # a format dropped
        22: "breaking",  # items: string -> integer
    },
}


@pytest.mark.parametrize(("rule_id", "case"), GRADED, ids=lambda value: value)
def test_each_change_gets_its_level(rule_id: str, case: str) -> None:
    folder = _CASES / rule_id / case
    result = run_diff([folder / "old.yaml"], [folder / "new.yaml"], Config(), LoadOptions(), select=[rule_id])
    levels = {
        finding.location.line: LEVEL_NAMES[finding.severity.label]
        for finding in result.findings
        if finding.rule_id == rule_id
    }
    assert levels == GRADED[rule_id, case]
