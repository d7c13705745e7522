"""Rule declarations and lookup.

A rule is a function decorated with `@rule(...)` in a module under `rules/<format>/`.
The decorator is the whole registration: id, default severity, format and options
live next to the code, and the module docstring is the user documentation
(What it does / Why is this bad / Example / Use instead), the single source for
`apilint explain`, the README table and SARIF rule help.

Rules are of two kinds. A lint rule (`apilint check`) reads one document. A breaking-change
rule (`apilint diff`, under `rules/<format>/breaking/`) declares the `changes` it
classifies: it reads one change the format's differ found between two versions and
says whether it breaks clients, and how. Its severity is its level: breaking (error),
dangerous (warning) or non-breaking (info), so `--fail-on` and reports work alike. A
family of them shares a module; each one's docstring is its documentation
(What changed / Why it matters / Example).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import pkgutil
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from apilint.errors import clipped, did_you_mean
from apilint.finding import Finding, Node, Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
LINT, BREAKING_CHANGE = "lint", "breaking"  # the kinds of rule
# A breaking-change rule's levels are severities, named for what they mean to clients.
BREAKING, DANGEROUS, NON_BREAKING = ERROR, WARNING, INFO
LEVEL_NAMES = {"error": "breaking", "warning": "dangerous", "info": "non-breaking"}
DOC_SECTIONS = {
    LINT: ("What it does", "Why is this bad?", "Example", "Use instead"),
    BREAKING_CHANGE: ("What changed", "Why it matters", "Example"),
}
_RULE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


_TYPE_NAMES = {bool: "true or false", int: "an integer", str: "text", list: "a list"}
_ITEM_NAMES = {str: "text", int: "integers"}


@dataclass(frozen=True)
class Option:
    """A rule option: its default, whose type (bool, int, str or list) is the type a config
    must give, and optionally the only values allowed (for a list: for its items). A list
    holds text unless `items` names other types."""

    default: Any
    choices: tuple[Any, ...] = ()
    items: tuple[type, ...] = (str,)

    def __post_init__(self) -> None:
        if type(self.default) not in _TYPE_NAMES or self.problem(self.default):
            raise ValueError(f"option default {self.default!r} does not fit its own declaration")

    def problem(self, value: Any) -> str | None:
        """Why `value` cannot be this option's value; None when it can."""
        kind = type(self.default)
        if kind is list:
            if not (isinstance(value, list) and all(_is_a(item, self.items) for item in value)):
                expected = "a list of " + " or ".join(_ITEM_NAMES[item] for item in self.items)
                return f"must be {expected}, not {_shown(value)}"
            wrong = [item for item in value if self.choices and item not in self.choices]
            return self._not_a_choice(wrong[0]) if wrong else None
        if not _is_a(value, (kind,)):
            return f"must be {_TYPE_NAMES[kind]}, not {_shown(value)}"
        if self.choices and value not in self.choices:
            return self._not_a_choice(value)
        return None

    def _not_a_choice(self, value: Any) -> str:
        hint = did_you_mean(value, map(str, self.choices)) if isinstance(value, str) else ""
        return f"{_shown(value)} is not one of {', '.join(map(str, self.choices))}{hint}"

    def describe(self) -> str:
        """For `apilint explain`: the default, and the choices if there are any."""
        return f"{self.default!r}" + (f" (one of {', '.join(map(str, self.choices))})" if self.choices else "")


def _shown(value: Any, limit: int = 60) -> str:
    """A config value as the user wrote it (JSON is close to YAML: null, true, "text")."""
    return clipped(json.dumps(value, ensure_ascii=False, default=str), limit)


def _is_a(value: Any, types: tuple[type, ...]) -> bool:
    return isinstance(value, types) and (bool in types or not isinstance(value, bool))  # True is an int too


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    format: str
    check: Callable[..., Iterator[Finding]] | None  # None for a built-in finding (below)
    options: dict[str, Option] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    docs: str = ""
    changes: tuple[str, ...] = ()  # a breaking-change rule: the kinds of change it classifies

    @property
    def kind(self) -> str:
        return BREAKING_CHANGE if self.changes else LINT

    @property
    def level(self) -> str:
        """The default severity as users read it: error/warning/info, or for a breaking-change
        rule breaking/dangerous/non-breaking."""
        return LEVEL_NAMES[self.severity.label] if self.changes else self.severity.label

    @property
    def defaults(self) -> dict[str, Any]:
        return {name: option.default for name, option in self.options.items()}

    @property
    def summary(self) -> str:
        """First sentence of the docs' first section ("What it does", "What changed")."""
        match = re.search(r"## What (?:it does|changed)\s*\n(.+?)(?:\n\n|\n##|$)", self.docs, re.DOTALL)
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
    options: dict[str, Option] | None = None,
    aliases: tuple[str, ...] = (),
    changes: tuple[str, ...] = (),
) -> Callable[[Callable[..., Iterator[Finding]]], Callable[..., Iterator[Finding]]]:
    """Register `check(document, options) -> Iterator[Finding]` as rule `rule_id`. `options`
    declares each option a config may set; the check receives their values by name.
    With `changes`, a breaking-change rule: `check(change, options)` is called with each
    change of those kinds (see apilint.diff.Change), and its own docstring documents it."""
    if not _RULE_ID.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} is not kebab-case")
    if not all(isinstance(option, Option) for option in (options or {}).values()):
        raise ValueError(f"rule {rule_id!r}: declare each option as an Option(default, ...)")

    def register(check: Callable[..., Iterator[Finding]]) -> Callable[..., Iterator[Finding]]:
        if rule_id in _RULES:
            raise ValueError(f"rule {rule_id!r} is declared twice")
        module_docs = sys.modules[check.__module__].__doc__ or ""
        docs = inspect.cleandoc(check.__doc__ or "") if changes else module_docs.strip()
        _RULES[rule_id] = Rule(rule_id, severity, format, check, dict(options or {}), aliases, docs, tuple(changes))
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


UNUSED_IGNORE = _builtin(
    "unused-ignore",
    WARNING,
    """
    ## What it does
    Reports an `x-apilint-ignore` entry that silences nothing, with `--report-unused-ignores`.

    ## Why is this bad?
    The problem it was written for is gone, or it was never there: the entry only hides
    the next real finding of that rule below it.

    ## Example
        paths:
          /users:
            x-apilint-ignore: [no-verb-in-path]   # nothing in /users is a verb

    ## Use instead
    Remove the entry.
    """,
)
INVALID_IGNORE = _builtin(
    "invalid-ignore",
    WARNING,
    """
    ## What it does
    Reports an `x-apilint-ignore` entry that names no rule apilint knows (with the closest
    rule id, when one is close), or whose value is not a rule id, a list of rule ids or a
    mapping of rule ids to reasons. Such an entry silences nothing.

    ## Why is this bad?
    A misspelt rule id in an ignore silently ignores nothing, so the finding it was meant
    for keeps failing the build, or someone spells it differently somewhere else.

    ## Example
        x-apilint-ignore: [no-verb-in-paths]

    ## Use instead
        x-apilint-ignore: [no-verb-in-path]

    Where a spec names rules of a newer apilint than some of its checkers run,
    `--ignore invalid-ignore` (or `ignore: [invalid-ignore]` in the configuration) turns
    this finding off.
    """,
)
VERSION_NOT_BUMPED = _builtin(
    "version-not-bumped",
    WARNING,
    """
    ## What it does
    With `apilint diff`: reports a new version that breaks clients while its API version says
    it does not: `info.version` keeps its major version (all of a date-style version) and no
    `/vN` path prefix changes. One finding per description, at `info.version`, counting the
    breaking changes that are not accepted.

    ## Why is this bad?
    Clients and their tools read the version to know whether an upgrade is safe (Semantic
    Versioning; Zalando's guideline 116, "use semantic versioning"). A break under an
    unchanged major version reaches them unannounced.

    ## Example
        info: {version: 1.4.0}   # was 1.3.0, and an operation was removed

    ## Use instead
    Avoid the break (add, deprecate, then remove in the next major version), or raise the
    major version (`2.0.0`, or a `/v2` path prefix). To let a deliberate break through, accept
    it (`x-apilint-accept-breaking`), and this note goes with it; `--ignore version-not-bumped`
    turns the note off.
    """,
)
# The built-in findings a user may turn off with `--ignore` / `ignore:`; internal-error never.
IGNORABLE_BUILTINS = (INVALID_IGNORE, VERSION_NOT_BUMPED)


def builtin_finding(rule_id: str, node: Node, message: str) -> Finding:
    """A finding of a built-in (internal-error, invalid-ignore, ...), with its declared severity."""
    finding = node.finding(message, severity=_BUILTIN[rule_id].severity)
    finding.rule_id = rule_id
    return finding


def unknown_rule(name: str, known: Iterable[str], kind: str = "rule") -> str:
    """What to tell someone who named `name`, which is not among `known`."""
    if name in _BUILTIN:
        return f"{name!r} is reported by apilint itself, not a rule to select, ignore or configure"
    return f"unknown {kind} {name!r}{did_you_mean(name, known)}"


_ALL = "*"
_LOADED: set[tuple[str, str]] = set()  # the rule packages imported: (format name or _ALL, kind)
_BREAKING_PACKAGE = "breaking"  # rules/<format>/breaking/: the format's breaking-change rules


def _load_rule_modules(formats: Iterable[str] | None = None, kind: str | None = LINT) -> None:
    """Import the rule modules of these formats (None: of every format) and this kind (None:
    both): the import registers them. A run imports only the rules it may run: `check` of an
    OpenAPI file does not pay for the GraphQL rules' modules, nor for the breaking-change ones."""
    kinds = (LINT, BREAKING_CHANGE) if kind is None else (kind,)
    if all(
        (_ALL, each) in _LOADED or (formats is not None and {(f, each) for f in formats} <= _LOADED) for each in kinds
    ):
        return
    import apilint.rules as package

    for info in pkgutil.iter_modules(package.__path__):
        if not info.ispkg or (formats is not None and info.name not in formats):
            continue  # a module beside the packages is shared code: its users import it
        rules = importlib.import_module(f"apilint.rules.{info.name}")
        breaking = f"{rules.__name__}.{_BREAKING_PACKAGE}"
        for each in kinds:
            if (info.name, each) in _LOADED:
                continue
            for module in pkgutil.walk_packages(rules.__path__, prefix=f"{rules.__name__}."):
                in_breaking = module.name == breaking or module.name.startswith(f"{breaking}.")
                if in_breaking == (each == BREAKING_CHANGE):
                    importlib.import_module(module.name)
            _LOADED.add((info.name, each))
    if formats is None:
        _LOADED.update((_ALL, each) for each in kinds)


def _sorted(rules: Iterable[Rule]) -> list[Rule]:
    return sorted(rules, key=lambda declared: (declared.kind != LINT, declared.format, declared.id))


def all_rules(kind: str | None = None) -> list[Rule]:
    """Every rule of this kind (None: of both)."""
    _load_rule_modules(kind=kind)
    return _sorted(declared for declared in _RULES.values() if kind is None or declared.kind == kind)


def rules_of(formats: Iterable[str], kind: str = LINT) -> list[Rule]:
    """The rules of these formats and this kind, importing only theirs."""
    formats = set(formats)
    _load_rule_modules(formats, kind)
    return _sorted(declared for declared in _RULES.values() if declared.format in formats and declared.kind == kind)


def rule_names() -> list[str]:
    """Every rule id and alias: what --select, --ignore, config and x-apilint-ignore accept."""
    return [name for declared in all_rules() for name in (declared.id, *declared.aliases)]


def documented_rules() -> list[Rule]:
    """The rules, then the built-in findings: everything a report may name."""
    return all_rules() + sorted(_BUILTIN.values(), key=lambda builtin: builtin.id)


def get_rule(rule_id: str) -> Rule | None:
    """A rule or built-in finding by id or alias (the rules of every format are imported only
    when those imported so far do not know it)."""
    if not is_known(rule_id):
        return _BUILTIN.get(rule_id)
    rule_id = _ALIASES.get(rule_id, rule_id)
    return _RULES.get(rule_id) or _BUILTIN.get(rule_id)


def is_known(name: str) -> bool:
    """Is `name` a rule id or alias? Asks the rules imported so far first, then all of them
    (never for a format's name, "all" or a built-in finding's id, which are not rules)."""
    if name in _RULES or name in _ALIASES:
        return True
    if name in rule_formats() or name == "all" or name in _BUILTIN:
        return False
    _load_rule_modules(kind=None)
    return name in _RULES or name in _ALIASES


@functools.cache
def rule_formats() -> tuple[str, ...]:
    """The formats that have rules (`openapi`, `graphql`): the packages under rules/, found
    without importing them (once: `is_known` asks for every name it is given)."""
    import apilint.rules as package

    return tuple(sorted(info.name for info in pkgutil.iter_modules(package.__path__) if info.ispkg))


def canonical_id(rule_id: str) -> str:
    """The id a known name (id or alias) stands for."""
    return _ALIASES.get(rule_id, rule_id) if is_known(rule_id) else rule_id
