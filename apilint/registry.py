"""Rule declarations and lookup.

A rule is a function decorated with `@rule(...)` in a module under `rules/<format>/`.
The decorator is the whole registration: id, default severity, format and options
live next to the code, and the module docstring is the user documentation
(What it does / Why is this bad / Example / Use instead), the single source for
`apilint explain`, the README table and SARIF rule help.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from apilint.finding import Finding, Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
_RULE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    format: str
    check: Callable[..., Iterator[Finding]] | None  # None for a built-in finding (below)
    options: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    docs: str = ""

    @property
    def summary(self) -> str:
        """First sentence of "What it does"."""
        match = re.search(r"## What it does\s*\n(.+?)(?:\n\n|\n##|$)", self.docs, re.DOTALL)
        text = " ".join(match.group(1).split()) if match else ""
        sentence_end = text.find(". ")
        return text if sentence_end < 0 else text[: sentence_end + 1]


_RULES: dict[str, Rule] = {}
_ALIASES: dict[str, str] = {}


def rule(
    rule_id: str,
    *,
    severity: Severity,
    format: str,
    options: dict[str, Any] | None = None,
    aliases: tuple[str, ...] = (),
) -> Callable[[Callable[..., Iterator[Finding]]], Callable[..., Iterator[Finding]]]:
    """Register `check(document, options) -> Iterator[Finding]` as rule `rule_id`."""
    if not _RULE_ID.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} is not kebab-case")

    def register(check: Callable[..., Iterator[Finding]]) -> Callable[..., Iterator[Finding]]:
        if rule_id in _RULES:
            raise ValueError(f"rule {rule_id!r} is declared twice")
        docs = (sys.modules[check.__module__].__doc__ or "").strip()
        _RULES[rule_id] = Rule(rule_id, severity, format, check, dict(options or {}), aliases, docs)
        for alias in aliases:
            _ALIASES[alias] = rule_id
        return check

    return register


def _builtin(rule_id: str, severity: Severity, docs: str) -> str:
    _BUILTIN[rule_id] = Rule(rule_id, severity, "any", None, docs=inspect.cleandoc(docs))
    return rule_id


# Findings apilint reports about the run itself, not about an API's design: documented like
# rules (`apilint rules`, `explain`, SARIF rule help), but nothing a user selects or ignores.
_BUILTIN: dict[str, Rule] = {}
INTERNAL_ERROR = _builtin(
    "internal-error",
    ERROR,
    """
    ## What it does
    Reports a rule that crashed on a document. The finding names the rule and its error;
    the other rules' findings are kept, and the exit code is 2.

    ## Why is this bad?
    The crashed rule checked only part of the document, or none of it: its findings for
    this file may be missing. It is a bug in apilint, not in the API description.

    ## Example
        rule create-returns-201 crashed: AttributeError: 'list' object has no attribute 'get'

    ## Use instead
    Please report it with the finding's message and, if you can, the document (or a part of
    it) that makes the rule crash. Until it is fixed, `--ignore` the rule for this document.
    """,
)


def _load_rule_modules() -> None:
    import apilint.rules as package

    for module in pkgutil.walk_packages(package.__path__, prefix="apilint.rules."):
        importlib.import_module(module.name)


def all_rules() -> list[Rule]:
    if not _RULES:
        _load_rule_modules()
    return sorted(_RULES.values(), key=lambda declared: (declared.format, declared.id))


def documented_rules() -> list[Rule]:
    """The rules, then the built-in findings: everything a report may name."""
    return all_rules() + sorted(_BUILTIN.values(), key=lambda builtin: builtin.id)


def get_rule(rule_id: str) -> Rule | None:
    """A rule or built-in finding by id or alias."""
    all_rules()
    rule_id = _ALIASES.get(rule_id, rule_id)
    return _RULES.get(rule_id) or _BUILTIN.get(rule_id)


def canonical_id(rule_id: str) -> str:
    return _ALIASES.get(rule_id, rule_id)
