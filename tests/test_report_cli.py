"""Reports and the terminal through the CLI: what users see of `apilint check` and `apilint rules`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_apilint

TIMEOUT = 60

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


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.yaml").write_text(SPEC)
    return tmp_path


# --- the terminal


def test_control_characters_from_a_spec_never_reach_the_terminal(project: Path) -> None:
    (project / "api.yaml").write_text(SPEC.replace("/admins:", '"/admins\\e[2J\\a":'))
    run = run_apilint("check", "api.yaml", cwd=project, timeout=TIMEOUT)

    assert run.returncode == 1, run.stderr
    assert "\x1b" not in run.stdout + run.stderr and "\x07" not in run.stdout
    assert "/admins\\x1b[2J\\x07" in run.stdout


def test_control_characters_in_a_file_name_never_reach_the_terminal(project: Path) -> None:
    (project / "e\x1b[2J.yaml").write_text("")
    run = run_apilint("check", "e\x1b[2J.yaml", cwd=project, timeout=TIMEOUT)

    assert run.returncode == 2
    assert run.stderr == "apilint: error: e\\x1b[2J.yaml: file is empty\n"
