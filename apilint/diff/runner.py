"""One run of `apilint diff`: pair the files of two versions -> load each side -> changes ->
classify them with the breaking-change rules -> the finishing step `check` uses too.

The old side is read from the file system (`apilint diff OLD NEW`) or from a git revision
(`--base REV`: through git, no checkout); either way a spec file's `$ref`s are read from
the same side. A file that exists in one version only is compared with nothing: all of it
added, or all of it removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from apilint.config import AcceptedBreak, Config, RuleSettings
from apilint.diff import Change, differ_for
from apilint.documents import Document, Format, LoadContext, format_for, formats
from apilint.documents.files import FileSet, GitRevision, walk
from apilint.documents.source import display_path
from apilint.documents.workspace import LoadOptions
from apilint.errors import InputError, UsageError
from apilint.finding import Finding
from apilint.registry import (
    BREAKING,
    BREAKING_CHANGE,
    DANGEROUS,
    VERSION_NOT_BUMPED,
    Rule,
    all_rules,
    builtin_finding,
    canonical_id,
    get_rule,
    unknown_rule,
)
from apilint.runner import RunResult, crash_finding, finish, select_rules

_PEEK = 64 * 1024


@dataclass
class _Side:
    """One version: where its bytes come from (the file system, or a git revision)."""

    files: FileSet
    revision: GitRevision | None = None

    def list_files(self, directory: Path) -> list[Path]:
        return self.revision.files_under(directory) if self.revision else list(walk(directory))

    def format_of(self, path: Path) -> Format | None:
        """The format that claims the file, by its extension and content; None if none does or it
        is missing here."""
        if self.files.problem(path) is not None:
            return None
        try:
            raw = self.files.read(path)
        except InputError:
            return None  # loading reports it
        return format_for(path, raw[:_PEEK], len(raw))


def run_diff(
    old: Sequence[str],
    new: Sequence[str],
    config: Config,
    load_options: LoadOptions,
    *,
    base: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    strict: bool = False,
    report_unused_ignores: bool = False,
) -> RunResult:
    """Compare `old` with `new` (a file with a file, a directory with a directory), or with
    `base`, the same paths (`new`) at a git revision."""
    select_rules(config, select or [], ignore or [], formats=(), kind=BREAKING_CHANGE)  # a typo fails first
    _check_accepted(config)
    result = RunResult()
    max_bytes = load_options.max_file_bytes
    if base is not None:
        revision = GitRevision.open(Path(new[0]) if new else Path.cwd(), base)
        old_side, new_side = _Side(FileSet(max_bytes, revision), revision), _Side(FileSet(max_bytes))
        pairs = _pairs_at_base([Path(path) for path in new], old_side, new_side, result)
    else:
        old_side, new_side = _Side(FileSet(max_bytes)), _Side(FileSet(max_bytes))
        pairs = _pairs(Path(old[0]), Path(new[0]), old_side, new_side, result)
    claimed = {fmt.name: fmt for _, _, fmt in pairs}
    for name in [name for name in claimed if differ_for(name) is None]:
        unsupported = f"comparing {name} is not supported yet (OpenAPI is)"
        result.skipped.extend((display_path(new or old), unsupported) for old, new, fmt in pairs if fmt.name == name)
        del claimed[name]
    pairs = [pair for pair in pairs if pair[2].name in claimed]
    if not pairs and not result.errors:
        if result.skipped:  # say why, not only that nothing was compared
            name, reason = result.skipped[0]
            raise UsageError(f"{name}: {reason}; nothing to compare")
        raise UsageError("no API description to compare (OpenAPI files need a top-level openapi: or swagger: key)")
    active = select_rules(config, select or [], ignore or [], formats=claimed, kind=BREAKING_CHANGE)
    old_documents = _load(old_side, [(old, fmt) for old, _, fmt in pairs if old], config, load_options, result)
    new_documents = _load(new_side, [(new, fmt) for _, new, fmt in pairs if new], config, load_options, result)
    findings: list[Finding] = []
    versions: list[tuple[Change, list[Finding]]] = []  # the API version kept, and the findings of its pair
    for old, new, fmt in pairs:
        before = old_documents.get(old) if old else None
        after = new_documents.get(new) if new else None
        if (old and before is None) or (new and after is None):
            continue  # it did not load: an input error says why
        try:
            pair_findings, version = _classify(fmt, before, after, active, strict)
        except RecursionError:  # schemas nested hundreds deep, each a schema of its own
            result.errors.append(InputError(str(new or old), "schemas nested too deeply to compare"))
            continue
        except InputError as error:  # a `$ref`'d file, read as the differ follows it, is broken
            result.errors.append(error)
            continue
        findings.extend(pair_findings)
        if version is not None:
            versions.append((version, pair_findings))
    _accept(findings, config.accept_breaking)
    result.files = [source.display for side in (old_side, new_side) for source in side.files.sources]
    result.findings = finish(
        findings,
        new_side.files.sources,  # breaks are accepted in the new version
        config,
        ignore or [],
        report_unused_ignores,
        BREAKING_CHANGE,
        after_suppression=lambda _: list(_version_notes(versions, ignore or [], config)),
    )
    return result


def _pairs(old: Path, new: Path, old_side: _Side, new_side: _Side, result: RunResult) -> list[tuple]:
    """(old file or None, new file or None, format): two files, or the spec files of two
    directories paired by their path inside them."""
    for path in (old, new):
        if not path.exists():
            raise InputError(str(path), "no such file or directory")
    if old.is_dir() != new.is_dir():
        raise UsageError(f"compare a file with a file, or a directory with a directory: {old} and {new}")
    if not old.is_dir():
        fmt_old, fmt_new = old_side.format_of(old), new_side.format_of(new)
        for path, fmt in ((old, fmt_old), (new, fmt_new)):
            if fmt is None:
                result.errors.append(InputError(str(path), "not an API description apilint can read"))
        if fmt_old is not None and fmt_new is not None and fmt_old.name != fmt_new.name:
            raise UsageError(f"{old} is {fmt_old.name} and {new} is {fmt_new.name}: there is nothing to compare")
        return [(old, new, fmt_new)] if fmt_old is not None and fmt_new is not None else []
    old_specs = _specs(old_side, old)
    new_specs = _specs(new_side, new)
    names = sorted({path.relative_to(old) for path in old_specs} | {path.relative_to(new) for path in new_specs})
    return [
        (
            old / name if old / name in old_specs else None,
            new / name if new / name in new_specs else None,
            (new_specs.get(new / name) or old_specs[old / name]),
        )
        for name in names
    ]


def _pairs_at_base(paths: list[Path], old_side: _Side, new_side: _Side, result: RunResult) -> list[tuple]:
    """(path at the base or None, path now or None, format) for the named paths: a file missing
    at the base was added, one missing now was removed."""
    assert old_side.revision is not None
    found: dict[Path, tuple] = {}
    work_tree = old_side.revision.work_tree
    for path in paths or [Path(".")]:
        absolute = path.resolve()
        if absolute != work_tree and work_tree not in absolute.parents:  # else it would read as all added
            revision = old_side.revision.revision
            raise UsageError(f"{path}: outside the git work tree at {work_tree}, so it has no version at {revision!r}")
        if path.is_dir() or (not path.exists() and old_side.revision.files_under(absolute)):
            olds, news = _specs(old_side, absolute), _specs(new_side, absolute) if path.is_dir() else {}
        else:  # as named, so errors name it so
            olds = {path: fmt} if (fmt := old_side.format_of(path)) else {}
            news = {path: fmt} if (fmt := new_side.format_of(path)) else {}
            if not olds and not news:
                problem = "not an API description apilint can read" if path.exists() else "no such file or directory"
                result.errors.append(InputError(str(path), problem))
        for file in sorted({*olds, *news}):
            found.setdefault(
                file, (file if file in olds else None, file if file in news else None, news.get(file) or olds[file])
            )
    return list(found.values())


def _specs(side: _Side, directory: Path) -> dict[Path, Format]:
    extensions = {ext for fmt in formats() for ext in fmt.extensions}
    specs = {}
    for path in side.list_files(directory.resolve() if side.revision else directory):
        if path.suffix.lower() in extensions and (fmt := side.format_of(path)) is not None:
            specs[path] = fmt
    return specs


def _load(
    side: _Side, files: list[tuple[Path, Format]], config: Config, load_options: LoadOptions, result: RunResult
) -> dict[Path, Document]:
    """Each file's document, by the path it was named by. Files read at a revision are shown as
    git names them (`origin/main:api.yaml`), in findings and in errors."""
    by_format: dict[str, tuple[Format, list[Path]]] = {}
    for path, fmt in files:
        by_format.setdefault(fmt.name, (fmt, []))[1].append(path)
    documents: dict[Path, Document] = {}
    for fmt, named in by_format.values():
        context = LoadContext(side.files, load_options, named, config.settings_for(fmt), config.base_dir, [])
        by_real = {path.resolve(): path for path in named}
        for document in fmt.load_all(named, context):
            if isinstance(document, InputError):
                document.path = side.files.shown(document.path)
                result.errors.append(document)
            else:
                documents[by_real.get(document.root.source.path, document.root.source.path)] = document
    return documents


def _classify(
    fmt: Format, old: Document | None, new: Document | None, active: dict[str, tuple[Rule, RuleSettings]], strict: bool
) -> tuple[list[Finding], Change | None]:
    """The findings of the breaking-change rules on the changes from `old` to `new`, and the
    `api-version` change when the version stayed the same (for the version note)."""
    by_kind: dict[str, list[tuple[Rule, RuleSettings]]] = {}
    for rule, settings in active.values():
        if rule.format == fmt.name and settings.enabled:
            for kind in rule.changes:
                by_kind.setdefault(kind, []).append((rule, settings))
    findings, version = [], None
    for change in differ_for(fmt.name)(old, new):
        if change.kind == "api-version":  # not a change to report: what the version note needs
            version = change
            continue
        for rule, settings in by_kind.get(change.kind, ()):
            try:
                for finding in rule.check(change, {**rule.defaults, **settings.options}):
                    finding.rule_id = rule.id
                    finding.severity = settings.severity or finding.severity or rule.severity
                    if finding.severity == BREAKING and change.unstable and not strict:
                        # oasdiff's convention: a draft, alpha or beta operation may still break.
                        finding.severity = DANGEROUS
                        finding.message += f"; dangerous, not breaking: x-stability-level is {change.unstable}"
                    findings.append(finding)
            except Exception as error:  # noqa: BLE001 - one rule's bug must not cost the others' findings
                findings.append(crash_finding(new if new is not None else old, rule, error))
    return findings, version


def _version_notes(
    versions: list[tuple[Change, list[Finding]]], ignore: list[str], config: Config
) -> Iterator[Finding]:
    """A note where a version breaks clients while its API version says it does not."""
    if VERSION_NOT_BUMPED in {*config.ignore, *ignore}:
        return
    for change, pair_findings in versions:
        breaking = [f for f in pair_findings if f.severity == BREAKING and not f.suppressed]
        if breaking:
            count = f"{len(breaking)} breaking change{'s' * (len(breaking) > 1)}"
            if change.old_value != change.new_value:
                kept = f"the API version ({change.old_value} to {change.new_value}) keeps its major version"
            else:
                kept = f"the API version stays {change.new_value}"
            message = f"{count}, but {kept}: clients cannot tell"
            yield builtin_finding(VERSION_NOT_BUMPED, change.new, message)


def _check_accepted(config: Config) -> None:
    """Every `accept-breaking` entry names a breaking change (a typo would accept nothing)."""
    for index, entry in enumerate(config.accept_breaking):
        rule = get_rule(entry.change)
        if rule is None or rule.kind != BREAKING_CHANGE:
            known = [rule.id for rule in all_rules(BREAKING_CHANGE)]
            problem = unknown_rule(entry.change, known, "breaking change")
            raise UsageError(f"{config.path}: accept-breaking[{index}]: {problem} (see `apilint rules`)")


def _accept(findings: list[Finding], accepted: list[AcceptedBreak]) -> None:
    """Mark the findings a configured `accept-breaking` entry covers as suppressed, with its
    reason. An entry with an operation or a path covers a finding only when every operation it
    concerns is that one, or under that path: a shared schema's break still breaks the others."""
    from apilint.diff.openapi import path_template  # operations and paths are OpenAPI's

    for finding in findings:
        for entry in accepted:
            if canonical_id(entry.change) != finding.rule_id:
                continue
            if entry.operation:
                method, _, path = entry.operation.partition(" ")
                wanted = f"{method} {path_template(path)}"
                covered = bool(finding.subjects) and all(
                    f"{subject.partition(' ')[0]} {path_template(subject.partition(' ')[2])}" == wanted
                    for subject in finding.subjects
                )
            elif entry.path:
                prefix = path_template(entry.path)
                paths = [path_template(subject.partition(" ")[2]) for subject in finding.subjects]
                if (
                    finding.node is not None
                    and finding.node.pointer[:1] == ("paths",)
                    and len(finding.node.pointer) > 1
                ):
                    paths.append(path_template(str(finding.node.pointer[1])))  # a path's own change concerns no operation
                covered = bool(paths) and all(
                    path == prefix or path.startswith(prefix.rstrip("/") + "/") for path in paths
                )
            else:
                covered = True
            if covered:
                finding.suppressed_reason = entry.reason
                break
