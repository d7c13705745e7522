"""What the protobuf design rules say and how sure they are: the fixtures check where each
finding is, these check its severity, and the names it proposes."""

from __future__ import annotations

from pathlib import Path

from apilint.config import Config
from apilint.documents.workspace import LoadOptions
from apilint.finding import Finding, Severity
from apilint.runner import run_check


def _findings(tmp_path: Path, text: str, rule_id: str) -> dict[int, Finding]:
    """line -> `rule_id`'s finding on a file made of `text`."""
    path = tmp_path / "api.proto"
    path.write_text('syntax = "proto3";\npackage acme.orders.v1;\n' + text)
    result = run_check([path], Config(), LoadOptions(), select=[rule_id])
    assert not result.errors, result.errors
    return {finding.location.line: finding for finding in result.findings}


def test_enum_zero_value_that_is_a_real_state_warns_and_any_other_real_value_is_info(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        "enum OrderState {\n  ACTIVE = 0;\n  CLOSED = 1;\n}\nenum Precision {\n  PRECISE = 0;\n  FAST = 1;\n}\n",
        "proto-enum-zero-unspecified",
    )
    # AIP-216 asks every state enum for STATE_UNSPECIFIED; AIP-126 allows other enums a useful zero value.
    assert found[4].severity == Severity.WARNING
    assert found[4].suggestion.startswith("ORDER_STATE_UNSPECIFIED = 0;")
    assert found[8].severity == Severity.INFO


def test_naming_proposes_the_name_in_the_right_case_keeping_the_authors_word_breaks(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        "message order_line {\n  string I_pv4_range = 1;\n  string productId = 2;\n}\n"
        "enum Color {\n  COLOR_UNSPECIFIED = 0;\n  dark_red = 1;\n  lightBlue = 2;\n}\n",
        "proto-naming",
    )
    assert found[3].suggestion == "OrderLine"
    assert found[4].suggestion == "i_pv4_range"
    assert found[5].suggestion == "product_id"
    assert found[9].message.startswith("enum value Color.dark_red (and 1 more of its values) is not UPPER_SNAKE_CASE")
    assert found[9].suggestion == "DARK_RED"
    assert set(found) == {3, 4, 5, 9}


def test_field_number_gap_names_every_number_free_in_the_message(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        "message Order {\n  string a = 1;\n  string b = 3;\n  string c = 4;\n  string d = 7;\n}\n",
        "proto-field-number-reserved",
    )
    (finding,) = found.values()
    assert finding.location.line == 5  # the first field after the first gap
    assert finding.message.startswith("message Order skips field numbers 2, 5, 6 without reserving them")


def test_a_shared_response_is_info_and_a_request_of_empty_a_warning(tmp_path: Path) -> None:
    found = _findings(
        tmp_path,
        'import "google/protobuf/empty.proto";\n'
        "service Search {\n"
        "  rpc Ping(google.protobuf.Empty) returns (PingResponse);\n"
        "  rpc SearchBooks(SearchBooksRequest) returns (SearchBooksResponse);\n"
        "  rpc SuggestBooks(SuggestBooksRequest) returns (SearchBooksResponse);\n"
        "}\n"
        "message PingResponse {}\nmessage SearchBooksRequest {}\nmessage SuggestBooksRequest {}\n"
        "message SearchBooksResponse {}\n",
        "proto-rpc-request-response-unique",
    )
    # Nothing can ever be added to an Empty request; two RPCs returning one result are often
    # that on purpose (Spanner's PartitionQuery and PartitionRead), so that finding is info.
    assert {line: finding.severity for line, finding in found.items()} == {5: Severity.WARNING, 7: Severity.INFO}


def test_a_service_that_never_declares_an_idempotency_level_is_one_info_finding(tmp_path: Path) -> None:
    reads = "".join(f"  rpc Get{n}(Get{n}Request) returns (Get{n}Request);\n" for n in ("A", "B", "C", "D", "E"))
    messages = "".join(f"message Get{n}Request {{}}\n" for n in ("A", "B", "C", "D", "E"))
    found = _findings(tmp_path, f"service Things {{\n{reads}}}\n{messages}", "proto-idempotency-level")
    [finding] = found.values()
    assert finding.severity == Severity.INFO and finding.location.line == 3
    assert "its reads (GetA, GetB, GetC and 2 others)" in finding.message
