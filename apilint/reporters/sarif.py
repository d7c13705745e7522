"""SARIF 2.1.0 output, shaped for GitHub code scanning (stable fingerprints, rule help, suppressions).

URIs are relative to %SRCROOT%, the root of the git work tree apilint runs in (else the working
directory), because code scanning maps them onto the repository whichever directory the check
ran in. Each file is one artifact, however it was named on the command line, and so is every
`$ref`'d file a result points into. Rules link to their section of docs/rules.md (`helpUri`).
Files that could not be checked are error notifications of a failed invocation
(`executionSuccessful: false`), so a dashboard never shows a broken spec as clean.

`apilint diff` results keep SARIF's levels (breaking is error, dangerous warning, non-breaking
note) and name their own in `properties.level`; the other version's place is a related location."""

from __future__ import annotations

import hashlib
import inspect
import json
import os
from collections import Counter
from pathlib import Path, PurePath
from urllib.parse import quote

from apilint.documents.files import git_work_tree
from apilint.errors import InputError
from apilint.finding import Finding, Location
from apilint.reporters import ReportContext, RuleInfo, message_with_suggestion, to_posix
from apilint.rule_catalog import INFORMATION_URI, help_uri

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "apilintFingerprint/v1"
# GitHub code scanning truncates longer rule descriptions.
FULL_DESCRIPTION_LIMIT = 1000

_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(findings: list[Finding], context: ReportContext) -> str:
    rules = _rules_with_findings(findings, context)
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    artifacts = _Artifacts(Path.cwd())
    for path in context.files:
        artifacts.indexed_location(path)  # checked files first, in order, clean ones too
    results = [
        _result(finding, fingerprint, rule_index, artifacts, context)
        for finding, fingerprint in zip(findings, _fingerprints(findings, artifacts))
    ]
    run = {
        "tool": {
            "driver": {
                "name": "apilint",
                "version": context.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(rule, context.tool_version) for rule in rules],
            }
        },
        "invocations": [_invocation(context, artifacts)],
        "originalUriBaseIds": {SRCROOT: {"uri": artifacts.root.as_uri().rstrip("/") + "/"}},
        # Our columns count characters; stating it keeps viewers from reading them as UTF-16 units.
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts.entries,
        "results": results,
    }
    document = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    # No indent: json's C encoder only runs without one; SARIF is read by tools, not people.
    return json.dumps(document, ensure_ascii=False) + "\n"


def _rules_with_findings(findings: list[Finding], context: ReportContext) -> list[RuleInfo]:
    reported_ids = {finding.rule_id for finding in findings}
    return [context.rules[rule_id] for rule_id in sorted(reported_ids) if rule_id in context.rules]


def _rule_descriptor(rule: RuleInfo, version: str) -> dict:
    docs = inspect.cleandoc(rule.docs)
    descriptor = {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _full_description(rule)},
        "help": {"text": docs, "markdown": docs},
        "helpUri": help_uri(rule.id, version),
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }
    if rule.aliases:
        descriptor["deprecatedIds"] = list(rule.aliases)
    return descriptor


def _full_description(rule: RuleInfo) -> str:
    """The first prose paragraph of the docs (the "What it does" section), else the summary."""
    paragraph: list[str] = []
    in_fence = False
    for line in inspect.cleandoc(rule.docs).splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        if line.strip() and not in_fence and not line.startswith(("#", "    ", "\t")):
            paragraph.append(line.strip())
        elif paragraph:
            break
    return " ".join(paragraph)[:FULL_DESCRIPTION_LIMIT] or rule.summary


def _invocation(context: ReportContext, artifacts: _Artifacts) -> dict:
    # Unsuccessful also when a rule crashed: that is a result (`internal-error`), not a notification.
    invocation: dict = {"executionSuccessful": context.complete and not context.errors}
    if context.errors:
        invocation["toolExecutionNotifications"] = [_notification(error, artifacts) for error in context.errors]
    return invocation


def _notification(error: InputError, artifacts: _Artifacts) -> dict:
    physical: dict = {"artifactLocation": artifacts.location(error.path)}
    if error.line is not None:
        physical["region"] = {"startLine": error.line}
        if error.column is not None:
            physical["region"]["startColumn"] = error.column
    return {"level": "error", "message": {"text": error.message}, "locations": [{"physicalLocation": physical}]}


def _result(
    finding: Finding, fingerprint: str, rule_index: dict[str, int], artifacts: _Artifacts, context: ReportContext
) -> dict:
    location = finding.location
    assert location is not None, "reporters receive located findings"
    result: dict = {"ruleId": finding.rule_id}
    if finding.rule_id in rule_index:
        result["ruleIndex"] = rule_index[finding.rule_id]
    result["level"] = _LEVELS[finding.severity.label]
    result["message"] = {"text": message_with_suggestion(finding)}
    result["locations"] = [_location(location, artifacts)]
    if finding.related_locations:
        result["relatedLocations"] = [
            {"id": index, "physicalLocation": _physical_location(related, artifacts), "message": {"text": label}}
            for index, (related, label) in enumerate(finding.related_locations)
        ]
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    if context.levels:  # SARIF has three levels of its own; a breaking change's is named here
        result["properties"] = {"level": context.level(finding)}
    if finding.suppressed:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed_reason}]
    return result


def _location(location: Location, artifacts: _Artifacts) -> dict:
    return {
        "physicalLocation": _physical_location(location, artifacts),
        "logicalLocations": [{"fullyQualifiedName": location.pointer, "kind": location.kind}],
    }


def _physical_location(location: Location, artifacts: _Artifacts) -> dict:
    return {
        "artifactLocation": artifacts.indexed_location(location.path),
        "region": {
            "startLine": location.line,
            "startColumn": location.column,
            "endLine": location.end_line,
            "endColumn": location.end_column,
        },
    }


class _Artifacts:
    """The run's `artifacts`, one per file however often and however it is named (`p.yaml`,
    `./p.yaml`), with URIs relative to %SRCROOT% (`root`) for the files under it."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        # The git work tree holding the working directory (`.git` is a file in worktrees and submodules).
        self.root = git_work_tree(cwd) or cwd
        self.entries: list[dict] = []
        self._index_of_uri: dict[str, int] = {}
        self._paths: dict[str, str] = {}  # display path -> path in the repository
        self._indexed: dict[str, dict] = {}  # display path -> its artifactLocation, shared by its results

    def repository_path(self, path: str) -> str:
        """The file as a `/`-separated path relative to the root, or absolute when it lies outside."""
        if path not in self._paths:
            absolute = Path(os.path.normpath(self.cwd / to_posix(path)))
            try:
                self._paths[path] = absolute.relative_to(self.root).as_posix()
            except ValueError:
                self._paths[path] = absolute.as_posix()
        return self._paths[path]

    def location(self, path: str) -> dict:
        """An artifactLocation without an index: for a file that is not one of the run's artifacts."""
        in_repository = self.repository_path(path)
        if PurePath(in_repository).is_absolute():
            return {"uri": Path(in_repository).as_uri()}
        return {"uri": quote(in_repository), "uriBaseId": SRCROOT}

    def indexed_location(self, path: str) -> dict:
        """The artifactLocation of a file the run checked or reports on, listed as an artifact."""
        if path not in self._indexed:
            location = self.location(path)
            index = self._index_of_uri.setdefault(location["uri"], len(self.entries))
            if index == len(self.entries):
                self.entries.append({"location": dict(location)})
            self._indexed[path] = {**location, "index": index}
        return self._indexed[path]


def _fingerprints(findings: list[Finding], artifacts: _Artifacts) -> list[str]:
    """One hash per finding from (rule, path in the repository, pointer, occurrence), so edits that
    move lines keep it, and so does running apilint from another directory of the repository.

    The occurrence counter tells apart findings that share all three, in report order.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    fingerprints = []
    for finding in findings:
        location = finding.location
        assert location is not None, "reporters receive located findings"
        identity = (finding.rule_id, artifacts.repository_path(location.path), location.pointer)
        seen[identity] += 1
        payload = "\0".join((*identity, str(seen[identity])))
        fingerprints.append(hashlib.sha256(payload.encode("utf-8")).hexdigest())
    return fingerprints

