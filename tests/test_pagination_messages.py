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
