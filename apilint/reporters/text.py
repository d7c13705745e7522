"""Human-readable output: `path:line:col: severity rule-id message`, grouped by file, then a
summary. Quiet (--quiet): the finding lines (each with its suggestion) and nothing else.

It goes to a terminal, so text from the spec (paths, messages, suggestions) shows its control
characters as escapes: a path key holding `\\x1b[2J` must not clear the user's screen."""

from __future__ import annotations

from apilint.finding import Finding
from apilint.reporters import ReportContext, visible

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(findings: list[Finding], context: ReportContext) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if context.color else text

    lines: list[str] = []
    reported = [finding for finding in findings if not finding.suppressed]
    current_path = None
    for finding in reported:
        location = finding.location
        assert location is not None
        path = visible(location.path)
        if location.path != current_path and not context.quiet:
            if current_path is not None:
                lines.append("")
            lines.append(paint(path, _BOLD))
            current_path = location.path
        severity = finding.severity.label
        line = (
            f"{path}:{location.line}:{location.column}: "
            f"{paint(context.level(finding), _COLORS[severity])} {paint(finding.rule_id, _DIM)} {visible(finding.message)}"
        )
        lines.append(line)
        if finding.suggestion:
            lines.append(f"    suggestion: {visible(finding.suggestion)}")
        for related, label in finding.related_locations:
            lines.append(f"    related: {visible(related.path)}:{related.line}:{related.column} {visible(label)}")
    if context.quiet:
        return "".join(line + "\n" for line in lines)
    suppressed = len(findings) - len(reported)
    if reported:
        lines.append("")
    summary = context.counted(reported)
    checked = len(context.files)
    tail = f" in {checked} file{'s' if checked != 1 else ''}"
    if suppressed:
        tail += f" ({suppressed} suppressed)"
    unchecked = len({error.path for error in context.errors})
    if unchecked:  # the errors themselves are on stderr; the summary must not read as a clean run
        tail += f"; {unchecked} file{'s' if unchecked != 1 else ''} could not be checked"
    lines.append(f"{len(reported)} finding{'s' if len(reported) != 1 else ''} ({summary}){tail}")
    return "\n".join(lines) + "\n"
