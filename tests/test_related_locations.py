"""Related locations: a finding may point at other places (where an operationId was first used);
the runner locates them as it locates the finding itself, $ref'd files included, and every
report shows them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_apilint

SPEC = """\
openapi: 3.0.3
info: {title: Users, version: '1'}
paths:
  /admins:
    $ref: admins.yaml
  /users:
    get:
      operationId: listUsers
      responses: {'200': {description: ok}}
"""

ADMINS = """\
get:
  operationId: listUsers
  responses: {'200': {description: ok}}
"""


def _check(tmp_path: Path, *args: str):
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "admins.yaml").write_text(ADMINS, encoding="utf-8")
    return run_apilint("check", "spec.yaml", "--select", "operation-id-unique", *args, cwd=tmp_path, timeout=60)


def test_the_first_use_is_a_related_location_in_the_refd_file(tmp_path: Path) -> None:
    proc = _check(tmp_path, "--format", "json")
    assert proc.returncode == 1, proc
    [finding] = json.loads(proc.stdout)["findings"]
    assert (finding["file"], finding["line"], finding["column"]) == ("spec.yaml", 8, 7)
    assert finding["message"] == "operationId 'listUsers' is already used by GET /admins"  # no line in it
    assert finding["related"] == [{"file": "admins.yaml", "line": 2, "column": 3, "message": "first used here"}]


def test_text_prints_a_line_per_related_location(tmp_path: Path) -> None:
    proc = _check(tmp_path, "--quiet")
    assert proc.stdout.splitlines() == [
        "spec.yaml:8:7: error operation-id-unique operationId 'listUsers' is already used by GET /admins",
        "    related: admins.yaml:2:3 first used here",
    ]


def test_a_suppressed_finding_keeps_its_related_location(tmp_path: Path) -> None:
    # Suppression looks at the finding's own node only: an ignore beside the first use does not
    # silence the duplicate, one beside the duplicate does.
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "admins.yaml").write_text("x-apilint-ignore: {operation-id-unique: the original}\n" + ADMINS)
    proc = run_apilint("check", "spec.yaml", "--select", "operation-id-unique", "--format", "json", cwd=tmp_path, timeout=60)
    [finding] = json.loads(proc.stdout)["findings"]
    assert finding["suppressed"] is None and proc.returncode == 1

    suppressed_spec = SPEC.replace("  /users:\n", "  /users:\n    x-apilint-ignore: {operation-id-unique: legacy}\n")
    (tmp_path / "spec.yaml").write_text(suppressed_spec, encoding="utf-8")
    (tmp_path / "admins.yaml").write_text(ADMINS, encoding="utf-8")
    proc = run_apilint("check", "spec.yaml", "--select", "operation-id-unique", "--format", "json", cwd=tmp_path, timeout=60)
    [finding] = json.loads(proc.stdout)["findings"]
    assert finding["suppressed"] == {"reason": "legacy"} and proc.returncode == 0
    assert finding["related"] == [{"file": "admins.yaml", "line": 2, "column": 3, "message": "first used here"}]
