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
from apilint.errors import InputError, error_text, undecodable_line
from apilint.finding import Finding, Node, Pointer
from apilint.registry import INTERNAL_ERROR, INVALID_IGNORE, UNUSED_IGNORE, builtin_finding, unknown_rule

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
        self._invalid.append(builtin_finding(INVALID_IGNORE, node, message))

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
                        message = f"x-apilint-ignore for {rule_id!r} suppresses nothing here"
                        findings.append(builtin_finding(UNUSED_IGNORE, node, message))
        return findings


def _baseline_key(finding: Finding, base: Path) -> tuple[str, str, str]:
    assert finding.location is not None
    path = finding.node.source.path if finding.node else Path(finding.location.path)
    relative = Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    return finding.rule_id, relative, finding.location.pointer


def baseline_document(findings: list[Finding], path: Path) -> tuple[str, int]:
    """The baseline to write at `path` accepting today's findings: (its text, how many it
    accepts). Suppressed findings need no entry; a crashed rule is never accepted."""
    base = path.resolve().parent
    keys = sorted(_baseline_key(f, base) for f in findings if not f.suppressed and f.rule_id != INTERNAL_ERROR)
    entries = [{"rule": rule_id, "file": file, "pointer": pointer} for rule_id, file, pointer in keys]
    document = {"version": BASELINE_VERSION, "tool": "apilint", "findings": entries}
    return json.dumps(document, indent=2) + "\n", len(entries)


@dataclass
class Baseline:
    path: Path
    known: Counter[tuple[str, str, str]]  # (rule, file relative to the baseline, pointer) -> how many

    def filter(self, findings: list[Finding]) -> list[Finding]:
        """The findings not recorded in the baseline (each recorded entry absorbs one finding)."""
        known = self.known.copy()
        base = self.path.resolve().parent
        remaining = []
        for finding in findings:
            key = _baseline_key(finding, base)
            if known[key] > 0 and finding.rule_id != INTERNAL_ERROR:
                known[key] -= 1
            else:
                remaining.append(finding)
        return remaining


def load_baseline(path: Path) -> Baseline:
    """Read a baseline written by --write-baseline; anything else is an error naming the file."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(name, f"cannot read the baseline: {error_text(error)}") from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InputError(name, "the baseline is not UTF-8 text", undecodable_line(raw, error)) from None
    except json.JSONDecodeError as error:
        raise InputError(name, f"the baseline is not valid JSON: {error.msg}", error.lineno, error.colno) from None
    except (ValueError, RecursionError):  # a number too long to convert, nesting too deep
        raise InputError(name, "the baseline is not JSON that apilint wrote") from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise InputError(name, "not an apilint baseline: no `findings` list (write one with --write-baseline)")
    if document.get("version", BASELINE_VERSION) != BASELINE_VERSION:
        problem = f"baseline version {document['version']!r} is not supported (apilint reads {BASELINE_VERSION})"
        raise InputError(name, problem)
    known: Counter[tuple[str, str, str]] = Counter()
    for index, entry in enumerate(document["findings"]):
        fields = tuple(entry.get(key) for key in ("rule", "file", "pointer")) if isinstance(entry, dict) else ()
        if len(fields) != 3 or not all(isinstance(value, str) for value in fields):
            raise InputError(name, f"baseline entry {index + 1} needs `rule`, `file` and `pointer` strings")
        known[fields] += 1
    return Baseline(path, known)
