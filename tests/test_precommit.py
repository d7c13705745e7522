"""The pre-commit hook (.pre-commit-hooks.yaml), run for real with `pre-commit try-repo`.

try-repo clones the apilint repo at its HEAD commit (plus tracked files with
uncommitted changes; untracked files are ignored), builds a virtualenv and
pip-installs apilint and its dependencies into it from PyPI: minutes, and network.

APILINT_REPO_FOR_PRECOMMIT=/some/git/checkout points try-repo at another apilint
checkout, e.g. a temporary copy of an uncommitted working tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

HOOKS_FILE = ".pre-commit-hooks.yaml"
TIMEOUT = 600  # seconds per try-repo run: the first one builds the hook's virtualenv

GOOD_SPEC = """\
openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: A list of pets.
  /pets/{petId}:
    get:
      operationId: showPet
      parameters:
        - name: petId
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: One pet.
"""

DUPLICATE_ID_SPEC = """\
openapi: 3.0.3
info:
  title: Orders
  version: 1.0.0
paths:
  /orders:
    get:
      operationId: getOrders
      responses:
        "200":
          description: The orders.
  /archive/orders:
    get:
      operationId: getOrders
      responses:
        "200":
          description: Archived orders.
"""

# A split spec (the layout of the OpenAPI examples' petstore-separate): the spec names a
# response in a sibling directory. $refs may read anywhere in the git work tree.
SPLIT_SPEC_FILES = {
    "api/split/spec/openapi.yaml": GOOD_SPEC.replace(
        '          description: One pet.\n',
        '          description: One pet.\n        "404":\n          $ref: ../common/NotFound.yaml\n',
    ),
    "api/split/common/NotFound.yaml": "description: No such pet.\n",
}

# A gRPC API below proto/, importing another file of it and Google's bundled annotations: the hook
# gets only the changed file and must resolve its imports (the package names the root).
PROTO_FILES = {
    "proto/acme/orders/v1/orders.proto": """\
syntax = "proto3";
package acme.orders.v1;
import "google/api/annotations.proto";
import "acme/orders/v1/order.proto";
service OrderService {
  rpc GetOrder(GetOrderRequest) returns (Order) {
    option (google.api.http) = {get: "/v1/{name=orders/*}"};
    option idempotency_level = NO_SIDE_EFFECTS;
  }
}
message GetOrderRequest {
  string name = 1;
}
""",
    "proto/acme/orders/v1/order.proto": """\
syntax = "proto3";
package acme.orders.v1;
message Order {
  string name = 1;
}
""",
}

# YAML and JSON files every repository has that are not API descriptions:
# pre-commit passes them to the hook, and they must not fail it.
NOT_API_FILES = {
    ".github/workflows/ci.yml": """\
name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
""",
    "docker-compose.yml": """\
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
""",
    "package.json": '{"name": "pets-client", "version": "1.0.0", "private": true}\n',
}


def _pre_commit() -> str:
    """The pre-commit next to this interpreter (the venv's), else the one on PATH."""
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    for name in ("pre-commit", "pre-commit.exe"):
        candidate = Path(sys.executable).parent / name
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is importable but no pre-commit executable was found")
    return found


def _clean_env() -> dict[str, str]:
    """os.environ without GIT_DIR, GIT_INDEX_FILE, ...: set when pytest itself runs from a git hook."""
    return {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=_clean_env(), capture_output=True, text=True, check=True
    )
    return done.stdout


def _hook_repo() -> Path:
    """The apilint checkout try-repo installs from; skip unless it has the hooks file tracked."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    override = os.environ.get("APILINT_REPO_FOR_PRECOMMIT")
    repo = Path(override).resolve() if override else REPO
    try:
        top = Path(_git(repo, "rev-parse", "--show-toplevel").strip()).resolve()
        tracked = _git(repo, "ls-files", "--", HOOKS_FILE).strip()
    except (subprocess.CalledProcessError, OSError):
        pytest.skip(f"{repo} is not a git checkout (pre-commit try-repo needs one)")
    if top != repo:
        pytest.skip(f"{repo} is not the root of its git repository (that is {top})")
    if not tracked:
        pytest.skip(
            f"{HOOKS_FILE} is not tracked by git in {repo}: pre-commit try-repo only sees "
            f"committed or tracked files (git add {HOOKS_FILE}, and commit apilint itself)"
        )
    return repo


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_pre_commit_hook_passes_clean_specs_and_fails_on_findings(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    hook_repo = _hook_repo()

    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q")
    _git(project, "config", "user.name", "apilint tests")
    _git(project, "config", "user.email", "tests@apilint.invalid")
    _git(project, "config", "commit.gpgsign", "false")
    _write(project, "api/openapi.yaml", GOOD_SPEC)
    for relative, text in {**SPLIT_SPEC_FILES, **NOT_API_FILES, **PROTO_FILES}.items():
        _write(project, relative, text)
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "A clean API and some configuration")

    env = _clean_env()
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")  # never touch ~/.cache/pre-commit
    env.pop("APILINT_DEBUG", None)

    def try_repo() -> subprocess.CompletedProcess[str]:
        command = [pre_commit, "try-repo", str(hook_repo), "apilint", "--all-files", "--color=never"]
        return subprocess.run(
            command, cwd=project, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )

    clean = try_repo()
    clean_output = clean.stdout + clean.stderr
    assert clean.returncode == 0, f"hook failed on a clean repository:\n{clean_output}"
    assert "apilint" in clean_output and "Passed" in clean_output, clean_output

    _write(project, "api/orders.yaml", DUPLICATE_ID_SPEC)
    _git(project, "add", "api/orders.yaml")
    dirty = try_repo()
    dirty_output = dirty.stdout + dirty.stderr
    assert dirty.returncode == 1, f"expected exit 1 (findings), got {dirty.returncode}:\n{dirty_output}"
    assert "operation-id-unique" in dirty_output, dirty_output
    assert "api/orders.yaml" in dirty_output, dirty_output
    assert "Failed" in dirty_output, dirty_output

    # A change to one .proto file: compiled with its imports, and a GET with a body is an error.
    orders = PROTO_FILES["proto/acme/orders/v1/orders.proto"]
    _write(project, "proto/acme/orders/v1/orders.proto", orders.replace('orders/*}"}', 'orders/*}" body: "*"}'))
    _git(project, "reset", "-q", "api/orders.yaml")
    (project / "api" / "orders.yaml").unlink()
    _git(project, "add", "proto")
    changed = try_repo()
    changed_output = changed.stdout + changed.stderr
    assert changed.returncode == 1, changed_output
    assert "proto/acme/orders/v1/orders.proto:7:" in changed_output and "proto-http-annotation" in changed_output
