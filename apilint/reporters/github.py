"""GitHub Actions workflow commands (`::error file=...::message`), which show as annotations on the PR diff."""

from __future__ import annotations

from apilint.errors import InputError
from apilint.finding import Finding
from apilint.reporters import ReportContext, message_with_suggestion, related_lines, to_posix, visible

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(findings: list[Finding], context: ReportContext) -> str:
    lines = [_error_command(error) for error in context.errors]
    lines += [_command(finding, context) for finding in findings if not finding.suppressed]
    return "".join(line + "\n" for line in lines)


def _error_command(error: InputError) -> str:
    """A file that could not be checked: an error annotation on it, at the line when known."""
    return _workflow_command("error", error.path, error.message, line=error.line, col=error.column)


def _command(finding: Finding, context: ReportContext) -> str:
    """An annotation of the finding's severity; its title names a breaking change's level, which
    the three annotation kinds cannot."""
    location = finding.location
    assert location is not None, "reporters receive located findings"
    return _workflow_command(
        _COMMANDS[finding.severity.label],
        location.path,
        message_with_suggestion(finding) + related_lines(finding),
        line=location.line,
        col=location.column,
        endLine=location.end_line,
        endColumn=location.end_column,
        title=f"{context.level(finding)}: {finding.rule_id}" if context.levels else finding.rule_id,
    )


def _workflow_command(command: str, path: str, message: str, **properties: object) -> str:
    """`::command file=path,name=value,...::message`, leaving out the properties that are None."""
    values = {"file": to_posix(path), **properties}
    joined = ",".join(f"{name}={escape_property(str(value))}" for name, value in values.items() if value is not None)
    return f"::{command} {joined}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """Escape a command's message, as the Actions runner's `escapeData` does. Line breaks stay line
    breaks in the annotation; other control characters show as escapes (`\\x1b`), since the job
    log that echoes the command renders ANSI sequences."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a property value; `:` and `,` would otherwise end the value early."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
