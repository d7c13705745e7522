"""What rule messages say, where the wording is the fix: a fixture test checks only where a
finding is, these check that its message names the right thing."""

from __future__ import annotations

from apilint.config import Config
from apilint.documents.workspace import LoadOptions
from apilint.runner import run_check
from tests.conftest import FIXTURES


def _messages(fixture: str, rule_id: str) -> dict[int, str]:
    """line -> message of `rule_id`'s findings on fixtures/openapi/<fixture>."""
    result = run_check([FIXTURES / "openapi" / fixture], Config(), LoadOptions(), select=[rule_id])
    assert not result.errors, result.errors
    return {finding.location.line: finding.message for finding in result.findings}


def test_version_consistent_names_the_segments_it_compares() -> None:
    messages = _messages("version-consistent/fail-v3-schemes.yaml", "version-consistent")
    assert messages == {
        8: "path /refunds uses no version where the other paths use a `v3` segment",
        10: "path /api/2.0/payouts uses a dotted-number version `2.0` where the other paths use a `v3` segment",
    }
