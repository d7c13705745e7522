"""A single self-contained HTML report (inline CSS and JS, no network) with filters, snippets and rule docs.

Files that could not be checked head the page, so it never reads as a clean run when one failed."""

from __future__ import annotations

import functools
import html
import inspect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterator

import jinja2
from markupsafe import Markup

from apilint.errors import InputError
from apilint.finding import Finding, Location, Severity
from apilint.reporters import ReportContext, RuleInfo

CONTEXT_LINES = 2
SEVERITY_LABELS = tuple(severity.label for severity in sorted(Severity, reverse=True))


@dataclass(frozen=True)
class SnippetLine:
    number: int
    before: str
    marked: str  # the finding's span on its own line; empty elsewhere
    after: str
    is_target: bool


@dataclass(frozen=True)
class Card:
    finding: Finding
    location: Location
    snippet: list[SnippetLine]
    search_text: str


@dataclass(frozen=True)
class RuleRow:
    id: str
    severity: Severity  # the worst severity any of its findings has in this report
    summary: str
    count: int


def render(findings: list[Finding], context: ReportContext) -> str:
    reported = [finding for finding in findings if not finding.suppressed]
    suppressed = [finding for finding in findings if finding.suppressed]
    cards = [_card(finding, context.source_line) for finding in reported]
    return _template().render(
        version=context.tool_version,
        files=context.files,
        severity_labels=SEVERITY_LABELS,
        # Shown names: severities, or a breaking change's levels. CSS classes and filter values
        # stay the severity labels.
        level_name={label: context.levels.get(label, label) for label in SEVERITY_LABELS},
        level_heading="Level" if context.levels else "Severity",
        severity_counts=Counter(finding.severity.label for finding in reported),
        rule_rows=_rule_rows(reported, context.rules),
        groups=_group_by_path(cards),
        suppressed=suppressed,
        rules=context.rules,
        docs=_rule_docs(reported, context.rules),
        errors=[(_error_place(error), error.message) for error in context.errors],
        unchecked=len({error.path for error in context.errors}),
    )


def _error_place(error: InputError) -> str:
    """`path:line:column`, as far as they are known."""
    return ":".join(str(part) for part in (error.path, error.line, error.column) if part is not None)


def _rule_docs(findings: list[Finding], rules: dict[str, RuleInfo]) -> dict[str, Markup]:
    """Docs as HTML, converted once per rule however many cards repeat them."""
    rule_ids = {finding.rule_id for finding in findings if finding.rule_id in rules}
    return {rule_id: markdown_to_html(rules[rule_id].docs) for rule_id in rule_ids}


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("apilint.reporters", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["inline_markdown"] = inline_markdown
    return environment.get_template("report.html.j2")


def _card(finding: Finding, source_line: Callable[[str, int], str]) -> Card:
    location = finding.location
    assert location is not None, "reporters receive located findings"
    searchable = (finding.rule_id, finding.message, finding.suggestion or "", location.path, location.pointer)
    return Card(finding, location, _snippet(location, source_line), " ".join(searchable).lower())


def _snippet(location: Location, source_line: Callable[[str, int], str]) -> list[SnippetLine]:
    first = max(1, location.line - CONTEXT_LINES)
    numbered = [
        (number, source_line(location.path, number).rstrip("\r\n"))
        for number in range(first, location.line + CONTEXT_LINES + 1)
    ]
    if not any(text for _, text in numbered):
        return []
    # source_line gives "" past the end of the file; don't pad the snippet with those.
    while numbered[-1][0] > location.line and not numbered[-1][1]:
        numbered.pop()
    return [_snippet_line(number, text, location) for number, text in numbered]


def _snippet_line(number: int, text: str, location: Location) -> SnippetLine:
    if number != location.line:
        return SnippetLine(number, text, "", "", is_target=False)
    start = location.column - 1
    end = location.end_column - 1 if location.end_line == location.line else len(text)
    end = max(start, end)
    return SnippetLine(number, text[:start], text[start:end], text[end:], is_target=True)


def _rule_rows(findings: list[Finding], rules: dict[str, RuleInfo]) -> list[RuleRow]:
    counts = Counter(finding.rule_id for finding in findings)
    worst: dict[str, Severity] = {}
    for finding in findings:
        worst[finding.rule_id] = max(worst.get(finding.rule_id, finding.severity), finding.severity)
    rows = [
        RuleRow(rule_id, worst[rule_id], rules[rule_id].summary if rule_id in rules else "", count)
        for rule_id, count in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row.severity, -row.count, row.id))


def _group_by_path(cards: list[Card]) -> list[tuple[str, list[Card]]]:
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(card.location.path, []).append(card)
    return list(groups.items())


# --- Markdown: the small subset rule docs use. Every piece of source text goes through html.escape.

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def markdown_to_html(text: str) -> Markup:
    """Headings, paragraphs, bullet lists, fenced and indented code, inline `code`; nothing else."""
    return Markup("\n".join(_blocks(inspect.cleandoc(text).splitlines())))


def _blocks(lines: list[str]) -> Iterator[str]:
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        if _HEADING.match(line):
            block, index = _heading(lines, index)
        elif _FENCE.match(line):
            block, index = _fenced_code(lines, index)
        elif _is_indented(line):
            block, index = _indented_code(lines, index)
        elif _LIST_ITEM.match(line):
            block, index = _bullet_list(lines, index)
        else:
            block, index = _paragraph(lines, index)
        yield block


def _heading(lines: list[str], index: int) -> tuple[str, int]:
    marks, text = _HEADING.match(lines[index]).groups()  # type: ignore[union-attr]
    # Docs start at "##"; inside a finding card that is a fourth-level heading.
    level = min(6, len(marks) + 2)
    return f"<h{level}>{_inline(text)}</h{level}>", index + 1


def _is_indented(line: str) -> bool:
    return line.startswith(("    ", "\t"))


def _code_block(code_lines: list[str]) -> str:
    return f"<pre><code>{html.escape(chr(10).join(code_lines))}</code></pre>"


def _fenced_code(lines: list[str], index: int) -> tuple[str, int]:
    fence = _FENCE.match(lines[index]).group(1)  # type: ignore[union-attr]
    end = index + 1
    while end < len(lines) and not lines[end].strip().startswith(fence):
        end += 1
    return _code_block(lines[index + 1 : end]), end + 1


def _indented_code(lines: list[str], index: int) -> tuple[str, int]:
    end = index
    # Blank lines belong to the block only when more indented code follows them.
    while end < len(lines) and (_is_indented(lines[end]) or not lines[end].strip()):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    code = [line[1:] if line.startswith("\t") else line[4:] for line in lines[index:end]]
    return _code_block(code), end


def _bullet_list(lines: list[str], index: int) -> tuple[str, int]:
    items: list[str] = []
    while index < len(lines) and lines[index].strip():
        item = _LIST_ITEM.match(lines[index])
        if item:
            items.append(item.group(1))
        else:  # a wrapped item continues on the next line
            items[-1] += " " + lines[index].strip()
        index += 1
    return "<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + "</ul>", index


def _paragraph(lines: list[str], index: int) -> tuple[str, int]:
    end = index + 1
    while end < len(lines) and lines[end].strip() and not _starts_block(lines[end]):
        end += 1
    text = " ".join(line.strip() for line in lines[index:end])
    return f"<p>{_inline(text)}</p>", end


def _starts_block(line: str) -> bool:
    return bool(_HEADING.match(line) or _FENCE.match(line) or _LIST_ITEM.match(line))


def inline_markdown(text: str) -> Markup:
    """One line of Markdown (a rule summary): escaped, with `code` spans."""
    return Markup(_inline(text))


def _inline(text: str) -> str:
    parts, position = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts.append(html.escape(text[position : span.start()]))
        parts.append(f"<code>{html.escape(span.group(2).strip())}</code>")
        position = span.end()
    parts.append(html.escape(text[position:]))
    return "".join(parts)
