"""Shared test helpers: paths to the repo, its fixtures, and the shared corpus."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SHARED = (REPO.parent / "shared").resolve()  # CI may place ../shared as a symlink
CORPUS = SHARED / "corpus"

# A small valid spec with exactly one error finding (operation-id-unique) and a few others.
DUPLICATE_OPERATION_ID_SPEC = """\
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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes minutes (installs packages, e.g. pre-commit try-repo)")


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


def run_apilint(
    *args: str, cwd: Path, timeout: float, argv0: list[str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess:
    """`apilint ARGS...` as a user runs it: a separate process, no debug mode, no colour,
    standard input `input` (else inherited)."""
    env = dict(os.environ)
    env.pop("APILINT_DEBUG", None)  # debug mode re-raises: we test what users see
    env["NO_COLOR"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        (argv0 or [sys.executable, "-m", "apilint"]) + list(args),
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=env,
        input=input,
    )
