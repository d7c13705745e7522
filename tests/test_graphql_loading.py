"""GraphQL loading through the real CLI (apilint/documents/graphql.py): grouping files into
schemas, invalid SDL, operations, introspection JSON, input errors, suppression, locations."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import run_apilint


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _check(root: Path, *args: str) -> subprocess.CompletedProcess:
    run = run_apilint("check", *args, cwd=root, timeout=60)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr + run.stdout, run
    return run


def _findings(root: Path, *args: str) -> list[dict]:
    run = _check(root, "--format", "json", *args)
    assert run.returncode in (0, 1), run
    return json.loads(run.stdout)["findings"]


def _where(findings: list[dict], rule: str | None = None) -> list[tuple[str, int, int]]:
    return [(f["file"], f["line"], f["column"]) for f in findings if rule is None or f["rule"] == rule]


def _input_error(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == 2, run
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("apilint: error: "), run
    return lines[0]


# -- invalid SDL: built anyway, every problem a finding --------------------------------------


def test_a_schema_using_an_undefined_type_is_still_checked_by_every_rule(tmp_path: Path) -> None:
    _write(tmp_path, {"schema.graphql": "type Query {\n  team: Team\n  teams(role: Role): [Team]\n}\n"})
    findings = _findings(tmp_path, "schema.graphql")
    assert _where(findings, "graphql-schema-valid") == [("schema.graphql", 2, 9), ("schema.graphql", 3, 15), ("schema.graphql", 3, 23)]
    assert not [f for f in findings if f["rule"] == "rule-crashed"]


def test_a_thing_defined_twice_is_reported_at_the_repeat_with_the_first_as_related(tmp_path: Path) -> None:
    _write(tmp_path, {"a.graphql": "type Query {\n  user: User\n}\n", "b.graphql": "type User {\n  id: ID\n}\ntype User {\n  name: String\n}\n"})
    (finding,) = _findings(tmp_path, "a.graphql", "b.graphql")
    assert (finding["file"], finding["line"], finding["column"]) == ("b.graphql", 4, 6)
    assert [(r["file"], r["line"], r["column"], r["message"]) for r in finding["related"]] == [("b.graphql", 1, 6, "first defined here")]


# -- operations ------------------------------------------------------------------------------


def test_every_invalid_field_of_an_operations_file_is_reported_not_only_the_first_hundred(tmp_path: Path) -> None:
    fields = "\n".join(f"    unknown{number}" for number in range(150))
    _write(tmp_path, {"schema.graphql": "type Query {\n  name: String\n}\n", "ops.graphql": f"query Many {{\n{fields}\n}}\n"})
    findings = _findings(tmp_path, ".")
    assert len(findings) == 150
    assert _where(findings)[:2] == [("ops.graphql", 2, 5), ("ops.graphql", 3, 5)]
    assert {f["pointer"] for f in findings} == {"query Many"}
    assert not [f for f in findings if "Too many" in f["message"]]


def test_a_fragment_no_operation_of_its_file_uses_is_no_finding(tmp_path: Path) -> None:
    _write(tmp_path, {"schema.graphql": "type Query {\n  name: String\n}\n", "fragments.graphql": "fragment Name on Query {\n  name\n}\n"})
    assert _findings(tmp_path, ".") == []
