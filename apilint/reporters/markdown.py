"""Markdown to paste into a release note, a PR comment or a CI job summary ($GITHUB_STEP_SUMMARY).

For `apilint diff` it is a changelog: a title with the counts by level, then the changes grouped
by the operations they concern, the groups with breaking changes first; changes that concern
no operation (a path or a server removed, the version note) go under "API-wide". For `check`
the findings are grouped by file. Suppressed findings follow in a collapsed section with their
reasons, and files that could not be checked are listed first, so a partial run never reads as clean.

Text from the spec (messages quote path keys, property names, descriptions) is escaped: it must
show as written, not turn into emphasis, links, HTML, math, @-mentions or a list of its own (a
bare URL still shows as a link to itself, as GitHub makes of any).
"""

from __future__ import annotations

import re

from apilint.errors import InputError
from apilint.finding import Finding, operations_phrase
from apilint.reporters import ReportContext, visible

API_WIDE = "API-wide"
# What CommonMark and GitHub act on inside a line: emphasis, code, links and images, HTML and
# entities, tables, strikethrough, headings, math ($), and the backslash itself. An `_` between
# letters or digits emphasises nothing (`client_id`), so it stays as written.
_ACTIVE = re.compile(r"[\\`*\[\]<>&|~#!$]|(?<![^\W_])_|_(?![^\W_])")
# At the start of a list item's text, `-`, `+`, `1.` or `1)` would start a list inside it.
_LIST_MARKER = re.compile(r"^(\d*)([-+.)])")
# GitHub turns `@name` into a mention that notifies that user (JSON-LD's `@type`, `@id`); a word
# joiner after the `@` keeps the text as it reads and notifies no one.
_MENTION = re.compile(r"@(?=\w)")


def render(findings: list[Finding], context: ReportContext) -> str:
    reported = [finding for finding in findings if not finding.suppressed]
    suppressed = [finding for finding in findings if finding.suppressed]
    lines = [_title(reported, suppressed, context), ""]
    if context.errors:
        lines += _errors(context.errors, "changes" if context.levels else "findings")
    if context.levels:
        groups = _by_operation(reported)
    else:
        groups = [(_code(path), group) for path, group in _by_file(reported).items()]
    for heading, group in groups:
        lines += [f"### {heading}", ""]
        lines += [_item(finding, context) for finding in group]
        lines.append("")
    if suppressed:
        lines += _suppressed(suppressed, context)
    return "\n".join(lines).rstrip("\n") + "\n"


def escape(text: str) -> str:
    """`text` as literal Markdown on one line: control characters as escapes (a line break would
    end the list item), active characters backslash-escaped, no @-mentions."""
    escaped = _ACTIVE.sub(lambda match: "\\" + match.group(), visible(text))
    return _MENTION.sub("@\u2060", _LIST_MARKER.sub(r"\1\\\2", escaped))


def _title(reported: list[Finding], suppressed: list[Finding], context: ReportContext) -> str:
    counted = context.counted(reported)
    nothing = "none" if context.levels else "no findings"
    title = f"{'API changes' if context.levels else 'apilint'}: {counted if reported or context.errors else nothing}"
    if suppressed:
        title += f" ({len(suppressed)} suppressed)"
    unreadable = len({error.path for error in context.errors})
    if unreadable:
        title += f"; {unreadable} file{'s' * (unreadable != 1)} could not be checked"
    return f"## {title}"


def _errors(errors: list[InputError], missing: str) -> list[str]:
    lines = ["### Could not be checked", "", f"Their {missing} are missing from this report.", ""]
    for error in errors:
        place = ":".join(str(part) for part in (error.path, error.line, error.column) if part is not None)
        lines.append(f"- {_code(place)} {escape(error.message)}")
    return [*lines, ""]


def _by_operation(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """(heading, findings) per set of operations, the groups with the worst findings first, each
    group's findings worst first; API-wide changes first among equals."""
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.subjects, []).append(finding)
    ordered = sorted(groups.items(), key=lambda item: (-max(f.severity for f in item[1]), bool(item[0]), item[0]))
    return [
        (", ".join(map(_code, subjects)) if subjects else API_WIDE, sorted(group, key=lambda f: -f.severity))
        for subjects, group in ordered
    ]


def _by_file(findings: list[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        assert finding.location is not None, "reporters receive located findings"
        groups.setdefault(finding.location.path, []).append(finding)
    return groups


def _item(finding: Finding, context: ReportContext) -> str:
    """`- **level** message (`rule-id`)`; in a check report the line too, and the suggestion."""
    location = finding.location
    assert location is not None, "reporters receive located findings"
    where = f", line {location.line}" if not context.levels else ""
    # Under its operations' heading, a change need not name them again.
    message = finding.message.removesuffix(f" ({operations_phrase(finding.subjects)})")
    line = f"- **{context.level(finding)}** {escape(message)} ({_code(finding.rule_id)}{where})"
    if finding.suggestion:
        line += f"<br>Suggestion: {escape(finding.suggestion)}"
    return line


def _suppressed(findings: list[Finding], context: ReportContext) -> list[str]:
    # GitHub renders Markdown inside <details> only after a blank line.
    lines = ["<details>", f"<summary>Suppressed ({len(findings)})</summary>", ""]
    for finding in findings:
        reason = finding.suppressed_reason or "(no reason given)"
        lines.append(f"{_item(finding, context)}: {escape(reason)}")
    return [*lines, "", "</details>"]


def _code(text: str) -> str:
    """A code span that shows `text` as it is, whatever backticks it holds."""
    text = visible(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"
