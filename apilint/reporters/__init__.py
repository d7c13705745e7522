"""Reporters turn a list of findings into text. They know nothing about formats or rules' code.

Each reporter module exposes `render(findings, context) -> str`. Findings arrive sorted
and already located (`finding.location` is set); suppressed findings are included with
`finding.suppressed_reason` set, so reports can show why something is not counted.
"""

from __future__ import annotations

import importlib
import os
import re
from collections import Counter
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
    "markdown": "markdown",
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
    quiet: bool = False  # --quiet: findings only, no headings or summary (the text format)
    # Input errors of the run (a file that could not be read or parsed): each report shows them,
    # so a CI log or dashboard never reads "0 findings" where a file was not checked.
    errors: list[InputError] = field(default_factory=list)
    # False when a file could not be checked or a rule crashed (an `internal-error` finding): exit 2.
    complete: bool = True
    # How severities are named: as they are (error, warning, info), or for breaking changes by
    # their level ({"error": "breaking", ...}).
    levels: dict[str, str] = field(default_factory=dict)

    def level(self, finding: Finding) -> str:
        """The finding's severity as this report names it."""
        label = finding.severity.label
        return self.levels.get(label, label)

    @property
    def level_names(self) -> tuple[str, ...]:
        """Every severity's name, worst first."""
        return tuple(self.levels.get(label, label) for label in ("error", "warning", "info"))

    def counted(self, findings: list[Finding]) -> str:
        """How many findings of each severity: "1 error, 0 warnings, 2 infos", or for breaking
        changes "1 breaking, 0 dangerous, 2 non-breaking" (levels are adjectives, severities nouns)."""
        counts = Counter(self.level(finding) for finding in findings)
        plural = "" if self.levels else "s"
        return ", ".join(f"{counts[name]} {name}{plural * (counts[name] != 1)}" for name in self.level_names)


# Characters that act on a terminal instead of showing: C0/C1 controls (ESC starts colour, cursor
# and screen-clearing sequences) and DEL, plus the bidi controls and line separators that reorder
# or break a line. Spec text (a path key, a description) may hold any of them.
_TERMINAL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """`text` as it may be shown on a terminal or CI log: control characters written as escapes
    (`\\x1b`, `\\n`, `\\u202e`); every other character, any script or emoji, unchanged."""
    return _TERMINAL_CONTROLS.sub(_escape, text)


def _escape(match: re.Match) -> str:
    character = match.group()
    code = ord(character)
    return _SHORT_ESCAPES.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def to_posix(path: str) -> str:
    """A display path with `/` separators. Only where `\\` separates (Windows): elsewhere it is a
    character a file name may hold, and rewriting it would point at another file."""
    return path.replace(os.sep, "/") if os.sep != "/" else path


def message_with_suggestion(finding: Finding) -> str:
    """The message, and the suggestion on a line of its own: for formats with one text field."""
    if finding.suggestion:
        return f"{finding.message}\nSuggestion: {finding.suggestion}"
    return finding.message


def related_lines(finding: Finding) -> str:
    """The related locations, a line each (`\nrelated: FILE:LINE:COL label`): for formats with one
    text field and no place of their own for them."""
    return "".join(
        f"\nrelated: {related.path}:{related.line}:{related.column} {label}"
        for related, label in finding.related_locations
    )


def render(format_name: str, findings: list[Finding], context: ReportContext) -> str:
    module = importlib.import_module(f"apilint.reporters.{REPORTERS[format_name]}")
    return module.render(findings, context)
