"""Loads the HTML report in headless Chromium to check that it renders and its filter script works."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from apilint.finding import Finding, Location, Severity
from apilint.reporters import ReportContext, RuleInfo, html

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

RULES = {
    "operation-id-unique": RuleInfo(
        "operation-id-unique", "error", "openapi", "operationIds must be unique",
        "## What it does\nFlags a duplicate `operationId`.\n\n## Example\n    get: {operationId: a}",
    ),
    "path-params-defined": RuleInfo(
        "path-params-defined", "warning", "openapi", "Path parameters must be declared", "## What it does\nChecks."
    ),
}

MESSAGES = {
    "error": "operationId listUsers is used twice",
    "warning": "Path parameter {id} is not declared",
    "info": "Consider sorting tags <alphabetically>",
}


@pytest.fixture(scope="module")
def chromium() -> str:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("chromium is not installed")
    return executable


@pytest.fixture
def report_url(tmp_path: Path) -> str:
    severities = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
    findings = [
        Finding(
            "operation-id-unique" if label == "error" else "path-params-defined",
            severities[label],
            message,
            location=Location("spec.yaml", line, 3, line, 9, f"/paths/{line}"),
        )
        for line, (label, message) in enumerate(MESSAGES.items(), start=2)
    ]
    context = ReportContext("1.0.0", RULES, files=["spec.yaml"], source_line=lambda path, line: f"line {line}: x")
    report = tmp_path / "report.html"
    report.write_text(html.render(findings, context), encoding="utf-8")
    return report.as_uri()


def dump_dom(chromium: str, url: str, profile: Path) -> str:
    completed = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return completed.stdout


class _DomSummary(HTMLParser):
    """Collects what the tests look at: <body> attributes, finding cards, and elements by id."""

    def __init__(self) -> None:
        super().__init__()
        self.body: dict[str, str | None] = {}
        self.cards: list[dict[str, str | None]] = []
        self.by_id: dict[str, dict[str, str | None]] = {}
        self.first_text: dict[str, str] = {}  # id -> the text right after that element's start tag
        self._open_id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "body":
            self.body = attributes
        if tag == "article" and "card" in (attributes.get("class") or "").split():
            self.cards.append(attributes)
        if "id" in attributes:
            self.by_id[attributes["id"] or ""] = attributes
            self._open_id = attributes["id"]

    def handle_data(self, data: str) -> None:
        if self._open_id is not None:
            self.first_text[self._open_id] = data
            self._open_id = None


def summarise(dom: str) -> _DomSummary:
    summary = _DomSummary()
    summary.feed(dom)
    return summary


def visible_severities(summary: _DomSummary) -> list[str | None]:
    return [card["data-severity"] for card in summary.cards if "hidden" not in card]


def test_report_renders_every_finding_and_initialises_filters(chromium: str, report_url: str, tmp_path: Path):
    dom = dump_dom(chromium, report_url, tmp_path / "profile")
    summary = summarise(dom)

    assert summary.body.get("data-ready") == "true"
    assert "hidden" not in summary.by_id["filters"]
    assert summary.first_text["shown-count"] == "3"
    assert visible_severities(summary) == ["error", "warning", "info"]
    for message in ("operationId listUsers is used twice", "Path parameter {id} is not declared",
                    "Consider sorting tags &lt;alphabetically&gt;"):
        assert message in dom


def test_filters_from_the_url_fragment_hide_other_findings(chromium: str, report_url: str, tmp_path: Path):
    dom = dump_dom(chromium, report_url + "#severity=warning,info&q=sorting", tmp_path / "profile")
    summary = summarise(dom)

    assert summary.body.get("data-ready") == "true"
    assert visible_severities(summary) == ["info"]
    assert summary.first_text["shown-count"] == "1"
    assert "hidden" in summary.by_id["no-match"]


def test_rule_filter_with_no_matches_shows_the_empty_notice(chromium: str, report_url: str, tmp_path: Path):
    dom = dump_dom(chromium, report_url + "#severity=info&rule=operation-id-unique", tmp_path / "profile")
    summary = summarise(dom)

    assert visible_severities(summary) == []
    assert "hidden" not in summary.by_id["no-match"]
