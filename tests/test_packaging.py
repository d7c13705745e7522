"""What users install: the built wheel holds every module, rule and template, and a check
of an OpenAPI spec does not pay for the GraphQL or protobuf libraries at start-up.

Tests and CI run from an editable install, which finds any module in the source tree: only
a built wheel shows what a package list forgot.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from apilint.registry import all_rules
from tests.conftest import DUPLICATE_OPERATION_ID_SPEC, REPO, run_apilint

# What the build reads: pyproject.toml names the readme; setup.py lists the packages.
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", "apilint", "rules")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built offline with the installed setuptools from a copy of the sources: a
    build in the repo would reuse its build/ folder, where a stale copy of a package the list
    misses would still end up in the wheel."""
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
    built = subprocess.run([*command, "-w", str(out), str(source)], capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel_file,) = out.glob("apilint-*.whl")
    return wheel_file


def _installed_path(source: Path) -> str:
    """Where a source file lands in the wheel: rules/ installs as apilint/rules/."""
    relative = source.relative_to(REPO).as_posix()
    return "apilint/" + relative if relative.startswith("rules/") else relative


def _sources(folder: str) -> list[Path]:
    return sorted(path for path in (REPO / folder).rglob("*.py") if "__pycache__" not in path.parts)


def test_the_wheel_holds_every_module_and_every_rule(wheel: Path) -> None:
    shipped = set(zipfile.ZipFile(wheel).namelist())
    modules = _sources("apilint") + _sources("rules")
    rule_modules = [path for path in modules if re.search(r"^@rule\(", path.read_text(encoding="utf-8"), re.M)]
    packages = [path for path in modules if path.name == "__init__.py"]
    assert len(rule_modules) >= 20 and any(path.parent.name == "openapi" for path in packages)  # found what we test

    missing = [_installed_path(path) for path in modules if _installed_path(path) not in shipped]
    assert not missing, f"not in the wheel: {missing}"
    assert not any(name.startswith("rules/") for name in shipped)  # never the global `rules` package


def test_the_wheel_holds_every_package_data_file(wheel: Path) -> None:
    """Every other file in the package folders (the HTML report's template) is data the code
    reads: each must ship, so each must match a package-data pattern in pyproject.toml."""
    shipped = set(zipfile.ZipFile(wheel).namelist())
    data = [
        path
        for folder in ("apilint", "rules")
        for path in sorted((REPO / folder).rglob("*"))
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert "apilint/reporters/templates/report.html.j2" in map(_installed_path, data)  # found what we test

    missing = [_installed_path(path) for path in data if _installed_path(path) not in shipped]
    assert not missing, f"not in the wheel (add them to [tool.setuptools.package-data]): {missing}"


def test_apilint_installed_from_the_wheel_finds_every_rule(wheel: Path, tmp_path: Path) -> None:
    """The registry finds rules by walking the installed apilint.rules package: run it from the
    unpacked wheel (first on sys.path, ahead of the editable install) and compare."""
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    program = (
        "import json, apilint; from apilint.registry import all_rules; "
        "print(json.dumps([apilint.__file__, [rule.id for rule in all_rules()]]))"
    )
    env = dict(os.environ, PYTHONPATH=str(unpacked))
    ran = subprocess.run(
        [sys.executable, "-c", program], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert ran.returncode == 0, ran.stderr
    location, rule_ids = json.loads(ran.stdout)
    assert Path(location).is_relative_to(unpacked)
    assert rule_ids == [rule.id for rule in all_rules()]


# Libraries only another format needs (`import graphql` alone costs ~250 ms).
OTHER_FORMATS_LIBRARIES = ("graphql", "grpc", "grpc_tools", "google.protobuf", "google.api")
# A library or one of its modules:
_THEIR_MODULES = re.compile(rf"(?:{'|'.join(map(re.escape, OTHER_FORMATS_LIBRARIES))})(?:\.|$)")

# `python -m apilint` with a finder in front of the others that logs every import attempt as it
# happens. The log is written at once because apilint leaves with os._exit (no atexit hook runs).
IMPORT_LOGGING_APILINT = """
import runpy, sys
log = open(sys.argv.pop(1), "a", encoding="utf-8")
log.write("".join(name + "\\n" for name in sys.modules))  # imported before the finder is in place

class ImportLog:
    @staticmethod
    def find_spec(name, path=None, target=None):
        log.write(name + "\\n")
        log.flush()
        return None  # the real finders do the work

sys.meta_path.insert(0, ImportLog)
runpy.run_module("apilint", run_name="__main__", alter_sys=True)
"""


def test_checking_an_openapi_spec_imports_no_graphql_or_protobuf_library(tmp_path: Path) -> None:
    """Why a finder: it sees every attempt, whatever makes it (`import`, importlib.import_module,
    a `try: import graphql / except ImportError`) and whether the library is installed or not (grpc
    is not a dependency). `python -X importtime` logs neither a module imported by
    importlib.import_module (the registry loads the rule modules that way, a format's loader may
    too) nor one that is missing; sys.modules read at exit needs an exit hook that os._exit skips."""
    (tmp_path / "spec.yaml").write_text(DUPLICATE_OPERATION_ID_SPEC, encoding="utf-8")
    log = tmp_path / "imports.log"

    result = run_apilint(
        "check", "spec.yaml", cwd=tmp_path, timeout=60, argv0=[sys.executable, "-c", IMPORT_LOGGING_APILINT, str(log)]
    )

    assert result.returncode == 1 and "operation-id-unique" in result.stdout, result.stdout + result.stderr
    attempted = set(log.read_text(encoding="utf-8").split())
    assert {"apilint.cli", "apilint.rules.openapi.operation_id_unique"} <= attempted  # the log sees the rules load
    unwanted = sorted(module for module in attempted if _THEIR_MODULES.match(module))
    assert not unwanted, f"`apilint check spec.yaml` imported {unwanted}"


def test_a_run_imports_only_the_rules_of_the_formats_it_checks(tmp_path: Path) -> None:
    """An OpenAPI run imports no GraphQL rule module (and a GraphQL run no OpenAPI one): each
    format's rules cost start-up only in runs that check that format."""
    code = (
        "import sys; from apilint.cli import main\n"
        "try:\n    main(['check', '--format', 'sarif', sys.argv[1]])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[2] for m in sys.modules if m.startswith('apilint.rules.') and m.count('.') >= 3}))"
    )
    for example, formats in (("petstore.yaml", "['openapi']"), ("schema.graphql", "['graphql']")):
        run = subprocess.run([sys.executable, "-c", code, str(REPO / "examples" / example)], capture_output=True, text=True)
        assert run.stdout.strip().splitlines()[-1] == formats, run


def test_check_imports_no_breaking_change_rule_and_diff_no_lint_rule(tmp_path: Path) -> None:
    """Each command imports the rule modules of its own kind only (the `breaking` package itself
    is imported while the lint rules are found, empty)."""
    code = (
        "import sys; from apilint.cli import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\n"
        "rules = [m for m in sys.modules if m.startswith('apilint.rules.openapi.') and m.count('.') == 3]\n"
        "breaking = [m for m in sys.modules if m.startswith('apilint.rules.openapi.breaking.')]\n"
        "print(bool([m for m in rules if not m.endswith('.breaking') and not m.split('.')[-1].startswith('_')]), bool(breaking))"
    )
    petstore, next_version = str(REPO / "examples" / "petstore.yaml"), str(REPO / "examples" / "petstore-v2.yaml")
    for argv, expected in ((["check", petstore], "True False"), (["diff", petstore, next_version], "False True")):
        run = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
        assert run.stdout.strip().splitlines()[-1] == expected, run
