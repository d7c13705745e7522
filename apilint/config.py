"""Configuration: `.apilint.yaml` or `[tool.apilint]` in pyproject.toml, found by walking up.

    select: [all]              # rule ids or formats (openapi); default all
    ignore: [operation-id-unique]  # rule ids or formats
    fail-on: warning           # error | warning | info | never
    exclude: ["legacy/**"]     # globs, relative to the config file's directory
    ref-root: [../shared]      # more directories `$ref`s may read, relative to the config file
    rules:
      no-verb-in-path: error   # a severity, or off
      cursor-pagination:
        severity: info
        max-items: 50          # any other key is a rule option
    graphql:                   # a format's own section: the keys its loader declares
      max-depth: 10
    proto:
      paths: [proto]           # .proto import roots, relative to the config file
    accept-breaking:           # `apilint diff`: breaking changes let through on purpose
      - {change: path-removed, path: /legacy, reason: "retired with the mobile team"}
      - {change: request-parameter-became-required, operation: "GET /users", reason: ...}
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from apilint.errors import UsageError, did_you_mean, error_text, undecodable_line
from apilint.finding import Severity

if TYPE_CHECKING:
    from apilint.documents import Format

CONFIG_NAMES = (".apilint.yaml", ".apilint.yml")
FAIL_ON_CHOICES = ("error", "warning", "info", "never")


@dataclass
class RuleSettings:
    severity: Severity | None = None  # None: keep the rule's default
    enabled: bool = True
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AcceptedBreak:
    """A breaking change `apilint diff` lets through: its id, why, and optionally where (one
    operation, or every operation under a path prefix); nowhere given means everywhere."""

    change: str
    reason: str
    operation: str = ""  # "GET /users/{id}", the method upper-case
    path: str = ""  # "/legacy": the path and every path below it


@dataclass
class Config:
    path: Path | None = None
    select: list[str] = field(default_factory=lambda: ["all"])
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    exclude: list[str] = field(default_factory=list)
    ref_roots: list[Path] = field(default_factory=list)  # absolute
    rules: dict[str, RuleSettings] = field(default_factory=dict)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)  # a format's section, as checked
    accept_breaking: list[AcceptedBreak] = field(default_factory=list)  # ids checked by `diff`, which knows them

    def settings_for(self, fmt: "Format") -> dict[str, Any]:
        """The format's section with every key it declares: the value set here, or the default."""
        given = self.sections.get(fmt.name, {})
        return {name: given.get(name, option.default) for name, option in fmt.settings.items()}

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def is_excluded(self, path: Path) -> bool:
        try:
            relative = Path(os.path.relpath(path.resolve(), self.base_dir.resolve())).as_posix()
        except ValueError:
            return False
        return any(fnmatch.fnmatch(relative, pattern) for pattern in self.exclude)


def find_config(start: Path) -> Path | None:
    for directory in (start.resolve(), *start.resolve().parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _pyproject_section(pyproject) is not None:
            return pyproject
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    if path.name == "pyproject.toml":
        raw = _pyproject_section(path) or {}
    else:
        from apilint.documents.structured import load_reference_yaml

        # The specs' YAML loader: the same data types, and errors (`!!int abc`) with their line.
        raw = load_reference_yaml(_read_text(path), str(path)) or {}
    if not isinstance(raw, dict):
        raise UsageError(f"{path}: configuration must be a mapping")
    return _parse(raw, path)


def _pyproject_section(path: Path) -> dict | None:
    import tomllib

    try:
        document = tomllib.loads(_read_text(path))
    except ValueError as error:  # TOMLDecodeError, or an integer longer than Python converts
        raise UsageError(f"{path}: cannot read: {error}") from None
    section = document.get("tool", {}).get("apilint")
    return section if isinstance(section, dict) else None


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read configuration: {error_text(error)}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = undecodable_line(raw, error)
        raise UsageError(f"{path}:{line}: configuration is not UTF-8 text") from None


def _string_list(raw: dict, key: str, path: Path) -> list[str]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{path}: `{key}` must be a list of strings")
    return value


def _parse(raw: dict, path: Path) -> Config:
    from apilint.documents import formats

    sections = {fmt.name: fmt.settings for fmt in formats() if fmt.settings}
    known = ("select", "ignore", "fail-on", "exclude", "ref-root", "rules", "accept-breaking", *sections)
    for key in raw:
        if key not in known:
            raise UsageError(f"{path}: unknown configuration key {key!r}{did_you_mean(str(key), known)}")
    config = Config(path=path)
    for name, settings in sections.items():
        if raw.get(name) is not None:
            config.sections[name] = _section(name, raw[name], settings, path)
    config.select = _string_list(raw, "select", path) or ["all"]
    config.ignore = _string_list(raw, "ignore", path)
    config.exclude = _string_list(raw, "exclude", path)
    config.ref_roots = [(path.parent / entry).resolve() for entry in _string_list(raw, "ref-root", path)]
    for root in config.ref_roots:
        if not root.is_dir():
            raise UsageError(f"{path}: `ref-root` entry {root} is not a directory")
    fail_on = raw.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON_CHOICES:
        raise UsageError(f"{path}: `fail-on` must be one of {', '.join(FAIL_ON_CHOICES)}")
    config.fail_on = fail_on
    rules = raw.get("rules", {}) or {}
    if not isinstance(rules, dict):
        raise UsageError(f"{path}: `rules` must map rule ids to a severity or settings")
    for rule_id, value in rules.items():
        config.rules[str(rule_id)] = _rule_settings(str(rule_id), value, path)
    config.accept_breaking = _accepted_breaks(raw.get("accept-breaking") or [], path)
    return config


_ACCEPT_KEYS = ("change", "reason", "operation", "path")


def _accepted_breaks(value: Any, path: Path) -> list[AcceptedBreak]:
    """`accept-breaking` entries, each well formed (whether `change` names a breaking change is
    checked by `diff`, which loads those rules)."""
    from apilint.documents.openapi import HTTP_METHODS

    if not isinstance(value, list):
        raise UsageError(f"{path}: `accept-breaking` must be a list of {{change, reason}} entries")
    accepted = []
    for index, entry in enumerate(value):
        where = f"{path}: accept-breaking[{index}]"
        if not isinstance(entry, dict):
            raise UsageError(f"{where}: must be a mapping with `change` and `reason`")
        for key in entry:
            if key not in _ACCEPT_KEYS:
                hint = did_you_mean(str(key), _ACCEPT_KEYS)
                raise UsageError(f"{where}: unknown key {key!r}{hint} (keys: {', '.join(_ACCEPT_KEYS)})")
        for key in _ACCEPT_KEYS:
            if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
                raise UsageError(f"{where}: `{key}` must be a non-empty string")
        for key in ("change", "reason"):
            if key not in entry:
                raise UsageError(f"{where}: `{key}` is required (accepting a break needs the change id and why)")
        if "operation" in entry and "path" in entry:
            raise UsageError(f"{where}: give `operation` or `path`, not both")
        method, _, route = entry.get("operation", "").strip().partition(" ")
        route = route.strip()
        if "operation" in entry and (method.lower() not in HTTP_METHODS or not route.startswith("/")):
            raise UsageError(f'{where}: `operation` must be METHOD /path, e.g. "GET /users/{{id}}"')
        if "path" in entry and not entry["path"].startswith("/"):
            raise UsageError(f"{where}: `path` must start with /")
        operation = f"{method.upper()} {route}" if route else ""
        accepted.append(AcceptedBreak(entry["change"], entry["reason"], operation, entry.get("path", "")))
    return accepted


def _section(name: str, value: Any, settings: dict, path: Path) -> dict[str, Any]:
    """A format's section, every key one it declares with a value its option accepts."""
    if not isinstance(value, dict):
        raise UsageError(f"{path}: `{name}` must be a mapping of settings ({', '.join(settings)})")
    for key, setting in value.items():
        option = settings.get(key)
        if option is None:
            hint = did_you_mean(str(key), settings)
            raise UsageError(f"{path}: {name}: unknown setting {key!r}{hint} (settings: {', '.join(settings)})")
        problem = option.problem(setting)
        if problem:
            raise UsageError(f"{path}: {name}.{key}: {problem}")
    return dict(value)


def _rule_settings(rule_id: str, value: Any, path: Path) -> RuleSettings:
    settings = RuleSettings()
    if isinstance(value, dict):
        value = dict(value)
        level = value.pop("severity", None)
        settings.options = value
    else:
        level = value
    if level is None:
        return settings
    if level is False or str(level).lower() == "off":
        settings.enabled = False
    else:
        try:
            settings.severity = Severity.parse(str(level))
        except ValueError:
            levels = ("error", "warning", "info", "off")
            hint = did_you_mean(str(level).lower(), levels)
            raise UsageError(
                f"{path}: rules.{rule_id}: unknown severity {level!r} (use {', '.join(levels)}){hint}"
            ) from None
    return settings
