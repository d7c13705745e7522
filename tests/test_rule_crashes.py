"""A rule that crashes costs only its own findings, and a structurally wrong document crashes none.

Containment is tested with a rule made to crash on purpose, so the test keeps testing it after
every real crash is fixed; the real crashes are hunted by mutating a valid spec.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from apilint.cli import FORMATS
from tests.test_bad_input import apilint, write

SPEC = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /users:
    get:
      operationId: dup
      responses: {"200": {description: ok}}
  /admins:
    get:
      operationId: dup
      responses: {"200": {description: ok}}
"""

# apilint's entry point, with one rule made to crash on every document.
_CRASHING = """
import runpy, sys
from apilint.registry import get_rule

def crash(api, options):
    yield from ()
    raise AttributeError("'list' object has no attribute 'get'\\n(second line)")

object.__setattr__(get_rule("create-returns-201"), "check", crash)
sys.argv[0] = "apilint"
runpy.run_module("apilint", run_name="__main__", alter_sys=True)
"""
CRASH_MESSAGE = "rule create-returns-201 crashed: AttributeError: 'list' object has no attribute 'get' (second line); please report it"


def _crashing_check(tmp_path: Path, *args: str):
    write(tmp_path / "spec.yaml", SPEC)
    return apilint(*args, "spec.yaml", cwd=tmp_path, argv0=[sys.executable, "-c", _CRASHING])


def test_crashing_rule_is_one_finding_and_the_other_rules_findings_are_kept(tmp_path):
    run = _crashing_check(tmp_path, "--format", "json")
    assert run.returncode == 2, run
    assert run.stderr == f"apilint: error: spec.yaml:1:1: {CRASH_MESSAGE}\n", run
    by_rule = {finding["rule"]: finding for finding in run.findings()}
    crash = by_rule["internal-error"]
    assert (crash["severity"], crash["message"], crash["pointer"]) == ("error", CRASH_MESSAGE, "")
    assert by_rule["operation-id-unique"]["line"] == 10  # another rule's finding survives
    assert run.report["files"] == ["spec.yaml"]


@pytest.mark.parametrize("output_format", [f for f in FORMATS if f != "json"])
def test_every_report_format_shows_the_crash(tmp_path, output_format):
    run = _crashing_check(tmp_path, "--format", output_format)
    assert run.returncode == 2, run
    assert "internal-error" in run.stdout and "create-returns-201 crashed" in run.stdout
    if output_format == "sarif":
        [sarif_run] = json.loads(run.stdout)["runs"]
        described = {rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]}
        reported = {result["ruleId"] for result in sarif_run["results"]}
        assert "internal-error" in reported and reported <= described
    if output_format == "junit":
        assert ET.fromstring(run.stdout).get("failures") != "0"


def test_internal_error_is_documented():
    rules = apilint_command("rules")
    assert rules.returncode == 0 and "internal-error" in rules.stdout
    explained = apilint_command("explain", "internal-error")
    assert explained.returncode == 0 and "please report it" in explained.stdout.replace("\n", " ").lower()


def apilint_command(*args: str):
    from tests.conftest import REPO, run_apilint

    return run_apilint(*args, cwd=REPO, timeout=60)
