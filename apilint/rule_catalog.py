"""`apilint rules`: the rule registry as a text list, JSON, the README's Markdown table, or the
Markdown page docs/rules.md.

The rule modules' docstrings stay the single source: docs/rules.md is generated from them
(tests/test_readme.py keeps the committed page current) and has one `## rule-id` section per
rule, which SARIF `helpUri` and the JSON listing's `help_uri` link to.
"""

from __future__ import annotations

import json

from apilint.registry import LINT, Option, Rule

INFORMATION_URI = "https://github.com/apilint/apilint"
RULES_PAGE = "docs/rules.md"
LISTING_VERSION = 1  # of the JSON listing; changes only on incompatible changes


def help_uri(rule_id: str, version: str) -> str:
    """The rule's section of the rules page at this release's tag, so the docs match the code that ran."""
    return f"{INFORMATION_URI}/blob/v{version}/{RULES_PAGE}#{rule_id}"


def render(listing_format: str, rules: list[Rule], version: str) -> str:
    renderers = {"text": _text, "json": _json, "markdown": _markdown_table, "markdown-docs": _docs_page}
    return renderers[listing_format](rules, version)


def _text(rules: list[Rule], version: str) -> str:
    width = max((len(rule.id) for rule in rules), default=10)
    rows = (f"{rule.id:<{width}}  {rule.level:<12}  {rule.format:<7}  {rule.summary}\n" for rule in rules)
    return "".join(rows)


def _json(rules: list[Rule], version: str) -> str:
    listing = {
        "version": LISTING_VERSION,
        "tool": {"name": "apilint", "version": version},
        "rules": [
            {
                "id": rule.id,
                "default_severity": rule.level,
                "kind": rule.kind,
                "format": rule.format,
                "summary": rule.summary,
                "aliases": list(rule.aliases),
                "options": {
                    name: {"default": option.default, "choices": list(option.choices)}
                    for name, option in rule.options.items()
                },
                "docs": rule.docs,
                "help_uri": help_uri(rule.id, version),
            }
            for rule in rules
        ],
    }
    return json.dumps(listing, indent=2, ensure_ascii=False) + "\n"


def _markdown_table(rules: list[Rule], version: str) -> str:
    """The lint rules (and the findings apilint reports itself), then the breaking changes `diff` reports."""
    lint = [rule for rule in rules if rule.kind == LINT]
    breaking = [rule for rule in rules if rule.kind != LINT]
    tables = []
    if lint:
        rows = "".join(f"| `{rule.id}` | {rule.level} | {rule.format} | {rule.summary} |\n" for rule in lint)
        tables.append("| rule | default | format | what it checks |\n|---|---|---|---|\n" + rows)
    if breaking:
        rows = "".join(f"| `{rule.id}` | {rule.level} | {rule.format} | {rule.summary} |\n" for rule in breaking)
        tables.append("| change (`apilint diff`) | level | format | what changed |\n|---|---|---|---|\n" + rows)
    return "\n".join(tables)


_PAGE_INTRO = """\
# Rules

Every apilint rule, with its full documentation. Generated from the rule modules by
`apilint rules --format markdown-docs > docs/rules.md`: edit the rule's docstring, not this page.
`apilint explain RULE` prints the same text; SARIF reports link each rule to its section here.
"""


def _docs_page(rules: list[Rule], version: str) -> str:
    """Independent of the version, so the committed page changes only when a rule does."""
    sections = [_PAGE_INTRO]
    for rule in rules:
        what = "Level (`apilint diff`)" if rule.kind != LINT else "Default severity"
        facts = f"{what}: **{rule.level}** · format: {rule.format}"
        if rule.aliases:
            facts += " · formerly " + ", ".join(f"`{alias}`" for alias in rule.aliases)
        if rule.options:
            defaults = ", ".join(f"`{name}` ({_option_text(option)})" for name, option in rule.options.items())
            facts += f"\n\nOptions: {defaults}"
        sections.append(f"## {rule.id}\n\n{facts}\n\n{_nest_headings(rule.docs)}\n")
    return "\n".join(sections)


def _nest_headings(markdown: str) -> str:
    """One level down, so a rule's own sections (## What it does, ...) sit under its ## rule-id heading."""
    lines, in_fence = [], False
    for line in markdown.splitlines():
        if line.startswith(("```", "~~~")):
            in_fence = not in_fence
        lines.append("#" + line if line.startswith("#") and not in_fence else line)
    return "\n".join(lines)


def _option_text(option: Option) -> str:
    text = f"default `{json.dumps(option.default)}`"
    return text + (f"; one of {', '.join(f'`{choice}`' for choice in option.choices)}" if option.choices else "")
