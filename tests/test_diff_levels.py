"""The level a change is reported at depends on more than its id: a removal after deprecation
(and its x-sunset, where given) is not breaking, and an operation's x-stability-level below
stable makes its breaks dangerous unless `--strict`. The fixtures check which findings there
are; these check their levels."""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.config import Config
from apilint.diff.runner import run_diff
from apilint.documents.workspace import LoadOptions
from tests.conftest import run_apilint

_OLD = """\
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /users:
    get: {responses: {"200": {description: ok}}}
  /users/{id}:
    get: {responses: {"200": {description: ok}}}
    delete:
OPERATION      responses: {"204": {description: gone}}
"""
_NEW = """\
openapi: 3.0.3
info: {title: t, version: 2.0.0}
paths:
  /users:
    get: {responses: {"200": {description: ok}}}
  /users/{id}:
    get: {responses: {"200": {description: ok}}}
"""


def _levels(tmp_path: Path, old: str, new: str, *, strict: bool = False) -> list[tuple[str, str]]:
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    result = run_diff([tmp_path / "old.yaml"], [tmp_path / "new.yaml"], Config(), LoadOptions(), strict=strict)
    assert not result.errors, result.errors
    return [(f.rule_id, f.severity.label) for f in result.findings]


@pytest.mark.parametrize(
    ("marks", "level"),
    [
        ("", "error"),
        ("      deprecated: true\n", "info"),
        ('      deprecated: true\n      x-sunset: "2020-01-01"\n', "info"),
        ('      deprecated: true\n      x-sunset: "2999-12-31"\n', "error"),  # its clients were promised time
        ('      x-sunset: "2020-01-01"\n', "error"),  # a sunset without deprecation announces nothing
    ],
    ids=["not-deprecated", "deprecated", "sunset-past", "sunset-future", "sunset-only"],
)
def test_removing_an_operation_is_breaking_until_its_deprecation_ran_out(tmp_path: Path, marks: str, level) -> None:
    assert _levels(tmp_path, _OLD.replace("OPERATION", marks), _NEW) == [("operation-removed", level)]


def test_a_path_whose_operations_were_all_retired_is_removed_without_breaking(tmp_path: Path) -> None:
    old = _OLD.replace("OPERATION", "") + '  /legacy:\n    get:\n      deprecated: true\n      x-sunset: "2020-01-01"\n'
    old += '      responses: {"200": {description: ok}}\n'
    levels = _levels(tmp_path, old, _NEW)
    assert ("path-removed", "info") in levels and ("operation-removed", "error") in levels


_BETA = """\
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /jobs:
    get:
      x-stability-level: LEVEL
      operationId: OPERATION_ID
      responses: {"200": {description: ok}}
"""


@pytest.mark.parametrize(
    ("old_level", "new_level", "strict", "level"),
    [
        ("beta", "beta", False, "warning"),
        ("alpha", "draft", False, "warning"),  # lowered from one unstable level to another
        ("beta", "beta", True, "error"),
        ("stable", "stable", False, "error"),
        ("beta", "stable", False, "warning"),  # raised in this version: its breaks were made while beta
    ],
)
def test_breaking_an_unstable_operation_is_dangerous_unless_strict(
    tmp_path: Path, old_level: str, new_level: str, strict: bool, level: str
) -> None:
    old = _BETA.replace("LEVEL", old_level).replace("OPERATION_ID", "listJobs")
    new = _BETA.replace("LEVEL", new_level).replace("OPERATION_ID", "getJobs")
    levels = _levels(tmp_path, old, new, strict=strict)
    assert ("operation-id-changed", level) in levels


def test_lowering_the_stability_level_breaks_what_was_promised(tmp_path: Path) -> None:
    old = _BETA.replace("LEVEL", "stable").replace("OPERATION_ID", "listJobs")
    new = _BETA.replace("LEVEL", "beta").replace("OPERATION_ID", "getJobs")
    levels = _levels(tmp_path, old, new)
    # The clients of a stable operation are broken by this version, lowering included.
    assert ("operation-stability-decreased", "error") in levels and ("operation-id-changed", "error") in levels


def test_strict_through_the_cli_fails_the_gate_on_a_beta_break(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(_BETA.replace("LEVEL", "beta").replace("OPERATION_ID", "listJobs"))
    (tmp_path / "new.yaml").write_text(_BETA.replace("LEVEL", "beta").replace("OPERATION_ID", "getJobs"))
    args = ("diff", "old.yaml", "new.yaml", "--select", "operation-id-changed")
    lenient = run_apilint(*args, cwd=tmp_path, timeout=60)
    strict = run_apilint(*args, "--strict", cwd=tmp_path, timeout=60)
    assert (lenient.returncode, strict.returncode) == (0, 1), (lenient.stderr, strict.stderr)
    assert "dangerous operation-id-changed" in lenient.stdout and "x-stability-level is beta" in lenient.stdout
    assert "breaking operation-id-changed" in strict.stdout


_BODY = """\
openapi: 3.0.3
info: {title: t, version: 2.0.0}
paths:
  /hooks:
    post:
      requestBody:
REQUIRED        content:
          application/json:
            schema: {type: object, SCHEMA properties: {name: {type: string}}}
      responses: {"201": {description: created}}
"""


@pytest.mark.parametrize(
    ("schema", "level"),
    [("", "error"), ("required: [name],", "warning")],
    ids=["no-property-required", "properties-required-already"],
)
def test_a_body_made_required_is_dangerous_when_its_schema_required_properties(tmp_path: Path, schema, level) -> None:
    # A client that sent no body broke the old schema's `required` already: GitHub's description
    # made 113 such bodies required in one release, writing down what its servers always did.
    old = _BODY.replace("REQUIRED", "").replace("SCHEMA", schema)
    new = _BODY.replace("REQUIRED", "        required: true\n").replace("SCHEMA", schema)
    found = [entry for entry in _levels(tmp_path, old, new) if entry[0] == "request-body-became-required"]
    assert found == [("request-body-became-required", level)]


_PET = """\
openapi: 3.0.3
info: {title: t, version: 2.0.0}
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, CLOSED properties: {name: {type: string}PROPERTY}}
      responses: {"201": {description: created}}
"""


@pytest.mark.parametrize(
    ("closed", "level"), [("", "warning"), ("additionalProperties: false,", "error")], ids=["open", "closed"]
)
def test_a_removed_request_property_breaks_where_the_schema_rejects_it(tmp_path: Path, closed, level) -> None:
    # Adyen closes every schema: its 32 properties removed from a donation request are rejected now.
    old = _PET.replace("CLOSED", closed).replace("PROPERTY", ", nickname: {type: string}")
    new = _PET.replace("CLOSED", closed).replace("PROPERTY", "")
    found = [entry for entry in _levels(tmp_path, old, new) if entry[0] == "request-property-removed"]
    assert found == [("request-property-removed", level)]


@pytest.mark.parametrize(
    ("old_format", "new_format", "level"),
    [("", ", format: date-time", "warning"), (", format: date-time", ", format: date", "error")],
    ids=["format-added", "format-changed"],
)
def test_a_request_property_format_added_is_dangerous_and_changed_breaking(
    tmp_path: Path, old_format, new_format, level
) -> None:
    # Added, it mostly writes down what the description asked for ("an ISO 8601 timestamp"), as
    # for parameters; changed, it rejects what the old format admitted.
    old = _PET.replace("CLOSED", "").replace("{type: string}PROPERTY", "{type: string" + old_format + "}")
    new = _PET.replace("CLOSED", "").replace("{type: string}PROPERTY", "{type: string" + new_format + "}")
    found = [entry for entry in _levels(tmp_path, old, new) if entry[0] == "request-property-type-changed"]
    assert found == [("request-property-type-changed", level)]
