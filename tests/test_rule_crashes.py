"""A rule that crashes costs only its own findings, and a structurally wrong document crashes none.

Containment is tested with a rule made to crash on purpose, so the test keeps testing it after
every real crash is fixed; the real crashes are hunted by mutating a valid spec.
"""

from __future__ import annotations

import copy
import json
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from apilint.cli import FORMATS
from apilint.config import Config
from apilint.documents.workspace import LoadOptions
from apilint.runner import run_check
from tests.conftest import DUPLICATE_OPERATION_ID_SPEC, REPO, run_apilint
from tests.test_bad_input import apilint, write

SPEC = DUPLICATE_OPERATION_ID_SPEC

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
        # The run is not successful (its exit code is 2): a dashboard must not show it green. The
        # crash is one result, not also a notification.
        [invocation] = sarif_run["invocations"]
        assert invocation == {"executionSuccessful": False}
    if output_format == "github":  # one annotation for the crash, not two
        assert run.stdout.count("create-returns-201 crashed") == 1, run.stdout
    if output_format == "junit":
        assert ET.fromstring(run.stdout).get("failures") != "0"


def test_no_baseline_accepts_a_crash(tmp_path):
    run = _crashing_check(tmp_path, "--write-baseline", "baseline.json")
    assert run.returncode == 2 and "baseline not written" in run.stderr, run
    assert not (tmp_path / "baseline.json").exists()
    entry = {"rule": "internal-error", "file": "spec.yaml", "pointer": ""}
    write(tmp_path / "baseline.json", json.dumps({"version": 1, "findings": [entry]}))
    run = _crashing_check(tmp_path, "--baseline", "baseline.json", "--format", "json")
    assert run.returncode == 2 and [f["rule"] for f in run.findings()].count("internal-error") == 1, run


def test_internal_error_is_documented():
    rules = run_apilint("rules", cwd=REPO, timeout=60)
    assert rules.returncode == 0 and "internal-error" in rules.stdout
    explained = run_apilint("explain", "internal-error", cwd=REPO, timeout=60)
    assert explained.returncode == 0 and "please report it" in explained.stdout.replace("\n", " ").lower()


# -- structurally wrong documents: findings, never a crash ----------------------------------

VALID_30 = """\
openapi: 3.0.3
info:
  title: Shop
  version: "1"
servers:
  - url: https://api.example.com/{apiVersion}
    variables:
      apiVersion:
        default: v1
        enum: [v1]
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - $ref: "#/components/parameters/Limit"
      responses:
        "200":
          description: The orders.
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Order"}
        "429":
          $ref: "#/components/responses/TooMany"
    post:
      operationId: createOrder
      parameters:
        - $ref: "#/components/parameters/IdempotencyKey"
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Order"}
      responses:
        "201":
          description: Created.
          headers:
            Location: {schema: {type: string}}
  /orders/{orderId}:
    parameters:
      - {name: orderId, in: path, required: true, schema: {type: string}}
    get:
      operationId: getOrder
      responses:
        "200":
          description: The order.
          headers:
            ETag: {schema: {type: string}}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
    put:
      operationId: putOrder
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Order"}
      responses:
        "204": {description: Replaced.}
components:
  parameters:
    Limit:
      name: limit
      in: query
      schema:
        allOf: [{type: integer}, {maximum: 100}]
    IdempotencyKey: {name: Idempotency-Key, in: header, schema: {type: string}}
  responses:
    TooMany:
      description: Slow down.
      headers:
        Retry-After: {schema: {type: integer}}
  schemas:
    Order:
      type: object
      properties:
        id: {type: string}
        etag: {type: string}
"""

VALID_20 = """\
swagger: "2.0"
info: {title: Shop, version: "1"}
basePath: /v1
consumes: [application/json]
produces: [application/json]
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - {name: limit, in: query, type: integer, maximum: 100}
      responses:
        "200":
          description: The orders.
          schema:
            type: array
            items: {$ref: "#/definitions/Order"}
    post:
      operationId: createOrder
      parameters:
        - {name: order, in: body, required: true, schema: {$ref: "#/definitions/Order"}}
        - $ref: "#/parameters/IdempotencyKey"
      responses:
        "201": {description: Created., headers: {Location: {type: string}}}
parameters:
  IdempotencyKey: {name: Idempotency-Key, in: header, type: string}
definitions:
  Order:
    type: object
    properties:
      id: {type: string}
"""

# Each value of a JSON type different from the node's, so every mutation breaks the OpenAPI schema.
_WRONG_VALUES = (["x"], "x", 5, None, {"x": 1})


def _mutations(data, pointer=()):
    """(description, pointer, change, must the schema check find it) for every node but the root:
    each wrong value in its place, and (for a mapping entry) its key renamed to an integer or to
    a digit int() refuses. A renamed key may still be valid, so only a crash counts there."""
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in list(children):
        where = "/".join(map(str, pointer + (key,)))
        for wrong in _WRONG_VALUES:
            if type(wrong) is not type(value):
                yield f"{where} = {wrong!r}", pointer + (key,), wrong, True
        # Without its `openapi:`/`swagger:` key a file is no API description (an input error).
        if isinstance(data, dict) and pointer + (key,) not in (("openapi",), ("swagger",)):
            for new_key in _WRONG_KEYS:
                yield f"key {where} -> {new_key!r}", pointer + (key,), _Rename(new_key), False
        yield from _mutations(value, pointer + (key,))


_WRONG_KEYS = (5, "²")


@dataclass(frozen=True)
class _Rename:
    key: object


def _mutated(data, pointer, change):
    data = copy.deepcopy(data)
    parent = data
    for token in pointer[:-1]:
        parent = parent[token]
    if isinstance(change, _Rename):
        parent[change.key] = parent.pop(pointer[-1])
    else:
        parent[pointer[-1]] = copy.deepcopy(change)
    return data


@pytest.mark.parametrize("spec", [VALID_30, VALID_20], ids=["3.0", "2.0"])
def test_structurally_wrong_documents_give_findings_not_crashes(tmp_path, spec):
    original = yaml.safe_load(spec)
    path = tmp_path / "spec.yaml"
    path.write_text(spec)
    assert run_check([path], Config(), LoadOptions(), select=["oas-schema-valid"]).findings == []
    crashed, silent, count = [], [], 0
    for description, pointer, change, must_be_found in _mutations(original):
        path.write_text(yaml.safe_dump(_mutated(original, pointer, change)))  # YAML keeps integer keys
        result = run_check([path], Config(), LoadOptions())
        count += 1
        assert not result.errors, (description, result.errors)
        crashed += [f"{description}: {f.message}" for f in result.findings if f.rule_id == "internal-error"]
        if must_be_found and not any(f.rule_id == "oas-schema-valid" for f in result.findings):
            silent.append(description)
    assert count > 300  # the loop really ran
    assert crashed == []
    assert silent == []
