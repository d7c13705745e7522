"""What post-idempotency-key says when a document shows that its API takes keys but declares no
header: one finding that names its evidence and how many operations lack the header (a fixture test
checks only where it is)."""

from __future__ import annotations

from apilint.config import Config
from apilint.documents.workspace import LoadOptions
from apilint.runner import run_check
from tests.conftest import FIXTURES


def _messages(fixture: str) -> list[str]:
    path = FIXTURES / "openapi" / "post-idempotency-key" / fixture
    result = run_check([path], Config(), LoadOptions(), select=["post-idempotency-key"])
    assert not result.errors, result.errors
    return [finding.message for finding in result.findings]


def test_one_finding_names_the_evidence_and_the_operations() -> None:
    assert _messages("fail-undeclared-support.yaml") == [
        "the API appears to support idempotency keys (enum value `key_reuse_idempotency_conflict` at "
        "#/components/schemas/Error/properties/kind) but declares no `Idempotency-Key` header: clients cannot "
        "tell how to send one to the 3 operations not safe to retry (e.g. POST /entries)"
    ]


def test_a_description_about_keys_is_evidence_and_says_where_it_is() -> None:
    (message,) = _messages("fail-undeclared-support-swagger.yaml")
    assert "(the description at #/info/description)" in message
    assert message.endswith("to the 1 operation not safe to retry (e.g. POST /shipments)")
