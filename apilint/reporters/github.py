"""GitHub Actions workflow commands (`::error file=...::message`), which show as annotations on the PR diff."""

from __future__ import annotations

from apilint.finding import Finding
from apilint.reporters import ReportContext, message_with_suggestion, visible

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(findings: list[Finding], context: ReportContext) -> str:
    lines = [_command(finding) for finding in findings if not finding.suppressed]
    return "".join(line + "\n" for line in lines)


def _command(finding: Finding) -> str:
    location = finding.location
    assert location is not None, "reporters receive located findings"
    properties = {
        "file": location.path.replace("\\", "/"),
        "line": location.line,
        "col": location.column,
        "endLine": location.end_line,
        "endColumn": location.end_column,
        "title": finding.rule_id,
    }
    joined = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items())
    return f"::{_COMMANDS[finding.severity.label]} {joined}::{escape_data(message_with_suggestion(finding))}"


def escape_data(text: str) -> str:
    """Escape a command's message, as the Actions runner's `escapeData` does. Line breaks stay line
    breaks in the annotation; other control characters show as escapes (`\\x1b`), since the job
    log that echoes the command renders ANSI sequences."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a property value; `:` and `,` would otherwise end the value early."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
