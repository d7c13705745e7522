"""What the pagination findings say: a list whose response pages is told apart from one that
does not page at all (issue 8); fixtures check only where findings are."""

from __future__ import annotations

from apilint.config import Config
from apilint.documents.workspace import LoadOptions
from apilint.runner import run_check
from tests.conftest import FIXTURES


def test_a_response_that_pages_is_not_called_unpaginated() -> None:
    spec = FIXTURES / "openapi" / "collection-paginated" / "fail-response-pages.yaml"
    result = run_check([spec], Config(), LoadOptions(), select=["collection-paginated"])
    messages = sorted(finding.message for finding in result.findings)
    assert messages == [
        "GET /messages: the response pages (`next_page_token`) but the request documents no paging parameters",
        "GET /payments returns a list with a total (`total_count`) but documents no paging parameters",
        "GET /transfers: the response pages (`hasNext`) but the request documents no paging parameters",
        "GET /uploads: the response pages (`more`) but the request documents no paging parameters",
    ]


def test_a_page_size_written_as_a_string_is_told_it_cannot_have_a_maximum() -> None:
    spec = FIXTURES / "openapi" / "limit-has-maximum" / "fail-page-sizes-it-missed.yaml"
    result = run_check([spec], Config(), LoadOptions(), select=["limit-has-maximum"])
    strings = sorted(finding.message for finding in result.findings if "is a string" in finding.message)
    assert strings == [
        "page size `count` is a string, so it cannot declare a maximum (GET /agents)",
        "page size `listOptions.limit` is a string, so it cannot declare a maximum (GET /workflows)",
    ]


def test_a_page_size_bounded_only_in_prose_is_told_to_declare_that_bound() -> None:
    spec = FIXTURES / "openapi" / "limit-has-maximum" / "fail-bound-only-in-prose.yaml"
    result = run_check([spec], Config(), LoadOptions(), select=["limit-has-maximum"])
    said = sorted((finding.message, finding.suggestion) for finding in result.findings)
    assert [message for message, _ in said] == [
        "page size `count` is a string, so it cannot declare a maximum (its description states 40) (GET /shelves)",
        "page size `limit` states its maximum (1000) only in its description (POST /loans/search)",
        "page size `page_size` states its maximum (500) only in its description (GET /books)",
        "page size `per_page` states its maximum (50) only in its description (GET /authors)",
    ]
    assert said[0][1].startswith("make it an integer with `maximum: 40`")
    assert said[2][1].startswith("add `maximum: 500` to its schema")


def test_a_proto_int64_page_size_is_told_to_be_int32_not_an_integer() -> None:
    spec = FIXTURES / "openapi" / "limit-has-maximum" / "fail-page-sizes-it-missed.yaml"
    result = run_check([spec], Config(), LoadOptions(), select=["limit-has-maximum"])
    suggestions = {f.message.split("`")[1]: f.suggestion for f in result.findings if "is a string" in f.message}
    assert suggestions["listOptions.limit"].startswith("declare the page size `int32` in the proto")
    assert suggestions["count"].startswith("make it an integer with `maximum` (e.g. 100)")
