"""Inline suppression with `x-apilint-ignore`, and baselines of accepted findings.

`x-apilint-ignore` on any node silences rules for that node and everything below it:

    x-apilint-ignore: [no-verb-in-path]                          # ids only
    x-apilint-ignore: {no-verb-in-path: "legacy, removed in v3"}  # ids with reasons

A baseline records today's findings by rule, file and JSON pointer (not line), so
`--baseline` reports only new ones and edits elsewhere in the file do not reset it.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection

from apilint.documents.source import SourceFile
from apilint.errors import UsageError
from apilint.finding import Finding, Node, Pointer, Severity
from apilint.registry import INVALID_IGNORE, UNUSED_IGNORE, unknown_rule

BASELINE_VERSION = 1


@dataclass
class _Ignore:
    source: SourceFile
    pointer: Pointer  # of the x-apilint-ignore key itself
    reasons: dict[str, str]  # rule id -> reason ("" when none was given)
    used: set[str] = field(default_factory=set)

    @property
    def scope(self) -> Pointer:
        return self.pointer[:-1]


def _entries(value: object) -> list[tuple[str, str, Pointer]] | None:
    """(rule id as written, reason, where below the key it is written); None for a value of
    no form x-apilint-ignore takes (an id, a list of ids, a mapping of ids to reasons)."""
    if isinstance(value, str):
        return [(value, "", ())]
    if isinstance(value, list):
        return [(str(item), "", (index,)) for index, item in enumerate(value)]
    if isinstance(value, dict):
        return [(str(key), "" if reason is None else str(reason), (key,)) for key, reason in value.items()]
    return None


class Suppressions:
    """Applies every x-apilint-ignore of the files a run loaded. An entry naming no known rule
    (`rule_names`: ids and aliases) applies to nothing and is reported by `invalid()`."""

    def __init__(self, sources: list[SourceFile], rule_names: Collection[str], canonical_id=lambda rule_id: rule_id):
        self._by_source: dict[SourceFile, list[_Ignore]] = {}
        self._invalid: list[Finding] = []
        for source in sources:
            ignores = []
            for pointer, value in source.ignores:
                entries = _entries(value)
                if entries is None:
                    self._report(
                        Node(source, pointer),
                        "x-apilint-ignore takes a rule id, a list of rule ids, or a mapping of rule ids to reasons",
                    )
                    continue
                reasons = {}
                for rule_id, reason, below in entries:
                    if rule_id in rule_names:
                        reasons[canonical_id(rule_id)] = reason
                    else:
                        where = Node(source, pointer + below)
                        self._report(where, f"x-apilint-ignore: {unknown_rule(rule_id, rule_names)}")
                ignores.append(_Ignore(source, pointer, reasons))
            if ignores:
                self._by_source[source] = ignores

    def _report(self, node: Node, message: str) -> None:
        finding = node.finding(message)
        finding.rule_id, finding.severity = INVALID_IGNORE, Severity.WARNING
        self._invalid.append(finding)

    def apply(self, findings: list[Finding]) -> None:
        """Mark covered findings as suppressed (with the reason); they stay in the list for reports."""
        for finding in findings:
            node = finding.node
            if node is None:
                continue
            for ignore in self._by_source.get(node.source, ()):
                if node.pointer[: len(ignore.scope)] == ignore.scope and finding.rule_id in ignore.reasons:
                    finding.suppressed_reason = ignore.reasons[finding.rule_id]
                    ignore.used.add(finding.rule_id)
                    break

    def invalid(self) -> list[Finding]:
        """Entries that name no rule, or values of no form x-apilint-ignore takes."""
        return self._invalid

    def unused(self) -> list[Finding]:
        findings = []
        for ignores in self._by_source.values():
            for ignore in ignores:
                for rule_id in ignore.reasons:
                    if rule_id not in ignore.used:
                        node = Node(ignore.source, ignore.pointer)
                        finding = node.finding(f"x-apilint-ignore for {rule_id!r} suppresses nothing here")
                        finding.rule_id, finding.severity = UNUSED_IGNORE, Severity.WARNING
                        findings.append(finding)
        return findings


def _baseline_key(finding: Finding, base: Path) -> tuple[str, str, str]:
    assert finding.location is not None
    path = finding.node.source.path if finding.node else Path(finding.location.path)
    relative = Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    return finding.rule_id, relative, finding.location.pointer


def write_baseline(findings: list[Finding], path: Path) -> None:
    base = path.resolve().parent
    entries = [
        {"rule": rule_id, "file": file, "pointer": pointer}
        for rule_id, file, pointer in sorted(_baseline_key(f, base) for f in findings if not f.suppressed)
    ]
    document = {"version": BASELINE_VERSION, "tool": "apilint", "findings": entries}
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def filter_baseline(findings: list[Finding], path: Path) -> list[Finding]:
    """The findings not recorded in the baseline (each recorded entry absorbs one finding)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        entries = document["findings"]
        known = Counter((entry["rule"], entry["file"], entry["pointer"]) for entry in entries)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UsageError(f"{path}: not a readable apilint baseline ({error})") from None
    base = path.resolve().parent
    remaining = []
    for finding in findings:
        key = _baseline_key(finding, base)
        if known[key] > 0:
            known[key] -= 1
        else:
            remaining.append(finding)
    return remaining
