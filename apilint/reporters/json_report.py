"""Machine-readable findings. The schema is stable and versioned; see README "JSON output".

    {"version": 1, "tool": {"name": "apilint", "version": "..."},
     "files": ["spec.yaml"],
     "errors": [{"file": "broken.yaml", "line": 4, "column": 3, "message": "..."}],
     "summary": {"error": 1, "warning": 0, "info": 0, "suppressed": 0},
     "findings": [{"rule": "...", "severity": "error", "message": "...",
                   "file": "spec.yaml", "line": 3, "column": 5, "end_line": 3, "end_column": 12,
                   "pointer": "/paths/~1users", "suggestion": null, "suppressed": null,
                   "related": [{"file": "spec.yaml", "line": 2, "column": 5, "message": "first used here"}]}]}

"suppressed" is null, or {"reason": "..."} when an x-apilint-ignore covers the finding.
"errors" lists the files that could not be checked (the run exits 2); "line" and "column"
are null when unknown. It came after version 1 was published: adding a key is compatible,
so the version stays 1 and readers of older reports treat a missing "errors" as []. So did
"related" (other places a finding points at, each with a label; usually []) and "operations"
(those a breaking change concerns, "GET /users"; [] for `check`).

`apilint diff` writes the same document with its levels for severities: "severity" is
"breaking", "dangerous" or "non-breaking", and so are the summary's keys.
"""

from __future__ import annotations

import json

from apilint.errors import InputError
from apilint.finding import Finding
from apilint.reporters import ReportContext

SCHEMA_VERSION = 1


def finding_to_dict(finding: Finding, context: ReportContext) -> dict:
    location = finding.location
    assert location is not None
    return {
        "rule": finding.rule_id,
        "severity": context.level(finding),
        "message": finding.message,
        "file": location.path,
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
        "pointer": location.pointer,
        "suggestion": finding.suggestion,
        "suppressed": None if not finding.suppressed else {"reason": finding.suppressed_reason or ""},
        "related": [
            {"file": related.path, "line": related.line, "column": related.column, "message": label}
            for related, label in finding.related_locations
        ],
        "operations": list(finding.subjects),
    }


def error_to_dict(error: InputError) -> dict:
    return {"file": error.path, "line": error.line, "column": error.column, "message": error.message}


def render(findings: list[Finding], context: ReportContext) -> str:
    summary = dict.fromkeys([*context.level_names, "suppressed"], 0)
    for finding in findings:
        summary["suppressed" if finding.suppressed else context.level(finding)] += 1
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "apilint", "version": context.tool_version},
        "files": context.files,
        "errors": [error_to_dict(error) for error in context.errors],
        "summary": summary,
        "findings": [finding_to_dict(finding, context) for finding in findings],
    }
    # No indent: with one, json falls back to its pure-Python encoder (25 ms for Stripe's ~900
    # findings). One finding per line keeps the output readable and diffable.
    lines = ",\n".join(json.dumps(finding, ensure_ascii=False) for finding in document.pop("findings"))
    head = json.dumps(document, ensure_ascii=False)[:-1]
    return f'{head}, "findings": [\n{lines}\n]}}\n'
