"""One run of `apilint check`: find files -> load -> run rules -> suppress -> locate -> sort."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Sequence

from apilint.config import Config, RuleSettings
from apilint.documents import PEEK_BYTES, Document, Format, LoadContext, format_for, formats
from apilint.documents.files import STDIN_NAME, FileSet, file_problem, walk
from apilint.documents.source import display_path
from apilint.documents.structured import UTF16_TEXT, is_utf16
from apilint.documents.workspace import LoadOptions
from apilint.errors import InputError, UsageError, clipped, did_you_mean
from apilint.finding import Finding, Pointer, Source, Span
from apilint.registry import (
    BREAKING_CHANGE,
    IGNORABLE_BUILTINS,
    INTERNAL_ERROR,
    INVALID_IGNORE,
    LINT,
    Rule,
    all_rules,
    builtin_finding,
    canonical_id,
    get_rule,
    is_known,
    rule_formats,
    rule_names,
    rules_of,
    unknown_rule,
)
from apilint.suppression import Suppressions

_MAX_CRASH_TEXT = 300  # an exception's text can quote a whole document
_PRIMARY = -1  # in _locate: the finding's own node, not one of its related ones
STDIN = "-"  # as a path: standard input
NOTHING_FOUND = "no API description found (OpenAPI files need a top-level openapi: or swagger: key)"
NOT_OPENAPI = "not an OpenAPI description (no top-level openapi: or swagger: key)"


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every file read ($ref'd ones too), once, as displayed
    # Input errors (file, line, message): any one means exit 2. Every report format carries them.
    errors: list[InputError] = field(default_factory=list)
    # Named files not checked, as named, and why ("not an OpenAPI description", ...).
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def crashes(self) -> list[Finding]:
        """The `internal-error` findings of rules that crashed: the run is incomplete (exit 2)."""
        return [finding for finding in self.findings if finding.rule_id == INTERNAL_ERROR]

    @property
    def complete(self) -> bool:
        """Every file was read and every rule ran to its end."""
        return not self.errors and not self.crashes


def select_rules(
    config: Config,
    select: list[str],
    ignore: list[str],
    formats: Collection[str] | None = None,
    kind: str | None = LINT,
) -> dict[str, tuple[Rule, RuleSettings]]:
    """The selected rules with their settings (a rule the config turns off among them, not
    enabled), among the rules of `formats` (None: of every format; only theirs are imported)
    and of this kind (lint rules for `check`, breaking-change rules for `diff`; None: both,
    for `apilint rules`; `formats` must then be None).
    CLI --select replaces the config's; --ignore adds. Every name and option is checked first,
    so a typo fails before any spec is read (call it with `formats=()` for just that)."""
    format_names = [*rule_formats(), "all"]
    where = f"{config.path}: " if config.path else ""
    checks = (
        (select, format_names, "rule or format", ""),
        (ignore, [*format_names, *IGNORABLE_BUILTINS], "rule or format", ""),
        (config.select, format_names, "rule or format", where),
        (config.ignore, [*format_names, *IGNORABLE_BUILTINS], "rule or format", where),
        (list(config.rules), [], "rule", where),
    )
    for named, known, what, prefix in checks:
        for name in named:
            if name not in known and not is_known(name):
                raise UsageError(f"{prefix}{unknown_rule(name, [*rule_names(), *known], what)} (see `apilint rules`)")
    for rule_id, settings in config.rules.items():
        _check_options(get_rule(rule_id), settings, config.path)
    for name in select:
        if not _selects_of_kind(name, kind):
            raise UsageError(f"--select {name}: {_OTHER_KIND[kind]}")
    # The config serves both commands: rules of the other kind in its `select` narrow only theirs.
    chosen = select or [name for name in config.select if _selects_of_kind(name, kind)] or ["all"]
    ignored = {canonical_id(rule_id) for rule_id in [*config.ignore, *ignore]}
    if "all" in ignored or set(rule_formats()) <= ignored:  # a clean exit must not mean that nothing was checked
        raise UsageError("no rule left to run: select and ignore (options or configuration) exclude every one")
    candidates = all_rules(kind) if formats is None else rules_of(formats, kind)
    selected = [
        rule
        for rule in candidates
        if not (rule.id in ignored or rule.format in ignored)
        and ("all" in chosen or rule.format in chosen or any(canonical_id(s) == rule.id for s in chosen))
    ]
    if not selected and formats is None:
        raise UsageError("no rule left to run: select and ignore (options or configuration) exclude every one")
    # A rule turned `off` by name stays: that is deliberate, even for the last one of a format,
    # and its format still counts as checked (see run_check).
    return {rule.id: (rule, _settings_for(config, rule)) for rule in selected}


_OTHER_KIND: dict[str | None, str] = {
    LINT: "a breaking-change rule, which `apilint diff` runs; `apilint check` runs lint rules",
    BREAKING_CHANGE: "a lint rule, which `apilint check` runs; `apilint diff` runs breaking-change rules",
}


def _selects_of_kind(name: str, kind: str | None) -> bool:
    """Does --select or `select:` NAME choose among the rules of this kind: a format, "all",
    a rule of this kind, or a built-in finding?"""
    rule = get_rule(name) if kind is not None and is_known(name) else None
    return rule is None or rule.kind == kind


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
    paths: Sequence[str | Path],
    config: Config,
    result: RunResult,
    files: FileSet,
    skip_unrecognized: bool = False,
) -> list[tuple[Path, Format]]:
    """(file, format) pairs to check, each file once however often and however spelled it was
    named. Directories are searched by content, among their regular files (never a FIFO,
    socket or device: opening one can wait forever). `-` is standard input, recognised by
    content. See `_named_file` for files named explicitly. Finding nothing to check is an
    input error unless `skip_unrecognized` (pre-commit passes every YAML/JSON file that
    changed, often no API description at all)."""
    # Each file once, however spelled (`p.yaml ./p.yaml`): the first spelling is the one shown.
    spellings: dict[str, str] = {}
    for name in map(os.fspath, paths):
        spellings.setdefault(_identity(name), name)
    names = list(spellings.values())
    if "" in names:  # Path("") would be the working directory
        raise UsageError("an empty path names no file (to check the working directory, pass .)")
    extensions = {ext for fmt in formats() for ext in fmt.extensions}
    found: dict[Path, tuple[Path, Format]] = {}  # by real path: `p.yaml ./p.yaml` is one file
    for name in names:
        path = Path(name)
        if name == STDIN:
            try:
                raw = files.read_stdin()
            except InputError as error:
                result.errors.append(error)
                continue
            _named_file(STDIN_NAME, files.stdin_path, (raw, len(raw)), found, result, skip_unrecognized)
        elif path.is_dir():
            for file in walk(path):
                if file.suffix.lower() in extensions and file_problem(file) is None and not config.is_excluded(file):
                    peeked = _peek(file)
                    fmt = format_for(file, *peeked) if peeked is not None else None
                    if fmt is not None:
                        found.setdefault(file.resolve(), (file, fmt))
        elif problem := file_problem(path):
            if problem.startswith("not a regular file"):
                problem += "; to read standard input, pass -"
            result.errors.append(InputError(name, problem))
        elif config.is_excluded(path):
            result.skipped.append((name, f"excluded by {display_path(config.path)}"))
        else:
            _named_file(name, path, _peek(path), found, result, skip_unrecognized)
    if not found and not result.errors and not skip_unrecognized:
        # Each skipped name becomes the error that says why nothing was checked (a note and
        # then a generic error would blame the content of an excluded or unsupported file).
        reasons = dict(result.skipped)
        result.skipped.clear()
        for name in (STDIN_NAME if name == STDIN else name for name in names):
            message = f"{reasons[name]}; nothing to check" if name in reasons else NOTHING_FOUND
            result.errors.append(InputError(name, message))
    return list(found.values())


def _identity(name: str) -> str:
    """The file a path names, whatever its spelling."""
    if name in (STDIN, ""):
        return name
    try:
        return os.path.realpath(name)
    except (OSError, ValueError):  # a NUL byte: the error comes when the file is looked at
        return name


def _named_file(
    name: str,
    path: Path,
    peeked: tuple[bytes, int] | None,
    found: dict[Path, tuple[Path, Format]],
    result: RunResult,
    skip_unrecognized: bool,
) -> None:
    """A file named explicitly (`peeked`: its head and size): checked when a format claims it,
    else skipped with a reason; but an empty, binary or UTF-16 file is an input error unless
    `skip_unrecognized`."""
    if peeked is None:
        result.errors.append(InputError(name, "cannot read"))
        return
    head = peeked[0]
    fmt = format_for(path, *peeked, by_content=True)  # named: whatever its extension (spec.txt, /dev/stdin)
    if fmt is not None:
        found.setdefault(path.resolve(), (path, fmt))
    elif skip_unrecognized or (head.strip() and not is_utf16(head) and b"\x00" not in head):
        result.skipped.append((name, NOT_OPENAPI))
    elif not head.strip():
        result.errors.append(InputError(name, "file is empty"))
    elif is_utf16(head):
        result.errors.append(InputError(name, UTF16_TEXT))
    else:
        result.errors.append(InputError(name, "file is binary, not an API description", 1))


def _peek(path: Path) -> tuple[bytes, int] | None:
    """(the first PEEK_BYTES bytes, the size) of a file, or None when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return handle.read(PEEK_BYTES), os.fstat(handle.fileno()).st_size
    except OSError:
        return None


def run_check(
    paths: Sequence[str | Path],
    config: Config,
    load_options: LoadOptions,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    report_unused_ignores: bool = False,
    skip_unrecognized: bool = False,
    operations: list[str] | None = None,
    proto_paths: list[Path] | None = None,
) -> RunResult:
    select_rules(config, select or [], ignore or [], formats=())  # a typo fails before any spec is read
    result = RunResult()
    files = FileSet(load_options.max_file_bytes)
    named = [Path(path) for path in paths if os.fspath(path) != STDIN]
    claimed: dict[str, tuple[Format, list[Path]]] = {}  # each format's files, formats in order of first file
    for path, fmt in discover(paths, config, result, files, skip_unrecognized):
        claimed.setdefault(fmt.name, (fmt, []))[1].append(path)
    if operations and "graphql" not in claimed and not result.errors:  # never ignored in silence
        problem = "--operations: no GraphQL schema in this run to check them against (name its files too)"
        result.errors.append(InputError(operations[0], problem))
    findings: list[Finding] = []
    active = select_rules(config, select or [], ignore or [], formats=claimed)  # only their rules are imported
    checked = {rule.format for rule, _ in active.values()}
    nothing_checked = all(fmt.name not in checked for fmt, _ in claimed.values())
    for fmt, claimed_paths in claimed.values():
        if fmt.name not in checked:
            # Files of a format no selected rule checks: an error when that leaves nothing checked
            # at all (a clean exit must not mean that), else a note for those named.
            why = f"no rule left to run on {fmt.name} files: select and ignore (options or configuration) exclude every one"
            if nothing_checked:
                result.errors.extend(InputError(display_path(path), why) for path in claimed_paths)
            else:
                result.skipped.extend((os.fspath(path), why) for path in claimed_paths if path in named)
            continue
        settings = config.settings_for(fmt)
        context = LoadContext(files, load_options, named, settings, config.base_dir, operations or [], proto_paths or [])
        for document in fmt.load_all(claimed_paths, context):
            if isinstance(document, InputError):
                result.errors.append(document)
                continue
            try:
                findings.extend(_run_rules(document, active))
            except InputError as error:  # a rule followed a $ref that reads outside the allowed roots
                result.errors.append(error)
    # Every file read, $ref'd ones too, as findings spell them; not those that ended in an error.
    failed = {error.path for error in result.errors}
    result.files = [source.display for source in files.sources if source.display not in failed]
    # A named fragment (`apilint check spec/*.yaml`) was read as the $ref target it is: not skipped.
    read = {str(source.path) for source in files.sources}
    result.skipped = [(name, why) for name, why in result.skipped if _identity(name) not in read]
    result.findings = finish(findings, files.sources, config, ignore or [], report_unused_ignores)
    return result


def finish(
    findings: list[Finding],
    sources: list[Source],
    config: Config,
    ignore: list[str],
    report_unused_ignores: bool,
    kind: str = LINT,
    after_suppression: Callable[[list[Finding]], list[Finding]] | None = None,
) -> list[Finding]:
    """What `check` and `diff` do with the findings their rules yielded: drop repeats, apply the
    inline suppressions of `sources` (of lint findings, or of breaking changes), add the findings
    about those suppressions, locate and sort. `after_suppression` may add findings that depend
    on which others were suppressed."""
    findings = _unique(findings)
    suppressions = Suppressions(sources, is_known, canonical_id, kind)
    suppressions.apply(findings)
    if after_suppression is not None:
        findings.extend(after_suppression(findings))
    if INVALID_IGNORE not in {*config.ignore, *ignore}:
        findings.extend(suppressions.invalid())
    if report_unused_ignores:
        findings.extend(suppressions.unused())
    _locate(findings)
    findings.sort(key=Finding.sort_key)
    return findings


def _locate(findings: list[Finding]) -> None:
    """Give each finding its line and column, and each of its related nodes theirs, one batch per
    file (see Source.locations)."""
    # Per file: (pointer, span, finding, which place: _PRIMARY or the index of a related node).
    by_source: dict[Source, list[tuple[Pointer, Span | None, Finding, int]]] = {}
    related: dict[int, list] = {}  # id(finding) -> its related locations, in the order the rule gave
    for finding in findings:
        if finding.location is None and finding.node is not None:
            by_source.setdefault(finding.node.source, []).append(
                (finding.node.pointer, finding.span, finding, _PRIMARY)
            )
        if finding.related:
            related[id(finding)] = [None] * len(finding.related)
            for index, (node, _, span) in enumerate(finding.related):
                by_source.setdefault(node.source, []).append((node.pointer, span, finding, index))
    for source, batch in by_source.items():
        locations = source.locations([place[0] for place in batch], [place[1] for place in batch])
        for (_, _, finding, index), location in zip(batch, locations):
            if index == _PRIMARY:
                finding.location = location
            else:
                related[id(finding)][index] = (location, finding.related[index][1])
    for finding in findings:
        if finding.related:
            finding.related_locations = tuple(related[id(finding)])


def _unique(findings: list[Finding]) -> list[Finding]:
    """Specs that share a $ref'd file would each report its problems: keep one of each."""
    seen: set[tuple] = set()
    unique = []
    for finding in findings:
        key = (finding.rule_id, finding.node, finding.message, finding.span)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def _run_rules(document: Document, active: dict[str, tuple[Rule, RuleSettings]]) -> list[Finding]:
    findings = []
    for rule, settings in active.values():
        if rule.format != document.format or not settings.enabled:
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
            findings.append(crash_finding(document, rule, error))
    return findings


def crash_finding(document: Document, rule: Rule, error: Exception) -> Finding:
    text = clipped(" ".join(f"{type(error).__name__}: {error}".split()), _MAX_CRASH_TEXT)
    return builtin_finding(INTERNAL_ERROR, document.root, f"rule {rule.id} crashed: {text}; please report it")
