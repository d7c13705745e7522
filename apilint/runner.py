"""One run of `apilint check`: find files -> load -> run rules -> suppress -> locate -> sort."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from apilint.config import Config, RuleSettings
from apilint.documents import PEEK_BYTES, Document, Format, format_for, formats
from apilint.documents.source import SourceFile, display_path
from apilint.documents.workspace import LoadOptions, Workspace
from apilint.errors import ApilintError, InputError, UsageError, did_you_mean
from apilint.finding import Finding, Severity
from apilint.registry import INTERNAL_ERROR, Rule, all_rules, canonical_id, get_rule, rule_names, unknown_rule
from apilint.suppression import Suppressions

_MAX_CRASH_TEXT = 300  # an exception's text can quote a whole document
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # checked files, as displayed
    # Input errors (file, line, message): any one means exit 2. Every report format carries them.
    errors: list[InputError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # explicit files that are not API documents


def select_rules(config: Config, select: list[str], ignore: list[str]) -> dict[str, tuple[Rule, RuleSettings]]:
    """The active rules with their settings. CLI --select replaces the config's; --ignore adds.
    Every name and option is checked first, so a typo fails before any spec is read."""
    chosen = select or config.select
    ignored = {canonical_id(rule_id) for rule_id in [*config.ignore, *ignore]}
    names = rule_names()
    selectable = [*names, *sorted({rule.format for rule in all_rules()}), "all"]
    where = f"{config.path}: " if config.path else ""
    checks = (
        ([*select, *ignore], selectable, "rule or format", ""),
        ([*config.select, *config.ignore], selectable, "rule or format", where),
        (list(config.rules), names, "rule", where),
    )
    for named, known, kind, prefix in checks:
        for name in named:
            if name not in known:
                raise UsageError(f"{prefix}{unknown_rule(name, known, kind)} (see `apilint rules`)")
    for rule_id, settings in config.rules.items():
        _check_options(get_rule(rule_id), settings, config.path)
    selected = [
        rule
        for rule in all_rules()
        if not (rule.id in ignored or rule.format in ignored or "all" in ignored)
        and ("all" in chosen or rule.format in chosen or any(canonical_id(s) == rule.id for s in chosen))
    ]
    if not selected:  # a clean exit must not mean that nothing was checked (`--ignore openapi`)
        raise UsageError("no rule left to run: select and ignore (options or configuration) exclude every one")
    active = {}
    for rule in selected:
        settings = _settings_for(config, rule)
        if settings.enabled:  # turning a rule `off` by name is deliberate, even the last one
            active[rule.id] = (rule, settings)
    return active


def _check_options(rule: Rule, settings: RuleSettings, config_path: Path | None) -> None:
    """Every option a config sets must be one the rule declares, with a value it accepts."""
    where = f"{config_path}: " if config_path else ""
    for name, value in settings.options.items():
        option = rule.options.get(name)
        if option is None:
            known = ", ".join(rule.options) or "none"
            hint = did_you_mean(name, rule.options)
            raise UsageError(f"{where}rules.{rule.id}: unknown option {name!r}{hint} (options: {known})")
        problem = option.problem(value)
        if problem:
            raise UsageError(f"{where}rules.{rule.id}.{name}: {problem}")


def _settings_for(config: Config, rule: Rule) -> RuleSettings:
    for rule_id in (rule.id, *rule.aliases):
        if rule_id in config.rules:
            return config.rules[rule_id]
    return RuleSettings()


def discover(
    paths: list[Path], config: Config, result: RunResult, skip_unrecognized: bool = False
) -> list[tuple[Path, Format]]:
    """(file, format) pairs to check. Directories are searched by content. Explicit files
    that no format claims are skipped, but empty or binary ones are input errors unless
    `skip_unrecognized` (pre-commit passes every YAML/JSON file, API description or not)."""
    extensions = {ext for fmt in formats() for ext in fmt.extensions}
    found: list[tuple[Path, Format]] = []
    for path in paths:
        if path.is_dir():
            for file in _walk(path):
                if file.suffix.lower() in extensions and not config.is_excluded(file):
                    head = _peek(file)
                    fmt = format_for(file, head) if head is not None else None
                    if fmt is not None:
                        found.append((file, fmt))
        elif path.is_file():
            if config.is_excluded(path):
                continue
            head = _peek(path)
            fmt = format_for(path, head) if head is not None else None
            if fmt is not None:
                found.append((path, fmt))
            elif head is None:
                result.errors.append(InputError(str(path), "cannot read"))
            elif skip_unrecognized or (head.strip() and b"\x00" not in head):
                result.skipped.append(str(path))
            elif not head.strip():
                result.errors.append(InputError(str(path), "file is empty"))
            else:
                result.errors.append(InputError(str(path), "file is binary, not an API description", 1))
        else:
            result.errors.append(InputError(str(path), "no such file or directory"))
    return found


def _walk(directory: Path):
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            yield Path(root) / name


def _peek(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read(PEEK_BYTES)
    except OSError:
        return None


def run_check(
    paths: list[Path],
    config: Config,
    load_options: LoadOptions,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    report_unused_ignores: bool = False,
    skip_unrecognized: bool = False,
) -> RunResult:
    active = select_rules(config, select or [], ignore or [])
    result = RunResult()
    workspace = Workspace(load_options)
    findings: list[Finding] = []
    for path, fmt in discover(paths, config, result, skip_unrecognized):
        try:
            document = fmt.load(path, workspace)
            findings.extend(_run_rules(document, active))
        except InputError as error:
            result.errors.append(error)
            continue
        except ApilintError as error:
            result.errors.append(InputError(display_path(path), str(error)))
            continue
        result.files.append(display_path(path))  # the same spelling findings use
    findings = _unique(findings)
    suppressions = Suppressions(workspace.files, set(rule_names()), canonical_id)
    suppressions.apply(findings)
    findings.extend(suppressions.invalid())
    if report_unused_ignores:
        findings.extend(suppressions.unused())
    _locate(findings)
    findings.sort(key=Finding.sort_key)
    result.findings = findings
    return result


def _locate(findings: list[Finding]) -> None:
    """Give each finding its line and column, one batch per file (see SourceFile.locations)."""
    by_source: dict[SourceFile, list[Finding]] = {}
    for finding in findings:
        if finding.location is None and finding.node is not None:
            by_source.setdefault(finding.node.source, []).append(finding)
    for source, batch in by_source.items():
        for finding, location in zip(batch, source.locations([f.node.pointer for f in batch])):
            finding.location = location


def _unique(findings: list[Finding]) -> list[Finding]:
    """Specs that share a $ref'd file would each report its problems: keep one of each."""
    seen: set[tuple] = set()
    unique = []
    for finding in findings:
        key = (finding.rule_id, finding.node, finding.message)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def _run_rules(document: Document, active: dict[str, tuple[Rule, RuleSettings]]) -> list[Finding]:
    findings = []
    for rule, settings in active.values():
        if rule.format != document.format:
            continue
        options = {**rule.defaults, **settings.options}
        try:
            for finding in rule.check(document, options):
                finding.rule_id = rule.id
                finding.severity = settings.severity or finding.severity or rule.severity
                findings.append(finding)
        except InputError:
            raise
        except Exception as error:  # noqa: BLE001 - one rule's bug must not cost the file the other rules' findings
            findings.append(_crash_finding(document, rule, error))
    return findings


def _crash_finding(document: Document, rule: Rule, error: Exception) -> Finding:
    text = " ".join(f"{type(error).__name__}: {error}".split())
    if len(text) > _MAX_CRASH_TEXT:
        text = text[: _MAX_CRASH_TEXT - 1] + "…"
    finding = document.root.finding(f"rule {rule.id} crashed: {text}; please report it")
    finding.rule_id, finding.severity = INTERNAL_ERROR, Severity.ERROR
    return finding
