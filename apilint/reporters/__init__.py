"""Reporters turn a list of findings into text. They know nothing about formats or rules' code.

Each reporter module exposes `render(findings, context) -> str`. Findings arrive sorted
and already located (`finding.location` is set); suppressed findings are included with
`finding.suppressed_reason` set, so reports can show why something is not counted.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable

from apilint.errors import InputError
from apilint.finding import Finding

# format name -> module under apilint.reporters
REPORTERS = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "html": "html",
    "github": "github",
    "junit": "junit",
}


@dataclass(frozen=True)
class RuleInfo:
    """What a report needs to know about a rule (from its declaration)."""

    id: str
    severity: str  # default severity: "error" | "warning" | "info"
    format: str  # "openapi" | "graphql" | "proto"
    summary: str  # one line
    docs: str  # full Markdown documentation (What it does / Why is this bad / Example / Use instead)
    aliases: tuple[str, ...] = ()


@dataclass
class ReportContext:
    tool_version: str
    rules: dict[str, RuleInfo]
    # Files that were checked, as displayed (relative to the working directory where possible).
    files: list[str] = field(default_factory=list)
    # Source lines for snippets: (display path, 1-based line) -> text of that line ("" if unknown).
    source_line: Callable[[str, int], str] = lambda path, line: ""
    color: bool = False
    # Input errors of the run (a file that could not be read or parsed): each report shows them,
    # so a CI log or dashboard never reads "0 findings" where a file was not checked.
    errors: list[InputError] = field(default_factory=list)


def message_with_suggestion(finding: Finding) -> str:
    """The message, and the suggestion on a line of its own: for formats with one text field."""
    if finding.suggestion:
        return f"{finding.message}\nSuggestion: {finding.suggestion}"
    return finding.message


def render(format_name: str, findings: list[Finding], context: ReportContext) -> str:
    module = importlib.import_module(f"apilint.reporters.{REPORTERS[format_name]}")
    return module.render(findings, context)
