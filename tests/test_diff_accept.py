"""Deliberate breaks pass the gate: `accept-breaking` entries in the configuration (a change id
and a reason, for one operation, a path prefix, or everywhere), or `x-apilint-accept-breaking`
in the new version. Accepted findings stay in the report, suppressed with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apilint.config import load_config
from apilint.diff.runner import run_diff
from apilint.documents.workspace import LoadOptions
from apilint.errors import UsageError
from tests.conftest import run_apilint

_OLD = """\
openapi: 3.0.3
info: {title: t, version: 1.0.0}
security:
  - apiKey: []
paths:
  /users:
    get:
      operationId: listUsers
      responses: {"200": {description: ok}}
  /teams:
    get:
      operationId: listTeams
      responses: {"200": {description: ok}}
  /legacy:
    get: {responses: {"200": {description: ok}}}
  /legacy/{id}:
    get: {responses: {"200": {description: ok}}}
    delete: {responses: {"204": {description: gone}}}
  /legacyx:
    get: {responses: {"200": {description: ok}}}
"""
_NEW = """\
openapi: 3.0.3
info: {title: t, version: 1.0.0}
security:
  - apiKey: []
    mtls: []
paths:
  /users:
    get:
      operationId: getUsers
      responses: {"200": {description: ok}}
  /teams:
    get:
      operationId: getTeams
      responses: {"200": {description: ok}}
  /legacy/{legacy_id}:
    get: {responses: {"200": {description: ok}}}
"""


def _diff(tmp_path: Path, config: str, new: str = _NEW) -> dict[tuple[str, str], str | None]:
    """{(rule id, what it concerns): the reason it was accepted, or None}."""
    (tmp_path / "old.yaml").write_text(_OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    (tmp_path / ".apilint.yaml").write_text(config, encoding="utf-8")
    config_ = load_config(tmp_path / ".apilint.yaml")
    result = run_diff([tmp_path / "old.yaml"], [tmp_path / "new.yaml"], config_, LoadOptions())
    assert not result.errors, result.errors
    return {
        (f.rule_id, ", ".join(f.subjects) or f.message.split(" removed")[0]): f.suppressed_reason
        for f in result.findings
        if f.rule_id != "version-not-bumped"
    }


def test_an_entry_for_an_operation_accepts_that_operation_only(tmp_path: Path) -> None:
    config = 'accept-breaking:\n  - {change: operation-id-changed, operation: "get /users", reason: "SDK v2"}\n'
    found = _diff(tmp_path, config)
    assert found[("operation-id-changed", "GET /users")] == "SDK v2"
    assert found[("operation-id-changed", "GET /teams")] is None


def test_an_entry_for_a_path_accepts_it_and_the_paths_below_it(tmp_path: Path) -> None:
    config = "accept-breaking:\n"
    config += "  - {change: path-removed, path: /legacy, reason: retired}\n"
    config += "  - {change: operation-removed, path: /legacy, reason: retired}\n"
    found = _diff(tmp_path, config)
    assert found[("path-removed", "path /legacy")] == "retired"
    assert found[("operation-removed", "DELETE /legacy/{id}")] == "retired"  # the variable's name does not matter
    assert found[("path-removed", "path /legacyx")] is None  # a prefix of the text, not of the path


def test_a_change_that_concerns_other_operations_too_is_not_accepted_for_one(tmp_path: Path) -> None:
    # The document's security concerns every operation: accepting it for one leaves the others broken.
    one = 'accept-breaking:\n  - {change: security-requirement-added, operation: "GET /users", reason: r}\n'
    everywhere = "accept-breaking:\n  - {change: security-requirement-added, path: /, reason: mTLS for all}\n"
    key = ("security-requirement-added", "GET /users, GET /teams, GET /legacy/{legacy_id}")
    assert _diff(tmp_path, one)[key] is None
    assert _diff(tmp_path, everywhere)[key] == "mTLS for all"


def test_an_entry_without_a_place_accepts_the_change_everywhere(tmp_path: Path) -> None:
    found = _diff(tmp_path, "accept-breaking:\n  - {change: operation-id-changed, reason: new SDK naming}\n")
    assert [reason for (rule_id, _), reason in found.items() if rule_id == "operation-id-changed"] == [
        "new SDK naming",
        "new SDK naming",
    ]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{change: path-removd, reason: r}", "unknown breaking change 'path-removd'; did you mean 'path-removed'?"),
        ("{change: no-verb-in-path, reason: r}", "unknown breaking change 'no-verb-in-path'"),  # a lint rule
        ("{change: path-removed}", "`reason` is required"),
        ("{change: path-removed, reason: r, operaton: GET /a}", "unknown key 'operaton'; did you mean 'operation'?"),
        ("{change: path-removed, reason: r, operation: /users}", "`operation` must be METHOD /path"),
        ("{change: path-removed, reason: r, path: /a, operation: GET /a}", "not both"),
    ],
)
def test_a_malformed_entry_is_a_usage_error_naming_it(tmp_path: Path, entry: str, problem: str) -> None:
    with pytest.raises(UsageError, match=problem.replace("?", r"\?")):
        _diff(tmp_path, f"accept-breaking:\n  - {{change: operation-removed, reason: ok}}\n  - {entry}\n")


def test_a_typo_fails_the_cli_with_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(_OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(_NEW, encoding="utf-8")
    (tmp_path / ".apilint.yaml").write_text("accept-breaking:\n  - {change: path-removd, reason: r}\n")
    run = run_apilint("diff", "old.yaml", "new.yaml", cwd=tmp_path, timeout=60)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("apilint: error: ") and len(run.stderr.splitlines()) == 1
    assert "accept-breaking[0]" in run.stderr and "did you mean 'path-removed'" in run.stderr


_NEW_ACCEPTING = _NEW.replace(
    "  /legacy/{legacy_id}:\n",
    "  /legacy/{legacy_id}:\n    x-apilint-accept-breaking: {operation-removed: moved to /v2, operation-remove: typo}\n",
)


def test_a_removal_is_accepted_at_the_path_item_that_held_it_and_a_wrong_id_is_invalid(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(_OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(_NEW_ACCEPTING, encoding="utf-8")
    run = run_apilint("diff", "old.yaml", "new.yaml", "--format", "json", cwd=tmp_path, timeout=60)
    findings = json.loads(run.stdout)["findings"]
    removed = next(f for f in findings if f["rule"] == "operation-removed")
    assert removed["suppressed"] == {"reason": "moved to /v2"}
    [invalid] = [f for f in findings if f["rule"] == "invalid-ignore"]
    assert "operation-remove" in invalid["message"] and invalid["line"] == 16  # where the wrong id is written


def test_when_every_break_is_accepted_the_gate_passes_and_the_version_note_is_not_given(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(_OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(_NEW, encoding="utf-8")
    ids = ("path-removed", "operation-removed", "operation-id-changed", "security-requirement-added")
    entries = "".join(f"  - {{change: {rule_id}, reason: planned for 1.0}}\n" for rule_id in ids)
    (tmp_path / ".apilint.yaml").write_text("accept-breaking:\n" + entries, encoding="utf-8")
    run = run_apilint("diff", "old.yaml", "new.yaml", "--format", "json", cwd=tmp_path, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    findings = json.loads(run.stdout)["findings"]
    assert {f["rule"] for f in findings} == set(ids)  # still reported, and no version-not-bumped
    assert all(f["suppressed"] == {"reason": "planned for 1.0"} for f in findings if f["severity"] == "error")
