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


def test_no_error_body_in_2xx_names_the_flag_and_the_codes_that_should_be_statuses() -> None:
    messages = _messages("no-error-body-in-2xx/fail-rpc-ok-flag.yaml", "no-error-body-in-2xx")
    assert messages[21] == (
        "POST /notes.create: the `default` error body carries the success flag `ok` (false here) beside `error`: "
        "failures are answered like successes and told apart only by the flag; error codes that should be "
        "statuses, e.g. `not_authed` (401), `ratelimited` (429), `notebook_not_found` (404)"
    )
    assert messages[127].startswith("2 operations (e.g. POST /notes.delete): the `default` error body")
    assert messages[117] == (  # a flag allowed only false, no error field
        "POST /notes.touch: the `default` error body carries the success flag `ok` (false here): "
        "failures are answered like successes and told apart only by the flag"
    )
    assert "the success flag `ok` beside `error`, whose codes should be statuses, e.g. `not_authed` (401)" in messages[86]
    assert "the success flag `ok` beside `message`" in messages[99]  # an error-shaped `message` object


def test_no_error_body_in_2xx_reads_its_flag_with_the_right_article() -> None:
    messages = _messages("no-error-body-in-2xx/fail.yaml", "no-error-body-in-2xx")
    assert "carries the success flag `success` beside `message`" in messages[13]


def test_no_error_body_in_2xx_reports_a_shared_schema_once_naming_its_users() -> None:
    messages = _messages("no-error-body-in-2xx/fail-multifile", "no-error-body-in-2xx")
    assert sorted(messages.values()) == [
        "2 operations (e.g. POST /exports): the 202 response is described as a failure "
        "('Failure or success of queueing the job; see `state`'); a failed request should answer 4xx/5xx",
        "2 operations (e.g. PUT /labels/{name}): the 200 response carries the success flag `success` beside "
        "`error_message`; a failed request should answer 4xx/5xx",
        # GET /metrics/network uses it too, but answers failures with 401/500: not counted
        "3 operations (e.g. GET /metrics/cpu): the 200 response has the request-outcome enum `status` "
        "(success, error); a failed request should answer 4xx/5xx",
    ]


def test_rate_limit_documented_grades_by_evidence() -> None:
    def severities(fixture: str) -> list[str]:
        path = FIXTURES / "openapi" / "rate-limit-documented" / fixture
        result = run_check([path], Config(), LoadOptions(), select=["rate-limit-documented"])
        return [finding.severity.label for finding in result.findings]

    assert severities("fail-says-rate-limited.yaml") == ["warning"]  # the document says it limits rates
    assert severities("fail-unused-shared-429.yaml") == ["warning"]  # so does a shared 429 nobody lists
    assert severities("fail-no-429-anywhere.yaml") == ["info"]  # nothing says so: a reminder
    assert severities("fail-caller-limits-at-root.yaml") == ["warning"]  # a resource reports the caller's limits


def test_rate_limit_documented_names_the_coverage_and_the_shared_429() -> None:
    path = FIXTURES / "openapi" / "rate-limit-documented" / "fail-few-operations-list-429.yaml"
    (finding,) = run_check([path], Config(), LoadOptions(), select=["rate-limit-documented"]).findings
    assert finding.message == (
        "the API says it limits request rates (in the `Throttling` section) but documents a 429 Too Many Requests "
        "response on only 1 of 4 operations: clients of the others cannot tell when to back off"
    )
    assert finding.suggestion == "list `SlowDown` as the 429 response of every operation the limit applies to"


def test_create_returns_201_asks_no_location_of_a_batch_create() -> None:
    path = FIXTURES / "openapi" / "create-returns-201" / "fail-batch-create-answers-200.yaml"
    (finding,) = run_check([path], Config(), LoadOptions(), select=["create-returns-201"]).findings
    assert finding.message == "POST /attachments creates a resource but answers 200"
    assert finding.suggestion == "answer 201 Created (or 202 Accepted if creation is asynchronous)"
