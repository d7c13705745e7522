"""SARIF 2.1.0 output, shaped for GitHub code scanning (stable fingerprints, rule help, suppressions).

Files that could not be checked are error notifications of a failed invocation
(`executionSuccessful: false`), so a dashboard never shows a broken spec as clean."""

from __future__ import annotations

import hashlib
import inspect
import json
from collections import Counter
from pathlib import Path, PurePath
from urllib.parse import quote

from apilint.errors import InputError
from apilint.finding import Finding, Location
from apilint.reporters import ReportContext, RuleInfo, message_with_suggestion

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/apilint/apilint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "apilintFingerprint/v1"
# GitHub code scanning truncates longer rule descriptions.
FULL_DESCRIPTION_LIMIT = 1000

_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(findings: list[Finding], context: ReportContext) -> str:
    rules = _rules_with_findings(findings, context)
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    artifact_index = {_normalize(path): index for index, path in enumerate(context.files)}
    fingerprints = _fingerprints(findings)
    run = {
        "tool": {
            "driver": {
                "name": "apilint",
                "version": context.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(rule) for rule in rules],
            }
        },
        "invocations": [_invocation(context.errors)],
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        # Our columns count characters; stating it keeps viewers from reading them as UTF-16 units.
        "columnKind": "unicodeCodePoints",
        "artifacts": [{"location": _artifact_location(path)} for path in context.files],
        "results": [
            _result(finding, fingerprint, rule_index, artifact_index)
            for finding, fingerprint in zip(findings, fingerprints)
        ],
    }
    document = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    # No indent: json's C encoder only runs without one; SARIF is read by tools, not people.
    return json.dumps(document, ensure_ascii=False) + "\n"


def _rules_with_findings(findings: list[Finding], context: ReportContext) -> list[RuleInfo]:
    reported_ids = {finding.rule_id for finding in findings}
    return [context.rules[rule_id] for rule_id in sorted(reported_ids) if rule_id in context.rules]


def _rule_descriptor(rule: RuleInfo) -> dict:
    docs = inspect.cleandoc(rule.docs)
    descriptor = {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _full_description(rule)},
        "help": {"text": docs, "markdown": docs},
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


def _invocation(errors: list[InputError]) -> dict:
    invocation: dict = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [_notification(error) for error in errors]
    return invocation


def _notification(error: InputError) -> dict:
    physical: dict = {"artifactLocation": _artifact_location(error.path)}
    if error.line is not None:
        physical["region"] = {"startLine": error.line}
        if error.column is not None:
            physical["region"]["startColumn"] = error.column
    return {"level": "error", "message": {"text": error.message}, "locations": [{"physicalLocation": physical}]}


def _result(finding: Finding, fingerprint: str, rule_index: dict[str, int], artifact_index: dict[str, int]) -> dict:
    location = finding.location
    assert location is not None, "reporters receive located findings"
    result: dict = {"ruleId": finding.rule_id}
    if finding.rule_id in rule_index:
        result["ruleIndex"] = rule_index[finding.rule_id]
    result["level"] = _LEVELS[finding.severity.label]
    result["message"] = {"text": message_with_suggestion(finding)}
    result["locations"] = [_location(location, artifact_index)]
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    if finding.suppressed:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed_reason}]
    return result


def _location(location: Location, artifact_index: dict[str, int]) -> dict:
    artifact = _artifact_location(location.path)
    index = artifact_index.get(_normalize(location.path))
    if index is not None:
        artifact["index"] = index
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {
                "startLine": location.line,
                "startColumn": location.column,
                "endLine": location.end_line,
                "endColumn": location.end_column,
            },
        },
        "logicalLocations": [{"fullyQualifiedName": location.pointer, "kind": "member"}],
    }


def _artifact_location(path: str) -> dict:
    if PurePath(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(_normalize(path)), "uriBaseId": SRCROOT}


def _normalize(path: str) -> str:
    return path.replace("\\", "/")


def _fingerprints(findings: list[Finding]) -> list[str]:
    """One hash per finding from (rule, path, pointer, occurrence), so edits that move lines keep it.

    The occurrence counter tells apart findings that share all three, in report order.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    fingerprints = []
    for finding in findings:
        location = finding.location
        assert location is not None, "reporters receive located findings"
        identity = (finding.rule_id, _normalize(location.path), location.pointer)
        seen[identity] += 1
        payload = "\0".join((*identity, str(seen[identity])))
        fingerprints.append(hashlib.sha256(payload.encode("utf-8")).hexdigest())
    return fingerprints

